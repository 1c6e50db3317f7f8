package render

import (
	"image"
	"image/color"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/geo"
)

// xform maps Web Mercator metres to viewport pixels for one viewport.
type xform struct{ inv, res, ox, oy float64 }

func newXform(vp geo.Viewport) xform {
	t := vp.Transform()
	ox, oy := t.ProjectMercator(orb.Point{0, 0})
	res := vp.Resolution()
	return xform{inv: 1 / res, res: res, ox: ox, oy: oy}
}

func (t xform) px(x, y float64) pt { return pt{x*t.inv + t.ox, t.oy - y*t.inv} }

// merc returns the Mercator point under viewport pixel (x, y).
func (t xform) merc(x, y float64) (float64, float64) {
	return (x - t.ox) * t.res, (t.oy - y) * t.res
}

// frame is the state of one Draw call.
type frame struct {
	sc    *Scene
	vp    geo.Viewport
	t     xform
	c     *canvas
	view  orb.Bound // Mercator box of the drawable pixels
	faces *faces

	pr     float64       // pixel ratio (Scene.PixelRatio, 1 when unset)
	scale  float64       // zoomScale of the layout zoom, times pr
	sym    int           // symbol size, device pixels
	buf    []pt          // scratch for projected lines
	syms   []pointSymbol // scratch for a layer's point symbols
	labels []labelCand
	obst   []image.Rectangle // symbol boxes labels keep clear of

	tileLabels []labelCand // names of the tiled basemap, placed after labels
	// imgScale is how many image pixels a page embeds per viewport pixel
	// for raster tiles (0: one).
	imgScale float64
	// the vector tiles of the frame, once gathered (see vectorTiles)
	tilePlaced []placedTile
	tileLZ     float64
	tilesFull  bool
	tilesDone  bool
}

// sanitize returns vp with a finite centre and zoom within range.
func sanitize(vp geo.Viewport) geo.Viewport {
	return geo.New(vp.Center, vp.Zoom, vp.W, vp.H)
}

func newFrame(dst *image.RGBA, sc *Scene, vp geo.Viewport) *frame {
	vp = sanitize(vp)
	f := &frame{sc: sc, vp: vp, t: newXform(vp), faces: facePool.Get().(*faces)}
	f.c = newCanvas(dst, vp.W, vp.H)
	f.setup()
	return f
}

// setup sets the frame's sizes once its canvas is made.
func (f *frame) setup() {
	f.buf = f.c.line[:0]
	f.pr = f.sc.ratio()
	z := layoutZoom(f.vp.Zoom, f.pr)
	f.scale, f.sym = zoomScale(z)*f.pr, symbolPxAt(z, f.pr)
	f.view = f.boxOf(f.c.clip, 0)
}

// px returns v layout pixels in device pixels.
func (f *frame) px(v float64) float64 { return v * f.pr }

// ipx returns v layout pixels in whole device pixels (v itself at ratio 1).
func (f *frame) ipx(v int) int {
	if f.pr == 1 {
		return v
	}
	return int(math.Round(float64(v) * f.pr))
}

// dashes returns a dash pattern in device pixels (d itself at ratio 1).
func (f *frame) dashes(d []float64) []float64 {
	if f.pr == 1 || d == nil {
		return d
	}
	out := make([]float64, len(d))
	for i, v := range d {
		out[i] = v * f.pr
	}
	return out
}

// boxOf returns the Mercator box of a rectangle of viewport pixels grown by
// pad pixels.
func (f *frame) boxOf(r image.Rectangle, pad float64) orb.Bound {
	x0, y1 := f.t.merc(float64(r.Min.X)-pad, float64(r.Min.Y)-pad)
	x1, y0 := f.t.merc(float64(r.Max.X)+pad, float64(r.Max.Y)+pad)
	return orb.Bound{Min: orb.Point{x0, y0}, Max: orb.Point{x1, y1}}
}

