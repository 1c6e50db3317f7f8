package data

import (
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func TestHeightsAndMeasures(t *testing.T) {
	pt := Feature{Geometry: orb.Point{1, 2}, Span: Undated}
	withZ := func(z ...float64) Feature { f := pt; f.Z = z; return f }
	line := Feature{Geometry: orb.LineString{{1, 2}, {3, 4}}, Span: Undated, M: []float64{5, 6}}
	// two builders merged, as the GeoJSON loader's two halves are
	a, b := NewBuilder("a", 2), NewBuilder("b", 3)
	for _, f := range []Feature{pt, withZ(7)} {
		if err := a.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []Feature{pt, line, withZ(8)} {
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	l := a.Build()
	wantZ := []string{"[]", "[7]", "[]", "[]", "[8]"}
	wantM := []string{"[]", "[]", "[]", "[5 6]", "[]"}
	for i := 0; i < l.Len(); i++ {
		if got := fmt.Sprint(l.Z(i)); got != wantZ[i] {
			t.Errorf("feature %d heights %s, want %s", i, got, wantZ[i])
		}
		if got := fmt.Sprint(l.M(i)); got != wantM[i] {
			t.Errorf("feature %d measures %s, want %s", i, got, wantM[i])
		}
	}
	if !l.HasZ() || !l.HasM() {
		t.Error("HasZ or HasM false")
	}
	bad := line
	bad.Z = []float64{1}
	if err := NewBuilder("c", 1).Add(bad); err == nil {
		t.Error("one height for two positions was accepted")
	}
}

func TestDeclareKeys(t *testing.T) {
	b := NewBuilder("t", 2)
	b.DeclareKeys([]string{"b", "a", "empty"}, true)
	for _, props := range [][]Property{{{Key: "a", Value: Text("x")}}, {{Key: "c", Value: Number(1)}, {Key: "b", Value: Number(2)}}} {
		if err := b.Add(Feature{Geometry: orb.Point{1, 2}, Span: Undated, Props: props}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	if want := []string{"b", "a", "empty", "c"}; !slices.Equal(l.Keys(), want) || !l.Tabular() {
		t.Errorf("keys %q tabular %v, want %q and true", l.Keys(), l.Tabular(), want)
	}
	if v, _ := l.Prop(1, "b"); v != Number(2) {
		t.Errorf("b = %v", v)
	}
}

func TestPositions(t *testing.T) {
	g := orb.Collection{orb.Point{1, 2}, orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, orb.MultiLineString{{{5, 5}, {6, 6}}}}
	var got []orb.Point
	Positions(g, func(p orb.Point) { got = append(got, p) })
	want := []orb.Point{{1, 2}, {0, 0}, {1, 0}, {1, 1}, {0, 0}, {5, 5}, {6, 6}}
	if !slices.Equal(got, want) || PositionCount(g) != len(want) {
		t.Errorf("positions %v (count %d), want %v", got, PositionCount(g), want)
	}
}
