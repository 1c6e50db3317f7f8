package edit

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"campmap/data"
)

// Vertex addresses one vertex of a geometry: Part counts its coordinate
// sequences (points, line strings, rings) in the order Parts gives them,
// Index the vertex in the sequence. A ring's closing point is not a vertex
// of its own: it follows the first.
type Vertex struct{ Part, Index int }

// Parts returns g's coordinate sequences in a fixed order (a polygon's
// outer ring, then its holes) and whether each is a ring. Rings are given
// without their closing point. The slices are g's own: do not change them.
func Parts(g orb.Geometry) (parts [][]orb.Point, rings []bool) {
	var walk func(g orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.Point:
			parts, rings = append(parts, []orb.Point{g}), append(rings, false)
		case orb.MultiPoint:
			for _, p := range g {
				parts, rings = append(parts, []orb.Point{p}), append(rings, false)
			}
		case orb.LineString:
			parts, rings = append(parts, g), append(rings, false)
		case orb.MultiLineString:
			for _, l := range g {
				parts, rings = append(parts, l), append(rings, false)
			}
		case orb.Ring:
			parts, rings = append(parts, openRing(g)), append(rings, true)
		case orb.Polygon:
			for _, r := range g {
				walk(r)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				walk(p)
			}
		case orb.Collection:
			for _, c := range g {
				walk(c)
			}
		case orb.Bound:
			walk(g.ToRing())
		}
	}
	walk(g)
	return parts, rings
}

// openRing returns r without its closing point.
func openRing(r orb.Ring) []orb.Point {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		return r[:len(r)-1]
	}
	return r
}

