package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/data/synth"
)

// bigFile writes n generated incidents (about 200 bytes each) to a
// temporary GeoJSON file.
func bigFile(t *testing.T, n int) string {
	t.Helper()
	var buf bytes.Buffer
	box := orb.Bound{Min: orb.Point{1.55, 50.85}, Max: orb.Point{2.05, 51.05}}
	if err := synth.WritePoints(&buf, n, 1, box, day0, day0.AddDate(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "incidents.geojson")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// bigN is the size of the large-file tests: the million incidents of
// issue 3 (about 200 MB), or a tenth with -short or under the race
// detector.
func bigN() int {
	if testing.Short() || raceEnabled {
		return 100_000
	}
	return 1_000_000
}

// maxStall is the longest the UI goroutine may be kept busy by one piece
// of work while a file loads (issue 3).
const maxStall = 100 * time.Millisecond

// TestLoadLargeFileKeepsWindowResponsive loads a large file through the
// real loader and runs, timing each, every function the window's workers
// hand to the UI goroutine (progress, frames, the finished layer): none may
// hold it longer than maxStall. The progress bar must move forward, no
// layer may appear before the file is read whole, and the layer then holds
// every feature.
func TestLoadLargeFileKeepsWindowResponsive(t *testing.T) {
	n := bigN()
	path := bigFile(t, n)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{path}, true)
	var progress []float64
	var worst time.Duration
	var worstFn string
	deadline := time.After(2 * time.Minute) // a hang, not a speed limit
	for h.mw.q.pending.Load() > 0 || len(h.queue) > 0 {
		select {
		case f := <-h.queue:
			start := time.Now()
			f()
			if d := time.Since(start); d > worst {
				worst, worstFn = d, runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
			}
		case <-deadline:
			t.Fatal("the load never finished")
		}
		if h.mw.ld.busy() {
			if len(h.mw.layers) != 0 {
				t.Fatal("a layer appeared before the file was read whole")
			}
			if v := h.mw.status.progress.Value; len(progress) == 0 || v != progress[len(progress)-1] {
				progress = append(progress, v)
			}
		}
	}
	t.Logf("%d features: longest UI-goroutine task %v (%s), progress %v", n, worst, worstFn, progress)
	if worst > maxStall && !raceEnabled {
		t.Errorf("the UI goroutine was busy for %v at once while loading (budget %v)", worst, maxStall)
	}
	for i := 1; i < len(progress); i++ {
		if progress[i] < progress[i-1] {
			t.Errorf("progress went back: %v", progress)
		}
	}
	if bigN() == 1_000_000 && len(progress) < 3 {
		t.Errorf("the progress bar showed %v while a million features loaded; want it to move", progress)
	}
	if len(h.mw.layers) != 1 || h.mw.layers[0].layer.Len() != n {
		t.Fatalf("after loading: %d layers", len(h.mw.layers))
	}
}

// TestCancelLargeLoadStopsSoon cancels a large load once its progress bar
// has moved: the loader's goroutine must give up within a second and no
// layer is added.
func TestCancelLargeLoadStopsSoon(t *testing.T) {
	path := bigFile(t, bigN())
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{path}, true)
	deadline := time.After(2 * time.Minute)
	for h.mw.status.progress.Value == 0 && h.mw.q.pending.Load() > 0 {
		select {
		case f := <-h.queue:
			f()
		case <-deadline:
			t.Fatal("no progress")
		}
	}
	if h.mw.q.pending.Load() == 0 {
		t.Skip("the file loaded before its progress showed: nothing left to cancel on this machine")
	}
	test.Tap(h.mw.status.cancel)
	start := time.Now()
	h.settle()
	if d := time.Since(start); d > time.Second && !raceEnabled {
		t.Errorf("the loader stopped %v after Cancel, want within a second", d)
	}
	if len(h.mw.layers) != 0 {
		t.Errorf("a cancelled load added %d layers", len(h.mw.layers))
	}
}
