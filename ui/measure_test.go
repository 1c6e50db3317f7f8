package ui

import (
	"math"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"github.com/paulmach/orb"

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
