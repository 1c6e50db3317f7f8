package geojson

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/synth"
)

// loadDirectBoth loads src parsed in place (direct.go, whatever its size,
// in pieces of about a tenth of it) and scanned first.
func loadDirectBoth(path string, src []byte) (direct, scanned *data.Layer, errD, errS error) {
	defer func(min, chunk int) { directMin, directChunk, noDirect = min, chunk, false }(directMin, directChunk)
	directMin, directChunk = 1, max(1, len(src)/10)
	direct, errD = LoadBytes(context.Background(), path, src, data.LoadOptions{})
	noDirect = true
	scanned, errS = LoadBytes(context.Background(), path, src, data.LoadOptions{})
	return direct, scanned, errD, errS
}

// sameDirect is sameLayers, foreign members included.
func sameDirect(a, b *data.Layer, errA, errB error) string {
	if d := sameLayers(a, b, errA, errB); d != "" || errA != nil {
		return d
	}
	if !reflect.DeepEqual(a.Foreign, b.Foreign) {
		return fmt.Sprintf("Foreign %v / %v", a.Foreign, b.Foreign)
	}
	return ""
}

// plainLines are n generated incidents, one per line, as in a file.
func plainLines(t testing.TB, n int) []string {
	src := synthPoints(t, n)
	body := src[bytes.IndexByte(src, '[')+1 : bytes.LastIndexByte(src, ']')]
	var out []string
	for _, l := range strings.Split(string(body), ",\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// withFeature is a FeatureCollection of lines with f in place of the
// feature at frac of them (0.25: in the first half, 0.75: in the second).
func withFeature(lines []string, f string, frac float64) []byte {
	ls := append([]string(nil), lines...)
	ls[int(float64(len(ls))*frac)] = f
	return []byte(`{"type":"FeatureCollection","features":[` + "\n" + strings.Join(ls, ",\n") + "\n]}\n")
}

// TestDirectMatchesScan loads files parsed in place and scanned first: the
// layers, warnings and errors must be the same, with the odd feature in
// either half of the file.
func TestDirectMatchesScan(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	lines := plainLines(t, 20000)
	plain := withFeature(lines, lines[0], 0)
	t.Run("generated incidents", func(t *testing.T) {
		before := directsUsed.Load()
		if d := sameDirect(loadDirectBoth("incidents.geojson", plain)); d != "" {
			t.Error(d)
		}
		if directsUsed.Load() == before {
			t.Error("the file was not parsed in place")
		}
	})
	odd := append([]string{
		`{"type":"Feature","properties":{"time":"not a time"},"geometry":{"type":"Point","coordinates":[1,2]}}`,
		`{"type":"Feature","properties":{"start":"2015-09","end":"2015-06"},"geometry":{"type":"Point","coordinates":[1,2]}}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[179,2],[-179,3]]}}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]},"crs":{"type":"name"}}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}`,
		`{"type":"Feature","properties":{"category":"camp"},"geometry":{"type":"Point","coordinates":[1,2]}}`,
		`{"type":"Feature","properties":{},"geometry":null}`,
		`"not a feature"`,
		`{"type":"Point","coordinates":[1,2]}`,
		`{"type":"Feature","properties":{}}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}}`,
		`{"type":"Feature","properties":{"list":[` + "\n" + `{"a":1},` + "\n" + `{"b":2}]},"geometry":{"type":"Point","coordinates":[1,2]}}`,
	}, fastPathCases...)
	for i, f := range odd {
		for _, frac := range []float64{0.25, 0.5, 0.75, 0.999} {
			t.Run(fmt.Sprintf("case %d at %.3f", i, frac), func(t *testing.T) {
				if d := sameDirect(loadDirectBoth("incidents.geojson", withFeature(lines, f, frac))); d != "" {
					t.Errorf("%s\nfeature: %s", d, f)
				}
			})
		}
	}
	t.Run("every odd feature in the second half", func(t *testing.T) {
		ls := append([]string(nil), lines...)
		for i, f := range odd {
			if !strings.HasPrefix(f, `{"type":"Feature"`) || strings.Count(f, "{") != strings.Count(f, "}") {
				continue // those end the load with an error
			}
			ls[len(ls)/2+100+i*7] = f
			ls[len(ls)/2+101+i*7] = f
		}
		if d := sameDirect(loadDirectBoth("incidents.geojson", withFeature(ls, ls[0], 0))); d != "" {
			t.Error(d)
		}
	})
	top := func(before, after string) []byte {
		return []byte(`{"type":"FeatureCollection",` + before + `"features":[` + "\n" + strings.Join(lines, ",\n") + "\n]" + after + "}")
	}
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"foreign members before", top(`"name":"x","crs":{"type":"name"},"bbox":[-180,-90,180,90],"title":{"a":[1]},`, "")},
		{"a member after", top("", `,"bbox":[-180,-90,180,90]`)},
		{"the type after", []byte(`{"features":[` + strings.Join(lines, ",\n") + `],"type":"FeatureCollection"}`)},
		{"features twice", top(`"features":[],`, "")},
		{"a bad bbox before", top(`"bbox":[1,2],`, "")},
		{"a record after", top("", `,"campmap":{"version":1}`)},
		{"a record before", top(`"campmap":{"version":1},`, "")},
		{"a Feature with features", []byte(`{"type":"Feature","features":[` + strings.Join(lines, ",\n") + `],"geometry":null,"properties":{}}`)},
		{"GeometryCollection with features", []byte(`{"type":"GeometryCollection","features":[` + strings.Join(lines, ",\n") + `]}`)},
		{"content after", append(append([]byte(nil), plain...), "x"...)},
		{"cut short in the second half", plain[:len(plain)*9/10]},
		{"cut short in the first half", plain[:len(plain)*3/10]},
		{"array never closed", plain[:len(plain)-4]},
		{"pretty printed", []byte(strings.ReplaceAll(string(plain), "},\n{", "},\n    {"))},
		{"all on one line", []byte(strings.ReplaceAll(string(plain), "},\n{", "},{"))},
		{"empty features", []byte(`{"type":"FeatureCollection","features":[]}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := sameDirect(loadDirectBoth("incidents.geojson", tc.b)); d != "" {
				t.Error(d)
			}
		})
	}
	// progress never goes back, also when the parse in place gives up
	// near the end and the scan starts again
	for name, src := range map[string][]byte{"plain": plain, "a member after": top("", `,"bbox":[-180,-90,180,90]`)} {
		t.Run("progress, "+name, func(t *testing.T) {
			defer func(min, chunk int) { directMin, directChunk = min, chunk }(directMin, directChunk)
			directMin, directChunk = 1, len(src)/10
			var last int64
			calls := 0
			_, err := LoadBytes(context.Background(), "incidents.geojson", src, data.LoadOptions{Progress: func(done, total int64) {
				calls++
				if done < last || done > total || total != int64(len(src)) {
					t.Errorf("progress(%d, %d) after %d", done, total, last)
				}
				last = done
			}})
			if err != nil {
				t.Fatal(err)
			}
			if last != int64(len(src)) || calls < 10 {
				t.Errorf("%d calls, the last at %d of %d", calls, last, len(src))
			}
		})
	}
	var files []string
	filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".geojson") || strings.HasSuffix(p, ".json")) {
			files = append(files, p)
		}
		return nil
	})
	for _, p := range files {
		t.Run(p, func(t *testing.T) {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if d := sameDirect(loadDirectBoth(p, src)); d != "" {
				t.Error(d)
			}
		})
	}
}

// FuzzDirect checks that a file with any feature among plain ones, in
// either half, loads the same parsed in place and scanned first.
func FuzzDirect(f *testing.F) {
	for _, c := range fastPathCases {
		f.Add(c, uint8(3))
	}
	lines := plainLines(f, 400)
	f.Fuzz(func(t *testing.T, feature string, at uint8) {
		src := withFeature(lines, feature, float64(at)/256)
		if d := sameDirect(loadDirectBoth("incidents.geojson", src)); d != "" {
			t.Errorf("%s\nfeature: %q", d, feature)
		}
	})
}

// Generated polygons and lines, read by the shape fast path (fastshape.go)
// in place as well as after a scan, give the same layer.
func TestDirectMatchesScanShapes(t *testing.T) {
	start := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, shape := range []synth.Shape{synth.Polygon, synth.Line} {
		var buf bytes.Buffer
		if err := synth.WriteShapes(&buf, 5000, 7, orb.Bound{Min: orb.Point{1.5, 50.5}, Max: orb.Point{2.5, 51.2}}, start, start.AddDate(0, 3, 0), shape); err != nil {
			t.Fatal(err)
		}
		before := directsUsed.Load()
		if d := sameDirect(loadDirectBoth("shapes.geojson", buf.Bytes())); d != "" {
			t.Errorf("shape %d: %s", shape, d)
		}
		if directsUsed.Load() == before {
			t.Errorf("shape %d: the file was not parsed in place", shape)
		}
	}
}
