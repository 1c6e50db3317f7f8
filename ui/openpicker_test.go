package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
)

// The open dialog opens several ticked files at once, paths typed or
// pasted, filters by format, and remembers the folder.
func TestOpenPickerSeveralFilesAndTypedPaths(t *testing.T) {
	dir, geojson, csv := projectFiles(t)
	other := t.TempDir()
	second := filepath.Join(other, "more.geojson")
	b, _ := os.ReadFile(geojson)
	os.WriteFile(second, b, 0o644)
	os.WriteFile(filepath.Join(dir, "notes.docx"), []byte("x"), 0o644)
	h := newHarness(t, Options{}, nil)
	h.mw.chooseOpenPaths()
	op := h.seen.openPick
	if op == nil {
		t.Fatal("no open dialog")
	}
	op.setFolder(dir)
	if _, ok := op.checks[filepath.Join(dir, "notes.docx")]; ok {
		t.Error("a .docx is listed")
	}
	for _, p := range []string{geojson, csv} {
		c := op.checks[p]
		if c == nil {
			t.Fatalf("%s not listed among %d", p, len(op.checks))
		}
		test.Tap(c)
	}
	// GeoPackage only: nothing of ours
	op.kind.SetSelected("GeoPackage")
	if len(op.checks) != 0 {
		t.Errorf("%d files listed as GeoPackages", len(op.checks))
	}
	op.typed.SetText(second + "\n")
	op.submit()
	h.settle()
	if len(h.mw.layers) != 3 {
		t.Fatalf("%d layers opened, want 3", len(h.mw.layers))
	}
	if got := h.mw.lastOpenFolder(); got != dir {
		t.Errorf("the next open starts in %q, want %q", got, dir)
	}
}
