package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/synth"
)

// bigFile writes n generated incidents (about 200 bytes each) to a
// temporary GeoJSON file.
func bigFile(t testing.TB, n int) string {
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

// loadWatched opens path in a fresh window and runs, timing each, every
// function the window's workers hand to the UI goroutine until the load is
// over. It returns the longest of them, the progress values seen while
// loading, and the window. It fails t if a layer appears before the file is
// read whole.
func loadWatched(t testing.TB, path string) (worst time.Duration, worstFn string, progress []float64, h *harness) {
	h = newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{path}, true)
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
	return worst, worstFn, progress, h
}

// gatedLoad is a window reading files through the real loader, whose
// progress reports the test lets through one at a time: every report is
// shown (no throttle), and the reader waits after each until the test
// sends on step, or until its context ends.
type gatedLoad struct {
	*harness
	step chan struct{}

	mu    sync.Mutex
	ctx   context.Context // of the read in progress
	err   error           // what the read returned
	last  int64           // the bytes last reported
	total int64
}

func newGatedLoad(t *testing.T) *gatedLoad {
	g := &gatedLoad{step: make(chan struct{})}
	g.harness = newHarnessWith(t, Options{}, func(c *config) {
		c.progressEvery = -1
		c.loadFile = func(ctx context.Context, path string, o data.LoadOptions) ([]*data.Layer, error) {
			g.mu.Lock()
			g.ctx = ctx
			g.mu.Unlock()
			report := o.Progress
			o.Progress = func(done, total int64) {
				g.mu.Lock()
				g.last, g.total = done, total
				g.mu.Unlock()
				report(done, total)
				select {
				case <-g.step:
				case <-ctx.Done():
				}
			}
			ls, err := data.LoadFileLayers(ctx, path, o)
			g.mu.Lock()
			g.err = err
			g.mu.Unlock()
			return ls, err
		}
	})
	return g
}

// nextProgress runs what the workers post until the progress bar moves,
// and returns its value.
func (g *gatedLoad) nextProgress() float64 {
	g.t.Helper()
	prev := g.mw.status.progress.Value
	deadline := time.After(2 * time.Minute) // a hang, not a speed limit
	for g.mw.status.progress.Value == prev {
		select {
		case f := <-g.queue:
			f()
		case <-deadline:
			g.t.Fatal("the progress bar never moved")
		}
	}
	return g.mw.status.progress.Value
}

// TestLoadLargeFileKeepsWindowResponsive loads a large file through the
// real loader, the window's workers handing their results to the UI
// goroutine, the reader held after each progress report: while the file
// is read the progress bar moves forward at each report, no layer
// appears, and the UI goroutine is free: a pan is drawn and shown before
// the read goes on. Once read, the layer holds every feature. How long the
// UI goroutine is kept busy at once is measured by BenchmarkLoadUIStall
// (issue 3's budget: 100 ms).
func TestLoadLargeFileKeepsWindowResponsive(t *testing.T) {
	n := bigN()
	g := newGatedLoad(t)
	g.mw.ld.open([]string{bigFile(t, n)}, true)
	var progress []float64
	for range 3 {
		progress = append(progress, g.nextProgress())
		if !g.mw.ld.busy() || len(g.mw.layers) != 0 {
			t.Fatalf("while reading: busy %v, %d layers; want busy and no layer before the file is read whole", g.mw.ld.busy(), len(g.mw.layers))
		}
		mv := g.mw.mv
		mv.PanBy(3, 0)
		deadline := time.After(2 * time.Minute)
		for mv.shownGen != mv.gen {
			select {
			case f := <-g.queue:
				f()
			case <-deadline:
				t.Fatal("the window drew no frame while the file was read")
			}
		}
		if g.mw.ld.busy() && len(g.mw.layers) != 0 {
			t.Fatal("a layer appeared before the file was read whole")
		}
		g.step <- struct{}{}
	}
	close(g.step) // the rest of the file at full speed
	g.settle()
	t.Logf("%d features: progress %v", n, progress)
	for i := 1; i < len(progress); i++ {
		if progress[i] <= progress[i-1] {
			t.Errorf("progress did not move forward: %v", progress)
		}
	}
	if len(progress) < 3 || progress[0] <= 0 || progress[len(progress)-1] >= 1 {
		t.Errorf("the progress bar showed %v while the file was read; want it to move", progress)
	}
	if len(g.mw.layers) != 1 || g.mw.layers[0].layer.Len() != n {
		t.Fatalf("after loading: %d layers", len(g.mw.layers))
	}
}

// BenchmarkLoadUIStall loads the million-incident file in the window and
// reports the longest single task the load puts on the UI goroutine
// (max-ui-task-ms; issue 3's budget is 100 ms).
func BenchmarkLoadUIStall(b *testing.B) {
	path := bigFile(b, 1_000_000)
	var worst time.Duration
	for b.Loop() {
		w, _, _, _ := loadWatched(b, path)
		worst = max(worst, w)
	}
	b.ReportMetric(float64(worst)/float64(time.Millisecond), "max-ui-task-ms")
}

// TestCancelLargeLoadStopsSoon cancels a large load once its progress bar
// has moved, the reader held at that report: Cancel ends the read's
// context at once, the reader gives up (data.ErrCanceled, the end of the
// file never reported), no layer is added and the loader is idle. How long
// the real loader takes to give up is measured by BenchmarkCancelLoad
// (budget one second).
func TestCancelLargeLoadStopsSoon(t *testing.T) {
	g := newGatedLoad(t)
	g.mw.ld.open([]string{bigFile(t, bigN())}, true)
	if v := g.nextProgress(); v <= 0 {
		t.Fatalf("progress %v", v)
	}
	test.Tap(g.mw.status.cancel)
	g.mu.Lock()
	ctx := g.ctx
	g.mu.Unlock()
	if ctx == nil || ctx.Err() == nil {
		t.Fatal("Cancel did not end the read's context")
	}
	start := time.Now()
	g.settle()
	t.Logf("the loader settled %v after Cancel", time.Since(start))
	g.mu.Lock()
	defer g.mu.Unlock()
	if !errors.Is(g.err, data.ErrCanceled) {
		t.Errorf("the read returned %v, want data.ErrCanceled: it did not give up", g.err)
	}
	if g.last >= g.total {
		t.Errorf("the read reached the end of the file (%d of %d bytes) after Cancel", g.last, g.total)
	}
	if len(g.mw.layers) != 0 {
		t.Errorf("a cancelled load added %d layers", len(g.mw.layers))
	}
	if g.mw.ld.busy() {
		t.Error("the loader is still busy after Cancel")
	}
}

// BenchmarkCancelLoad cancels a load of the million-incident file once its
// progress bar has moved and reports how long the loader took to give up
// (cancel-ms; issue 3's budget is one second).
func BenchmarkCancelLoad(b *testing.B) {
	path := bigFile(b, 1_000_000)
	var worst time.Duration
	for b.Loop() {
		if d, _, ok := cancelWatched(b, path); ok {
			worst = max(worst, d)
		}
	}
	b.ReportMetric(float64(worst)/float64(time.Millisecond), "cancel-ms")
}

// cancelWatched starts loading path, taps Cancel once the progress bar has
// moved, and returns how long the window took to settle afterwards; ok is
// false when the file loaded before any progress showed.
func cancelWatched(t testing.TB, path string) (d time.Duration, h *harness, ok bool) {
	h = newHarness(t, Options{}, nil)
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
		return 0, h, false
	}
	test.Tap(h.mw.status.cancel)
	start := time.Now()
	h.settle()
	return time.Since(start), h, true
}
