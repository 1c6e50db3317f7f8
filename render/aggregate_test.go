package render

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/style"
	"campmap/geo"
)

// bruteCells counts, by brute force, the shown point features of lv per
// grid cell at level z, keyed by global cell.
func bruteCells(sc *Scene, lv LayerView, z int) map[[2]int64]int {
	l := lv.Layer
	vis := timeFilter(sc, l)
	cs := cellSize(z)
	out := map[[2]int64]int{}
	for i := 0; i < l.Len(); i++ {
		if !l.IsPoint(i) || (vis != nil && !vis(i)) {
			continue
		}
		m := geo.Mercator(l.Anchor(i))
		out[[2]int64{int64(math.Floor((m[0] + geo.WorldHalf) / cs)), int64(math.Floor((geo.WorldHalf - m[1]) / cs))}]++
	}
	return out
}

func TestAggregateCountsMatchBruteForce(t *testing.T) {
	l := denseLayer(t, 120000)
	ext := l.TimeExtent()
	month := data.Span{Start: ext.Start + 20*86400000, End: ext.Start + 50*86400000}
	vp := geo.Fit(geo.New(orb.Point{1.825, 50.95}, 9, 800, 600).Bound(), 800, 600, 0, 20)
	for _, tc := range []struct {
		name   string
		window data.Span
		hidden []bool
		inside bool
	}{
		{"all time", data.Undated, nil, false},
		{"a month", month, nil, false},
		{"a month, inside", month, nil, true},
		{"two categories hidden", data.Undated, []bool{false, true, false, true}, false},
		{"a month, one category hidden", month, []bool{false, false, true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lv := LayerView{Layer: l, Style: style.Style{Visible: true, Hidden: hiddenOf(l, tc.hidden)}}
			sc := &Scene{Layers: []LayerView{lv}, Window: tc.window, Inside: tc.inside}
			want := bruteCells(sc, lv, int(math.Floor(vp.Zoom)))
			total := 0
			for _, n := range want {
				total += n
			}
			av, ok := aggFor(sc, lv, vp)
			if total <= AggregateAbove {
				if ok {
					t.Fatalf("aggregated with %d features shown", total)
				}
				return
			}
			if !ok {
				t.Fatalf("not aggregated with %d features shown", total)
			}
			k := av.counts.key
			got := 0
			for j := 0; j < k.h; j++ {
				for i := 0; i < k.w; i++ {
					n := int(av.counts.counts[j*k.w+i])
					got += n
					if w := want[[2]int64{int64(k.cx0) + int64(i), int64(k.cy0) + int64(j)}]; n != w {
						t.Fatalf("cell %d,%d: %d features, brute force %d", i, j, n, w)
					}
				}
			}
			if got != total || av.counts.total != total {
				t.Errorf("total %d (counted %d), brute force %d", av.counts.total, got, total)
			}
		})
	}
}

func TestAggregateSwitchAndLegend(t *testing.T) {
	l := denseLayer(t, 120000)
	l.Name = "incidents"
	sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true}}}, Window: data.Undated}
	for _, tc := range []struct {
		name       string
		zoom       float64
		aggregated bool
	}{
		{"region", 8, true},
		{"town", 11, true},
		{"street", 16, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vp := geo.New(orb.Point{1.80, 50.965}, tc.zoom, 1600, 1000)
			rows := sc.Legend(vp)
			if len(rows) == 0 {
				t.Fatal("no legend rows")
			}
			if rows[0].Aggregated != tc.aggregated {
				t.Fatalf("aggregated = %v, want %v (%+v)", rows[0].Aggregated, tc.aggregated, rows)
			}
			var labels []string
			for _, r := range rows {
				labels = append(labels, r.Label)
			}
			text := strings.Join(labels, " | ")
			if tc.aggregated {
				if !strings.Contains(text, "squares of") || !strings.Contains(text, "points when at most 50,000") || rows[1].Label != "1" {
					t.Errorf("legend %q", text)
				}
				// swatches go from light to dark and their bounds chain
				prev := 0
				for _, r := range rows {
					if r.Role != LegendSwatch {
						continue
					}
					if r.Min != prev+1 {
						t.Errorf("swatch %q starts at %d after %d", r.Label, r.Min, prev)
					}
					prev = r.Max
				}
			} else if !strings.Contains(text, "density squares when more than 50,000") {
				t.Errorf("legend %q", text)
			}
		})
	}
}

