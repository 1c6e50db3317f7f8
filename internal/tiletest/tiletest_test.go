package tiletest_test

import (
	"context"
	"path/filepath"
	"testing"

	"campmap/data/basemap/tiles"
	"campmap/internal/tiletest"
)

// TestFixtures opens every fixture with the readers and reads each of
// its tiles back.
func TestFixtures(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		write func(string) error
		want  tiles.Format
		z0    int
	}{
		{"omt.mbtiles", func(p string) error { return tiletest.Vector(p, tiletest.OpenMapTiles, 11, 14) }, tiles.MVT, 11},
		{"pm.pmtiles", func(p string) error { return tiletest.Vector(p, tiletest.Protomaps, 11, 14) }, tiles.MVT, 11},
		{"raster.mbtiles", func(p string) error { return tiletest.Raster(p, 256, 12, 13) }, tiles.PNG, 12},
		{"raster.pmtiles", func(p string) error { return tiletest.Raster(p, 512, 12, 13) }, tiles.JPEG, 12},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			if err := tc.write(path); err != nil {
				t.Fatal(err)
			}
			src, err := tiles.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			m := src.Metadata()
			if m.Format != tc.want || m.MinZoom != tc.z0 {
				t.Errorf("format %v minzoom %d, want %v %d", m.Format, m.MinZoom, tc.want, tc.z0)
			}
			for _, p := range tiletest.Pyramid(tiletest.Bound, tc.z0, tc.z0+1) {
				if _, err := src.Tile(context.Background(), p.Z, p.X, p.Y); err != nil {
					t.Errorf("tile %v: %v", p, err)
				}
			}
		})
	}
}
