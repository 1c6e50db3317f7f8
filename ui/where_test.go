package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
)

// whereTestLayer has 300 incidents: a cause (every third "Noyade", with
// accents and capitals varying), the dead as text (0 to 9, "unknown" for
// every tenth), a report date, and a category.
func whereTestLayer(t *testing.T) *data.Layer {
	t.Helper()
	b := data.NewBuilder("iom", 300)
	for i := range 300 {
		dead := fmt.Sprint(i % 10)
		if i%10 == 7 {
			dead = "unknown"
		}
		cause := []string{"NOYADE en mer", "Véhicule", "violence"}[i%3]
		if err := b.Add(data.Feature{Geometry: orb.Point{1.8 + float64(i)/3000, 50.9 + float64(i%17)/1000}, Kind: data.KindIncident, Span: data.Undated,
			Props: []data.Property{{Key: "category", Value: data.Text([]string{"a", "b"}[i%2])}, {Key: "Cause of death", Value: data.Text(cause)},
				{Key: "Number of Dead", Value: data.Text(dead)}, {Key: "Reported", Value: data.Text(fmt.Sprintf("2015-07-%02d", 1+i%30))}}}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	l.Kind = data.KindIncident
	return l
}

// The filter editor adds a condition on the cause (text: contains,
// accents ignored) and one on the dead (numbers written as text: at
// least), and the map, the layer's row and the editor count only the
// features meeting both; removing one counts again; a value that is not a
// number is not applied and says why; the conditions are the layer's
// style, as a project saves it.
func TestFilterEditorTwoConditions(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	l := whereTestLayer(t)
	h.mw.addLayers([]*data.Layer{l})
	h.settle()
	id := h.mw.layers[0].id
	shown := func() int {
		t.Helper()
		for i, lv := range h.mw.mv.scene.Layers {
			if lv.Layer == h.mw.layers[0].layer {
				n, _, _ := h.mw.mv.scene.Counts(i)
				return n
			}
		}
		t.Fatal("the map does not draw the layer")
		return 0
	}
	want := func(keep func(i int) bool) int {
		n := 0
		for i := range 300 {
			if keep(i) {
				n++
			}
		}
		return n
	}
	if n := shown(); n != 300 {
		t.Fatalf("before any condition the map shows %d", n)
	}
	test.Tap(h.mw.panel.rows[id].filter)
	w := h.mw.panel.where
	if w == nil {
		t.Fatal("the filter button opened no editor")
	}
	if !strings.Contains(w.shown.Text, "300 of 300") {
		t.Errorf("editor says %q", w.shown.Text)
	}

	test.Tap(w.add)
	r := w.rows[0]
	r.field.SetSelected("Cause of death")
	if got := r.op.Options; len(got) != 3 || got[0] != "contains" {
		t.Errorf("text operators %v", got)
	}
	r.op.SetSelected("contains")
	test.Type(r.value, "noyade")
	h.settle()
	noyade := want(func(i int) bool { return i%3 == 0 })
	if n := shown(); n != noyade {
		t.Errorf("one condition: the map shows %d, want %d", n, noyade)
	}

	test.Tap(w.add)
	r2 := w.rows[1]
	r2.field.SetSelected("Number of Dead")
	if r2.kind != columnNumber || r2.op.Selected != "at least (≥)" {
		t.Errorf("Number of Dead reads as kind %d with %q first", r2.kind, r2.op.Selected)
	}
	test.Type(r2.value, "many")
	h.settle()
	if !r2.hint.Visible() || !strings.Contains(r2.hint.Text, "not a number") {
		t.Errorf("a value that is not a number: hint %q", r2.hint.Text)
	}
	if y := r2.hint.Position().Y; y < r2.field.Size().Height || r2.hint.Size().Height == 0 {
		t.Errorf("the hint is laid out at y %v, size %v: over its condition", y, r2.hint.Size())
	}
	if n := shown(); n != noyade {
		t.Errorf("a condition not applied changed the map: %d", n)
	}
	r2.value.SetText("5")
	h.settle()
	both := want(func(i int) bool { return i%3 == 0 && i%10 >= 5 && i%10 != 7 })
	if n := shown(); n != both {
		t.Errorf("two conditions: the map shows %d, want %d", n, both)
	}
	if r2.hint.Visible() {
		t.Errorf("an applied condition has a hint: %q", r2.hint.Text)
	}
	wantText := fmt.Sprintf("%d of 300 features shown", both)
	if w.shown.Text != wantText {
		t.Errorf("editor says %q, want %q", w.shown.Text, wantText)
	}
	// every feature is undated: none is in the window, those kept are undated
	if c, want := h.mw.tl.count.Text, fmt.Sprintf("0 incidents in window · %d undated", both); c != want {
		t.Errorf("the timeline says %q, want %q", c, want)
	}
	if c := h.mw.panel.rows[id].count.Text; !strings.Contains(c, fmt.Sprintf("%d of 300", both)) {
		t.Errorf("the layer row says %q", c)
	}
	if r := h.mw.panel.rows[id].where; r == nil || r.Text != `Only where Cause of death ~ "noyade" and Number of Dead >= 5` {
		t.Errorf("the layer's legend: %v", r)
	}
	if n := h.mw.tl.cats.counts[id]; len(n) != 3 || n[1]+n[2] != both {
		t.Errorf("the category panel counts %v, want %d in all", n, both)
	}
	st := h.mw.layers[0].style
	if len(st.Where) != 2 || st.Where[0].String() != (style.Condition{Key: "Cause of death", Op: style.OpContains, Value: "noyade"}).String() ||
		st.Where[1].Key != "Number of Dead" || st.Where[1].Op != style.OpGe || st.Where[1].Value != "5" {
		t.Errorf("the layer's style holds %+v", st.Where)
	}

	r2.op.SetSelected("between")
	r2.min.SetText("2")
	r2.max.SetText("3")
	h.settle()
	if n, w := shown(), want(func(i int) bool { return i%3 == 0 && (i%10 == 2 || i%10 == 3) }); n != w {
		t.Errorf("between 2 and 3: the map shows %d, want %d", n, w)
	}

	test.Tap(r.remove)
	h.settle()
	if n, w := shown(), want(func(i int) bool { return i%10 == 2 || i%10 == 3 }); n != w || len(w2(h)) != 1 {
		t.Errorf("after removing the first: the map shows %d, want %d (%+v)", n, w, w2(h))
	}
	w.dlg.Hide()
	if h.mw.panel.where != nil {
		t.Error("the closed editor is still updated")
	}
	// opened again, it shows the layer's condition
	test.Tap(h.mw.panel.rows[id].filter)
	if w := h.mw.panel.where; len(w.rows) != 1 || w.rows[0].field.Selected != "Number of Dead" || w.rows[0].min.Text != "2" {
		t.Errorf("reopened editor rows %d", len(w.rows))
	}
}

func w2(h *harness) []style.Condition { return h.mw.layers[0].style.Where }

// Dates written YYYY-MM-DD get date operators and compare as dates.
func TestFilterEditorDates(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{whereTestLayer(t)})
	h.settle()
	id := h.mw.layers[0].id
	h.mw.panel.showWhere(id)
	w := h.mw.panel.where
	test.Tap(w.add)
	r := w.rows[0]
	r.field.SetSelected("Reported")
	if r.kind != columnDate || r.op.Selected != "between" {
		t.Fatalf("Reported reads as kind %d with %q", r.kind, r.op.Selected)
	}
	r.min.SetText("2015-07-10")
	r.max.SetText("2015-07-19")
	h.settle()
	n, _, _ := h.mw.mv.scene.Counts(0)
	if n != 100 {
		t.Errorf("ten days of thirty: the map shows %d, want 100", n)
	}
	r.max.SetText("19/07/2015")
	h.settle()
	if !strings.Contains(r.hint.Text, "YYYY-MM-DD") {
		t.Errorf("a date not written YYYY-MM-DD: hint %q", r.hint.Text)
	}
}

// Choosing, in the style dialog, a colour-by property that cannot colour
// says why and shows the property the layer keeps (the dialog does not
// silently jump back).
func TestColourByInStyleDialogSaysWhy(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	b := data.NewBuilder("iom", 300)
	for i := range 300 {
		if err := b.Add(data.Feature{Geometry: orb.Point{1.8 + float64(i)/1000, 50.9}, Kind: data.KindIncident, Span: data.Undated,
			Props: []data.Property{{Key: "Cause of death", Value: data.Text([]string{"Drowning", "Violence"}[i%2])}, {Key: "Web ID", Value: data.Text(fmt.Sprint("w", i))}}}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	l.Kind = data.KindIncident
	h.mw.addLayers([]*data.Layer{l})
	h.settle()
	if k := h.mw.layers[0].layer.CategoryKey(); k != "Cause of death" {
		t.Fatalf("coloured by %q, want Cause of death", k)
	}
	h.mw.panel.showStyle(h.mw.layers[0].id)
	sel := h.mw.panel.styleCategory
	sel.SetSelected("Web ID")
	h.settle()
	if !strings.Contains(h.seen.dialog, "Cannot colour iom by Web ID") || !strings.Contains(h.seen.dialog, "more than 256") {
		t.Errorf("dialog %q, want why", h.seen.dialog)
	}
	if sel.Selected != "Cause of death" || h.mw.layers[0].layer.CategoryKey() != "Cause of death" {
		t.Errorf("after the refusal the dialog shows %q and the layer is coloured by %q", sel.Selected, h.mw.layers[0].layer.CategoryKey())
	}
}
