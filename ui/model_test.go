package ui

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/project"
	"campmap/data/style"
	"campmap/geo"
)

// modelLayer is a layer of n instants, one a day from day0.
func modelLayer(t *testing.T, name string, day0 time.Time, n int) *data.Layer {
	t.Helper()
	b := data.NewBuilder(name, n)
	for i := range n {
		if err := b.Add(data.Feature{Geometry: orb.Point{1.8 + float64(i)/100, 50.9}, Kind: data.KindIncident,
			Span: data.Instant(day0.AddDate(0, 0, i)), Props: []data.Property{{Key: "category", Value: data.Text("injury")}}}); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build().WithCategoryKey("category")
}

// The scene and the project are derived from the model alone, with no
// window: what the map draws and what a project saves cannot drift apart.
func TestModelDerivesSceneAndProject(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(paris)
	day0 := time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC)
	es := m.add(modelLayer(t, "a", day0, 10), nil, modelLayer(t, "b", day0.AddDate(0, 0, 20), 5))
	if len(es) != 2 || len(m.layers) != 2 || es[0].id == es[1].id {
		t.Fatalf("add gave %d entries, the model holds %d", len(es), len(m.layers))
	}
	m.updateExtent(nil)
	if want := (data.Span{Start: day0.UnixMilli(), End: day0.AddDate(0, 0, 24).UnixMilli()}); m.extent.Start != want.Start || m.window != m.extent {
		t.Errorf("extent %v window %v", m.extent, m.window)
	}
	w := data.Span{Start: day0.AddDate(0, 0, 2).UnixMilli(), End: day0.AddDate(0, 0, 4).UnixMilli()}
	if !m.setWindow(w) || m.setWindow(w) {
		t.Error("setWindow does not report whether the window changed")
	}
	before := es[0].style
	if !m.restyle(es[0].id, func(s *style.Style) { s.Hidden = style.SetOf("injury"); s.Opacity = 0.4 }) {
		t.Fatal("restyle missed the layer")
	}
	if before.Hidden != nil {
		t.Error("restyle changed the style a scene may hold")
	}
	if !m.move(es[0].id, 1) || m.move(es[0].id, 1) {
		t.Error("move does not stop at the top")
	}
	sc := m.scene(nil)
	if len(sc.Layers) != 2 || sc.Layers[1].Layer.Name != "a" || !sc.Layers[1].Hidden["injury"] || sc.Zone != paris || sc.Window != w {
		t.Errorf("scene %+v", sc)
	}
	if shown, _, _ := sc.Counts(1); shown != 0 {
		t.Errorf("the hidden category still shows %d features", shown)
	}
	p := m.project(geo.New(orb.Point{1.85, 50.95}, 10, 800, 600), func(e *layerEntry, pl *project.Layer) bool {
		pl.Path = "/data/" + e.layer.Name + ".geojson"
		return e.layer.Name != "b" // b has no source to save
	})
	if len(p.Layers) != 1 || p.Layers[0].Opacity != 0.4 || !p.Layers[0].Hidden["injury"] || p.Layers[0].Category != "category" {
		t.Errorf("project layers %+v", p.Layers)
	}
	if p.Zone != "Europe/Paris" || p.Window == nil || p.Viewport == nil || p.Viewport.Zoom != 10 {
		t.Errorf("project zone %q window %+v viewport %+v", p.Zone, p.Window, p.Viewport)
	}
	if !m.remove(es[1].id) || m.remove(es[1].id) || len(m.layers) != 1 {
		t.Error("remove")
	}
	if m.title() != "campmap — Calais, summer 2015 (sample)" {
		// a layer read from no file counts as the sample's
		t.Errorf("title %q", m.title())
	}
}
