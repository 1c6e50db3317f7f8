package basemap

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
)

func levelByName(t *testing.T, b *Basemap, name string) *Level {
	t.Helper()
	for i := range b.Levels {
		if b.Levels[i].Name == name {
			return &b.Levels[i]
		}
	}
	t.Fatalf("no level %q", name)
	return nil
}

func TestDefaultLevels(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if b2, _ := Default(); b2 != b {
		t.Error("Default returned a new value on the second call")
	}
	for _, name := range []string{"overview", "regional", "detail"} {
		t.Run(name, func(t *testing.T) {
			l := levelByName(t, b, name)
			if len(l.Land) == 0 || len(l.Coast) == 0 || len(l.Borders) == 0 {
				t.Errorf("land %d, coast %d, borders %d: want all non-empty", len(l.Land), len(l.Coast), len(l.Borders))
			}
			if len(l.LandMerc) != len(l.Land) || len(l.LandBounds) != len(l.Land) ||
				len(l.CoastMerc) != len(l.Coast) || len(l.CoastBounds) != len(l.Coast) ||
				len(l.BordersBounds) != len(l.Borders) || len(l.RiversBounds) != len(l.Rivers) ||
				len(l.LakesBounds) != len(l.Lakes) {
				t.Error("Mercator slices are not parallel to the lon/lat slices")
			}
			for i, p := range l.Land {
				if p[0].Orientation() != orb.CCW {
					t.Fatalf("land %d: outer ring is not counter-clockwise", i)
				}
				for j, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("land %d ring %d: not a closed ring (%d points)", i, j, len(r))
					}
				}
				for _, m := range l.LandMerc[i][0] {
					if !l.LandBounds[i].Contains(m) {
						t.Fatalf("land %d: Mercator point %v outside its bounds %v", i, m, l.LandBounds[i])
					}
				}
			}
		})
	}
	for _, c := range []string{"GSHHG, Wessel & Smith", "Natural Earth"} {
		found := false
		for _, s := range b.Credits {
			found = found || strings.Contains(s, c)
		}
		if !found {
			t.Errorf("credits %q lack %q", b.Credits, c)
		}
	}
}

func TestLandAndSea(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		level string
		p     orb.Point
		land  bool
	}{
		{"Calais detail", "detail", orb.Point{1.86, 50.95}, true},
		{"Dover detail", "detail", orb.Point{1.31, 51.13}, true},
		{"mid-Channel detail", "detail", orb.Point{1.5, 51.0}, false},
		{"Calais regional", "regional", orb.Point{1.86, 50.95}, true},
		{"Dover regional", "regional", orb.Point{1.31, 51.13}, true},
		{"mid-Channel regional", "regional", orb.Point{1.5, 51.0}, false},
		{"Paris overview", "overview", orb.Point{2.35, 48.85}, true},
		{"Bay of Biscay overview", "overview", orb.Point{-4, 45}, false},
		{"Paris detail (Natural Earth strip)", "detail", orb.Point{2.35, 48.85}, true},
		{"Brussels detail (Natural Earth strip)", "detail", orb.Point{4.35, 50.85}, true},
		{"Isle of Wight detail (GSHHG island)", "detail", orb.Point{-1.3, 50.67}, true},
		{"Solent detail", "detail", orb.Point{-1.3, 50.79}, false},
		{"North Sea detail", "detail", orb.Point{3.0, 52.8}, false},
		{"Lake Geneva regional", "regional", orb.Point{6.55, 46.45}, false},
		{"Maidstone detail", "detail", orb.Point{0.52, 51.27}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := levelByName(t, b, tt.level).IsLand(tt.p); got != tt.land {
				t.Errorf("IsLand(%v) = %v, want %v", tt.p, got, tt.land)
			}
		})
	}
}