func (f *frame) release() {
	f.c.line = f.buf[:0]
	f.c.release()
	facePool.Put(f.faces)
}

// Draw renders sc for vp into dst: the sea, the basemap levels chosen for the
// zoom, every visible layer bottom first (time-filtered), the labels and the
// map furniture. Viewport pixel (0, 0) is dst.Rect.Min; only the part of the
// viewport that dst covers is drawn, so an empty dst or viewport draws
// nothing. The result depends only on its inputs: the same scene, viewport
// and destination size give the same pixels. Draw may be called from any
// goroutine, and concurrently for different destinations.
func Draw(dst *image.RGBA, sc *Scene, vp geo.Viewport) {
	if dst == nil || dst.Rect.Empty() {
		return
	}
	f := newFrame(dst, sc, vp)
	defer f.release()
	f.drawScene()
}

// drawScene draws the frame's scene on its canvas, raster or vector: the
// one drawing path every sink shares.
func (f *frame) drawScene() {
	sc := f.sc
	if f.c.clip.Empty() {
		return
	}
	if sc == nil {
		f.fillBackground(SeaColor)
		return
	}
	f.drawBase()
	f.drawTiles()
	for i := range sc.Layers {
		lv := sc.Layers[i]
		if lv.Visible && lv.Layer != nil && lv.Layer.Len() > 0 {
			f.drawLayer(i, lv)
		}
	}
	f.drawSelection()
	if sc.Labels {
		f.placeLabels()
	}
	if sc.ScaleBar {
		f.drawScaleBar()
	}
	if sc.Credits {
		f.drawCredits()
	}
	if sc.LegendBox {
		f.drawLegendBox()
	}
}

// fillBackground fills the drawable area with col.
func (f *frame) fillBackground(col color.NRGBA) { f.c.be.clear(f.c, col) }

// project appends the pixel positions of Mercator points to dst, dropping
// points closer than minStep pixels to the last kept one (keeping the
// last point of the line).
func (f *frame) project(dst []pt, src []pt, minStep float64) []pt {
	m2 := minStep * minStep
	for i, q := range src {
		p := f.t.px(q.x, q.y)
		if n := len(dst); n > 0 && i != len(src)-1 {
			dx, dy := p.x-dst[n-1].x, p.y-dst[n-1].y
			if dx*dx+dy*dy < m2 {
				continue
			}
		}
		dst = append(dst, p)
	}
	return dst
}

func (f *frame) projectOrb(dst []pt, src []orb.Point, minStep float64) []pt {
	m2 := minStep * minStep
	for i, q := range src {
		p := f.t.px(q[0], q[1])
		if n := len(dst); n > 0 && i != len(src)-1 {
			dx, dy := p.x-dst[n-1].x, p.y-dst[n-1].y
			if dx*dx+dy*dy < m2 {
				continue
			}
		}
		dst = append(dst, p)
	}
	return dst
}

// decimate is the pixel distance under which consecutive vertices merge.
const decimate = 0.35

func (f *frame) drawBasemap() {
	bm := f.sc.Basemap
	if bm == nil {
		return
	}
	if _, _, full := f.vectorTiles(); full {
		return // hidden under the tiles
	}
	ll := f.vp.Bound()
	f.drawLevels(bm.ForView(f.vp.Zoom, ll))
	// the land a view across ±180° shows on the far side, a world over
	f.worldOver(func(shift float64) {
		d := shift / geo.WorldMeters * 360
		f.drawLevels(bm.ForView(f.vp.Zoom, orb.Bound{Min: orb.Point{ll.Min[0] - d, ll.Min[1]}, Max: orb.Point{ll.Max[0] - d, ll.Max[1]}}))
	})
}

