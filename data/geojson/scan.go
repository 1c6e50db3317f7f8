package geojson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"sync/atomic"
	"unsafe"
)

// This file holds the byte-level JSON scanner the GeoJSON loader uses to
// find member and feature boundaries without building a value tree for the
// whole document: only one feature at a time is handed to fastjson.

// structural marks the bytes skipValue stops at inside a container, and
// inString those that end a run of plain string bytes.
var structural, inString = func() (s, q [256]bool) {
	for _, c := range []byte(`"{}[]`) {
		s[c] = true
	}
	q['"'], q['\\'] = true, true
	return s, q
}()

// maxScanDepth bounds nesting, as fastjson does.
const maxScanDepth = 300

// syntaxError is a JSON syntax problem at a byte offset.
type syntaxError struct {
	off int
	msg string
	eof bool // the input ended before the value did (a cut-short file)
	// long is set when the input is valid but holds a name over
	// maxValueBytes
	long bool
}

func (e *syntaxError) Error() string { return e.msg }

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// skipSpace returns the offset of the first non-space byte at or after i.
func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// skipString returns the offset just past the string whose opening quote is
// at b[i].
func skipString(b []byte, i int) (int, error) {
	j := i + 1
	// short strings (keys, names) are the common case: a plain loop beats
	// a bytes.IndexByte call for them.
	for n := min(len(b), j+32); j < n; j++ {
		switch b[j] {
		case '"':
			return j + 1, nil
		case '\\':
			j++ // skip the escaped byte
		}
	}
	for j < len(b) {
		k := bytes.IndexByte(b[j:], '"')
		if k < 0 {
			break
		}
		j += k
		n := 0 // backslashes just before the quote
		for p := j - 1; p > i && b[p] == '\\'; p-- {
			n++
		}
		if n%2 == 0 {
			return j + 1, nil
		}
		j++
	}
	return 0, &syntaxError{off: i, msg: "unterminated string", eof: true}
}

// skipValue returns the offset just past the JSON value starting at b[i]
// (i must point at a non-space byte). It checks brackets and strings but not
// the full grammar inside containers: fastjson checks that when the value is
// parsed.
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, &syntaxError{off: i, msg: "unexpected end of input, a value was expected", eof: true}
	}
	switch c := b[i]; c {
	case '"':
		return skipString(b, i)
	case '{', '[':
		var stack [maxScanDepth]byte
		depth := 0
		j := i
		for j < len(b) {
			// most bytes are neither brackets nor quotes: skip them in a
			// tight loop
			for j < len(b) && !structural[b[j]] {
				j++
			}
			if j >= len(b) {
				break
			}
			c := b[j]
			switch c {
			case '"':
				k := j + 1
				for {
					for k < len(b) && !inString[b[k]] {
						k++
					}
					if k < len(b) && b[k] == '\\' {
						k += 2 // the escaped byte
						continue
					}
					break
				}
				if k >= len(b) {
					return 0, &syntaxError{off: j, msg: "unterminated string", eof: true}
				}
				j = k + 1
				continue
			case '{', '[':
				if depth == maxScanDepth {
					return 0, &syntaxError{off: j, msg: fmt.Sprintf("nesting deeper than %d levels", maxScanDepth)}
				}
				stack[depth] = c
				depth++
			case '}', ']':
				want := byte('{')
				if c == ']' {
					want = '['
				}
				if depth == 0 || stack[depth-1] != want {
					return 0, &syntaxError{off: j, msg: fmt.Sprintf("unexpected %q", c)}
				}
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
			j++
		}
		return 0, &syntaxError{off: i, msg: fmt.Sprintf("%q is never closed (the file ends first)", b[i]), eof: true}
	default:
		j := i
		for j < len(b) {
			c := b[j]
			if c == ',' || c == '}' || c == ']' || isSpace(c) {
				break
			}
			j++
		}
		if j == i {
			return 0, &syntaxError{off: i, msg: fmt.Sprintf("unexpected %q, a value was expected", c)}
		}
		return j, nil
	}
}

// member is one top-level object member: its key and the byte range of its
// value.
type member struct {
	key        string
	start, end int
}

