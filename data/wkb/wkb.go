// Package wkb is the one well-known binary (WKB) codec of campmap, shared
// by the GeoPackage reader and writer (campmap/data/gpkg, which adds the
// GeoPackage header) and the PostGIS connector (campmap/data/postgis,
// which reads EWKB). Encode writes through orb's encoder; Decode is
// campmap's own, because orb's reads 2D geometries only while GeoPackages
// and PostGIS hold XYZ and XYM ones too.
//
// Errors carry no package prefix: the caller names the input.
package wkb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
)

// ErrBad is matched (errors.Is) by every *SyntaxError.
var ErrBad = errors.New("not readable WKB")

// ErrEmpty is returned for a geometry without coordinates (POINT EMPTY, an
// empty collection): it has no place on the map.
var ErrEmpty = errors.New("empty geometry")

// ErrUnsupported is wrapped for curved and surface geometry types
// (CircularString, CurvePolygon, PolyhedralSurface, TIN, ...).
var ErrUnsupported = errors.New("curved and surface geometries are not supported")

// SyntaxError is WKB that cannot be read: where and why. It matches ErrBad.
type SyntaxError struct {
	Offset int    // byte offset from the start of the WKB
	Msg    string // what is wrong
}

// Error returns "WKB at byte N: MSG".
func (e *SyntaxError) Error() string { return fmt.Sprintf("WKB at byte %d: %s", e.Offset, e.Msg) }

// Is reports whether target is ErrBad.
func (e *SyntaxError) Is(target error) bool { return target == ErrBad }

// maxDepth bounds nested geometry collections.
const maxDepth = 32

// Decode reads the geometry at the start of b: WKB in either byte order,
// 2D, ISO Z/M/ZM (types 1001 to 3007) or with EWKB flags (Z, M, SRID). Z
// and M values are dropped. srid is the EWKB SRID (0 when there is none);
// n is how many bytes the geometry took. Empty members of multi-geometries
// and collections, and empty rings, are left out; a point whose
// coordinates are NaN is empty (the WKB spelling of POINT EMPTY); a
// geometry with no coordinates at all gives ErrEmpty. A count the bytes
// left cannot hold is an error before anything is allocated, so corrupt
// input cannot reserve gigabytes. Coordinates are not checked otherwise:
// callers refuse those they cannot place.
func Decode(b []byte) (g orb.Geometry, srid, n int, err error) {
	r := reader{b: b}
	g, err = r.geometry(0)
	if err != nil {
		return nil, 0, 0, err
	}
	return g, r.srid, r.i, nil
}

// Encode writes g as little-endian 2D WKB, or as EWKB carrying srid when
// srid is not 0. A Ring or Bound is written as its polygon. A nil
// geometry, or one holding nil members, is an error.
func Encode(g orb.Geometry, srid int) ([]byte, error) {
	if err := checkNil(g); err != nil {
		return nil, err
	}
	b, err := ewkb.Marshal(g, srid, binary.LittleEndian)
	if err != nil {
		return nil, fmt.Errorf("encode %s as WKB: %w", g.GeoJSONType(), err)
	}
	return b, nil
}

// checkNil refuses a nil geometry or collection member, which orb's
// encoder would silently leave out of a count it has already written.
func checkNil(g orb.Geometry) error {
	switch t := g.(type) {
	case nil:
		return errors.New("encode as WKB: nil geometry")
	case orb.Collection:
		for _, m := range t {
			if err := checkNil(m); err != nil {
				return err
			}
		}
	}
	return nil
}

// reader walks one WKB geometry.
type reader struct {
	b     []byte
	i     int
	order binary.ByteOrder
	srid  int // of the outermost geometry
}

func (r *reader) fail(msg string) error { return &SyntaxError{Offset: r.i, Msg: msg} }

func (r *reader) u32() (uint32, error) {
	if r.i+4 > len(r.b) {
		return 0, r.fail("truncated")
	}
	v := r.order.Uint32(r.b[r.i:])
	r.i += 4
	return v, nil
}

// count reads an element count, refusing one the remaining bytes cannot
// hold at minSize bytes an element.
func (r *reader) count(minSize int) (int, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if int64(n)*int64(minSize) > int64(len(r.b)-r.i) {
		return 0, r.fail(fmt.Sprintf("count %d larger than the data", n))
	}
	return int(n), nil
}

func (r *reader) point(dims int) (orb.Point, error) {
	if r.i+8*dims > len(r.b) {
		return orb.Point{}, r.fail("truncated")
	}
	x := math.Float64frombits(r.order.Uint64(r.b[r.i:]))
	y := math.Float64frombits(r.order.Uint64(r.b[r.i+8:]))
	r.i += 8 * dims
	return orb.Point{x, y}, nil
}

