package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/geo"
	"campmap/internal/format"
	"campmap/render"
)

// attrTable is the attribute table of one layer, docked under the map: the
// time and every property of the features the map draws (the time window
// and the layer's filters apply, through render.Scene.Shows), sortable by
// any column, filtered by a text, with rows selected from the map (identify)
// and the map from rows (the selection is ringed on the map, zoomed to and
// exported). Listing, filtering and sorting run on a worker (listRows);
// the widget.Table draws only the rows in view. It belongs to the UI
// goroutine.
type attrTable struct {
	mw *MainWindow
	id int         // the layer entry shown; -1 when closed
	l  *data.Layer // the layer as listed

	res   tableResult // the rows shown
	texts *tableTexts // the filter's folded texts of l, once built
	col   int         // sort column (tableUnsorted, tableTime or a key index)
	desc  bool
	sel   map[int32]bool // selected features of l
	last  int32          // the feature last clicked, for Shift ranges; -1 none
	quiet bool           // the table is showing its own selection in the identify panel
	area  *geo.Region    // when not nil, only the features inside it are listed (a selection on the map)

	rowsW *worker[tableRequest, tableResult]

	box    *fyne.Container
	layer  *widget.Select
	filter *escEntry
	count  *widget.Label
	zoom   *widget.Button
	export *widget.Button
	areaB  *widget.Button // shown while area is set: lists every feature again
	table  *widget.Table
	ids    []int // entry ids of layer's options, in order

	// col of each key of l, and the cells of the rows last drawn (by
	// feature), so that a cell costs a lookup, not a walk of the
	// feature's properties (a wide table has thousands)
	keyCol map[string]int
	cells  map[int32][]string
}

func newAttrTable(mw *MainWindow) *attrTable {
	t := &attrTable{mw: mw, id: -1, col: tableUnsorted, last: -1, sel: map[int32]bool{}}
	t.rowsW = newWorker(mw.ctx, mw.q, lang.L("listing the features of a layer"), listRows, t.listed)
	t.rowsW.onPanic = mw.reportFailure
	t.layer = widget.NewSelect(nil, func(s string) {
		for i, o := range t.layer.Options {
			if o == s && i < len(t.ids) && t.ids[i] != t.id {
				t.open(t.ids[i])
			}
		}
	})
	t.layer.PlaceHolder = lang.L("(choose a layer)")
	t.filter = newEntry()
	t.filter.SetPlaceHolder(lang.L("Filter the rows: any text"))
	t.filter.OnChanged = func(string) { t.request() }
	t.count = widget.NewLabel("")
	t.zoom = widget.NewButtonWithIcon(lang.L("Zoom to selection"), theme.ZoomFitIcon(), t.zoomToSelection)
	t.export = widget.NewButtonWithIcon(lang.L("Export selection…"), theme.DocumentSaveIcon(), t.exportSelection)
	t.areaB = widget.NewButtonWithIcon(lang.L("Inside the selection"), theme.CancelIcon(), t.clearArea)
	t.areaB.Hide()
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), t.close)
	closeBtn.Importance = widget.LowImportance
	t.table = widget.NewTableWithHeaders(t.size, func() fyne.CanvasObject { return newTableCell() }, t.updateCell)
	t.table.ShowHeaderColumn = false
	t.table.CreateHeader = func() fyne.CanvasObject { c := newTableCell(); c.text.TextStyle.Bold = true; return c }
	t.table.UpdateHeader = t.updateHeader
	// the filter takes the width left by the layer's name; the count and
	// what the selection does sit under the rows, so that a narrow table
	// (the identify panel open beside it) keeps a usable filter
	head := container.NewBorder(nil, nil, t.layer, container.NewHBox(t.areaB, closeBtn), t.filter)
	foot := container.NewBorder(nil, nil, t.count, container.NewHBox(t.zoom, t.export))
	t.box = container.NewBorder(head, foot, nil, nil, t.table)
	t.box.Hide()
	t.buttons()
	return t
}

func (t *attrTable) object() fyne.CanvasObject { return t.box }

