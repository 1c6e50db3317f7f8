package render

import (
	"context"
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"

	xdraw "golang.org/x/image/draw"

	"campmap/geo"
)

// maxFrameTiles bounds the tiles one frame draws (a huge frame at a high
// pixel ratio draws its tiles one zoom level coarser instead).
const maxFrameTiles = 400

// maxAncestor is how many zoom levels up a frame looks for a tile to
// enlarge in place of one not at hand yet.
const maxAncestor = 6

// placedTile is a tile a frame draws: the decoded tile of key at (or,
// standing in for a missing one, above) the position want.
type placedTile struct {
	want, key tileKey
	e         *tileEntry
}

// tileRange returns the tiles at zoom z covering the Mercator box view
// within the tileset's bounds: x0..x1, y0..y1 inclusive, ok false when
// none.
func (t *Tiles) tileRange(z int, view [4]float64) (x0, y0, x1, y1 int, ok bool) {
	b := t.meta.Bounds
	bmin := geo.Mercator(b.Min)
	bmax := geo.Mercator(b.Max)
	vx0, vy0 := max(view[0], bmin[0]), max(view[1], bmin[1])
	vx1, vy1 := min(view[2], bmax[0]), min(view[3], bmax[1])
	if !(vx0 < vx1 && vy0 < vy1) {
		return 0, 0, 0, 0, false
	}
	n := 1 << z
	size := 2 * geo.WorldHalf / float64(n)
	cl := func(v float64) int { return min(max(int(math.Floor(v)), 0), n-1) }
	x0, x1 = cl((vx0+geo.WorldHalf)/size), cl((vx1+geo.WorldHalf)/size)
	y0, y1 = cl((geo.WorldHalf-vy1)/size), cl((geo.WorldHalf-vy0)/size)
	return x0, y0, x1, y1, true
}

// tileZoom returns the tile zoom a frame at zoom z (device pixels for
// raster tiles, layout pixels for vector ones) draws, and false below
// the tileset's minimum zoom.
func (t *Tiles) tileZoom(z float64) (int, bool) {
	var tz int
	if t.style != nil {
		// Vector tiles are made for 512-pixel display: zoom 13 tiles
		// serve a zoom 14 frame.
		tz = int(math.Floor(z+1e-9)) - 1
	} else {
		size := float64(t.meta.TileSize)
		if size <= 0 {
			size = 256
		}
		tz = int(math.Round(z - math.Log2(size/256)))
	}
	if tz < t.meta.MinZoom {
		if t.style != nil && tz == t.meta.MinZoom-1 {
			return t.meta.MinZoom, true
		}
		return 0, false
	}
	return min(tz, t.meta.MaxZoom), true
}

// gather returns the tiles of the frame's view at tile zoom z: those at
// hand, and for those not, the nearest ancestor at hand, coarsest first
// (so finer tiles paint over them). full reports whether the tiles at
// hand cover the whole view, every one of them there.
func (t *Tiles) gather(z int, view [4]float64) (out []placedTile, full bool) {
	x0, y0, x1, y1, ok := t.tileRange(z, view)
	for ok && (x1-x0+1)*(y1-y0+1) > maxFrameTiles && z > t.meta.MinZoom {
		z--
		x0, y0, x1, y1, ok = t.tileRange(z, view)
	}
	if !ok || (x1-x0+1)*(y1-y0+1) > maxFrameTiles {
		return nil, false
	}
	var keys []tileKey
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			keys = append(keys, tileKey{z, x, y})
		}
	}
	if t.async != nil && t.opt.Wait > 0 {
		ctx, cancel := context.WithTimeout(context.Background(), t.opt.Wait)
		t.fetch(ctx, keys)
		cancel()
	}
	bmin, bmax := geo.Mercator(t.meta.Bounds.Min), geo.Mercator(t.meta.Bounds.Max)
	full = bmin[0] <= view[0] && bmin[1] <= view[1] && bmax[0] >= view[2] && bmax[1] >= view[3]
	missing := false
	seen := map[tileKey]bool{}
	for _, k := range keys {
		if e, ok := t.tile(k); ok {
			if e.err == nil {
				out = append(out, placedTile{want: k, key: k, e: e})
			} else {
				full = false
			}
			continue
		}
		full = false
		missing = true
		// Not at hand: the nearest ancestor that is.
		for d := 1; d <= maxAncestor && k.z-d >= t.meta.MinZoom; d++ {
			a := tileKey{k.z - d, k.x >> d, k.y >> d}
			e, ok := t.cache.peek(a)
			if !ok && t.async == nil {
				// A file's parent is read at once; an online source's
				// is not asked for (only tiles viewed are fetched).
				e, ok = t.tile(a)
			}
			if ok {
				if e.err == nil && (t.style == nil || !seen[a]) {
					seen[a] = true
					out = append(out, placedTile{want: k, key: a, e: e})
				}
				break
			}
		}
	}
	slices.SortStableFunc(out, func(a, b placedTile) int { return a.key.z - b.key.z })
	if missing {
		t.frames.Add(1)
	}
	return out, full
}