func TestIdentifyAggregatedCell(t *testing.T) {
	l := denseLayer(t, 120000)
	ext := l.TimeExtent()
	w := data.Span{Start: ext.Start, End: ext.Start + 100*86400000}
	lv := LayerView{Layer: l, Style: style.Style{Visible: true}}
	sc := &Scene{Layers: []LayerView{lv}, Window: w}
	vp := geo.New(orb.Point{1.80, 50.965}, 10, 1600, 1000)
	x, y := vp.Project(orb.Point{1.80, 50.965})
	h, ok := sc.Identify(vp, x, y, 4)
	if !ok || !h.Cell {
		t.Fatalf("Identify = %+v, %v; want a density square", h, ok)
	}
	// brute force over the square
	vis := timeFilter(sc, l)
	n, span := 0, data.Undated
	for i := 0; i < l.Len(); i++ {
		if !vis(i) || !h.CellBound.Contains(l.Anchor(i)) {
			continue
		}
		n++
		s := l.Span(i)
		if !span.Dated() {
			span = s
		} else {
			span.Start, span.End = min(span.Start, s.Start), max(span.End, s.End)
		}
	}
	// the bound's edges are computed in floating point: allow a feature
	// on them either way
	if d := h.Count - n; d < -2 || d > 2 {
		t.Errorf("Count = %d, brute force %d", h.Count, n)
	}
	if h.Span != span {
		t.Errorf("Span = %v, brute force %v", h.Span, span)
	}
	if h.Feature < 0 || !h.CellBound.Contains(l.Anchor(h.Feature)) || !vis(h.Feature) {
		t.Errorf("Feature %d is not a shown feature of the square", h.Feature)
	}
	// an empty square far away is no hit
	fx, fy := vp.Project(orb.Point{1.2, 50.7})
	if h, ok := sc.Identify(vp, fx, fy, 4); ok {
		t.Errorf("empty square: Identify = %+v", h)
	}
}

func TestLegendBoxDrawn(t *testing.T) {
	l := denseLayer(t, 120000)
	vp := geo.New(orb.Point{1.80, 50.965}, 9, 800, 600)
	sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true}}}, Window: data.Undated}
	plain := Render(sc, vp)
	sc.LegendBox = true
	boxed := Render(sc, vp)
	// the panel sits in the top left corner; the rest is unchanged
	if plain.RGBAAt(15, 15) == boxed.RGBAAt(15, 15) {
		t.Error("no legend panel in the top left corner")
	}
	if plain.RGBAAt(700, 500) != boxed.RGBAAt(700, 500) {
		t.Error("the legend changed a pixel far from its panel")
	}
}

// windowFrameScene is a million incidents over the basemap, seen whole at
// 1600x1000, as the interactive benchmarks draw it.
func windowFrameScene(b *testing.B) (*Scene, geo.Viewport) {
	l := million(b)
	bm, err := basemap.Default()
	if err != nil {
		b.Fatal(err)
	}
	sc := NewScene(bm, []*data.Layer{l}) // as the window builds it: labels, scale bar, credits
	sc.LegendBox = true
	return sc, geo.Fit(l.Bounds(), 1600, 1000, 20, 18)
}

