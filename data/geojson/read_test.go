package geojson

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// validFixtureDirs hold GeoJSON every conforming reader must accept.
var validFixtureDirs = []string{
	"testdata/fixtures/rfc7946-examples",
	"testdata/fixtures/geojson-schema/valid",
	"testdata/fixtures/mapbox-geojson-fixtures/feature",
	"testdata/fixtures/mapbox-geojson-fixtures/featurecollection",
	"testdata/fixtures/mapbox-geojson-fixtures/geometry",
	"testdata/fixtures/gdal-autotest",
	"testdata/fixtures/turf-boolean-valid/true",
}

func jsonFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".geojson")) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no fixtures in %s", dir)
	}
	return out
}

// summary is the golden record of a loaded layer.
type summary struct {
	Name          string            `json:"name"`
	Kind          string            `json:"kind"`
	Count         int               `json:"count"`
	GeometryTypes map[string]int    `json:"geometry_types"`
	Bounds        *[4]float64       `json:"bounds,omitempty"`
	TimeExtent    []string          `json:"time_extent,omitempty"`
	Undated       int               `json:"undated"`
	Keys          []string          `json:"keys,omitempty"`
	IDs           []string          `json:"ids,omitempty"`
	Foreign       map[string]string `json:"foreign,omitempty"`
	Warnings      []string          `json:"warnings,omitempty"`
}

func summarize(l *data.Layer) summary {
	s := summary{Name: l.Name, Kind: l.Kind.String(), Count: l.Len(), GeometryTypes: l.GeometryTypes(),
		Undated: l.UndatedCount(), Keys: l.Keys(), Foreign: l.Foreign, Warnings: l.Warnings}
	if l.Len() > 0 {
		b := l.Bounds()
		s.Bounds = &[4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	}
	if e := l.TimeExtent(); e.Dated() {
		s.TimeExtent = []string{data.FormatTime(e.Start, time.UTC), data.FormatTime(e.End, time.UTC)}
	}
	for i := 0; i < l.Len() && i < 10; i++ {
		if id := l.ID(i); id.Type != data.ValueNull {
			s.IDs = append(s.IDs, fmt.Sprintf("%d:%s", i, id.String()))
		}
	}
	return s
}

// checkGolden compares got with testdata/golden/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./data/geojson -update to create it)", err)
	}
	if string(want) != string(b) {
		failed := filepath.Join("testdata", "failed", name)
		_ = os.MkdirAll(filepath.Dir(failed), 0o755)
		_ = os.WriteFile(failed, b, 0o644)
		t.Errorf("summary differs from %s (got written to %s):\n%s", path, failed, b)
	}
}

func goldenName(path string) string {
	rel := strings.TrimPrefix(filepath.ToSlash(path), "testdata/")
	rel = strings.TrimPrefix(rel, "fixtures/")
	return strings.NewReplacer("/", "__").Replace(rel) + ".summary.json"
}

// nothingPlaceable are valid RFC 7946 files none of whose features has a
// geometry campmap can place: loading them is an error wrapping
// data.ErrNothingPlaced, with the reason given here.
var nothingPlaceable = map[string]string{
	"geojson-schema/valid/feature/empty-polygon.json":        "its one geometry is empty",
	"geojson-schema/valid/feature/null-geometry.json":        `its one feature has "geometry": null`,
	"gdal-autotest/feature_with_type_Topology_property.json": `its one feature has "geometry": null`,
	"gdal-autotest/ids_0_1_null_1_null.json":                 `all 5 features have "geometry": null`,
	"gdal-autotest/nullvalues.geojson":                       `all 2 features have "geometry": null`,
	"gdal-autotest/sparse_fields.geojson":                    `all 14 features have "geometry": null`,
}

func TestLoadValidFixtures(t *testing.T) {
	for _, dir := range validFixtureDirs {
		for _, path := range jsonFiles(t, dir) {
			rel := strings.TrimPrefix(path, "testdata/fixtures/")
			t.Run(rel, func(t *testing.T) {
				l, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
				if want, ok := nothingPlaceable[rel]; ok {
					if !errors.Is(err, data.ErrNothingPlaced) || !strings.Contains(err.Error(), "no feature can be placed on the map: "+want) {
						t.Fatalf("error %v, want ErrNothingPlaced saying %q", err, want)
					}
					return
				}
				if err != nil {
					t.Fatalf("valid fixture rejected: %v", err)
				}
				checkLayerInvariants(t, l)
				checkGolden(t, goldenName(path), summarize(l))
			})
		}
	}
}