// tileBox returns the pixel box of tile k in a frame of transform xf:
// x0, y0, x1, y1 rounded, so that neighbouring tiles share their edges.
func tileBox(xf xform, k tileKey) image.Rectangle {
	size := 2 * geo.WorldHalf / float64(int(1)<<k.z)
	mx0, my0 := -geo.WorldHalf+float64(k.x)*size, geo.WorldHalf-float64(k.y)*size
	a, b := xf.px(mx0, my0), xf.px(mx0+size, my0-size)
	r := func(v float64) int { return int(math.Round(min(max(v, -1e8), 1e8))) }
	return image.Rect(r(a.x), r(a.y), r(b.x), r(b.y))
}

// vectorTiles gathers the vector tiles of the frame (once) and reports
// whether they cover it whole, so that the embedded basemap under them
// need not be drawn.
func (f *frame) vectorTiles() (placed []placedTile, lz float64, full bool) {
	ts := f.sc.Tiles
	if ts == nil || ts.style == nil {
		return nil, 0, false
	}
	if !f.tilesDone {
		f.tilesDone = true
		f.tileLZ = layoutZoom(f.vp.Zoom, f.pr)
		if z, ok := ts.tileZoom(f.tileLZ); ok {
			f.tilePlaced, f.tilesFull = ts.gather(z, f.viewBox())
		}
	}
	return f.tilePlaced, f.tileLZ, f.tilesFull
}

// drawTiles draws the scene's tiled basemap over the embedded one.
func (f *frame) drawTiles() {
	ts := f.sc.Tiles
	if ts == nil {
		return
	}
	if ts.style != nil {
		if !f.drawVectorTiles(ts) {
			return
		}
	} else if !f.drawRasterTiles(ts) {
		return
	}
	if ts.opt.Dim > 0 {
		b := ts.meta.Bounds
		p0, p1 := geo.Mercator(b.Min), geo.Mercator(b.Max)
		a, c := f.t.px(p0[0], p0[1]), f.t.px(p1[0], p1[1])
		x0, y0, x1, y1 := f.c.box(1)
		f.c.fillRect(max(a.x, x0), max(c.y, y0), min(c.x, x1), min(a.y, y1), color.NRGBA{0xff, 0xff, 0xff, uint8(math.Round(ts.opt.Dim * 255))})
	}
}

// viewBox returns the frame's Mercator view as x0, y0, x1, y1.
func (f *frame) viewBox() [4]float64 {
	return [4]float64{f.view.Min[0], f.view.Min[1], f.view.Max[0], f.view.Max[1]}
}

