package data

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// The antimeridian, reading side.
//
// RFC 7946 §3.1.9 asks that a geometry crossing the antimeridian be split
// in two parts, one each side of ±180°; many writers do not split and
// write a line from 179° to -179° instead, which read literally goes the
// long way round the world. campmap reads both the short way: Unwrap moves
// longitudes by 360° so that each line and ring runs on continuously and
// the parts of a split geometry sit side by side, and Bound gives the box
// of that, which may run past 180° (170..190 for a box across the
// antimeridian) but never spans the whole world for want of a wrap.

// CrossesAntimeridian reports whether some line or ring of g has two
// consecutive positions more than 180° of longitude apart: a geometry
// meant to cross the antimeridian but not split as RFC 7946 asks.
func CrossesAntimeridian(g orb.Geometry) bool {
	found := false
	eachPath(g, func(pts []orb.Point) {
		if !found && jumps(pts) {
			found = true
		}
	})
	return found
}

// jumps reports a step of more than 180° of longitude between consecutive
// positions.
func jumps(pts []orb.Point) bool {
	for i := 1; i < len(pts); i++ {
		if math.Abs(pts[i][0]-pts[i-1][0]) > 180 {
			return true
		}
	}
	return false
}

// eachPath calls fn for every line and ring of g.
func eachPath(g orb.Geometry, fn func([]orb.Point)) {
	switch g := g.(type) {
	case orb.LineString:
		fn(g)
	case orb.Ring:
		fn(g)
	case orb.MultiLineString:
		for _, ls := range g {
			fn(ls)
		}
	case orb.Polygon:
		for _, r := range g {
			fn(r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				fn(r)
			}
		}
	case orb.Collection:
		for _, m := range g {
			eachPath(m, fn)
		}
	}
}

// Unwrap returns g read the short way across the antimeridian: in each line
// and ring, a position more than 180° of longitude from the one before is
// moved by 360° so the path goes on across ±180° (a ring that goes round a
// pole is left as it is); then the parts of a multi-geometry or collection
// (the halves of a geometry split at ±180°, points either side of it) are
// moved by 360° where that puts them side by side in a narrower band of
// longitude. Longitudes of the result may lie beyond ±180°. changed is
// false, and g is returned as is, when nothing moved; g itself is never
// modified.
func Unwrap(g orb.Geometry) (out orb.Geometry, changed bool) {
	switch g := g.(type) {
	case orb.LineString:
		if p, ok := unwrapPath(g); ok {
			return orb.LineString(p), true
		}
	case orb.Ring:
		if p, ok := unwrapPath(g); ok {
			return orb.Ring(p), true
		}
	case orb.Polygon:
		if p, ok := unwrapPolygon(g); ok {
			return p, true
		}
	case orb.MultiPoint:
		if moved, ok := unwrapParts([]orb.Point(g), false); ok {
			return orb.MultiPoint(moved), true
		}
	case orb.MultiLineString:
		if moved, ok := unwrapParts([]orb.LineString(g), true); ok {
			return orb.MultiLineString(moved), true
		}
	case orb.MultiPolygon:
		if moved, ok := unwrapParts([]orb.Polygon(g), true); ok {
			return orb.MultiPolygon(moved), true
		}
	case orb.Collection:
		if moved, ok := sideBySide(slices.Clone([]orb.Geometry(g)), true); ok {
			return orb.Collection(moved), true
		}
	}
	return g, false
}

// unwrapParts is sideBySide for the parts of a multi-geometry.
func unwrapParts[T orb.Geometry](g []T, unwrapEach bool) ([]T, bool) {
	parts := make([]orb.Geometry, len(g))
	for i, p := range g {
		parts[i] = p
	}
	moved, ok := sideBySide(parts, unwrapEach)
	if !ok {
		return nil, false
	}
	out := make([]T, len(g))
	for i, p := range moved {
		out[i] = p.(T)
	}
	return out, true
}

// unwrapPath moves positions after each jump of more than 180° by 360°;
// ok is false when there is no jump, or when the path is a ring that goes
// round a pole (it does not come back to its start once unwrapped).
func unwrapPath(pts []orb.Point) ([]orb.Point, bool) {
	if !jumps(pts) {
		return nil, false
	}
	out := make([]orb.Point, len(pts))
	off := 0.0
	out[0] = pts[0]
	for i := 1; i < len(pts); i++ {
		switch d := pts[i][0] - pts[i-1][0]; {
		case d > 180:
			off -= 360
		case d < -180:
			off += 360
		}
		out[i] = orb.Point{pts[i][0] + off, pts[i][1]}
	}
	if len(pts) > 1 && pts[0] == pts[len(pts)-1] && off != 0 {
		return nil, false // round a pole: leave it
	}
	return out, true
}

