package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
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
	"campmap/data/edit"
	"campmap/data/gpkg"
)

// editMode is what a tap on the map does while a layer is edited.
type editMode int

// The edit modes, in the order of the toolbar.
const (
	modeSelect  editMode = iota // select a feature or a vertex; drag to move it
	modePoint                   // each tap adds a point
	modeLine                    // taps add vertices; tap the last again (or Finish) to end
	modePolygon                 // taps add vertices; tap the first again (or Finish) to close
	modeHole                    // draw a ring inside the selected polygon
	modeNote                    // a tap asks for a text and adds a labelled point
)

var modeNames = [...]string{"Select", "Point", "Line", "Area", "Hole", "Note"}

var modeHints = [...]string{
	"Click a feature to select it, a vertex to pick it; drag either to move it. Double-click an edge to add a vertex; Delete removes the vertex or the feature.",
	"Click to add a point.",
	"Click to add vertices; double-click, click the last one again or press Finish (Enter) to end the line.",
	"Click to add vertices; double-click, click the first one again or press Finish (Enter) to close the area.",
	"Select an area first, then click the vertices of the hole; click the first again to close it.",
	"Click where the note goes, then type its text.",
}

// Ink of the edit overlay: the selected feature, its handles, the shape
// being drawn.
var (
	editInk    = color.NRGBA{0x00, 0xb4, 0xff, 0xff}
	editHandle = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	editPicked = color.NRGBA{0xff, 0x40, 0x40, 0xff}
)

// snapReach and hitReach are in Fyne units: how near a vertex or an edge
// a tap snaps, and how near a feature it selects it.
const (
	snapReach = 10
	hitReach  = 8
)

// scUndo and scRedo undo and redo edits (Ctrl+Z, Ctrl+Shift+Z).
var (
	scUndo = menuShortcut("Undo edit")
	scRedo = menuShortcut("Redo edit")
)

// editTool is the window's edit mode: at most one layer is edited at a
// time, chosen explicitly with its pencil button in the layers panel
// (nothing moves otherwise). Edits go through data/edit: each builds a new
// layer that replaces the old one in the model, so the map, the time
// index, identify, the counts and the exports see it at once; the layer's
// edit.History (kept on its layerEntry for the session) undoes them. It
// belongs to the UI goroutine.
type editTool struct {
	mw   *MainWindow
	id   int // layer edited; 0 when none
	mode editMode
	sel  int          // selected feature; -1 when none
	vsel *edit.Vertex // picked vertex of sel
	pts  []orb.Point  // the line, area or hole being drawn
	drag *editDrag    // a feature or vertex being moved
	// busy is true while an edit of a large layer is applied off the UI
	// goroutine (see run): no other edit is taken meanwhile.
	busy bool
	// free is true while the snapping modifier (Shift) is held: points
	// land where the pointer is.
	free bool
	// hover is where a click at the pointer would land, while drawing
	hover *edit.Snap
	// drawn is the shape being drawn (drawnOf) as a layer to snap to.
	drawn   *data.Layer
	drawnOf []orb.Point
	// autosaved is the layer last autosaved for each file, recovered the
	// edits recovered from an earlier session, by file, until saved or
	// discarded (editautosave.go).
	autosaved, recovered map[string]*data.Layer
	// wrote is what each file looked like after campmap wrote it, so the
	// watcher's report of its own save reloads nothing.
	wrote map[string]fileStamp

	overlay *fyne.Container
	cursor  *fyne.Container // where a click would land (see hovered)
	bar     *fyne.Container
	title   *widget.Label
	hint    *widget.Label
	modes   [len(modeNames)]*widget.Button
	finish  *widget.Button
	attrs   *widget.Button
	undoB   *widget.Button
	redoB   *widget.Button
	saveB   *widget.Button
	size    fyne.Size

	form     *attrForm  // the last attribute form (tests fill it)
	noteText *escEntry  // the last note's text entry (tests fill it)
	noteDone func(bool) // submits it
}

// editDrag is a drag in select mode: of a vertex of the selected
// feature, or of the whole feature.
type editDrag struct {
	pan        bool         // neither: the map pans
	vertex     *edit.Vertex // nil: the whole feature
	start, cur orb.Point    // longitude, latitude
	x, y       float64      // the pointer, in device pixels
}

// fileStamp identifies a file's content cheaply.
type fileStamp struct {
	mod  time.Time
	size int64
}

// stampOf returns the stamp of the file at path (false when it cannot be read).
func stampOf(path string) (fileStamp, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return fileStamp{}, false
	}
	return fileStamp{fi.ModTime(), fi.Size()}, true
}

// newEditTool returns the edit tool of mw, editing nothing.
func newEditTool(mw *MainWindow) *editTool {
	t := &editTool{mw: mw, sel: -1, wrote: map[string]fileStamp{}, overlay: container.NewWithoutLayout(), cursor: container.NewWithoutLayout()}
	t.title = widget.NewLabel("")
	t.title.TextStyle.Bold = true
	t.hint = widget.NewLabel("")
	t.hint.Wrapping = fyne.TextWrapWord
	row := container.NewHBox()
	for i, name := range modeNames {
		m := editMode(i)
		t.modes[i] = widget.NewButton(lang.L(name), func() { t.setMode(m) })
		row.Add(t.modes[i])
	}
	t.finish = widget.NewButton(lang.L("Finish"), t.finishDrawing)
	t.attrs = widget.NewButton(lang.L("Attributes…"), t.showAttributes)
	del := widget.NewButton(lang.L("Delete"), t.deleteSelected)
	t.undoB = widget.NewButton(lang.L("Undo"), t.undo)
	t.redoB = widget.NewButton(lang.L("Redo"), t.redo)
	t.saveB = widget.NewButton(lang.L("Save"), t.save)
	done := widget.NewButton(lang.L("Stop editing"), t.stop)
	row2 := container.NewHBox(t.finish, t.attrs, del, t.undoB, t.redoB, t.saveB, done)
	bg := canvas.NewRectangle(panelColor(colorNameCard))
	t.bar = container.NewStack(bg, container.NewPadded(container.NewVBox(t.title, row, row2, t.hint)))
	t.bar.Hide()
	return t
}

