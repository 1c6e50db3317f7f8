package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// WGS 84 ellipsoid.
const (
	wgs84A = 6378137.0
	wgs84F = 1 / 298.257223563
)

// Distance returns the geodesic distance in metres between two
// longitude/latitude points on the WGS 84 ellipsoid: the length of the
// shortest path, as Inverse computes it (Karney's algorithm, within
// nanometres of GeographicLib everywhere, nearly antipodal points included).
// Distance is safe for concurrent use.
func Distance(a, b orb.Point) float64 {
	return wgs84.genInverse(a[1], a[0], b[1], b[0], false).s12
}

// Length returns the geodesic length in metres of a line of
// longitude/latitude points.
func Length(ls orb.LineString) float64 {
	d := 0.0
	for i := 1; i < len(ls); i++ {
		d += Distance(ls[i-1], ls[i])
	}
	return d
}

// GroundScale returns the ground metres covered by one pixel at latitude lat
// for viewport v, measured geodesically along the parallel (what a scale bar
// drawn at that latitude must show).
func GroundScale(v Viewport, lat float64) float64 {
	t := v.Transform()
	// Take a 100 px horizontal segment through the centre, moved to lat.
	_, y := t.Project(orb.Point{v.Center[0], lat})
	a := t.Unproject(float64(v.W)/2-50, y)
	b := t.Unproject(float64(v.W)/2+50, y)
	a[1], b[1] = lat, lat
	return Distance(a, b) / 100
}

// NiceLength returns the largest "round" length (1, 2 or 5 times a power of
// ten) not above maxMeters, used for scale bars.
func NiceLength(maxMeters float64) float64 {
	if maxMeters <= 0 || math.IsNaN(maxMeters) || math.IsInf(maxMeters, 0) {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(maxMeters)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= maxMeters {
			return m * p
		}
	}
	return p
}
