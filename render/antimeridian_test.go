package render

import (
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// Shapes across the antimeridian are drawn the short way, on both sides
// of ±180° — never as a band around the world — whether the file split
// them at ±180° or not.
func TestAntimeridianShortWay(t *testing.T) {
	cases := []struct {
		name string
		g    orb.Geometry
	}{
		{"unsplit polygon", orb.Polygon{{{170, -10}, {-170, -10}, {-170, 10}, {170, 10}, {170, -10}}}},
		{"split polygon", orb.MultiPolygon{
			{{{170, -10}, {180, -10}, {180, 10}, {170, 10}, {170, -10}}},
			{{{-180, -10}, {-170, -10}, {-170, 10}, {-180, 10}, {-180, -10}}}}},
		{"unsplit line", orb.LineString{{170, 0}, {-170, 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := data.NewBuilder("l", 1)
			if err := b.Add(data.Feature{Geometry: tc.g, Kind: data.KindCamp, Span: data.Undated}); err != nil {
				t.Fatal(err)
			}
			l := b.Build()
			sc := &Scene{Window: data.Undated, Layers: []LayerView{{Layer: l, Style: style.Default()}}}
			empty := &Scene{Window: data.Undated}
			drawn := func(vp geo.Viewport, at orb.Point) bool {
				x, y := vp.Project(at)
				a, e := Render(sc, vp).RGBAAt(int(x), int(y)), Render(empty, vp).RGBAAt(int(x), int(y))
				return a != e
			}
			near := geo.New(orb.Point{180, 0}, 4, 800, 400)
			for _, lon := range []float64{175, 185} { // 185° is -175° seen from 180°
				if !drawn(near, orb.Point{lon, 0}) {
					t.Errorf("nothing drawn at longitude %v, by the antimeridian", lon)
				}
			}
			world := geo.New(orb.Point{0, 0}, 1.5, 800, 400)
			for _, lon := range []float64{0, 90, -90} {
				if drawn(world, orb.Point{lon, 0}) {
					t.Errorf("drawn at longitude %v: a band around the world", lon)
				}
			}
			// the other side of the map, seen from the west
			west := geo.New(orb.Point{-175, 0}, 5, 800, 400)
			if !drawn(west, orb.Point{-175, 0}) {
				t.Error("nothing drawn at -175° in a view of the western side")
			}
		})
	}
}

// The selection is outlined above the layers.
func TestSelectionOutlined(t *testing.T) {
	sc := &Scene{Window: data.Undated}
	vp := geo.New(orb.Point{1.85, 50.95}, 12, 400, 300)
	plain := Render(sc, vp)
	sc.Selection = orb.Ring{{1.83, 50.94}, {1.87, 50.94}, {1.87, 50.96}}
	x, y := vp.Project(orb.Point{1.85, 50.94}) // on the ring's south side
	if Render(sc, vp).RGBAAt(int(x), int(y)) == plain.RGBAAt(int(x), int(y)) {
		t.Error("the selection is not drawn")
	}
	cx, cy := vp.Project(orb.Point{1.86, 50.95})
	if Render(sc, vp).RGBAAt(int(cx), int(cy)) != plain.RGBAAt(int(cx), int(cy)) {
		t.Error("the selection is filled, not outlined")
	}
}
