package render

import (
	"bytes"
	"image"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/sample"
	"campmap/data/style"
	"campmap/geo"
)

// denseLayer builds n categorised, dated incidents spread over the Calais
// area (a few hot spots and a uniform spread), as the benchmarks and the
// band test use.
func denseLayer(tb testing.TB, n int) *data.Layer {
	tb.Helper()
	r := rand.New(rand.NewPCG(uint64(n), 42))
	b := data.NewBuilder("dense", n)
	b.Layer().Kind = data.KindIncident
	cats := []data.Value{data.Text("attempt"), data.Text("injury"), data.Text("blockade"), data.Text("death"), data.Text("police")}
	t0 := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	hot := []orb.Point{{1.80, 50.965}, {1.78, 50.925}, {1.86, 50.94}, {1.90, 50.96}}
	for i := 0; i < n; i++ {
		var p orb.Point
		if i%3 == 0 {
			p = orb.Point{1.6 + r.Float64()*0.45, 50.85 + r.Float64()*0.2}
		} else {
			h := hot[i%len(hot)]
			p = orb.Point{h[0] + r.NormFloat64()*0.02, h[1] + r.NormFloat64()*0.01}
		}
		t := t0.Add(time.Duration(r.IntN(120*24)) * time.Hour)
		if err := b.Add(data.Feature{Geometry: p, Span: data.Instant(t),
			Props: []data.Property{{Key: "category", Value: cats[i%len(cats)]}}}); err != nil {
			tb.Fatal(err)
		}
	}
	return b.Build()
}

var (
	dense1MOnce sync.Once
	dense1M     *data.Layer
)

func million(tb testing.TB) *data.Layer {
	dense1MOnce.Do(func() { dense1M = denseLayer(tb, 1_000_000) })
	return dense1M
}

var denseView = geo.New(orb.Point{1.825, 50.95}, 11.2, 1600, 1000)

func TestBandsDrawTheSameAsOnePass(t *testing.T) {
	assertBandsMatchOnePass(t, denseLayer(t, 60000), 40)
}

// assertBandsMatchOnePass draws layer l in two parallel bands and in one
// pass, with no time window and with a window of days days from its start,
// and fails t unless the pixels are identical.
func assertBandsMatchOnePass(t *testing.T, l *data.Layer, days int64) {
	t.Helper()
	sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true, Opacity: 0.8}}}, Window: data.Undated}
	for _, w := range []data.Span{data.Undated, {Start: l.TimeExtent().Start, End: l.TimeExtent().Start + days*86400000}} {
		sc.Window = w
		vp := denseView.Resize(700, 500)
		old := parallelMin
		parallelMin = 1
		banded := Render(sc, vp)
		parallelMin = math.MaxInt
		single := Render(sc, vp)
		parallelMin = old
		if !bytes.Equal(banded.Pix, single.Pix) {
			t.Fatalf("window %v: two bands and one pass differ", w)
		}
	}
}

func BenchmarkFrameSynthetic(b *testing.B) {
	sc, vp := synthScene(b)
	vp = vp.Resize(1600, 1000)
	dst := image1600()
	Draw(dst, sc, vp)
	b.ReportAllocs()
	for b.Loop() {
		Draw(dst, sc, vp)
	}
}

func image1600() *imageRGBA { return newRGBA(1600, 1000) }

func BenchmarkFrame1M(b *testing.B) {
	l := million(b)
	sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true}}}, Window: data.Undated}
	dst := image1600()
	Draw(dst, sc, denseView) // builds the index once
	b.ReportAllocs()
	for b.Loop() {
		Draw(dst, sc, denseView)
	}
}

func BenchmarkFrame1MWindow(b *testing.B) {
	l := million(b)
	ext := l.TimeExtent()
	sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true}}},
		Window: data.Span{Start: ext.Start, End: ext.Start + 7*86400000}}
	dst := image1600()
	Draw(dst, sc, denseView)
	b.ReportAllocs()
	for b.Loop() {
		Draw(dst, sc, denseView)
	}
}

func BenchmarkIdentify1M(b *testing.B) {
	l := million(b)
	sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true}}}, Window: data.Undated}
	sc.Identify(denseView, 0, 0, 6)
	r := rand.New(rand.NewPCG(5, 6))
	b.ReportAllocs()
	for b.Loop() {
		sc.Identify(denseView, r.Float64()*1600, r.Float64()*1000, 6)
	}
}

func sampleScene(tb testing.TB) (*Scene, geo.Viewport) {
	tb.Helper()
	bm, err := basemap.Default()
	if err != nil {
		tb.Fatal(err)
	}
	ls, err := sample.Layers()
	if err != nil {
		tb.Fatal(err)
	}
	sc := &Scene{Basemap: bm, ScaleBar: true, Credits: true, Labels: true, Window: data.Undated}
	for _, l := range ls {
		sc.Layers = append(sc.Layers, LayerView{Layer: l, Style: style.Style{Visible: true}})
	}
	return sc, geo.Fit(sample.Bounds(), 1600, 1000, 20, 18)
}

func BenchmarkFrameSample(b *testing.B) {
	sc, vp := sampleScene(b)
	dst := image1600()
	Draw(dst, sc, vp)
	b.ReportAllocs()
	for b.Loop() {
		Draw(dst, sc, vp)
	}
}

type imageRGBA = image.RGBA

func newRGBA(w, h int) *image.RGBA { return image.NewRGBA(image.Rect(0, 0, w, h)) }
