package render

import (
	"fmt"
	"image"
	"math/rand/v2"
	"testing"
	"time"

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

func BenchmarkFrame40Layers(b *testing.B)    { benchmarkLayers(b, 40, 500, false) }
func BenchmarkPan40Layers(b *testing.B)      { benchmarkLayers(b, 40, 500, true) }
func BenchmarkPan40LayersLarge(b *testing.B) { benchmarkLayers(b, 40, 5000, true) }
func BenchmarkFrame20Layers(b *testing.B)    { benchmarkLayers(b, 20, 500, false) }
