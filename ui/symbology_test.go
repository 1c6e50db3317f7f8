package ui

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/render"
)

// categorised returns an incident layer named name with n categories
// "<prefix>01".., category i holding n+1-i features, and a "dead" count
// (missing on every fifth feature).
func categorised(t *testing.T, name, prefix string, n int) *data.Layer {
	t.Helper()
	b := data.NewBuilder(name, n*n)
	b.Layer().Kind = data.KindIncident
	k := 0
	for i := 1; i <= n; i++ {
		for range n + 1 - i {
			props := []data.Property{{Key: "category", Value: data.Text(fmt.Sprintf("%s%02d", prefix, i))},
				{Key: "place", Value: data.Text(fmt.Sprintf("site %d", k))}}
			if k%5 != 0 {
				props = append(props, data.Property{Key: "dead", Value: data.Number(float64(k % 13))})
			}
			if err := b.Add(data.Feature{Geometry: orb.Point{1.80 + 0.01*float64(k%10), 50.90 + 0.005*float64(k/10)}, Span: data.Undated, Props: props}); err != nil {
				t.Fatal(err)
			}
			k++
		}
	}
	return b.Build()
}

// Two layers loaded together start on different hues: no colour of one
// layer's categories is a colour of the other's; and a second layer of
// incidents without categories does not take the first one's magenta.
func TestLayersGetTheirOwnHues(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{categorised(t, "A", "a", 4), categorised(t, "B", "b", 5), incidentsLayer(t, 3).WithCategoryKey(""), incidentsLayer(t, 3).WithCategoryKey("")})
	h.settle()
	sc := h.mw.scene
	a, b := sc.Layers[0], sc.Layers[1]
	for i := 1; i <= 4; i++ {
		for j := 1; j <= 5; j++ {
			if a.CategoryColorOf(i) == b.CategoryColorOf(j) {
				t.Errorf("layer A's category %d and layer B's %d share %v", i, j, a.CategoryColorOf(i))
			}
		}
	}
	c, d := sc.Layers[2], sc.Layers[3]
	if c.Color(data.KindIncident) == d.Color(data.KindIncident) {
		t.Errorf("two incident layers without categories share %v", c.Color(data.KindIncident))
	}
}

// A layer of fifteen categories lists eleven in the categories panel and
// one "other (4 categories)" row, which hides and colours the four as a
// group; the legend beside the layer lists the group as one row.
func TestCategoriesPanelOther(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{categorised(t, "Many", "c", 15)})
	h.settle()
	cats := h.mw.tl.cats
	id := h.mw.layers[0].id
	other := cats.rows[rowKey(id, "\x00other")]
	if other == nil {
		t.Fatal("no other row")
	}
	if want := "other (4 categories) · 10"; other.check.Text != want {
		t.Errorf("other row reads %q, want %q", other.check.Text, want)
	}
	if cats.rows[rowKey(id, "c15")] != nil || cats.rows[rowKey(id, "c11")] == nil {
		t.Error("the panel lists a grouped category, or misses a kept one")
	}
	if other.dot.col != render.OtherColor {
		t.Errorf("other swatch %v, want the other colour", other.dot.col)
	}
	test.Tap(other.check) // hide the group
	h.settle()
	st := h.mw.layers[0].style
	for _, n := range []string{"c12", "c13", "c14", "c15"} {
		if !st.Hidden[n] {
			t.Errorf("%s not hidden with its group", n)
		}
	}
	if st.Hidden["c11"] {
		t.Error("hiding the group hid c11")
	}
	if shown, _, _ := h.mw.scene.Counts(0); shown != 120-10 {
		t.Errorf("the map shows %d features with the group hidden, want 110", shown)
	}
	leg := textOf(legendView(h.mw.layers[0].view()))
	if strings.Contains(leg, "other (") || !strings.Contains(leg, "4 hidden") {
		t.Errorf("legend with the group hidden: %q", leg)
	}
	test.Tap(cats.rows[rowKey(id, "\x00other")].check) // show it again
	h.settle()
	if leg := textOf(legendView(h.mw.layers[0].view())); !strings.Contains(leg, "+ 4 more") {
		// 11 kept + other = 12 rows, 8 shown
		t.Errorf("legend: %q", leg)
	}
}

// A category's shape is chosen in its symbol dialog and reaches the map
// and the panel's swatch; a colour-by-shape-only view is a style choice.
func TestCategoryShapeAndStyleDialog(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{categorised(t, "Quakes", "q", 3)})
	h.mw.fitAll()
	h.settle()
	id := h.mw.layers[0].id
	cats := h.mw.tl.cats
	if got := cats.rows[rowKey(id, "q02")].dot.shape; got != style.ShapeSquare {
		t.Errorf("second category's swatch is a %s, want the square the map draws", got)
	}
	before := h.frame()
	cats.pickSymbol(id, "q01")
	cats.shapeSelect.SetSelected(trOne("Star"))
	h.settle()
	if got := h.mw.layers[0].style.CategoryShapes["q01"]; got != style.ShapeStar {
		t.Fatalf("shape of q01 %q, want star", got)
	}
	if got := h.mw.scene.Layers[0].CategoryShapeOf(1); got != style.ShapeStar {
		t.Errorf("the scene draws q01 as a %s", got)
	}
	if got := cats.rows[rowKey(id, "q01")].dot.shape; got != style.ShapeStar {
		t.Errorf("q01's swatch is a %s", got)
	}
	if bytes.Equal(before.Pix, h.frame().Pix) {
		t.Error("a new shape did not change the map")
	}

	// The style dialog: palette, shapes, graduated symbols, label field.
	h.mw.panel.showStyle(id)
	ctl := h.mw.panel.styleSymbology
	if ctl == nil || ctl.palette == nil {
		t.Fatal("the style dialog has no symbology rows")
	}
	ctl.palette.SetSelected(trOne("Colour-blind safe (Tol)"))
	ctl.shapes.SetChecked(false)
	ctl.by.SetSelected(trOne("Colour"))
	ctl.method.SetSelected(trOne("Quantiles"))
	ctl.classes.SetSelected("4")
	ctl.field.SetSelected("dead")
	ctl.label.SetSelected("place")
	h.settle()
	st := h.mw.layers[0].style
	want := style.Graduated{Key: "dead", By: style.ByColor, Method: style.Quantile, Classes: 4}
	if st.Palette != style.PaletteTol || !st.PlainDots || st.Graduated == nil || *st.Graduated != want || st.LabelKey != "place" {
		t.Errorf("style after the dialog: %s", st.Key())
	}
	// the window's legend shows the classes and the no-value row
	var labels []string
	for _, e := range h.mw.mv.Stats().Legend {
		if e.Graduated {
			labels = append(labels, e.Label)
		}
	}
	if got := strings.Join(labels, "|"); !strings.Contains(got, "colour by dead (quantiles)") || !strings.Contains(got, "no value") {
		t.Errorf("window legend: %s", got)
	}
	ctl.field.SetSelected(trOne(noCategory))
	h.settle()
	if h.mw.layers[0].style.Graduated != nil {
		t.Error("choosing no field left the layer graduated")
	}
}

// trOne returns s as the window shows it.
func trOne(s string) string { return trAll([]string{s})[0] }
