package ui

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/render"
)

// longRoad is one undated route from Boulogne to Dunkerque, with its middle
// vertex (its anchor) near Calais.
func longRoad(t testing.TB) *data.Layer {
	t.Helper()
	b := data.NewBuilder("roads", 1)
	b.Layer().Kind = data.KindRoute
	line := orb.LineString{{1.60, 50.72}, {1.85, 50.95}, {2.35, 51.03}}
	if err := b.Add(data.Feature{Geometry: line, Span: data.Undated}); err != nil {
		t.Fatal(err)
	}
	return b.Build()
}

// TestTapAfterDialogDoesNotReachMap: the second click of a double click on
// a dialog button (the colour picker's Confirm) lands on the map once the
// dialog has closed; the pointer left the map for the dialog and has not
// moved back, so that click must not identify. A click after the pointer
// moves over the map again does.
func TestTapAfterDialogDoesNotReachMap(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{longRoad(t)})
	h.mw.fitAll()
	h.settle()
	at := h.point(orb.Point{2.10, 50.99})
	h.mw.info.hide()

	fresh := NewMapView(WithScene(h.mw.mv.scene), WithOnIdentify(func(*render.Scene, render.Hit, bool) {}))
	test.TapAt(fresh, at) // no pointer has been over it yet
	if fresh.taps.gen != 0 {
		t.Errorf("a map the pointer never entered took a click")
	}

	h.mw.mv.MouseOut() // the pointer went over a dialog covering the map
	test.TapAt(h.mw.mv, at)
	test.DoubleTap(h.mw.mv)
	h.settle()
	if h.mw.info.box.Visible() {
		t.Fatalf("a click meant for a dialog opened identify: %q", h.mw.info.text())
	}
	zoom := h.mw.mv.Viewport().Zoom

	h.mw.mv.MouseMoved(&desktop.MouseEvent{})
	test.TapAt(h.mw.mv, at)
	h.settle()
	if !h.mw.info.box.Visible() || h.mw.info.title.Text != "Feature 1" {
		t.Errorf("a click on the road after the pointer came back: panel %v %q", h.mw.info.box.Visible(), h.mw.info.text())
	}
	if got := h.mw.mv.Viewport().Zoom; got != zoom {
		t.Errorf("a double click meant for a dialog zoomed the map: %.2f → %.2f", zoom, got)
	}
}

// TestIdentifyLineRingsTapPoint: a click on a long road rings the road
// where it was clicked, not at its anchor far away, and does not move the
// map to that anchor.
func TestIdentifyLineRingsTapPoint(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{longRoad(t)})
	h.mw.fitAll()
	h.mw.mv.ZoomBy(2) // the anchor near Calais is off the view
	h.settle()
	tap := orb.Point{2.10, 50.99}
	// Put the road's clicked point under the view's centre.
	vp := h.mw.mv.Viewport()
	x, y := vp.Project(tap)
	s := h.mw.mv.scale
	h.mw.mv.PanBy(float32(float64(vp.W)/2-x)/s, float32(float64(vp.H)/2-y)/s)
	h.settle()
	test.TapAt(h.mw.mv, h.point(tap))
	h.settle()
	if h.mw.info.title.Text != "Feature 1" {
		t.Fatalf("the road was not identified: %q", h.mw.info.text())
	}
	if b := h.mw.mv.Viewport().Bound(); !b.Contains(tap) {
		t.Errorf("identifying the road moved the map away from the click %v to %v", tap, b)
	}
	if len(h.mw.mv.markAt) != 1 {
		t.Fatal("no ring")
	}
	m := h.mw.mv.markAt[0]
	if d := math.Hypot(m.Lon()-tap.Lon(), m.Lat()-tap.Lat()); d > 0.01 {
		t.Errorf("ring at %v, %.3f° from the click %v", m, d, tap)
	}
}

