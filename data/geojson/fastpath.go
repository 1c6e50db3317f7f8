package geojson

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/valyala/fastjson/fastfloat"

	"campmap/data"
)

// The GeoJSON fast path.
//
// Most large files are point incidents written by a program (GDAL, QGIS, a
// script): {"type": "Feature", "id": ..., "properties": {flat values},
// "geometry": {"type": "Point", "coordinates": [lon, lat]}}. fastFeature
// reads exactly that shape (or a line or polygon, fastshape.go) straight
// from the bytes, without building a
// fastjson value tree, and hands the result to the same code the general
// path uses (propKey, note, add). On anything else — an escape in a string,
// a nested value, another geometry type, an unknown member, a duplicate
// member or property, a missing "properties", a number outside the JSON
// grammar, coordinates out of range —
// it gives up before changing anything, and the feature goes through
// fastjson, which also writes every error and warning message. A
// differential test and fuzz target (fastpath_test.go) check that both
// paths load the same layers.

// noFastPath turns the fast path off (tests compare both paths).
var noFastPath = false

// jcur is a cursor over one JSON value.
type jcur struct {
	b []byte
	i int

	z    float64 // the height of the last point read, when hasZ
	hasZ bool
}

func (c *jcur) ws() {
	for c.i < len(c.b) && isSpace(c.b[c.i]) {
		c.i++
	}
}

// next skips space and reports whether the next byte is ch, consuming it.
func (c *jcur) next(ch byte) bool {
	c.ws()
	if c.i < len(c.b) && c.b[c.i] == ch {
		c.i++
		return true
	}
	return false
}

// str reads a string without escapes or control characters and returns its
// bytes (a view into the input).
func (c *jcur) str() ([]byte, bool) {
	c.ws()
	if c.i >= len(c.b) || c.b[c.i] != '"' {
		return nil, false
	}
	j := c.i + 1
	for j < len(c.b) {
		switch ch := c.b[j]; {
		case ch == '"':
			s := c.b[c.i+1 : j]
			c.i = j + 1
			return s, true
		case ch == '\\' || ch < 0x20:
			return nil, false
		}
		j++
	}
	return nil, false
}

// num reads a number in the strict JSON grammar and parses it as fastjson
// does.
func (c *jcur) num() (float64, bool) {
	c.ws()
	b, i := c.b, c.i
	start := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return 0, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return 0, false
		}
	}
	f, err := fastfloat.Parse(b2s(b[start:i]))
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	c.i = i
	return f, true
}

// lit reads the literal word (true, false, null).
func (c *jcur) lit(word string) bool {
	c.ws()
	if len(c.b)-c.i >= len(word) && string(c.b[c.i:c.i+len(word)]) == word {
		c.i += len(word)
		return true
	}
	return false
}

// scalar reads a property value: a string, a number, true, false or null.
func (c *jcur) scalar() (data.Value, bool) {
	c.ws()
	if c.i >= len(c.b) {
		return data.Value{}, false
	}
	switch c.b[c.i] {
	case '"':
		s, ok := c.str()
		return data.Value{Type: data.ValueString, Str: b2s(s)}, ok
	case 't':
		return data.Bool(true), c.lit("true")
	case 'f':
		return data.Bool(false), c.lit("false")
	case 'n':
		return data.Value{}, c.lit("null")
	}
	f, ok := c.num()
	return data.Value{Type: data.ValueNumber, Num: f}, ok
}

// fastFeature adds feature idx, whose bytes are src[s:e], when it has the
// common point shape. handled is false when it did not try or gave up;
// nothing was added then.
func (fp *featureParser) fastFeature(src []byte, s, e, idx int) (handled bool, err error) {
	_, handled, err = fp.fastFeatureIn(src, s, e, idx, true)
	return handled, err
}

