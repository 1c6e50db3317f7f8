package postgis

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
)

// ErrEmpty is returned for a geometry without coordinates (POINT EMPTY, an
// empty collection): it has no place on the map.
var ErrEmpty = errors.New("empty geometry")

// DecodeEWKB decodes one EWKB geometry (as ST_AsEWKB returns it) into orb,
// dropping Z and M, and returns its SRID (0 when it has none). Members of a
// multi-geometry or collection that are empty are left out; a geometry with
// no coordinates at all gives ErrEmpty.
func DecodeEWKB(b []byte) (orb.Geometry, int, error) {
	if err := checkEWKB(b); err != nil {
		return nil, 0, fmt.Errorf("postgis: decode EWKB: %w", err)
	}
	g, err := ewkb.Unmarshal(b)
	if err != nil {
		return nil, 0, fmt.Errorf("postgis: decode EWKB: %w", err)
	}
	o, err := Orb(g)
	if err != nil {
		return nil, 0, err
	}
	return o, g.SRID(), nil
}

// EncodeEWKB encodes an orb geometry as little-endian 2D EWKB with srid.
func EncodeEWKB(g orb.Geometry, srid int) ([]byte, error) {
	t, err := Geom(g, srid)
	if err != nil {
		return nil, err
	}
	b, err := ewkb.Marshal(t, binary.LittleEndian)
	if err != nil {
		return nil, fmt.Errorf("postgis: encode EWKB: %w", err)
	}
	return b, nil
}

// Orb converts a go-geom geometry to orb, keeping X and Y. Empty members of
// multi-geometries and collections are left out; a geometry without any
// coordinates gives ErrEmpty; coordinates that are not finite give an error.
func Orb(g geom.T) (orb.Geometry, error) {
	o, err := toOrb(g)
	if err != nil {
		return nil, fmt.Errorf("postgis: %w", err)
	}
	if o == nil {
		return nil, fmt.Errorf("postgis: %w", ErrEmpty)
	}
	if !finite(o) {
		return nil, fmt.Errorf("postgis: %s with a coordinate that is not a finite number", typeName(g))
	}
	return o, nil
}

// finite reports whether every coordinate of g is a finite number.
func finite(g orb.Geometry) bool {
	ok := true
	var walk func(orb.Geometry)
	pts := func(ps []orb.Point) {
		for _, p := range ps {
			if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
				ok = false
			}
		}
	}
	walk = func(g orb.Geometry) {
		switch t := g.(type) {
		case orb.Point:
			pts([]orb.Point{t})
		case orb.MultiPoint:
			pts(t)
		case orb.LineString:
			pts(t)
		case orb.MultiLineString:
			for _, ls := range t {
				pts(ls)
			}
		case orb.Polygon:
			for _, r := range t {
				pts(r)
			}
		case orb.MultiPolygon:
			for _, p := range t {
				walk(p)
			}
		case orb.Collection:
			for _, m := range t {
				walk(m)
			}
		}
	}
	walk(g)
	return ok
}

// toOrb returns nil (and no error) for an empty geometry.
func toOrb(g geom.T) (orb.Geometry, error) {
	if g == nil {
		return nil, nil
	}
	if c, ok := g.(*geom.GeometryCollection); ok {
		return collection(c)
	}
	flat, stride := g.FlatCoords(), g.Stride()
	switch t := g.(type) {
	case *geom.Point:
		if t.Empty() || allNaN(flat) {
			return nil, nil
		}
		return orb.Point{flat[0], flat[1]}, nil
	case *geom.MultiPoint:
		var mp orb.MultiPoint
		for i := 0; i < t.NumPoints(); i++ {
			p := t.Point(i)
			if p.Empty() || allNaN(p.FlatCoords()) {
				continue
			}
			c := p.FlatCoords()
			mp = append(mp, orb.Point{c[0], c[1]})
		}
		if len(mp) == 0 {
			return nil, nil
		}
		return mp, nil
	case *geom.LineString:
		ls := points(flat, stride)
		if len(ls) == 0 {
			return nil, nil
		}
		return orb.LineString(ls), nil
	case *geom.MultiLineString:
		var ml orb.MultiLineString
		start := 0
		for _, end := range t.Ends() {
			if ls := points(flat[start:end], stride); len(ls) > 0 {
				ml = append(ml, orb.LineString(ls))
			}
			start = end
		}
		if len(ml) == 0 {
			return nil, nil
		}
		return ml, nil
	case *geom.Polygon:
		p := polygon(flat, 0, t.Ends(), stride)
		if len(p) == 0 {
			return nil, nil
		}
		return p, nil
	case *geom.MultiPolygon:
		var mp orb.MultiPolygon
		start := 0
		for _, ends := range t.Endss() {
			if p := polygon(flat, start, ends, stride); len(p) > 0 {
				mp = append(mp, p)
			}
			if len(ends) > 0 {
				start = ends[len(ends)-1]
			}
		}
		if len(mp) == 0 {
			return nil, nil
		}
		return mp, nil
	}
	return nil, fmt.Errorf("unsupported geometry type %T", g)
}

