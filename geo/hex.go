package geo

import "math"

// A hexagonal lattice of pointy-top hexagons in Web Mercator metres,
// anchored at (0, 0): row r has its centres at y = r·step·√3/2, x =
// c·step (+ step/2 on odd rows), step apart. The lattice depends only on
// step, never on data, so the same point always falls in the same
// hexagon.

// HexCell returns the row and column of the hexagon of the lattice of
// step (Mercator metres between neighbouring centres) holding Mercator
// point (x, y): the one whose centre is nearest.
func HexCell(x, y, step float64) (row, col int64) {
	hr := step * math.Sqrt(3) / 2
	r0 := int64(math.Floor(y/hr + 0.5))
	best := math.Inf(1)
	for r := r0 - 1; r <= r0+1; r++ {
		off := 0.0
		if r%2 != 0 {
			off = step / 2
		}
		c := int64(math.Floor((x-off)/step + 0.5))
		dx, dy := x-(float64(c)*step+off), y-float64(r)*hr
		if d := dx*dx + dy*dy; d < best {
			best, row, col = d, r, c
		}
	}
	return row, col
}

// HexCenter returns the centre, Mercator metres, of the hexagon (row,
// col) of the lattice of step.
func HexCenter(row, col int64, step float64) (x, y float64) {
	off := 0.0
	if row%2 != 0 {
		off = step / 2
	}
	hr := step * math.Sqrt(3) / 2
	return float64(col)*step + off, float64(row) * hr
}

// HexCorner returns corner k (0..5, counter-clockwise from the one at 30°)
// of a hexagon of the lattice of step centred at (cx, cy).
func HexCorner(cx, cy, step float64, k int) (x, y float64) {
	rad := step / math.Sqrt(3)
	a := (30 + 60*float64(k)) * math.Pi / 180
	return cx + rad*math.Cos(a), cy + rad*math.Sin(a)
}
