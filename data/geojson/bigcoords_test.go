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
	"runtime"
	"strconv"
	"testing"

	"campmap/data"
)

// streamAll makes every feature and every coordinates array go through
// the streaming scanner until the returned function is called.
func streamAll() func() {
	f, c := bigFeatureBytes, bigCoordBytes
	bigFeatureBytes, bigCoordBytes = 0, 0
	return func() { bigFeatureBytes, bigCoordBytes = f, c }
}

// streamCases are geometries around the edges of the streaming scanner.
var streamCases = []string{
	`{"type":"Feature","properties":{"a":1},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]],[[0.2,0.2],[0.2,0.4],[0.4,0.4],[0.2,0.2]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[2,2,5],[3,2,6],[3,3,7],[2,2,5]]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4,5],[5,6,7,8]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[179,1],[-179,2]],[[1,1],[2,2]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1.5e0,-2.25E+1,100]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2,3]},{"type":"LineString","coordinates":[[1,2],[3,4]]}]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[9,9],"coordinates":[1,2]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,0]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[[3,4]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],3]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],["3",4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[1e400,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[0x10,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[01,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[200,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4,]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2] [3,4]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[[[[[1,2]]]]]}}`,
	`{"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[1,2],[3,4]]},"geometry":{"type":"Point","coordinates":[5,6]}}`,
}

// TestStreamedCoordinatesMatch loads every fixture, every invalid file and
// the stream cases twice, once with every coordinates array streamed: the
// layers (geometries, heights, properties, warnings) must be the same, and
// a file refused one way must be refused the other.
func TestStreamedCoordinatesMatch(t *testing.T) {
	type input struct {
		name string
		src  []byte
	}
	var inputs []input
	for _, dir := range []string{"testdata/fixtures", "testdata/invalid"} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) == ".md" || filepath.Ext(p) == ".txt" || filepath.Base(p) == "LICENSE" {
				return err
			}
			b, err := os.ReadFile(p)
			if err == nil {
				inputs = append(inputs, input{p, b})
			}
			return nil
		})
	}
	for i, c := range streamCases {
		inputs = append(inputs, input{fmt.Sprintf("case %d", i), []byte(c)})
		inputs = append(inputs, input{fmt.Sprintf("case %d in a collection", i), []byte(`{"type":"FeatureCollection","features":[` + c + `]}`)})
	}
	streamed := 0
	for _, in := range inputs {
		before := streamedArrays
		if d := streamedDiff(in.name, in.src); d != "" {
			t.Error(d)
		}
		streamed += streamedArrays - before
	}
	if streamed < len(streamCases) {
		t.Errorf("only %d coordinates arrays were streamed: the test does not exercise the scanner", streamed)
	}
}

// streamedDiff loads src parsed whole and with every coordinates array
// streamed, and says how the two differ ("" when they do not).
func streamedDiff(name string, src []byte) string {
	want, errW := LoadBytes(context.Background(), name, src, data.LoadOptions{})
	restore := streamAll()
	got, errG := LoadBytes(context.Background(), name, src, data.LoadOptions{})
	restore()
	if (errW == nil) != (errG == nil) {
		return fmt.Sprintf("%s: errors differ:\n  parsed whole: %v\n  streamed:     %v", name, errW, errG)
	}
	if errW != nil {
		if le := (*data.LoadError)(nil); !errors.As(errG, &le) {
			return fmt.Sprintf("%s: streamed error %T is not a LoadError: %v", name, errG, errG)
		}
		return ""
	}
	if d := sameLayers(got, want, nil, nil); d != "" {
		return name + ": " + d
	}
	for i := 0; i < want.Len(); i++ {
		if fmt.Sprint(got.Z(i)) != fmt.Sprint(want.Z(i)) {
			return fmt.Sprintf("%s: feature %d heights %v, want %v", name, i, got.Z(i), want.Z(i))
		}
	}
	return ""
}

// FuzzStreamedCoordinates loads fuzzed GeoJSON parsed whole and with every
// coordinates array streamed: the layers must be the same, or both
// refused.
func FuzzStreamedCoordinates(f *testing.F) {
	for _, c := range streamCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if d := streamedDiff("fuzz.geojson", b); d != "" {
			t.Fatal(d)
		}
	})
}

// hugePolygon writes a FeatureCollection of one Polygon of n vertices (a
// circle, counter-clockwise, closed) and returns its bytes.
func hugePolygon(n int) []byte {
	var b bytes.Buffer
	b.Grow(n * 24)
	b.WriteString(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"big"},"geometry":{"type":"Polygon","coordinates":[[`)
	var num []byte
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i%n) / float64(n)
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		num = strconv.AppendFloat(num[:0], math.Round((2+math.Cos(a))*1e6)/1e6, 'f', -1, 64)
		b.Write(num)
		b.WriteByte(',')
		num = strconv.AppendFloat(num[:0], math.Round((50+math.Sin(a))*1e6)/1e6, 'f', -1, 64)
		b.Write(num)
		b.WriteByte(']')
	}
	b.WriteString("]]}}]}\n")
	return b.Bytes()
}

// TestHugePolygonMemory loads a 1-million-vertex polygon from a file and
// bounds what it allocates by the memory check's own estimate
// (data.LoadCostPerByte times the file): the memory check predicts the
// real cost. The value tree fastjson built for it cost many times the
// file.
func TestHugePolygonMemory(t *testing.T) {
	src := hugePolygon(1_000_000)
	path := filepath.Join(t.TempDir(), "big.geojson")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	l, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 1 || data.PositionCount(l.Geometry(0)) != 1_000_001 {
		t.Fatalf("%d features, %d positions", l.Len(), data.PositionCount(l.Geometry(0)))
	}
	alloc := float64(after.TotalAlloc - before.TotalAlloc)
	ratio := alloc / float64(len(src))
	t.Logf("file %.1f MB, allocated %.1f MB while loading (%.2f× the file), estimate %.2f×", float64(len(src))/(1<<20), alloc/(1<<20), ratio, data.LoadCostPerByte)
	if ratio > data.LoadCostPerByte {
		t.Errorf("loading allocated %.2f× the file, over the memory check's estimate of %.2f×", ratio, data.LoadCostPerByte)
	}
}

// TestHugeBareGeometryMemory is TestHugePolygonMemory for a file that is
// one Polygon object, and for one lone Feature.
func TestHugeBareGeometryMemory(t *testing.T) {
	src := hugePolygon(300_000)
	geom := src[bytes.Index(src, []byte(`{"type":"Polygon"`)) : bytes.LastIndex(src, []byte("}}]}"))+1]
	feature := src[bytes.Index(src, []byte(`{"type":"Feature"`)):bytes.LastIndex(src, []byte("]}"))]
	for name, b := range map[string][]byte{"a bare Polygon": geom, "a lone Feature": feature} {
		t.Run(name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			l, err := LoadBytes(context.Background(), "big.geojson", b, data.LoadOptions{})
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if n := data.PositionCount(l.Geometry(0)); n != 300_001 {
				t.Fatalf("%d positions", n)
			}
			if ratio := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(b)); ratio > data.LoadCostPerByte {
				t.Errorf("loading allocated %.2f× the input, over the memory check's estimate of %.2f×", ratio, data.LoadCostPerByte)
			}
		})
	}
}

// BenchmarkLoadHugePolygon loads a 1-million-vertex polygon (about 22 MB).
func BenchmarkLoadHugePolygon(b *testing.B) {
	src := hugePolygon(1_000_000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadBytes(context.Background(), "big.geojson", src, data.LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
