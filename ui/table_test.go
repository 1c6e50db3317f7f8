package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/render"
)

// tableHarness opens a window on the IOM-schema fixture with its
// attribute table open.
func tableHarness(t *testing.T) (*harness, *attrTable) {
	t.Helper()
	l, err := data.LoadFile(context.Background(), iomFixturePath, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{}, nil)
	h.mw.win.Resize(fyne.NewSize(1280, 800))
	h.mw.addLayers([]*data.Layer{l})
	h.mw.fitAll()
	h.settle()
	id := h.mw.layers[0].id
	test.Tap(h.mw.panel.rows[id].table) // the layer's table button
	h.settle()
	tb := h.mw.table
	if !tb.box.Visible() || tb.l != l {
		t.Fatal("the table button did not open the layer's table")
	}
	// the test canvas paints nothing: make the table's renderer as a
	// window drawing it would (scrolling needs it)
	test.WidgetRenderer(tb.table).Layout(tb.table.Size())
	return h, tb
}

// column is the index of the column named key in the table (0 is the time).
func (tb *attrTable) column(key string) int {
	return slices.Index(tb.l.Keys(), key) + 1
}

// columnTexts is what column c shows, row by row.
func (tb *attrTable) columnTexts(c int) []string {
	out := make([]string, len(tb.res.rows))
	for r := range out {
		out[r] = tb.text(r, c)
	}
	return out
}

// header taps the header of column c.
func (h *harness) tapHeader(tb *attrTable, c int) {
	h.t.Helper()
	cell := newTableCell()
	tb.updateHeader(widget.TableCellID{Row: -1, Col: c}, cell)
	test.Tap(cell)
	h.settle()
}

func TestTableListsEveryColumnAndCounts(t *testing.T) {
	_, tb := tableHarness(t)
	rows, cols := tb.size()
	if rows != 400 || cols != 1+len(tb.l.Keys()) || cols < 20 {
		t.Fatalf("table is %d×%d", rows, cols)
	}
	if tb.count.Text != "400 of 400 features" {
		t.Errorf("count %q", tb.count.Text)
	}
	if got := tb.text(0, tb.column("Location Description")); got != "Équihen-Plage, dunes" {
		t.Errorf("first row's place %q", got)
	}
	if got := tb.text(0, tb.column("Minimum Estimated Number of Missing")); got != "" {
		t.Errorf("an empty cell shows %q", got)
	}
	if got := tb.text(0, 0); got != "2023-01-05" {
		t.Errorf("first row's time %q", got)
	}
}

func TestTableSortsNumbersTextAndDates(t *testing.T) {
	h, tb := tableHarness(t)
	num := func(s string) float64 {
		var f float64
		for _, c := range s {
			f = f*10 + float64(c-'0')
		}
		return f
	}
	t.Run("numbers", func(t *testing.T) {
		c := tb.column("Minimum Estimated Number of Missing")
		h.tapHeader(tb, c)
		got := tb.columnTexts(c)
		firstEmpty := slices.Index(got, "")
		if firstEmpty <= 0 {
			t.Fatalf("no filled cell first: %v", got[:10])
		}
		for i, s := range got[firstEmpty:] {
			if s != "" {
				t.Fatalf("row %d %q after an empty cell: empty must come last", firstEmpty+i, s)
			}
		}
		if !slices.IsSortedFunc(got[:firstEmpty], func(a, b string) int { return int(num(a) - num(b)) }) {
			t.Errorf("not in numeric order: %v", got[:firstEmpty])
		}
		if got[firstEmpty-1] == "8" && slices.Contains(got[:firstEmpty], "10") {
			t.Error("sorted as text")
		}
		if !strings.HasPrefix(tb.header(c), "▲") {
			t.Errorf("header %q shows no ascending arrow", tb.header(c))
		}
		h.tapHeader(tb, c) // descending, empty still last
		got = tb.columnTexts(c)
		if got[0] != "8" || got[len(got)-1] != "" {
			t.Errorf("descending: first %q, last %q", got[0], got[len(got)-1])
		}
		h.tapHeader(tb, c) // back to the file's order
		if tb.text(0, 0) != "2023-01-05" || tb.col != tableUnsorted {
			t.Errorf("third click: first row %q, sort column %d", tb.text(0, 0), tb.col)
		}
	})
	t.Run("text", func(t *testing.T) {
		c := tb.column("Location Description")
		h.tapHeader(tb, c)
		got := slices.Compact(tb.columnTexts(c))
		want := []string{"A16 motorway near Marck", "Boulogne-sur-Mer harbour", "Calais, near the Eurotunnel terminal",
			"Équihen-Plage, dunes", "Grande-Synthe camp, Dunkerque", "Off Sangatte beach, France", "Off Wimereux", "Port of Dunkerque, lorry park"}
		if !slices.Equal(got, want) {
			t.Errorf("text order (accents folded) %q", got)
		}
	})
	t.Run("dates", func(t *testing.T) {
		c := tb.column("Incident Date")
		h.tapHeader(tb, c)
		h.tapHeader(tb, c)
		got := tb.columnTexts(c)
		if !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(b, a) }) || got[0] != "2025-03-18" {
			t.Errorf("dates not newest first: %v", got[:5])
		}
		h.tapHeader(tb, 0) // the time column
		if tb.text(0, 0) != "2023-01-05" {
			t.Errorf("time ascending starts %q", tb.text(0, 0))
		}
	})
}

