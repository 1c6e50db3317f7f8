package data

import (
	"testing"

	"github.com/paulmach/orb"
)

// IOM's exports name the category "Cause of Death" (older) or "Cause of
// death" (current schema); ACLED's "event_type": each is found however
// it is written.
func TestCategoryKeyAsPeopleWriteIt(t *testing.T) {
	for _, tc := range []struct{ key, other string }{
		{"Cause of Death", "Region of Origin"},
		{"Cause of death", "Migration route"},
		{"event_type", "actor1"},
		{"Event Type", "notes"},
		{"CATEGORY", "name"},
	} {
		b := NewBuilder("l", 2)
		for _, v := range []string{"Drowning", "Violence"} {
			if err := b.Add(Feature{Geometry: orb.Point{1, 50}, Span: Undated, Props: []Property{{tc.other, Text("x " + v)}, {tc.key, Text(v)}}}); err != nil {
				t.Fatal(err)
			}
		}
		l := b.Build()
		if l.CategoryKey() != tc.key || len(l.Categories()) != 2 {
			t.Errorf("keys %q, %q: category %q %v, want %q", tc.other, tc.key, l.CategoryKey(), l.Categories(), tc.key)
		}
	}
	if i := CategoryColumn([]string{"id", "Sub_Event_Type", "Event_Type"}); i != 2 {
		t.Errorf("CategoryColumn prefers %d, want the event type (2)", i)
	}
	if i := CategoryColumn([]string{"id", "name"}); i != -1 {
		t.Errorf("CategoryColumn of no category = %d", i)
	}
}
