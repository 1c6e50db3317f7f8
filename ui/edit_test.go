package ui

import (
	"context"
	"database/sql"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/edit"
	"campmap/data/geojson"
	"campmap/data/gpkg"
	"campmap/geo"
)

// dragMap drags on the map from one point to another (Fyne units) as the
// desktop driver does: a press, drag events whose position is the
// pointer's and whose delta is the move since the last, a release.
func (h *harness) dragMap(from, to fyne.Position) {
	mv := h.mw.mv
	mv.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}})
	mid := fyne.NewPos((from.X+to.X)/2, (from.Y+to.Y)/2)
	mv.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: mid}, Dragged: fyne.NewDelta(mid.X-from.X, mid.Y-from.Y)})
	mv.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-mid.X, to.Y-mid.Y)})
	mv.DragEnd()
	h.settle()
}

// shortcut types a shortcut on the window.
func (h *harness) shortcut(s fyne.Shortcut) {
	h.mw.win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }).TypedShortcut(s)
	h.settle()
}

// key types a key on the window.
func (h *harness) key(k fyne.KeyName) {
	h.mw.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k})
	h.settle()
}

// lonLat is the map point under (x, y) Fyne units.
func (h *harness) lonLat(x, y float32) orb.Point {
	s := float64(h.mw.mv.scale)
	return h.mw.mv.vp.Unproject(float64(x)*s, float64(y)*s)
}

// newEditHarness opens an empty window zoomed in over Calais and makes a
// new annotation layer saved at name in a temporary folder, through
// File › New annotation layer… and the save dialog.
func newEditHarness(t *testing.T, name string) (*harness, string) {
	h := newHarness(t, Options{}, nil)
	mv := h.mw.mv
	mv.SetViewport(geo.New(orb.Point{1.85, 50.95}, 14, mv.vp.W, mv.vp.H))
	h.settle()
	dir := t.TempDir()
	h.mw.editor.showNewLayerDialog()
	h.pickSave(dir, name, "")
	h.settle()
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the new layer's file: %v", err)
	}
	if e := h.mw.editor.entry(); e == nil || e.layer.Path != path || e.layer.Len() != 0 {
		t.Fatalf("not editing an empty layer at %s: %+v", path, e)
	}
	return h, path
}

// edited is the layer being edited.
func (h *harness) edited() *data.Layer {
	h.t.Helper()
	e := h.mw.editor.entry()
	if e == nil {
		h.t.Fatal("no layer is edited")
	}
	return e.layer
}

// Drawing points, lines and areas, snapping, moving features and
// vertices, deleting, undo and redo, all through taps, drags, keys and
// shortcuts; then the saved file holds the layer.
func TestEditDrawSnapUndoSave(t *testing.T) {
	for _, name := range []string{"notes.geojson", "notes.gpkg"} {
		t.Run(name, func(t *testing.T) { testEditDrawSnapUndoSave(t, name) })
	}
}

