package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/csv"
	"campmap/data/formats/all"
	"campmap/geo"
	"campmap/internal/atomicfile"
	"campmap/render"
)

// previewBytes is how much of a table the import dialog previews.
const previewBytes = 256 << 10

// preview image size in the CSV dialog.
const previewW, previewH = 420, 260

// noColumn is the choice "no column" in the CSV dialog's selects.
const noColumn = "(none)"

// Placement choices of the CSV dialog.
const (
	placeLatLon   = "Latitude and longitude columns"
	placeCoords   = "One column \"latitude, longitude\""
	placeCoordsLF = "One column \"longitude, latitude\""
	placeWKT      = "A WKT column"
)

// showCSVOpenDialog asks for a table, then shows the column dialog.
func (mw *MainWindow) showCSVOpenDialog() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			mw.showError(lang.L("Could not open the table"), err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		mw.showCSVImport(path)
	}, mw.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".tsv", ".tab", ".psv", ".txt", ".CSV", ".TSV", ".TXT"}))
	d.Resize(dialogSize(mw.win))
	d.Show()
}

// csvImport is one run of the CSV column dialog.
type csvImport struct {
	mw     *MainWindow
	path   string
	src    []byte // the whole file
	head   []byte // the part previewed
	schema csv.Schema
	// previews draws the preview on a worker; stale previews are dropped.
	previews *worker[csvPreviewRequest, csvPreview]
	img      *canvas.Image
	shown    *data.Layer // the rows the preview shows (tests read them)
	summary  *widget.Label

	place                                       *widget.RadioGroup
	lat, lon, coords, wkt, tim, category, count *widget.Select
}

// showCSVImport reads the table at path on a worker and shows the dialog
// choosing its columns, with a preview of its first rows on the map.
func (mw *MainWindow) showCSVImport(path string) {
	mw.q.begin()
	go func() {
		b, err := os.ReadFile(path)
		var s csv.Schema
		if err == nil {
			s, err = csv.Detect(b, path, data.CSVOptions{})
		}
		mw.q.finish(func() {
			if mw.closed {
				return
			}
			if err != nil {
				mw.showError(fmt.Sprintf(lang.L("Could not read %s"), filepath.Base(path)), err)
				return
			}
			ci := &csvImport{mw: mw, path: path, src: b, schema: s, head: cutHead(b, previewBytes)}
			ci.show()
		})
	}()
}

// cutHead returns the first n bytes of b, cut after a line end.
func cutHead(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	h := b[:n]
	if i := bytes.LastIndexByte(h, '\n'); i > 0 {
		h = h[:i+1]
	}
	return h
}

func (ci *csvImport) show() {
	mw := ci.mw
	s := ci.schema
	cols := append([]string{lang.L(noColumn)}, s.Header...)
	sel := func(v string) *widget.Select {
		w := widget.NewSelect(cols, func(string) { ci.refresh() })
		if v == "" {
			v = lang.L(noColumn)
		}
		w.SetSelected(v)
		return w
	}
	// the selects call refresh on change: build them all before wiring
	ci.lat, ci.lon, ci.coords, ci.wkt = sel(s.Lat), sel(s.Lon), sel(s.Coords), sel(s.WKT)
	ci.tim, ci.category, ci.count = sel(s.Time), sel(s.Category), sel(s.Count)
	ci.place = widget.NewRadioGroup(trAll([]string{placeLatLon, placeCoords, placeCoordsLF, placeWKT}), func(string) { ci.refresh() })
	switch {
	case s.WKT != "":
		ci.place.SetSelected(lang.L(placeWKT))
	case s.Coords != "" && s.CoordsLonFirst:
		ci.place.SetSelected(lang.L(placeCoordsLF))
	case s.Coords != "":
		ci.place.SetSelected(lang.L(placeCoords))
	default:
		ci.place.SetSelected(lang.L(placeLatLon))
	}
	ci.img = canvas.NewImageFromImage(image.NewRGBA(image.Rect(0, 0, previewW, previewH)))
	ci.img.FillMode = canvas.ImageFillContain
	ci.img.SetMinSize(fyne.NewSize(previewW, previewH))
	ci.summary = widget.NewLabel("")
	ci.summary.Wrapping = fyne.TextWrapWord

	about := fmt.Sprintf(lang.L("%s, %s, delimiter %s"), s.Encoding, count("columns", len(s.Header)), delimName(s.Delimiter))
	if s.Dialect != "" {
		about = s.Dialect + fmt.Sprintf(lang.L(" table; %s"), about)
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("Place rows by"), ci.place),
		widget.NewFormItem(lang.L("Latitude"), ci.lat),
		widget.NewFormItem(lang.L("Longitude"), ci.lon),
		widget.NewFormItem(lang.L("Coordinates"), ci.coords),
		widget.NewFormItem(lang.L("WKT"), ci.wkt),
		widget.NewFormItem(lang.L("Time"), ci.tim),
		widget.NewFormItem(lang.L("Category"), ci.category),
		widget.NewFormItem(lang.L("Count (symbol size)"), ci.count),
	)
	body := container.NewBorder(widget.NewLabel(about), nil, nil,
		container.NewVBox(ci.img, ci.summary), container.NewVScroll(form))
	ci.previews = newWorker(mw.ctx, mw.q, fmt.Sprintf(lang.L("previewing %s"), filepath.Base(ci.path)), previewCSV, ci.showPreview)
	ci.previews.onPanic = func(err error) { ci.summary.SetText(userMessage(err)) }
	d := dialog.NewCustomConfirm(fmt.Sprintf(lang.L("Import %s"), filepath.Base(ci.path)), lang.L("Load"), lang.L("Cancel"), body, func(ok bool) {
		ci.previews.stop()
		if ok {
			ci.load()
		}
	}, mw.win)
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
	mw.noteDialog(fmt.Sprintf(lang.L("Import %s"), filepath.Base(ci.path)), about)
	ci.refresh()
}