// checkLayerInvariants checks what every loaded layer must satisfy.
func checkLayerInvariants(t *testing.T, l *data.Layer) {
	t.Helper()
	total := 0
	for _, c := range l.GeometryTypes() {
		total += c
	}
	if total != l.Len() {
		t.Errorf("geometry type counts add to %d, layer has %d features", total, l.Len())
	}
	undated := 0
	for i := 0; i < l.Len(); i++ {
		g := l.Geometry(i)
		if g == nil {
			t.Fatalf("feature %d has no geometry", i)
		}
		if !l.Span(i).Dated() {
			undated++
		}
		a := l.Anchor(i)
		if math.IsNaN(a[0]) || math.IsNaN(a[1]) {
			t.Errorf("feature %d anchor %v", i, a)
		}
		lb := l.Bounds().Pad(1e-9)
		if l.Len() > 0 && !lb.Contains(a) && !lb.Contains(orb.Point{a[0] + 360, a[1]}) && !isCollectionOfNothing(g) {
			t.Errorf("feature %d anchor %v outside layer bounds %v", i, a, l.Bounds())
		}
		_ = l.Props(i)
	}
	if undated != l.UndatedCount() {
		t.Errorf("UndatedCount %d, counted %d", l.UndatedCount(), undated)
	}
	if l.Index().Len() != l.Len() && l.Index().Len() != 0 {
		t.Errorf("time index has %d features, layer %d", l.Index().Len(), l.Len())
	}
}

func isCollectionOfNothing(g orb.Geometry) bool {
	c, ok := g.(orb.Collection)
	return ok && len(c) == 0
}

// invalidCases maps each invalid input to the text its error must contain.
// Files under turf-boolean-valid/false are valid RFC 7946 structure in some
// cases (topology faults such as spikes and touching holes): campmap draws
// those and they are listed in topologyOnly below.
var invalidCases = map[string]string{
	"fixtures/turf-boolean-valid/false/GeometryCollection/malformed-geometry-in-collection.geojson": "member 0 of the GeometryCollection: a position has 1 number(s)",
	"fixtures/turf-boolean-valid/false/GeometryCollection/no-type-in-nested-geometry.geojson":       "member 0 of the GeometryCollection: geometry has no \"type\"",
	"fixtures/turf-boolean-valid/false/GeometryCollection/non-geometry-in-collection.geojson":       "\"Feature\" is not a geometry type",
	"fixtures/turf-boolean-valid/false/MultiPoint/multipoint.geojson":                               "position 0: a position has 1 number(s)",
	"fixtures/turf-boolean-valid/false/MultiPolygon/not-enough-coords.geojson":                      "polygon 0: ring 0 has 3 position(s)",
	"fixtures/turf-boolean-valid/false/Point/point.geojson":                                         "a position has 1 number(s): at least 2",
	"fixtures/turf-boolean-valid/false/Polygon/not-closing-ring.geojson":                            "ring 0 is not closed",
	"fixtures/turf-boolean-valid/false/Polygon/not-enough-coords.geojson":                           "ring 0 has 3 position(s): a ring needs at least 4",

	"invalid/unclosed-ring.geojson":               "line 3: feature 1: geometry: ring 0 is not closed",
	"invalid/short-ring.geojson":                  "ring 0 has 3 position(s)",
	"invalid/short-linestring.geojson":            "a LineString has 1 position(s): at least 2 are needed",
	"invalid/short-position.geojson":              "a position has 1 number(s)",
	"invalid/string-coordinate.geojson":           "a position holds a string where a number was expected",
	"invalid/nan-coordinate.geojson":              "is not a finite number",
	"invalid/inf-coordinate.geojson":              "is not a finite number",
	"invalid/longitude-out-of-range.geojson":      "longitude 200 is outside [-180, 180]",
	"invalid/latitude-out-of-range.geojson":       "latitude 95 is outside [-90, 90]",
	"invalid/projected-coordinates.geojson":       "longitude 618000 is outside [-180, 180]",
	"invalid/bbox-string.geojson":                 "\"bbox\" must be an array",
	"invalid/bbox-wrong-length.geojson":           "\"bbox\" has 3 values",
	"invalid/bbox-not-numbers.geojson":            "\"bbox\" value 1 is a string, not a finite number",
	"invalid/bbox-south-above-north.geojson":      "\"bbox\" south 51.2 is greater than north 50.8",
	"invalid/feature-bbox-bad.geojson":            "feature 0: \"bbox\" has 2 values",
	"invalid/feature-without-geometry.geojson":    "line 2: feature 0: the feature has no \"geometry\" member",
	"invalid/collection-without-features.geojson": "has no \"features\" member",
	"invalid/features-not-array.geojson":          "\"features\" must be an array of Feature objects, found an object",
	"invalid/type-missing.geojson":                "has no \"type\"",
	"invalid/type-unknown.geojson":                "unknown GeoJSON type \"Featurecollection\"",
	"invalid/type-not-string.geojson":             "\"type\" must be a string",
	"invalid/feature-type-missing.geojson":        "feature 0: the feature has no \"type\"",
	"invalid/feature-type-wrong.geojson":          "feature 0: an element of \"features\" has \"type\": \"Point\"",
	"invalid/geometry-type-unknown.geojson":       "unknown geometry type \"Circle\"",
	"invalid/geometry-type-missing.geojson":       "geometry has no \"type\"",
	"invalid/geometry-no-coordinates.geojson":     "Point has no \"coordinates\"",
	"invalid/properties-not-object.geojson":       "\"properties\" must be an object or null, found an array",
	"invalid/polygon-nesting-too-shallow.geojson": "wrong nesting of coordinates",
	"invalid/point-nesting-too-deep.geojson":      "wrong nesting of coordinates: a Point position holds an array",
	"invalid/feature-not-object.geojson":          "line 3: feature 1: a feature must be an object",
	"invalid/invalid-json-missing-comma.geojson":  "line 5: feature 1: invalid JSON at line 5, column 24",
	"invalid/invalid-json-truncated.geojson":      "line 3: feature 1: invalid JSON at line 3, column 1: '{' is never closed (the file ends first)",
	"invalid/invalid-json-trailing.geojson":       "invalid JSON at line 2, column 1: unexpected content after the end",
	"invalid/json-array.geojson":                  "not a GeoJSON file: it holds a JSON array",
	"invalid/topojson.json":                       "this is TopoJSON, not GeoJSON",
	"invalid/csv-named-geojson.geojson":           "not a GeoJSON file", // a .csv is read as CSV (csv.go)
	"invalid/empty.geojson":                       "not a GeoJSON file: it is empty",
	"invalid/overpass.json":                       "this is OpenStreetMap JSON (Overpass API output",

	"fixtures/turf-boolean-valid/false/GeometryCollection/empty-geometry-collection.geojson": "no feature can be placed on the map: its one geometry is empty",
}

