// Package ui is campmap's desktop window, built with Fyne: the map, the
// layers panel, the timeline, the status bar, the menus, loading and
// export. It is the only package (with cmd/) that imports Fyne.
//
// Threading: every Fyne callback runs on the UI goroutine, which owns the
// model (layers, visibility, viewport, time window). Loading, rendering,
// identify and export run on worker goroutines that receive an immutable
// snapshot (a *render.Scene built fresh for each change and a
// geo.Viewport) and hand back a finished result applied in one fyne.Do.
// Work asked for again and again (frames, identify, the histogram, the
// category counts, search, a category key change, a file reload, the
// export preview and the export) goes through one mechanism, worker
// (ui/worker.go): the newest request wins, each job has a context
// cancelled when it is superseded or the window closes, and stale results
// are dropped. Errors reach the user only as the sentence userMessage
// makes (ui/errors.go); a recovered panic is logged once and shown as an
// internal error naming what the user was doing.
package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/style"
	"campmap/geo"
	"campmap/icons"
	"campmap/render"
)

// Options says what the main window opens on.
type Options struct {
	Files   []string       // GeoJSON files given on the command line
	Sample  bool           // open the embedded Calais 2015 scenario
	Basemap string         // another basemap file; "" = embedded
	Zone    *time.Location // display zone; nil = UTC
}

// Run opens the main window on opt and returns when the application quits.
func Run(opt Options) {
	a := app.NewWithID("org.campmap.app")
	a.Settings().SetTheme(newAppTheme())
	if png := icons.AppIcon(); len(png) > 0 {
		a.SetIcon(fyne.NewStaticResource("campmap.png", png))
	}
	mw := NewMainWindow(a, opt)
	mw.openShotState()
	mw.Window().ShowAndRun()
}

// MainWindow is campmap's main window and the model it shows. It belongs
// to the UI goroutine: call its methods only there (or inside fyne.Do).
type MainWindow struct {
	// model is what the window shows; the scene and the project are
	// derived from it (ui/model.go).
	model

	app   fyne.App
	win   fyne.Window
	opt   Options
	cfg   config
	q     *uiQueue
	clock clock

	ctx    context.Context // done when the window closes
	cancel context.CancelFunc
	closed bool

	bm    *basemap.Basemap
	tiles *render.Tiles // a tiled basemap over bm, or nil
	// bmDim fades the tiles (View > Dim the basemap); shown is tiles
	// with it, as scenes draw them.
	bmDim float64
	shown *render.Tiles
	// legendAt is where briefing pages put their legend, as the export
	// dialog last chose it (saved in the project).
	legendAt render.Placement
	dimItem  *fyne.MenuItem
	// retired are tiled basemaps replaced while frames may still draw
	// them: closed with the window.
	retired []*render.Tiles
	// online is the online basemap shown (a preset's key or a URL
	// template), "" for none; offline serves online basemaps from their
	// cache only (View > Work offline).
	online      string
	offline     bool
	lastTileErr string        // the online trouble last said in the status bar
	scene       *render.Scene // the model's scene as last shown

	mv     *MapView
	panel  *layersPanel
	tl     *timeline
	status *statusBar
	info   *infoPanel
	table  *attrTable // the attribute table (ui/table.go)
	// mapArea splits the map from the attribute table under it, side the
	// two from the identify panel; their offsets are kept in the
	// preferences.
	mapArea, side *container.Split
	ld            *loader
	pg            *pgLayers     // PostGIS layers and their workers (ui/postgis.go)
	proj          *projectState // project file, autosave, file watcher (ui/project.go)
	editor        *editTool     // the edit mode of one layer (ui/edit.go)
	loadFn        func(context.Context, string, data.LoadOptions) ([]*data.Layer, error)

	zoneItems    []*fyne.MenuItem                  // View > Time zone entries (ui/zones.go)
	bookmarkItem *fyne.MenuItem                    // View > Bookmarks (ui/bookmarks.go)
	areas        *worker[areaRequest, []areaCount] // counts inside a measured ring (ui/selection.go)

	recat    map[int]*worker[recatRequest, recatResult] // category key changes, by layer id
	internal map[string]bool                            // activities whose internal error a dialog has shown
}