// installMenu adds File › New annotation layer… and the undo, redo and
// save items, with their shortcuts.
func (t *editTool) installMenu() {
	mw := t.mw
	m := mw.win.MainMenu()
	if m == nil || len(m.Items) == 0 {
		return
	}
	file := m.Items[0]
	newLayer := fyne.NewMenuItem(lang.L("New annotation layer…"), t.showNewLayerDialog)
	saveEdits := fyne.NewMenuItem(lang.L("Save layer edits"), t.save)
	at := len(file.Items)
	for i, it := range file.Items {
		if it.IsSeparator {
			at = i
			break
		}
	}
	file.Items = slices.Insert(file.Items, at, newLayer, saveEdits)
	undo := fyne.NewMenuItem(lang.L("Undo edit"), t.undo)
	redo := fyne.NewMenuItem(lang.L("Redo edit"), t.redo)
	editMenu := fyne.NewMenu(lang.L("Edit"), undo, redo)
	m.Items = slices.Insert(m.Items, 1, editMenu)
	mw.win.SetMainMenu(m)
}

// entry returns the layer edited, or nil.
func (t *editTool) entry() *layerEntry {
	if t.id == 0 {
		return nil
	}
	e, _ := t.mw.entry(t.id)
	return e
}

// readOnly says why layer e cannot be edited here, or "" when it can.
func (t *editTool) readOnly(e *layerEntry) string {
	mw := t.mw
	if mw.pg.layers[e.id] != nil {
		return lang.L("PostGIS tables are read-only in campmap: edit them in the database (QGIS, psql), or export the layer as GeoPackage and edit that.")
	}
	if e.sample || e.layer.Path == "" {
		return lang.L("The sample scenario is built into campmap and has no file to save edits to. Export the layer (File › Export layer…) and open the export to edit it.")
	}
	base := filepath.Base(e.layer.Path)
	if editFormat(e.layer.Path) == "" {
		return fmt.Sprintf(lang.L("%s is a %s file: campmap reads it but cannot write it back as it was (tables keep their own columns and layout). Export the layer as GeoPackage or GeoJSON (File › Export layer…) and edit that."),
			base, strings.ToUpper(strings.TrimPrefix(filepath.Ext(e.layer.Path), ".")))
	}
	for _, o := range mw.layers {
		if o != e && o.layer.Path == e.layer.Path {
			return fmt.Sprintf(lang.L("%s is open as several layers; saving one would replace the others. Export this layer to a file of its own (File › Export layer…) and edit that."), base)
		}
	}
	if editFormat(e.layer.Path) == "gpkg" {
		// saving rewrites the file with this layer alone: anything else
		// in it (other layers, QGIS's styles) would be lost
		if others, err := gpkg.OtherTables(mw.ctx, e.layer.Path, e.layer.Name); err != nil || len(others) > 0 {
			return fmt.Sprintf(lang.L("%s holds more than this layer (%s); saving edits would lose them. Export this layer to a file of its own (File › Export layer…) and edit that."), base, strings.Join(others, ", "))
		}
	}
	return ""
}

// editFormat is "geojson" or "gpkg" for a file campmap can save edits
// to, else "".
func editFormat(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".geojson", ".json":
		return "geojson"
	case ".gpkg":
		return "gpkg"
	}
	return ""
}

// toggle starts editing layer id, or ends it when it is the one edited;
// a layer campmap cannot save says why instead.
func (t *editTool) toggle(id int) {
	if t.id == id {
		t.stop()
		return
	}
	e, _ := t.mw.entry(id)
	if e == nil {
		return
	}
	if why := t.readOnly(e); why != "" {
		t.mw.showMessage(lang.L("This layer is read-only"), why)
		return
	}
	t.start(e)
}

// start edits layer e.
func (t *editTool) start(e *layerEntry) {
	t.mw.mv.measure.stop()
	t.id, t.mode, t.sel, t.vsel, t.pts, t.drag = e.id, modeSelect, -1, nil, nil, nil
	if e.edits == nil {
		e.edits = &edit.History{}
	}
	if !e.style.Visible {
		t.mw.setVisible(e.id, true)
	}
	t.bar.Show()
	t.refresh()
	t.mw.panel.sig = "-" // the row shows it is edited
	t.mw.panel.refresh()
}

// stop ends editing; the layer keeps its edits and its history.
func (t *editTool) stop() {
	if t.id == 0 {
		return
	}
	t.id, t.sel, t.vsel, t.pts, t.drag = 0, -1, nil, nil, nil
	t.bar.Hide()
	t.place()
	t.mw.panel.sig = "-"
	t.mw.panel.refresh()
}

