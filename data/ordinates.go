package data

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Heights and measures.
//
// A layer's geometries are orb's, two-dimensional. The third and fourth
// ordinates of positions that have them (heights Z, measures M: GeoJSON's
// [lon, lat, z], GeoPackage's XYZ, XYM and XYZM geometries) are kept beside
// them, one value per position in the order Positions visits them, so that
// writers give them back. A position without one holds NaN.

// ordCol is a column of per-feature ordinate runs: feature i's values are
// val[off[i]:off[i+1]]. Both slices are nil while no feature has a value.
type ordCol struct {
	off []uint32
	val []float64
}

// add appends feature i's values (nil: none), i being the number of
// features already added.
func (c *ordCol) add(i int, vals []float64, capacity int) error {
	if len(vals) == 0 && c.off == nil {
		return nil
	}
	if c.off == nil {
		c.off = make([]uint32, i+1, capacity+1)
	}
	if uint64(len(c.val))+uint64(len(vals)) > math.MaxUint32 {
		return fmt.Errorf("more than %d heights or measures in the layer", uint64(math.MaxUint32))
	}
	c.val = append(c.val, vals...)
	c.off = append(c.off, uint32(len(c.val)))
	return nil
}

// get returns feature i's values, or nil.
func (c *ordCol) get(i int) []float64 {
	if c.off == nil || i+1 >= len(c.off) {
		return nil
	}
	a, b := c.off[i], c.off[i+1]
	if a == b {
		return nil
	}
	return c.val[a:b:b]
}

// merge appends o (no features' worth of offsets when nil) after c's n
// features; o has m features.
func (c *ordCol) merge(n int, o ordCol, m int) {
	if c.off == nil && o.off == nil {
		return
	}
	if c.off == nil {
		c.off = make([]uint32, n+1, n+m+1)
	}
	base := uint32(len(c.val))
	if o.off == nil {
		for k := 0; k < m; k++ {
			c.off = append(c.off, base)
		}
		return
	}
	c.val = append(c.val, o.val...)
	for _, x := range o.off[1:] {
		c.off = append(c.off, base+x)
	}
}

func (c *ordCol) trim() {
	c.off = clip(c.off)
	c.val = clip(c.val)
}

// Z returns feature i's heights, one per position in the order Positions
// visits them (NaN for a position without one), or nil when the feature
// is two-dimensional. The slice is shared: do not modify it.
func (l *Layer) Z(i int) []float64 { return l.z.get(i) }

// M returns feature i's measures like Z, or nil.
func (l *Layer) M(i int) []float64 { return l.m.get(i) }

// HasZ reports whether some feature has heights.
func (l *Layer) HasZ() bool { return l.z.off != nil && len(l.z.val) > 0 }

// HasM reports whether some feature has measures.
func (l *Layer) HasM() bool { return l.m.off != nil && len(l.m.val) > 0 }

// Positions calls visit with each position of g in order: the points of a
// MultiPoint, each line of a MultiLineString, each ring of each polygon,
// each member of a collection. It is the order of Layer.Z and Layer.M.
func Positions(g orb.Geometry, visit func(p orb.Point)) {
	switch g := g.(type) {
	case orb.Point:
		visit(g)
	case orb.MultiPoint:
		for _, p := range g {
			visit(p)
		}
	case orb.LineString:
		for _, p := range g {
			visit(p)
		}
	case orb.Ring:
		for _, p := range g {
			visit(p)
		}
	case orb.MultiLineString:
		for _, ls := range g {
			for _, p := range ls {
				visit(p)
			}
		}
	case orb.Polygon:
		for _, r := range g {
			for _, p := range r {
				visit(p)
			}
		}
	case orb.MultiPolygon:
		for _, poly := range g {
			for _, r := range poly {
				for _, p := range r {
					visit(p)
				}
			}
		}
	case orb.Collection:
		for _, m := range g {
			Positions(m, visit)
		}
	case orb.Bound:
		Positions(g.ToPolygon(), visit)
	}
}

// PositionCount returns how many positions Positions visits in g.
func PositionCount(g orb.Geometry) int {
	n := 0
	Positions(g, func(orb.Point) { n++ })
	return n
}

// allNaN reports whether every value of v is NaN (or v is empty): such a
// run carries nothing and is not stored.
func allNaN(v []float64) bool {
	return !slices.ContainsFunc(v, func(x float64) bool { return !math.IsNaN(x) })
}
