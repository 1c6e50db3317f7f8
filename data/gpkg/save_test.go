package gpkg

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
)

// A GeoPackage save removes what a killed save left in the folder (the
// temporary database and its SQLite journal), leaves the user's own ".tmp"
// files alone, and keeps the permissions of the file it replaces.
func TestWriteAfterAKilledSave(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "camps.gpkg")
	put := func(name string, perm os.FileMode) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), perm); err != nil {
			t.Fatal(err)
		}
	}
	put("camps.gpkg", 0o600)
	put(".camps.gpkg.campmap-tmp-k1ll3d", 0o644)
	put(".camps.gpkg.campmap-tmp-k1ll3d-journal", 0o644)
	put("export.tmp", 0o644)
	put(".camps.gpkg.tmp", 0o644)
	l := layerOf(t, "camps", data.Feature{Geometry: orb.Point{1.85, 50.95}, Span: data.Undated})
	if err := Write(context.Background(), out, l, nil); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	got := map[string]bool{}
	for _, e := range entries {
		got[e.Name()] = true
	}
	want := map[string]bool{"camps.gpkg": true, "export.tmp": true, ".camps.gpkg.tmp": true}
	if len(got) != len(want) {
		t.Errorf("the folder holds %v, want %v", got, want)
	}
	for n := range want {
		if !got[n] {
			t.Errorf("%s is gone", n)
		}
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("a 0600 GeoPackage became %v", fi.Mode().Perm())
	}
	back, err := data.LoadFile(context.Background(), out, data.LoadOptions{})
	if err != nil || back.Len() != 1 {
		t.Fatalf("read back: %v", err)
	}
}
