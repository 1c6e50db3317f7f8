package edit

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

// flat projects a degree to 100 pixels, north up.
type flat struct{}

func (flat) Project(p orb.Point) (float64, float64) { return p[0] * 100, -p[1] * 100 }
func (flat) Unproject(x, y float64) orb.Point       { return orb.Point{x / 100, -y / 100} }

// fixture is a layer of every kind of geometry, with properties, ids,
// times and a category.
func fixture(t testing.TB) *data.Layer {
	t.Helper()
	b := data.NewBuilder("fixture", 8)
	b.Layer().Path = "/tmp/fixture.geojson"
	day := time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC)
	fs := []data.Feature{
		{Geometry: orb.Point{1, 1}, ID: data.Number(1), Span: data.Instant(day), Props: []data.Property{{Key: "category", Value: data.Text("water")}, {Key: "time", Value: data.Text("2015-07-01")}}},
		{Geometry: orb.LineString{{0, 0}, {2, 0}, {2, 2}}, Z: []float64{5, 6, 7}, Span: data.Undated, ID: data.Text("road"), Kind: data.KindRoute, Props: []data.Property{{Key: "name", Value: data.Text("A16")}}},
		{Geometry: orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}}, M: []float64{1, 2, 3, 4, 1, 5, 6, 7, 8, 5}, Span: data.Undated, Props: []data.Property{{Key: "category", Value: data.Text("camp")}, {Key: "pop", Value: data.Number(300)}}},
		NewFeature(orb.MultiPoint{{5, 5}, {6, 6}}),
		NewFeature(orb.MultiPolygon{{{{10, 10}, {11, 10}, {11, 11}, {10, 10}}}}),
	}
	for _, f := range fs {
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

func TestApplyAndUndo(t *testing.T) {
	l := fixture(t)
	note := NewFeature(orb.Point{3, 3}, data.Property{Key: "label", Value: data.Text("gate")})
	tests := []struct {
		name  string
		op    Op
		check func(t *testing.T, nl *data.Layer)
	}{
		{"insert first", Op{Kind: Insert, At: 0, F: note}, func(t *testing.T, nl *data.Layer) {
			if nl.Len() != 6 || nl.FeatureName(0) != "gate" || nl.FeatureName(2) != "A16" {
				t.Errorf("%d features, names %q %q", nl.Len(), nl.FeatureName(0), nl.FeatureName(2))
			}
		}},
		{"insert last", Op{Kind: Insert, At: 5, F: note}, func(t *testing.T, nl *data.Layer) {
			if nl.Anchor(5) != (orb.Point{3, 3}) {
				t.Errorf("anchor %v", nl.Anchor(5))
			}
		}},
		{"delete", Op{Kind: Delete, At: 0}, func(t *testing.T, nl *data.Layer) {
			if nl.Len() != 4 || nl.TimeExtent().Dated() {
				t.Errorf("%d features, extent %v", nl.Len(), nl.TimeExtent())
			}
		}},
		{"replace", Op{Kind: Replace, At: 1, F: NewFeature(orb.LineString{{0, 0}, {9, 9}})}, func(t *testing.T, nl *data.Layer) {
			if nl.Bounds().Max != (orb.Point{11, 11}) || nl.FeatureName(1) != "" {
				t.Errorf("bounds %v, name %q", nl.Bounds(), nl.FeatureName(1))
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			nl, inv, err := Apply(l, tc.op)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, nl)
			back, _, err := Apply(nl, inv)
			if err != nil {
				t.Fatal(err)
			}
			if err := Same(back, l); err != nil {
				t.Error(err)
			}
		})
	}
	for _, op := range []Op{{Kind: Delete, At: 5}, {Kind: Insert, At: -1, F: note}, {Kind: Replace, At: 0}} {
		if _, _, err := Apply(l, op); err == nil {
			t.Errorf("%+v: no error", op)
		}
	}
}

// Any sequence of edits followed by as many undos gives the layer back
// exactly, and as many redos the edited layer.
func TestUndoRestoresExactly(t *testing.T) {
	base := fixture(t)
	for seed := uint64(1); seed <= 60; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		var h History
		l := base
		var states []*data.Layer
		n := 1 + r.IntN(25)
		for k := 0; k < n; k++ {
			op := randomOp(r, l)
			nl, err := h.Do(l, op)
			if err != nil {
				continue // an edit the layer refuses (too few vertices)
			}
			states = append(states, l)
			l = nl
		}
		edited := l
		if len(states) > 0 && !h.Dirty() {
			t.Fatalf("seed %d: not dirty after %d edits", seed, len(states))
		}
		for k := len(states) - 1; k >= 0; k-- {
			var ok bool
			var err error
			if l, _, ok, err = h.Undo(l); err != nil || !ok {
				t.Fatalf("seed %d: undo %d: %v %v", seed, k, ok, err)
			}
			if err := Same(l, states[k]); err != nil {
				t.Fatalf("seed %d: after undo to step %d: %v", seed, k, err)
			}
		}
		if _, _, ok, _ := h.Undo(l); ok {
			t.Fatalf("seed %d: an undo beyond the first edit", seed)
		}
		if err := Same(l, base); err != nil || h.Dirty() {
			t.Fatalf("seed %d: dirty %v, %v", seed, h.Dirty(), err)
		}
		for range states {
			l, _, _, _ = h.Redo(l)
		}
		if err := Same(l, edited); err != nil {
			t.Fatalf("seed %d: after redoing: %v", seed, err)
		}
	}
}

