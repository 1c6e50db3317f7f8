package render

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/style"
	"campmap/geo"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// day returns the span of one day of July 2015.
func day(d int) data.Span {
	t := time.Date(2015, 7, d, 0, 0, 0, 0, time.UTC)
	return data.SpanOf(t, t.Add(24*time.Hour-time.Millisecond))
}

// july returns the window of days [from, to] of July 2015.
func july(from, to int) data.Span {
	return data.Span{Start: day(from).Start, End: day(to).End}
}

// mustAdd adds f; a zero Span (the Unix epoch instant) is taken to mean
// undated, as the fixtures never mean 1970.
func mustAdd(tb testing.TB, b *data.Builder, f data.Feature) {
	tb.Helper()
	if f.Span == (data.Span{}) {
		f.Span = data.Undated
	}
	if err := b.Add(f); err != nil {
		tb.Fatal(err)
	}
}

func named(name string, extra ...data.Property) []data.Property {
	return append([]data.Property{{Key: "name", Value: data.Text(name)}}, extra...)
}

// synthBasemap is one land polygon (the south-east of the view) with a
// lake, a border and a river.
func synthBasemap() *basemap.Basemap {
	land := orb.Polygon{
		{{1.2, 50.70}, {2.2, 50.70}, {2.2, 51.02}, {1.9, 50.99}, {1.7, 50.95}, {1.55, 50.93}, {1.45, 50.86}, {1.2, 50.84}, {1.2, 50.70}},
	}
	lake := orb.Polygon{{{1.95, 50.80}, {2.02, 50.80}, {2.02, 50.84}, {1.95, 50.84}, {1.95, 50.80}}}
	return &basemap.Basemap{
		Levels: []basemap.Level{{
			Name: "synthetic", MinZoom: 0, MaxZoom: 21,
			Land:    []orb.Polygon{land},
			Lakes:   []orb.Polygon{lake},
			Coast:   []orb.LineString{{{2.2, 51.02}, {1.9, 50.99}, {1.7, 50.95}, {1.55, 50.93}, {1.45, 50.86}, {1.2, 50.84}}},
			Borders: []orb.LineString{{{1.8, 50.70}, {1.82, 50.80}, {1.86, 50.97}}},
			Rivers:  []orb.LineString{{{1.5, 50.72}, {1.55, 50.80}, {1.6, 50.86}, {1.62, 50.93}}},
		}},
		Credits: []string{"Synthetic land"},
	}
}

type synthLayers struct {
	camps, routes, ports, terminals, incidents *data.Layer
}

