package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Measurement is what measuring a path of points gives: each segment's
// geodesic length and initial bearing, their sum and, for a closed ring,
// its area and perimeter. The window's measure tool and `campmap measure`
// both measure through MeasurePath.
type Measurement struct {
	Segments []float64 // metres, one per pair of consecutive points
	// Bearings are the compass bearings in [0, 360) at the start of each
	// segment; NaN for a segment between coincident points.
	Bearings []float64
	Distance float64 // metres, the sum of Segments
	// Closed says the points were measured as a ring: Area (m², never
	// negative) and Perimeter (m, back to the first point) are set.
	Closed          bool
	Area, Perimeter float64
}

// MeasurePath measures the path through pts on the WGS 84 ellipsoid; with
// closed, it also measures the ring the points close.
func MeasurePath(pts []orb.Point, closed bool) Measurement {
	m := Measurement{Segments: []float64{}, Bearings: []float64{}, Closed: closed}
	for i := 1; i < len(pts); i++ {
		g := Inverse(pts[i-1], pts[i])
		m.Segments = append(m.Segments, g.Distance)
		m.Distance += g.Distance
		b := math.NaN()
		if g.Distance > 0 {
			b = Bearing(g.Azimuth1)
		}
		m.Bearings = append(m.Bearings, b)
	}
	if closed {
		a, p := RingArea(pts)
		m.Area, m.Perimeter = math.Abs(a), p
	}
	return m
}

// Bearing turns an azimuth in [-180, 180] into a compass bearing in
// [0, 360).
func Bearing(azi float64) float64 {
	b := math.Mod(azi+360, 360)
	if b >= 360 {
		b = 0
	}
	return b + 0 // no -0
}
