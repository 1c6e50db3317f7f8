package ui

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"campmap/data"
	"campmap/data/csv"
	"campmap/data/geojson"
	"campmap/data/project"
	"campmap/data/style"
	"campmap/internal/atomicfile"
)

// csvTable has three ACLED rows, one of them without coordinates.
const csvTable = "event_id_cnty,event_date,time_precision,event_type,latitude,longitude,fatalities\n" +
	"FRA1,2015-07-20,1,Riots,50.95,1.85,1\n" +
	"FRA2,2015-07-25,1,Protests,50.96,1.86,0\n" +
	"FRA3,2015-07-26,1,Protests,,,0\n"

// projectFiles writes a GeoJSON layer and a CSV table into a folder.
func projectFiles(t *testing.T) (dir, jsonPath, csvPath string) {
	t.Helper()
	dir = t.TempDir()
	jsonPath = filepath.Join(dir, "incidents.geojson")
	l := incidentsLayer(t, 10)
	if err := atomicfile.Write(jsonPath, 0o644, func(w io.Writer) error { return geojson.Write(w, l, nil) }); err != nil {
		t.Fatal(err)
	}
	csvPath = filepath.Join(dir, "acled.csv")
	os.WriteFile(csvPath, []byte(csvTable), 0o644)
	return dir, jsonPath, csvPath
}

func TestProjectSaveAndOpen(t *testing.T) {
	dir, geojson, csv := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{geojson, csv}, true)
	h.settle()
	if len(h.mw.layers) != 2 {
		t.Fatalf("%d layers", len(h.mw.layers))
	}
	if !strings.Contains(h.seen.dialog, "Rows skipped in acled") || !strings.Contains(h.seen.dialog, "line 4: no coordinates") {
		t.Errorf("no skipped-rows summary: %q", h.seen.dialog)
	}
	inc, acled := h.mw.layers[0], h.mw.layers[1]
	h.mw.setVisible(inc.id, false)
	h.mw.setOpacity(acled.id, 0.5)
	h.mw.setKind(acled.id, data.KindPort)
	w := data.Span{Start: day0.AddDate(0, 0, 2).UnixMilli(), End: day0.AddDate(0, 0, 6).UnixMilli() - 1}
	h.mw.setWindow(w)
	h.mw.moveLayer(acled.id, -1) // acled below incidents
	h.mw.tl.cats.change(acled.id, func(st *style.Style) {
		st.Hidden = style.SetOf("Riots")
		st.CategoryColors = map[string]style.Color{"Protests": {R: 0xcc, G: 0x11, B: 0x22, A: 0xff}}
		st.Filter = &style.Filter{Key: "fatalities", Hidden: style.SetOf("3")}
	})
	h.settle()
	ps := h.mw.proj
	if !ps.dirty() {
		t.Error("an untitled project with layers is not dirty")
	}
	path := filepath.Join(dir, "calais.campmap")
	ps.saveTo(path)
	h.settle()
	if ps.dirty() || ps.path != path {
		t.Errorf("after saving: dirty %v path %q", ps.dirty(), ps.path)
	}
	if got := h.mw.app.Preferences().StringList(recentKey); len(got) != 1 || got[0] != path {
		t.Errorf("recent projects %v", got)
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), dir) {
		t.Errorf("project holds absolute paths:\n%s", raw)
	}
	vp := h.mw.mv.Viewport()

	// a second window opens it as it was
	h2 := newHarness(t, Options{}, nil)
	h2.mw.proj.open(path)
	h2.settle()
	if len(h2.mw.layers) != 2 {
		t.Fatalf("%d layers opened", len(h2.mw.layers))
	}
	a, b := h2.mw.layers[0], h2.mw.layers[1]
	if a.layer.Name != "acled" || b.layer.Name != "incidents" {
		t.Errorf("order %s, %s; want acled, incidents", a.layer.Name, b.layer.Name)
	}
	if a.style.Opacity != 0.5 || a.layer.Kind != data.KindPort || !a.style.Visible || b.style.Visible {
		t.Errorf("acled opacity %v kind %v visible %v; incidents visible %v", a.style.Opacity, a.layer.Kind, a.style.Visible, b.style.Visible)
	}
	st2 := a.style
	if !st2.Hidden["Riots"] || st2.CategoryColors["Protests"] != (style.Color{R: 0xcc, G: 0x11, B: 0x22, A: 0xff}) ||
		st2.Filter == nil || st2.Filter.Key != "fatalities" || !st2.Filter.Hidden["3"] {
		t.Errorf("category style not restored: %+v", st2)
	}
	if h2.mw.window != w {
		t.Errorf("window %v, want %v", h2.mw.window, w)
	}
	vp2 := h2.mw.mv.Viewport()
	if math.Abs(vp2.Center[0]-vp.Center[0]) > 1e-9 || math.Abs(vp2.Zoom-vp.Zoom) > 1e-9 {
		t.Errorf("view %v z%v, want %v z%v", vp2.Center, vp2.Zoom, vp.Center, vp.Zoom)
	}
	if h2.mw.proj.dirty() {
		t.Error("a project just opened is dirty")
	}
}

