package synth

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

var (
	calais = orb.Bound{Min: orb.Point{1.6, 50.85}, Max: orb.Point{2.0, 51.05}}
	t0     = time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	t1     = time.Date(2015, 9, 30, 23, 59, 59, 0, time.UTC)
)

type fc struct {
	Type     string `json:"type"`
	Features []struct {
		Type       string `json:"type"`
		Properties struct {
			ID       int     `json:"id"`
			Name     string  `json:"name"`
			Category string  `json:"category"`
			Time     string  `json:"time"`
			Count    float64 `json:"count"`
		} `json:"properties"`
		Geometry struct {
			Type        string    `json:"type"`
			Coordinates []float64 `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

func TestWritePointsIsValidGeoJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePoints(&buf, 2000, 7, calais, t0, t1); err != nil {
		t.Fatal(err)
	}
	var c fc
	if err := json.Unmarshal(buf.Bytes(), &c); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	if c.Type != "FeatureCollection" || len(c.Features) != 2000 {
		t.Fatalf("got type %q with %d features, want a FeatureCollection of 2000", c.Type, len(c.Features))
	}
	seenCat := map[string]int{}
	for i, f := range c.Features {
		p := f.Properties
		if p.ID != i+1 || p.Name != "Incident "+itoa(i+1) {
			t.Fatalf("feature %d: id %d name %q", i, p.ID, p.Name)
		}
		if !slices.Contains(Categories, p.Category) {
			t.Fatalf("feature %d: unknown category %q", i, p.Category)
		}
		seenCat[p.Category]++
		tm, err := time.Parse(time.RFC3339, p.Time)
		if err != nil || tm.Before(t0) || tm.After(t1) || tm.Location() != time.UTC {
			t.Fatalf("feature %d: time %q outside the window or not UTC (%v)", i, p.Time, err)
		}
		if p.Count < 1 {
			t.Fatalf("feature %d: count %v", i, p.Count)
		}
		if f.Geometry.Type != "Point" || len(f.Geometry.Coordinates) != 2 {
			t.Fatalf("feature %d: geometry %+v", i, f.Geometry)
		}
		if pt := (orb.Point{f.Geometry.Coordinates[0], f.Geometry.Coordinates[1]}); !calais.Contains(pt) {
			t.Fatalf("feature %d: %v outside %v", i, pt, calais)
		}
	}
	if len(seenCat) != len(Categories) {
		t.Errorf("only %d of %d categories drawn in 2000 points: %v", len(seenCat), len(Categories), seenCat)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestWritePointsDeterministic(t *testing.T) {
	gen := func(seed int64) []byte {
		var buf bytes.Buffer
		if err := WritePoints(&buf, 500, seed, calais, t0, t1); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a, b, c := gen(42), gen(42), gen(43)
	if !bytes.Equal(a, b) {
		t.Error("the same seed gave different output")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds gave the same output")
	}
}

// TestWritePointsClusters checks that points gather: on a 10x10 grid over
// the bbox, the busiest cell holds far more than a uniform share.
func TestWritePointsClusters(t *testing.T) {
	var buf bytes.Buffer
	const n = 20000
	if err := WritePoints(&buf, n, 1, calais, t0, t1); err != nil {
		t.Fatal(err)
	}
	var c fc
	if err := json.Unmarshal(buf.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	var grid [10][10]int
	for _, f := range c.Features {
		x := int((f.Geometry.Coordinates[0] - calais.Min[0]) / (calais.Max[0] - calais.Min[0]) * 9.999)
		y := int((f.Geometry.Coordinates[1] - calais.Min[1]) / (calais.Max[1] - calais.Min[1]) * 9.999)
		grid[y][x]++
	}
	busiest, empty := 0, 0
	for _, row := range grid {
		for _, v := range row {
			busiest = max(busiest, v)
			if v < n/100/4 {
				empty++
			}
		}
	}
	if busiest < 5*n/100 {
		t.Errorf("busiest cell holds %d points, a uniform share is %d: no clusters", busiest, n/100)
	}
	if empty < 20 {
		t.Errorf("only %d of 100 cells are near-empty: points look uniform", empty)
	}
}

func TestWritePointsRejectsBadInput(t *testing.T) {
	cases := []struct {
		name       string
		n          int
		bbox       orb.Bound
		start, end time.Time
	}{
		{"negative count", -1, calais, t0, t1},
		{"inverted bbox", 10, orb.Bound{Min: calais.Max, Max: calais.Min}, t0, t1},
		{"bbox off the globe", 10, orb.Bound{Min: orb.Point{170, 0}, Max: orb.Point{190, 10}}, t0, t1},
		{"end before start", 10, calais, t1, t0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := WritePoints(io.Discard, c.n, 1, c.bbox, c.start, c.end); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestWritePointsEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePoints(&buf, 0, 1, calais, t0, t0); err != nil {
		t.Fatal(err)
	}
	var c fc
	if err := json.Unmarshal(buf.Bytes(), &c); err != nil || len(c.Features) != 0 {
		t.Fatalf("empty output %q: %v", buf.String(), err)
	}
}

func BenchmarkWritePoints(b *testing.B) {
	b.ReportAllocs()
	var n int64
	for b.Loop() {
		cw := &countWriter{}
		if err := WritePoints(cw, 100000, 1, calais, t0, t1); err != nil {
			b.Fatal(err)
		}
		n = cw.n
	}
	b.SetBytes(n)
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// TestWriteShapes checks the polygons and lines: valid GeoJSON of the
// asked type, rings closed and counter-clockwise, every position inside
// the bbox, the same bytes for the same seed.
func TestWriteShapes(t *testing.T) {
	type shapes struct {
		Features []struct {
			Properties struct {
				ID int `json:"id"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	for _, c := range []struct {
		shape Shape
		typ   string
	}{{Polygon, "Polygon"}, {Line, "LineString"}} {
		t.Run(c.typ, func(t *testing.T) {
			var buf, again bytes.Buffer
			if err := WriteShapes(&buf, 2000, 7, calais, t0, t1, c.shape); err != nil {
				t.Fatal(err)
			}
			if err := WriteShapes(&again, 2000, 7, calais, t0, t1, c.shape); err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Fatal("the same seed gave different output")
			}
			var fc shapes
			if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
				t.Fatalf("output is not JSON: %v", err)
			}
			if len(fc.Features) != 2000 {
				t.Fatalf("%d features", len(fc.Features))
			}
			for i, f := range fc.Features {
				if f.Geometry.Type != c.typ || f.Properties.ID != i+1 {
					t.Fatalf("feature %d: %s, id %d", i, f.Geometry.Type, f.Properties.ID)
				}
				var line [][]float64
				if c.shape == Polygon {
					var rings [][][]float64
					if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil || len(rings) != 1 {
						t.Fatalf("feature %d: rings %v %v", i, len(rings), err)
					}
					line = rings[0]
					if n := len(line); n < 6 || n > 17 || !slices.Equal(line[0], line[n-1]) {
						t.Fatalf("feature %d: ring of %d positions, closed %v", i, n, slices.Equal(line[0], line[n-1]))
					}
					area := 0.0
					for k := 0; k+1 < len(line); k++ {
						area += line[k][0]*line[k+1][1] - line[k+1][0]*line[k][1]
					}
					if area <= 0 {
						t.Fatalf("feature %d: ring not counter-clockwise", i)
					}
				} else if err := json.Unmarshal(f.Geometry.Coordinates, &line); err != nil || len(line) < 2 || len(line) > 12 {
					t.Fatalf("feature %d: line of %d positions, %v", i, len(line), err)
				}
				for _, p := range line {
					if !calais.Contains(orb.Point{p[0], p[1]}) {
						t.Fatalf("feature %d: %v outside %v", i, p, calais)
					}
				}
			}
		})
	}
}

// CachedPoints writes its file once, reuses it, and writes again a file
// cut short.
func TestCachedPoints(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	path, err := CachedPoints(50)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := WritePoints(&want, 50, 1, BenchBox, BenchStart, BenchEnd); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("the cached file is not WritePoints's output (%v)", err)
	}
	if err := os.WriteFile(path, got[:len(got)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if again, err := CachedPoints(50); err != nil || again != path {
		t.Fatalf("CachedPoints = %q, %v", again, err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want.Bytes()) {
		t.Error("a file cut short was not written again")
	}
}
