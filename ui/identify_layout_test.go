package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/geo"
	"campmap/render"
)

// Identify on a feature with IOM's long column names keeps every value
// legible at 1280 px: each on a line or two, titled by its place, with
// missing values empty.
func TestIdentifyReadsLongColumnNames(t *testing.T) {
	b := data.NewBuilder("iom", 1)
	props := []data.Property{
		{Key: "Main ID", Value: data.Text("2015.MMP00412")},
		{Key: "Minimum Estimated Number of Missing", Value: data.Number(12)},
		{Key: "Total Number of Dead and Missing", Value: data.Number(14)},
		{Key: "Number of Females", Value: data.Value{}},
		{Key: "Location Description", Value: data.Text("Calais, near the Eurotunnel terminal")},
		{Key: "Cause of Death", Value: data.Text("Vehicle accident / death linked to hazardous transport")},
		{Key: "Information Source", Value: data.Text("La Voix du Nord; Calais Migrant Solidarity")},
	}
	if err := b.Add(data.Feature{Geometry: orb.Point{1.81, 50.93}, Kind: data.KindIncident, Span: data.Undated, Props: props}); err != nil {
		t.Fatal(err)
	}
	l := b.Build()
	h := newHarness(t, Options{}, nil)
	h.mw.win.Resize(fyne.NewSize(1280, 800))
	sc := render.NewScene(nil, []*data.Layer{l})
	h.mw.info.show(sc, render.Hit{Layer: 0, Feature: 0}, true)
	h.settle()
	p := h.mw.info
	if p.title.Text != "Calais, near the Eurotunnel terminal" {
		t.Errorf("title %q, want the location description", p.title.Text)
	}
	for _, r := range p.rows {
		if r[0] == "Number of Females" && r[1] != "" {
			t.Errorf("a missing value shows as %q", r[1])
		}
	}
	line := widget.NewLabel("x").MinSize().Height
	n := 0
	for _, o := range p.body.Objects {
		c, ok := o.(*fyne.Container)
		if !ok || len(c.Objects) != 2 {
			continue
		}
		name, value := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
		n++
		if value.Size().Width < 200 {
			t.Errorf("%s: the value gets %.0f px", name.Text, value.Size().Width)
		}
		lines := value.Size().Height / line
		if limit := float32(2.2 + float32(len(value.Text)/45)); lines > limit {
			t.Errorf("%s = %q takes %.1f lines", name.Text, value.Text, lines)
		}
		if strings.HasPrefix(name.Text, "Minimum") && name.Size().Height/line > 2.2 {
			t.Errorf("the long name takes %.1f lines", name.Size().Height/line)
		}
	}
	if n != len(p.rows) {
		t.Errorf("%d rows laid out, %d rows", n, len(p.rows))
	}
}

// A tap on a camp under incident dots lists both; picking the camp shows
// it.
func TestTapListsEveryFeatureThere(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	camp := data.NewBuilder("camps", 1)
	if err := camp.Add(data.Feature{Geometry: orb.Point{1.8865, 50.9665}, Kind: data.KindCamp, Span: data.Undated,
		Props: []data.Property{{Key: "name", Value: data.Text("Jungle (Lande)")}}}); err != nil {
		t.Fatal(err)
	}
	inc := data.NewBuilder("incidents", 1)
	if err := inc.Add(data.Feature{Geometry: orb.Point{1.88652, 50.96651}, Kind: data.KindIncident, Span: data.Undated,
		Props: []data.Property{{Key: "name", Value: data.Text("road blockade")}}}); err != nil {
		t.Fatal(err)
	}
	cl, il := camp.Build(), inc.Build()
	cl.Kind, il.Kind = data.KindCamp, data.KindIncident
	h.mw.addLayers([]*data.Layer{cl, il})
	mv := h.mw.mv
	mv.SetViewport(geo.New(orb.Point{1.8865, 50.9665}, 15, mv.vp.W, mv.vp.H))
	h.settle()
	at := h.point(orb.Point{1.8865, 50.9665})
	mv.Tapped(&fyne.PointEvent{Position: at})
	h.settle()
	p := h.mw.info
	if len(p.hits) != 2 || p.title.Text != "road blockade" {
		t.Fatalf("tap: %d hits, title %q", len(p.hits), p.title.Text)
	}
	var campRow *tapLabel
	for _, o := range p.also.Objects {
		if tl, ok := o.(*tapLabel); ok && strings.Contains(tl.Text, "Jungle") {
			campRow = tl
		}
	}
	if campRow == nil {
		t.Fatalf("no row for the camp among %d", len(p.also.Objects))
	}
	test.Tap(campRow)
	h.settle()
	if p.title.Text != "Jungle (Lande)" {
		t.Errorf("picking the camp shows %q", p.title.Text)
	}
}