// TestDragHandleOutsideZoomedView: the histogram is zoomed in on the
// incidents while the window spans the whole extent, so neither handle is
// drawn. A drag from the track's left end takes up the start handle at
// that end and moves it with the pointer (before, it grabbed the band,
// which cannot move, and the drag did nothing); likewise the right end.
func TestDragHandleOutsideZoomedView(t *testing.T) {
	test.NewTempApp(t)
	var got [2]int64
	s := NewRangeSlider(0, 1000, 0, 1000, func(lo, hi int64) { got = [2]int64{lo, hi} })
	s.Resize(fyne.NewSize(2*handleRadius+400, s.MinSize().Height))
	s.SetView(400, 600) // 0.5 per unit; both handles are off the view
	drag := func(x, dx float32) {
		s.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, 10)}})
		for range 4 {
			s.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x, 10)}, Dragged: fyne.NewDelta(dx/4, 0)})
			x += dx / 4
		}
		s.DragEnd()
	}
	drag(handleRadius+1, 40) // from the left end, 40 units right
	if got != [2]int64{420, 1000} {
		t.Errorf("drag from the left end: window %v, want [420 1000]", got)
	}
	drag(handleRadius+399, -100) // from the right end, 100 units left
	if got != [2]int64{420, 550} {
		t.Errorf("drag from the right end: window %v, want [420 550]", got)
	}
	drag(handleRadius+150, 20) // inside the band: moves it whole
	if got != [2]int64{430, 560} {
		t.Errorf("drag inside the band: window %v, want [430 560]", got)
	}
}

// TestPlayShowsWindowOnHistogram: the histogram opens zoomed on a summer
// of incidents while a camp is open for two years; Play starts from the
// camp's opening, outside the zoomed histogram, so the histogram shows the
// whole extent and the moving band stays in sight on every step.
func TestPlayShowsWindowOnHistogram(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	b := data.NewBuilder("camps", 1)
	b.Layer().Kind = data.KindCamp
	open := data.SpanOf(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 10, 31, 0, 0, 0, 0, time.UTC))
	if err := b.Add(data.Feature{Geometry: orb.Point{1.85, 50.95}, Span: open}); err != nil {
		t.Fatal(err)
	}
	h.mw.addLayers([]*data.Layer{b.Build(), incidentsLayer(t, 60)})
	h.settle()
	tl := h.mw.tl
	if lo, _ := tl.slider.View(); lo <= open.Start {
		t.Fatalf("the histogram does not open zoomed on the incidents (view from %d)", lo)
	}
	inView := func(when string) {
		t.Helper()
		lo, hi := tl.slider.View()
		if w := h.mw.window; w.Start < lo || w.End > hi {
			t.Errorf("%s: window %s – %s is off the histogram (%s – %s)", when,
				data.FormatTime(w.Start, time.UTC), data.FormatTime(w.End, time.UTC),
				data.FormatTime(lo, time.UTC), data.FormatTime(hi, time.UTC))
		}
	}
	test.Tap(tl.play)
	h.settle()
	inView("after Play")
	tk := h.mw.clock.(*fakeClock).last()
	for i := range 3 {
		tk.tick(t)
		h.runNext()
		h.settle()
		inView(fmt.Sprintf("step %d", i+1))
	}
	test.Tap(tl.play)
}

// TestWindowFitsSmallLaptop: the window's content fits 1093 units wide, a
// 1366×768 laptop screen at 125 % scaling.
func TestWindowFitsSmallLaptop(t *testing.T) {
	h := fixture(t)
	if m := h.mw.win.Content().MinSize(); m.Width > 1093 || m.Height > 600 {
		t.Errorf("the window needs at least %.0f×%.0f units", m.Width, m.Height)
	}
}

// TestSavePickerTakesPastedPath: a full path pasted into the file name
// saves there (the folder shown is ignored); one whose folder is missing
// or that names no file is refused, and a relative one still asks for the
// name only.
func TestSavePickerTakesPastedPath(t *testing.T) {
	h := fixture(t)
	dir, other := t.TempDir(), t.TempDir()
	for _, tc := range []struct{ typed, want, refusal string }{
		{filepath.Join(dir, "map.png"), filepath.Join(dir, "map.png"), ""},
		{filepath.Join(dir, "map"), filepath.Join(dir, "map.png"), ""},
		{"  " + filepath.Join(dir, "a b.png") + " ", filepath.Join(dir, "a b.png"), ""},
		{filepath.Join(dir, "missing", "map.png"), "", "does not exist"},
		{dir + string(filepath.Separator), "", "type a file name"},
		{filepath.Join("sub", "map.png"), "", "name only"},
	} {
		t.Run(tc.typed, func(t *testing.T) {
			h.seen.dialog = ""
			var got string
			h.mw.chooseSavePath(saveRequest{title: "t", name: "campmap.png", exts: []string{".png"}}, func(p string) { got = p })
			sp := h.seen.savePick
			sp.setFolder(other)
			sp.name.SetText(tc.typed)
			if err := sp.name.Validate(); (err != nil) != (tc.refusal != "") {
				t.Errorf("the entry says %v", err)
			}
			sp.submit()
			if got != tc.want {
				t.Errorf("saved to %q, want %q", got, tc.want)
			}
			if tc.refusal != "" && !strings.Contains(h.seen.dialog, tc.refusal) {
				t.Errorf("dialog %q, want %q", h.seen.dialog, tc.refusal)
			}
		})
	}
}