func synthData(tb testing.TB) synthLayers {
	tb.Helper()
	var s synthLayers

	b := data.NewBuilder("Camps", 4)
	b.Layer().Kind, b.Layer().Source = data.KindCamp, "Synthetic camps"
	mustAdd(tb, b, data.Feature{Geometry: orb.Polygon{
		{{1.80, 50.88}, {1.86, 50.88}, {1.87, 50.92}, {1.81, 50.93}, {1.80, 50.88}},
		{{1.83, 50.895}, {1.845, 50.895}, {1.845, 50.905}, {1.83, 50.905}, {1.83, 50.895}}, // a hole
	}, Props: named("Camp Alpha")})
	mustAdd(tb, b, data.Feature{Geometry: orb.Point{1.95, 50.90}, Props: named("Camp Bravo")})
	s.camps = b.Build()

	b = data.NewBuilder("Routes", 4)
	b.Layer().Kind, b.Layer().Source = data.KindRoute, "Synthetic routes"
	mustAdd(tb, b, data.Feature{Geometry: orb.LineString{{1.72, 50.965}, {1.6, 51.05}, {1.45, 51.12}}, Props: named("North ferry", data.Property{Key: "route_type", Value: data.Text("ferry")})})
	mustAdd(tb, b, data.Feature{Geometry: orb.LineString{{1.3, 50.75}, {1.6, 50.82}, {1.9, 50.86}, {2.15, 50.95}}, Props: named("A99", data.Property{Key: "route_type", Value: data.Text("motorway")})})
	mustAdd(tb, b, data.Feature{Geometry: orb.LineString{{1.35, 50.80}, {1.7, 50.88}, {1.76, 50.94}}, Props: named("Rail link", data.Property{Key: "route_type", Value: data.Text("rail")})})
	s.routes = b.Build()

	b = data.NewBuilder("Ports", 2)
	b.Layer().Kind, b.Layer().Source = data.KindPort, "Synthetic ports"
	mustAdd(tb, b, data.Feature{Geometry: orb.Point{1.72, 50.962}, Props: named("Port North")})
	s.ports = b.Build()

	b = data.NewBuilder("Terminals", 2)
	b.Layer().Kind = data.KindTerminal
	mustAdd(tb, b, data.Feature{Geometry: orb.Point{1.50, 50.83}, Props: named("Terminal West")})
	s.terminals = b.Build()

	// Incidents: three categories in rings around the camp, on days 1..31,
	// plus two undated ones.
	b = data.NewBuilder("Incidents", 200)
	b.Layer().Kind, b.Layer().Source = data.KindIncident, "Synthetic incidents"
	cats := []string{"attempt", "injury", "blockade"}
	for i := 0; i < 150; i++ {
		a := float64(i) * 2.399
		r := 0.004 * math.Sqrt(float64(i))
		p := orb.Point{1.70 + r*math.Cos(a)*1.6, 50.90 + r*math.Sin(a)}
		mustAdd(tb, b, data.Feature{Geometry: p, Span: day(1 + i%31),
			Props: []data.Property{{Key: "category", Value: data.Text(cats[i%3])}}})
	}
	mustAdd(tb, b, data.Feature{Geometry: orb.Point{1.5, 50.78}, Span: data.Undated, Props: []data.Property{{Key: "category", Value: data.Text("injury")}}})
	mustAdd(tb, b, data.Feature{Geometry: orb.Point{1.52, 50.785}, Span: data.Undated})
	s.incidents = b.Build()
	return s
}

func synthScene(tb testing.TB) (*Scene, geo.Viewport) {
	s := synthData(tb)
	sc := &Scene{
		Basemap: synthBasemap(),
		Window:  data.Undated,
		Layers: []LayerView{
			{Layer: s.camps, Style: style.Style{Visible: true}},
			{Layer: s.routes, Style: style.Style{Visible: true}},
			{Layer: s.terminals, Style: style.Style{Visible: true}},
			{Layer: s.ports, Style: style.Style{Visible: true}},
			{Layer: s.incidents, Style: style.Style{Visible: true, Opacity: 0.9}},
		},
		ScaleBar: true, Credits: true, Labels: true,
	}
	return sc, geo.New(orb.Point{1.68, 50.91}, 11, 800, 500)
}

// diffImages returns how many pixels differ by more than tol in any channel.
func diffImages(a, b *image.RGBA, tol int) (n int) {
	if a.Rect != b.Rect {
		return a.Rect.Dx()*a.Rect.Dy() + 1
	}
	for i := 0; i+3 < len(a.Pix); i += 4 {
		for c := 0; c < 4; c++ {
			d := int(a.Pix[i+c]) - int(b.Pix[i+c])
			if d > tol || d < -tol {
				n++
				break
			}
		}
	}
	return n
}

// checkGolden compares img with testdata/name (rewritten with -update): at
// most 0.05% of the pixels may differ by more than 2 levels in a channel.
// A mismatch writes the frame to testdata/failed/name.
func checkGolden(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run go test ./render -update)", path, err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
	want := image.NewRGBA(m.Bounds())
	for y := m.Bounds().Min.Y; y < m.Bounds().Max.Y; y++ {
		for x := m.Bounds().Min.X; x < m.Bounds().Max.X; x++ {
			want.Set(x, y, m.At(x, y))
		}
	}
	bad := diffImages(img, want, 2)
	if limit := img.Rect.Dx() * img.Rect.Dy() / 2000; bad > limit {
		failed := filepath.Join("testdata", "failed", name)
		_ = os.MkdirAll(filepath.Dir(failed), 0o755)
		if out, err := os.Create(failed); err == nil {
			_ = png.Encode(out, img)
			out.Close()
		}
		t.Errorf("%s: %d pixels differ (limit %d); actual frame written to %s", name, bad, limit, failed)
	}
}

