package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
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

// Esc closes every dialog campmap opens, as it opens: with the keyboard
// nowhere, or in the field the dialog focuses (the command palette, the
// save picker, the time dialogs), and, in the dialogs of one field, after
// Tab has put the keyboard in it.
func TestEscClosesEveryDialog(t *testing.T) {
	h := fixture(t)
	mw := h.mw
	c := mw.win.Canvas()
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
			for _, o := range c.Overlays().List() {
				c.Overlays().Remove(o)
			}
			c.Unfocus()
			mw.editor.stop()
		})
	}
	for _, d := range []struct {
		name string
		open func()
	}{
		{"Add bookmark", mw.showAddBookmark},
		{"Online basemap URL template", mw.showOnlineDialog},
		{"Add PostGIS layer", mw.pg.showAddDialog},
		{"Export PNG", mw.showExportDialog},
	} {
		t.Run(d.name+" after Tab", func(t *testing.T) {
			d.open()
			h.settle()
			c.FocusNext()
			if _, ok := c.Focused().(*escEntry); !ok {
				t.Fatalf("Tab put the keyboard in %T", c.Focused())
			}
			pressEsc(c)
			if n := len(c.Overlays().List()); n != 0 {
				t.Errorf("Esc left %d dialogs open", n)
			}
			c.Unfocus()
		})
	}
}