// drawRasterTiles paints the raster tiles of the view: in place on a
// raster canvas, else (a page) as one image at the page's resolution. It
// reports whether the view had tiles.
func (f *frame) drawRasterTiles(ts *Tiles) bool {
	if f.c.be.inPlace() {
		return drawRasterInto(ts, f.c.px.dst, f.c.px.origin, f.c.clip, f.vp, true)
	}
	s := f.imgScale
	if !(s > 0) {
		s = 1
	}
	w, h := int(math.Ceil(float64(f.vp.W)*s)), int(math.Ceil(float64(f.vp.H)*s))
	for w*h > 1<<25 {
		s /= 1.25
		w, h = int(math.Ceil(float64(f.vp.W)*s)), int(math.Ceil(float64(f.vp.H)*s))
	}
	if w <= 0 || h <= 0 {
		return false
	}
	vp := geo.Viewport{Center: f.vp.Center, Zoom: f.vp.Zoom + math.Log2(float64(w)/float64(f.vp.W)), W: w, H: h}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	if !drawRasterInto(ts, img, image.Point{}, img.Rect, vp, false) {
		return false
	}
	f.c.be.image(f.c, img, image.Rect(0, 0, f.vp.W, f.vp.H))
	return true
}

// drawRasterInto paints the raster tiles of vp into dst (viewport pixel
// (0, 0) at dst pixel origin), inside clip, resampled bilinearly (with
// cache, through the tile image cache, so a pan resamples nothing). It
// reports whether any tile was drawn.
func drawRasterInto(ts *Tiles, dst *image.RGBA, origin image.Point, clip image.Rectangle, vp geo.Viewport, cache bool) bool {
	z, ok := ts.tileZoom(vp.Zoom)
	if !ok {
		return false
	}
	xf := newXform(vp)
	var view [4]float64
	view[0], view[3] = xf.merc(float64(clip.Min.X), float64(clip.Min.Y))
	view[2], view[1] = xf.merc(float64(clip.Max.X), float64(clip.Max.Y))
	placed, _ := ts.gather(z, view)
	if len(placed) == 0 {
		return false
	}
	sub := dst.SubImage(clip.Add(origin)).(*image.RGBA)
	for _, p := range placed {
		img := p.e.img
		dr := tileBox(xf, p.want).Add(origin)
		if !dr.Overlaps(sub.Rect) {
			continue
		}
		sr := img.Rect
		if d := p.want.z - p.key.z; d > 0 {
			// An ancestor stands in: its part over the wanted tile.
			n := 1 << d
			side := float64(img.Rect.Dx()) / float64(n)
			ox, oy := float64(p.want.x-p.key.x<<d)*side, float64(p.want.y-p.key.y<<d)*side
			sr = image.Rect(int(math.Floor(ox)), int(math.Floor(oy)), int(math.Ceil(ox+side)), int(math.Ceil(oy+side)))
		}
		if dr.Size() == sr.Size() {
			draw.Draw(sub, dr, img, sr.Min, draw.Over)
			continue
		}
		if cache && p.key == p.want && compositeScaled(ts, sub, origin, xf, vp.Zoom, p) {
			continue
		}
		xdraw.ApproxBiLinear.Scale(sub, dr, img, sr, draw.Over, nil)
	}
	return true
}

// globalBox returns the whole pixels of the world at the zoom of xf that
// tile k covers, and the shift from them to viewport pixels (rounded:
// tiles drawn on that grid join without seams).
func globalBox(xf xform, k tileKey) (r image.Rectangle, shift image.Point) {
	worldPx := 2 * geo.WorldHalf * xf.inv
	side := worldPx / float64(int(1)<<k.z)
	x0, y0 := int(math.Floor(float64(k.x)*side)), int(math.Floor(float64(k.y)*side))
	x1, y1 := int(math.Floor(float64(k.x+1)*side)), int(math.Floor(float64(k.y+1)*side))
	return image.Rect(x0, y0, x1, y1), image.Pt(int(math.Round(xf.ox-worldPx/2)), int(math.Round(xf.oy-worldPx/2)))
}