// topologyOnly are turf "invalid" files whose faults are topological (OGC
// simple-feature validity, not RFC 7946 structure) or allowed by RFC 7946
// (nesting, an empty collection): campmap loads and draws them with the
// warning given here, so one bad outline does not stop a whole file.
var topologyOnly = map[string]string{
	"fixtures/turf-boolean-valid/false/GeometryCollection/nested-collection.geojson":            "a GeometryCollection is nested inside another",
	"fixtures/turf-boolean-valid/false/MultiPolygon/multipoly-with-2-vertices-touching.geojson": "polygon 0: rings 0 and 1 touch at more than one point",
	"fixtures/turf-boolean-valid/false/MultiPolygon/multipolygons-overlap.geojson":              "polygons 0 and 1 overlap (invalid as a simple feature): drawn as is",
	"fixtures/turf-boolean-valid/false/Polygon/polygon-with-hole-2-vertices-touching.geojson":   "rings 0 and 1 touch at more than one point",
	"fixtures/turf-boolean-valid/false/Polygon/polygon-with-puncture.geojson":                   "ring 0 has a spike",
	"fixtures/turf-boolean-valid/false/Polygon/polygon-with-spike.geojson":                      "ring 0 has a spike (it turns back on itself at [11.25, 22])",
}

func TestLoadInvalid(t *testing.T) {
	// every file of the turf false set and of invalid/ must be listed
	listed := 0
	for _, dir := range []string{"testdata/fixtures/turf-boolean-valid/false", "testdata/invalid"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel := strings.TrimPrefix(filepath.ToSlash(p), "testdata/")
			_, a := invalidCases[rel]
			_, b := topologyOnly[rel]
			if !a && !b {
				t.Errorf("%s is not in the table", rel)
			}
			listed++
			return nil
		})
	}
	if listed != len(invalidCases)+len(topologyOnly) {
		t.Errorf("table lists %d files, %d exist", len(invalidCases)+len(topologyOnly), listed)
	}
	for rel, want := range invalidCases {
		t.Run(rel, func(t *testing.T) {
			path := filepath.Join("testdata", rel)
			l, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
			if err == nil {
				t.Fatalf("loaded %d features, want an error containing %q", l.Len(), want)
			}
			var le *data.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not a *LoadError: %v", err, err)
			}
			if le.Path != path {
				t.Errorf("error names %q, want %q", le.Path, path)
			}
			if !strings.HasPrefix(err.Error(), "data: load "+path+": ") {
				t.Errorf("error %q lacks the package prefix and file", err)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q\n does not contain %q", err, want)
			}
		})
	}
	for rel, want := range topologyOnly {
		t.Run(rel, func(t *testing.T) {
			l, err := data.LoadFile(context.Background(), filepath.Join("testdata", rel), data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !hasWarning(l, want) {
				t.Errorf("warnings %q lack %q", l.Warnings, want)
			}
		})
	}
}

