package data

import (
	"cmp"
	"math/bits"
	"slices"
)

// TimeIndex answers "which features overlap [from, to]" over a layer's spans.
// Features are grouped by the length of their span in powers of two and
// sorted by start inside each group; a query binary-searches each group for
// the starts that can reach the window and keeps those whose end does. In
// a group every candidate that is not kept starts at most 2^(g+1) ms before
// the window and lasts at least 2^g ms, so the wasted work per group is
// bounded by the matches around the window's start: O(G log n + k), G ≤ 64.
// A TimeIndex is immutable and safe for concurrent use.
type TimeIndex struct {
	groups  []timeGroup
	undated []int32 // features without a time, in order
	n       int
}

type timeGroup struct {
	maxLen int64   // every span in the group is at most this long
	starts []int64 // sorted
	ends   []int64 // ends[i] belongs to starts[i]; nil for instants (ends == starts)
	ids    []int32
}

// NewTimeIndex indexes spans (feature i has spans[i]). A nil slice means no
// feature is dated.
func NewTimeIndex(spans []Span) *TimeIndex {
	ix := &TimeIndex{n: len(spans)}
	// count first, so that each group is allocated once at its size
	var sizes [66]int // 65: undated
	for _, s := range spans {
		if !s.Dated() {
			sizes[65]++
			continue
		}
		sizes[bits.Len64(uint64(s.End-s.Start))]++ // 0 for instants
	}
	var byGroup [65][]int32
	for g := range byGroup {
		if sizes[g] > 0 {
			byGroup[g] = make([]int32, 0, sizes[g])
		}
	}
	if sizes[65] > 0 {
		ix.undated = make([]int32, 0, sizes[65])
	}
	for i, s := range spans {
		if !s.Dated() {
			ix.undated = append(ix.undated, int32(i))
			continue
		}
		g := bits.Len64(uint64(s.End - s.Start))
		byGroup[g] = append(byGroup[g], int32(i))
	}
	for g, ids := range byGroup {
		if len(ids) == 0 {
			continue
		}
		ids = clip(ids)
		tg := timeGroup{ids: ids}
		tg.starts = sortByStart(ids, spans)
		if g > 0 {
			tg.maxLen = int64(1)<<g - 1
			tg.ends = make([]int64, len(ids))
			for j, id := range ids {
				tg.ends[j] = spans[id].End
			}
		}
		ix.groups = append(ix.groups, tg)
	}
	return ix
}

// sortByStart sorts ids (ascending on entry) by their span's start, ties
// keeping id order, and returns the sorted starts. Large groups use a
// stable LSD radix sort on the 64-bit start, whose key buffer ends as the
// starts returned (ten million features need 80 MB less while the index
// is built).
func sortByStart(ids []int32, spans []Span) []int64 {
	if len(ids) < 512 {
		starts := make([]int64, len(ids))
		slices.SortStableFunc(ids, func(a, b int32) int {
			return cmp.Compare(spans[a].Start, spans[b].Start)
		})
		for j, id := range ids {
			starts[j] = spans[id].Start
		}
		return starts
	}
	orig := ids
	keys := make([]int64, len(ids))
	var diff uint64 // bits that vary between keys
	for j, id := range ids {
		keys[j] = spans[id].Start
		diff |= uint64(keys[j] ^ keys[0])
	}
	// digits of the start with its sign bit flipped, which orders signed
	// values as unsigned
	digit := func(k int64, shift uint) uint64 { return (uint64(k) ^ 1<<63) >> shift & 0xff }
	tk, ti := make([]int64, len(ids)), make([]int32, len(ids))
	for shift := uint(0); shift < 64; shift += 8 {
		if (diff>>shift)&0xff == 0 {
			continue // this byte is the same in every key
		}
		var count [257]int
		for _, k := range keys {
			count[digit(k, shift)+1]++
		}
		for d := 1; d < 257; d++ {
			count[d] += count[d-1]
		}
		for j, k := range keys {
			d := digit(k, shift)
			tk[count[d]], ti[count[d]] = k, ids[j]
			count[d]++
		}
		keys, tk = tk, keys
		ids, ti = ti, ids
	}
	if &ids[0] != &orig[0] {
		copy(orig, ids)
	}
	return keys
}