func TestProjectMissingFile(t *testing.T) {
	dir, geojson, csv := projectFiles(t)
	p := &project.Project{Layers: []project.Layer{
		{Path: geojson, Style: style.Default()},
		{Path: filepath.Join(dir, "gone", "acled.csv"), Style: style.Default()},
	}}
	path := filepath.Join(dir, "p.campmap")
	if err := project.Save(path, p); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{}, nil)
	h.mw.proj.open(path)
	h.settle()
	if len(h.mw.layers) != 1 || h.mw.layers[0].layer.Name != "incidents" {
		t.Fatalf("layers %d", len(h.mw.layers))
	}
	if !strings.HasPrefix(h.seen.dialog, "Missing files") || !strings.Contains(h.seen.dialog, filepath.Join("gone", "acled.csv")) {
		t.Errorf("dialog %q", h.seen.dialog)
	}
	// located: the project reopens with it
	q, _ := project.Load(path)
	q.Relocate(1, csv)
	h.mw.proj.apply(q, path, false)
	h.settle()
	if len(h.mw.layers) != 2 {
		t.Errorf("%d layers after locating the file", len(h.mw.layers))
	}
}

func TestAutosaveRecovery(t *testing.T) {
	_, geojson, _ := projectFiles(t)
	h := newHarness(t, Options{Sample: true}, nil)
	h.mw.proj.dir = t.TempDir() // test apps share their storage folder
	h.settle()
	h.mw.proj.autosave()
	h.settle()
	if as, _ := project.Autosaves(h.mw.proj.dir); len(as) != 0 {
		t.Errorf("the untouched sample was autosaved")
	}
	for _, e := range slices.Clone(h.mw.layers) {
		h.mw.removeLayer(e.id)
	}
	h.mw.ld.open([]string{geojson}, true)
	h.settle()
	h.mw.setOpacity(h.mw.layers[0].id, 0.3)
	h.mw.proj.autosave()
	h.settle()
	as, err := project.Autosaves(h.mw.proj.dir)
	if err != nil || len(as) != 1 || as[0].Of != "" || len(as[0].Project.Layers) != 1 || as[0].Project.Layers[0].Opacity != 0.3 {
		t.Fatalf("autosaves %+v %v", as, err)
	}
	// nothing changed since: no new write
	before, _ := os.Stat(as[0].File)
	h.mw.proj.autosave()
	h.settle()
	if after, _ := os.Stat(as[0].File); !after.ModTime().Equal(before.ModTime()) {
		t.Error("an unchanged window was autosaved again")
	}
	// the window "crashes"; the next one offers the work back
	h.mw.win.Close()
	h2 := newHarness(t, Options{}, nil)
	h2.mw.proj.dir = h.mw.proj.dir
	h2.mw.proj.offerRecovery()
	if !strings.HasPrefix(h2.seen.dialog, "Recover unsaved work") {
		t.Fatalf("dialog %q", h2.seen.dialog)
	}
	h2.mw.proj.apply(as[0].Project, as[0].Of, true)
	h2.settle()
	if len(h2.mw.layers) != 1 || h2.mw.layers[0].style.Opacity != 0.3 {
		t.Errorf("recovered %d layers", len(h2.mw.layers))
	}
	if !h2.mw.proj.dirty() {
		t.Error("recovered work counts as saved")
	}
}