// A pointer resting on a feature names it in a tooltip, with its time;
// moving away hides it.
func TestHoverTooltip(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	b := data.NewBuilder("incidents", 1)
	if err := b.Add(data.Feature{Geometry: orb.Point{1.85, 50.95}, Kind: data.KindIncident, Span: data.Span{Start: 1438380000000, End: 1438380000000},
		Props: []data.Property{{Key: "name", Value: data.Text("road blockade on the A16")}}}); err != nil {
		t.Fatal(err)
	}
	l := b.Build()
	l.Kind = data.KindIncident
	h.mw.addLayers([]*data.Layer{l})
	mv := h.mw.mv
	mv.SetViewport(geo.New(orb.Point{1.85, 50.95}, 14, mv.vp.W, mv.vp.H))
	h.settle()
	at := h.point(orb.Point{1.85, 50.95})
	mv.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at}})
	mv.tip.rested(mv.tip.gen) // as the pause's timer does
	h.settle()
	if !mv.tip.box.Visible() || !strings.Contains(mv.tip.text.Text, "road blockade") || !strings.Contains(mv.tip.text.Text, "2015-07-31") {
		t.Fatalf("tooltip shown %v: %q", mv.tip.box.Visible(), mv.tip.text.Text)
	}
	old := mv.tip.gen
	mv.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: at.AddXY(40, 0)}})
	if mv.tip.box.Visible() {
		t.Error("moving on left the tooltip up")
	}
	mv.tip.rested(old) // a pause that ended before the move answers nothing
	h.settle()
	if mv.tip.box.Visible() {
		t.Error("a stale pause showed a tooltip")
	}
}

// Colouring by a property that cannot colour says why and keeps the
// layer's colours.
func TestColourByThatCannotSaysWhy(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	b := data.NewBuilder("many", 300)
	for i := range 300 {
		if err := b.Add(data.Feature{Geometry: orb.Point{1.8 + float64(i)/1000, 50.9}, Kind: data.KindIncident, Span: data.Undated,
			Props: []data.Property{{Key: "category", Value: data.Text([]string{"a", "b"}[i%2])}, {Key: "code", Value: data.Text(fmt.Sprint("c", i))}, {Key: "empty", Value: data.Value{}}}}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	l.Kind = data.KindIncident
	h.mw.addLayers([]*data.Layer{l})
	h.settle()
	id := h.mw.layers[0].id
	for _, tc := range []struct{ key, want string }{{"code", "more than 256"}, {"empty", "no feature has a value"}} {
		h.mw.setCategoryKey(id, tc.key)
		h.settle()
		if k := h.mw.layers[0].layer.CategoryKey(); k != "category" {
			t.Errorf("%s: the layer is now coloured by %q", tc.key, k)
		}
		if !strings.Contains(h.seen.dialog, "Cannot colour many by "+tc.key) || !strings.Contains(h.seen.dialog, tc.want) {
			t.Errorf("%s: dialog %q, want why (%s)", tc.key, h.seen.dialog, tc.want)
		}
	}
	h.mw.setCategoryKey(id, "")
	h.settle()
	if k := h.mw.layers[0].layer.CategoryKey(); k != "" {
		t.Errorf("no category: coloured by %q", k)
	}
}

// An area feature picked on the map counts what lies inside it, as a ring
// drawn with the measure tool does.
func TestAreaFeatureAsSelection(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	zone := data.NewBuilder("zones", 1)
	if err := zone.Add(data.Feature{Geometry: orb.Polygon{{{1.80, 50.90}, {1.90, 50.90}, {1.90, 50.96}, {1.80, 50.96}, {1.80, 50.90}}}, Span: data.Undated,
		Props: []data.Property{{Key: "name", Value: data.Text("Calais east")}}}); err != nil {
		t.Fatal(err)
	}
	inc := data.NewBuilder("incidents", 4)
	for _, p := range []orb.Point{{1.85, 50.93}, {1.86, 50.94}, {1.95, 50.93}, {1.70, 50.80}} {
		if err := inc.Add(data.Feature{Geometry: p, Kind: data.KindIncident, Span: data.Undated}); err != nil {
			t.Fatal(err)
		}
	}
	il := inc.Build()
	il.Kind = data.KindIncident
	h.mw.addLayers([]*data.Layer{zone.Build(), il})
	h.settle()
	sc := h.mw.scene
	h.mw.info.showAll(sc, []render.Hit{{Layer: 0, Feature: 0}})
	if !h.mw.info.inside.Visible() {
		t.Fatal("no way to count inside an area feature")
	}
	test.Tap(h.mw.info.inside)
	h.settle()
	tool := h.mw.mv.measure
	n := 0
	for _, c := range tool.insideCounts {
		if c.layer == il {
			n = c.total
		}
	}
	if !tool.closed || n != 2 {
		t.Errorf("inside the area: closed %v, %d incidents, want 2", tool.closed, n)
	}
	h.mw.info.showAll(sc, []render.Hit{{Layer: 1, Feature: 0}})
	if h.mw.info.inside.Visible() {
		t.Error("a point offers to count what lies inside it")
	}
}
