package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"campmap/data"
	"campmap/data/formats/all"
	"campmap/geo"
	"campmap/render"
)

// insideKeys is, for each visible layer of the window's scene, the
// features inside ring that the map shows (brute force: every feature,
// its anchor in the ring, the layer's filters and the time window), as
// "id@anchor" keys in the layer's order.
func insideKeys(h *harness, ring orb.Ring) map[string][]string {
	sc := h.mw.scene
	out := map[string][]string{}
	for _, lv := range sc.Layers {
		if !lv.Visible {
			continue
		}
		l := lv.Layer
		for i := range l.Len() {
			sp := l.Span(i)
			if planar.RingContains(ring, l.Anchor(i)) && lv.Keep(i) && (!sc.Window.Dated() || !sp.Dated() || sp.Overlaps(sc.Window)) {
				out[l.Name] = append(out[l.Name], featureKey(l, i))
			}
		}
	}
	return out
}

// featureKey names feature i of l by its id and anchor, as a file written
// and read back keeps them.
func featureKey(l *data.Layer, i int) string {
	a := l.Anchor(i)
	return fmt.Sprintf("%s@%.6f,%.6f", l.ID(i).String(), a[0], a[1])
}

// closeWideRing measures a ring over most of the map at Calais and
// returns it, closed, in longitude and latitude.
func closeWideRing(h *harness) orb.Ring {
	h.t.Helper()
	mv := h.mw.mv
	mv.SetViewport(geo.New(orb.Point{1.84, 50.95}, 11, mv.vp.W, mv.vp.H))
	h.settle()
	mv.handleRune('m')
	corners := [][2]float32{{40, 40}, {760, 60}, {740, 420}, {60, 400}}
	for _, c := range corners {
		h.tapMap(c[0], c[1])
	}
	h.tapMap(41, 41)
	if !mv.measure.closed {
		h.t.Fatal("the ring did not close")
	}
	s := float64(mv.scale)
	var ring orb.Ring
	for _, c := range corners {
		ring = append(ring, mv.vp.Unproject(float64(c[0])*s, float64(c[1])*s))
	}
	return append(ring, ring[0])
}

// narrowed narrows the time window to its first third (the ring holds
// every incident of the sample, but not in that window) and returns
// insideKeys of ring, checking that it holds some, not all, of the
// features of two layers or more.
func narrowed(h *harness, ring orb.Ring) map[string][]string {
	h.t.Helper()
	ext := h.mw.extent
	h.mw.setWindow(data.Span{Start: ext.Start, End: ext.Start + (ext.End-ext.Start)/3})
	h.settle()
	brute := insideKeys(h, ring)
	n := 0
	for _, e := range h.mw.layers {
		if k := len(brute[e.layer.Name]); k > 0 && k < e.layer.Len() {
			n++
		}
	}
	if n < 2 {
		h.t.Fatalf("the ring holds some features of %d layers, want 2 or more", n)
	}
	return brute
}