// TestTypedTimeEnterGoes: Enter in the typed-time dialog applies the time,
// as Go does; Enter on text that does not read as a time keeps the dialog.
func TestTypedTimeEnterGoes(t *testing.T) {
	h := fixture(t)
	test.Tap(h.mw.tl.from)
	e := h.mw.tl.timeEntry
	e.SetText("no date")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if findButton(h.mw.win.Canvas(), "Go") == nil {
		t.Fatal("Enter on an unreadable time closed the dialog")
	}
	e.SetText("25/07/2015")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if got := data.FormatTime(h.mw.window.Start, h.mw.zone); !strings.HasPrefix(got, "2015-07-25 00:00") {
		t.Errorf("after Enter the window starts %s, want 2015-07-25 00:00", got)
	}
	if findButton(h.mw.win.Canvas(), "Go") != nil {
		t.Error("the dialog is still open after Enter")
	}
}

// TestPointerOnMapTakesKeysBack: after a click on a check box (which keeps
// the keyboard focus) the arrow keys did nothing until the map was clicked;
// the pointer coming onto the map hands the keys back to the map. Text
// being typed in an entry keeps its focus.
func TestPointerOnMapTakesKeysBack(t *testing.T) {
	h := fixture(t)
	c := h.mw.win.Canvas()
	check := h.mw.tl.loop
	c.Focus(check)
	h.mw.mv.MouseOut()
	h.mw.mv.MouseIn(&desktop.MouseEvent{})
	if f := c.Focused(); f != nil {
		t.Fatalf("the pointer on the map left the focus on %T", f)
	}
	before := h.mw.mv.Viewport().Center
	c.(interface{ OnTypedKey() func(*fyne.KeyEvent) }).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyRight})
	if after := h.mw.mv.Viewport().Center; !(after[0] > before[0]) {
		t.Errorf("the right arrow did not pan east: %v -> %v", before, after)
	}

	e := h.mw.panel.search.entry
	c.Focus(e)
	h.mw.mv.MouseOut()
	h.mw.mv.MouseIn(&desktop.MouseEvent{})
	if c.Focused() != e {
		t.Errorf("the pointer on the map took the focus from the search entry")
	}
}

// TestMonthPresetFindsIncidents: with a camp open from January 2015 the
// window opens on the whole extent; Month used to show January, with no
// incident in it, and now shows the first month with incidents. Inside the
// incidents it keeps the month of the window's start.
func TestMonthPresetFindsIncidents(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	b := data.NewBuilder("camps", 1)
	b.Layer().Kind = data.KindCamp
	open := data.SpanOf(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 10, 31, 0, 0, 0, 0, time.UTC))
	if err := b.Add(data.Feature{Geometry: orb.Point{1.85, 50.95}, Span: open}); err != nil {
		t.Fatal(err)
	}
	h.mw.addLayers([]*data.Layer{b.Build(), incidentsLayer(t, 60)}) // from 20 July 2015
	h.settle()
	test.Tap(h.mw.tl.month)
	h.settle()
	if got := data.FormatTime(h.mw.window.Start, time.UTC); got != "2015-07-01 00:00 UTC" {
		t.Errorf("Month starts %s, want 2015-07-01 00:00 UTC", got)
	}
	h.mw.setWindow(data.SpanOf(time.Date(2015, 8, 10, 0, 0, 0, 0, time.UTC), time.Date(2015, 8, 12, 0, 0, 0, 0, time.UTC)))
	test.Tap(h.mw.tl.month)
	h.settle()
	if got := data.FormatTime(h.mw.window.Start, time.UTC); got != "2015-08-01 00:00 UTC" {
		t.Errorf("Month from 10 August starts %s, want 2015-08-01 00:00 UTC", got)
	}
}