// compositeScaled draws raster tile p resampled to the frame's zoom from
// the tile image cache (resampling it once per zoom), onto sub. It
// reports false for a tile too large to keep resampled.
func compositeScaled(ts *Tiles, sub *image.RGBA, origin image.Point, xf xform, zoom float64, p placedTile) bool {
	g, shift := globalBox(xf, p.key)
	w, h := g.Dx(), g.Dy()
	if w <= 0 || h <= 0 || w > maxTileImage || h > maxTileImage {
		return false
	}
	r := g.Add(shift).Add(origin)
	if !r.Overlaps(sub.Rect) {
		return true
	}
	e, _ := ts.images.get(imageKey{k: p.key, zoom: zoom}, func() (*tileEntry, bool) {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		xdraw.ApproxBiLinear.Scale(img, img.Rect, p.e.img, p.e.img.Rect, draw.Src, nil)
		return &tileEntry{img: img, opaque: p.e.opaque, size: int64(len(img.Pix))}, true
	})
	op := draw.Over
	if e.opaque {
		op = draw.Src // a copy
	}
	draw.Draw(sub, r, e.img, image.Point{}, op)
	return true
}

// drawVectorTiles draws the vector tiles of the view in the built-in
// style: each paint over every tile before the next paint (so a tile's
// roads never pass under its neighbour's land), road casings under all
// road cores; their names join the frame's labels after campmap's own.
// It reports whether the view had tiles.
func (f *frame) drawVectorTiles(ts *Tiles) bool {
	placed, lz, _ := f.vectorTiles()
	if len(placed) == 0 {
		return false
	}
	if !f.c.be.inPlace() {
		f.paintVector(ts, placed, lz) // pages keep vectors
	} else {
		// Raster frames composite each tile drawn once for the zoom;
		// parents standing in for missing tiles are drawn as they are.
		var coarse []placedTile
		for _, p := range placed {
			if p.key != p.want {
				coarse = append(coarse, p)
			}
		}
		if len(coarse) > 0 {
			f.paintVector(ts, coarse, lz)
		}
		for _, p := range placed {
			if p.key == p.want && !f.compositeTile(ts, p, lz) {
				f.paintVector(ts, []placedTile{p}, lz)
			}
		}
	}
	if f.sc.Labels {
		f.collectTileLabels(placed, lz)
	}
	return true
}

// maxTileImage bounds the side of a vector tile drawn as an image (a
// tile enlarged far past the tileset's zooms is drawn directly).
const maxTileImage = 2048

// compositeTile draws tile p from its image at the frame's zoom and
// pixel ratio, drawing the image first when it is not cached. Tile
// images lie on the whole pixels of the world at that zoom, so they
// join without seams; the frame places them to the nearest pixel. It
// reports false when the tile is too large to draw as an image.
func (f *frame) compositeTile(ts *Tiles, p placedTile, lz float64) bool {
	g, shift := globalBox(f.t, p.key)
	w, h := g.Dx(), g.Dy()
	if w <= 0 || h <= 0 || w > maxTileImage || h > maxTileImage {
		return false
	}
	worldPx := 2 * geo.WorldHalf * f.t.inv
	x0, y0 := g.Min.X, g.Min.Y
	r := g.Add(shift)
	if !r.Overlaps(f.c.clip) {
		return true
	}
	key := imageKey{k: p.key, zoom: f.vp.Zoom, pr: f.pr}
	e, _ := ts.images.get(key, func() (*tileEntry, bool) {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		ground := LandColor
		if ts.style.pm {
			ground = SeaColor
		}
		draw.Draw(img, img.Rect, image.NewUniform(ground), image.Point{}, draw.Src)
		sub := &frame{sc: f.sc, vp: f.vp, pr: f.pr, scale: f.scale, sym: f.sym, faces: f.faces,
			t: xform{inv: f.t.inv, res: f.t.res, ox: worldPx/2 - float64(x0), oy: worldPx/2 - float64(y0)}}
		sub.c = newCanvas(img, w, h)
		sub.buf = sub.c.line[:0]
		sub.view = sub.boxOf(sub.c.clip, 0)
		sub.paintVector(ts, []placedTile{p}, lz)
		sub.c.line = sub.buf[:0]
		sub.c.release()
		return &tileEntry{img: img, size: int64(len(img.Pix))}, true
	})
	dst := f.c.px.dst
	o := f.c.px.origin
	// Opaque: the tile's ground fills it.
	draw.Draw(dst.SubImage(f.c.clip.Add(o)).(*image.RGBA), r.Add(o), e.img, image.Point{}, draw.Src)
	return true
}

