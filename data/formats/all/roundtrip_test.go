package all_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	_ "campmap/data/formats/all"
	"campmap/data/geojson"
	"campmap/data/gpkg"
	"campmap/data/sample"
	"campmap/data/synth"
)

// The round-trip property: a layer loaded, written as GeoPackage or
// GeoJSON and loaded again is the same layer — features, geometries with
// heights and measures, ids, properties with their types, time spans,
// kinds, category, zone, source, counts — for every fixture of every
// format's testdata and for generated layers.

// fixtureDirs are the testdata folders the property runs over.
var fixtureDirs = []string{"../../testdata", "../../geojson/testdata", "../../csv/testdata", "../../gpkg/testdata", "../../basemap/testdata"}

// fixtures returns every loadable file under the fixture folders, and
// how many files did not load (invalid ones, kept to test messages).
func fixtures(t *testing.T) (paths []string) {
	t.Helper()
	for _, dir := range fixtureDirs {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				if d != nil && d.IsDir() && (d.Name() == "golden" || d.Name() == "fuzz" || d.Name() == "failed") {
					return filepath.SkipDir
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".geojson", ".json", ".csv", ".tsv", ".txt", ".gpkg":
				paths = append(paths, p)
			}
			return nil
		})
	}
	if len(paths) < 50 {
		t.Fatalf("only %d fixtures found", len(paths))
	}
	return paths
}

// export writes l in the format of ext and loads it back.
func export(t *testing.T, c *checker, l *data.Layer, ext string) *data.Layer {
	t.Helper()
	out := c.path(ext)
	var err error
	if ext == ".gpkg" {
		err = gpkg.Write(context.Background(), out, l, nil)
	} else {
		var buf bytes.Buffer
		if err = geojson.Write(&buf, l, nil); err == nil {
			err = os.WriteFile(out, buf.Bytes(), 0o644)
		}
	}
	if err != nil {
		t.Fatalf("write %s: %v", ext, err)
	}
	c.written(t, out)
	got, err := data.LoadFile(context.Background(), out, data.LoadOptions{})
	if err != nil {
		t.Fatalf("load the %s written: %v", ext, err)
	}
	return got
}

func TestRoundTripFixtures(t *testing.T) {
	c := newChecker(t)
	loaded, skipped := 0, 0
	for _, path := range fixtures(t) {
		l, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
		if err != nil || l.Len() == 0 {
			skipped++ // invalid fixtures and files without a placeable feature
			continue
		}
		loaded++
		for _, ext := range []string{".gpkg", ".geojson"} {
			t.Run(strings.TrimPrefix(path, "../../")+ext, func(t *testing.T) {
				sameLayer(t, export(t, c, l, ext), l, ext)
			})
		}
	}
	t.Logf("%d fixtures round-tripped, %d not loadable", loaded, skipped)
}

// TestRoundTripGDAL starts from a GeoPackage GDAL wrote, with heights.
func TestRoundTripGDAL(t *testing.T) {
	bin, err := exec.LookPath("ogr2ogr")
	if err != nil {
		t.Skip("ogr2ogr not found: install gdal-bin (make test does)")
	}
	c := newChecker(t)
	src := filepath.Join(t.TempDir(), "gdal.gpkg")
	if out, err := exec.Command(bin, "-f", "GPKG", src, "../../gpkg/testdata/points3d.geojson").CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr: %v\n%s", err, out)
	}
	l, err := data.LoadFile(context.Background(), src, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !l.HasZ() {
		t.Fatal("GDAL's XYZ points read without heights")
	}
	for _, ext := range []string{".gpkg", ".geojson"} {
		t.Run(ext, func(t *testing.T) { sameLayer(t, export(t, c, l, ext), l, ext) })
	}
}

