package ui

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"campmap/data/project"
	"campmap/data/style"
)

// TestLayerDensityView turns on the density view of the fixture's
// incidents in the style dialog (far fewer than the 50,000 at which the map
// aggregates by itself): the map draws bins, the layers panel's legend
// names them with their size, the size can be changed, the project keeps
// the view and reopens with it, and Off brings the points back.
func TestLayerDensityView(t *testing.T) {
	h := fixture(t)
	e := h.mw.layers[1] // incidents
	points := h.frame()
	test.Tap(h.mw.panel.rows[e.id].style)
	p := h.mw.panel
	if p.styleDensity == nil || p.styleBins == nil {
		t.Fatal("the style dialog has no density view")
	}
	if p.styleDensity.Selected != "Off: points" {
		t.Errorf("density view %q at first", p.styleDensity.Selected)
	}
	p.styleDensity.SetSelected("Hexagons")
	h.settle()
	if d := e.style.Density; d == nil || d.Shape != style.DensityHexagons || d.Meters != 2000 {
		t.Fatalf("density %+v after choosing hexagons", d)
	}
	if d := h.mw.scene.Layers[1].Density; d == nil || d.Shape != style.DensityHexagons {
		t.Fatalf("the scene's layer has density %+v", d)
	}
	hex := h.frame()
	if bytes.Equal(points.Pix, hex.Pix) {
		t.Error("the map did not change with the density view")
	}
	r := h.mw.panel.rows[e.id]
	if !strings.Contains(r.scaleText, "hexagons of 2 km") {
		t.Errorf("legend under the layer:\n%s", r.scaleText)
	}
	p.styleBins.SetText("500m")
	h.settle()
	if d := e.style.Density; d == nil || d.Meters != 500 {
		t.Errorf("density %+v after typing 500m", d)
	}
	if !strings.Contains(h.mw.panel.rows[e.id].scaleText, "hexagons of 500 m") {
		t.Errorf("legend under the layer:\n%s", h.mw.panel.rows[e.id].scaleText)
	}
	p.styleBins.SetText("3 furlongs")
	h.settle()
	if d := e.style.Density; d == nil || d.Meters != 500 {
		t.Errorf("density %+v after typing a size that is none", d)
	}
	p.styleDensity.SetSelected("Squares")
	h.settle()
	p.styleBins.SetText("1km")
	h.settle()
	if d := e.style.Density; d == nil || d.Shape != style.DensitySquares || d.Meters != 1000 {
		t.Errorf("density %+v after choosing squares of 1km", d)
	}
	// saved in the project as the layer's style, and read back
	b, err := json.Marshal(h.mw.model.project(h.mw.mv.Viewport(), func(*layerEntry, *project.Layer) bool { return true }))
	if err != nil {
		t.Fatal(err)
	}
	var pr project.Project
	if err := json.Unmarshal(b, &pr); err != nil {
		t.Fatal(err)
	}
	if d := pr.Layers[1].Density; d == nil || d.Shape != style.DensitySquares || d.Meters != 1000 || pr.Layers[1].Check() != nil {
		t.Errorf("the project keeps density %+v", d)
	}
	p.styleDensity.SetSelected("Off: points")
	h.settle()
	if e.style.Density != nil {
		t.Errorf("density %+v after Off", e.style.Density)
	}
	if !bytes.Equal(points.Pix, h.frame().Pix) {
		t.Error("Off did not bring the points back")
	}
}
