package errmsg

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestSentence(t *testing.T) {
	base := errors.New("open /data/camps.gpkg: no such file or directory")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nil, ""},
		{fmt.Errorf("campmap: embedded sample: %w", fmt.Errorf("sample: %w", errors.New("sample: camps.geojson: line 3: bad coordinates"))),
			"embedded sample: camps.geojson: line 3: bad coordinates"},
		{fmt.Errorf("gpkg: %w", base), "open /data/camps.gpkg: no such file or directory"},
		{fmt.Errorf("gpkg: %w", errors.New("atomicfile: write /data/camps.gpkg: the file is read-only: make it writable or choose another name")),
			"write /data/camps.gpkg: the file is read-only: make it writable or choose another name"},
		{fmt.Errorf("project: %w", fmt.Errorf("project: %w", errors.New("x.campmap: layer 2: fill \"red\" is not a colour"))),
			"x.campmap: layer 2: fill \"red\" is not a colour"},
		{errors.New("postgis: connect db.example: password authentication failed: set PGPASSWORD"),
			"connect db.example: password authentication failed: set PGPASSWORD"},
		{errors.New("read a.csv: read a.csv: line 4: 7 fields, the header has 5"), "read a.csv: line 4: 7 fields, the header has 5"},
		// a word that is only a prefix elsewhere stays in a sentence
		{errors.New("layer \"data\" has no features"), "layer \"data\" has no features"},
		{errors.New("export: "), "export:"},
	} {
		if got := Sentence(tc.err); got != tc.want {
			t.Errorf("Sentence(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                 "plain",
		"two\nlines\tand a tab": "two\nlines\tand a tab",
		"\x1b[31mred\x1b[0m":    "\uFFFD[31mred\uFFFD[0m",
		"bell\a and \rreturn":   "bell\uFFFD and \uFFFDreturn",
		"bad \xff byte":         "bad \uFFFD byte",
		"\u009b C1 control":     "\uFFFD C1 control",
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Sentence(errors.New("data: load \x1b]0;owned\a.geojson: bad")); strings.ContainsAny(got, "\x1b\a") {
		t.Errorf("Sentence kept control characters: %q", got)
	}
}