// unwrapPolygon unwraps each ring, then moves holes next to the exterior.
func unwrapPolygon(p orb.Polygon) (orb.Polygon, bool) {
	changed := false
	out := make(orb.Polygon, len(p))
	for i, r := range p {
		if u, ok := unwrapPath(r); ok {
			out[i], changed = orb.Ring(u), true
		} else {
			out[i] = r
		}
	}
	if !changed {
		return p, false
	}
	// a hole written on the other side of ±180° from its unwrapped exterior
	if len(out) > 1 {
		eb := pathBound(out[0])
		for i := 1; i < len(out); i++ {
			c := (pathBound(out[i]).Min[0] + pathBound(out[i]).Max[0]) / 2
			mid := (eb.Min[0] + eb.Max[0]) / 2
			if s := math.Round((mid-c)/360) * 360; s != 0 {
				out[i] = orb.Ring(shiftPath(out[i], s))
			}
		}
	}
	return out, true
}

func shiftPath(pts []orb.Point, dx float64) []orb.Point {
	out := make([]orb.Point, len(pts))
	for i, p := range pts {
		out[i] = orb.Point{p[0] + dx, p[1]}
	}
	return out
}

// shift returns g moved by dx degrees of longitude.
func shift(g orb.Geometry, dx float64) orb.Geometry {
	switch g := g.(type) {
	case orb.Point:
		return orb.Point{g[0] + dx, g[1]}
	case orb.MultiPoint:
		return orb.MultiPoint(shiftPath(g, dx))
	case orb.LineString:
		return orb.LineString(shiftPath(g, dx))
	case orb.Ring:
		return orb.Ring(shiftPath(g, dx))
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, ls := range g {
			out[i] = orb.LineString(shiftPath(ls, dx))
		}
		return out
	case orb.Polygon:
		out := make(orb.Polygon, len(g))
		for i, r := range g {
			out[i] = orb.Ring(shiftPath(r, dx))
		}
		return out
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = shift(p, dx).(orb.Polygon)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, m := range g {
			out[i] = shift(m, dx)
		}
		return out
	}
	return g
}

// sideBySide unwraps each part (when unwrapParts) and then moves by 360°
// the parts that lie west of the widest empty band of longitude, when
// that band is not the one across ±180° and is at least 180° wide: the
// parts then sit side by side across the antimeridian, within half the
// world. ok is false when nothing moved.
func sideBySide(parts []orb.Geometry, unwrapParts bool) ([]orb.Geometry, bool) {
	changed := false
	if unwrapParts {
		for i, p := range parts {
			if u, ok := Unwrap(p); ok {
				// keep each part's west edge in [-180, 180)
				if nb := normalBound(rawBound(u)); !isEmptyBound(nb) {
					if dx := nb.Min[0] - rawBound(u).Min[0]; dx != 0 {
						u = shift(u, dx)
					}
				}
				parts[i], changed = u, true
			}
		}
	}
	if len(parts) < 2 {
		return parts, changed
	}
	spans := make([][2]float64, len(parts))
	for i, p := range parts {
		b := rawBound(p)
		spans[i] = [2]float64{b.Min[0], b.Max[0]}
	}
	if start, ok := narrowestStart(spans); ok {
		for i, sp := range spans {
			if sp[0] < start {
				parts[i], changed = shift(parts[i], 360), true
			}
		}
	}
	return parts, changed
}

// narrowestStart finds, for longitude intervals (each [w, e] with w in
// [-180, 180] and e ≤ w+360), the widest empty band on the circle. ok is
// true when that band is not the one across ±180° the plain reading
// leaves: start is then the longitude where the occupied band begins, and
// intervals starting west of it belong 360° further east.
func narrowestStart(spans [][2]float64) (start float64, ok bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	type iv struct{ w, e float64 }
	ivs := make([]iv, 0, len(spans))
	for _, s := range spans {
		if math.IsNaN(s[0]) || math.IsInf(s[0], 0) {
			continue
		}
		if s[1]-s[0] >= 360 {
			return 0, false
		}
		ivs = append(ivs, iv{s[0], s[1]})
		lo, hi = min(lo, s[0]), max(hi, s[1])
	}
	if len(ivs) < 2 || hi-lo <= 180 {
		return 0, false // the plain band is already the narrowest
	}
	// only a band of at most 180° across ±180° is taken: world-wide data
	// keeps its plain box
	const minGap = 180
	slices.SortFunc(ivs, func(a, b iv) int {
		switch {
		case a.w < b.w:
			return -1
		case a.w > b.w:
			return 1
		}
		return 0
	})
	// the plain reading leaves the band from hi round to lo+360 empty
	bestGap := lo + 360 - hi
	reach := ivs[0].e
	for _, v := range ivs[1:] {
		if gap := v.w - reach; gap > bestGap+1e-9 && gap >= minGap {
			bestGap, start, ok = gap, v.w, true
		}
		reach = max(reach, v.e)
	}
	return start, ok
}

