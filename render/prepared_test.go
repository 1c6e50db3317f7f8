package render

import (
	"fmt"
	"image"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// manyLayers returns a scene of n layers over the Calais area, each
// holding pts dated points, a few routes and a few camp polygons, and a
// viewport that shows them all.
func manyLayers(tb testing.TB, n, pts int) (*Scene, geo.Viewport) {
	tb.Helper()
	sc := &Scene{Window: data.Undated, Labels: true, ScaleBar: true, Credits: true}
	t0 := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	for li := 0; li < n; li++ {
		r := rand.New(rand.NewPCG(uint64(li), 7))
		b := data.NewBuilder(fmt.Sprintf("layer %d", li), pts+12)
		b.Layer().Kind = data.KindIncident
		at := func() orb.Point { return orb.Point{1.6 + r.Float64()*0.45, 50.85 + r.Float64()*0.2} }
		for i := 0; i < pts; i++ {
			mustAdd(tb, b, data.Feature{Geometry: at(), Span: data.Instant(t0.Add(time.Duration(r.IntN(2000)) * time.Hour)),
				Props: []data.Property{{Key: "category", Value: data.Text([]string{"a", "b", "c"}[i%3])}}})
		}
		for i := 0; i < 8; i++ {
			p := at()
			mustAdd(tb, b, data.Feature{Geometry: orb.LineString{p, {p[0] + 0.03, p[1] + 0.01}, {p[0] + 0.05, p[1] - 0.01}},
				Props: named(fmt.Sprintf("road %d.%d", li, i), data.Property{Key: "route_type", Value: data.Text("road")})})
		}
		for i := 0; i < 4; i++ {
			p := at()
			mustAdd(tb, b, data.Feature{Geometry: orb.Polygon{{p, {p[0] + 0.01, p[1]}, {p[0] + 0.01, p[1] + 0.006}, {p[0], p[1] + 0.006}, p}},
				Props: named(fmt.Sprintf("camp %d.%d", li, i), data.Property{Key: "kind", Value: data.Text("camp")})})
		}
		sc.Layers = append(sc.Layers, LayerView{Layer: b.Build(), Style: style.Style{Visible: true, Opacity: 0.9}})
	}
	return sc, geo.New(orb.Point{1.825, 50.95}, 11, 1000, 700)
}

// benchmarkLayers draws a scene of n layers of pts points each (and asks
// for its counts, as the window does after each frame), alternating
// between two viewports (a pan) when pan is set.
func benchmarkLayers(b *testing.B, n, pts int, pan bool) {
	sc, vp := manyLayers(b, n, pts)
	vps := []geo.Viewport{vp}
	if pan {
		vps = append(vps, geo.New(orb.Point{1.85, 50.96}, 11, 1000, 700))
	}
	dst := image.NewRGBA(image.Rect(0, 0, vp.W, vp.H))
	for _, v := range vps {
		Draw(dst, sc, v)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		v := vps[i%len(vps)]
		Draw(dst, sc, v)
		for li := range sc.Layers {
			sc.Counts(li)
		}
		i++
	}
}

// BenchmarkCounts40LayersFiltered asks for the counts of 40 layers with a
// time window and a category filter each, as the window does after every
// frame of a pan.
func BenchmarkCounts40LayersFiltered(b *testing.B) {
	sc, _ := manyLayers(b, 40, 5000)
	sc.Window = data.Span{Start: time.Date(2015, 6, 10, 0, 0, 0, 0, time.UTC).UnixMilli(), End: time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC).UnixMilli()}
	for i := range sc.Layers {
		sc.Layers[i].Hidden = hiddenOf(sc.Layers[i].Layer, []bool{false, true})
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range sc.Layers {
			sc.Counts(i)
		}
	}
}

func BenchmarkFrame40Layers(b *testing.B)    { benchmarkLayers(b, 40, 500, false) }
func BenchmarkPan40Layers(b *testing.B)      { benchmarkLayers(b, 40, 500, true) }
func BenchmarkPan40LayersLarge(b *testing.B) { benchmarkLayers(b, 40, 5000, true) }
func BenchmarkFrame20Layers(b *testing.B)    { benchmarkLayers(b, 20, 500, false) }

// TestFramesOf40LayersRebuildNothing draws a scene of 40 layers (one of
// them large enough to be drawn as density squares) over a basemap, then
// draws it again, pans, zooms a little, identifies, asks for the legend
// and the counts: only the first frame may prepare geometry, once per
// layer and level.
func TestFramesOf40LayersRebuildNothing(t *testing.T) {
	sc, vp := manyLayers(t, 40, 300)
	sc.Basemap = synthBasemap()
	sc.Layers[0].Layer = denseLayer(t, AggregateAbove+10000)
	sc.LegendBox = true
	dst := image.NewRGBA(image.Rect(0, 0, vp.W, vp.H))
	panned := geo.New(orb.Point{1.86, 50.97}, 11, vp.W, vp.H)
	windowed := &Scene{}
	*windowed = *sc
	windowed.Window = july(1, 31)
	steps := []struct {
		name   string
		builds int64 // 0: none
		do     func()
	}{
		// 39 layers' geometry, the large layer's cells, the level.
		{"first frame", 41, func() { Draw(dst, sc, vp) }},
		{"second frame", 0, func() { Draw(dst, sc, vp) }},
		{"panned frame", 0, func() { Draw(dst, sc, panned) }},
		{"panned back", 0, func() { Draw(dst, sc, vp) }},
		{"zoomed a little", 0, func() { Draw(dst, sc, geo.New(vp.Center, 11.3, vp.W, vp.H)) }},
		{"identify", 0, func() { sc.Identify(panned, 500, 350, 6) }},
		{"legend", 0, func() { sc.Legend(panned) }},
		{"counts", 0, func() {
			for i := range sc.Layers {
				sc.Counts(i)
			}
		}},
		// Too few of the large layer's points in the window for squares:
		// its points are drawn, and their index built, for the first time.
		{"a time window", 1, func() { Draw(dst, windowed, panned) }},
		{"that window, panned back", 0, func() { Draw(dst, windowed, vp) }},
		{"no window again", 0, func() { Draw(dst, sc, panned) }},
	}
	for _, st := range steps {
		before := builds.Load()
		st.do()
		if got := builds.Load() - before; got != st.builds {
			t.Errorf("%s: %d builds of prepared geometry, want %d", st.name, got, st.builds)
		}
	}
	runtime.KeepAlive(sc)
}