// paintVector draws the vector tiles placed: their ground, then each
// paint over every tile before the next.
func (f *frame) paintVector(ts *Tiles, placed []placedTile, lz float64) {
	// The ground: land (OpenMapTiles draws water on it) or sea
	// (Protomaps draws the earth on it).
	ground := LandColor
	if ts.style.pm {
		ground = SeaColor
	}
	x0, y0, x1, y1 := f.c.box(1)
	for _, p := range placed {
		r := tileBox(f.t, p.key)
		f.c.addRing([]pt{
			{max(float64(r.Min.X), x0), max(float64(r.Min.Y), y0)}, {min(float64(r.Max.X), x1), max(float64(r.Min.Y), y0)},
			{min(float64(r.Max.X), x1), min(float64(r.Max.Y), y1)}, {max(float64(r.Min.X), x0), min(float64(r.Max.Y), y1)},
		}, -1)
	}
	f.c.fill(ground)
	view := f.view
	pad := 30 * f.t.res * f.pr
	vx0, vy0, vx1, vy1 := view.Min[0]-pad, view.Min[1]-pad, view.Max[0]+pad, view.Max[1]+pad
	near := func(line []pt) bool {
		// A cheap box test, so far-off geometry of a large tile is not
		// projected.
		bx0, by0, bx1, by1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, q := range line {
			bx0, by0, bx1, by1 = min(bx0, q.x), min(by0, q.y), max(bx1, q.x), max(by1, q.y)
		}
		return bx1 >= vx0 && bx0 <= vx1 && by1 >= vy0 && by0 <= vy1
	}
	stroke1 := func(pi int, w float64, dash []float64) {
		// Round joins only where they show: thin lines' joints are
		// hidden under their width.
		round := dash == nil && w >= f.px(4)
		for _, p := range placed {
			for _, line := range p.e.vec.lines[pi] {
				if near(line) {
					f.buf = f.project(f.buf[:0], line, decimate)
					f.c.strokeLine(f.buf, stroke{width: w, dash: dash, round: round})
				}
			}
		}
	}
	var roads []int
	for pi := range nPaints {
		pa := &paints[pi]
		if lz < pa.minZoom {
			continue
		}
		switch pa.kind {
		case paintFill:
			var shown []vpoly
			for _, p := range placed {
				for _, poly := range p.e.vec.polys[pi] {
					if len(poly) > 0 && near(poly[0]) {
						shown = append(shown, poly)
					}
				}
			}
			if len(shown) == 0 {
				continue
			}
			for _, poly := range shown {
				f.addPolygon(poly)
			}
			f.c.fill(pa.col)
			if pa.casing.A > 0 {
				for _, poly := range shown {
					f.outlinePolygon(poly, stroke{width: f.px(0.6)})
				}
				f.c.fill(pa.casing)
			}
		case paintLine:
			f.flushRoads(roads, lz, stroke1)
			roads = roads[:0]
			stroke1(pi, f.px(pa.width(lz)), f.dashes(pa.dash))
			f.c.fill(pa.col)
			if pi == pRail && lz >= 13 {
				stroke1(pi, f.px(pa.width(lz)*0.55), f.dashes([]float64{5, 5}))
				f.c.fill(color.NRGBA{0xff, 0xff, 0xff, 0xff})
			}
		case paintRoad:
			roads = append(roads, pi)
		}
	}
	f.flushRoads(roads, lz, stroke1)
}

