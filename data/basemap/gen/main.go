// Command gen builds campmap's embedded basemap levels from Natural Earth and
// GSHHG source files:
//
//	go run ./data/basemap/gen -src DIR -out data/basemap/embed
//
// DIR holds naturalearth/*.geojson and gshhg-channel/*.geojson as described
// in data/basemap/embed/PROVENANCE.md. The output is deterministic: the same
// inputs give byte-identical files.
package main

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"campmap/data/basemap"
	"campmap/geo"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/project"
	"github.com/paulmach/orb/simplify"
)

// Boxes (longitude/latitude).
var (
	world = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	// regionBox is the regional level's coverage: Western Europe.
	regionBox = orb.Bound{Min: orb.Point{-12, 42}, Max: orb.Point{16, 61}}
	// coastBox is the extent of gshhg_f_channel.geojson (full-resolution shoreline).
	coastBox = orb.Bound{Min: orb.Point{-6, 49}, Max: orb.Point{4, 52.5}}
	// lineBox is the extent of the GSHHG borders extract.
	lineBox = orb.Bound{Min: orb.Point{-2, 49.5}, Max: orb.Point{3, 52}}
	// riverBox is the extent of the GSHHG rivers extract (gmt keeps whole bins).
	riverBox = orb.Bound{Min: orb.Point{-2, 49}, Max: orb.Point{3, 52}}
)

// Zoom ranges and simplification: Douglas-Peucker in Web Mercator with a
// tolerance of half a pixel at the zoom given.
const (
	overviewMax = 5.0
	regionalMax = 8.0
	detailMax   = 30.0 // open-ended
	neDetailZ   = 9.0  // Natural Earth 10m holds no detail beyond this
	gshhgZ      = 13.0 // half a pixel at z13 is 9.5 m (6 m on the ground at 51°N), under the 20 m cap
)

// logw receives what the generator reports about its work.
var logw io.Writer = os.Stdout

func tolerance(z float64) float64 {
	return 0.5 * geo.WorldMeters / (geo.TileSize * math.Exp2(z))
}