// drawLevels draws the basemap levels chosen for the frame's view, each
// finer one over the coarser inside its coverage.
func (f *frame) drawLevels(levels []*basemap.Level) {
	for li, lvl := range levels {
		g := levelGeometry(lvl)
		view := f.boxOf(f.c.clip, 4)
		if li > 0 && g.hasCoverage {
			// The finer level replaces the coarser one inside its coverage.
			a := f.t.px(g.coverage.Min[0], g.coverage.Min[1])
			b := f.t.px(g.coverage.Max[0], g.coverage.Max[1])
			f.c.fillRect(a.x, b.y, b.x, a.y, SeaColor)
		}
		f.fillPolys(g.land, g.landB, view)
		f.c.fill(LandColor)
		f.fillPolys(g.lakes, g.lakesB, view)
		f.c.fill(SeaColor)
		f.strokeLines(g.rivers, g.riversB, view, stroke{width: f.px(0.9)})
		f.c.fill(RiverColor)
		f.strokeLines(g.coast, g.coastB, view, stroke{width: f.px(0.8)})
		f.c.fill(CoastColor)
		f.strokeLines(g.borders, g.bordersB, view, stroke{width: f.px(1), dash: f.dashes([]float64{5, 3})})
		f.c.fill(BorderColor)
	}
}

// addPolygon queues the rings of a polygon in Mercator metres for the
// next fill: its outer ring one way, its holes the other.
func (f *frame) addPolygon(poly [][]pt) {
	for j, r := range poly {
		f.buf = f.project(f.buf[:0], r, decimate)
		sign := -1
		if j > 0 {
			sign = 1
		}
		f.c.addRing(f.buf, sign)
	}
}

// drawSelection outlines the scene's selection above the layers: a dark
// dashed line on a white casing, readable on land, sea and dense dots.
func (f *frame) drawSelection() {
	sel := f.sc.Selection
	if len(sel) < 3 {
		return
	}
	ring := make([]pt, 0, len(sel))
	for _, p := range sel {
		m := geo.Mercator(p)
		ring = append(ring, pt{m[0], m[1]})
	}
	poly := [][]pt{ring}
	f.outlinePolygon(poly, stroke{width: 4 * f.scale, round: true})
	f.c.fill(color.NRGBA{0xff, 0xff, 0xff, 0xd0})
	f.outlinePolygon(poly, stroke{width: 2 * f.scale, dash: f.dashes([]float64{6, 4})})
	f.c.fill(color.NRGBA{0x22, 0x22, 0x22, 0xff})
}

// outlinePolygon queues the rings of a polygon in Mercator metres,
// closed, stroked with s.
func (f *frame) outlinePolygon(poly [][]pt, s stroke) {
	for _, r := range poly {
		f.buf = f.project(f.buf[:0], r, decimate)
		if len(f.buf) > 1 {
			f.buf = append(f.buf, f.buf[0])
		}
		f.c.strokeLine(f.buf, s)
	}
}

// fillPolys queues every polygon whose box meets view, outer rings one way
// and holes the other.
func (f *frame) fillPolys(polys []orb.Polygon, bounds []orb.Bound, view orb.Bound) {
	for i, p := range polys {
		if i < len(bounds) && !intersects(bounds[i], view) {
			continue
		}
		for j, r := range p {
			f.buf = f.projectOrb(f.buf[:0], r, decimate)
			sign := -1
			if j > 0 {
				sign = 1
			}
			f.c.addRing(f.buf, sign)
		}
	}
}

func (f *frame) strokeLines(lines []orb.LineString, bounds []orb.Bound, view orb.Bound, s stroke) {
	for i, ls := range lines {
		if i < len(bounds) && !intersects(bounds[i], view) {
			continue
		}
		f.buf = f.projectOrb(f.buf[:0], ls, decimate)
		f.c.strokeLine(f.buf, s)
	}
}

// visibility returns the time filter of layer l in this frame, or nil when
// every feature is shown.
func (f *frame) visibility(l *data.Layer) func(i int) bool {
	return timeFilter(f.sc, l)
}

