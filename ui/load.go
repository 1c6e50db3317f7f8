package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/basemap/tiles"
	"campmap/data/csv"
	"campmap/data/sample"
	"campmap/render"
)

// progressEvery throttles progress updates to about ten a second.
const progressEvery = 100 * time.Millisecond

// loader reads files one at a time on a worker goroutine. The queue and
// the current job belong to the UI goroutine; the worker only reports
// through the window's queue. Cancel stops the current file through its
// context and drops the rest: a cancelled load adds nothing.
type loader struct {
	mw      *MainWindow
	queue   []string
	cur     *loadJob
	total   int // files in the current batch
	index   int // 1-based position of the current file in the batch
	errs    []error
	fit     bool // fit the view to every layer when the batch ends
	lastDir fyne.ListableURI
	bmGen   int           // basemap loads started; only the last one's result is shown
	every   time.Duration // the least time between two progress updates shown
}

// loadJob is one file being read.
type loadJob struct {
	path     string
	cancel   context.CancelFunc
	canceled bool
}

func newLoader(mw *MainWindow) *loader { return &loader{mw: mw} }

// busy reports whether files are being read.
func (ld *loader) busy() bool { return ld.cur != nil }

// open queues files; fit asks to fit the view to all layers once they are read.
func (ld *loader) open(paths []string, fit bool) {
	if ld.mw.closed || len(paths) == 0 {
		return
	}
	if ld.cur == nil {
		ld.total, ld.index, ld.errs = 0, 0, nil
	}
	ld.queue = append(ld.queue, paths...)
	ld.total += len(paths)
	ld.fit = ld.fit || fit || len(ld.mw.layers) == 0
	if ld.cur == nil {
		ld.next()
	}
}

// next starts the first queued file, or ends the batch.
func (ld *loader) next() {
	mw := ld.mw
	if len(ld.queue) == 0 {
		ld.cur = nil
		mw.status.stopLoading()
		if ld.fit {
			mw.fitAll()
		}
		ld.fit = false
		if len(ld.errs) > 0 {
			mw.showLoadErrors(ld.errs)
		}
		ld.errs = nil
		return
	}
	path := ld.queue[0]
	ld.queue = ld.queue[1:]
	ld.index++
	ctx, cancel := context.WithCancel(mw.ctx)
	job := &loadJob{path: path, cancel: cancel}
	ld.cur = job
	what := fmt.Sprintf(lang.L("Loading %s"), filepath.Base(path))
	if ld.total > 1 {
		what += fmt.Sprintf(lang.L(" (%d of %d)"), ld.index, ld.total)
	}
	mw.status.startLoading(what)

	var last atomic.Int64
	every := int64(ld.every)
	// Times without an offset are read in UTC, the default source zone; the
	// layer's style dialog reads them again in another (ui/zones.go).
	opt := data.LoadOptions{Zone: time.UTC, Progress: func(done, total int64) {
		now := time.Now().UnixNano()
		if prev := last.Load(); now-prev < every || !last.CompareAndSwap(prev, now) {
			return
		}
		mw.q.post(func() {
			if ld.cur == job && !job.canceled {
				mw.status.setProgress(done, total)
			}
		})
	}}
	mw.q.begin()
	go func() {
		ls, err := loadFile(ctx, mw.loadFn, path, opt)
		var prepErr error
		if err == nil && ctx.Err() == nil {
			// build large layers' density cells and spatial index here,
			// so the first frame, zoom and click do not wait for them
			prepErr = prepareLayers(path, ls)
		}
		cancel()
		mw.q.finish(func() {
			ld.done(job, ls, err)
			if prepErr != nil && !job.canceled {
				mw.reportFailure(prepErr)
			}
		})
	}()
}

// prepareLayers builds what drawing the layers of path needs
// (render.Prepare); a panic there leaves the work to the first frame and
// is returned as an internal error.
func prepareLayers(path string, ls []*data.Layer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = recovered(fmt.Sprintf(lang.L("preparing %s for drawing"), filepath.Base(path)), p)
		}
	}()
	for _, l := range ls {
		render.Prepare(l)
	}
	return nil
}

// loadFile calls load (data.LoadFileLayers), turning a panic into an error.
func loadFile(ctx context.Context, load func(context.Context, string, data.LoadOptions) ([]*data.Layer, error), path string, opt data.LoadOptions) (ls []*data.Layer, err error) {
	defer func() {
		if p := recover(); p != nil {
			ls, err = nil, &data.LoadError{Path: path, Feature: -1, Msg: fmt.Sprintf(lang.L("internal error: %v"), p),
				Err: recovered(fmt.Sprintf(lang.L("reading %s"), filepath.Base(path)), p)}
		}
	}()
	return load(ctx, path, opt)
}

