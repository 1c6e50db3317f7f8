package all_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"campmap/data"
	"campmap/data/formats/all"
	"campmap/data/sample"
)

// WriteParts writes the sample's layers, some features of each, to one
// GeoPackage (which GDAL reads and validates) or to a GeoJSON or CSV file
// per layer named after it; each gives back the features kept.
func TestWriteParts(t *testing.T) {
	ls, err := sample.Layers()
	if err != nil {
		t.Fatal(err)
	}
	var parts []all.Part
	want := map[string]int{}
	for _, l := range ls {
		parts = append(parts, all.Part{Layer: l, Keep: func(i int) bool { return i%2 == 0 }})
		want[l.Name] = (l.Len() + 1) / 2
	}
	c := newChecker(t)
	t.Run("gpkg", func(t *testing.T) {
		out := c.path(".gpkg")
		paths, err := all.WriteParts(context.Background(), out, parts)
		if err != nil || !reflect.DeepEqual(paths, []string{out}) {
			t.Fatalf("wrote %v, %v", paths, err)
		}
		c.written(t, out)
		back, err := data.LoadFileLayers(context.Background(), out, data.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, l := range back {
			got[l.Name] = l.Len()
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read back %v, want %v", got, want)
		}
	})
	for _, ext := range []string{".geojson", ".csv"} {
		t.Run(ext, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "inside"+ext)
			paths, err := all.WriteParts(context.Background(), out, parts)
			if err != nil || len(paths) != len(parts) {
				t.Fatalf("wrote %v, %v", paths, err)
			}
			for i, p := range paths {
				if want := filepath.Join(filepath.Dir(out), "inside - "+ls[i].Name+ext); p != want {
					t.Errorf("part %d written to %s, want %s", i, p, want)
				}
				l, err := data.LoadFile(context.Background(), p, data.LoadOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if l.Len() != want[ls[i].Name] {
					t.Errorf("%s: %d features, want %d", p, l.Len(), want[ls[i].Name])
				}
			}
		})
	}
	if paths := all.PartPaths("/x/a.csv", []all.Part{{Layer: ls[0]}, {Layer: ls[0]}}); paths[0] == paths[1] {
		t.Errorf("two layers of one name share %s", paths[0])
	}
	if _, err := all.WriteParts(context.Background(), "/x/a.gpkg", nil); err == nil {
		t.Error("nothing to write: no error")
	}
}
