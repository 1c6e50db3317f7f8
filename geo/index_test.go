package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// clustered returns n points, most in a few tight clusters (as incidents
// are), some spread wide, a few duplicated and a few NaN.
func clustered(n int, seed uint64) []orb.Point {
	r := rand.New(rand.NewPCG(seed, 7))
	pts := make([]orb.Point, n)
	for i := range pts {
		switch {
		case i%97 == 5:
			pts[i] = orb.Point{math.NaN(), 1}
		case i%50 == 3 && i > 0:
			pts[i] = pts[i-1]
		case i%3 == 0:
			pts[i] = orb.Point{r.Float64()*2e6 - 1e6, r.Float64()*2e6 - 1e6}
		default:
			c := float64(i % 4)
			pts[i] = orb.Point{c*1e4 + r.NormFloat64()*300, -c*2e4 + r.NormFloat64()*300}
		}
	}
	return pts
}

func indexOf(pts []orb.Point) *PointIndex {
	return NewPointIndex(len(pts), func(i int) (float64, float64) { return pts[i][0], pts[i][1] })
}

func TestPointIndexRangeMatchesBruteForce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 31, 33, 100, 5000} {
		pts := clustered(n, uint64(n))
		ix := indexOf(pts)
		r := rand.New(rand.NewPCG(1, uint64(n)))
		for q := 0; q < 50; q++ {
			x0, y0 := r.Float64()*2e6-1e6, r.Float64()*2e6-1e6
			if q%2 == 0 { // boxes around the clusters
				x0, y0 = float64(q%4)*1e4-500, -float64(q%4)*2e4-500
			}
			w, h := r.Float64()*float64(q)*100, r.Float64()*float64(q)*100
			var got, want []int
			ix.Range(x0, y0, x0+w, y0+h, func(id int, x, y float64) bool {
				if x != pts[id][0] || y != pts[id][1] {
					t.Fatalf("Range gave id %d at %v,%v, want %v", id, x, y, pts[id])
				}
				got = append(got, id)
				return true
			})
			for i, p := range pts {
				if p[0] >= x0 && p[0] <= x0+w && p[1] >= y0 && p[1] <= y0+h {
					want = append(want, i)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d query %d: Range found %d points, brute force %d", n, q, len(got), len(want))
			}
			if c := ix.Count(x0, y0, x0+w, y0+h); c != len(want) {
				t.Fatalf("Count = %d, want %d", c, len(want))
			}
		}
	}
}

func TestPointIndexNearestMatchesBruteForce(t *testing.T) {
	pts := clustered(20000, 3)
	ix := indexOf(pts)
	r := rand.New(rand.NewPCG(9, 9))
	accepts := map[string]func(int) bool{
		"all":  nil,
		"even": func(id int) bool { return id%2 == 0 },
		"none": func(int) bool { return false },
	}
	for name, accept := range accepts {
		t.Run(name, func(t *testing.T) {
			for q := 0; q < 300; q++ {
				x, y := r.Float64()*2e6-1e6, r.Float64()*2e6-1e6
				if q%2 == 0 {
					x, y = float64(q%4)*1e4+r.NormFloat64()*400, -float64(q%4)*2e4+r.NormFloat64()*400
				}
				rad := []float64{0, 5, 50, 500, 5e4}[q%5]
				wantID, wantD := -1, math.Inf(1)
				for i, p := range pts {
					if math.IsNaN(p[0]) || (accept != nil && !accept(i)) {
						continue
					}
					d := math.Hypot(p[0]-x, p[1]-y)
					if d <= rad && (d < wantD || (d == wantD && i > wantID)) {
						wantID, wantD = i, d
					}
				}
				id, d, ok := ix.Nearest(x, y, rad, accept)
				if ok != (wantID >= 0) {
					t.Fatalf("query %d: ok = %v, want %v", q, ok, wantID >= 0)
				}
				if ok && (id != wantID || math.Abs(d-wantD) > 1e-9) {
					t.Fatalf("query %d: Nearest = %d (%g), want %d (%g)", q, id, d, wantID, wantD)
				}
			}
		})
	}
}

func TestPointIndexWithinAndXY(t *testing.T) {
	pts := clustered(3000, 11)
	ix := indexOf(pts)
	n := 0
	ix.Within(0, 0, 1000, func(id int, d2 float64) bool {
		if math.Abs(math.Sqrt(d2)-math.Hypot(pts[id][0], pts[id][1])) > 1e-9 {
			t.Fatalf("wrong distance for %d", id)
		}
		n++
		return true
	})
	want := 0
	for _, p := range pts {
		if math.Hypot(p[0], p[1]) <= 1000 {
			want++
		}
	}
	if n != want {
		t.Errorf("Within found %d, want %d", n, want)
	}
	if _, _, ok := ix.XY(5); ok {
		t.Error("XY of a NaN point should not be ok")
	}
	if x, y, ok := ix.XY(7); !ok || x != pts[7][0] || y != pts[7][1] {
		t.Errorf("XY(7) = %v %v %v", x, y, ok)
	}
	for _, id := range []int{-1, len(pts)} {
		if _, _, ok := ix.XY(id); ok {
			t.Errorf("XY(%d) ok", id)
		}
	}
	stops := 0
	ix.Range(-1e7, -1e7, 1e7, 1e7, func(int, float64, float64) bool { stops++; return stops < 3 })
	if stops != 3 {
		t.Errorf("Range did not stop early: %d calls", stops)
	}
}

