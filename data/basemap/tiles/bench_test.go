package tiles

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// benchPyramid writes a PMTiles file of every tile of zooms 0..7 (21845
// distinct tiles of a few bytes) with leaves of leafSize entries.
func benchPyramid(b *testing.B, leafSize int) string {
	b.Helper()
	tiles := map[zxy][]byte{}
	for _, p := range pyramid(0, 7) {
		tiles[p] = []byte("\x89PNG\r\n\x1a\n" + p.String())
	}
	path := filepath.Join(b.TempDir(), "bench.pmtiles")
	writePMTiles(b, path, pmtilesOptions{tileType: typePNG, internalGzip: true, leafSize: leafSize, maxZoom: 7}, tiles)
	return path
}

// BenchmarkPMTilesTile looks tiles up at random in a pyramid of 21845
// tiles: every entry in the root directory (leaf=0); in 43 leaves of 512
// entries, which all fit in the cache after the first reads (as when a
// map is panned over one area); in 342 leaves of 64, most reads missing
// the cache of 64 leaves (reading and gunzipping a leaf each time, with a
// pooled gzip reader).
func BenchmarkPMTilesTile(b *testing.B) {
	for _, leaf := range []int{0, 512, 64} {
		b.Run(fmt.Sprintf("leaf=%d", leaf), func(b *testing.B) {
			src, err := OpenPMTiles(benchPyramid(b, leaf))
			if err != nil {
				b.Fatal(err)
			}
			defer src.Close()
			ps := pyramid(0, 7)
			r := rand.New(rand.NewPCG(1, 2))
			b.ReportAllocs()
			for b.Loop() {
				p := ps[r.IntN(len(ps))]
				if _, err := src.Tile(ctx, p.z, p.x, p.y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTileReal reads every tile of two real files in turn: the
// raster PMTiles (85 PNG tiles of about 8 KB, in the root directory) and
// the vector MBTiles (196 gzipped tiles of zooms 0..6, gunzipped on each
// read; zooms 0..4 are read, holes included), for comparison.
func BenchmarkTileReal(b *testing.B) {
	for _, tt := range []struct {
		file string
		maxZ int
	}{
		{"pmtiles/stamen_toner_raster_z3.pmtiles", 3},
		{"mbtiles/world_cities.mbtiles", 4},
	} {
		b.Run(filepath.Ext(tt.file)[1:], func(b *testing.B) {
			src, err := Open(td(tt.file))
			if err != nil {
				b.Fatal(err)
			}
			defer src.Close()
			ps := pyramid(0, tt.maxZ)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				p := ps[i%len(ps)]
				if _, err := src.Tile(ctx, p.z, p.x, p.y); err != nil && !errors.Is(err, ErrNoTile) {
					b.Fatal(err)
				}
			}
		})
	}
}
