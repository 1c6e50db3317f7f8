package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets a test run the real command as a child process: with
// CAMPMAP_RUN_MAIN=1 the test binary is campmap.
func TestMain(m *testing.M) {
	if os.Getenv("CAMPMAP_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// campmap runs the command in-process and returns its exit status and output.
func campmap(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const twoIncidents = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[1.85,50.95]},"properties":{"name":"a","category":"road blockade","time":"2015-07-28T22:00:00Z"}},
{"type":"Feature","id":2,"geometry":{"type":"Point","coordinates":[1.80,50.93]},"properties":{"name":"b","category":"injury","time":"2015-08-02T01:30:00+02:00"}},
{"type":"Feature","id":3,"geometry":{"type":"Point","coordinates":[1.81,50.92]},"properties":{"name":"c"}}
]}`

func TestUsageErrors(t *testing.T) {
	good := writeFile(t, "incidents.geojson", twoIncidents)
	out := filepath.Join(t.TempDir(), "x.png")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"render without -o", []string{"render", good}, "-o OUT.png is required"},
		{"render with nothing to draw", []string{"render", "-o", out}, "nothing to draw"},
		{"render to an unknown format", []string{"render", good, "-o", "x.tif"}, "name it .png, .pdf or .svg"},
		{"render a bad page", []string{"render", good, "-o", "x.pdf", "--page", "a5"}, "--page"},
		{"render a bad dpi", []string{"render", good, "-o", out, "--page", "a4", "--dpi", "1200"}, "--dpi"},
		{"render a bad cell", []string{"render", good, "-o", out, "--safe", "--cell", "2 parsecs"}, "--cell"},
		{"bad size", []string{"render", good, "-o", out, "--size", "12by3"}, "--size"},
		{"zero size", []string{"render", good, "-o", out, "--size", "0x100"}, "--size"},
		{"too many pixels", []string{"render", good, "-o", out, "--size", "16000x16000"}, "choose a smaller size"},
		{"bad bbox", []string{"render", good, "-o", out, "--bbox", "3,52,-1.5,49.5"}, "--bbox"},
		{"bad from", []string{"inspect", good, "--from", "yesterday"}, "--from"},
		{"to before from", []string{"inspect", good, "--from", "2015-08-01", "--to", "2015-07-01"}, "before"},
		{"unknown zone", []string{"inspect", good, "--zone", "Mars/Olympus"}, "not a known time zone"},
		{"unknown flag", []string{"inspect", good, "--frobnicate"}, "frobnicate"},
		{"inspect nothing", []string{"inspect"}, "nothing to inspect"},
		{"synth without -o", []string{"synth", "-n", "5"}, "-o OUT.geojson"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := campmap(t, tt.args...)
			if code != exitUsage {
				t.Errorf("exit status %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr %q does not say %q", stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed render left %s behind", out)
	}
}

type inspectJSON struct {
	Layers []struct {
		Name          string         `json:"name"`
		Path          string         `json:"path"`
		Kind          string         `json:"kind"`
		Features      int            `json:"features"`
		GeometryTypes map[string]int `json:"geometry_types"`
		BBox          []float64      `json:"bbox"`
		Time          struct {
			Start   *string `json:"start"`
			End     *string `json:"end"`
			Zone    string  `json:"zone"`
			Undated int     `json:"undated"`
		} `json:"time"`
		InWindow *int     `json:"in_window"`
		Warnings []string `json:"warnings"`
	} `json:"layers"`
}

func TestInspectJSON(t *testing.T) {
	f := writeFile(t, "incidents.geojson", twoIncidents)
	tests := []struct {
		name     string
		args     []string
		zone     string
		start    string
		inWindow int // -1: absent
	}{
		{"no window", []string{"inspect", f, "--json"}, "UTC", "2015-07-28T22:00:00Z", -1},
		{"window of one day", []string{"inspect", f, "--json", "--from", "2015-07-28", "--to", "2015-07-28"}, "UTC", "2015-07-28T22:00:00Z", 1},
		{"window of both", []string{"inspect", "--json", "--from", "2015-07-01", f, "--to", "2015-08-31"}, "UTC", "2015-07-28T22:00:00Z", 2},
		{"paris zone shifts the day", []string{"inspect", f, "--json", "--zone", "Europe/Paris", "--from", "2015-07-29", "--to", "2015-07-29"}, "Europe/Paris", "2015-07-29T00:00:00+02:00", 1},
		{"window before the data", []string{"inspect", f, "--json", "--from", "2014-01-01", "--to", "2014-12-31"}, "UTC", "2015-07-28T22:00:00Z", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := campmap(t, tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got inspectJSON
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, stdout)
			}
			if len(got.Layers) != 1 {
				t.Fatalf("%d layers, want 1", len(got.Layers))
			}
			l := got.Layers[0]
			if l.Name != "incidents" || l.Path != f || l.Kind != "incident" || l.Features != 3 || l.GeometryTypes["Point"] != 3 {
				t.Errorf("layer = %+v", l)
			}
			if len(l.BBox) != 4 || l.BBox[0] != 1.80 || l.BBox[3] != 50.95 {
				t.Errorf("bbox = %v", l.BBox)
			}
			if l.Time.Start == nil || *l.Time.Start != tt.start || l.Time.Zone != tt.zone || l.Time.Undated != 1 {
				t.Errorf("time = %+v (start %v), want start %s zone %s undated 1", l.Time, deref(l.Time.Start), tt.start, tt.zone)
			}
			switch {
			case tt.inWindow < 0 && l.InWindow != nil:
				t.Errorf("in_window present without a window")
			case tt.inWindow >= 0 && (l.InWindow == nil || *l.InWindow != tt.inWindow):
				t.Errorf("in_window = %v, want %d", deref(l.InWindow), tt.inWindow)
			}
			if l.Warnings == nil {
				t.Error("warnings must be a list, even empty")
			}
		})
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestInspectBrokenFile(t *testing.T) {
	good := writeFile(t, "incidents.geojson", twoIncidents)
	bad := writeFile(t, "camps.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.8,50.9]},"properties":{}},
{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1,50],[2,50],[2,51]]]},"properties":{}}]}`)
	code, stdout, stderr := campmap(t, "inspect", good, bad)
	if code != exitFail {
		t.Fatalf("exit %d, want %d", code, exitFail)
	}
	if !strings.Contains(stderr, "camps.geojson") || !strings.Contains(stderr, "feature 1") {
		t.Errorf("stderr %q should name the file and feature 1", stderr)
	}
	if !strings.Contains(stdout, "incidents") {
		t.Errorf("the good file should still be reported: %q", stdout)
	}
	code, _, stderr = campmap(t, "inspect", filepath.Join(t.TempDir(), "missing.geojson"))
	if code != exitFail || !strings.Contains(stderr, "missing.geojson") {
		t.Errorf("missing file: exit %d, stderr %q", code, stderr)
	}
}

