package ui

import (
	"context"
	"errors"
	"fmt"
	"image"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/export"
	"campmap/render"
)

// Preferences keeping what the last page exported said of its author.
const (
	pageTitlePref    = "page.title"
	pageSubtitlePref = "page.subtitle"
	pageOrgPref      = "page.org"
)

// AppVersion is the version recorded in export manifests; the command sets
// it to its own.
var AppVersion = "0.1.0"

// previewWidth is the width of the page preview, pixels.
const previewWidth = 360

// pageExport is the state of the page export dialog. It lives on the UI
// goroutine; the preview is drawn by a worker from a snapshot (the job:
// scene, bound, options) and applied only if no newer request was made.
type pageExport struct {
	mw *MainWindow
	sc *render.Scene // the scene when the dialog opened

	format, page                          *widget.Select
	pageLang                              *widget.Select // the page's language, whatever the window's
	selection                             *widget.Check  // outline the measured ring on the page
	dpi, title, subtitle, org, date       *escEntry
	label                                 *widget.SelectEntry
	legend, scalebar, north, inset, miles *widget.Check
	placement                             *widget.Select // where the legend goes (placementNames)
	safe, hex                             *widget.Check
	cell, minCount, noise, round          *escEntry
	seed                                  uint64 // the noise's seed, drawn when the dialog opens
	autoPublic                            bool   // the label became Public when safe mode was turned on
	preview                               *canvas.Image
	note                                  *widget.Label
	previews                              *worker[export.Job, previewResult]
	hashes                                *export.Hasher // the inputs of sc, hashed while the dialog is open
	dialog                                dialog.Dialog
	onExported                            func(path string, err error) // tests
	confirmPublic                         func(ok func())              // asks before exporting exact points as Public
}

// showPageExportDialog opens the briefing page export dialog for the map
// as it is shown now.
func (mw *MainWindow) showPageExportDialog() {
	pe := mw.newPageExport()
	content := container.NewBorder(nil, nil, pe.form(), nil, container.NewVBox(pe.preview, pe.note))
	d := dialog.NewCustomConfirm(lang.L("Export page"), lang.L("Export…"), lang.L("Cancel"), content, func(ok bool) {
		if ok {
			pe.chooseFile()
		}
	}, mw.win)
	pe.dialog = d
	d.Show()
	pe.refresh()
}