// scanObject lists the members of the object starting at b[i] ('{') and
// returns the offset just past it. When arrays is set, a member value that
// is an array is handed to it (which returns the offset past the array)
// instead of being skipped, so the loader walks a large "features" array
// once; when it returns errStopMembers, scanObject stops there and
// returns the members before that one, the array's offset and that error.
func scanObject(b []byte, i int, arrays func(key string, start int) (int, error)) ([]member, int, error) {
	var ms []member
	j := skipSpace(b, i+1)
	if j < len(b) && b[j] == '}' {
		return ms, j + 1, nil
	}
	for {
		if j >= len(b) {
			return nil, 0, &syntaxError{off: i, msg: "object is never closed (the file ends first)", eof: true}
		}
		if b[j] != '"' {
			return nil, 0, &syntaxError{off: j, msg: fmt.Sprintf("unexpected %q, a member name in double quotes was expected", b[j])}
		}
		e, err := skipString(b, j)
		if err != nil {
			return nil, 0, err
		}
		if e-j > maxValueBytes { // refused before it is copied and unquoted
			return nil, 0, &syntaxError{off: j, long: true, msg: fmt.Sprintf("a member name of %s, over campmap's limit of %s for one value", sizeText(e-j), sizeText(maxValueBytes))}
		}
		key, err := unquote(b[j:e])
		if err != nil {
			return nil, 0, &syntaxError{off: j, msg: "invalid member name: " + err.Error()}
		}
		j = skipSpace(b, e)
		if j >= len(b) || b[j] != ':' {
			return nil, 0, &syntaxError{off: j, msg: fmt.Sprintf("':' expected after member name %q", key)}
		}
		j = skipSpace(b, j+1)
		vs := j
		var ve int
		if arrays != nil && j < len(b) && b[j] == '[' {
			ve, err = arrays(key, j)
		} else {
			ve, err = skipValue(b, j)
		}
		if err == errStopMembers {
			return ms, vs, err
		}
		if err != nil {
			return nil, 0, err
		}
		ms = append(ms, member{key: key, start: vs, end: ve})
		j = skipSpace(b, ve)
		if j >= len(b) {
			return nil, 0, &syntaxError{off: i, msg: "object is never closed (the file ends first)", eof: true}
		}
		switch b[j] {
		case ',':
			j = skipSpace(b, j+1)
		case '}':
			return ms, j + 1, nil
		default:
			return nil, 0, &syntaxError{off: j, msg: fmt.Sprintf("unexpected %q, ',' or '}' expected", b[j])}
		}
	}
}

// unquote decodes a JSON string literal including its quotes.
func unquote(q []byte) (string, error) {
	if bytes.IndexByte(q, '\\') < 0 {
		return string(q[1 : len(q)-1]), nil
	}
	var s string
	if err := json.Unmarshal(q, &s); err != nil {
		return "", err
	}
	return s, nil
}

// arrayElems calls fn with the byte range of every element of the array
// starting at b[i] ('['). fn returning an error stops the scan.
func arrayElems(b []byte, i int, fn func(k, start, end int) error) (int, error) {
	j := skipSpace(b, i+1)
	if j < len(b) && b[j] == ']' {
		return j + 1, nil
	}
	end, _, err := elemsFrom(b, i, j, 0, fn, -1)
	return end, err
}

// elemsFrom scans the elements of the array starting at b[i] from offset j
// (the start of element k0) on, calling fn for each, and returns the offset
// past the array. When the next element would start at stopAt it stops
// there instead and reports stopped.
func elemsFrom(b []byte, i, j, k0 int, fn func(k, start, end int) error, stopAt int) (end int, stopped bool, err error) {
	for k := k0; ; k++ {
		if j == stopAt {
			return j, true, nil
		}
		if j >= len(b) {
			return 0, false, &syntaxError{off: i, msg: "array is never closed (the file ends first)", eof: true}
		}
		e, err := skipValue(b, j)
		if err != nil {
			return 0, false, err
		}
		if err := fn(k, j, e); err != nil {
			return 0, false, err
		}
		j = skipSpace(b, e)
		if j >= len(b) {
			return 0, false, &syntaxError{off: i, msg: "array is never closed (the file ends first)", eof: true}
		}
		switch b[j] {
		case ',':
			j = skipSpace(b, j+1)
		case ']':
			return j + 1, false, nil
		default:
			return 0, false, &syntaxError{off: j, msg: fmt.Sprintf("unexpected %q, ',' or ']' expected", b[j])}
		}
	}
}

// splitScanMin is the size of an array from which arrayElemsSplit scans
// its second half on another goroutine (a variable so benchmarks can turn
// it off).
var splitScanMin = 8 << 20

// splitsUsed counts the second-half scans whose elements were used (tests
// check that the split happens).
var splitsUsed atomic.Int64

// errAbandoned stops a speculative scan whose result is not needed.
var errAbandoned = errors.New("scan abandoned")

// faultError is a memory fault reading a mapped file (it was cut short or
// rewritten while being read), recovered on the goroutine that read it.
type faultError struct{ err error }

func (e *faultError) Error() string { return "memory fault reading the input: " + e.err.Error() }
func (e *faultError) Unwrap() error { return e.err }

