package geo

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// Tolerances against GeographicLib (geo/testdata/geodesic.tsv).
const (
	distTol = 1e-6 // metres: GeographicLib itself is good to 15 nm
	arcTol  = 1e-9 // degrees
	// Azimuths: within aziTol, or, where they are ill-conditioned (short
	// lines, nearly antipodal points), turned by so little that the far
	// end moves by at most aziMoveTol (the angle times the reduced length
	// m12).
	aziTol     = 1e-9 // degrees
	aziMoveTol = 1e-9 // metres
	// Areas: relative, plus an absolute floor for the rounding of
	// c2·alp12 (c2 is 4e13 m², so one ulp of it is about 0.008 m²) in
	// polygons whose area is nearly zero.
	areaRelTol = 1e-12
	areaAbsTol = 0.1 // m²
)

// goldenInverse is one "inverse" row of geodesic.tsv.
type goldenInverse struct {
	name            string
	a, b            orb.Point
	s12, azi1, azi2 float64
	a12, m12        float64
}

// goldenPolygon is one "polygon" row of geodesic.tsv.
type goldenPolygon struct {
	name            string
	ring            orb.Ring
	area, perimeter float64
}

// readGolden reads geo/testdata/geodesic.tsv, written by gen_geodesic.py.
func readGolden(t testing.TB) ([]goldenInverse, []goldenPolygon) {
	t.Helper()
	f, err := os.Open("testdata/geodesic.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	num := func(line int, s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("geodesic.tsv:%d: %v", line, err)
		}
		return v
	}
	var inv []goldenInverse
	var poly []goldenPolygon
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		switch {
		case c[0] == "inverse" && len(c) == 11:
			inv = append(inv, goldenInverse{
				name: c[1],
				a:    orb.Point{num(line, c[2]), num(line, c[3])},
				b:    orb.Point{num(line, c[4]), num(line, c[5])},
				s12:  num(line, c[6]), azi1: num(line, c[7]), azi2: num(line, c[8]), a12: num(line, c[9]), m12: num(line, c[10]),
			})
		case c[0] == "polygon" && len(c) == 5:
			var ring orb.Ring
			for _, p := range strings.Split(c[2], ",") {
				lon, lat, _ := strings.Cut(p, " ")
				ring = append(ring, orb.Point{num(line, lon), num(line, lat)})
			}
			poly = append(poly, goldenPolygon{name: c[1], ring: ring, area: num(line, c[3]), perimeter: num(line, c[4])})
		default:
			t.Fatalf("geodesic.tsv:%d: not an inverse or polygon row: %q", line, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(inv) < 1000 || len(poly) < 20 {
		t.Fatalf("geodesic.tsv holds %d lines and %d polygons: regenerate it (make geodesic-golden)", len(inv), len(poly))
	}
	return inv, poly
}

// angleDiff returns |x - y| in degrees, reduced to [0, 180].
func angleDiff(x, y float64) float64 {
	d := math.Abs(math.Remainder(x-y, 360))
	return d
}

func TestInverseGolden(t *testing.T) {
	inv, _ := readGolden(t)
	var maxDist, maxAzi, maxAziWell, maxMove, maxArc float64
	var worstDist, worstAzi string
	for _, g := range inv {
		got := Inverse(g.a, g.b)
		dd := math.Abs(got.Distance - g.s12)
		da := max(angleDiff(got.Azimuth1, g.azi1), angleDiff(got.Azimuth2, g.azi2))
		move := da * math.Pi / 180 * math.Abs(g.m12)
		darc := math.Abs(got.Arc - g.a12)
		if dd > maxDist {
			maxDist, worstDist = dd, g.name
		}
		if da > maxAzi {
			maxAzi, worstAzi = da, g.name
		}
		if math.Abs(g.m12) > 1000 {
			maxAziWell = max(maxAziWell, da)
		}
		maxMove = max(maxMove, move)
		maxArc = max(maxArc, darc)
		if dd > distTol || math.IsNaN(got.Distance) || (da > aziTol && move > aziMoveTol) || math.IsNaN(da) || darc > arcTol {
			t.Errorf("%s: Inverse(%v, %v) = %.9f m, %.12f°, %.12f°, arc %.12f°; GeographicLib %.9f m, %.12f°, %.12f°, arc %.12f°",
				g.name, g.a, g.b, got.Distance, got.Azimuth1, got.Azimuth2, got.Arc, g.s12, g.azi1, g.azi2, g.a12)
		}
		if d := Distance(g.a, g.b); d != got.Distance {
			t.Errorf("%s: Distance = %v, Inverse says %v", g.name, d, got.Distance)
		}
	}
	t.Logf("%d lines: max distance error %.3g m (%s); max azimuth error %.3g° (%s), %.3g° where m12 > 1 km, "+
		"moving the far end by at most %.3g m; max arc error %.3g°",
		len(inv), maxDist, worstDist, maxAzi, worstAzi, maxAziWell, maxMove, maxArc)
}

func TestRingAreaGolden(t *testing.T) {
	_, poly := readGolden(t)
	var maxRel, maxAbs, maxPerim float64
	for _, g := range poly {
		area, perim := RingArea(g.ring)
		da := math.Abs(area - g.area)
		dp := math.Abs(perim - g.perimeter)
		maxAbs = max(maxAbs, da)
		if math.Abs(g.area) > 1e3 {
			maxRel = max(maxRel, da/math.Abs(g.area))
		}
		maxPerim = max(maxPerim, dp)
		if da > areaRelTol*math.Abs(g.area)+areaAbsTol || math.IsNaN(area) || dp > distTol*float64(len(g.ring)) {
			t.Errorf("%s: RingArea = %.6f m², %.9f m; GeographicLib %.6f m², %.9f m", g.name, area, perim, g.area, g.perimeter)
		}
		// A repeated closing point changes nothing.
		closed := append(g.ring.Clone(), g.ring[0])
		if a2, p2 := RingArea(closed); a2 != area || p2 != perim {
			t.Errorf("%s: closed ring gives %v m², %v m, open %v m², %v m", g.name, a2, p2, area, perim)
		}
	}
	t.Logf("%d polygons: max area error %.3g m² (relative %.3g where above 1000 m²), max perimeter error %.3g m", len(poly), maxAbs, maxRel, maxPerim)
}

func TestInverseCases(t *testing.T) {
	tests := []struct {
		name       string
		a, b       orb.Point
		dist       float64 // metres, within 1 mm
		azi1, azi2 float64 // degrees, within 1e-6
	}{
		{"same point", calais, calais, 0, 180, 180},
		{"one degree of longitude on the equator", orb.Point{0, 0}, orb.Point{1, 0}, 111319.491, 90, 90},
		{"one degree of latitude from the equator", orb.Point{0, 0}, orb.Point{0, 1}, 110574.389, 0, 0},
		{"pole to pole", orb.Point{0, 90}, orb.Point{0, -90}, 20003931.458625, 180, 180},
		{"antipodal on the equator runs over a pole", orb.Point{0, 0}, orb.Point{180, 0}, 20003931.458625, 0, 180},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Inverse(tt.a, tt.b)
			if math.Abs(g.Distance-tt.dist) > 1e-3 || angleDiff(g.Azimuth1, tt.azi1) > 1e-6 || angleDiff(g.Azimuth2, tt.azi2) > 1e-6 {
				t.Errorf("Inverse = %+v, want %.3f m, %v°, %v°", g, tt.dist, tt.azi1, tt.azi2)
			}
		})
	}
}

