package render

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/sample"
	"campmap/geo"
)

func sampleSceneForPage(t *testing.T) *Scene {
	t.Helper()
	bm, err := basemap.Default()
	if err != nil {
		t.Fatal(err)
	}
	ls, err := sample.Layers()
	if err != nil {
		t.Fatal(err)
	}
	return NewScene(bm, ls)
}

// TestVectorMatchesRaster draws one viewport through the raster canvas and
// through the vector recorder (rasterised again) and compares them: the
// two back ends of the one drawing path must show the same map.
func TestVectorMatchesRaster(t *testing.T) {
	sc := sampleSceneForPage(t)
	sc.ScaleBar, sc.Credits = false, false
	for _, tc := range []struct {
		name string
		vp   geo.Viewport
	}{
		{"calais", geo.Fit(sample.Bounds(), 640, 420, 0, geo.MaxZoom)},
		{"jungle close", geo.New([2]float64{1.86, 50.965}, 14, 500, 400)},
		{"channel", geo.New([2]float64{1.5, 50.9}, 8, 400, 300)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := Render(sc, tc.vp)
			d := &Drawing{W: float64(tc.vp.W), H: float64(tc.vp.H)}
			drawVectorFrame(d, sc, tc.vp, 1, 0, 0, 0)
			got := d.Rasterize(1)
			if got.Rect != want.Rect {
				t.Fatalf("size %v, want %v", got.Rect, want.Rect)
			}
			if diff := meanAbsDiff(got, want); diff > 3 {
				t.Errorf("vector and raster frames differ by %.2f per channel", diff)
			}
			if len(d.Ops) < 50 {
				t.Errorf("only %d operations recorded", len(d.Ops))
			}
		})
	}
}

func meanAbsDiff(a, b *image.RGBA) float64 {
	sum := 0.0
	for i := range a.Pix {
		sum += math.Abs(float64(a.Pix[i]) - float64(b.Pix[i]))
	}
	return sum / float64(len(a.Pix))
}

func TestDrawPageLayout(t *testing.T) {
	sc := sampleSceneForPage(t)
	for _, name := range PageNames() {
		t.Run(name, func(t *testing.T) {
			ps, _ := ParsePageSize(name)
			d := DrawPage(sc, sample.Bounds(), PageOptions{Size: ps, Title: "T", Label: "Confidential", Date: "2015-09-01"})
			if d.W != ps.W || d.H != ps.H {
				t.Errorf("drawing %vx%v", d.W, d.H)
			}
			m := d.Layout.Map
			if m[0] < 20 || m[1] < 40 || m[2] > ps.W-20 || m[3] > ps.H-40 || m[2]-m[0] < 300 {
				t.Errorf("map box %v on %vx%v", m, ps.W, ps.H)
			}
			if d.Layout.ScaleBarPt <= 0 || d.Layout.InsetRect == [4]float64{} || d.Layout.NorthArrowPos == (Point{}) {
				t.Errorf("furniture missing: %+v", d.Layout)
			}
			var texts []string
			for _, op := range d.Ops {
				if op.Kind == OpText {
					texts = append(texts, op.Text.S)
				}
			}
			all := strings.Join(texts, "|")
			for _, w := range []string{"CONFIDENTIAL", "Legend", "Camps (3)", "2015-09-01"} {
				if !strings.Contains(all, w) {
					t.Errorf("no text %q", w)
				}
			}
		})
	}
	ps, _ := ParsePageSize("a4-landscape")
	d := DrawPage(sc, sample.Bounds(), PageOptions{Size: ps, NoLegend: true, NoScaleBar: true, NoNorth: true, NoInset: true})
	if len(d.Layout.Legend) > 0 || d.Layout.ScaleBarPt > 0 || d.Layout.InsetRect != [4]float64{} || d.Layout.NorthArrowPos != (Point{}) {
		t.Errorf("furniture drawn when turned off: %+v", d.Layout)
	}
}

