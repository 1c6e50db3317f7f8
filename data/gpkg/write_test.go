package gpkg

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/internal/sqlitedb"
)

// layerOf builds a layer of the given features.
func layerOf(t *testing.T, name string, feats ...data.Feature) *data.Layer {
	t.Helper()
	b := data.NewBuilder(name, len(feats))
	for _, f := range feats {
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	return b.BuildDetect(name)
}

// TestWriteStructure checks what GDAL and the GeoPackage specification
// ask of a written file: the version GDAL 3.6 reads silently, the geometry
// column declared as registered, z and m, the R-tree with its extension
// row and triggers, and campmap's record in gpkg_metadata.
func TestWriteStructure(t *testing.T) {
	pt := func(x float64) orb.Point { return orb.Point{1.8 + x/100, 50.9} }
	for _, tc := range []struct {
		name     string
		feats    []data.Feature
		geomType string
		z, m     int
	}{
		{"points", []data.Feature{{Geometry: pt(0), Span: data.Undated}, {Geometry: pt(1), Span: data.Undated}}, "POINT", 0, 0},
		{"points with heights", []data.Feature{{Geometry: pt(0), Span: data.Undated, Z: []float64{5}}, {Geometry: pt(1), Span: data.Undated, Z: []float64{6}}}, "POINT", 1, 0},
		{"some heights, measures", []data.Feature{{Geometry: pt(0), Span: data.Undated, Z: []float64{5}, M: []float64{1}}, {Geometry: pt(1), Span: data.Undated, M: []float64{2}}}, "POINT", 2, 1},
		{"lines", []data.Feature{{Geometry: orb.LineString{pt(0), pt(1)}, Span: data.Undated}}, "LINESTRING", 0, 0},
		{"mixed", []data.Feature{{Geometry: pt(0), Span: data.Undated}, {Geometry: orb.Polygon{{pt(0), pt(1), {1.8, 51}, pt(0)}}, Span: data.Undated}}, "GEOMETRY", 0, 0},
		{"collection", []data.Feature{{Geometry: orb.Collection{pt(0), orb.LineString{pt(0), pt(1)}}, Span: data.Undated}}, "GEOMETRYCOLLECTION", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "s.gpkg")
			if err := Write(context.Background(), out, layerOf(t, "camps", tc.feats...), nil); err != nil {
				t.Fatal(err)
			}
			db, err := sqlitedb.OpenReadOnly(out, 1)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			one := func(q string, args ...any) any {
				t.Helper()
				var v any
				if err := db.QueryRow(q, args...).Scan(&v); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return v
			}
			if v := one(`PRAGMA user_version`); v != int64(10301) {
				t.Errorf("user_version %v, want 10301 (GeoPackage 1.3.1)", v)
			}
			if v := one(`PRAGMA application_id`); v != int64(0x47504B47) {
				t.Errorf("application_id %v", v)
			}
			if v := one(`SELECT geometry_type_name FROM gpkg_geometry_columns`); v != tc.geomType {
				t.Errorf("registered %v, want %s", v, tc.geomType)
			}
			if v := one(`SELECT type FROM pragma_table_info('camps') WHERE name = 'geom'`); v != tc.geomType {
				t.Errorf("column declared %v, want %s", v, tc.geomType)
			}
			if z, m := one(`SELECT z FROM gpkg_geometry_columns`), one(`SELECT m FROM gpkg_geometry_columns`); z != int64(tc.z) || m != int64(tc.m) {
				t.Errorf("z %v m %v, want %d %d", z, m, tc.z, tc.m)
			}
			if v := one(`SELECT count(*) FROM rtree_camps_geom`); v != int64(len(tc.feats)) {
				t.Errorf("%v R-tree rows, want %d", v, len(tc.feats))
			}
			if v := one(`SELECT count(*) FROM rtree_camps_geom WHERE minx <= 1.8 AND maxx >= 1.8 AND miny <= 50.9 AND maxy >= 50.9`); v.(int64) < 1 {
				t.Errorf("the R-tree finds no feature at the first point")
			}
			if v := one(`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN
				('rtree_camps_geom_insert', 'rtree_camps_geom_update1', 'rtree_camps_geom_update2', 'rtree_camps_geom_update3', 'rtree_camps_geom_update4', 'rtree_camps_geom_delete')`); v != int64(6) {
				t.Errorf("%v of the 6 R-tree triggers", v)
			}
			if v := one(`SELECT scope FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index' AND table_name = 'camps' AND column_name = 'geom'`); v != "write-only" {
				t.Errorf("R-tree extension scope %v", v)
			}
			js := one(`SELECT metadata FROM gpkg_metadata WHERE md_standard_uri = ?`, metaURI)
			var rec layerRecord
			if err := json.Unmarshal([]byte(js.(string)), &rec); err != nil || rec.Features != len(tc.feats) {
				t.Errorf("layer record %v (%v)", js, err)
			}
		})
	}
}

