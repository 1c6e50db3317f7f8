package style

import (
	"math"
	"slices"
)

// Classes splits values into at most n classes by method (EqualInterval,
// Quantile or NaturalBreaks; anything else is EqualInterval) and returns
// the classes' bounds, ascending: class i holds the values from
// bounds[i] to bounds[i+1] (the last bound included). Values that are NaN
// or infinite are left out. It returns fewer classes when the values have
// fewer distinct values than n, one class when they are all equal, and
// nil when there is none. values is not changed.
func Classes(values []float64, method string, n int) []float64 {
	vs := make([]float64, 0, len(values))
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 || n < 1 {
		return nil
	}
	slices.Sort(vs)
	lo, hi := vs[0], vs[len(vs)-1]
	if lo == hi {
		return []float64{lo, hi}
	}
	var b []float64
	switch method {
	case Quantile:
		b = quantileBounds(vs, min(n, distinctCount(vs)))
	case NaturalBreaks:
		b = jenksBounds(vs, min(n, distinctCount(vs)))
	default:
		b = make([]float64, n+1)
		for i := range b {
			b[i] = lo + (hi-lo)*float64(i)/float64(n)
		}
		b[n] = hi
	}
	// a class repeating the previous bound is empty; the first class
	// may be one value (its bounds equal)
	out := b[:1]
	for _, v := range b[1:] {
		if v != out[len(out)-1] || len(out) == 1 {
			out = append(out, v)
		}
	}
	return out
}

// distinctCount returns how many distinct values sorted vs holds.
func distinctCount(vs []float64) int {
	n := 0
	for i, v := range vs {
		if i == 0 || v != vs[i-1] {
			n++
		}
	}
	return n
}

// ClassOf returns the class (0-based) of v among bounds as Classes
// returns them, or -1 when v is NaN, infinite or outside them.
func ClassOf(bounds []float64, v float64) int {
	if len(bounds) < 2 || math.IsNaN(v) || math.IsInf(v, 0) || v < bounds[0] || v > bounds[len(bounds)-1] {
		return -1
	}
	// the first class whose upper bound holds v; classes include their
	// upper bound, the first also its lower one
	for i := 1; i < len(bounds); i++ {
		if v <= bounds[i] {
			return i - 1
		}
	}
	return len(bounds) - 2
}

// quantileBounds returns the bounds of n classes of sorted vs holding
// about as many values each; a bound is always a value.
func quantileBounds(vs []float64, n int) []float64 {
	b := make([]float64, n+1)
	b[0], b[n] = vs[0], vs[len(vs)-1]
	for i := 1; i < n; i++ {
		b[i] = vs[min(len(vs)-1, int(math.Ceil(float64(i)*float64(len(vs))/float64(n)))-1)]
	}
	return b
}

// maxJenks is how many distinct values natural breaks works on; more are
// first gathered into this many groups of equal count (the breaks then
// fall between groups).
const maxJenks = 1000

// jenksBounds returns the Jenks natural breaks (Fisher's exact optimal
// partition minimising the within-class sum of squared deviations) of
// sorted vs into n classes, computed on its distinct values weighted by
// how often each occurs.
func jenksBounds(vs []float64, n int) []float64 {
	// weighted distinct values (or groups of them)
	type wv struct{ v, w, sum, sq float64 }
	var xs []wv
	for i := 0; i < len(vs); {
		j := i
		for j < len(vs) && vs[j] == vs[i] {
			j++
		}
		w := float64(j - i)
		xs = append(xs, wv{v: vs[i], w: w, sum: w * vs[i], sq: w * vs[i] * vs[i]})
		i = j
	}
	if len(xs) > maxJenks {
		per := (len(xs) + maxJenks - 1) / maxJenks
		var g []wv
		for i := 0; i < len(xs); i += per {
			acc := wv{v: xs[i].v}
			for _, x := range xs[i:min(i+per, len(xs))] {
				acc.w += x.w
				acc.sum += x.sum
				acc.sq += x.sq
			}
			g = append(g, acc)
		}
		xs = g
	}
	m := len(xs)
	n = min(n, m)
	// prefix sums of weight, weighted sum and weighted squares
	W, S, Q := make([]float64, m+1), make([]float64, m+1), make([]float64, m+1)
	for i, x := range xs {
		W[i+1], S[i+1], Q[i+1] = W[i]+x.w, S[i]+x.sum, Q[i]+x.sq
	}
	// ssd of items [i, j)
	ssd := func(i, j int) float64 {
		w := W[j] - W[i]
		if w == 0 {
			return 0
		}
		s := S[j] - S[i]
		return Q[j] - Q[i] - s*s/w
	}
	// cost[k][j]: least ssd of the first j items in k+1 classes; from[k][j]
	// where the last class starts
	cost := make([][]float64, n)
	from := make([][]int, n)
	for k := range cost {
		cost[k] = make([]float64, m+1)
		from[k] = make([]int, m+1)
	}
	for j := 1; j <= m; j++ {
		cost[0][j] = ssd(0, j)
	}
	for k := 1; k < n; k++ {
		for j := k + 1; j <= m; j++ {
			best, at := math.Inf(1), k
			for i := k; i < j; i++ {
				if c := cost[k-1][i] + ssd(i, j); c < best {
					best, at = c, i
				}
			}
			cost[k][j], from[k][j] = best, at
		}
	}
	// walk back: each class's first item
	starts := make([]int, n)
	j := m
	for k := n - 1; k > 0; k-- {
		starts[k] = from[k][j]
		j = starts[k]
	}
	b := make([]float64, 0, n+1)
	b = append(b, xs[0].v)
	for k := 1; k < n; k++ {
		// a class ends at the largest value before the next one starts
		end := starts[k] - 1
		b = append(b, lastValue(vs, xs[end].v, xs[starts[k]].v))
	}
	b = append(b, vs[len(vs)-1])
	return b
}

// lastValue returns the largest value of sorted vs below next (at least
// from): the upper bound of a class whose next class starts at next.
func lastValue(vs []float64, from, next float64) float64 {
	i, _ := slices.BinarySearch(vs, next)
	if i > 0 && vs[i-1] >= from {
		return vs[i-1]
	}
	return from
}
