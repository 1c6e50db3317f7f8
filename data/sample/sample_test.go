package sample

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"time"

	"campmap/data"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func layers(t *testing.T) map[string]*data.Layer {
	t.Helper()
	ls, err := Layers()
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*data.Layer{}
	for _, l := range ls {
		m[l.Name] = l
	}
	return m
}

func TestLayers(t *testing.T) {
	ls, err := Layers()
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name string
		kind data.Kind
		n    int
	}{
		{"Camps", data.KindCamp, 3},
		{"Routes", data.KindRoute, 6},
		{"Terminals", data.KindTerminal, 2},
		{"Ports", data.KindPort, 6},
		{IncidentsName, data.KindIncident, -1},
	}
	if len(ls) != len(want) {
		t.Fatalf("%d layers, want %d", len(ls), len(want))
	}
	for i, w := range want {
		t.Run(w.name, func(t *testing.T) {
			l := ls[i]
			if l.Name != w.name || l.Kind != w.kind {
				t.Errorf("layer %d: %q kind %v, want %q kind %v", i, l.Name, l.Kind, w.name, w.kind)
			}
			if w.n >= 0 && l.Len() != w.n {
				t.Errorf("%d features, want %d", l.Len(), w.n)
			}
			if l.Source == "" {
				t.Error("no layer source")
			}
			if len(l.Warnings) > 0 {
				t.Errorf("warnings: %q", l.Warnings)
			}
			for j := range l.Len() {
				for _, key := range []string{"name", "kind", "source"} {
					if v, ok := l.Prop(j, key); !ok || v.String() == "" {
						t.Fatalf("feature %d has no %s", j, key)
					}
				}
				if l.FeatureKind(j) != w.kind {
					t.Fatalf("feature %d kind %v", j, l.FeatureKind(j))
				}
				if !Bounds().Union(orb.Bound{Min: orb.Point{0.5, 50.6}, Max: orb.Point{2.6, 51.3}}).Contains(l.Anchor(j)) {
					t.Errorf("feature %d at %v, far from Calais", j, l.Anchor(j))
				}
			}
		})
	}
	if got := Files(); len(got) != 5 || got[0] != "calais-2015/camps.geojson" {
		t.Errorf("Files() = %q", got)
	}
	for _, f := range append(Files(), Dir+"/README.md", Dir+"/source-wpi-rows.csv") {
		if _, err := fs.Stat(FS(), f); err != nil {
			t.Errorf("FS lacks %s: %v", f, err)
		}
	}
}

