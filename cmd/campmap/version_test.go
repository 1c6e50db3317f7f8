package main

import (
	"strings"
	"testing"

	meta "campmap"
)

// TestVersion checks both spellings print "campmap VERSION (commit ...)"
// first, with FyneApp.toml's version, then the credits of bundled data.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "version"} {
		t.Run(arg, func(t *testing.T) {
			code, out, errs := campmap(t, arg)
			if code != exitOK || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			first, rest, _ := strings.Cut(out, "\n")
			if !strings.HasPrefix(first, "campmap "+meta.Version+" (commit ") || !strings.HasSuffix(first, ")") {
				t.Errorf("first line %q", first)
			}
			for _, want := range []string{"Natural Earth", "GSHHG", "LGPL-3", "World Port Index"} {
				if !strings.Contains(rest, want) {
					t.Errorf("--version lacks %q:\n%s", want, out)
				}
			}
		})
	}
	if version != meta.Version {
		t.Errorf("exports record %q, FyneApp.toml says %q", version, meta.Version)
	}
}