func delimName(r rune) string {
	switch r {
	case '\t':
		return lang.L("tab")
	case ',':
		return lang.L("comma")
	case ';':
		return lang.L("semicolon")
	case '|':
		return lang.L("pipe")
	}
	return fmt.Sprintf("%q", r)
}

// options returns the column choice of the dialog.
func (ci *csvImport) options() data.CSVOptions {
	get := func(s *widget.Select) string {
		if s == nil || s.Selected == lang.L(noColumn) {
			return ""
		}
		return s.Selected
	}
	o := data.CSVOptions{Delimiter: ci.schema.Delimiter, Time: get(ci.tim), Category: get(ci.category), Count: get(ci.count)}
	o.NoTime, o.NoCategory, o.NoCount = o.Time == "", o.Category == "", o.Count == ""
	if ci.place == nil {
		return o
	}
	switch untr(ci.place.Selected) {
	case placeWKT:
		o.WKT = get(ci.wkt)
	case placeCoords, placeCoordsLF:
		o.Coords, o.CoordsLonFirst = get(ci.coords), untr(ci.place.Selected) == placeCoordsLF
	default:
		o.Lat, o.Lon = get(ci.lat), get(ci.lon)
	}
	return o
}

// csvSourceZone is the zone a table's times without an offset are read in
// when it is imported: UTC, the default source zone of every layer (the
// layer's style dialog reads them again in another, ui/zones.go), so that
// the preview shows what loading will give whatever the display zone.
var csvSourceZone = time.UTC

// csvPreviewRequest is the snapshot a CSV preview is drawn from.
type csvPreviewRequest struct {
	path    string
	head    []byte // the rows previewed
	partial bool   // head is not the whole table
	opt     data.CSVOptions
	bm      *basemap.Basemap
}

// csvPreview is a drawn preview: the rows loaded (nil on error), the
// image and the text under it.
type csvPreview struct {
	layer *data.Layer
	img   *image.RGBA
	text  string
}

// refresh loads the previewed rows with the current choice on a worker
// and draws them on the map.
func (ci *csvImport) refresh() {
	if ci.img == nil || ci.summary == nil || ci.count == nil || ci.previews == nil {
		return // still building the dialog
	}
	ci.previews.request(csvPreviewRequest{path: ci.path, head: ci.head, partial: len(ci.head) < len(ci.src),
		opt: ci.options(), bm: ci.mw.bm})
}

// previewCSV loads and draws a preview on a worker.
func previewCSV(ctx context.Context, r csvPreviewRequest) csvPreview {
	l, err := csv.LoadBytes(ctx, r.path, r.head, data.LoadOptions{Zone: csvSourceZone}, r.opt)
	if err != nil {
		return csvPreview{img: image.NewRGBA(image.Rect(0, 0, previewW, previewH)), text: userMessage(err)}
	}
	sc := render.NewScene(r.bm, []*data.Layer{l})
	sc.Labels = false
	b := l.Bounds()
	if l.Len() == 0 {
		b = geo.New([2]float64{0, 20}, 1, previewW, previewH).Bound()
	}
	img := render.Render(sc, geo.Fit(b, previewW, previewH, 16, 14))
	return csvPreview{layer: l, img: img, text: previewText(l, r.partial)}
}