// Len returns the number of features indexed, dated or not.
func (ix *TimeIndex) Len() int { return ix.n }

// Undated returns the indices of features without a time.
func (ix *TimeIndex) Undated() []int32 { return ix.undated }

// newUndatedIndex is the index of n features none of which is dated (a
// layer that keeps no spans).
func newUndatedIndex(n int) *TimeIndex {
	ix := &TimeIndex{n: n, undated: make([]int32, n)}
	for i := range ix.undated {
		ix.undated[i] = int32(i)
	}
	return ix
}

// Query calls fn with the index of every dated feature whose span overlaps w
// (inside: lies wholly within w), in no particular order. It stops early when
// fn returns false.
func (ix *TimeIndex) Query(w Span, inside bool, fn func(i int32) bool) {
	if ix == nil || !w.Dated() {
		return
	}
	w = w.bounded()
	for gi := range ix.groups {
		g := &ix.groups[gi]
		lo := w.Start - g.maxLen
		if inside {
			lo = w.Start
		}
		a, _ := slices.BinarySearch(g.starts, lo)
		b, _ := slices.BinarySearch(g.starts, w.End+1)
		if g.ends == nil { // instants: every start in [w.Start, w.End] matches
			for j := a; j < b; j++ {
				if !fn(g.ids[j]) {
					return
				}
			}
			continue
		}
		for j := a; j < b; j++ {
			e := g.ends[j]
			if e < w.Start || (inside && e > w.End) {
				continue
			}
			if !fn(g.ids[j]) {
				return
			}
		}
	}
}

// Count returns how many dated features overlap w (inside: lie within w).
// Instants are counted by binary search alone.
func (ix *TimeIndex) Count(w Span, inside bool) int {
	if ix == nil || !w.Dated() {
		return 0
	}
	w = w.bounded()
	n := 0
	for gi := range ix.groups {
		g := &ix.groups[gi]
		if g.ends == nil {
			a, _ := slices.BinarySearch(g.starts, w.Start)
			b, _ := slices.BinarySearch(g.starts, w.End+1)
			n += b - a
			continue
		}
		lo := w.Start - g.maxLen
		if inside {
			lo = w.Start
		}
		a, _ := slices.BinarySearch(g.starts, lo)
		b, _ := slices.BinarySearch(g.starts, w.End+1)
		for j := a; j < b; j++ {
			if e := g.ends[j]; e >= w.Start && (!inside || e <= w.End) {
				n++
			}
		}
	}
	return n
}

// Mask sets visible[i] for every feature shown in window w: dated features
// that overlap it (or lie inside it) and, when withUndated, undated ones.
// visible must have Len() entries; it is cleared first.
func (ix *TimeIndex) Mask(visible []bool, w Span, inside, withUndated bool) {
	clear(visible)
	if withUndated {
		for _, i := range ix.undated {
			visible[i] = true
		}
	}
	ix.Query(w, inside, func(i int32) bool { visible[i] = true; return true })
}

// Groups returns the index's groups of dated features: every feature index
// appears in exactly one group, and each group is sorted by span start. With
// GroupRange it lets a caller keep per-feature data in the index's order and
// visit a window's features as contiguous runs. The slices must not be
// modified.
func (ix *TimeIndex) Groups() [][]int32 {
	if ix == nil {
		return nil
	}
	out := make([][]int32, len(ix.groups))
	for i := range ix.groups {
		out[i] = ix.groups[i].ids
	}
	return out
}

// GroupRange returns the positions [lo, hi) in group g (as Groups returns
// it) of the features that may overlap w (inside: lie within w). When exact
// is true every one of them does (the group holds instants); otherwise the
// caller checks each feature's Span. An undated window or a group out of
// range gives an empty range.
func (ix *TimeIndex) GroupRange(g int, w Span, inside bool) (lo, hi int, exact bool) {
	if ix == nil || !w.Dated() || g < 0 || g >= len(ix.groups) {
		return 0, 0, true
	}
	w = w.bounded()
	tg := &ix.groups[g]
	from := w.Start - tg.maxLen
	if inside || tg.ends == nil {
		from = w.Start
	}
	lo, _ = slices.BinarySearch(tg.starts, from)
	hi, _ = slices.BinarySearch(tg.starts, w.End+1)
	return lo, hi, tg.ends == nil
}
