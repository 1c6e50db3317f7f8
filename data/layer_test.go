package data

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func TestBuilder(t *testing.T) {
	b := NewBuilder("calais", 0)
	line := orb.LineString{{1.8, 50.9}, {1.9, 50.95}, {2.0, 51.0}}
	poly := orb.Polygon{{{1, 1}, {3, 1}, {3, 3}, {1, 3}, {1, 1}}}
	feats := []Feature{
		{Geometry: orb.Point{1.85, 50.95}, Span: Undated, Props: []Property{{"name", Text("Jungle")}, {"category", Text("camp")}}},
		{Geometry: line, ID: Text("A16"), Span: Span{10, 20}, Kind: KindRoute, Props: []Property{{"name", Text("A16")}, {"lanes", Number(2)}}},
		{Geometry: poly, ID: Number(3), Span: Span{5, 5}, Props: []Property{{"category", Text("camp")}, {"open", Bool(true)}, {"tags", RawJSON(`["a"]`)}, {"note", Value{}}}},
	}
	for _, f := range feats {
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Add(Feature{}); err == nil {
		t.Error("a feature without geometry was accepted")
	}
	l := b.Build()
	if l.Len() != 3 || l.Name != "calais" {
		t.Fatalf("len %d name %q", l.Len(), l.Name)
	}
	if !l.IsPoint(0) || l.IsPoint(1) || l.Anchor(0) != (orb.Point{1.85, 50.95}) {
		t.Error("point column")
	}
	if l.Anchor(1) != line[1] || l.Anchor(2) != (orb.Point{2, 2}) {
		t.Errorf("anchors %v %v", l.Anchor(1), l.Anchor(2))
	}
	if !reflect.DeepEqual(l.Geometry(1), line) || !reflect.DeepEqual(l.Geometry(0), orb.Point{1.85, 50.95}) {
		t.Error("geometries")
	}
	if l.Span(0) != Undated || l.Span(1) != (Span{10, 20}) || l.TimeExtent() != (Span{5, 20}) || l.UndatedCount() != 1 {
		t.Errorf("spans %v %v extent %v undated %d", l.Span(0), l.Span(1), l.TimeExtent(), l.UndatedCount())
	}
	if l.ID(0) != (Value{}) || l.ID(1) != Text("A16") || l.ID(2) != Number(3) {
		t.Error("ids")
	}
	if l.FeatureKind(0) != KindOther || l.FeatureKind(1) != KindRoute {
		t.Error("kinds")
	}
	for i, f := range feats {
		if got := l.Props(i); !reflect.DeepEqual(got, f.Props) {
			t.Errorf("feature %d props %v, want %v", i, got, f.Props)
		}
	}
	if v, ok := l.Prop(2, "open"); !ok || v != Bool(true) {
		t.Error("Prop")
	}
	if _, ok := l.Prop(0, "lanes"); ok {
		t.Error("Prop found a key the feature lacks")
	}
	if l.FeatureName(0) != "Jungle" || l.FeatureName(2) != "" {
		t.Error("FeatureName")
	}
	if !slices.Equal(l.Keys(), []string{"name", "category", "lanes", "open", "tags", "note"}) {
		t.Errorf("keys %v", l.Keys())
	}
	if l.CategoryKey() != "category" || !slices.Equal(l.Categories(), []string{"camp"}) || l.Category(2) != "camp" || l.CategoryIndex(1) != 0 {
		t.Errorf("categories %q %v", l.CategoryKey(), l.Categories())
	}
	if l.Bounds() != (orb.Bound{Min: orb.Point{1, 1}, Max: orb.Point{3, 51}}) {
		t.Errorf("bounds %v", l.Bounds())
	}
	if !reflect.DeepEqual(l.GeometryTypes(), map[string]int{"Point": 1, "LineString": 1, "Polygon": 1}) {
		t.Errorf("geometry types %v", l.GeometryTypes())
	}
	if l.Index().Count(Span{0, 100}, false) != 2 {
		t.Error("index")
	}
	// "camp" was stored once
	if n := len(l.arena); n != len("Jungle")+len("camp")+len("A16")+len(`["a"]`) {
		t.Errorf("arena holds %d bytes: equal short strings are not shared", n)
	}
	k := l.WithKind(KindCamp)
	if k.Kind != KindCamp || l.Kind != KindOther || k.FeatureKind(1) != KindRoute {
		t.Error("WithKind")
	}
	c := l.WithCategoryKey("name")
	if !slices.Equal(c.Categories(), []string{"A16", "Jungle"}) || l.CategoryKey() != "category" {
		t.Errorf("WithCategoryKey %v", c.Categories())
	}
}

func TestBuilderEmpty(t *testing.T) {
	l := NewBuilder("empty", 10).Build()
	if l.Len() != 0 || l.Bounds() != (orb.Bound{}) || l.TimeExtent().Dated() || l.Index().Count(Span{0, 1}, false) != 0 {
		t.Error("empty layer")
	}
}

// randomFeatures makes n features with a mix of geometries, times, ids,
// kinds and properties.
func randomFeatures(rng *rand.Rand, n int) []Feature {
	out := make([]Feature, n)
	for i := range out {
		f := Feature{Span: Undated, Geometry: orb.Point{rng.Float64(), rng.Float64()}}
		if rng.IntN(5) == 0 {
			f.Geometry = orb.LineString{{0, 0}, {rng.Float64(), 1}}
		}
		if rng.IntN(2) == 0 {
			s := rng.Int64N(1e6)
			f.Span = Span{s, s + rng.Int64N(1000)}
		}
		if rng.IntN(3) == 0 {
			f.ID = Number(float64(i))
		}
		if rng.IntN(4) == 0 {
			f.Kind = KindIncident
		}
		for j := rng.IntN(4); j > 0; j-- {
			k := fmt.Sprintf("k%d", rng.IntN(6))
			switch rng.IntN(3) {
			case 0:
				f.Props = append(f.Props, Property{k, Text(fmt.Sprintf("v%d", rng.IntN(50)))})
			case 1:
				f.Props = append(f.Props, Property{k, Number(rng.Float64())})
			default:
				f.Props = append(f.Props, Property{k, Text(fmt.Sprintf("long unique text %d %d", i, rng.Int()))})
			}
		}
		out[i] = f
	}
	return out
}

func TestBuilderMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, split := range []int{0, 1, 137, 500} {
		t.Run(fmt.Sprint(split), func(t *testing.T) {
			feats := randomFeatures(rng, 500)
			// only the second half dated, with ids: columns appear mid-way
			whole, a, b := NewBuilder("x", 0), NewBuilder("x", 0), NewBuilder("x", 0)
			for i, f := range feats {
				if i < split {
					f.Span, f.ID, f.Kind = Undated, Value{}, KindOther
					feats[i] = f
				}
				must(t, whole.Add(f))
				if i < split {
					must(t, a.Add(f))
				} else {
					must(t, b.Add(f))
				}
			}
			must(t, a.Merge(b))
			lw, lm := whole.Build(), a.Build()
			if lw.Len() != lm.Len() {
				t.Fatalf("len %d vs %d", lm.Len(), lw.Len())
			}
			for i := 0; i < lw.Len(); i++ {
				if !reflect.DeepEqual(lw.Props(i), lm.Props(i)) || lw.Span(i) != lm.Span(i) || lw.ID(i) != lm.ID(i) ||
					lw.FeatureKind(i) != lm.FeatureKind(i) || !reflect.DeepEqual(lw.Geometry(i), lm.Geometry(i)) {
					t.Fatalf("feature %d differs after merge", i)
				}
			}
			if lw.Bounds() != lm.Bounds() || lw.TimeExtent() != lm.TimeExtent() || lw.UndatedCount() != lm.UndatedCount() ||
				!reflect.DeepEqual(lw.GeometryTypes(), lm.GeometryTypes()) || lw.CategoryKey() != lm.CategoryKey() {
				t.Error("layer summaries differ after merge")
			}
		})
	}
}

func TestBuilderTrims(t *testing.T) {
	b := NewBuilder("x", 0)
	b.Grow(10000, 30000, 100000)
	for _, f := range randomFeatures(rand.New(rand.NewPCG(2, 2)), 100) {
		must(t, b.Add(f))
	}
	l := b.Build()
	if cap(l.anchor) > 2*l.Len() || cap(l.propKey) > 2*len(l.propKey) || cap(l.arena) > 2*len(l.arena) {
		t.Errorf("spare capacity kept: anchor %d/%d props %d/%d arena %d/%d",
			len(l.anchor), cap(l.anchor), len(l.propKey), cap(l.propKey), len(l.arena), cap(l.arena))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