// Rectangle mode makes a rectangle in longitude and latitude of two taps,
// closed at once, and counts inside it as a ring does.
func TestMeasureRectangleSelection(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	mv := h.mw.mv
	mv.SetViewport(geo.New(orb.Point{1.84, 50.95}, 12, mv.vp.W, mv.vp.H))
	h.settle()
	mv.handleRune('m')
	tool := mv.measure
	tool.rect.SetChecked(true)
	if !tool.rectMode || tool.text.Text != "Rectangle: click a corner on the map." {
		t.Fatalf("rectangle mode: %v, %q", tool.rectMode, tool.text.Text)
	}
	h.tapMap(150, 120)
	if tool.closed || len(tool.pts) != 1 || tool.text.Text != "Rectangle: click the opposite corner." {
		t.Fatalf("after one corner: closed %v, %d points, %q", tool.closed, len(tool.pts), tool.text.Text)
	}
	h.tapMap(420, 330)
	if !tool.closed || len(tool.pts) != 4 {
		t.Fatalf("after two corners: closed %v, %d points", tool.closed, len(tool.pts))
	}
	if !strings.HasPrefix(tool.text.Text, "Rectangle: ") || !strings.Contains(tool.text.Text, " × ") || !strings.Contains(tool.text.Text, "Area: ") {
		t.Errorf("a rectangle's readout %q", tool.text.Text)
	}
	s := float64(mv.scale)
	a, b := mv.vp.Unproject(150*s, 120*s), mv.vp.Unproject(420*s, 330*s)
	want := []orb.Point{a, {b[0], a[1]}, b, {a[0], b[1]}}
	if !slices.Equal(tool.pts, want) {
		t.Errorf("corners %v, want %v", tool.pts, want)
	}
	ring := append(orb.Ring(want), want[0])
	brute := insideKeys(h, ring)
	if len(brute) == 0 {
		t.Fatal("the test rectangle holds nothing")
	}
	for _, c := range tool.insideCounts {
		if got := c.total; got != len(brute[c.layer.Name]) {
			t.Errorf("%s: %d inside, brute force %d", c.layer.Name, got, len(brute[c.layer.Name]))
		}
	}
	if len(tool.insideCounts) != len(brute) || !tool.listB.Visible() || !tool.exportB.Visible() {
		t.Errorf("%d layers counted, brute force %d; List shown %v", len(tool.insideCounts), len(brute), tool.listB.Visible())
	}
	// a third tap starts a new rectangle
	h.tapMap(200, 200)
	if tool.closed || len(tool.pts) != 1 || tool.insideCounts != nil {
		t.Errorf("a third tap: closed %v, %d points, counts %v", tool.closed, len(tool.pts), tool.insideCounts)
	}
}

// List opens the attribute table listing exactly the features inside the
// ring that the map shows, for whichever layer the table is switched to;
// the selection going lists every feature again.
func TestSelectionListsInsideInTable(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	ring := closeWideRing(h)
	brute := narrowed(h, ring)
	tool := h.mw.mv.measure
	test.Tap(tool.listB)
	h.settle()
	tb := h.mw.table
	// the table takes room from the map: the card keeps its top on the
	// map, what lies inside scrolling
	if c := tool.card; c.Position().Y < 0 || tool.insideScroll.MinSize().Height >= tool.inside.MinSize().Height {
		t.Errorf("the card (%v at %v) on a map of %v; inside %v in %v", c.Size(), c.Position(), h.mw.mv.Size(),
			tool.inside.MinSize(), tool.insideScroll.MinSize())
	}
	if !tb.box.Visible() || tb.area == nil || !tb.areaB.Visible() {
		t.Fatalf("List: table shown %v, area %v", tb.box.Visible(), tb.area != nil)
	}
	rows := func() []string {
		var out []string
		for _, f := range tb.res.rows {
			out = append(out, featureKey(tb.l, int(f)))
		}
		slices.Sort(out)
		return out
	}
	check := func(when string) {
		t.Helper()
		want := slices.Clone(brute[tb.l.Name])
		slices.Sort(want)
		if got := rows(); !slices.Equal(got, want) {
			t.Errorf("%s: %s lists %d rows, %d inside", when, tb.l.Name, len(got), len(want))
		}
	}
	if tb.l.Kind != data.KindIncident {
		t.Errorf("List opened %s first, not the incidents", tb.l.Name)
	}
	check("List")
	for _, e := range h.mw.layers { // another layer with something inside
		if e.layer != tb.l && len(brute[e.layer.Name]) > 0 {
			tb.open(e.id)
			h.settle()
			check("another layer")
			break
		}
	}
	test.Tap(tool.units) // anything but the ring: the restriction stays
	tool.clear()
	h.settle()
	if tb.area != nil || tb.areaB.Visible() || len(tb.res.rows) <= len(brute[tb.l.Name]) {
		t.Errorf("clearing the ring: area %v, %d rows", tb.area != nil, len(tb.res.rows))
	}
}

