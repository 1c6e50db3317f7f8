package data

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestWriteGeoJSONRoundTrip(t *testing.T) {
	for _, file := range []string{"csv/acled.csv", "csv/wkt.csv", "usgs-earthquakes-all_week-2018-02-07.geojson"} {
		t.Run(file, func(t *testing.T) {
			l, err := LoadFile(context.Background(), filepath.Join("testdata", file), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteGeoJSON(&buf, l, nil); err != nil {
				t.Fatal(err)
			}
			m, err := LoadBytes(context.Background(), "out.geojson", buf.Bytes(), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if m.Len() != l.Len() {
				t.Fatalf("%d features back, want %d", m.Len(), l.Len())
			}
			for i := 0; i < l.Len(); i++ {
				if !reflect.DeepEqual(m.Geometry(i), l.Geometry(i)) || m.ID(i) != l.ID(i) || !reflect.DeepEqual(m.Props(i), l.Props(i)) {
					t.Fatalf("feature %d differs:\n%v %v %v\n%v %v %v", i, m.Geometry(i), m.ID(i), m.Props(i), l.Geometry(i), l.ID(i), l.Props(i))
				}
			}
		})
	}
}

func TestInWindow(t *testing.T) {
	l, err := LoadFile(context.Background(), filepath.Join("testdata", "csv", "acled.csv"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, _ := ParseTime("2015-07", time.UTC)
	keep := InWindow(l, w, false)
	var got []int
	for i := 0; i < l.Len(); i++ {
		if keep(i) {
			got = append(got, i)
		}
	}
	// feature 0 is on 2015-07-28, feature 2 spans 2015 (precision 3), feature 1 is in 2025
	if !reflect.DeepEqual(got, []int{0, 2}) {
		t.Errorf("kept %v, want [0 2]", got)
	}
	if InWindow(l, w, true)(2) {
		t.Errorf("the year 2015 is not inside July 2015")
	}
	if InWindow(l, Undated, false) != nil {
		t.Errorf("an undated window filters")
	}
}

func TestFeatureSpan(t *testing.T) {
	tests := []struct {
		name  string
		props []Property
		want  string
		err   bool
	}{
		{"instant", []Property{{"date", Text("2015-07-28")}}, "2015-07-28T00:00:00Z", false},
		{"start end", []Property{{"end", Text("2015-08-01")}, {"start", Text("2015-07-28")}}, "2015-07-28T00:00:00Z", false},
		{"bad", []Property{{"time", Text("soon")}}, "", true},
		{"none", []Property{{"name", Text("x")}}, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sp, err := FeatureSpan(tc.props, time.UTC)
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
