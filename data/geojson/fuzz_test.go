package geojson

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
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
	// a file campmap wrote, with its record of the layer
	f.Add([]byte(`{"type":"FeatureCollection","name":"t","features":[{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[1,2,3]},"properties":{"a":null,"b":"x"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4,5]]},"properties":{"a":2,"b":null},"title":"T"}],
"campmap":{"version":1,"name":"n","kind":"incident","category":"b","zone":"UTC+2","zoneOffset":7200,"tabular":true,"columns":["a","b","c"],"features":2,
"spans":[[0,86399999],null],"kinds":{"1":"route"},"measures":{"0":[4]}}}`))
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
		for i := 0; i < l.Len(); i++ {
			n := data.PositionCount(l.Geometry(i))
			if z, m := l.Z(i), l.M(i); (z != nil && len(z) != n) || (m != nil && len(m) != n) {
				t.Fatalf("feature %d: %d heights, %d measures for %d positions", i, len(z), len(m), n)
			}
		}

		// what loads writes and loads back the same
		var buf bytes.Buffer
		if err := Write(&buf, l, nil); err != nil {
			t.Fatalf("write: %v", err)
		}
		back, err := LoadBytes(context.Background(), "back.geojson", buf.Bytes(), data.LoadOptions{})
		if err != nil {
			t.Fatalf("what was written does not load: %v\n%s", err, buf.Bytes())
		}
		// JSON is UTF-8: invalid bytes read from the input are written as U+FFFD
		valid := func(v any) string { return strings.ToValidUTF8(fmt.Sprint(v), "\uFFFD") }
		if back.Len() != l.Len() || back.Kind != l.Kind || valid(back.CategoryKey()) != valid(l.CategoryKey()) || valid(back.Keys()) != valid(l.Keys()) {
			t.Fatalf("written and read back: %d features, kind %v, category %q, keys %q; was %d, %v, %q, %q",
				back.Len(), back.Kind, back.CategoryKey(), back.Keys(), l.Len(), l.Kind, l.CategoryKey(), l.Keys())
		}
		for i := 0; i < l.Len(); i++ {
			if fmt.Sprint(back.Geometry(i), back.Z(i), back.M(i)) != fmt.Sprint(l.Geometry(i), l.Z(i), l.M(i)) ||
				back.Span(i) != l.Span(i) || valid(back.ID(i)) != valid(l.ID(i)) || back.FeatureKind(i) != l.FeatureKind(i) ||
				valid(back.Props(i)) != valid(firstOfEachKey(l.Props(i))) {
				t.Fatalf("feature %d written and read back differs:\n%v %v %v %v %v %v\n%v %v %v %v %v %v", i,
					back.Geometry(i), back.Z(i), back.Span(i), back.ID(i), back.FeatureKind(i), back.Props(i),
					l.Geometry(i), l.Z(i), l.Span(i), l.ID(i), l.FeatureKind(i), l.Props(i))
			}
		}
	})
}
