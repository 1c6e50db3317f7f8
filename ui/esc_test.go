package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// pressEsc types Esc as the driver does: to what has the keyboard, else
// to the window.
func pressEsc(c fyne.Canvas) {
	ev := &fyne.KeyEvent{Name: fyne.KeyEscape}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	c.OnTypedKey()(ev)
}

// Esc closes every dialog campmap opens, as it opens (with the keyboard
// nowhere, or in the field the dialog focuses: the command palette, the
// save picker, the time dialogs), and again with the keyboard in its
// first text field, reached by Tab.
func TestEscClosesEveryDialog(t *testing.T) {
	h := fixture(t)
	mw := h.mw
	c := mw.win.Canvas()
	fields := 0 // dialogs whose field Tab reached
	for _, d := range []struct {
		name string
		open func()
	}{
		{"Keyboard shortcuts", mw.showKeys},
		{"All commands", mw.showPalette},
		{"About campmap", func() { showAbout(mw.win) }},
		{"Open", mw.showOpenDialog},
		{"Import CSV with columns", mw.showCSVOpenDialog},
		{"Add PostGIS layer", mw.pg.showAddDialog},
		{"Open Project", mw.proj.showOpenDialog},
		{"Save Project As", mw.proj.showSaveAsDialog},
		{"Basemap", mw.showBasemapDialog},
		{"Online basemap URL template", mw.showOnlineDialog},
		{"New annotation layer", mw.editor.showNewLayerDialog},
		{"Export PNG", mw.showExportDialog},
		{"Export layer", mw.showExportLayerDialog},
		{"Export page", mw.showPageExportDialog},
		{"Export animation", mw.showAnimationDialog},
		{"Add bookmark", mw.showAddBookmark},
		{"the style dialog", func() { mw.panel.showStyle(mw.layers[len(mw.layers)-1].id) }},
		{"Filter by value", mw.tl.cats.showValueFilter},
		{"the window's start", func() { mw.tl.askTime(true) }},
		{"the window's end", func() { mw.tl.askTime(false) }},
		{"an error", func() { mw.showError("Cannot open x", errors.New("ui: x: broken")) }},
		{"unsaved changes", func() { mw.askSaveDiscard("Unsaved changes", "Save?", 420, "Save", func() {}, "Don't save", func() {}) }},
		{"the attribute form", func() {
			mw.editor.start(mw.layers[0])
			mw.editor.sel = 0
			mw.editor.showAttributes()
		}},
	} {
		t.Run(d.name, func(t *testing.T) {
			d.open()
			h.settle()
			n := len(c.Overlays().List())
			if n == 0 {
				t.Fatal("no dialog shown")
			}
			pressEsc(c)
			if got := len(c.Overlays().List()); got != n-1 {
				t.Errorf("Esc (keyboard in %T) left %d of %d dialogs open", c.Focused(), got, n)
			}
			closeAll := func() {
				for _, o := range c.Overlays().List() {
					c.Overlays().Remove(o)
				}
				c.Unfocus()
			}
			closeAll()
			// again, with the keyboard in the dialog's first text field
			// (reached by Tab), if it has one
			d.open()
			h.settle()
			n = len(c.Overlays().List())
			for range 40 {
				if _, ok := c.Focused().(*escEntry); ok {
					break
				}
				c.FocusNext()
			}
			if e, ok := c.Focused().(*escEntry); ok {
				fields++
				pressEsc(c)
				if got := len(c.Overlays().List()); got != n-1 {
					t.Errorf("Esc in the field %q left %d of %d dialogs open", e.PlaceHolder, got, n)
				}
			} else if f := c.Focused(); f != nil {
				if _, plain := f.(*widget.Entry); plain {
					t.Errorf("the dialog's field is a widget.Entry, which keeps Esc: use newEntry")
				}
			}
			closeAll()
			mw.editor.stop()
		})
	}
	t.Logf("Tab reached the field of %d dialogs", fields)
	if fields < 12 { // of 24
		t.Errorf("Tab reached the field of only %d dialogs", fields)
	}
	// Esc in the search field, outside any dialog, leaves the field
	c.Focus(mw.panel.search.entry)
	pressEsc(c)
	if c.Focused() != nil {
		t.Errorf("Esc in the search field leaves the keyboard in %T", c.Focused())
	}
}