// editing reports whether layer id is being edited.
func (t *editTool) editing(id int) bool { return t.id != 0 && t.id == id }

// layerGone ends editing when the layer edited was removed.
func (t *editTool) layerGone() {
	if t.id != 0 && t.entry() == nil {
		t.stop()
	}
}

// setMode switches what taps do; a shape being drawn is dropped.
func (t *editTool) setMode(m editMode) {
	t.mode, t.pts, t.vsel = m, nil, nil
	if m == modeHole && !t.selectedPolygon() {
		t.mw.status.message(lang.L("Select an area first: a hole goes into the selected area"))
	}
	t.refresh()
}

// selectedPolygon reports whether the selection is a polygon.
func (t *editTool) selectedPolygon() bool {
	e := t.entry()
	if e == nil || t.sel < 0 || t.sel >= e.layer.Len() {
		return false
	}
	switch e.layer.Geometry(t.sel).(type) {
	case orb.Polygon, orb.MultiPolygon:
		return true
	}
	return false
}

// refresh shows the toolbar's state and the overlay.
func (t *editTool) refresh() {
	e := t.entry()
	if e == nil {
		t.place()
		return
	}
	mark := ""
	if e.unsaved() {
		mark = " *"
	}
	t.title.SetText(fmt.Sprintf(lang.L("Editing %s"), e.layer.Name) + mark)
	for i, b := range t.modes {
		if editMode(i) == t.mode {
			b.Importance = widget.HighImportance
		} else {
			b.Importance = widget.MediumImportance
		}
		b.Refresh()
	}
	t.hint.SetText(lang.L(modeHints[t.mode]))
	enable(t.finish, len(t.pts) >= 2)
	enable(t.attrs, t.sel >= 0)
	enable(t.undoB, e.edits.CanUndo())
	enable(t.redoB, e.edits.CanRedo())
	enable(t.saveB, e.unsaved())
	t.layout(t.size)
	t.place()
}

// enable enables or disables b.
func enable(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// asyncEditsAt is the layer size from which an edit is applied off the
// UI goroutine: a new layer of 100,000 features takes about 60 ms to
// build. Smaller layers are edited at once.
var asyncEditsAt = 20000

// apply makes op an edit of the layer edited: the new layer replaces the
// old in the model, everything is drawn again, and then (when not nil)
// runs. It reports whether the edit was taken (not while another is
// applied).
func (t *editTool) apply(op edit.Op, then func()) bool {
	e := t.entry()
	if e == nil || t.busy {
		return false
	}
	t.run(e, op, func(nl *data.Layer, inv edit.Op, err error) {
		if err != nil {
			t.mw.status.message(fmt.Sprintf(lang.L("Edit refused: %s"), userMessage(err)))
			return
		}
		e.edits.Push(op, inv)
		t.replaced(e, nl)
		if then != nil {
			then()
		}
	})
	return true
}

// run applies op to e's layer, here for a small layer and on a goroutine
// for a large one (the tool is busy meanwhile and takes no other edit),
// and hands the result to done on the UI goroutine; a result for a
// layer replaced meanwhile (a reload) is dropped.
func (t *editTool) run(e *layerEntry, op edit.Op, done func(nl *data.Layer, inv edit.Op, err error)) {
	l := e.layer
	if l.Len() < asyncEditsAt {
		nl, inv, err := edit.Apply(l, op)
		done(nl, inv, err)
		return
	}
	mw := t.mw
	t.busy = true
	mw.status.message(lang.L("Applying the edit…"))
	mw.q.begin()
	go func() {
		var nl *data.Layer
		var inv edit.Op
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = recovered(lang.L("applying an edit"), r)
				}
			}()
			nl, inv, err = edit.Apply(l, op)
		}()
		mw.q.finish(func() {
			t.busy = false
			if mw.closed {
				return
			}
			if cur, _ := mw.entry(e.id); cur != e || e.layer != l {
				mw.status.message(lang.L("The layer changed while the edit was applied: the edit was dropped"))
				return
			}
			mw.status.message("")
			done(nl, inv, err)
		})
	}()
}

// replaced puts nl in e's place and redraws.
func (t *editTool) replaced(e *layerEntry, nl *data.Layer) {
	e.layer = nl
	if t.sel >= nl.Len() {
		t.sel, t.vsel = -1, nil
	}
	t.mw.updateExtent()
	t.mw.rebuild()
	t.refresh()
}

// undo undoes the last edit of the layer edited.
func (t *editTool) undo() { t.step(true) }

// redo applies again the last edit undone.
func (t *editTool) redo() { t.step(false) }

// step undoes (back) or redoes one edit of the layer edited.
func (t *editTool) step(back bool) {
	e := t.entry()
	if e == nil {
		return
	}
	if len(t.pts) > 0 && back { // Ctrl+Z while drawing takes back the last vertex
		t.pts = t.pts[:len(t.pts)-1]
		t.refresh()
		return
	}
	if t.busy {
		return
	}
	var op, done edit.Op
	var ok bool
	verb := lang.L("Redone: %s")
	if back {
		op, done, ok = e.edits.NextUndo()
		verb = lang.L("Undone: %s")
	} else {
		op, ok = e.edits.NextRedo()
		done = op
	}
	if !ok {
		return
	}
	t.run(e, op, func(nl *data.Layer, res edit.Op, err error) {
		if err != nil {
			t.mw.showError(lang.L("Could not undo"), err)
			return
		}
		if back {
			e.edits.Undone(res)
		} else {
			e.edits.Redone(res)
		}
		t.sel, t.vsel = -1, nil
		if done.Kind == edit.Replace || (done.Kind == edit.Insert) != back {
			t.sel = done.At
		}
		t.replaced(e, nl)
		t.mw.status.message(fmt.Sprintf(verb, lang.L(opWords[done.Kind])))
	})
}