// mapParts returns a copy of g whose coordinate sequences (as Parts gives
// them) are f's results; f receives a copy it may change.
func mapParts(g orb.Geometry, f func(part int, pts []orb.Point, ring bool) ([]orb.Point, error)) (orb.Geometry, error) {
	n := 0
	var err error
	seq := func(pts []orb.Point, ring bool) []orb.Point {
		if ring {
			pts = openRing(pts)
		}
		out, e := f(n, append([]orb.Point(nil), pts...), ring)
		n++
		if e != nil && err == nil {
			err = e
		}
		if ring && len(out) > 0 {
			out = append(out, out[0])
		}
		return out
	}
	var walk func(g orb.Geometry) orb.Geometry
	walk = func(g orb.Geometry) orb.Geometry {
		switch g := g.(type) {
		case orb.Point:
			p := seq([]orb.Point{g}, false)
			if len(p) != 1 {
				err = fmt.Errorf("a point has one vertex")
				return g
			}
			return p[0]
		case orb.MultiPoint:
			out := make(orb.MultiPoint, 0, len(g))
			for _, p := range g {
				if q := seq([]orb.Point{p}, false); len(q) == 1 {
					out = append(out, q[0])
				}
			}
			return out
		case orb.LineString:
			return orb.LineString(seq(g, false))
		case orb.MultiLineString:
			out := make(orb.MultiLineString, len(g))
			for i, l := range g {
				out[i] = seq(l, false)
			}
			return out
		case orb.Ring:
			return orb.Ring(seq(g, true))
		case orb.Polygon:
			out := make(orb.Polygon, len(g))
			for i, r := range g {
				out[i] = seq(r, true)
			}
			return out
		case orb.MultiPolygon:
			out := make(orb.MultiPolygon, len(g))
			for i, p := range g {
				out[i] = walk(p).(orb.Polygon)
			}
			return out
		case orb.Collection:
			out := make(orb.Collection, len(g))
			for i, c := range g {
				out[i] = walk(c)
			}
			return out
		case orb.Bound:
			return walk(g.ToPolygon())
		}
		return g
	}
	out := walk(g)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Translate returns g moved by (dx, dy) degrees of longitude and latitude.
func Translate(g orb.Geometry, dx, dy float64) orb.Geometry {
	out, _ := mapParts(g, func(_ int, pts []orb.Point, _ bool) ([]orb.Point, error) {
		for i := range pts {
			pts[i] = orb.Point{pts[i][0] + dx, pts[i][1] + dy}
		}
		return pts, nil
	})
	return out
}

// MoveVertex returns g with vertex v at p.
func MoveVertex(g orb.Geometry, v Vertex, p orb.Point) (orb.Geometry, error) {
	return mapParts(g, func(part int, pts []orb.Point, _ bool) ([]orb.Point, error) {
		if part != v.Part {
			return pts, nil
		}
		if v.Index < 0 || v.Index >= len(pts) {
			return nil, fmt.Errorf("edit: no vertex %d in part %d", v.Index, v.Part)
		}
		pts[v.Index] = p
		return pts, nil
	})
}

// InsertVertex returns g with p added before vertex v (v.Index may be the
// number of vertices of the part, to add at its end; in a ring, that is
// between the last vertex and the first).
func InsertVertex(g orb.Geometry, v Vertex, p orb.Point) (orb.Geometry, error) {
	return mapParts(g, func(part int, pts []orb.Point, _ bool) ([]orb.Point, error) {
		if part != v.Part {
			return pts, nil
		}
		if v.Index < 0 || v.Index > len(pts) || len(pts) == 1 {
			return nil, fmt.Errorf("edit: cannot add a vertex at %d of part %d", v.Index, v.Part)
		}
		return append(pts[:v.Index], append([]orb.Point{p}, pts[v.Index:]...)...), nil
	})
}

// ErrTooFew is returned for deleting a vertex a line (two) or a ring
// (three) cannot lose.
var ErrTooFew = fmt.Errorf("edit: too few vertices left")

// DeleteVertex returns g without vertex v. A line keeps at least two
// vertices and a ring three (ErrTooFew); a point has none to lose.
func DeleteVertex(g orb.Geometry, v Vertex) (orb.Geometry, error) {
	return mapParts(g, func(part int, pts []orb.Point, ring bool) ([]orb.Point, error) {
		if part != v.Part {
			return pts, nil
		}
		if v.Index < 0 || v.Index >= len(pts) {
			return nil, fmt.Errorf("edit: no vertex %d in part %d", v.Index, v.Part)
		}
		min := 2
		if ring {
			min = 3
		}
		if len(pts) <= min || len(pts) == 1 {
			return nil, ErrTooFew
		}
		return append(pts[:v.Index], pts[v.Index+1:]...), nil
	})
}

// AddHole returns polygon g with ring r (closed or not, at least three
// vertices) as a hole, wound clockwise; a multipolygon takes it in the polygon whose outer
// ring holds r's first vertex.
func AddHole(g orb.Geometry, r orb.Ring) (orb.Geometry, error) {
	if len(openRing(r)) < 3 {
		return nil, ErrTooFew
	}
	r = closed(r)
	if area2(r) > 0 {
		r.Reverse() // holes wind clockwise
	}
	switch g := g.(type) {
	case orb.Polygon:
		out := orb.Clone(g).(orb.Polygon)
		return append(out, r), nil
	case orb.MultiPolygon:
		out := orb.Clone(g).(orb.MultiPolygon)
		for i, p := range out {
			if len(p) > 0 && ringContains(p[0], r[0]) {
				out[i] = append(p, r)
				return out, nil
			}
		}
		return nil, fmt.Errorf("edit: the hole lies in none of the polygons")
	}
	return nil, fmt.Errorf("edit: a %s has no holes", g.GeoJSONType())
}

// ringContains reports whether p lies inside ring r (even-odd rule).
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// NewPolygon returns the polygon of the open ring pts (at least three
// vertices), closed and wound counter-clockwise as RFC 7946 asks of an
// outer ring.
func NewPolygon(pts []orb.Point) (orb.Polygon, error) {
	if len(openRing(pts)) < 3 {
		return nil, ErrTooFew
	}
	r := closed(pts)
	if area2(r) < 0 {
		r.Reverse()
	}
	return orb.Polygon{r}, nil
}

// closed returns a closed copy of pts.
func closed(pts []orb.Point) orb.Ring {
	r := append(orb.Ring(nil), openRing(pts)...)
	return append(r, r[0])
}

// area2 is twice the signed area of closed ring r (positive when
// counter-clockwise).
func area2(r orb.Ring) float64 {
	s := 0.0
	for i := 1; i < len(r); i++ {
		s += r[i-1][0]*r[i][1] - r[i][0]*r[i-1][1]
	}
	return s
}

// Reshape returns f with its geometry op(f.Geometry, p) (one of the
// vertex edits: MoveVertex, InsertVertex, DeleteVertex, AddHole, or a
// Translate), its heights and measures following their positions: a
// position that stays keeps its values, a new one has none (NaN). op is
// also run on a copy of the geometry whose positions carry their index,
// to see where each went.
func Reshape(f data.Feature, p orb.Point, op func(g orb.Geometry, p orb.Point) (orb.Geometry, error)) (data.Feature, error) {
	g, err := op(f.Geometry, p)
	if err != nil {
		return f, err
	}
	out := f
	out.Geometry = g
	if f.Z == nil && f.M == nil || data.PositionCount(g) == data.PositionCount(f.Geometry) {
		return out, nil // positions kept (a move): so are their values
	}
	tagged, err := op(tag(f.Geometry), orb.Point{math.NaN(), math.NaN()})
	if err != nil {
		// op depends on where the positions lie (a hole in one polygon of
		// several): where each went is unknown, and so are the values
		out.Z, out.M = nil, nil
		return out, nil
	}
	var from []int
	data.Positions(tagged, func(q orb.Point) {
		k := -1
		if q[1] == tagLat && q[0] == q[0] {
			k = int(q[0])
		}
		from = append(from, k)
	})
	follow := func(v []float64) []float64 {
		if v == nil {
			return nil
		}
		nv := make([]float64, len(from))
		for j, k := range from {
			nv[j] = math.NaN()
			if k >= 0 && k < len(v) {
				nv[j] = v[k]
			}
		}
		return nv
	}
	out.Z, out.M = follow(f.Z), follow(f.M)
	return out, nil
}

// tagLat is the latitude of tagged positions: no real position has it,
// so positions an op adds (a hole's ring) are told from tagged ones.
const tagLat = 1000

// tag returns a copy of g whose k-th position (in data.Positions order)
// is (k, tagLat).
func tag(g orb.Geometry) orb.Geometry {
	k := 0
	next := func() orb.Point { p := orb.Point{float64(k), tagLat}; k++; return p }
	seq := func(pts []orb.Point) []orb.Point {
		out := make([]orb.Point, len(pts))
		for i := range pts {
			out[i] = next()
		}
		return out
	}
	var walk func(g orb.Geometry) orb.Geometry
	walk = func(g orb.Geometry) orb.Geometry {
		switch g := g.(type) {
		case orb.Point:
			return next()
		case orb.MultiPoint:
			return orb.MultiPoint(seq(g))
		case orb.LineString:
			return orb.LineString(seq(g))
		case orb.Ring:
			r := orb.Ring(seq(g))
			if len(g) > 1 && g[0] == g[len(g)-1] {
				r[len(r)-1] = r[0] // a closed ring stays closed
			}
			return r
		case orb.MultiLineString:
			out := make(orb.MultiLineString, len(g))
			for i, l := range g {
				out[i] = seq(l)
			}
			return out
		case orb.Polygon:
			out := make(orb.Polygon, len(g))
			for i, r := range g {
				out[i] = walk(r).(orb.Ring)
			}
			return out
		case orb.MultiPolygon:
			out := make(orb.MultiPolygon, len(g))
			for i, p := range g {
				out[i] = walk(p).(orb.Polygon)
			}
			return out
		case orb.Collection:
			out := make(orb.Collection, len(g))
			for i, c := range g {
				out[i] = walk(c)
			}
			return out
		case orb.Bound:
			return walk(g.ToPolygon())
		}
		return g
	}
	return walk(g)
}
