package style

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

// The symbology fields round-trip through JSON and are left out when
// unset, so older files read and the default style writes as before.
func TestSymbologyRoundTrip(t *testing.T) {
	s := Default()
	s.Palette, s.PaletteOffset, s.PlainDots, s.LabelKey = PaletteTol, 3, true, "Location Description"
	s.OtherColor = Color{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	s.CategoryShapes = map[string]Shape{"death": ShapeStar}
	s.Graduated = &Graduated{Key: "mag", By: ByColor, Method: NaturalBreaks, Classes: 4}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"visible":true,"opacity":1,"palette":"tol","palette_offset":3,"other_color":"#999999","plain_dots":true,"category_shapes":{"death":"star"},"graduated":{"key":"mag","by":"color","method":"jenks","classes":4},"label_key":"Location Description"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back Style
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Key() != s.Key() || back.Check() != nil {
		t.Errorf("round trip: %s (%v)", back.Key(), back.Check())
	}
	c := s.Clone()
	c.CategoryShapes["death"] = ShapeSquare
	c.Graduated.Classes = 7
	if s.CategoryShapes["death"] != ShapeStar || s.Graduated.Classes != 4 {
		t.Error("Clone shares the symbology's map or graduated spec")
	}
}

func TestCheckSymbology(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Style)
		want string
	}{
		{"palette", func(s *Style) { s.Palette = "rainbow" }, `palette "rainbow"`},
		{"shape", func(s *Style) { s.CategoryShapes = map[string]Shape{"a": "blob"} }, `shape "blob" of category "a"`},
		{"by", func(s *Style) { s.Graduated = &Graduated{Key: "x", By: "width", Method: Quantile} }, `graduated by "width"`},
		{"method", func(s *Style) { s.Graduated = &Graduated{Key: "x", By: BySize, Method: "kmeans"} }, `graduated classes "kmeans"`},
		{"classes", func(s *Style) { s.Graduated = &Graduated{Key: "x", By: BySize, Method: Quantile, Classes: 9} }, "9 classes"},
		{"fine", func(s *Style) { s.Graduated = &Graduated{Key: "x", By: BySize, Method: Quantile, Classes: 3} }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := Default()
			tc.edit(&s)
			err := s.Check()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Check = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestShapesCycle(t *testing.T) {
	seen := map[Shape]bool{}
	for i := range Shapes {
		seen[ShapeAt(i)] = true
	}
	if len(seen) != len(Shapes) || ShapeAt(len(Shapes)) != ShapeCircle || ShapeAt(-1) != ShapeSquare {
		t.Errorf("shapes do not cycle: %v", seen)
	}
}

func TestClasses(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		name   string
		vs     []float64
		method string
		n      int
		want   []float64
	}{
		{"equal", []float64{0, 1, 2, 10}, EqualInterval, 5, []float64{0, 2, 4, 6, 8, 10}},
		{"quantile", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}, Quantile, 3, []float64{1, 3, 6, 9}},
		{"jenks two clusters", []float64{1, 1, 2, 2, 3, 20, 21, 22, 100, 101}, NaturalBreaks, 3, []float64{1, 3, 22, 101}},
		{"fewer distinct than classes", []float64{1, 1, 2, 2}, NaturalBreaks, 5, []float64{1, 1, 2}},
		{"all equal", []float64{4, 4, 4}, Quantile, 5, []float64{4, 4}},
		{"NaN and Inf left out", []float64{nan, 0, math.Inf(1), 10}, EqualInterval, 2, []float64{0, 5, 10}},
		{"none", []float64{nan}, Quantile, 3, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Classes(tc.vs, tc.method, tc.n)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Classes = %v, want %v", got, tc.want)
			}
		})
	}
}

// Natural breaks agree with a brute-force search of every partition.
func TestJenksIsOptimal(t *testing.T) {
	vs := []float64{0.5, 1, 1.2, 2.5, 2.6, 3, 4.4, 4.5, 6, 6.1, 6.3, 9, 9.5, 12}
	ssd := func(xs []float64) float64 {
		m := 0.0
		for _, x := range xs {
			m += x
		}
		m /= float64(len(xs))
		s := 0.0
		for _, x := range xs {
			s += (x - m) * (x - m)
		}
		return s
	}
	best := math.Inf(1)
	for i := 1; i < len(vs); i++ {
		for j := i + 1; j < len(vs); j++ {
			for k := j + 1; k < len(vs); k++ {
				best = math.Min(best, ssd(vs[:i])+ssd(vs[i:j])+ssd(vs[j:k])+ssd(vs[k:]))
			}
		}
	}
	b := Classes(vs, NaturalBreaks, 4)
	got := 0.0
	for c := 0; c+1 < len(b); c++ {
		var xs []float64
		for _, v := range vs {
			if ClassOf(b, v) == c {
				xs = append(xs, v)
			}
		}
		got += ssd(xs)
	}
	if math.Abs(got-best) > 1e-9 {
		t.Errorf("jenks %v: within-class ssd %v, best partition %v", b, got, best)
	}
}

func TestClassOf(t *testing.T) {
	b := []float64{0, 2, 4}
	for _, tc := range []struct {
		v    float64
		want int
	}{{0, 0}, {2, 0}, {2.1, 1}, {4, 1}, {-1, -1}, {5, -1}, {math.NaN(), -1}} {
		if got := ClassOf(b, tc.v); got != tc.want {
			t.Errorf("ClassOf(%v) = %d, want %d", tc.v, got, tc.want)
		}
	}
}
