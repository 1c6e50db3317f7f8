package ui

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/postgis"
	"campmap/geo"
)

// pgLayers runs the window's PostGIS layers: each has a postgis.Live
// worker that fetches what the map shows (the viewport with a margin, the
// time window) when the view changes, when asked and every 30 s, and hands
// results back through the window's queue. A lost connection shows the
// banner above the map and keeps the last data until the worker
// reconnects. pgLayers belongs to the UI goroutine.
type pgLayers struct {
	mw     *MainWindow
	layers map[int]*pgLayer // by layer entry id
	opt    postgis.LiveOptions
	// open connects; postgis.Open unless a test substitutes it.
	open func(ctx context.Context, url string) (*postgis.DB, error)

	banner *fyne.Container // above the map; hidden while all is well
	text   *widget.Label
}

// pgLayer is one PostGIS layer of the window.
type pgLayer struct {
	id      int
	db      *postgis.DB
	live    *postgis.Live
	cancel  context.CancelFunc
	seq     uint64    // last result applied
	fetched orb.Bound // area of the last view sent, margin included
	zoom    float64   // zoom of the last view sent
	window  data.Span // time window of the last view sent
	sent    bool      // a view was sent
	summary postgis.Summary
	kind    data.Kind // kind and category as last applied, to tell the user's changes
	catKey  string
	problem string    // banner text; "" when the layer is fine
	at      time.Time // when the shown data was fetched
}

// pgMargin is how much wider than the viewport the fetched area is, so
// that small pans need no new fetch.
const pgMargin = 0.25

func newPGLayers(mw *MainWindow) *pgLayers {
	p := &pgLayers{mw: mw, layers: map[int]*pgLayer{}, open: postgis.Open}
	p.text = widget.NewLabel("")
	p.text.Wrapping = fyne.TextWrapWord
	p.text.TextStyle = fyne.TextStyle{Bold: true}
	retry := widget.NewButton(lang.L("Retry now"), p.refreshAll)
	bg := canvas.NewRectangle(panelColor(colorNameBanner))
	p.banner = container.NewStack(bg, container.NewBorder(nil, nil, nil, container.NewCenter(retry), p.text))
	p.banner.Hide()
	return p
}

// installMenu adds the PostGIS items to the File menu, after Open.
func (p *pgLayers) installMenu() {
	m := p.mw.win.MainMenu()
	if m == nil || len(m.Items) == 0 {
		return
	}
	file := m.Items[0]
	add := fyne.NewMenuItem(lang.L("Add PostGIS layer…"), p.showAddDialog)
	refresh := fyne.NewMenuItem(lang.L("Refresh PostGIS layers"), p.refreshAll)
	at := 1
	for i, it := range file.Items {
		if it.Label == lang.L("Open…") {
			at = i + 1
		}
	}
	at = min(at, len(file.Items))
	file.Items = slices.Insert(file.Items, at, add, refresh)
	p.mw.win.SetMainMenu(m)
}

// showAddDialog asks for the connection URL.
func (p *pgLayers) showAddDialog() {
	mw := p.mw
	entry := newEntry()
	entry.SetPlaceHolder(lang.L("postgres://user@host:5432/database"))
	if last := mw.app.Preferences().String("postgis.url"); last != "" {
		entry.SetText(last)
	}
	note := widget.NewLabel(lang.L("The password is read from PGPASSWORD or ~/.pgpass (host:port:database:user:password); it is never saved."))
	note.Wrapping = fyne.TextWrapWord
	items := []*widget.FormItem{widget.NewFormItem(lang.L("Connection"), entry), widget.NewFormItem("", note)}
	d := dialog.NewForm(lang.L("Add PostGIS layer"), lang.L("Connect"), lang.L("Cancel"), items, func(ok bool) {
		if ok {
			p.connect(entry.Text)
		}
	}, mw.win)
	d.Resize(fyne.NewSize(560, 220))
	d.Show()
}

// connect opens url and lists its tables on a worker, then shows the
// table picker.
func (p *pgLayers) connect(url string) {
	mw := p.mw
	red, err := postgis.Redact(url)
	if err != nil {
		mw.showError(lang.L("Cannot add the PostGIS layer"), err)
		return
	}
	mw.status.message(fmt.Sprintf(lang.L("Connecting to %s…"), red))
	ctx := mw.ctx
	mw.q.begin()
	go func() {
		var tables []postgis.Table
		db, err := p.open(ctx, url)
		if err == nil {
			tables, err = db.Tables(ctx)
			if err == nil && len(tables) == 0 {
				err = fmt.Errorf("postgis: "+lang.L("%s has no table or view with a geometry column that you may read"), db.Target())
			}
			if err != nil {
				db.Close()
			}
		}
		mw.q.finish(func() {
			if mw.closed {
				if db != nil {
					db.Close()
				}
				return
			}
			mw.status.message("")
			if err != nil {
				mw.showError(lang.L("Cannot add the PostGIS layer"), err)
				return
			}
			mw.app.Preferences().SetString("postgis.url", red)
			p.showTablePicker(db, tables)
		})
	}()
}

