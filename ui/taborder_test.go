package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// contains reports whether o is root or inside it.
func contains(root, o fyne.CanvasObject) bool {
	if root == o {
		return true
	}
	switch x := root.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			if contains(c, o) {
				return true
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if contains(c, o) {
				return true
			}
		}
	}
	return false
}

// Tab goes through the panels in reading order: the layers panel's head
// (Open…, the search field), its layers' controls, the map (ringed) and
// its buttons, then the timeline's controls row by row (playback, the
// dates, the window's slider), and round to the start again; Shift+Tab goes
// back. Once Tab has reached them, the map pans and the slider moves the
// window from the keyboard.
func TestTabOrderThroughThePanels(t *testing.T) {
	h := fixture(t)
	mw := h.mw
	c := mw.win.Canvas()
	c.Unfocus()
	var order []fyne.Focusable
	for range 400 {
		c.FocusNext()
		f := c.Focused()
		if f == nil || (len(order) > 0 && f == order[0]) {
			break
		}
		order = append(order, f)
	}
	index := func(what string, in func(fyne.Focusable) bool) int {
		for i, f := range order {
			if in(f) {
				return i
			}
		}
		var names []string
		for _, f := range order {
			names = append(names, fmt.Sprintf("%T", f))
		}
		t.Fatalf("Tab never reaches %s: %s", what, strings.Join(names, " "))
		return -1
	}
	is := func(o fyne.CanvasObject) func(fyne.Focusable) bool {
		return func(f fyne.Focusable) bool { return contains(o, f.(fyne.CanvasObject)) }
	}
	var open *widget.Button
	for _, f := range order {
		if b, ok := f.(*widget.Button); ok && b.Text == "Open…" && contains(mw.panel.object(), b) {
			open = b
		}
	}
	if open == nil {
		t.Fatal("Tab never reaches the layers panel's Open… button")
	}
	steps := []struct {
		what string
		i    int
	}{
		{"the layers panel's Open…", index("Open…", is(open))},
		{"the search field", index("the search field", is(mw.panel.search.entry))},
		{"a layer's controls", index("a layer's controls", is(mw.panel.list))},
		{"the map", index("the map", is(mw.mv))},
		{"Play", index("Play", is(mw.tl.play))},
		{"the timeline's window", index("the timeline's window", is(mw.tl.slider))},
	}
	for i := 1; i < len(steps); i++ {
		if steps[i].i <= steps[i-1].i {
			t.Errorf("Tab reaches %s (%d) before %s (%d)", steps[i].what, steps[i].i, steps[i-1].what, steps[i-1].i)
		}
	}
	if steps[0].i != 0 {
		t.Errorf("the first Tab goes to %T, want the layers panel's Open…", order[0])
	}
	// Shift+Tab goes back (Fyne's reverse walk visits a control before
	// its own children, so from the map or the search field it first
	// goes into their buttons: only controls without any are checked)
	for _, from := range []fyne.Focusable{mw.tl.slider, mw.tl.play} {
		c.Focus(from)
		c.FocusNext()
		c.FocusPrevious()
		if c.Focused() != from {
			t.Errorf("Tab then Shift+Tab from %T lands on %T", from, c.Focused())
		}
	}
	// View > Layers panel (Ctrl+L) puts the keyboard on the first layer's
	// first control
	mw.focusLayers()
	if f := c.Focused(); f == nil || !contains(mw.panel.list, f.(fyne.CanvasObject)) {
		t.Errorf("Layers panel gives the keyboard to %T, not a layer's control", f)
	}
	// the map has a ring and the arrow keys while it has the keyboard
	c.Focus(mw.mv)
	if !mw.mv.focused || !mw.mv.ring.Visible() {
		t.Error("the focused map shows no ring")
	}
	before := mw.mv.Viewport().Center
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if mw.mv.Viewport().Center == before {
		t.Error("Left did not pan the focused map")
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1}) // the window's keys work from the map
	if !strings.Contains(overlayText(c), "Keyboard shortcuts") {
		t.Error("F1 on the focused map did not open the keyboard help")
	}
	pressEsc(c)
	c.FocusNext()
	if mw.mv.ring.Visible() {
		t.Error("the map keeps its ring after Tab left it")
	}
	// a press on the map takes the keyboard from the search field, so
	// that the arrow keys pan the map again
	c.Focus(mw.panel.search.entry)
	mw.mv.MouseDown(&desktop.MouseEvent{})
	if c.Focused() != nil {
		t.Errorf("a press on the map leaves the keyboard in %T", c.Focused())
	}
	// the slider, reached by Tab, moves the window
	c.Focus(mw.tl.slider)
	w := mw.window
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	h.settle()
	if mw.window == w {
		t.Error("Right on the focused timeline did not move the window")
	}
}