func TestGoldenSynthetic(t *testing.T) {
	tests := []struct {
		name   string
		golden string
		edit   func(sc *Scene)
	}{
		{"everything", "synthetic.png", func(*Scene) {}},
		{"time window", "synthetic_window.png", func(sc *Scene) { sc.Window = july(10, 12) }},
		{"incidents hidden, no furniture", "synthetic_hidden.png", func(sc *Scene) {
			sc.Layers[4].Visible = false
			sc.ScaleBar, sc.Credits, sc.Labels = false, false, false
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, vp := synthScene(t)
			tt.edit(sc)
			checkGolden(t, tt.golden, Render(sc, vp))
		})
	}
}

func TestDeterministic(t *testing.T) {
	sc, vp := synthScene(t)
	a, b := Render(sc, vp), Render(sc, vp)
	if !bytes.Equal(a.Pix, b.Pix) {
		t.Fatal("two renders of one scene differ")
	}
}

// pointScene is one incident layer holding the given features over no
// basemap.
func pointScene(tb testing.TB, feats ...data.Feature) *Scene {
	b := data.NewBuilder("points", len(feats))
	b.Layer().Kind = data.KindIncident
	for _, f := range feats {
		mustAdd(tb, b, f)
	}
	return &Scene{Layers: []LayerView{{Layer: b.Build(), Style: style.Style{Visible: true}}}, Window: data.Undated}
}

func TestTimeFilterChangesPixels(t *testing.T) {
	vp := geo.New(orb.Point{1.7, 50.9}, 12, 200, 150)
	empty := Render(&Scene{Window: data.Undated}, vp)
	in := data.Feature{Geometry: orb.Point{1.69, 50.9}, Span: day(11)}
	out := data.Feature{Geometry: orb.Point{1.71, 50.9}, Span: day(20)}
	undated := data.Feature{Geometry: orb.Point{1.70, 50.91}}
	tests := []struct {
		name   string
		feats  []data.Feature
		window data.Span
		inside bool
		drawn  bool
	}{
		{"outside the window is not drawn", []data.Feature{out}, july(10, 12), false, false},
		{"inside the window is drawn", []data.Feature{in}, july(10, 12), false, true},
		{"no window draws everything", []data.Feature{out}, data.Undated, false, true},
		{"undated is always drawn", []data.Feature{undated}, july(1, 2), false, true},
		{"overlap is enough without Inside", []data.Feature{{Geometry: in.Geometry, Span: july(9, 11)}}, july(10, 12), false, true},
		{"Inside needs the whole span", []data.Feature{{Geometry: in.Geometry, Span: july(9, 11)}}, july(10, 12), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := pointScene(t, tt.feats...)
			sc.Window, sc.Inside = tt.window, tt.inside
			got := Render(sc, vp)
			drawn := diffImages(got, empty, 0) > 0
			if drawn != tt.drawn {
				t.Errorf("drawn = %v, want %v", drawn, tt.drawn)
			}
		})
	}
}

func TestHidingALayerChangesTheFrame(t *testing.T) {
	sc, vp := synthScene(t)
	all := Render(sc, vp)
	for i := range sc.Layers {
		t.Run(sc.Layers[i].Layer.Name, func(t *testing.T) {
			sc, vp := synthScene(t)
			sc.Layers[i].Visible = false
			if diffImages(Render(sc, vp), all, 0) == 0 {
				t.Errorf("hiding layer %d changed nothing", i)
			}
		})
	}
}

