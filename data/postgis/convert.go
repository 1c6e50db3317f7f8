package postgis

import (
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/wkb"
)

// ErrEmpty is returned for a geometry without coordinates (POINT EMPTY, an
// empty collection): it has no place on the map. It is wkb.ErrEmpty.
var ErrEmpty = wkb.ErrEmpty

// DecodeEWKB decodes one EWKB geometry (as ST_AsEWKB returns it) into orb,
// dropping Z and M, and returns its SRID (0 when it has none). Members of a
// multi-geometry or collection that are empty are left out; a geometry with
// no coordinates at all gives ErrEmpty; coordinates that are not finite
// give an error.
func DecodeEWKB(b []byte) (orb.Geometry, int, error) {
	g, srid, n, err := wkb.Decode(b)
	if errors.Is(err, wkb.ErrEmpty) {
		return nil, 0, fmt.Errorf("postgis: %w", ErrEmpty)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("postgis: decode EWKB: %w", err)
	}
	if n != len(b) {
		return nil, 0, fmt.Errorf("postgis: decode EWKB: %d bytes after the geometry", len(b)-n)
	}
	if !finite(g) {
		return nil, 0, fmt.Errorf("postgis: %s with a coordinate that is not a finite number", g.GeoJSONType())
	}
	return g, srid, nil
}

// EncodeEWKB encodes an orb geometry as little-endian 2D EWKB with srid
// (plain WKB when srid is 0).
func EncodeEWKB(g orb.Geometry, srid int) ([]byte, error) {
	b, err := wkb.Encode(g, srid)
	if err != nil {
		return nil, fmt.Errorf("postgis: %w", err)
	}
	return b, nil
}

// finite reports whether every coordinate of g is a finite number.
func finite(g orb.Geometry) bool {
	ok := true
	data.Positions(g, func(p orb.Point) {
		if math.IsNaN(p[0]) || math.IsInf(p[0], 0) || math.IsNaN(p[1]) || math.IsInf(p[1], 0) {
			ok = false
		}
	})
	return ok
}
