package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Once focused (Tab), the time window moves from the keyboard.
func TestRangeSliderKeyboard(t *testing.T) {
	test.NewTempApp(t)
	var got [2]int64
	s := NewRangeSlider(0, 1000, 200, 400, func(lo, hi int64) { got = [2]int64{lo, hi} })
	s.Snap = 1
	w := test.NewWindow(s)
	defer w.Close()
	w.Resize(fyne.NewSize(400, 80))
	w.Canvas().FocusNext()
	if w.Canvas().Focused() != s || !s.focused {
		t.Fatal("Tab does not reach the slider")
	}
	key := func(k fyne.KeyName) { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k}) }
	key(fyne.KeyRight) // the start moves a hundredth of the extent
	if s.Low != 210 || s.High != 400 || got != [2]int64{210, 400} {
		t.Errorf("Right: %d–%d (told %v)", s.Low, s.High, got)
	}
	key(fyne.KeyLeft)
	key(fyne.KeyLeft)
	if s.Low != 190 {
		t.Errorf("Left twice: start %d", s.Low)
	}
	key(fyne.KeyDown) // now the end
	key(fyne.KeyRight)
	if s.High != 410 || s.Low != 190 {
		t.Errorf("the end handle: %d–%d", s.Low, s.High)
	}
	key(fyne.KeyPageDown) // the whole window by its length
	if s.Low != 411 || s.High != 631 {
		t.Errorf("Page Down: %d–%d", s.Low, s.High)
	}
	key(fyne.KeyEnd)
	if s.High != 1000 {
		t.Errorf("End: end %d", s.High)
	}
	key(fyne.KeyUp) // back to the start
	key(fyne.KeyHome)
	if s.Low != 0 || s.High != 1000 {
		t.Errorf("Home: %d–%d", s.Low, s.High)
	}
	// the start never passes the end
	for range 200 {
		key(fyne.KeyRight)
	}
	if s.Low > s.High {
		t.Errorf("start %d passed end %d", s.Low, s.High)
	}
	w.Canvas().Unfocus()
	if s.focused {
		t.Error("focus not lost")
	}
}

// Esc closes the dialog on top, then the feature panel.
func TestEscClosesDialogs(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	c := h.mw.win.Canvas()
	esc := func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }
	for _, open := range []func(){h.mw.showKeys, h.mw.showAddBookmark, h.mw.showPageExportDialog, h.mw.showExportDialog} {
		open()
		h.settle()
		if len(c.Overlays().List()) == 0 {
			t.Fatal("no dialog shown")
		}
		esc()
		if n := len(c.Overlays().List()); n != 0 {
			t.Errorf("Esc left %d dialogs open", n)
		}
	}
}
