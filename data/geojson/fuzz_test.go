package geojson

import (
	"context"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"testing"

	"campmap/data"
)

// FuzzLoadGeoJSON feeds arbitrary bytes to the loader, seeded with every
// fixture: it must never panic, must fail only with a *LoadError, and what
// it loads must be consistent.
func FuzzLoadGeoJSON(f *testing.F) {
	for _, dir := range []string{"testdata/fixtures", "testdata/invalid"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) == ".md" || filepath.Ext(p) == ".txt" || filepath.Base(p) == "LICENSE" {
				return err
			}
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
			return nil
		})
	}
	f.Add([]byte(`{"type":"Feature","properties":{"start":"2015-07","end":"2015-06-30","kind":"camp"},"geometry":{"type":"Point","coordinates":[1,2]}}`))
	f.Add([]byte(`{"type":"FeatureCollection","name":1,"name":2,"features":[{"type":"Feature","properties":{"a":1,"a":2},"geometry":{"type":"LineString","coordinates":[[179,1],[-179,2,3]],"properties":{}}},{"type":"Feature","geometry":null}]}`))
	f.Add([]byte(`{"type":"Feature","coordinates":[],"properties":{"start_datetime":"9-May-20","end_datetime":"5/13/2020"},"geometry":{"type":"MultiPolygon","coordinates":[[[[170,40],[180,40],[180,50],[170,40]]],[[[-180,40],[-170,40],[-170,50],[-180,40]]]]}}`))
	f.Add([]byte(`{"version":0.6,"elements":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := LoadBytes(context.Background(), "fuzz.geojson", b, data.LoadOptions{})
		if err != nil {
			var le *data.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not a *LoadError: %v", err, err)
			}
			return
		}
		total := 0
		for _, c := range l.GeometryTypes() {
			total += c
		}
		if total != l.Len() {
			t.Fatalf("geometry type counts %d, features %d", total, l.Len())
		}
		undated := 0
		for i := 0; i < l.Len(); i++ {
			if l.Geometry(i) == nil {
				t.Fatalf("feature %d without geometry", i)
			}
			a := l.Anchor(i)
			if math.IsNaN(a[0]) || math.IsInf(a[0], 0) || math.IsNaN(a[1]) || math.IsInf(a[1], 0) {
				t.Fatalf("feature %d anchor %v", i, a)
			}
			sp := l.Span(i)
			if !sp.Dated() {
				undated++
			} else if sp.Start > sp.End {
				t.Fatalf("feature %d span %v ends before it starts", i, sp)
			}
			_ = l.Props(i)
			_ = l.FeatureName(i)
			_ = l.FeatureKind(i)
		}
		if undated != l.UndatedCount() {
			t.Fatalf("undated %d vs %d", undated, l.UndatedCount())
		}
		_ = l.Index().Count(data.Span{Start: math.MinInt64 + 1, End: math.MaxInt64}, false)
	})
}