// showPreview shows the newest preview.
func (ci *csvImport) showPreview(_ csvPreviewRequest, p csvPreview) {
	ci.shown = p.layer
	ci.img.Image = p.img
	ci.img.Refresh()
	ci.summary.SetText(p.text)
}

// loadSummary says, in the interface's language, how many rows a table
// held and how many were placed (data.Layer.LoadSummary in English).
func loadSummary(l *data.Layer) string {
	if l.Rows == 0 && len(l.Skipped) == 0 {
		return fmt.Sprintf(lang.L("%s features loaded"), groupThousands(int64(l.Len())))
	}
	return fmt.Sprintf(lang.L("%s rows: %s loaded, %s skipped"), groupThousands(int64(l.Rows)), groupThousands(int64(l.Len())), groupThousands(int64(len(l.Skipped))))
}

// previewText sums up a preview load.
func previewText(l *data.Layer, partial bool) string {
	var b strings.Builder
	if partial {
		fmt.Fprintf(&b, lang.L("First %s of the table: "), count("rows", l.Rows))
	}
	b.WriteString(loadSummary(l))
	if len(l.Skipped) > 0 {
		r := l.Skipped[0]
		fmt.Fprintf(&b, lang.L(".\nFirst skipped: line %d: %s"), r.Line, translateDetail(r.Reason))
	}
	if ext := l.TimeExtent(); ext.Dated() {
		fmt.Fprintf(&b, lang.L(".\nDated %s to %s (%d undated)"), timeText(ext.Start, l.Zone), timeText(ext.End, l.Zone), l.UndatedCount())
	}
	if l.CountIsMinimum {
		b.WriteString(lang.L(".\nCounts are minimum estimates (shown as \"at least n\")"))
	}
	return b.String()
}

// load reads the whole table with the chosen columns and adds the layer.
func (ci *csvImport) load() {
	mw := ci.mw
	opt := ci.options()
	mw.status.startLoading(fmt.Sprintf(lang.L("Loading %s"), filepath.Base(ci.path)))
	ctx := mw.ctx
	mw.q.begin()
	go func() {
		l, err := csv.LoadBytes(ctx, ci.path, ci.src, data.LoadOptions{Zone: csvSourceZone}, opt)
		mw.q.finish(func() {
			mw.status.stopLoading()
			if mw.closed {
				return
			}
			if err != nil {
				mw.showLoadErrors([]error{err})
				return
			}
			if mw.proj != nil {
				mw.proj.csvOpts[ci.path] = &opt
			}
			mw.addLayers([]*data.Layer{l})
			mw.zoomToLayer(mw.layers[len(mw.layers)-1].id)
			mw.status.message(fmt.Sprintf(lang.L("Opened %s: %s"), filepath.Base(ci.path), loadSummary(l)))
			if len(l.Skipped) > 0 {
				mw.showSkipped(l)
			}
		})
	}()
}

// maxSkippedShown bounds the skipped rows listed in the dialog (all are saved).
const maxSkippedShown = 200

// showSkipped shows a table's load summary and the rows that could not be
// placed, with a button saving them all as CSV.
func (mw *MainWindow) showSkipped(l *data.Layer) {
	if mw.closed {
		return
	}
	var b strings.Builder
	for i, r := range l.Skipped {
		if i == maxSkippedShown {
			fmt.Fprintf(&b, lang.L("… and %d more (all are in the saved file)\n"), len(l.Skipped)-maxSkippedShown)
			break
		}
		fmt.Fprintf(&b, lang.L("line %d: %s\n"), r.Line, translateDetail(r.Reason))
	}
	list := widget.NewLabel(b.String())
	list.Wrapping = fyne.TextWrapWord
	list.Selectable = true
	scroll := container.NewVScroll(list)
	scroll.SetMinSize(fyne.NewSize(560, 200))
	head := widget.NewLabel(l.Name + ": " + loadSummary(l) + lang.L(". Rows that could not be placed on the map:"))
	head.Wrapping = fyne.TextWrapWord
	save := widget.NewButton(lang.L("Save skipped rows…"), func() { mw.saveSkipped(l) })
	title := fmt.Sprintf(lang.L("Rows skipped in %s"), l.Name)
	d := dialog.NewCustom(title, lang.L("Close"), container.NewBorder(head, save, nil, nil, scroll), mw.win)
	d.Show()
	mw.noteDialog(title, loadSummary(l)+"\n"+b.String())
}

