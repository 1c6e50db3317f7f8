package geojson

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"testing"

	"campmap/data"
	"campmap/data/synth"
)

var synthBox, synthStart, synthEnd = synth.BenchBox, synth.BenchStart, synth.BenchEnd

// synthPoints returns n generated incidents as GeoJSON bytes, from the file
// synth.CachedPoints keeps across runs.
func synthPoints(tb testing.TB, n int) []byte {
	tb.Helper()
	path, err := synth.CachedPoints(n)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkLoadGeoJSON1M loads 1,000,000 generated point incidents
// (about 200 MB) and reports MB/s and the bytes the loaded layer retains per
// feature.
func BenchmarkLoadGeoJSON1M(b *testing.B) {
	src := synthPoints(b, 1_000_000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var l *data.Layer
	var retained float64
	for b.Loop() {
		l = nil
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var err error
		l, err = LoadBytes(context.Background(), "incidents.geojson", src, data.LoadOptions{})
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
	l, err := LoadBytes(context.Background(), "incidents.geojson", src, data.LoadOptions{})
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