// Export inside writes every layer with features inside the ring, exactly
// those the map shows there: a GeoPackage with a table per layer, or a
// GeoJSON file per layer.
func TestSelectionExportsEveryLayerInside(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	ring := closeWideRing(h)
	brute := narrowed(h, ring)
	tool := h.mw.mv.measure
	dir := t.TempDir()
	read := func(paths ...string) map[string][]string {
		t.Helper()
		got := map[string][]string{}
		for _, p := range paths {
			ls, err := data.LoadFileLayers(context.Background(), p, data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range ls {
				name := l.Name
				if len(paths) > 1 { // a file per layer, named after it
					for want := range brute {
						if filepath.Base(p) == "inside - "+want+".geojson" {
							name = want
						}
					}
				}
				for i := range l.Len() {
					got[name] = append(got[name], featureKey(l, i))
				}
			}
		}
		return got
	}
	same := func(format string, got map[string][]string) {
		t.Helper()
		if len(got) != len(brute) {
			t.Errorf("%s: %d layers written, %d with features inside", format, len(got), len(brute))
		}
		for name, want := range brute {
			g := slices.Clone(got[name])
			w := slices.Clone(want)
			slices.Sort(g)
			slices.Sort(w)
			if !slices.Equal(g, w) {
				t.Errorf("%s: %s: %d features written, %d inside", format, name, len(g), len(w))
			}
		}
	}

	test.Tap(tool.exportB)
	h.pickSave(dir, "inside.gpkg", "")
	h.settle()
	same("GeoPackage", read(filepath.Join(dir, "inside.gpkg")))

	test.Tap(tool.exportB)
	h.pickSave(dir, "inside.geojson", "")
	h.settle()
	var parts []all.Part
	for _, c := range tool.insideCounts {
		parts = append(parts, all.Part{Layer: c.layer})
	}
	same("GeoJSON", read(all.PartPaths(filepath.Join(dir, "inside.geojson"), parts)...))
}

// An area feature picked on the map (the Jungle camp) is a selection like
// a measured ring: Count what lies inside closes its ring in the measure
// tool, which counts, lists and exports what lies inside it.
func TestPickedAreaIsASelection(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	sc := h.mw.scene
	li, f := -1, -1
	for i, lv := range sc.Layers {
		for j := range lv.Layer.Len() {
			if lv.Layer.ID(j).String() == "camp-jungle" {
				li, f = i, j
			}
		}
	}
	if li < 0 {
		t.Fatal("no Jungle camp in the sample")
	}
	h.mw.info.show(sc, render.Hit{Layer: li, Feature: f}, true)
	if !h.mw.info.inside.Visible() {
		t.Fatal("an area feature identified offers no count inside it")
	}
	test.Tap(h.mw.info.inside)
	h.settle()
	tool := h.mw.mv.measure
	poly := sc.Layers[li].Layer.Geometry(f).(orb.Polygon)
	if !tool.on || !tool.closed || len(tool.pts) != len(poly[0])-1 {
		t.Fatalf("the picked area: measuring %v, closed %v, %d points for a ring of %d", tool.on, tool.closed, len(tool.pts), len(poly[0]))
	}
	brute := insideKeys(h, poly[0])
	total := 0
	for _, c := range tool.insideCounts {
		total += c.total
		if c.total != len(brute[c.layer.Name]) {
			t.Errorf("%s: %d inside, brute force %d", c.layer.Name, c.total, len(brute[c.layer.Name]))
		}
	}
	if total == 0 || !tool.listB.Visible() {
		t.Fatalf("nothing counted inside the Jungle (List shown %v)", tool.listB.Visible())
	}
	test.Tap(tool.listB)
	h.settle()
	if tb := h.mw.table; tb.area == nil || len(tb.res.rows) != len(brute[tb.l.Name]) {
		t.Errorf("List: %d rows of %s, %d inside", len(tb.res.rows), tb.l.Name, len(brute[tb.l.Name]))
	}
}
