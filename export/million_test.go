package export

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

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
var millionBox = orb.Bound{Min: orb.Point{1.55, 50.85}, Max: orb.Point{2.05, 51.05}}

// million returns 1,000,000 incidents of `campmap synth` (seed 1) around
// Calais, loaded from a file as the command line does (the file is kept in
// the temp directory, named as data/geojson's benchmarks name it), once
// per test binary.
func million(tb testing.TB) *data.Layer {
	tb.Helper()
	millionOnce.Do(func() {
		path := filepath.Join(os.TempDir(), "campmap-synth-1000000-seed1.geojson")
		if b, err := os.ReadFile(path); err != nil || !bytes.HasSuffix(b, []byte("]}\n")) {
			var buf bytes.Buffer
			if millionErr = synth.WritePoints(&buf, 1_000_000, 1, millionBox,
				time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC)); millionErr != nil {
				return
			}
			if millionErr = os.WriteFile(path+".tmp", buf.Bytes(), 0o644); millionErr != nil {
				return
			}
			if millionErr = os.Rename(path+".tmp", path); millionErr != nil {
				return
			}
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