func TestCamps(t *testing.T) {
	l := layers(t)["Camps"]
	found := false
	for i := range l.Len() {
		if l.FeatureName(i) != "Jungle (Lande de Calais)" {
			continue
		}
		found = true
		p, ok := l.Geometry(i).(orb.Polygon)
		if !ok {
			t.Fatalf("Jungle is a %T, want a Polygon", l.Geometry(i))
		}
		if !planar.PolygonContains(p, orb.Point{1.887, 50.966}) {
			t.Error("the Jungle polygon does not contain 1.887E 50.966N")
		}
		s := l.Span(i)
		// Zone-less months are read in the scenario's zone, Europe/Paris:
		// April 2015 starts at midnight in Calais, 22:00 UTC the day before.
		paris, err := time.LoadLocation(Zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.StartTime(paris).Format("2006-01-02 15:04 MST"); got != "2015-04-01 00:00 CEST" {
			t.Errorf("Jungle opened %s, want 2015-04-01 00:00 CEST", got)
		}
		if got := s.EndTime(paris).Format("2006-01-02 15:04 MST"); got != "2016-10-31 23:59 CET" {
			t.Errorf("Jungle closed %s, want the end of October 2016", got)
		}
	}
	if !found {
		t.Error("no Jungle")
	}
}

func TestPortsMatchWorldPortIndex(t *testing.T) {
	raw, err := fs.ReadFile(FS(), Dir+"/source-wpi-rows.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	wpi := map[int]orb.Point{}
	for _, r := range rows[1:] {
		n, _ := strconv.ParseFloat(r[col["World Port Index Number"]], 64)
		lat, err1 := strconv.ParseFloat(r[col["Latitude"]], 64)
		lon, err2 := strconv.ParseFloat(r[col["Longitude"]], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("row %v: bad position", r[:4])
		}
		wpi[int(n)] = orb.Point{lon, lat}
	}
	l := layers(t)["Ports"]
	if l.Len() != len(wpi) {
		t.Errorf("%d ports, %d WPI rows", l.Len(), len(wpi))
	}
	for i := range l.Len() {
		v, _ := l.Prop(i, "wpi_number")
		n := int(v.Num)
		want, ok := wpi[n]
		if !ok {
			t.Errorf("%s: WPI %d not in the rows", l.FeatureName(i), n)
			continue
		}
		if got := l.Anchor(i); got != want {
			t.Errorf("%s at %v, WPI %d says %v", l.FeatureName(i), got, n, want)
		}
		if src, _ := l.Prop(i, "source"); src.Str != "NGA World Port Index (Pub. 150), index number "+strconv.Itoa(n) {
			t.Errorf("%s: source %q", l.FeatureName(i), src.Str)
		}
	}
}

func TestRoutes(t *testing.T) {
	l := layers(t)["Routes"]
	types := map[string]int{}
	for i := range l.Len() {
		ls, ok := l.Geometry(i).(orb.LineString)
		if !ok || len(ls) < 10 || len(ls) > 40 {
			t.Errorf("%s: %T with %d vertices, want a LineString of 10-40", l.FeatureName(i), l.Geometry(i), len(ls))
		}
		v, _ := l.Prop(i, "route_type")
		types[v.Str]++
	}
	if types["tunnel"] != 1 || types["ferry"] != 2 || types["motorway"] != 3 {
		t.Errorf("route types %v", types)
	}
}

func TestIncidents(t *testing.T) {
	l := layers(t)[IncidentsName]
	if n := l.Len(); n < 3000 || n > 6000 {
		t.Errorf("%d incidents, want 3,000-6,000", n)
	}
	cest := time.FixedZone("CEST", 7200)
	from := time.Date(2015, 6, 1, 0, 0, 0, 0, cest).UnixMilli()
	to := time.Date(2015, 10, 1, 0, 0, 0, 0, cest).UnixMilli() - 1
	perDay := map[string]int{}
	cats := map[string]int{}
	dayOnly := 0
	for i := range l.Len() {
		s := l.Span(i)
		if !s.Dated() || s.Start < from || s.End > to {
			t.Fatalf("incident %d: span %v outside June-September 2015", i, s)
		}
		if !s.IsInstant() {
			dayOnly++
		}
		if v, ok := l.Prop(i, "illustrative"); !ok || v.Type != data.ValueBool || v.Num != 1 {
			t.Fatalf("incident %d is not illustrative", i)
		}
		if v, _ := l.Prop(i, "source"); v.Str != IncidentSource {
			t.Fatalf("incident %d source %q", i, v.Str)
		}
		c, _ := l.Prop(i, "count")
		if c.Type != data.ValueNumber || c.Num < 1 {
			t.Fatalf("incident %d count %v", i, c)
		}
		cat := l.Category(i)
		cats[cat]++
		if cat == CatTunnel || cat == CatLorry {
			perDay[s.StartTime(cest).Format(time.DateOnly)] += int(c.Num)
		}
	}
	if l.CategoryKey() != "category" {
		t.Errorf("category key %q", l.CategoryKey())
	}
	for _, c := range []string{CatTunnel, CatLorry, CatBlockade, CatInjury, CatPolice} {
		if cats[c] == 0 {
			t.Errorf("no %q", c)
		}
	}
	if cats[CatDeath] != IllustrativeDeaths {
		t.Errorf("%d deaths, want %d", cats[CatDeath], IllustrativeDeaths)
	}
	if dayOnly == 0 || dayOnly > l.Len()/20 {
		t.Errorf("%d day-precision incidents, want a few", dayOnly)
	}
	best, bestN := "", 0
	for d, n := range perDay {
		if n > bestN || (n == bestN && d < best) {
			best, bestN = d, n
		}
	}
	if best < "2015-07-24" || best > "2015-07-31" {
		t.Errorf("busiest day %s (%d attempts), want 24-31 July", best, bestN)
	}
	if bestN < 1500 || bestN > 2600 {
		t.Errorf("peak %d attempts a day, want about 2,000", bestN)
	}
	t.Logf("%d incidents, %d day-precision, peak %s with %d attempts; %v", l.Len(), dayOnly, best, bestN, cats)
}

func TestIncidentsGenerator(t *testing.T) {
	a, err := GenerateIncidents(IncidentSeed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateIncidents(IncidentSeed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	committed, err := fs.ReadFile(FS(), Dir+"/incidents.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, committed) {
		t.Error("incidents.geojson differs from the generator's output: run go run ./data/sample/gen")
	}
	if !strings.Contains(string(committed[:200]), `"name": "Incidents (illustrative)"`) {
		t.Error("the FeatureCollection does not name itself illustrative")
	}
	c, err := GenerateIncidents(IncidentSeed + 1)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, c) {
		t.Error("another seed gives the same incidents")
	}
}

func TestBounds(t *testing.T) {
	b := Bounds()
	for _, p := range []orb.Point{{1.86, 50.95}, {1.31, 51.13}, {2.30, 51.01}, {1.139, 51.094}} {
		if !b.Contains(p) {
			t.Errorf("Bounds() %v lacks %v", b, p)
		}
	}
}

func BenchmarkLayers(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Layers(); err != nil {
			b.Fatal(err)
		}
	}
}
