package render

import (
	"math"
	"slices"

	"github.com/paulmach/orb"

	"campmap/data/style"
	"campmap/geo"
)

// occupancy is a coarse grid over a viewport marking the cells where a
// scene draws data: its visible layers' features as the time window and
// filters show them, as points, lines, areas or density cells. A page
// measures with it how much data each place for its furniture would cover,
// from the prepared geometry, without drawing anything.
type occupancy struct {
	cell int // side of a grid cell, viewport pixels
	w, h int // grid size, cells
	on   []bool
}

// occupancyCell is the side of an occupancy cell, viewport pixels.
const occupancyCell = 4

// dataOccupancy returns where sc draws data in vp.
func dataOccupancy(sc *Scene, vp geo.Viewport) *occupancy {
	vp = sanitize(vp)
	o := &occupancy{cell: occupancyCell, w: (vp.W + occupancyCell - 1) / occupancyCell, h: (vp.H + occupancyCell - 1) / occupancyCell}
	o.on = make([]bool, o.w*o.h)
	if sc == nil {
		return o
	}
	t := newXform(vp)
	sym := symbolPxAt(layoutZoom(vp.Zoom, 1), 1)
	full := geo.MercatorBound(vp)
	pad := float64(sym) * t.res
	for _, lv := range sc.Layers {
		l := lv.Layer
		if !lv.Visible || l == nil || l.Len() == 0 {
			continue
		}
		vis := timeFilter(sc, l)
		shown := func(i int) bool { return (vis == nil || vis(i)) && lv.Keep(i) }
		if av, ok := aggFor(sc, lv, vp); ok {
			o.markAggregate(av, t)
			if !aggregated(l).shapes {
				continue
			}
			o.markShapes(prepared(l), t, full, shown, sym)
			continue
		}
		g := prepared(l)
		o.markShapes(g, t, full, shown, sym)
		if g.nPts == 0 {
			continue
		}
		r := max(float64(sym)/2, 5)
		if g.sized {
			r = max(r, 12)
		}
		g.points.Range(full.Min[0]-pad, full.Min[1]-pad, full.Max[0]+pad, full.Max[1]+pad, func(id int, x, y float64) bool {
			if shown(id) {
				p := t.px(x, y)
				o.markRect(p.x-r, p.y-r, p.x+r, p.y+r)
			}
			return true
		})
	}
	return o
}

// markShapes marks the polygons (filled), lines and multipoints of g that
// shown keeps and that reach view (Mercator).
func (o *occupancy) markShapes(g *layerGeom, t xform, view orb.Bound, shown func(int) bool, sym int) {
	for si := range g.shapes {
		s := &g.shapes[si]
		if !intersects(s.bound, view) || !shown(int(s.id)) {
			continue
		}
		for _, poly := range s.polys {
			o.fillPolygon(poly, t)
			for _, r := range poly {
				o.markLine(r, t, 2)
			}
		}
		for _, line := range s.lines {
			o.markLine(line, t, 3)
		}
		r := max(float64(sym)/2, 5)
		for _, m := range s.pts {
			p := t.px(m[0], m[1])
			o.markRect(p.x-r, p.y-r, p.x+r, p.y+r)
		}
		if len(s.polys) > 0 {
			// a small area is drawn as its symbol too
			lo, hi := t.px(s.bound.Min[0], s.bound.Max[1]), t.px(s.bound.Max[0], s.bound.Min[1])
			if math.Max(hi.x-lo.x, hi.y-lo.y) < float64(2*sym) {
				cx, cy, r := (lo.x+hi.x)/2, (lo.y+hi.y)/2, float64(sym)/2+2
				o.markRect(cx-r, cy-r, cx+r, cy+r)
			}
		}
	}
}