func main() {
	src := flag.String("src", "", "folder holding naturalearth/ and gshhg-channel/ (required)")
	out := flag.String("out", "", "output folder for the .cmbm.gz levels (required)")
	flag.Parse()
	if *src == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: gen -src DIR -out DIR")
		os.Exit(2)
	}
	if err := run(*src, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(src, out string) error {
	ne := func(name string) string { return filepath.Join(src, "naturalearth", name+".geojson") }
	gs := func(name string) string { return filepath.Join(src, "gshhg-channel", name+".geojson") }

	land50, err := readPolygons(ne("ne_50m_land"), nil)
	if err != nil {
		return err
	}
	coast50, err := readLines(ne("ne_50m_coastline"), nil)
	if err != nil {
		return err
	}
	land10, err := readPolygons(ne("ne_10m_land"), nil)
	if err != nil {
		return err
	}
	lakes10, err := readPolygons(ne("ne_10m_lakes"), nil)
	if err != nil {
		return err
	}
	bigLakes, err := readPolygons(ne("ne_10m_lakes"), maxRank(1))
	if err != nil {
		return err
	}
	borders10, err := readLines(ne("ne_10m_admin_0_boundary_lines_land"), nil)
	if err != nil {
		return err
	}
	rivers10, err := readLines(ne("ne_10m_rivers_lake_centerlines"), maxRank(6))
	if err != nil {
		return err
	}
	gCoast, err := readLines(gs("gshhg_f_channel"), nil)
	if err != nil {
		return err
	}
	gBorders, err := readLines(gs("gshhg_f_channel_borders"), nil)
	if err != nil {
		return err
	}
	gRivers, err := readLines(gs("gshhg_f_channel_rivers"), nil)
	if err != nil {
		return err
	}
	if err := inside(gCoast, coastBox, "shoreline"); err != nil {
		return err
	}
	if err := inside(gBorders, lineBox, "borders"); err != nil {
		return err
	}
	if err := inside(gRivers, riverBox, "rivers"); err != nil {
		return err
	}

	// Overview: the world from NE 50m land and coastline, NE 10m borders and
	// the largest lakes.
	tol := tolerance(overviewMax)
	overview := &basemap.Level{Name: "overview", MinZoom: 0, MaxZoom: overviewMax, Coverage: world}
	overview.Land = dropSmall(simplifyPolygons(land50, tol), tol)
	overview.Coast = dropShort(simplifyLines(coast50, tol), tol)
	overview.Lakes = dropSmall(simplifyPolygons(bigLakes, tol), tol)
	overview.Borders = dropShort(simplifyLines(borders10, tol), tol)

	// Regional: NE 10m clipped to Western Europe.
	tol = tolerance(regionalMax)
	regional := &basemap.Level{Name: "regional", MinZoom: overviewMax, MaxZoom: regionalMax, Coverage: regionBox}
	landR := simplifyPolygons(clipPolygons(land10, grow(regionBox, 1)), tol)
	regional.Land = dropSmall(clipPolygons(landR, regionBox), tol)
	regional.Coast = dropShort(clipLines(ringLines(landR), regionBox), tol)
	regional.Lakes = dropSmall(simplifyPolygons(clipPolygons(lakes10, regionBox), tol), tol)
	regional.Borders = simplifyLines(clipLines(borders10, regionBox), tol)
	regional.Rivers = dropShort(simplifyLines(clipLines(rivers10, regionBox), tol), tol)

	// Detail: GSHHG full resolution in its box, NE 10m around it.
	tol = tolerance(neDetailZ)
	detail := &basemap.Level{Name: "detail", MinZoom: regionalMax, MaxZoom: detailMax, Coverage: regionBox}
	landD := simplifyPolygons(clipPolygons(land10, grow(regionBox, 1)), tol)
	strips := around(regionBox, coastBox)
	for _, s := range strips {
		detail.Land = append(detail.Land, dropSmall(clipPolygons(landD, s), tol)...)
		detail.Coast = append(detail.Coast, dropShort(clipLines(ringLines(landD), s), tol)...)
	}
	gTol := tolerance(gshhgZ)
	chains, err := joinSegments(gCoast)
	if err != nil {
		return err
	}
	for i := range chains {
		chains[i] = simplifyLine(chains[i], gTol)
	}
	ref := clipPolygons(land10, grow(coastBox, 0.5))
	gLand, err := closeLand(chains, coastBox, ref)
	if err != nil {
		return err
	}
	detail.Land = append(detail.Land, gLand...)
	detail.Coast = append(detail.Coast, chains...)
	detail.Lakes = dropSmall(simplifyPolygons(clipPolygons(lakes10, regionBox), tol), tol)
	detail.Borders = simplifyLines(gBorders, gTol)
	detail.Rivers = simplifyLines(gRivers, gTol)
	for _, s := range around(regionBox, lineBox) {
		detail.Borders = append(detail.Borders, simplifyLines(clipLines(borders10, s), tol)...)
	}
	for _, s := range around(regionBox, riverBox) {
		detail.Rivers = append(detail.Rivers, dropShort(simplifyLines(clipLines(rivers10, s), tol), tol)...)
	}

	places, err := readPlaces(ne("ne_10m_populated_places_simple"), ne("ne_10m_ports"))
	if err != nil {
		return err
	}

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := writePlaces(filepath.Join(out, "places.cmbm.gz"), places); err != nil {
		return err
	}
	for _, l := range []*basemap.Level{overview, regional, detail} {
		for i := range l.Land {
			orient(l.Land[i])
		}
		for i := range l.Lakes {
			orient(l.Lakes[i])
		}
		var buf bytes.Buffer
		if err := basemap.EncodeLevel(&buf, l); err != nil {
			return err
		}
		path := filepath.Join(out, l.Name+".cmbm.gz")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Printf("%-9s land %5d polygons, lakes %4d, coast %5d lines, borders %4d, rivers %4d, %7d vertices, %8d bytes\n",
			l.Name, len(l.Land), len(l.Lakes), len(l.Coast), len(l.Borders), len(l.Rivers), l.Vertices(), buf.Len())
	}
	return nil
}

// ---- places ----

// portTownZoom and portTownRank are given to port towns that Natural
// Earth's populated places lack (Boulogne-sur-Mer, Dunkerque): the zoom
// and rank of Calais, a town of the same size.
const (
	portTownZoom = 6.7
	portTownRank = 7
	// portTownGap is how far from every populated place a port must be to
	// name a town of its own.
	portTownGap = 15e3 // metres
	// sameNameGap is how far a port must be from a place of its name
	// ("Gent (Ghent)", 11 km from the city of Gent).
	sameNameGap = 50e3
)

// readPlaces reads Natural Earth's populated places and adds the ports of
// ne_10m_ports that lie farther than portTownGap from all of them (and
// sameNameGap from one of the same name), as towns named after the port
// ("Oostende (Ostend)" becomes "Oostende").
func readPlaces(placesPath, portsPath string) ([]basemap.Place, error) {
	fc, err := readFC(placesPath)
	if err != nil {
		return nil, err
	}
	var out []basemap.Place
	for i, f := range fc.Features {
		pt, ok := f.Geometry.(orb.Point)
		name, _ := f.Properties["name"].(string)
		z, okz := f.Properties["min_zoom"].(float64)
		rank, okr := f.Properties["scalerank"].(float64)
		if !ok || name == "" || !okz || !okr {
			return nil, fmt.Errorf("%s: feature %d: want a Point with name, min_zoom and scalerank", placesPath, i)
		}
		pop, _ := f.Properties["pop_max"].(float64)
		out = append(out, basemap.Place{Name: name, At: pt, MinZoom: z, Rank: int(rank), Pop: int(max(pop, 0))})
	}
	ports, err := readFC(portsPath)
	if err != nil {
		return nil, err
	}
	towns := len(out)
	for i, f := range ports.Features {
		pt, ok := f.Geometry.(orb.Point)
		name, _ := f.Properties["name"].(string)
		if !ok || name == "" {
			return nil, fmt.Errorf("%s: feature %d: want a Point with a name", portsPath, i)
		}
		if name, _, ok = strings.Cut(name, " ("); !ok {
			name = strings.TrimSpace(name)
		}
		near := false
		for _, p := range out {
			if math.Abs(p.At[1]-pt[1]) > 1 {
				continue
			}
			if d := geo.Distance(p.At, pt); d < portTownGap || d < sameNameGap && p.Name == name {
				near = true
				break
			}
		}
		if !near {
			out = append(out, basemap.Place{Name: name, At: pt, MinZoom: portTownZoom, Rank: portTownRank})
		}
	}
	fmt.Fprintf(logw, "places    %d populated places, %d port towns\n", towns, len(out)-towns)
	basemap.SortPlaces(out)
	return out, nil
}

// writePlaces writes the places file.
func writePlaces(path string, ps []basemap.Place) error {
	var buf bytes.Buffer
	if err := basemap.EncodePlaces(&buf, ps); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(logw, "places    %d places, %d bytes\n", len(ps), buf.Len())
	return nil
}

// ---- reading ----

type filter func(props geojson.Properties) bool

func maxRank(r float64) filter {
	return func(p geojson.Properties) bool {
		v, ok := p["scalerank"].(float64)
		return ok && v <= r
	}
}

func readFC(path string) (*geojson.FeatureCollection, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return fc, nil
}

func readPolygons(path string, keep filter) ([]orb.Polygon, error) {
	fc, err := readFC(path)
	if err != nil {
		return nil, err
	}
	var out []orb.Polygon
	for _, f := range fc.Features {
		if keep != nil && !keep(f.Properties) {
			continue
		}
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			out = append(out, g)
		case orb.MultiPolygon:
			out = append(out, g...)
		}
	}
	return out, nil
}