func collection(t *geom.GeometryCollection) (orb.Geometry, error) {
	var c orb.Collection
	for _, m := range t.Geoms() {
		o, err := toOrb(m)
		if err != nil {
			return nil, err
		}
		if o != nil {
			c = append(c, o)
		}
	}
	if len(c) == 0 {
		return nil, nil
	}
	return c, nil
}

func typeName(g geom.T) string {
	switch g.(type) {
	case *geom.Point:
		return "POINT"
	case *geom.MultiPoint:
		return "MULTIPOINT"
	case *geom.LineString:
		return "LINESTRING"
	case *geom.MultiLineString:
		return "MULTILINESTRING"
	case *geom.Polygon:
		return "POLYGON"
	case *geom.MultiPolygon:
		return "MULTIPOLYGON"
	case *geom.GeometryCollection:
		return "GEOMETRYCOLLECTION"
	}
	return fmt.Sprintf("%T", g)
}

func allNaN(c []float64) bool {
	for _, v := range c {
		if !math.IsNaN(v) {
			return false
		}
	}
	return true
}

func points(flat []float64, stride int) []orb.Point {
	if stride < 2 || len(flat) < stride {
		return nil
	}
	out := make([]orb.Point, 0, len(flat)/stride)
	for i := 0; i+stride <= len(flat); i += stride {
		out = append(out, orb.Point{flat[i], flat[i+1]})
	}
	return out
}

// polygon converts the rings ending at ends, the first starting at start;
// empty rings are dropped, and a polygon whose outer ring is empty is empty.
func polygon(flat []float64, start int, ends []int, stride int) orb.Polygon {
	var p orb.Polygon
	for k, end := range ends {
		r := points(flat[start:end], stride)
		start = end
		if len(r) == 0 {
			if k == 0 {
				return nil
			}
			continue
		}
		p = append(p, orb.Ring(r))
	}
	return p
}

// Geom converts an orb geometry to a 2D go-geom geometry with srid. A
// Bound becomes its polygon; empty members are kept as empty geometries.
func Geom(g orb.Geometry, srid int) (geom.T, error) {
	t, err := toGeom(g)
	if err != nil {
		return nil, fmt.Errorf("postgis: %w", err)
	}
	return setSRID(t, srid), nil
}

func setSRID(t geom.T, srid int) geom.T {
	switch g := t.(type) {
	case *geom.Point:
		return g.SetSRID(srid)
	case *geom.MultiPoint:
		return g.SetSRID(srid)
	case *geom.LineString:
		return g.SetSRID(srid)
	case *geom.MultiLineString:
		return g.SetSRID(srid)
	case *geom.Polygon:
		return g.SetSRID(srid)
	case *geom.MultiPolygon:
		return g.SetSRID(srid)
	case *geom.GeometryCollection:
		return g.SetSRID(srid)
	}
	return t
}

func flatOf(ps []orb.Point) []float64 {
	out := make([]float64, 0, 2*len(ps))
	for _, p := range ps {
		out = append(out, p[0], p[1])
	}
	return out
}

func ringsFlat(rs []orb.Ring, flat []float64) ([]float64, []int) {
	ends := make([]int, 0, len(rs))
	for _, r := range rs {
		flat = append(flat, flatOf(r)...)
		ends = append(ends, len(flat))
	}
	return flat, ends
}

