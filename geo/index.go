package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

// Mercator returns p (longitude, latitude in degrees) in Web Mercator
// metres, as Transform.Project uses them. Latitudes beyond ±90° are clamped
// and the poles land on the edge of the square world; NaN stays NaN.
func Mercator(p orb.Point) orb.Point {
	if p[1] > 90 {
		p[1] = 90
	} else if p[1] < -90 {
		p[1] = -90
	}
	return project.WGS84.ToMercator(p)
}

// MercatorBound returns the Web Mercator box of the part of the plane that v
// shows.
func MercatorBound(v Viewport) orb.Bound {
	t := v.Transform()
	half := orb.Point{float64(v.W) / 2 * t.res, float64(v.H) / 2 * t.res}
	return orb.Bound{
		Min: orb.Point{t.cx - half[0], t.cy - half[1]},
		Max: orb.Point{t.cx + half[0], t.cy + half[1]},
	}
}

// PointIndex is a static k-d tree over points in a plane (campmap indexes
// Web Mercator metres). It is built once from a point set, answers box,
// radius and nearest-neighbour queries, and is immutable afterwards, so any
// number of goroutines may query it at once. Points with a NaN or infinite
// coordinate are left out. Memory: 24 bytes a point.
type PointIndex struct {
	ids      []int32   // point ids in tree order
	xy       []float64 // x, y interleaved, in tree order
	pos      []int32   // pos[id]: tree position of point id, -1 when left out
	nodeSize int
}

// indexNodeSize is the number of points in a leaf, scanned linearly.
const indexNodeSize = 32

// NewPointIndex indexes n points; at(i) returns point i's coordinates. The
// ids the queries report are these i.
func NewPointIndex(n int, at func(i int) (x, y float64)) *PointIndex {
	ix := &PointIndex{nodeSize: indexNodeSize}
	n = max(n, 0)
	ix.pos = make([]int32, n)
	ix.ids = make([]int32, 0, n)
	ix.xy = make([]float64, 0, 2*n)
	for i := 0; i < n; i++ {
		x, y := at(i)
		if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
			ix.pos[i] = -1
			continue
		}
		ix.ids = append(ix.ids, int32(i))
		ix.xy = append(ix.xy, x, y)
	}
	ix.sort(0, len(ix.ids)-1, 0)
	for p, id := range ix.ids {
		ix.pos[id] = int32(p)
	}
	return ix
}

// Len returns the number of points indexed (finite ones only).
func (ix *PointIndex) Len() int {
	if ix == nil {
		return 0
	}
	return len(ix.ids)
}

// XY returns point id's coordinates; ok is false when it was left out or id
// is out of range.
func (ix *PointIndex) XY(id int) (x, y float64, ok bool) {
	if ix == nil || id < 0 || id >= len(ix.pos) || ix.pos[id] < 0 {
		return 0, 0, false
	}
	p := int(ix.pos[id])
	return ix.xy[2*p], ix.xy[2*p+1], true
}

func (ix *PointIndex) sort(left, right, axis int) {
	for right-left > ix.nodeSize {
		m := (left + right) >> 1
		ix.selectK(m, left, right, axis)
		ix.sort(left, m-1, 1-axis)
		left, axis = m+1, 1-axis // tail call on the right half
		// The left half was handled with the other axis; the right half
		// continues with it too.
	}
}

// selectK reorders [left, right] so that the k-th element on axis is in its
// sorted place, smaller ones before it and larger ones after (Floyd–Rivest).
func (ix *PointIndex) selectK(k, left, right, axis int) {
	for right > left {
		if right-left > 600 {
			n := float64(right - left + 1)
			m := float64(k - left + 1)
			z := math.Log(n)
			s := 0.5 * math.Exp(2*z/3)
			sd := 0.5 * math.Sqrt(z*s*(n-s)/n)
			if m-n/2 < 0 {
				sd = -sd
			}
			nl := max(left, int(float64(k)-m*s/n+sd))
			nr := min(right, int(float64(k)+(n-m)*s/n+sd))
			ix.selectK(k, nl, nr, axis)
		}
		t := ix.xy[2*k+axis]
		i, j := left, right
		ix.swap(left, k)
		if ix.xy[2*right+axis] > t {
			ix.swap(left, right)
		}
		for i < j {
			ix.swap(i, j)
			i++
			j--
			for ix.xy[2*i+axis] < t {
				i++
			}
			for ix.xy[2*j+axis] > t {
				j--
			}
		}
		if ix.xy[2*left+axis] == t {
			ix.swap(left, j)
		} else {
			j++
			ix.swap(j, right)
		}
		if j <= k {
			left = j + 1
		}
		if k <= j {
			right = j - 1
		}
	}
}

func (ix *PointIndex) swap(i, j int) {
	ix.ids[i], ix.ids[j] = ix.ids[j], ix.ids[i]
	ix.xy[2*i], ix.xy[2*j] = ix.xy[2*j], ix.xy[2*i]
	ix.xy[2*i+1], ix.xy[2*j+1] = ix.xy[2*j+1], ix.xy[2*i+1]
}

type indexSpan struct {
	left, right, axis int
	d2                float64 // lower bound of the squared distance to the span's points (Nearest)
}

// Range calls fn for every point inside the box [minX, maxX]×[minY, maxY]
// (edges included), in tree order, until fn returns false.
func (ix *PointIndex) Range(minX, minY, maxX, maxY float64, fn func(id int, x, y float64) bool) {
	if ix == nil {
		return
	}
	ix.RangePos(minX, minY, maxX, maxY, func(pos int, x, y float64) bool { return fn(int(ix.ids[pos]), x, y) })
}