func (r *reader) points(dims int) ([]orb.Point, error) {
	n, err := r.count(8 * dims)
	if err != nil {
		return nil, err
	}
	pts := make([]orb.Point, n)
	for k := range pts {
		if pts[k], err = r.point(dims); err != nil {
			return nil, err
		}
	}
	return pts, nil
}

// polygon reads rings, leaving out empty ones; a polygon whose outer ring
// is empty is empty (nil).
func (r *reader) polygon(dims int) (orb.Polygon, error) {
	n, err := r.count(4)
	if err != nil {
		return nil, err
	}
	var poly orb.Polygon
	outerEmpty := false // then the holes are read, to reach the end, and dropped
	for k := 0; k < n; k++ {
		pts, err := r.points(dims)
		if err != nil {
			return nil, err
		}
		switch {
		case len(pts) == 0 && k == 0:
			outerEmpty = true
		case len(pts) > 0 && !outerEmpty:
			poly = append(poly, orb.Ring(pts))
		}
	}
	return poly, nil
}

// header reads the byte order and type; it returns the base type (1..7 or
// more) and the number of ordinates per position.
func (r *reader) header(depth int) (uint32, int, error) {
	if r.i >= len(r.b) {
		return 0, 0, r.fail("truncated")
	}
	switch r.b[r.i] {
	case 0:
		r.order = binary.BigEndian
	case 1:
		r.order = binary.LittleEndian
	default:
		return 0, 0, r.fail(fmt.Sprintf("byte order %d", r.b[r.i]))
	}
	r.i++
	t, err := r.u32()
	if err != nil {
		return 0, 0, err
	}
	dims := 2
	if t&0x80000000 != 0 { // EWKB Z
		dims++
	}
	if t&0x40000000 != 0 { // EWKB M
		dims++
	}
	if t&0x20000000 != 0 { // EWKB SRID
		srid, err := r.u32()
		if err != nil {
			return 0, 0, err
		}
		if depth == 0 {
			r.srid = int(srid)
		}
	}
	t &= 0x0fffffff
	switch t / 1000 {
	case 1, 2:
		dims++
	case 3:
		dims += 2
	}
	return t % 1000, dims, nil
}

func (r *reader) geometry(depth int) (orb.Geometry, error) {
	if depth > maxDepth {
		return nil, r.fail("collections nested too deep")
	}
	typ, dims, err := r.header(depth)
	if err != nil {
		return nil, err
	}
	switch typ {
	case 1:
		p, err := r.point(dims)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(p[0]) && math.IsNaN(p[1]) {
			return nil, ErrEmpty
		}
		return p, nil
	case 2:
		pts, err := r.points(dims)
		if err != nil {
			return nil, err
		}
		if len(pts) == 0 {
			return nil, ErrEmpty
		}
		return orb.LineString(pts), nil
	case 3:
		poly, err := r.polygon(dims)
		if err != nil {
			return nil, err
		}
		if len(poly) == 0 {
			return nil, ErrEmpty
		}
		return poly, nil
	case 4, 5, 6, 7:
		return r.multi(typ, depth)
	}
	return nil, fmt.Errorf("WKB type %d: %w", typ, ErrUnsupported)
}

// multi reads a multi-geometry or collection of type typ.
func (r *reader) multi(typ uint32, depth int) (orb.Geometry, error) {
	n, err := r.count(5)
	if err != nil {
		return nil, err
	}
	var mp orb.MultiPoint
	var ml orb.MultiLineString
	var mpo orb.MultiPolygon
	var c orb.Collection
	for k := 0; k < n; k++ {
		g, err := r.geometry(depth + 1)
		if errors.Is(err, ErrEmpty) {
			continue
		}
		if err != nil {
			return nil, err
		}
		switch typ {
		case 4:
			p, ok := g.(orb.Point)
			if !ok {
				return nil, r.fail("a MultiPoint holds a " + g.GeoJSONType())
			}
			mp = append(mp, p)
		case 5:
			l, ok := g.(orb.LineString)
			if !ok {
				return nil, r.fail("a MultiLineString holds a " + g.GeoJSONType())
			}
			ml = append(ml, l)
		case 6:
			p, ok := g.(orb.Polygon)
			if !ok {
				return nil, r.fail("a MultiPolygon holds a " + g.GeoJSONType())
			}
			mpo = append(mpo, p)
		case 7:
			c = append(c, g)
		}
	}
	switch {
	case typ == 4 && len(mp) > 0:
		return mp, nil
	case typ == 5 && len(ml) > 0:
		return ml, nil
	case typ == 6 && len(mpo) > 0:
		return mpo, nil
	case typ == 7 && len(c) > 0:
		return c, nil
	}
	return nil, ErrEmpty
}
