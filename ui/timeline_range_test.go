package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"campmap/data"
)

// Dragging a handle or the window, or tapping the track, on the sample
// (bars of one day in Paris) lands on whole days; a dragged window keeps
// its days.
func TestDragSnapsToBins(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	h.mw.win.Resize(fyne.NewSize(1280, 800))
	h.settle()
	tl, s, paris := h.mw.tl, h.mw.tl.slider, h.mw.zone
	if tl.histUnit != data.Day {
		t.Fatalf("the sample's bars are %v, the test expects days", tl.histUnit)
	}
	day := func(ms int64) bool { return ms == data.Day.Floor(ms, paris) }
	y := s.Size().Height / 2
	cases := []struct {
		name string
		from func() float32
		dx   float32
	}{
		{"end handle left", func() float32 { return s.xOf(s.High) }, -137.3},
		{"start handle right", func() float32 { return s.xOf(s.Low) }, 91.7},
		{"band right", func() float32 { return (s.xOf(s.Low) + s.xOf(s.High)) / 2 }, 53.1},
		{"band left", func() float32 { return (s.xOf(s.Low) + s.xOf(s.High)) / 2 }, -23.9},
		{"tap before the start", func() float32 { return s.xOf(s.Low) - 61.3 }, 0},
		{"tap after the end", func() float32 { return s.xOf(s.High) + 45.6 }, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w0 := h.mw.window
			if c.dx == 0 {
				test.TapAt(s, fyne.NewPos(c.from(), y))
			} else {
				dragGLFW(s, fyne.NewPos(c.from(), y), c.dx)
			}
			h.settle()
			w := h.mw.window
			if w == w0 {
				t.Fatalf("the drag did not move the window %v", w)
			}
			if !day(w.Start) || !day(w.End+1) {
				t.Errorf("window %s – %s is not whole days", data.FormatTime(w.Start, paris), data.FormatTime(w.End, paris))
			}
			if strings.HasPrefix(c.name, "band") && w.End-w.Start != w0.End-w0.Start {
				t.Errorf("the band changed length: %v -> %v", w0, w)
			}
		})
	}
}

// A typed date moves the window and leaves the axis as the user zoomed it;
// a date wholly outside it pans the axis, keeping its zoom.
func TestTypedDateKeepsAxis(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	h.mw.win.Resize(fyne.NewSize(1280, 800))
	h.settle()
	tl, s := h.mw.tl, h.mw.tl.slider
	at := fyne.NewPos(s.xOf(time.Date(2015, 7, 28, 0, 0, 0, 0, h.mw.zone).UnixMilli()), 10)
	for range 4 {
		s.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.NewDelta(0, 10)})
	}
	h.settle()
	lo0, hi0 := s.View()
	// A start before the zoomed extent: the window starts there, the axis stays.
	test.Tap(tl.from)
	tl.timeEntry.SetText("2015-06-10")
	tl.typedTime(true, tl.timeEntry.Text)
	h.settle()
	if got := data.FormatTime(h.mw.window.Start, h.mw.zone); got != "2015-06-10 00:00 CEST" {
		t.Errorf("typed start: window starts %s", got)
	}
	if lo, hi := s.View(); lo != lo0 || hi != hi0 {
		t.Errorf("typing a start moved the axis from %d..%d to %d..%d", lo0, hi0, lo, hi)
	}
	// An end inside it.
	tl.typedTime(false, "2015-08-05")
	h.settle()
	if lo, hi := s.View(); lo != lo0 || hi != hi0 {
		t.Errorf("typing an end moved the axis from %d..%d to %d..%d", lo0, hi0, lo, hi)
	}
	// A window wholly after the axis: it pans, same length.
	tl.typedTime(false, "2015-09-30")
	tl.typedTime(true, "2015-09-25")
	h.settle()
	lo, hi := s.View()
	if hi-lo != hi0-lo0 {
		t.Errorf("the axis was zoomed: %d ms long, was %d", hi-lo, hi0-lo0)
	}
	if w := h.mw.window; w.Start < lo || w.Start > hi {
		t.Errorf("the typed window starts off the axis %d..%d", lo, hi)
	}
}

