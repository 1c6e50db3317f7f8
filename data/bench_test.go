package data

import (
	"math/rand/v2"
	"testing"
	"time"
)

var (
	synthStart = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	synthEnd   = time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC)
)

// BenchmarkTimeIndexQuery counts and lists the features of 1,000,000
// spread over two years that overlap a one-week window.
func BenchmarkTimeIndexQuery(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	spans := make([]Span, 1_000_000)
	lo, hi := synthStart.UnixMilli(), synthEnd.UnixMilli()
	for i := range spans {
		s := lo + rng.Int64N(hi-lo)
		switch rng.IntN(10) {
		case 0:
			spans[i] = Undated
		case 1: // a day
			spans[i] = Span{Start: s, End: s + 86_400_000 - 1}
		case 2: // a month
			spans[i] = Span{Start: s, End: s + 30*86_400_000 - 1}
		default:
			spans[i] = Span{Start: s, End: s}
		}
	}
	ix := NewTimeIndex(spans)
	w0 := time.Date(2015, 7, 27, 0, 0, 0, 0, time.UTC).UnixMilli()
	week := Span{Start: w0, End: w0 + 7*86_400_000 - 1}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		ix.Query(week, false, func(int32) bool { n++; return true })
	}
	b.ReportMetric(float64(n), "features/query")
}

func BenchmarkParseTime(b *testing.B) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		b.Fatal(err)
	}
	for _, in := range []string{"2015-07-28T22:15:00Z", "2015-07-28 22:15:00", "2015-07-28", "28/07/2015", "July 28, 2015", "1438121700000"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseTime(in, paris); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
