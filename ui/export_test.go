package ui

// Test hooks: a window whose workers report to a queue the test goroutine
// drains, and a clock the test ticks by hand. Nothing here is part of the
// package's API.

import (
	"context"
	"image"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/data"
)

// harness is a main window under test. The test goroutine plays the UI
// goroutine: workers post to queue, and settle runs what they post.
type harness struct {
	t     testing.TB
	mw    *MainWindow
	seen  *seen // what the window showed (its config records it)
	queue chan func()
	clock *fakeClock
}

func newHarness(t testing.TB, opt Options, loadHook func(context.Context, string, data.LoadOptions) (*data.Layer, error)) *harness {
	t.Helper()
	return newHarnessWith(t, opt, func(cfg *config) {
		if loadHook != nil {
			cfg.loadFile = func(ctx context.Context, path string, o data.LoadOptions) ([]*data.Layer, error) {
				l, err := loadHook(ctx, path, o)
				if l == nil {
					return nil, err
				}
				return []*data.Layer{l}, err
			}
		}
	})
}

// newHarnessWith is newHarness with the window's config changed by edit.
func newHarnessWith(t testing.TB, opt Options, edit func(*config)) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{t: t, seen: &seen{}, queue: make(chan func(), 4096), clock: &fakeClock{}}
	cfg := config{do: func(f func()) { h.queue <- f }, clock: h.clock, seen: h.seen, tooltipDelay: -1}
	if edit != nil {
		edit(&cfg)
	}
	h.mw = newMainWindow(a, opt, cfg)
	h.mw.win.Resize(fyne.NewSize(1200, 640))
	h.mw.mv.MouseMoved(&desktop.MouseEvent{}) // the pointer is over the map
	t.Cleanup(func() {
		if !h.mw.closed {
			h.mw.win.Close()
		}
		h.drain()
	})
	h.settle()
	return h
}

// settle runs posted work until no worker owes the window a result.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.After(20 * time.Second) // a hang, not a speed limit
	for h.mw.q.pending.Load() > 0 || len(h.queue) > 0 {
		select {
		case f := <-h.queue:
			f()
		case <-deadline:
			h.t.Fatalf("window did not settle: %d results pending", h.mw.q.pending.Load())
		}
	}
}

// runNext waits for one posted function (a player tick) and runs it.
func (h *harness) runNext() {
	h.t.Helper()
	select {
	case f := <-h.queue:
		f()
	case <-time.After(20 * time.Second):
		h.t.Fatal("nothing was posted")
	}
}

// drain runs whatever is already queued.
func (h *harness) drain() {
	for {
		select {
		case f := <-h.queue:
			f()
		default:
			return
		}
	}
}

// frame returns a copy of the frame on screen.
func (h *harness) frame() *image.RGBA {
	h.t.Helper()
	f := h.mw.mv.frame
	if f == nil {
		h.t.Fatal("no frame shown")
	}
	c := *f
	c.Pix = append([]byte(nil), f.Pix...)
	return &c
}

// fakeClock hands out tickers the test fires by hand.
type fakeClock struct {
	mu      sync.Mutex
	tickers []*fakeTicker
}

type fakeTicker struct {
	c       chan time.Time
	stopped chan struct{}
	once    sync.Once
}

func (c *fakeClock) NewTicker(time.Duration) ticker {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTicker{c: make(chan time.Time), stopped: make(chan struct{})}
	c.tickers = append(c.tickers, t)
	return t
}

func (t *fakeTicker) C() <-chan time.Time { return t.c }
func (t *fakeTicker) Stop()               { t.once.Do(func() { close(t.stopped) }) }

// last returns the newest ticker.
func (c *fakeClock) last() *fakeTicker {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.tickers) == 0 {
		return nil
	}
	return c.tickers[len(c.tickers)-1]
}

// tick fires t once; it returns once the player goroutine has taken it.
func (t *fakeTicker) tick(tb testing.TB) {
	tb.Helper()
	select {
	case t.c <- time.Now():
	case <-t.stopped:
		tb.Fatal("tick on a stopped ticker")
	case <-time.After(20 * time.Second):
		tb.Fatal("player goroutine is not listening")
	}
}

// overlayText returns every text shown in the window's overlays (dialogs).
func overlayText(c fyne.Canvas) string {
	var b strings.Builder
	for _, o := range c.Overlays().List() {
		collectText(o, &b)
	}
	return b.String()
}

func collectText(o fyne.CanvasObject, b *strings.Builder) {
	if o == nil || !o.Visible() {
		return
	}
	switch x := o.(type) {
	case *widget.Label:
		b.WriteString(x.Text + "\n")
	case *canvas.Text:
		b.WriteString(x.Text + "\n")
	case *widget.Button:
		b.WriteString(x.Text + "\n")
	}
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			collectText(c, b)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			collectText(c, b)
		}
	}
}

// point returns where the lon/lat p is drawn, in the map's Fyne units.
func (h *harness) point(p orb.Point) fyne.Position {
	x, y := h.mw.mv.Viewport().Project(p)
	s := h.mw.mv.scale
	return fyne.NewPos(float32(x)/s, float32(y)/s)
}

// findButton returns the visible button labelled text in the overlays.
func findButton(c fyne.Canvas, text string) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || found != nil {
			return
		}
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return found
}

// overlayEntries returns the texts of the entries in the overlays, in order.
func overlayEntries(c fyne.Canvas) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e.Text)
			return
		}
		if e, ok := o.(*escEntry); ok {
			out = append(out, e.Text)
			return
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	for _, o := range c.Overlays().List() {
		walk(o)
	}
	return out
}