// config holds what tests substitute; the zero value is the product's.
type config struct {
	do    func(func()) // how workers reach the UI goroutine; fyne.Do when nil
	clock clock        // the player's ticker source; real time when nil
	// loadFile reads every layer of a file; data.LoadFileLayers when nil.
	loadFile func(context.Context, string, data.LoadOptions) ([]*data.Layer, error)
	// wrapWrite wraps the writer of exported files; nil writes directly.
	wrapWrite func(io.Writer) io.Writer
	// progressEvery throttles load progress; 0 is progressEvery, and a
	// negative value shows every update (tests count them).
	progressEvery time.Duration
	// tooltipDelay is how long the pointer rests before a tooltip: 0 is
	// hoverDelay, negative never (tests, whose timing is their own).
	tooltipDelay time.Duration
	// tileCache is the folder of the online tile cache; "" the user's
	// cache folder.
	tileCache string
	// seen, when set, records what the window showed, for tests to read
	// and drive; the product records nothing.
	seen *seen
}

// seen is what a window under test showed last.
type seen struct {
	dialog   string        // title and text of the last dialog
	savePick *savePicker   // the last save-location dialog (tests fill it)
	anim     *animForm     // the last animation dialog's fields (tests fill them)
	online   *widget.Entry // the last Online basemap dialog's URL
	openPick *openPicker   // the last open dialog (tests tick and type)
	bookmark *widget.Entry // the last Add bookmark dialog's name
	palette  *widget.Entry // the last command palette's filter
}

// noteDialog records a dialog's title and text for tests.
func (mw *MainWindow) noteDialog(title, text string) {
	if mw.cfg.seen != nil {
		mw.cfg.seen.dialog = title + "\n" + text
	}
}

// NewMainWindow builds the main window on a (without showing it) and starts
// loading what opt asks for.
func NewMainWindow(a fyne.App, opt Options) *MainWindow {
	return newMainWindow(a, opt, config{})
}

func newMainWindow(a fyne.App, opt Options, cfg config) *MainWindow {
	setupLanguage(a.Preferences().String(languagePref))
	mw := &MainWindow{model: newModel(opt.Zone), app: a, opt: opt, cfg: cfg, q: newUIQueue(cfg.do), clock: cfg.clock}
	mw.loadFn = cfg.loadFile
	if mw.loadFn == nil {
		mw.loadFn = data.LoadFileLayers
	}
	if mw.clock == nil {
		mw.clock = realClock{}
	}
	mw.ctx, mw.cancel = context.WithCancel(context.Background())

	mw.win = a.NewWindow("campmap")
	mw.status = newStatusBar(func() { mw.ld.cancel() }, func() float32 { return mw.mv.scale })
	mw.pg = newPGLayers(mw)
	mw.mv = NewMapView(
		withQueue(mw.q),
		WithCenter(orb.Point{1.85, 50.95}, 8),
		WithOnViewChange(func(vp geo.Viewport) { mw.status.setView(vp); mw.pg.viewChanged(vp) }),
		WithOnHover(mw.status.setCursor),
		WithOnIdentifyAll(func(sc *render.Scene, hits []render.Hit) { mw.info.showAll(sc, hits) }),
		WithOnFrame(mw.frameShown),
		WithOnError(mw.reportFailure),
	)
	mw.info = newInfoPanel(&mw.model, mw.mv)
	mw.mv.measure.onText = mw.status.message
	if cfg.tooltipDelay < 0 {
		mw.mv.tip.delay = 0
	} else if cfg.tooltipDelay > 0 {
		mw.mv.tip.delay = cfg.tooltipDelay
	}
	mw.startAreaCounts()
	mw.editor = newEditTool(mw)
	mw.mv.editor = mw.editor
	mw.panel = newLayersPanel(&mw.model, mw.win, newSearch(mw), layerActions{
		openFiles:      mw.showOpenDialog,
		setVisible:     mw.setVisible,
		setOpacity:     mw.setOpacity,
		setPlaces:      mw.setPlaces,
		setDensity:     mw.setDensity,
		setKind:        mw.setKind,
		setCategoryKey: mw.setCategoryKey,
		remove:         mw.removeLayer,
		move:           mw.moveLayer,
		zoomTo:         mw.zoomToLayer,
		fetched:        func(id int) bool { return mw.pg.layers[id] != nil },
		zoneItem:       func(e *layerEntry) *widget.FormItem { return sourceZoneItem(mw, e) },
		edit:           func(id int) { mw.editor.toggle(id) },
		editing:        func(id int) bool { return mw.editor.editing(id) },
		table:          func(id int) { mw.table.open(id) },
		restyle: func(id int, edit func(*style.Style)) {
			if mw.model.restyle(id, edit) {
				mw.rebuild()
			}
		},
	})
	mw.tl = newTimeline(mw)
	mw.ld = newLoader(mw)
	if mw.ld.every = cfg.progressEvery; mw.ld.every == 0 {
		mw.ld.every = progressEvery
	}

	mw.table = newAttrTable(mw)
	mw.info.onFeature = mw.table.identified
	mw.info.onClose = mw.table.remark
	left := mw.panel.object()
	mw.mapArea = container.NewVSplit(mw.mv, mw.table.object())
	mw.mapArea.Offset = a.Preferences().FloatWithFallback(tableSplitPref, 0.55)
	mw.side = container.NewHSplit(mw.mapArea, mw.info.object())
	mw.info.onOpen = mw.placeInfo
	center := container.New(layout.NewBorderLayout(mw.pg.banner, nil, nil, nil), mw.pg.banner, mw.side) // the banner's Retry first for Tab
	mw.info.parent = mw.side
	split := container.NewHSplit(left, center)
	split.Offset = 0.24
	mw.panel.split = split
	bottom := container.NewVBox(mw.tl.object(), widget.NewSeparator(), mw.status.object())
	mw.win.SetContent(container.NewBorder(nil, bottom, nil, nil, split))
	mw.win.Resize(fyne.NewSize(1280, 800))
	mw.win.SetMainMenu(mw.mainMenu())
	mw.pg.installMenu()
	mw.proj = newProjectState(mw)
	mw.proj.installMenu()
	mw.editor.installMenu()
	mw.bindShortcuts()
	mw.win.Canvas().SetOnTypedKey(mw.typedKey)
	mw.win.Canvas().SetOnTypedRune(mw.typedRune)
	mw.mv.onKey, mw.mv.onRune = mw.typedKey, mw.typedRune
	mw.win.SetOnDropped(mw.dropped)
	mw.win.SetOnClosed(mw.shutdown)

	mw.rebuild()
	mw.startLoading()
	mw.proj.offerRecovery()
	mw.editor.offerRecovery()
	return mw
}