// open shows the table of layer entry id.
func (t *attrTable) open(id int) {
	e, _ := t.mw.entry(id)
	if e == nil {
		return
	}
	if id != t.id {
		t.id, t.l, t.res, t.texts = id, nil, tableResult{}, nil
		t.col, t.desc, t.last = tableUnsorted, false, -1
		t.sel = map[int32]bool{}
	}
	t.box.Show()
	t.sceneChanged()
	t.relayout()
}

// openTop shows the table of the topmost layer (View › Attribute table).
func (t *attrTable) openTop() {
	if n := len(t.mw.layers); n > 0 {
		id := t.mw.layers[n-1].id
		if t.id >= 0 {
			if e, _ := t.mw.entry(t.id); e != nil {
				id = t.id
			}
		}
		t.open(id)
	}
}

// showInside shows the table of layer entry id listing only the features
// inside region that the map shows (the selection measured or picked on
// the map); its layer can be changed and the region stays, until the
// selection goes or the user lists every feature again.
func (t *attrTable) showInside(id int, region geo.Region) {
	t.area = &region
	t.areaB.Show()
	t.open(id)
}

// clearArea lists every feature again, not only those inside the
// selection.
func (t *attrTable) clearArea() {
	if t.area == nil {
		return
	}
	t.area = nil
	t.areaB.Hide()
	t.request()
}

func (t *attrTable) close() {
	t.rowsW.cancel()
	t.area = nil
	t.areaB.Hide()
	t.id, t.l, t.res, t.texts = -1, nil, tableResult{}, nil
	t.sel = map[int32]bool{}
	t.mw.mv.MarkAll(nil)
	t.box.Hide()
	t.relayout()
}

func (t *attrTable) relayout() {
	if t.mw.mapArea != nil {
		t.mw.mapArea.Refresh()
	}
}

// sceneChanged lists the rows again for the scene now shown (a time
// window, a filter, an edit or another layer).
func (t *attrTable) sceneChanged() {
	if t.id < 0 {
		return
	}
	e, _ := t.mw.entry(t.id)
	if e == nil {
		t.close()
		return
	}
	t.options()
	if e.layer != t.l {
		if t.l != nil {
			t.sel = map[int32]bool{} // features are numbered afresh
			t.last = -1
		}
		t.l, t.texts, t.res = e.layer, nil, tableResult{}
		t.keyCol, t.cells = make(map[string]int, len(t.l.Keys())), nil
		for j, k := range t.l.Keys() {
			t.keyCol[k] = j + 1
		}
		t.setColumns()
	}
	t.request()
}

// options lists the layers to choose from, top first.
func (t *attrTable) options() {
	var names []string
	seen := map[string]bool{}
	t.ids = t.ids[:0]
	sel := ""
	for i := len(t.mw.layers) - 1; i >= 0; i-- {
		e := t.mw.layers[i]
		name := e.layer.Name
		if seen[name] { // two layers of one name stay apart
			name = fmt.Sprintf("%s (%d)", name, len(names)+1)
		}
		seen[name] = true
		names = append(names, name)
		t.ids = append(t.ids, e.id)
		if e.id == t.id {
			sel = name
		}
	}
	t.layer.Options = names
	t.layer.Selected = sel
	t.layer.Refresh()
}

// request asks the worker for the rows.
func (t *attrTable) request() {
	if t.id < 0 || t.l == nil {
		return
	}
	var shows func(int) bool
	if sc := t.mw.scene; sc != nil {
		shows = sc.Shows(t.l)
	}
	if t.area != nil {
		region, l, drawn := *t.area, t.l, shows
		shows = func(i int) bool { return (drawn == nil || drawn(i)) && region.Contains(l.Anchor(i)) }
	}
	t.rowsW.request(tableRequest{l: t.l, shows: shows, query: format.Fold(strings.TrimSpace(t.filter.Text)),
		col: t.col, desc: t.desc, zone: t.mw.zone, texts: t.texts})
}

