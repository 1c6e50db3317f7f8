package render

import (
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/style"
	"campmap/geo"
)

// fijiScene is a scene across the antimeridian, after Fiji's islands: a
// camp polygon left unsplit, a ferry route left unsplit, a split area, and
// incidents on both sides of 180° on four days of July 2015.
func fijiScene(tb testing.TB) *Scene {
	tb.Helper()
	bm, err := basemap.Default()
	if err != nil {
		tb.Fatal(err)
	}
	camps := data.NewBuilder("camps", 2)
	camps.Layer().Kind = data.KindCamp
	mustAdd(tb, camps, data.Feature{Kind: data.KindCamp, Span: data.Undated, Props: named("Camp across"),
		Geometry: orb.Polygon{{{179.2, -16.6}, {-179.4, -16.6}, {-179.4, -17.4}, {179.2, -17.4}, {179.2, -16.6}}}})
	mustAdd(tb, camps, data.Feature{Kind: data.KindCamp, Span: data.Undated, Props: named("Split area"),
		Geometry: orb.MultiPolygon{
			{{{179.5, -18.2}, {180, -18.2}, {180, -18.8}, {179.5, -18.8}, {179.5, -18.2}}},
			{{{-180, -18.2}, {-179.6, -18.2}, {-179.6, -18.8}, {-180, -18.8}, {-180, -18.2}}}}})
	routes := data.NewBuilder("routes", 1)
	routes.Layer().Kind = data.KindRoute
	mustAdd(tb, routes, data.Feature{Kind: data.KindRoute, Span: data.Undated, Props: named("Ferry across"),
		Geometry: orb.LineString{{178.2, -17.8}, {179.6, -16.2}, {-178.6, -16.0}}})
	inc := data.NewBuilder("incidents", 4)
	inc.Layer().Kind = data.KindIncident
	for i, lon := range []float64{178.6, 179.7, -179.7, -178.8} {
		mustAdd(tb, inc, data.Feature{Kind: data.KindIncident, Span: july(i+1, i+1), Geometry: orb.Point{lon, -17.9}})
	}
	sc := NewScene(bm, []*data.Layer{camps.Build(), routes.Build(), inc.Build()})
	sc.Window = data.Undated
	return sc
}

// fijiView is a window centred on 180°, as zooming to these layers gives.
func fijiView() geo.Viewport { return geo.New(orb.Point{180, -17.4}, 7, 640, 420) }

// TestGoldenAntimeridian draws the polygon, the line and the point set
// across ±180° the short way: the polygons and the route on both sides of
// the antimeridian, and the four incidents, those west of 180° at 181°
// and 182° (never a band around the world, never a point lost).
func TestGoldenAntimeridian(t *testing.T) {
	sc, vp := fijiScene(t), fijiView()
	img := Render(sc, vp)
	checkGolden(t, "antimeridian.png", img)
	inc := sc.Layers[2].Layer
	empty := fijiScene(t)
	empty.Layers = empty.Layers[:2]
	without := Render(empty, vp)
	for i := 0; i < inc.Len(); i++ {
		p := inc.Anchor(i)
		if p[0] < 0 {
			p[0] += 360 // seen from 180°
		}
		x, y := vp.Project(p)
		if img.RGBAAt(int(x), int(y)) == without.RGBAAt(int(x), int(y)) {
			t.Errorf("incident %d at %v is not drawn", i, inc.Anchor(i))
		}
	}
}

// Identify and the time filter work on points across ±180°: the point at
// 179.7° west is found where it is drawn (180.3° from the view's 180°
// centre), and not once the time window leaves it out.
func TestIdentifyAcrossAntimeridian(t *testing.T) {
	sc, vp := fijiScene(t), fijiView()
	for _, view := range []geo.Viewport{vp, geo.New(orb.Point{-179, -17.4}, 7, 640, 420)} {
		x, y := view.Project(orb.Point{180.3, -17.9})
		if view.Center[0] < 0 {
			x, y = view.Project(orb.Point{-179.7, -17.9})
		}
		hit, ok := sc.Identify(view, x, y, 3)
		if !ok || hit.Layer != 2 || hit.Feature != 2 {
			t.Errorf("view at %v: Identify = %+v %v, want the incident at -179.7°", view.Center, hit, ok)
		}
		sc.Window = july(1, 2) // the incident is of 3 July
		if hit, ok := sc.Identify(view, x, y, 3); ok && hit.Layer == 2 {
			t.Errorf("view at %v: the time window hides the incident, Identify found %+v", view.Center, hit)
		}
		sc.Window = data.Undated
	}
	// a line and a polygon across, on the far side
	x, y := vp.Project(orb.Point{180.3, -17.0})
	if hit, ok := sc.Identify(vp, x, y, 2); !ok || hit.Layer != 0 || hit.Feature != 0 {
		t.Errorf("inside the camp across 180°: Identify = %+v %v", hit, ok)
	}
}

// A briefing page across ±180° draws the same map as the window: the
// vector recorder and the raster canvas agree, with every incident drawn.
func TestPageAcrossAntimeridian(t *testing.T) {
	sc := fijiScene(t)
	sc.ScaleBar, sc.Credits = false, false
	vp := fijiView()
	want := Render(sc, vp)
	d := &Drawing{W: float64(vp.W), H: float64(vp.H)}
	drawVectorFrame(d, sc, vp, 1, 0, 0, 0)
	got := d.Rasterize(1)
	if diff := meanAbsDiff(got, want); diff > 3 {
		t.Errorf("vector and raster frames across ±180° differ by %.2f per channel", diff)
	}
	size, _ := ParsePageSize("a5-landscape")
	b := orb.Bound{Min: orb.Point{178, -19}, Max: orb.Point{182, -15.8}}
	page := DrawPage(sc, b, PageOptions{Size: size, Title: "Across the antimeridian"})
	checkGolden(t, "antimeridian_page.png", page.Rasterize(1))
	_ = style.Default
}
