// Package posixlocale keeps the GUI toolkit quiet on machines whose locale is
// "C.UTF-8" or "POSIX.UTF-8" (containers, servers, CI). The toolkit reads the
// locale while its packages initialise and logs "Error parsing user locale C"
// for those values. Importing this package (it sorts, and so initialises,
// before the toolkit's packages) sets LANGUAGE=en in that one case, which the
// locale lookup then uses; LANG and LC_* are left untouched, so character
// handling is unchanged. Import it for its side effect only.
package posixlocale

import (
	"os"
	"strings"
)

func init() { fix(os.Getenv, os.Setenv) }

// fix sets LANGUAGE=en when the effective locale is a C or POSIX locale with
// a codeset suffix and LANGUAGE is unset.
func fix(getenv func(string) string, setenv func(string, string) error) {
	var loc string
	for _, k := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = getenv(k); loc != "" {
			break
		}
	}
	if loc == "" || loc == "C" || loc == "POSIX" || getenv("LANGUAGE") != "" {
		return
	}
	base, _, _ := strings.Cut(loc, ".")
	base, _, _ = strings.Cut(base, "@")
	if base == "C" || base == "POSIX" {
		setenv("LANGUAGE", "en")
	}
}
