package project

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"campmap/data"
	"campmap/data/style"
)

// sampleProject is a project using every field, with files under dir.
func sampleProject(dir string) *Project {
	return &Project{
		Version: Version,
		Title:   "Calais, summer 2015",
		Layers: []Layer{
			{Path: filepath.Join(dir, "data", "camps.geojson"), Style: style.Style{Visible: true, Opacity: 0.8, Fill: style.Color{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}}, Kind: "camp"},
			{Path: filepath.Join(dir, "data", "iom.csv"), Category: "Cause of Death",
				Style: style.Style{Visible: true, Opacity: 1, CategoryColors: map[string]style.Color{"Drowning": {R: 0x00, G: 0x72, B: 0xb2, A: 0xff}}, Hidden: style.SetOf("Violence"),
					Zone: "Europe/Paris", Filter: &style.Filter{Key: "Migration Route", Hidden: style.SetOf("Central Mediterranean")}},
				CSV: &CSV{Coords: "Coordinates", Time: "Incident Date"}},
			{Path: filepath.Join(dir, "sites.gpkg"), Table: "ports", Style: style.Style{Visible: false, Opacity: 0.5}},
			{Sample: "terminals", Style: style.Default()},
			{Connection: &Connection{URL: "postgres://team@db.example/incidents", Table: "incidents", TimeColumn: "occurred"}, Style: style.Default()},
		},
		Viewport: &Viewport{Lon: 1.85, Lat: 50.95, Zoom: 12.5},
		Window:   &Window{Start: "2015-07-01T00:00:00Z", End: "2015-07-31T23:59:59.999Z", Inside: true},
		Zone:     "Europe/Paris",
		Zones:    []Area{{Name: "Jungle", Geometry: json.RawMessage(`{"type":"Point","coordinates":[1.9,50.96]}`)}},
		Basemap:  Basemap{Hidden: false},
	}
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p := sampleProject(dir)
	path := filepath.Join(dir, "calais.campmap")
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	for _, want := range []string{`"version": 1`, `"path": "data/camps.geojson"`, `"path": "sites.gpkg"`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("saved file lacks %s:\n%s", want, raw)
		}
	}
	if strings.Contains(string(raw), dir) {
		t.Errorf("saved file holds absolute paths:\n%s", raw)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, p) {
		gb, _ := json.Marshal(got)
		pb, _ := json.Marshal(p)
		t.Errorf("loaded\n%s\nwant\n%s", gb, pb)
	}
	t.Run("moved with its files", func(t *testing.T) {
		moved := filepath.Join(t.TempDir(), "copy")
		os.MkdirAll(moved, 0o755)
		os.WriteFile(filepath.Join(moved, "calais.campmap"), raw, 0o644)
		m, err := Load(filepath.Join(moved, "calais.campmap"))
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(moved, "data", "camps.geojson"); m.Layers[0].Path != want {
			t.Errorf("path %s, want %s", m.Layers[0].Path, want)
		}
	})
}

func TestPasswordsNeverSaved(t *testing.T) {
	dir := t.TempDir()
	p := &Project{Layers: []Layer{{Connection: &Connection{URL: "postgres://team:s3cret@db.example:5432/incidents?sslmode=disable", Table: "t"}, Style: style.Default()}}}
	path := filepath.Join(dir, "p.campmap")
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), "s3cret") {
		t.Fatalf("password saved:\n%s", raw)
	}
	if p.Layers[0].Connection.URL != "postgres://team:s3cret@db.example:5432/incidents?sslmode=disable" {
		t.Errorf("Save changed the project in memory")
	}
	// a password put in by hand is dropped on load
	hand := `{"version":1,"layers":[{"connection":{"url":"postgres://u:pw@h/db","table":"t"},"visible":true,"opacity":1}]}`
	q, err := Parse([]byte(hand), dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(q.Layers[0].Connection.URL, "pw") {
		t.Errorf("password kept: %s", q.Layers[0].Connection.URL)
	}
}