// opWords name each kind of edit in the undo and redo messages.
var opWords = map[edit.OpKind]string{edit.Insert: "adding a feature", edit.Delete: "deleting a feature", edit.Replace: "changing a feature"}

// pixels returns the tolerance of n Fyne units in device pixels.
func (t *editTool) pixels(n float64) float64 { return n * float64(t.mw.mv.scale) }

// snap returns where a tap at (x, y) lands: on the nearest vertex or edge
// of a visible layer within reach, unless Shift is held.
func (t *editTool) snap(x, y float64, skip edit.Skip) orb.Point { return t.snapAt(x, y, skip).At }

// snapAt is snap with what the point snapped to.
func (t *editTool) snapAt(x, y float64, skip edit.Skip) edit.Snap {
	vp := t.mw.mv.vp
	if t.free {
		return edit.Snap{At: vp.Unproject(x, y), Layer: -1, Index: -1}
	}
	var ls []*data.Layer
	var shown []func(int) bool
	for _, e := range t.mw.layers {
		if e.style.Visible {
			ls, shown = append(ls, e.layer), append(shown, t.shown(e))
		}
	}
	if d := t.drawnLayer(); d != nil {
		ls, shown = append(ls, d), append(shown, nil) // the shape being drawn snaps to its own vertices too
	}
	// only to what the map shows
	all := func(li, i int) bool { return skip != nil && skip(li, i) || shown[li] != nil && !shown[li](i) }
	return edit.SnapTo(vp, x, y, t.pixels(snapReach), ls, all)
}

// shown tells the features of e the map shows: those its category and
// value filters keep, in the time window.
func (t *editTool) shown(e *layerEntry) func(int) bool {
	lv := e.view()
	inWindow := data.InWindow(e.layer, t.mw.window, t.mw.inside)
	keep := lv.Keeper()
	return func(i int) bool { return keep(i) && (inWindow == nil || inWindow(i)) }
}

// drawnLayer is the shape being drawn as a layer to snap to (nil when
// none), built again only when the shape changed.
func (t *editTool) drawnLayer() *data.Layer {
	if len(t.pts) == 0 {
		return nil
	}
	if t.drawn != nil && t.drawn.Len() == 1 && slices.Equal(t.drawnOf, t.pts) {
		return t.drawn
	}
	var g orb.Geometry = orb.LineString(slices.Clone(t.pts))
	if len(t.pts) == 1 {
		g = t.pts[0]
	}
	b := data.NewBuilder("", 1)
	if b.Add(edit.NewFeature(g)) != nil {
		return nil
	}
	t.drawn, t.drawnOf = b.Build(), slices.Clone(t.pts)
	return t.drawn
}

// hovered shows where a click at (x, y) would land while drawing: the
// line from the last vertex and, when it snaps, a ring on the vertex or
// edge it snaps to.
func (t *editTool) hovered(x, y float64, mods fyne.KeyModifier) {
	if t.entry() == nil || t.mode == modeSelect {
		if t.hover != nil {
			t.hover = nil
			t.placeCursor()
		}
		return
	}
	t.free = mods&fyne.KeyModifierShift != 0
	s := t.snapAt(x, y, nil)
	t.hover = &s
	t.placeCursor()
}

// unhovered takes the cursor's marks off when the pointer leaves the map.
func (t *editTool) unhovered() {
	if t.hover != nil {
		t.hover = nil
		t.placeCursor()
	}
}

// placeCursor draws the hover marks at the map's current view.
func (t *editTool) placeCursor() {
	t.cursor.Objects = nil
	mv := t.mw.mv
	if t.hover == nil || t.entry() == nil || t.mode == modeSelect && t.drag == nil || mv.vp.W <= 0 {
		t.cursor.Refresh()
		return
	}
	s := float32(mv.scale)
	pos := func(p orb.Point) fyne.Position {
		x, y := mv.vp.Project(p)
		return fyne.NewPos(float32(x)/s, float32(y)/s)
	}
	band := func(a orb.Point) {
		l := canvas.NewLine(color.NRGBA{0x00, 0xb4, 0xff, 0xa0})
		l.StrokeWidth = 1.5
		l.Position1, l.Position2 = pos(a), pos(t.hover.At)
		t.cursor.Add(l)
	}
	if n := len(t.pts); n > 0 && t.mode != modeSelect && t.mode != modePoint && t.mode != modeNote {
		band(t.pts[n-1])
		if n >= 2 && t.mode != modeLine {
			band(t.pts[0])
		}
	}
	if t.hover.Target != edit.None {
		const r = 7
		c := canvas.NewCircle(color.Transparent)
		c.StrokeColor, c.StrokeWidth = editPicked, 2
		at := pos(t.hover.At)
		c.Move(fyne.NewPos(at.X-r, at.Y-r))
		c.Resize(fyne.NewSize(2*r, 2*r))
		t.cursor.Add(c)
	}
	t.cursor.Refresh()
}