func TestSortRowsKinds(t *testing.T) {
	b := data.NewBuilder("t", 4)
	for _, p := range []struct{ n, d, s string }{{"10", "2023-02-01", "b"}, {"9", "2023-01-15", "É"}, {"", "", "a"}, {"100", "2022-12-31", "c"}} {
		props := []data.Property{{Key: "d", Value: data.Text(p.d)}, {Key: "s", Value: data.Text(p.s)}}
		if p.n != "" {
			props = append(props, data.Property{Key: "n", Value: data.Text(p.n)})
		}
		if err := b.Add(data.Feature{Geometry: orb.Point{1, 50}, Span: data.Undated, Props: props}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	for _, tc := range []struct {
		key  string
		desc bool
		want []int32
	}{
		{"n", false, []int32{1, 0, 3, 2}},
		{"n", true, []int32{3, 0, 1, 2}},
		{"d", false, []int32{3, 1, 0, 2}},
		{"s", false, []int32{2, 0, 3, 1}},
	} {
		t.Run(tc.key, func(t *testing.T) {
			res := listRows(context.Background(), tableRequest{l: l, col: slices.Index(l.Keys(), tc.key), desc: tc.desc, zone: time.UTC})
			if !slices.Equal(res.rows, tc.want) {
				t.Errorf("rows %v, want %v", res.rows, tc.want)
			}
		})
	}
}

func TestTableTextFilter(t *testing.T) {
	h, tb := tableHarness(t)
	for _, tc := range []struct{ text, col, want string }{
		{"equihen", "Location Description", "Équihen-Plage, dunes"},
		{"SANGATTE", "Location Description", "Off Sangatte beach, France"},
		{"prefecture maritime", "Information Source", "Préfecture maritime de la Manche et de la mer du Nord"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			tb.filter.SetText(tc.text)
			h.settle()
			got := tb.columnTexts(tb.column(tc.col))
			if len(got) == 0 || len(got) == 400 {
				t.Fatalf("%d rows", len(got))
			}
			for _, s := range got {
				if s != tc.want {
					t.Fatalf("row with %q listed", s)
				}
			}
			if want := groupThousands(int64(len(got))) + " of 400 features"; tb.count.Text != want {
				t.Errorf("count %q, want %q", tb.count.Text, want)
			}
		})
	}
	tb.filter.SetText("")
	h.settle()
	if len(tb.res.rows) != 400 {
		t.Errorf("clearing the filter lists %d rows", len(tb.res.rows))
	}
}

func TestTableFollowsTimeWindowAndFilters(t *testing.T) {
	h, tb := tableHarness(t)
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	to := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC).UnixMilli() - 1
	h.mw.setWindow(data.Span{Start: from, End: to})
	h.settle()
	n := len(tb.res.rows)
	if n == 0 || n >= 100 {
		t.Fatalf("%d rows in two months", n)
	}
	for _, s := range tb.columnTexts(0) {
		if s < "2024-01-01" || s >= "2024-03-01" {
			t.Fatalf("row of %s listed in the window", s)
		}
	}
	if shown, _, _ := h.mw.scene.Counts(0); shown != n {
		t.Errorf("table lists %d, the map shows %d", n, shown)
	}
	h.mw.setWindow(data.Span{Start: from + 31*86400000, End: to + 31*86400000})
	h.settle()
	if got := tb.columnTexts(0); len(got) == 0 || got[0] < "2024-02-01" {
		t.Errorf("moving the window: first row %v", got[:min(len(got), 1)])
	}
	// a hidden category leaves the table as it leaves the map
	h.mw.setWindow(h.mw.extent)
	id := h.mw.layers[0].id
	h.mw.restyle(id, func(s *style.Style) { s.Hidden = style.SetOf("Drowning") })
	h.mw.rebuild()
	h.settle()
	if len(tb.res.rows) != 400-69 || slices.Contains(tb.columnTexts(tb.column("Cause of Death")), "Drowning") {
		t.Errorf("hiding Drowning lists %d rows", len(tb.res.rows))
	}
	if !strings.HasPrefix(tb.count.Text, "331 of 400") {
		t.Errorf("count %q", tb.count.Text)
	}
	// the layer removed, its table closes
	h.mw.removeLayer(id)
	h.settle()
	if tb.box.Visible() || tb.l != nil {
		t.Error("the table of a removed layer stays open")
	}
}