// timeFilter returns which features of l the scene shows: those in its
// time window that its category and property filters keep (see
// LayerView.Keep), or nil when it shows them all.
func timeFilter(sc *Scene, l *data.Layer) func(i int) bool {
	tf := windowFilter(sc, l)
	keep := keepFilter(sc, l)
	switch {
	case keep == nil:
		return tf
	case tf == nil:
		return keep
	}
	return func(i int) bool { return keep(i) && tf(i) }
}

func windowFilter(sc *Scene, l *data.Layer) func(i int) bool {
	if sc == nil || !sc.Window.Dated() || l.TimeExtent() == data.Undated {
		return nil
	}
	w, inside := sc.Window, sc.Inside
	if inside {
		return func(i int) bool { s := l.Span(i); return !s.Dated() || s.Inside(w) }
	}
	return func(i int) bool { s := l.Span(i); return !s.Dated() || s.Overlaps(w) }
}

func layerOpacity(lv LayerView) float64 {
	op := lv.Opacity
	if !(op > 0) {
		return 1
	}
	return min(op, 1)
}

func (f *frame) drawLayer(li int, lv LayerView) {
	l := lv.Layer
	op := layerOpacity(lv)
	vis := f.visibility(l)
	// A large point layer seen whole is drawn as density squares, without
	// building the spatial index the points need.
	if f.drawAggregate(li, lv, op) {
		if aggregated(l).shapes {
			if g := prepared(l); len(g.shapes) > 0 {
				f.drawShapes(li, lv, g, op, vis)
			}
		}
		return
	}
	g := prepared(l)
	if len(g.shapes) > 0 {
		f.drawShapes(li, lv, g, op, vis)
	}
	if g.nPts > 0 {
		gp := geomFor(lv, g)
		f.drawPoints(li, lv, gp, op, vis)
		if acrossAntimeridian(l) {
			f.worldOver(func(float64) { f.drawPoints(li, lv, gp, op, vis) })
		}
	}
}

// acrossAntimeridian reports whether l's features lie across ±180°: its
// bounds, read the short way, pass 180° east (data.Bound).
func acrossAntimeridian(l *data.Layer) bool { return l.Bounds().Max[0] > 180 }

// worldOver runs draw(shift) once for each side of ±180° the view reaches past,
// with the frame's transform and view moved a world over by shift metres:
// the basemap's land and the points, which the spatial index holds within
// ±180°, are then drawn where the view shows them across the antimeridian
// (a point at 179° west appears at 181° in a view centred on 180°), as a
// layer's shapes are by their copy a world over (see prepare).
func (f *frame) worldOver(draw func(shift float64)) {
	t, view := f.t, f.view
	defer func() { f.t, f.view = t, view }()
	for _, shift := range []float64{geo.WorldMeters, -geo.WorldMeters} {
		if (shift > 0 && view.Max[0] <= geo.WorldHalf) || (shift < 0 && view.Min[0] >= -geo.WorldHalf) {
			continue
		}
		f.t = t
		f.t.ox += shift * t.inv
		f.view = orb.Bound{Min: orb.Point{view.Min[0] - shift, view.Min[1]}, Max: orb.Point{view.Max[0] - shift, view.Max[1]}}
		draw(shift)
	}
}

