package main

import (
	"io"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func rect(x0, y0, x1, y1 float64) orb.Polygon {
	return orb.Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}
}

func TestCloseLand(t *testing.T) {
	logw = io.Discard
	box := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{0.1, 0.1}} // about 11 km: the side test looks 1 km away
	dense := func(pts ...orb.Point) orb.LineString {
		// many vertices so that the side vote has points to test
		var out orb.LineString
		for i := 1; i < len(pts); i++ {
			for k := range 40 {
				f := float64(k) / 40
				out = append(out, orb.Point{pts[i-1][0] + f*(pts[i][0]-pts[i-1][0]), pts[i-1][1] + f*(pts[i][1]-pts[i-1][1])})
			}
		}
		return append(out, pts[len(pts)-1])
	}
	tests := []struct {
		name   string
		chains []orb.LineString
		ref    []orb.Polygon
		land   []orb.Point
		sea    []orb.Point
		n      int
	}{
		{"land south", []orb.LineString{dense(orb.Point{0.0, 0.05}, orb.Point{0.05, 0.04}, orb.Point{0.1, 0.05})},
			[]orb.Polygon{rect(-0.01, -0.01, 0.11, 0.045)}, []orb.Point{{0.05, 0.01}, {0.005, 0.005}, {0.095, 0.047}}, []orb.Point{{0.05, 0.09}, {0.05, 0.042}}, 1},
		{"land north, chain given the other way", []orb.LineString{dense(orb.Point{0.1, 0.05}, orb.Point{0.05, 0.04}, orb.Point{0.0, 0.05})},
			[]orb.Polygon{rect(-0.01, 0.055, 0.11, 0.11)}, []orb.Point{{0.05, 0.09}, {0.05, 0.042}}, []orb.Point{{0.05, 0.01}}, 1},
		{"strait between two coasts", []orb.LineString{
			dense(orb.Point{0.0, 0.02}, orb.Point{0.1, 0.02}), dense(orb.Point{0.0, 0.08}, orb.Point{0.1, 0.08})},
			[]orb.Polygon{rect(-0.01, -0.01, 0.11, 0.015), rect(-0.01, 0.085, 0.11, 0.11)}, []orb.Point{{0.05, 0.01}, {0.05, 0.09}}, []orb.Point{{0.05, 0.05}}, 2},
		{"corner cape", []orb.LineString{dense(orb.Point{0.0, 0.07}, orb.Point{0.03, 0.1})},
			[]orb.Polygon{rect(-0.01, 0.085, 0.01, 0.11)}, []orb.Point{{0.005, 0.095}}, []orb.Point{{0.05, 0.05}, {0.095, 0.005}, {0.095, 0.095}}, 1},
		{"corner sea", []orb.LineString{dense(orb.Point{0.0, 0.07}, orb.Point{0.03, 0.1})},
			[]orb.Polygon{rect(-0.01, -0.01, 0.11, 0.067)}, []orb.Point{{0.05, 0.05}, {0.095, 0.005}, {0.095, 0.095}}, []orb.Point{{0.005, 0.095}}, 1},
		{"island and coast", []orb.LineString{
			dense(orb.Point{0.0, 0.02}, orb.Point{0.1, 0.02}),
			{{0.05, 0.05}, {0.06, 0.05}, {0.06, 0.06}, {0.05, 0.06}, {0.05, 0.05}}},
			[]orb.Polygon{rect(-0.01, -0.01, 0.11, 0.015)}, []orb.Point{{0.05, 0.01}, {0.055, 0.055}}, []orb.Point{{0.05, 0.04}, {0.05, 0.09}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			land, err := closeLand(tt.chains, box, tt.ref)
			if err != nil {
				t.Fatal(err)
			}
			if len(land) != tt.n {
				t.Errorf("%d polygons, want %d", len(land), tt.n)
			}
			in := func(p orb.Point) bool {
				for _, q := range land {
					if planar.PolygonContains(q, p) {
						return true
					}
				}
				return false
			}
			for _, p := range tt.land {
				if !in(p) {
					t.Errorf("%v should be land", p)
				}
			}
			for _, p := range tt.sea {
				if in(p) {
					t.Errorf("%v should be sea", p)
				}
			}
			for i, q := range land {
				if q[0][0] != q[0][len(q[0])-1] {
					t.Errorf("polygon %d not closed", i)
				}
			}
		})
	}
}

func TestJoinSegments(t *testing.T) {
	segs := []orb.LineString{
		{{0, 5}, {2, 5}},
		{{4, 5}, {2, 5}}, // reversed
		{{4, 5}, {10, 5}},
		{{1, 1}, {2, 1}, {2, 2}},
		{{2, 2}, {1, 1}}, // closes the ring
	}
	chains, err := joinSegments(segs)
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 2 {
		t.Fatalf("%d chains, want 2: %v", len(chains), chains)
	}
	if c := chains[0]; len(c) != 4 || c[0] != (orb.Point{0, 5}) || c[3] != (orb.Point{10, 5}) {
		t.Errorf("open chain %v", c)
	}
	if c := chains[1]; c[0] != c[len(c)-1] || len(c) != 4 {
		t.Errorf("ring %v", c)
	}
}

func TestAround(t *testing.T) {
	outer := orb.Bound{Min: orb.Point{-12, 42}, Max: orb.Point{16, 61}}
	strips := around(outer, coastBox)
	area := 0.0
	for _, s := range strips {
		area += (s.Max[0] - s.Min[0]) * (s.Max[1] - s.Min[1])
		w := min(s.Max[0], coastBox.Max[0]) - max(s.Min[0], coastBox.Min[0])
		h := min(s.Max[1], coastBox.Max[1]) - max(s.Min[1], coastBox.Min[1])
		if w > 0 && h > 0 {
			t.Errorf("strip %v overlaps the inner box", s)
		}
	}
	inner := (coastBox.Max[0] - coastBox.Min[0]) * (coastBox.Max[1] - coastBox.Min[1])
	if want := 28*19 - inner; area != want {
		t.Errorf("strips cover %v square degrees, want %v", area, want)
	}
}
