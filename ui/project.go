package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
	_ "campmap/data/formats/all" // every file format opens like any other
	"campmap/data/postgis"
	"campmap/data/project"
	"campmap/geo"
	"campmap/internal/format"
	"campmap/render"
)

// autosaveEvery is how often unsaved changes are kept in the autosave.
const autosaveEvery = 30 * time.Second

// watchDebounce is how long a layer file must stay unchanged before it is
// reloaded.
const watchDebounce = 500 * time.Millisecond

// recentKey is the preference holding recent project files, newest first.
const recentKey = "project.recent"

// maxRecent bounds the Open Recent menu.
const maxRecent = 10

// projectState is the window's project: the file it was opened from or
// saved to, what was last saved (to tell unsaved changes), the autosave
// ticker, the watcher reloading changed layer files, and the CSV columns
// chosen for each table. It belongs to the UI goroutine; the ticker and the
// watcher goroutines only post to it, and stop with the window.
type projectState struct {
	mw        *MainWindow
	path      string // "" for an untitled project
	saved     string // JSON of the project as opened or saved
	autosaved string // JSON last written to the autosave
	dir       string // where autosaves live
	csvOpts   map[string]*data.CSVOptions
	watcher   *project.Watcher
	watched   []string
	stopTick  chan struct{}
	recent    *fyne.MenuItem
	// now is the clock autosaves are stamped with (tests fix it).
	now func() time.Time
	// pending are project files given to the window, opened once it starts.
	pending []string
	// reloads read changed layer files again, one worker per file: the
	// newest change wins and an older read never lands after it.
	reloads map[string]*worker[reloadRequest, reloadResult]
	// sampleWindow and sampleZone are the time window and the display
	// zone the sample opened with: an untitled sample closes without a
	// question unless they changed.
	sampleWindow data.Span
	sampleZone   *time.Location
}

func newProjectState(mw *MainWindow) *projectState {
	ps := &projectState{mw: mw, csvOpts: map[string]*data.CSVOptions{}, now: time.Now}
	ps.dir = autosaveDir(mw.app)
	if w, err := project.NewWatcher(watchDebounce); err == nil {
		ps.watcher = w
		go ps.forwardChanges(w)
	}
	ps.stopTick = make(chan struct{})
	go ps.tick(mw.clock.NewTicker(autosaveEvery), ps.stopTick)
	// a project given on the command line opens as a project, not a layer
	var rest []string
	for _, f := range mw.opt.Files {
		if project.HasSuffix(f) {
			ps.pending = append(ps.pending, f)
		} else {
			rest = append(rest, f)
		}
	}
	mw.opt.Files = rest
	return ps
}

// autosaveDir is the app's storage folder (the user config folder when the
// app has none on disk).
func autosaveDir(a fyne.App) string {
	if a != nil {
		if s := a.Storage(); s != nil {
			if u := s.RootURI(); u != nil && u.Scheme() == "file" {
				return filepath.Join(u.Path(), "autosave")
			}
		}
	}
	if d, err := os.UserConfigDir(); err == nil {
		return filepath.Join(d, "campmap", "autosave")
	}
	return filepath.Join(os.TempDir(), "campmap-autosave")
}

// tick asks the UI goroutine to autosave at every tick of t until stop.
func (ps *projectState) tick(t ticker, stop chan struct{}) {
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C():
			ps.mw.q.post(func() { ps.autosave(); ps.mw.editor.autosave() })
		}
	}
}

// forwardChanges hands the watcher's reports to the UI goroutine until the
// watcher is closed.
func (ps *projectState) forwardChanges(w *project.Watcher) {
	for path := range w.Changes() {
		ps.mw.q.post(func() { ps.fileChanged(path) })
	}
}

// stop ends the ticker and the watcher; called when the window closes.
func (ps *projectState) stop() {
	if ps == nil {
		return
	}
	if ps.stopTick != nil {
		close(ps.stopTick)
		ps.stopTick = nil
	}
	if ps.watcher != nil {
		ps.watcher.Close()
		ps.watcher = nil
	}
	for _, w := range ps.reloads {
		w.stop()
	}
}