// skipSelf is the Skip of the selected feature of the layer edited,
// among the visible layers snap searches.
func (t *editTool) skipSelf() edit.Skip {
	li, vis := -1, 0
	for _, e := range t.mw.layers {
		if !e.style.Visible {
			continue
		}
		if e.id == t.id {
			li = vis
		}
		vis++
	}
	sel := t.sel
	return func(l, i int) bool { return l == li && i == sel }
}

// tap handles a tap at (x, y) in device pixels; it reports whether the
// edit tool took it.
func (t *editTool) tap(x, y float64) bool {
	e := t.entry()
	if e == nil {
		return false
	}
	if t.busy {
		return true // the last edit is still being applied
	}
	vp := t.mw.mv.vp
	switch t.mode {
	case modeSelect:
		if t.sel >= 0 {
			if v, ok := edit.NearestVertex(e.layer.Geometry(t.sel), vp, x, y, t.pixels(hitReach)); ok && !e.layer.IsPoint(t.sel) {
				t.vsel = &v
				t.refresh()
				return true
			}
		}
		i, ok := edit.HitFeature(e.layer, vp, x, y, t.pixels(hitReach), t.shown(e))
		t.sel, t.vsel = -1, nil
		if ok {
			t.sel = i
		}
		t.refresh()
	case modePoint:
		p := t.snap(x, y, nil)
		t.apply(edit.Op{Kind: edit.Insert, At: e.layer.Len(), F: edit.NewFeature(p)}, t.selectLast)
	case modeNote:
		t.askNote(t.snap(x, y, nil))
	case modeLine, modePolygon, modeHole:
		if t.mode == modeHole && !t.selectedPolygon() {
			t.mw.status.message(lang.L("Select an area first: a hole goes into the selected area"))
			return true
		}
		reach := t.pixels(closeReach)
		if n := len(t.pts); n >= 2 && t.mode == modeLine {
			if lx, ly := vp.Project(t.pts[n-1]); math.Hypot(lx-x, ly-y) <= reach {
				t.finishDrawing()
				return true
			}
		}
		if len(t.pts) >= 3 && t.mode != modeLine {
			if fx, fy := vp.Project(t.pts[0]); math.Hypot(fx-x, fy-y) <= reach {
				t.finishDrawing()
				return true
			}
		}
		t.pts = append(t.pts, t.snap(x, y, nil))
		t.refresh()
	}
	return true
}

// selectLast selects the layer's last feature (the one just added).
func (t *editTool) selectLast() {
	if e := t.entry(); e != nil {
		t.sel, t.vsel = e.layer.Len()-1, nil
		t.refresh()
	}
}

// doubleTap adds a vertex where the selected feature's edge is under
// (x, y) in select mode; while drawing it adds the point and ends the
// shape, and in the point and note modes it is one tap. It reports
// whether it used the double tap (false: the map zooms in).
func (t *editTool) doubleTap(x, y float64) bool {
	e := t.entry()
	if e == nil {
		return false
	}
	switch t.mode {
	case modePoint, modeNote:
		return t.tap(x, y)
	case modeLine, modePolygon, modeHole:
		n := len(t.pts)
		t.tap(x, y)
		if len(t.pts) > n { // the tap added a vertex rather than ending the shape
			t.finishDrawing()
		}
		return true
	}
	if t.sel < 0 || t.sel >= e.layer.Len() {
		return false
	}
	v, p, ok := edit.NearestEdge(e.layer.Geometry(t.sel), t.mw.mv.vp, x, y, t.pixels(hitReach))
	if !ok {
		return false
	}
	f, err := edit.Reshape(edit.Feature(e.layer, t.sel), p, func(g orb.Geometry, p orb.Point) (orb.Geometry, error) { return edit.InsertVertex(g, v, p) })
	if err != nil {
		t.mw.status.message(fmt.Sprintf(lang.L("Cannot add a vertex here: %s"), userMessage(err)))
		return true
	}
	t.apply(edit.Op{Kind: edit.Replace, At: t.sel, F: f}, func() {
		t.vsel = &v
		t.refresh()
	})
	return true
}

// finishDrawing adds the line, area or hole drawn.
func (t *editTool) finishDrawing() {
	e := t.entry()
	if e == nil {
		return
	}
	pts := t.pts
	var op edit.Op
	switch t.mode {
	case modeLine:
		if len(pts) < 2 {
			return
		}
		op = edit.Op{Kind: edit.Insert, At: e.layer.Len(), F: edit.NewFeature(orb.LineString(pts))}
	case modePolygon:
		p, err := edit.NewPolygon(pts)
		if err != nil {
			t.mw.status.message(lang.L("An area needs three vertices"))
			return
		}
		op = edit.Op{Kind: edit.Insert, At: e.layer.Len(), F: edit.NewFeature(p)}
	case modeHole:
		if !t.selectedPolygon() {
			return
		}
		f, err := edit.Reshape(edit.Feature(e.layer, t.sel), orb.Point{}, func(g orb.Geometry, _ orb.Point) (orb.Geometry, error) { return edit.AddHole(g, orb.Ring(pts)) })
		if err != nil {
			t.mw.status.message(fmt.Sprintf(lang.L("Cannot add this hole: %s"), userMessage(err)))
			return
		}
		op = edit.Op{Kind: edit.Replace, At: t.sel, F: f}
	default:
		return
	}
	if t.apply(op, func() { t.sel = op.At; t.refresh() }) {
		t.pts = nil
	}
	t.refresh()
}