func TestTimeCaption(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2015, 7, 1, 0, 0, 0, 0, paris)
	end := time.Date(2015, 8, 31, 23, 59, 59, 0, paris)
	for _, tc := range []struct {
		name string
		sc   *Scene
		want string
	}{
		{"none", &Scene{Window: data.Undated}, "Time window: all dates"},
		{"paris", &Scene{Window: data.SpanOf(start, end), Zone: paris}, "Time window: 2015-07-01 00:00 – 2015-08-31 23:59 (Europe/Paris, UTC+02:00)"},
		{"utc", &Scene{Window: data.SpanOf(start, end)}, "Time window: 2015-06-30 22:00 – 2015-08-31 21:59 (UTC, UTC+00:00)"},
		{"open end", &Scene{Window: data.Span{Start: start.UnixMilli(), End: math.MaxInt64}, Zone: paris}, "Time window: 2015-07-01 00:00 – … (Europe/Paris, UTC+02:00)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := TimeCaption(tc.sc); got != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestPageCredits(t *testing.T) {
	iom := data.NewBuilder("Missing migrants", 0).Build()
	iom.Source = "IOM Missing Migrants Project"
	osm := data.NewBuilder("Roads", 0).Build()
	osm.Source = "OpenStreetMap extract"
	bm := &basemap.Basemap{Credits: []string{"Natural Earth", "GSHHG, Wessel & Smith"}}
	sc := NewScene(bm, []*data.Layer{iom, osm})
	got := PageCredits(sc)
	for _, w := range []string{"Natural Earth", "GSHHG, Wessel & Smith", "IOM Missing Migrants Project", "© OpenStreetMap contributors", "OpenStreetMap extract"} {
		if !strings.Contains(got, w) {
			t.Errorf("credits %q lack %q", got, w)
		}
	}
	if strings.Count(got, "IOM Missing Migrants Project") != 1 {
		t.Errorf("repeated credit: %q", got)
	}
	sc.Layers[1].Visible = false
	if strings.Contains(PageCredits(sc), "OpenStreetMap") {
		t.Error("a hidden layer is credited")
	}
}

// A page outlines the scene's selection through the one drawing path: a
// dashed stroke in the recorded Drawing (which PDF and SVG replay) where
// the ring lies on the page, and pixels changed there once rasterised
// (PNG), inside left as it was.
func TestPageOutlinesTheSelection(t *testing.T) {
	sc := sampleSceneForPage(t)
	ps, _ := ParsePageSize("a4-landscape")
	opt := PageOptions{Size: ps, Title: "T", Date: "2015-09-01", NoLegend: true, NoInset: true}
	plain := DrawPage(sc, sample.Bounds(), opt)
	sel := *sc
	sel.Selection = orb.Ring{{1.70, 50.93}, {1.95, 50.93}, {1.95, 51.02}, {1.70, 51.02}}
	d := DrawPage(&sel, sample.Bounds(), opt)
	dashed := func(d *Drawing) (n int, on [][]Point) {
		for _, op := range d.Ops {
			if op.Kind == OpStroke && op.Stroke.Dash != nil && op.Color == (color.NRGBA{0x22, 0x22, 0x22, 0xff}) {
				n++
				on = append(on, op.Paths...)
			}
		}
		return n, on
	}
	if n, _ := dashed(plain); n != 0 {
		t.Fatalf("a page without a selection has %d dark dashed strokes", n)
	}
	n, paths := dashed(d)
	if n == 0 {
		t.Fatal("the selection is not recorded on the page")
	}
	// the ring's south side, on the page
	lay := d.Layout
	onPage := func(p orb.Point) Point {
		x, y := lay.Viewport.Project(p)
		return Point{lay.Map[0] + x*lay.PtPerPx, lay.Map[1] + y*lay.PtPerPx}
	}
	south := onPage(orb.Point{1.80, 50.93})
	near := false
	for _, path := range paths {
		for _, q := range path {
			if math.Abs(q.Y-south.Y) < 1 && q.X > onPage(orb.Point{1.70, 50.93}).X-1 && q.X < onPage(orb.Point{1.95, 50.93}).X+1 {
				near = true
			}
		}
	}
	if !near {
		t.Errorf("no point of the dashed outline on the ring's south side (y %.1f pt)", south.Y)
	}
	const k = 2 // pixels per point
	a, b := plain.Rasterize(k), d.Rasterize(k)
	changed := func(p Point) bool {
		x, y := int(p.X*k), int(p.Y*k)
		for dy := -2; dy <= 2; dy++ {
			for dx := -2; dx <= 2; dx++ {
				if a.RGBAAt(x+dx, y+dy) != b.RGBAAt(x+dx, y+dy) {
					return true
				}
			}
		}
		return false
	}
	if !changed(south) {
		t.Error("the rasterised page does not show the selection's outline")
	}
	if changed(onPage(orb.Point{1.825, 50.975})) {
		t.Error("the selection is filled on the page, not outlined")
	}
}