// BenchmarkWindowAndFrame moves a 30-day time window by a day and redraws
// the 1600x1000 frame (a million incidents, drawn as density squares, and
// the basemap) on one core, as the timeline's playback does.
func BenchmarkWindowAndFrame(b *testing.B) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	sc, vp := windowFrameScene(b)
	ext := sc.Layers[0].Layer.TimeExtent()
	dst := image1600()
	sc.Window = data.Span{Start: ext.Start, End: ext.Start + 30*86400000}
	Draw(dst, sc, vp) // prepares the layer's cells once
	b.ReportAllocs()
	day := int64(86400000)
	i := int64(0)
	cpu := processCPU()
	for b.Loop() {
		i = (i + 1) % 90
		s := *sc
		s.Window = data.Span{Start: ext.Start + i*day, End: ext.Start + (i+30)*day}
		Draw(dst, &s, vp)
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkPanZoomFrame redraws a pan step of the million incidents at
// each zoom, from the whole area (density squares) to streets (points).
func BenchmarkPanZoomFrame(b *testing.B) {
	sc, whole := windowFrameScene(b)
	sc.Window = data.Undated
	for _, z := range []float64{whole.Zoom, 11, 13, 14, 15, 16, 18} {
		name := fmt.Sprintf("zoom%.0f", z)
		vp := geo.New(orb.Point{1.80, 50.965}, z, 1600, 1000)
		if z == whole.Zoom {
			name, vp = fmt.Sprintf("whole-zoom%.1f", z), whole
		}
		b.Run(name, func(b *testing.B) {
			dst := image1600()
			Draw(dst, sc, vp)
			b.ReportAllocs()
			i := 0
			cpu := processCPU()
			for b.Loop() {
				i++
				Draw(dst, sc, vp.Pan(float64(i%7-3)*5, float64(i%5-2)*5))
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// BenchmarkIdentifyCell1M identifies density squares among a million
// incidents in a 30-day window.
func BenchmarkIdentifyCell1M(b *testing.B) {
	sc, vp := windowFrameScene(b)
	ext := sc.Layers[0].Layer.TimeExtent()
	sc.Window = data.Span{Start: ext.Start, End: ext.Start + 30*86400000}
	sc.Identify(vp, 800, 500, 4)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		sc.Identify(vp, float64(700+i%200), float64(400+i%200), 4)
	}
}

// BenchmarkIdentifyLoneCell1M identifies a density square holding a single
// incident among a million: the worst case, a scan of every entry.
func BenchmarkIdentifyLoneCell1M(b *testing.B) {
	sc, vp := windowFrameScene(b)
	sc.Window = data.Undated
	av, ok := aggFor(sc, sc.Layers[0], vp)
	if !ok {
		b.Fatal("not aggregated")
	}
	k := av.counts.key
	x, y := -1.0, -1.0
	for j := 0; j < k.h && x < 0; j++ {
		for i := 0; i < k.w; i++ {
			if av.counts.counts[j*k.w+i] != 1 {
				continue
			}
			mx := (float64(int64(k.cx0)+int64(i))+0.5)*av.cell - geo.WorldHalf
			my := geo.WorldHalf - (float64(int64(k.cy0)+int64(j))+0.5)*av.cell
			t := newXform(sanitize(vp))
			px := t.px(mx, my)
			if px.x >= 0 && px.y >= 0 && px.x < float64(vp.W) && px.y < float64(vp.H) {
				x, y = px.x, px.y
				break
			}
		}
	}
	if x < 0 {
		b.Skip("no square with a single incident in view")
	}
	if h, ok := sc.Identify(vp, x, y, 0); !ok || h.Count != 1 {
		b.Fatalf("Identify = %+v, %v", h, ok)
	}
	b.ReportAllocs()
	for b.Loop() {
		sc.Identify(vp, x, y, 0)
	}
}

// BenchmarkFirstFrame1M draws the first 1600x1000 frame of a million
// incidents just loaded, fitted to the view, with the basemap drawn whole
// (a new view) and a fresh shallow copy of the layer each time, so that
// nothing prepared or counted is reused. "cold" is the command line's
// first frame, which builds the layer's density cells; "prepared" is the
// window's, whose loader has run Prepare before adding the layer (not
// timed), so the frame counts the cells and draws.
func BenchmarkFirstFrame1M(b *testing.B) {
	sc, vp := windowFrameScene(b)
	l := sc.Layers[0].Layer
	useBaseCache = false
	defer func() { useBaseCache = true }()
	dst := image1600()
	Draw(dst, sc, vp) // the basemap's geometry and the text caches, as after the first frame of a session
	for _, prep := range []bool{false, true} {
		name := map[bool]string{false: "cold", true: "prepared"}[prep]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				s := *sc
				s.Layers = []LayerView{{Layer: l.WithKind(l.Kind), Style: sc.Layers[0].Style}}
				if prep {
					Prepare(s.Layers[0].Layer)
				}
				c0 := processCPU()
				b.StartTimer()
				Draw(dst, &s, vp)
				b.StopTimer()
				cpu += processCPU() - c0
				b.StartTimer()
			}
			b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// TestCategoryCountsMatchLayer compares the category counts read from the
// density cells with the layer's own counter, for windows of every kind,
// inside or overlapping, with and without a filter, on a layer of instants
// and one of periods and undated features.
func TestCategoryCountsMatchLayer(t *testing.T) {
	periods := func() *data.Layer {
		r := rand.New(rand.NewPCG(3, 4))
		b := data.NewBuilder("periods", 70000)
		cats := []data.Value{data.Text("a"), data.Text("b"), data.Text("c")}
		t0 := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i < 70000; i++ {
			f := data.Feature{Geometry: orb.Point{1.6 + r.Float64()*0.4, 50.8 + r.Float64()*0.2}}
			switch i % 4 {
			case 0: // undated
			case 1:
				s := t0.Add(time.Duration(r.IntN(90*24)) * time.Hour)
				f.Span = data.Span{Start: s.UnixMilli(), End: s.Add(time.Duration(r.IntN(20*24)) * time.Hour).UnixMilli()}
			default:
				f.Span = data.Instant(t0.Add(time.Duration(r.IntN(90*24)) * time.Hour))
			}
			if i%9 != 0 {
				f.Props = []data.Property{{Key: "category", Value: cats[i%len(cats)]}}
			}
			if err := b.Add(f); err != nil {
				t.Fatal(err)
			}
		}
		return b.Build()
	}()
	day := int64(86400000)
	for _, l := range []*data.Layer{denseLayer(t, 60000), periods} {
		ext := l.TimeExtent()
		wins := []data.Span{data.Undated, {Start: ext.Start, End: ext.Start + 7*day}, {Start: ext.Start + 30*day, End: ext.Start + 31*day - 1},
			{Start: ext.Start - 10*day, End: ext.End + day}, {Start: ext.End + day, End: ext.End + 9*day}, data.Instant(time.UnixMilli(ext.Start + 40*day))}
		for _, w := range wins {
			for _, inside := range []bool{false, true} {
				for _, keep := range []func(int) bool{nil, func(i int) bool { return i%3 != 1 }} {
					want := l.CountCategories(w, inside, keep)
					if got := categoryCounts(l, w, inside, keep); !slices.Equal(got, want) {
						t.Errorf("%s, window %v, inside %v, filtered %v: %v, want %v", l.Name, w, inside, keep != nil, got, want)
					}
					// the cells' counting itself, also for the windows
					// categoryCounts leaves to the layer
					if got := aggregated(l).categoryCounts(l, w, inside, keep); !slices.Equal(got, want) {
						t.Errorf("%s, window %v, inside %v, filtered %v: from the cells %v, want %v", l.Name, w, inside, keep != nil, got, want)
					}
				}
			}
		}
	}
}

// TestCellProjectorIsExact checks the tabulated cells against exactCell
// (geo.Mercator per point): every point of a dense layer at seven levels,
// random points over layers of many sizes and latitudes, and latitudes a
// few units in the last place either side of row edges.
func TestCellProjectorIsExact(t *testing.T) {
	check := func(name string, p *cellProjector, q orb.Point) {
		t.Helper()
		gx, gy := p.cell(q)
		wx, wy := exactCell(q, p.cs)
		if gx != wx || gy != wy {
			t.Fatalf("%s: cell of %v = %v,%v, want %v,%v", name, q, gx, gy, wx, wy)
		}
	}
	l := denseLayer(t, 60000)
	b := l.Bounds()
	for _, z := range []int{0, 6, 11, 14, 17, 19, maxAggLevel} {
		p := newCellProjector(b.Min[1], b.Max[1], cellSize(z))
		for i := range l.Len() {
			check(fmt.Sprintf("dense, level %d", z), p, l.Anchor(i))
		}
	}
	r := rand.New(rand.NewPCG(11, 12))
	tabulated := 0
	for it := 0; it < 200; it++ {
		lat0 := -85 + r.Float64()*170
		lat1 := min(lat0+math.Pow(10, -4+r.Float64()*5), 86)
		z := r.IntN(maxAggLevel + 1)
		p := newCellProjector(lat0, lat1, cellSize(z))
		if p.v != nil {
			tabulated++
		}
		name := fmt.Sprintf("latitudes %v..%v, level %d", lat0, lat1, z)
		for k := 0; k < 2000; k++ {
			check(name, p, orb.Point{-180 + r.Float64()*360, lat0 + r.Float64()*(lat1-lat0)})
		}
		// around row edges: the latitude of a row's top edge, and its
		// neighbours in floating point
		for k := 0; k < 200; k++ {
			row := math.Floor(exactRow(lat0+r.Float64()*(lat1-lat0), p.cs))
			edge := project.Mercator.ToWGS84(orb.Point{0, geo.WorldHalf - row*p.cs})[1]
			q := edge
			for j := 0; j < 4; j++ {
				q = math.Nextafter(q, 90)
				check(name, p, orb.Point{1.5, q})
			}
			q = edge
			for j := 0; j < 4; j++ {
				check(name, p, orb.Point{1.5, q})
				q = math.Nextafter(q, -90)
			}
		}
	}
	if tabulated < 60 {
		t.Errorf("only %d of 200 layers used the table", tabulated)
	}
}

// BenchmarkBuildAgg1M builds the density cells of a million incidents (what
// the first frame of a layer drawn as squares costs, on two cores).
func BenchmarkBuildAgg1M(b *testing.B) {
	l := million(b)
	b.ReportAllocs()
	for b.Loop() {
		buildAgg(l)
	}
}