// flushRoads strokes the casings of the road paints, then their cores;
// neighbouring paints of one colour share a fill (a fill costs a pass
// over its box, and minor, service and tertiary roads share theirs).
func (f *frame) flushRoads(roads []int, lz float64, stroke1 func(int, float64, []float64)) {
	if len(roads) == 0 {
		return
	}
	pass := func(col func(*paint) color.NRGBA, width func(*paint) float64) {
		for i, pi := range roads {
			pa := &paints[pi]
			stroke1(pi, f.px(width(pa)), nil)
			if i+1 == len(roads) || col(&paints[roads[i+1]]) != col(pa) {
				f.c.fill(col(pa))
			}
		}
	}
	casing := func(pa *paint) color.NRGBA { return pa.casing }
	if lz >= 12 {
		pass(casing, func(pa *paint) float64 { return pa.width(lz) + casingWidth(lz) })
		pass(func(pa *paint) color.NRGBA { return pa.col }, func(pa *paint) float64 { return pa.width(lz) })
		return
	}
	// Thin and low: the darker line reads better.
	pass(casing, func(pa *paint) float64 { return pa.width(lz) })
}

// casingWidth is what a road's casing adds to its width, layout pixels.
func casingWidth(lz float64) float64 { return min(max(0.8+0.25*(lz-12), 0.8), 2.2) }

// basemapLabel is the look of a kind of basemap label.
type basemapLabel struct {
	style fontStyle
	size  float64 // layout pixels
	col   color.NRGBA
}

// basemapLabels are the looks of the label kinds: greys and a muted blue,
// smaller than campmap's own labels.
var basemapLabels = [...]basemapLabel{
	lCountry: {fontBold, 12, color.NRGBA{0x6A, 0x62, 0x70, 0xff}},
	lCity:    {fontBold, 12.5, color.NRGBA{0x3C, 0x3C, 0x3C, 0xff}},
	lTown:    {fontRegular, 11.5, color.NRGBA{0x44, 0x44, 0x44, 0xff}},
	lVillage: {fontRegular, 10.5, color.NRGBA{0x55, 0x55, 0x55, 0xff}},
	lSuburb:  {fontItalic, 10, color.NRGBA{0x70, 0x70, 0x70, 0xff}},
	lWater:   {fontItalic, 10.5, color.NRGBA{0x4A, 0x6E, 0x96, 0xff}},
	lRoad:    {fontRegular, 9.5, color.NRGBA{0x5C, 0x5C, 0x5C, 0xff}},
}

// maxTileLabels bounds the basemap labels considered per frame.
const maxTileLabels = 600

// collectTileLabels queues the names of the tiles shown at layout zoom
// lz, to be placed after campmap's labels, around them.
func (f *frame) collectTileLabels(placed []placedTile, lz float64) {
	var cands []labelCand
	for _, p := range placed {
		for i := range p.e.vec.labels {
			l := &p.e.vec.labels[i]
			if lz < l.minZoom {
				continue
			}
			lc := labelCand{prio: l.rank, layer: -1, id: len(cands), text: l.text, obst: -1, tile: l.kind + 1}
			if len(l.lines) > 0 {
				path, ok := f.lineLabelPath(l.lines)
				if !ok {
					continue
				}
				lc.path, lc.onLine = path, true
				lc.at = pointAt(path, pathLength(path)/2)
			} else {
				lc.at = f.t.px(l.at.x, l.at.y)
				if !isFinite(lc.at) || !image.Pt(int(lc.at.x), int(lc.at.y)).In(f.c.clip) {
					continue
				}
			}
			if len(lc.text) > 80 {
				lc.text = lc.text[:80]
			}
			cands = append(cands, lc)
			if len(cands) >= maxTileLabels {
				break
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b labelCand) int { return a.prio - b.prio })
	f.tileLabels = append(f.tileLabels, cands...)
}
