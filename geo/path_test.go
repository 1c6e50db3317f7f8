package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestMeasurePath(t *testing.T) {
	// A square of about 1.1 km a side near Calais, measured open and closed.
	sq := []orb.Point{{1.85, 50.95}, {1.865, 50.95}, {1.865, 50.96}, {1.85, 50.96}}
	open := MeasurePath(sq, false)
	if len(open.Segments) != 3 || len(open.Bearings) != 3 || open.Closed || open.Area != 0 {
		t.Fatalf("open path %+v", open)
	}
	sum := 0.0
	for i, d := range open.Segments {
		if g := Inverse(sq[i], sq[i+1]); g.Distance != d {
			t.Errorf("segment %d: %v, Inverse says %v", i, d, g.Distance)
		}
		sum += d
	}
	if sum != open.Distance {
		t.Errorf("distance %v, segments sum to %v", open.Distance, sum)
	}
	if b := open.Bearings[0]; math.Abs(b-90) > 0.01 {
		t.Errorf("first bearing %v, want about 90 (east)", b)
	}
	if b := open.Bearings[1]; b > 0.01 && b < 359.99 {
		t.Errorf("second bearing %v, want about 0 (north)", b)
	}
	closed := MeasurePath(sq, true)
	a, p := RingArea(sq)
	if !closed.Closed || closed.Area != math.Abs(a) || closed.Perimeter != p || closed.Area < 1.1e6 || closed.Area > 1.2e6 {
		t.Errorf("closed %+v, RingArea %v %v", closed, a, p)
	}
	// clockwise gives the same, positive area
	rev := []orb.Point{sq[3], sq[2], sq[1], sq[0]}
	if r := MeasurePath(rev, true); math.Abs(r.Area-closed.Area) > 1e-6 {
		t.Errorf("reversed ring area %v, want %v", r.Area, closed.Area)
	}
	if d := MeasurePath([]orb.Point{{1, 50}, {1, 50}}, false); d.Distance != 0 || !math.IsNaN(d.Bearings[0]) {
		t.Errorf("coincident points %+v", d)
	}
	if got := Bearing(-90); got != 270 {
		t.Errorf("Bearing(-90) = %v", got)
	}
	if got := Bearing(math.Copysign(0, -1)); math.Signbit(got) {
		t.Error("Bearing(-0) is -0")
	}
}
