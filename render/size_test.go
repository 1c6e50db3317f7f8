package render

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// countedLayer returns incidents around the synthetic camp with counts
// 0..100 under "dead" (one without any), in three categories; minimum
// says whether the counts are minimum estimates.
func countedLayer(tb testing.TB, minimum bool) *data.Layer {
	tb.Helper()
	b := data.NewBuilder("Dead and missing", 16)
	l := b.Layer()
	l.Kind, l.Source, l.CountKey, l.CountIsMinimum = data.KindIncident, "Synthetic counts", "dead", minimum
	cats := []string{"drowning", "vehicle", "violence"}
	counts := []float64{1, 100, 3, 0, 10, 2, 30, 1, 5, -1}
	for i, c := range counts {
		a := float64(i) * 2.399
		r := 0.012 * math.Sqrt(float64(i))
		props := []data.Property{{Key: "category", Value: data.Text(cats[i%3])}}
		if c >= 0 {
			props = append(props, data.Property{Key: "dead", Value: data.Number(c)})
		}
		mustAdd(tb, b, data.Feature{Geometry: orb.Point{1.70 + r*math.Cos(a)*1.6, 50.90 + r*math.Sin(a)}, Span: day(1 + i), Props: props})
	}
	return b.Build()
}

func countedScene(tb testing.TB, minimum bool) (*Scene, geo.Viewport) {
	sc, vp := synthScene(tb)
	sc.Layers[4] = LayerView{Layer: countedLayer(tb, minimum), Style: style.Style{Visible: true, Opacity: 0.9}}
	sc.LegendBox = true
	return sc, vp
}

func TestSizeBucket(t *testing.T) {
	const k = 2.0 // a layer whose largest count is 100
	tests := []struct {
		name  string
		count float64
		want  float64 // radius with base 2.5
	}{
		{"missing or zero at base", 0, 2.5},
		{"negative at base", -3, 2.5},
		{"NaN at base", math.NaN(), 2.5},
		{"infinite at base", math.Inf(1), 2.5},
		{"small count clamped to base", 1, 2.5},
		{"area proportional", 25, 10},
		{"largest", 100, 20},
		{"beyond the largest clamped", 1e6, countRadiusMax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := countRadius(2.5, k, tt.count); got != tt.want {
				t.Errorf("countRadius(2.5, %v, %v) = %v, want %v", k, tt.count, got, tt.want)
			}
		})
	}
	t.Run("radius grows with count, area in proportion", func(t *testing.T) {
		prev := 0.0
		for c := 1.0; c <= 100; c++ {
			r := countRadius(0, k, c)
			if r < prev {
				t.Fatalf("radius of %v = %v < radius of %v = %v", c, r, c-1, prev)
			}
			if want := k * math.Sqrt(c); math.Abs(r-want) > 0.25 {
				t.Fatalf("radius of %v = %v, want %v within a quarter pixel", c, r, want)
			}
			prev = r
		}
	})
}

func TestSizeOrderLargestFirst(t *testing.T) {
	l := countedLayer(t, false)
	g := prepared(l)
	if !g.sized || g.maxCount != 100 || g.countK != 2 {
		t.Fatalf("sized %v, maxCount %v, countK %v; want true, 100, 2", g.sized, g.maxCount, g.countK)
	}
	var pos []int
	for p := range g.points.Len() {
		pos = append(pos, p)
	}
	var got []float64
	for _, p := range g.sizeOrder(pos) {
		c, _ := l.Count(g.points.ID(p))
		got = append(got, c)
	}
	if !slices.IsSortedFunc(got, func(a, b float64) int { return int(b - a) }) {
		t.Errorf("drawing order by count %v, want largest first", got)
	}
	if got[0] != 100 {
		t.Errorf("first drawn count %v, want 100", got[0])
	}
}

