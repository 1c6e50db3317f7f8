package csv

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"campmap/data"
)

// An unterminated quote: a field that opens with a quote never closed runs,
// as encoding/csv reads it with LazyQuotes, to the end of the file, so
// every later line lands in that one field. The reader only learns it at
// the last record, where openQuote looks at that record's text.

// openQuote reports whether raw, the text of one record, ends inside a
// quoted field, and where that field's quote is. It reads quotes as
// encoding/csv does with LazyQuotes: a field is quoted when it starts with
// a quote; inside, "" is a quote, and a quote closes the field only before
// the delimiter, a line end or the end of the text.
func openQuote(raw []byte, delim rune) (at int, open bool) {
	var d [utf8.UTFMax]byte
	dl := utf8.EncodeRune(d[:], delim)
	sep := d[:dl]
	i := 0
	for i < len(raw) {
		// a field starts at i
		if raw[i] != '"' {
			j := bytes.IndexByte(raw[i:], '\n')
			k := bytes.Index(raw[i:], sep)
			switch {
			case k >= 0 && (j < 0 || k < j):
				i += k + dl
			case j >= 0:
				i += j + 1
			default:
				return 0, false
			}
			continue
		}
		at = i
		i++
		for {
			j := bytes.IndexByte(raw[i:], '"')
			if j < 0 {
				return at, true
			}
			i += j + 1
			switch {
			case i == len(raw):
				return 0, false
			case raw[i] == '"': // a quote written ""
				i++
				continue
			case bytes.HasPrefix(raw[i:], sep):
				i += dl
			case raw[i] == '\n':
				i++
			case raw[i] == '\r' && i+1 < len(raw) && raw[i+1] == '\n':
				i += 2
			default: // a stray quote inside the field
				continue
			}
			break
		}
	}
	return 0, false
}

// unclosedQuote is what the reader knows of a quote never closed.
type unclosedQuote struct {
	line  int // the file's line where the quote opens
	lines int // the lines after that one, all read into its field
}

// findUnclosed returns the quote never closed in the record of text that
// starts at offset start and ends the file, if it has one. lineOff is
// added to line numbers (an Excel "sep=" line cut from text).
func findUnclosed(text []byte, start int64, delim rune, lineOff int) (unclosedQuote, bool) {
	at, open := openQuote(text[start:], delim)
	if !open {
		return unclosedQuote{}, false
	}
	q := int(start) + at
	u := unclosedQuote{line: 1 + bytes.Count(text[:q], []byte{'\n'}) + lineOff}
	if nl := bytes.IndexByte(text[q:], '\n'); nl >= 0 {
		rest := text[q+nl+1:]
		u.lines = bytes.Count(rest, []byte{'\n'})
		if len(rest) > 0 && rest[len(rest)-1] != '\n' {
			u.lines++
		}
	}
	return u, true
}

// warning names the file and the line, tells what was lost and what to do.
func (u unclosedQuote) warning(path string) string {
	return fmt.Sprintf("%s, line %d: a quote opens a field there and is never closed, so the %s after it were read into that one field: that row and those lines are not loaded (the rows before are). Close the quote on line %d (a quote meant as a character is written twice, \"\") and load the file again",
		filepath.Base(path), u.line, plural(u.lines, "line"), u.line)
}

// reason is the skipped row's reason.
func (u unclosedQuote) reason() string {
	return fmt.Sprintf("the quote opened on line %d is never closed: the %s after it were read into this row", u.line, plural(u.lines, "line"))
}

// headerError is the error for a header row whose quote is never closed.
func (u unclosedQuote) headerError(path string) error {
	return &data.LoadError{Path: path, Feature: -1, Line: u.line, Msg: fmt.Sprintf(
		"the header row opens a quote that is never closed, so the %s after it were read as part of the header and no row is loaded: close the quote on line %d (a quote meant as a character is written twice, \"\")",
		plural(u.lines, "line"), u.line)}
}

// cutAtLine returns the fields of a record whose last field swallowed the
// rest of the file, that field cut at its first line end.
func cutAtLine(rec []string) []string {
	out := append([]string(nil), rec...)
	if n := len(out); n > 0 {
		if i := bytes.IndexByte([]byte(out[n-1]), '\n'); i >= 0 {
			out[n-1] = out[n-1][:i]
		}
	}
	return out
}

// plural writes "1 line", "3 lines".
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// rowLikeLines counts the lines after the first of a quoted field's value
// v holding at least want delimiters: rows of their own, read into the
// field because its closing quote is missing (or placed further down).
func rowLikeLines(v string, delim rune, want int) int {
	n := 0
	_, rest, _ := strings.Cut(v, "\n")
	for rest != "" {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		if strings.Count(line, string(delim)) >= want {
			n++
		}
	}
	return n
}

// swallowedRowsWarning is the warning for a quoted field of the row at
// line, in column col, holding lines that look like rows.
func swallowedRowsWarning(path string, line int, col string, lines, rows int) string {
	return fmt.Sprintf("%s, line %d: the quoted field %q runs over %s, %s like rows of their own, read as part of that one field: if a closing quote is missing, close the quote on line %d",
		filepath.Base(path), line, col, plural(lines, "line"), lookLike(rows), line)
}

func lookLike(n int) string {
	if n == 1 {
		return "1 of which looks"
	}
	return fmt.Sprintf("%d of which look", n)
}