func testEditDrawSnapUndoSave(t *testing.T, name string) {
	h, path := newEditHarness(t, name)
	ed := h.mw.editor
	if !strings.Contains(h.mw.panel.rows[ed.id].name.Text, strings.TrimSuffix(name, filepath.Ext(name))) {
		t.Errorf("layer row %q", h.mw.panel.rows[ed.id].name.Text)
	}

	// a point
	ed.setMode(modePoint)
	h.tapMap(200, 200)
	l := h.edited()
	if l.Len() != 1 || !l.IsPoint(0) || dist(l.Anchor(0), h.lonLat(200, 200)) > 1e-9 {
		t.Fatalf("after a point: %d features, %v", l.Len(), l.Geometry(0))
	}
	if !strings.HasPrefix(h.mw.panel.rows[ed.id].name.Text, "* ") || !strings.Contains(h.mw.win.Title(), "*"+name) {
		t.Errorf("no unsaved marker: row %q, title %q", h.mw.panel.rows[ed.id].name.Text, h.mw.win.Title())
	}
	first := l.Anchor(0)

	// a line whose first vertex snaps onto the point; the last tapped
	// again ends it
	ed.setMode(modeLine)
	for _, p := range [][2]float32{{204, 203}, {300, 200}, {300, 300}, {301, 301}} {
		h.tapMap(p[0], p[1])
	}
	l = h.edited()
	line, ok := l.Geometry(1).(orb.LineString)
	if l.Len() != 2 || !ok || len(line) != 3 || line[0] != first {
		t.Fatalf("line %v (snapped first vertex %v, want %v)", l.Geometry(1), line, first)
	}

	// an area: its second vertex snaps onto the line's edge; the first
	// vertex tapped again closes it
	ed.setMode(modePolygon)
	for _, p := range [][2]float32{{400, 200}, {303, 250}, {400, 320}, {401, 201}} {
		h.tapMap(p[0], p[1])
	}
	l = h.edited()
	poly, ok := l.Geometry(2).(orb.Polygon)
	if l.Len() != 3 || !ok || len(poly[0]) != 4 {
		t.Fatalf("area %v", l.Geometry(2))
	}
	onEdge := h.lonLat(300, 250)
	snapped := false
	for _, p := range poly[0] {
		if dist(p, onEdge) < 1e-9 {
			snapped = true
		}
	}
	if !snapped {
		t.Errorf("no vertex of %v snapped onto the line at %v", poly[0], onEdge)
	}
	// with Shift held, a point lands where it is tapped
	ed.setMode(modePoint)
	h.mw.mv.MouseDown(&desktop.MouseEvent{Modifier: fyne.KeyModifierShift})
	h.tapMap(203, 202)
	h.mw.mv.MouseDown(&desktop.MouseEvent{})
	if l = h.edited(); l.Len() != 4 || l.Anchor(3) == first || dist(l.Anchor(3), h.lonLat(203, 202)) > 1e-9 {
		t.Fatalf("Shift did not hold snapping off: %v", l.Anchor(3))
	}
	// Delete removes the selected feature
	h.key(fyne.KeyDelete)
	if l = h.edited(); l.Len() != 3 {
		t.Fatalf("%d features after Delete", l.Len())
	}

	// a hole in the area
	ed.setMode(modeSelect)
	h.tapMap(370, 250)
	if ed.sel != 2 {
		t.Fatalf("tapping inside the area selected %d", ed.sel)
	}
	ed.setMode(modeHole)
	for _, p := range [][2]float32{{360, 240}, {380, 240}, {380, 260}, {361, 241}} {
		h.tapMap(p[0], p[1])
	}
	if poly = h.edited().Geometry(2).(orb.Polygon); len(poly) != 2 {
		t.Fatalf("no hole: %v", poly)
	}

	// move the point by dragging it: it moves, and the line does not
	ed.setMode(modeSelect)
	h.dragMap(fyne.NewPos(200, 200), fyne.NewPos(180, 150))
	l = h.edited()
	if dist(l.Anchor(0), h.lonLat(180, 150)) > 1e-9 || l.Geometry(1).(orb.LineString)[0] != first {
		t.Fatalf("dragged point at %v, want %v", l.Anchor(0), h.lonLat(180, 150))
	}
	// drag the line's middle vertex
	h.tapMap(300, 230) // on the line: selects it
	if ed.sel != 1 {
		t.Fatalf("tapping the line selected %d", ed.sel)
	}
	h.dragMap(fyne.NewPos(300, 200), fyne.NewPos(320, 180))
	if line = h.edited().Geometry(1).(orb.LineString); dist(line[1], h.lonLat(320, 180)) > 1e-9 {
		t.Fatalf("dragged vertex at %v", line[1])
	}
	// double-click on an edge adds a vertex; Delete takes it away again
	h.mw.mv.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(300, 260)})
	h.settle()
	if line = h.edited().Geometry(1).(orb.LineString); len(line) != 4 || ed.vsel == nil {
		t.Fatalf("double-click on the edge: %v, picked %v", line, ed.vsel)
	}
	h.key(fyne.KeyDelete)
	if line = h.edited().Geometry(1).(orb.LineString); len(line) != 3 {
		t.Fatalf("Delete of the picked vertex: %v", line)
	}
	// drag the whole area
	before := h.edited().Geometry(2).Bound()
	h.dragMap(fyne.NewPos(390, 300), fyne.NewPos(390, 340))
	if after := h.edited().Geometry(2).Bound(); after.Max[1] >= before.Max[1] || after.Max[0] != before.Max[0] {
		t.Fatalf("area moved from %v to %v", before, after)
	}
	edited := h.edited()

	// save: the file holds the layer; the marker goes
	test := ed.saveB
	test.OnTapped()
	h.settle()
	if h.mw.editor.entry().unsaved() || strings.Contains(h.mw.win.Title(), "*") {
		t.Errorf("still unsaved after Save: title %q", h.mw.win.Title())
	}
	back := readLayer(t, path)
	if back.Len() != 3 {
		t.Fatalf("the saved file holds %d features", back.Len())
	}
	for i := 0; i < 3; i++ {
		if !orb.Equal(back.Geometry(i), edited.Geometry(i)) {
			t.Errorf("saved feature %d: %v, want %v", i, back.Geometry(i), edited.Geometry(i))
		}
	}

	// every edit undone with Ctrl+Z empties the layer; Ctrl+Shift+Z
	// brings them all back
	n := 0
	for h.mw.editor.entry().edits.CanUndo() {
		h.shortcut(scUndo)
		n++
	}
	if l = h.edited(); l.Len() != 0 || n != 11 {
		t.Fatalf("after %d undos: %d features", n, l.Len())
	}
	if !h.mw.editor.entry().unsaved() {
		t.Error("undoing saved edits does not mark the layer unsaved")
	}
	for i := 0; i < n; i++ {
		h.shortcut(scRedo)
	}
	if err := edit.Same(h.edited(), edited); err != nil {
		t.Fatalf("after redoing all: %v", err)
	}
	if h.mw.editor.entry().unsaved() {
		t.Error("redone to the saved state, still marked unsaved")
	}
}

