package render

import (
	"cmp"
	"image"
	"image/color"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// Density view on demand.
//
// A layer whose style asks for a density view (style.Style.Density) is
// drawn at every zoom as hexagons or squares of a fixed ground size
// coloured by how many of its shown points each holds. It is the density
// squares' machinery (aggGrid: the time index's runs, categories and
// filters) with bins of a size in metres instead of the zoom's grid. The
// bins are counted over the whole layer (time window, hidden categories
// and property filter applied), never over the visible part only, so the
// colour classes stay the same while panning and zooming: one count is the
// same colour in every viewport.

// densityKey identifies one counting of a layer into density bins.
type densityKey struct {
	shape  style.DensityShape
	meters float64
	win    data.Span
	inside bool
	hidden string
	filter string
}

// densityBin is one non-empty bin of a density view.
type densityBin struct {
	row, col int64
	n        uint32
}

// densityCounts is a layer counted into density bins.
type densityCounts struct {
	key   densityKey
	step  float64      // Mercator metres between neighbouring centres (square side)
	bins  []densityBin // by row, then column
	total int
	max   uint32
}

// densityStep returns the Mercator length of meters of ground at the
// latitude of the middle of l's extent, rounded to a degree (so that the
// lattice does not move when a feature is added).
func densityStep(l *data.Layer, meters float64) float64 {
	b := l.Bounds()
	lat := math.Round((b.Min[1] + b.Max[1]) / 2)
	if math.IsNaN(lat) {
		lat = 0
	}
	lat = min(max(lat, -80), 80)
	return meters / math.Cos(lat*math.Pi/180)
}

// binOf returns the bin of Mercator point (x, y).
func (d *densityCounts) binOf(x, y float64) (row, col int64) {
	if d.key.shape == style.DensityHexagons {
		return geo.HexCell(x, y, d.step)
	}
	return int64(math.Floor(y / d.step)), int64(math.Floor(x / d.step))
}

// center returns the centre of bin (row, col), Mercator metres.
func (d *densityCounts) center(row, col int64) (x, y float64) {
	if d.key.shape == style.DensityHexagons {
		return geo.HexCenter(row, col, d.step)
	}
	return (float64(col) + 0.5) * d.step, (float64(row) + 0.5) * d.step
}

// densityFor returns the density view of lv when its style asks for one.
func densityFor(sc *Scene, lv LayerView) (*aggView, bool) {
	l, ds := lv.Layer, lv.Density
	if ds == nil || l == nil || l.Len() == 0 || !(ds.Meters > 0) {
		return nil, false
	}
	shape := ds.Shape
	if shape != style.DensitySquares {
		shape = style.DensityHexagons
	}
	meters := min(max(ds.Meters, style.MinDensityMeters), style.MaxDensityMeters)
	a := aggregated(l)
	if a.nPts == 0 {
		return nil, false
	}
	key := densityKey{shape: shape, meters: meters, win: sc.Window, inside: sc.Inside && sc.Window.Dated(),
		hidden: hiddenKey(lv), filter: filterKey(lv)}
	if !sc.Window.Dated() {
		key.win = data.Undated
	}
	d := a.density(lv, key)
	av := &aggView{grid: a, dens: d}
	for _, b := range countBreaks {
		av.breaks = append(av.breaks, b)
		if b >= d.max {
			break
		}
	}
	return av, true
}

// density returns the counts for key, from the cache when it holds them.
func (a *aggGrid) density(lv LayerView, key densityKey) *densityCounts {
	return a.dens.get(key, maxAggCache, func() *densityCounts { return a.densityNow(lv, key) })
}

// densityNow counts the layer's shown points into the bins of key: every
// shown point in exactly one bin.
func (a *aggGrid) densityNow(lv LayerView, key densityKey) *densityCounts {
	l := lv.Layer
	d := &densityCounts{key: key, step: densityStep(l, key.meters)}
	hidden := lv.hiddenByIndex()
	k := aggKey{win: key.win, inside: key.inside, filter: key.filter}
	var keep func(int) bool
	if k.filter != "" {
		keep = lv.Keeper()
	}
	// Exact positions from the prepared geometry; counts in a dense grid
	// over the layer's bins when it is not too large, else in a map.
	g := prepared(l)
	r0, c0 := d.binOf(g.bound.Min[0], g.bound.Min[1])
	r1, c1 := d.binOf(g.bound.Max[0], g.bound.Max[1])
	r0, c0, r1, c1 = r0-1, c0-1, r1+1, c1+1
	w, h := c1-c0+1, r1-r0+1
	var grid []uint32
	if w > 0 && h > 0 && w*h <= 1<<22 {
		grid = make([]uint32, w*h)
	}
	counts := map[[2]int64]uint32{}
	for _, r := range a.runs(l, key.win, key.inside) {
		all := r.exact && hidden == nil && key.filter == ""
		for j, x := range r.xs {
			if x == noCell || !all && !r.keep(j, k, lv, keep, hidden) {
				continue
			}
			mx, my, ok := g.points.XY(int(r.ids[j]))
			if !ok {
				continue
			}
			row, col := d.binOf(mx, my)
			if grid != nil && row >= r0 && row <= r1 && col >= c0 && col <= c1 {
				grid[(row-r0)*w+col-c0]++
				continue
			}
			counts[[2]int64{row, col}]++
		}
	}
	for i, n := range grid {
		if n > 0 {
			counts[[2]int64{r0 + int64(i)/w, c0 + int64(i)%w}] += n
		}
	}
	d.bins = make([]densityBin, 0, len(counts))
	for rc, n := range counts {
		d.bins = append(d.bins, densityBin{row: rc[0], col: rc[1], n: n})
		d.total += int(n)
		d.max = max(d.max, n)
	}
	slices.SortFunc(d.bins, func(p, q densityBin) int { return cmp.Or(cmp.Compare(p.row, q.row), cmp.Compare(p.col, q.col)) })
	return d
}

// drawDensity draws the bins of a density view that reach the frame.
func (f *frame) drawDensity(av *aggView, op float64) {
	d := av.dens
	view := f.boxOf(f.c.clip, 0)
	pad := d.step
	cols := make([]color.NRGBA, len(av.breaks))
	for i := range cols {
		cols[i] = withAlpha(av.classColor(i), cellAlpha*op)
	}
	byClass := make([][]int, len(av.breaks))
	for i, b := range d.bins {
		x, y := d.center(b.row, b.col)
		if x < view.Min[0]-pad || x > view.Max[0]+pad || y < view.Min[1]-pad || y > view.Max[1]+pad {
			continue
		}
		c := av.class(b.n)
		byClass[c] = append(byClass[c], i)
	}
	clip := f.c.clip
	t := f.t
	for c, idx := range byClass {
		if len(idx) == 0 {
			continue
		}
		if d.key.shape == style.DensitySquares {
			// pixel edges shared by neighbours: the squares tile without
			// gaps or overlaps
			for _, i := range idx {
				b := d.bins[i]
				x0, y0 := float64(b.col)*d.step, float64(b.row+1)*d.step
				r := image.Rect(int(math.Floor(x0*t.inv+t.ox)), int(math.Floor(t.oy-y0*t.inv)),
					int(math.Floor((x0+d.step)*t.inv+t.ox)), int(math.Floor(t.oy-(y0-d.step)*t.inv))).Intersect(clip)
				if !r.Empty() {
					f.c.be.rect(f.c, r, cols[c])
				}
			}
			continue
		}
		ring := make([]pt, 6)
		for _, i := range idx {
			b := d.bins[i]
			cx, cy := d.center(b.row, b.col)
			for k := range ring {
				x, y := geo.HexCorner(cx, cy, d.step, k)
				ring[k] = t.px(x, y)
			}
			f.c.addRing(ring, 1)
		}
		f.c.fill(cols[c])
	}
}

// identifyDensity finds the bin of a density view under Mercator point
// (mx, my).
func identifyDensity(av *aggView, mx, my float64) Hit {
	d := av.dens
	row, col := d.binOf(mx, my)
	i, ok := slices.BinarySearchFunc(d.bins, [2]int64{row, col}, func(b densityBin, rc [2]int64) int {
		return cmp.Or(cmp.Compare(b.row, rc[0]), cmp.Compare(b.col, rc[1]))
	})
	if !ok {
		return Hit{Feature: -1}
	}
	hit := Hit{Feature: -1, Cell: true, Count: int(d.bins[i].n), Span: data.Undated}
	cx, cy := d.center(row, col)
	h := d.step / 2
	if d.key.shape == style.DensityHexagons {
		h = d.step / math.Sqrt(3)
	}
	hit.CellBound = orb.Bound{Min: project.Mercator.ToWGS84(orb.Point{cx - h, cy - h}), Max: project.Mercator.ToWGS84(orb.Point{cx + h, cy + h})}
	return hit
}