// The handles never overlap: at the slider's narrowest, windows of any
// length show either two handles apart or one grip, and dragging the grip
// moves the whole window.
func TestHandlesNeverOverlap(t *testing.T) {
	test.NewTempApp(t)
	day := int64(86400e3)
	s := NewRangeSlider(0, 700*day, 0, 700*day, nil)
	var got [2]int64
	s.OnChanged = func(lo, hi int64) { got = [2]int64{lo, hi} }
	w := test.NewWindow(s)
	defer w.Close()
	w.Resize(s.MinSize())
	s.Resize(s.MinSize())
	r := test.WidgetRenderer(s).(*rangeRenderer)
	for n := int64(0); n <= 700*day; n += 7 * day {
		s.SetRange(0, 700*day, 100*day, 100*day+n)
		r.Layout(s.Size())
		lo, hi, grip := r.lo.Visible(), r.hi.Visible(), r.grip.Visible()
		switch {
		case grip && (lo || hi):
			t.Errorf("window %d days: a grip and a handle", n/day)
		case grip:
		case !lo || !hi:
			t.Errorf("window %d days: handles shown %t %t, no grip", n/day, lo, hi)
		case r.lo.Position().X+r.lo.Size().Width > r.hi.Position().X:
			t.Errorf("window %d days: handles overlap (%v, %v)", n/day, r.lo.Position(), r.hi.Position())
		}
	}
	s.SetRange(0, 700*day, 100*day, 101*day)
	r.Layout(s.Size())
	if !r.grip.Visible() {
		t.Fatal("a one-day window on a 700-day track has no grip")
	}
	mid := r.grip.Position().X + r.grip.Size().Width/2
	dragGLFW(s, fyne.NewPos(mid, s.Size().Height/2), 20)
	if got[0] <= 100*day || got[1]-got[0] != day {
		t.Errorf("dragging the grip: %v, want the one-day window moved right", got)
	}
}

// With "loop in range", Play loops inside the window set before it, says
// so, and without it plays the whole extent as before.
func TestPlayLoopsWithinRange(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	tl, paris := h.mw.tl, h.mw.zone
	rng := data.Span{Start: time.Date(2015, 7, 1, 0, 0, 0, 0, paris).UnixMilli(), End: time.Date(2015, 7, 6, 0, 0, 0, 0, paris).UnixMilli() - 1}
	h.mw.setWindow(rng)
	h.settle()
	tl.loop.SetSelected("loop in range")
	if got := tl.loopInfo.Text; got != "looping 1 Jul – 5 Jul" {
		t.Errorf("before Play the timeline says %q", got)
	}
	test.Tap(tl.play)
	tk := h.mw.clock.(*fakeClock).last()
	if w := h.mw.window; w.Start != rng.Start || w.End != data.Day.Add(rng.Start, 1, paris)-1 {
		t.Errorf("Play within the range starts on %s – %s", data.FormatTime(w.Start, paris), data.FormatTime(w.End, paris))
	}
	var starts []string
	wrapped := false
	for i := range 8 {
		tk.tick(t)
		h.runNext()
		h.settle()
		w := h.mw.window
		starts = append(starts, data.FormatTime(w.Start, paris)[5:10])
		if w.Start < rng.Start || w.End > rng.End {
			t.Fatalf("step %d left the range: %s – %s", i, data.FormatTime(w.Start, paris), data.FormatTime(w.End, paris))
		}
		if i > 0 && w.Start == rng.Start {
			wrapped = true
		}
	}
	if !wrapped || !tl.playing {
		t.Errorf("playing %t, starts %v: want a wrap to 07-01", tl.playing, starts)
	}
	if got := tl.loopInfo.Text; got != "looping 1 Jul – 5 Jul" {
		t.Errorf("while playing the timeline says %q", got)
	}
	// Pause and play again: still within the range.
	test.Tap(tl.play)
	test.Tap(tl.play)
	tk = h.mw.clock.(*fakeClock).last()
	tk.tick(t)
	h.runNext()
	h.settle()
	if w := h.mw.window; w.Start < rng.Start || w.End > rng.End {
		t.Errorf("after a pause playback left the range: %v", w)
	}
	test.Tap(tl.play)
	h.settle()
	// Paused, a frame moved by hand inside the range keeps it; a window
	// reaching out of it is the next range.
	in := data.Span{Start: data.Day.Add(rng.Start, 2, paris), End: data.Day.Add(rng.Start, 3, paris) - 1}
	tl.slider.OnChanged(in.Start, in.End)
	h.settle()
	if tl.playRange != rng || h.mw.window != in {
		t.Errorf("a frame moved inside the range: range %v (was %v), window %v", tl.playRange, rng, h.mw.window)
	}
	wide := data.Span{Start: rng.Start, End: data.Day.Add(rng.End+1, 5, paris) - 1}
	tl.slider.OnChanged(wide.Start, wide.End)
	h.settle()
	if tl.playRange.Dated() || tl.loopInfo.Text != "looping 1 Jul – 10 Jul" {
		t.Errorf("a wider window: range %v, label %q", tl.playRange, tl.loopInfo.Text)
	}
	test.Tap(tl.play)
	tk = h.mw.clock.(*fakeClock).last()
	tk.tick(t)
	h.runNext()
	h.settle()
	test.Tap(tl.play)
	if tl.playRange != wide || h.mw.window == wide {
		t.Fatalf("playing the wider range: range %v, window %v", tl.playRange, h.mw.window)
	}
	// Looping over the extent: the range is the window again, and Play plays the extent.
	tl.loop.SetSelected("loop")
	if h.mw.window != wide || tl.loopInfo.Text != "" {
		t.Errorf("loop over the extent: window %v (range %v), label %q", h.mw.window, wide, tl.loopInfo.Text)
	}
	h.mw.setWindow(h.mw.extent)
	test.Tap(tl.play)
	tk = h.mw.clock.(*fakeClock).last()
	for range 3 {
		tk.tick(t)
		h.runNext()
		h.settle()
	}
	// from the incidents' first day (1 June), outside the old range
	if w := h.mw.window; data.FormatTime(w.Start, paris) != "2015-06-04 00:00 CEST" {
		t.Errorf("without a range, three day steps from the incidents' start give %s", data.FormatTime(w.Start, paris))
	}
	test.Tap(tl.play)
}

