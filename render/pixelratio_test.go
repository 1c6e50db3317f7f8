package render

import (
	"image"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// hiDPI returns vp as a screen of pixel ratio k sees it: k times the
// pixels over the same area (the zoom log2 k higher).
func hiDPI(vp geo.Viewport, k float64) geo.Viewport {
	return geo.New(vp.Center, vp.Zoom+math.Log2(k), int(float64(vp.W)*k), int(float64(vp.H)*k))
}

// downscale2 averages each 2×2 block of img.
func downscale2(img *image.RGBA) *image.RGBA {
	w, h := img.Rect.Dx()/2, img.Rect.Dy()/2
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			for c := 0; c < 4; c++ {
				s := 0
				for _, d := range [4][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
					s += int(img.Pix[img.PixOffset(2*x+d[0], 2*y+d[1])+c])
				}
				out.Pix[out.PixOffset(x, y)+c] = uint8((s + 2) / 4)
			}
		}
	}
	return out
}

// inkPixels counts the pixels of img that are not the sea colour.
func inkPixels(img *image.RGBA) int {
	n := 0
	for i := 0; i+3 < len(img.Pix); i += 4 {
		if img.Pix[i] != SeaColor.R || img.Pix[i+1] != SeaColor.G || img.Pix[i+2] != SeaColor.B {
			n++
		}
	}
	return n
}

// TestPixelRatioLooksLikeRatioOne draws the synthetic scene at ratio 2 on
// a frame of twice the pixels and scales it back down: it must look like
// the ratio 1 frame, far more so than the same big frame drawn at ratio 1
// (whose symbols, lines and labels are half as large).
func TestPixelRatioLooksLikeRatioOne(t *testing.T) {
	sc, vp := synthScene(t)
	one := Render(sc, vp)
	big := hiDPI(vp, 2)
	r2 := *sc
	r2.PixelRatio = 2
	hi := downscale2(Render(&r2, big))
	lo := downscale2(Render(sc, big))
	const tol = 48
	dHi, dLo := diffImages(hi, one, tol), diffImages(lo, one, tol)
	n := vp.W * vp.H
	t.Logf("pixels differing by more than %d: ratio 2 %d (%.2f%%), ratio 1 on the big frame %d (%.2f%%)",
		tol, dHi, 100*float64(dHi)/float64(n), dLo, 100*float64(dLo)/float64(n))
	if dHi > n/50 {
		t.Errorf("ratio 2 downscaled differs from ratio 1 in %d pixels (more than 2%%)", dHi)
	}
	if dHi*3 > dLo {
		t.Errorf("ratio 2 (%d pixels off) is not much closer to ratio 1 than an unscaled big frame (%d)", dHi, dLo)
	}
}

// TestPixelRatioScalesEachPart draws one part of the scene at a time on
// the sea and checks its ink covers about 4 times the pixels at ratio 2
// (twice the size each way).
func TestPixelRatioScalesEachPart(t *testing.T) {
	tests := []struct {
		name string
		edit func(sc *Scene)
	}{
		{"port and terminal symbols", func(sc *Scene) { sc.Layers = []LayerView{sc.Layers[2], sc.Layers[3]} }},
		{"routes (widths and dashes)", func(sc *Scene) { sc.Layers = sc.Layers[1:2] }},
		{"incident dots", func(sc *Scene) { sc.Layers = sc.Layers[4:5] }},
		{"labels", func(sc *Scene) { sc.Layers, sc.Labels = sc.Layers[:4], true }},
		{"scale bar", func(sc *Scene) { sc.Layers, sc.ScaleBar = nil, true }},
		{"credits", func(sc *Scene) { sc.Layers, sc.Credits = sc.Layers[:1], true }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, vp := synthScene(t)
			sc.Basemap, sc.ScaleBar, sc.Credits, sc.Labels = nil, false, false, false
			tt.edit(sc)
			base := 0
			if tt.name == "labels" || tt.name == "credits" {
				// Only the text: the difference with it turned off.
				off := *sc
				off.Labels, off.Credits = false, false
				base = diffImages(Render(sc, vp), Render(&off, vp), 0)
				r2, off2 := *sc, off
				r2.PixelRatio, off2.PixelRatio = 2, 2
				big := hiDPI(vp, 2)
				got := diffImages(Render(&r2, big), Render(&off2, big), 0)
				checkRatio(t, base, got)
				return
			}
			base = inkPixels(Render(sc, vp))
			r2 := *sc
			r2.PixelRatio = 2
			checkRatio(t, base, inkPixels(Render(&r2, hiDPI(vp, 2))))
		})
	}
}

func checkRatio(t *testing.T, one, two int) {
	t.Helper()
	if one == 0 {
		t.Fatal("nothing drawn at ratio 1")
	}
	k := float64(two) / float64(one)
	t.Logf("ink: %d pixels at ratio 1, %d at ratio 2 (×%.2f)", one, two, k)
	if k < 3.2 || k > 4.8 {
		t.Errorf("ink grew ×%.2f at ratio 2, want about ×4", k)
	}
}

// TestGoldenRatio2 is the synthetic scene on a 400×250 window of a
// ratio 2 screen: 800×500 device pixels at zoom 12.
func TestGoldenRatio2(t *testing.T) {
	sc, vp := synthScene(t)
	sc.PixelRatio = 2
	checkGolden(t, "synthetic_ratio2.png", Render(sc, geo.New(vp.Center, vp.Zoom+1, vp.W, vp.H)))
}