// askNote asks for a note's text and adds it at p.
func (t *editTool) askNote(p orb.Point) {
	text := newMultiLineEntry()
	text.SetPlaceHolder(lang.L("What the note says"))
	t.noteText = text
	var d *dialog.FormDialog
	answered := false
	t.noteDone = func(ok bool) {
		if answered {
			return
		}
		answered = true
		d.Hide() // when tests answer; the dialog's own buttons have hidden it
		t.noteText, t.noteDone = nil, nil
		s := strings.TrimSpace(text.Text)
		e := t.entry()
		if !ok || s == "" || e == nil {
			return
		}
		f := edit.NewFeature(p, data.Property{Key: "label", Value: data.Text(s)}, data.Property{Key: data.NoteKey, Value: data.Bool(true)})
		t.apply(edit.Op{Kind: edit.Insert, At: e.layer.Len(), F: f}, t.selectLast)
	}
	done := t.noteDone
	d = dialog.NewForm(lang.L("New note"), lang.L("Add"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("Text"), text)}, func(ok bool) { done(ok) }, t.mw.win)
	d.Resize(fyne.NewSize(420, 220))
	d.Show()
	t.mw.noteDialog(lang.L("New note"), "")
	t.mw.win.Canvas().Focus(text)
}

// deleteSelected deletes the picked vertex, or else the selected feature.
func (t *editTool) deleteSelected() {
	e := t.entry()
	if e == nil || t.sel < 0 || t.sel >= e.layer.Len() {
		return
	}
	if t.vsel != nil {
		v := *t.vsel
		f, err := edit.Reshape(edit.Feature(e.layer, t.sel), orb.Point{}, func(g orb.Geometry, _ orb.Point) (orb.Geometry, error) { return edit.DeleteVertex(g, v) })
		if err != nil {
			msg := fmt.Sprintf(lang.L("Cannot delete this vertex: %s"), userMessage(err))
			if errors.Is(err, edit.ErrTooFew) {
				msg = lang.L("A line keeps two vertices and an area three: delete the feature instead (select it and press Delete)")
			}
			t.mw.status.message(msg)
			t.vsel = nil
			t.refresh()
			return
		}
		t.vsel = nil
		t.apply(edit.Op{Kind: edit.Replace, At: t.sel, F: f}, nil)
		return
	}
	if t.busy {
		return
	}
	at := t.sel
	t.sel = -1
	t.apply(edit.Op{Kind: edit.Delete, At: at}, nil)
}

// key handles Delete, Backspace, Enter and Esc while editing; it reports
// whether it used ev.
func (t *editTool) key(ev *fyne.KeyEvent) bool {
	if t.entry() == nil || t.mw.mv.measure.on && ev.Name == fyne.KeyEscape {
		return false // Esc ends measuring first
	}
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		t.deleteSelected()
	case fyne.KeyReturn, fyne.KeyEnter:
		t.finishDrawing()
	case fyne.KeyEscape:
		switch {
		case len(t.pts) > 0:
			t.pts = nil
		case t.sel >= 0:
			t.sel, t.vsel = -1, nil
		case t.mode != modeSelect:
			t.mode = modeSelect
		default:
			return false
		}
		t.refresh()
	default:
		return false
	}
	return true
}

// dragged moves the selected feature or vertex in select mode; it
// reports whether it took the drag (false: the map pans).
func (t *editTool) dragged(ev *fyne.DragEvent) bool {
	e := t.entry()
	if e == nil || t.mode != modeSelect {
		return false
	}
	mv := t.mw.mv
	x, y := mv.toPixels(ev.Position)
	if t.drag == nil {
		sx, sy := mv.toPixels(ev.Position.Subtract(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY)))
		t.drag = t.startDrag(e, sx, sy)
	}
	d := t.drag
	if d.pan {
		return false
	}
	d.x, d.y = x, y
	d.cur = mv.vp.Unproject(x, y)
	t.hover = nil
	if d.vertex != nil || e.layer.IsPoint(t.sel) { // a vertex or a point snaps where it is dropped
		sn := t.snapAt(x, y, t.skipSelf())
		t.hover = &sn
		if d.vertex != nil {
			d.cur = sn.At
		}
	}
	t.place()
	return true
}

// startDrag decides what a drag from (x, y) moves: a vertex of the
// selection, the selection, another feature (which it selects), or the
// map.
func (t *editTool) startDrag(e *layerEntry, x, y float64) *editDrag {
	vp := t.mw.mv.vp
	start := vp.Unproject(x, y)
	reach := t.pixels(hitReach)
	if t.sel >= 0 && !e.layer.IsPoint(t.sel) {
		if v, ok := edit.NearestVertex(e.layer.Geometry(t.sel), vp, x, y, reach); ok {
			t.vsel = &v
			return &editDrag{vertex: &v, start: start, cur: start, x: x, y: y}
		}
	}
	i, ok := edit.HitFeature(e.layer, vp, x, y, reach, t.shown(e))
	if !ok {
		return &editDrag{pan: true}
	}
	if i != t.sel {
		t.sel, t.vsel = i, nil
	}
	return &editDrag{start: start, cur: start, x: x, y: y}
}

