package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestHexCellIsNearestCentre checks on random points that HexCell gives
// the hexagon whose centre is nearest (searching every centre within two
// steps), and that corners lie step/√3 from their centre.
func TestHexCellIsNearestCentre(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, step := range []float64{100, 2000, 31415.9} {
		hr := step * math.Sqrt(3) / 2
		for range 5000 {
			x, y := (r.Float64()-0.5)*1e6, (r.Float64()-0.5)*1e6
			row, col := HexCell(x, y, step)
			cx, cy := HexCenter(row, col, step)
			d := math.Hypot(x-cx, y-cy)
			r0, c0 := int64(math.Round(y/hr)), int64(math.Round(x/step))
			for rr := r0 - 2; rr <= r0+2; rr++ {
				for cc := c0 - 2; cc <= c0+2; cc++ {
					ox, oy := HexCenter(rr, cc, step)
					if o := math.Hypot(x-ox, y-oy); o < d-1e-9 {
						t.Fatalf("step %v: (%v, %v) in hexagon %d,%d at %v, but %d,%d is at %v", step, x, y, row, col, d, rr, cc, o)
					}
				}
			}
			if d > step/math.Sqrt(3)+1e-9 {
				t.Fatalf("step %v: (%v, %v) is %v from its centre, beyond a corner", step, x, y, d)
			}
		}
		for k := range 6 {
			x, y := HexCorner(0, 0, step, k)
			if d := math.Hypot(x, y); math.Abs(d-step/math.Sqrt(3)) > 1e-9 {
				t.Errorf("corner %d at %v, want %v", k, d, step/math.Sqrt(3))
			}
		}
	}
}
