package data_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"campmap/data"
	"campmap/data/geojson"
)

// fcOf builds a FeatureCollection of points with the given properties.
func fcOf(props ...string) string {
	var sb strings.Builder
	sb.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, p := range props {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"type":"Feature","properties":%s,"geometry":{"type":"Point","coordinates":[1.85,50.95]}}`, p)
	}
	sb.WriteString("]}")
	return sb.String()
}

func TestDetectKind(t *testing.T) {
	line := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":%s,"geometry":{"type":"LineString","coordinates":[[1.8,50.9],[1.9,51]]}}]}`
	cases := []struct {
		name, file, src string
		want            data.Kind
	}{
		{"kind property", "layer.geojson", fcOf(`{"kind":"camp"}`), data.KindCamp},
		{"type synonym", "layer.geojson", fcOf(`{"type":"Refugee Camp"}`), data.KindCamp},
		{"category synonym", "layer.geojson", fcOf(`{"category":"harbour"}`), data.KindPort},
		{"site_type", "layer.geojson", fcOf(`{"site_type":"informal_settlement"}`), data.KindCamp},
		{"feature_type", "layer.geojson", fcOf(`{"feature_type":"terminal"}`), data.KindTerminal},
		{"key case ignored", "layer.geojson", fcOf(`{"Kind":"PORT"}`), data.KindPort},
		{"kind beats category", "layer.geojson", fcOf(`{"category":"road","kind":"camp"}`), data.KindCamp},
		{"unknown value falls through", "layer.geojson", fcOf(`{"kind":"whatever","category":"port"}`), data.KindPort},
		{"osm refugee site", "layer.geojson", fcOf(`{"amenity":"refugee_site"}`), data.KindCamp},
		{"osm ferry", "layer.geojson", fmt.Sprintf(line, `{"route":"ferry"}`), data.KindRoute},
		{"osm railway", "layer.geojson", fmt.Sprintf(line, `{"railway":"rail"}`), data.KindRoute},
		{"osm railway station", "layer.geojson", fcOf(`{"railway":"station"}`), data.KindTerminal},
		{"osm highway", "layer.geojson", fmt.Sprintf(line, `{"highway":"motorway","ref":"A16"}`), data.KindRoute},
		{"osm landuse port", "layer.geojson", fcOf(`{"landuse":"port"}`), data.KindPort},
		{"osm industrial port", "layer.geojson", fcOf(`{"industrial":"port"}`), data.KindPort},
		{"osm harbour", "layer.geojson", fcOf(`{"harbour":"yes"}`), data.KindPort},
		{"property beats file name", "ports.geojson", fcOf(`{"kind":"camp"}`), data.KindCamp},
		{"file camps", "calais-camps-2015.geojson", fcOf(`{"name":"Jungle"}`), data.KindCamp},
		{"file ports", "/data/ports.json", fcOf(`{}`), data.KindPort},
		{"file incidents", "incidents.geojson", fcOf(`{}`), data.KindIncident},
		{"file routes", "routes.geojson", fcOf(`{}`), data.KindRoute},
		{"file roads", "roads_A16.geojson", fcOf(`{}`), data.KindRoute},
		{"file ferries", "ferries.geojson", fcOf(`{}`), data.KindRoute},
		{"file terminals", "tunnel_terminals.geojson", fcOf(`{}`), data.KindTerminal},
		{"file name beats dated points", "camps.geojson", fcOf(`{"date":"2015-07-01"}`, `{"date":"2015-07-02"}`), data.KindCamp},
		{"mostly dated points", "data.geojson", fcOf(`{"date":"2015-07-01"}`, `{"date":"2015-07-02"}`, `{}`), data.KindIncident},
		{"half dated points", "data.geojson", fcOf(`{"date":"2015-07-01"}`, `{}`), data.KindOther},
		{"dated lines are not incidents", "data.geojson", fmt.Sprintf(line, `{"date":"2015-07-01"}`), data.KindOther},
		{"nothing", "data.geojson", fcOf(`{"name":"x"}`), data.KindOther},
		{"majority", "data.geojson", fcOf(`{"kind":"camp"}`, `{"kind":"camp"}`, `{"kind":"port"}`), data.KindCamp},
		{"empty layer uses file name", "ports.geojson", fcOf(), data.KindPort},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := geojson.LoadBytes(context.Background(), c.file, []byte(c.src), data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if l.Kind != c.want {
				t.Errorf("loader kind %v, want %v", l.Kind, c.want)
			}
			// DetectKind on the built layer, reading properties itself, agrees
			if got := data.DetectKind(l, c.file); got != c.want {
				t.Errorf("DetectKind = %v, want %v", got, c.want)
			}
		})
	}
}

func TestFeatureKinds(t *testing.T) {
	l, err := geojson.LoadBytes(context.Background(), "calais.geojson", []byte(fcOf(
		`{"kind":"camp","name":"Jungle"}`, `{"kind":"camp","name":"Jules Ferry"}`,
		`{"kind":"port","name":"Calais"}`, `{"name":"unknown"}`)), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Kind != data.KindCamp {
		t.Fatalf("layer kind %v", l.Kind)
	}
	want := []data.Kind{data.KindCamp, data.KindCamp, data.KindPort, data.KindCamp}
	for i, w := range want {
		if got := l.FeatureKind(i); got != w {
			t.Errorf("feature %d kind %v, want %v", i, got, w)
		}
	}
	// a layer whose features all agree keeps no per-feature column
	u, err := geojson.LoadBytes(context.Background(), "x.geojson", []byte(fcOf(`{"kind":"camp"}`, `{}`)), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if data.KindsColumn(u) != nil || u.Kind != data.KindCamp || u.FeatureKind(1) != data.KindCamp {
		t.Errorf("uniform layer: kinds column %v, kind %v", data.KindsColumn(u), u.Kind)
	}
}