// dragEnd applies the move a drag made; it reports whether the edit tool
// had the drag.
func (t *editTool) dragEnd() bool {
	d := t.drag
	t.drag, t.hover = nil, nil
	e := t.entry()
	if d == nil || e == nil || d.pan {
		return false
	}
	if t.sel < 0 || t.sel >= e.layer.Len() || d.cur == d.start {
		t.refresh()
		return true
	}
	f := edit.Feature(e.layer, t.sel)
	var err error
	switch {
	case d.vertex != nil:
		f.Geometry, err = edit.MoveVertex(f.Geometry, *d.vertex, t.snap(d.x, d.y, t.skipSelf()))
	case e.layer.IsPoint(t.sel):
		f.Geometry = t.snap(d.x, d.y, t.skipSelf())
	default:
		f.Geometry = edit.Translate(f.Geometry, d.cur[0]-d.start[0], d.cur[1]-d.start[1])
	}
	if err != nil {
		t.mw.status.message(fmt.Sprintf(lang.L("Cannot move this vertex: %s"), userMessage(err)))
		t.refresh()
		return true
	}
	t.apply(edit.Op{Kind: edit.Replace, At: t.sel, F: f}, nil)
	return true
}

// preview is the selected feature's geometry as a drag in progress
// moves it.
func (t *editTool) preview(e *layerEntry) orb.Geometry {
	g := e.layer.Geometry(t.sel)
	d := t.drag
	if d == nil || d.pan {
		return g
	}
	if d.vertex != nil {
		if ng, err := edit.MoveVertex(g, *d.vertex, d.cur); err == nil {
			return ng
		}
		return g
	}
	return edit.Translate(g, d.cur[0]-d.start[0], d.cur[1]-d.start[1])
}

// place draws the selection, its vertices and the shape being drawn at
// the map's current view.
func (t *editTool) place() {
	t.overlay.Objects = nil
	e := t.entry()
	mv := t.mw.mv
	if e == nil || mv.vp.W <= 0 {
		t.overlay.Refresh()
		t.placeCursor()
		return
	}
	s := float32(mv.scale)
	pos := func(p orb.Point) fyne.Position {
		x, y := mv.vp.Project(p)
		return fyne.NewPos(float32(x)/s, float32(y)/s)
	}
	line := func(a, b orb.Point, w float32) {
		l := canvas.NewLine(editInk)
		l.StrokeWidth = w
		l.Position1, l.Position2 = pos(a), pos(b)
		t.overlay.Add(l)
	}
	dot := func(p orb.Point, fill color.Color, r float32) {
		d := canvas.NewCircle(fill)
		d.StrokeColor, d.StrokeWidth = color.NRGBA{0x10, 0x10, 0x10, 0xff}, 1.5
		c := pos(p)
		d.Move(fyne.NewPos(c.X-r, c.Y-r))
		d.Resize(fyne.NewSize(2*r, 2*r))
		t.overlay.Add(d)
	}
	if t.sel >= 0 && t.sel < e.layer.Len() {
		parts, rings := edit.Parts(t.preview(e))
		for pi, pts := range parts {
			for i := 1; i < len(pts); i++ {
				line(pts[i-1], pts[i], 3)
			}
			if rings[pi] && len(pts) > 2 {
				line(pts[len(pts)-1], pts[0], 3)
			}
		}
		for pi, pts := range parts {
			for vi, p := range pts {
				fill, r := color.Color(editHandle), float32(4.5)
				if t.vsel != nil && *t.vsel == (edit.Vertex{Part: pi, Index: vi}) {
					fill, r = editPicked, 6
				}
				if len(parts) == 1 && len(pts) == 1 {
					fill, r = editInk, 8 // a point: ring it
				}
				dot(p, fill, r)
			}
		}
	}
	for i := 1; i < len(t.pts); i++ {
		line(t.pts[i-1], t.pts[i], 2.5)
	}
	if len(t.pts) >= 3 && t.mode != modeLine {
		l := canvas.NewLine(color.NRGBA{0x00, 0xb4, 0xff, 0x80})
		l.StrokeWidth = 1.5
		l.Position1, l.Position2 = pos(t.pts[len(t.pts)-1]), pos(t.pts[0])
		t.overlay.Add(l)
	}
	for _, p := range t.pts {
		dot(p, editInk, 4.5)
	}
	t.overlay.Refresh()
	t.placeCursor()
}

// layout puts the toolbar at the top left of a map of size.
func (t *editTool) layout(size fyne.Size) {
	t.size = size
	t.overlay.Resize(size)
	t.cursor.Resize(size)
	ms := t.bar.MinSize()
	w := min(max(ms.Width, 420), size.Width-70)
	t.bar.Resize(fyne.NewSize(w, t.bar.MinSize().Height))
	t.bar.Move(fyne.NewPos(8, 8))
}

// save writes the layer edited to its file, atomically (see writeLayer),
// on a worker.
func (t *editTool) save() {
	e := t.entry()
	if e == nil {
		for _, o := range t.mw.layers { // from the menu: the one layer with unsaved edits
			if o.unsaved() {
				e = o
				break
			}
		}
	}
	if e == nil || !e.unsaved() {
		return
	}
	t.saveEntry(e, nil)
}