// saveSkipped asks where to write the skipped rows (see chooseSavePath)
// and writes them atomically.
func (mw *MainWindow) saveSkipped(l *data.Layer) {
	mw.chooseSavePath(saveRequest{title: lang.L("Save skipped rows"), name: l.Name + "-skipped.csv", exts: []string{".csv"}},
		func(path string) { mw.writeSkipped(l, path) })
}

// writeSkipped writes l's skipped rows to path as CSV, atomically.
func (mw *MainWindow) writeSkipped(l *data.Layer, path string) {
	wrap := mw.cfg.wrapWrite
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		if wrap != nil {
			w = wrap(w)
		}
		return csv.WriteSkipped(w, l)
	})
	if err != nil {
		mw.showError(lang.L("Could not save the skipped rows"), fmt.Errorf("ui: save skipped rows: %w", err))
		return
	}
	mw.status.message(fmt.Sprintf(lang.L("Saved %s skipped rows to %s"), groupThousands(int64(len(l.Skipped))), filepath.Base(path)))
}

// showExportLayerDialog asks which layer to export, whether to keep only
// the time window, and where (GeoPackage or GeoJSON by extension).
func (mw *MainWindow) showExportLayerDialog() {
	if len(mw.layers) == 0 {
		mw.showError(lang.L("Nothing to export"), errors.New(lang.L("open a layer first")))
		return
	}
	var names []string
	for i := len(mw.layers) - 1; i >= 0; i-- { // top first, as in the panel
		names = append(names, mw.layers[i].layer.Name)
	}
	pick := widget.NewSelect(names, nil)
	pick.SetSelectedIndex(0)
	inWindow := widget.NewCheck(lang.L("Only the features shown in the time window"), nil)
	inWindow.SetChecked(mw.window.Dated() && mw.window != mw.extent)
	if !mw.window.Dated() {
		inWindow.Disable()
	}
	items := []*widget.FormItem{widget.NewFormItem(lang.L("Layer"), pick), widget.NewFormItem("", inWindow)}
	dialog.ShowForm(lang.L("Export layer"), lang.L("Choose file…"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		idx := len(mw.layers) - 1 - pick.SelectedIndex()
		if idx < 0 || idx >= len(mw.layers) {
			return
		}
		l := mw.layers[idx].layer
		var keep func(int) bool
		if inWindow.Checked {
			keep = data.InWindow(l, mw.window, mw.inside)
		}
		mw.chooseLayerExportFile(l, keep)
	}, mw.win)
}

// layerExportExts are the formats a layer exports to, by extension.
var layerExportExts = []string{".gpkg", ".geojson", ".json", ".csv"}

func (mw *MainWindow) chooseLayerExportFile(l *data.Layer, keep func(int) bool) {
	mw.chooseLayerExport(lang.L("Export layer"), l.Name+".gpkg", l, keep)
}

// chooseLayerExport asks where to write the features of l that keep
// accepts (all when nil), proposing name, under the dialog title title.
func (mw *MainWindow) chooseLayerExport(title, name string, l *data.Layer, keep func(int) bool) {
	mw.chooseSavePath(saveRequest{title: title, name: name, exts: layerExportExts},
		func(path string) { mw.exportLayer(l, keep, path) })
}

// exportLayer writes l (the features keep accepts) to path on a worker.
func (mw *MainWindow) exportLayer(l *data.Layer, keep func(int) bool, path string) {
	mw.status.message(fmt.Sprintf(lang.L("Exporting %s…"), l.Name))
	ctx := mw.ctx
	mw.q.begin()
	go func() {
		err := writeLayer(ctx, l, keep, path)
		mw.q.finish(func() {
			if mw.closed {
				return
			}
			if err != nil {
				mw.showError(lang.L("Could not export"), err)
				return
			}
			mw.status.message(fmt.Sprintf(lang.L("Exported %s to %s"), l.Name, filepath.Base(path)))
		})
	}()
}

// writeLayer writes l as GeoPackage, CSV or GeoJSON by path's extension.
func writeLayer(ctx context.Context, l *data.Layer, keep func(int) bool, path string) error {
	return all.WriteFile(ctx, path, l, keep)
}