func TestIdentify(t *testing.T) {
	sc, vp := synthScene(t)
	s := synthData(t)
	_ = s
	tr := vp.Transform()
	at := func(p orb.Point) (float64, float64) { return tr.Project(p) }
	const (
		camps, routes, terminals, ports, incidents = 0, 1, 2, 3, 4
	)
	tests := []struct {
		name    string
		edit    func(*Scene)
		p       orb.Point
		dx, dy  float64
		radius  float64
		want    Hit
		wantHit bool
	}{
		{name: "point", p: orb.Point{1.95, 50.90}, dx: 3, radius: 5, want: Hit{Layer: camps, Feature: 1}, wantHit: true},
		{name: "port symbol edge", p: orb.Point{1.72, 50.962}, dx: 12, radius: 4, want: Hit{Layer: ports, Feature: 0}, wantHit: true},
		{name: "line", p: orb.Point{1.9, 50.86}, dy: 4, radius: 5, want: Hit{Layer: routes, Feature: 1}, wantHit: true},
		{name: "polygon inside", p: orb.Point{1.855, 50.91}, radius: 3, want: Hit{Layer: camps, Feature: 0}, wantHit: true},
		{name: "polygon hole is not inside", p: orb.Point{1.8375, 50.90}, radius: 3, wantHit: false},
		{name: "nothing outside the radius", p: orb.Point{1.3, 51.1}, radius: 8, wantHit: false},
		{name: "incident on top of the camp polygon", p: orb.Point{1.70, 50.90}, radius: 3, want: Hit{Layer: incidents, Feature: 0}, wantHit: true},
		{name: "window hides the incident, undated one stays", edit: func(sc *Scene) { sc.Window = july(20, 20) },
			p: orb.Point{1.52, 50.785}, radius: 3, want: Hit{Layer: incidents, Feature: 151}, wantHit: true},
		{name: "window hides a dated incident", edit: func(sc *Scene) { sc.Window = july(20, 20) },
			p: orb.Point{1.70, 50.90}, radius: 2, wantHit: false},
		{name: "hidden layer is skipped", edit: func(sc *Scene) { sc.Layers[ports].Visible = false },
			p: orb.Point{1.72, 50.962}, radius: 8, want: Hit{Layer: routes, Feature: 0}, wantHit: true},
		{name: "topmost layer wins", edit: func(sc *Scene) {
			sc.Layers[terminals], sc.Layers[camps] = sc.Layers[camps], sc.Layers[terminals]
		}, p: orb.Point{1.50, 50.83}, radius: 2, want: Hit{Layer: camps, Feature: 0}, wantHit: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, vp := synthScene(t)
			if tt.edit != nil {
				tt.edit(sc)
			}
			x, y := at(tt.p)
			got, ok := sc.Identify(vp, x+tt.dx, y+tt.dy, tt.radius)
			if ok != tt.wantHit || (ok && got != tt.want) {
				t.Errorf("Identify = %+v %v, want %+v %v", got, ok, tt.want, tt.wantHit)
			}
		})
	}
	_ = sc
}

func TestCounts(t *testing.T) {
	sc, _ := synthScene(t)
	if s, d, u := sc.Counts(4); s != 152 || d != 150 || u != 2 {
		t.Errorf("no window: Counts = %d %d %d", s, d, u)
	}
	sc.Window = july(10, 12)
	// Days 10..12 hold i%31 in 9..11: 15 dated incidents of 150, plus 2 undated.
	if s, _, _ := sc.Counts(4); s != 15+2 {
		t.Errorf("window: shown = %d, want 17", s)
	}
	if s, d, u := sc.Counts(99); s+d+u != 0 {
		t.Error("out of range layer counted")
	}
}

func TestScaleBarMatchesGeodesicDistance(t *testing.T) {
	for _, c := range []struct {
		lat, zoom float64
		w         int
	}{{50.95, 11, 800}, {0, 5, 400}, {60, 14, 1600}, {-33.9, 8, 1000}, {78, 3, 600}} {
		t.Run(fmt.Sprintf("lat %g zoom %g", c.lat, c.zoom), func(t *testing.T) {
			vp := geo.New(orb.Point{10, c.lat}, c.zoom, c.w, 600)
			sb := ScaleBar(vp, 160)
			if sb.Meters <= 0 || sb.Pixels <= 0 || sb.Pixels > 160 || sb.Pixels < 160/5.0 {
				t.Fatalf("ScaleBar = %+v", sb)
			}
			tr := vp.Transform()
			cx, cy := float64(vp.W)/2, float64(vp.H)/2
			a := tr.Unproject(cx-sb.Pixels/2, cy)
			b := tr.Unproject(cx+sb.Pixels/2, cy)
			d := geo.Distance(a, b)
			if math.Abs(d-sb.Meters)/sb.Meters > 0.01 {
				t.Errorf("bar of %s spans %.1f m on the ground", sb.Label, d)
			}
		})
	}
	if sb := ScaleBar(geo.Viewport{}, 0); sb != (ScaleBarSpec{}) {
		t.Errorf("zero width bar = %+v", sb)
	}
}

