package data_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"campmap/data"
	_ "campmap/data/csv"
)

func TestInWindow(t *testing.T) {
	l, err := data.LoadFile(context.Background(), filepath.Join("csv", "testdata", "acled.csv"), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := data.ParseTime("2015-07", time.UTC)
	keep := data.InWindow(l, w, false)
	var got []int
	for i := 0; i < l.Len(); i++ {
		if keep(i) {
			got = append(got, i)
		}
	}
	// feature 0 is on 2015-07-28, feature 2 spans July 2015 (precision 3: the month), feature 1 is in 2025
	if !reflect.DeepEqual(got, []int{0, 2}) {
		t.Errorf("kept %v, want [0 2]", got)
	}
	day, _ := data.ParseTime("2015-07-28", time.UTC)
	if data.InWindow(l, day, true)(2) || !data.InWindow(l, day, false)(2) {
		t.Errorf("July 2015 overlaps 2015-07-28 but is not inside it")
	}
	if data.InWindow(l, data.Undated, false) != nil {
		t.Errorf("an undated window filters")
	}
}

func TestFeatureSpan(t *testing.T) {
	tests := []struct {
		name  string
		props []data.Property
		want  string
		err   bool
	}{
		{"instant", []data.Property{{"date", data.Text("2015-07-28")}}, "2015-07-28T00:00:00Z", false},
		{"start end", []data.Property{{"end", data.Text("2015-08-01")}, {"start", data.Text("2015-07-28")}}, "2015-07-28T00:00:00Z", false},
		{"bad", []data.Property{{"time", data.Text("soon")}}, "", true},
		{"none", []data.Property{{"name", data.Text("x")}}, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := data.FeatureSpan(tc.props, time.UTC)
			if (err != nil) != tc.err {
				t.Fatalf("err %v", err)
			}
			got := ""
			if sp.Dated() {
				got = sp.StartTime(time.UTC).Format(time.RFC3339)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