func TestLayerFileChangedReloads(t *testing.T) {
	_, _, csv := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{csv}, true)
	h.settle()
	e := h.mw.layers[0]
	h.mw.setKind(e.id, data.KindCamp)
	h.mw.setOpacity(e.id, 0.4)
	if got := h.mw.proj.watched; len(got) != 1 || got[0] != csv {
		t.Errorf("watching %v", got)
	}
	os.WriteFile(csv, []byte(csvTable+"FRA4,2015-07-27,1,Riots,50.97,1.87,3\n"), 0o644)
	h.mw.proj.fileChanged(csv)
	h.settle()
	e = h.mw.layers[0]
	if e.layer.Len() != 3 || e.layer.Kind != data.KindCamp || e.style.Opacity != 0.4 {
		t.Errorf("reloaded: %d features, kind %v, opacity %v", e.layer.Len(), e.layer.Kind, e.style.Opacity)
	}
}

func TestCSVImportDialog(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "iom.csv")
	os.WriteFile(path, []byte("Main ID,Incident Date,Cause of Death,Total Number of Dead and Missing,Coordinates\n"+
		"A,2023-01-05,Drowning,2,\"50.94, 1.75\"\n"+
		"B,2023-01-17,Drowning,3,\"50.77, 1.59\"\n"+
		"C,2023-02-11,Violence,1,\"nowhere\"\n"), 0o644)
	h := newHarness(t, Options{}, nil)
	b, _ := os.ReadFile(path)
	s, err := csv.Detect(b, path, data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ci := &csvImport{mw: h.mw, path: path, src: b, head: b, schema: s}
	ci.show()
	h.settle()
	if !strings.Contains(h.seen.dialog, csv.DialectIOM) {
		t.Errorf("dialog %q", h.seen.dialog)
	}
	if got := ci.summary.Text; !strings.Contains(got, "3 rows: 2 loaded, 1 skipped") || !strings.Contains(got, "at least n") {
		t.Errorf("preview summary %q", got)
	}
	if ci.place.Selected != placeCoords || ci.coords.Selected != "Coordinates" || ci.count.Selected != "Total Number of Dead and Missing" {
		t.Errorf("detected %q %q %q", ci.place.Selected, ci.coords.Selected, ci.count.Selected)
	}
	blank := func() bool {
		img := ci.img.Image
		r := img.Bounds()
		for y := r.Min.Y; y < r.Max.Y; y += 7 {
			for x := r.Min.X; x < r.Max.X; x += 7 {
				if _, _, _, a := img.At(x, y).RGBA(); a != 0 {
					return false
				}
			}
		}
		return true
	}
	if blank() {
		t.Error("the preview map is empty")
	}
	// reading the column as "lon, lat" puts the rows elsewhere (and out of range)
	ci.place.SetSelected(placeCoordsLF)
	h.settle()
	if got := ci.summary.Text; !strings.Contains(got, "3 rows: 2 loaded, 1 skipped") {
		t.Errorf("lon-first summary %q", got)
	}
	ci.place.SetSelected(placeCoords)
	ci.tim.SetSelected(noColumn)
	h.settle()
	ci.load()
	h.settle()
	if len(h.mw.layers) != 1 {
		t.Fatalf("%d layers", len(h.mw.layers))
	}
	l := h.mw.layers[0].layer
	if l.Len() != 2 || l.TimeExtent().Dated() || !l.CountIsMinimum || l.CountText(1) != "at least 3" {
		t.Errorf("loaded %d features, dated %v, count %q", l.Len(), l.TimeExtent().Dated(), l.CountText(1))
	}
	if o := h.mw.proj.csvOpts[path]; o == nil || o.Coords != "Coordinates" || !o.NoTime {
		t.Errorf("options kept for the project: %+v", o)
	}
	if !strings.HasPrefix(h.seen.dialog, "Rows skipped in iom") {
		t.Errorf("dialog %q", h.seen.dialog)
	}
}

