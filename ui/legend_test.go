package ui

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
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
