package render

import (
	"bytes"
	"fmt"
	"image"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// catLayer has n incidents spread over a small box, one an hour from 20
// July 2015, in three categories, with a "source" property.
func catLayer(tb testing.TB, n int) *data.Layer {
	tb.Helper()
	b := data.NewBuilder("incidents", n)
	b.Layer().Kind = data.KindIncident
	t0 := time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC)
	for i := range n {
		mustAdd(tb, b, data.Feature{
			Geometry: orb.Point{1.80 + 0.1*float64(i%97)/97, 50.92 + 0.05*float64(i%89)/89},
			Span:     data.Instant(t0.Add(time.Duration(i) * time.Hour)),
			Props: []data.Property{
				{Key: "category", Value: data.Text([]string{"fire", "injury", "intrusion"}[i%3])},
				{Key: "source", Value: data.Text([]string{"press", "ngo"}[i%2])},
			},
		})
	}
	return b.Build()
}

func TestCategoryFilter(t *testing.T) {
	l := catLayer(t, 3000)
	vp := geo.Fit(orb.Bound{Min: orb.Point{1.79, 50.91}, Max: orb.Point{1.91, 50.98}}, 400, 300, 4, 18)
	t0 := time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC).UnixMilli()
	cases := []struct {
		name   string
		window data.Span
		hidden []bool
		filter *style.Filter
		shown  int
	}{
		{"all", data.Undated, nil, nil, 3000},
		{"no fire", data.Undated, []bool{false, true}, nil, 2000},
		{"only intrusion", data.Undated, []bool{true, true, true, false}, nil, 1000},
		{"narrow window", data.Span{Start: t0, End: t0 + 24*3600e3 - 1}, nil, nil, 24},
		// A narrow window takes the time index path of drawPoints.
		{"narrow window, no fire", data.Span{Start: t0, End: t0 + 24*3600e3 - 1}, []bool{false, true}, nil, 16},
		{"no press", data.Undated, nil, &style.Filter{Key: "source", Hidden: style.SetOf("press")}, 1500},
		{"no press, no fire, one day", data.Span{Start: t0, End: t0 + 24*3600e3 - 1}, []bool{false, true}, &style.Filter{Key: "source", Hidden: style.SetOf("press")}, 8},
	}
	base := &Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true}}}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc := &Scene{Window: tc.window, Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true, Hidden: hiddenOf(l, tc.hidden), Filter: tc.filter}}}}
			shown, _, _ := sc.Counts(0)
			if shown != tc.shown {
				t.Errorf("Counts shows %d, want %d", shown, tc.shown)
			}
			if tc.hidden != nil || tc.filter != nil {
				all := Render(&Scene{Window: tc.window, Layers: base.Layers}, vp)
				if bytes.Equal(all.Pix, Render(sc, vp).Pix) {
					t.Error("the filter did not change the frame")
				}
			}
			keep := func(i int) bool {
				return sc.Layers[0].Keep(i) && (!tc.window.Dated() || l.Span(i).Overlaps(tc.window))
			}
			// Shows, the predicate lists use, keeps what Counts counts.
			n, shows := 0, sc.Shows(l)
			for i := range l.Len() {
				if shows == nil || shows(i) {
					n++
					if !keep(i) {
						t.Fatalf("Shows keeps hidden feature %d", i)
					}
				}
			}
			if n != tc.shown {
				t.Errorf("Shows keeps %d, want %d", n, tc.shown)
			}
			// Identify never returns a hidden feature.
			for x := 0; x < vp.W; x += 7 {
				for y := 0; y < vp.H; y += 7 {
					if hit, ok := sc.Identify(vp, float64(x), float64(y), 3); ok && !keep(hit.Feature) {
						t.Fatalf("Identify returned hidden feature %d", hit.Feature)
					}
				}
			}
		})
	}
}