func toGeom(g orb.Geometry) (geom.T, error) {
	switch t := g.(type) {
	case orb.Point:
		return geom.NewPointFlat(geom.XY, []float64{t[0], t[1]}), nil
	case orb.MultiPoint:
		return geom.NewMultiPointFlat(geom.XY, flatOf(t)), nil
	case orb.LineString:
		return geom.NewLineStringFlat(geom.XY, flatOf(t)), nil
	case orb.Ring:
		return geom.NewPolygonFlat(geom.XY, flatOf(t), []int{2 * len(t)}), nil
	case orb.MultiLineString:
		var flat []float64
		ends := make([]int, 0, len(t))
		for _, ls := range t {
			flat = append(flat, flatOf(ls)...)
			ends = append(ends, len(flat))
		}
		return geom.NewMultiLineStringFlat(geom.XY, flat, ends), nil
	case orb.Polygon:
		flat, ends := ringsFlat(t, nil)
		return geom.NewPolygonFlat(geom.XY, flat, ends), nil
	case orb.MultiPolygon:
		var flat []float64
		endss := make([][]int, 0, len(t))
		for _, p := range t {
			var ends []int
			flat, ends = ringsFlat(p, flat)
			endss = append(endss, ends)
		}
		return geom.NewMultiPolygonFlat(geom.XY, flat, endss), nil
	case orb.Bound:
		return toGeom(t.ToPolygon())
	case orb.Collection:
		c := geom.NewGeometryCollection()
		for _, m := range t {
			mg, err := toGeom(m)
			if err != nil {
				return nil, err
			}
			if err := c.Push(mg); err != nil {
				return nil, err
			}
		}
		return c, nil
	case nil:
		return nil, errors.New("nil geometry")
	}
	return nil, fmt.Errorf("unsupported geometry type %T", g)
}

// maxDepth bounds how deeply collections may nest in EWKB.
const maxDepth = 32

// checkEWKB walks the structure of b without allocating and fails when a
// count promises more than the bytes left, so that a corrupt geometry
// cannot make the decoder reserve gigabytes or recurse without end.
func checkEWKB(b []byte) error {
	rest, err := checkGeom(b, 0)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return fmt.Errorf("%d bytes after the geometry", len(rest))
	}
	return nil
}

func checkGeom(b []byte, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("collections nested more than %d deep", maxDepth)
	}
	if len(b) < 5 {
		return nil, errors.New("truncated header")
	}
	var order binary.ByteOrder
	switch b[0] {
	case 0:
		order = binary.BigEndian
	case 1:
		order = binary.LittleEndian
	default:
		return nil, fmt.Errorf("byte order %d", b[0])
	}
	typ := order.Uint32(b[1:5])
	b = b[5:]
	dim := 2
	if typ&0x80000000 != 0 {
		dim++
	}
	if typ&0x40000000 != 0 {
		dim++
	}
	if typ&0x20000000 != 0 {
		if len(b) < 4 {
			return nil, errors.New("truncated SRID")
		}
		b = b[4:]
	}
	typ &= 0x0fffffff
	switch typ / 1000 {
	case 1, 2:
		dim++
	case 3:
		dim += 2
	}
	typ %= 1000
	count := func() (int, error) {
		if len(b) < 4 {
			return 0, errors.New("truncated count")
		}
		n := int(order.Uint32(b[:4]))
		b = b[4:]
		return n, nil
	}
	coords := func(n int) error {
		if n > len(b)/(8*dim) {
			return fmt.Errorf("%d coordinates promised, %d bytes left", n, len(b))
		}
		b = b[n*8*dim:]
		return nil
	}
	switch typ {
	case 1: // point
		return b, coords(1)
	case 2: // linestring
		n, err := count()
		if err != nil {
			return nil, err
		}
		return b, coords(n)
	case 3: // polygon
		rings, err := count()
		if err != nil {
			return nil, err
		}
		if rings > len(b)/4 {
			return nil, fmt.Errorf("%d rings promised, %d bytes left", rings, len(b))
		}
		for range rings {
			n, err := count()
			if err != nil {
				return nil, err
			}
			if err := coords(n); err != nil {
				return nil, err
			}
		}
		return b, nil
	case 4, 5, 6, 7: // multi-geometries and collections
		n, err := count()
		if err != nil {
			return nil, err
		}
		if n > len(b)/5 {
			return nil, fmt.Errorf("%d members promised, %d bytes left", n, len(b))
		}
		for range n {
			if b, err = checkGeom(b, depth+1); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("unknown geometry type %d", typ)
}
