package data

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// anchorOf returns the point used to label and hit-test a geometry that is
// not a single Point: the area centroid of a polygon, the vertex nearest the
// middle of a line, the first member of a collection.
func anchorOf(g orb.Geometry) orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return g
	case orb.MultiPoint:
		if len(g) > 0 {
			return g[0]
		}
	case orb.LineString:
		if len(g) > 0 {
			return g[len(g)/2]
		}
	case orb.MultiLineString:
		longest := -1.0
		var p orb.Point
		for _, ls := range g {
			if n := planar.Length(ls); n > longest && len(ls) > 0 {
				longest, p = n, ls[len(ls)/2]
			}
		}
		return p
	case orb.Ring:
		return anchorOf(orb.Polygon{g})
	case orb.Polygon, orb.MultiPolygon:
		if c, a := planar.CentroidArea(g); a > 0 {
			return c
		}
		return g.Bound().Center()
	case orb.Collection:
		for _, m := range g {
			return anchorOf(m)
		}
	case orb.Bound:
		return g.Center()
	}
	return g.Bound().Center()
}
