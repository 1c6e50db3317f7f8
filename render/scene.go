// Package render draws a campmap scene (basemap, layers, styles, time
// window) for a viewport. It is pure Go: the window, PNG export and the
// headless command line all call Draw; it never imports the GUI toolkit.
//
// Default styles, by kind (see KindColor, CategoryColor, RouteTypeOf):
//   - camps: polygons with a translucent vermillion fill and outline; points
//     as the tent symbol;
//   - terminals and ports: the tunnel and anchor symbols;
//   - routes: by route_type — motorway thick orange with a casing, road white
//     with a grey casing, rail dark with white dashes, ferry dashed blue,
//     tunnel dashed dark, path dotted brown, anything else solid dark grey;
//   - incidents: dots coloured by category (Okabe–Ito palette, or the
//     layer's style.Palette) and shaped by category (circle, square,
//     triangle, diamond, cross, star, cycled with the colours; beyond twelve
//     categories the least frequent share the "other" grey), sized by how
//     many points the view holds; in a layer with counts (data.Layer.CountKey)
//     each dot's area is proportional to its count, largest drawn first; a
//     graduated style (style.Graduated) sizes or colours them by a numeric
//     field in classes instead, a grey cross marking features without a
//     value;
//   - other: neutral grey.
//
// Names of camps, terminals, ports and routes are labelled with a white
// halo, camps first, never overlapping each other; incidents are not
// labelled unless their style names a label field (style.Style.LabelKey),
// whose labels are placed after every name.
package render

import (
	"cmp"
	"image"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/style"
	"campmap/geo"
)

// LayerView is one layer as the scene shows it.
type LayerView struct {
	Layer *data.Layer
	// Style is the layer's look, as the window, the project file and the
	// manifest keep it: visibility, opacity, fill, category colours and
	// filters, value filter.
	style.Style
}

// Scene is everything that decides a frame except the viewport. A Scene is
// treated as immutable once handed to Draw: the UI builds a new one for each
// change, so a worker may draw it while the UI goroutine goes on.
type Scene struct {
	// Basemap is the embedded (Natural Earth) basemap, or one read from
	// a GeoJSON file: the sea and land under everything.
	Basemap *basemap.Basemap
	// Tiles, when set, is a tiled basemap (MBTiles, PMTiles or online
	// tiles) drawn over Basemap wherever it has tiles for the view: at
	// its zooms and inside its bounds (see Tiles). Its names are placed
	// with the scene's labels, after campmap's own.
	Tiles  *Tiles
	Layers []LayerView    // bottom first
	Window data.Span      // time window; data.Undated shows every feature
	Inside bool           // a span must lie inside the window, not just overlap it
	Zone   *time.Location // display zone for captions (UTC when nil)
	// Selection, when it has three points or more, is outlined above the
	// layers: the area a count or an export was made of (longitude,
	// latitude; closed implicitly).
	Selection orb.Ring
	// Lang is the language of the words drawn (legends, captions,
	// credits): "" or "en" English, "fr" French (see render/words.go).
	Lang string
	// Furniture drawn on the frame.
	ScaleBar bool
	Credits  bool
	Labels   bool // names of camps, terminals, ports and routes, and the basemap's towns
	// LegendBox draws Legend's rows (density squares of large point
	// layers) in a panel in the top left corner.
	LegendBox bool
	// PixelRatio is how many device pixels make one layout pixel (the
	// window's canvas scale: 2 on a typical high-density screen). Every
	// size Draw gives in pixels — line widths and dashes, symbols, dots,
	// density squares, labels and their halos, the scale bar, credits and
	// legend box — and Identify's reach are multiplied by it, and the
	// zoom-dependent sizes follow the zoom of the layout pixels
	// (viewport zoom − log2 PixelRatio), so a frame of 2W×2H at ratio 2
	// looks like the W×H frame at ratio 1, only sharper. 0, a negative
	// or a non-finite ratio means 1; ratios are bounded to 1/4..8.
	// Pages (DrawPage) ignore it: they have their own resolution.
	PixelRatio float64
}