func hasWarning(l *data.Layer, sub string) bool {
	for _, w := range l.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

func load(t *testing.T, name, src string) *data.Layer {
	t.Helper()
	l, err := LoadBytes(context.Background(), name, []byte(src), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkLayerInvariants(t, l)
	return l
}

func TestUSGSEarthquakes(t *testing.T) {
	path := "testdata/usgs-earthquakes-all_week-2018-02-07.geojson"
	l, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkLayerInvariants(t, l)
	if l.Len() != 1707 || l.GeometryTypes()["Point"] != 1707 {
		t.Fatalf("got %d features %v, want 1707 points", l.Len(), l.GeometryTypes())
	}
	if l.Kind != data.KindIncident {
		t.Errorf("kind %v, want incident", l.Kind)
	}
	if l.UndatedCount() != 0 {
		t.Errorf("%d undated features", l.UndatedCount())
	}
	meta, ok := l.Foreign["metadata"]
	if !ok || !strings.Contains(meta, `"count":1707`) {
		t.Errorf("metadata foreign member not kept: %q", meta)
	}
	if len(l.Warnings) != 0 {
		t.Errorf("warnings: %q", l.Warnings)
	}
	sum := summarize(l)
	sum.Foreign = map[string]string{"metadata": l.Foreign["metadata"]}
	checkGolden(t, "usgs-earthquakes-all_week-2018-02-07.summary.json", sum)
	// the first feature, read with encoding/json for comparison
	var raw struct {
		Features []struct {
			ID         string `json:"id"`
			Properties struct {
				Time  int64  `json:"time"`
				Place string `json:"place"`
			} `json:"properties"`
			Geometry struct {
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 850, 1706} {
		f := raw.Features[i]
		if sp := l.Span(i); sp != (data.Span{Start: f.Properties.Time, End: f.Properties.Time}) {
			t.Errorf("feature %d span %v, want instant %d", i, sp, f.Properties.Time)
		}
		if a := l.Anchor(i); a != (orb.Point{f.Geometry.Coordinates[0], f.Geometry.Coordinates[1]}) {
			t.Errorf("feature %d at %v, want %v (Z %v dropped)", i, a, f.Geometry.Coordinates[:2], f.Geometry.Coordinates[2])
		}
		if id := l.ID(i); id != data.Text(f.ID) {
			t.Errorf("feature %d id %v, want %q", i, id, f.ID)
		}
		if v, _ := l.Prop(i, "place"); v.Str != f.Properties.Place {
			t.Errorf("feature %d place %q, want %q", i, v.Str, f.Properties.Place)
		}
	}
	// the extent is the week before 2018-02-07
	e := l.TimeExtent()
	if got := data.FormatTime(e.End, time.UTC); !strings.HasPrefix(got, "2018-02-0") {
		t.Errorf("latest quake %s", got)
	}
	if d := time.Duration(e.End-e.Start) * time.Millisecond; d < 6*24*time.Hour || d > 8*24*time.Hour {
		t.Errorf("time extent lasts %v, want about a week", d)
	}
}

func TestLoadMembers(t *testing.T) {
	t.Run("foreign members", func(t *testing.T) {
		l := load(t, "f.geojson", `{"type":"FeatureCollection","title":"Calais","meta":{"v":[1,2]},"features":[
			{"type":"Feature","id":"f1","title":"Example","properties":{"prop0":"value0"},"geometry":{"type":"Point","coordinates":[102.0,0.5]}}]}`)
		if l.Foreign["title"] != `"Calais"` || l.Foreign["meta"] != `{"v":[1,2]}` {
			t.Errorf("layer foreign members %q", l.Foreign)
		}
		if v, ok := l.Prop(0, "@title"); !ok || v != data.Text("Example") {
			t.Errorf("@title = %v, %v", v, ok)
		}
		if _, ok := l.Prop(0, "@id"); ok {
			t.Error("a valid id became a property")
		}
	})
	t.Run("ids", func(t *testing.T) {
		l := load(t, "ids.geojson", `{"type":"FeatureCollection","features":[
			{"type":"Feature","id":"a","properties":null,"geometry":{"type":"Point","coordinates":[1,2]}},
			{"type":"Feature","id":7,"properties":null,"geometry":{"type":"Point","coordinates":[1,2]}},
			{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[1,2]}},
			{"type":"Feature","id":{"x":1},"properties":null,"geometry":{"type":"Point","coordinates":[1,2]}}]}`)
		want := []data.Value{data.Text("a"), data.Number(7), {}, {}}
		for i, w := range want {
			if got := l.ID(i); got != w {
				t.Errorf("feature %d id %v, want %v", i, got, w)
			}
		}
		if v, _ := l.Prop(3, "@id"); v != data.RawJSON(`{"x":1}`) {
			t.Errorf("odd id kept as %v", v)
		}
		if !hasWarning(l, "feature 3 (line 5): \"id\" should be a string or a number") {
			t.Errorf("warnings %q", l.Warnings)
		}
	})
	t.Run("property values", func(t *testing.T) {
		l := load(t, "p.geojson", `{"type":"Feature","properties":{"s":"t\u00e9xt","n":-1.5e3,"b":true,"f":false,"z":null,"o":{"a":[1,{"b":null}]},"a":[1,"2"]},"geometry":{"type":"Point","coordinates":[1,2]}}`)
		want := []data.Property{
			{Key: "s", Value: data.Text("téxt")}, {Key: "n", Value: data.Number(-1500)}, {Key: "b", Value: data.Bool(true)}, {Key: "f", Value: data.Bool(false)},
			{Key: "z", Value: data.Value{}}, {Key: "o", Value: data.RawJSON(`{"a":[1,{"b":null}]}`)}, {Key: "a", Value: data.RawJSON(`[1,"2"]`)},
		}
		got := l.Props(0)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("props\n got %v\nwant %v", got, want)
		}
	})
	t.Run("BOM and XYZ", func(t *testing.T) {
		l := load(t, "bom.geojson", "\xef\xbb\xbf"+`{"type":"LineString","coordinates":[[1,2,3],[4,5,6]]}`)
		if g, ok := l.Geometry(0).(orb.LineString); !ok || len(g) != 2 || g[1] != (orb.Point{4, 5}) {
			t.Errorf("geometry %#v", l.Geometry(0))
		}
		if len(l.Warnings) != 0 {
			t.Errorf("XYZ warned: %q", l.Warnings)
		}
	})
	t.Run("geometry collection", func(t *testing.T) {
		l := load(t, "gc.geojson", `{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[
			{"type":"Point","coordinates":[100,0]},{"type":"LineString","coordinates":[[101,0],[102,1]]}]}}`)
		c, ok := l.Geometry(0).(orb.Collection)
		if !ok || len(c) != 2 {
			t.Fatalf("geometry %#v", l.Geometry(0))
		}
		if _, ok := c[1].(orb.LineString); !ok {
			t.Errorf("member 1 %T", c[1])
		}
	})
	t.Run("bare geometry foreign member", func(t *testing.T) {
		l := load(t, "null-island.geojson", `{"type":"Point","coordinates":[0,0],"title":"Null Island"}`)
		if v, _ := l.Prop(0, "@title"); v != data.Text("Null Island") {
			t.Errorf("@title %v", v)
		}
		if l.Name != "null-island" {
			t.Errorf("name %q", l.Name)
		}
	})
	t.Run("name option", func(t *testing.T) {
		l, err := LoadBytes(context.Background(), "/x/y/camps.geojson", []byte(`{"type":"FeatureCollection","features":[]}`), data.LoadOptions{Name: "Camps 2015"})
		if err != nil || l.Name != "Camps 2015" || l.Path != "/x/y/camps.geojson" {
			t.Fatalf("%v %q %q", err, l.Name, l.Path)
		}
	})
}

func TestLoadWarnings(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"clockwise exterior", `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}`,
			"feature 0 (line 1): polygon rings are not wound as RFC 7946 asks"},
		{"four numbers", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2,3,4]}}`,
			"positions have more than 3 numbers"},
		{"legacy crs", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[]}`,
			"the legacy \"crs\" member is ignored: coordinates are read as WGS 84"},
		{"antimeridian", `{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[179,10],[-179,11]]}}`,
			"feature 0 (line 1) crosses the antimeridian (180°) without being split as RFC 7946 §3.1.9 asks: read the short way across it"},
		{"null geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":null},{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}`,
			"feature 0 (line 1): feature has no geometry (\"geometry\": null): campmap cannot place it, skipped"},
		{"bad time", `{"type":"Feature","properties":{"date":"sometime in July"},"geometry":{"type":"Point","coordinates":[1,2]}}`,
			"feature 0 (line 1): property \"date\" = \"sometime in July\" is not a date or time campmap can read: feature kept, undated"},
		{"bow-tie ring", `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}`,
			"ring 0 touches or crosses itself (invalid as a simple feature)"},
		{"crossing hole", `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[3,1],[3,3],[5,3],[5,1],[3,1]]]}}`,
			"rings 0 and 1 cross"},
		{"NaN property", `{"type":"Feature","properties":{"v":NaN},"geometry":{"type":"Point","coordinates":[1,2]}}`,
			"property \"v\" holds a non-standard or malformed number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := load(t, "w.geojson", c.src)
			if !hasWarning(l, c.want) {
				t.Errorf("warnings %q lack %q", l.Warnings, c.want)
			}
		})
	}
	t.Run("bad time keeps the feature undated", func(t *testing.T) {
		l := load(t, "w.geojson", cases[5].src)
		if l.Len() != 1 || l.Span(0).Dated() {
			t.Errorf("len %d span %v", l.Len(), l.Span(0))
		}
	})
	t.Run("capped", func(t *testing.T) {
		var sb strings.Builder
		sb.WriteString(`{"type":"FeatureCollection","features":[`)
		for i := 0; i < 50; i++ {
			if i > 0 {
				sb.WriteString(",\n")
			}
			sb.WriteString(`{"type":"Feature","properties":{"time":"never"},"geometry":{"type":"Point","coordinates":[1,2]}}`)
		}
		sb.WriteString("]}")
		l := load(t, "w.geojson", sb.String())
		if len(l.Warnings) != data.WarnCap+1 {
			t.Fatalf("%d warnings, want %d and a summary: %q", len(l.Warnings), data.WarnCap+1, l.Warnings)
		}
		if !strings.Contains(l.Warnings[data.WarnCap-1], "feature 19 (line 20)") {
			t.Errorf("warning %d is %q", data.WarnCap-1, l.Warnings[data.WarnCap-1])
		}
		if last := l.Warnings[data.WarnCap]; last != "and 30 more warnings about unreadable times" {
			t.Errorf("last warning %q", last)
		}
	})
}

func TestLoadFeatureTimes(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	feat := func(props string) string {
		return `{"type":"Feature","properties":` + props + `,"geometry":{"type":"Point","coordinates":[1.85,50.95]}}`
	}
	ms := func(s string) int64 {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixMilli()
	}
	cases := []struct {
		name, props string
		want        data.Span
	}{
		{"time RFC3339", `{"time":"2015-07-28T22:15:00Z"}`, data.Span{Start: ms("2015-07-28T22:15:00Z"), End: ms("2015-07-28T22:15:00Z")}},
		{"epoch ms number", `{"timestamp":1438121700000}`, data.Span{Start: 1438121700000, End: 1438121700000}},
		{"epoch s number", `{"Timestamp":1438121700}`, data.Span{Start: 1438121700000, End: 1438121700000}},
		{"date in zone", `{"DATE":"2015-07-28"}`, data.Span{Start: ms("2015-07-28T00:00:00+02:00"), End: ms("2015-07-29T00:00:00+02:00") - 1}},
		{"event_date month", `{"event_date":"2015-07"}`, data.Span{Start: ms("2015-07-01T00:00:00+02:00"), End: ms("2015-08-01T00:00:00+02:00") - 1}},
		{"start and end", `{"start":"2015-07-01","end":"2015-07-31"}`, data.Span{Start: ms("2015-07-01T00:00:00+02:00"), End: ms("2015-08-01T00:00:00+02:00") - 1}},
		{"opened only", `{"opened":"2015-04"}`, data.Span{Start: ms("2015-04-01T00:00:00+02:00"), End: ms("2015-05-01T00:00:00+02:00") - 1}},
		{"end only", `{"end_date":"2016-10-24"}`, data.Span{Start: ms("2016-10-24T00:00:00+02:00"), End: ms("2016-10-25T00:00:00+02:00") - 1}},
		{"from to", `{"from":"2015-07-28T10:00:00Z","to":"2015-07-28T12:00:00Z"}`, data.Span{Start: ms("2015-07-28T10:00:00Z"), End: ms("2015-07-28T12:00:00Z")}},
		{"span wins over instant", `{"date":"2015-01-01","start_time":"2015-07-28T10:00:00Z","end_time":"2015-07-28T11:00:00Z"}`, data.Span{Start: ms("2015-07-28T10:00:00Z"), End: ms("2015-07-28T11:00:00Z")}},
		{"instant priority", `{"when":"2016-01-01T00:00:00Z","time":"2015-07-28T22:15:00Z"}`, data.Span{Start: ms("2015-07-28T22:15:00Z"), End: ms("2015-07-28T22:15:00Z")}},
		{"null time", `{"time":null}`, data.Undated},
		{"empty time", `{"time":""}`, data.Undated},
		{"no time", `{"name":"Jungle"}`, data.Undated},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := LoadBytes(context.Background(), "t.geojson", []byte(feat(c.props)), data.LoadOptions{Zone: paris})
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Span(0); got != c.want {
				t.Errorf("span %v (%s..%s), want %v", got, data.FormatTime(got.Start, paris), data.FormatTime(got.End, paris), c.want)
			}
		})
	}
}

func TestLoadFileExtensions(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fc := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}`
	for _, name := range []string{"a.geojson", "b.json", "c.txt", "d"} {
		t.Run(name, func(t *testing.T) {
			l, err := data.LoadFile(context.Background(), write(name, fc), data.LoadOptions{})
			if err != nil || l.Len() != 1 {
				t.Fatalf("%v", err)
			}
		})
	}
	t.Run("binary", func(t *testing.T) {
		_, err := data.LoadFile(context.Background(), write("e.geojson", "\x89PNG\r\n\x1a\n"), data.LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), "not a GeoJSON file") {
			t.Fatalf("%v", err)
		}
	})
	t.Run("missing", func(t *testing.T) {
		_, err := data.LoadFile(context.Background(), filepath.Join(dir, "nope.geojson"), data.LoadOptions{})
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%v does not wrap fs.ErrNotExist", err)
		}
	})
}