// readLayer reads the layer file at path.
func readLayer(t *testing.T, path string) *data.Layer {
	t.Helper()
	var ls []*data.Layer
	var err error
	if filepath.Ext(path) == ".gpkg" {
		ls, err = gpkg.Load(context.Background(), path, data.LoadOptions{})
	} else {
		ls, err = geojson.Load(context.Background(), path, data.LoadOptions{})
	}
	if err != nil || len(ls) != 1 {
		t.Fatalf("read %s: %d layers, %v", path, len(ls), err)
	}
	return ls[0]
}

// dist is the planar distance of two points, in degrees.
func dist(a, b orb.Point) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }

// A CSV layer says why it cannot be edited; a GeoJSON layer can be, and
// its attribute form writes typed values (a number, a date-time in a
// zone, a category from the layer's values) that the time index and the
// categories see at once. A note is a labelled point.
func TestEditAttributesNotesReadOnly(t *testing.T) {
	_, jsonPath, csvPath := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{jsonPath, csvPath}, true)
	h.settle()
	if len(h.mw.layers) != 2 {
		t.Fatalf("%d layers", len(h.mw.layers))
	}
	inc, acled := h.mw.layers[0], h.mw.layers[1]
	ed := h.mw.editor
	h.mw.panel.rows[acled.id].edit.OnTapped()
	if ed.id != 0 || !strings.Contains(h.seen.dialog, "read-only") || !strings.Contains(h.seen.dialog, "CSV file") {
		t.Fatalf("editing a CSV layer: id %d, dialog %q", ed.id, h.seen.dialog)
	}
	h.mw.panel.rows[inc.id].edit.OnTapped()
	if !ed.editing(inc.id) || !ed.bar.Visible() {
		t.Fatal("the pencil did not start editing the GeoJSON layer")
	}
	mv := h.mw.mv
	mv.SetViewport(geo.New(inc.layer.Anchor(3), 14, mv.vp.W, mv.vp.H))
	h.settle()
	p := h.point(inc.layer.Anchor(3))
	h.tapMap(p.X, p.Y)
	if ed.sel != 3 {
		t.Fatalf("tap on feature 3 selected %d", ed.sel)
	}
	// a tap while editing selects: identify stays off
	if h.mw.info.box.Visible() {
		t.Error("a tap while editing identified a feature")
	}
	ed.showAttributes()
	f := ed.form
	if f == nil {
		t.Fatal("no attribute form")
	}
	var people, cat *attrField
	for _, fd := range f.fields {
		switch fd.key {
		case "people":
			people = fd
		case "category":
			cat = fd
		}
	}
	if people == nil || people.typ != fieldNumber || people.entry.Text != "40" || cat == nil || cat.cat == nil {
		t.Fatalf("fields: people %+v, category %+v", people, cat)
	}
	if err := people.entry.Validator("many"); err == nil {
		t.Error("a number field takes \"many\"")
	}
	people.entry.SetText("55")
	cat.cat.SetText("injury")
	f.newKey.SetText("time")
	f.newTyp.SetSelected("date-time")
	f.zone.SetSelected("Europe/Paris")
	f.newVal.SetText("2015-08-01 10:30")
	f.submit(true)
	h.settle()
	l := h.edited()
	if v, _ := l.Prop(3, "people"); v != data.Number(55) {
		t.Errorf("people %v", v)
	}
	if v, _ := l.Prop(3, "time"); v.Str != "2015-08-01T10:30:00+02:00" {
		t.Errorf("time %v", v)
	}
	if sp := l.Span(3); !sp.Dated() || sp.Start != 1438417800000 {
		t.Errorf("span %v: the time field did not date the feature", sp)
	}
	if l.Category(3) != "injury" || !l.TimeExtent().Dated() {
		t.Errorf("category %q, extent %v", l.Category(3), l.TimeExtent())
	}
	if !h.mw.extent.Dated() {
		t.Error("the window's time extent did not see the edit")
	}
	// the form applied unchanged makes no edit; a cleared field goes
	ed.showAttributes()
	ed.form.submit(true)
	if h.edited() != l {
		t.Error("an unchanged form made an edit")
	}
	ed.showAttributes()
	for _, fd := range ed.form.fields {
		if fd.key == "people" {
			fd.entry.SetText("")
		}
	}
	ed.form.submit(true)
	l = h.edited()
	if _, ok := l.Prop(3, "people"); ok {
		t.Error("a cleared field stayed")
	}
	if v, _ := l.Prop(3, "time"); v.Str != "2015-08-01T10:30:00+02:00" {
		t.Errorf("an untouched time became %v", v)
	}
	// a note
	ed.setMode(modeNote)
	h.tapMap(100, 100)
	if ed.noteText == nil {
		t.Fatal("no note dialog")
	}
	ed.noteText.SetText("Water point closed")
	ed.noteDone(true)
	h.settle()
	l = h.edited()
	if n := l.Len() - 1; l.FeatureName(n) != "Water point closed" || !l.IsNote(n) {
		t.Errorf("note: %q", l.FeatureName(n))
	}
}

