package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// escEntry is campmap's text field: Esc in it closes the dialog on top
// of its window, or, outside dialogs (the search field, the table's
// filter), leaves the field, giving the keys back to the window. A
// focused widget.Entry keeps every key, so without it a dialog whose
// field has the keyboard (the dialogs that open with it focused, or
// after Tab) would not close on Esc.
type escEntry struct {
	widget.Entry
}

// newEntry is a one-line text field that gives Esc to the window.
func newEntry() *escEntry {
	e := &escEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// newMultiLineEntry is newEntry for several lines, as
// widget.NewMultiLineEntry makes them.
func newMultiLineEntry() *escEntry {
	e := newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	return e
}

// TypedKey implements fyne.Focusable: Esc is the window's, every other
// key the entry's.
func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name != fyne.KeyEscape {
		e.Entry.TypedKey(ev)
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && !closeTopDialog(c) {
		c.Unfocus()
	}
}