func TestInverseInvalid(t *testing.T) {
	tests := []struct {
		name string
		a, b orb.Point
	}{
		{"latitude above 90", orb.Point{0, 91}, orb.Point{0, 0}},
		{"latitude below -90", orb.Point{0, 0}, orb.Point{0, -90.5}},
		{"NaN longitude", orb.Point{math.NaN(), 0}, orb.Point{1, 0}},
		{"NaN latitude", orb.Point{0, 0}, orb.Point{1, math.NaN()}},
		{"infinite longitude", orb.Point{math.Inf(1), 0}, orb.Point{1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := Distance(tt.a, tt.b); !math.IsNaN(d) {
				t.Errorf("Distance = %v, want NaN", d)
			}
		})
	}
}

func TestInverseSymmetry(t *testing.T) {
	inv, _ := readGolden(t)
	for _, g := range inv {
		ab, ba := Inverse(g.a, g.b), Inverse(g.b, g.a)
		if ab.Distance != ba.Distance {
			t.Errorf("%s: d(a,b) = %v, d(b,a) = %v", g.name, ab.Distance, ba.Distance)
		}
	}
}

func TestRingAreaSmall(t *testing.T) {
	tests := []struct {
		name        string
		ring        orb.Ring
		area, perim float64
	}{
		{"empty", nil, 0, 0},
		{"one point", orb.Ring{calais}, 0, 0},
		{"two points: there and back", orb.Ring{{0, 0}, {1, 0}}, 0, 2 * 111319.49079327357},
		{"two points closed", orb.Ring{{0, 0}, {1, 0}, {0, 0}}, 0, 2 * 111319.49079327357},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, p := RingArea(tt.ring)
			if a != tt.area || math.Abs(p-tt.perim) > 1e-6 {
				t.Errorf("RingArea = %v m², %v m; want %v m², %v m", a, p, tt.area, tt.perim)
			}
		})
	}
}

func BenchmarkInverse(b *testing.B) {
	cases := []struct {
		name string
		a, b orb.Point
	}{
		{"jungle to coquelles", orb.Point{1.905, 50.966}, orb.Point{1.8128, 50.9247}},
		{"intercontinental", orb.Point{-73.8, 40.6}, orb.Point{2.55, 49.01666667}},
		{"nearly antipodal", orb.Point{0, 0}, orb.Point{179.5, 0.5}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Inverse(c.a, c.b)
			}
		})
	}
}

func BenchmarkRingArea(b *testing.B) {
	terminal := orb.Ring{{1.7985, 50.9245}, {1.808, 50.9222}, {1.819, 50.9228}, {1.8275, 50.9262},
		{1.829, 50.9312}, {1.8235, 50.9352}, {1.813, 50.9365}, {1.803, 50.9345}, {1.7975, 50.93}, {1.7985, 50.9245}}
	b.ReportAllocs()
	for b.Loop() {
		RingArea(terminal)
	}
}
