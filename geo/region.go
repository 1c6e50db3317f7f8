package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Region is an area made of polygons (their union), for asking what lies
// inside: `campmap inspect --within` and the window's selections count
// through it. A point on a boundary, an outer ring's or a hole's, counts
// as inside.
type Region struct {
	polys []orb.Polygon
	bound orb.Bound
}

// NewRegion returns the region of the polygons and multipolygons among
// gs; other geometries are left out. ok is false when none is a polygon
// with a ring of at least three points.
func NewRegion(gs ...orb.Geometry) (r Region, ok bool) {
	add := func(p orb.Polygon) {
		if len(p) == 0 || len(p[0]) < 3 {
			return
		}
		if len(r.polys) == 0 {
			r.bound = p.Bound()
		} else {
			r.bound = r.bound.Union(p.Bound())
		}
		r.polys = append(r.polys, p)
	}
	for _, g := range gs {
		switch g := g.(type) {
		case orb.Polygon:
			add(g)
		case orb.MultiPolygon:
			for _, p := range g {
				add(p)
			}
		case orb.Collection:
			if sub, ok := NewRegion(g...); ok {
				for _, p := range sub.polys {
					add(p)
				}
			}
		}
	}
	return r, len(r.polys) > 0
}

// Bound is the bounding box of the region.
func (r Region) Bound() orb.Bound { return r.bound }

// Contains reports whether p lies in the region or on its boundary.
func (r Region) Contains(p orb.Point) bool {
	if len(r.polys) == 0 || !r.bound.Contains(p) {
		return false
	}
	for _, poly := range r.polys {
		if polygonContains(poly, p) {
			return true
		}
	}
	return false
}

// polygonContains is planar.PolygonContains with the boundaries of holes
// counted in the polygon, as the boundary of its outer ring is.
func polygonContains(poly orb.Polygon, p orb.Point) bool {
	if !planar.RingContains(poly[0], p) {
		return false
	}
	for _, hole := range poly[1:] {
		if len(hole) >= 3 && planar.RingContains(hole, p) && !onRing(hole, p) {
			return false
		}
	}
	return true
}

// onRing reports whether p lies on an edge of ring.
func onRing(ring orb.Ring, p orb.Point) bool {
	for i := range ring {
		a, b := ring[i], ring[(i+1)%len(ring)]
		if (p[0]-a[0])*(b[1]-a[1]) != (p[1]-a[1])*(b[0]-a[0]) {
			continue // not on the line through a and b
		}
		if min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) && min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1]) {
			return true
		}
	}
	return false
}