// showTablePicker lets the user choose the table and its time and
// category columns.
func (p *pgLayers) showTablePicker(db *postgis.DB, tables []postgis.Table) {
	mw := p.mw
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = fmt.Sprintf("%s (%s, %s)", t.TableRef, t.GeomCol, strings.ToLower(t.GeomType))
	}
	none := lang.L("(none)") // a choice, not a column
	timeSel := widget.NewSelect(nil, nil)
	catSel := widget.NewSelect(nil, nil)
	chosen := -1
	tableSel := widget.NewSelect(names, func(s string) {
		chosen = slices.Index(names, s)
		if chosen < 0 {
			return
		}
		t := tables[chosen]
		timeSel.Options = append([]string{none}, t.TimeColumns()...)
		timeSel.SetSelectedIndex(min(1, len(timeSel.Options)-1))
		cats := t.CategoryColumns()
		catSel.Options = append([]string{none}, cats...)
		catSel.SetSelectedIndex(0)
		if i := data.CategoryColumn(cats); i >= 0 {
			catSel.SetSelectedIndex(i + 1)
		}
	})
	tableSel.SetSelectedIndex(0)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Table"), tableSel),
		widget.NewFormItem(lang.L("Time"), timeSel),
		widget.NewFormItem(lang.L("Category"), catSel),
	}
	d := dialog.NewForm(fmt.Sprintf(lang.L("PostGIS layer from %s"), db.Target()), lang.L("Add"), lang.L("Cancel"), items, func(ok bool) {
		if !ok || chosen < 0 {
			db.Close()
			return
		}
		t := tables[chosen]
		src := postgis.Source{URL: db.URL(), Schema: t.Schema, Table: t.Name, GeomCol: t.GeomCol}
		if s := timeSel.Selected; s != none {
			src.TimeCol = s
		}
		if s := catSel.Selected; s != none {
			src.CatCol = s
		}
		p.add(db, src)
	}, mw.win)
	d.Resize(fyne.NewSize(520, 260))
	d.Show()
}

// add puts a PostGIS layer on top of the others (empty until its first
// fetch arrives) and starts its worker. It returns the layer's id.
func (p *pgLayers) add(db *postgis.DB, src postgis.Source) int {
	mw := p.mw
	b := data.NewBuilder(src.Ref().String(), 0)
	b.Layer().Source = fmt.Sprintf("PostGIS %s %s", db.Target(), src.Ref().String())
	empty := b.Build()
	empty.Kind = data.DetectKind(empty, src.Table)
	mw.addLayers([]*data.Layer{empty})
	e := mw.layers[len(mw.layers)-1]
	ctx, cancel := context.WithCancel(mw.ctx)
	pl := &pgLayer{id: e.id, db: db, cancel: cancel, kind: empty.Kind, catKey: empty.CategoryKey(),
		live: postgis.NewLive(db, src, p.opt), window: data.Undated}
	p.layers[e.id] = pl
	go func() {
		pl.live.Run(ctx, func(r postgis.Result) {
			mw.q.post(func() { p.apply(pl, r) })
		})
		db.Close() // here, not on the UI goroutine: it waits for a query in flight
	}()
	// The table's extent sizes the timeline (the fetched features only
	// cover the view) and lets "zoom to layer" show all of it.
	mw.q.begin()
	go func() {
		s, err := db.Summarize(ctx, src.Ref(), src.GeomCol, src.TimeCol)
		mw.q.finish(func() {
			if err != nil || p.layers[pl.id] != pl {
				if err != nil && ctx.Err() == nil {
					pl.problem = userMessage(err)
					p.updateBanner()
				}
				return
			}
			pl.summary = s
			// data somewhere else than the map shows: go there
			if vp := mw.mv.Viewport(); s.Rows > 0 && vp.W > 0 && !vp.Bound().Intersects(s.Bound) {
				mw.mv.FitBound(s.Bound)
			}
			mw.updateExtent()
			mw.rebuild()
		})
	}()
	p.sync()
	return e.id
}

// addSource connects to src (a project's layer: its URL has no password,
// which comes from PGPASSWORD or ~/.pgpass) on a worker and adds the layer;
// a failure is shown in a dialog naming the table.
func (p *pgLayers) addSource(src postgis.Source) {
	mw := p.mw
	ctx := mw.ctx
	mw.q.begin()
	go func() {
		db, err := p.open(ctx, src.URL)
		mw.q.finish(func() {
			switch {
			case mw.closed:
				if db != nil {
					db.Close()
				}
			case err != nil:
				mw.showError(fmt.Sprintf(lang.L("Cannot open the PostGIS layer %s"), src.Ref().String()), err)
			default:
				p.add(db, src)
			}
		})
	}()
}

