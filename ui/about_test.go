package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"campmap"
)

// TestAboutDialog opens Help > About from the menu and checks that the
// dialog shows the version, the commit and every bundled data set's source
// and licence.
func TestAboutDialog(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	var about *fyne.MenuItem
	for _, m := range h.mw.mainMenu().Items {
		if m.Label != "Help" {
			continue
		}
		for _, it := range m.Items {
			if it.Label == "About campmap" {
				about = it
			}
		}
	}
	if about == nil {
		t.Fatal("no Help > About campmap")
	}
	about.Action()
	top := h.mw.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("About opened no dialog")
	}
	text := strings.Join(aboutTexts(top), "\n")
	want := []string{"About campmap", "Version", campmap.Version, "Commit", campmap.Commit(), "Close"}
	for _, c := range campmap.Credits {
		want = append(want, c.Data, c.Source, "Licence: "+c.Licence)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("About lacks %q; it shows:\n%s", w, text)
		}
	}
}

// aboutTexts returns the text of every label and button drawn under o.
func aboutTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, c := range test.LaidOutObjects(o) {
		switch v := c.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		}
	}
	return out
}