// typedKey is what a key does when nothing or the map has the keyboard.
func (mw *MainWindow) typedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && closeTopDialog(mw.win.Canvas()) {
		return
	}
	if mw.editor.key(ev) || mw.functionKey(ev.Name) {
		return
	}
	if ev.Name == fyne.KeyEscape {
		// with no dialog open, Esc closes the feature panel and the
		// measure tool
		mw.info.hide()
		mw.mv.measure.stop()
		return
	}
	mw.mv.handleKey(ev)
}

// closeTopDialog closes the dialog (or popup) on top of c, if one is
// open, and reports whether it did.
func closeTopDialog(c fyne.Canvas) bool {
	top := c.Overlays().Top()
	if top == nil {
		return false
	}
	top.Hide()
	c.Overlays().Remove(top)
	return true
}

// typedRune is what a character does when nothing or the map has the
// keyboard.
func (mw *MainWindow) typedRune(r rune) {
	switch r {
	case '[':
		mw.tl.stepWindow(-1)
	case ']':
		mw.tl.stepWindow(1)
	default:
		mw.mv.handleRune(r)
	}
}

// Window returns the Fyne window.
func (mw *MainWindow) Window() fyne.Window { return mw.win }

// startLoading loads the basemap, the sample and the files of the options.
func (mw *MainWindow) startLoading() {
	mw.ld.loadBasemap(mw.opt.Basemap)
	if mw.opt.Sample {
		mw.ld.loadSample()
	}
	if files := mw.proj.takeProject(mw.opt.Files); len(files) > 0 { // a .campmap opens as a project
		mw.ld.open(files, true)
	}
}

// shutdown stops every worker the window owns; results still in flight are
// dropped when they arrive.
func (mw *MainWindow) shutdown() {
	if mw.closed {
		return
	}
	mw.closed = true
	mw.keepSplits()
	mw.cancel()
	mw.pg.stop()
	mw.proj.stop()
	mw.tl.stopPlaying()
	mw.ld.cancel()
	mw.mv.Stop()
	for _, tl := range append(mw.retired, mw.tiles) {
		tl.Close()
	}
}

