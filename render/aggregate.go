package render

import (
	"image"
	"image/color"
	"math"
	"runtime"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// Density squares ("aggregation").
//
// A layer with more than AggregateAbove point features shown in the
// viewport (after the time window and hidden categories) is drawn as a grid
// of squares coloured by how many of its points each holds, instead of
// overplotted dots; zooming in until at most AggregateAbove are in view
// switches back to dots. The squares are aligned to a world grid of
// 2^(z+5) × 2^(z+5) cells at integer zoom z = floor(zoom) (8 pixels at
// zoom z, up to 16 just before z+1), so panning never moves cell edges and
// a cell's count does not depend on the viewport.
//
// Every point feature's cell at the finest grid level that still spans the
// layer in 16-bit coordinates is computed once per layer and kept in the
// order of the layer's time index, so that a frame counts the features of
// its time window by walking contiguous runs of two uint16 arrays: about
// 2 ms per million features on one core, for any window.

// AggregateAbove is the number of point features of one layer in view above
// which the layer is drawn as density squares.
const AggregateAbove = 50000

// maxAggLevel is the finest grid level (zoom) kept per feature.
const maxAggLevel = 20

// noCell marks a feature that is not a drawable point.
const noCell = 0xFFFF

// countBreaks are the upper bounds of the count classes, in order; a
// frame uses the classes up to the first bound at or above its largest
// count.
var countBreaks = []uint32{1, 5, 20, 100, 500, 2000, 10000, 50000, 250000, math.MaxUint32}

// cellSize returns the side of a grid cell at level z, Mercator metres.
func cellSize(z int) float64 { return 2 * geo.WorldHalf / float64(uint64(1)<<(z+5)) }

// aggGrid is a layer's per-feature cells, kept with its layer (see
// aggregated). It is immutable once built, except for the cache of the
// last counts (guarded by mu).
type aggGrid struct {
	nPts    int // point features with a cell
	base    int // grid level of xs, ys
	ox, oy  uint32
	groups  [][]int32 // the time index's groups
	xs, ys  [][]uint16
	cats    [][]uint16 // categories per entry; nil when the layer has none
	undated []int32
	uxs     []uint16
	uys     []uint16
	ucats   []uint16
	shapes  bool // the layer has non-point features too

	last recent[aggKey, *aggCounts]         // a few recent counts
	dens recent[densityKey, *densityCounts] // a few recent density views
}

// buildAgg computes l's cells; see aggregated.
func buildAgg(l *data.Layer) *aggGrid {
	a := &aggGrid{}
	n := l.Len()
	lb := l.Bounds()
	lo := geo.Mercator(orb.Point{lb.Min[0], math.Max(lb.Min[1], -geo.MaxLat)})
	hi := geo.Mercator(orb.Point{lb.Max[0], math.Min(lb.Max[1], geo.MaxLat)})
	a.base = 0
	for z := maxAggLevel; z >= 0; z-- {
		cs := cellSize(z)
		if (hi[0]-lo[0])/cs < 65000 && (hi[1]-lo[1])/cs < 65000 {
			a.base = z
			break
		}
	}
	cs := cellSize(a.base)
	lim := float64(uint64(1) << (a.base + 5))
	a.ox = uint32(max(0, math.Floor((lo[0]+geo.WorldHalf)/cs)))
	a.oy = uint32(max(0, math.Floor((geo.WorldHalf-hi[1])/cs)))
	proj := newCellProjector(lb.Min[1], lb.Max[1], cs)
	// Cells in feature order first (sequential reads, on two cores), then
	// gathered into the time index's order.
	byFeature := make([]uint32, n) // x | y<<16; noCell in x when none
	var nPts [2]int
	var shapes [2]bool
	var wg sync.WaitGroup
	for p := 0; p < 2; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := n * p / 2; i < n*(p+1)/2; i++ {
				byFeature[i] = noCell | noCell<<16
				if !l.IsPoint(i) {
					shapes[p] = true
					continue
				}
				fx, fy := proj.cell(l.Anchor(i))
				if !(fx >= 0 && fx < lim && fy >= 0 && fy < lim) {
					continue
				}
				rx, ry := int64(fx)-int64(a.ox), int64(fy)-int64(a.oy)
				if rx < 0 || ry < 0 || rx >= noCell || ry >= noCell {
					continue
				}
				nPts[p]++
				byFeature[i] = uint32(rx) | uint32(ry)<<16
			}
		}()
	}
	wg.Wait()
	a.nPts, a.shapes = nPts[0]+nPts[1], shapes[0] || shapes[1]
	withCats := len(l.Categories()) > 0
	fill := func(ids []int32) (xs, ys, cats []uint16) {
		xs, ys = make([]uint16, len(ids)), make([]uint16, len(ids))
		if withCats {
			cats = make([]uint16, len(ids))
		}
		for j, id := range ids {
			c := byFeature[id]
			xs[j], ys[j] = uint16(c), uint16(c>>16)
			if withCats {
				cats[j] = uint16(min(l.CategoryIndex(int(id)), math.MaxUint16))
			}
		}
		return xs, ys, cats
	}
	ix := l.Index()
	a.groups = ix.Groups()
	if ix == nil { // a layer built without an index: every feature undated
		a.undated = make([]int32, n)
		for i := range a.undated {
			a.undated[i] = int32(i)
		}
	} else {
		a.undated = ix.Undated()
	}
	for _, ids := range a.groups {
		xs, ys, cats := fill(ids)
		a.xs, a.ys = append(a.xs, xs), append(a.ys, ys)
		if withCats {
			a.cats = append(a.cats, cats)
		}
	}
	a.uxs, a.uys, a.ucats = fill(a.undated)
	return a
}

