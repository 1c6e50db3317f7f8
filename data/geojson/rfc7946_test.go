package geojson

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

// TestRFC7946Violations loads each violation RFC 7946 (and RFC 8259 on
// member names) lets through a lenient reader and checks that campmap
// names it and the feature, through both the fast and the general path.
func TestRFC7946Violations(t *testing.T) {
	pt := `{"type":"Point","coordinates":[1.85,50.95]}`
	cases := []struct {
		name, src, want string
	}{
		{"duplicate property", `{"type":"Feature","properties":{"name":"a","n":1,"name":"b"},"geometry":` + pt + `}`,
			`feature 0 (line 1): "properties" has the member "name" more than once: the last value is read`},
		{"duplicate Feature member", `{"type":"Feature","properties":{},"geometry":` + pt + `,"geometry":{"type":"Point","coordinates":[2,51]}}`,
			`feature 0 (line 1): the Feature has the member "geometry" more than once: the last value is read`},
		{"duplicate geometry member", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,50],"coordinates":[2,51]}}`,
			`feature 0 (line 1): a geometry object has the member "coordinates" more than once`},
		{"duplicate top-level member", `{"type":"FeatureCollection","name":"a","name":"b","features":[{"type":"Feature","properties":{},"geometry":` + pt + `}]}`,
			`the top-level object has the member "name" twice (line 1)`},
		{"Feature without properties", `{"type":"Feature","geometry":` + pt + `}`,
			`feature 0 (line 1): the Feature has no "properties" member (RFC 7946 §3.2`},
		{"coordinates on a Feature", `{"type":"Feature","properties":{},"coordinates":[1,2],"geometry":` + pt + `}`,
			`the Feature has a "coordinates" member, which RFC 7946 §7.1 forbids on a Feature`},
		{"geometries on a Feature", `{"type":"Feature","properties":{},"geometries":[],"geometry":` + pt + `}`,
			`the Feature has a "geometries" member`},
		{"features on a Feature", `{"type":"Feature","properties":{},"features":[],"geometry":` + pt + `}`,
			`the Feature has a "features" member`},
		{"geometry on a geometry", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2],"geometry":null}}`,
			`a geometry has a "geometry" member, which RFC 7946 §7.1 forbids there`},
		{"properties on a geometry", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2],"properties":{}}}`,
			`a geometry has a "properties" member`},
		{"properties on a bare geometry", `{"type":"Point","coordinates":[1,2],"properties":{"a":1}}`,
			`a geometry has a "properties" member`},
		{"features on a geometry", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2],"features":[]}}`,
			`a geometry has a "features" member`},
		{"coordinates on a GeometryCollection", `{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","coordinates":[1,2],"geometries":[` + pt + `]}}`,
			`a geometry has a "coordinates" member`},
		{"geometries on a Point", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2],"geometries":[]}}`,
			`a geometry has a "geometries" member`},
		{"properties on a FeatureCollection", `{"type":"FeatureCollection","properties":{},"features":[{"type":"Feature","properties":{},"geometry":` + pt + `}]}`,
			`the FeatureCollection has a "properties" member (line 1), which RFC 7946 §7.1 forbids there`},
		{"mixed dimensions", `{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4,5]]}}`,
			"feature 0 (line 1): the geometry mixes positions of 2 numbers [lon, lat] and of 3 or more"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, fast := range []bool{true, false} {
				noFastPath = !fast
				l, err := LoadBytes(context.Background(), "v.geojson", []byte(c.src), data.LoadOptions{})
				noFastPath = false
				if err != nil {
					t.Fatalf("fast path %v: %v", fast, err)
				}
				if !hasWarning(l, c.want) {
					t.Errorf("fast path %v: warnings %q lack %q", fast, l.Warnings, c.want)
				}
			}
		})
	}
	t.Run("duplicates keep the last, warned once per key", func(t *testing.T) {
		for _, fast := range []bool{true, false} {
			noFastPath = !fast
			l := load(t, "d.geojson", `{"type":"FeatureCollection","name":"first","name":"last","features":[`+
				`{"type":"Feature","properties":{"name":"a","n":1,"name":"b"},"geometry":`+pt+`},`+
				`{"type":"Feature","properties":{"name":"c","name":"d"},"geometry":`+pt+`},`+
				`{"type":"Feature","properties":{"start":"2015-01-01","start":"2016-02-03"},"id":1,"id":"x",`+
				`"geometry":{"type":"Point","coordinates":[9,9]},"geometry":{"type":"Point","coordinates":[1,50],"coordinates":[2,51]}}]}`)
			noFastPath = false
			if v, _ := l.Prop(0, "name"); v.Str != "b" || len(l.Props(0)) != 2 || l.Props(0)[0].Key != "name" {
				t.Errorf("fast %v: feature 0 props %v, want name=b first, then n", fast, l.Props(0))
			}
			if v, _ := l.Prop(1, "name"); v.Str != "d" {
				t.Errorf("fast %v: feature 1 props %v, want name=d", fast, l.Props(1))
			}
			if g := l.Geometry(2); g != (orb.Point{2, 51}) {
				t.Errorf("fast %v: feature 2 geometry %v, want the last geometry's last coordinates [2 51]", fast, g)
			}
			if id := l.ID(2); id != data.Text("x") {
				t.Errorf("fast %v: feature 2 id %v, want the last, \"x\"", fast, id)
			}
			if sp := l.Span(2); time.UnixMilli(sp.Start).UTC().Year() != 2016 {
				t.Errorf("fast %v: feature 2 span starts %v, want from the last start, 2016", fast, time.UnixMilli(sp.Start).UTC())
			}
			if got := l.Foreign["name"]; got != `"last"` {
				t.Errorf("fast %v: foreign member \"name\" %s, want the last", fast, got)
			}
			n := 0
			for _, w := range l.Warnings {
				if strings.Contains(w, `"properties" has the member "name" more than once: the last value is read`) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("fast %v: %d warnings about the repeated \"name\", want 1 (once per key): %q", fast, n, l.Warnings)
			}
			for _, want := range []string{`feature 0 (line 1): "properties" has the member "name"`,
				`feature 2 (line 1): "properties" has the member "start"`,
				`feature 2 (line 1): the Feature has the member "id" more than once: the last value is read`,
				`feature 2 (line 1): the Feature has the member "geometry" more than once`,
				`feature 2 (line 1): a geometry object has the member "coordinates" more than once`,
				`the top-level object has the member "name" twice (line 1): the last is read`} {
				if !hasWarning(l, want) {
					t.Errorf("fast %v: warnings %q lack %q", fast, l.Warnings, want)
				}
			}
		}
	})
	t.Run("mixed dimensions across collection members are fine", func(t *testing.T) {
		l := load(t, "c.geojson", `{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"Point","coordinates":[1,2,3]}]}}`)
		if hasWarning(l, "mixes positions") {
			t.Errorf("warnings %q", l.Warnings)
		}
	})
	t.Run("latitudes outside [-90, 90] stay refused", func(t *testing.T) {
		_, err := LoadBytes(context.Background(), "l.geojson", []byte(`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,95]}}`), data.LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), "latitude 95 is outside [-90, 90]") {
			t.Errorf("error %v", err)
		}
	})
}

func TestLoadNothingPlaceable(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"all null", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1},"geometry":null},{"type":"Feature","properties":{"a":2},"geometry":null}]}`,
			`all 2 features have "geometry": null`},
		{"null and empty", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null},{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[]}}]}`,
			`of its 2 features, 1 have "geometry": null and 1 an empty geometry`},
		{"one null Feature", `{"type":"Feature","properties":{},"geometry":null}`, `its one feature has "geometry": null`},
		{"empty bare geometry", `{"type":"MultiPoint","coordinates":[]}`, "its one geometry is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadBytes(context.Background(), "n.geojson", []byte(c.src), data.LoadOptions{})
			var le *data.LoadError
			if !errors.As(err, &le) || !errors.Is(err, data.ErrNothingPlaced) || !strings.Contains(le.Msg, c.want) || le.Path != "n.geojson" {
				t.Errorf("error %v, want a LoadError for n.geojson wrapping ErrNothingPlaced saying %q", err, c.want)
			}
		})
	}
	t.Run("empty collection is an empty layer", func(t *testing.T) {
		l := load(t, "e.geojson", `{"type":"FeatureCollection","features":[]}`)
		if l.Len() != 0 {
			t.Errorf("%d features", l.Len())
		}
	})
	t.Run("partly placeable loads", func(t *testing.T) {
		l := load(t, "p.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null},{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}`)
		if l.Len() != 1 || !hasWarning(l, "feature 0 (line 1): feature has no geometry") {
			t.Errorf("%d features, warnings %q", l.Len(), l.Warnings)
		}
	})
}

