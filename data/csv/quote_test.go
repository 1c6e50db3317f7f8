package csv

import (
	"context"
	"errors"
	"strings"
	"testing"

	"campmap/data"
)

func TestOpenQuote(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		at   int
		open bool
	}{
		{"no quote", "a,b,c\n", 0, false},
		{"closed", "a,\"b\",c\n", 0, false},
		{"closed at the end", "a,\"b\"", 0, false},
		{"closed before CRLF", "a,\"b\"\r\n", 0, false},
		{"a doubled quote inside", "a,\"b \"\"x\"\" c\",d\n", 0, false},
		{"over two lines", "a,\"b\nc\",d\n", 0, false},
		{"a quote inside an unquoted field", "a,b\"c,d\n", 0, false},
		{"never closed", "a,\"b,c\nd,e\n", 2, true},
		{"a stray quote does not close", "a,\"b\"x,c\nd\n", 2, true},
		{"a doubled quote at the end does not close", "a,\"b\"\"", 2, true},
		{"the first field", "\"a,b\n", 0, true},
		{"after a closed one", "\"a\",\"b\n", 4, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, open := openQuote([]byte(tt.raw), ',')
			if open != tt.open || open && at != tt.at {
				t.Errorf("openQuote(%q) = %d, %v; want %d, %v", tt.raw, at, open, tt.at, tt.open)
			}
		})
	}
	if _, open := openQuote([]byte("a;\"b;c\"\n"), ';'); open {
		t.Error("a closed quote before a semicolon read as open")
	}
}

// A quote never closed keeps the rows before it and says where it opens,
// how many lines it took and what to do.
func TestUnclosedQuote(t *testing.T) {
	src := "lat,lon,name\n" +
		"50.95,1.85,a\n" +
		"50.96,1.86,\"b, with a comma\"\n" +
		"50.97,1.87,\"a note\nover two lines\"\n" +
		"50.98,1.88,\"Calais – Jungle\n" + // line 6
		"50.99,1.89,d\n" +
		"51.00,1.90,e\n" +
		"51.01,1.91,f\n"
	l, err := loadText(t, "camps.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 3 {
		t.Errorf("%d features, want the 3 before the quote", l.Len())
	}
	if v, _ := l.Prop(2, "name"); v.Str != "a note\nover two lines" {
		t.Errorf("a quoted field over two lines reads %q", v.Str)
	}
	want := "camps.csv, line 6: a quote opens a field there and is never closed, so the 3 lines after it were read into that one field: that row and those lines are not loaded (the rows before are). Close the quote on line 6"
	found := false
	for _, w := range l.Warnings {
		found = found || strings.HasPrefix(w, want)
	}
	if !found {
		t.Errorf("warnings %q\nwant one starting %q", l.Warnings, want)
	}
	if len(l.Skipped) != 1 || l.Skipped[0].Line != 6 || !strings.Contains(l.Skipped[0].Reason, "line 6 is never closed: the 3 lines after it") {
		t.Fatalf("skipped %+v", l.Skipped)
	}
	if f := l.Skipped[0].Fields; len(f) != 3 || f[2] != "Calais – Jungle" {
		t.Errorf("the skipped row's fields %q, want the row as on its line", f)
	}
	if l.Rows != 4 {
		t.Errorf("rows = %d, want 4", l.Rows)
	}
}

// A header whose quote is never closed is an error naming its line, not
// an empty layer.
func TestUnclosedQuoteInHeader(t *testing.T) {
	src := "sep=;\nlat;lon;\"name\n50.95;1.85;a\n50.96;1.86;b\n"
	_, err := LoadBytes(context.Background(), "camps.csv", []byte(src), data.LoadOptions{}, data.CSVOptions{})
	var le *data.LoadError
	if !errors.As(err, &le) || le.Line != 2 || !strings.Contains(err.Error(), "the 2 lines after it were read as part of the header") || !strings.Contains(err.Error(), "close the quote on line 2") {
		t.Fatalf("err = %v", err)
	}
}

// A file that does not read as a table (a project layer pointing at
// /etc/shadow or /proc/self/environ) is refused without quoting it, and
// without the import dialog that would show it; a table without
// coordinates still names its columns.
func TestNotATableIsNotQuoted(t *testing.T) {
	for _, tc := range []struct{ name, src, opening string }{
		{"shadow", "root:SECRET:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n", "unexpected text"},
		{"environ", "PATH=/usr/bin\x00PASSWORD=SECRET\x00", "binary data"},
		{"a comma, then lines of one field", "root,SECRET\nuser\nother\n", "unexpected text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadBytes(context.Background(), "layer.csv", []byte(tc.src), data.LoadOptions{}, data.CSVOptions{})
			if err == nil || strings.Contains(err.Error(), "SECRET") {
				t.Fatalf("err = %v", err)
			}
			if !errors.Is(err, data.ErrNotFormat) || errors.Is(err, ErrNoCoordinates) {
				t.Errorf("err = %v: want data.ErrNotFormat, not ErrNoCoordinates (the import dialog)", err)
			}
			if !strings.Contains(err.Error(), "not a CSV table: it starts with "+tc.opening) {
				t.Errorf("err = %v", err)
			}
		})
	}
	_, err := LoadBytes(context.Background(), "t.csv", []byte("name,place\nA,Calais\nB,Dunkerque\n"), data.LoadOptions{}, data.CSVOptions{})
	if !errors.Is(err, ErrNoCoordinates) || !strings.Contains(err.Error(), `"name", "place"`) {
		t.Errorf("a table without coordinates: %v", err)
	}
}

// A quote closed some lines further down (the closing quote of the line
// where it opens is missing) keeps the table, and says which rows the
// field holds; a field over lines that do not look like rows says nothing.
func TestQuotedFieldHoldingRows(t *testing.T) {
	src := "lat,lon,name\n" +
		"50.95,1.85,a\n" +
		"50.96,1.86,\"Calais\n" + // line 3
		"50.97,1.87,b\n" +
		"50.98,1.88,c\"\n" +
		"50.99,1.89,\"an address\nrue de la Mer\nCalais\"\n" +
		"51.00,1.90,d\n"
	l, err := loadText(t, "camps.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 4 {
		t.Errorf("%d features, want 4", l.Len())
	}
	want := `camps.csv, line 3: the quoted field "name" runs over 3 lines, 2 of which look like rows of their own, read as part of that one field: if a closing quote is missing, close the quote on line 3`
	if len(l.Warnings) != 1 || l.Warnings[0] != want {
		t.Errorf("warnings %q\nwant [%q]", l.Warnings, want)
	}
}