// TestIdentifyPixelRatio: at ratio 2 the drawn symbols, dots and lines are
// twice as large, so a click at the same device distance from a feature
// hits it at ratio 2 and misses it at ratio 1.
func TestIdentifyPixelRatio(t *testing.T) {
	_, vp := synthScene(t)
	big := hiDPI(vp, 2)
	tr := big.Transform()
	tests := []struct {
		name   string
		p      orb.Point
		dx, dy float64
		want   Hit
	}{
		// The port symbol is 44 device pixels at ratio 2, 22 at ratio 1.
		{"port symbol edge", orb.Point{1.72, 50.962}, 20, 0, Hit{Layer: 3, Feature: 0}},
		// The undated incident's dot: radius (4.5+1)·2 = 11 against 5.5.
		{"incident dot edge", orb.Point{1.52, 50.785}, 9, 0, Hit{Layer: 4, Feature: 151}},
		// The motorway is hit within 1.5·2 = 3 pixels of its centre line.
		{"line edge", orb.Point{1.9, 50.86}, 0, 2.5, Hit{Layer: 1, Feature: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, _ := synthScene(t)
			x, y := tr.Project(tt.p)
			x, y = x+tt.dx, y+tt.dy
			if h, ok := sc.Identify(big, x, y, 0); ok && h == tt.want {
				t.Errorf("ratio 1: Identify = %+v, want a miss at this distance", h)
			}
			sc.PixelRatio = 2
			if h, ok := sc.Identify(big, x, y, 0); !ok || h != tt.want {
				t.Errorf("ratio 2: Identify = %+v %v, want %+v", h, ok, tt.want)
			}
		})
	}
}

// TestOddPixelRatios: no ratio panics; 0, negative and non-finite ratios
// draw exactly as ratio 1.
func TestOddPixelRatios(t *testing.T) {
	sc, vp := synthScene(t)
	sc.LegendBox = true
	one := Render(sc, vp)
	for _, tc := range []struct {
		name  string
		r     float64
		asOne bool
	}{
		{"zero", 0, true}, {"negative", -2, true}, {"NaN", math.NaN(), true}, {"+Inf", math.Inf(1), true},
		{"-Inf", math.Inf(-1), true}, {"one", 1, true}, {"half", 0.5, false}, {"1.5", 1.5, false},
		{"three", 3, false}, {"huge", 1e300, false}, {"tiny", 1e-300, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := *sc
			s.PixelRatio = tc.r
			img := Render(&s, vp)
			if n := diffImages(img, one, 0); tc.asOne && n != 0 {
				t.Errorf("ratio %v: %d pixels differ from ratio 1", tc.r, n)
			}
			s.Identify(vp, 400, 250, 6)
			s.Legend(vp)
		})
	}
}

// TestPixelRatioAggregateSquares: density squares keep their size in
// layout pixels, so a ratio 2 frame uses the grid a ratio 1 frame of the
// same area does.
func TestPixelRatioAggregateSquares(t *testing.T) {
	l := denseLayer(t, 120000)
	vp := geo.Fit(orb.Bound{Min: orb.Point{1.55, 50.82}, Max: orb.Point{2.1, 51.08}}, 800, 600, 0, 20)
	lv := LayerView{Layer: l, Style: style.Style{Visible: true}}
	sc := &Scene{Layers: []LayerView{lv}, Window: data.Undated}
	a1, ok1 := aggFor(sc, lv, vp)
	sc2 := &Scene{Layers: []LayerView{lv}, Window: data.Undated, PixelRatio: 2}
	a2, ok2 := aggFor(sc2, lv, hiDPI(vp, 2))
	if !ok1 || !ok2 {
		t.Fatalf("not aggregated: ratio 1 %v, ratio 2 %v", ok1, ok2)
	}
	if a1.cell != a2.cell {
		t.Errorf("square side %v m at ratio 2, want %v m as at ratio 1", a2.cell, a1.cell)
	}
}

// TestPageIgnoresPixelRatio: a page has its own resolution, so the scene's
// pixel ratio does not change it.
func TestPageIgnoresPixelRatio(t *testing.T) {
	sc, vp := synthScene(t)
	ps, err := ParsePageSize("800x500")
	if err != nil {
		t.Fatal(err)
	}
	opt := PageOptions{Size: ps, Title: "T"}
	want := DrawPage(sc, vp.Bound(), opt).Rasterize(1)
	sc.PixelRatio = 2
	got := DrawPage(sc, vp.Bound(), opt).Rasterize(1)
	if n := diffImages(got, want, 0); n != 0 {
		t.Errorf("%d pixels of the page changed with the pixel ratio", n)
	}
}

// BenchmarkRenderSynthetic compares a frame at ratio 1 with the same view
// on a ratio 2 screen (four times the pixels, thicker halos).
func BenchmarkRenderSynthetic(b *testing.B) {
	for _, r := range []float64{1, 2} {
		b.Run(map[float64]string{1: "ratio1", 2: "ratio2"}[r], func(b *testing.B) {
			sc, vp := synthScene(b)
			sc.PixelRatio = r
			vp = hiDPI(vp, r)
			b.ReportAllocs()
			for b.Loop() {
				Render(sc, vp)
			}
		})
	}
}