// ratio returns the pixel ratio sc draws with (see Scene.PixelRatio).
func (sc *Scene) ratio() float64 {
	if sc == nil {
		return 1
	}
	r := sc.PixelRatio
	if !(r > 0) || math.IsInf(r, 0) {
		return 1
	}
	return min(max(r, 0.25), 8)
}

// layoutZoom is the zoom of vp in layout pixels at pixel ratio pr.
func layoutZoom(z, pr float64) float64 {
	if pr == 1 {
		return z
	}
	return z - math.Log2(pr)
}

// MaxPixels bounds the frame Render allocates (512 MiB of RGBA).
const MaxPixels = 1 << 27

// Render allocates a frame of vp's size and draws sc into it. A viewport of
// more than MaxPixels pixels (or a negative size) gives an empty image.
func Render(sc *Scene, vp geo.Viewport) *image.RGBA {
	w, h := max(vp.W, 0), max(vp.H, 0)
	if w > 0 && h > 0 && (w > MaxPixels/h) {
		w, h = 0, 0
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	Draw(img, sc, vp)
	return img
}

// Counts returns, for layer i of the scene, how many features the time
// window and the layer's category and property filters show (undated ones
// included), how many are dated and how many are
// undated. The counts ignore visibility and the viewport: they are
// computed once per layer, time window and filters, and kept with the
// layer, so asking again after each frame costs nothing. An index out of
// range gives zeros. Counts is safe for concurrent use.
func (sc *Scene) Counts(i int) (shown, dated, undated int) {
	if sc == nil || i < 0 || i >= len(sc.Layers) || sc.Layers[i].Layer == nil {
		return 0, 0, 0
	}
	lv := sc.Layers[i]
	l := lv.Layer
	undated = l.UndatedCount()
	dated = l.Len() - undated
	if !lv.filters() && !sc.Window.Dated() {
		return l.Len(), dated, undated
	}
	// The rest walks the time index or every feature: it is done once
	// per layer and scene inputs, and kept with the layer.
	shown = shownCount(sc, lv, func() int { return countShown(sc, lv) })
	return shown, dated, undated
}

// UndatedShown returns how many of layer i's undated features its
// category and property filters and conditions show (all of them when it
// has none): the part of Counts' shown that no time window hides. It is
// kept with the layer as Counts is, and safe for concurrent use.
func (sc *Scene) UndatedShown(i int) int {
	if sc == nil || i < 0 || i >= len(sc.Layers) || sc.Layers[i].Layer == nil {
		return 0
	}
	lv := sc.Layers[i]
	l := lv.Layer
	if !lv.filters() {
		return l.UndatedCount()
	}
	k := countKey{win: data.Undated, hidden: hiddenKey(lv), filter: filterKey(lv), undatedOnly: true}
	return layers.of(l).counts.get(k, maxCountCache, func() int {
		countings.Add(1)
		keep, n := lv.Keeper(), 0
		for _, id := range l.Index().Undated() {
			if keep(int(id)) {
				n++
			}
		}
		return n
	})
}

// countShown counts the features of lv's layer that sc's time window and
// lv's filters show (see Scene.Counts).
func countShown(sc *Scene, lv LayerView) (shown int) {
	l := lv.Layer
	if lv.filters() {
		keep := lv.Keeper()
		// Category or property filters: count the kept features one by one.
		for _, id := range l.Index().Undated() {
			if keep(int(id)) {
				shown++
			}
		}
		if !sc.Window.Dated() {
			for j := range l.Len() {
				if l.Span(j).Dated() && keep(j) {
					shown++
				}
			}
			return shown
		}
		l.Index().Query(sc.Window, sc.Inside, func(id int32) bool {
			if keep(int(id)) {
				shown++
			}
			return true
		})
		return shown
	}
	return l.Index().Count(sc.Window, sc.Inside) + l.UndatedCount()
}

// Hit is a feature found under the cursor, or a density square of a layer
// drawn aggregated (see AggregateAbove).
type Hit struct {
	Layer   int // index in Scene.Layers
	Feature int // index in that layer; for a square, its earliest shown feature
	// Cell is true when the hit is a density square: Count features
	// shown in it, whose times span Span (data.Undated when none is
	// dated), inside CellBound (longitude, latitude).
	Cell      bool
	Count     int
	Span      data.Span
	CellBound orb.Bound
}

// Identify returns the feature drawn under or nearest to pixel (x, y) within
// radius pixels: the topmost layer's feature when (x, y) is on a drawn symbol,
// dot or line, else the nearest one (the upper layer on a tie), so a click on
// a camp's symbol finds the camp even with a road passing close by on a layer
// above; only visible layers and features shown in the time window count. Points are hit within radius of their drawn symbol or
// dot, lines within radius of their stroke, polygons when (x, y) is inside
// them or within radius of their outline; in one layer the nearest wins
// (a polygon holding the cursor counts as radius away, so points and lines
// on it come first), and among equals the one drawn last. Point hits use a
// spatial index kept with each layer, so a million points answer in
// microseconds. Identify is safe for concurrent use.
func (sc *Scene) Identify(vp geo.Viewport, x, y, radius float64) (Hit, bool) {
	hs := sc.IdentifyAll(vp, x, y, radius)
	if len(hs) == 0 {
		return Hit{}, false
	}
	return hs[0], true
}

// IdentifyAll returns every layer's feature under or near pixel (x, y),
// one per visible layer, in the order Identify ranks them: first the
// features the cursor is on (a drawn symbol, dot, line or density
// square), topmost layer first, then those only near it, nearest first
// (the upper layer on a tie). Identify is its first entry. It is safe for
// concurrent use.
func (sc *Scene) IdentifyAll(vp geo.Viewport, x, y, radius float64) []Hit {
	if sc == nil || !isFinite(pt{x, y}) {
		return nil
	}
	if !(radius >= 0) {
		radius = 0
	}
	radius = math.Min(radius, 1000)
	vp = sanitize(vp)
	t := newXform(vp)
	mx, my := t.merc(x, y)
	pr := sc.ratio()
	type near struct {
		h Hit
		d float64
	}
	var on []Hit
	var close []near
	for li := len(sc.Layers) - 1; li >= 0; li-- {
		lv := sc.Layers[li]
		l := lv.Layer
		if !lv.Visible || l == nil || l.Len() == 0 {
			continue
		}
		if h, ok := identifyAggregate(sc, lv, vp, mx, my); ok {
			if h.Cell {
				h.Layer = li
				on = append(on, h)
			}
			continue
		}
		if id, d, ok := identifyLayer(sc, lv, t, vp, mx, my, radius, pr); ok {
			if d == 0 {
				on = append(on, Hit{Layer: li, Feature: id})
			} else {
				close = append(close, near{Hit{Layer: li, Feature: id}, d})
			}
		}
	}
	// stable: among equal distances the upper layer (found first) stays first
	slices.SortStableFunc(close, func(a, b near) int { return cmp.Compare(a.d, b.d) })
	for _, n := range close {
		on = append(on, n.h)
	}
	return on
}

// identifyLayer returns the feature of lv's layer nearest pixel (mx, my) in Mercator
// metres within radius pixels, and its distance in pixels from what is drawn
// (0 on a symbol, dot or line; radius inside a polygon's fill).
func identifyLayer(sc *Scene, lv LayerView, t xform, vp geo.Viewport, mx, my, radius, pr float64) (int, float64, bool) {
	l := lv.Layer
	g := geomFor(lv, prepared(l))
	vis := timeFilter(sc, l)
	best, bestD := -1, math.Inf(1)
	consider := func(id int, d float64) {
		if d < bestD || (d == bestD && id > best) {
			best, bestD = id, d
		}
	}
	if g.nPts > 0 {
		px := mx // a point across ±180° is looked up where the index holds it
		if acrossAntimeridian(l) {
			if px > geo.WorldHalf {
				px -= geo.WorldMeters
			} else if px < -geo.WorldHalf {
				px += geo.WorldMeters
			}
		}
		// Reach: the drawn size of the layer's point symbols.
		full := geo.MercatorBound(vp)
		base := pointRadius(estimateInView(g, full))
		sym := float64(symbolPxAt(layoutZoom(vp.Zoom, pr), pr)) / 2
		reach := (base + 1) * pr
		if g.symbols {
			reach = sym
		}
		if g.sized {
			if id, d, ok := nearestSized(g, px, my, radius, base, sym, pr, t, vis); ok {
				consider(id, d)
			}
		} else if id, d, ok := g.points.Nearest(px, my, (radius+reach)*t.res, vis); ok {
			consider(id, math.Max(0, d*t.inv-reach))
		}
	}
	pad := (radius + 3*pr) * t.res
	for si := range g.shapes {
		s := &g.shapes[si]
		b := s.bound
		if mx < b.Min[0]-pad || mx > b.Max[0]+pad || my < b.Min[1]-pad || my > b.Max[1]+pad {
			continue
		}
		id := int(s.id)
		if vis != nil && !vis(id) {
			continue
		}
		d := math.Inf(1)
		for _, line := range s.lines {
			d = math.Min(d, polylineDist(line, mx, my, false)*t.inv-1.5*pr)
		}
		for _, m := range s.pts {
			d = math.Min(d, math.Hypot(m[0]-mx, m[1]-my)*t.inv-pointRadius(1)*pr)
		}
		for _, poly := range s.polys {
			for _, r := range poly {
				d = math.Min(d, polylineDist(r, mx, my, true)*t.inv-pr)
			}
			if polyContains(poly, mx, my) {
				d = math.Min(d, radius)
			}
		}
		d = math.Max(d, 0)
		if d <= radius {
			consider(id, d)
		}
	}
	return best, bestD, best >= 0
}

// nearestSized returns the point of a layer sized by count whose drawn
// dot (radius sizedRadius(base, its bucket) plus its rim, times the pixel
// ratio pr; symbols sym)
// comes nearest Mercator (mx, my), within radius pixels, and that distance
// in pixels (0 inside the dot). Among dots the cursor is inside, the one drawn last
// (the smallest, see sizeOrder) wins.
func nearestSized(g *layerGeom, mx, my, radius, base, sym, pr float64, t xform, vis func(int) bool) (int, float64, bool) {
	reach := math.Max((sizedRadius(base, g.maxBucket())+1)*pr, sym)
	pad := (radius + reach) * t.res
	best, bestD, bestSize := -1, math.Inf(1), uint8(0)
	g.points.RangePos(mx-pad, my-pad, mx+pad, my+pad, func(pos int, x, y float64) bool {
		id := g.points.ID(pos)
		if vis != nil && !vis(id) {
			return true
		}
		sk := g.keyList[0]
		if g.keys != nil {
			sk = g.keyList[g.keys[pos]]
		}
		r := (sk.radius(base) + 1) * pr
		if hasSymbol(sk.kind) {
			r = sym
		}
		d := math.Max(0, math.Hypot(x-mx, y-my)*t.inv-r)
		if d > radius {
			return true
		}
		if d < bestD || d == bestD && (sk.size < bestSize || sk.size == bestSize && id > best) {
			best, bestD, bestSize = id, d, sk.size
		}
		return true
	})
	return best, bestD, best >= 0
}

// polylineDist returns the distance from (x, y) to the nearest segment of
// line (closed: including the segment back to the start).
func polylineDist(line []pt, x, y float64, closed bool) float64 {
	d2 := math.Inf(1)
	n := len(line)
	if n == 1 {
		return math.Hypot(line[0].x-x, line[0].y-y)
	}
	for i := 1; i <= n; i++ {
		if i == n && !closed {
			break
		}
		a, b := line[i-1], line[i%n]
		dx, dy := b.x-a.x, b.y-a.y
		t := 0.0
		if l2 := dx*dx + dy*dy; l2 > 0 {
			t = clamp01(((x-a.x)*dx + (y-a.y)*dy) / l2)
		}
		ex, ey := a.x+t*dx-x, a.y+t*dy-y
		d2 = math.Min(d2, ex*ex+ey*ey)
	}
	return math.Sqrt(d2)
}

// polyContains is the even-odd test over every ring of a polygon.
func polyContains(rings [][]pt, x, y float64) bool {
	in := false
	for _, r := range rings {
		n := len(r)
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a.y > y) != (b.y > y) && x < (b.x-a.x)*(y-a.y)/(b.y-a.y)+a.x {
				in = !in
			}
		}
	}
	return in
}