// installMenu adds the project items to the File menu, after the open items.
func (ps *projectState) installMenu() {
	mw := ps.mw
	m := mw.win.MainMenu()
	if m == nil || len(m.Items) == 0 {
		return
	}
	file := m.Items[0]
	openP := fyne.NewMenuItem(lang.L("Open Project…"), ps.showOpenDialog)
	ps.recent = fyne.NewMenuItem(lang.L("Open Recent"), nil)
	ps.recent.ChildMenu = fyne.NewMenu("")
	ps.fillRecent()
	save := fyne.NewMenuItem(lang.L("Save Project"), ps.save)
	saveAs := fyne.NewMenuItem(lang.L("Save Project As…"), ps.showSaveAsDialog)
	importCSV := fyne.NewMenuItem(lang.L("Import CSV with columns…"), mw.showCSVOpenDialog)
	export := fyne.NewMenuItem(lang.L("Export layer…"), mw.showExportLayerDialog)
	at := 1
	for i, it := range file.Items {
		if it.Label == lang.L("Open…") || it.Label == lang.L("Add PostGIS layer…") || it.Label == lang.L("Refresh PostGIS layers") {
			at = i + 1
		}
	}
	at = min(at, len(file.Items))
	file.Items = slices.Insert(file.Items, at, importCSV, fyne.NewMenuItemSeparator(), openP, ps.recent, save, saveAs, fyne.NewMenuItemSeparator())
	for i, it := range file.Items {
		if it.Label == lang.L("Export PNG…") { // not the English text: the French menu has it too
			file.Items = slices.Insert(file.Items, i+1, export)
			break
		}
	}
	// Quit asks about unsaved changes first
	for _, it := range file.Items {
		if it.IsQuit {
			it.Action = func() { ps.confirmClose(mw.quit) }
		}
	}
	mw.win.SetMainMenu(m)
	mw.win.SetCloseIntercept(func() { ps.confirmClose(mw.win.Close) })
}

// confirmClose runs done (closing the window or quitting) at once when
// nothing is unsaved, else after asking whether to save the project.
// Unsaved work the user keeps stays in the autosave; work they discard
// leaves none.
func (ps *projectState) confirmClose(done func()) {
	mw := ps.mw
	if !mw.closed && mw.editor.askUnsaved(func() { ps.confirmClose(done) }) {
		return // unsaved layer edits first
	}
	if mw.closed || len(mw.layers) == 0 || !ps.unsaved() {
		done()
		return
	}
	name := lang.L("this untitled project")
	if ps.path != "" {
		name = filepath.Base(ps.path)
	}
	text := fmt.Sprintf(lang.L("Save the changes to %s before closing?"), name)
	mw.askSaveDiscard(lang.L("Unsaved changes"), text, 420, lang.L("Save"), func() {
		if ps.path == "" {
			ps.showSaveAsDialogThen(done)
			return
		}
		if ps.saveTo(ps.path) {
			done()
		}
	}, lang.L("Don't save"), func() {
		project.RemoveAutosave(ps.dir, ps.path)
		ps.saved = ps.state() // nothing left to keep
		done()
	})
}

// askSaveDiscard asks text under title with three buttons, Cancel, discard
// and save (the default), and runs the one chosen after closing the
// dialog. The window's unsaved project and unsaved edits both ask
// through it.
func (mw *MainWindow) askSaveDiscard(title, text string, width float32, saveLabel string, save func(), discardLabel string, discard func()) {
	var d dialog.Dialog
	then := func(f func()) func() { return func() { d.Hide(); f() } }
	saveB := widget.NewButton(saveLabel, then(save))
	saveB.Importance = widget.HighImportance
	discardB := widget.NewButton(discardLabel, then(discard))
	cancel := widget.NewButton(lang.L("Cancel"), func() { d.Hide() })
	lbl := widget.NewLabel(text)
	lbl.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, container.NewHBox(cancel, discardB, saveB), nil, nil, lbl), mw.win)
	d.Resize(fyne.NewSize(width, 150))
	d.Show()
	mw.noteDialog(title, text)
}

