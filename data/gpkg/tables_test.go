package gpkg

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
)

// A GeoPackage campmap wrote holds nothing but its layer; one with QGIS's
// styles or another layer names them.
func TestOtherTables(t *testing.T) {
	b := data.NewBuilder("sites", 1)
	if err := b.Add(data.Feature{Geometry: orb.Point{1.85, 50.95}, Span: data.Undated}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sites.gpkg")
	if err := Write(context.Background(), path, b.Build(), nil); err != nil {
		t.Fatal(err)
	}
	others, err := OtherTables(context.Background(), path, "sites")
	if err != nil || len(others) != 0 {
		t.Fatalf("campmap's own file: %v, %v", others, err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE layer_styles (id INTEGER PRIMARY KEY, styleQML TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	others, err = OtherTables(context.Background(), path, "sites")
	if err != nil || !slices.Equal(others, []string{"layer_styles"}) {
		t.Errorf("with QGIS's styles: %v, %v", others, err)
	}
}