// Closing the untitled sample asks nothing, unless its time window or
// zone changed.
func TestCloseSampleAsksWhenWindowOrZoneChanged(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	h.mw.proj.dir = t.TempDir()
	closed := 0
	done := func() { closed++ }
	h.mw.proj.confirmClose(done)
	if closed != 1 {
		t.Fatalf("the sample as it opened asked %q before closing", h.seen.dialog)
	}
	w0 := h.mw.window
	h.mw.setWindow(data.Span{Start: w0.Start, End: w0.Start + 7*86400e3 - 1})
	h.seen.dialog = ""
	h.mw.proj.confirmClose(done)
	if closed != 1 || !strings.HasPrefix(h.seen.dialog, "Unsaved changes") {
		t.Errorf("a changed window: closed %d, dialog %q", closed, h.seen.dialog)
	}
	h.mw.setWindow(w0)
	h.mw.setDisplayZone(time.UTC)
	h.seen.dialog = ""
	h.mw.proj.confirmClose(done)
	if closed != 1 || !strings.HasPrefix(h.seen.dialog, "Unsaved changes") {
		t.Errorf("a changed zone: closed %d, dialog %q", closed, h.seen.dialog)
	}
}

// A project opened and left as it was closes without a question; a change
// of its time window or of its zone alone asks.
func TestCloseOpenedProjectAsksOnlyWhenChanged(t *testing.T) {
	dir, geojson, _ := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{geojson}, true)
	h.settle()
	path := filepath.Join(dir, "p.campmap")
	if !h.mw.proj.saveTo(path) {
		t.Fatal("not saved")
	}
	cases := []struct {
		name   string
		change func(h *harness)
		asks   bool
	}{
		{"unchanged", func(*harness) {}, false},
		{"window resized", func(h *harness) { h.mw.win.Resize(fyne.NewSize(1000, 700)) }, false},
		{"time window", func(h *harness) {
			ext := h.mw.extent
			h.mw.setWindow(data.Span{Start: ext.Start, End: ext.Start + (ext.End-ext.Start)/2})
		}, true},
		{"zone", func(h *harness) { h.mw.setDisplayZone(zone(t, "Asia/Tokyo")) }, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h2 := newHarness(t, Options{}, nil)
			h2.mw.proj.dir = t.TempDir()
			h2.mw.proj.open(path)
			h2.settle()
			c.change(h2)
			h2.settle()
			closed := false
			h2.seen.dialog = ""
			h2.mw.proj.confirmClose(func() { closed = true })
			if asked := strings.HasPrefix(h2.seen.dialog, "Unsaved changes"); asked != c.asks || closed == c.asks {
				t.Errorf("asked %t (dialog %q), closed %t; want asked %t", asked, h2.seen.dialog, closed, c.asks)
			}
		})
	}
}
