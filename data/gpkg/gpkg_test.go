package gpkg

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	_ "campmap/data/csv"     // tables converted to GeoPackage
	_ "campmap/data/geojson" // GeoJSON converted to GeoPackage
)

// ogr2ogr runs GDAL's converter, which make test installs (gdal-bin). In
// CI a missing GDAL fails the test; elsewhere the test says how to get it.
func ogr2ogr(t *testing.T, args ...string) {
	t.Helper()
	bin, err := exec.LookPath("ogr2ogr")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("ogr2ogr not found: make test installs gdal-bin")
		}
		t.Skip("ogr2ogr not found: install gdal-bin (make test does) to compare with GDAL's GeoPackages")
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogr2ogr %v: %v\n%s", args, err, out)
	}
}

func load(t *testing.T, path string) []*data.Layer {
	t.Helper()
	ls, err := data.LoadFileLayers(context.Background(), path, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// sameFeatures checks that got holds want's features: geometry (within
// tol degrees), time span, kind and category.
func sameFeatures(t *testing.T, got, want *data.Layer, tol float64) {
	t.Helper()
	if got.Len() != want.Len() {
		t.Fatalf("%d features, want %d", got.Len(), want.Len())
	}
	if got.Kind != want.Kind {
		t.Errorf("kind %v, want %v", got.Kind, want.Kind)
	}
	if got.CategoryKey() != want.CategoryKey() {
		t.Errorf("category key %q, want %q", got.CategoryKey(), want.CategoryKey())
	}
	for i := 0; i < want.Len(); i++ {
		if !closeGeom(got.Geometry(i), want.Geometry(i), tol) {
			t.Errorf("feature %d: geometry %v, want %v", i, got.Geometry(i), want.Geometry(i))
		}
		if got.Span(i) != want.Span(i) {
			t.Errorf("feature %d: span %v, want %v", i, got.Span(i), want.Span(i))
		}
		if got.FeatureKind(i) != want.FeatureKind(i) || got.Category(i) != want.Category(i) {
			t.Errorf("feature %d: kind %v category %q, want %v %q", i, got.FeatureKind(i), got.Category(i), want.FeatureKind(i), want.Category(i))
		}
		if got.FeatureName(i) != want.FeatureName(i) {
			t.Errorf("feature %d: name %q, want %q", i, got.FeatureName(i), want.FeatureName(i))
		}
	}
}

func closeGeom(a, b orb.Geometry, tol float64) bool {
	if tol == 0 {
		return reflect.DeepEqual(a, b)
	}
	if reflect.TypeOf(a) != reflect.TypeOf(b) {
		return false
	}
	var pa, pb []orb.Point
	collect := func(g orb.Geometry, out *[]orb.Point) {
		data.Positions(g, func(p orb.Point) { *out = append(*out, p) })
	}
	collect(a, &pa)
	collect(b, &pb)
	if len(pa) != len(pb) {
		return false
	}
	for i := range pa {
		if math.Abs(pa[i][0]-pb[i][0]) > tol || math.Abs(pa[i][1]-pb[i][1]) > tol {
			return false
		}
	}
	return true
}

func TestGDALGeoPackages(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, src string
		args      []string
		tol       float64
	}{
		{"wgs84", "mixed.geojson", nil, 0},
		{"web mercator", "mixed.geojson", []string{"-t_srs", "EPSG:3857"}, 1e-9},
		{"3D points", "points3d.geojson", []string{"-dim", "XYZ"}, 0},
		{"3D measured points", "points3d.geojson", []string{"-dim", "XYZM"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := filepath.Join("testdata", tc.src)
			want, err := data.LoadFile(context.Background(), src, data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".gpkg")
			ogr2ogr(t, append(append([]string{"-f", "GPKG"}, tc.args...), "-nln", want.Name, out, src)...)
			ls := load(t, out)
			if len(ls) != 1 {
				t.Fatalf("%d layers, want 1", len(ls))
			}
			got := ls[0]
			if got.Name != want.Name || got.Path != out {
				t.Errorf("name %q path %q", got.Name, got.Path)
			}
			sameFeatures(t, got, want, tc.tol)
			if v, ok := got.Prop(0, "name"); !ok || v.Str == "" {
				t.Errorf("feature 0 name %v", v)
			}
		})
	}
	t.Run("several layers", func(t *testing.T) {
		out := filepath.Join(dir, "two.gpkg")
		ogr2ogr(t, "-f", "GPKG", "-nln", "sites", out, filepath.Join("testdata", "mixed.geojson"))
		ogr2ogr(t, "-f", "GPKG", "-update", "-nln", "tunnel_terminals", out, filepath.Join("testdata", "points3d.geojson"))
		ls := load(t, out)
		if len(ls) != 2 || ls[0].Name != "sites" || ls[1].Name != "tunnel_terminals" {
			t.Fatalf("layers %v", names(ls))
		}
		if ls[1].Kind != data.KindTerminal {
			t.Errorf("kind of tunnel_terminals is %v", ls[1].Kind)
		}
		one, err := data.LoadFile(context.Background(), out, data.LoadOptions{})
		if err != nil || one.Name != "sites" || !strings.Contains(strings.Join(one.Warnings, " "), `"tunnel_terminals"`) {
			t.Errorf("LoadFile gave %v (%v): want the first layer with a warning naming the other", one.Warnings, err)
		}
	})
	t.Run("British National Grid", func(t *testing.T) {
		out := filepath.Join(dir, "bng.gpkg")
		ogr2ogr(t, "-f", "GPKG", "-t_srs", "EPSG:27700", "-nln", "sites", out, filepath.Join("testdata", "mixed.geojson"))
		_, err := data.LoadFileLayers(context.Background(), out, data.LoadOptions{})
		if !errors.Is(err, ErrUnsupportedSRS) {
			t.Fatalf("error %v, want ErrUnsupportedSRS", err)
		}
		for _, want := range []string{`layer "sites"`, "EPSG:27700", "British National Grid", "ogr2ogr -t_srs EPSG:4326"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
		}
	})
	t.Run("one layer of two unreadable", func(t *testing.T) {
		out := filepath.Join(dir, "mixed-srs.gpkg")
		ogr2ogr(t, "-f", "GPKG", "-nln", "good", out, filepath.Join("testdata", "mixed.geojson"))
		ogr2ogr(t, "-f", "GPKG", "-update", "-t_srs", "EPSG:27700", "-nln", "bad", out, filepath.Join("testdata", "mixed.geojson"))
		ls := load(t, out)
		if len(ls) != 1 || ls[0].Name != "good" || !strings.Contains(strings.Join(ls[0].Warnings, " "), "EPSG:27700") {
			t.Errorf("got %v with warnings %q", names(ls), ls[0].Warnings)
		}
	})
}

// sortedProps returns feature i's properties sorted by key: a GeoPackage
// stores them as columns, in the layer's key order.
func sortedProps(l *data.Layer, i int) []data.Property {
	p := l.Props(i)
	sort.Slice(p, func(a, b int) bool { return p[a].Key < p[b].Key })
	return p
}

func names(ls []*data.Layer) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Name)
	}
	return out
}

func TestWriteRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, src := range []string{"testdata/mixed.geojson", "../csv/testdata/acled.csv", "../csv/testdata/iom-older.csv"} {
		t.Run(filepath.Base(src), func(t *testing.T) {
			want, err := data.LoadFile(context.Background(), src, data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, filepath.Base(src)+".gpkg")
			if err := Write(context.Background(), out, want, nil); err != nil {
				t.Fatal(err)
			}
			ls := load(t, out)
			if len(ls) != 1 {
				t.Fatalf("%d layers", len(ls))
			}
			got := ls[0]
			if filepath.Ext(src) == ".csv" {
				// CSV times depend on the table (ACLED precision), not on a
				// property name: compare positions and properties
				if got.Len() != want.Len() {
					t.Fatalf("%d features, want %d", got.Len(), want.Len())
				}
				for i := 0; i < want.Len(); i++ {
					if got.Anchor(i) != want.Anchor(i) || !reflect.DeepEqual(sortedProps(got, i), sortedProps(want, i)) {
						t.Errorf("feature %d:\n%v %v\nwant %v %v", i, got.Anchor(i), got.Props(i), want.Anchor(i), want.Props(i))
					}
				}
			} else {
				sameFeatures(t, got, want, 0)
				for i := 0; i < want.Len(); i++ {
					if got.ID(i) != want.ID(i) || !reflect.DeepEqual(sortedProps(got, i), sortedProps(want, i)) {
						t.Errorf("feature %d: id %v props %v, want %v %v", i, got.ID(i), got.Props(i), want.ID(i), want.Props(i))
					}
				}
			}
			// GDAL reads what campmap wrote
			if info, err := exec.LookPath("ogrinfo"); err == nil {
				b, err := exec.Command(info, "-so", "-al", out).CombinedOutput()
				if err != nil || !strings.Contains(string(b), "Feature Count: ") {
					t.Errorf("ogrinfo: %v\n%s", err, b)
				}
			}
		})
	}
	t.Run("time window", func(t *testing.T) {
		l, err := data.LoadFile(context.Background(), "testdata/mixed.geojson", data.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		w, _ := data.ParseTime("2015-07-29", nil)
		out := filepath.Join(dir, "window.gpkg")
		if err := Write(context.Background(), out, l, data.InWindow(l, w, false)); err != nil {
			t.Fatal(err)
		}
		got := load(t, out)[0]
		// undated features stay; the 28 July intrusion and the Jungle
		// (opened 1 April) go; the blockade (29 July) and the ferries (June
		// to September) stay
		if got.Len() != l.Len()-2 {
			t.Errorf("%d features, want %d", got.Len(), l.Len()-2)
		}
	})
	t.Run("failure keeps the previous file", func(t *testing.T) {
		out := filepath.Join(dir, "keep.gpkg")
		os.WriteFile(out, []byte("previous"), 0o644)
		l, _ := data.LoadFile(context.Background(), "testdata/mixed.geojson", data.LoadOptions{})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := Write(ctx, out, l, nil); err == nil {
			t.Fatal("a canceled write succeeded")
		}
		if b, _ := os.ReadFile(out); string(b) != "previous" {
			t.Errorf("previous file changed to %q", b)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, ".keep.gpkg*")); len(m) != 0 {
			t.Errorf("temporary files left: %v", m)
		}
	})
}