func TestInspectSample(t *testing.T) {
	code, stdout, stderr := campmap(t, "inspect", "--sample", "--json", "--from", "2015-07-01", "--to", "2015-07-31", "--zone", "Europe/Paris")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got inspectJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]bool{}
	for _, l := range got.Layers {
		kinds[l.Kind] = true
		if l.Kind == "incident" && (l.InWindow == nil || *l.InWindow == 0 || *l.InWindow >= l.Features) {
			t.Errorf("incidents in July: %v of %d", deref(l.InWindow), l.Features)
		}
	}
	for _, k := range []string{"camp", "terminal", "port", "route", "incident"} {
		if !kinds[k] {
			t.Errorf("sample has no %s layer", k)
		}
	}
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

func TestRender(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.png"), filepath.Join(dir, "b.png"), filepath.Join(dir, "c.png")
	args := []string{"render", "--sample", "--size", "400x250", "--bbox", "1.7,50.88,2.0,51.0"}
	for _, out := range []string{a, b} {
		if code, _, stderr := campmap(t, append(args, "-o", out)...); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	if code, _, stderr := campmap(t, append(args, "-o", c, "--from", "2015-06-01", "--to", "2015-06-02")...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	img := decodePNG(t, a)
	if img.Bounds().Dx() != 400 || img.Bounds().Dy() != 250 {
		t.Errorf("size %v, want 400x250", img.Bounds())
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	bc, _ := os.ReadFile(c)
	if !bytes.Equal(ba, bb) {
		t.Error("the same inputs gave different bytes")
	}
	if bytes.Equal(ba, bc) {
		t.Error("a narrow time window drew the same image as no window")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("render left extra files: %v", entries)
	}
}

func TestRenderFailures(t *testing.T) {
	bad := writeFile(t, "broken.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,50]]},"properties":{}}]}`)
	out := filepath.Join(t.TempDir(), "out.png")
	code, _, stderr := campmap(t, "render", bad, "-o", out)
	if code != exitFail || !strings.Contains(stderr, "broken.geojson") || !strings.Contains(stderr, "feature 0") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed render wrote its output")
	}
	code, _, stderr = campmap(t, "render", "--sample", "-o", filepath.Join(t.TempDir(), "no", "such", "dir", "x.png"))
	if code != exitFail || !strings.Contains(stderr, "x.png") {
		t.Errorf("unwritable output: exit %d, stderr %q", code, stderr)
	}
}

// TestRenderWithoutDisplay runs the real binary with no X display at all.
func TestRenderWithoutDisplay(t *testing.T) {
	out := filepath.Join(t.TempDir(), "headless.png")
	cmd := exec.Command(os.Args[0], "render", "--sample", "-o", out, "--size", "300x200")
	cmd.Env = append(withoutDisplay(os.Environ()), "CAMPMAP_RUN_MAIN=1")
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, msg)
	}
	if img := decodePNG(t, out); img.Bounds().Dx() != 300 {
		t.Errorf("width %d", img.Bounds().Dx())
	}
}

func withoutDisplay(env []string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, "DISPLAY=") && !strings.HasPrefix(e, "WAYLAND_DISPLAY=") {
			out = append(out, e)
		}
	}
	return out
}

func TestSynthIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.geojson"), filepath.Join(dir, "b.geojson")
	for _, p := range []string{a, b} {
		if code, _, stderr := campmap(t, "synth", "-n", "500", "--seed", "7", "-o", p); code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ba, bb) || len(ba) == 0 {
		t.Fatal("same seed, different bytes")
	}
	code, stdout, stderr := campmap(t, "inspect", a, "--json")
	if code != exitOK {
		t.Fatalf("inspect synth output: %d %s", code, stderr)
	}
	var got inspectJSON
	json.Unmarshal([]byte(stdout), &got)
	if len(got.Layers) != 1 || got.Layers[0].Features != 500 || got.Layers[0].Kind != "incident" {
		t.Errorf("synth file reads as %+v", got.Layers)
	}
}

// TestSynthShapes: --geometry polygon and line write files that load with
// every feature of that type and no warning.
func TestSynthShapes(t *testing.T) {
	for _, c := range []struct{ geometry, typ string }{{"polygon", "Polygon"}, {"line", "LineString"}} {
		t.Run(c.geometry, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), c.geometry+".geojson")
			if code, _, stderr := campmap(t, "synth", "-n", "300", "--geometry", c.geometry, "-o", p); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			code, stdout, stderr := campmap(t, "inspect", p, "--json")
			if code != exitOK {
				t.Fatalf("inspect: %d %s", code, stderr)
			}
			var got inspectJSON
			json.Unmarshal([]byte(stdout), &got)
			if len(got.Layers) != 1 || got.Layers[0].Features != 300 || got.Layers[0].GeometryTypes[c.typ] != 300 || len(got.Layers[0].Warnings) != 0 {
				t.Errorf("synth file reads as %+v", got.Layers)
			}
		})
	}
	if code, _, _ := campmap(t, "synth", "-n", "3", "--geometry", "circle", "-o", filepath.Join(t.TempDir(), "x.geojson")); code == exitOK {
		t.Error("--geometry circle accepted")
	}
}

