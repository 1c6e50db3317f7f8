package gpkg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"campmap/data/wkb"
)

// ErrBadGeometry is wrapped by DecodeGeometry when a blob is not a
// GeoPackage geometry campmap can read.
var ErrBadGeometry = errors.New("not a readable GeoPackage geometry")

// errEmpty marks an empty geometry (flag set, or a NaN point).
var errEmpty = wkb.ErrEmpty

// errCurve marks a curved or otherwise unsupported WKB type.
var errCurve = wkb.ErrUnsupported

// DecodeGeometry reads a GeoPackage geometry blob (GeoPackage 1.x binary
// header, with any envelope, then WKB in either byte order, 2D, ISO Z/M/ZM
// or EWKB flags, read by campmap/data/wkb). It returns the geometry in the
// blob's coordinates and the srs_id written in its header. Z and M values
// are dropped.
func DecodeGeometry(b []byte) (orb.Geometry, int32, error) {
	g, _, _, srs, err := decodeGeometry(b, false)
	return g, srs, err
}

// DecodeGeometryZM is DecodeGeometry keeping heights and measures, one
// per position in the order of data.Positions (nil when there are none).
func DecodeGeometryZM(b []byte) (g orb.Geometry, z, m []float64, srs int32, err error) {
	return decodeGeometry(b, true)
}

func decodeGeometry(b []byte, keepZM bool) (orb.Geometry, []float64, []float64, int32, error) {
	g, srs, body, err := geometryBody(b)
	if err != nil || g != nil {
		return nil, nil, nil, srs, err
	}
	var z, m []float64
	if keepZM {
		g, z, m, _, _, err = wkb.DecodeZM(body)
	} else {
		g, _, _, err = wkb.Decode(body)
	}
	switch {
	case errors.Is(err, errEmpty):
		return nil, nil, nil, srs, errEmpty
	case errors.Is(err, wkb.ErrBad):
		return nil, nil, nil, srs, fmt.Errorf("gpkg: %w: %w", err, ErrBadGeometry)
	case err != nil:
		return nil, nil, nil, srs, fmt.Errorf("gpkg: %w", err)
	}
	return g, z, m, srs, nil
}

// geometryBody checks a blob's GeoPackage header and returns its srs_id and
// the WKB after it. The geometry it returns is always nil (it keeps the
// signature of the decoders' early returns).
func geometryBody(b []byte) (orb.Geometry, int32, []byte, error) {
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return nil, 0, nil, fmt.Errorf("gpkg: blob does not start with the GeoPackage magic \"GP\": %w", ErrBadGeometry)
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
		return nil, srs, nil, fmt.Errorf("gpkg: envelope indicator %d: %w", env, ErrBadGeometry)
	}
	if flags&(1<<4) != 0 {
		return nil, srs, nil, errEmpty
	}
	if len(b) < 8+size {
		return nil, srs, nil, fmt.Errorf("gpkg: blob shorter than its header: %w", ErrBadGeometry)
	}
	return nil, srs, b[8+size:], nil
}

// EncodeGeometry writes g as a GeoPackage geometry blob: a version 0
// little-endian header with srs and, except for points, an XY envelope,
// then 2D WKB.
func EncodeGeometry(g orb.Geometry, srs int32) ([]byte, error) {
	return EncodeGeometryZM(g, nil, nil, srs)
}

// EncodeGeometryZM is EncodeGeometry writing heights z and measures m
// (one per position in the order of data.Positions, or nil) as ISO WKB
// XYZ, XYM or XYZM; the envelope stays XY.
func EncodeGeometryZM(g orb.Geometry, z, m []float64, srs int32) ([]byte, error) {
	body, err := wkb.EncodeZM(g, z, m)
	if err != nil {
		return nil, fmt.Errorf("gpkg: %w", err)
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
