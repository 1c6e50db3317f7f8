package geo

// The area and perimeter of geodesic polygons, ported from GeographicLib's
// PolygonArea and Accumulator (C. F. F. Karney, MIT/X11 licence; the method
// is section 6 of "Algorithms for geodesics", J. Geodesy 2013).

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthArea is the total area of the WGS 84 ellipsoid in square metres.
var EarthArea = 4 * math.Pi * wgs84.c2

// RingArea returns the area in square metres of the region that ring r
// encloses on the WGS 84 ellipsoid, its sides being geodesics, and its
// perimeter in metres (including the closing side; a repeated closing point
// is allowed and adds nothing). The area is signed, as GeographicLib's
// PolygonArea gives it: positive for a ring traversed counter-clockwise,
// negative for a clockwise one, and in (-EarthArea/2, EarthArea/2], so its
// magnitude is the smaller of the two regions the ring divides the earth
// into. Self-intersecting rings add their loops algebraically. Rings around
// a pole, and across the antimeridian, are handled. A ring of fewer than
// three points has a zero area. RingArea is safe for concurrent use.
func RingArea(r orb.Ring) (area, perimeter float64) {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		r = r[:len(r)-1]
	}
	switch len(r) {
	case 0, 1:
		return 0, 0
	case 2:
		return 0, 2 * Inverse(r[0], r[1]).Distance
	}
	var areaSum, perimeterSum accumulator
	crossings := 0
	for i := range r {
		p, q := r[i], r[(i+1)%len(r)]
		g := wgs84.genInverse(p[1], p[0], q[1], q[0], true)
		perimeterSum.add(g.s12)
		areaSum.add(g.s12area)
		crossings += transit(p[0], q[0])
	}
	return reduceArea(&areaSum, EarthArea, crossings), perimeterSum.sum()
}

// transit counts the crossings of the prime meridian by the side from
// longitude lon1 to lon2: +1 eastwards, -1 westwards.
func transit(lon1, lon2 float64) int {
	lon12, _ := angDiff(lon1, lon2)
	lon1 = angNormalize(lon1)
	lon2 = angNormalize(lon2)
	switch {
	case lon12 > 0 && ((lon1 < 0 && lon2 >= 0) || (lon1 > 0 && lon2 == 0)):
		return 1
	case lon12 < 0 && lon2 < 0 && lon1 >= 0:
		return -1
	}
	return 0
}

// reduceArea brings the summed area into (-area0/2, area0/2], accounting
// for a ring that encircles a pole (an odd number of crossings), with
// counter-clockwise traversal positive.
func reduceArea(area *accumulator, area0 float64, crossings int) float64 {
	area.remainder(area0)
	if crossings&1 != 0 {
		if area.sum() < 0 {
			area.add(area0 / 2)
		} else {
			area.add(-area0 / 2)
		}
	}
	area.negate() // counter-clockwise positive
	if area.sum() > area0/2 {
		area.add(-area0)
	} else if area.sum() <= -area0/2 {
		area.add(area0)
	}
	return 0.0 + area.sum()
}

// accumulator is a running sum kept as s + t with about twice the precision
// of a float64 (Shewchuk's method, as GeographicLib's Accumulator).
type accumulator struct{ s, t float64 }

// add adds y to the sum.
func (a *accumulator) add(y float64) {
	var u float64
	y, u = sumErr(y, a.t)
	a.s, a.t = sumErr(y, a.s)
	// The sum is now s + t + u exactly; fold u in.
	if a.s == 0 {
		a.s = u
	} else {
		a.t += u
	}
}

// sum returns the sum, rounded.
func (a *accumulator) sum() float64 { return a.s }

// negate changes the sign of the sum.
func (a *accumulator) negate() { a.s, a.t = -a.s, -a.t }

// remainder reduces the sum to its remainder on division by y, in
// [-y/2, y/2].
func (a *accumulator) remainder(y float64) {
	a.s = math.Remainder(a.s, y)
	a.add(0.0)
}