func TestFormatDistance(t *testing.T) {
	for m, want := range map[float64]string{0.5: "50 cm", 5: "5 m", 500: "500 m", 1000: "1 km", 2500: "2.5 km", 5e6: "5000 km", 2e7: "20,000 km"} {
		if got := FormatDistance(m); got != want {
			t.Errorf("FormatDistance(%g) = %q, want %q", m, got, want)
		}
	}
}

func TestCreditLine(t *testing.T) {
	sc, _ := synthScene(t)
	want := "Basemap: Synthetic land · Data: Synthetic camps; Synthetic routes; Synthetic ports; Synthetic incidents"
	if got := sc.CreditLine(); got != want {
		t.Errorf("CreditLine = %q\nwant %q", got, want)
	}
	// A source of several parts is credited part by part, without repeats.
	sc.Layers[0].Layer.Source = "© OpenStreetMap contributors; press reports"
	sc.Layers[1].Layer.Source = "© OpenStreetMap contributors"
	want = "Basemap: Synthetic land · Data: © OpenStreetMap contributors; press reports; Synthetic ports; Synthetic incidents"
	if got := sc.CreditLine(); got != want {
		t.Errorf("CreditLine = %q\nwant %q", got, want)
	}
	if got := PageCredits(sc); strings.Count(got, "OpenStreetMap") != 1 {
		t.Errorf("PageCredits repeats OpenStreetMap: %q", got)
	}
	// In French the embedded data's credits are French too; names stay.
	sc.Lang = "fr"
	want = "Fond de carte : Synthetic land · Données : © les contributeurs d’OpenStreetMap; articles de presse; Synthetic ports; Synthetic incidents"
	if got := sc.CreditLine(); got != want {
		t.Errorf("French CreditLine = %q\nwant %q", got, want)
	}
}

// allFeatures is the "every kind of feature" fixture: empty, degenerate,
// huge, polar, nested and NaN geometries.
func allFeatures() []orb.Geometry {
	nan := math.NaN()
	return []orb.Geometry{
		orb.Point{0, 0}, orb.Point{180, 85}, orb.Point{-180, -90}, orb.Point{0, 90}, orb.Point{1e300, -1e300},
		orb.Point{nan, 1}, orb.Point{math.Inf(1), 0},
		orb.MultiPoint{}, orb.MultiPoint{{1, 1}, {nan, nan}},
		orb.LineString{}, orb.LineString{{1, 1}}, orb.LineString{{1, 1}, {1, 1}}, orb.LineString{{-179, 0}, {179, 0}},
		orb.LineString{{0, -90}, {0, 90}}, orb.LineString{{1, 1}, {nan, 2}, {2, 2}}, orb.LineString{{0, 0}, {1e12, 1e12}},
		orb.MultiLineString{}, orb.MultiLineString{{}, {{0, 0}, {1, 1}}},
		orb.Polygon{}, orb.Polygon{{}}, orb.Polygon{{{0, 0}, {1, 1}}}, orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, {}},
		orb.Polygon{{{-180, -90}, {180, -90}, {180, 90}, {-180, 90}, {-180, -90}}},
		orb.Polygon{{{0, 0}, {1e10, 0}, {0, 1e10}, {0, 0}}},
		orb.Ring{{0, 0}, {1, 0}, {0, 1}, {0, 0}},
		orb.MultiPolygon{}, orb.MultiPolygon{{}, {{{2, 2}, {3, 2}, {3, 3}, {2, 2}}}},
		orb.Collection{}, orb.Collection{orb.Point{1, 2}, orb.Collection{orb.LineString{{0, 0}, {1, 1}}}},
		orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}},
	}
}

