package csv

import (
	"bytes"
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
// in: a UTF-8 or UTF-16 byte-order mark is honoured and removed; text that
// is valid UTF-8 is taken as is; anything else is read as Latin-1 (with the
// Windows-1252 characters in 0x80..0x9F), which maps every byte to a
// character, so decoding never fails. b is not modified; the result may
// share memory with it.
func DecodeText(b []byte) ([]byte, string) {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		rest := b[3:]
		if utf8.Valid(rest) {
			return rest, EncodingUTF8BOM
		}
		return latin1(rest), EncodingLatin1
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return decodeUTF16(b[2:], false), EncodingUTF16LE
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return decodeUTF16(b[2:], true), EncodingUTF16BE
	case utf8.Valid(b):
		return b, EncodingUTF8
	}
	return latin1(b), EncodingLatin1
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
