package csv

import (
	"slices"
	"strings"
	"testing"
)

func TestDecodeTextChoosesTheEncoding(t *testing.T) {
	tests := []struct {
		name, in, want, enc string
		count               int
		lines               []int
	}{
		{"UTF-8 with one bad byte", "Calais – Jungle, café\nx\xff\n", "Calais – Jungle, café\nx\uFFFD\n", EncodingUTF8, 1, []int{2}},
		{"bad bytes on many lines", "é\n\xff\n\xfe\n\xfd\n\xfc\n\xfb\n\xfa\xfa\né\n", "é\n\uFFFD\n\uFFFD\n\uFFFD\n\uFFFD\n\uFFFD\n\uFFFD\uFFFD\né\n", EncodingUTF8, 7, []int{2, 3, 4, 5, 6}},
		{"a bad byte after a BOM", "\xef\xbb\xbfcafé \xe9", "café \uFFFD", EncodingUTF8BOM, 1, []int{1}},
		{"Latin-1", "caf\xe9 \x80\nd\xe9j\xe0\n", "café €\ndéjà\n", EncodingLatin1, 0, nil},
		{"Latin-1 holding a UTF-8 sequence by chance", "\xc3\xa9t\xe9 \xe0 Calais, \xe9t\xe9, \xe0 Dunkerque, \xe0 Grande-Synthe", "Ã©té à Calais, été, à Dunkerque, à Grande-Synthe", EncodingLatin1, 0, nil},
		{"valid UTF-8", "café", "café", EncodingUTF8, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, enc, bad := decodeText([]byte(tc.in))
			if string(got) != tc.want || enc != tc.enc {
				t.Errorf("got %q %q, want %q %q", got, enc, tc.want, tc.enc)
			}
			if bad.count != tc.count || !slices.Equal(bad.lines, tc.lines) {
				t.Errorf("invalid bytes %d on lines %v, want %d on %v", bad.count, bad.lines, tc.count, tc.lines)
			}
		})
	}
}

// A UTF-8 table with one bad byte keeps every accent, and says which line
// holds the byte; a Latin-1 table still reads right.
func TestCSVInvalidUTF8(t *testing.T) {
	src := "lat,lon,name\n50.95,1.85,\"Calais – Jungle, café\"\n50.96,1.86,Loon-Plage \x96 bois\n"
	l, err := loadText(t, "camps.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := l.Prop(0, "name"); v.Str != "Calais – Jungle, café" {
		t.Errorf("name 0 = %q", v.Str)
	}
	if v, _ := l.Prop(1, "name"); v.Str != "Loon-Plage \uFFFD bois" {
		t.Errorf("name 1 = %q", v.Str)
	}
	want := "camps.csv is UTF-8 but 1 byte is not (line 3): it reads as \"\uFFFD\""
	if !slices.ContainsFunc(l.Warnings, func(w string) bool { return strings.HasPrefix(w, want) }) {
		t.Errorf("warnings %q\nwant one starting %q", l.Warnings, want)
	}

	latin := "lat;lon;name\n50,95;1,85;Calais \x96 caf\xe9\n"
	l, err = loadText(t, "camps.csv", latin)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := l.Prop(0, "name"); v.Str != "Calais – café" {
		t.Errorf("Latin-1 name = %q", v.Str)
	}
	if len(l.Warnings) != 0 {
		t.Errorf("a Latin-1 table warns %q", l.Warnings)
	}
}