// rebuild makes a fresh scene from the model and shows it everywhere.
func (mw *MainWindow) rebuild() {
	sc := mw.model.scene(mw.bm)
	if mw.tiles != nil && (mw.shown == nil || mw.shown.Source() != mw.tiles.Source() || mw.shown.Options().Dim != mw.bmDim) {
		mw.shown = mw.tiles.WithDim(mw.bmDim)
	}
	if sc.Basemap != nil && mw.tiles != nil {
		sc.Tiles = mw.shown
	}
	mw.scene = sc
	mw.recountArea()
	mw.mv.SetScene(sc)
	mw.table.sceneChanged()
	if t := mw.title(); t != mw.win.Title() {
		mw.win.SetTitle(t)
	}
	mw.panel.refresh()
	mw.tl.refresh()
	mw.pg.sync()
	mw.proj.layersChanged()
}

// Preferences keeping where the user left the splits beside the map.
const (
	infoWidthPref  = "split.identify.width" // in Fyne units
	tableSplitPref = "split.table"          // the map's part of the height
)

// infoWidth is the identify panel's width until the user changes it.
const infoWidth = 340

// placeInfo gives the identify panel, as it opens, the width it had when
// the user last left it (infoWidth at first).
func (mw *MainWindow) placeInfo() {
	if w := float64(mw.side.Size().Width - 2*theme.Padding()); w > 0 { // the divider is two paddings thick
		want := mw.app.Preferences().FloatWithFallback(infoWidthPref, infoWidth)
		mw.side.Offset = min(max(1-want/w, 0.25), 0.85)
	}
}

// keepSplits remembers, for the next window, the identify panel's width
// and the attribute table's part of the height, where the user left them
// (a panel closed now keeps what was remembered).
func (mw *MainWindow) keepSplits() {
	p := mw.app.Preferences()
	if w := mw.side.Size().Width; mw.info.box.Visible() && w > 0 {
		p.SetFloat(infoWidthPref, float64(mw.info.box.Size().Width))
	}
	if o := mw.mapArea.Offset; mw.table.box.Visible() && o > 0.05 && o < 0.95 {
		p.SetFloat(tableSplitPref, o)
	}
}

// addLayers appends layers on top of the others.
func (mw *MainWindow) addLayers(ls []*data.Layer) {
	mw.add(ls...)
	mw.editor.applyRecovered() // a file whose unsaved edits were recovered opens with them
	mw.updateExtent()
	mw.rebuild()
}

func (mw *MainWindow) setVisible(id int, v bool) {
	if e, _ := mw.entry(id); e != nil && e.style.Visible != v {
		e.style.Visible = v
		mw.rebuild()
	}
}

func (mw *MainWindow) setKind(id int, k data.Kind) {
	if e, _ := mw.entry(id); e != nil && e.layer.Kind != k {
		e.layer = e.layer.WithKind(k)
		mw.rebuild()
	}
}

func (mw *MainWindow) setOpacity(id int, o float64) {
	o = min(max(o, 0.05), 1)
	if e, _ := mw.entry(id); e != nil && e.style.Opacity != o {
		e.style.Opacity = o
		mw.rebuild()
	}
}

// setPlaces marks layer id as a layer of places (publication-safe pages
// publish its exact positions) or of records (counted in cells); the mark
// is saved with the layer's style in the project.
func (mw *MainWindow) setPlaces(id int, places bool) {
	if e, _ := mw.entry(id); e != nil && (e.style.Places == nil || *e.style.Places != places) {
		e.style.Places = &places
		mw.rebuild()
	}
}

// setDensity draws layer id as a density view in bins d (nil: as points).
func (mw *MainWindow) setDensity(id int, d *style.Density) {
	e, _ := mw.entry(id)
	if e == nil || reflect.DeepEqual(e.style.Density, d) {
		return
	}
	e.style.Density = d
	mw.rebuild()
}

// recatRequest is a category key change: layer id, as it was, and the key.
type recatRequest struct {
	id  int
	old *data.Layer
	key string
}

// recatResult is a category key change done: the layer grouped by the new
// key, or why the key cannot group it.
type recatResult struct {
	l   *data.Layer
	why error
}

