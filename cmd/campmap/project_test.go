package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeProject lays out a project folder: two incident files and a
// .campmap naming them by relative path, and returns the project's path.
func writeProject(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data"), 0o755)
	os.WriteFile(filepath.Join(dir, "data", "incidents.geojson"), []byte(twoIncidents), 0o644)
	os.WriteFile(filepath.Join(dir, "data", "acled.csv"), []byte(
		"event_id_cnty,event_date,time_precision,event_type,latitude,longitude,fatalities\n"+
			"FRA1,2015-07-28,1,Riots,50.95,1.85,1\n"+
			"FRA2,2015-08-15,1,Protests,50.96,1.86,0\n"+
			"FRA3,2015-08-16,1,Protests,,,0\n"), 0o644)
	p := filepath.Join(dir, "calais.campmap")
	os.WriteFile(p, []byte(body), 0o644)
	return p
}

const testProject = `{"version": 1,
 "layers": [
  {"path": "data/incidents.geojson", "visible": true, "opacity": 1, "kind": "incident"},
  {"path": "data/acled.csv", "visible": true, "opacity": 0.7, "category_colors": {"Riots": "#ff0000"}}
 ],
 "viewport": {"lon": 1.85, "lat": 50.95, "zoom": 12},
 "window": {"start": "2015-07-28T00:00:00Z", "end": "2015-07-31T23:59:59Z"},
 "zone": "Europe/Paris",
 "basemap": {}}`

func TestInspectProject(t *testing.T) {
	p := writeProject(t, testProject)
	code, out, stderr := campmap(t, "inspect", "--project", p, "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Layers []layerReport `json:"layers"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Layers) != 2 || rep.Layers[0].Name != "incidents" || rep.Layers[1].Name != "acled" {
		t.Fatalf("layers %+v", rep.Layers)
	}
	// the project's window (28-31 July) and zone are used
	if rep.Layers[0].InWindow == nil || *rep.Layers[0].InWindow != 1 || rep.Layers[1].InWindow == nil || *rep.Layers[1].InWindow != 1 {
		t.Errorf("in window %v %v, want 1 and 1", rep.Layers[0].InWindow, rep.Layers[1].InWindow)
	}
	if rep.Layers[0].Time.Zone != "Europe/Paris" {
		t.Errorf("zone %s", rep.Layers[0].Time.Zone)
	}
	if !strings.Contains(strings.Join(rep.Layers[1].Warnings, " "), "1 of 3 rows could not be placed") {
		t.Errorf("CSV warnings %q", rep.Layers[1].Warnings)
	}
	// flags override the project
	code, out, _ = campmap(t, "inspect", "--project", p, "--json", "--from", "2015-08-01", "--to", "2015-08-31", "--zone", "UTC")
	if code != exitOK || !strings.Contains(out, `"zone": "UTC"`) {
		t.Errorf("exit %d, %s", code, out)
	}
}

func TestRenderProject(t *testing.T) {
	p := writeProject(t, testProject)
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.png"), filepath.Join(dir, "b.png"), filepath.Join(dir, "c.png")
	if code, _, stderr := campmap(t, "render", "--project", p, "--size", "300x200", "-o", a); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := campmap(t, "render", "--project", p, "--size", "300x200", "-o", b); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// the same files without the project: no window, fitted view
	files := []string{filepath.Join(filepath.Dir(p), "data", "incidents.geojson"), filepath.Join(filepath.Dir(p), "data", "acled.csv")}
	if code, _, stderr := campmap(t, append([]string{"render", "--size", "300x200", "-o", c}, files...)...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	bc, _ := os.ReadFile(c)
	if !bytes.Equal(ba, bb) {
		t.Error("the same project drew different bytes")
	}
	if bytes.Equal(ba, bc) {
		t.Error("the project's view and window made no difference")
	}
	// hiding the riots category takes the 28 July riot off the map
	filtered := writeProject(t, strings.Replace(testProject, `"category_colors"`, `"hidden_categories": ["Riots"], "category_colors"`, 1))
	d := filepath.Join(dir, "d.png")
	if code, _, stderr := campmap(t, "render", "--project", filtered, "--size", "300x200", "-o", d); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if bd, _ := os.ReadFile(d); bytes.Equal(ba, bd) {
		t.Error("hiding a category drew the same image")
	}
	img := decodePNG(t, a)
	if img.Bounds().Dx() != 300 || img.Bounds().Dy() != 200 {
		t.Errorf("size %v", img.Bounds())
	}
}

func TestProjectFailures(t *testing.T) {
	t.Run("missing layer file", func(t *testing.T) {
		p := writeProject(t, strings.Replace(testProject, "data/acled.csv", "data/gone.csv", 1))
		out := filepath.Join(t.TempDir(), "x.png")
		code, _, stderr := campmap(t, "render", "--project", p, "-o", out)
		if code != exitFail || !strings.Contains(stderr, "gone.csv") || !strings.Contains(stderr, "project layer 2") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Error("a render with a missing layer wrote its output")
		}
		// inspect shows the rest and fails
		code, stdout, _ := campmap(t, "inspect", "--project", p)
		if code != exitFail || !strings.Contains(stdout, "incidents") {
			t.Errorf("inspect exit %d, %q", code, stdout)
		}
	})
	t.Run("not a project", func(t *testing.T) {
		p := writeProject(t, `{"layers": 3}`)
		code, _, stderr := campmap(t, "inspect", "--project", p)
		if code != exitFail || !strings.Contains(stderr, "not a campmap project") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
	t.Run("newer version", func(t *testing.T) {
		p := writeProject(t, `{"version": 99, "layers": []}`)
		code, _, stderr := campmap(t, "render", "--project", p, "-o", filepath.Join(t.TempDir(), "x.png"))
		if code != exitFail || !strings.Contains(stderr, "update campmap") {
			t.Errorf("exit %d, stderr %q", code, stderr)
		}
	})
}
