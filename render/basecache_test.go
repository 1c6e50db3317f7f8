package render

import (
	"bytes"
	"image"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/geo"
)

// TestBaseCacheDrawsTheSame draws frames whose sea and basemap come from
// the cache (the same view drawn again with another time window, at pixel
// ratios 1 and 2, into a destination whose pixel (0, 0) is not the
// viewport's, over stale pixels) and after a pan or zoom (a new view), and
// compares each with the frame drawn whole.
func TestBaseCacheDrawsTheSame(t *testing.T) {
	bm, err := basemap.Default()
	if err != nil {
		t.Fatal(err)
	}
	l := denseLayer(t, 60000)
	ext := l.TimeExtent()
	day := int64(86400000)
	whole := func(sc *Scene, vp geo.Viewport, dst *image.RGBA) []byte {
		t.Helper()
		useBaseCache = false
		defer func() { useBaseCache = true }()
		img := image.NewRGBA(dst.Rect)
		for j := range img.Pix {
			img.Pix[j] = uint8(j * 7)
		}
		Draw(img, sc, vp)
		return img.Pix
	}
	vp := geo.New(orb.Point{1.80, 50.95}, 11.3, 640, 400)
	views := []geo.Viewport{vp, vp, vp, vp.Pan(7, -3), vp.Pan(7, -3), vp.Pan(7, -3), vp.Pan(7, -3).Resize(500, 300),
		geo.New(orb.Point{1.85, 50.96}, 14.2, 640, 400), geo.New(orb.Point{1.85, 50.96}, 14.2, 640, 400), vp}
	for _, pr := range []float64{1, 2} {
		for _, origin := range []image.Point{{}, {-30, 12}} {
			sc := NewScene(bm, []*data.Layer{l})
			sc.LegendBox = true
			sc.PixelRatio = pr
			dst := image.NewRGBA(image.Rect(0, 0, 640, 400).Add(origin))
			for i, v := range views {
				s := *sc
				s.Window = data.Span{Start: ext.Start + int64(i)*day, End: ext.Start + int64(i+20)*day}
				for j := range dst.Pix {
					dst.Pix[j] = uint8(j * 7) // stale pixels
				}
				Draw(dst, &s, v)
				if want := whole(&s, v, dst); !bytes.Equal(dst.Pix, want) {
					t.Fatalf("ratio %v, origin %v, frame %d (%v): cached and whole frames differ", pr, origin, i, v)
				}
			}
		}
	}
	// A third view drawn twice is served from the cache.
	sc := NewScene(bm, []*data.Layer{l})
	dst := image.NewRGBA(image.Rect(0, 0, 300, 200))
	v := geo.New(orb.Point{1.7, 50.9}, 12, 300, 200)
	for range 3 {
		Draw(dst, sc, v)
	}
	baseCache.Lock()
	hit := baseCache.key.vp == sanitize(v)
	baseCache.Unlock()
	if !hit {
		t.Error("a view drawn three times is not in the cache")
	}
}