// listed applies the worker's rows.
func (t *attrTable) listed(r tableRequest, res tableResult) {
	if r.l != t.l || !res.done {
		return
	}
	t.res = res
	t.cells = nil // the zone may have changed the times shown
	if res.texts != nil {
		t.texts = res.texts
	}
	if t.area != nil {
		t.count.SetText(fmt.Sprintf(lang.L("%s of %s features inside the selection"), groupThousands(int64(len(res.rows))), groupThousands(int64(t.l.Len()))))
	} else {
		t.count.SetText(fmt.Sprintf(lang.L("%s of %s features"), groupThousands(int64(len(res.rows))), groupThousands(int64(t.l.Len()))))
	}
	t.table.Refresh()
	t.buttons()
}

// columns: the time, then every property.
func (t *attrTable) size() (int, int) {
	if t.l == nil {
		return 0, 0
	}
	return len(t.res.rows), 1 + len(t.l.Keys())
}

// setColumns sizes each column to its name and the values of its first
// rows (tableSample of them), within 70 to 320 units: a long name
// (IOM's "Minimum Estimated Number of Missing") truncates before its short
// numbers get a wide column.
func (t *attrTable) setColumns() {
	pad := 2*theme.InnerPadding() + 3*theme.Padding() // the label's insets and a margin
	// widths from the mean letter of each style: measuring (shaping) every
	// name and value would take the UI goroutine a second on a wide table
	const ref = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789.-,"
	n := float32(utf8.RuneCountInString(ref))
	plain := fyne.MeasureText(ref, theme.TextSize(), fyne.TextStyle{}).Width / n
	bold := fyne.MeasureText(ref, theme.TextSize(), fyne.TextStyle{Bold: true}).Width / n
	width := func(s string, b bool) float32 {
		if b {
			return float32(utf8.RuneCountInString(s))*bold + pad
		}
		return float32(utf8.RuneCountInString(s))*plain + pad
	}
	cols := 1 + len(t.l.Keys())
	ws := make([]float32, cols)
	for c := range ws {
		ws[c] = 70
	}
	for f := range min(t.l.Len(), tableSample) {
		for c, v := range t.rowCells(int32(f)) {
			if c < tableMeasured && v != "" {
				ws[c] = max(ws[c], width(v, false))
			}
		}
	}
	for c, w := range ws {
		head := width("▼ "+t.header(c), true)  // room for the sort arrow
		w = max(w, min(head, max(w*1.6, 140))) // a name wider than its values gets a little more
		t.table.SetColumnWidth(c, min(w, 320))
	}
}

// tableMeasured bounds the columns whose values setColumns measures: the
// others (of a table with thousands) are sized by their names.
const tableMeasured = 200

// rowCells returns what each column shows of feature f, kept for the next
// cell of the row (a row of cells is drawn at a time; the rows in view are
// kept).
func (t *attrTable) rowCells(f int32) []string {
	if v, ok := t.cells[f]; ok {
		return v
	}
	if len(t.cells) >= 512 || t.cells == nil {
		t.cells = make(map[int32][]string, 64) // rows long scrolled past are dropped
	}
	out := make([]string, 1+len(t.l.Keys()))
	out[0] = cellTime(t.l.Span(int(f)), t.mw.zone)
	for _, pr := range t.l.Props(int(f)) {
		if c, ok := t.keyCol[pr.Key]; ok {
			out[c] = cellValue(pr.Value)
		}
	}
	if c, ok := t.keyCol[t.l.CountKey]; ok && t.l.CountKey != "" {
		if s := t.l.CountText(int(f)); s != "" {
			out[c] = s // "at least 3" for IOM's minimum estimates
		}
	}
	t.cells[f] = out
	return out
}

// tableSample is how many rows setColumns measures.
const tableSample = 40

// header is the name of column c, with the sort arrow.
func (t *attrTable) header(c int) string {
	name := lang.L("Time")
	if c > 0 && t.l != nil && c-1 < len(t.l.Keys()) {
		name = t.l.Keys()[c-1]
	}
	if c-1 == t.col { // the arrow first: a long name is truncated at its end
		if t.desc {
			return "▼ " + name
		}
		return "▲ " + name
	}
	return name
}

