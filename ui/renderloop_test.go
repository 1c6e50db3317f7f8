package ui

import (
	"image"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
	"campmap/render"
)

func TestRenderLoopCoalesces(t *testing.T) {
	queue := make(chan func(), 64)
	q := newUIQueue(func(f func()) { queue <- f })
	var applied []uint64
	l := newRenderLoop(q, func(r frameResult) { applied = append(applied, r.gen) })
	started := make(chan uint64, 16)
	release := make(chan struct{})
	l.draw = func(r frameRequest) frameResult {
		started <- r.gen
		<-release
		return frameResult{frameRequest: r}
	}
	vp := geo.New(orb.Point{1.85, 50.95}, 8, 64, 48)
	l.request(frameRequest{gen: 1, vp: vp})
	if g := <-started; g != 1 {
		t.Fatalf("first frame drawn is %d", g)
	}
	for g := uint64(2); g <= 10; g++ { // a burst while frame 1 is drawn
		l.request(frameRequest{gen: g, vp: vp})
	}
	if n := q.pending.Load(); n != 2 {
		t.Errorf("%d results owed, want 2 (one in flight, one pending)", n)
	}
	close(release)
	for q.pending.Load() > 0 {
		select {
		case f := <-queue:
			f()
		case <-time.After(20 * time.Second):
			t.Fatal("render loop stalled")
		}
	}
	if len(applied) != 2 || applied[0] != 1 || applied[1] != 10 {
		t.Errorf("frames applied %v, want [1 10]: the burst must coalesce into the newest", applied)
	}
	l.stop()
	select {
	case <-l.done:
	case <-time.After(20 * time.Second):
		t.Error("render goroutine did not stop")
	}
	l.request(frameRequest{gen: 11, vp: vp}) // after stop: ignored, no panic
}

func TestMapViewDropsStaleFrames(t *testing.T) {
	h := fixture(t)
	mv := h.mw.mv
	cur := mv.shownGen
	old := frameResult{frameRequest: frameRequest{gen: cur - 1, vp: mv.Viewport()}, stats: FrameStats{Incidents: -7}}
	mv.applyFrame(old)
	if mv.shownGen != cur || mv.Stats().Incidents == -7 {
		t.Error("an older frame replaced a newer one")
	}
}

func TestRenderFrameSurvivesPanics(t *testing.T) {
	// A layer view with a nil layer and a zero-size view: nothing to draw,
	// nothing to crash on.
	sc := &render.Scene{Layers: []render.LayerView{{Layer: nil, Style: style.Style{Visible: true}}}, Window: data.Undated}
	for _, vp := range []geo.Viewport{{}, geo.New(orb.Point{}, 2, 0, 10), geo.New(orb.Point{}, 2, 16, 16)} {
		r := renderFrame(frameRequest{gen: 1, scene: sc, vp: vp}, nil)
		if vp.W > 0 && vp.H > 0 && r.img == nil && r.stats.Err == nil {
			t.Errorf("view %dx%d: no frame and no error", vp.W, vp.H)
		}
	}
}

func BenchmarkCountShown(b *testing.B) {
	l := incidentsLayer(b, 100000)
	sc := render.NewScene(nil, []*data.Layer{l})
	ext := l.TimeExtent()
	sc.Window = data.Span{Start: ext.Start, End: ext.Start + (ext.End-ext.Start)/3}
	b.ReportAllocs()
	for b.Loop() {
		countShown(sc)
	}
}

func BenchmarkHistogram(b *testing.B) {
	l := incidentsLayer(b, 100000)
	b.ReportAllocs()
	for b.Loop() {
		stackHistogram([]render.LayerView{{Layer: l, Style: style.Style{Visible: true}}}, l.TimeExtent(), 160, time.UTC)
	}
}

func TestFramesAreRecycled(t *testing.T) {
	h := fixture(t)
	seen := map[*image.RGBA]bool{}
	for i := range 8 {
		h.mw.mv.PanBy(float32(5+i), 0)
		h.settle()
		seen[h.mw.mv.frame] = true
	}
	if len(seen) > 3 {
		t.Errorf("8 frames used %d buffers, want at most 3 (one shown, two spare)", len(seen))
	}
}