func TestSizeLegend(t *testing.T) {
	for _, tt := range []struct {
		name    string
		minimum bool
		want    []string
	}{
		{"counts", false, []string{"1", "10", "100"}},
		{"minimum estimates", true, []string{"at least 1", "at least 10", "at least 100"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc, vp := countedScene(t, tt.minimum)
			var labels []string
			var radii []float64
			for _, e := range sc.Legend(vp) {
				if e.Layer != 4 {
					continue
				}
				switch e.Role {
				case LegendTitle:
					if e.Label != "Dead and missing: dot area by dead" {
						t.Errorf("title %q", e.Label)
					}
				case LegendSize:
					labels, radii = append(labels, e.Label), append(radii, e.Radius)
				}
			}
			if !slices.Equal(labels, tt.want) {
				t.Errorf("size rows %q, want %q", labels, tt.want)
			}
			// As drawn: base 4.5 for a few points in view; 10 → 2·√10; 100 → 20.
			if want := []float64{4.5, 6.5, 20}; !slices.Equal(radii, want) {
				t.Errorf("radii %v, want %v", radii, want)
			}
			d := DrawPage(sc, orb.Bound{Min: orb.Point{1.6, 50.86}, Max: orb.Point{1.8, 50.94}}, PageOptions{Title: "Counts"})
			page := strings.Join(d.Layout.Legend, "|")
			for _, w := range tt.want {
				if !slices.Contains(d.Layout.Legend, w) {
					t.Errorf("page legend %q lacks %q", page, w)
				}
			}
		})
	}
	t.Run("uncounted layers get no size rows", func(t *testing.T) {
		sc, vp := synthScene(t)
		for _, e := range sc.Legend(vp) {
			if e.Role == LegendSize {
				t.Errorf("size row %+v", e)
			}
		}
	})
	t.Run("legend counts", func(t *testing.T) {
		for max, want := range map[float64][]int{0.5: nil, 1: {1}, 3: {1, 3}, 9.5: {1, 9}, 10: {1, 10}, 12345: {100, 1000, 10000}} {
			if got := legendCounts(max); !slices.Equal(got, want) {
				t.Errorf("legendCounts(%v) = %v, want %v", max, got, want)
			}
		}
	})
}

func TestIdentifySizedDot(t *testing.T) {
	sc, vp := countedScene(t, true)
	l := sc.Layers[4].Layer
	big := 1 // the count of 100, radius 20 pixels
	x, y := vp.Transform().Project(l.Anchor(big))
	tests := []struct {
		name   string
		dx     float64
		radius float64
		want   bool
	}{
		{"inside the big dot's edge", 19, 0, true},
		{"on its rim", 20.5, 0, true},
		{"just outside", 23, 0, false},
		{"just outside, within the radius", 23, 3, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Probe to the west, where no other incident lies within 25 px.
			h, ok := sc.Identify(vp, x-tt.dx, y, tt.radius)
			got := ok && h.Layer == 4 && h.Feature == big
			if got != tt.want {
				t.Errorf("Identify at %v px = %+v %v, want the big dot %v", tt.dx, h, ok, tt.want)
			}
		})
	}
	t.Run("small dot on top wins inside the big one", func(t *testing.T) {
		sc, vp := countedScene(t, true)
		b := data.NewBuilder("Stack", 2)
		b.Layer().Kind, b.Layer().CountKey = data.KindIncident, "n"
		p := orb.Point{1.7, 50.9}
		mustAdd(t, b, data.Feature{Geometry: p, Props: []data.Property{{Key: "n", Value: data.Number(1)}}})
		mustAdd(t, b, data.Feature{Geometry: p, Props: []data.Property{{Key: "n", Value: data.Number(50)}}})
		sc.Layers = append(sc.Layers, LayerView{Layer: b.Build(), Style: style.Style{Visible: true}})
		x, y := vp.Transform().Project(p)
		h, ok := sc.Identify(vp, x, y, 2)
		if !ok || h.Layer != 5 || h.Feature != 0 {
			t.Errorf("Identify = %+v %v, want the small dot (feature 0)", h, ok)
		}
	})
}

func TestGoldenCounted(t *testing.T) {
	sc, vp := countedScene(t, true)
	checkGolden(t, "synthetic_counts.png", Render(sc, vp))
}

// countedDense builds n incidents like denseLayer's, with heavy-tailed
// counts (most 1, a few in the hundreds) under "dead".
func countedDense(tb testing.TB, n int) *data.Layer {
	tb.Helper()
	src := denseLayer(tb, n)
	b := data.NewBuilder("counted", n)
	b.Layer().Kind, b.Layer().CountKey = data.KindIncident, "dead"
	for i := range n {
		c := math.Floor(1 / (1 - float64((i*7919)%1000)/1000.5))
		props := append(src.Props(i), data.Property{Key: "dead", Value: data.Number(c)})
		mustAdd(tb, b, data.Feature{Geometry: src.Anchor(i), Span: src.Span(i), Props: props})
	}
	return b.Build()
}

func TestSizedBandsDrawTheSameAsOnePass(t *testing.T) {
	assertBandsMatchOnePass(t, countedDense(t, 40000), 10)
}

func BenchmarkFrameCounted40k(b *testing.B) {
	l := countedDense(b, 40000)
	sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true}}}, Window: data.Undated}
	dst := image1600()
	Draw(dst, sc, denseView)
	b.ReportAllocs()
	for b.Loop() {
		Draw(dst, sc, denseView)
	}
}
