package export

import (
	"bytes"
	"testing"

	"campmap/data"
	"campmap/data/synth"
	"campmap/internal/onemillion"
	"campmap/render"
)

// millionBox is where the million generated incidents lie: the Calais area.
var millionBox = synth.BenchBox

// million returns the million generated incidents (internal/onemillion).
func million(tb testing.TB) *data.Layer {
	tb.Helper()
	l, err := onemillion.Layer()
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// BenchmarkPagePDF1M writes the A4 briefing page of the Calais sample with a
// million incidents in view (drawn as density squares) as PDF.
func BenchmarkPagePDF1M(b *testing.B) {
	j := pageJob(b, FormatPDF, "a4-landscape")
	var ls []*data.Layer
	for _, lv := range j.Scene.Layers {
		ls = append(ls, lv.Layer)
	}
	j.Scene = render.NewScene(j.Scene.Basemap, append(ls, million(b)))
	j.Bound = millionBox
	m, err := Describe(j.Scene, "test")
	if err != nil {
		b.Fatal(err)
	}
	j.Manifest = m
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		var w bytes.Buffer
		if _, err := Write(&w, j); err != nil {
			b.Fatal(err)
		}
		size = w.Len()
	}
	b.ReportMetric(float64(size), "bytes/file")
}