// fastFeatureIn is fastFeature for the feature starting at src[s], read
// within src[s:limit]: when whole, the feature must end exactly at limit;
// otherwise it may end anywhere before it, and end is the offset just
// past its closing brace (what skipValue would return), so that a loader
// need not find the feature's bytes first.
func (fp *featureParser) fastFeatureIn(src []byte, s, limit, idx int, whole bool) (end int, handled bool, err error) {
	if noFastPath {
		return 0, false, nil
	}
	c := jcur{b: src[s:limit]}
	if !c.next('{') {
		return 0, false, nil
	}
	fp.props = fp.props[:0]
	var st featureState
	f := data.Feature{Span: data.Undated}
	var p orb.Point
	var g orb.Geometry // a line or polygon (fastshape.go), else the point p
	var gflags geomFlags
	var seenType, seenID, seenProps, seenGeom bool
	for {
		k, ok := c.str()
		if !ok || !c.next(':') {
			return 0, false, nil
		}
		switch string(k) {
		case "type":
			v, ok := c.str()
			if !ok || seenType || string(v) != "Feature" {
				return 0, false, nil
			}
			seenType = true
		case "id":
			if seenID {
				return 0, false, nil
			}
			seenID = true
			c.ws()
			if c.i < len(c.b) && c.b[c.i] == '"' {
				v, ok := c.str()
				if !ok {
					return 0, false, nil
				}
				f.ID = data.Text(string(v))
			} else {
				n, ok := c.num()
				if !ok {
					return 0, false, nil
				}
				f.ID = data.Value{Type: data.ValueNumber, Num: n}
			}
		case "properties":
			if seenProps || !fp.fastProps(&c, &st) {
				return 0, false, nil
			}
			seenProps = true
		case "geometry":
			if seenGeom {
				return 0, false, nil
			}
			seenGeom = true
			at := c.i
			if p, ok = c.point(); !ok {
				c.i = at // a line or polygon, perhaps (fastshape.go)
				if g, gflags, ok = fp.fastShape(&c, &f); !ok {
					return 0, false, nil
				}
			}
		default:
			return 0, false, nil
		}
		if c.next(',') {
			continue
		}
		if c.next('}') {
			break
		}
		return 0, false, nil
	}
	end = s + c.i
	if c.ws(); (whole && c.i != len(c.b)) || !seenType || !seenGeom || !seenProps {
		return 0, false, nil
	}
	if g != nil {
		return end, true, fp.add(f, g, gflags, &st, idx, s)
	}
	if c.hasZ {
		fp.zbuf = append(fp.zbuf[:0], c.z)
		f.Z = fp.zbuf
	}
	return end, true, fp.addPoint(f, p, &st, idx, s)
}

// fastProps reads a "properties" value: null, or an object of scalars.
func (fp *featureParser) fastProps(c *jcur, st *featureState) bool {
	if c.lit("null") {
		return true
	}
	if !c.next('{') {
		return false
	}
	if c.next('}') {
		return true
	}
	fp.keyMiss = false
	for pos := 0; ; pos++ {
		k, ok := c.str()
		if !ok || !c.next(':') {
			return false
		}
		x, ok := c.scalar()
		if !ok {
			return false
		}
		ki := fp.propKey(pos, k)
		fp.props = append(fp.props, data.Property{Key: ki.Name, Value: x})
		st.Note(ki, x, fp.parseKind)
		if c.next(',') {
			continue
		}
		// a repeated name goes the general way, which warns about it
		return c.next('}') && fp.dupProp(pos+1) == ""
	}
}

// point reads {"type": "Point", "coordinates": [lon, lat(, z)]} with the
// position in range.
func (c *jcur) point() (orb.Point, bool) {
	if !c.next('{') {
		return orb.Point{}, false
	}
	var p orb.Point
	var seenType, seenCoords bool
	for {
		k, ok := c.str()
		if !ok || !c.next(':') {
			return p, false
		}
		switch string(k) {
		case "type":
			v, ok := c.str()
			if !ok || seenType || string(v) != "Point" {
				return p, false
			}
			seenType = true
		case "coordinates":
			if seenCoords || !c.next('[') {
				return p, false
			}
			seenCoords = true
			x, ok1 := c.num()
			ok2 := c.next(',')
			y, ok3 := c.num()
			if !ok1 || !ok2 || !ok3 {
				return p, false
			}
			c.hasZ = false
			if c.next(',') {
				if c.z, ok = c.num(); !ok {
					return p, false
				}
				c.hasZ = true
			}
			if !c.next(']') {
				return p, false
			}
			if x < -180 || x > 180 || y < -90 || y > 90 {
				return p, false
			}
			p = orb.Point{x, y}
		default:
			return p, false
		}
		if c.next(',') {
			continue
		}
		if c.next('}') {
			return p, seenType && seenCoords
		}
		return p, false
	}
}
