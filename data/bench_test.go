package data

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"campmap/data/synth"

	"github.com/paulmach/orb"
)

var (
	synthBox   = orb.Bound{Min: orb.Point{1.55, 50.85}, Max: orb.Point{2.05, 51.05}}
	synthStart = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	synthEnd   = time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC)
)

// synthPoints returns n generated incidents as GeoJSON bytes, cached in the
// system temp directory across runs (the generator is deterministic).
func synthPoints(tb testing.TB, n int) []byte {
	tb.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("campmap-synth-%d-seed1.geojson", n))
	if b, err := os.ReadFile(path); err == nil && bytes.HasSuffix(b, []byte("]}\n")) {
		return b
	}
	var buf bytes.Buffer
	if err := synth.WritePoints(&buf, n, 1, synthBox, synthStart, synthEnd); err != nil {
		tb.Fatal(err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err == nil {
		_ = os.Rename(tmp, path)
	}
	return buf.Bytes()
}

// BenchmarkLoadGeoJSON1M loads 1,000,000 generated point incidents
// (about 200 MB) and reports MB/s and the bytes the loaded layer retains per
// feature.
func BenchmarkLoadGeoJSON1M(b *testing.B) {
	src := synthPoints(b, 1_000_000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var l *Layer
	var retained float64
	for b.Loop() {
		l = nil
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var err error
		l, err = LoadBytes(context.Background(), "incidents.geojson", src, LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(l.Len())
		b.StartTimer()
	}
	if l.Len() != 1_000_000 {
		b.Fatalf("loaded %d features", l.Len())
	}
	b.ReportMetric(retained, "B/feature")
	runtime.KeepAlive(l)
}

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

// TestLoadMemoryPerPoint is a memory budget, not a timing: a loaded layer
// of 100,000 generated point incidents (five properties each, dated) must
// retain at most 150 bytes per feature once the loader's garbage is gone
// (issue 3's budget: columns and interned strings, not maps of interfaces).
func TestLoadMemoryPerPoint(t *testing.T) {
	const n = 100_000
	var buf bytes.Buffer
	if err := synth.WritePoints(&buf, n, 3, synthBox, synthStart, synthEnd); err != nil {
		t.Fatal(err)
	}
	src := buf.Bytes()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	l, err := LoadBytes(context.Background(), "incidents.geojson", src, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(l.Len())
	t.Logf("%d features, %.1f bytes retained per feature", l.Len(), per)
	if l.Len() != n {
		t.Fatalf("loaded %d features, want %d", l.Len(), n)
	}
	if per > 150 {
		t.Errorf("a loaded point feature retains %.1f bytes, budget is 150", per)
	}
	runtime.KeepAlive(l)
	runtime.KeepAlive(src)
}
