package render

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// TestDensityBinsConserveCounts counts a layer into hexagons and squares
// and checks that every shown feature is in exactly one bin (the sum of the
// bins' counts is the number of features the time window and filters
// show) and in the right one (its bin's centre is the nearest of the
// lattice's, or the square holds it).
func TestDensityBinsConserveCounts(t *testing.T) {
	l := denseLayer(t, 6000)
	ext := l.TimeExtent()
	month := data.Span{Start: ext.Start + 20*86400000, End: ext.Start + 50*86400000}
	for _, tc := range []struct {
		name   string
		shape  style.DensityShape
		meters float64
		window data.Span
		hidden []bool
	}{
		{"hexagons of 2 km, all time", style.DensityHexagons, 2000, data.Undated, nil},
		{"hexagons of 500 m, a month", style.DensityHexagons, 500, month, nil},
		{"squares of 1 km, a month, a category hidden", style.DensitySquares, 1000, month, []bool{false, true}},
		{"squares of 5 km, all time", style.DensitySquares, 5000, data.Undated, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lv := LayerView{Layer: l, Style: style.Style{Visible: true, Hidden: hiddenOf(l, tc.hidden),
				Density: &style.Density{Shape: tc.shape, Meters: tc.meters}}}
			sc := &Scene{Layers: []LayerView{lv}, Window: tc.window}
			av, ok := aggFor(sc, lv, geo.New(orb.Point{1.825, 50.95}, 14, 400, 300))
			if !ok || av.dens == nil {
				t.Fatal("no density view although the style asks for one")
			}
			d := av.dens
			vis := timeFilter(sc, l)
			want := map[[2]int64]uint32{}
			shown := 0
			for i := 0; i < l.Len(); i++ {
				if vis != nil && !vis(i) || !lv.Keep(i) {
					continue
				}
				shown++
				m := geo.Mercator(l.Anchor(i))
				var row, col int64
				if tc.shape == style.DensityHexagons {
					row, col = bruteHex(m[0], m[1], d.step)
				} else {
					row, col = int64(math.Floor(m[1]/d.step)), int64(math.Floor(m[0]/d.step))
				}
				want[[2]int64{row, col}]++
			}
			if shown == l.Len() && tc.window.Dated() {
				t.Fatal("the test window shows every feature")
			}
			sum := 0
			for _, b := range d.bins {
				sum += int(b.n)
				if w := want[[2]int64{b.row, b.col}]; w != b.n {
					t.Errorf("bin %d,%d: %d features, by brute force %d", b.row, b.col, b.n, w)
				}
			}
			if sum != shown || d.total != shown {
				t.Fatalf("bins hold %d features (total %d), the window shows %d", sum, d.total, shown)
			}
			if len(d.bins) != len(want) {
				t.Fatalf("%d bins, brute force %d", len(d.bins), len(want))
			}
		})
	}
}

// bruteHex returns the hexagon whose centre is nearest (x, y), searching
// every centre of the lattice within two steps.
func bruteHex(x, y, step float64) (row, col int64) {
	hr := step * math.Sqrt(3) / 2
	best := math.Inf(1)
	r0, c0 := int64(math.Round(y/hr)), int64(math.Round(x/step))
	for r := r0 - 2; r <= r0+2; r++ {
		for c := c0 - 2; c <= c0+2; c++ {
			cx, cy := geo.HexCenter(r, c, step)
			if d := math.Hypot(x-cx, y-cy); d < best {
				best, row, col = d, r, c
			}
		}
	}
	return row, col
}

