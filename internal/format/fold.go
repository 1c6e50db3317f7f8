package format

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s as text searches compare it: lower case, without accents
// ("Évacuation" and "evacuation" fold alike), so that a planner finds
// "Calais" typed "calais" and "Sangatte" in "SANGATTE". Text matching in
// the window (search, the attribute table's filter) folds both sides
// with it.
//
// Ligatures and letters with a stroke fold to their base letters ("Œuvre"
// reads "oeuvre", "Łódź" reads "lodz"). Text already folded is returned as
// it is, unallocated.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	var dec []byte
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		case r == utf8.RuneError:
			b.WriteRune(r)
			continue
		}
		if base, ok := ligatures[unicode.ToLower(r)]; ok {
			b.WriteString(base) // letters NFD does not decompose
			continue
		}
		// only the letters beyond ASCII are decomposed, one at a time:
		// most of a text is ASCII
		var one [utf8.UTFMax]byte
		dec = norm.NFD.Append(dec[:0], one[:utf8.EncodeRune(one[:], r)]...)
		for _, d := range string(dec) {
			if !unicode.Is(unicode.Mn, d) {
				b.WriteRune(unicode.ToLower(d))
			}
		}
	}
	return b.String()
}

// ligatures maps the lower-case letters that have no canonical
// decomposition to the letters they are typed as.
var ligatures = map[rune]string{'æ': "ae", 'œ': "oe", 'ß': "ss", 'ø': "o", 'đ': "d", 'ł': "l", 'ı': "i", 'ħ': "h", 'ŧ': "t"}
