package data

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// Numeric fields are found in IOM's and USGS's columns: numbers, and text
// that reads as one, with blanks allowed; text fields are not.
func TestNumericKeys(t *testing.T) {
	b := NewBuilder("iom", 4)
	rows := []struct{ dead, mag, where string }{{"3", "4.5", "Calais"}, {"", "5", "Coquelles"}, {"12", " 6.1 ", "Calais"}, {"n/a", "", "Dunkerque"}}
	for _, r := range rows {
		if err := b.Add(Feature{Geometry: orb.Point{1.8, 50.9}, Span: Undated, Props: []Property{
			{Key: "Total Number of Dead and Missing", Value: Text(r.dead)},
			{Key: "mag", Value: Text(r.mag)},
			{Key: "Location Description", Value: Text(r.where)},
		}}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	if got := l.NumericKeys(); !slices.Equal(got, []string{"Total Number of Dead and Missing", "mag"}) {
		t.Errorf("NumericKeys = %q", got)
	}
	for _, tc := range []struct {
		i    int
		key  string
		want float64
		ok   bool
	}{{0, "Total Number of Dead and Missing", 3, true}, {1, "Total Number of Dead and Missing", 0, false}, {3, "Total Number of Dead and Missing", 0, false},
		{2, "mag", 6.1, true}, {0, "Location Description", 0, false}, {0, "absent", 0, false}} {
		if v, ok := l.Number(tc.i, tc.key); v != tc.want || ok != tc.ok {
			t.Errorf("Number(%d, %q) = %v, %v; want %v, %v", tc.i, tc.key, v, ok, tc.want, tc.ok)
		}
	}
}