// TestOpenEndedWindow: --from without --to (and the reverse) runs to the end
// (the start) of time without overflowing the time index.
func TestOpenEndedWindow(t *testing.T) {
	for _, args := range [][]string{{"--from", "2015-07-01"}, {"--to", "2015-07-01"}} {
		out := filepath.Join(t.TempDir(), "open.png")
		code, _, stderr := campmap(t, append([]string{"render", "--sample", "--size", "200x120", "-o", out}, args...)...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		code, stdout, stderr := campmap(t, append([]string{"inspect", "--sample", "--json"}, args...)...)
		if code != exitOK || !strings.Contains(stdout, `"in_window"`) {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

// TestDataZone: times written without an offset are read in UTC unless
// --data-zone says otherwise; --zone only changes how they are shown.
func TestDataZone(t *testing.T) {
	f := writeFile(t, "incidents.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.85,50.95]},"properties":{"time":"2015-07-28T22:00:00"}}]}`)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"utc by default", nil, "2015-07-28T22:00:00Z"},
		{"display zone only shows", []string{"--zone", "Europe/Paris"}, "2015-07-29T00:00:00+02:00"},
		{"data zone reads", []string{"--data-zone", "Europe/Paris"}, "2015-07-28T20:00:00Z"},
		{"both", []string{"--data-zone", "Europe/London", "--zone", "Europe/Paris"}, "2015-07-28T23:00:00+02:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := campmap(t, append([]string{"inspect", f, "--json"}, tt.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got inspectJSON
			json.Unmarshal([]byte(stdout), &got)
			if len(got.Layers) != 1 || got.Layers[0].Time.Start == nil || *got.Layers[0].Time.Start != tt.want {
				t.Errorf("start = %v, want %s", got.Layers, tt.want)
			}
		})
	}
	if code, _, stderr := campmap(t, "inspect", f, "--data-zone", "Atlantis/Capital"); code != exitUsage {
		t.Errorf("unknown data zone: exit %d (%s)", code, stderr)
	}
}

// TestWindowOnADisplayNobodyServes: DISPLAY names a display with no X
// server behind it (GLFW logs the refusal, then panics): campmap says which
// display failed and what to do, and exits 1 instead of crashing.
func TestWindowOnADisplayNobodyServes(t *testing.T) {
	disp := freeDisplay(t)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(withoutDisplay(os.Environ()), "CAMPMAP_RUN_MAIN=1", "DISPLAY="+disp, "HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFail {
		t.Fatalf("exit: %v, want status %d\n%s", err, exitFail, out)
	}
	for _, want := range []string{"the window could not open", `DISPLAY="` + disp + `"`, "campmap render"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output should say %q:\n%s", want, out)
		}
	}
	if strings.Contains(string(out), "panic:") {
		t.Errorf("output shows the toolkit's crash:\n%s", out)
	}
}

// TestWindowWithoutDisplay: opening the window with no display says so and
// exits 1, instead of the toolkit's crash.
func TestWindowWithoutDisplay(t *testing.T) {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(withoutDisplay(os.Environ()), "CAMPMAP_RUN_MAIN=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitFail {
		t.Fatalf("exit: %v, want status %d\n%s", err, exitFail, out)
	}
	if !strings.Contains(string(out), "no display") || strings.Contains(string(out), "panic") {
		t.Errorf("output %q should say there is no display, without a crash", out)
	}
	for _, tt := range []struct {
		goos, display, wayland string
		want                   error
	}{
		{"linux", "", "", errNoDisplay},
		{"linux", ":0", "", nil},
		{"linux", "", "wayland-0", nil},
		{"freebsd", "", "", errNoDisplay},
		{"windows", "", "", nil},
		{"darwin", "", "", nil},
	} {
		env := map[string]string{"DISPLAY": tt.display, "WAYLAND_DISPLAY": tt.wayland}
		if got := checkDisplay(tt.goos, func(k string) string { return env[k] }); got != tt.want {
			t.Errorf("checkDisplay(%s, %q, %q) = %v, want %v", tt.goos, tt.display, tt.wayland, got, tt.want)
		}
	}
}

// A file none of whose features can be placed (all geometries null, or a
// CSV without coordinates) is an error: inspect and render exit 1 with one
// sentence naming the file and why, and render writes nothing.
func TestNothingPlacedFails(t *testing.T) {
	nulls := writeFile(t, "table.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":null,"properties":{"a":1}},
{"type":"Feature","geometry":null,"properties":{"a":2}}]}`)
	csv := writeFile(t, "table.csv", "name,lat,lon\nx,,\ny,,\n")
	for _, in := range []string{nulls, csv} {
		code, _, stderr := campmap(t, "inspect", in)
		if code != exitFail || !strings.Contains(stderr, filepath.Base(in)) || !strings.Contains(stderr, "placed") {
			t.Errorf("inspect %s: exit %d, stderr %q", filepath.Base(in), code, stderr)
		}
		out := filepath.Join(t.TempDir(), "out.png")
		code, _, stderr = campmap(t, "render", in, "-o", out)
		if code != exitFail || !strings.Contains(stderr, filepath.Base(in)) {
			t.Errorf("render %s: exit %d, stderr %q", filepath.Base(in), code, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("render %s wrote its output", filepath.Base(in))
		}
	}
	if _, _, stderr := campmap(t, "inspect", nulls); !strings.Contains(stderr, `all 2 features have "geometry": null`) {
		t.Errorf("the message does not say why: %q", stderr)
	}
}