// RangePos is Range reporting tree positions instead of ids (see ID): a
// caller may keep per-point data in tree order and read it sequentially.
// The order of the calls is the same as Range's, whatever the box: points
// are reported in tree order.
func (ix *PointIndex) RangePos(minX, minY, maxX, maxY float64, fn func(pos int, x, y float64) bool) {
	if ix == nil || len(ix.ids) == 0 || !(minX <= maxX) || !(minY <= maxY) {
		return
	}
	var stackBuf [64]indexSpan
	stack := append(stackBuf[:0], indexSpan{0, len(ix.ids) - 1, 0, 0})
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.right-s.left <= ix.nodeSize {
			xy := ix.xy[2*s.left : 2*s.right+2]
			for i := 0; i+1 < len(xy); i += 2 {
				x, y := xy[i], xy[i+1]
				if x >= minX && x <= maxX && y >= minY && y <= maxY {
					if !fn(s.left+i/2, x, y) {
						return
					}
				}
			}
			continue
		}
		m := (s.left + s.right) >> 1
		x, y := ix.xy[2*m], ix.xy[2*m+1]
		if x >= minX && x <= maxX && y >= minY && y <= maxY {
			if !fn(m, x, y) {
				return
			}
		}
		v := x
		lo, hi := minX, maxX
		if s.axis == 1 {
			v, lo, hi = y, minY, maxY
		}
		// Push the right half first so the left is visited first.
		if hi >= v {
			stack = append(stack, indexSpan{m + 1, s.right, 1 - s.axis, 0})
		}
		if lo <= v {
			stack = append(stack, indexSpan{s.left, m - 1, 1 - s.axis, 0})
		}
	}
}

// ID returns the id of the point at tree position pos (0 ≤ pos < Len).
func (ix *PointIndex) ID(pos int) int { return int(ix.ids[pos]) }

// Pos returns the tree position of point id, or -1 when it was left out
// or id is out of range.
func (ix *PointIndex) Pos(id int) int {
	if ix == nil || id < 0 || id >= len(ix.pos) {
		return -1
	}
	return int(ix.pos[id])
}

// XYAt returns the coordinates of the point at tree position pos.
func (ix *PointIndex) XYAt(pos int) (x, y float64) { return ix.xy[2*pos], ix.xy[2*pos+1] }

// Count returns the number of points inside the box.
func (ix *PointIndex) Count(minX, minY, maxX, maxY float64) int {
	n := 0
	ix.Range(minX, minY, maxX, maxY, func(int, float64, float64) bool { n++; return true })
	return n
}

// Within calls fn for every point within distance r of (x, y), with its
// squared distance, until fn returns false.
func (ix *PointIndex) Within(x, y, r float64, fn func(id int, d2 float64) bool) {
	if !(r >= 0) {
		return
	}
	r2 := r * r
	ix.Range(x-r, y-r, x+r, y+r, func(id int, px, py float64) bool {
		dx, dy := px-x, py-y
		if d2 := dx*dx + dy*dy; d2 <= r2 {
			return fn(id, d2)
		}
		return true
	})
}

// Nearest returns the point nearest to (x, y) within distance r that accept
// takes (nil accepts every point), and its distance. Among equally near
// points the largest id wins, so the answer does not depend on tree order.
func (ix *PointIndex) Nearest(x, y, r float64, accept func(id int) bool) (id int, dist float64, ok bool) {
	if ix == nil || len(ix.ids) == 0 || !(r >= 0) || math.IsNaN(x) || math.IsNaN(y) {
		return -1, 0, false
	}
	best, bestD2 := -1, r*r
	var stackBuf [64]indexSpan
	stack := append(stackBuf[:0], indexSpan{0, len(ix.ids) - 1, 0, 0})
	consider := func(i int) {
		dx, dy := ix.xy[2*i]-x, ix.xy[2*i+1]-y
		d2 := dx*dx + dy*dy
		if d2 > bestD2 || (d2 == bestD2 && int(ix.ids[i]) < best) {
			return
		}
		if accept != nil && !accept(int(ix.ids[i])) {
			return
		}
		best, bestD2 = int(ix.ids[i]), d2
	}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if s.d2 > bestD2 {
			continue // a nearer point was found since it was pushed
		}
		if s.right-s.left <= ix.nodeSize {
			for i := s.left; i <= s.right; i++ {
				consider(i)
			}
			continue
		}
		m := (s.left + s.right) >> 1
		consider(m)
		v, c := ix.xy[2*m], x
		if s.axis == 1 {
			v, c = ix.xy[2*m+1], y
		}
		// The half beyond the split is searched only while the split line is
		// within the best distance so far; visit the near half last so it is
		// popped first.
		d := c - v
		far := indexSpan{m + 1, s.right, 1 - s.axis, max(s.d2, d*d)}
		near := indexSpan{s.left, m - 1, 1 - s.axis, s.d2}
		if d > 0 {
			far.left, far.right, near.left, near.right = near.left, near.right, far.left, far.right
		}
		if far.d2 <= bestD2 {
			stack = append(stack, far)
		}
		stack = append(stack, near)
	}
	if best < 0 {
		return -1, 0, false
	}
	return best, math.Sqrt(bestD2), true
}