func TestTableSelectionRoundTrip(t *testing.T) {
	h, tb := tableHarness(t)
	// a row clicked: identified, ringed on the map
	cell := newTableCell()
	tb.updateCell(widget.TableCellID{Row: 3, Col: 2}, cell)
	test.Tap(cell)
	h.settle()
	f := int(tb.res.rows[3])
	if sel := tb.selected(); !slices.Equal(sel, []int{f}) {
		t.Fatalf("selected %v", sel)
	}
	if len(h.mw.mv.markAt) != 1 || h.mw.mv.markAt[0] != tb.l.Anchor(f) {
		t.Errorf("map marks %v, want the row's feature", h.mw.mv.markAt)
	}
	if !h.mw.info.box.Visible() || !strings.Contains(h.mw.info.text(), tb.text(3, tb.column("Incident ID"))) {
		t.Errorf("identify panel does not show the row: %s", h.mw.info.text())
	}
	// several rows: every one ringed, also once the identify panel closes
	tb.selectRows(0, 1, 2, 5)
	if len(h.mw.mv.markAt) != 4 {
		t.Errorf("4 rows selected, %d marked", len(h.mw.mv.markAt))
	}
	h.mw.info.hide()
	if len(h.mw.mv.markAt) != 4 {
		t.Errorf("closing the identify panel leaves %d of 4 rows ringed", len(h.mw.mv.markAt))
	}
	shown := 0
	for _, r := range h.mw.mv.rings.Objects {
		if r.Visible() {
			shown++
		}
	}
	if shown == 0 {
		t.Error("no ring shown")
	}
	// Ctrl click adds, Shift click extends
	c2 := newTableCell()
	tb.updateCell(widget.TableCellID{Row: 9, Col: 0}, c2)
	c2.mods = fyne.KeyModifierControl
	test.Tap(c2)
	if len(tb.selected()) != 5 {
		t.Errorf("Ctrl click: %d selected", len(tb.selected()))
	}
	tb.updateCell(widget.TableCellID{Row: 12, Col: 0}, c2)
	c2.mods = fyne.KeyModifierShift
	test.Tap(c2)
	if len(tb.selected()) != 8 {
		t.Errorf("Shift click from row 9 to 12: %d selected", len(tb.selected()))
	}
	// identify on the map selects and scrolls to the row
	g := int(tb.res.rows[250])
	h.mw.mv.SetViewport(h.mw.mv.Viewport())
	mv := h.mw.mv
	at := tb.l.Anchor(g)
	mv.SetViewport(mv.Viewport().Pan(0, 0))
	h.settle()
	vp := mv.Viewport()
	x, y := vp.Project(at)
	mv.PanBy(float32(float64(vp.W)/2-x)/mv.scale, float32(float64(vp.H)/2-y)/mv.scale)
	mv.ZoomBy(6)
	h.settle()
	test.TapAt(mv, h.point(at))
	h.settle()
	sel := tb.selected()
	if len(sel) != 1 {
		t.Fatalf("identify selected %v", sel)
	}
	if l := h.mw.scene.Layers[0].Layer; l.Anchor(sel[0]).Lat()-at.Lat() > 0.001 || at.Lat()-l.Anchor(sel[0]).Lat() > 0.001 {
		t.Errorf("identify selected feature %d at %v, tapped %v", sel[0], l.Anchor(sel[0]), at)
	}
	if row := int(tb.res.pos[sel[0]]); !rowInView(tb, row) {
		t.Errorf("row %d not scrolled into view", row)
	}
	// a click beside every feature clears the selection
	vp = mv.Viewport()
	test.TapAt(mv, fyne.NewPos(float32(vp.W)/mv.scale-4, float32(vp.H)/mv.scale-4))
	h.settle()
	if h.mw.info.title.Text != "Nothing here" || len(tb.selected()) != 0 {
		t.Errorf("a click on nothing: panel %q, %d rows selected", h.mw.info.title.Text, len(tb.selected()))
	}
}