func TestForView(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	calais := orb.Bound{Min: orb.Point{1.0, 50.8}, Max: orb.Point{2.4, 51.2}}
	africa := orb.Bound{Min: orb.Point{10, 0}, Max: orb.Point{11, 1}}
	tests := []struct {
		name string
		z    float64
		view orb.Bound
		want []string
	}{
		{"world", 2, orb.Bound{Min: orb.Point{-180, -85}, Max: orb.Point{180, 85}}, []string{"overview"}},
		{"Western Europe", 6, calais, []string{"regional"}},
		{"Calais", 11, calais, []string{"detail"}},
		{"Africa zoomed in", 11, africa, []string{"overview", "detail"}},
		{"beyond the last zoom", 40, calais, []string{"detail"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range b.ForView(tt.z, tt.view) {
				got = append(got, l.Name)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("ForView(%v) = %v, want %v", tt.z, got, tt.want)
			}
		})
	}
	if got := b.ForZoom(6); len(got) != 1 || got[0].Name != "regional" {
		t.Errorf("ForZoom(6) = %v", got)
	}
	var nilMap *Basemap
	if nilMap.ForView(3, calais) != nil || nilMap.ForZoom(3) != nil {
		t.Error("nil basemap returned levels")
	}
}

func TestCodecRoundTrip(t *testing.T) {
	l := &Level{
		Name: "t", MinZoom: 1, MaxZoom: 9,
		Coverage: orb.Bound{Min: orb.Point{-1, 49}, Max: orb.Point{3, 52}},
		Land:     []orb.Polygon{{{{0, 50}, {1, 50}, {1, 51}, {0, 50}}, {{0.5, 50.2}, {0.6, 50.3}, {0.5, 50.3}, {0.5, 50.2}}}},
		Lakes:    []orb.Polygon{{{{0.2, 50.1}, {0.3, 50.1}, {0.3, 50.2}, {0.2, 50.1}}}},
		Coast:    []orb.LineString{{{0, 50}, {1, 50}}},
		Borders:  []orb.LineString{{{-0.123456, 49.654321}, {2.999999, 51.000001}}},
		Rivers:   []orb.LineString{{{1, 50.5}, {1.1, 50.6}, {1.2, 50.55}}},
	}
	var buf bytes.Buffer
	if err := EncodeLevel(&buf, l); err != nil {
		t.Fatal(err)
	}
	got, err := DecodeLevel(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != l.Name || got.MinZoom != l.MinZoom || got.MaxZoom != l.MaxZoom || got.Coverage != l.Coverage {
		t.Errorf("header: got %+v", got)
	}
	check := func(name string, a, b orb.Geometry) {
		if !orb.Equal(a, b) {
			t.Errorf("%s: got %v, want %v", name, a, b)
		}
	}
	check("land", orb.MultiPolygon(got.Land), orb.MultiPolygon(l.Land))
	check("lakes", orb.MultiPolygon(got.Lakes), orb.MultiPolygon(l.Lakes))
	check("coast", orb.MultiLineString(got.Coast), orb.MultiLineString(l.Coast))
	check("borders", orb.MultiLineString(got.Borders), orb.MultiLineString(l.Borders))
	check("rivers", orb.MultiLineString(got.Rivers), orb.MultiLineString(l.Rivers))

	t.Run("corrupt", func(t *testing.T) {
		for _, in := range [][]byte{nil, []byte("not gzip"), buf.Bytes()[:len(buf.Bytes())/2]} {
			if _, err := DecodeLevel(bytes.NewReader(in)); err == nil {
				t.Errorf("DecodeLevel(%d bytes) succeeded", len(in))
			}
		}
	})
}

func FuzzDecodeLevel(f *testing.F) {
	for _, name := range levelFiles[:2] {
		raw, err := embedded.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw[:min(len(raw), 4000)])
	}
	var buf bytes.Buffer
	if err := EncodeLevel(&buf, &Level{Name: "x", Land: []orb.Polygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = DecodeLevel(bytes.NewReader(b))
		_, _ = decodeRaw(b)
	})
}