// cellProjector gives the grid cell of a point at one level as
// exactCell does, without a logarithm and a tangent per point: the
// unfloored row at evenly spaced latitudes over the layer is tabulated,
// and a point's row is interpolated between the two nearest. The
// interpolation is within margin cells of the exact row (a bound on
// Mercator's curvature over a table step, four times over, plus rounding),
// so when it lies farther than that from a row edge its floor is the exact
// row; nearer an edge (about one point in 10^5) the row is computed
// exactly.
type cellProjector struct {
	cs     float64   // cell side, Mercator metres
	kx     float64   // Mercator metres per degree of longitude
	lo     float64   // latitude of v[0]
	scale  float64   // table steps per degree
	v      []float64 // unfloored row at lo + k/scale; nil: every row exact
	margin float64
}

// cellTableSteps is the number of table steps over a layer's latitudes.
const cellTableSteps = 16384

func newCellProjector(lat0, lat1, cs float64) *cellProjector {
	p := &cellProjector{cs: cs, kx: geo.Mercator(orb.Point{1, 0})[0]}
	if !(lat1 > lat0) || lat0 < -80 || lat1 > 80 {
		return p
	}
	p.lo, p.scale = lat0, cellTableSteps/(lat1-lat0)
	h := (lat1 - lat0) / cellTableSteps
	far := max(math.Abs(lat0), math.Abs(lat1)) * math.Pi / 180
	d1 := orb.EarthRadius * math.Pi / 180 / math.Cos(far) / cs // rows per degree, at most
	d2 := d1 * math.Tan(far) * math.Pi / 180                   // its derivative, at most
	p.margin = 4*h*h/8*d2 + 1e-6
	if p.margin > 1e-3 {
		return p
	}
	p.v = make([]float64, cellTableSteps+2)
	for k := range p.v {
		p.v[k] = exactRow(lat0+float64(k)/p.scale, cs)
	}
	return p
}

// exactRow returns the unfloored grid row of latitude lat for cells of cs
// metres.
func exactRow(lat, cs float64) float64 {
	return (geo.WorldHalf - geo.Mercator(orb.Point{0, lat})[1]) / cs
}

// exactCell returns the unchecked grid column and row of point q for cells
// of cs metres: what cellProjector.cell must return.
func exactCell(q orb.Point, cs float64) (fx, fy float64) {
	m := geo.Mercator(q)
	return math.Floor((m[0] + geo.WorldHalf) / cs), math.Floor((geo.WorldHalf - m[1]) / cs)
}

// cell returns exactCell(q, p.cs).
func (p *cellProjector) cell(q orb.Point) (fx, fy float64) {
	// geo.Mercator's x is a constant times the longitude; the conversion
	// keeps the product rounded on its own, as there.
	fx = math.Floor((float64(p.kx*q[0]) + geo.WorldHalf) / p.cs)
	if p.v != nil {
		if u := (q[1] - p.lo) * p.scale; u >= 0 && u < cellTableSteps+1 {
			k := int(u)
			v := p.v[k] + (p.v[k+1]-p.v[k])*(u-float64(k))
			if r := math.Floor(v); v-r > p.margin && r+1-v > p.margin {
				return fx, r
			}
		}
	}
	return fx, math.Floor(exactRow(q[1], p.cs))
}