func TestLoadSTACTimes(t *testing.T) {
	day := func(s string) data.Span { sp, _ := data.ParseTime(s, time.UTC); return sp }
	cases := []struct {
		name, props string
		want        data.Span
	}{
		{"STAC start and end beat datetime", `{"datetime":"2020-05-09T10:00:00Z","start_datetime":"2020-05-01T00:00:00Z","end_datetime":"2020-05-31T23:59:59Z"}`,
			data.Span{Start: day("2020-05-01").Start, End: day("2020-05-31").End - 999}},
		{"STAC null datetime", `{"datetime":null,"start_datetime":"2020-05-01","end_datetime":"2020-05-02"}`,
			data.Span{Start: day("2020-05-01").Start, End: day("2020-05-02").End}},
		{"start and end beside time", `{"time":"2020-05-09","start":"2020-05-01","end":"2020-05-03"}`,
			data.Span{Start: day("2020-05-01").Start, End: day("2020-05-03").End}},
		{"datetime alone", `{"datetime":"2020-05-09"}`, day("2020-05-09")},
		{"spreadsheet date", `{"date":"9-May-20"}`, day("2020-05-09")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := load(t, "s.geojson", `{"type":"Feature","properties":`+c.props+`,"geometry":{"type":"Point","coordinates":[1,2]}}`)
			if got := l.Span(0); got != c.want {
				t.Errorf("span %s .. %s, want %s .. %s", data.FormatTime(got.Start, time.UTC), data.FormatTime(got.End, time.UTC),
					data.FormatTime(c.want.Start, time.UTC), data.FormatTime(c.want.End, time.UTC))
			}
		})
	}
}