func TestMigrateVersion0(t *testing.T) {
	dir := t.TempDir()
	camps := filepath.Join(dir, "camps.geojson")
	old := `{"files":[{"file":` + jsonString(camps) + `,"hidden":true,"kind":"camp","opacity":0.4,"color":"#112233"},
		{"file":` + jsonString(filepath.Join(dir, "iom.csv")) + `}],
		"view":{"center":[1.85,50.95],"zoom":11},"from":"2015-07-01","to":"2015-07-31"}`
	path := filepath.Join(dir, "old.campmap")
	os.WriteFile(path, []byte(old), 0o644)
	p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := &Project{
		Version: 1,
		Layers: []Layer{
			{Path: camps, Kind: "camp", Style: style.Style{Visible: false, Opacity: 0.4, Fill: style.Color{R: 0x11, G: 0x22, B: 0x33, A: 0xff}}},
			{Path: filepath.Join(dir, "iom.csv"), Style: style.Default()},
		},
		Viewport: &Viewport{Lon: 1.85, Lat: 50.95, Zoom: 11},
		Window:   &Window{Start: "2015-07-01", End: "2015-07-31"},
	}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("migrated to %+v, want %+v", p, want)
	}
	// saved again, it is version 1 with relative paths
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), `"version": 1`) || !strings.Contains(string(raw), `"path": "camps.geojson"`) {
		t.Errorf("re-saved as\n%s", raw)
	}
	w, _ := p.Window.Span(time.UTC)
	if got := time.UnixMilli(w.End).UTC().Format(time.RFC3339); got != "2015-07-31T23:59:59Z" {
		t.Errorf("window ends %s", got)
	}
}

func jsonString(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      error
		msg       string
	}{
		{"not JSON", `hello`, ErrInvalid, ""},
		{"no version", `{"layers":[]}`, ErrInvalid, "no \"version\""},
		{"newer", `{"version":7,"layers":[]}`, ErrNewerVersion, "update campmap"},
		{"version text", `{"version":"1"}`, ErrInvalid, "whole number"},
		{"negative version", `{"version":-1}`, ErrInvalid, ""},
		{"two sources", `{"version":1,"layers":[{"path":"a","sample":"b","opacity":1}]}`, ErrInvalid, "exactly one"},
		{"no source", `{"version":1,"layers":[{"opacity":1}]}`, ErrInvalid, "exactly one"},
		{"opacity", `{"version":1,"layers":[{"path":"a","opacity":3}]}`, ErrInvalid, "opacity 3"},
		{"kind", `{"version":1,"layers":[{"path":"a","opacity":1,"kind":"castle"}]}`, ErrInvalid, "kind \"castle\""},
		{"colour", `{"version":1,"layers":[{"path":"a","opacity":1,"fill":"red"}]}`, ErrInvalid, "fill \"red\""},
		{"category colour", `{"version":1,"layers":[{"path":"a","opacity":1,"category_colors":{"x":"#12"}}]}`, ErrInvalid, "category \"x\""},
		{"zone", `{"version":1,"layers":[],"zone":"Mars/Olympus"}`, ErrInvalid, "Mars/Olympus"},
		{"viewport", `{"version":1,"layers":[],"viewport":{"lon":500,"lat":0,"zoom":3}}`, ErrInvalid, "out of range"},
		{"window", `{"version":1,"layers":[],"window":{"start":"2015-08-01","end":"2015-07-01"}}`, ErrInvalid, "before"},
		{"window text", `{"version":1,"layers":[],"window":{"start":"soon","end":""}}`, ErrInvalid, "time window"},
		{"zone geometry", `{"version":1,"layers":[],"zones":[{"name":"a"}]}`, ErrInvalid, "zone 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.src), "/tmp")
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want %v saying %q", err, tc.want, tc.msg)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		_, err := Load(filepath.Join(t.TempDir(), "nope.campmap"))
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("error %v", err)
		}
	})
}