// setCategoryKey recategorises a layer by property key ("" for none) on a
// worker of the layer's own: the newest key asked for wins, and the new
// layer replaces the old one unless it changed meanwhile.
func (mw *MainWindow) setCategoryKey(id int, key string) {
	e, _ := mw.entry(id)
	if e == nil {
		return
	}
	w := mw.recat[id]
	if e.layer.CategoryKey() == key {
		if w != nil {
			w.cancel() // back to the key shown: an earlier change must not land
		}
		return
	}
	if w == nil {
		w = newWorker(mw.ctx, mw.q, lang.L("grouping a layer by another property"),
			func(_ context.Context, r recatRequest) recatResult {
				if err := r.old.CategoryProblem(r.key); err != nil {
					return recatResult{why: err}
				}
				return recatResult{l: r.old.WithCategoryKey(r.key)}
			},
			func(r recatRequest, res recatResult) {
				e, _ := mw.entry(r.id)
				if e == nil || e.layer != r.old {
					return
				}
				if res.why != nil {
					// say why, and show the key the layer keeps
					if s := mw.panel.styleCategory; s != nil {
						s.SetSelected(keyChoice(e.layer.CategoryKey()))
					}
					mw.showError(fmt.Sprintf(lang.L("Cannot colour %s by %s"), e.layer.Name, r.key), res.why)
					return
				}
				e.layer = res.l
				mw.rebuild()
			})
		w.onPanic = mw.reportFailure
		if mw.recat == nil {
			mw.recat = map[int]*worker[recatRequest, recatResult]{}
		}
		mw.recat[id] = w
	}
	w.request(recatRequest{id: id, old: e.layer, key: key})
}

func (mw *MainWindow) removeLayer(id int) {
	if mw.remove(id) {
		if w := mw.recat[id]; w != nil {
			w.stop()
			delete(mw.recat, id)
		}
		mw.editor.layerGone()
		mw.updateExtent()
		mw.rebuild()
	}
}

// moveLayer moves a layer up (towards the top of the drawing, delta > 0)
// or down.
func (mw *MainWindow) moveLayer(id, delta int) {
	if mw.move(id, delta) {
		mw.rebuild()
	}
}

// zoomToLayer fits the view to layer id: a PostGIS layer's whole table
// (its fetched features only cover the view), any other layer's features.
func (mw *MainWindow) zoomToLayer(id int) {
	if b, ok := mw.pg.bound(id); ok {
		mw.mv.FitBound(b)
		return
	}
	if e, _ := mw.entry(id); e != nil && e.layer.Len() > 0 {
		mw.mv.FitBound(e.layer.Bounds())
	}
}

// updateExtent recomputes the time extent of the model, PostGIS tables
// included (see model.updateExtent).
func (mw *MainWindow) updateExtent() { mw.model.updateExtent(mw.pg.timeExtent) }

// setWindow sets the time window (clamped to the extent).
func (mw *MainWindow) setWindow(w data.Span) {
	if mw.model.setWindow(w) {
		mw.rebuild()
	}
}

// frameShown updates what depends on a finished frame.
func (mw *MainWindow) frameShown(st FrameStats) {
	mw.tl.setCounts(st)
	mw.panel.setShown(st.Shown, mw.window.Dated() && mw.window != mw.extent)
	mw.panel.setLegend(st)
	if st.Err != nil {
		mw.reportFailure(st.Err)
	}
}

// reportFailure tells the user of err, which a worker hit instead of a
// result: in the status bar, and, for an internal error (a recovered
// panic, already logged), in a dialog too, once per activity while the
// window is open, so that a frame failing on every pan does not stack
// dialogs.
func (mw *MainWindow) reportFailure(err error) {
	if err == nil || mw.closed {
		return
	}
	mw.status.message(userMessage(err))
	var pe *panicError
	if errors.As(err, &pe) && !mw.internal[pe.what] {
		if mw.internal == nil {
			mw.internal = map[string]bool{}
		}
		mw.internal[pe.what] = true
		mw.showError(lang.L("Internal error"), err)
	}
}

// fitAll fits the view to every layer.
func (mw *MainWindow) fitAll() { mw.mv.ZoomToAll() }

// exportViewport is vp resized to w×h pixels showing the same area.
func exportViewport(vp geo.Viewport, w, h int) geo.Viewport {
	if vp.W <= 0 || vp.H <= 0 {
		return geo.New(vp.Center, vp.Zoom, w, h)
	}
	k := min(float64(w)/float64(vp.W), float64(h)/float64(vp.H))
	return geo.New(vp.Center, vp.Zoom+log2(k), w, h)
}