// drawShapes draws the layer's polygons, then its lines (every casing
// before every core), then the members of its multipoints.
func (f *frame) drawShapes(li int, lv LayerView, g *layerGeom, op float64, vis func(int) bool) {
	l := lv.Layer
	view := f.boxOf(f.c.clip, float64(f.sym))
	var shown []int
	for si := range g.shapes {
		s := &g.shapes[si]
		if !intersects(s.bound, view) || (vis != nil && !vis(int(s.id))) {
			continue
		}
		shown = append(shown, si)
	}
	if px, ok := f.c.be.(*raster); ok && len(shown) >= pipelineMin {
		// many shapes: composite on another goroutine (fillpipe.go)
		px.startPipe()
		defer px.endPipe()
	}
	// Polygons.
	for _, si := range shown {
		s := &g.shapes[si]
		if len(s.polys) == 0 {
			continue
		}
		i := int(s.id)
		col := lv.FeatureColor(i)
		k := l.FeatureKind(i)
		fillA := 0.22
		if k == data.KindCamp {
			fillA = 0.32
		}
		if lv.FillOpacity > 0 {
			fillA = min(lv.FillOpacity, 1)
		}
		for _, poly := range s.polys {
			f.addPolygon(poly)
		}
		f.c.fill(withAlpha(col, fillA*op))
		for _, poly := range s.polys {
			f.outlinePolygon(poly, stroke{width: 1.8 * f.scale, round: true})
		}
		f.c.fill(withAlpha(col, op))
		if hasSymbol(k) {
			m := geo.Mercator(l.Anchor(i))
			a := f.t.px(m[0], m[1])
			lo, hi := f.t.px(s.bound.Min[0], s.bound.Max[1]), f.t.px(s.bound.Max[0], s.bound.Min[1])
			extent := math.Max(hi.x-lo.x, hi.y-lo.y)
			name := labelText(lv, i)
			if extent < float64(2*f.sym) && isFinite(a) && math.Abs(a.x) < 1e6 && math.Abs(a.y) < 1e6 {
				// Too small to read as an area: mark it with its symbol too.
				cx, cy := int(math.Floor(a.x)), int(math.Floor(a.y))
				f.drawSymbol(lv, styleKey{kind: k}, op, 0, f.sym, cx, cy)
				h := f.sym / 2
				f.obst = append(f.obst, image.Rect(cx-h, cy-h, cx+h, cy+h))
				if name != "" {
					f.addLabel(li, i, k, name, pt{float64(cx) + 0.5, float64(cy) + 0.5}, float64(h), len(f.obst)-1, false)
				}
			} else if name != "" {
				// Centred, or beside the area when it cannot hold its name.
				if f.addLabel(li, i, k, name, a, 0, -1, false) {
					f.labels[len(f.labels)-1].area = math.Min(extent/2, f.px(60))
				}
			}
		} else if lv.LabelKey != "" {
			f.addAreaFieldLabel(li, lv, i, s)
		}
	}
	// Lines: casings first, then cores.
	for pass := 0; pass < 2; pass++ {
		for _, si := range shown {
			s := &g.shapes[si]
			if len(s.lines) == 0 {
				continue
			}
			i := int(s.id)
			k := l.FeatureKind(i)
			col := lv.FeatureColor(i)
			styles := []lineStyle{{col: col, st: stroke{width: 2.2, round: true}}}
			if k == data.KindRoute {
				styles = routeStyle(routeTypeOf(l, i), col)
			}
			for _, ls := range styles {
				if ls.under != (pass == 0) {
					continue
				}
				ls.st.width *= f.scale
				ls.st.dash = f.dashes(ls.st.dash)
				for _, line := range s.lines {
					f.buf = f.project(f.buf[:0], line, decimate)
					f.c.strokeLine(f.buf, ls.st)
				}
				f.c.fill(withAlpha(ls.col, op))
			}
			if pass == 1 && k == data.KindRoute {
				if name := labelText(lv, i); name != "" {
					if path, ok := f.lineLabelPath(s.lines); ok {
						mid := pointAt(path, pathLength(path)/2)
						if f.addLabel(li, i, k, name, mid, 0, -1, true) {
							f.labels[len(f.labels)-1].path = path
						}
					}
				}
			}
		}
	}
	// Members of multipoints, drawn as single points.
	for _, si := range shown {
		s := &g.shapes[si]
		if len(s.pts) == 0 {
			continue
		}
		sk, rad := g.styleKeyOf(l, int(s.id)), pointRadius(float64(len(shown)))
		for _, m := range s.pts {
			p := f.t.px(m[0], m[1])
			if !isFinite(p) || math.Abs(p.x) > 1e9 || math.Abs(p.y) > 1e9 {
				continue
			}
			f.drawSymbol(lv, sk, op, rad, f.sym, int(math.Floor(p.x)), int(math.Floor(p.y)))
		}
	}
}

