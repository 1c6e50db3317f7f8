package export

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"campmap/data"
	"campmap/data/geojson"
	"campmap/data/synth"
	"campmap/render"
)

var (
	millionOnce sync.Once
	millionL    *data.Layer
	millionErr  error
)

// millionBox is where the million generated incidents lie: the Calais area.
var millionBox = synth.BenchBox

// million returns 1,000,000 incidents of `campmap synth` (seed 1) around
// Calais, loaded from synth.CachedPoints' file as the command line loads
// one, once per test binary.
func million(tb testing.TB) *data.Layer {
	tb.Helper()
	millionOnce.Do(func() {
		var path string
		if path, millionErr = synth.CachedPoints(1_000_000); millionErr != nil {
			return
		}
		var ls []*data.Layer
		if ls, millionErr = geojson.Load(context.Background(), path, data.LoadOptions{}); millionErr == nil {
			millionL = ls[0]
		}
	})
	if millionErr != nil {
		tb.Fatal(millionErr)
	}
	return millionL
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