func TestNoPanic(t *testing.T) {
	kinds := []data.Kind{data.KindCamp, data.KindRoute, data.KindIncident, data.KindOther}
	var layers []LayerView
	for _, k := range kinds {
		b := data.NewBuilder(k.String(), 0)
		b.Layer().Kind = k
		for i, g := range allFeatures() {
			f := data.Feature{Geometry: g, Props: named(fmt.Sprintf("f%d", i))}
			if i%2 == 0 {
				f.Span = day(1 + i%28)
			}
			if i%2 != 0 {
				f.Span = data.Undated
			}
			_ = b.Add(f) // the builder may refuse some; the rest must draw
		}
		layers = append(layers, LayerView{Layer: b.Build(), Style: style.Style{Visible: true}})
	}
	layers = append(layers, LayerView{Layer: nil, Style: style.Style{Visible: true}}, LayerView{Layer: data.NewBuilder("empty", 0).Build(), Style: style.Style{Visible: true}})
	scenes := map[string]*Scene{
		"nil scene":   nil,
		"empty scene": {},
		"everything":  {Basemap: synthBasemap(), Layers: layers, Window: data.Undated, ScaleBar: true, Credits: true, Labels: true},
		"windowed":    {Basemap: synthBasemap(), Layers: layers, Window: july(1, 3), Inside: true, Labels: true},
		"nil basemap level geometry": {Basemap: &basemap.Basemap{Levels: []basemap.Level{{MaxZoom: 30,
			Land: []orb.Polygon{nil, {}, {{}}}, Borders: []orb.LineString{nil, {{0, 0}}}}}}, Layers: layers, ScaleBar: true},
	}
	vps := map[string]geo.Viewport{
		"0x0":          geo.New(orb.Point{1, 1}, 5, 0, 0),
		"1x1":          geo.New(orb.Point{1, 1}, 5, 1, 1),
		"negative":     {Center: orb.Point{1, 1}, Zoom: 5, W: -10, H: -3},
		"world":        geo.New(orb.Point{0, 0}, 0, 300, 200),
		"deep zoom":    geo.New(orb.Point{0.5, 0.5}, 20, 300, 200),
		"pole":         geo.New(orb.Point{0, 85}, 3, 300, 200),
		"NaN":          {Center: orb.Point{math.NaN(), math.NaN()}, Zoom: math.NaN(), W: 50, H: 50},
		"zoom too far": {Center: orb.Point{1, 1}, Zoom: 1e9, W: 50, H: 50},
		"huge":         {Center: orb.Point{1, 1}, Zoom: 6, W: 1 << 30, H: 1 << 30},
		"tall":         geo.New(orb.Point{1, 1}, 4, 3, 2000),
	}
	for sn, sc := range scenes {
		for vn, vp := range vps {
			t.Run(sn+"/"+vn, func(t *testing.T) {
				img := Render(sc, vp)
				if vn == "huge" && !img.Rect.Empty() {
					t.Errorf("huge viewport allocated %v", img.Rect)
				}
				// A small destination for any viewport.
				Draw(image.NewRGBA(image.Rect(0, 0, 40, 30)), sc, vp)
				// An offset sub-image.
				big := image.NewRGBA(image.Rect(0, 0, 90, 90))
				Draw(big.SubImage(image.Rect(20, 30, 70, 80)).(*image.RGBA), sc, vp)
				Draw(nil, sc, vp)
				// The vector back end, through the same path.
				d := &Drawing{W: 100, H: 100}
				drawVectorFrame(d, sc, vp, 0.75, 2, 3, 0)
				for _, p := range [][2]float64{{0, 0}, {25, 25}, {math.NaN(), 1}, {1e300, -1e300}} {
					sc.Identify(vp, p[0], p[1], 10)
					sc.Identify(vp, p[0], p[1], math.NaN())
				}
			})
		}
	}
}