func TestRoundTripGenerated(t *testing.T) {
	c := newChecker(t)
	layers := map[string]*data.Layer{"every-kind": everyKind(t)}
	var buf bytes.Buffer
	start := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	if err := synth.WritePoints(&buf, 3000, 7, orb.Bound{Min: orb.Point{1.5, 50.7}, Max: orb.Point{2.2, 51.1}}, start, start.AddDate(1, 0, 0)); err != nil {
		t.Fatal(err)
	}
	l, err := geojson.LoadBytes(context.Background(), "synth.geojson", buf.Bytes(), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	layers["synth"] = l
	sl, err := sample.Layers()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range sl {
		layers["sample-"+l.Name] = l
	}
	for name, l := range layers {
		for _, ext := range []string{".gpkg", ".geojson"} {
			t.Run(name+ext, func(t *testing.T) { sameLayer(t, export(t, c, l, ext), l, ext) })
		}
	}
}

// everyKind builds a layer with what the loaders rarely give together:
// heights and measures, mixed value types in one key, nulls, JSON values,
// ids of both types, per-feature kinds, month and out-of-range spans, a
// fixed zone, awkward key names.
func everyKind(t *testing.T) *data.Layer {
	t.Helper()
	b := data.NewBuilder("gpkg_every kind", 8)
	zone := time.FixedZone("UTC+2", 2*3600)
	L := b.Layer()
	L.Zone, L.Source, L.CountKey, L.CountIsMinimum = zone, "campmap tests", "dead", true
	may, _ := data.MonthSpan(2020, 5, zone)
	nan := math.NaN()
	feats := []data.Feature{
		{Geometry: orb.Point{1.9, 50.96}, ID: data.Number(1), Span: may, Kind: data.KindCamp, Z: []float64{12.5}, M: []float64{3},
			Props: []data.Property{{Key: "name", Value: data.Text("Jungle")}, {Key: "Name", Value: data.Text("jungle")}, {Key: "mixed", Value: data.Number(3)}, {Key: "dead", Value: data.Number(1691117533180)}}},
		{Geometry: orb.LineString{{1.8, 50.9}, {1.85, 50.95}, {1.9, 51}}, ID: data.Text("r-2"), Span: data.Span{Start: data.Earliest, End: 1e15}, Kind: data.KindRoute,
			Z:     []float64{1, nan, 3},
			Props: []data.Property{{Key: "mixed", Value: data.Text("three")}, {Key: "obj", Value: data.RawJSON(`{"a":[1,2]}`)}, {Key: "flag", Value: data.Bool(true)}, {Key: "null", Value: data.Value{}}}},
		{Geometry: orb.Polygon{{{1.7, 50.8}, {1.75, 50.8}, {1.75, 50.85}, {1.7, 50.8}}, {{1.71, 50.81}, {1.72, 50.81}, {1.72, 50.82}, {1.71, 50.81}}}, Span: data.Undated,
			Props: []data.Property{{Key: "mixed", Value: data.Bool(false)}, {Key: "fid", Value: data.Number(-0.25)}, {Key: `a "quoted" key`, Value: data.Text("x\ny\u2028")}}},
		{Geometry: orb.Collection{orb.Point{2, 51}, orb.MultiPoint{{2.01, 51}, {2.02, 51.01}}}, Span: data.Instant(start(t)), ID: data.Number(4),
			Props: []data.Property{{Key: "mixed", Value: data.RawJSON(`[1]`)}, {Key: "kind", Value: data.Text("port")}}},
		{Geometry: orb.MultiPolygon{{{{1.6, 50.7}, {1.62, 50.7}, {1.62, 50.72}, {1.6, 50.7}}}}, Span: may, M: []float64{nan, 1, 2, 3},
			Props: []data.Property{{Key: "dead", Value: data.Number(2.5)}}},
	}
	for _, f := range feats {
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	b.SetCategoryKey("mixed")
	return b.BuildKind(data.KindIncident)
}

func start(t *testing.T) time.Time {
	t.Helper()
	return time.Date(2015, 7, 28, 21, 30, 0, 123e6, time.UTC)
}

// sameLayer reports how got, read back from a file of type ext, differs
// from want.
func sameLayer(t *testing.T, got, want *data.Layer, ext string) {
	t.Helper()
	check := func(what string, g, w any) {
		t.Helper()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: got %v, want %v", what, g, w)
		}
	}
	check("features", got.Len(), want.Len())
	check("name", got.Name, want.Name)
	check("kind", got.Kind, want.Kind)
	check("category key", got.CategoryKey(), want.CategoryKey())
	check("categories", got.Categories(), want.Categories())
	check("zone", got.Zone.String(), want.Zone.String())
	check("source", got.Source, want.Source)
	check("count key", got.CountKey, want.CountKey)
	check("counts are minimums", got.CountIsMinimum, want.CountIsMinimum)
	check("keys", got.Keys(), want.Keys())
	check("tabular", got.Tabular(), want.Tabular())
	check("time extent", got.TimeExtent(), want.TimeExtent())
	if ext == ".geojson" {
		wf := map[string]string{}
		for k, v := range want.Foreign {
			if k != "crs" {
				wf[k] = v
			}
		}
		gf := got.Foreign
		if gf == nil {
			gf = map[string]string{}
		}
		check("foreign members", gf, wf)
	}
	if got.Len() != want.Len() || t.Failed() {
		return
	}
	bad := 0
	for i := 0; i < want.Len() && bad < 5; i++ {
		var diffs []string
		diff := func(what string, g, w any) {
			if !reflect.DeepEqual(g, w) {
				diffs = append(diffs, fmt.Sprintf("%s: got %v, want %v", what, g, w))
			}
		}
		diff("geometry", got.Geometry(i), want.Geometry(i))
		diff("heights", nanText(got.Z(i)), nanText(want.Z(i)))
		diff("measures", nanText(got.M(i)), nanText(want.M(i)))
		diff("id", got.ID(i), want.ID(i))
		diff("span", got.Span(i), want.Span(i))
		diff("kind", got.FeatureKind(i), want.FeatureKind(i))
		diff("category", got.Category(i), want.Category(i))
		gp, wp := got.Props(i), want.Props(i)
		if ext == ".gpkg" {
			// a table has one column order: compare in the layer's
			gp, wp = inKeyOrder(got, gp), inKeyOrder(want, wp)
		}
		diff("properties", gp, wp)
		if len(diffs) > 0 {
			bad++
			t.Errorf("feature %d: %s", i, strings.Join(diffs, "; "))
		}
	}
}

// inKeyOrder sorts props by the layer's key order.
func inKeyOrder(l *data.Layer, props []data.Property) []data.Property {
	pos := map[string]int{}
	for k, key := range l.Keys() {
		pos[key] = k
	}
	out := slices.Clone(props)
	slices.SortStableFunc(out, func(a, b data.Property) int { return pos[a.Key] - pos[b.Key] })
	return out
}

// nanText makes NaN comparable.
func nanText(v []float64) []string {
	if v == nil {
		return nil
	}
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = fmt.Sprint(x)
	}
	return out
}
