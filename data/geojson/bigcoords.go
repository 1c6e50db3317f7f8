package geojson

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/valyala/fastjson"
	"github.com/valyala/fastjson/fastfloat"
)

// Large coordinate arrays.
//
// fastjson builds a value for every number and every position of a
// feature: a polygon of 5 million vertices (115 MB of GeoJSON) took 6 GB
// that way. A feature larger than bigFeatureBytes is read in two parts
// instead: the byte scanner finds each "coordinates" array larger than
// bigCoordBytes in its geometry, a streaming scanner reads its numbers
// straight into one flat slice of positions (bigCoords), and fastjson
// parses a skeleton of the feature (its bytes copied, each of those arrays
// replaced by a marker string). The geometry code then builds the geometry
// from the positions already read, with the same checks as for a small
// one.

// bigFeatureBytes is the feature size from which coordinates are streamed,
// and bigCoordBytes the size of a "coordinates" array that is (variables
// so that tests can stream small features).
var (
	bigFeatureBytes = 1 << 20
	bigCoordBytes   = 64 << 10
)

// streamedArrays counts the coordinates arrays streamed (tests check the
// scanner is used; not synchronised, tests load on one goroutine).
var streamedArrays int

// bigMarker starts the string that stands for the n-th streamed
// coordinates array in a skeleton.
const bigMarker = "\x00campmap-coordinates-"

// bigCoords is a coordinates array read by the streaming scanner: nested
// lists of positions down to depth levels (1 a position, 2 a list of
// positions, 3 a list of lists, 4 a list of lists of lists).
type bigCoords struct {
	depth int
	empty bool        // the array is []
	pts   []orb.Point // every position, in order
	z     []float64   // a height per position (NaN for none) once one has a height, else nil
	// ends[0] holds the end (in pts) of each list of positions, ends[1]
	// the end (in ends[0]) of each list of those, ends[2] the end (in
	// ends[1]) of each list of lists of lists
	ends  [3][]int
	flags geomFlags // dimension flags of the positions
}

// coordScanner reads one coordinates array from src.
type coordScanner struct {
	src  []byte
	c    *bigCoords
	nums [3]float64
}

// typeDepth is how deep the coordinates of each geometry type nest.
var typeDepth = map[string]int{"Point": 1, "MultiPoint": 2, "LineString": 2, "MultiLineString": 3, "Polygon": 3, "MultiPolygon": 4}

// scanCoords reads the coordinates array src[i:e] (the scanner found its
// end) of a geometry whose type wants depth levels of nesting (0 for a
// type that has none: the depth of the first position is taken, and the
// geometry is refused for its type).
func scanCoords(src []byte, i, e, depth int) (*bigCoords, error) {
	c := &bigCoords{depth: depth}
	if j := skipSpace(src, i+1); j < len(src) && src[j] == ']' {
		c.empty = true
		return c, nil
	}
	if c.depth == 0 {
		for j := i; j < len(src) && src[j] == '[' && c.depth < 4; j = skipSpace(src, j+1) {
			c.depth++
		}
	}
	s := coordScanner{src: src, c: c}
	// about 20 bytes of text per position
	c.pts = make([]orb.Point, 0, 16+(e-i)/20)
	if _, err := s.list(i, c.depth); err != nil {
		return nil, err
	}
	return c, nil
}

// list reads the array at src[i] holding lists down to depth d (1: a
// position) and returns the offset past it.
func (s *coordScanner) list(i, d int) (int, error) {
	if d == 1 {
		return s.position(i)
	}
	b := s.src
	j := skipSpace(b, i+1)
	if j < len(b) && b[j] == ']' {
		j++
	} else {
		for {
			if j >= len(b) {
				return 0, gerr("the coordinates array is never closed")
			}
			if b[j] != '[' {
				return 0, gerr("wrong nesting of coordinates: %s where an array of depth %d was expected (the positions are nested unevenly)", describeByte(b[j]), d-1)
			}
			e, err := s.list(j, d-1)
			if err != nil {
				return 0, err
			}
			j = skipSpace(b, e)
			if j < len(b) && b[j] == ',' {
				j = skipSpace(b, j+1)
				continue
			}
			if j < len(b) && b[j] == ']' {
				j++
				break
			}
			return 0, gerr("invalid JSON in the coordinates: ',' or ']' expected")
		}
	}
	c := s.c
	switch d {
	case 2:
		c.ends[0] = append(c.ends[0], len(c.pts))
	case 3:
		c.ends[1] = append(c.ends[1], len(c.ends[0]))
	case 4:
		c.ends[2] = append(c.ends[2], len(c.ends[1]))
	}
	return j, nil
}

