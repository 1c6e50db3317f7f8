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

// DecodeZM is Decode keeping the heights and measures: z and m hold one
// value per position of g in the order of data.Positions (NaN for a
// position without one), or are nil when no position has any.
func DecodeZM(b []byte) (g orb.Geometry, z, m []float64, srid, n int, err error) {
	r := reader{b: b, keep: true}
	g, err = r.geometry(0)
	if err != nil {
		return nil, nil, nil, 0, 0, err
	}
	if !r.anyZ {
		r.z = nil
	}
	if !r.anyM {
		r.m = nil
	}
	return g, r.z, r.m, r.srid, r.i, nil
}

// EncodeZM writes g as little-endian ISO WKB: 2D when z and m are nil
// (as Encode with srid 0), else XYZ (types 1001 to 1007), XYM (2001 to
// 2007) or XYZM (3001 to 3007), z and m holding one value per position in
// the order of data.Positions. A value left NaN is written as NaN.
func EncodeZM(g orb.Geometry, z, m []float64) ([]byte, error) {
	if z == nil && m == nil {
		return Encode(g, 0)
	}
	if err := checkNil(g); err != nil {
		return nil, err
	}
	w := writer{z: z, m: m, hasZ: z != nil, hasM: m != nil}
	if err := w.geometry(g); err != nil {
		return nil, err
	}
	if (w.hasZ && w.k != len(z)) || (w.hasM && w.k != len(m)) {
		return nil, fmt.Errorf("encode %s as WKB: %d positions, %d heights and %d measures", g.GeoJSONType(), w.k, len(z), len(m))
	}
	return w.b, nil
}

// writer encodes one ISO WKB geometry with heights or measures.
type writer struct {
	b          []byte
	z, m       []float64
	hasZ, hasM bool
	k          int // positions written
}

func (w *writer) head(typ uint32) {
	switch {
	case w.hasZ && w.hasM:
		typ += 3000
	case w.hasZ:
		typ += 1000
	case w.hasM:
		typ += 2000
	}
	w.b = append(w.b, 1)
	w.b = binary.LittleEndian.AppendUint32(w.b, typ)
}

func (w *writer) u32(n int) { w.b = binary.LittleEndian.AppendUint32(w.b, uint32(n)) }

func (w *writer) f64(v float64) { w.b = binary.LittleEndian.AppendUint64(w.b, math.Float64bits(v)) }

func (w *writer) point(p orb.Point) error {
	w.f64(p[0])
	w.f64(p[1])
	for _, c := range [2]struct {
		on   bool
		vals []float64
	}{{w.hasZ, w.z}, {w.hasM, w.m}} {
		if !c.on {
			continue
		}
		if w.k >= len(c.vals) {
			return errors.New("encode as WKB: fewer heights or measures than positions")
		}
		w.f64(c.vals[w.k])
	}
	w.k++
	return nil
}

