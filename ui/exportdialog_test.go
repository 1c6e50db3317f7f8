package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"campmap/export"
)

// TestPageExportDialog drives the export dialog with the Fyne test driver:
// the preview follows the settings, a PDF and a publication-safe PNG are
// written, and exact incidents labelled Public ask first.
func TestPageExportDialog(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	pe := h.mw.newPageExport()
	pe.refresh()
	h.settle()
	if !pe.previews.settled() || pe.preview.Image.Bounds().Dx() != previewWidth {
		t.Fatalf("preview %v (request %d shown %d)", pe.preview.Image.Bounds(), pe.previews.gen, pe.previews.applied)
	}
	landscape := pe.preview.Image.Bounds()
	pe.page.SetSelected("a4-portrait")
	h.settle()
	if b := pe.preview.Image.Bounds(); b.Dy() <= b.Dx() || b == landscape {
		t.Errorf("portrait preview %v", b)
	}
	test.Type(pe.title, "Calais briefing") // a burst of changes
	h.settle()
	if w := pe.previews; !w.settled() || w.running || w.next != nil {
		t.Errorf("after a burst: request %d shown %d busy %v pending %v", w.gen, w.applied, w.running, w.next != nil)
	}

	dir := t.TempDir()
	var exported []string
	pe.onExported = func(path string, err error) {
		if err != nil {
			t.Errorf("export %s: %v", path, err)
		}
		exported = append(exported, path)
	}
	j, err := pe.job()
	if err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "page.pdf")
	pe.exportTo(pdf, j)
	h.settle()
	b, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte(`"title": "Calais briefing"`)) {
		t.Fatalf("PDF not written: %v", err)
	}

	// Public with exact incidents asks; declining writes nothing.
	pe.label.SetText("Public")
	asked := 0
	pe.confirmPublic = func(ok func()) { asked++ }
	j, _ = pe.job()
	pub := filepath.Join(dir, "public.pdf")
	pe.exportTo(pub, j)
	h.settle()
	if asked != 1 {
		t.Errorf("asked %d times before exporting exact incidents as Public", asked)
	}
	if _, err := os.Stat(pub); !os.IsNotExist(err) {
		t.Error("declined export was written")
	}

	// Publication-safe PNG: no question, counts in the note.
	pe.safe.SetChecked(true)
	pe.format.SetSelected("PNG")
	pe.dpi.SetText("1500")
	h.settle()
	if _, err := pe.job(); err == nil || !strings.Contains(pe.note.Text, "dpi") {
		t.Errorf("dpi 1500 accepted (note %q)", pe.note.Text)
	}
	pe.dpi.SetText("100")
	h.settle()
	if !strings.Contains(pe.note.Text, "Publication-safe") {
		t.Errorf("note %q", pe.note.Text)
	}
	j, err = pe.job()
	if err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(dir, "safe.png")
	pe.exportTo(png, j)
	h.settle()
	if asked != 1 {
		t.Error("a publication-safe export asked for confirmation")
	}
	b, err = os.ReadFile(png)
	if err != nil {
		t.Fatal(err)
	}
	m, ok := export.ReadPNGManifest(b)
	if !ok || !bytes.Contains(m, []byte(`"min_count": 5`)) {
		t.Errorf("manifest %s", m)
	}
	// noise and rounding on by default; the seed only in the private
	// manifest beside the export; the note names the exact layers
	man, err := export.ReadManifest(m)
	if err != nil || !man.Public || man.Safe.NoiseScale != export.DefaultNoiseScale || man.Safe.Round != export.DefaultRound || man.Safe.Seed != 0 {
		t.Errorf("public manifest %s (%v)", m, err)
	}
	pb, err := os.ReadFile(png + export.PrivateSuffix)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(png + export.PrivateSuffix); fi.Mode().Perm() != 0o600 {
		t.Errorf("private manifest mode %v", fi.Mode())
	}
	priv, err := export.ReadManifest(pb)
	if err != nil || priv.Safe == nil || priv.Safe.Seed != pe.seed {
		t.Errorf("private manifest %s (%v)", pb, err)
	}
	if !strings.Contains(pe.note.Text, "Exact positions: Camps") {
		t.Errorf("note %q does not name the exact layers", pe.note.Text)
	}
	pe.noise.SetText("-1")
	if _, err := pe.job(); err == nil {
		t.Error("a negative noise scale was accepted")
	}
	pe.noise.SetText("2")
	if len(exported) != 2 {
		t.Errorf("exported %v", exported)
	}
}

// The page dialog remembers the title, subtitle and organisation of the
// last page exported, and a publication-safe page is labelled Public.
func TestPageExportRemembersAuthor(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	pe := h.mw.newPageExport()
	test.Type(pe.title, "Calais, week 31")
	test.Type(pe.org, "Calais Solidarity")
	if pe.label.Text != "Restricted" {
		t.Fatalf("label %q", pe.label.Text)
	}
	test.Tap(pe.safe)
	if pe.label.Text != "Public" {
		t.Errorf("publication-safe: label %q, want Public", pe.label.Text)
	}
	j, err := pe.job()
	if err != nil {
		t.Fatal(err)
	}
	pe.exportTo(filepath.Join(t.TempDir(), "p.pdf"), j)
	h.settle()
	next := h.mw.newPageExport()
	if next.title.Text != "Calais, week 31" || next.org.Text != "Calais Solidarity" {
		t.Errorf("the next page: title %q, org %q", next.title.Text, next.org.Text)
	}
	// a label the user chose stays when the mode is turned on
	next.label.SetText("Confidential")
	test.Tap(next.safe)
	if next.label.Text != "Confidential" {
		t.Errorf("a chosen label became %q", next.label.Text)
	}
}

// A ring measured on the map can be outlined on the page, and the
// manifest keeps it.
func TestPageShowsTheSelection(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	if pe := h.mw.newPageExport(); !pe.selection.Disabled() || pe.selection.Checked {
		t.Error("without a selection the option is offered")
	}
	mv := h.mw.mv
	mv.handleRune('m')
	for _, c := range [][2]float32{{150, 120}, {420, 150}, {400, 330}} {
		h.tapMap(c[0], c[1])
	}
	mv.measure.closeRing()
	h.settle()
	pe := h.mw.newPageExport()
	if pe.selection.Disabled() || !pe.selection.Checked {
		t.Fatal("the selection is not offered")
	}
	j, err := pe.job()
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Scene.Selection) != 3 {
		t.Fatalf("the page's scene holds %d selection points", len(j.Scene.Selection))
	}
	m, err := export.Describe(j.Scene, "test")
	if err != nil || len(m.Selection) != 3 {
		t.Errorf("manifest selection %v, %v", m.Selection, err)
	}
	test.Tap(pe.selection)
	if j, _ := pe.job(); len(j.Scene.Selection) != 0 {
		t.Error("unticked, the selection is still drawn")
	}
}
