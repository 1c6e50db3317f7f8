package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"campmap/export"
	"campmap/internal/atomicfile"
	"campmap/render"
)

// maxExportSide bounds an exported image's width and height in pixels.
const maxExportSide = 10000

// showExportDialog asks for the image size (the view's by default), then
// for the file, then exports.
func (mw *MainWindow) showExportDialog() {
	vp := mw.mv.Viewport()
	we := newEntry()
	he := newEntry()
	we.SetText(strconv.Itoa(max(vp.W, 1)))
	he.SetText(strconv.Itoa(max(vp.H, 1)))
	we.Validator, he.Validator = validSide, validSide
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Width (px)"), we),
		widget.NewFormItem(lang.L("Height (px)"), he),
	}
	dialog.ShowForm(lang.L("Export PNG"), lang.L("Choose file…"), lang.L("Cancel"), items, func(ok bool) {
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
		return fmt.Errorf(lang.L("a whole number from 1 to %d"), maxExportSide)
	}
	return nil
}

// showSaveDialog asks where to write the PNG (see chooseSavePath: the
// file is not touched until the new image is complete). The inputs are
// hashed for the manifest while the user chooses.
func (mw *MainWindow) showSaveDialog(w, h int) {
	hashes := hashInputs(mw.scene, mw.opt.Basemap)
	mw.chooseSavePath(saveRequest{title: lang.L("Export PNG"), name: "campmap.png", exts: []string{".png"}},
		func(path string) { mw.exportPNGWith(path, w, h, hashes) })
}

// exportPNG renders the scene and viewport shown now at w×h pixels on a
// worker and writes it to path atomically, with the export manifest (the
// same plain-image path as `campmap render -o x.png`); errors are shown in
// a dialog.
func (mw *MainWindow) exportPNG(path string, w, h int) { mw.exportPNGWith(path, w, h, nil) }

// exportPNGWith is exportPNG taking the inputs' hashes from hashes (nil:
// hashed on the export's worker).
func (mw *MainWindow) exportPNGWith(path string, w, h int, hashes *export.Hasher) {
	if err := validSide(strconv.Itoa(w)); err != nil {
		mw.showError(lang.L("Could not export"), fmt.Errorf("ui: export: width: %w", err))
		return
	}
	if err := validSide(strconv.Itoa(h)); err != nil {
		mw.showError(lang.L("Could not export"), fmt.Errorf("ui: export: height: %w", err))
		return
	}
	sc, vp := mw.scene, exportViewport(mw.mv.Viewport(), w, h)
	j := export.Job{Scene: sc, Format: export.FormatPNG, View: vp, Bound: vp.Bound()}
	mw.status.message(fmt.Sprintf(lang.L("Exporting %s…"), filepath.Base(path)))
	mw.exportFile(path, j, hashes, func(err error) {
		if err != nil {
			mw.status.message(lang.L("Export failed"))
			mw.showError(fmt.Sprintf(lang.L("Could not export %s"), filepath.Base(path)), err)
			return
		}
		mw.status.message(fmt.Sprintf(lang.L("Exported %s (%d×%d)"), path, w, h))
	})
}

// hashInputs starts hashing, in the background, the files sc's layers were
// read from and the basemap file (when not ""), for the manifest of an
// export about to be made.
func hashInputs(sc *render.Scene, basemap string) *export.Hasher {
	h := export.NewHasher()
	if basemap != "" {
		h.Start(basemap)
	}
	if sc == nil {
		return h
	}
	for _, lv := range sc.Layers {
		if lv.Layer != nil && lv.Layer.Path != "" {
			h.Start(lv.Layer.Path)
		}
	}
	return h
}

// exportRequest is one export to write: where, what, the hashes of its
// inputs (nil: hash them now) and the writer wrapper of tests.
type exportRequest struct {
	path   string
	job    export.Job
	hashes *export.Hasher
	wrap   func(io.Writer) io.Writer
}

// exportFile describes j's inputs (export.DescribeHashed: every input file
// hashed) and writes j to path, on a worker of its own, off the UI
// goroutine; done gets the outcome there. Each export has its worker, so
// that one export never supersedes another; closing the window drops the
// outcome.
func (mw *MainWindow) exportFile(path string, j export.Job, hashes *export.Hasher, done func(error)) {
	bmPath := mw.opt.Basemap
	if j.Scene == nil || j.Scene.Basemap == nil {
		bmPath = "" // hidden: not drawn, not an input
	}
	w := newWorker(mw.ctx, mw.q, fmt.Sprintf(lang.L("exporting %s"), filepath.Base(path)),
		func(_ context.Context, r exportRequest) error {
			m, err := export.DescribeHashed(r.job.Scene, AppVersion, r.hashes)
			if err != nil {
				return err
			}
			if bmPath != "" {
				// The basemap file, by its SHA-256, as the command line does.
				bi, err := r.hashes.HashFile(bmPath)
				if err != nil {
					return err
				}
				m.Inputs = append(m.Inputs, bi)
				m.Basemap = bi.Name
			}
			r.job.Manifest = m
			return writeExport(r.path, r.job, r.wrap)
		},
		func(_ exportRequest, err error) { done(err) })
	w.onPanic = done
	w.request(exportRequest{path: path, job: j, hashes: hashes, wrap: mw.cfg.wrapWrite})
}

// writeExport makes the export j and writes it to path through a temporary
// file in the same folder, synced and renamed: no partial file is ever
// left, and a failure leaves an earlier file at path as it was. A
// publication-safe export's private manifest goes beside it
// (path + export.PrivateSuffix, 0600). wrap, when
// not nil, wraps the file's writer (tests simulate a full disk with it).
func writeExport(path string, j export.Job, wrap func(io.Writer) io.Writer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = recovered(fmt.Sprintf(lang.L("exporting %s"), filepath.Base(path)), p)
		}
	}()
	if path == "" {
		return errors.New("ui: export: " + lang.L("no file name"))
	}
	var res export.Result
	if err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		if wrap != nil {
			w = wrap(w)
		}
		var err error
		res, err = export.Write(w, j)
		return err
	}); err != nil {
		return fmt.Errorf("ui: export: %w", err)
	}
	if res.Private != nil {
		// a publication-safe export's private manifest, beside it: the
		// only record of its inputs and noise seed
		if err := export.WritePrivate(path+export.PrivateSuffix, res.Private); err != nil {
			return fmt.Errorf("ui: export: %w", err)
		}
	}
	return nil
}

// showError shows err in a dialog titled title, as the sentence
// userMessage makes of it.
func (mw *MainWindow) showError(title string, err error) {
	if mw.closed {
		return
	}
	text := userMessage(err)
	lbl := widget.NewLabel(text)
	lbl.Wrapping = fyne.TextWrapWord
	lbl.Selectable = true
	d := dialog.NewCustom(title, lang.L("Close"), withWidth(460, lbl), mw.win)
	d.Show()
	mw.noteDialog(title, text)
}

func log2(x float64) float64 {
	if !(x > 0) {
		return 0
	}
	return math.Log2(x)
}
