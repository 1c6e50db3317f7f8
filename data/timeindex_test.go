package data

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// randomSpans mixes instants, hours, days, months, years and undated.
func randomSpans(rng *rand.Rand, n int) []Span {
	const day = 86_400_000
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	out := make([]Span, n)
	for i := range out {
		s := base + rng.Int64N(2*365*day)
		switch rng.IntN(7) {
		case 0:
			out[i] = Undated
		case 1:
			out[i] = Span{s, s + 3_600_000 - 1}
		case 2:
			out[i] = Span{s, s + day - 1}
		case 3:
			out[i] = Span{s, s + 30*day - 1}
		case 4:
			out[i] = Span{s, s + 365*day - 1}
		default:
			out[i] = Span{s, s}
		}
	}
	return out
}

func TestTimeIndexAgainstScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	const day = 86_400_000
	for _, n := range []int{0, 1, 10, 5000} {
		spans := randomSpans(rng, n)
		ix := NewTimeIndex(spans)
		if ix.Len() != n {
			t.Fatalf("Len %d, want %d", ix.Len(), n)
		}
		var undated []int32
		for i, s := range spans {
			if !s.Dated() {
				undated = append(undated, int32(i))
			}
		}
		if !slices.Equal(ix.Undated(), undated) {
			t.Errorf("n=%d: undated %v, want %v", n, ix.Undated(), undated)
		}
		base := time.Date(2014, 12, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
		windows := []Span{{base, base + 900*day}, {0, 0}}
		for range 200 {
			s := base + rng.Int64N(800*day)
			var w Span
			switch rng.IntN(4) {
			case 0:
				w = Span{s, s} // an instant window
			case 1:
				w = Span{s, s + day - 1}
			case 2:
				w = Span{s, s + 7*day - 1}
			default:
				w = Span{s, s + rng.Int64N(200*day)}
			}
			windows = append(windows, w)
		}
		// windows that touch a span's ends exactly
		for i := 0; i < len(spans) && i < 50; i++ {
			if s := spans[i]; s.Dated() {
				windows = append(windows, Span{s.End, s.End + day}, Span{s.Start - day, s.Start}, s)
			}
		}
		mask := make([]bool, n)
		for _, w := range windows {
			for _, inside := range []bool{false, true} {
				name := fmt.Sprintf("n=%d w=%v inside=%v", n, w, inside)
				var want []int32
				for i, s := range spans {
					if (!inside && s.Overlaps(w)) || (inside && s.Inside(w)) {
						want = append(want, int32(i))
					}
				}
				var got []int32
				ix.Query(w, inside, func(i int32) bool { got = append(got, i); return true })
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Fatalf("%s: Query gave %d features, scan %d", name, len(got), len(want))
				}
				if c := ix.Count(w, inside); c != len(want) {
					t.Fatalf("%s: Count %d, scan %d", name, c, len(want))
				}
				for _, withUndated := range []bool{false, true} {
					ix.Mask(mask, w, inside, withUndated)
					for i, s := range spans {
						wantVis := (!s.Dated() && withUndated) || slices.Contains(want, int32(i))
						if mask[i] != wantVis {
							t.Fatalf("%s undated=%v: Mask[%d]=%v for %v", name, withUndated, i, mask[i], s)
						}
					}
				}
			}
		}
	}
}

func TestTimeIndexEdges(t *testing.T) {
	ix := NewTimeIndex(nil)
	if ix.Count(Span{0, 1}, false) != 0 || len(ix.Undated()) != 0 {
		t.Error("empty index")
	}
	spans := []Span{{5, 5}, {0, 10}, Undated}
	ix = NewTimeIndex(spans)
	if ix.Count(Undated, false) != 0 {
		t.Error("an undated window matched")
	}
	stopped := 0
	ix.Query(Span{0, 10}, false, func(int32) bool { stopped++; return false })
	if stopped != 1 {
		t.Errorf("Query went on after fn returned false (%d calls)", stopped)
	}
	var nilIx *TimeIndex
	if nilIx.Count(Span{0, 1}, false) != 0 {
		t.Error("nil index")
	}
}

// TestGroupRange checks that the runs GroupRange gives, filtered by Span
// where they are not exact, hold exactly the features Query reports.
func TestGroupRange(t *testing.T) {
	spans := []Span{
		{Start: 10, End: 10}, {Start: 5, End: 5}, Undated, {Start: 0, End: 100},
		{Start: 20, End: 25}, {Start: 30, End: 30}, {Start: 12, End: 40}, {Start: 8, End: 9},
	}
	ix := NewTimeIndex(spans)
	for _, tc := range []struct {
		name   string
		w      Span
		inside bool
	}{
		{"narrow", Span{Start: 9, End: 11}, false},
		{"inside", Span{Start: 5, End: 30}, true},
		{"all", Span{Start: -1000, End: 1000}, false},
		{"none", Span{Start: 200, End: 300}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := map[int32]bool{}
			ix.Query(tc.w, tc.inside, func(i int32) bool { want[i] = true; return true })
			got := map[int32]bool{}
			for g, ids := range ix.Groups() {
				lo, hi, exact := ix.GroupRange(g, tc.w, tc.inside)
				for _, id := range ids[lo:hi] {
					s := spans[id]
					if exact || (tc.inside && s.Inside(tc.w)) || (!tc.inside && s.Overlaps(tc.w)) {
						got[id] = true
					}
				}
			}
			if len(got) != len(want) {
				t.Fatalf("GroupRange gave %v, Query %v", got, want)
			}
			for id := range want {
				if !got[id] {
					t.Errorf("feature %d missing", id)
				}
			}
		})
	}
}

func TestTimeIndexOpenEndedWindows(t *testing.T) {
	spans := []Span{{0, 0}, {10, 20}, {1 << 40, 1<<40 + 5}, Undated}
	ix := NewTimeIndex(spans)
	tests := []struct {
		name string
		w    Span
		want int
	}{
		{"from the dawn of int64", Span{Start: math.MinInt64 + 1, End: 15}, 2},
		{"to the end of int64", Span{Start: 15, End: math.MaxInt64}, 2},
		{"everything", Span{Start: math.MinInt64 + 1, End: math.MaxInt64}, 3},
		{"earliest to latest", Span{Start: Earliest, End: Latest}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ix.Count(tt.w, false); got != tt.want {
				t.Errorf("Count = %d, want %d", got, tt.want)
			}
			n := 0
			ix.Query(tt.w, false, func(int32) bool { n++; return true })
			if n != tt.want {
				t.Errorf("Query found %d, want %d", n, tt.want)
			}
			lo, hi, _ := ix.GroupRange(0, tt.w, false)
			if lo < 0 || hi < lo {
				t.Errorf("GroupRange = [%d,%d)", lo, hi)
			}
		})
	}
}

// A layer of which no feature is dated lists every feature as undated in
// its index (the counts of filtered layers walk that list).
func TestUndatedLayerIndex(t *testing.T) {
	b := NewBuilder("undated", 3)
	for range 3 {
		if err := b.Add(Feature{Geometry: orb.Point{1, 2}, Span: Undated}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	if got := len(l.Index().Undated()); got != 3 {
		t.Errorf("index lists %d undated features of 3", got)
	}
}
