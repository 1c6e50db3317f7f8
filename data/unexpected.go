package data

import (
	"bytes"
	"errors"
	"unicode/utf8"
)

// ErrNotFormat is wrapped by the error of a loader given a file that does
// not read as the format it was taken for (a project layer pointing at
// /etc/shadow, a misnamed file). Such an error says what the file starts
// with, binary data or text (see Opening), and never quotes it: the file
// may be anything, and messages are shown, printed and logged.
var ErrNotFormat = errors.New("not in the expected format")

// Opening says, without quoting it, what a file starting with head starts
// with: "nothing", "binary data" (see IsBinary) or "unexpected text".
func Opening(head []byte) string {
	head = head[:min(len(head), 4096)]
	if len(bytes.TrimSpace(head)) == 0 {
		return "nothing"
	}
	if IsBinary(head) {
		return "binary data"
	}
	return "unexpected text"
}

// IsBinary reports whether b is not text a person wrote: it holds a NUL
// byte, or control characters other than tabs, line ends and form feeds
// make more than one in 64 of its bytes (a stray vertical tab or DOS end
// of file mark in a table is still text). A UTF-16 text starts with its
// byte-order mark, which callers decode first.
func IsBinary(b []byte) bool {
	ctl := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			ctl++
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r >= 0x80 && r < 0xa0 { // C1 controls, written in UTF-8
			ctl++
		}
		i += n
	}
	return ctl > 0 && 64*ctl > len(b)
}

// JSONObject reports whether b, past a UTF-8 byte-order mark and white
// space, starts a JSON object: what a project, a manifest or a GeoJSON
// file must do before its parse errors may quote it.
func JSONObject(b []byte) bool {
	b = bytes.TrimLeft(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}