// randomOp is a random edit of l: an insert, a delete, a move, a vertex
// added, moved or deleted, or a property changed.
func randomOp(r *rand.Rand, l *data.Layer) Op {
	pt := func() orb.Point { return orb.Point{r.Float64()*20 - 10, r.Float64()*20 - 10} }
	if l.Len() == 0 || r.IntN(6) == 0 {
		var g orb.Geometry = pt()
		switch r.IntN(3) {
		case 1:
			g = orb.LineString{pt(), pt()}
		case 2:
			g, _ = NewPolygon([]orb.Point{pt(), pt(), pt()})
		}
		return Op{Kind: Insert, At: r.IntN(l.Len() + 1), F: NewFeature(g, data.Property{Key: "n", Value: data.Number(float64(r.IntN(9)))})}
	}
	i := r.IntN(l.Len())
	f := Feature(l, i)
	parts, _ := Parts(f.Geometry)
	v := Vertex{r.IntN(len(parts)), 0}
	v.Index = r.IntN(len(parts[v.Part]))
	var err error
	switch r.IntN(6) {
	case 0:
		return Op{Kind: Delete, At: i}
	case 1:
		f.Geometry = Translate(f.Geometry, r.Float64(), -r.Float64())
	case 2:
		f, err = Reshape(f, pt(), func(g orb.Geometry, p orb.Point) (orb.Geometry, error) { return MoveVertex(g, v, p) })
	case 3:
		f, err = Reshape(f, pt(), func(g orb.Geometry, p orb.Point) (orb.Geometry, error) { return InsertVertex(g, v, p) })
	case 4:
		f, err = Reshape(f, pt(), func(g orb.Geometry, _ orb.Point) (orb.Geometry, error) { return DeleteVertex(g, v) })
	default:
		f.Props = append(f.Props[:len(f.Props):len(f.Props)], data.Property{Key: "category", Value: data.Text([]string{"a", "b"}[r.IntN(2)])})
	}
	if err != nil {
		return Op{Kind: Replace, At: i} // no geometry: refused
	}
	return Op{Kind: Replace, At: i, F: f}
}

