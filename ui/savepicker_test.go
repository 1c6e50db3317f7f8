package ui

import (
	"bytes"
	"errors"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"campmap/animate"
	"campmap/data"
	"campmap/export"
)

// fullDisk is a writer that fails after n bytes, as a full disk does.
type fullDisk struct {
	w io.Writer
	n int
}

func (f *fullDisk) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k, _ := f.w.Write(p[:f.n])
		f.n = 0
		return k, errors.New("no space left on device")
	}
	f.n -= len(p)
	return f.w.Write(p)
}

// pickSave fills the save-location dialog on screen with name in dir and
// taps Save, and, when the file exists, taps reply ("Replace" or "Cancel")
// on the confirmation.
func (h *harness) pickSave(dir, name, reply string) {
	h.t.Helper()
	sp := h.seen.savePick
	if sp == nil {
		h.t.Fatal("no save dialog shown")
	}
	h.seen.savePick = nil
	sp.name.SetText(name)
	sp.setFolder(dir)
	c := h.mw.win.Canvas()
	save := findButton(c, "Save")
	if save == nil || save.Disabled() {
		h.t.Fatalf("no enabled Save button (%v)", save)
	}
	test.Tap(save)
	if reply != "" {
		b := findButton(c, reply)
		if b == nil {
			h.t.Fatalf("no %q button on the overwrite question (last dialog %q)", reply, h.seen.dialog)
		}
		test.Tap(b)
	}
	h.settle()
}

// TestSaveNeverTruncates: every save in the window goes through the
// save-location dialog, which never opens the target. An existing file
// keeps its bytes when the export fails after the overwrite was confirmed
// (or when the user declines); a successful export replaces it; no
// temporary file is left; the folder is remembered.
func TestSaveNeverTruncates(t *testing.T) {
	h := fixture(t)
	dir := t.TempDir()
	old := []byte("yesterday's briefing, not a PNG")
	path := filepath.Join(dir, "briefing.png")
	if err := os.WriteFile(path, old, 0o644); err != nil {
		t.Fatal(err)
	}
	same := func(step string) {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(b, old) {
			t.Errorf("%s: the old file was changed (%d bytes, %v)", step, len(b), err)
		}
		if names := dirNames(t, dir); !slices.Equal(names, []string{"briefing.png"}) {
			t.Errorf("%s: folder holds %v", step, names)
		}
	}

	// The user declines to replace.
	h.mw.showSaveDialog(320, 200)
	h.pickSave(dir, "briefing", "Cancel")
	if !strings.HasPrefix(h.seen.dialog, "Replace briefing.png?") {
		t.Errorf("no overwrite question: %q", h.seen.dialog)
	}
	same("declined")

	// Confirmed, then the disk fills up mid-write.
	h.mw.cfg.wrapWrite = func(w io.Writer) io.Writer { return &fullDisk{w: w, n: 200} }
	h.mw.showSaveDialog(320, 200)
	h.pickSave(dir, "briefing.png", "Replace")
	if !strings.Contains(h.seen.dialog, "no space left") {
		t.Errorf("no error shown: %q", h.seen.dialog)
	}
	same("failed export")

	// Confirmed and written: replaced by a PNG with its manifest.
	h.mw.cfg.wrapWrite = nil
	h.seen.dialog = ""
	h.mw.showSaveDialog(320, 200)
	if sp := h.seen.savePick; sp == nil || sp.folder != dir {
		t.Errorf("the last folder was not remembered")
	}
	h.pickSave(dir, "briefing.png", "Replace")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != 320 || img.Bounds().Dy() != 200 {
		t.Fatalf("not replaced by a 320×200 PNG: %v", err)
	}
	if _, ok := export.ReadPNGManifest(b); !ok {
		t.Error("the PNG has no manifest")
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"briefing.png"}) {
		t.Errorf("folder holds %v", names)
	}
}

