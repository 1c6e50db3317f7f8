package ui

import (
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"campmap/geo"
	"campmap/internal/atomicfile"
	"campmap/render"
)

// maxExportSide bounds an exported image's width and height in pixels.
const maxExportSide = 10000

// showExportDialog asks for the image size (the view's by default), then
// for the file, then exports.
func (mw *MainWindow) showExportDialog() {
	vp := mw.mv.Viewport()
	we := widget.NewEntry()
	he := widget.NewEntry()
	we.SetText(strconv.Itoa(max(vp.W, 1)))
	he.SetText(strconv.Itoa(max(vp.H, 1)))
	we.Validator, he.Validator = validSide, validSide
	items := []*widget.FormItem{
		widget.NewFormItem("Width (px)", we),
		widget.NewFormItem("Height (px)", he),
	}
	dialog.ShowForm("Export PNG", "Choose file…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		w, _ := strconv.Atoi(strings.TrimSpace(we.Text))
		h, _ := strconv.Atoi(strings.TrimSpace(he.Text))
		mw.showSaveDialog(w, h)
	}, mw.win)
}

func validSide(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > maxExportSide {
		return fmt.Errorf("a whole number from 1 to %d", maxExportSide)
	}
	return nil
}

// showSaveDialog asks where to write the PNG.
//
// Fyne's save dialog creates (or truncates, after asking) the chosen file
// before it returns; the export then replaces it atomically, and removes
// it again if the export fails and it is still empty.
func (mw *MainWindow) showSaveDialog(w, h int) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			mw.showError("Could not export", fmt.Errorf("ui: export: %w", err))
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		if dir, err := storage.Parent(wc.URI()); err == nil {
			if l, err := storage.ListerForURI(dir); err == nil {
				mw.exportDir = l
			}
		}
		mw.exportPNG(path, w, h, true)
	}, mw.win)
	d.SetFileName("campmap.png")
	if mw.exportDir != nil {
		d.SetLocation(mw.exportDir)
	}
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".PNG"}))
	d.Resize(dialogSize(mw.win))
	d.Show()
}

// exportPNG renders the scene and viewport shown now at w×h pixels on a
// worker and writes it to path atomically; errors are shown in a dialog.
// placeholder says path may be an empty file the save dialog created.
func (mw *MainWindow) exportPNG(path string, w, h int, placeholder bool) {
	if err := validSide(strconv.Itoa(w)); err != nil {
		mw.showError("Could not export", fmt.Errorf("ui: export: width: %w", err))
		return
	}
	if err := validSide(strconv.Itoa(h)); err != nil {
		mw.showError("Could not export", fmt.Errorf("ui: export: height: %w", err))
		return
	}
	sc, vp := mw.scene, exportViewport(mw.mv.Viewport(), w, h)
	mw.status.message("Exporting " + filepath.Base(path) + "…")
	mw.q.begin()
	go func() {
		err := writePNG(path, sc, vp)
		if err != nil && placeholder {
			if fi, serr := os.Stat(path); serr == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
				os.Remove(path)
			}
		}
		mw.q.finish(func() {
			if err != nil {
				mw.status.message("Export failed")
				mw.showError("Could not export "+filepath.Base(path), err)
				return
			}
			mw.status.message(fmt.Sprintf("Exported %s (%d×%d)", path, w, h))
		})
	}()
}

// writePNG renders sc for vp and writes it to path through a temporary
// file in the same folder, synced and renamed: no partial file is ever left.
func writePNG(path string, sc *render.Scene, vp geo.Viewport) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("ui: export %s: render: %v", path, p)
		}
	}()
	if path == "" {
		return errors.New("ui: export: no file name")
	}
	img := render.Render(sc, vp)
	if err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, img)
	}); err != nil {
		return fmt.Errorf("ui: export: %w", err)
	}
	return nil
}

// showError shows err in a dialog titled title.
func (mw *MainWindow) showError(title string, err error) {
	if mw.closed {
		return
	}
	text := userError(err)
	lbl := widget.NewLabel(text)
	lbl.Wrapping = fyne.TextWrapWord
	lbl.Selectable = true
	d := dialog.NewCustom(title, "Close", withWidth(460, lbl), mw.win)
	d.Show()
	mw.lastDialog = title + "\n" + text
}

func log2(x float64) float64 {
	if !(x > 0) {
		return 0
	}
	return math.Log2(x)
}