func TestVertexEdits(t *testing.T) {
	poly := orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 2}, {2, 2}, {1, 1}}}
	line := orb.LineString{{0, 0}, {1, 0}}
	tests := []struct {
		name string
		do   func() (orb.Geometry, error)
		want orb.Geometry
		err  error
	}{
		{"move ring start keeps it closed", func() (orb.Geometry, error) { return MoveVertex(poly, Vertex{0, 0}, orb.Point{-1, -1}) },
			orb.Polygon{{{-1, -1}, {4, 0}, {4, 4}, {0, 4}, {-1, -1}}, poly[1]}, nil},
		{"insert in hole", func() (orb.Geometry, error) { return InsertVertex(poly, Vertex{1, 3}, orb.Point{1.5, 1.2}) },
			orb.Polygon{poly[0], {{1, 1}, {1, 2}, {2, 2}, {1.5, 1.2}, {1, 1}}}, nil},
		{"delete from square", func() (orb.Geometry, error) { return DeleteVertex(poly, Vertex{0, 3}) },
			orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 0}}, poly[1]}, nil},
		{"triangle keeps three", func() (orb.Geometry, error) { return DeleteVertex(poly, Vertex{1, 0}) }, nil, ErrTooFew},
		{"line keeps two", func() (orb.Geometry, error) { return DeleteVertex(line, Vertex{0, 0}) }, nil, ErrTooFew},
		{"line end", func() (orb.Geometry, error) { return InsertVertex(line, Vertex{0, 2}, orb.Point{2, 0}) },
			orb.LineString{{0, 0}, {1, 0}, {2, 0}}, nil},
		{"translate", func() (orb.Geometry, error) { return Translate(line, 1, 2), nil }, orb.LineString{{1, 2}, {2, 2}}, nil},
		{"point moves", func() (orb.Geometry, error) { return MoveVertex(orb.Point{1, 1}, Vertex{0, 0}, orb.Point{2, 2}) }, orb.Point{2, 2}, nil},
		{"hole wound clockwise", func() (orb.Geometry, error) {
			return AddHole(orb.Polygon{poly[0]}, orb.Ring{{3, 3}, {3.5, 3}, {3.5, 3.5}})
		}, orb.Polygon{poly[0], {{3, 3}, {3.5, 3.5}, {3.5, 3}, {3, 3}}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := tc.do()
			if !errors.Is(err, tc.err) {
				t.Fatalf("error %v, want %v", err, tc.err)
			}
			if tc.want != nil && !orb.Equal(g, tc.want) {
				t.Errorf("got %v, want %v", g, tc.want)
			}
		})
	}
	if !orb.Equal(poly, orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 2}, {2, 2}, {1, 1}}}) {
		t.Error("an edit changed its input")
	}
	p, _ := NewPolygon([]orb.Point{{0, 0}, {0, 1}, {1, 1}})
	if area2(p[0]) <= 0 || len(p[0]) != 4 {
		t.Errorf("outer ring %v not counter-clockwise and closed", p[0])
	}
}

func TestSnap(t *testing.T) {
	l := fixture(t)
	tests := []struct {
		name   string
		x, y   float64
		target Target
		at     orb.Point
	}{
		{"vertex of the point", 103, -104, OnVertex, orb.Point{1, 1}},
		{"corner beats edge", 398, -2, OnVertex, orb.Point{4, 0}},
		{"edge of the ring", 300, -403, OnEdge, orb.Point{3, 4}},
		{"nothing near", 800, -300, None, orb.Point{8, 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := SnapTo(flat{}, tc.x, tc.y, 8, []*data.Layer{l}, nil)
			if s.Target != tc.target {
				t.Fatalf("got %+v, want %v at %v", s, tc.target, tc.at)
			}
			if d := s.At.Y() - tc.at.Y(); d > 1e-9 || d < -1e-9 || s.At.X()-tc.at.X() > 1e-9 || s.At.X()-tc.at.X() < -1e-9 {
				t.Errorf("at %v, want %v", s.At, tc.at)
			}
		})
	}
	// a feature being edited does not snap to itself
	s := SnapTo(flat{}, 103, -104, 8, []*data.Layer{l}, func(_, i int) bool { return i == 0 })
	if s.Target == OnVertex && s.Index == 0 {
		t.Errorf("snapped to the skipped feature: %+v", s)
	}
}