func (mw *MainWindow) newPageExport() *pageExport {
	pe := &pageExport{mw: mw, sc: mw.scene, hashes: hashInputs(mw.scene, mw.opt.Basemap)}
	pe.previews = newWorker(mw.ctx, mw.q, lang.L("drawing the page preview"), previewPage, pe.showPreview)
	pe.previews.onPanic = func(err error) { pe.note.SetText(userMessage(err)) }
	changed := func(string) { pe.refresh() }
	pe.format = widget.NewSelect([]string{"PDF", "SVG", "PNG"}, changed)
	pe.format.SetSelected("PDF")
	pages := render.PageNames()
	if vp := mw.mv.Viewport(); vp.W >= 200 && vp.H >= 200 {
		pages = append(pages, fmt.Sprintf(lang.L("%dx%d"), vp.W, vp.H)) // the view's size, pixels
	}
	pe.page = widget.NewSelect(trAll(pages), changed) // render's page names, shown translated
	pe.page.SetSelected(lang.L("a4-landscape"))
	pe.dpi = newEntry()
	pe.dpi.SetText(strconv.Itoa(export.DefaultDPI))
	pe.dpi.Validator = validDPI
	pe.dpi.OnChanged = changed
	pe.title = newEntry()
	pe.title.SetPlaceHolder(lang.L("Title"))
	pe.title.OnChanged = changed
	pe.subtitle = newEntry()
	pe.subtitle.OnChanged = changed
	pe.org = newEntry()
	pe.org.OnChanged = changed
	pe.date = newEntry()
	pe.date.SetText(time.Now().Format("2006-01-02"))
	pe.date.OnChanged = changed
	pe.pageLang = widget.NewSelect(languageNames(), func(string) { pe.refresh() })
	pe.pageLang.Selected = languageName(activeLang)
	pe.label = widget.NewSelectEntry(trAll([]string{"Public", "Restricted", "Confidential"}))
	pe.label.SetText(lang.L("Restricted"))
	pe.label.OnChanged = changed
	check := func(text string, on bool) *widget.Check {
		c := widget.NewCheck(text, func(bool) { pe.refresh() })
		c.Checked = on
		return c
	}
	pe.legend = check(lang.L("Legend"), true)
	pe.scalebar = check(lang.L("Scale bar"), true)
	pe.north = check(lang.L("North arrow"), true)
	pe.inset = check(lang.L("Overview map"), true)
	pe.miles = check(lang.L("Miles too"), false)
	pe.placement = widget.NewSelect(placementChoices(), func(string) {
		mw.legendAt = pe.placementChosen()
		pe.refresh()
	})
	pe.placement.Selected = placementName(mw.legendAt)
	pe.safe = widget.NewCheck(lang.L("Publication-safe (incidents as counts in cells)"), func(on bool) {
		// a publication-safe page is meant for the public: so labelled
		// (export.LabelFor), unless the user chose a label
		public := lang.L(export.PublicLabel)
		switch {
		case on && pe.label.Text == lang.L("Restricted"):
			pe.label.SetText(public)
			pe.autoPublic = true
		case !on && pe.autoPublic && pe.label.Text == public:
			pe.label.SetText(lang.L("Restricted")) // back to what it was
			pe.autoPublic = false
		}
		pe.refresh()
	})
	pe.hex = check(lang.L("Hexagons"), false)
	pe.selection = check(lang.L("Show the selection (the ring measured on the map)"), true)
	if t := mw.mv.measure; !t.on || !t.closed {
		pe.selection.Checked = false
		pe.selection.Disable()
	}
	pe.cell = newEntry()
	pe.cell.SetText(lang.L("2km"))
	pe.cell.OnChanged = changed
	pe.minCount = newEntry()
	pe.minCount.SetText("5")
	pe.minCount.OnChanged = changed
	pe.noise = newEntry()
	pe.noise.SetText(strconv.Itoa(export.DefaultNoiseScale))
	pe.noise.OnChanged = changed
	pe.round = newEntry()
	pe.round.SetText(strconv.Itoa(export.DefaultRound))
	pe.round.OnChanged = changed
	// one seed for the previews and the export: what is previewed is what
	// is written; the private manifest beside the export records it
	pe.seed = export.NewSeed()
	// the title, subtitle and organisation of the last page exported
	prefs := mw.app.Preferences()
	pe.title.Text, pe.subtitle.Text, pe.org.Text = prefs.String(pageTitlePref), prefs.String(pageSubtitlePref), prefs.String(pageOrgPref)
	pe.preview = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, 1, 1)))
	pe.preview.FillMode = canvas.ImageFillContain
	pe.preview.SetMinSize(fyne.NewSize(previewWidth, previewWidth*595/842))
	pe.note = widget.NewLabel("")
	pe.note.Wrapping = fyne.TextWrapWord
	pe.confirmPublic = func(ok func()) {
		dialog.ShowConfirm(lang.L("Exact incident positions"),
			lang.L("This page is labelled Public but shows the exact position of every incident. Publish it anyway? (Publication-safe mode shows counts in cells instead.)"),
			func(yes bool) {
				if yes {
					ok()
				}
			}, mw.win)
	}
	return pe
}

// placementNames are the names the export dialog gives the legend's
// places, in render.Placements order.
var placementNames = map[render.Placement]string{
	render.PlaceAuto:        "Automatic (a corner free of data, else the margin)",
	render.PlaceTopLeft:     "Top left",
	render.PlaceTopRight:    "Top right",
	render.PlaceBottomLeft:  "Bottom left",
	render.PlaceBottomRight: "Bottom right",
	render.PlaceMargin:      "In a margin beside the map",
}

// placementChoices returns the legend's places as the dialog lists them.
func placementChoices() []string {
	var out []string
	for _, p := range render.Placements() {
		out = append(out, lang.L(placementNames[p]))
	}
	return out
}

// placementName returns the dialog's name of place p (automatic for an
// unknown one).
func placementName(p render.Placement) string {
	if n, ok := placementNames[p]; ok {
		return lang.L(n)
	}
	return lang.L(placementNames[render.PlaceAuto])
}

// placementChosen returns the place chosen for the legend.
func (pe *pageExport) placementChosen() render.Placement {
	for _, p := range render.Placements() {
		if lang.L(placementNames[p]) == pe.placement.Selected {
			return p
		}
	}
	return render.PlaceAuto
}

func validDPI(s string) error {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < export.MinDPI || v > export.MaxDPI {
		return fmt.Errorf(lang.L("a resolution from %d to %d dpi"), export.MinDPI, export.MaxDPI)
	}
	return nil
}

