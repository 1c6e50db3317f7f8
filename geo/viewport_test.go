package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

var calais = orb.Point{1.8587, 50.9513}

func TestProjectUnprojectRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		vp   Viewport
		p    orb.Point
	}{
		{"calais at zoom 10", New(calais, 10, 1600, 1000), orb.Point{1.31, 51.12}},
		{"world at zoom 0", New(orb.Point{0, 0}, 0, 256, 256), orb.Point{-120, 60}},
		{"fractional zoom", New(calais, 12.37, 801, 603), orb.Point{1.9, 50.97}},
		{"near the mercator limit", New(orb.Point{10, 80}, 4, 500, 500), orb.Point{20, 84}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, y := tt.vp.Project(tt.p)
			got := tt.vp.Unproject(x, y)
			if math.Abs(got[0]-tt.p[0]) > 1e-9 || math.Abs(got[1]-tt.p[1]) > 1e-9 {
				t.Errorf("round trip %v -> (%v,%v) -> %v", tt.p, x, y, got)
			}
		})
	}
}

func TestProjectCentreAndAxes(t *testing.T) {
	vp := New(calais, 10, 1600, 1000)
	x, y := vp.Project(calais)
	if math.Abs(x-800) > 1e-9 || math.Abs(y-500) > 1e-9 {
		t.Fatalf("centre projects to (%v,%v), want (800,500)", x, y)
	}
	xe, _ := vp.Project(orb.Point{calais[0] + 0.1, calais[1]})
	_, yn := vp.Project(orb.Point{calais[0], calais[1] + 0.1})
	if xe <= x || yn >= y {
		t.Errorf("east should be right (x %v > %v) and north up (y %v < %v)", xe, x, yn, y)
	}
	// One tile at zoom 0 is 256 px for 360 degrees.
	w := New(orb.Point{0, 0}, 0, 256, 256)
	x0, _ := w.Project(orb.Point{-180, 0})
	x1, _ := w.Project(orb.Point{180, 0})
	if math.Abs(x1-x0-256) > 1e-9 {
		t.Errorf("world width at zoom 0 = %v px, want 256", x1-x0)
	}
}

func TestPan(t *testing.T) {
	vp := New(calais, 11, 1200, 800)
	p := orb.Point{1.95, 50.99}
	x, y := vp.Project(p)
	moved := vp.Pan(40, -25)
	x2, y2 := moved.Project(p)
	if math.Abs(x2-x-40) > 1e-6 || math.Abs(y2-y+25) > 1e-6 {
		t.Errorf("after Pan(40,-25) the point moved by (%v,%v)", x2-x, y2-y)
	}
	if vp.Center != calais {
		t.Error("Pan changed the receiver")
	}
}

func TestZoomAtKeepsCursorPoint(t *testing.T) {
	vp := New(calais, 9, 1000, 700)
	tests := []struct {
		name       string
		x, y, dz   float64
		wantZoomed float64
	}{
		{"in about a corner", 100, 80, 1, 10},
		{"out about the centre", 500, 350, -2.5, 6.5},
		{"clamped at max", 300, 600, 40, MaxZoom},
		{"clamped at min", 300, 600, -40, MinZoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := vp.Unproject(tt.x, tt.y)
			z := vp.ZoomAt(tt.x, tt.y, tt.dz)
			if z.Zoom != tt.wantZoomed {
				t.Fatalf("zoom = %v, want %v", z.Zoom, tt.wantZoomed)
			}
			if tt.wantZoomed == MinZoom {
				return // the world is smaller than the view: the centre clamps
			}
			after := z.Unproject(tt.x, tt.y)
			if math.Abs(after[0]-before[0]) > 1e-7 || math.Abs(after[1]-before[1]) > 1e-7 {
				t.Errorf("cursor point moved from %v to %v", before, after)
			}
		})
	}
}

func TestFit(t *testing.T) {
	b := orb.Bound{Min: orb.Point{1.05, 50.85}, Max: orb.Point{2.40, 51.20}}
	vp := Fit(b, 1600, 1000, 20, MaxZoom)
	for _, p := range []orb.Point{b.Min, b.Max, {b.Min[0], b.Max[1]}, {b.Max[0], b.Min[1]}} {
		x, y := vp.Project(p)
		if x < 19.999 || x > 1580.001 || y < 19.999 || y > 980.001 {
			t.Errorf("corner %v lands at (%v,%v), outside the padded frame", p, x, y)
		}
	}
	// The fit is tight along one axis.
	x0, _ := vp.Project(b.Min)
	x1, _ := vp.Project(b.Max)
	_, y0 := vp.Project(b.Min)
	_, y1 := vp.Project(b.Max)
	if math.Abs((x1-x0)-1560) > 0.01 && math.Abs((y0-y1)-960) > 0.01 {
		t.Errorf("fit is loose: %v x %v px", x1-x0, y0-y1)
	}
	if got := Fit(orb.Bound{Min: calais, Max: calais}, 800, 600, 10, 15).Zoom; got != 15 {
		t.Errorf("a single point fits at zoom %v, want the cap 15", got)
	}
}

func TestEmptyAndDegenerateViewports(t *testing.T) {
	for _, vp := range []Viewport{
		{},
		New(calais, 10, 0, 0),
		New(orb.Point{math.NaN(), math.NaN()}, math.NaN(), -5, -5),
		Fit(orb.Bound{}, 0, 0, 10, 10),
	} {
		vp.Pan(10, 10)
		vp.ZoomAt(0, 0, 1)
		vp.Bound()
		x, y := vp.Project(calais)
		_ = vp.Unproject(x, y)
		if vp.W < 0 || vp.H < 0 {
			t.Errorf("negative size kept: %+v", vp)
		}
	}
}

func TestBoundContainsView(t *testing.T) {
	vp := New(calais, 10, 1600, 1000)
	b := vp.Bound()
	if !b.Contains(calais) {
		t.Fatalf("bound %v does not contain the centre", b)
	}
	x, y := vp.Project(b.Min)
	if math.Abs(x) > 1e-6 || math.Abs(y-1000) > 1e-6 {
		t.Errorf("bound min projects to (%v,%v), want the bottom-left corner", x, y)
	}
}

func BenchmarkTransformProject(b *testing.B) {
	tr := New(calais, 10, 1600, 1000).Transform()
	p := orb.Point{1.9, 50.97}
	b.ReportAllocs()
	for b.Loop() {
		tr.Project(p)
	}
}
