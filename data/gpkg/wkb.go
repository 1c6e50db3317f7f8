package gpkg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// ErrBadGeometry is wrapped by DecodeGeometry when a blob is not a
// GeoPackage geometry campmap can read.
var ErrBadGeometry = errors.New("not a readable GeoPackage geometry")

// errEmpty marks an empty geometry (flag set, or a NaN point).
var errEmpty = errors.New("empty geometry")

// errCurve marks a curved or otherwise unsupported WKB type.
var errCurve = errors.New("curved and surface geometries are not supported")

// maxDepth bounds nested geometry collections.
const maxDepth = 16

// DecodeGeometry reads a GeoPackage geometry blob (GeoPackage 1.x binary
// header, with any envelope, then WKB in either byte order, 2D, ISO Z/M/ZM
// or EWKB flags). It returns the geometry in the blob's coordinates and the
// srs_id written in its header. Z and M values are dropped.
func DecodeGeometry(b []byte) (orb.Geometry, int32, error) {
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return nil, 0, fmt.Errorf("gpkg: blob does not start with the GeoPackage magic \"GP\": %w", ErrBadGeometry)
	}
	flags := b[3]
	var order binary.ByteOrder = binary.BigEndian
	if flags&1 != 0 {
		order = binary.LittleEndian
	}
	srs := int32(order.Uint32(b[4:8]))
	env := (flags >> 1) & 7
	size := 0
	switch env {
	case 0:
	case 1:
		size = 32
	case 2, 3:
		size = 48
	case 4:
		size = 64
	default:
		return nil, srs, fmt.Errorf("gpkg: envelope indicator %d: %w", env, ErrBadGeometry)
	}
	if flags&(1<<4) != 0 {
		return nil, srs, errEmpty
	}
	if len(b) < 8+size {
		return nil, srs, fmt.Errorf("gpkg: blob shorter than its header: %w", ErrBadGeometry)
	}
	r := wkbReader{b: b[8+size:]}
	g, err := r.geometry(0)
	if err != nil {
		return nil, srs, err
	}
	return g, srs, nil
}

type wkbReader struct {
	b     []byte
	i     int
	order binary.ByteOrder
}

func (r *wkbReader) fail(msg string) error {
	return fmt.Errorf("gpkg: WKB at byte %d: %s: %w", r.i, msg, ErrBadGeometry)
}

func (r *wkbReader) u32() (uint32, error) {
	if r.i+4 > len(r.b) {
		return 0, r.fail("truncated")
	}
	v := r.order.Uint32(r.b[r.i:])
	r.i += 4
	return v, nil
}

// count reads an element count, refusing one the remaining bytes cannot hold.
func (r *wkbReader) count(minSize int) (int, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if int64(n)*int64(minSize) > int64(len(r.b)-r.i) {
		return 0, r.fail(fmt.Sprintf("count %d larger than the data", n))
	}
	return int(n), nil
}

func (r *wkbReader) point(dims int) (orb.Point, error) {
	if r.i+8*dims > len(r.b) {
		return orb.Point{}, r.fail("truncated")
	}
	x := math.Float64frombits(r.order.Uint64(r.b[r.i:]))
	y := math.Float64frombits(r.order.Uint64(r.b[r.i+8:]))
	r.i += 8 * dims
	return orb.Point{x, y}, nil
}

func (r *wkbReader) points(dims int) ([]orb.Point, error) {
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

func (r *wkbReader) polygon(dims int) (orb.Polygon, error) {
	n, err := r.count(4)
	if err != nil {
		return nil, err
	}
	poly := make(orb.Polygon, 0, n)
	for k := 0; k < n; k++ {
		pts, err := r.points(dims)
		if err != nil {
			return nil, err
		}
		poly = append(poly, orb.Ring(pts))
	}
	return poly, nil
}

// header reads the byte order and type; it returns the base type (1..7 or
// more) and the number of ordinates per position.
func (r *wkbReader) header() (uint32, int, error) {
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
		if _, err := r.u32(); err != nil {
			return 0, 0, err
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

func (r *wkbReader) geometry(depth int) (orb.Geometry, error) {
	if depth > maxDepth {
		return nil, r.fail("collections nested too deep")
	}
	typ, dims, err := r.header()
	if err != nil {
		return nil, err
	}
	switch typ {
	case 1:
		p, err := r.point(dims)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
			return nil, errEmpty
		}
		return p, nil
	case 2:
		pts, err := r.points(dims)
		if err != nil {
			return nil, err
		}
		if len(pts) == 0 {
			return nil, errEmpty
		}
		return orb.LineString(pts), nil
	case 3:
		poly, err := r.polygon(dims)
		if err != nil {
			return nil, err
		}
		if len(poly) == 0 {
			return nil, errEmpty
		}
		return poly, nil
	case 4, 5, 6, 7:
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
			if errors.Is(err, errEmpty) {
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
		return nil, errEmpty
	}
	return nil, fmt.Errorf("gpkg: WKB type %d: %w", typ, errCurve)
}

// EncodeGeometry writes g as a GeoPackage geometry blob: a version 0
// little-endian header with srs and, except for points, an XY envelope,
// then 2D WKB.
func EncodeGeometry(g orb.Geometry, srs int32) ([]byte, error) {
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, fmt.Errorf("gpkg: encode %s: %w", g.GeoJSONType(), err)
	}
	_, isPoint := g.(orb.Point)
	head := make([]byte, 8, 8+32+len(body))
	head[0], head[1], head[2] = 'G', 'P', 0
	flags := byte(1) // little endian
	if !isPoint {
		flags |= 1 << 1 // XY envelope
	}
	head[3] = flags
	binary.LittleEndian.PutUint32(head[4:], uint32(srs))
	if !isPoint {
		b := g.Bound()
		for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			head = binary.LittleEndian.AppendUint64(head, math.Float64bits(v))
		}
	}
	return append(head, body...), nil
}
