package ui

import (
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"campmap/data"
	"campmap/geo"
)

// tapMap taps the map at (x, y) in Fyne units.
func (h *harness) tapMap(x, y float32) {
	h.mw.mv.Tapped(&fyne.PointEvent{Position: fyne.NewPos(x, y)})
	h.settle()
}

// The measure tool adds a point per tap, shows geodesic lengths that
// `campmap measure` would print for the same points, closes the ring on
// the first point and ends with Esc; identify stays off while it runs.
func TestMeasureToolMeasuresAndCloses(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	mv := h.mw.mv
	mv.SetViewport(geo.New(orb.Point{1.85, 50.95}, 13, mv.vp.W, mv.vp.H))
	h.settle()
	mv.handleRune('m')
	tool := mv.measure
	if !tool.on || !tool.card.Visible() || !strings.Contains(tool.text.Text, "click points") {
		t.Fatalf("M did not start measuring: on %v, card %v, %q", tool.on, tool.card.Visible(), tool.text.Text)
	}
	corners := [][2]float32{{100, 100}, {300, 100}, {300, 250}}
	for _, c := range corners {
		h.tapMap(c[0], c[1])
	}
	if len(tool.pts) != 3 {
		t.Fatalf("%d points after 3 taps", len(tool.pts))
	}
	if h.mw.info.box.Visible() {
		t.Error("a tap while measuring identified a feature")
	}
	s := float64(mv.scale)
	var want []orb.Point
	for _, c := range corners {
		want = append(want, mv.vp.Unproject(float64(c[0])*s, float64(c[1])*s))
	}
	ms := tool.measurement()
	ref := geo.MeasurePath(want, false)
	if math.Abs(ms.Distance-ref.Distance) > 1e-6 || len(ms.Segments) != 2 {
		t.Errorf("measured %v m, the points measure %v m", ms.Distance, ref.Distance)
	}
	if !strings.Contains(tool.text.Text, "Total:") || !strings.Contains(tool.text.Text, "bearing") {
		t.Errorf("readout %q", tool.text.Text)
	}
	if len(tool.overlay.Objects) != 2+3 {
		t.Errorf("%d objects drawn for 2 segments and 3 points", len(tool.overlay.Objects))
	}
	// the first point again closes the ring
	h.tapMap(102, 101)
	if !tool.closed || len(tool.pts) != 3 || !strings.Contains(tool.text.Text, "Area:") {
		t.Fatalf("tapping the first point: closed %v, %d points, %q", tool.closed, len(tool.pts), tool.text.Text)
	}
	if a := tool.measurement().Area; math.Abs(a-geo.MeasurePath(want, true).Area) > 1e-3 || a <= 0 {
		t.Errorf("area %v", a)
	}
	test := tool.text.Text
	tool.units.SetChecked(true)
	if !strings.Contains(tool.text.Text, "mi") || tool.text.Text == test {
		t.Errorf("miles: %q", tool.text.Text)
	}
	// Esc ends measuring; a tap identifies again
	h.mw.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if tool.on || tool.card.Visible() || len(tool.overlay.Objects) != 0 {
		t.Errorf("Esc left measuring on %v, card %v, %d objects", tool.on, tool.card.Visible(), len(tool.overlay.Objects))
	}
}

// A closed ring counts the features inside it that the map shows, as a
// brute-force count over the scene finds, and recounts when the time
// window changes.
func TestMeasuredRingCountsInside(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	mv := h.mw.mv
	mv.SetViewport(geo.New(orb.Point{1.84, 50.95}, 12, mv.vp.W, mv.vp.H))
	h.settle()
	mv.handleRune('m')
	corners := [][2]float32{{150, 120}, {420, 150}, {400, 330}, {180, 300}}
	for _, c := range corners {
		h.tapMap(c[0], c[1])
	}
	h.tapMap(151, 121)
	tool := mv.measure
	brute := func() int {
		s := float64(mv.scale)
		var ring orb.Ring
		for _, c := range corners {
			ring = append(ring, mv.vp.Unproject(float64(c[0])*s, float64(c[1])*s))
		}
		ring = append(ring, ring[0])
		sc := h.mw.scene
		n := 0
		for _, lv := range sc.Layers {
			if !lv.Visible || lv.Layer.Kind != data.KindIncident {
				continue
			}
			l := lv.Layer
			for i := range l.Len() {
				sp := l.Span(i)
				if planar.RingContains(ring, l.Anchor(i)) && lv.Keep(i) && (!sc.Window.Dated() || !sp.Dated() || sp.Overlaps(sc.Window)) {
					n++
				}
			}
		}
		return n
	}
	incidents := func() int {
		for _, c := range tool.insideCounts {
			if c.layer.Kind == data.KindIncident {
				return c.total
			}
		}
		return 0
	}
	want := brute()
	if want == 0 {
		t.Fatal("the test ring holds no incident")
	}
	if got := incidents(); got != want || !tool.inside.Visible() || !tool.exportB.Visible() || !strings.Contains(tool.inside.Text, "Inside:") {
		t.Errorf("inside: %d incidents (%q), brute force %d", got, tool.inside.Text, want)
	}
	ext := h.mw.extent
	h.mw.setWindow(data.Span{Start: ext.Start, End: ext.Start + (ext.End-ext.Start)/3})
	h.settle()
	if got, want := incidents(), brute(); got != want || got == 0 {
		t.Errorf("after narrowing the window: %d inside, brute force %d", got, want)
	}
	tool.clear()
	if tool.inside.Visible() || tool.insideCounts != nil {
		t.Error("clearing the ring kept its counts")
	}
}