// onlySample reports whether every layer is from the embedded scenario.
func (ps *projectState) onlySample() bool {
	for _, e := range ps.mw.layers {
		if !e.sample {
			return false
		}
	}
	return true
}

// recentList returns the recent project files, newest first.
func (ps *projectState) recentList() []string {
	return ps.mw.app.Preferences().StringList(recentKey)
}

// addRecent puts path first in the recent projects.
func (ps *projectState) addRecent(path string) {
	list := ps.recentList()
	out := []string{path}
	for _, p := range list {
		if p != path && len(out) < maxRecent {
			out = append(out, p)
		}
	}
	ps.mw.app.Preferences().SetStringList(recentKey, out)
	ps.fillRecent()
}

func (ps *projectState) fillRecent() {
	if ps.recent == nil {
		return
	}
	var items []*fyne.MenuItem
	for _, p := range ps.recentList() {
		items = append(items, fyne.NewMenuItem(p, func() { ps.open(p) }))
	}
	if len(items) == 0 {
		none := fyne.NewMenuItem(lang.L("(none yet)"), nil)
		none.Disabled = true
		items = append(items, none)
	}
	ps.recent.ChildMenu.Items = items
	if m := ps.mw.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// snapshot returns the window's state as a project.
func (ps *projectState) snapshot() *project.Project {
	mw := ps.mw
	p := mw.model.project(mw.mv.Viewport(), func(e *layerEntry, pl *project.Layer) bool {
		l := e.layer
		switch {
		case e.sample:
			pl.Sample = l.Name
		case mw.pg != nil && mw.pg.layers[e.id] != nil:
			src, _ := mw.pg.source(e.id)
			pl.Connection = &project.Connection{URL: src.URL, Schema: src.Schema, Table: src.Table, Geometry: src.GeomCol,
				TimeColumn: src.TimeCol, Category: src.CatCol}
		case l.Path != "":
			pl.Path = l.Path
			if strings.EqualFold(filepath.Ext(l.Path), ".gpkg") {
				pl.Table = l.Name
			} else if l.Name != layerBase(l.Path) {
				pl.Name = l.Name
			}
			pl.CSV = project.CSVOf(ps.csvOpts[l.Path])
		default:
			return false // a layer with no source cannot be saved
		}
		return true
	})
	p.Basemap.Path = mw.opt.Basemap
	p.Basemap.Dim = mw.bmDim
	p.Basemap.Tiles = mw.online
	p.Playback = mw.tl.playback()
	if mw.legendAt != "" && mw.legendAt != render.PlaceAuto {
		p.Page = &project.Page{LegendPlacement: string(mw.legendAt)}
	}
	if sz := mw.win.Canvas().Size(); sz.Width >= 100 && sz.Height >= 100 {
		p.WindowSize = &project.Size{W: sz.Width, H: sz.Height}
	}
	return p
}

func layerBase(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// state returns the JSON a snapshot saves as, to compare states.
func (ps *projectState) state() string {
	p := ps.snapshot()
	p.WindowSize = nil // resizing the window is not a change to save
	if vp := ps.mw.mv.Viewport(); p.Viewport != nil && vp.W > 0 && vp.H > 0 {
		// nor is the map's centre moving with it: the map keeps its top
		// left corner as the window or a panel resizes, so that corner
		// and the zoom are what the user chose
		c := vp.Transform().Unproject(0, 0)
		// (to a centimetre: the pans of a resize round in the last digits)
		p.Viewport.Lon, p.Viewport.Lat = math.Round(c[0]*1e7)/1e7, math.Round(c[1]*1e7)/1e7
	}
	b, err := json.Marshal(p)
	if err != nil {
		return ""
	}
	return string(b)
}

// unsaved reports whether closing loses anything: a change to the project
// as saved or, for the untitled sample (which opens again as it was), a
// change of its time window or display zone.
func (ps *projectState) unsaved() bool {
	if ps.path == "" && ps.onlySample() {
		return ps.mw.window != ps.sampleWindow || ps.mw.zone != ps.sampleZone
	}
	return ps.dirty()
}

// dirty reports whether the window differs from the project as saved.
func (ps *projectState) dirty() bool { return ps.state() != ps.saved }

// autosave keeps unsaved changes in the autosave file, off the UI goroutine.
func (ps *projectState) autosave() {
	mw := ps.mw
	if mw.closed || ps.mw.ld.busy() {
		return
	}
	st := ps.state()
	if st == ps.saved || st == ps.autosaved {
		return
	}
	if ps.path == "" && ps.onlySample() {
		return // nothing of the user's: the sample opens again as it was
	}
	ps.autosaved = st
	p, of, dir, now := ps.snapshot(), ps.path, ps.dir, ps.now()
	mw.q.begin()
	go func() {
		err := project.WriteAutosave(dir, of, p, now)
		mw.q.finish(func() {
			if err != nil && !mw.closed {
				mw.status.message(fmt.Sprintf(lang.L("Autosave failed: %s"), userMessage(err)))
			}
		})
	}()
}

// offerRecovery asks whether to restore work an earlier session left
// unsaved (it closed without saving, or crashed).
//
// It is called once the window has started, and first opens the project
// given on the command line, if any.
func (ps *projectState) offerRecovery() {
	if n := len(ps.pending); n > 0 {
		ps.open(ps.pending[n-1])
		ps.pending = nil
	}
	as, err := project.Autosaves(ps.dir)
	if err != nil || len(as) == 0 {
		return
	}
	a := as[0]
	what := lang.L("an untitled project")
	if a.Of != "" {
		what = filepath.Base(a.Of)
	}
	text := fmt.Sprintf(lang.L("campmap closed without saving changes to %s (autosaved %s). Recover them?"), what, format.DateTime(activeLang, a.Saved.Local()))
	ps.mw.noteDialog(lang.L("Recover unsaved work"), text)
	dialog.ShowConfirm(lang.L("Recover unsaved work"), text, func(ok bool) {
		if ok {
			ps.apply(a.Project, a.Of, true)
			return
		}
		project.RemoveAutosave(ps.dir, a.Of)
	}, ps.mw.win)
}

// showOpenDialog asks for a project file.
func (ps *projectState) showOpenDialog() {
	mw := ps.mw
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			mw.showError(lang.L("Could not open the project"), err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		ps.open(path)
	}, mw.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{project.Ext}))
	d.Resize(dialogSize(mw.win))
	d.Show()
}