func (w *writer) points(ps []orb.Point) error {
	w.u32(len(ps))
	for _, p := range ps {
		if err := w.point(p); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) polygon(p orb.Polygon) error {
	w.u32(len(p))
	for _, r := range p {
		if err := w.points(r); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) geometry(g orb.Geometry) error {
	switch g := g.(type) {
	case orb.Point:
		w.head(1)
		return w.point(g)
	case orb.LineString:
		w.head(2)
		return w.points(g)
	case orb.Ring:
		return w.geometry(orb.Polygon{g})
	case orb.Bound:
		return w.geometry(g.ToPolygon())
	case orb.Polygon:
		w.head(3)
		return w.polygon(g)
	case orb.MultiPoint:
		w.head(4)
		w.u32(len(g))
		for _, p := range g {
			w.head(1)
			if err := w.point(p); err != nil {
				return err
			}
		}
	case orb.MultiLineString:
		w.head(5)
		w.u32(len(g))
		for _, ls := range g {
			w.head(2)
			if err := w.points(ls); err != nil {
				return err
			}
		}
	case orb.MultiPolygon:
		w.head(6)
		w.u32(len(g))
		for _, p := range g {
			w.head(3)
			if err := w.polygon(p); err != nil {
				return err
			}
		}
	case orb.Collection:
		w.head(7)
		w.u32(len(g))
		for _, m := range g {
			if err := w.geometry(m); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("encode as WKB: unsupported geometry %T", g)
	}
	return nil
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

	// keep: heights and measures go to z and m, one per position kept
	keep       bool
	z, m       []float64
	anyZ, anyM bool
}

// mark and reset drop the heights and measures of positions read but not
// kept (empty members and rings).
func (r *reader) mark() int { return len(r.z) }

func (r *reader) reset(k int) {
	if r.keep {
		r.z, r.m = r.z[:k], r.m[:k]
	}
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

// dims is how a geometry's positions are written: their number of
// ordinates, and whether a Z and an M are among them.
type dims struct {
	n          int
	hasZ, hasM bool
}

func (r *reader) point(d dims) (orb.Point, error) {
	if r.i+8*d.n > len(r.b) {
		return orb.Point{}, r.fail("truncated")
	}
	x := math.Float64frombits(r.order.Uint64(r.b[r.i:]))
	y := math.Float64frombits(r.order.Uint64(r.b[r.i+8:]))
	if r.keep {
		z, m := math.NaN(), math.NaN()
		k := r.i + 16
		if d.hasZ {
			z = math.Float64frombits(r.order.Uint64(r.b[k:]))
			k += 8
			r.anyZ = r.anyZ || !math.IsNaN(z)
		}
		if d.hasM {
			m = math.Float64frombits(r.order.Uint64(r.b[k:]))
			r.anyM = r.anyM || !math.IsNaN(m)
		}
		r.z, r.m = append(r.z, z), append(r.m, m)
	}
	r.i += 8 * d.n
	return orb.Point{x, y}, nil
}

func (r *reader) points(dims dims) ([]orb.Point, error) {
	n, err := r.count(8 * dims.n)
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
func (r *reader) polygon(dims dims) (orb.Polygon, error) {
	n, err := r.count(4)
	if err != nil {
		return nil, err
	}
	var poly orb.Polygon
	outerEmpty := false // then the holes are read, to reach the end, and dropped
	for k := 0; k < n; k++ {
		mk := r.mark()
		pts, err := r.points(dims)
		if err != nil {
			return nil, err
		}
		switch {
		case len(pts) == 0 && k == 0:
			outerEmpty = true
		case len(pts) > 0 && !outerEmpty:
			poly = append(poly, orb.Ring(pts))
		default:
			r.reset(mk)
		}
	}
	return poly, nil
}

// header reads the byte order and type; it returns the base type (1..7 or
// more) and the number of ordinates per position.
func (r *reader) header(depth int) (uint32, dims, error) {
	if r.i >= len(r.b) {
		return 0, dims{}, r.fail("truncated")
	}
	switch r.b[r.i] {
	case 0:
		r.order = binary.BigEndian
	case 1:
		r.order = binary.LittleEndian
	default:
		return 0, dims{}, r.fail(fmt.Sprintf("byte order %d", r.b[r.i]))
	}
	r.i++
	t, err := r.u32()
	if err != nil {
		return 0, dims{}, err
	}
	d := dims{n: 2}
	if t&0x80000000 != 0 { // EWKB Z
		d.n++
		d.hasZ = true
	}
	if t&0x40000000 != 0 { // EWKB M
		d.n++
		d.hasM = true
	}
	if t&0x20000000 != 0 { // EWKB SRID
		srid, err := r.u32()
		if err != nil {
			return 0, dims{}, err
		}
		if depth == 0 {
			r.srid = int(srid)
		}
	}
	t &= 0x0fffffff
	switch t / 1000 {
	case 1:
		d.n++
		d.hasZ = true
	case 2:
		d.n++
		d.hasM = true
	case 3:
		d.n += 2
		d.hasZ, d.hasM = true, true
	}
	return t % 1000, d, nil
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
		mk := r.mark()
		p, err := r.point(dims)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(p[0]) && math.IsNaN(p[1]) {
			r.reset(mk)
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
		mk := r.mark()
		g, err := r.geometry(depth + 1)
		if errors.Is(err, ErrEmpty) {
			r.reset(mk)
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
