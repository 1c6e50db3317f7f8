package ui

import (
	"testing"
	"time"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/sample"
	"campmap/geo"
	"campmap/render"
)

// BenchmarkPlaybackStepSample is one playback step on the sample scenario
// as the window does it: the next day's window, a fresh scene, the frame
// drawn at 1280×640 and the categories counted. Its time bounds the frame
// rate playback can hold (8 steps a second needs < 125 ms).
func BenchmarkPlaybackStepSample(b *testing.B) {
	ls, err := sample.Layers()
	if err != nil {
		b.Fatal(err)
	}
	bm, err := basemap.Default()
	if err != nil {
		b.Fatal(err)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		b.Fatal(err)
	}
	ext := data.Undated
	for _, l := range ls {
		ext = ext.Union(l.TimeExtent())
	}
	vp := geo.Fit(sample.Bounds(), 1280, 640, 0, geo.MaxZoom)
	p := playSettings{step: data.Step{N: 1, Unit: data.Day}, length: data.Step{N: 7, Unit: data.Day}, loop: true}
	start := time.Date(2015, 7, 1, 0, 0, 0, 0, paris).UnixMilli()
	w := data.Span{Start: start, End: p.length.Add(start, 1, paris) - 1}
	img := render.Render(&render.Scene{}, vp)
	b.ReportAllocs()
	for b.Loop() {
		w, _ = nextWindow(w, ext, p, paris)
		sc := render.NewScene(bm, ls)
		sc.Window, sc.Zone = w, paris
		render.Draw(img, sc, vp)
		for _, l := range ls {
			if colouredByCategory(l) {
				l.CountCategories(w, false, nil)
			}
		}
	}
}