// position reads [lon, lat, ...] at src[i] with the checks of
// parsePosition.
func (s *coordScanner) position(i int) (int, error) {
	b := s.src
	j := skipSpace(b, i+1)
	n := 0
	for j < len(b) && b[j] != ']' {
		switch c := b[j]; c {
		case '[':
			return 0, gerr("wrong nesting of coordinates: a position holds an array where a number was expected (one level too deep)")
		case '"', '{', 't', 'f', 'n', ']', ',':
			return 0, gerr("a position holds %s where a number was expected", describeByte(c))
		}
		k := rawNumberEnd(b, j)
		if k < 0 {
			return 0, gerr("invalid JSON in the coordinates: unexpected %q", b[j])
		}
		// the number as fastjson reads it, so that both paths agree
		text := b2s(b[j:k])
		f, err := fastfloat.Parse(text)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, gerr("coordinate %q is not a finite number", text)
		}
		if n < 3 {
			s.nums[n] = f
		}
		n++
		j = skipSpace(b, k)
		if j < len(b) && b[j] == ',' {
			j = skipSpace(b, j+1)
			if j < len(b) && b[j] == ']' {
				return 0, gerr("invalid JSON in the coordinates: a number expected after ','")
			}
		} else if j < len(b) && b[j] != ']' {
			return 0, gerr("invalid JSON in the coordinates: ',' or ']' expected")
		}
	}
	if j >= len(b) {
		return 0, gerr("the coordinates array is never closed")
	}
	if err := s.c.add(s.nums[:min(n, 3)], n); err != nil {
		return 0, err
	}
	return j + 1, nil
}

// add checks a position of n numbers, the first of them in nums (up to
// 3), and appends it with its height.
func (c *bigCoords) add(nums []float64, n int) error {
	p, err := checkPosition(nums, n, &c.flags)
	if err != nil {
		return err
	}
	z := math.NaN()
	if n >= 3 {
		z = nums[2]
		if c.z == nil {
			c.z = make([]float64, len(c.pts), cap(c.pts))
			for k := range c.z {
				c.z[k] = math.NaN()
			}
		}
	}
	if c.z != nil {
		c.z = append(c.z, z)
	}
	c.pts = append(c.pts, p)
	return nil
}

