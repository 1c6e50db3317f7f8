package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

func TestRegionContains(t *testing.T) {
	square := orb.Polygon{
		{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}},
		{{1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}}, // a hole
	}
	far := orb.Polygon{{{10, 10}, {11, 10}, {11, 11}, {10, 10}}}
	r, ok := NewRegion(orb.MultiPolygon{square}, far, orb.Point{50, 50}, orb.LineString{{0, 0}, {9, 9}})
	if !ok || len(r.polys) != 2 {
		t.Fatalf("region of %d polygons, ok %v", len(r.polys), ok)
	}
	for _, tc := range []struct {
		p    orb.Point
		want bool
	}{
		{orb.Point{3, 3}, true},
		{orb.Point{0, 2}, true},      // on the outer boundary
		{orb.Point{4, 4}, true},      // a corner
		{orb.Point{1.5, 1.5}, false}, // in the hole
		{orb.Point{1, 1.5}, true},    // on the hole's boundary
		{orb.Point{2, 2}, true},      // a corner of the hole
		{orb.Point{5, 2}, false},
		{orb.Point{10.5, 10.2}, true}, // the second polygon
		{orb.Point{50, 50}, false},    // a point is not an area
	} {
		if got := r.Contains(tc.p); got != tc.want {
			t.Errorf("Contains(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
	if _, ok := NewRegion(orb.Point{1, 1}, orb.Polygon{{{0, 0}, {1, 1}}}); ok {
		t.Error("a region of no polygon")
	}
}

// Contains agrees with a brute-force crossing count on random points
// away from the boundaries.
func TestRegionMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ring := orb.Ring{}
	for i := range 12 {
		a := float64(i) / 12 * 6.283185307179586
		rad := 1 + rng.Float64()
		ring = append(ring, orb.Point{rad * math.Cos(a), rad * math.Sin(a)})
	}
	ring = append(ring, ring[0])
	r, _ := NewRegion(orb.Polygon{ring})
	for range 5000 {
		p := orb.Point{rng.Float64()*5 - 2.5, rng.Float64()*5 - 2.5}
		in := false
		for i := 0; i < len(ring)-1; i++ {
			a, b := ring[i], ring[i+1]
			if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
		if r.Contains(p) != in {
			t.Fatalf("Contains(%v) = %v, crossings say %v", p, !in, in)
		}
	}
}