// open reads a project file and replaces the window's layers with its own.
func (ps *projectState) open(path string) {
	mw := ps.mw
	p, err := project.Load(path)
	if err != nil {
		mw.showError(fmt.Sprintf(lang.L("Could not open %s"), filepath.Base(path)), err)
		return
	}
	ps.addRecent(path)
	ps.apply(p, path, false)
}

// apply replaces the window's layers and settings with p's, loading its
// layers on a worker (project.Open, as the command line does). recovered
// marks p as unsaved work of path.
func (ps *projectState) apply(p *project.Project, path string, recovered bool) {
	mw := ps.mw
	mw.ld.cancel()
	for _, e := range slices.Clone(mw.layers) {
		mw.removeLayer(e.id)
	}
	ps.path = path
	if p.Basemap.Tiles != "" && p.Basemap.Tiles != mw.online {
		mw.ld.loadOnline(p.Basemap.Tiles)
	} else if p.Basemap.Tiles == "" && (p.Basemap.Path != mw.opt.Basemap || mw.online != "") {
		mw.ld.loadBasemap(p.Basemap.Path)
	}
	if (p.Basemap.Dim > 0) != (mw.bmDim > 0) {
		mw.setBasemapDim(p.Basemap.Dim > 0)
	}
	ps.csvOpts = map[string]*data.CSVOptions{}
	for _, pl := range p.Layers {
		if pl.CSV != nil && pl.Path != "" {
			ps.csvOpts[pl.Path] = pl.LoadOptions().CSV
		}
	}
	fr, frErr := p.Frame()
	if p.Zone != "" {
		mw.zone = fr.Zone
	}
	mw.status.startLoading(fmt.Sprintf(lang.L("Opening project %s"), filepath.Base(path)))
	ctx := mw.ctx
	open := mw.pg.open
	loadFn := mw.loadFn
	src := project.Sources[*postgis.DB]{
		Samples: sampleLayers,
		LoadFile: func(ctx context.Context, path string, opt data.LoadOptions) ([]*data.Layer, error) {
			return loadFile(ctx, loadFn, path, opt)
		},
		Connect: func(ctx context.Context, c *project.Connection) (*postgis.DB, error) { return open(ctx, c.URL) },
	}
	mw.q.begin()
	go func() {
		out := project.Open(ctx, p, src)
		mw.q.finish(func() {
			mw.status.stopLoading()
			if mw.closed {
				for _, l := range out {
					if l.Conn != nil {
						l.Conn.Close()
					}
				}
				return
			}
			ps.finishApply(p, fr, frErr, out, path, recovered)
		})
	}()
}