// A file changed on disk while its layer has unsaved edits asks before
// reloading; campmap's own save reloads nothing.
func TestEditFileChangedAsks(t *testing.T) {
	_, jsonPath, _ := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{jsonPath}, true)
	h.settle()
	e := h.mw.layers[0]
	ed := h.mw.editor
	ed.toggle(e.id)
	ed.sel = 0
	h.key(fyne.KeyDelete)
	if e.layer.Len() != 9 || !e.unsaved() {
		t.Fatalf("%d features, unsaved %v", e.layer.Len(), e.unsaved())
	}
	ed.save()
	h.settle()
	saved := e.layer
	h.mw.proj.fileChanged(jsonPath) // the watcher's report of the save
	h.settle()
	if e.layer != saved || !e.edits.CanUndo() {
		t.Fatal("campmap's own save reloaded the layer")
	}
	ed.sel = 0
	h.key(fyne.KeyDelete) // an unsaved edit
	// another program writes the file
	other := incidentsLayer(t, 4)
	if err := writeLayer(context.Background(), other, nil, jsonPath); err != nil {
		t.Fatal(err)
	}
	h.mw.proj.fileChanged(jsonPath)
	h.settle()
	if !strings.HasPrefix(h.seen.dialog, "File changed on disk") || e.layer.Len() != 8 {
		t.Fatalf("no question before reloading (%d features): %q", e.layer.Len(), h.seen.dialog)
	}
	b := findButton(h.mw.win.Canvas(), "Reload")
	if b == nil {
		t.Fatal("no Reload button")
	}
	b.OnTapped()
	h.settle()
	if e, _ = h.mw.entry(e.id); e.layer.Len() != 4 || e.unsaved() || e.edits.CanUndo() {
		t.Fatalf("after Reload: %d features, unsaved %v", e.layer.Len(), e.unsaved())
	}
}

