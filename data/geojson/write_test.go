package geojson

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

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

// TestWriteWhatOthersRead checks the file as another reader sees it:
// numbers, heights, property order, empty columns, no added property.
func TestWriteWhatOthersRead(t *testing.T) {
	nan := math.NaN()
	build := func(table bool, feats ...data.Feature) *data.Layer {
		b := data.NewBuilder("t", len(feats))
		if table {
			b.DeclareKeys([]string{"b", "a", "empty"}, true)
		}
		for _, f := range feats {
			if err := b.Add(f); err != nil {
				t.Fatal(err)
			}
		}
		return b.BuildDetect("t")
	}
	for _, tc := range []struct {
		name string
		l    *data.Layer
		want []string // the features as other readers see them: geometry, then properties
	}{
		{"epoch milliseconds are integers", build(false, data.Feature{Geometry: orb.Point{1, 2}, Span: data.Undated,
			Props: []data.Property{{Key: "time", Value: data.Number(1691117533180)}, {Key: "mag", Value: data.Number(0.5)}, {Key: "big", Value: data.Number(1e300)}, {Key: "neg", Value: data.Number(-3)}}}),
			[]string{`{"type":"Point","coordinates":[1,2]} {"time":1691117533180,"mag":0.5,"big":1e+300,"neg":-3}`}},
		{"heights are kept", build(false,
			data.Feature{Geometry: orb.Point{1.5, 2}, Span: data.Undated, Z: []float64{12.25}},
			data.Feature{Geometry: orb.LineString{{1, 2}, {3, 4}}, Span: data.Undated, Z: []float64{nan, 7}}),
			// heights on some positions only: RFC 7946 wants one dimension
			// throughout, so they go in campmap's record (see
			// TestPartialHeightsRoundTrip)
			[]string{`{"type":"Point","coordinates":[1.5,2,12.25]} {}`, `{"type":"LineString","coordinates":[[1,2],[3,4]]} {}`}},
		{"property order is the feature's", build(false, data.Feature{Geometry: orb.Point{1, 2}, Span: data.Undated,
			Props: []data.Property{{Key: "z", Value: data.Text("1")}, {Key: "a", Value: data.Bool(true)}, {Key: "m", Value: data.RawJSON(`[1,{"x":null}]`)}}}),
			[]string{`{"type":"Point","coordinates":[1,2]} {"z":"1","a":true,"m":[1,{"x":null}]}`}},
		{"a table keeps its empty columns", build(true,
			data.Feature{Geometry: orb.Point{1, 2}, Span: data.Undated, Props: []data.Property{{Key: "a", Value: data.Text("x")}}},
			data.Feature{Geometry: orb.Point{1, 2}, Span: data.Undated, Props: []data.Property{{Key: "b", Value: data.Number(2)}}}),
			[]string{`{"type":"Point","coordinates":[1,2]} {"b":null,"a":"x","empty":null}`, `{"type":"Point","coordinates":[1,2]} {"b":2,"a":null,"empty":null}`}},
		{"sparse GeoJSON gains nothing", build(false,
			data.Feature{Geometry: orb.Point{1, 2}, Span: data.Undated, Props: []data.Property{{Key: "a", Value: data.Text("x")}}},
			data.Feature{Geometry: orb.Point{1, 2}, Span: data.Undated, Props: []data.Property{{Key: "b", Value: data.Value{}}}}),
			[]string{`{"type":"Point","coordinates":[1,2]} {"a":"x"}`, `{"type":"Point","coordinates":[1,2]} {"b":null}`}},
		{"foreign members stay members", build(false, data.Feature{Geometry: orb.Point{1, 2}, Span: data.Undated,
			Props: []data.Property{{Key: "a", Value: data.Text("x")}, {Key: "@title", Value: data.Text("T")}}}),
			[]string{`{"type":"Point","coordinates":[1,2]} {"a":"x"}`}},
		{"strings are JSON", build(false, data.Feature{Geometry: orb.Point{1, 2}, Span: data.Undated,
			Props: []data.Property{{Key: "k\x00\"", Value: data.Text("a\u2028b\xffc<")}}}),
			[]string{`{"type":"Point","coordinates":[1,2]} {"k\u0000\"":"a\u2028b\ufffdc<"}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tc.l, nil); err != nil {
				t.Fatal(err)
			}
			var fc struct {
				Features []map[string]json.RawMessage
			}
			if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, buf.Bytes())
			}
			var got []string
			for _, f := range fc.Features {
				got = append(got, string(f["geometry"])+" "+string(f["properties"]))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if tc.name == "foreign members stay members" && string(fc.Features[0]["title"]) != `"T"` {
				t.Errorf("the foreign member is not written back: %s", buf.Bytes())
			}
		})
	}
}

// TestPartialHeightsRoundTrip: a line with a height on some positions
// only is written in two dimensions (valid RFC 7946), and read back by
// campmap with its heights where they were, from the layer record, and
// without the mixed-dimension warning.
func TestPartialHeightsRoundTrip(t *testing.T) {
	nan := math.NaN()
	b := data.NewBuilder("t", 2)
	for _, f := range []data.Feature{
		{Geometry: orb.LineString{{1, 2}, {3, 4}, {5, 6}}, Span: data.Undated, Z: []float64{nan, 7, 8.5}},
		{Geometry: orb.Point{1, 2}, Span: data.Undated, Z: []float64{3}},
	} {
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, b.BuildDetect("t"), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"coordinates":[[1,2],[3,4],[5,6]]`) {
		t.Fatalf("the line is not written in two dimensions:\n%s", buf.Bytes())
	}
	l, err := LoadBytes(context.Background(), "t.geojson", buf.Bytes(), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if z := l.Z(0); len(z) != 3 || !math.IsNaN(z[0]) || z[1] != 7 || z[2] != 8.5 {
		t.Errorf("heights read back %v, want [NaN 7 8.5]", z)
	}
	if z := l.Z(1); len(z) != 1 || z[0] != 3 {
		t.Errorf("point height read back %v, want [3]", z)
	}
	for _, w := range l.Warnings {
		if strings.Contains(w, "mixes positions") {
			t.Errorf("warning on campmap's own file: %s", w)
		}
	}
}

// BenchmarkWriteGeoJSON writes 100,000 dated points with heights.
func BenchmarkWriteGeoJSON(b *testing.B) {
	const n = 100000
	bl := data.NewBuilder("incidents", n)
	for i := 0; i < n; i++ {
		err := bl.Add(data.Feature{Geometry: orb.Point{1.5 + float64(i%1000)/1000, 50.5 + float64(i%777)/1000}, Span: data.Instant(time.UnixMilli(int64(i) * 60000)), Z: []float64{float64(i % 50)},
			Props: []data.Property{{Key: "time", Value: data.Number(float64(i) * 60000)}, {Key: "category", Value: data.Text([]string{"injury", "blockade"}[i%2])}, {Key: "count", Value: data.Number(float64(i % 5))}}})
		if err != nil {
			b.Fatal(err)
		}
	}
	l := bl.BuildDetect("incidents")
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, l, nil); err != nil {
			b.Fatal(err)
		}
	}
}
