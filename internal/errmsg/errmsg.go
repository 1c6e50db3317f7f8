// Package errmsg turns an error into the sentence a user reads. Errors
// inside campmap name the package they come from ("gpkg: ", "project: "),
// and wrapping stacks those names ("campmap: embedded sample: sample:
// ..."); a dialog or a terminal shows what failed, which file or feature,
// and what to do, once. The window's dialogs and the command line both
// print errors through Sentence.
package errmsg

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// prefixes are the package names errors carry.
var prefixes = []string{
	"campmap", "data", "ui", "basemap", "sample", "project", "export", "render",
	"gpkg", "postgis", "geojson", "csv", "animate", "geo", "style", "icons", "synth", "tiles", "atomicfile",
}

// Sentence returns err's text without the package names it carries, at
// its start and after every ": " of the wrapping chain, and without a
// repeated part ("x: x: y" reads "x: y"). A nil error gives "".
func Sentence(err error) string {
	if err == nil {
		return ""
	}
	return Clean(err.Error())
}

// Printable returns s safe to print on a terminal: control characters
// (ESC sequences that would recolour or rewrite the screen, bells,
// carriage returns) and invalid UTF-8 become U+FFFD; new lines and tabs
// stay.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\t') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\t') {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Clean is Sentence for text already taken out of an error.
func Clean(s string) string {
	s = Printable(s)
	parts := strings.Split(s, ": ")
	out := parts[:0]
	for _, p := range parts {
		if isPrefix(p) {
			continue
		}
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
	}
	if j := strings.TrimSpace(strings.Join(out, ": ")); j != "" {
		return j
	}
	return strings.TrimSpace(s)
}

func isPrefix(p string) bool {
	for _, q := range prefixes {
		if p == q {
			return true
		}
	}
	return false
}
