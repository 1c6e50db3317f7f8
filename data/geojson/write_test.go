package geojson

import (
	"bytes"
	"context"
	"reflect"
	"testing"

	"campmap/data"
	_ "campmap/data/csv" // the round trip starts from CSV tables too
)

func TestWriteGeoJSONRoundTrip(t *testing.T) {
	for _, file := range []string{"../csv/testdata/acled.csv", "../csv/testdata/wkt.csv", "testdata/usgs-earthquakes-all_week-2018-02-07.geojson"} {
		t.Run(file, func(t *testing.T) {
			l, err := data.LoadFile(context.Background(), file, data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Write(&buf, l, nil); err != nil {
				t.Fatal(err)
			}
			m, err := LoadBytes(context.Background(), "out.geojson", buf.Bytes(), data.LoadOptions{})
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