func TestLoad(t *testing.T) {
	b, err := Load(filepath.Join("testdata", "user.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	l := &b.Levels[0]
	if len(l.Land) != 3 || len(l.Lakes) != 1 || len(l.Borders) != 1 || len(l.Rivers) != 1 || len(l.Coast) != 4 {
		t.Errorf("land %d lakes %d borders %d rivers %d coast %d", len(l.Land), len(l.Lakes), len(l.Borders), len(l.Rivers), len(l.Coast))
	}
	if !l.IsLand(orb.Point{1.5, 50.5}) || l.IsLand(orb.Point{1.25, 50.25}) || l.IsLand(orb.Point{5, 5}) {
		t.Error("IsLand disagrees with the file")
	}
	if len(b.Credits) != 1 || b.Credits[0] != "Test shapes, campmap" {
		t.Errorf("credits %q", b.Credits)
	}
	if got := b.ForView(12, orb.Bound{Min: orb.Point{1, 50}, Max: orb.Point{2, 51}}); len(got) != 1 {
		t.Errorf("ForView on a user basemap: %d levels", len(got))
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fc := func(features ...string) string {
		return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
	}
	good := `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`
	tests := []struct {
		name    string
		path    string
		feature int
		line    int
		msg     string
	}{
		{"missing file", filepath.Join(dir, "nope.geojson"), -1, 0, "cannot read"},
		{"invalid JSON", write("bad.json", "{\"type\":\n\"FeatureCollection\",\n\"features\": [}"), -1, 3, "not valid JSON"},
		{"not GeoJSON", write("arr.json", `{"type":"Topology"}`), -1, 0, "Topology"},
		{"empty", write("empty.json", fc()), -1, 0, "no features"},
		{"point", write("pt.json", fc(good, `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}`)), 1, 0, "Point geometry"},
		{"short ring", write("ring.json", fc(good, good, `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}`)), 2, 0, "at least 4"},
		{"bad coordinates", write("coords.json", fc(`{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[200,95]]}}`)), 0, 0, "not a longitude/latitude"},
		{"malformed geometry", write("geom.json", fc(good, `{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[1,2]}}`)), 1, 0, "not a valid GeoJSON feature"},
		{"null geometry", write("null.json", fc(`{"type":"Feature","properties":{},"geometry":null}`)), 0, 0, "no geometry"},
		{"not JSON, not quoted", write("shadow.geojson", "root:SECRET:19000:0:99999:7:::\n"), -1, 0, "not a GeoJSON basemap: it starts with unexpected text, not a JSON object"},
		{"unknown kind", write("kind.json", fc(`{"type":"Feature","properties":{"kind":"road"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}`)), 0, 0, `kind "road"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.path)
			var le *data.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("Load = %v, want a *LoadError", err)
			}
			if le.Path != tt.path || le.Feature != tt.feature || le.Line != tt.line || !strings.Contains(le.Msg, tt.msg) {
				t.Errorf("got path %q feature %d line %d msg %q; want feature %d line %d msg containing %q",
					le.Path, le.Feature, le.Line, le.Msg, tt.feature, tt.line, tt.msg)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error %q quotes the file", err)
			}
			if !strings.HasPrefix(err.Error(), "basemap: load ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
	if _, err := Load(filepath.Join(dir, "nope.geojson")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file error %v does not wrap os.ErrNotExist", err)
	}
}

func FuzzLoad(f *testing.F) {
	raw, err := os.ReadFile(filepath.Join("testdata", "user.geojson"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`{"type":"Feature","properties":{"kind":"lake"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1]]]]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		bm, err := parse("fuzz.geojson", b)
		if err == nil && len(bm.Levels) != 1 {
			t.Fatalf("%d levels", len(bm.Levels))
		}
	})
}

func BenchmarkDefault(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeDefault(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsLand(b *testing.B) {
	bm, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	l := &bm.Levels[2]
	b.ReportAllocs()
	for b.Loop() {
		l.IsLand(orb.Point{1.86, 50.95})
	}
}