func TestWriteAwkwardNames(t *testing.T) {
	b := data.NewBuilder(`camps "2015"; DROP TABLE x`, 1)
	err := b.Add(data.Feature{Geometry: orb.Point{1.9, 50.96}, Span: data.Undated, ID: data.Text("j"), Props: []data.Property{
		{Key: "Name", Value: data.Text("Jungle")}, {Key: "name", Value: data.Text("jungle")},
		{Key: "fid", Value: data.Number(7)}, {Key: `a "quoted" key`, Value: data.Bool(true)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	l := b.BuildDetect("camps")
	out := filepath.Join(t.TempDir(), "awkward.gpkg")
	if err := Write(context.Background(), out, l, nil); err != nil {
		t.Fatal(err)
	}
	got := load(t, out)[0]
	// the columns are "Name", "name_2", "fid" (the primary key is "fid_"):
	// campmap's layer record gives the keys back
	want := map[string]data.Value{"Name": data.Text("Jungle"), "name": data.Text("jungle"), "fid": data.Number(7), `a "quoted" key`: data.Bool(true)}
	for k, v := range want {
		if g, ok := got.Prop(0, k); !ok || g != v {
			t.Errorf("%q = %v, want %v (props %v)", k, g, v, got.Props(0))
		}
	}
	if got.Name != l.Name || got.ID(0) != data.Text("j") {
		t.Errorf("name %q id %v", got.Name, got.ID(0))
	}
}

func TestNotGeoPackage(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, content, want string }{
		{"text.gpkg", "hello", "cannot read the file as an SQLite database"},
		{"empty.gpkg", "", "cannot read the file as an SQLite database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			os.WriteFile(p, []byte(tc.content), 0o644)
			_, err := data.LoadFileLayers(context.Background(), p, data.LoadOptions{})
			var le *data.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %v, want a LoadError", err)
			}
			if !strings.Contains(err.Error(), tc.want) && !strings.Contains(err.Error(), "not a GeoPackage") {
				t.Errorf("error %v", err)
			}
		})
	}
}

func TestDecodeGeometry(t *testing.T) {
	pt, _ := EncodeGeometry(orb.Point{1, 2}, 4326)
	poly, _ := EncodeGeometry(orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, 4326)
	tests := []struct {
		name string
		blob []byte
		want orb.Geometry
		err  error
	}{
		{"point", pt, orb.Point{1, 2}, nil},
		{"polygon with envelope", poly, orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, nil},
		{"short", []byte("GP"), nil, ErrBadGeometry},
		{"no magic", []byte("XX\x00\x01\x00\x00\x00\x00"), nil, ErrBadGeometry},
		{"truncated", pt[:len(pt)-3], nil, ErrBadGeometry},
		{"bad envelope", []byte("GP\x00\x0f\x00\x00\x00\x00"), nil, ErrBadGeometry},
		{"empty flag", []byte("GP\x00\x11\x00\x00\x00\x00"), nil, errEmpty},
		// ISO WKB PointZ (1001), big-endian WKB after a little-endian header
		{"iso point z", append([]byte("GP\x00\x01\xe6\x10\x00\x00\x00\x00\x00\x03\xe9"), f64be(1, 2, 3)...), orb.Point{1, 2}, nil},
		// a huge count must not allocate
		{"huge count", []byte("GP\x00\x01\x00\x00\x00\x00\x01\x02\x00\x00\x00\xff\xff\xff\x7f"), nil, ErrBadGeometry},
		{"circular string", []byte("GP\x00\x01\x00\x00\x00\x00\x01\x08\x00\x00\x00\x00\x00\x00\x00"), nil, errCurve},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, _, err := DecodeGeometry(tc.blob)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("error %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(g, tc.want) {
				t.Fatalf("got %v %v, want %v", g, err, tc.want)
			}
		})
	}
}