// aggKey identifies one counting of a layer's cells.
type aggKey struct {
	level    int
	cx0, cy0 uint32 // first cell (grid level coordinates)
	w, h     int
	win      data.Span
	inside   bool
	hidden   string // hiddenKey of the view
	filter   string // the view's property filter by content (filterKey)
}

// aggCounts is the count of shown point features per cell of a viewport.
type aggCounts struct {
	key    aggKey
	counts []uint32 // w×h, row by row
	total  int
	max    uint32
}

// aggView is how one layer is aggregated in one viewport.
type aggView struct {
	grid   *aggGrid
	counts *aggCounts
	level  int
	cell   float64 // cell side, Mercator metres
	breaks []uint32
	// dens, when set, is a density view asked for by the layer's style
	// (counts and level are then unused).
	dens *densityCounts
}

// activeFilter returns lv's property filter when it hides anything.
func activeFilter(lv LayerView) *style.Filter {
	if f := lv.Filter; f.Active() {
		return f
	}
	return nil
}

// hiddenKey packs the hidden categories of lv for cache keys.
func hiddenKey(lv LayerView) string {
	if lv.Hidden.Len() == 0 {
		return ""
	}
	return strings.Join(lv.Hidden.Sorted(), "\x00") + "\x00"
}

// aggFor decides whether layer view lv is drawn aggregated in vp, and
// returns its counts when it is. It is safe for concurrent use.
func aggFor(sc *Scene, lv LayerView, vp geo.Viewport) (*aggView, bool) {
	l := lv.Layer
	if sc != nil && lv.Density != nil {
		return densityFor(sc, lv)
	}
	if sc == nil || l == nil || l.Len() <= AggregateAbove {
		return nil, false
	}
	vp = sanitize(vp)
	// Squares keep their size in layout pixels (Scene.PixelRatio).
	level := int(math.Floor(layoutZoom(vp.Zoom, sc.ratio())))
	if level < 0 {
		level = 0
	}
	// Cheap upper bound first: the window's features.
	if sc.Window.Dated() && l.Index() != nil {
		if l.Index().Count(sc.Window, sc.Inside)+l.UndatedCount() <= AggregateAbove {
			return nil, false
		}
	}
	a := aggregated(l)
	if a.nPts <= AggregateAbove || level > a.base {
		return nil, false
	}
	cs := cellSize(level)
	full := geo.MercatorBound(vp)
	lim := int64(1) << (level + 5)
	cl := func(v float64) int64 { return min(max(int64(math.Floor(v)), 0), lim-1) }
	// The counted block is the view grown to whole blocks of aggBlock
	// cells, so that panning reuses the counts until it crosses one.
	x0, x1 := cl((full.Min[0]+geo.WorldHalf)/cs), cl((full.Max[0]+geo.WorldHalf)/cs)
	y0, y1 := cl((geo.WorldHalf-full.Max[1])/cs), cl((geo.WorldHalf-full.Min[1])/cs)
	x0, y0 = x0/aggBlock*aggBlock, y0/aggBlock*aggBlock
	x1, y1 = min((x1/aggBlock+1)*aggBlock, lim)-1, min((y1/aggBlock+1)*aggBlock, lim)-1
	key := aggKey{level: level, cx0: uint32(x0), cy0: uint32(y0), w: int(x1 - x0 + 1), h: int(y1 - y0 + 1),
		win: sc.Window, inside: sc.Inside && sc.Window.Dated(), hidden: hiddenKey(lv), filter: filterKey(lv)}
	if !sc.Window.Dated() {
		key.win = data.Undated
	}
	c := a.count(lv, key)
	if c.total <= AggregateAbove {
		return nil, false
	}
	av := &aggView{grid: a, counts: c, level: level, cell: cs}
	for _, b := range countBreaks {
		av.breaks = append(av.breaks, b)
		if b >= c.max {
			break
		}
	}
	return av, true
}

// aggBlock is the granularity, in cells, of the block of cells counted for
// a viewport.
const aggBlock = 32

// maxAggCache is how many countings a layer keeps.
const maxAggCache = 4

// count returns the counts for key, from the cache when it holds them.
func (a *aggGrid) count(lv LayerView, key aggKey) *aggCounts {
	return a.last.get(key, maxAggCache, func() *aggCounts { return a.countNow(lv, key) })
}

// aggRun is a run of entries of one group (or of the undated features) to
// count.
type aggRun struct {
	xs, ys, cats []uint16
	ids          []int32 // feature indices, for span checks
	exact        bool    // every entry is in the window
	instants     bool    // every entry is an instant, sorted by time
}