func TestHitFeature(t *testing.T) {
	l := fixture(t)
	tests := []struct {
		name string
		x, y float64
		want int
	}{
		{"the point", 101, -101, 0},
		{"inside the polygon", 350, -350, 2},
		{"in its hole, near nothing", 150, -160, -1},
		{"the line past the polygon", 201, -100, 2}, // the line lies inside the polygon, which is above it
		{"the multipolygon", 1080, -1020, 4},
		{"a point of the multipoint", 602, -598, 3},
		{"empty space", 800, -800, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i, ok := HitFeature(l, flat{}, tc.x, tc.y, 6, nil)
			if !ok {
				i = -1
			}
			if i != tc.want {
				t.Errorf("hit %d, want %d", i, tc.want)
			}
		})
	}
	// a feature the map does not show is never hit
	if i, ok := HitFeature(l, flat{}, 101, -101, 6, func(i int) bool { return i != 0 }); ok && i == 0 {
		t.Error("hit a hidden feature")
	}
	v, p, ok := NearestEdge(l.Geometry(1), flat{}, 100, -3, 6)
	if !ok || v != (Vertex{0, 1}) || !p.Equal(orb.Point{1, 0}) {
		t.Errorf("edge %v %v %v", v, p, ok)
	}
	if v, ok := NearestVertex(l.Geometry(2), flat{}, 198, -201, 6); !ok || v != (Vertex{1, 2}) {
		t.Errorf("vertex %v %v", v, ok)
	}
}

// Heights and measures follow their positions through vertex edits: a
// new vertex has none, a deleted one takes its value along.
func TestReshapeKeepsHeights(t *testing.T) {
	line := NewFeature(orb.LineString{{0, 0}, {1, 0}, {2, 0}})
	line.Z = []float64{10, 11, 12}
	ins := func(v Vertex) func(orb.Geometry, orb.Point) (orb.Geometry, error) {
		return func(g orb.Geometry, p orb.Point) (orb.Geometry, error) { return InsertVertex(g, v, p) }
	}
	del := func(v Vertex) func(orb.Geometry, orb.Point) (orb.Geometry, error) {
		return func(g orb.Geometry, _ orb.Point) (orb.Geometry, error) { return DeleteVertex(g, v) }
	}
	nan := math.NaN()
	square := NewFeature(orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}})
	square.Z = []float64{1, 2, 3, 4, 1}
	tests := []struct {
		name string
		f    data.Feature
		op   func(orb.Geometry, orb.Point) (orb.Geometry, error)
		want []float64
	}{
		{"insert in a line", line, ins(Vertex{0, 1}), []float64{10, nan, 11, 12}},
		{"delete from a line", line, del(Vertex{0, 0}), []float64{11, 12}},
		{"move keeps", line, func(g orb.Geometry, p orb.Point) (orb.Geometry, error) { return MoveVertex(g, Vertex{0, 2}, p) }, []float64{10, 11, 12}},
		{"insert closing a ring", square, ins(Vertex{0, 4}), []float64{1, 2, 3, 4, nan, 1}},
		{"delete a ring's first", square, del(Vertex{0, 0}), []float64{2, 3, 4, 2}},
		{"a hole has none", square, func(g orb.Geometry, _ orb.Point) (orb.Geometry, error) {
			return AddHole(g, orb.Ring{{1, 1}, {1, 2}, {2, 2}})
		}, []float64{1, 2, 3, 4, 1, nan, nan, nan, nan}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Reshape(tc.f, orb.Point{0.5, 0.5}, tc.op)
			if err != nil {
				t.Fatal(err)
			}
			if !sameFloats(f.Z, tc.want) || data.PositionCount(f.Geometry) != len(f.Z) {
				t.Errorf("heights %v, want %v", f.Z, tc.want)
			}
		})
	}
}