// TestWriteMixedValues: a key holding numbers, text, booleans and JSON is
// a TEXT column, and the record gives each value its type back.
func TestWriteMixedValues(t *testing.T) {
	vals := []data.Value{data.Number(3), data.Text("three"), data.Bool(true), data.RawJSON(`{"a":1}`), data.Text("3"), {}}
	var feats []data.Feature
	for i, v := range vals {
		feats = append(feats, data.Feature{Geometry: orb.Point{1.8, 50.9 + float64(i)/100}, Span: data.Undated,
			Props: []data.Property{{Key: "v", Value: v}}})
	}
	l := layerOf(t, "mixed", feats...)
	out := filepath.Join(t.TempDir(), "mixed.gpkg")
	if err := Write(context.Background(), out, l, nil); err != nil {
		t.Fatal(err)
	}
	db, _ := sql.Open("sqlite", out)
	defer db.Close()
	var typ string
	db.QueryRow(`SELECT type FROM pragma_table_info('mixed') WHERE name = 'v'`).Scan(&typ)
	if typ != "TEXT" {
		t.Errorf("column type %s, want TEXT", typ)
	}
	got := load(t, out)[0]
	for i, v := range vals {
		g, ok := got.Prop(i, "v")
		if v.Type == data.ValueNull {
			if !ok || g.Type != data.ValueNull {
				t.Errorf("feature %d: %v %v, want null", i, g, ok)
			}
			continue
		}
		if g != v {
			t.Errorf("feature %d: %#v, want %#v", i, g, v)
		}
	}
}

func TestFidSet(t *testing.T) {
	var s fidSet
	for _, f := range []int64{1, 2, 3, 5, 7, 8, 9, 12} {
		s.add(f)
	}
	b, err := json.Marshal(s)
	if err != nil || string(b) != `"1-3,5,7-9,12"` {
		t.Fatalf("%s %v", b, err)
	}
	var r fidSet
	if err := json.Unmarshal(b, &r); err != nil || !reflect.DeepEqual(r, s) {
		t.Fatalf("%v %v", r, err)
	}
	for f := int64(0); f < 14; f++ {
		want := f == 1 || f == 2 || f == 3 || f == 5 || f == 7 || f == 8 || f == 9 || f == 12
		if r.has(f) != want {
			t.Errorf("has(%d) = %v", f, !want)
		}
	}
	for _, bad := range []string{`"x"`, `"3-1"`, `"5,2"`, `"1-2,2"`, `7`} {
		if err := json.Unmarshal([]byte(bad), &r); err == nil {
			t.Errorf("%s read as %v", bad, r)
		}
	}
	// a huge range is kept as a range, never expanded
	if err := json.Unmarshal([]byte(`"1-9000000000000000000"`), &r); err != nil || !r.has(1<<60) {
		t.Errorf("huge range: %v", err)
	}
}

// FuzzLayerRecord reads arbitrary layer records: it must never panic, and
// a record that reads writes back to one that reads the same.
func FuzzLayerRecord(f *testing.F) {
	f.Add(`{"version":1,"kind":"camp","features":2,"props":[{"key":"a","column":"a","types":{"1":"number"},"nulls":"1-3,5"}],"kinds":{"2":"port"},"spans":{"1":[0,5]}}`)
	f.Fuzz(func(t *testing.T, s string) {
		var rec layerRecord
		if json.Unmarshal([]byte(s), &rec) != nil {
			return
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		var back layerRecord
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s does not read back: %v", b, err)
		}
		if b2, _ := json.Marshal(back); string(b2) != string(b) {
			t.Fatalf("%s became %s", b, b2)
		}
		_ = fmt.Sprint(rec.LayerKind())
	})
}

// WriteLayers keeps several layers in one file, a table each, the kept
// features only; a second layer of the same name gets a table of its own.
func TestWriteLayers(t *testing.T) {
	pt := func(x float64) orb.Point { return orb.Point{1.8 + x/100, 50.9} }
	feat := func(id string, x float64) data.Feature {
		return data.Feature{ID: data.Text(id), Geometry: pt(x), Span: data.Undated}
	}
	a := layerOf(t, "incidents", feat("a1", 0), feat("a2", 1), feat("a3", 2))
	b := layerOf(t, "camps", feat("b1", 0), feat("b2", 1))
	c := layerOf(t, "Incidents", feat("c1", 3))
	out := filepath.Join(t.TempDir(), "m.gpkg")
	err := WriteLayers(context.Background(), out, []Part{
		{Layer: a, Keep: func(i int) bool { return i != 1 }},
		{Layer: b},
		{Layer: c},
	})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := Load(context.Background(), out, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, l := range ls {
		for i := range l.Len() {
			got[l.Name] = append(got[l.Name], l.ID(i).String())
		}
	}
	want := map[string][]string{"incidents": {"a1", "a3"}, "camps": {"b1", "b2"}, "Incidents_2": {"c1"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back %v, want %v", got, want)
	}
	if err := WriteLayers(context.Background(), out, nil); err == nil {
		t.Error("no layer: no error")
	}
}