// runs returns the runs of entries shown in window w.
func (a *aggGrid) runs(l *data.Layer, w data.Span, inside bool) []aggRun {
	var rs []aggRun
	sub := func(s []uint16, lo, hi int) []uint16 {
		if s == nil {
			return nil
		}
		return s[lo:hi]
	}
	for g, ids := range a.groups {
		// an all-time window tells whether the group holds instants
		_, _, instants := l.Index().GroupRange(g, data.Span{Start: math.MinInt64 / 4, End: math.MaxInt64 / 4}, false)
		lo, hi, exact := 0, len(ids), true
		if w.Dated() {
			lo, hi, exact = l.Index().GroupRange(g, w, inside)
		}
		if lo >= hi {
			continue
		}
		var cats []uint16
		if a.cats != nil {
			cats = a.cats[g][lo:hi]
		}
		rs = append(rs, aggRun{xs: a.xs[g][lo:hi], ys: a.ys[g][lo:hi], cats: cats, ids: ids[lo:hi], exact: exact, instants: instants})
	}
	if len(a.undated) > 0 {
		rs = append(rs, aggRun{xs: a.uxs, ys: a.uys, cats: sub(a.ucats, 0, len(a.undated)), ids: a.undated, exact: true})
	}
	return rs
}

// countNow counts the shown point features per cell for key.
func (a *aggGrid) countNow(lv LayerView, key aggKey) *aggCounts {
	l := lv.Layer
	c := &aggCounts{key: key, counts: make([]uint32, key.w*key.h)}
	rs := a.runs(l, key.win, key.inside)
	hidden := lv.hiddenByIndex()
	var keep func(int) bool
	if key.filter != "" {
		keep = lv.Keeper()
	}
	s := uint(a.base - key.level)
	total := 0
	for _, r := range rs {
		total += len(r.xs)
	}
	parts := 1
	if total >= 200000 && runtime.GOMAXPROCS(0) > 1 {
		parts = 2
	}
	dsts := make([][]uint32, parts)
	dsts[0] = c.counts
	for p := 1; p < parts; p++ {
		dsts[p] = make([]uint32, len(c.counts))
	}
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, r := range rs {
				n := len(r.xs)
				lo, hi := n*p/parts, n*(p+1)/parts
				countRun(dsts[p], a, key, s, r, lo, hi, lv, keep, hidden)
			}
		}()
	}
	wg.Wait()
	for p := 1; p < parts; p++ {
		for i, v := range dsts[p] {
			c.counts[i] += v
		}
	}
	for _, v := range c.counts {
		c.total += int(v)
		c.max = max(c.max, v)
	}
	return c
}

// countRun adds entries [lo, hi) of run r to dst.
func countRun(dst []uint32, a *aggGrid, key aggKey, s uint, r aggRun, lo, hi int, lv LayerView, keep func(int) bool, hidden []bool) {
	w, h := uint32(key.w), uint32(key.h)
	ox, oy, cx0, cy0 := a.ox, a.oy, key.cx0, key.cy0
	xs, ys := r.xs[lo:hi], r.ys[lo:hi]
	ys = ys[:len(xs)]
	if r.exact && hidden == nil && key.filter == "" {
		for j, x := range xs {
			X := (ox+uint32(x))>>s - cx0
			Y := (oy+uint32(ys[j]))>>s - cy0
			if x == noCell || X >= w || Y >= h {
				continue
			}
			dst[Y*w+X]++
		}
		return
	}
	for j, x := range xs {
		X := (ox+uint32(x))>>s - cx0
		Y := (oy+uint32(ys[j]))>>s - cy0
		if x == noCell || X >= w || Y >= h {
			continue
		}
		if !r.keep(lo+j, key, lv, keep, hidden) {
			continue
		}
		dst[Y*w+X]++
	}
}

// keep reports whether entry j of r is shown: in the window, of a
// category not hidden and kept by the layer's property filter.
func (r aggRun) keep(j int, key aggKey, lv LayerView, keep func(int) bool, hidden []bool) bool {
	if hidden != nil && r.cats != nil {
		if c := int(r.cats[j]); c < len(hidden) && hidden[c] {
			return false
		}
	}
	if keep != nil && !keep(int(r.ids[j])) {
		return false
	}
	if !r.exact {
		sp := lv.Layer.Span(int(r.ids[j]))
		if key.inside {
			return sp.Inside(key.win)
		}
		return sp.Overlaps(key.win)
	}
	return true
}

