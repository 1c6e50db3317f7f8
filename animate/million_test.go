package animate

import (
	"context"
	"io"
	"testing"
	"time"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/geo"
	"campmap/internal/onemillion"
	"campmap/render"
)

// million returns the million generated incidents (internal/onemillion).
func million(tb testing.TB) *data.Layer {
	tb.Helper()
	l, err := onemillion.Layer()
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// BenchmarkMake1M makes and encodes the animation `campmap animate` makes of
// a million incidents at its default size (960x640, over the embedded
// basemap): 100 frames, a cumulative window growing by a week, from a few
// thousand incidents (dots) to all of them (density squares).
func BenchmarkMake1M(b *testing.B) {
	bm, err := basemap.Default()
	if err != nil {
		b.Fatal(err)
	}
	l := million(b)
	sc := render.NewScene(bm, []*data.Layer{l})
	vp := geo.Fit(l.Bounds(), 960, 640, 20, 18)
	from := l.TimeExtent().Start
	o := Options{From: from, To: from + 99*7*86400e3 + 7*86400e3 - 1, Step: data.Step{N: 7, Unit: data.Day}, Cumulative: true}
	if ws, err := Windows(o); err != nil || len(ws) != 100 {
		b.Fatalf("%d frames, %v", len(ws), err)
	}
	b.ReportAllocs()
	var mk, enc time.Duration
	for b.Loop() {
		t0 := time.Now()
		g, err := Make(context.Background(), sc, vp, o)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := Encode(io.Discard, g); err != nil {
			b.Fatal(err)
		}
		mk, enc = mk+t1.Sub(t0), enc+time.Since(t1)
	}
	b.ReportMetric(mk.Seconds()/float64(b.N), "make-s/op")
	b.ReportMetric(enc.Seconds()/float64(b.N), "encode-s/op")
}
