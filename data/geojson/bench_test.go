package geojson

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/synth"
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
