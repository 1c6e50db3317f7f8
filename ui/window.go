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
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
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
	if png := icons.AppIcon(); len(png) > 0 {
		a.SetIcon(fyne.NewStaticResource("campmap.png", png))
	}
	mw := NewMainWindow(a, opt)
	mw.Window().ShowAndRun()
}

// MainWindow is campmap's main window and the model it shows. It belongs
// to the UI goroutine: call its methods only there (or inside fyne.Do).
type MainWindow struct {
	app   fyne.App
	win   fyne.Window
	opt   Options
	zone  *time.Location
	q     *uiQueue
	clock clock

	ctx    context.Context // done when the window closes
	cancel context.CancelFunc
	closed bool

	bm     *basemap.Basemap
	layers []*layerEntry // bottom first
	nextID int
	window data.Span // time window; Undated when nothing is dated
	extent data.Span // union of the layers' time extents
	inside bool      // a span must lie inside the window to show
	scene  *render.Scene

	mv     *MapView
	panel  *layersPanel
	tl     *timeline
	status *statusBar
	info   *infoPanel
	ld     *loader
	pg     *pgLayers     // PostGIS layers and their workers (ui/postgis.go)
	proj   *projectState // project file, autosave, file watcher (ui/project.go)
	loadFn func(context.Context, string, data.LoadOptions) ([]*data.Layer, error)

	savePick   *savePicker               // the last save-location dialog shown (ui/savepicker.go; tests fill it)
	wrapWrite  func(io.Writer) io.Writer // wraps export writers when set (tests simulate a full disk)
	lastDialog string                    // title and text of the last dialog shown (tests read it)
	animDialog *animForm                 // the last animation dialog's fields (ui/animate.go; tests fill them)
	zoneItems  []*fyne.MenuItem          // View > Time zone entries (ui/zones.go)

	recat    map[int]*worker[recatRequest, *data.Layer] // category key changes, by layer id
	internal map[string]bool                            // activities whose internal error a dialog has shown
}

// layerEntry is one layer of the model with the settings the UI changes.
type layerEntry struct {
	id    int
	layer *data.Layer
	// style is the layer's look, as the scene draws it and the project
	// saves it. It is replaced, never changed in place: scenes handed to
	// workers hold the old value (see categoryFilters.change).
	style  style.Style
	sample bool // from the embedded scenario
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
}

// NewMainWindow builds the main window on a (without showing it) and starts
// loading what opt asks for.
func NewMainWindow(a fyne.App, opt Options) *MainWindow {
	return newMainWindow(a, opt, config{})
}

func newMainWindow(a fyne.App, opt Options, cfg config) *MainWindow {
	mw := &MainWindow{app: a, opt: opt, zone: opt.Zone, q: newUIQueue(cfg.do), clock: cfg.clock}
	if mw.zone == nil {
		mw.zone = time.UTC
	}
	mw.loadFn = cfg.loadFile
	mw.wrapWrite = cfg.wrapWrite
	if mw.loadFn == nil {
		mw.loadFn = data.LoadFileLayers
	}
	if mw.clock == nil {
		mw.clock = realClock{}
	}
	mw.ctx, mw.cancel = context.WithCancel(context.Background())
	mw.window, mw.extent = data.Undated, data.Undated

	mw.win = a.NewWindow("campmap")
	mw.status = newStatusBar(mw)
	mw.pg = newPGLayers(mw)
	mw.info = newInfoPanel(mw)
	mw.mv = NewMapView(
		withQueue(mw.q),
		WithCenter(orb.Point{1.85, 50.95}, 8),
		WithOnViewChange(func(vp geo.Viewport) { mw.status.setView(vp); mw.pg.viewChanged(vp) }),
		WithOnHover(mw.status.setCursor),
		WithOnIdentify(mw.info.show),
		WithOnFrame(mw.frameShown),
		WithOnError(mw.reportFailure),
	)
	mw.panel = newLayersPanel(mw)
	mw.tl = newTimeline(mw)
	mw.ld = newLoader(mw)
	if mw.ld.every = cfg.progressEvery; mw.ld.every == 0 {
		mw.ld.every = progressEvery
	}

	left := mw.panel.object()
	center := container.NewBorder(mw.pg.banner, nil, nil, mw.info.object(), mw.mv)
	mw.info.parent = center
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
	mw.addShortcuts()
	mw.win.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			mw.info.hide()
			return
		}
		mw.mv.handleKey(ev)
	})
	mw.win.Canvas().SetOnTypedRune(func(r rune) {
		switch r {
		case '[':
			mw.tl.stepWindow(-1)
		case ']':
			mw.tl.stepWindow(1)
		default:
			mw.mv.handleRune(r)
		}
	})
	mw.win.SetOnDropped(mw.dropped)
	mw.win.SetOnClosed(mw.shutdown)

	mw.rebuild()
	mw.startLoading()
	mw.proj.offerRecovery()
	return mw
}

// Window returns the Fyne window.
func (mw *MainWindow) Window() fyne.Window { return mw.win }

// startLoading loads the basemap, the sample and the files of the options.
func (mw *MainWindow) startLoading() {
	mw.ld.loadBasemap(mw.opt.Basemap)
	if mw.opt.Sample {
		mw.ld.loadSample()
	}
	if len(mw.opt.Files) > 0 {
		mw.ld.open(mw.opt.Files, true)
	}
}