// rowInView reports whether row lies in the visible part of the table:
// its scroll offset (widget.Table's own, read by reflection) against the
// row's place.
func rowInView(tb *attrTable, row int) bool {
	off := reflect.ValueOf(tb.table).Elem().FieldByName("offset")
	if !off.IsValid() {
		return false
	}
	y0 := float32(off.FieldByName("Y").Float())
	rowH := newTableCell().MinSize().Height + theme.Padding() // as widget.Table places rows
	y := float32(row) * rowH
	return y >= y0-rowH && y+rowH <= y0+tb.table.Size().Height
}

func TestTableZoomAndExportSelection(t *testing.T) {
	h, tb := tableHarness(t)
	c := tb.column("Location Description")
	h.tapHeader(tb, c)
	tb.selectRows(0, 1, 2)
	sel := tb.selected()
	tb.zoomToSelection()
	h.settle()
	b := h.mw.mv.Viewport().Bound()
	for _, f := range sel {
		if !b.Contains(tb.l.Anchor(f)) {
			t.Errorf("zoom to selection leaves %v out of %v", tb.l.Anchor(f), b)
		}
	}
	for _, ext := range []string{".geojson", ".gpkg", ".csv"} {
		t.Run(ext, func(t *testing.T) {
			dir := t.TempDir()
			test.Tap(tb.export)
			h.pickSave(dir, "selection"+ext, "")
			h.settle()
			if h.seen.dialog != "" {
				t.Fatalf("dialog: %s", h.seen.dialog)
			}
			got, err := data.LoadFile(context.Background(), filepath.Join(dir, "selection"+ext), data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Len() != len(sel) {
				t.Fatalf("%d features written, %d selected", got.Len(), len(sel))
			}
			for j, f := range sel {
				for _, k := range []string{"Incident ID", "Location Description", "Number of Dead", "Cause of Death", "URL"} {
					a, _ := tb.l.Prop(f, k)
					b, _ := got.Prop(j, k)
					if cellValue(a) != cellValue(b) {
						t.Errorf("feature %d %s: wrote %q, had %q", j, k, cellValue(b), cellValue(a))
					}
				}
			}
		})
	}
	// no selection: every listed row
	tb.filter.SetText("wimereux")
	h.settle()
	tb.selectRows()
	dir := t.TempDir()
	if tb.export.Text != "Export rows…" {
		t.Errorf("button says %q without a selection", tb.export.Text)
	}
	test.Tap(tb.export)
	h.pickSave(dir, "rows.geojson", "")
	h.settle()
	got, err := data.LoadFile(context.Background(), filepath.Join(dir, "rows.geojson"), data.LoadOptions{})
	if err != nil || got.Len() != len(tb.res.rows) {
		t.Fatalf("rows export: %v, %d features for %d rows", err, got.Len(), len(tb.res.rows))
	}
}

// The identify panel is as wide as the user drags it, and the next window
// opens it at that width.
func TestIdentifyPanelResizable(t *testing.T) {
	h := fixture(t)
	inc := h.mw.layers[1].layer
	show := func(mw *MainWindow) {
		mw.info.show(mw.scene, render.Hit{Layer: 1, Feature: 0}, true)
		h.settle()
	}
	h.mw.info.show(h.mw.scene, render.Hit{Layer: 1, Feature: 0}, true)
	h.settle()
	if w := h.mw.info.box.Size().Width; w < infoWidth-2 || w > infoWidth+2 {
		t.Fatalf("the panel opens %.0f wide, want %d", w, infoWidth)
	}
	h.mw.side.SetOffset(0.35) // the user drags the divider
	h.settle()
	wide := h.mw.info.box.Size().Width
	if wide < 420 {
		t.Fatalf("dragging the divider left the panel %.0f wide", wide)
	}
	if v := h.mw.info.body.Objects[0].(*fyne.Container).Objects[1]; v.Size().Width < wide-40 {
		t.Errorf("values take %.0f of the panel's %.0f", v.Size().Width, wide)
	}
	app := h.mw.app
	h.mw.win.Close()
	h.drain()
	mw := newMainWindow(app, Options{}, config{do: func(f func()) { h.queue <- f }, seen: &seen{}, tooltipDelay: -1})
	t.Cleanup(func() { mw.win.Close(); h.drain() })
	mw.win.Resize(fyne.NewSize(1200, 640))
	mw.addLayers([]*data.Layer{campsLayer(t), inc})
	h.mw = mw
	h.settle()
	show(mw)
	if w := mw.info.box.Size().Width; w < wide-2 || w > wide+2 {
		t.Errorf("the next window opens the panel %.0f wide, the user left it %.0f", w, wide)
	}
}

// BenchmarkTableRows lists, filters and sorts 100,000 IOM-like rows as
// the table's worker does after a keystroke or a header click.
func BenchmarkTableRows(b *testing.B) {
	path := filepath.Join(b.TempDir(), "iom.csv")
	if err := os.WriteFile(path, iomFixture(100_000), 0o644); err != nil {
		b.Fatal(err)
	}
	l, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	texts := foldTexts(context.Background(), l, time.UTC)
	place := slices.Index(l.Keys(), "Location Description")
	dead := slices.Index(l.Keys(), "Total Number of Dead and Missing")
	for _, bc := range []struct {
		name string
		r    tableRequest
	}{
		{"list", tableRequest{l: l, col: tableUnsorted}},
		{"filter", tableRequest{l: l, col: tableUnsorted, query: "sangatte", texts: texts}},
		{"sort-text", tableRequest{l: l, col: place}},
		{"sort-number", tableRequest{l: l, col: dead, desc: true}},
		{"sort-time", tableRequest{l: l, col: tableTime}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			bc.r.zone = time.UTC
			for b.Loop() {
				if res := listRows(context.Background(), bc.r); !res.done {
					b.Fatal("not done")
				}
			}
		})
	}
	b.Run("fold-texts", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			foldTexts(context.Background(), l, time.UTC)
		}
	})
}

// A table of thousands of columns (issue 15's wide tables) lists every
// column, each cell read from its row's properties once.
func TestTableWideLayer(t *testing.T) {
	const cols = 5000
	b := data.NewBuilder("wide", 3)
	for i := range 3 {
		props := make([]data.Property, cols)
		for j := range props {
			props[j] = data.Property{Key: fmt.Sprintf("c%04d", j), Value: data.Number(float64(i*cols + j))}
		}
		if err := b.Add(data.Feature{Geometry: orb.Point{1.8, 50.9 + float64(i)/100}, Span: data.Undated, Props: props}); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{b.Build()})
	h.settle()
	tb := h.mw.table
	tb.open(h.mw.layers[0].id)
	h.settle()
	if r, c := tb.size(); r != 3 || c != cols+1 {
		t.Fatalf("table is %d×%d", r, c)
	}
	if got := tb.text(2, cols); got != fmt.Sprint(3*cols-1) {
		t.Errorf("last cell %q", got)
	}
	h.tapHeader(tb, cols) // descending after ascending
	h.tapHeader(tb, cols)
	if got := tb.text(0, cols); got != fmt.Sprint(3*cols-1) {
		t.Errorf("sorted descending, first cell %q", got)
	}
}