// saveEntry writes e's layer to its file and runs then (when not nil)
// once it is saved.
func (t *editTool) saveEntry(e *layerEntry, then func()) {
	mw, l, path := t.mw, e.layer, e.layer.Path
	id := e.id
	mw.status.message(fmt.Sprintf(lang.L("Saving %s…"), filepath.Base(path)))
	ctx := mw.ctx
	mw.q.begin()
	go func() {
		err := writeLayer(ctx, l, nil, path)
		st, _ := stampOf(path)
		mw.q.finish(func() {
			if mw.closed {
				return
			}
			if err != nil {
				mw.showError(fmt.Sprintf(lang.L("Could not save %s"), filepath.Base(path)), err)
				return
			}
			t.wrote[path] = st
			if e, _ := mw.entry(id); e != nil && e.layer == l {
				e.edits.MarkSaved()
				t.forgetAutosave(path)
			}
			mw.status.message(fmt.Sprintf(lang.L("Saved %s"), filepath.Base(path)))
			mw.rebuild()
			t.refresh()
			if then != nil {
				then()
			}
		})
	}()
}

// ownWrite reports whether path is as campmap last wrote it (a save of
// its own reported by the file watcher).
func (t *editTool) ownWrite(path string) bool {
	w, ok := t.wrote[path]
	if !ok {
		return false
	}
	st, ok := stampOf(path)
	return ok && st == w
}

// holdReload is asked before a layer file changed on disk is read again:
// with unsaved edits of a layer from path it asks whether to reload
// (losing them) and calls reload only then; it reports whether it took
// the decision. A reload drops the layer's history: its edits were of the
// content replaced.
func (t *editTool) holdReload(path string, reload func()) bool {
	if t.ownWrite(path) {
		return true
	}
	var es []*layerEntry
	for _, e := range t.mw.layers {
		if e.layer.Path == path && e.edits != nil {
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		return false
	}
	forget := func() {
		for _, e := range es {
			e.edits = &edit.History{}
		}
		t.forgetAutosave(path)
		t.sel, t.vsel, t.pts = -1, nil, nil
		reload()
		t.refresh()
	}
	dirty := slices.ContainsFunc(es, (*layerEntry).unsaved)
	if !dirty {
		forget()
		return true
	}
	msg := fmt.Sprintf(lang.L("%s changed on disk while you edit it. Reload it and lose your unsaved edits, or keep your edits (saving them then replaces the file)?"), filepath.Base(path))
	d := dialog.NewConfirm(lang.L("File changed on disk"), msg, func(ok bool) {
		if ok {
			forget()
		}
	}, t.mw.win)
	d.SetConfirmText(lang.L("Reload"))
	d.SetDismissText(lang.L("Keep my edits"))
	d.Show()
	t.mw.noteDialog(lang.L("File changed on disk"), msg)
	return true
}

// unsavedNames lists the files of layers with unsaved edits.
func (t *editTool) unsavedNames() []string {
	var out []string
	for _, e := range t.mw.layers {
		if e.unsaved() {
			out = append(out, filepath.Base(e.layer.Path))
		}
	}
	return out
}

// showNewLayerDialog asks where to save a new annotation layer, writes it
// empty and starts editing it.
func (t *editTool) showNewLayerDialog() {
	t.mw.chooseSavePath(saveRequest{title: lang.L("New annotation layer"), name: "annotations.gpkg", exts: layerExportExts},
		func(path string) { t.newLayer(path) })
}

// newLayer creates the empty annotation layer saved at path and edits it.
func (t *editTool) newLayer(path string) {
	mw := t.mw
	b := data.NewBuilder(data.LayerName(path), 0)
	b.Layer().Path = path
	l := b.Build()
	if err := writeLayer(context.Background(), l, nil, path); err != nil { // an empty layer: a few kilobytes
		mw.showError(fmt.Sprintf(lang.L("Could not create %s"), filepath.Base(path)), err)
		return
	}
	if st, ok := stampOf(path); ok {
		t.wrote[path] = st
	}
	es := mw.add(l)
	mw.updateExtent()
	mw.rebuild()
	t.start(es[0])
	mw.status.message(fmt.Sprintf(lang.L("New annotation layer %s: choose Point, Line, Area or Note and click the map"), filepath.Base(path)))
}

// showMessage shows an informative dialog.
func (mw *MainWindow) showMessage(title, text string) {
	lbl := widget.NewLabel(text)
	lbl.Wrapping = fyne.TextWrapWord
	dialog.NewCustom(title, lang.L("Close"), withWidth(460, lbl), mw.win).Show()
	mw.noteDialog(title, text)
}

// askUnsaved asks, when layers have unsaved edits, whether to save them,
// discard them or stay, and calls then once saved or discarded; it
// reports whether it asked (the caller stops there).
func (t *editTool) askUnsaved(then func()) bool {
	names := t.unsavedNames()
	if len(names) == 0 {
		return false
	}
	mw := t.mw
	text := fmt.Sprintf(lang.L("Unsaved edits in %s. Save them before closing?"), strings.Join(names, ", "))
	mw.askSaveDiscard(lang.L("Unsaved edits"), text, 440, lang.L("Save edits"), func() { t.saveAll(then) }, lang.L("Discard edits"), func() {
		for _, e := range mw.layers {
			if e.unsaved() {
				e.edits.MarkSaved() // the user gave them up: closing goes on
				t.forgetAutosave(e.layer.Path)
			}
		}
		then()
	})
	return true
}

// saveAll saves every layer with unsaved edits, one after the other, and
// calls then when all are saved (not when one fails: its error shows).
func (t *editTool) saveAll(then func()) {
	for _, e := range t.mw.layers {
		if e.unsaved() {
			t.saveEntry(e, func() { t.saveAll(then) })
			return
		}
	}
	then()
}
