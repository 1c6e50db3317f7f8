package geojson

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"campmap/data"
)

// loadBoth loads src with the fast path on and off.
func loadBoth(path string, src []byte) (fast, slow *data.Layer, errFast, errSlow error) {
	defer func() { noFastPath = false }()
	noFastPath = false
	fast, errFast = LoadBytes(context.Background(), path, src, data.LoadOptions{})
	noFastPath = true
	slow, errSlow = LoadBytes(context.Background(), path, src, data.LoadOptions{})
	return fast, slow, errFast, errSlow
}

// sameLayers describes the first difference between two loads, or "".
func sameLayers(a, b *data.Layer, errA, errB error) string {
	if (errA == nil) != (errB == nil) || (errA != nil && errA.Error() != errB.Error()) {
		return fmt.Sprintf("errors differ: %v / %v", errA, errB)
	}
	if errA != nil {
		return ""
	}
	switch {
	case a.Len() != b.Len():
		return fmt.Sprintf("Len %d / %d", a.Len(), b.Len())
	case a.Kind != b.Kind:
		return fmt.Sprintf("Kind %v / %v", a.Kind, b.Kind)
	case a.Bounds() != b.Bounds():
		return fmt.Sprintf("Bounds %v / %v", a.Bounds(), b.Bounds())
	case a.TimeExtent() != b.TimeExtent() || a.UndatedCount() != b.UndatedCount():
		return "time extent differs"
	case !reflect.DeepEqual(a.Keys(), b.Keys()):
		return fmt.Sprintf("Keys %v / %v", a.Keys(), b.Keys())
	case !reflect.DeepEqual(a.Categories(), b.Categories()) || a.CategoryKey() != b.CategoryKey():
		return fmt.Sprintf("Categories %v / %v", a.Categories(), b.Categories())
	case !reflect.DeepEqual(a.Warnings, b.Warnings):
		return fmt.Sprintf("Warnings %q / %q", a.Warnings, b.Warnings)
	case !reflect.DeepEqual(a.GeometryTypes(), b.GeometryTypes()):
		return "geometry types differ"
	}
	for i := 0; i < a.Len(); i++ {
		if a.Anchor(i) != b.Anchor(i) || a.Span(i) != b.Span(i) || a.ID(i) != b.ID(i) ||
			a.FeatureKind(i) != b.FeatureKind(i) || a.CategoryIndex(i) != b.CategoryIndex(i) ||
			a.IsPoint(i) != b.IsPoint(i) || !reflect.DeepEqual(a.Props(i), b.Props(i)) ||
			!reflect.DeepEqual(a.Geometry(i), b.Geometry(i)) {
			return fmt.Sprintf("feature %d differs: %v %v %v %v / %v %v %v %v", i,
				a.Anchor(i), a.Span(i), a.ID(i), a.Props(i), b.Anchor(i), b.Span(i), b.ID(i), b.Props(i))
		}
	}
	return ""
}

// fastPathCases are features around the edges of the fast path's shape.
var fastPathCases = []string{
	`{"type":"Feature","properties":{"name":"Jungle","n":3,"ok":true,"no":false,"x":null},"geometry":{"type":"Point","coordinates":[1.9,50.96]}}`,
	`{"type":"Feature","id":"a1","properties":{"time":"2015-07-28T22:15:00Z","category":"tunnel intrusion attempt"},"geometry":{"type":"Point","coordinates":[1.9,50.96,12]}}`,
	`{"type":"Feature","id":7,"properties":null,"geometry":{"type":"Point","coordinates":[-0,-0.0e0]}}`,
	`{ "geometry" : { "coordinates" : [ 1.5 , 50 ] , "type" : "Point" } , "properties" : { } , "type" : "Feature" }`,
	`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{"name":"a \"quoted\" name"},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{"tags":{"a":1},"list":[1,2]},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{"n":1e999},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{"n":01},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{"n":NaN},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[200,2]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2,3,4]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[[1,2]]}}`,
	`{"type":"Feature","properties":{},"geometry":null}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2],"bbox":[1,2,1,2]}}`,
	`{"type":"Feature","type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{"a":1,"a":2},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]},"title":"x"}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]},"bbox":[0,0,3,3]}`,
	`{"type":"Feature","id":1e400,"properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","id":{"x":1},"properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{"kind":"camp","name":"Jules Ferry"},"geometry":{"type":"Point","coordinates":[1.9,50.96]}}`,
	`{"type":"Feature","properties":{"start":"2015-06","end":"2015-09"},"geometry":{"type":"Point","coordinates":[1.9,50.96]}}`,
	`{"type":"Feature","properties":{"name":"Café \u00e9"},"geometry":{"type":"Point","coordinates":[1.9,50.96]}}`,
	"{\"type\":\"Feature\",\"properties\":{\"name\":\"tab\there\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}",
	`{"type":"Feature","properties":{"name":"Ünïcödé ✓"},"geometry":{"type":"Point","coordinates":[1.9,50.96]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}`,
	`{"type":"Feature","properties":{} "geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1.,2]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[-,2]}}`,
	`{"type":"Feature","properties":{"t":tru},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{"n":-1.5E+3},"geometry":{"type":"Point","coordinates":[1,2]}}`,
}

// collection wraps features in a FeatureCollection, with a plain one first.
func collection(features ...string) []byte {
	plain := `{"type":"Feature","properties":{"name":"first","n":1},"geometry":{"type":"Point","coordinates":[1.8,50.9]}}`
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(append([]string{plain}, features...), ",\n") + "]}")
}

func TestFastPathMatchesGeneralPath(t *testing.T) {
	for i, f := range fastPathCases {
		t.Run(fmt.Sprintf("case %d", i), func(t *testing.T) {
			if d := sameLayers(loadBoth("incidents.geojson", collection(f, f))); d != "" {
				t.Errorf("%s\nfeature: %s", d, f)
			}
		})
	}
	t.Run("all cases together", func(t *testing.T) {
		if d := sameLayers(loadBoth("incidents.geojson", collection(fastPathCases...))); d != "" {
			t.Error(d)
		}
	})
	t.Run("generated incidents", func(t *testing.T) {
		src := synthPoints(t, 50000)
		if d := sameLayers(loadBoth("incidents.geojson", src)); d != "" {
			t.Error(d)
		}
	})
	var files []string
	filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".geojson") || strings.HasSuffix(p, ".json")) {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatal("no GeoJSON fixtures found")
	}
	for _, p := range files {
		t.Run(p, func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if d := sameLayers(loadBoth(p, src)); d != "" {
				t.Error(d)
			}
		})
	}
}

// FuzzFastPath checks that any feature loads the same with and without the
// fast path.
func FuzzFastPath(f *testing.F) {
	for _, c := range fastPathCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, feature string) {
		if d := sameLayers(loadBoth("incidents.geojson", collection(feature))); d != "" {
			t.Errorf("%s\nfeature: %q", d, feature)
		}
	})
}