// finishApply adds the loaded layers in the project's order with their
// styles and restores the view and the time window.
func (ps *projectState) finishApply(p *project.Project, fr project.Frame, frErr error, out []project.Opened[*postgis.DB], path string, recovered bool) {
	mw := ps.mw
	var missing []int
	var failed []error
	ids := make([]int, len(out)) // project layer → entry id, for the bookmarks
	for i, l := range out {
		pl := l.Spec
		var id int
		switch {
		case l.Conn != nil:
			c := pl.Connection
			id = mw.pg.add(l.Conn, postgis.Source{URL: c.URL, Schema: c.Schema, Table: c.Table, GeomCol: c.Geometry, TimeCol: c.TimeColumn, CatCol: c.Category})
		case l.Layer != nil:
			mw.addLayers([]*data.Layer{l.Layer})
			id = mw.layers[len(mw.layers)-1].id
		default:
			if pl.Path != "" && errors.Is(l.Err, os.ErrNotExist) {
				missing = append(missing, i)
			} else if l.Err != nil {
				failed = append(failed, fmt.Errorf("%s: %w", pl.Source(), l.Err))
			}
			continue
		}
		ids[i] = id
		if e, _ := mw.entry(id); e != nil {
			e.style = pl.Style.Clone()
			e.style.Opacity = max(e.style.Opacity, 0.05)
			e.sample = pl.Sample != ""
			if l.Conn != nil {
				e.layer = pl.Apply(e.layer)
			}
		}
	}
	mw.setBookmarks(p, ids)
	mw.tl.setPlayback(p.Playback)
	mw.legendAt = render.PlaceAuto
	if p.Page != nil {
		if pl, err := render.ParsePlacement(p.Page.LegendPlacement); err == nil {
			mw.legendAt = pl
		} else {
			failed = append(failed, fmt.Errorf("ui: project: page: %w; the legend is placed automatically", err))
		}
	}
	if s := p.WindowSize; s != nil {
		mw.win.Resize(fyne.NewSize(s.W, s.H))
	}
	mw.fillBookmarks()
	mw.updateExtent()
	if frErr == nil && fr.Window.Dated() && mw.extent.Dated() {
		mw.window, mw.inside = clampWindow(fr.Window, mw.extent), fr.Inside
	}
	mw.rebuild()
	if v := p.Viewport; v != nil {
		vp := mw.mv.Viewport()
		mw.mv.SetViewport(geo.New([2]float64{v.Lon, v.Lat}, v.Zoom, vp.W, vp.H))
	} else {
		mw.fitAll()
	}
	if recovered {
		ps.saved = "" // the recovered work is unsaved until saved
	} else {
		ps.saved = ps.state()
	}
	ps.autosaved = ""
	name := lang.L("untitled project")
	if path != "" {
		name = filepath.Base(path)
	}
	mw.status.message(fmt.Sprintf(lang.L("Opened %s"), name))
	if len(failed) > 0 {
		mw.showLoadErrors(failed)
	}
	if len(missing) > 0 {
		ps.showMissing(p, missing, path)
	}
}