func TestPointIndexDegenerate(t *testing.T) {
	var nilIx *PointIndex
	nilIx.Range(0, 0, 1, 1, func(int, float64, float64) bool { t.Fatal("called"); return true })
	if _, _, ok := nilIx.Nearest(0, 0, 1, nil); ok {
		t.Error("nil index found a point")
	}
	same := make([]orb.Point, 1000) // every point equal
	ix := indexOf(same)
	if ix.Count(0, 0, 0, 0) != 1000 {
		t.Errorf("Count of equal points = %d", ix.Count(0, 0, 0, 0))
	}
	if id, _, ok := ix.Nearest(0, 0, 0, nil); !ok || id != 999 {
		t.Errorf("Nearest among equal points = %d %v, want 999", id, ok)
	}
	if _, _, ok := ix.Nearest(math.NaN(), 0, 10, nil); ok {
		t.Error("NaN query found a point")
	}
	if _, _, ok := ix.Nearest(0, 0, math.NaN(), nil); ok {
		t.Error("NaN radius found a point")
	}
	ix.Range(1, 1, 0, 0, func(int, float64, float64) bool { t.Fatal("inverted box matched"); return true })
	if NewPointIndex(-3, nil).Len() != 0 {
		t.Error("negative n")
	}
}

func TestMercator(t *testing.T) {
	if m := Mercator(orb.Point{180, 0}); math.Abs(m[0]-math.Pi*orb.EarthRadius) > 1e-6 {
		t.Errorf("Mercator(180,0) = %v", m)
	}
	for _, lat := range []float64{90, 95, 1e9} {
		if m := Mercator(orb.Point{0, lat}); math.IsNaN(m[1]) || m[1] <= 0 {
			t.Errorf("Mercator(0,%g) = %v, want the top edge", lat, m)
		}
	}
	v := New(orb.Point{1.8, 50.95}, 12, 800, 600)
	b := MercatorBound(v)
	x0, y0 := v.Transform().ProjectMercator(b.Min)
	x1, y1 := v.Transform().ProjectMercator(b.Max)
	if math.Abs(x0) > 1e-6 || math.Abs(y0-600) > 1e-6 || math.Abs(x1-800) > 1e-6 || math.Abs(y1) > 1e-6 {
		t.Errorf("MercatorBound corners project to %v,%v %v,%v", x0, y0, x1, y1)
	}
}

func benchPoints(n int) []orb.Point {
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = Mercator(orb.Point{1.6 + r.Float64()*0.5, 50.85 + r.Float64()*0.2})
	}
	return pts
}

func BenchmarkPointIndexBuild1M(b *testing.B) {
	pts := benchPoints(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		indexOf(pts)
	}
}

func BenchmarkPointIndexNearest1M(b *testing.B) {
	pts := benchPoints(1_000_000)
	ix := indexOf(pts)
	r := rand.New(rand.NewPCG(3, 4))
	b.ReportAllocs()
	for b.Loop() {
		q := pts[r.IntN(len(pts))]
		ix.Nearest(q[0]+3, q[1]-2, 60, func(id int) bool { return id%3 != 0 })
	}
}

func TestPointIndexPositions(t *testing.T) {
	pts := clustered(2000, 5)
	ix := indexOf(pts)
	var ids, viaPos []int
	ix.Range(-5e5, -5e5, 5e5, 5e5, func(id int, x, y float64) bool { ids = append(ids, id); return true })
	ix.RangePos(-5e5, -5e5, 5e5, 5e5, func(pos int, x, y float64) bool {
		if px, py := ix.XYAt(pos); px != x || py != y {
			t.Fatalf("XYAt(%d) disagrees", pos)
		}
		if ix.Pos(ix.ID(pos)) != pos {
			t.Fatalf("Pos(ID(%d)) != %d", pos, pos)
		}
		viaPos = append(viaPos, ix.ID(pos))
		return true
	})
	if !slices.Equal(ids, viaPos) {
		t.Error("Range and RangePos visit different points or orders")
	}
	if ix.Pos(5) != -1 || ix.Pos(-1) != -1 || ix.Pos(len(pts)) != -1 {
		t.Error("Pos of a left-out or out-of-range id")
	}
}