// apply shows one result of a layer's worker.
func (p *pgLayers) apply(pl *pgLayer, r postgis.Result) {
	mw := p.mw
	if mw.closed || p.layers[pl.id] != pl || r.Seq <= pl.seq {
		return // removed, closed or stale
	}
	pl.seq = r.Seq
	e, _ := mw.entry(pl.id)
	if e == nil {
		return
	}
	name := pl.live.Source().Ref().String()
	switch {
	case r.Lost:
		since := lang.L("no data yet")
		if !pl.at.IsZero() {
			since = fmt.Sprintf(lang.L("showing the data of %s"), pl.at.In(mw.zone).Format("15:04:05"))
		}
		pl.problem = fmt.Sprintf(lang.L("%s: connection lost (%s); reconnecting… %s"), name, since, userMessage(r.Err))
	case r.Err != nil:
		pl.problem = name + ": " + userMessage(r.Err)
	default:
		pl.problem = ""
		for _, w := range r.Layer.Warnings {
			if strings.Contains(w, "zoom in") {
				pl.problem = name + ": " + w
			}
		}
		l := r.Layer
		l.Name = e.layer.Name
		if e.layer.Kind != pl.kind { // the user chose another kind
			l.Kind = e.layer.Kind
		}
		if k := e.layer.CategoryKey(); k != pl.catKey && k != l.CategoryKey() {
			l = l.WithCategoryKey(k)
		}
		pl.kind, pl.catKey = l.Kind, l.CategoryKey()
		pl.at = time.Now()
		e.layer = l
		mw.updateExtent()
		mw.rebuild()
	}
	p.updateBanner()
}

// updateBanner shows the first layer's problem, or hides the banner.
func (p *pgLayers) updateBanner() {
	var msgs []string
	for _, e := range p.mw.layers {
		if pl := p.layers[e.id]; pl != nil && pl.problem != "" {
			msgs = append(msgs, pl.problem)
		}
	}
	if len(msgs) == 0 {
		if p.banner.Visible() {
			p.banner.Hide()
		}
		return
	}
	p.text.SetText(strings.Join(msgs, "\n"))
	if !p.banner.Visible() {
		p.banner.Show()
	}
}

// sync stops the workers of removed layers and sends the current view to
// the others when it leaves the area last fetched, the zoom changes by
// half a level or more, or the time window changes.
func (p *pgLayers) sync() {
	if p == nil || len(p.layers) == 0 {
		return
	}
	mw := p.mw
	for id, pl := range p.layers {
		if e, _ := mw.entry(id); e == nil {
			pl.cancel() // the worker closes the connection
			delete(p.layers, id)
		}
	}
	vp := mw.mv.Viewport()
	if vp.W <= 0 || vp.H <= 0 {
		return
	}
	view := vp.Bound()
	for _, pl := range p.layers {
		if pl.sent && pl.window == mw.window && math.Abs(pl.zoom-vp.Zoom) < 0.5 && holds(pl.fetched, view) {
			continue
		}
		wide := geo.New(vp.Center, vp.Zoom, int(float64(vp.W)*(1+2*pgMargin)), int(float64(vp.H)*(1+2*pgMargin))).Bound()
		pl.fetched, pl.zoom, pl.window, pl.sent = wide, vp.Zoom, mw.window, true
		pl.live.Update(postgis.View{Bound: wide, Zoom: vp.Zoom, Window: mw.window})
	}
	p.updateBanner()
}

// holds reports whether b holds all of c.
func holds(b, c orb.Bound) bool {
	return b.Min[0] <= c.Min[0] && b.Min[1] <= c.Min[1] && b.Max[0] >= c.Max[0] && b.Max[1] >= c.Max[1]
}

// viewChanged follows the map's viewport.
func (p *pgLayers) viewChanged(geo.Viewport) { p.sync() }

// refreshAll fetches every PostGIS layer again now.
func (p *pgLayers) refreshAll() {
	for _, pl := range p.layers {
		pl.live.Refresh()
	}
}

// timeExtent returns the time extent of the whole table behind layer id
// (data.Undated for other layers), which the fetched features, covering
// only the view and window, do not give.
func (p *pgLayers) timeExtent(id int) data.Span {
	if p == nil {
		return data.Undated
	}
	if pl := p.layers[id]; pl != nil {
		return pl.summary.Extent
	}
	return data.Undated
}

// bound returns the extent of the whole table behind layer id.
func (p *pgLayers) bound(id int) (orb.Bound, bool) {
	if pl := p.layers[id]; pl != nil && pl.summary.Rows > 0 {
		return pl.summary.Bound, true
	}
	return orb.Bound{}, false
}

// source returns what a project file keeps about layer id (no password).
func (p *pgLayers) source(id int) (postgis.Source, bool) {
	if pl := p.layers[id]; pl != nil {
		return pl.live.Source(), true
	}
	return postgis.Source{}, false
}

// stop ends every worker, which closes its connection.
func (p *pgLayers) stop() {
	for id, pl := range p.layers {
		pl.cancel()
		delete(p.layers, id)
	}
}