// Closing with unsaved edits asks first; discarding them closes. The
// project saves an annotation layer as the file it is.
func TestEditCloseAsks(t *testing.T) {
	h, path := newEditHarness(t, "draft.geojson")
	h.mw.editor.setMode(modePoint)
	h.tapMap(200, 200)
	closed := false
	h.mw.proj.confirmClose(func() { closed = true })
	if closed || !strings.HasPrefix(h.seen.dialog, "Unsaved edits") || !strings.Contains(h.seen.dialog, "draft.geojson") {
		t.Fatalf("closed %v without asking: %q", closed, h.seen.dialog)
	}
	findButton(h.mw.win.Canvas(), "Discard edits").OnTapped()
	h.settle()
	if h.mw.editor.entry().unsaved() {
		t.Error("discarded edits still unsaved")
	}
	found := false
	for _, l := range h.mw.proj.snapshot().Layers {
		found = found || l.Path == path
	}
	if !found {
		t.Errorf("the project does not list %s", path)
	}
}

// A double click ends a line (adding its point) and a second one away
// from any feature zooms in as ever.
func TestEditDoubleClickEnds(t *testing.T) {
	h, _ := newEditHarness(t, "lines.geojson")
	ed := h.mw.editor
	ed.setMode(modeLine)
	h.tapMap(100, 100)
	h.tapMap(200, 120)
	h.mw.mv.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(300, 100)})
	h.settle()
	l := h.edited()
	if l.Len() != 1 || len(l.Geometry(0).(orb.LineString)) != 3 || len(ed.pts) != 0 {
		t.Fatalf("after a double click: %d features, %v, drawing %v", l.Len(), l.Geometry(0), ed.pts)
	}
	ed.setMode(modeSelect)
	z := h.mw.mv.vp.Zoom
	h.mw.mv.DoubleTapped(&fyne.PointEvent{Position: fyne.NewPos(500, 400)})
	h.settle()
	if h.mw.mv.vp.Zoom != z+1 {
		t.Errorf("zoom %v after a double click on nothing, was %v", h.mw.mv.vp.Zoom, z)
	}
}

// An edit reaches the frame's counts at once, and identify finds a
// feature drawn a moment before.
func TestEditSeenByCountsAndIdentify(t *testing.T) {
	_, jsonPath, _ := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{jsonPath}, true)
	h.settle()
	e := h.mw.layers[0]
	shown := func() int {
		for _, c := range h.mw.mv.Stats().Shown {
			if c.Layer == e.layer {
				return c.Shown
			}
		}
		return -1
	}
	if n := shown(); n != 10 {
		t.Fatalf("%d shown before editing", n)
	}
	ed := h.mw.editor
	ed.toggle(e.id)
	ed.sel = 0
	h.key(fyne.KeyDelete)
	if n := shown(); n != 9 {
		t.Errorf("%d shown after a delete", n)
	}
	ed.setMode(modePoint)
	h.tapMap(500, 300)
	if n := shown(); n != 10 {
		t.Errorf("%d shown after adding a point", n)
	}
	ed.stop()
	h.tapMap(500, 300)
	if !h.mw.info.box.Visible() {
		t.Error("identify did not find the point just drawn")
	}
}

// Done keeps a layer's history for the session; removing the layer being
// edited ends editing.
func TestEditHistoryOutlivesDone(t *testing.T) {
	h, _ := newEditHarness(t, "keep.gpkg")
	ed := h.mw.editor
	id := ed.id
	ed.setMode(modePoint)
	h.tapMap(200, 200)
	ed.stop()
	h.shortcut(scUndo) // not editing: nothing happens
	if e, _ := h.mw.entry(id); e.layer.Len() != 1 {
		t.Fatalf("Ctrl+Z while not editing changed the layer: %d", e.layer.Len())
	}
	h.mw.panel.rows[id].edit.OnTapped()
	h.shortcut(scUndo)
	if h.edited().Len() != 0 {
		t.Fatal("the history did not outlive Done")
	}
	h.mw.removeLayer(id)
	if ed.id != 0 || ed.bar.Visible() {
		t.Error("removing the layer edited left editing on")
	}
}

