package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// hoverDelay is how long the pointer must rest on the map before the
// feature under it is named in a tooltip.
const hoverDelay = 600 * time.Millisecond

// tooltip names the feature under a resting pointer: its title and time.
// It belongs to the UI goroutine.
type tooltip struct {
	m     *MapView
	box   *fyne.Container
	text  *widget.Label
	timer *time.Timer
	gen   uint64        // the pointer's moves; a pause answers only the latest
	delay time.Duration // how long the pointer rests first; 0 never (tests)
	finds *worker[tapRequest, tapResult]
}

func newTooltip(m *MapView) *tooltip {
	t := &tooltip{m: m, text: widget.NewLabel(""), delay: hoverDelay}
	bg := canvas.NewRectangle(panelColor(colorNameCard))
	bg.CornerRadius = 4
	t.box = container.NewStack(bg, t.text)
	t.box.Hide()
	t.finds = newWorker(context.Background(), m.q, lang.L("identifying the feature under the pointer"),
		func(_ context.Context, r tapRequest) tapResult {
			return tapResult{r.drawn.IdentifyAll(r.vp, r.x, r.y, r.radius)}
		}, t.found)
	t.finds.onPanic = m.failed
	return t
}

// moved hides the tooltip and waits for the pointer to rest again.
func (t *tooltip) moved() {
	t.gen++
	t.hide()
	if t.timer != nil {
		t.timer.Stop()
	}
	if t.delay <= 0 {
		return
	}
	gen := t.gen
	t.timer = time.AfterFunc(t.delay, func() { t.m.q.post(func() { t.rested(gen) }) })
}

// rested asks what lies under the pointer, if it has not moved since.
func (t *tooltip) rested(gen uint64) {
	m := t.m
	if gen != t.gen || !m.hovered || m.stopped || m.scene == nil || m.measure.on {
		return
	}
	x, y := m.toPixels(m.hoverAt)
	t.finds.request(tapRequest{scene: m.scene, drawn: m.drawnScene(), vp: m.vp, x: x, y: y, radius: 4 * float64(m.scale)})
}

// found shows the name and time of the feature found, if the pointer is
// still where it was asked.
func (t *tooltip) found(r tapRequest, res tapResult) {
	m := t.m
	if !m.hovered || len(res.hits) == 0 || r.vp != m.vp {
		return
	}
	h := res.hits[0]
	sc := r.scene
	if h.Layer < 0 || h.Layer >= len(sc.Layers) || sc.Layers[h.Layer].Layer == nil {
		return
	}
	l := sc.Layers[h.Layer].Layer
	text := hitLabel(sc, h)
	if !h.Cell && h.Feature < l.Len() {
		if sp := l.Span(h.Feature); sp.Dated() {
			text += "\n" + formatSpan(sp, sc.Zone)
		}
	}
	if len(res.hits) > 1 {
		text += "\n" + lang.L("click to list every feature here")
	}
	t.text.SetText(text)
	sz := t.box.MinSize()
	p := m.hoverAt.Add(fyne.NewPos(14, 14))
	if size := m.Size(); p.X+sz.Width > size.Width {
		p.X = max(m.hoverAt.X-sz.Width-8, 0)
	}
	if size := m.Size(); p.Y+sz.Height > size.Height {
		p.Y = max(m.hoverAt.Y-sz.Height-8, 0)
	}
	t.box.Resize(sz)
	t.box.Move(p)
	t.box.Show()
	t.box.Refresh()
}

// hide takes the tooltip away.
func (t *tooltip) hide() {
	if t.box.Visible() {
		t.box.Hide()
	}
}

// away forgets the pause under way: the pointer left the map.
func (t *tooltip) away() {
	t.gen++
	if t.timer != nil {
		t.timer.Stop()
	}
	t.finds.cancel()
	t.hide()
}

// stop ends the tooltip's timer and worker when the map stops.
func (t *tooltip) stop() {
	t.away()
	t.finds.stop()
}