func f64be(vs ...float64) []byte {
	var b []byte
	for _, v := range vs {
		u := math.Float64bits(v)
		for s := 56; s >= 0; s -= 8 {
			b = append(b, byte(u>>s))
		}
	}
	return b
}

func FuzzDecodeGeometry(f *testing.F) {
	pt, _ := EncodeGeometry(orb.Point{1, 2}, 4326)
	mp, _ := EncodeGeometry(orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, 4326)
	c, _ := EncodeGeometry(orb.Collection{orb.Point{1, 2}, orb.LineString{{1, 2}, {3, 4}}}, 4326)
	f.Add(pt)
	f.Add(mp)
	f.Add(c)
	zm, _ := EncodeGeometryZM(orb.LineString{{1, 2}, {3, 4}}, []float64{5, 6}, []float64{7, 8}, 4326)
	f.Add(zm)
	f.Fuzz(func(t *testing.T, b []byte) {
		g, _, err := DecodeGeometry(b)
		if err == nil && g == nil {
			t.Fatal("nil geometry without an error")
		}
		g2, z, m, _, err2 := DecodeGeometryZM(b)
		if (err == nil) != (err2 == nil) || fmt.Sprint(g) != fmt.Sprint(g2) { // Sprint: NaN equals NaN
			t.Fatalf("DecodeGeometryZM %v (%v), DecodeGeometry %v (%v)", g2, err2, g, err)
		}
		if n := data.PositionCount(g2); (z != nil && len(z) != n) || (m != nil && len(m) != n) {
			t.Fatalf("%d heights, %d measures for %d positions", len(z), len(m), n)
		}
	})
}

// benchLayer has n dated, categorised points.
func benchLayer(b *testing.B, n int) *data.Layer {
	bl := data.NewBuilder("incidents", n)
	for i := 0; i < n; i++ {
		err := bl.Add(data.Feature{Geometry: orb.Point{1.5 + float64(i%1000)/1000, 50.5 + float64(i%777)/1000}, Span: data.Undated,
			Props: []data.Property{{Key: "time", Value: data.Text("2015-07-28T22:15:00Z")}, {Key: "category", Value: data.Text([]string{"injury", "blockade"}[i%2])}, {Key: "count", Value: data.Number(float64(i % 5))}}})
		if err != nil {
			b.Fatal(err)
		}
	}
	return bl.BuildDetect("incidents")
}

func BenchmarkLoadGeoPackage(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.gpkg")
	if err := Write(context.Background(), path, benchLayer(b, 100000), nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ls, err := Load(context.Background(), path, data.LoadOptions{})
		if err != nil || ls[0].Len() != 100000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteGeoPackage(b *testing.B) {
	l := benchLayer(b, 100000)
	path := filepath.Join(b.TempDir(), "bench.gpkg")
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(context.Background(), path, l, nil); err != nil {
			b.Fatal(err)
		}
	}
}