// While drawing, the pointer shows where a click would land: the line
// from the last vertex, and a ring where it snaps (none with Shift).
func TestEditHoverShowsSnap(t *testing.T) {
	h, _ := newEditHarness(t, "hover.geojson")
	ed, mv := h.mw.editor, h.mw.mv
	ed.setMode(modePoint)
	h.tapMap(200, 200)
	ed.setMode(modeLine)
	h.tapMap(300, 300)
	mv.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(204, 197)}})
	if ed.hover == nil || ed.hover.Target != edit.OnVertex || dist(ed.hover.At, h.edited().Anchor(0)) > 1e-12 {
		t.Fatalf("hover %+v near the point", ed.hover)
	}
	if n := len(ed.cursor.Objects); n != 2 { // the band and the ring
		t.Errorf("%d hover marks, want the band and the ring", n)
	}
	mv.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(204, 197)}, Modifier: fyne.KeyModifierShift})
	if ed.hover.Target != edit.None || len(ed.cursor.Objects) != 1 {
		t.Errorf("with Shift: %+v, %d marks", ed.hover, len(ed.cursor.Objects))
	}
	mv.MouseOut()
	if ed.hover != nil || len(ed.cursor.Objects) != 0 {
		t.Error("the marks stayed after the pointer left")
	}
}

// The autosave keeps unsaved edits; a session started after a crash
// offers them back, as the layer of their file with unsaved edits, and
// saving them writes the file and forgets the autosave.
func TestEditAutosaveRecovers(t *testing.T) {
	h, path := newEditHarness(t, "crash.geojson")
	h.mw.proj.dir = t.TempDir() // not the shared test storage: a failure must leave nothing for other tests
	ed := h.mw.editor
	ed.setMode(modePoint)
	h.tapMap(200, 200)
	h.tapMap(260, 220)
	ed.autosave()
	h.settle()
	dir := ed.editsDir()
	if recs := editsAutosaves(dir); len(recs) != 1 || recs[0].Of != path {
		t.Fatalf("autosaves %+v", recs)
	}
	want := h.edited()

	// a new session after a crash, with the same autosave folder
	h2 := newHarness(t, Options{}, nil)
	h2.mw.proj.dir = h.mw.proj.dir
	h2.mw.editor.offerRecovery()
	if !strings.HasPrefix(h2.seen.dialog, "Recover unsaved edits") || !strings.Contains(h2.seen.dialog, "crash.geojson") {
		t.Fatalf("no recovery offered: %q", h2.seen.dialog)
	}
	findButton(h2.mw.win.Canvas(), "Yes").OnTapped()
	h2.settle()
	if len(h2.mw.layers) != 1 {
		t.Fatalf("%d layers recovered", len(h2.mw.layers))
	}
	e := h2.mw.layers[0]
	if e.layer.Path != path || !e.unsaved() || e.layer.Len() != 2 || !orb.Equal(e.layer.Geometry(1), want.Geometry(1)) {
		t.Fatalf("recovered %s, unsaved %v, %d features", e.layer.Path, e.unsaved(), e.layer.Len())
	}
	// a project recovered meanwhile removes the layers and reads the file
	// again: the file's layer opens with the recovered edits
	h2.mw.removeLayer(e.id)
	h2.mw.addLayers([]*data.Layer{readLayer(t, path)})
	e = h2.mw.layers[0]
	if e.layer.Len() != 2 || !e.unsaved() {
		t.Fatalf("the file read again: %d features, unsaved %v", e.layer.Len(), e.unsaved())
	}
	h2.mw.editor.toggle(e.id)
	h2.mw.editor.save()
	h2.settle()
	if back := readLayer(t, path); back.Len() != 2 {
		t.Errorf("the saved file holds %d features", back.Len())
	}
	if recs := editsAutosaves(dir); len(recs) != 0 {
		t.Errorf("the autosave stayed after saving: %+v", recs)
	}
}

// A feature the time window hides cannot be selected, nor snapped to.
func TestEditHiddenFeaturesStayPut(t *testing.T) {
	_, jsonPath, _ := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{jsonPath}, true)
	h.settle()
	e := h.mw.layers[0]
	if !e.layer.Span(5).Dated() {
		t.Fatal("the fixture's incidents carry no times: the test needs dated features")
	}
	ed := h.mw.editor
	ed.toggle(e.id)
	mv := h.mw.mv
	mv.SetViewport(geo.New(e.layer.Anchor(5), 14, mv.vp.W, mv.vp.H))
	h.mw.setWindow(e.layer.Span(0)) // the first incident only
	h.settle()
	p := h.point(e.layer.Anchor(5))
	h.tapMap(p.X, p.Y)
	if ed.sel == 5 {
		t.Error("selected a feature the time window hides")
	}
	ed.setMode(modePoint)
	h.tapMap(p.X+3, p.Y+2)
	if l := h.edited(); l.Anchor(l.Len()-1) == e.layer.Anchor(5) {
		t.Error("snapped to a feature the time window hides")
	}
}