func TestExportLayerFormats(t *testing.T) {
	l := incidentsLayer(t, 10)
	dir := t.TempDir()
	w := data.Span{Start: day0.UnixMilli(), End: day0.AddDate(0, 0, 3).UnixMilli() - 1}
	for _, name := range []string{"out.gpkg", "out.geojson"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := writeLayer(context.Background(), l, data.InWindow(l, w, false), path); err != nil {
				t.Fatal(err)
			}
			ls, err := data.LoadFileLayers(context.Background(), path, data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(ls) != 1 || ls[0].Len() != 3 {
				t.Errorf("exported %d layers, first with %d features; want 3 features", len(ls), ls[0].Len())
			}
		})
	}
}

func TestIdentifyShowsMinimumCounts(t *testing.T) {
	l, err := csv.LoadBytes(context.Background(), "iom.csv", []byte("Web ID,Reported Date,Total Dead and Missing,Location Coordinates\n1,\"January 25, 2020\",4,\"50.97, 1.84\"\n"), data.LoadOptions{}, data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rows := featureRows(l, 0, nil)
	found := false
	for _, r := range rows {
		if r[0] == "Total Dead and Missing" {
			found = r[1] == "at least 4"
		}
	}
	if !found {
		t.Errorf("rows %v, want Total Dead and Missing: at least 4", rows)
	}
}

func TestOpenCSVWithoutCoordinatesAsksForColumns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sites.csv")
	os.WriteFile(path, []byte("site,where\nJungle,\"50.966 1.905\"\n"), 0o644)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{path}, true)
	h.settle()
	if len(h.mw.layers) != 0 || !strings.HasPrefix(h.seen.dialog, "Import sites.csv") {
		t.Errorf("%d layers, dialog %q; want the column dialog", len(h.mw.layers), h.seen.dialog)
	}
}

func TestCloseAsksAboutUnsavedChanges(t *testing.T) {
	dir, geojson, _ := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.proj.dir = t.TempDir()
	closed := 0
	done := func() { closed++ }
	h.mw.proj.confirmClose(done) // nothing open
	if closed != 1 {
		t.Fatalf("an empty window asked before closing")
	}
	h.mw.ld.open([]string{geojson}, true)
	h.settle()
	h.mw.proj.confirmClose(done)
	if closed != 1 || !strings.HasPrefix(h.seen.dialog, "Unsaved changes") {
		t.Fatalf("closed %d, dialog %q", closed, h.seen.dialog)
	}
	h.mw.proj.saveTo(filepath.Join(dir, "p.campmap"))
	h.mw.proj.confirmClose(done)
	if closed != 2 {
		t.Errorf("a saved project asked before closing")
	}
	h.mw.setOpacity(h.mw.layers[0].id, 0.2)
	h.mw.proj.confirmClose(done)
	if closed != 2 {
		t.Errorf("a changed project closed without asking")
	}
}

func TestProjectOnTheCommandLine(t *testing.T) {
	dir, geojson, _ := projectFiles(t)
	path := filepath.Join(dir, "p.campmap")
	if err := project.Save(path, &project.Project{Layers: []project.Layer{{Path: geojson, Style: style.Style{Visible: true, Opacity: 0.6}}}}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Files: []string{path}}, nil)
	h.settle()
	if len(h.mw.layers) != 1 || h.mw.layers[0].style.Opacity != 0.6 || h.mw.proj.path != path {
		t.Errorf("%d layers, project %q", len(h.mw.layers), h.mw.proj.path)
	}
}

func TestDropProject(t *testing.T) {
	dir, geojson, csv := projectFiles(t)
	path := filepath.Join(dir, "p.campmap")
	if err := project.Save(path, &project.Project{Layers: []project.Layer{{Path: geojson, Style: style.Default()}}}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{}, nil)
	h.mw.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(path)})
	h.settle()
	if len(h.mw.layers) != 1 || h.mw.proj.path != path {
		t.Fatalf("%d layers, project %q", len(h.mw.layers), h.mw.proj.path)
	}
	// a table dropped afterwards opens as a layer of the project
	h.mw.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(csv)})
	h.settle()
	if len(h.mw.layers) != 2 {
		t.Errorf("%d layers after dropping a table", len(h.mw.layers))
	}
}