// lineLabelPath returns the longest visible stretch of the lines, in
// pixels (kept 20 layout pixels inside the frame), when it is at least 40
// layout pixels long.
func (f *frame) lineLabelPath(lines [][]pt) ([]pt, bool) {
	clip := f.c.clip
	in := f.px(20)
	x0, y0, x1, y1 := float64(clip.Min.X)+in, float64(clip.Min.Y)+in, float64(clip.Max.X)-in, float64(clip.Max.Y)-in
	var best, piece []pt
	bestLen, pieceLen := 0.0, 0.0
	consider := func() {
		if pieceLen > bestLen && len(piece) >= 2 {
			best, bestLen = append(best[:0], piece...), pieceLen
		}
		piece, pieceLen = piece[:0], 0
	}
	for _, line := range lines {
		f.buf = f.project(f.buf[:0], line, f.pr)
		for j := 1; j < len(f.buf); j++ {
			a, b := f.buf[j-1], f.buf[j]
			t0, t1, ok := clipSegment(a, b, x0, y0, x1, y1)
			if !ok || !isFinite(a) || !isFinite(b) {
				consider()
				continue
			}
			p := pt{a.x + t0*(b.x-a.x), a.y + t0*(b.y-a.y)}
			q := pt{a.x + t1*(b.x-a.x), a.y + t1*(b.y-a.y)}
			if len(piece) == 0 || t0 > 0 {
				consider()
				piece = append(piece, p)
			}
			piece = append(piece, q)
			pieceLen += math.Hypot(q.x-p.x, q.y-p.y)
			if t1 < 1 {
				consider()
			}
		}
		consider()
	}
	return best, bestLen >= f.px(40)
}

// parallelMin is the number of points from which a layer's points are drawn
// in two horizontal bands at once.
var parallelMin = 30000

// drawPoints draws a layer's point features, on either back end: each
// point in view (or within its symbol's reach of the frame) that the time
// window and filters show, as its style key's symbol; a layer sized by
// count largest first. Its symbols are labelled when the scene has labels.
// On a back end that paints in place, a narrow time window walks the
// window's features instead of the view's, and a crowded view is drawn in
// two bands at once.
func (f *frame) drawPoints(li int, lv LayerView, g *layerGeom, op float64, vis func(int) bool) {
	l := lv.Layer
	inView := estimateInView(g, f.view)
	if inView == 0 {
		return
	}
	rad := pointRadius(inView)
	f.syms = f.syms[:0]
	for _, sk := range g.keyList {
		f.syms = append(f.syms, symbolOf(lv, sk, op, rad))
	}
	ps := f.c.be.points(f.c, g, f.syms, f.pr, f.sym)
	inPlace := f.c.be.inPlace()

	// With a narrow time window, walking the window's features beats
	// walking the view's.
	var ids []int32
	useTime := false
	if inPlace && vis != nil && f.sc.Window.Dated() {
		ix := l.Index()
		n := ix.Count(f.sc.Window, f.sc.Inside) + len(ix.Undated())
		if float64(n) < inView/4 {
			useTime = true
			ids = make([]int32, 0, n)
			ix.Query(f.sc.Window, f.sc.Inside, func(i int32) bool { ids = append(ids, i); return true })
			ids = append(ids, ix.Undated()...)
			if keep := keepFilter(f.sc, l); keep != nil {
				ids = slices.DeleteFunc(ids, func(i int32) bool { return !keep(int(i)) })
			}
		}
	}

	band := func(clip image.Rectangle) {
		box := f.boxOf(clip, ps.reach())
		t := f.t
		if g.sized {
			// A layer sized by count is drawn largest first: its
			// positions are gathered, ordered, then drawn.
			var order []int
			if useTime {
				for _, id := range ids {
					if pos := g.points.Pos(int(id)); pos >= 0 {
						order = append(order, pos)
					}
				}
			} else {
				g.points.RangePos(box.Min[0], box.Min[1], box.Max[0], box.Max[1], func(pos int, x, y float64) bool {
					if vis == nil || vis(g.points.ID(pos)) {
						order = append(order, pos)
					}
					return true
				})
			}
			for _, pos := range g.sizeOrder(order) {
				x, y := g.points.XYAt(pos)
				if x >= box.Min[0] && x <= box.Max[0] && y >= box.Min[1] && y <= box.Max[1] {
					ps.draw(pos, int(math.Floor(x*t.inv+t.ox)), int(math.Floor(t.oy-y*t.inv)), clip)
				}
			}
			return
		}
		if useTime {
			for _, id := range ids {
				pos := g.points.Pos(int(id))
				if pos < 0 {
					continue
				}
				x, y := g.points.XYAt(pos)
				if x >= box.Min[0] && x <= box.Max[0] && y >= box.Min[1] && y <= box.Max[1] {
					ps.draw(pos, int(math.Floor(x*t.inv+t.ox)), int(math.Floor(t.oy-y*t.inv)), clip)
				}
			}
			return
		}
		g.points.RangePos(box.Min[0], box.Min[1], box.Max[0], box.Max[1], func(pos int, x, y float64) bool {
			if vis == nil || vis(g.points.ID(pos)) {
				ps.draw(pos, int(math.Floor(x*t.inv+t.ox)), int(math.Floor(t.oy-y*t.inv)), clip)
			}
			return true
		})
	}
	clip := f.c.clip
	if inPlace && inView >= float64(parallelMin) && clip.Dy() >= 64 {
		mid := clip.Min.Y + clip.Dy()/2
		top, bottom := clip, clip
		top.Max.Y, bottom.Min.Y = mid, mid
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); band(bottom) }()
		band(top)
		wg.Wait()
	} else {
		band(clip)
	}

	if f.sc.Labels && (g.symbols || g.notes) {
		f.collectSymbolLabels(li, lv, g, vis)
	}
	f.collectFieldLabels(li, lv, g, vis)
}

