package project

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"campmap/data/style"
)

// TestDensityAndPageRoundTrip saves a layer drawn as a density view and a
// chosen legend placement, and reads them back; a project written before
// either existed reads with neither; a density view no campmap can draw
// is refused with a message naming it.
func TestDensityAndPageRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.campmap")
	st := style.Default()
	st.Density = &style.Density{Shape: style.DensityHexagons, Meters: 2000}
	p := &Project{Layers: []Layer{{Sample: "incidents", Style: st}}, Page: &Page{LegendPlacement: "margin"}}
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Layers[0].Density; d == nil || *d != *st.Density {
		t.Errorf("density %+v read back", d)
	}
	if got.Page == nil || got.Page.LegendPlacement != "margin" {
		t.Errorf("page %+v read back", got.Page)
	}
	old, err := Parse([]byte(`{"version": 1, "layers": [{"sample": "incidents", "visible": true, "opacity": 1}], "basemap": {}}`), dir)
	if err != nil {
		t.Fatal(err)
	}
	if old.Layers[0].Density != nil || old.Page != nil {
		t.Errorf("an old project reads with density %+v, page %+v", old.Layers[0].Density, old.Page)
	}
	for _, bad := range []string{
		`{"shape": "triangles", "meters": 2000}`,
		`{"shape": "hexagons", "meters": 5}`,
	} {
		_, err := Parse([]byte(`{"version": 1, "layers": [{"sample": "incidents", "visible": true, "opacity": 1, "density": `+bad+`}], "basemap": {}}`), dir)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "density") {
			t.Errorf("density %s: error %v", bad, err)
		}
	}
}
