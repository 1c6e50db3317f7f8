package ui

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/postgis"
	"campmap/geo"
)

// TestLegendShowsDensitySwitch: under a large incident layer the layers
// panel shows how the map draws it in this view: squares of a size and
// their count classes when aggregated, and the threshold at which points
// come back; zoomed in, that it is drawn as points and when it switches.
func TestLegendShowsDensitySwitch(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	l := denseIncidents(t, 60000)
	h.mw.addLayers([]*data.Layer{campsLayer(t), l})
	h.mw.fitAll()
	h.settle()
	row := func() *layerRow {
		for _, r := range h.mw.panel.rows {
			if r.layer == l {
				return r
			}
		}
		t.Fatal("no row for the layer")
		return nil
	}
	r := row()
	if !r.scale.Visible() {
		t.Fatalf("no legend rows under the aggregated layer (%q)", r.scaleText)
	}
	for _, want := range []string{"dense: squares of", "2–5", "points when at most 50,000"} {
		if !strings.Contains(r.scaleText, want) {
			t.Errorf("legend lacks %q:\n%s", want, r.scaleText)
		}
	}
	if got := len(r.scale.Objects); got < 4 {
		t.Errorf("%d legend rows, want a title, classes and a note", got)
	}
	// The camps layer has no such rows.
	for _, cr := range h.mw.panel.rows {
		if cr.layer != l && cr.scale.Visible() {
			t.Errorf("camps show legend rows %q", cr.scaleText)
		}
	}

	// Zoomed in on a corner: points, and the switch is told.
	vp := h.mw.mv.Viewport()
	h.mw.mv.SetViewport(geo.New(orb.Point{1.801, 50.901}, 17, vp.W, vp.H))
	h.settle()
	r = row()
	if !strings.Contains(r.scaleText, "points") || strings.Contains(r.scaleText, "squares of") {
		t.Errorf("zoomed in, legend says:\n%s", r.scaleText)
	}
}

// TestZoomToPostGISLayerFitsTable: zoom to layer on a PostGIS layer shows
// the whole table's bound, not only the features fetched for the view.
func TestZoomToPostGISLayerFitsTable(t *testing.T) {
	h := fixture(t)
	id := h.mw.layers[1].id
	table := orb.Bound{Min: orb.Point{-1.5, 49.0}, Max: orb.Point{3.5, 51.5}}
	h.mw.pg.layers[id] = &pgLayer{id: id, cancel: func() {}, live: postgis.NewLive(nil, postgis.Source{}, postgis.LiveOptions{}), summary: postgis.Summary{Rows: 1000, Bound: table}}
	t.Cleanup(func() { delete(h.mw.pg.layers, id) })
	h.mw.zoomToLayer(id)
	h.settle()
	vb := h.mw.mv.Viewport().Bound()
	if !vb.Contains(table.Min) || !vb.Contains(table.Max) {
		t.Errorf("view %v does not hold the table's bound %v", vb, table)
	}
	delete(h.mw.pg.layers, id)
	h.mw.zoomToLayer(id) // an ordinary layer: its own features
	h.settle()
	if vb := h.mw.mv.Viewport().Bound(); vb.Contains(table.Min) {
		t.Errorf("an ordinary layer zoomed to %v", vb)
	}
}