// rawNumberEnd returns the end of the number starting at b[i] as
// fastjson's parser delimits it (the bytes 0-9 . - + e E, or inf and nan
// after at most a sign), or -1 where fastjson finds no number.
func rawNumberEnd(b []byte, i int) int {
	for k := i; k < len(b); k++ {
		ch := b[k]
		if (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == 'e' || ch == 'E' || ch == '+' {
			continue
		}
		if k == i || (k == i+1 && (b[i] == '-' || b[i] == '+')) {
			if k+3 <= len(b) && (strings.EqualFold(b2s(b[k:k+3]), "inf") || strings.EqualFold(b2s(b[k:k+3]), "nan")) {
				return k + 3
			}
			return -1
		}
		return k
	}
	return len(b)
}

// describeByte names the JSON value starting with c, for messages.
func describeByte(c byte) string {
	switch c {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '[':
		return "an array"
	}
	if c == '-' || (c >= '0' && c <= '9') {
		return "a number"
	}
	return fmt.Sprintf("%q", c)
}

// bigOf returns the streamed array a skeleton's marker string v stands
// for, or nil.
func bigOf(v *fastjson.Value, big []*bigCoords) *bigCoords {
	if len(big) == 0 || v == nil || v.Type() != fastjson.TypeString {
		return nil
	}
	sb, _ := v.StringBytes()
	if len(sb) <= len(bigMarker) || string(sb[:len(bigMarker)]) != bigMarker {
		return nil
	}
	n, err := strconv.Atoi(string(sb[len(bigMarker):]))
	if err != nil || n < 0 || n >= len(big) {
		return nil
	}
	return big[n]
}

// geometry builds the geometry of type typ from c, with the checks of the
// fastjson path.
func (c *bigCoords) geometry(typ string, flags *geomFlags) (orb.Geometry, error) {
	if c.empty {
		return nil, errEmptyGeometry
	}
	want := typeDepth[typ]
	if c.depth != want {
		return nil, gerr("wrong nesting of coordinates: a %s needs arrays nested %d deep, found %d", typ, want, c.depth)
	}
	*flags |= c.flags
	// list returns the positions of list k of ends[0]
	list := func(k int) []orb.Point {
		a := 0
		if k > 0 {
			a = c.ends[0][k-1]
		}
		b := c.ends[0][k]
		return c.pts[a:b:b]
	}
	// polygon checks the rings of the lists of ends[0] in [lo, hi)
	polygon := func(lo, hi int) (orb.Polygon, error) {
		p := make(orb.Polygon, 0, hi-lo)
		for k := lo; k < hi; k++ {
			r, err := ringOf(k-lo, list(k), flags)
			if err != nil {
				return nil, err
			}
			p = append(p, r)
		}
		return p, nil
	}
	switch typ {
	case "Point":
		return c.pts[0], nil
	case "MultiPoint":
		return orb.MultiPoint(c.pts), nil
	case "LineString":
		return lineOf(c.pts, flags)
	case "MultiLineString":
		ml := make(orb.MultiLineString, 0, len(c.ends[0]))
		for i := range c.ends[0] {
			l, err := lineOf(list(i), flags)
			if err != nil {
				return nil, gerr("line %d: %s", i, err.Error())
			}
			ml = append(ml, l)
		}
		return ml, nil
	case "Polygon":
		return polygon(0, len(c.ends[0]))
	default: // MultiPolygon
		mp := make(orb.MultiPolygon, 0, len(c.ends[1]))
		lo := 0
		for i, hi := range c.ends[1] {
			p, err := polygon(lo, hi)
			if err != nil {
				return nil, gerr("polygon %d: %s", i, err.Error())
			}
			mp = append(mp, p)
			lo = hi
		}
		return mp, nil
	}
}

// heights appends c's heights to dst: one per position, NaN for none.
func (c *bigCoords) heights(dst []float64) []float64 {
	if c.z != nil {
		return append(dst, c.z...)
	}
	for range c.pts {
		dst = append(dst, math.NaN())
	}
	return dst
}

// skeleton copies the feature src[s:e] (a geometry object when geometry is
// set), each "coordinates" array of its geometry larger than bigCoordBytes
// replaced by a marker string, and reads those arrays. It returns nil, nil
// when nothing was replaced, and an error only for a coordinates array
// that cannot be read.
func skeleton(src []byte, s, e int, geometry bool) ([]byte, []*bigCoords, error) {
	type cut struct{ start, end, depth int }
	var cuts []cut
	var walk func(i, depth int)
	walk = func(i, depth int) {
		if depth > maxGeomDepth+2 {
			return
		}
		members, _, err := scanObject(src, i, nil)
		if err != nil {
			return
		}
		depthOf := 0 // the nesting the object's type wants (the last "type", as fastjson's path reads it)
		for _, m := range members {
			if m.key == "type" && src[m.start] == '"' && m.end-m.start < 64 {
				typ, _ := unquote(src[m.start:m.end])
				depthOf = typeDepth[typ]
			}
		}
		last := lastOfEach(members)
		for mi, m := range members {
			if m.end-m.start < bigCoordBytes || last[m.key] != mi {
				continue // small, or repeated: only the last is read
			}
			switch c := src[m.start]; {
			case m.key == "coordinates" && c == '[' && depth > 0:
				cuts = append(cuts, cut{m.start, m.end, depthOf})
			case c == '{' && m.key == "geometry" && depth == 0:
				walk(m.start, depth+1)
			case c == '[' && m.key == "geometries":
				_, _ = arrayElems(src, m.start, func(_, s, e int) error {
					if src[s] == '{' && e-s >= bigCoordBytes {
						walk(s, depth+1)
					}
					return nil
				})
			}
		}
	}
	if geometry {
		walk(s, 1)
	} else {
		walk(s, 0)
	}
	if len(cuts) == 0 {
		return nil, nil, nil
	}
	streamedArrays += len(cuts)
	big := make([]*bigCoords, 0, len(cuts))
	out := make([]byte, 0, 4096)
	at := s
	for n, c := range cuts {
		bc, err := scanCoords(src, c.start, c.end, c.depth)
		if err != nil {
			return nil, nil, err
		}
		big = append(big, bc)
		out = append(out, src[at:c.start]...)
		out = append(out, `"\u0000campmap-coordinates-`...)
		out = strconv.AppendInt(out, int64(n), 10)
		out = append(out, '"')
		at = c.end
	}
	out = append(out, src[at:e]...)
	return out, big, nil
}
