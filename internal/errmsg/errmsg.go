// Package errmsg turns an error into the sentence a user reads. Errors
// inside campmap name the package they come from ("gpkg: ", "project: "),
// and wrapping stacks those names ("campmap: embedded sample: sample:
// ..."); a dialog or a terminal shows what failed, which file or feature,
// and what to do, once. The window's dialogs and the command line both
// print errors through Sentence.
package errmsg

import "strings"

// prefixes are the package names errors carry.
var prefixes = []string{
	"campmap", "data", "ui", "basemap", "sample", "project", "export", "render",
	"gpkg", "postgis", "geojson", "csv", "animate", "geo", "style", "icons", "synth", "tiles",
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

// Clean is Sentence for text already taken out of an error.
func Clean(s string) string {
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