// markAggregate marks the non-empty density squares or bins of av.
func (o *occupancy) markAggregate(av *aggView, t xform) {
	if d := av.dens; d != nil {
		h := d.step / 2
		if d.key.shape != style.DensitySquares {
			h = d.step / math.Sqrt(3)
		}
		for _, b := range d.bins {
			x, y := d.center(b.row, b.col)
			lo, hi := t.px(x-h, y+h), t.px(x+h, y-h)
			o.markRect(lo.x, lo.y, hi.x, hi.y)
		}
		return
	}
	k := av.counts.key
	for j := 0; j < k.h; j++ {
		for i := 0; i < k.w; i++ {
			if av.counts.counts[j*k.w+i] == 0 {
				continue
			}
			x0 := float64(int64(k.cx0)+int64(i))*av.cell - geo.WorldHalf
			y1 := geo.WorldHalf - float64(int64(k.cy0)+int64(j))*av.cell
			lo, hi := t.px(x0, y1), t.px(x0+av.cell, y1-av.cell)
			o.markRect(lo.x, lo.y, hi.x, hi.y)
		}
	}
}

// markRect marks the cells a box of viewport pixels touches.
func (o *occupancy) markRect(x0, y0, x1, y1 float64) {
	if !(x1 >= 0 && y1 >= 0 && x0 <= float64(o.w*o.cell) && y0 <= float64(o.h*o.cell)) {
		return // off the grid, or not finite
	}
	c := float64(o.cell)
	i0, i1 := max(int(math.Floor(x0/c)), 0), min(int(math.Floor(x1/c)), o.w-1)
	j0, j1 := max(int(math.Floor(y0/c)), 0), min(int(math.Floor(y1/c)), o.h-1)
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			o.on[j*o.w+i] = true
		}
	}
}

// markLine marks the cells within half a stroke of width w of a line of
// Mercator points, sampled every half cell.
func (o *occupancy) markLine(line []pt, t xform, w float64) {
	step := float64(o.cell) / 2
	for j := 1; j < len(line); j++ {
		a, b := t.px(line[j-1].x, line[j-1].y), t.px(line[j].x, line[j].y)
		n := math.Ceil(math.Hypot(b.x-a.x, b.y-a.y) / step)
		if !(n >= 0) || n > 1e5 {
			continue // not finite, or far beyond the grid
		}
		for k := 0.0; k <= n; k++ {
			f := 0.0
			if n > 0 {
				f = k / n
			}
			x, y := a.x+(b.x-a.x)*f, a.y+(b.y-a.y)*f
			o.markRect(x-w/2, y-w/2, x+w/2, y+w/2)
		}
	}
}

// fillPolygon marks the cells whose centre is inside a polygon (rings of
// Mercator points, even-odd).
func (o *occupancy) fillPolygon(poly [][]pt, t xform) {
	c := float64(o.cell)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for _, r := range poly {
		for _, q := range r {
			y := t.px(q.x, q.y).y
			ylo, yhi = math.Min(ylo, y), math.Max(yhi, y)
		}
	}
	if !(yhi >= 0 && ylo <= float64(o.h)*c) {
		return
	}
	var xs []float64
	for j := max(int(ylo/c)-1, 0); j < min(int(yhi/c)+1, o.h); j++ {
		yc := (float64(j) + 0.5) * c
		xs = xs[:0]
		for _, r := range poly {
			for k := range r {
				a, b := t.px(r[k].x, r[k].y), t.px(r[(k+1)%len(r)].x, r[(k+1)%len(r)].y)
				if (a.y <= yc) != (b.y <= yc) {
					xs = append(xs, a.x+(yc-a.y)*(b.x-a.x)/(b.y-a.y))
				}
			}
		}
		slices.Sort(xs)
		for k := 0; k+1 < len(xs); k += 2 {
			i0 := max(int(math.Ceil(xs[k]/c-0.5)), 0)
			i1 := min(int(math.Floor(xs[k+1]/c-0.5)), o.w-1)
			for i := i0; i <= i1; i++ {
				o.on[j*o.w+i] = true
			}
		}
	}
}

// covered returns how many occupied cells a box of viewport pixels
// touches.
func (o *occupancy) covered(x0, y0, x1, y1 float64) int {
	c := float64(o.cell)
	i0, i1 := max(int(math.Floor(x0/c)), 0), min(int(math.Floor(x1/c)), o.w-1)
	j0, j1 := max(int(math.Floor(y0/c)), 0), min(int(math.Floor(y1/c)), o.h-1)
	n := 0
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			if o.on[j*o.w+i] {
				n++
			}
		}
	}
	return n
}
