package data

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestBoundAntimeridian(t *testing.T) {
	cases := []struct {
		name  string
		g     orb.Geometry
		cross bool
		want  orb.Bound
	}{
		{"plain line", orb.LineString{{1, 50}, {2, 51}}, false, orb.Bound{Min: orb.Point{1, 50}, Max: orb.Point{2, 51}}},
		{"unsplit line east to west", orb.LineString{{178, -17}, {-179, -16}}, true, orb.Bound{Min: orb.Point{178, -17}, Max: orb.Point{181, -16}}},
		{"unsplit line west to east", orb.LineString{{-179, -16}, {178, -17}}, true, orb.Bound{Min: orb.Point{178, -17}, Max: orb.Point{181, -16}}},
		{"unsplit ring", orb.Polygon{{{179, -18}, {-179, -18}, {-179, -16}, {179, -16}, {179, -18}}}, true,
			orb.Bound{Min: orb.Point{179, -18}, Max: orb.Point{181, -16}}},
		{"split polygon (RFC 7946 §3.1.9)", orb.MultiPolygon{
			{{{170, 40}, {180, 40}, {180, 50}, {170, 50}, {170, 40}}},
			{{{-180, 40}, {-170, 40}, {-170, 50}, {-180, 50}, {-180, 40}}},
		}, false, orb.Bound{Min: orb.Point{170, 40}, Max: orb.Point{190, 50}}},
		{"split line", orb.MultiLineString{{{170, 45}, {180, 45}}, {{-180, 45}, {-170, 45}}}, false,
			orb.Bound{Min: orb.Point{170, 45}, Max: orb.Point{190, 45}}},
		{"points either side", orb.MultiPoint{{179.5, 1}, {-179.5, 2}}, false, orb.Bound{Min: orb.Point{179.5, 1}, Max: orb.Point{180.5, 2}}},
		{"world-wide points stay plain", orb.MultiPoint{{-170, 0}, {-60, 0}, {60, 0}, {170, 0}}, false,
			orb.Bound{Min: orb.Point{-170, 0}, Max: orb.Point{170, 0}}},
		{"points nearer across the antimeridian", orb.MultiPoint{{-100, 0}, {100, 0}}, false,
			orb.Bound{Min: orb.Point{100, 0}, Max: orb.Point{260, 0}}},
		{"hole outside the exterior counts", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, {{0.5, 0.5}, {0.5, 2}, {2, 2}, {0.5, 0.5}}}, false,
			orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{2, 2}}},
		{"ring round the pole left alone", orb.Polygon{{{-180, -80}, {-90, -80}, {0, -80}, {90, -80}, {180, -80}, {180, -90}, {-180, -90}, {-180, -80}}}, true,
			orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, -80}}},
		{"collection across", orb.Collection{orb.Point{179, 0}, orb.LineString{{-179, 0}, {-178, 1}}}, false,
			orb.Bound{Min: orb.Point{179, 0}, Max: orb.Point{182, 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := CrossesAntimeridian(c.g); got != c.cross {
				t.Errorf("CrossesAntimeridian = %v, want %v", got, c.cross)
			}
			if got := Bound(c.g); got != c.want {
				t.Errorf("Bound = %v, want %v", got, c.want)
			}
		})
	}
}

func TestLayerBoundsAntimeridian(t *testing.T) {
	cases := []struct {
		name   string
		geoms  []orb.Geometry
		want   orb.Bound
		anchor map[int]orb.Point
	}{
		{"point set across", []orb.Geometry{orb.Point{179, -17}, orb.Point{-179, -16}, orb.Point{178.5, -18}},
			orb.Bound{Min: orb.Point{178.5, -18}, Max: orb.Point{181, -16}}, nil},
		{"point set world-wide stays plain", []orb.Geometry{orb.Point{-170, 0}, orb.Point{0, 0}, orb.Point{170, 0}},
			orb.Bound{Min: orb.Point{-170, 0}, Max: orb.Point{170, 0}}, nil},
		{"unsplit line", []orb.Geometry{orb.LineString{{178, -17}, {-179, -16}, {-178, -15}}},
			orb.Bound{Min: orb.Point{178, -17}, Max: orb.Point{182, -15}}, map[int]orb.Point{0: {-179, -16}}},
		{"unsplit square: anchor on the antimeridian", []orb.Geometry{orb.Polygon{{{179, -18}, {-179, -18}, {-179, -16}, {179, -16}, {179, -18}}}},
			orb.Bound{Min: orb.Point{179, -18}, Max: orb.Point{181, -16}}, map[int]orb.Point{0: {180, -17}}},
		{"split polygon and a point", []orb.Geometry{orb.MultiPolygon{
			{{{170, 40}, {180, 40}, {180, 50}, {170, 50}, {170, 40}}},
			{{{-180, 40}, {-170, 40}, {-170, 50}, {-180, 50}, {-180, 40}}},
		}, orb.Point{-175, 45}}, orb.Bound{Min: orb.Point{170, 40}, Max: orb.Point{190, 50}}, map[int]orb.Point{0: {180, 45}}},
		{"plain layer", []orb.Geometry{orb.Point{1.8, 50.9}, orb.LineString{{1, 50}, {2, 51}}},
			orb.Bound{Min: orb.Point{1, 50}, Max: orb.Point{2, 51}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := NewBuilder("t", 0)
			for _, g := range c.geoms {
				if err := b.Add(Feature{Geometry: g, Span: Undated}); err != nil {
					t.Fatal(err)
				}
			}
			l := b.Build()
			if got := l.Bounds(); got != c.want {
				t.Errorf("Bounds = %v, want %v", got, c.want)
			}
			for i, want := range c.anchor {
				if got := l.Anchor(i); got != want {
					t.Errorf("Anchor(%d) = %v, want %v", i, got, want)
				}
			}
		})
	}
}