// TestEverySaveUsesThePicker opens each save of the window, checks that
// nothing exists before the user confirms, and that the file is written
// with the format's extension added.
func TestEverySaveUsesThePicker(t *testing.T) {
	h := fixture(t)
	l := h.mw.layers[len(h.mw.layers)-1].layer
	for _, tc := range []struct {
		name, file, want string
		open             func()
		check            func(b []byte) bool
	}{
		{"export PNG", "a", "a.png", func() { h.mw.showSaveDialog(64, 64) },
			func(b []byte) bool { _, ok := export.ReadPNGManifest(b); return ok }},
		{"export page", "page", "page.pdf", func() { h.mw.newPageExport().chooseFile() },
			func(b []byte) bool { return bytes.HasPrefix(b, []byte("%PDF-")) }},
		{"export animation", "anim", "anim.gif", func() {
			step, _ := data.ParseStep("1d")
			h.mw.showAnimationSave(animate.Options{From: h.mw.extent.Start, To: h.mw.extent.Start + 2*86400000, Step: step, FPS: 4}, 64, 64)
		}, func(b []byte) bool { return bytes.HasPrefix(b, []byte("GIF8")) }},
		{"export layer", "layer.geojson", "layer.geojson", func() { h.mw.chooseLayerExportFile(l, nil) },
			func(b []byte) bool { return bytes.Contains(b, []byte("FeatureCollection")) }},
		{"save skipped rows", "skipped", "skipped.csv", func() { h.mw.saveSkipped(l) },
			func(b []byte) bool { return true }},
		{"save project as", "map", "map.campmap", func() { h.mw.proj.showSaveAsDialog() },
			func(b []byte) bool { return len(b) > 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			h.seen.dialog = ""
			tc.open()
			if names := dirNames(t, dir); len(names) != 0 {
				t.Fatalf("files before saving: %v", names)
			}
			h.pickSave(dir, tc.file, "")
			if h.seen.dialog != "" {
				t.Fatalf("dialog: %s", h.seen.dialog)
			}
			if names := dirNames(t, dir); !slices.Equal(names, []string{tc.want}) {
				t.Fatalf("folder holds %v, want %s", names, tc.want)
			}
			b, err := os.ReadFile(filepath.Join(dir, tc.want))
			if err != nil || !tc.check(b) {
				t.Errorf("%s: unexpected content (%d bytes, %v)", tc.want, len(b), err)
			}
		})
	}
}

// TestSavePickerRefusesBadNames: a folder part in the name, a missing
// folder and a folder in the file's place are refused without writing.
func TestSavePickerRefusesBadNames(t *testing.T) {
	h := fixture(t)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "taken.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, folder, want string }{
		{"../up", dir, "name only"},
		{"a", filepath.Join(dir, "missing"), "does not exist"},
		{"taken", dir, "is a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			called := false
			h.mw.chooseSavePath(saveRequest{title: "t", name: "x.csv", exts: []string{".csv"}}, func(string) { called = true })
			sp := h.seen.savePick
			sp.name.SetText(tc.name)
			sp.setFolder(tc.folder)
			sp.submit()
			if called || !strings.Contains(h.seen.dialog, tc.want) {
				t.Errorf("called %v, dialog %q, want %q", called, h.seen.dialog, tc.want)
			}
		})
	}
}

// TestSavePickerEnterSaves: Enter in the file name saves, as the Save
// button does, with the extension added.
func TestSavePickerEnterSaves(t *testing.T) {
	h := fixture(t)
	dir := t.TempDir()
	var got string
	h.mw.chooseSavePath(saveRequest{title: "t", name: "x.csv", exts: []string{".csv"}}, func(p string) { got = p })
	sp := h.seen.savePick
	sp.name.SetText("rows")
	sp.setFolder(dir)
	sp.name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if want := filepath.Join(dir, "rows.csv"); got != want {
		t.Errorf("Enter chose %q, want %q", got, want)
	}
}
