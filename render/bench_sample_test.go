package render

import (
	"testing"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/sample"
	"campmap/geo"
)

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
		sc.Layers = append(sc.Layers, LayerView{Layer: l, Visible: true})
	}
	return sc, geo.Fit(sample.Bounds(), 1600, 1000, 20, 18)
}

func BenchmarkFrameSample(b *testing.B) {
	sc, vp := sampleScene(b)
	Render(sc, vp)
	b.ReportAllocs()
	for b.Loop() {
		Render(sc, vp)
	}
}