// showMissing says which layer files are missing and offers to locate each;
// the project is then opened again with the new paths.
func (ps *projectState) showMissing(p *project.Project, missing []int, path string) {
	mw := ps.mw
	var d dialog.Dialog
	rows := container.NewVBox(widget.NewLabel(lang.L("The project opened without these files (moved, renamed or on a drive not connected):")))
	var text []string
	for _, i := range missing {
		lp := p.Layers[i].Path
		text = append(text, lp)
		lbl := widget.NewLabel(lp)
		lbl.Wrapping = fyne.TextWrapBreak
		locate := widget.NewButton(lang.L("Locate…"), func() {
			fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
				if err != nil || r == nil {
					return
				}
				newPath := r.URI().Path()
				r.Close()
				d.Hide()
				q := *p
				q.Layers = slices.Clone(p.Layers)
				n := q.Relocate(i, newPath)
				mw.status.message(fmt.Sprintf(lang.L("Located %d file(s); reopening the project"), n))
				// the view and settings as they are now, with the found layers
				cur := ps.snapshot()
				q.Viewport, q.Window = cur.Viewport, cur.Window
				ps.apply(&q, path, ps.saved == "")
			}, mw.win)
			fd.Resize(dialogSize(mw.win))
			fd.Show()
		})
		rows.Add(container.NewBorder(nil, nil, nil, locate, lbl))
	}
	mw.noteDialog(lang.L("Missing files"), strings.Join(text, "\n"))
	d = dialog.NewCustom(lang.L("Missing files"), lang.L("Close"), container.NewVScroll(rows), mw.win)
	d.Resize(fyne.NewSize(560, 260))
	d.Show()
}

// save writes the project to its file, or asks for one.
func (ps *projectState) save() {
	if ps.path == "" {
		ps.showSaveAsDialog()
		return
	}
	ps.saveTo(ps.path)
}

// showSaveAsDialog asks where to save the project.
func (ps *projectState) showSaveAsDialog() { ps.showSaveAsDialogThen(nil) }

// showSaveAsDialogThen asks where to save the project and runs then (when
// not nil) once it is saved.
func (ps *projectState) showSaveAsDialogThen(then func()) {
	dir := ""
	if ps.path != "" {
		dir = filepath.Dir(ps.path)
	}
	ps.mw.chooseSavePath(saveRequest{title: lang.L("Save project as"), name: "map" + project.Ext, exts: []string{project.Ext}, dir: dir},
		func(path string) {
			if ps.saveTo(path) && then != nil {
				then()
			}
		})
}

// saveTo writes the project atomically to path (on the UI goroutine: a
// project is a few kilobytes) and reports whether it did.
func (ps *projectState) saveTo(path string) bool {
	mw := ps.mw
	p := ps.snapshot()
	if err := project.Save(path, p); err != nil {
		mw.showError(lang.L("Could not save the project"), err)
		return false
	}
	project.RemoveAutosave(ps.dir, ps.path)
	if path != ps.path {
		project.RemoveAutosave(ps.dir, path)
	}
	ps.path = path
	ps.saved, ps.autosaved = ps.state(), ""
	ps.addRecent(path)
	mw.status.message(fmt.Sprintf(lang.L("Saved %s"), filepath.Base(path)))
	return true
}