func TestSubImageDrawsAtItsOrigin(t *testing.T) {
	sc, vp := synthScene(t)
	vp = vp.Resize(100, 80)
	want := Render(sc, vp)
	big := image.NewRGBA(image.Rect(0, 0, 300, 300))
	sub := big.SubImage(image.Rect(50, 60, 150, 140)).(*image.RGBA)
	Draw(sub, sc, vp)
	got := image.NewRGBA(image.Rect(0, 0, 100, 80))
	for y := 0; y < 80; y++ {
		copy(got.Pix[y*got.Stride:(y+1)*got.Stride], sub.Pix[sub.PixOffset(50, 60+y):sub.PixOffset(150, 60+y)])
	}
	if n := diffImages(got, want, 0); n != 0 {
		t.Errorf("%d pixels differ between a sub-image and a whole frame", n)
	}
	// Nothing outside the sub-image is touched.
	if c := big.RGBAAt(10, 10); c.A != 0 {
		t.Errorf("pixel outside the sub-image written: %v", c)
	}
}

func TestOverMatchesDiv255(t *testing.T) {
	for ia := uint32(0); ia < 256; ia += 3 {
		for v := uint32(0); v < 256; v++ {
			dp := v | (255-v)<<8 | (v/2)<<16 | (v/3+80)<<24
			got := over(dp, ia)
			for c := 0; c < 4; c++ {
				ch := dp >> (8 * c) & 0xff
				if want := uint32(div255(ch * ia)); got>>(8*c)&0xff != want {
					t.Fatalf("over(%#x, %d) channel %d = %d, want %d", dp, ia, c, got>>(8*c)&0xff, want)
				}
			}
		}
	}
}

func TestWrapCredits(t *testing.T) {
	width := func(s string) int { return len(s) }
	text := "Basemap: A; B · Data: C long source; D"
	tests := []struct {
		maxW, maxLines int
		want           []string
	}{
		{100, 3, []string{text}},
		{22, 3, []string{"Basemap: A; B ·", "Data: C long source;", "D"}},
		{22, 2, []string{"Basemap: A; B ·", "Data: C long source; D"}},
		{5, 1, []string{text}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%d", tt.maxW, tt.maxLines), func(t *testing.T) {
			got := wrapCredits(text, width, tt.maxW, tt.maxLines)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGoldenSample(t *testing.T) {
	sc, vp := sampleScene(t)
	checkGolden(t, "sample_calais.png", Render(sc, vp))
}

func TestConcurrentDrawsAgree(t *testing.T) {
	sc, vp := synthScene(t)
	want := Render(sc, vp)
	errs := make(chan error, 4)
	for g := 0; g < 4; g++ {
		go func() {
			got := Render(sc, vp)
			sc.Identify(vp, 400, 250, 10)
			if !bytes.Equal(got.Pix, want.Pix) {
				errs <- fmt.Errorf("a concurrent frame differs")
				return
			}
			errs <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestIdentifySymbolUnderRoadAbove: a click on a camp's drawn symbol finds
// the camp even when a road on a layer above passes within the radius (the
// Basroch camp beside the A16); a click only near both finds the nearer.
func TestIdentifySymbolUnderRoadAbove(t *testing.T) {
	sc, vp := synthScene(t)
	tr := vp.Transform()
	camp := orb.Point{1.95, 50.90} // camps layer, feature 1: a point with a symbol
	cx, cy := tr.Project(camp)
	// A road 7 px north of the camp's centre, on a new layer above everything.
	west, east := tr.Unproject(cx-100, cy-7), tr.Unproject(cx+100, cy-7)
	b := data.NewBuilder("road", 1)
	b.Layer().Kind = data.KindRoute
	if err := b.Add(data.Feature{Geometry: orb.LineString{west, east}, Span: data.Undated,
		Props: []data.Property{{Key: "route_type", Value: data.Text("motorway")}}}); err != nil {
		t.Fatal(err)
	}
	sc.Layers = append(sc.Layers, LayerView{Layer: b.Build(), Style: style.Style{Visible: true, Opacity: 1}})
	road := len(sc.Layers) - 1

	if h, ok := sc.Identify(vp, cx, cy, 8); !ok || h != (Hit{Layer: 0, Feature: 1}) {
		t.Errorf("click on the camp symbol: %+v %v, want the camp", h, ok)
	}
	if h, ok := sc.Identify(vp, cx+60, cy-7, 8); !ok || h.Layer != road {
		t.Errorf("click on the road: %+v %v, want the road", h, ok)
	}
}