// TestCountsAreKeptPerSceneInputs asks for a filtered layer's counts
// under a series of scenes: counts are computed again only when the time
// window or the filters change, not for a new scene value with the same
// inputs nor for a filter equal in content, and always agree with a fresh
// count.
func TestCountsAreKeptPerSceneInputs(t *testing.T) {
	l := catLayer(t, 2000)
	base := Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true, Hidden: hiddenOf(l, []bool{false, true})}}}, Window: data.Undated}
	hide := func(vs ...string) *style.Filter { return &style.Filter{Key: "category", Hidden: style.SetOf(vs...)} }
	steps := []struct {
		name    string
		edit    func(sc *Scene)
		counted bool
	}{
		{"first", func(*Scene) {}, true},
		{"same inputs", func(*Scene) {}, false},
		{"same inputs, scene copied", func(sc *Scene) { c := *sc; *sc = c }, false},
		{"window", func(sc *Scene) { sc.Window = july(3, 9) }, true},
		{"window again", func(sc *Scene) { sc.Window = july(3, 9) }, false},
		{"inside", func(sc *Scene) { sc.Window, sc.Inside = july(3, 9), true }, true},
		{"inside ignored without a window", func(sc *Scene) { sc.Inside = true }, false},
		{"another hidden category", func(sc *Scene) { sc.Layers[0].Hidden = hiddenOf(l, []bool{false, false, true}) }, true},
		{"property filter", func(sc *Scene) { sc.Layers[0].Filter = hide("b") }, true},
		{"equal filter, new pointer", func(sc *Scene) { sc.Layers[0].Filter = hide("b") }, false},
		{"filter hiding more", func(sc *Scene) { sc.Layers[0].Filter = hide("b", "c") }, true},
	}
	sc := base
	for _, st := range steps {
		st.edit(&sc)
		before := countings.Load()
		shown, dated, undated := sc.Counts(0)
		if got := countings.Load() != before; got != st.counted {
			t.Errorf("%s: computed %v, want %v", st.name, got, st.counted)
		}
		if want := countShown(&sc, sc.Layers[0]); shown != want || dated+undated != l.Len() {
			t.Errorf("%s: counts %d, %d, %d; want %d shown of %d", st.name, shown, dated, undated, want, l.Len())
		}
	}
}

// TestPreparedGeometryFollowsItsLayer checks that what is prepared from
// a layer is built again exactly when the layer changes: a copy with
// another kind or category key is a new layer; a kind or count key changed
// in place rebuilds the geometry.
func TestPreparedGeometryFollowsItsLayer(t *testing.T) {
	l := catLayer(t, 500)
	first := prepared(l)
	steps := []struct {
		name    string
		layer   func() *data.Layer
		rebuilt bool
		kind    data.Kind // the kind of the first point's style key
	}{
		{"same layer", func() *data.Layer { return l }, false, l.Kind},
		{"copy of another kind", func() *data.Layer { return l.WithKind(data.KindOther) }, true, data.KindOther},
		{"copy by another category key", func() *data.Layer { return l.WithCategoryKey("") }, true, l.Kind},
		{"kind changed in place", func() *data.Layer { l.Kind = data.KindPort; return l }, true, data.KindPort},
		{"same again", func() *data.Layer { return l }, false, data.KindPort},
		{"count key changed in place", func() *data.Layer { l.CountKey = "n"; return l }, true, data.KindPort},
	}
	for _, st := range steps {
		ly := st.layer()
		before := builds.Load()
		g := prepared(ly)
		if got := builds.Load() != before; got != st.rebuilt {
			t.Errorf("%s: rebuilt %v, want %v", st.name, got, st.rebuilt)
		}
		if k := g.keyList[0].kind; k != st.kind {
			t.Errorf("%s: points of kind %v, want %v", st.name, k, st.kind)
		}
	}
	if first.keyList[0].kind != data.KindIncident {
		t.Errorf("the first geometry changed: kind %v", first.keyList[0].kind)
	}
}

// TestPreparedGeometryGoesWithItsLayer prepares a layer, drops it, and
// waits for the garbage collector: the layer is reclaimed (its geometry
// does not keep it alive) and its entry deleted.
func TestPreparedGeometryGoesWithItsLayer(t *testing.T) {
	var k weak.Pointer[data.Layer]
	func() {
		l := denseLayer(t, AggregateAbove+1000)
		Prepare(l)
		k = weak.Make(l)
		if !layers.holds(k) {
			t.Fatal("no entry for a prepared layer")
		}
	}()
	for i := 0; i < 100 && layers.holds(k); i++ {
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
	if k.Value() != nil {
		t.Fatal("the dropped layer was not reclaimed")
	}
	if layers.holds(k) {
		t.Fatal("the dropped layer's prepared geometry is still held")
	}
}
