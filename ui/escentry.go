package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// escEntry is a text field of a dialog that gives Esc to the window,
// which closes the dialog: a focused widget.Entry keeps every key, so a
// dialog whose field has the keyboard (the dialogs that open with it
// focused, or after Tab) would not close on Esc otherwise.
type escEntry struct {
	widget.Entry
	onEsc func()
}

// newEntry is a text field of a dialog in win, Esc closing the dialog on
// top.
func newEntry(win fyne.Window) *escEntry {
	e := &escEntry{onEsc: func() { closeTopDialog(win.Canvas()) }}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey implements fyne.Focusable: Esc is the window's, every other
// key the entry's.
func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEsc != nil {
		e.onEsc()
		return
	}
	e.Entry.TypedKey(ev)
}