func (t *attrTable) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*tableCell)
	if id.Col < 0 {
		c.set("", false)
		c.onTap = nil
		return
	}
	c.set(t.header(id.Col), false)
	col := id.Col
	c.onTap = func(fyne.KeyModifier) { t.sortBy(col - 1) }
}

// sortBy sorts on column col (tableTime or a key index): ascending first,
// then descending, then as the layer holds them.
func (t *attrTable) sortBy(col int) {
	switch {
	case t.col != col:
		t.col, t.desc = col, false
	case !t.desc:
		t.desc = true
	default:
		t.col, t.desc = tableUnsorted, false
	}
	t.table.Refresh()
	t.request()
}

// text is cell (row, c)'s text.
func (t *attrTable) text(row, c int) string {
	if t.l == nil || row < 0 || row >= len(t.res.rows) {
		return ""
	}
	cells := t.rowCells(t.res.rows[row])
	if c < 0 || c >= len(cells) {
		return ""
	}
	return cells[c]
}

func (t *attrTable) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	c := o.(*tableCell)
	row := id.Row
	f := int32(-1)
	if row >= 0 && row < len(t.res.rows) {
		f = t.res.rows[row]
	}
	c.set(t.text(row, id.Col), f >= 0 && t.sel[f])
	c.onTap = func(m fyne.KeyModifier) { t.click(row, m) }
}

// click selects row: alone, added or removed with Ctrl, up to the last
// clicked with Shift.
func (t *attrTable) click(row int, mods fyne.KeyModifier) {
	if row < 0 || row >= len(t.res.rows) {
		return
	}
	f := t.res.rows[row]
	switch {
	case mods&fyne.KeyModifierShift != 0 && t.last >= 0 && t.res.pos[t.last] >= 0:
		a, b := int(t.res.pos[t.last]), row
		if a > b {
			a, b = b, a
		}
		for _, g := range t.res.rows[a : b+1] {
			t.sel[g] = true
		}
	case mods&(fyne.KeyModifierControl|fyne.KeyModifierSuper) != 0:
		if t.sel[f] {
			delete(t.sel, f)
		} else {
			t.sel[f] = true
		}
		t.last = f
	default:
		t.sel = map[int32]bool{f: true}
		t.last = f
	}
	t.selectionChanged()
}

// selectRows selects the features of rows (tests, and Shift ranges).
func (t *attrTable) selectRows(rows ...int) {
	t.sel = map[int32]bool{}
	for _, r := range rows {
		if r >= 0 && r < len(t.res.rows) {
			t.sel[t.res.rows[r]] = true
			t.last = t.res.rows[r]
		}
	}
	t.selectionChanged()
}

// selected returns the selected features in row order (those listed).
func (t *attrTable) selected() []int {
	var out []int
	for _, f := range t.res.rows {
		if t.sel[f] {
			out = append(out, int(f))
		}
	}
	return out
}

// selectionChanged shows the selection: its rows, a ring on the map for
// each feature, one feature in the identify panel.
func (t *attrTable) selectionChanged() {
	t.table.Refresh()
	t.buttons()
	fs := t.selected()
	if len(fs) == 1 {
		if li := t.sceneIndex(); li >= 0 {
			t.quiet = true
			t.mw.info.show(t.mw.scene, render.Hit{Layer: li, Feature: fs[0]}, true)
			t.quiet = false
			return
		}
	}
	t.remark()
}

// remark rings the selected features on the map.
func (t *attrTable) remark() {
	if t.l == nil {
		return
	}
	fs := t.selected()
	pts := make([]orb.Point, 0, len(fs))
	for _, f := range fs {
		pts = append(pts, t.l.Anchor(f))
	}
	t.mw.mv.MarkAll(pts)
}

// sceneIndex is the table's layer's index in the scene shown, -1 if none.
func (t *attrTable) sceneIndex() int {
	if sc := t.mw.scene; sc != nil {
		for i, lv := range sc.Layers {
			if lv.Layer == t.l && t.l != nil {
				return i
			}
		}
	}
	return -1
}