func readLines(path string, keep filter) ([]orb.LineString, error) {
	fc, err := readFC(path)
	if err != nil {
		return nil, err
	}
	var out []orb.LineString
	for _, f := range fc.Features {
		if keep != nil && !keep(f.Properties) {
			continue
		}
		switch g := f.Geometry.(type) {
		case orb.LineString:
			out = append(out, g)
		case orb.MultiLineString:
			out = append(out, g...)
		}
	}
	return out, nil
}

func inside(ls []orb.LineString, b orb.Bound, name string) error {
	for _, s := range ls {
		for _, p := range s {
			if !b.Contains(p) {
				return fmt.Errorf("GSHHG %s point %v outside the expected box %v", name, p, b)
			}
		}
	}
	return nil
}

// ---- simplification in Web Mercator ----

func toMerc(pts []orb.Point) orb.LineString {
	m := make(orb.LineString, len(pts))
	for i, p := range pts {
		m[i] = project.WGS84.ToMercator(p)
	}
	return m
}

func toLonLat(m orb.LineString) orb.LineString {
	out := make(orb.LineString, len(m))
	for i, p := range m {
		out[i] = project.Mercator.ToWGS84(p)
	}
	return out
}

func simplifyLine(ls orb.LineString, tol float64) orb.LineString {
	return toLonLat(simplify.DouglasPeucker(tol).LineString(toMerc(ls)))
}