// rawBound is the box of every position of g, holes included (orb's
// Polygon.Bound looks at the exterior only).
func rawBound(g orb.Geometry) orb.Bound {
	switch g := g.(type) {
	case orb.Polygon:
		return pathsBound(g)
	case orb.MultiPolygon:
		var b orb.Bound
		for i, p := range g {
			if i == 0 {
				b = pathsBound(p)
			} else {
				b = b.Union(pathsBound(p))
			}
		}
		return b
	case orb.Collection:
		var b orb.Bound
		first := true
		for _, m := range g {
			mb := rawBound(m)
			if isEmptyBound(mb) {
				continue
			}
			if first {
				b, first = mb, false
			} else {
				b = b.Union(mb)
			}
		}
		if first {
			return orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		}
		return b
	}
	return g.Bound()
}

func pathsBound(p orb.Polygon) orb.Bound {
	var b orb.Bound
	for i, r := range p {
		if i == 0 {
			b = pathBound(r)
		} else {
			b = b.Union(pathBound(r))
		}
	}
	return b
}

func pathBound(pts []orb.Point) orb.Bound {
	return orb.MultiPoint(pts).Bound()
}

// Bound returns the box of g read the short way across the antimeridian
// (see Unwrap), holes included: its west edge lies in [-180, 180] and its
// east edge may pass 180 (a box from 170° east to 170° west is 170..190).
func Bound(g orb.Geometry) orb.Bound {
	u, _ := Unwrap(g)
	return normalBound(rawBound(u))
}

// normalBound moves b by 360° so that its west edge lies in [-180, 180).
func normalBound(b orb.Bound) orb.Bound {
	if isEmptyBound(b) {
		return b
	}
	s := 0.0
	for b.Min[0]+s < -180 {
		s += 360
	}
	for b.Min[0]+s >= 180 {
		s -= 360
	}
	b.Min[0] += s
	b.Max[0] += s
	return b
}

// wrapLon brings a longitude back into [-180, 180].
func wrapLon(x float64) float64 {
	if x >= -180 && x <= 180 {
		return x
	}
	x = math.Mod(x+180, 360)
	if x < 0 {
		x += 360
	}
	return x - 180
}

// lonBins marks the whole degrees of longitude a layer's features cover,
// so that Build can tell a layer that sits across the antimeridian.
type lonBins [6]uint64

func (lb *lonBins) set(deg int) {
	deg = ((deg % 360) + 360) % 360 // 0 is -180..-179
	lb[deg/64] |= 1 << (deg % 64)
}

func (lb *lonBins) has(deg int) bool {
	deg = ((deg % 360) + 360) % 360
	return lb[deg/64]&(1<<(deg%64)) != 0
}

// mark records the longitudes w..e (e may pass 180).
func (lb *lonBins) mark(w, e float64) {
	if math.IsNaN(w) || math.IsNaN(e) || math.IsInf(w, 0) || math.IsInf(e, 0) {
		return
	}
	a, b := int(math.Floor(w+180)), int(math.Floor(e+180))
	if b-a >= 360 {
		b = a + 359
	}
	if a == b {
		lb.set(a)
		return
	}
	for d := a; d <= b; d++ {
		lb.set(d)
	}
}

func (lb *lonBins) or(o *lonBins) {
	for i := range lb {
		lb[i] |= o[i]
	}
}

// gapStart returns the first degree after the widest run of unmarked
// degrees, when that run is wider than the one the plain box leaves across
// ±180° (plain is the plain box's west and east edges).
func (lb *lonBins) gapStart(west, east float64) (int, bool) {
	plainGap := 360 - (east - west)
	best, bestEnd := 0, -1
	run := 0
	for d := 0; d < 720; d++ { // twice round, for runs across the wrap
		if lb.has(d) {
			if run > best {
				best, bestEnd = run, d
			}
			run = 0
			continue
		}
		run++
	}
	if bestEnd < 0 || float64(best) <= plainGap+2 || best < 180 {
		return 0, false
	}
	return bestEnd % 360, true
}