// identified selects, after an identify on the map (or a search), the row
// of feature f of l, and scrolls to it; l nil (nothing was found there)
// clears the selection.
func (t *attrTable) identified(l *data.Layer, f int) {
	if t.quiet || t.id < 0 {
		return
	}
	if l == nil {
		if len(t.sel) > 0 {
			t.sel, t.last = map[int32]bool{}, -1
			t.table.Refresh()
			t.buttons()
		}
		return
	}
	if l != t.l || f < 0 || f >= l.Len() {
		return
	}
	t.sel = map[int32]bool{int32(f): true}
	t.last = int32(f)
	t.table.Refresh()
	t.buttons()
	if t.res.pos != nil && t.res.pos[f] >= 0 {
		t.table.ScrollTo(widget.TableCellID{Row: int(t.res.pos[f]), Col: 0})
	}
}

// buttons enables what the selection allows.
func (t *attrTable) buttons() {
	if len(t.selected()) == 0 {
		t.zoom.Disable()
		t.export.SetText(lang.L("Export rows…"))
	} else {
		t.zoom.Enable()
		t.export.SetText(lang.L("Export selection…"))
	}
	if len(t.res.rows) == 0 {
		t.export.Disable()
	} else {
		t.export.Enable()
	}
}

// zoomToSelection fits the view to the selected features.
func (t *attrTable) zoomToSelection() {
	var b orb.Bound
	for j, f := range t.selected() {
		if j == 0 {
			b = t.l.Geometry(f).Bound()
		} else {
			b = b.Union(t.l.Geometry(f).Bound())
		}
	}
	if len(t.selected()) > 0 {
		t.mw.mv.FitBound(b)
	}
}

// exportSelection writes the selected features, or every row listed when
// none is selected, to a file the user picks (GeoPackage, GeoJSON or CSV
// by its extension), with all their properties.
func (t *attrTable) exportSelection() {
	if t.l == nil || len(t.res.rows) == 0 {
		return
	}
	keep := make([]bool, t.l.Len()) // a copy: the worker reads it while the user selects on
	name := t.l.Name + " - rows.gpkg"
	if fs := t.selected(); len(fs) > 0 {
		for _, f := range fs {
			keep[f] = true
		}
		name = t.l.Name + " - selection.gpkg"
	} else {
		for _, f := range t.res.rows {
			keep[f] = true
		}
	}
	t.mw.chooseLayerExport(lang.L("Export selection"), name, t.l, func(i int) bool { return keep[i] })
}

// tableCell is one cell of the attribute table: a label on a background
// that marks selected rows; a tap (with the modifiers held) selects the row
// or, in the header, sorts.
type tableCell struct {
	widget.BaseWidget
	bg    *canvas.Rectangle
	text  *widget.Label
	mods  fyne.KeyModifier
	onTap func(mods fyne.KeyModifier)
}

func newTableCell() *tableCell {
	c := &tableCell{bg: canvas.NewRectangle(theme.Color(theme.ColorNameSelection)), text: widget.NewLabel("")}
	c.text.Truncation = fyne.TextTruncateEllipsis
	c.bg.Hide()
	c.ExtendBaseWidget(c)
	return c
}

func (c *tableCell) set(text string, selected bool) {
	if c.text.Text != text {
		c.text.SetText(text)
	}
	if selected != c.bg.Visible() {
		c.bg.Hidden = !selected
		c.bg.Refresh()
	}
}

// CreateRenderer is part of fyne.Widget.
func (c *tableCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(c.bg, c.text))
}

// Tapped selects the cell's row or sorts by its column.
func (c *tableCell) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap(c.mods)
	}
	c.mods = 0
}

// MouseDown notes the modifiers held (Ctrl and Shift extend a selection).
func (c *tableCell) MouseDown(ev *desktop.MouseEvent) { c.mods = ev.Modifier }

// MouseUp is part of desktop.Mouseable.
func (c *tableCell) MouseUp(*desktop.MouseEvent) {}

// Cursor shows the cell is clickable.
func (c *tableCell) Cursor() desktop.Cursor { return desktop.PointerCursor }