func (pe *pageExport) form() fyne.CanvasObject {
	f := widget.NewForm(
		widget.NewFormItem(lang.L("Format"), pe.format),
		widget.NewFormItem(lang.L("Page"), pe.page),
		widget.NewFormItem(lang.L("PNG dpi"), pe.dpi),
		widget.NewFormItem(lang.L("Title"), pe.title),
		widget.NewFormItem(lang.L("Subtitle"), pe.subtitle),
		widget.NewFormItem(lang.L("Author / org."), pe.org),
		widget.NewFormItem(lang.L("Date"), pe.date),
		widget.NewFormItem(lang.L("Label"), pe.label),
		widget.NewFormItem(lang.L("Legend at"), pe.placement),
		widget.NewFormItem("", pe.selection),
		widget.NewFormItem(lang.L("Language"), pe.pageLang),
	)
	safe := container.NewGridWithColumns(3,
		widget.NewForm(widget.NewFormItem(lang.L("Cell"), pe.cell)),
		widget.NewForm(widget.NewFormItem(lang.L("Min."), pe.minCount)), pe.hex)
	noise := container.NewGridWithColumns(2,
		widget.NewForm(widget.NewFormItem(lang.L("Noise b"), pe.noise)),
		widget.NewForm(widget.NewFormItem(lang.L("Round to"), pe.round)))
	return withWidth(340, container.NewVBox(f,
		container.NewGridWithColumns(3, pe.legend, pe.scalebar, pe.north, pe.inset, pe.miles),
		pe.safe, safe, noise))
}

// job reads the dialog into an export job.
func (pe *pageExport) job() (export.Job, error) {
	sc := pe.sc
	if sc == nil {
		return export.Job{}, errors.New("ui: export: " + lang.L("nothing to export yet"))
	}
	ps, err := render.ParsePageSize(untr(pe.page.Selected))
	if err != nil {
		return export.Job{}, fmt.Errorf("ui: export: %w", err)
	}
	if tag := languageTag(pe.pageLang.Selected); tag != sc.Lang {
		c := *sc
		c.Lang = tag
		sc = &c
	}
	if t := pe.mw.mv.measure; pe.selection.Checked && t.on && t.closed {
		c := *sc
		c.Selection = append(orb.Ring(nil), t.pts...)
		sc = &c
	}
	// the view is an area the user chose: a safe page snaps it to a coarse
	// grid
	j := export.Job{Scene: sc, Bound: pe.mw.mv.Viewport().Bound(), Chosen: true, Format: strings.ToLower(pe.format.Selected)}
	if j.Format == export.FormatPNG {
		if err := validDPI(pe.dpi.Text); err != nil {
			return j, fmt.Errorf("ui: export: dpi: %w", err)
		}
		j.DPI, _ = strconv.ParseFloat(strings.TrimSpace(pe.dpi.Text), 64)
	}
	j.Page = &render.PageOptions{Size: ps, Title: pe.title.Text, Subtitle: pe.subtitle.Text, Org: pe.org.Text,
		Date: pe.date.Text, Label: strings.TrimSpace(pe.label.Text),
		NoLegend: !pe.legend.Checked, NoScaleBar: !pe.scalebar.Checked, NoNorth: !pe.north.Checked,
		NoInset: !pe.inset.Checked, Miles: pe.miles.Checked, Placement: pe.placementChosen()}
	if pe.safe.Checked {
		cell, err := export.ParseCellSize(pe.cell.Text)
		if err != nil {
			return j, fmt.Errorf("ui: export: cell size: %w", err)
		}
		k, err := strconv.Atoi(strings.TrimSpace(pe.minCount.Text))
		if err != nil || k < 1 {
			return j, errors.New("ui: export: " + lang.L("minimum count: a whole number of 1 or more"))
		}
		b, err := strconv.ParseFloat(strings.TrimSpace(pe.noise.Text), 64)
		if err != nil || !(b >= 0 && b <= export.MaxNoiseScale) {
			return j, fmt.Errorf("ui: export: noise: %s", fmt.Sprintf(lang.L("a scale from 0 (no noise) to %d"), export.MaxNoiseScale))
		}
		r, err := strconv.Atoi(strings.TrimSpace(pe.round.Text))
		if err != nil || r < 0 || r > export.MaxRound {
			return j, fmt.Errorf("ui: export: rounding: %s", fmt.Sprintf(lang.L("a whole number from 0 (exact counts) to %d"), export.MaxRound))
		}
		j.Safe = &export.SafeOptions{CellMeters: cell, MinCount: k, Hexagons: pe.hex.Checked, NoiseScale: b, Round: r, Seed: pe.seed}
	}
	return j, nil
}

