// Package basemap holds campmap's offline basemap: land, sea and borders for
// the world overview (Natural Earth) and the Channel in detail (GSHHG full
// resolution), embedded in the binary, and a loader for a user's own basemap.
//
// Geometry is stored twice per level: in longitude/latitude (Land, Lakes,
// Coast, Borders, Rivers) and projected to Web Mercator metres (the *Merc
// fields, EPSG:3857 as computed by orb/project.WGS84.ToMercator), with one
// bounding box per polygon or line in Mercator metres (the *Bounds fields), so
// a renderer can cull whole polygons against the view and draw without
// reprojecting. The slices of one kind are parallel: LandMerc[i] and
// LandBounds[i] belong to Land[i].
//
// Land polygons may have artificial edges where they were clipped to a box
// (the level's coverage, the GSHHG box): stroke Coast for the shoreline, never
// the outlines of Land. Outer rings are counter-clockwise and holes clockwise
// in longitude/latitude (RFC 7946), so all Land polygons of a level can be
// filled as one path with the non-zero rule, which avoids hairline seams
// where two polygons meet along a clip edge.
package basemap

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

// Level is one set of basemap geometry, used between two zooms. A Level is
// never modified once built and may be read from any number of goroutines.
type Level struct {
	Name    string // "overview", "regional", "detail", or "user"
	MinZoom float64
	MaxZoom float64
	// Coverage is the longitude/latitude box the level has data for; outside
	// it the level is empty (not sea). The overview covers the world.
	Coverage orb.Bound

	Land    []orb.Polygon    // longitude/latitude, filled
	Lakes   []orb.Polygon    // drawn in the sea colour over land
	Coast   []orb.LineString // shorelines to stroke (Land outlines without clip edges)
	Borders []orb.LineString // national borders
	Rivers  []orb.LineString

	// Web Mercator metres, parallel to the lon/lat slices above.
	LandMerc    []orb.Polygon
	LakesMerc   []orb.Polygon
	CoastMerc   []orb.LineString
	BordersMerc []orb.LineString
	RiversMerc  []orb.LineString

	// Mercator bounding box of each polygon or line, parallel to the above.
	LandBounds    []orb.Bound
	LakesBounds   []orb.Bound
	CoastBounds   []orb.Bound
	BordersBounds []orb.Bound
	RiversBounds  []orb.Bound

	// CoverageMerc is Coverage in Web Mercator metres.
	CoverageMerc orb.Bound
}

// Basemap is an immutable set of levels plus its credits. It is safe for
// concurrent use once returned.
type Basemap struct {
	Levels  []Level  // coarse to fine; chosen by zoom (see ForZoom and ForView)
	Credits []string // e.g. "GSHHG, Wessel & Smith", "Natural Earth"
	// Places are the towns and cities to name, in the order they are
	// labelled (see SortPlaces): the places of a zoom z are a prefix of
	// the slice, those with MinZoom <= z.
	Places []Place
}

// ForZoom returns the levels whose zoom range holds z, bottom first.
func (b *Basemap) ForZoom(z float64) []*Level {
	if b == nil {
		return nil
	}
	var out []*Level
	for i := range b.Levels {
		l := &b.Levels[i]
		if z >= l.MinZoom && z < l.MaxZoom {
			out = append(out, l)
		}
	}
	return out
}

// ForView returns the levels to draw at zoom z for a view covering the
// longitude/latitude box view, bottom first. It is ForZoom, except that when
// the view reaches beyond the Coverage of the finest matching level, the
// next coarser level that covers more is put underneath it, so that panning
// away from Western Europe at a high zoom still shows land (at the coarser
// level's precision, with a second coastline only along the coverage edge).
func (b *Basemap) ForView(z float64, view orb.Bound) []*Level {
	if b == nil || len(b.Levels) == 0 {
		return nil
	}
	top := -1
	for i := range b.Levels {
		l := &b.Levels[i]
		if z >= l.MinZoom && z < l.MaxZoom {
			top = i
		}
	}
	if top < 0 {
		// Outside every range: use the nearest one.
		top = 0
		if z >= b.Levels[len(b.Levels)-1].MinZoom {
			top = len(b.Levels) - 1
		}
	}
	out := []*Level{&b.Levels[top]}
	covered := b.Levels[top].Coverage
	for i := top - 1; i >= 0 && !containsBound(covered, view); i-- {
		l := &b.Levels[i]
		if containsBound(covered, l.Coverage) {
			continue // covers no more than what is already drawn
		}
		out = append([]*Level{l}, out...)
		covered = covered.Union(l.Coverage)
	}
	return out
}