// class returns the count class of a cell holding n features.
func (av *aggView) class(n uint32) int {
	for i, b := range av.breaks {
		if n <= b {
			return i
		}
	}
	return len(av.breaks) - 1
}

// classColor returns the colour of class i: viridis from light (few) to
// dark (many).
func (av *aggView) classColor(i int) color.NRGBA {
	k := len(av.breaks)
	t := 0.9
	if k > 1 {
		t = 0.9 - 0.9*float64(i)/float64(k-1)
	}
	return Viridis(t)
}

// viridisStops samples the viridis colour map (van der Walt and Smith,
// CC0) at 0, 0.1, ..., 1.
var viridisStops = [11][3]uint8{
	{68, 1, 84}, {72, 36, 117}, {65, 68, 135}, {53, 95, 141}, {42, 120, 142}, {33, 145, 140},
	{34, 168, 132}, {68, 191, 112}, {122, 209, 81}, {189, 223, 38}, {253, 231, 37},
}

// Viridis returns the viridis colour at t in [0, 1] (dark purple to
// yellow): a sequential ramp that stays readable in grey and for colour-blind
// readers.
func Viridis(t float64) color.NRGBA {
	t = clamp01(t) * 10
	i := min(int(t), 9)
	f := t - float64(i)
	a, b := viridisStops[i], viridisStops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-f) + float64(y)*f)) }
	return color.NRGBA{mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]), 0xff}
}

// cellAlpha is the opacity of a density square.
const cellAlpha = 0.82

// drawAggregate draws layer li as density squares when it is aggregated in
// this frame, and reports whether it was.
func (f *frame) drawAggregate(li int, lv LayerView, op float64) bool {
	av, ok := aggFor(f.sc, lv, f.vp)
	if !ok {
		return false
	}
	if av.dens != nil {
		f.drawDensity(av, op)
		return true
	}
	k := av.counts.key
	cols := make([]color.NRGBA, len(av.breaks))
	for i := range cols {
		cols[i] = withAlpha(av.classColor(i), cellAlpha*op)
	}
	clip := f.c.clip
	t := f.t
	// pixel edges of cell column i / row j (shared by neighbours, so the
	// squares tile without gaps or overlaps)
	xEdge := func(i int) int {
		return int(math.Floor((float64(int64(k.cx0)+int64(i))*av.cell-geo.WorldHalf)*t.inv + t.ox))
	}
	yEdge := func(j int) int {
		return int(math.Floor(t.oy - (geo.WorldHalf-float64(int64(k.cy0)+int64(j))*av.cell)*t.inv))
	}
	xs := make([]int, k.w+1)
	for i := range xs {
		xs[i] = xEdge(i)
	}
	for j := 0; j < k.h; j++ {
		y0, y1 := max(yEdge(j), clip.Min.Y), min(yEdge(j+1), clip.Max.Y)
		if y0 >= y1 {
			continue
		}
		row := av.counts.counts[j*k.w : (j+1)*k.w]
		for i, n := range row {
			if n == 0 {
				continue
			}
			x0, x1 := max(xs[i], clip.Min.X), min(xs[i+1], clip.Max.X)
			if x0 >= x1 {
				continue
			}
			f.c.be.rect(f.c, image.Rect(x0, y0, x1, y1), cols[av.class(n)])
		}
	}
	return true
}