// TestDensityColourStableWhilePanning draws a density view in two
// viewports, one holding the densest bin and one not, and checks that a
// bin seen in both has the same colour in both, and the legend's classes
// are the same.
func TestDensityColourStableWhilePanning(t *testing.T) {
	l := denseLayer(t, 6000)
	lv := LayerView{Layer: l, Style: style.Style{Visible: true, Opacity: 1, Density: &style.Density{Shape: style.DensityHexagons, Meters: 1000}}}
	sc := &Scene{Layers: []LayerView{lv}, Window: data.Undated}
	// the densest bin and a bin 12 km east of it
	av, _ := aggFor(sc, lv, geo.New(orb.Point{1.8, 50.95}, 12, 400, 300))
	d := av.dens
	var densest densityBin
	for _, b := range d.bins {
		if b.n > densest.n {
			densest = b
		}
	}
	dx, dy := d.center(densest.row, densest.col)
	var other densityBin
	for _, b := range d.bins {
		x, y := d.center(b.row, b.col)
		if x > dx+8000 && x < dx+16000 && math.Abs(y-dy) < 3000 && b.n > other.n && b.n < densest.n/2 {
			other = b
		}
	}
	if other.n == 0 {
		t.Fatal("no bin east of the densest one to compare")
	}
	ox, oy := d.center(other.row, other.col)
	at := func(x, y float64) orb.Point { return project.Mercator.ToWGS84(orb.Point{x, y}) }
	// A: centred between the two bins (both in view); B: centred east of
	// the other bin, the densest one out of view.
	vpA := geo.New(at((dx+ox)/2, (dy+oy)/2), 11, 500, 300)
	vpB := geo.New(at(ox+10000, oy), 11, 500, 300)
	if b := geo.MercatorBound(vpB); dx >= b.Min[0] {
		t.Fatal("the densest bin is in view B")
	}
	imgA, imgB := Render(sc, vpA), Render(sc, vpB)
	pix := func(vp geo.Viewport, x, y float64) (int, int) {
		p := newXform(vp).px(x, y)
		return int(p.x), int(p.y)
	}
	ax, ay := pix(vpA, ox, oy)
	bx, by := pix(vpB, ox, oy)
	if ca, cb := imgA.RGBAAt(ax, ay), imgB.RGBAAt(bx, by); ca != cb {
		t.Fatalf("a bin of %d features is %v in one view, %v in the other", other.n, ca, cb)
	}
	la, lb := sc.Legend(vpA), sc.Legend(vpB)
	if len(la) != len(lb) || len(la) < 3 {
		t.Fatalf("legends differ: %v / %v", la, lb)
	}
	for i := range la {
		if la[i] != lb[i] {
			t.Fatalf("legend row %d: %+v in one view, %+v in the other", i, la[i], lb[i])
		}
	}
	if la[0].Label != "dense: hexagons of 1 km, by number of incidents" {
		t.Errorf("legend title %q", la[0].Label)
	}
	fr := *sc
	fr.Lang = "fr"
	if got := fr.Legend(vpA)[0].Label; got != "dense : hexagones de 1 km, par nombre d'incidents" {
		t.Errorf("French legend title %q", got)
	}
}

// TestDensityViewAtAnyCount checks that a small layer (far fewer features
// than AggregateAbove) is drawn as bins when its style asks for them, and
// as points when not, and that identify names a bin's count.
func TestDensityViewAtAnyCount(t *testing.T) {
	l := denseLayer(t, 3000)
	vp := geo.New(orb.Point{1.825, 50.95}, 11, 400, 300)
	for _, on := range []bool{false, true} {
		lv := LayerView{Layer: l, Style: style.Default()}
		if on {
			lv.Density = &style.Density{Shape: style.DensitySquares, Meters: 2000}
		}
		sc := &Scene{Layers: []LayerView{lv}, Window: data.Undated}
		_, ok := aggFor(sc, lv, vp)
		if ok != on {
			t.Fatalf("density view asked %v, drawn as bins %v", on, ok)
		}
		hits := sc.IdentifyAll(vp, 200, 150, 4)
		if on && (len(hits) == 0 || !hits[0].Cell || hits[0].Count <= 0) {
			t.Fatalf("identify on a bin: %+v", hits)
		}
	}
}

// BenchmarkDensityCount1M counts a million points into 1 km hexagons for a
// new time window each time (the cost of moving the window with a density
// view on); BenchmarkDensityFrame1M draws a frame once they are counted
// (the cost of panning).
func BenchmarkDensityCount1M(b *testing.B) {
	l := million(b)
	lv := LayerView{Layer: l, Style: style.Style{Visible: true, Density: &style.Density{Shape: style.DensityHexagons, Meters: 1000}}}
	ext := l.TimeExtent()
	b.ReportAllocs()
	i := int64(0)
	for b.Loop() {
		i++
		sc := &Scene{Layers: []LayerView{lv}, Window: data.Span{Start: ext.Start + i*3600000, End: ext.End}}
		aggFor(sc, lv, denseView)
	}
}

func BenchmarkDensityFrame1M(b *testing.B) {
	l := million(b)
	lv := LayerView{Layer: l, Style: style.Style{Visible: true, Density: &style.Density{Shape: style.DensityHexagons, Meters: 1000}}}
	sc := &Scene{Layers: []LayerView{lv}, Window: data.Undated}
	dst := image1600()
	Draw(dst, sc, denseView)
	b.ReportAllocs()
	for b.Loop() {
		Draw(dst, sc, denseView)
	}
}