func containsBound(outer, inner orb.Bound) bool {
	return inner.Min[0] >= outer.Min[0] && inner.Min[1] >= outer.Min[1] &&
		inner.Max[0] <= outer.Max[0] && inner.Max[1] <= outer.Max[1]
}

// IsLand reports whether the lon/lat point p is on land at this level: inside
// a Land polygon and not inside a Lake. It tests every polygon whose bounds
// hold p and is meant for tests and hit tests, not for drawing.
func (l *Level) IsLand(p orb.Point) bool {
	m := project.WGS84.ToMercator(p)
	land := false
	for i, b := range l.LandBounds {
		if b.Contains(m) && polygonContains(l.LandMerc[i], m) {
			land = true
			break
		}
	}
	if !land {
		return false
	}
	for i, b := range l.LakesBounds {
		if b.Contains(m) && polygonContains(l.LakesMerc[i], m) {
			return false
		}
	}
	return true
}

// polygonContains is an even-odd test over every ring of p.
func polygonContains(p orb.Polygon, pt orb.Point) bool {
	in := false
	for _, r := range p {
		if ringContains(r, pt) {
			in = !in
		}
	}
	return in
}

func ringContains(r orb.Ring, pt orb.Point) bool {
	in := false
	n := len(r)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > pt[1]) != (b[1] > pt[1]) &&
			pt[0] < (b[0]-a[0])*(pt[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// Vertices returns the number of points stored in lon/lat at this level.
func (l *Level) Vertices() int {
	n := 0
	for _, p := range l.Land {
		for _, r := range p {
			n += len(r)
		}
	}
	for _, p := range l.Lakes {
		for _, r := range p {
			n += len(r)
		}
	}
	for _, ls := range [][]orb.LineString{l.Coast, l.Borders, l.Rivers} {
		for _, s := range ls {
			n += len(s)
		}
	}
	return n
}

// prepare fills the Mercator geometry and bounds from the lon/lat geometry.
func (l *Level) prepare() {
	l.LandMerc, l.LandBounds = projectPolygons(l.Land)
	l.LakesMerc, l.LakesBounds = projectPolygons(l.Lakes)
	l.CoastMerc, l.CoastBounds = projectLines(l.Coast)
	l.BordersMerc, l.BordersBounds = projectLines(l.Borders)
	l.RiversMerc, l.RiversBounds = projectLines(l.Rivers)
	l.CoverageMerc = orb.Bound{
		Min: project.WGS84.ToMercator(l.Coverage.Min),
		Max: project.WGS84.ToMercator(l.Coverage.Max),
	}
}

func projectPolygons(in []orb.Polygon) ([]orb.Polygon, []orb.Bound) {
	n := 0
	for _, p := range in {
		for _, r := range p {
			n += len(r)
		}
	}
	pts := make([]orb.Point, n) // one backing array for the whole level
	out := make([]orb.Polygon, len(in))
	bounds := make([]orb.Bound, len(in))
	for i, p := range in {
		mp := make(orb.Polygon, len(p))
		b := emptyBound()
		for j, r := range p {
			mr := orb.Ring(pts[:len(r):len(r)])
			pts = pts[len(r):]
			for k, pt := range r {
				m := project.WGS84.ToMercator(pt)
				mr[k] = m
				b = extend(b, m)
			}
			mp[j] = mr
		}
		out[i], bounds[i] = mp, b
	}
	return out, bounds
}

func projectLines(in []orb.LineString) ([]orb.LineString, []orb.Bound) {
	n := 0
	for _, s := range in {
		n += len(s)
	}
	pts := make([]orb.Point, n)
	out := make([]orb.LineString, len(in))
	bounds := make([]orb.Bound, len(in))
	for i, s := range in {
		ms := orb.LineString(pts[:len(s):len(s)])
		pts = pts[len(s):]
		b := emptyBound()
		for k, pt := range s {
			m := project.WGS84.ToMercator(pt)
			ms[k] = m
			b = extend(b, m)
		}
		out[i], bounds[i] = ms, b
	}
	return out, bounds
}

func emptyBound() orb.Bound {
	return orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
}

func extend(b orb.Bound, p orb.Point) orb.Bound {
	b.Min[0] = min(b.Min[0], p[0])
	b.Min[1] = min(b.Min[1], p[1])
	b.Max[0] = max(b.Max[0], p[0])
	b.Max[1] = max(b.Max[1], p[1])
	return b
}
