package edit

import (
	"math"

	"github.com/paulmach/orb"

	"campmap/data"
)

// Projector maps longitude/latitude to pixels and back; geo.Viewport is
// one.
type Projector interface {
	Project(p orb.Point) (x, y float64)
	Unproject(x, y float64) orb.Point
}

// Target says what a snap found.
type Target uint8

// What a point snapped to.
const (
	None     Target = iota // nothing within reach
	OnVertex               // a vertex of a feature
	OnEdge                 // the nearest point of an edge
)

// Snap is where a point snapped to.
type Snap struct {
	At     orb.Point // longitude, latitude
	Target Target
	Layer  int // index into the layers searched
	Index  int // feature index in that layer
}

// Skip tells SnapTo to pass over feature i of layer li (the feature being
// edited, which must not snap to itself, or one the map does not show).
// It is asked only of features within reach.
type Skip func(li, i int) bool

// SnapTo snaps pixel (x, y) to the nearest vertex of a feature of layers
// within tol pixels, else to the nearest point of an edge within tol, and
// returns the point it snapped to (the unprojected (x, y) with Target
// None when nothing is in reach). Vertices win over edges, so a click near
// a corner lands on it. It reads the layers only; they are searched whole,
// the bound of each feature first.
func SnapTo(pr Projector, x, y, tol float64, layers []*data.Layer, skip Skip) Snap {
	best := Snap{At: pr.Unproject(x, y), Layer: -1, Index: -1}
	box := reach(pr, x, y, tol)
	bestV, bestE := tol*tol, tol*tol
	var edge Snap
	for li, l := range layers {
		if l == nil || !l.Bounds().Intersects(box) {
			continue
		}
		for i := 0; i < l.Len(); i++ {
			if l.IsPoint(i) {
				a := l.Anchor(i)
				if !box.Contains(a) || skip != nil && skip(li, i) {
					continue
				}
				px, py := pr.Project(a)
				if d := sq(px-x, py-y); d <= bestV {
					bestV, best = d, Snap{At: a, Target: OnVertex, Layer: li, Index: i}
				}
				continue
			}
			g := l.Geometry(i)
			if !g.Bound().Intersects(box) || skip != nil && skip(li, i) {
				continue
			}
			parts, rings := Parts(g)
			for pi, pts := range parts {
				var ppx, ppy float64
				for vi := 0; vi <= len(pts); vi++ {
					if vi == len(pts) && !(rings[pi] && len(pts) > 2) {
						break
					}
					p := pts[vi%len(pts)]
					px, py := pr.Project(p)
					if vi < len(pts) {
						if d := sq(px-x, py-y); d <= bestV {
							bestV, best = d, Snap{At: p, Target: OnVertex, Layer: li, Index: i}
						}
					}
					if vi > 0 {
						if d, qx, qy := toSegment(x, y, ppx, ppy, px, py); d <= bestE {
							bestE = d
							edge = Snap{At: pr.Unproject(qx, qy), Target: OnEdge, Layer: li, Index: i}
						}
					}
					ppx, ppy = px, py
				}
			}
		}
	}
	if best.Target == None && edge.Target == OnEdge {
		return edge
	}
	return best
}

// reach is the bound, in longitude and latitude, of the pixels within tol
// of (x, y).
func reach(pr Projector, x, y, tol float64) orb.Bound {
	a, b := pr.Unproject(x-tol, y-tol), pr.Unproject(x+tol, y+tol)
	return orb.Bound{Min: a, Max: a}.Extend(b)
}

// sq is the squared length of (dx, dy).
func sq(dx, dy float64) float64 { return dx*dx + dy*dy }

// toSegment returns the squared distance from (x, y) to segment a-b and
// the nearest point of the segment.
func toSegment(x, y, ax, ay, bx, by float64) (d, qx, qy float64) {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/l))
	}
	qx, qy = ax+t*dx, ay+t*dy
	return sq(x-qx, y-qy), qx, qy
}