// layersChanged keeps the watcher on the files of the layers shown; it is
// called on every rebuild and does nothing when the files are the same.
func (ps *projectState) layersChanged() {
	if ps == nil || ps.watcher == nil {
		return
	}
	var paths []string
	for _, e := range ps.mw.layers {
		if p := e.layer.Path; p != "" && !e.sample && !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	if slices.Equal(paths, ps.watched) {
		return
	}
	ps.watched = paths
	ps.watcher.Set(paths)
}

// fileChanged reloads the layers read from path, keeping their place,
// visibility, opacity, kind and category.
func (ps *projectState) fileChanged(path string) {
	if ps.mw.closed || ps.mw.editor.holdReload(path, func() { ps.reloadFile(path) }) {
		return // the edit tool's own save, or a question about unsaved edits
	}
	ps.reloadFile(path)
}

// reloadFile reads path again on a worker (see fileChanged).
func (ps *projectState) reloadFile(path string) {
	mw := ps.mw
	if mw.closed {
		return
	}
	var olds []*data.Layer
	for _, e := range mw.layers {
		if e.layer.Path == path && !e.sample {
			olds = append(olds, e.layer)
		}
	}
	if len(olds) == 0 {
		return
	}
	w := ps.reloads[path]
	if w == nil {
		w = newWorker(mw.ctx, mw.q, fmt.Sprintf(lang.L("reading %s again"), filepath.Base(path)), ps.reload, ps.reloaded)
		w.onPanic = mw.reportFailure
		if ps.reloads == nil {
			ps.reloads = map[string]*worker[reloadRequest, reloadResult]{}
		}
		ps.reloads[path] = w
	}
	w.request(reloadRequest{path: path, opt: data.LoadOptions{Zone: olds[0].Zone, CSV: ps.csvOpts[path]}, load: mw.loadFn})
}

// reloadRequest is one read of a changed layer file.
type reloadRequest struct {
	path string
	opt  data.LoadOptions
	load func(context.Context, string, data.LoadOptions) ([]*data.Layer, error)
}

// reloadResult is what reading it again gave.
type reloadResult struct {
	layers []*data.Layer
	err    error
}

// reload reads a changed file on a worker.
func (ps *projectState) reload(ctx context.Context, r reloadRequest) reloadResult {
	ls, err := loadFile(ctx, r.load, r.path, r.opt)
	return reloadResult{ls, err}
}

// reloaded applies the newest read of a changed file to the layers read
// from it.
func (ps *projectState) reloaded(r reloadRequest, res reloadResult) {
	mw, path, ls, err := ps.mw, r.path, res.layers, res.err
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			mw.status.message(filepath.Base(path) + lang.L(" was removed or renamed; its layer keeps the data last read"))
		} else {
			mw.status.message(fmt.Sprintf(lang.L("Could not reload %s: %s"), filepath.Base(path), userMessage(err)))
		}
		return
	}
	for _, e := range mw.layers {
		if e.layer.Path != path || e.sample {
			continue
		}
		for _, nl := range ls {
			if nl.Name == e.layer.Name || len(ls) == 1 {
				e.layer = keepStyle(e.layer, nl)
				break
			}
		}
	}
	mw.updateExtent()
	mw.rebuild()
	mw.status.message(fmt.Sprintf(lang.L("Reloaded %s (changed on disk)"), filepath.Base(path)))
}

// keepStyle returns nl with old's name, kind and category key.
func keepStyle(old, nl *data.Layer) *data.Layer {
	out := nl
	if out.Kind != old.Kind {
		out = out.WithKind(old.Kind)
	}
	if out.CategoryKey() != old.CategoryKey() {
		out = out.WithCategoryKey(old.CategoryKey())
	}
	if out.Name != old.Name {
		c := *out
		c.Name = old.Name
		out = &c
	}
	return out
}

// takeProject opens the last .campmap among paths as a project and returns
// the other paths, to be opened as layers.
func (ps *projectState) takeProject(paths []string) []string {
	if ps == nil {
		return paths
	}
	var rest []string
	proj := ""
	for _, p := range paths {
		if project.HasSuffix(p) {
			proj = p
		} else {
			rest = append(rest, p)
		}
	}
	if proj != "" {
		ps.confirmClose(func() { ps.open(proj) })
	}
	return rest
}

// loaded is told of the layers a file gave; CSV tables with skipped rows
// get a summary with a way to save the skipped rows.
func (ps *projectState) loaded(path string, ls []*data.Layer) {
	if ps == nil {
		return
	}
	for _, l := range ls {
		if len(l.Skipped) > 0 {
			ps.mw.showSkipped(l)
			return
		}
	}
}