// shutdown stops every worker the window owns; results still in flight are
// dropped when they arrive.
func (mw *MainWindow) shutdown() {
	if mw.closed {
		return
	}
	mw.closed = true
	mw.cancel()
	mw.pg.stop()
	mw.proj.stop()
	mw.tl.stopPlaying()
	mw.ld.cancel()
	mw.mv.Stop()
}

// rebuild makes a fresh scene from the model and shows it everywhere.
func (mw *MainWindow) rebuild() {
	sc := &render.Scene{Basemap: mw.bm, Window: mw.window, Inside: mw.inside, Zone: mw.zone, ScaleBar: true, Credits: true, Labels: true}
	for _, e := range mw.layers {
		sc.Layers = append(sc.Layers, render.LayerView{Layer: e.layer, Style: e.style})
	}
	mw.scene = sc
	mw.mv.SetScene(sc)
	if t := mw.title(); t != mw.win.Title() {
		mw.win.SetTitle(t)
	}
	mw.panel.refresh()
	mw.tl.refresh()
	mw.pg.sync()
	mw.proj.layersChanged()
}

// title names what the window shows: the sample, or the files open.
func (mw *MainWindow) title() string {
	var names []string
	sample := false
	for _, e := range mw.layers {
		if e.sample || e.layer.Path == "" {
			sample = true
			continue
		}
		names = append(names, filepath.Base(e.layer.Path))
	}
	if sample {
		names = append([]string{"Calais, summer 2015 (sample)"}, names...)
	}
	switch {
	case len(names) == 0:
		return "campmap"
	case len(names) > 3:
		return fmt.Sprintf("campmap — %s and %d more", strings.Join(names[:2], ", "), len(names)-2)
	}
	return "campmap — " + strings.Join(names, ", ")
}

// addLayers appends layers on top of the others.
func (mw *MainWindow) addLayers(ls []*data.Layer) {
	for _, l := range ls {
		if l == nil {
			continue
		}
		mw.nextID++
		mw.layers = append(mw.layers, &layerEntry{id: mw.nextID, layer: l, style: style.Default()})
	}
	mw.updateExtent()
	mw.rebuild()
}

// entry returns the layer with the given id and its index.
func (mw *MainWindow) entry(id int) (*layerEntry, int) {
	for i, e := range mw.layers {
		if e.id == id {
			return e, i
		}
	}
	return nil, -1
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

// recatRequest is a category key change: layer id, as it was, and the key.
type recatRequest struct {
	id  int
	old *data.Layer
	key string
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
		w = newWorker(mw.ctx, mw.q, "grouping a layer by another property",
			func(_ context.Context, r recatRequest) *data.Layer { return r.old.WithCategoryKey(r.key) },
			func(r recatRequest, l *data.Layer) {
				if e, _ := mw.entry(r.id); e != nil && e.layer == r.old {
					e.layer = l
					mw.rebuild()
				}
			})
		w.onPanic = mw.reportFailure
		if mw.recat == nil {
			mw.recat = map[int]*worker[recatRequest, *data.Layer]{}
		}
		mw.recat[id] = w
	}
	w.request(recatRequest{id: id, old: e.layer, key: key})
}

func (mw *MainWindow) removeLayer(id int) {
	if _, i := mw.entry(id); i >= 0 {
		if w := mw.recat[id]; w != nil {
			w.stop()
			delete(mw.recat, id)
		}
		mw.layers = append(mw.layers[:i:i], mw.layers[i+1:]...)
		mw.updateExtent()
		mw.rebuild()
	}
}

// moveLayer moves a layer up (towards the top of the drawing, delta > 0)
// or down.
func (mw *MainWindow) moveLayer(id, delta int) {
	_, i := mw.entry(id)
	j := i + delta
	if i < 0 || j < 0 || j >= len(mw.layers) {
		return
	}
	mw.layers[i], mw.layers[j] = mw.layers[j], mw.layers[i]
	mw.rebuild()
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

// updateExtent recomputes the time extent; a window that showed the whole
// extent keeps doing so, any other is kept inside the new extent.
func (mw *MainWindow) updateExtent() {
	ext := data.Undated
	for _, e := range mw.layers {
		ext = ext.Union(e.layer.TimeExtent()).Union(mw.pg.timeExtent(e.id))
	}
	old := mw.extent
	mw.extent = ext
	switch {
	case !ext.Dated():
		mw.window = data.Undated
	case !mw.window.Dated() || mw.window == old:
		mw.window = ext
	default:
		mw.window = clampWindow(mw.window, ext)
	}
}

// setWindow sets the time window (clamped to the extent).
func (mw *MainWindow) setWindow(w data.Span) {
	if !mw.extent.Dated() {
		return
	}
	w = clampWindow(w, mw.extent)
	if w == mw.window {
		return
	}
	mw.window = w
	mw.rebuild()
}

// clampWindow keeps w inside ext, keeping its length when it can.
func clampWindow(w, ext data.Span) data.Span {
	if !w.Dated() || w.End < w.Start {
		return ext
	}
	n := w.End - w.Start
	if n >= ext.End-ext.Start {
		return ext
	}
	if w.Start < ext.Start {
		w = data.Span{Start: ext.Start, End: ext.Start + n}
	}
	if w.End > ext.End {
		w = data.Span{Start: ext.End - n, End: ext.End}
	}
	return w
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
		mw.showError("Internal error", err)
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
