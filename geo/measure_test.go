package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		name   string
		a, b   orb.Point
		want   float64 // metres
		within float64
	}{
		// Vincenty's own test line (Flinders Peak to Buninyong), on WGS 84 as GeographicLib gives it.
		{"flinders peak to buninyong", orb.Point{144.42486788888888, -37.95103341666667}, orb.Point{143.92649552777777, -37.65282113888889}, 54972.271, 0.01},
		{"same point", calais, calais, 0, 0},
		{"one degree of longitude on the equator", orb.Point{0, 0}, orb.Point{1, 0}, 111319.491, 0.01},
		{"one degree of latitude from the equator", orb.Point{0, 0}, orb.Point{0, 1}, 110574.389, 0.01},
		{"nearly antipodal, where Vincenty fails to converge", orb.Point{0, 0}, orb.Point{179.5, 0.5}, 19936288.578965, 1e-6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Distance(tt.a, tt.b)
			if math.IsNaN(got) || math.Abs(got-tt.want) > tt.within {
				t.Errorf("Distance = %.3f m, want %.3f ± %v", got, tt.want, tt.within)
			}
		})
	}
}

func TestLength(t *testing.T) {
	ls := orb.LineString{{0, 0}, {1, 0}, {1, 1}}
	want := Distance(ls[0], ls[1]) + Distance(ls[1], ls[2])
	if got := Length(ls); got != want {
		t.Errorf("Length = %v, want %v", got, want)
	}
	if Length(nil) != 0 || Length(orb.LineString{{1, 1}}) != 0 {
		t.Error("a line with fewer than two points has no length")
	}
}

func TestGroundScale(t *testing.T) {
	vp := New(calais, 10, 1600, 1000)
	got := GroundScale(vp, calais[1])
	// At zoom 10 Web Mercator shows 152.87 m/px at the equator; on the ground at
	// 50.95°N that is about cos(lat) of it, corrected for the ellipsoid.
	if math.Abs(got-vp.MetersPerPixel()) > 0.01*vp.MetersPerPixel() {
		t.Errorf("GroundScale = %v m/px, spherical estimate %v", got, vp.MetersPerPixel())
	}
	// 200 px measured on the ground must be 200*scale.
	a := vp.Unproject(700, 500)
	b := vp.Unproject(900, 500)
	if d := Distance(a, b); math.Abs(d-200*got) > 0.002*d {
		t.Errorf("200 px = %v m on the ground, scale says %v", d, 200*got)
	}
}

func TestNiceLength(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{0, 0}, {-3, 0}, {math.NaN(), 0}, {math.Inf(1), 0},
		{1, 1}, {1.9, 1}, {2, 2}, {4.99, 2}, {5, 5}, {9.9, 5}, {10, 10}, {73, 50}, {180, 100}, {2400, 2000}, {0.07, 0.05},
	}
	for _, tt := range tests {
		if got := NiceLength(tt.in); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("NiceLength(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func BenchmarkDistance(b *testing.B) {
	p, q := orb.Point{1.8587, 50.9513}, orb.Point{1.3167, 51.1167}
	b.ReportAllocs()
	for b.Loop() {
		Distance(p, q)
	}
}
