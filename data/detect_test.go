package data

import (
	"context"
	"fmt"
	"strings"
	"testing"
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
		want            Kind
	}{
		{"kind property", "layer.geojson", fcOf(`{"kind":"camp"}`), KindCamp},
		{"type synonym", "layer.geojson", fcOf(`{"type":"Refugee Camp"}`), KindCamp},
		{"category synonym", "layer.geojson", fcOf(`{"category":"harbour"}`), KindPort},
		{"site_type", "layer.geojson", fcOf(`{"site_type":"informal_settlement"}`), KindCamp},
		{"feature_type", "layer.geojson", fcOf(`{"feature_type":"terminal"}`), KindTerminal},
		{"key case ignored", "layer.geojson", fcOf(`{"Kind":"PORT"}`), KindPort},
		{"kind beats category", "layer.geojson", fcOf(`{"category":"road","kind":"camp"}`), KindCamp},
		{"unknown value falls through", "layer.geojson", fcOf(`{"kind":"whatever","category":"port"}`), KindPort},
		{"osm refugee site", "layer.geojson", fcOf(`{"amenity":"refugee_site"}`), KindCamp},
		{"osm ferry", "layer.geojson", fmt.Sprintf(line, `{"route":"ferry"}`), KindRoute},
		{"osm railway", "layer.geojson", fmt.Sprintf(line, `{"railway":"rail"}`), KindRoute},
		{"osm railway station", "layer.geojson", fcOf(`{"railway":"station"}`), KindTerminal},
		{"osm highway", "layer.geojson", fmt.Sprintf(line, `{"highway":"motorway","ref":"A16"}`), KindRoute},
		{"osm landuse port", "layer.geojson", fcOf(`{"landuse":"port"}`), KindPort},
		{"osm industrial port", "layer.geojson", fcOf(`{"industrial":"port"}`), KindPort},
		{"osm harbour", "layer.geojson", fcOf(`{"harbour":"yes"}`), KindPort},
		{"property beats file name", "ports.geojson", fcOf(`{"kind":"camp"}`), KindCamp},
		{"file camps", "calais-camps-2015.geojson", fcOf(`{"name":"Jungle"}`), KindCamp},
		{"file ports", "/data/ports.json", fcOf(`{}`), KindPort},
		{"file incidents", "incidents.geojson", fcOf(`{}`), KindIncident},
		{"file routes", "routes.geojson", fcOf(`{}`), KindRoute},
		{"file roads", "roads_A16.geojson", fcOf(`{}`), KindRoute},
		{"file ferries", "ferries.geojson", fcOf(`{}`), KindRoute},
		{"file terminals", "tunnel_terminals.geojson", fcOf(`{}`), KindTerminal},
		{"file name beats dated points", "camps.geojson", fcOf(`{"date":"2015-07-01"}`, `{"date":"2015-07-02"}`), KindCamp},
		{"mostly dated points", "data.geojson", fcOf(`{"date":"2015-07-01"}`, `{"date":"2015-07-02"}`, `{}`), KindIncident},
		{"half dated points", "data.geojson", fcOf(`{"date":"2015-07-01"}`, `{}`), KindOther},
		{"dated lines are not incidents", "data.geojson", fmt.Sprintf(line, `{"date":"2015-07-01"}`), KindOther},
		{"nothing", "data.geojson", fcOf(`{"name":"x"}`), KindOther},
		{"majority", "data.geojson", fcOf(`{"kind":"camp"}`, `{"kind":"camp"}`, `{"kind":"port"}`), KindCamp},
		{"empty layer uses file name", "ports.geojson", fcOf(), KindPort},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := LoadBytes(context.Background(), c.file, []byte(c.src), LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if l.Kind != c.want {
				t.Errorf("loader kind %v, want %v", l.Kind, c.want)
			}
			// DetectKind on the built layer, reading properties itself, agrees
			if got := DetectKind(l, c.file); got != c.want {
				t.Errorf("DetectKind = %v, want %v", got, c.want)
			}
		})
	}
}

func TestFeatureKinds(t *testing.T) {
	l, err := LoadBytes(context.Background(), "calais.geojson", []byte(fcOf(
		`{"kind":"camp","name":"Jungle"}`, `{"kind":"camp","name":"Jules Ferry"}`,
		`{"kind":"port","name":"Calais"}`, `{"name":"unknown"}`)), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Kind != KindCamp {
		t.Fatalf("layer kind %v", l.Kind)
	}
	want := []Kind{KindCamp, KindCamp, KindPort, KindCamp}
	for i, w := range want {
		if got := l.FeatureKind(i); got != w {
			t.Errorf("feature %d kind %v, want %v", i, got, w)
		}
	}
	// a layer whose features all agree keeps no per-feature column
	u, err := LoadBytes(context.Background(), "x.geojson", []byte(fcOf(`{"kind":"camp"}`, `{}`)), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if u.kinds != nil || u.Kind != KindCamp || u.FeatureKind(1) != KindCamp {
		t.Errorf("uniform layer: kinds column %v, kind %v", u.kinds, u.Kind)
	}
}
