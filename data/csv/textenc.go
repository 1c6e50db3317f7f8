package csv

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Text encodings the CSV reader recognises, as DecodeText names them.
const (
	EncodingUTF8    = "UTF-8"
	EncodingUTF8BOM = "UTF-8 with BOM"
	EncodingUTF16LE = "UTF-16LE"
	EncodingUTF16BE = "UTF-16BE"
	EncodingLatin1  = "Latin-1 (Windows-1252)"
)

// cp1252 maps the bytes 0x80..0x9F of Windows-1252 (the Latin-1 that
// spreadsheets on Windows actually write) to runes; the five unassigned
// bytes keep their Latin-1 (C1 control) meaning.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

// DecodeText returns b as UTF-8 and the name of the encoding it was read
// in (see decodeText, which also tells which bytes were not UTF-8).
// Decoding never fails. b is not modified; the result may share memory
// with it.
func DecodeText(b []byte) ([]byte, string) {
	text, enc, _ := decodeText(b)
	return text, enc
}

// invalidUTF8 tells which bytes of a UTF-8 file were not UTF-8 and were
// read as U+FFFD.
type invalidUTF8 struct {
	count int   // bytes replaced
	lines []int // the first maxInvalidLines lines holding them
}

// maxInvalidLines is how many lines with invalid bytes a warning names.
const maxInvalidLines = 5

// decodeText reads b as UTF-8, in which every byte-order mark or the text
// itself says it is written:
//   - a UTF-8 or UTF-16 byte-order mark is honoured and removed;
//   - text that is valid UTF-8 is taken as is;
//   - text holding valid multi-byte UTF-8 sequences (accented letters,
//     dashes) is UTF-8 with a few bad bytes, unless the bad bytes outnumber
//     them four to one: each bad byte becomes U+FFFD and is reported;
//   - text with high bytes and no valid multi-byte sequence, or one where
//     bad bytes far outnumber them (the odd "Ã©" a Latin-1 file may hold
//     by chance), is Latin-1 with the Windows-1252 characters in
//     0x80..0x9F, which maps every byte to a character.
func decodeText(b []byte) ([]byte, string, invalidUTF8) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		text, bad := replaceInvalid(b[3:])
		return text, EncodingUTF8BOM, bad
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return decodeUTF16(b[2:], false), EncodingUTF16LE, invalidUTF8{}
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return decodeUTF16(b[2:], true), EncodingUTF16BE, invalidUTF8{}
	case utf8.Valid(b):
		return b, EncodingUTF8, invalidUTF8{}
	}
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	if valid == 0 || invalid > 4*valid {
		return latin1(b), EncodingLatin1, invalidUTF8{}
	}
	text, bad := replaceInvalid(b)
	return text, EncodingUTF8, bad
}

// replaceInvalid returns b with each byte that is not UTF-8 replaced by
// U+FFFD, and which they were.
func replaceInvalid(b []byte) ([]byte, invalidUTF8) {
	if utf8.Valid(b) {
		return b, invalidUTF8{}
	}
	var bad invalidUTF8
	out := make([]byte, 0, len(b)+len(b)/16)
	line := 1
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == '\n' {
				line++
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			bad.count++
			if k := len(bad.lines); k < maxInvalidLines && (k == 0 || bad.lines[k-1] != line) {
				bad.lines = append(bad.lines, line)
			}
			out = utf8.AppendRune(out, utf8.RuneError)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out, bad
}

// warning names the file, the bytes and their lines, and what to do; ""
// when every byte was UTF-8.
func (bad invalidUTF8) warning(path string) string {
	if bad.count == 0 {
		return ""
	}
	lines := make([]string, len(bad.lines))
	for i, l := range bad.lines {
		lines[i] = strconv.Itoa(l)
	}
	where := "line " + lines[0]
	if len(lines) > 1 {
		where = "lines " + strings.Join(lines, ", ")
	}
	if bad.count > len(bad.lines) {
		where += " and others"
	}
	what, reads := "1 byte is", "it reads"
	if bad.count > 1 {
		what, reads = strconv.Itoa(bad.count)+" bytes are", "they read"
	}
	return fmt.Sprintf("%s is UTF-8 but %s not (%s): %s as \"\uFFFD\" and the rest of the text is intact; correct those characters, or save the table again as UTF-8",
		filepath.Base(path), what, where, reads)
}

func latin1(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			out = append(out, c)
		case c < 0xA0:
			out = utf8.AppendRune(out, cp1252[c-0x80])
		default:
			out = utf8.AppendRune(out, rune(c))
		}
	}
	return out
}

func decodeUTF16(b []byte, big bool) []byte {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if big {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	out := make([]byte, 0, len(u))
	for _, r := range utf16.Decode(u) {
		out = utf8.AppendRune(out, r)
	}
	return out
}
