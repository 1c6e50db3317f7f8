package geojson

import (
	"strconv"

	"github.com/paulmach/orb"
)

// Topology checks (OGC simple-feature validity). RFC 7946 does not require
// them and real files often break them, so campmap draws such polygons and
// only warns: spikes and punctures, self-crossing rings, holes touching the
// shell at more than one point, parts of a MultiPolygon that overlap.
// Polygons with more than topoMaxVertices vertices are not checked (the
// pairwise test is quadratic).

const topoMaxVertices = 1024

// topoProblem describes the first topology fault of g, or "".
func topoProblem(g orb.Geometry) string {
	switch g := g.(type) {
	case orb.Polygon:
		return polygonProblem(g)
	case orb.MultiPolygon:
		n := 0
		for _, p := range g {
			for _, r := range p {
				n += len(r)
			}
		}
		if n > topoMaxVertices {
			return ""
		}
		for i, p := range g {
			if s := polygonProblem(p); s != "" {
				return "polygon " + itoa(i) + ": " + s
			}
		}
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				if polygonsOverlap(g[i], g[j]) {
					return "polygons " + itoa(i) + " and " + itoa(j) + " overlap"
				}
			}
		}
	case orb.Collection:
		for _, m := range g {
			if s := topoProblem(m); s != "" {
				return s
			}
		}
	}
	return ""
}

func itoa(i int) string { return strconv.Itoa(i) }

func polygonProblem(p orb.Polygon) string {
	n := 0
	for _, r := range p {
		n += len(r)
	}
	if n > topoMaxVertices {
		return ""
	}
	for i, r := range p {
		if s := ringProblem(r); s != "" {
			return "ring " + itoa(i) + " " + s
		}
	}
	for i := range p {
		for j := i + 1; j < len(p); j++ {
			cross, touches := ringsMeet(p[i], p[j])
			if cross {
				return "rings " + itoa(i) + " and " + itoa(j) + " cross"
			}
			if touches > 1 {
				return "rings " + itoa(i) + " and " + itoa(j) + " touch at more than one point, cutting the polygon in pieces"
			}
		}
	}
	return ""
}

// orient is the sign of the turn a→b→c: >0 left, <0 right, 0 collinear.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func onSegment(a, b, p orb.Point) bool {
	return min(a[0], b[0]) <= p[0] && p[0] <= max(a[0], b[0]) &&
		min(a[1], b[1]) <= p[1] && p[1] <= max(a[1], b[1])
}

// segmentsMeet reports whether segments ab and cd share a point.
func segmentsMeet(a, b, c, d orb.Point) bool {
	// Segments whose boxes are apart share no point: most pairs of a ring
	// are rejected here, before the four orientations.
	if max(a[0], b[0]) < min(c[0], d[0]) || max(c[0], d[0]) < min(a[0], b[0]) ||
		max(a[1], b[1]) < min(c[1], d[1]) || max(c[1], d[1]) < min(a[1], b[1]) {
		return false
	}
	o1, o2, o3, o4 := orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)
	if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) {
		return true
	}
	return (o1 == 0 && onSegment(a, b, c)) || (o2 == 0 && onSegment(a, b, d)) ||
		(o3 == 0 && onSegment(c, d, a)) || (o4 == 0 && onSegment(c, d, b))
}

// ringProblem finds spikes (the ring turning back on itself) and
// self-intersections of a closed ring.
func ringProblem(r orb.Ring) string {
	r = dedupe(r)
	m := len(r) - 1 // segments r[i]–r[i+1]
	if m < 3 {
		return ""
	}
	for i := 0; i < m; i++ {
		a, b, c := r[i], r[i+1], r[(i+2)%m]
		if orient(a, b, c) == 0 && (b[0]-a[0])*(c[0]-b[0])+(b[1]-a[1])*(c[1]-b[1]) < 0 {
			return "has a spike (it turns back on itself at " + pointText(b) + ")"
		}
	}
	for i := 0; i < m; i++ {
		for j := i + 2; j < m; j++ {
			if i == 0 && j == m-1 {
				continue // the closing segment is adjacent to the first
			}
			if segmentsMeet(r[i], r[i+1], r[j], r[j+1]) {
				return "touches or crosses itself"
			}
		}
	}
	return ""
}