func TestLoadCancelAndProgress(t *testing.T) {
	src := synthPoints(t, 50_000)
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := LoadBytes(ctx, "x.geojson", src, data.LoadOptions{})
		if !errors.Is(err, data.ErrCanceled) || !errors.Is(err, context.Canceled) {
			t.Fatalf("error %v does not wrap ErrCanceled and context.Canceled", err)
		}
	})
	t.Run("progress", func(t *testing.T) {
		calls := 0
		var last int64
		_, err := LoadBytes(context.Background(), "x.geojson", src, data.LoadOptions{Progress: func(done, total int64) {
			calls++
			if total != int64(len(src)) || done < last || done > total {
				t.Errorf("progress(%d, %d) after %d", done, total, last)
			}
			last = done
		}})
		if err != nil {
			t.Fatal(err)
		}
		if calls < 10 || calls > 105 {
			t.Errorf("%d progress calls, want about 100", calls)
		}
		if last != int64(len(src)) {
			t.Errorf("last progress %d of %d", last, len(src))
		}
	})
}

// TestLoadParallelMatchesSerial loads a file big enough to be split across
// two goroutines and checks features, properties and warnings come out in
// file order, as a one-chunk load gives them.
func TestLoadParallelMatchesSerial(t *testing.T) {
	src := synthPoints(t, 50_000)
	l, err := LoadBytes(context.Background(), "incidents.geojson", src, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkLayerInvariants(t, l)
	if l.Len() != 50_000 {
		t.Fatalf("%d features", l.Len())
	}
	var raw struct {
		Features []struct {
			Properties map[string]any `json:"properties"`
			Geometry   struct {
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(src, &raw); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < l.Len(); i += 997 {
		f := raw.Features[i]
		if a := l.Anchor(i); a[0] != f.Geometry.Coordinates[0] || a[1] != f.Geometry.Coordinates[1] {
			t.Fatalf("feature %d at %v, want %v", i, a, f.Geometry.Coordinates)
		}
		for k, v := range f.Properties {
			got, ok := l.Prop(i, k)
			if !ok || got.String() != fmt.Sprint(v) {
				t.Fatalf("feature %d %s = %v, want %v", i, k, got, v)
			}
		}
		tm, _ := time.Parse(time.RFC3339, f.Properties["time"].(string))
		if l.Span(i) != data.Instant(tm) {
			t.Fatalf("feature %d span %v, want %v", i, l.Span(i), tm)
		}
	}
	if l.Kind != data.KindIncident {
		t.Errorf("kind %v", l.Kind)
	}
	if l.CategoryKey() != "category" || len(l.Categories()) != 6 {
		t.Errorf("category %q %v", l.CategoryKey(), l.Categories())
	}
	keys := append([]string(nil), l.Keys()...)
	sort.Strings(keys)
	if fmt.Sprint(keys) != "[category count id name time]" {
		t.Errorf("keys %v", l.Keys())
	}
}

func TestLoadTrickyJSON(t *testing.T) {
	deep := strings.Repeat("[", 400) + strings.Repeat("]", 400)
	cases := []struct {
		name, src string
		wantErr   string // "" when it must load
		check     func(t *testing.T, l *data.Layer)
	}{
		{name: "escaped quotes and brackets in strings", src: `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"a \"b\" ]} c \\","x\"y":"\\\""},"geometry":{"type":"Point","coordinates":[1,2]}}]}`,
			check: func(t *testing.T, l *data.Layer) {
				if v, _ := l.Prop(0, "name"); v.Str != `a "b" ]} c \` {
					t.Errorf("name %q", v.Str)
				}
				if v, _ := l.Prop(0, `x"y`); v.Str != `\"` {
					t.Errorf("x\"y %q", v.Str)
				}
			}},
		{name: "escaped member names", src: `{"ty\u0070e":"FeatureCollection","feat\u0075res":[{"type":"Feature","properties":{"n\u00e4me":"x"},"geometry":{"type":"Point","coordinates":[1,2]}}]}`,
			check: func(t *testing.T, l *data.Layer) {
				if l.Len() != 1 {
					t.Errorf("%d features", l.Len())
				}
				if _, ok := l.Prop(0, "näme"); !ok {
					t.Errorf("keys %v", l.Keys())
				}
			}},
		{name: "unicode and long strings", src: `{"type":"Feature","properties":{"name":"Calais – « Jungle » 🏕","note":"` + strings.Repeat("x", 100000) + `"},"geometry":{"type":"Point","coordinates":[1,2]}}`,
			check: func(t *testing.T, l *data.Layer) {
				if l.FeatureName(0) != "Calais – « Jungle » 🏕" {
					t.Errorf("name %q", l.FeatureName(0))
				}
				if v, _ := l.Prop(0, "note"); len(v.Str) != 100000 {
					t.Errorf("note of %d bytes", len(v.Str))
				}
			}},
		{name: "whitespace everywhere", src: " \r\n\t{ \"type\" : \"FeatureCollection\" , \"features\" : [ { \"type\" : \"Feature\" , \"properties\" : { } , \"geometry\" : { \"type\" : \"Point\" , \"coordinates\" : [ 1 , 2 ] } } ] } \n"},
		{name: "features member before type", src: `{"features":[{"geometry":{"coordinates":[1,2],"type":"Point"},"properties":{},"type":"Feature"}],"type":"FeatureCollection"}`},
		{name: "deep nesting in properties", src: `{"type":"Feature","properties":{"a":` + deep + `},"geometry":{"type":"Point","coordinates":[1,2]}}`, wantErr: "nesting deeper than 300 levels"},
		{name: "deep nesting at the top", src: deep, wantErr: "not a GeoJSON file"},
		{name: "unterminated string", src: `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":"b}}]}`, wantErr: "unterminated string"},
		{name: "mismatched brackets", src: `{"type":"FeatureCollection","features":[{"type":"Feature"]}`, wantErr: "unexpected ']'"},
		{name: "single quotes", src: `{'type':'Feature'}`, wantErr: "a member name in double quotes was expected"},
		{name: "comment", src: "{\"type\":\"FeatureCollection\",\"features\":[]} // done", wantErr: "unexpected content after the end"},
		{name: "huge exponent", src: `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e308,2]}}`, wantErr: "longitude 1e+308 is outside"},
		{name: "bad number", src: `{"type":"Feature","properties":{"n":1.2.3},"geometry":{"type":"Point","coordinates":[1,2]}}`,
			check: func(t *testing.T, l *data.Layer) {
				if v, ok := l.Prop(0, "n"); !ok || v.Type != data.ValueNull || !hasWarning(l, `property "n" holds a non-standard or malformed number`) {
					t.Errorf("n = %v, warnings %q", v, l.Warnings)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := LoadBytes(context.Background(), "tricky.geojson", []byte(c.src), data.LoadOptions{})
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkLayerInvariants(t, l)
			if c.check != nil {
				c.check(t, l)
			}
		})
	}
}

// TestLoadLinesInSecondChunk checks that warnings and errors from the part
// of a large file parsed on the second goroutine name the right feature
// and line.
func TestLoadLinesInSecondChunk(t *testing.T) {
	const n = 3 * parallelMin
	build := func(bad int, badProps string) []byte {
		var sb strings.Builder
		sb.WriteString("{\"type\":\"FeatureCollection\",\n\"features\":[\n")
		for i := 0; i < n; i++ {
			if i > 0 {
				sb.WriteString(",\n")
			}
			props := `{"time":"2015-07-28T22:15:00Z"}`
			if i == bad {
				props = badProps
			}
			fmt.Fprintf(&sb, `{"type":"Feature","properties":%s,"geometry":{"type":"Point","coordinates":[1.8,50.9]}}`, props)
		}
		sb.WriteString("\n]}\n")
		return []byte(sb.String())
	}
	bad := n - 10 // well inside the second half; feature i is on line i+3
	l, err := LoadBytes(context.Background(), "x.geojson", build(bad, `{"time":"soon"}`), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("feature %d (line %d): property \"time\"", bad, bad+3)
	if len(l.Warnings) != 1 || !strings.HasPrefix(l.Warnings[0], want) {
		t.Errorf("warnings %q, want one starting %q", l.Warnings, want)
	}
	_, err = LoadBytes(context.Background(), "x.geojson", build(bad, `7`), data.LoadOptions{})
	want = fmt.Sprintf("line %d: feature %d: \"properties\" must be an object", bad+3, bad)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
}

// TestLongValueRefused lowers the per-value limit so that a small file
// stands for one holding a 1 GB string: the value is refused, naming the
// feature and the property, before it is copied or unquoted.
func TestLongValueRefused(t *testing.T) {
	defer func(n int) { maxValueBytes = n }(maxValueBytes)
	maxValueBytes = 1000
	long := strings.Repeat("x", 5000)
	pt := `"geometry":{"type":"Point","coordinates":[1,2]}`
	coords := strings.Repeat("[1,2],", 400) + "[1,2]"
	for _, tc := range []struct{ name, src, want string }{
		{"a property in a collection", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},` + pt + `},` +
			`{"type":"Feature","properties":{"a":1,"note":"` + long + `"},` + pt + `}]}`,
			`feature 1: property "note" holds a value of 4.9 KB, over campmap's limit of 1000 bytes for one value`},
		{"a nested property", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"deep":["` + long + `"]},` + pt + `}]}`,
			`feature 0: property "deep" holds a value of 4.9 KB`},
		{"a lone Feature", `{"type":"Feature","properties":{"s":"` + long + `"},` + pt + `}`,
			`feature 0: property "s" holds a value of 4.9 KB`},
		{"a foreign member", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"title":"` + long + `",` + pt + `}]}`,
			`feature 0: the member "title" holds a value of 4.9 KB`},
		{"a collection member", `{"type":"FeatureCollection","about":"` + long + `","features":[]}`,
			`the member "about" of the FeatureCollection holds 4.9 KB`},
		{"a long type", `{"type":"` + long + `","features":[]}`, `"type" holds 4.9 KB, over campmap's limit of 1000 bytes`},
		{"a long member name", `{"type":"FeatureCollection","` + long + `":1,"features":[]}`, `a member name of 4.9 KB, over campmap's limit of 1000 bytes`},
		{"a geometry member", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2],"note":"` + long + `"}}]}`,
			`feature 0: the geometry's member "note" holds a value of 4.9 KB`},
		{"a long property name", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"` + long + `":1},` + pt + `}]}`,
			`a member name of 4.9 KB, over campmap's limit`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadBytes(context.Background(), "long.geojson", []byte(tc.src), data.LoadOptions{})
			var le *data.LoadError
			if !errors.As(err, &le) || !strings.Contains(le.Error(), tc.want) {
				t.Fatalf("LoadBytes = %v\nwant a LoadError containing %q", err, tc.want)
			}
		})
	}
	t.Run("a long geometry is not bound by it", func(t *testing.T) {
		src := `{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[` + coords + `]}}`
		if _, err := LoadBytes(context.Background(), "long.geojson", []byte(src), data.LoadOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}
