package geojson

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// scanBoth runs arrayElems and arrayElemsSplit over the array at b[i] and
// describes the first difference, or "".
func scanBoth(b []byte, i int, failAt int) string {
	type out struct {
		elems [][2]int
		end   int
		err   string
	}
	run := func(scan func([]byte, int, func(k, s, e int) error) (int, error)) out {
		var o out
		end, err := scan(b, i, func(k, s, e int) error {
			if k != len(o.elems) {
				return fmt.Errorf("element %d reported as %d", len(o.elems), k)
			}
			o.elems = append(o.elems, [2]int{s, e})
			if k == failAt {
				return fmt.Errorf("fn failed at %d", k)
			}
			return nil
		})
		o.end = end
		if err != nil {
			o.err = err.Error()
			if se, ok := err.(*syntaxError); ok {
				o.err = fmt.Sprintf("%d %s %v", se.off, se.msg, se.eof)
			}
		}
		return o
	}
	a, s := run(arrayElems), run(arrayElemsSplit)
	switch {
	case a.end != s.end:
		return fmt.Sprintf("end %d / %d", a.end, s.end)
	case a.err != s.err:
		return fmt.Sprintf("error %q / %q", a.err, s.err)
	case len(a.elems) != len(s.elems):
		return fmt.Sprintf("%d / %d elements", len(a.elems), len(s.elems))
	}
	for k := range a.elems {
		if a.elems[k] != s.elems[k] {
			return fmt.Sprintf("element %d: %v / %v", k, a.elems[k], s.elems[k])
		}
	}
	return ""
}

func TestArrayElemsSplitMatchesSequential(t *testing.T) {
	src := synthPoints(t, 60000) // 12 MB, one feature per line
	arr := bytes.IndexByte(src, '[')
	at := func(frac float64) int { // a feature start near frac of the file
		p := int(float64(len(src)) * frac)
		return p + bytes.Index(src[p:], []byte("\n{")) + 1
	}
	with := func(off int, repl string) []byte {
		out := append([]byte(nil), src...)
		copy(out[off:], repl)
		return out
	}
	// one big feature whose properties hold, at the middle of the file,
	// lines that look like feature starts but are nested
	var nested bytes.Buffer
	nested.WriteString(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"list":[`)
	for i := 0; nested.Len() < 10<<20; i++ {
		fmt.Fprintf(&nested, "{\"n\":%d},\n  {\"m\":%d},\n", i, i)
	}
	nested.WriteString(`{}]},"geometry":{"type":"Point","coordinates":[1,2]}},` + "\n")
	nested.WriteString(`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}`)
	for _, tc := range []struct {
		name   string
		b      []byte
		failAt int
	}{
		{"valid", src, -1},
		{"valid, split used", src, -2},
		{"fn fails in the first half", src, 100},
		{"fn fails in the second half", src, 50000},
		{"syntax error in the second half", with(at(0.8)-2, "}}"), -1},
		{"syntax error in the first half", with(at(0.2)-2, "}}"), -1},
		{"not an object in the second half", with(at(0.7), `"x"`), -1},
		{"cut short in the second half", src[:len(src)*9/10], -1},
		{"cut short in the first half", src[:len(src)*3/10], -1},
		{"array never closed", src[:len(src)-3], -1},
		{"nested lines that look like features", nested.Bytes(), -1},
		{"pretty printed", []byte(strings.ReplaceAll(string(src), "},\n{", "},\n    {")), -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := arr
			if tc.name == "nested lines that look like features" {
				i = bytes.IndexByte(tc.b, '[')
			}
			before := splitsUsed.Load()
			if d := scanBoth(tc.b, i, tc.failAt); d != "" {
				t.Error(d)
			}
			used := splitsUsed.Load() > before
			switch {
			case tc.failAt == -2 && !used && runtime.GOMAXPROCS(0) > 1:
				t.Error("the second half was not scanned on its own")
			case strings.HasPrefix(tc.name, "nested") && used:
				t.Error("a nested line was taken for a feature boundary")
			}
		})
	}
}
