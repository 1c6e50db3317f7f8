package data

import (
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// TestCountCategories checks the counter against counting feature by
// feature, for undated and dated windows, overlap and inside, with and
// without a keep filter.
func TestCountCategories(t *testing.T) {
	b := NewBuilder("inc", 40)
	cats := []string{"death", "injury", "blockade", ""}
	for i := range 40 {
		sp := Span{Start: int64(i * 10), End: int64(i*10 + 15)}
		if i%7 == 0 {
			sp = Undated
		}
		var props []Property
		if c := cats[i%len(cats)]; c != "" {
			props = []Property{{"category", Text(c)}}
		}
		props = append(props, Property{"n", Number(float64(i))})
		if err := b.Add(Feature{Geometry: orb.Point{1.8 + float64(i)/100, 50.9}, Kind: KindIncident, Span: sp, Props: props}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build().WithCategoryKey("category")
	even := func(i int) bool { return i%2 == 0 }
	for _, tc := range []struct {
		w      Span
		inside bool
		keep   func(int) bool
	}{
		{Undated, false, nil},
		{Undated, false, even},
		{Span{Start: 50, End: 200}, false, nil},
		{Span{Start: 50, End: 200}, true, nil},
		{Span{Start: 50, End: 200}, true, even},
		{Span{Start: 1000, End: 2000}, false, nil},
	} {
		want := make([]int, len(l.Categories())+1)
		for i := range l.Len() {
			s := l.Span(i)
			shown := !tc.w.Dated() || !s.Dated() || (tc.inside && s.Inside(tc.w)) || (!tc.inside && s.Overlaps(tc.w))
			if shown && (tc.keep == nil || tc.keep(i)) {
				want[l.CategoryIndex(i)]++
			}
		}
		got := l.CountCategories(tc.w, tc.inside, tc.keep)
		name := fmt.Sprintf("window %v inside %v keep %v", tc.w, tc.inside, tc.keep != nil)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", name, got, want)
		}
	}
	if total := l.CountCategories(Undated, false, nil); total[0] != 10 || total[1]+total[2]+total[3] != 30 {
		t.Errorf("undated window: %v, want 10 without a category and 30 with one", total)
	}
}

// TestCategoryColumnByText checks the category column against each
// feature's category text, over many interned and repeated values, numbers,
// booleans, nulls and empty texts (setCategory recognises repeated values
// by their packed form).
func TestCategoryColumnByText(t *testing.T) {
	b := NewBuilder("inc", 0)
	for i := range 20000 {
		var v Value
		switch i % 9 {
		case 0:
			v = Number(float64(i % 13))
		case 1:
			v = Value{}
		case 2:
			v = Text("")
		case 3:
			v = Bool(i%2 == 0)
		default:
			v = Text(fmt.Sprintf("cause %d", (i*7919)%37))
		}
		props := []Property{{"n", Number(float64(i))}, {"category", v}}
		if err := b.Add(Feature{Geometry: orb.Point{1, 2}, Props: props}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build().WithCategoryKey("category")
	if l.CategoryKey() != "category" {
		t.Fatalf("category key %q", l.CategoryKey())
	}
	cats := l.Categories()
	for i := range l.Len() {
		v, _ := l.Prop(i, "category")
		want := 0
		if s := v.String(); v.Type != ValueNull && s != "" {
			want = slices.Index(cats, s) + 1
		}
		if got := l.CategoryIndex(i); got != want {
			t.Fatalf("feature %d (%v): category %d, want %d", i, v, got, want)
		}
	}
}