// done applies one finished file: every layer it holds, or its error.
func (ld *loader) done(job *loadJob, ls []*data.Layer, err error) {
	if job.canceled || ld.cur != job || ld.mw.closed {
		return
	}
	switch {
	case err != nil && errors.Is(err, data.ErrCanceled):
	case errors.Is(err, csv.ErrNoCoordinates):
		ld.mw.showCSVImport(job.path) // the user chooses the columns
	case err != nil:
		ld.errs = append(ld.errs, err)
	case len(ls) == 0:
		ld.errs = append(ld.errs, &data.LoadError{Path: job.path, Feature: -1, Msg: lang.L("the file holds no layer")})
	default:
		ld.mw.addLayers(ls)
		defer ld.mw.proj.loaded(job.path, ls) // CSV rows skipped: summary dialog
		warnings, features := 0, 0
		for _, l := range ls {
			warnings += len(l.Warnings)
			features += l.Len()
		}
		name := filepath.Base(job.path)
		switch {
		case warnings > 0:
			ld.mw.status.message(fmt.Sprintf(lang.L("Opened %s with %d warnings (see the ⚠ button in the layers panel)"), name, warnings))
		case len(ls) == 1:
			ld.mw.status.message(fmt.Sprintf(lang.L("Opened %s: %s"), name, featureCount(ls[0])))
		default:
			ld.mw.status.message(fmt.Sprintf(lang.L("Opened %s: %d layers, %s features"), name, len(ls), groupThousands(int64(features))))
		}
	}
	ld.next()
}

// cancel stops the current file and drops the queued ones.
func (ld *loader) cancel() {
	if ld.cur == nil {
		return
	}
	ld.cur.canceled = true
	ld.cur.cancel()
	n := 1 + len(ld.queue)
	ld.queue, ld.cur = nil, nil
	ld.mw.status.stopLoading()
	if !ld.mw.closed {
		if n == 1 {
			ld.mw.status.message(lang.L("Loading cancelled"))
		} else {
			ld.mw.status.message(fmt.Sprintf(lang.L("Loading cancelled (%d files not opened)"), n))
		}
	}
	if len(ld.errs) > 0 && !ld.mw.closed {
		ld.mw.showLoadErrors(ld.errs)
	}
	ld.errs, ld.fit = nil, false
}

// loadSample reads the embedded scenario off the UI goroutine and fits the
// view to it.
func (ld *loader) loadSample() {
	mw := ld.mw
	mw.q.begin()
	go func() {
		ls, err := sampleLayers(mw.ctx)
		mw.q.finish(func() {
			if mw.closed {
				return
			}
			if err != nil {
				mw.showLoadErrors([]error{err})
				return
			}
			fresh := len(mw.layers) == 0
			n := len(mw.layers)
			mw.addLayers(ls)
			for _, e := range mw.layers[n:] {
				e.sample = true
			}
			if fresh {
				// the scenario's own frame: its incidents' months, in the
				// zone its times were written in
				var incidents data.Span = data.Undated
				for _, l := range ls {
					if l.Kind == data.KindIncident {
						incidents = incidents.Union(l.TimeExtent())
					}
				}
				if mw.opt.Zone == nil {
					if paris, err := time.LoadLocation(sample.Zone); err == nil {
						mw.zone = paris
					}
				}
				if incidents.Dated() {
					// whole days of the zone, as the histogram's bars
					first := data.Day.Floor(incidents.Start, mw.zone)
					last := data.Day.Add(data.Day.Floor(incidents.End, mw.zone), 1, mw.zone) - 1
					mw.setWindow(data.Span{Start: first, End: last})
				}
				mw.proj.sampleWindow, mw.proj.sampleZone = mw.window, mw.zone
			}
			mw.rebuild() // the title names the sample now
			if fresh {
				mw.mv.FitBound(sample.Bounds())
			}
			mw.status.message(lang.L("Calais, summer 2015: sample scenario"))
		})
	}()
}

func sampleLayers(ctx context.Context) (ls []*data.Layer, err error) {
	defer func() {
		if p := recover(); p != nil {
			ls, err = nil, recovered(lang.L("opening the sample"), p)
		}
	}()
	return sample.LayersContext(ctx)
}

// loadBasemap reads the basemap off the UI goroutine: the embedded one
// when path is "", a GeoJSON basemap, or an MBTiles or PMTiles file drawn
// over the embedded one (render.LoadBasemap). A bad file is reported and
// the basemap shown so far kept (the embedded one at start); a good one
// becomes the window's basemap, saved with the project.
func (ld *loader) loadBasemap(path string) {
	mw := ld.mw
	shown := mw.bm != nil
	ld.bmGen++
	gen := ld.bmGen
	mw.q.begin()
	go func() {
		bm, tl, err := render.LoadBasemap(path, render.TileOptions{})
		if err != nil && !shown {
			var derr error
			bm, derr = basemap.Default()
			err = errors.Join(err, derr)
			path = ""
		}
		mw.q.finish(func() {
			if mw.closed || gen != ld.bmGen {
				tl.Close() // the window closed, or another basemap was chosen since
				if !mw.closed && err != nil {
					mw.showLoadErrors([]error{err})
				}
				return
			}
			if err != nil {
				mw.showLoadErrors([]error{err})
			}
			if bm == nil {
				return // the basemap shown so far stays
			}
			mw.setBasemap(path, bm, tl)
		})
	}()
}