// refresh draws the preview again on a worker; only the latest request's
// result is shown, and a burst of changes (typing a title) runs at most one
// preview at a time plus one pending.
func (pe *pageExport) refresh() {
	if pe.preview == nil || pe.mw.closed {
		return
	}
	j, err := pe.job()
	if err != nil {
		pe.previews.cancel()
		pe.note.SetText(userMessage(err))
		return
	}
	pe.note.SetText("")
	pe.previews.request(j)
}

// previewResult is a drawn page preview, or why it could not be drawn.
type previewResult struct {
	img image.Image
	sum export.SafeSummary
	err error
}

// showPreview shows the newest preview drawn for j.
func (pe *pageExport) showPreview(j export.Job, r previewResult) {
	if r.err != nil {
		pe.note.SetText(userMessage(r.err))
		return
	}
	pe.preview.Image = r.img
	pe.preview.Refresh()
	if j.Safe != nil {
		pe.note.SetText(fmt.Sprintf(lang.L("Publication-safe: %d incidents in %d cells; %d cells with fewer than %d left out."),
			r.sum.Incidents, r.sum.Cells, r.sum.Suppressed, j.Safe.MinCount) + "\n" +
			fmt.Sprintf(lang.L("As counts in cells: %s. Exact positions: %s."), namesOrNone(r.sum.Aggregated), namesOrNone(r.sum.Exact)))
	}
}

// namesOrNone joins layer names, or says none.
func namesOrNone(names []string) string {
	if len(names) == 0 {
		return lang.L("none")
	}
	return strings.Join(names, ", ")
}

// previewPage lays out the page and rasterises it previewWidth pixels wide,
// on a worker; it gives up between steps once ctx ends.
func previewPage(ctx context.Context, j export.Job) previewResult {
	sc, j, sum, err := j.Prepare()
	if err != nil || ctx.Err() != nil {
		return previewResult{sum: sum, err: err}
	}
	d := render.DrawPage(sc, j.Bound, *j.Page)
	if ctx.Err() != nil {
		return previewResult{}
	}
	return previewResult{img: d.Rasterize(previewWidth / d.W), sum: sum}
}

// chooseFile asks where to write the export (see chooseSavePath), then
// writes it.
func (pe *pageExport) chooseFile() {
	j, err := pe.job()
	if err != nil {
		pe.mw.showError(lang.L("Could not export"), err)
		return
	}
	pe.mw.chooseSavePath(saveRequest{title: lang.L("Export page"), name: "campmap-page." + j.Format, exts: []string{"." + j.Format}},
		func(path string) { pe.exportTo(path, j) })
}

// exportTo writes the job to path on a worker (atomically), after asking
// for confirmation when exact incidents would go out labelled Public.
func (pe *pageExport) exportTo(path string, j export.Job) {
	if j.NeedsPublicConsent() {
		pe.confirmPublic(func() { pe.write(path, j) })
		return
	}
	pe.write(path, j)
}

// write writes j to path (export.FormatOf's extension) on a worker, the
// manifest's hashes taken from those started when the dialog opened.
func (pe *pageExport) write(path string, j export.Job) {
	mw := pe.mw
	prefs := mw.app.Preferences()
	prefs.SetString(pageTitlePref, pe.title.Text)
	prefs.SetString(pageSubtitlePref, pe.subtitle.Text)
	prefs.SetString(pageOrgPref, pe.org.Text)
	if f := export.FormatOf(path); f != j.Format {
		path = strings.TrimSuffix(path, filepath.Ext(path)) + "." + j.Format
	}
	mw.status.message(fmt.Sprintf(lang.L("Exporting %s…"), filepath.Base(path)))
	mw.exportFile(path, j, pe.hashes, func(err error) {
		if pe.onExported != nil {
			pe.onExported(path, err)
		}
		if err != nil {
			mw.status.message(lang.L("Export failed"))
			mw.showError(fmt.Sprintf(lang.L("Could not export %s"), filepath.Base(path)), err)
			return
		}
		if j.Safe != nil {
			mw.status.message(fmt.Sprintf(lang.L("Exported %s; its private manifest (keep it private) is %s"), path, path+export.PrivateSuffix))
			return
		}
		mw.status.message(fmt.Sprintf(lang.L("Exported %s"), path))
	})
}