// TestCategoryFilterPixels draws well-spaced dots and checks each one's
// centre: its category colour when kept, the empty map when hidden, on
// both paths of drawPoints (walking the view, or the window's features).
func TestCategoryFilterPixels(t *testing.T) {
	const n = 40
	b := data.NewBuilder("sparse", n)
	b.Layer().Kind = data.KindIncident
	t0 := time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC)
	for i := range n {
		mustAdd(t, b, data.Feature{Geometry: orb.Point{1.80 + 0.02*float64(i%8), 50.90 + 0.02*float64(i/8)},
			Span:  data.Instant(t0.Add(time.Duration(i) * time.Hour)),
			Props: []data.Property{{Key: "category", Value: data.Text([]string{"fire", "injury", "intrusion"}[i%3])}}})
	}
	l := b.Build()
	vp := geo.Fit(l.Bounds(), 480, 360, 40, 16)
	empty := Render(&Scene{}, vp)
	for _, tc := range []struct {
		name   string
		window data.Span
	}{{"view path", data.Undated}, {"window path", data.Span{Start: t0.UnixMilli(), End: t0.UnixMilli() + 5*3600e3}}} {
		t.Run(tc.name, func(t *testing.T) {
			sc := &Scene{Window: tc.window, Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true, Hidden: hiddenOf(l, []bool{false, false, true})}}}}
			img := Render(sc, vp)
			for i := range n {
				x, y := vp.Project(l.Anchor(i))
				px := img.RGBAAt(int(x), int(y))
				shown := l.Category(i) != "injury" && (!tc.window.Dated() || l.Span(i).Overlaps(tc.window))
				if shown {
					want := sc.Layers[0].FeatureColor(i)
					near := func(a, b uint8) bool { return int(a)-int(b) <= 32 && int(b)-int(a) <= 32 }
					if !near(px.R, want.R) || !near(px.G, want.G) || !near(px.B, want.B) {
						t.Errorf("kept feature %d (%s) drawn %v, want %v", i, l.Category(i), px, want)
					}
				} else if px != empty.RGBAAt(int(x), int(y)) {
					t.Errorf("hidden feature %d (%s) drawn: %v", i, l.Category(i), px)
				}
			}
		})
	}
}

func TestWindowCaption(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, m time.Month, d, h int) int64 { return time.Date(y, m, d, h, 0, 0, 0, paris).UnixMilli() }
	cases := []struct {
		name string
		sc   *Scene
		want string
	}{
		{"nil", nil, "All dates"},
		{"undated", &Scene{Window: data.Undated}, "All dates"},
		{"days", &Scene{Zone: paris, Window: data.Span{Start: at(2015, 7, 28, 0), End: at(2015, 8, 4, 0) - 1}}, "2015-07-28 – 2015-08-03 (Europe/Paris)"},
		{"one day", &Scene{Zone: paris, Window: data.Span{Start: at(2015, 7, 28, 0), End: at(2015, 7, 29, 0) - 1}}, "Tue 2015-07-28 (Europe/Paris)"},
		{"hours across DST", &Scene{Zone: paris, Window: data.Span{Start: at(2015, 10, 25, 1), End: at(2015, 10, 25, 4) - 1}}, "2015-10-25 01:00 CEST – 2015-10-25 03:59 CET (Europe/Paris)"},
		{"inside", &Scene{Inside: true, Window: data.Span{Start: 0, End: 86400e3 - 1}}, "Thu 1970-01-01 (UTC, wholly inside)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := WindowCaption(tc.sc); got != tc.want {
				t.Errorf("WindowCaption = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDrawCaption(t *testing.T) {
	l := catLayer(t, 30)
	sc := &Scene{Window: data.Undated, Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true, Hidden: hiddenOf(l, []bool{false, false, true})}}}}
	vp := geo.Fit(l.Bounds(), 480, 320, 8, 16)
	a := Render(sc, vp)
	b := Render(sc, vp)
	DrawCaption(a, sc, vp, "2015-07-28 – 2015-08-03 (Europe/Paris)")
	DrawCaption(b, sc, vp, "2015-07-29 – 2015-08-04 (Europe/Paris)")
	capBox := image.Rect(0, 0, 240, 30)
	if diffImages(a.SubImage(capBox).(*image.RGBA), b.SubImage(capBox).(*image.RGBA), 0) == 0 {
		t.Error("two captions drew the same pixels")
	}
	checkGolden(t, "caption.png", a)
	// No panic on empty or tiny frames.
	for _, r := range []image.Rectangle{{}, image.Rect(0, 0, 1, 1), image.Rect(0, 0, 30, 5)} {
		img := image.NewRGBA(r)
		DrawCaption(img, sc, geo.Fit(l.Bounds(), r.Dx(), r.Dy(), 0, 16), fmt.Sprint(r))
	}
	DrawCaption(nil, nil, vp, "x")
}