func simplifyLines(ls []orb.LineString, tol float64) []orb.LineString {
	out := make([]orb.LineString, 0, len(ls))
	for _, s := range ls {
		if s = simplifyLine(s, tol); len(s) >= 2 {
			out = append(out, s)
		}
	}
	return out
}

func simplifyPolygons(ps []orb.Polygon, tol float64) []orb.Polygon {
	out := make([]orb.Polygon, 0, len(ps))
	for _, p := range ps {
		var q orb.Polygon
		for i, r := range p {
			s := simplify.DouglasPeucker(tol).Ring(orb.Ring(toMerc(r)))
			if len(s) < 4 {
				if i == 0 {
					break
				}
				continue
			}
			q = append(q, orb.Ring(toLonLat(orb.LineString(s))))
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// mercArea returns the area of ring r in square Web Mercator metres.
func mercArea(r orb.Ring) float64 {
	return math.Abs(planar.Area(orb.Ring(toMerc(r))))
}

// dropSmall removes polygons and holes smaller than a pixel at the
// tolerance's zoom (tol is half a pixel).
func dropSmall(ps []orb.Polygon, tol float64) []orb.Polygon {
	px := 4 * tol * tol
	out := ps[:0]
	for _, p := range ps {
		if len(p) == 0 || len(p[0]) < 4 || mercArea(p[0]) < px {
			continue
		}
		q := p[:1]
		for _, h := range p[1:] {
			if len(h) >= 4 && mercArea(h) >= px {
				q = append(q, h)
			}
		}
		out = append(out, q)
	}
	return out
}

// dropShort removes lines whose extent is under a pixel at the tolerance's zoom.
func dropShort(ls []orb.LineString, tol float64) []orb.LineString {
	out := ls[:0]
	for _, s := range ls {
		b := orb.LineString(toMerc(s)).Bound()
		if len(s) >= 2 && max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) >= 2*tol {
			out = append(out, s)
		}
	}
	return out
}

// ---- clipping ----

func grow(b orb.Bound, d float64) orb.Bound {
	return orb.Bound{Min: orb.Point{b.Min[0] - d, b.Min[1] - d}, Max: orb.Point{b.Max[0] + d, b.Max[1] + d}}
}

// around returns the four strips of outer that lie outside inner.
func around(outer, inner orb.Bound) []orb.Bound {
	return []orb.Bound{
		{Min: outer.Min, Max: orb.Point{inner.Min[0], outer.Max[1]}},                             // west
		{Min: orb.Point{inner.Max[0], outer.Min[1]}, Max: outer.Max},                             // east
		{Min: orb.Point{inner.Min[0], outer.Min[1]}, Max: orb.Point{inner.Max[0], inner.Min[1]}}, // south
		{Min: orb.Point{inner.Min[0], inner.Max[1]}, Max: orb.Point{inner.Max[0], outer.Max[1]}}, // north
	}
}

func clipPolygons(ps []orb.Polygon, b orb.Bound) []orb.Polygon {
	var out []orb.Polygon
	for _, p := range ps {
		if !p.Bound().Intersects(b) {
			continue
		}
		q := clip.Polygon(b, p.Clone())
		if len(q) == 0 || len(q[0]) < 4 || planar.Area(q[0]) == 0 {
			continue
		}
		var keep orb.Polygon
		for i, r := range q {
			if len(r) >= 4 && (i == 0 || planar.Area(r) != 0) {
				keep = append(keep, r)
			}
		}
		out = append(out, keep)
	}
	return out
}

func clipLines(ls []orb.LineString, b orb.Bound) []orb.LineString {
	var out []orb.LineString
	for _, s := range ls {
		if !s.Bound().Intersects(b) {
			continue
		}
		for _, c := range clip.LineString(b, s.Clone()) {
			if len(c) >= 2 {
				out = append(out, c)
			}
		}
	}
	return out
}

// ringLines returns every ring of ps as a line: the shoreline of a land layer.
func ringLines(ps []orb.Polygon) []orb.LineString {
	var out []orb.LineString
	for _, p := range ps {
		for _, r := range p {
			out = append(out, orb.LineString(r).Clone())
		}
	}
	return out
}

// orient makes the outer ring counter-clockwise and holes clockwise.
func orient(p orb.Polygon) {
	for i, r := range p {
		ccw := r.Orientation() == orb.CCW
		if (i == 0) != ccw {
			r.Reverse()
		}
	}
}

// ---- closing GSHHG shorelines into land ----

// joinSegments joins shoreline segments that share end points (gmt cuts
// them at its bin edges) into chains: closed rings, or lines whose both ends
// lie on the box edge.
func joinSegments(segs []orb.LineString) ([]orb.LineString, error) {
	type end struct{ seg, at int } // at: 0 first point, 1 last point
	ends := map[orb.Point][]end{}
	for i, s := range segs {
		if len(s) < 2 || s[0] == s[len(s)-1] {
			continue
		}
		ends[s[0]] = append(ends[s[0]], end{i, 0})
		ends[s[len(s)-1]] = append(ends[s[len(s)-1]], end{i, 1})
	}
	used := make([]bool, len(segs))
	next := func(p orb.Point) (orb.LineString, bool) {
		for _, e := range ends[p] {
			if used[e.seg] {
				continue
			}
			used[e.seg] = true
			s := segs[e.seg].Clone()
			if e.at == 1 {
				s.Reverse()
			}
			return s, true
		}
		return nil, false
	}
	var out []orb.LineString
	for i, s := range segs {
		if used[i] || len(s) < 2 {
			continue
		}
		used[i] = true
		c := s.Clone()
		if c[0] == c[len(c)-1] {
			out = append(out, c)
			continue
		}
		for c[0] != c[len(c)-1] { // forward
			n, ok := next(c[len(c)-1])
			if !ok {
				break
			}
			c = append(c, n[1:]...)
		}
		for c[0] != c[len(c)-1] { // backward
			n, ok := next(c[0])
			if !ok {
				break
			}
			n.Reverse()
			c = append(n[:len(n)-1], c...)
		}
		out = append(out, c)
	}
	return out, nil
}

// perimeter returns the counter-clockwise distance along b's boundary from
// its south-west corner to p, or false if p is not on the boundary.
func perimeter(b orb.Bound, p orb.Point) (float64, bool) {
	const eps = 1e-7
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	switch {
	case math.Abs(p[1]-b.Min[1]) < eps:
		return p[0] - b.Min[0], true
	case math.Abs(p[0]-b.Max[0]) < eps:
		return w + p[1] - b.Min[1], true
	case math.Abs(p[1]-b.Max[1]) < eps:
		return w + h + b.Max[0] - p[0], true
	case math.Abs(p[0]-b.Min[0]) < eps:
		return 2*w + h + b.Max[1] - p[1], true
	}
	return 0, false
}

// closeLand turns shoreline chains inside box into land polygons. Closed
// chains are islands (GSHHG level 1 shorelines bound land). Open chains end
// on the box edge; they are oriented with land on their left, then each land
// ring follows a chain, walks counter-clockwise along the box edge to the next
// chain start, and so on until it closes. Along the box edge, chain ends
// alternate between "land starts" and "land ends", which fixes every chain's
// orientation up to one global choice; that choice is made by testing points
// left and right of the chains against ref, the Natural Earth 10m land.
func closeLand(chains []orb.LineString, box orb.Bound, ref []orb.Polygon) ([]orb.Polygon, error) {
	var land []orb.Polygon
	var open []orb.LineString
	agree, total := 0, 0
	for _, c := range chains {
		if c[0] == c[len(c)-1] {
			if len(c) < 4 {
				continue
			}
			r := orb.Ring(c.Clone())
			land = append(land, orb.Polygon{r})
			if inner, ok := pointInside(r); ok {
				total++
				if containsAny(ref, inner) {
					agree++
				}
			}
			continue
		}
		open = append(open, c)
	}
	fmt.Fprintf(logw, "gshhg: %d islands (Natural Earth 10m has land at the centre of %d of the %d it can test), %d open shorelines\n",
		len(land), agree, total, len(open))
	if len(open) == 0 {
		if containsAny(ref, box.Center()) {
			outer := orb.Ring{box.Min, {box.Max[0], box.Min[1]}, box.Max, {box.Min[0], box.Max[1]}, box.Min}
			p := orb.Polygon{outer}
			for _, l := range land {
				p = append(p, l[0])
			}
			return []orb.Polygon{p}, nil
		}
		return land, nil
	}

	type endpoint struct {
		t     float64
		chain int
		last  bool
	}
	var eps []endpoint
	for i, c := range open {
		for k, p := range []orb.Point{c[0], c[len(c)-1]} {
			t, ok := perimeter(box, p)
			if !ok {
				return nil, fmt.Errorf("shoreline %d ends at %v, inside the box %v: segments do not join", i, p, box)
			}
			eps = append(eps, endpoint{t, i, k == 1})
		}
	}
	slices.SortStableFunc(eps, func(a, b endpoint) int { return cmp.Compare(a.t, b.t) })

	// Orientation A: even positions are chain ends (land on the left going
	// counter-clockwise from there), odd positions are chain starts.
	reverseA := make([]bool, len(open))
	for k, e := range eps {
		isEnd := k%2 == 0
		if isEnd != e.last {
			reverseA[e.chain] = true
		}
	}
	for k, e := range eps {
		isEnd := k%2 == 0
		if (isEnd != e.last) != reverseA[e.chain] {
			return nil, errors.New("shorelines cross or touch along the box edge: cannot close them")
		}
	}
	vote := 0
	for i, c := range open {
		v := sideVote(c, ref)
		if reverseA[i] {
			v = -v
		}
		vote += v
	}
	flip := vote < 0
	fmt.Fprintf(logw, "gshhg: land-side vote %d for orientation %s\n", vote, map[bool]string{false: "A", true: "B"}[flip])
	if vote == 0 {
		return nil, errors.New("cannot tell the land side of the open shorelines from Natural Earth")
	}
	for i := range open {
		if reverseA[i] != flip {
			open[i] = open[i].Clone()
			open[i].Reverse()
		}
	}
	// After orientation a chain's first point is where land starts along
	// the box edge and its last point where it ends.
	startAt := make([]int, len(open))
	endAt := make([]int, len(open))
	for k, e := range eps {
		if e.last == (reverseA[e.chain] != flip) {
			startAt[e.chain] = k
		} else {
			endAt[e.chain] = k
		}
	}
	corners := []struct {
		t float64
		p orb.Point
	}{
		{0, box.Min},
		{box.Max[0] - box.Min[0], orb.Point{box.Max[0], box.Min[1]}},
		{box.Max[0] - box.Min[0] + box.Max[1] - box.Min[1], box.Max},
		{2*(box.Max[0]-box.Min[0]) + box.Max[1] - box.Min[1], orb.Point{box.Min[0], box.Max[1]}},
	}
	perim := 2 * (box.Max[0] - box.Min[0] + box.Max[1] - box.Min[1])
	done := make([]bool, len(open))
	for first := range open {
		if done[first] {
			continue
		}
		var ring orb.Ring
		cur := first
		for guard := 0; ; guard++ {
			if guard > len(open) {
				return nil, errors.New("closing shorelines did not terminate")
			}
			done[cur] = true
			ring = append(ring, open[cur]...)
			k := endAt[cur]
			nk := (k + 1) % len(eps)
			t0, t1 := eps[k].t, eps[nk].t
			if t1 <= t0 {
				t1 += perim
			}
			for _, wrap := range []float64{0, perim} {
				for _, c := range corners {
					if ct := c.t + wrap; ct > t0 && ct < t1 {
						ring = append(ring, c.p)
					}
				}
			}
			nxt := eps[nk].chain
			if startAt[nxt] != nk {
				return nil, fmt.Errorf("shoreline %d: expected a start at box position %d", nxt, nk)
			}
			if nxt == first {
				break
			}
			cur = nxt
		}
		ring = append(ring, ring[0])
		land = append(land, orb.Polygon{ring})
	}
	return land, nil
}

// sideVote counts, along c, how often land (per ref) is on the left rather
// than on the right, testing points 1 km either side of every 4th segment.
func sideVote(c orb.LineString, ref []orb.Polygon) int {
	const d = 1000.0 // metres
	v := 0
	for i := 0; i+1 < len(c); i += 4 {
		a, b := c[i], c[i+1]
		k := math.Cos(a[1] * math.Pi / 180)
		dx, dy := (b[0]-a[0])*k, b[1]-a[1]
		n := math.Hypot(dx, dy)
		if n == 0 {
			continue
		}
		deg := d / 111320.0
		mid := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
		left := orb.Point{mid[0] - dy/n*deg/k, mid[1] + dx/n*deg}
		right := orb.Point{mid[0] + dy/n*deg/k, mid[1] - dx/n*deg}
		l, r := containsAny(ref, left), containsAny(ref, right)
		switch {
		case l && !r:
			v++
		case r && !l:
			v--
		}
	}
	return v
}

// pointInside returns a point inside ring r (near its first vertex, on the
// inner side), if r is large enough to find one.
func pointInside(r orb.Ring) (orb.Point, bool) {
	c, area := planar.CentroidArea(orb.Polygon{r})
	if area == 0 {
		return orb.Point{}, false
	}
	if planar.RingContains(r, c) {
		return c, true
	}
	return orb.Point{}, false
}

func containsAny(ps []orb.Polygon, p orb.Point) bool {
	for _, q := range ps {
		if q.Bound().Contains(p) && planar.PolygonContains(q, p) {
			return true
		}
	}
	return false
}