// A vertex dragged near another feature's vertex snaps onto it, and the
// ring shows where while dragging.
func TestEditDragSnaps(t *testing.T) {
	h, _ := newEditHarness(t, "drag.geojson")
	ed, mv := h.mw.editor, h.mw.mv
	ed.setMode(modePoint)
	h.tapMap(200, 200)
	ed.setMode(modeLine)
	h.tapMap(300, 300)
	h.tapMap(400, 300)
	ed.finishDrawing()
	ed.setMode(modeSelect)
	h.tapMap(350, 300)
	if ed.sel != 1 {
		t.Fatalf("selected %d", ed.sel)
	}
	from, to := fyne.NewPos(400, 300), fyne.NewPos(204, 203)
	mv.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}})
	mv.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, to.Y-from.Y)})
	if ed.hover == nil || ed.hover.Target != edit.OnVertex || len(ed.cursor.Objects) != 1 {
		t.Errorf("while dragging: hover %+v, %d marks", ed.hover, len(ed.cursor.Objects))
	}
	mv.DragEnd()
	h.settle()
	l := h.edited()
	if line := l.Geometry(1).(orb.LineString); line[1] != l.Anchor(0) {
		t.Errorf("dragged vertex at %v, the point at %v", line[1], l.Anchor(0))
	}
}

// Edits of a large layer are applied off the UI goroutine: the tool takes
// no other edit meanwhile, and draws, undoes and redoes as before.
func TestEditLargeLayerOffUI(t *testing.T) {
	old := asyncEditsAt
	asyncEditsAt = 1 // every layer with a feature is "large"
	t.Cleanup(func() { asyncEditsAt = old })
	h, _ := newEditHarness(t, "large.geojson")
	ed := h.mw.editor
	ed.setMode(modePoint)
	h.tapMap(200, 200) // the layer is empty: applied at once
	h.mw.mv.Tapped(&fyne.PointEvent{Position: fyne.NewPos(300, 200)})
	if !ed.busy {
		t.Fatal("the edit of a large layer was applied on the UI goroutine")
	}
	h.mw.mv.Tapped(&fyne.PointEvent{Position: fyne.NewPos(400, 200)}) // taken by no edit
	h.settle()
	if ed.busy || h.edited().Len() != 2 || ed.sel != 1 {
		t.Fatalf("busy %v, %d features, selected %d", ed.busy, h.edited().Len(), ed.sel)
	}
	h.shortcut(scUndo)
	h.shortcut(scUndo)
	if h.edited().Len() != 0 {
		t.Fatalf("%d features after two undos", h.edited().Len())
	}
	h.shortcut(scRedo)
	if h.edited().Len() != 1 {
		t.Fatalf("%d features after a redo", h.edited().Len())
	}
}

// A GeoPackage that holds more than the layer (QGIS's styles, another
// table) is not edited in place: saving would lose the rest.
func TestEditRefusesGeoPackageWithMore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sites.gpkg")
	b := data.NewBuilder("sites", 1)
	if err := b.Add(data.Feature{Geometry: orb.Point{1.85, 50.95}, Kind: data.KindCamp, Span: data.Undated}); err != nil {
		t.Fatal(err)
	}
	if err := gpkg.Write(context.Background(), path, b.Build(), nil); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE layer_styles (id INTEGER PRIMARY KEY, styleQML TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{path}, true)
	h.settle()
	if len(h.mw.layers) != 1 {
		t.Fatalf("%d layers", len(h.mw.layers))
	}
	h.mw.panel.rows[h.mw.layers[0].id].edit.OnTapped()
	if h.mw.editor.id != 0 || !strings.Contains(h.seen.dialog, "layer_styles") {
		t.Errorf("editing: id %d, dialog %q", h.mw.editor.id, h.seen.dialog)
	}
}