// identifyAggregate finds the density square of layer view lv under
// viewport pixel (x, y) when the layer is aggregated in vp: ok is false when
// it is not aggregated; hit.Feature is then -1 when the square is empty.
func identifyAggregate(sc *Scene, lv LayerView, vp geo.Viewport, mx, my float64) (hit Hit, aggregatedHere bool) {
	av, ok := aggFor(sc, lv, vp)
	if !ok {
		return Hit{}, false
	}
	if av.dens != nil {
		return identifyDensity(av, mx, my), true
	}
	k := av.counts.key
	gx := int64(math.Floor((mx + geo.WorldHalf) / av.cell))
	gy := int64(math.Floor((geo.WorldHalf - my) / av.cell))
	i, j := gx-int64(k.cx0), gy-int64(k.cy0)
	if i < 0 || j < 0 || i >= int64(k.w) || j >= int64(k.h) {
		return Hit{Feature: -1}, true
	}
	n := av.counts.counts[j*int64(k.w)+i]
	if n == 0 {
		return Hit{Feature: -1}, true
	}
	hit = Hit{Feature: -1, Cell: true, Count: int(n), Span: data.Undated}
	x0 := float64(gx)*av.cell - geo.WorldHalf
	y1 := geo.WorldHalf - float64(gy)*av.cell
	hit.CellBound = orb.Bound{Min: project.Mercator.ToWGS84(orb.Point{x0, y1 - av.cell}), Max: project.Mercator.ToWGS84(orb.Point{x0 + av.cell, y1})}

	// The square's earliest and latest shown features: runs are sorted by
	// start, so for instants the first and last matches are enough.
	a := av.grid
	s := uint(a.base - k.level)
	hidden := lv.hiddenByIndex()
	var keep func(int) bool
	if k.filter != "" {
		keep = lv.Keeper()
	}
	l := lv.Layer
	// the square is base-level cells [bx0, bx0+bw) × [by0, by0+bw)
	// relative to the grid's origin (wrapping arithmetic keeps the test
	// to one comparison per axis)
	bw := uint32(1) << s
	bx0 := uint32(gx<<s - int64(a.ox))
	by0 := uint32(gy<<s - int64(a.oy))
	in := func(r aggRun, j int) bool {
		x := r.xs[j]
		return x != noCell && uint32(x)-bx0 < bw && uint32(r.ys[j])-by0 < bw && r.keep(j, k, lv, keep, hidden)
	}
	// next returns the first entry of r from j on (step 1) or back
	// (step -1) in the square, or -1.
	next := func(r aggRun, j, step int) int {
		xs, ys := r.xs, r.ys
		for ; j >= 0 && j < len(xs); j += step {
			if uint32(xs[j])-bx0 < bw && uint32(ys[j])-by0 < bw && in(r, j) {
				return j
			}
		}
		return -1
	}
	span := data.Undated
	note := func(id int32) {
		if hit.Feature < 0 {
			hit.Feature = int(id)
		}
		sp := l.Span(int(id))
		if !sp.Dated() {
			return
		}
		if !span.Dated() {
			span = sp
			return
		}
		span.Start, span.End = min(span.Start, sp.Start), max(span.End, sp.End)
	}
	for _, r := range a.runs(l, k.win, k.inside) {
		if r.instants {
			if j := next(r, 0, 1); j >= 0 {
				note(r.ids[j])
				note(r.ids[next(r, len(r.xs)-1, -1)])
			}
			continue
		}
		for j := next(r, 0, 1); j >= 0; j = next(r, j+1, 1) {
			note(r.ids[j])
		}
	}
	hit.Span = span
	return hit, true
}

// categoryCounts returns l.CountCategories(w, inside, keep): how many
// features of each category the window shows. A layer large enough to be
// drawn as density squares counts them from its cells' categories, kept in
// the time index's order, so a window is read as contiguous runs instead
// of feature by feature (a cumulative animation counts up to every
// feature each frame).
func categoryCounts(l *data.Layer, w data.Span, inside bool, keep func(int) bool) []int {
	if l.Len() <= AggregateAbove || len(l.Categories()) == 0 || len(l.Categories()) >= math.MaxUint16 {
		return l.CountCategories(w, inside, keep)
	}
	// A window of at most AggregateAbove features is counted feature by
	// feature: cheap, and the frame draws points, so the cells may not
	// exist (aggFor's bound).
	if w.Dated() && l.Index() != nil && l.Index().Count(w, inside)+l.UndatedCount() <= AggregateAbove {
		return l.CountCategories(w, inside, keep)
	}
	if a := aggregated(l); a.cats != nil {
		return a.categoryCounts(l, w, inside, keep)
	}
	return l.CountCategories(w, inside, keep)
}

// categoryCounts counts the categories of the features window w shows from
// the cells' category runs (see categoryCounts); a.cats must not be nil.
func (a *aggGrid) categoryCounts(l *data.Layer, w data.Span, inside bool, keep func(int) bool) []int {
	counts := make([]int, len(l.Categories())+1)
	inside = inside && w.Dated()
	for _, r := range a.runs(l, w, inside) {
		if r.exact && keep == nil {
			for _, c := range r.cats {
				if int(c) < len(counts) {
					counts[c]++
				}
			}
			continue
		}
		for j, c := range r.cats {
			if int(c) >= len(counts) || keep != nil && !keep(int(r.ids[j])) {
				continue
			}
			if !r.exact {
				if sp := l.Span(int(r.ids[j])); !(inside && sp.Inside(w) || !inside && sp.Overlaps(w)) {
					continue
				}
			}
			counts[c]++
		}
	}
	return counts
}