// setBasemap makes bm (and the tiles over it, possibly nil) the window's
// basemap, read from path ("" the embedded one).
func (mw *MainWindow) setBasemap(path string, bm *basemap.Basemap, tl *render.Tiles) {
	if mw.tiles != nil {
		// A frame may still be drawing the old tiles: they are closed
		// with the window.
		mw.retired = append(mw.retired, mw.tiles)
	}
	mw.bm, mw.tiles = bm, tl
	mw.opt.Basemap = path // saved with the project (rebuild notes the change)
	mw.online = ""
	if a, ok := tl.Source().(tiles.Async); tl != nil && ok {
		do := mw.cfg.do
		if do == nil {
			do = fyne.Do
		}
		// New tiles have arrived: draw the map again (coalesced by the
		// render loop).
		a.SetNotify(func() {
			do(func() {
				if !mw.closed && mw.tiles == tl {
					mw.mv.requestFrame()
					mw.onlineTrouble()
				}
			})
		})
	}
	if tl != nil {
		mw.status.message(fmt.Sprintf(lang.L("Basemap: %s"), filepath.Base(path)))
	}
	mw.rebuild()
}

// basemapDim is how much View > Dim the basemap fades the tiles.
const basemapDim = 0.4

// setBasemapDim turns the dimmer of the tiled basemap on or off.
func (mw *MainWindow) setBasemapDim(on bool) {
	mw.bmDim = 0
	if on {
		mw.bmDim = basemapDim
	}
	if mw.dimItem != nil {
		mw.dimItem.Checked = on
	}
	mw.rebuild()
}

// isBasemapFile reports whether a file dropped or opened is a tiled
// basemap rather than a layer.
func isBasemapFile(path string) bool { return render.IsTiledBasemap(path) }

// showBasemapDialog lets the user choose a basemap file: MBTiles,
// PMTiles, or GeoJSON.
func (mw *MainWindow) showBasemapDialog() {
	mw.pickFile(basemapExtensions, mw.ld.loadBasemap)
}

// basemapExtensions are the files File > Basemap… lists.
var basemapExtensions = []string{".mbtiles", ".pmtiles", ".geojson", ".json", ".MBTILES", ".PMTILES", ".GEOJSON", ".JSON"}

// showLoadErrors shows one dialog naming every file that could not be read
// and why.
func (mw *MainWindow) showLoadErrors(errs []error) {
	if mw.closed || len(errs) == 0 {
		return
	}
	var names, lines []string
	for _, err := range errs {
		if le, ok := errors.AsType[*data.LoadError](err); ok {
			names = append(names, filepath.Base(le.Path))
		}
		lines = append(lines, userMessage(err))
	}
	title := lang.L("Could not open a file")
	if len(names) == 1 && len(errs) == 1 {
		title = fmt.Sprintf(lang.L("Could not open %s"), names[0])
	} else if len(errs) > 1 {
		title = fmt.Sprintf(lang.L("Could not open %d files"), len(errs))
	}
	text := strings.Join(lines, "\n\n") + lang.L("\n\nLayers already open are unchanged.")
	lbl := widget.NewLabel(text)
	lbl.Wrapping = fyne.TextWrapWord
	lbl.Selectable = true
	body := container.NewVScroll(lbl)
	body.SetMinSize(fyne.NewSize(520, 140))
	d := dialog.NewCustom(title, lang.L("Close"), body, mw.win)
	d.Show()
	mw.noteDialog(title, text)
}

// showOpenDialog asks for files to open (ui/openpicker.go).
func (mw *MainWindow) showOpenDialog() { mw.chooseOpenPaths() }

// pickFile asks for a file of one of the extensions, starting in the
// folder last used, and hands its path to chosen.
func (mw *MainWindow) pickFile(exts []string, chosen func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			mw.showLoadErrors([]error{fmt.Errorf("ui: open dialog: %w", err)})
			return
		}
		if r == nil {
			return
		}
		u := r.URI()
		r.Close()
		if dir, err := storage.Parent(u); err == nil {
			if l, err := storage.ListerForURI(dir); err == nil {
				mw.ld.lastDir = l
			}
		}
		chosen(u.Path())
	}, mw.win)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	if mw.ld.lastDir != nil {
		d.SetLocation(mw.ld.lastDir)
	}
	d.Resize(dialogSize(mw.win))
	d.Show()
}

// dialogSize is a file dialog size that fits the window.
func dialogSize(w fyne.Window) fyne.Size {
	s := w.Canvas().Size()
	return fyne.NewSize(min(max(s.Width*0.8, 400), 900), min(max(s.Height*0.8, 300), 640))
}

// dropped opens the files dropped on the window.
func (mw *MainWindow) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u != nil && u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	mw.openPaths(paths)
}

// openPaths opens files as their kind asks: a .campmap as the project, a
// .mbtiles or .pmtiles as the basemap, anything else as layers.
func (mw *MainWindow) openPaths(paths []string) {
	paths = mw.proj.takeProject(paths)
	layers := paths[:0:0]
	for _, p := range paths {
		if isBasemapFile(p) {
			mw.ld.loadBasemap(p)
			continue
		}
		layers = append(layers, p)
	}
	mw.ld.open(layers, false)
}
