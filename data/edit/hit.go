package edit

import (
	"github.com/paulmach/orb"

	"campmap/data"
)

// HitFeature returns the feature of l under pixel (x, y): the nearest
// point or line within tol pixels, or a polygon holding (x, y) or within
// tol of its edge. Points win over lines and edges, which win over the
// inside of polygons; of features equally near, the last, drawn on top,
// wins.
//
// shown, when not nil, tells the features the map shows (time window,
// filters); the others are never hit. It is asked only of features
// within reach.
func HitFeature(l *data.Layer, pr Projector, x, y, tol float64, shown func(i int) bool) (int, bool) {
	box := reach(pr, x, y, tol)
	at := pr.Unproject(x, y)
	best, bestC, bestD := -1, 3, tol*tol
	// take makes feature i the best when its class (0 points, 1 lines
	// and edges, 2 the inside of polygons) and distance d beat it.
	take := func(i, c int, d float64) {
		if c < bestC || c == bestC && d <= bestD {
			best, bestC, bestD = i, c, d
		}
	}
	for i := 0; i < l.Len(); i++ {
		if l.IsPoint(i) {
			a := l.Anchor(i)
			if !box.Contains(a) || shown != nil && !shown(i) {
				continue
			}
			px, py := pr.Project(a)
			if d := sq(px-x, py-y); d <= tol*tol {
				take(i, 0, d)
			}
			continue
		}
		g := l.Geometry(i)
		if !g.Bound().Intersects(box) || shown != nil && !shown(i) {
			continue
		}
		if _, d, ok := nearestVertex(g, pr, x, y, tol); ok {
			take(i, 1, d) // a vertex (a multipoint's points have no edges)
		} else if _, _, d, ok := nearestEdge(g, pr, x, y, tol); ok {
			take(i, 1, d)
		} else if inside(g, at) {
			take(i, 2, 0)
		}
	}
	return best, best >= 0
}

// inside reports whether p lies in a polygon of g (outside its holes).
func inside(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		if len(g) == 0 || !ringContains(g[0], p) {
			return false
		}
		for _, h := range g[1:] {
			if ringContains(h, p) {
				return false
			}
		}
		return true
	case orb.MultiPolygon:
		for _, q := range g {
			if inside(q, p) {
				return true
			}
		}
	case orb.Collection:
		for _, c := range g {
			if inside(c, p) {
				return true
			}
		}
	case orb.Bound:
		return g.Contains(p)
	}
	return false
}

// NearestVertex returns g's vertex nearest pixel (x, y), if one lies
// within tol pixels.
func NearestVertex(g orb.Geometry, pr Projector, x, y, tol float64) (Vertex, bool) {
	v, _, ok := nearestVertex(g, pr, x, y, tol)
	return v, ok
}

// nearestVertex is NearestVertex with the squared pixel distance.
func nearestVertex(g orb.Geometry, pr Projector, x, y, tol float64) (Vertex, float64, bool) {
	best, bestD := Vertex{}, tol*tol
	ok := false
	parts, _ := Parts(g)
	for pi, pts := range parts {
		for vi, p := range pts {
			px, py := pr.Project(p)
			if d := sq(px-x, py-y); d <= bestD {
				best, bestD, ok = Vertex{pi, vi}, d, true
			}
		}
	}
	return best, bestD, ok
}

// NearestEdge returns where on g's nearest edge within tol pixels of
// (x, y) a vertex would go: the Vertex to pass InsertVertex and the point
// on the edge.
func NearestEdge(g orb.Geometry, pr Projector, x, y, tol float64) (Vertex, orb.Point, bool) {
	v, p, _, ok := nearestEdge(g, pr, x, y, tol)
	return v, p, ok
}

// nearestEdge is NearestEdge with the squared pixel distance.
func nearestEdge(g orb.Geometry, pr Projector, x, y, tol float64) (Vertex, orb.Point, float64, bool) {
	var best Vertex
	var bx, by float64
	bestD := tol * tol
	ok := false
	parts, rings := Parts(g)
	for pi, pts := range parts {
		n := len(pts)
		if n < 2 {
			continue
		}
		last := n - 1
		if rings[pi] {
			last = n
		}
		for vi := 0; vi < last; vi++ {
			ax, ay := pr.Project(pts[vi])
			cx, cy := pr.Project(pts[(vi+1)%n])
			if d, qx, qy := toSegment(x, y, ax, ay, cx, cy); d <= bestD {
				best, bestD, bx, by, ok = Vertex{pi, vi + 1}, d, qx, qy, true
			}
		}
	}
	if !ok {
		return Vertex{}, orb.Point{}, 0, false
	}
	return best, pr.Unproject(bx, by), bestD, true
}
