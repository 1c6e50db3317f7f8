package geojson

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"testing"

	"campmap/data"
	"campmap/data/synth"
)

// fastShapeCases are lines and polygons around the edges of the shape fast
// path: what it reads, and what it leaves to the general path (which
// writes the errors and warnings).
var fastShapeCases = []string{
	`{"type":"Feature","properties":{"name":"road"},"geometry":{"type":"LineString","coordinates":[[1.8,50.9],[1.9,50.95],[2,51]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[179,0],[-179,1]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2,3],[3,4,5]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2,3],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2,3,4],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,200],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,"4"]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4],]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,04]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,1e999]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[[3,4]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[[1,2],[3,4]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"coordinates":[[1,2],[3,4]],"type":"LineString"}}`,
	`{"type":"Feature","properties":{},"geometry":{"coordinates":[[1,2],[3,4]],"type":"Polygon"}}`,
	`{"type":"Feature","properties":{},"geometry":{"coordinates":[[[0,0],[1,0],[1,1],[0,0]]],"type":"Polygon"}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]],"bbox":[1,2,3,4]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","type":"LineString","coordinates":[[1,2],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]],"coordinates":[[1,2],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]],"extra":1}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString"}}`,
	`{"type":"Feature","properties":{},"geometry":{"coordinates":[[1,2],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Circle","coordinates":[[1,2],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":null}}`,
	`{ "type" : "Feature" , "properties" : { } , "geometry" : { "type" : "LineString" , "coordinates" : [ [ 1 , 2 ] , [ 3 , 4 ] ] } }`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[1,2,7],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8],[9,9]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[5,6]]}}`,
	`{"type":"Feature","id":3,"properties":{"kind":"camp","name":"Jungle"},"geometry":{"type":"Polygon","coordinates":[[[1.8,50.9],[1.9,50.9],[1.9,51],[1.8,50.9]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[0,0]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[1,2],[2,2],[2,1],[1,1]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,4],[0,0]],[[1,1],[2,1],[2,2],[1,2],[1,1]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[0,4],[4,4],[0,0]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,1]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[0,0]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0,1],[4,0,1],[4,4,2],[0,0,1]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0,1],[4,0],[4,4,2],[0,0,1]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[179,0],[-179,0],[-179,1],[179,0]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,0]]],"crs":null}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,2]]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[3,0],[3,3],[0,0]]],[[[1,0],[4,0],[4,3],[1,0]]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2],[3,2],[3,3]]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[2,2],[3,2],[3,3],[2,2]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[{"type":"LineString","coordinates":[[1,2],[3,4]]}]}}`,
	`{"type":"Feature","properties":{"time":"2015-07-01"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"title":"x"}`,
	`{"type":"Feature","properties":{"a":1,"a":2},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}`,
	`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]}}`,
}

// synthShapes writes n generated features of the shape.
func synthShapes(tb testing.TB, n int, shape synth.Shape) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := synth.WriteShapes(&buf, n, 5, synthBox, synthStart, synthEnd, shape); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestFastShapeMatchesGeneralPath loads lines and polygons with and
// without the fast path and compares every column, error and warning
// (the fixtures of testdata go both ways in TestFastPathMatchesGeneralPath).
func TestFastShapeMatchesGeneralPath(t *testing.T) {
	for i, f := range fastShapeCases {
		t.Run(fmt.Sprintf("case %d", i), func(t *testing.T) {
			if d := sameLayers(loadBoth("areas.geojson", collection(f, f))); d != "" {
				t.Errorf("%s\nfeature: %s", d, f)
			}
		})
	}
	t.Run("all cases together", func(t *testing.T) {
		if d := sameLayers(loadBoth("areas.geojson", collection(fastShapeCases...))); d != "" {
			t.Error(d)
		}
	})
	for _, c := range []struct {
		name  string
		shape synth.Shape
	}{{"generated polygons", synth.Polygon}, {"generated lines", synth.Line}} {
		t.Run(c.name, func(t *testing.T) {
			for _, n := range []int{3000, 30000} { // one parsing goroutine, and two
				if d := sameLayers(loadBoth("areas.geojson", synthShapes(t, n, c.shape))); d != "" {
					t.Errorf("%d features: %s", n, d)
				}
			}
		})
	}
}

// TestFastShapeTaken checks that generated polygons take the fast path: a
// load allocates a small fraction of what the general path does.
func TestFastShapeTaken(t *testing.T) {
	src := synthShapes(t, 5000, synth.Polygon)
	allocs := func(off bool) uint64 {
		defer func() { noFastPath = false }()
		noFastPath = off
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := LoadBytes(context.Background(), "areas.geojson", src, data.LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		return after.Mallocs - before.Mallocs
	}
	fast, slow := allocs(false), allocs(true)
	t.Logf("allocations: %d fast, %d general", fast, slow)
	if fast*2 > slow {
		t.Errorf("the fast path allocated %d times, the general path %d: not taken?", fast, slow)
	}
}

// FuzzFastShape checks that any line or polygon feature loads the same
// with and without the fast path.
func FuzzFastShape(f *testing.F) {
	for _, c := range fastShapeCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, feature string) {
		if d := sameLayers(loadBoth("areas.geojson", collection(feature))); d != "" {
			t.Errorf("%s\nfeature: %q", d, feature)
		}
	})
}

// BenchmarkLoadPolygons200K loads 200,000 generated polygons (about 88 MB,
// 2.3 million positions) and reports the time per million positions.
func BenchmarkLoadPolygons200K(b *testing.B) {
	benchmarkLoadShapes(b, 200_000, synth.Polygon)
}

// BenchmarkLoadLines200K is the same for 200,000 generated lines.
func BenchmarkLoadLines200K(b *testing.B) {
	benchmarkLoadShapes(b, 200_000, synth.Line)
}

func benchmarkLoadShapes(b *testing.B, n int, shape synth.Shape) {
	src := synthShapes(b, n, shape)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	var l *data.Layer
	for b.Loop() {
		var err error
		if l, err = LoadBytes(context.Background(), "areas.geojson", src, data.LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	positions := 0
	for i := range l.Len() {
		positions += data.PositionCount(l.Geometry(i))
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)/float64(positions)*1e6, "s/Mpos")
	b.ReportMetric(float64(positions), "positions")
}