// ringsMeet reports whether two rings cross, and at how many distinct
// points they touch.
func ringsMeet(a, b orb.Ring) (cross bool, touches int) {
	var seen []orb.Point
	add := func(p orb.Point) {
		for _, q := range seen {
			if q == p {
				return
			}
		}
		seen = append(seen, p)
	}
	for i := 0; i+1 < len(a); i++ {
		for j := 0; j+1 < len(b); j++ {
			p, q, r, s := a[i], a[i+1], b[j], b[j+1]
			if !segmentsMeet(p, q, r, s) {
				continue
			}
			o1, o2, o3, o4 := orient(p, q, r), orient(p, q, s), orient(r, s, p), orient(r, s, q)
			if o1 != 0 && o2 != 0 && o3 != 0 && o4 != 0 {
				return true, 0 // proper crossing
			}
			// record the touching point(s)
			for _, x := range [...]struct {
				o    float64
				pt   orb.Point
				a, b orb.Point
			}{{o1, r, p, q}, {o2, s, p, q}, {o3, p, r, s}, {o4, q, r, s}} {
				if x.o == 0 && onSegment(x.a, x.b, x.pt) {
					add(x.pt)
				}
			}
		}
	}
	return false, len(seen)
}

// polygonsOverlap reports whether two polygons' interiors overlap: their
// shells cross, or a vertex of one lies strictly inside the other (inside
// its shell, outside its holes).
func polygonsOverlap(p, q orb.Polygon) bool {
	if len(p) == 0 || len(q) == 0 {
		return false
	}
	if cross, _ := ringsMeet(p[0], q[0]); cross {
		return true
	}
	return anyInside(p[0], q) || anyInside(q[0], p)
}

// anyInside reports whether a vertex of ring a lies strictly inside
// polygon q.
func anyInside(a orb.Ring, q orb.Polygon) bool {
	for _, v := range a {
		if !strictlyInside(q[0], v) {
			continue
		}
		inHole := false
		for _, h := range q[1:] {
			if strictlyInside(h, v) || onRing(h, v) {
				inHole = true
				break
			}
		}
		if !inHole {
			return true
		}
	}
	return false
}

func onRing(r orb.Ring, p orb.Point) bool {
	for i := 0; i+1 < len(r); i++ {
		if orient(r[i], r[i+1], p) == 0 && onSegment(r[i], r[i+1], p) {
			return true
		}
	}
	return false
}

func strictlyInside(r orb.Ring, p orb.Point) bool {
	in := false
	for i := 0; i+1 < len(r); i++ {
		a, b := r[i], r[i+1]
		if orient(a, b, p) == 0 && onSegment(a, b, p) {
			return false // on the boundary
		}
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := a[0] + (p[1]-a[1])/(b[1]-a[1])*(b[0]-a[0])
			if p[0] < x {
				in = !in
			}
		}
	}
	return in
}

func pointText(p orb.Point) string {
	return "[" + strconv.FormatFloat(p[0], 'g', -1, 64) + ", " + strconv.FormatFloat(p[1], 'g', -1, 64) + "]"
}

// dedupe drops consecutive repeated positions.
func dedupe(r orb.Ring) orb.Ring {
	i := 1
	for i < len(r) && r[i] != r[i-1] {
		i++
	}
	if i >= len(r) {
		return r // nothing repeated (most rings): no copy
	}
	out := make(orb.Ring, 0, len(r))
	for i, p := range r {
		if i == 0 || p != r[i-1] {
			out = append(out, p)
		}
	}
	return out
}
