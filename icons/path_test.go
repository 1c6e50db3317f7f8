package icons

import (
	"math"
	"reflect"
	"testing"
)

func TestParsePath(t *testing.T) {
	p := func(x, y float64) Point { return Point{x, y} }
	mv := func(x, y float64) Segment { return Segment{Op: MoveTo, P: [3]Point{p(x, y)}} }
	ln := func(x, y float64) Segment { return Segment{Op: LineTo, P: [3]Point{p(x, y)}} }
	cl := Segment{Op: Close}
	tests := []struct {
		name string
		d    string
		want Path
	}{
		{"empty", "", nil},
		{"spaces only", "  \n\t", nil},
		{"move line close", "M1 2 L3 4 Z", Path{mv(1, 2), ln(3, 4), cl}},
		{"relative", "m1 2 l3 4 z", Path{mv(1, 2), ln(4, 6), cl}},
		{"implicit lineto after moveto", "M0 0 10 0 10 10", Path{mv(0, 0), ln(10, 0), ln(10, 10)}},
		{"implicit relative lineto", "m5 5 1 0 0 1", Path{mv(5, 5), ln(6, 5), ln(6, 6)}},
		{"horizontal vertical", "M1 1H5V7h-2v-3", Path{mv(1, 1), ln(5, 1), ln(5, 7), ln(3, 7), ln(3, 4)}},
		{"repeated H", "M0 0H1 2 3", Path{mv(0, 0), ln(1, 0), ln(2, 0), ln(3, 0)}},
		{"compact numbers", "M1.5.5L-1-2", Path{mv(1.5, 0.5), ln(-1, -2)}},
		{"commas", "M1,2,3,4", Path{mv(1, 2), ln(3, 4)}},
		{"exponent", "M1e1 2E-1", Path{mv(10, 0.2)}},
		{"plus sign", "M+1 +2", Path{mv(1, 2)}},
		{"e without digits is a separate token", "M1 2L3 4", Path{mv(1, 2), ln(3, 4)}},
		{"cubic absolute", "M0 0C1 2 3 4 5 6", Path{mv(0, 0), {Op: CubeTo, P: [3]Point{p(1, 2), p(3, 4), p(5, 6)}}}},
		{"cubic relative", "M1 1c1 1 2 2 3 3", Path{mv(1, 1), {Op: CubeTo, P: [3]Point{p(2, 2), p(3, 3), p(4, 4)}}}},
		{"quad relative repeated", "M0 0q1 0 1 1 1 0 1 1", Path{mv(0, 0),
			{Op: QuadTo, P: [3]Point{p(1, 0), p(1, 1)}}, {Op: QuadTo, P: [3]Point{p(2, 1), p(2, 2)}}}},
		{"draw after close starts at subpath start", "M1 1L5 1Z l0 4", Path{mv(1, 1), ln(5, 1), cl, mv(1, 1), ln(1, 5)}},
		{"two subpaths", "M0 0L1 0ZM5 5L6 5z", Path{mv(0, 0), ln(1, 0), cl, mv(5, 5), ln(6, 5), cl}},
		{"relative moveto after close", "M1 1L2 2Zm1 1", Path{mv(1, 1), ln(2, 2), cl, mv(2, 2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePath(tt.d)
			if err != nil {
				t.Fatalf("ParsePath(%q): %v", tt.d, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParsePath(%q)\n got %v\nwant %v", tt.d, got, tt.want)
			}
		})
	}
}

func TestParsePathErrors(t *testing.T) {
	for name, d := range map[string]string{
		"number first":        "1 2",
		"line before move":    "L1 2",
		"missing coordinate":  "M1",
		"dangling comma":      "M1,",
		"unknown command":     "M0 0A1 1 0 0 0 2 2",
		"number after close":  "M0 0Z 1 2",
		"huge number":         "M1e400 0",
		"out of range number": "M1e12 0",
		"lone dot":            "M. 1",
		"lone sign":           "M- 1",
		"letters":             "M0 0Lx y",
		"incomplete cubic":    "M0 0C1 1 2 2",
	} {
		t.Run(name, func(t *testing.T) {
			if p, err := ParsePath(d); err == nil {
				t.Errorf("ParsePath(%q) = %v, want an error", d, p)
			}
		})
	}
}

func TestPathStringRoundTrip(t *testing.T) {
	for _, n := range Names {
		for _, s := range Get(n).Shapes {
			back, err := ParsePath(s.Path.String())
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			if !reflect.DeepEqual(back, s.Path) {
				t.Errorf("%s: round trip changed the path", n)
			}
		}
	}
}

func TestPathBounds(t *testing.T) {
	p, err := ParsePath("M2 3L10 3C12 -1 0 20 4 5Z")
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := p.Bounds()
	if lo != (Point{0, -1}) || hi != (Point{12, 20}) {
		t.Errorf("Bounds = %v %v", lo, hi)
	}
	if lo, hi := Path(nil).Bounds(); lo != (Point{}) || hi != (Point{}) {
		t.Errorf("empty Bounds = %v %v", lo, hi)
	}
}

func FuzzParsePath(f *testing.F) {
	for _, n := range Names {
		for _, s := range Get(n).Shapes {
			f.Add(s.Path.String())
		}
	}
	for _, s := range []string{"", "M1.5.5L-1-2z", "m0 0h1v1z l2 2", "M0 0q1 1 2 2t3 3", "M1e5 1e-5", "Z", "M0,0,1,1,2,2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, d string) {
		p, err := ParsePath(d)
		if err != nil {
			return
		}
		for _, sg := range p {
			for _, q := range sg.P {
				if math.IsNaN(q.X) || math.IsInf(q.X, 0) || math.IsNaN(q.Y) || math.IsInf(q.Y, 0) {
					t.Fatalf("ParsePath(%q) gave a non-finite point", d)
				}
			}
		}
		back, err := ParsePath(p.String())
		if err != nil {
			t.Fatalf("re-parse of %q (from %q): %v", p.String(), d, err)
		}
		if !reflect.DeepEqual(back, p) {
			t.Fatalf("round trip of %q changed the path:\n%v\n%v", d, p, back)
		}
	})
}
