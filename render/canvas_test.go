package render

import (
	"image"
	"image/color"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

var red = color.NRGBA{0xff, 0, 0, 0xff}

func blank(w, h int) (*image.RGBA, *canvas) {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	return img, newCanvas(img, w, h)
}

func isRed(img *image.RGBA, x, y int) bool {
	c := img.RGBAAt(x, y)
	return c.R > 200 && c.G < 50 && c.A > 200
}

func TestFillClipsHugeAndOrientsHoles(t *testing.T) {
	tests := []struct {
		name  string
		rings [][]pt
		sign  []int
		red   []image.Point
		clear []image.Point
	}{
		{"square far larger than the frame", [][]pt{{{-1e9, -1e9}, {1e9, -1e9}, {1e9, 1e9}, {-1e9, 1e9}}}, []int{-1},
			[]image.Point{{0, 0}, {50, 50}, {99, 99}}, nil},
		{"hole with the outline's winding still cuts", [][]pt{
			{{10, 10}, {90, 10}, {90, 90}, {10, 90}},
			{{40, 40}, {60, 40}, {60, 60}, {40, 60}}}, []int{-1, 1},
			[]image.Point{{20, 20}, {80, 80}}, []image.Point{{50, 50}}},
		{"NaN vertex is dropped", [][]pt{{{10, 10}, {90, 10}, {nan(), 5}, {90, 90}, {10, 90}}}, []int{-1},
			[]image.Point{{50, 50}}, nil},
		{"off-frame shape draws nothing", [][]pt{{{200, 200}, {300, 200}, {300, 300}}}, []int{-1},
			nil, []image.Point{{99, 99}, {0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img, c := blank(100, 100)
			defer c.release()
			for i, r := range tt.rings {
				c.addRing(r, tt.sign[i])
			}
			c.fill(red)
			for _, p := range tt.red {
				if !isRed(img, p.X, p.Y) {
					t.Errorf("%v not filled: %v", p, img.RGBAAt(p.X, p.Y))
				}
			}
			for _, p := range tt.clear {
				if img.RGBAAt(p.X, p.Y).A != 0 {
					t.Errorf("%v filled: %v", p, img.RGBAAt(p.X, p.Y))
				}
			}
		})
	}
}

func nan() float64 { var z float64; return z / z }

func TestDashesAlternateAndKeepPhaseAcrossClips(t *testing.T) {
	img, c := blank(200, 20)
	defer c.release()
	// A horizontal line starting far to the left: 10 on, 10 off from x=-1e6,
	// so on pixels are those with (x + 1e6) mod 20 < 10.
	c.strokeLine([]pt{{-1e6, 10}, {1e6, 10}}, stroke{width: 3, dash: []float64{10, 10}})
	c.fill(red)
	for x := 2; x < 198; x++ {
		phase := (x + 1_000_000) % 20
		if phase == 0 || phase == 9 || phase == 10 || phase == 19 {
			continue // anti-aliased ends
		}
		want := phase < 10
		if got := isRed(img, x, 10); got != want {
			t.Fatalf("x=%d: dashed = %v, want %v", x, got, want)
		}
	}
}

func TestThickStrokeCoversItsWidth(t *testing.T) {
	img, c := blank(100, 100)
	defer c.release()
	c.strokeLine([]pt{{10, 50}, {50, 50}, {50, 90}}, stroke{width: 8, round: true})
	c.fill(red)
	for _, p := range []image.Point{{20, 47}, {20, 53}, {50, 50}, {53, 70}, {47, 70}} {
		if !isRed(img, p.X, p.Y) {
			t.Errorf("%v not covered", p)
		}
	}
	for _, p := range []image.Point{{20, 44}, {20, 56}, {60, 70}} {
		if img.RGBAAt(p.X, p.Y).A != 0 {
			t.Errorf("%v covered", p)
		}
	}
}

func TestRouteTypeOf(t *testing.T) {
	for v, want := range map[string]RouteType{
		"motorway": RouteMotorway, "A16 Motorway": RouteMotorway, "rail": RouteRail, "railway": RouteRail,
		"ferry": RouteFerry, "Ferry route": RouteFerry, "tunnel": RouteTunnel, "rail tunnel": RouteTunnel,
		"footpath": RoutePath, "road": RouteRoad, "primary": RouteRoad, "": RouteOther, "canal": RouteOther,
	} {
		if got := RouteTypeOf(v); got != want {
			t.Errorf("RouteTypeOf(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestColours(t *testing.T) {
	b := data.NewBuilder("x", 2)
	b.Layer().Kind = data.KindIncident
	mustAdd(t, b, data.Feature{Geometry: orb.Point{1, 1}, Props: []data.Property{{Key: "category", Value: data.Text("b")}}})
	mustAdd(t, b, data.Feature{Geometry: orb.Point{1, 1}, Props: []data.Property{{Key: "category", Value: data.Text("a")}}})
	mustAdd(t, b, data.Feature{Geometry: orb.Point{1, 1}})
	lv := LayerView{Layer: b.Build()}
	if got := lv.FeatureColor(1); got != CategoryColor(0) {
		t.Errorf("category a = %v, want the first palette colour", got)
	}
	if got := lv.FeatureColor(0); got != CategoryColor(1) {
		t.Errorf("category b = %v, want the second palette colour", got)
	}
	if got := lv.FeatureColor(2); got != KindColor(data.KindIncident) {
		t.Errorf("no category = %v, want the incident colour", got)
	}
	lv.CategoryColors = map[string]style.Color{"b": style.Color(red)}
	if got := lv.FeatureColor(0); got != red {
		t.Errorf("override = %v", got)
	}
	lv.Fill = style.Color(red)
	if got := lv.FeatureColor(2); got != red {
		t.Errorf("Fill override = %v", got)
	}
	if KindColor(data.Kind(200)) != KindColor(data.KindOther) || CategoryColor(-3) != CategoryColor(3) {
		t.Error("out of range colours")
	}
	if got := lv.FeatureColor(-1); got != lv.Color(data.KindOther) {
		t.Errorf("out of range feature = %v", got)
	}
}

func TestLayerOpacityFades(t *testing.T) {
	vp := geo.New(orb.Point{1.7, 50.9}, 12, 60, 60)
	sc := pointScene(t, data.Feature{Geometry: orb.Point{1.7, 50.9}})
	full := Render(sc, vp).RGBAAt(30, 30)
	sc.Layers[0].Opacity = 0.3
	faded := Render(sc, vp).RGBAAt(30, 30)
	bg := Render(&Scene{}, vp).RGBAAt(30, 30)
	dist := func(a, b color.RGBA) int {
		return abs(int(a.R)-int(b.R)) + abs(int(a.G)-int(b.G)) + abs(int(a.B)-int(b.B))
	}
	if !(dist(faded, bg) < dist(full, bg)) || dist(faded, bg) == 0 {
		t.Errorf("opacity 0.3 gives %v, full %v, background %v", faded, full, bg)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