// asFault returns the panic value r as a *faultError when it is a memory
// fault under debug.SetPanicOnFault at an address inside b (the mapped
// input), and false for any other panic, a nil dereference among them (a
// bug, which must go on).
func asFault(r any, b []byte) (*faultError, bool) {
	re, ok := r.(interface {
		runtime.Error
		Addr() uintptr
	})
	if !ok || len(b) == 0 {
		return nil, false
	}
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if a := re.Addr(); a < lo || a-lo >= uintptr(len(b)) {
		return nil, false
	}
	return &faultError{re}, true
}

// testHookSplit, when set by a test, runs once the second-half scan of
// arrayElemsSplit has started (so that a test can cut the file short
// under it).
var testHookSplit func()

// arrayElemsSplit is arrayElems for large arrays, on two cores: a second
// goroutine scans from a likely element boundary near the middle (a '{'
// starting a line after a ','), and its elements are used only if the
// first scan reaches exactly that boundary. Either way fn sees the same
// elements in the same order, and the call returns the same result, as
// arrayElems.
func arrayElemsSplit(b []byte, i int, fn func(k, start, end int) error) (int, error) {
	j := skipSpace(b, i+1)
	c := -1
	if len(b)-i >= splitScanMin && runtime.GOMAXPROCS(0) > 1 {
		c = splitPoint(b, i+(len(b)-i)/2)
	}
	if c <= j || (j < len(b) && b[j] == ']') {
		return arrayElems(b, i, fn)
	}
	type result struct {
		elems [][2]int
		end   int
		err   error
	}
	var abandon atomic.Bool
	second := make(chan result, 1)
	go func() {
		var r result
		// b may be a mapped file cut short under us: a fault reading it
		// is this scan's error, not a crash of the process
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if p := recover(); p != nil {
				fe, ok := asFault(p, b)
				if !ok {
					panic(p)
				}
				r.err = fe
				second <- r
			}
		}()
		r.elems = make([][2]int, 0, 1024)
		r.end, _, r.err = elemsFrom(b, i, c, 0, func(k, s, e int) error {
			if k&8191 == 8191 && abandon.Load() {
				return errAbandoned
			}
			if k == 1023 { // size the list once, as the caller does
				r.elems = slices.Grow(r.elems, (len(b)-e)/max(1, (e-c)/(k+1))*21/20+16)
			}
			r.elems = append(r.elems, [2]int{s, e})
			return nil
		}, -1)
		second <- r
	}()
	waited := false
	defer func() {
		// the first scan faulted (a panic the loader recovers): the
		// second must stop reading b before the file is unmapped
		if !waited {
			abandon.Store(true)
			<-second
		}
	}()
	if testHookSplit != nil {
		testHookSplit()
	}
	n := 0
	end, stopped, err := elemsFrom(b, i, j, 0, func(k, s, e int) error {
		n = k + 1
		return fn(k, s, e)
	}, c)
	if !stopped {
		// c was not an element boundary, or the first half failed: the
		// first scan's result is the answer
		abandon.Store(true)
		<-second
		waited = true
		return end, err
	}
	r := <-second
	waited = true
	splitsUsed.Add(1)
	for k, el := range r.elems {
		if err := fn(n+k, el[0], el[1]); err != nil {
			return 0, err
		}
	}
	return r.end, r.err
}

// splitPoint returns the offset of a '{' that starts a line after a ','
// (where a one-feature-per-line file starts a feature), searching a
// megabyte from off, or -1.
func splitPoint(b []byte, off int) int {
	limit := min(len(b), off+1<<20)
	for off < limit {
		nl := bytes.IndexByte(b[off:limit], '\n')
		if nl < 0 {
			return -1
		}
		p := off + nl
		q := skipSpace(b, p+1)
		if q < len(b) && b[q] == '{' {
			r := p - 1
			for r >= 0 && isSpace(b[r]) {
				r--
			}
			if r >= 0 && b[r] == ',' {
				return q
			}
		}
		off = p + 1
	}
	return -1
}

// lineCol returns the 1-based line and column of byte offset off.
func lineCol(b []byte, off int) (line, col int) {
	if off > len(b) {
		off = len(b)
	}
	line = 1 + bytes.Count(b[:off], []byte{'\n'})
	start := bytes.LastIndexByte(b[:off], '\n') + 1
	return line, off - start + 1
}

// syntaxOffset finds where b stops being valid JSON, for messages after
// fastjson rejected it. ok is false when encoding/json accepts b.
func syntaxOffset(b []byte) (off int, msg string, ok bool) {
	var raw json.RawMessage
	err := json.Unmarshal(b, &raw)
	if se, isSE := err.(*json.SyntaxError); isSE {
		o := int(se.Offset) - 1
		if o < 0 {
			o = 0
		}
		return o, se.Error(), true
	}
	return 0, "", false
}