// estimateInView returns about how many of the layer's points fall in view:
// its point count times the share of its box the view covers.
func estimateInView(g *layerGeom, view orb.Bound) float64 {
	b := g.bound
	if !intersects(b, view) {
		return 0
	}
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	iw := min(b.Max[0], view.Max[0]) - max(b.Min[0], view.Min[0])
	ih := min(b.Max[1], view.Max[1]) - max(b.Min[1], view.Min[1])
	fx, fy := 1.0, 1.0
	if w > 0 {
		fx = clamp01(iw / w)
	}
	if h > 0 {
		fy = clamp01(ih / h)
	}
	return math.Max(1, float64(g.nPts)*fx*fy)
}

// maxLabelCands bounds the labels considered per frame.
const maxLabelCands = 2000

// collectSymbolLabels records the boxes of the symbols drawn for named (and
// unnamed) camps, terminals and ports, and their labels, and the labels of
// notes.
func (f *frame) collectSymbolLabels(li int, lv LayerView, g *layerGeom, vis func(int) bool) {
	l := lv.Layer
	box := f.boxOf(f.c.clip, float64(f.sym))
	h := f.sym / 2
	n := 0
	g.points.Range(box.Min[0], box.Min[1], box.Max[0], box.Max[1], func(id int, x, y float64) bool {
		k := l.FeatureKind(id)
		if !(hasSymbol(k) || g.notes && l.IsNote(id)) || (vis != nil && !vis(id)) {
			return true
		}
		p := f.t.px(x, y)
		cx, cy := int(math.Floor(p.x)), int(math.Floor(p.y))
		f.obst = append(f.obst, image.Rect(cx-h, cy-h, cx+h, cy+h))
		if name := labelText(lv, id); name != "" {
			f.addLabel(li, id, k, name, pt{float64(cx) + 0.5, float64(cy) + 0.5}, float64(h), len(f.obst)-1, false)
		}
		n++
		return n < maxLabelCands
	})
}