func TestInterruptedSave(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.campmap")
	first := sampleProject(dir)
	if err := Save(path, first); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	errDisk := errors.New("no space left on device (injected)")
	hook = func() error { return errDisk }
	defer func() { hook = nil }()
	second := sampleProject(dir)
	second.Title = "changed"
	second.Layers = second.Layers[:1]
	err := Save(path, second)
	if !errors.Is(err, errDisk) {
		t.Fatalf("error %v, want the injected fault", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Fatalf("project changed by a failed save")
	}
	if p, err := Load(path); err != nil || p.Title != first.Title || len(p.Layers) != len(first.Layers) {
		t.Fatalf("previous project unreadable: %v", err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("files left beside the project: %v", ents)
	}
}

func TestAutosaveRecovery(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	path := filepath.Join(dir, "work", "calais.campmap")
	os.MkdirAll(filepath.Dir(path), 0o755)
	p := sampleProject(filepath.Dir(path))
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	// unsaved changes, then a crash
	p.Title = "unsaved title"
	p.Viewport.Zoom = 14
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := WriteAutosave(cfg, path, p, t0); err != nil {
		t.Fatal(err)
	}
	untitled := &Project{Layers: []Layer{{Path: filepath.Join(dir, "x.geojson"), Style: style.Default()}}}
	if err := WriteAutosave(cfg, "", untitled, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// next start
	as, err := Autosaves(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 || as[0].Of != "" || as[1].Of != path {
		t.Fatalf("autosaves %+v", as)
	}
	if !as[1].Saved.Equal(t0) || !reflect.DeepEqual(as[1].Project, p) {
		t.Errorf("recovered %+v, want %+v", as[1].Project, p)
	}
	if as[0].Project.Layers[0].Path != filepath.Join(dir, "x.geojson") {
		t.Errorf("untitled layer path %s", as[0].Project.Layers[0].Path)
	}
	// the project file itself was not touched
	if q, _ := Load(path); q.Title != "Calais, summer 2015" {
		t.Errorf("project file changed: %q", q.Title)
	}
	if err := RemoveAutosave(cfg, path); err != nil {
		t.Fatal(err)
	}
	if as, _ := Autosaves(cfg); len(as) != 1 {
		t.Errorf("%d autosaves after removing one", len(as))
	}
	if err := RemoveAutosave(cfg, path); err != nil {
		t.Errorf("removing twice: %v", err)
	}
	if as, err := Autosaves(filepath.Join(dir, "none")); err != nil || as != nil {
		t.Errorf("missing folder: %v %v", as, err)
	}
	// a damaged autosave is skipped, not fatal
	os.WriteFile(filepath.Join(cfg, "autosave-broken.campmap"), []byte("{"), 0o644)
	if as, err := Autosaves(cfg); err != nil || len(as) != 1 {
		t.Errorf("with a damaged autosave: %d, %v", len(as), err)
	}
}

func TestMissingAndRelocate(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old")
	moved := filepath.Join(dir, "moved")
	os.MkdirAll(moved, 0o755)
	for _, f := range []string{"a.geojson", "b.csv"} {
		os.WriteFile(filepath.Join(moved, f), []byte("x"), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "here.geojson"), []byte("x"), 0o644)
	p := &Project{Layers: []Layer{
		{Path: filepath.Join(old, "a.geojson")},
		{Path: filepath.Join(dir, "here.geojson")},
		{Path: filepath.Join(old, "b.csv")},
		{Path: filepath.Join(old, "c.csv")},
		{Sample: "camps"},
	}}
	if got := p.Missing(); !reflect.DeepEqual(got, []int{0, 2, 3}) {
		t.Fatalf("missing %v", got)
	}
	if n := p.Relocate(0, filepath.Join(moved, "a.geojson")); n != 2 {
		t.Errorf("relocated %d layers, want 2 (a and b found in the new folder)", n)
	}
	if got := p.Missing(); !reflect.DeepEqual(got, []int{3}) {
		t.Errorf("still missing %v, want [3]", got)
	}
}

func TestApply(t *testing.T) {
	b := data.NewBuilder("incidents", 2)
	b.Add(data.Feature{Geometry: orbPoint(), Span: data.Undated, Props: []data.Property{{Key: "type", Value: data.Text("riot")}, {Key: "cause", Value: data.Text("x")}}})
	dl := b.BuildDetect("incidents")
	l := Layer{Kind: "port", Category: "cause", Name: "Renamed"}
	got := l.Apply(dl)
	if got.Kind != data.KindPort || got.CategoryKey() != "cause" || got.Name != "Renamed" {
		t.Errorf("applied: kind %v category %q name %q", got.Kind, got.CategoryKey(), got.Name)
	}
	if dl.Name != "incidents" || dl.Kind == data.KindPort {
		t.Errorf("Apply changed its input")
	}
	if none := (&Layer{Category: "-"}).Apply(dl); none.CategoryKey() != "" {
		t.Errorf("category - kept %q", none.CategoryKey())
	}
}

func TestWatcher(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.geojson")
	other := filepath.Join(dir, "other.txt")
	os.WriteFile(a, []byte("1"), 0o644)
	w, err := NewWatcher(50 * time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Set([]string{a}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(other, []byte("x"), 0o644) // not watched
	for i := 0; i < 5; i++ {                // one burst
		os.WriteFile(a, []byte(strings.Repeat("2", i+1)), 0o644)
	}
	// an editor's save: write a new file, rename it over the old
	tmp := filepath.Join(dir, ".a.tmp")
	os.WriteFile(tmp, []byte("3"), 0o644)
	os.Rename(tmp, a)
	select {
	case got := <-w.Changes():
		if got != a {
			t.Errorf("changed %s, want %s", got, a)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no change reported")
	}
	// the burst is reported once
	select {
	case got := <-w.Changes():
		t.Errorf("second report for %s", got)
	case <-time.After(300 * time.Millisecond):
	}
	if err := w.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if _, ok := <-w.Changes(); ok {
		t.Errorf("changes still open after Close")
	}
	w.Close() // twice is fine
}

func FuzzLoadProject(f *testing.F) {
	dir := f.TempDir()
	b, _ := Marshal(sampleProject(dir), filepath.Join(dir, "p.campmap"))
	f.Add(b)
	f.Add([]byte(`{"files":[{"file":"/a.geojson","hidden":true}],"view":{"center":[1,2],"zoom":3}}`))
	f.Add([]byte(`{"version":1,"layers":[{"connection":{"url":"postgres://u:p@h/d","table":"t"},"opacity":1}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse(b, dir)
		if err != nil {
			return
		}
		// what loads saves and loads again to the same project
		out, err := Marshal(p, filepath.Join(dir, "p.campmap"))
		if err != nil {
			t.Fatal(err)
		}
		q, err := Parse(out, dir)
		if err != nil {
			t.Fatalf("re-reading a saved project: %v\n%s", err, out)
		}
		if len(q.Layers) != len(p.Layers) {
			t.Fatalf("%d layers, then %d", len(p.Layers), len(q.Layers))
		}
	})
}

func TestBookmarksRoundTripAndChecks(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "b.campmap")
	p := &Project{Layers: []Layer{{Sample: "camps", Style: style.Default()}, {Sample: "incidents", Style: style.Default()}},
		Bookmarks: []Bookmark{
			{Name: "Jungle, July", Viewport: Viewport{Lon: 1.885, Lat: 50.966, Zoom: 14},
				Window: &Window{Start: "2015-07-01T00:00:00Z", End: "2015-07-31T23:59:59Z"}, Visible: []int{1}},
			{Name: "Strait", Viewport: Viewport{Lon: 1.6, Lat: 51, Zoom: 9}, Visible: []int{0, 1}},
		}}
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	back, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	b, ok := back.Bookmark("jungle, JULY")
	if !ok || b.Viewport.Zoom != 14 || b.Window == nil || len(b.Visible) != 1 || b.Visible[0] != 1 {
		t.Errorf("bookmark %+v %v", b, ok)
	}
	if _, ok := back.Bookmark("nowhere"); ok {
		t.Error("found a bookmark that is not there")
	}
	for _, tc := range []struct{ json, want string }{
		{`{"version":1,"layers":[],"bookmarks":[{"name":"","viewport":{"lon":0,"lat":0,"zoom":1},"visible_layers":[]}]}`, "no name"},
		{`{"version":1,"layers":[],"bookmarks":[{"name":"a","viewport":{"lon":0,"lat":0,"zoom":1},"visible_layers":[]},{"name":"A","viewport":{"lon":0,"lat":0,"zoom":1},"visible_layers":[]}]}`, "twice"},
		{`{"version":1,"layers":[],"bookmarks":[{"name":"a","viewport":{"lon":0,"lat":95,"zoom":1},"visible_layers":[]}]}`, "out of range"},
		{`{"version":1,"layers":[],"bookmarks":[{"name":"a","viewport":{"lon":0,"lat":0,"zoom":1},"visible_layers":[3]}]}`, "has 0 layers"},
		{`{"version":1,"layers":[],"bookmarks":[{"name":"a","viewport":{"lon":0,"lat":0,"zoom":1},"window":{"start":"x","end":""},"visible_layers":[]}]}`, "time window"},
	} {
		_, err := Parse([]byte(tc.json), dir)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrInvalid naming %q", tc.json, err, tc.want)
		}
	}
}

// A password given as a password= parameter is dropped like one in the
// user part, when a project is read and when it is saved.
func TestProjectDropsPasswordParameters(t *testing.T) {
	dir := t.TempDir()
	p, err := Parse([]byte(`{"version":1,"layers":[{"connection":{"url":"postgres://team@db.example/incidents?password=s3cret&sslmode=require","table":"t"},"visible":true,"opacity":1}]}`), dir)
	if err != nil {
		t.Fatal(err)
	}
	if u := p.Layers[0].Connection.URL; strings.Contains(u, "s3cret") || !strings.Contains(u, "sslmode=require") {
		t.Errorf("read: %s", u)
	}
	p.Layers[0].Connection.URL = "postgres://team:pw2@db.example/incidents?password=s3cret"
	path := filepath.Join(dir, "p.campmap")
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), "s3cret") || strings.Contains(string(b), "pw2") {
		t.Errorf("saved with a password:\n%s", b)
	}
}
