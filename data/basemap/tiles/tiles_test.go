package tiles

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"

	"campmap/data"
)

var ctx = context.Background()

func td(name string) string { return filepath.Join("testdata", name) }

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func nearBound(a, b orb.Bound) bool {
	return near(a.Min[0], b.Min[0]) && near(a.Min[1], b.Min[1]) && near(a.Max[0], b.Max[0]) && near(a.Max[1], b.Max[1])
}

// TestRealFiles opens every real file and checks what it says.
func TestRealFiles(t *testing.T) {
	world := World
	gc := orb.Bound{Min: orb.Point{-180, -85.0511}, Max: orb.Point{180, 85.0511}}
	cities := orb.Bound{Min: orb.Point{-123.123590, -37.818085}, Max: orb.Point{174.763027, 59.352706}}
	tests := []struct {
		file       string
		container  Container
		format     Format
		size       int
		minZ, maxZ int
		tiles      int64
		bounds     orb.Bound
		center     orb.Point
		centerZ    int
		name       string
		layers     map[string][]string // vector layer id: field names
		sample     zxy                 // a tile the file holds
	}{
		{"mbtiles/geography-class-png.mbtiles", MBTilesContainer, PNG, 256, 0, 1, 5, gc, orb.Point{0, 20}, 0, "Geography Class", nil, zxy{1, 1, 0}},
		{"mbtiles/geography-class-jpg.mbtiles", MBTilesContainer, JPEG, 256, 0, 1, 5, gc, gc.Center(), 0, "Geography Class", nil, zxy{1, 0, 1}},
		{"mbtiles/geography-class-webp.mbtiles", MBTilesContainer, WebP, 256, 0, 1, 5, gc, orb.Point{0, 20}, 0, "Geography Class (WebP)", nil, zxy{0, 0, 0}},
		{"mbtiles/geography-class-png-no-bounds.mbtiles", MBTilesContainer, PNG, 256, 0, 1, 5, world, world.Center(), 0, "Geography Class", nil, zxy{1, 1, 1}},
		{"mbtiles/openstreetmap.org.mbtiles", MBTilesContainer, PNG, 256, 0, 2, 21, world, world.Center(), 0, "testdata", nil, zxy{2, 3, 1}},
		{"mbtiles/world_cities.mbtiles", MBTilesContainer, MVT, 0, 0, 6, 196, cities, orb.Point{-75.9375, 38.788894}, 6, "Major cities from Natural Earth data",
			map[string][]string{"cities": {"name"}}, zxy{6, 18, 24}},
		{"mbtiles/world_cities_missing_center.mbtiles", MBTilesContainer, MVT, 0, 0, 6, 196, cities, cities.Center(), 0, "Major cities from Natural Earth data",
			map[string][]string{"cities": {"name"}}, zxy{3, 2, 3}},
		{"pmtiles/test_fixture_1.pmtiles", PMTilesContainer, MVT, 0, 0, 0, 1, orb.Bound{Max: orb.Point{1, 1}}, orb.Point{0, 0}, 0, "test_fixture_1.pmtiles",
			map[string][]string{"test_fixture_1pmtiles": {}}, zxy{0, 0, 0}},
		{"pmtiles/test_fixture_2.pmtiles", PMTilesContainer, MVT, 0, 0, 0, 1, orb.Bound{Max: orb.Point{1, 1}}, orb.Point{0, 0}, 0, "test_fixture_2.pmtiles",
			map[string][]string{"test_fixture_2pmtiles": {}}, zxy{0, 0, 0}},
		{"pmtiles/stamen_toner_raster_z3.pmtiles", PMTilesContainer, PNG, 256, 0, 3, 85, orb.Bound{}, orb.Point{}, 0, "", nil, zxy{3, 4, 2}},
		{"pmtiles/usgs_mt_whitney_webp_512_z8-15.pmtiles", PMTilesContainer, WebP, 512, 8, 15, 50, orb.Bound{}, orb.Point{}, 8, "", nil, zxy{}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			src, err := Open(td(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			m := src.Metadata()
			if m.Container != tt.container || m.Format != tt.format || m.TileSize != tt.size || m.MinZoom != tt.minZ || m.MaxZoom != tt.maxZ || m.Tiles != tt.tiles {
				t.Errorf("got %s %s %dpx z%d-%d %d tiles; want %s %s %dpx z%d-%d %d tiles",
					m.Container, m.Format, m.TileSize, m.MinZoom, m.MaxZoom, m.Tiles, tt.container, tt.format, tt.size, tt.minZ, tt.maxZ, tt.tiles)
			}
			if m.Name != tt.name {
				t.Errorf("name %q, want %q", m.Name, tt.name)
			}
			if tt.bounds != (orb.Bound{}) {
				if !nearBound(m.Bounds, tt.bounds) {
					t.Errorf("bounds %v, want %v", m.Bounds, tt.bounds)
				}
				if !near(m.Center[0], tt.center[0]) || !near(m.Center[1], tt.center[1]) || m.CenterZoom != tt.centerZ {
					t.Errorf("center %v z%d, want %v z%d", m.Center, m.CenterZoom, tt.center, tt.centerZ)
				}
			}
			if !m.Bounds.Contains(m.Center) {
				t.Errorf("center %v outside bounds %v", m.Center, m.Bounds)
			}
			if len(m.VectorLayers) != len(tt.layers) {
				t.Errorf("vector layers %+v, want %v", m.VectorLayers, tt.layers)
			}
			for _, l := range m.VectorLayers {
				want, ok := tt.layers[l.ID]
				if !ok || strings.Join(l.FieldNames(), ",") != strings.Join(want, ",") {
					t.Errorf("layer %s fields %v, want %v", l.ID, l.FieldNames(), want)
				}
			}
			if len(m.Warnings) > 0 {
				t.Errorf("warnings: %q", m.Warnings)
			}
			if tt.sample == (zxy{}) {
				return
			}
			b, err := src.Tile(ctx, tt.sample.z, tt.sample.x, tt.sample.y)
			if err != nil {
				t.Fatal(err)
			}
			checkDecodes(t, m.Format, b, tt.sample, m.TileSize)
		})
	}
}

// checkDecodes decodes a tile and checks its size (raster) or that it
// has features (vector).
func checkDecodes(t *testing.T, f Format, b []byte, p zxy, size int) {
	t.Helper()
	if f.Vector() {
		ls, err := DecodeVector(b, maptile.New(uint32(p.x), uint32(p.y), maptile.Zoom(p.z)))
		if err != nil {
			t.Fatalf("tile %v: %v", p, err)
		}
		n := 0
		for _, l := range ls {
			n += len(l.Features)
		}
		if n == 0 {
			t.Errorf("tile %v has no feature", p)
		}
		return
	}
	if Sniff(b) != f {
		t.Errorf("tile %v sniffs as %q, want %s", p, Sniff(b), f)
	}
	img, err := DecodeRaster(b)
	if err != nil {
		t.Fatalf("tile %v: %v", p, err)
	}
	if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
		t.Errorf("tile %v is %v, want %dx%d", p, r, size, size)
	}
}

// TestOpenErrors checks that every unusable file gives a LoadError naming
// it and saying what is wrong.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	v4, err := os.ReadFile(td("pmtiles/test_fixture_1.pmtiles"))
	if err != nil {
		t.Fatal(err)
	}
	withByte := func(at int, v byte) []byte {
		b := append([]byte(nil), v4...)
		b[at] = v
		return b
	}
	emptyDB := tmpPath(t, "empty.mbtiles")
	writeMBTiles(t, emptyDB, map[string]string{"format": "png"}, nil)
	noTiles := tmpPath(t, "notiles.mbtiles")
	{
		db := openRW(t, noTiles)
		db.Exec(`CREATE TABLE metadata (name text, value text)`)
		db.Close()
	}
	gpkg := tmpPath(t, "layers.mbtiles")
	{
		db := openRW(t, gpkg)
		db.Exec(`CREATE TABLE gpkg_contents (table_name text)`)
		db.Close()
	}
	tiff := tmpPath(t, "tiff.mbtiles")
	writeMBTiles(t, tiff, map[string]string{"format": "tiff"}, map[zxy][]byte{{0, 0, 0}: []byte("II*\x00")})

	tests := []struct {
		name        string
		path        string
		msg         string
		unsupported bool
	}{
		{"empty pmtiles", td("pmtiles/empty.pmtiles"), "the file is empty", false},
		{"not pmtiles", td("pmtiles/invalid.pmtiles"), "not a PMTiles file", false},
		{"future version", td("pmtiles/invalid_v4.pmtiles"), "PMTiles version 4 is newer than campmap reads (version 3)", true},
		{"empty sqlite", td("mbtiles/invalid.mbtiles"), "this SQLite database is empty", false},
		{"damaged sqlite", write("damaged.mbtiles", append([]byte("SQLite format 3\x00"), make([]byte, 2000)...)), "cannot read the file as an SQLite database", false},
		{"unknown tile format", td("mbtiles/invalid-tile-format.mbtiles"), "unknown tile format", true},
		{"missing file", filepath.Join(dir, "nope.pmtiles"), "the file does not exist", false},
		{"a folder", dir, "this is a folder", false},
		{"text as mbtiles", write("notes.mbtiles", []byte("hello")), "not an SQLite database", false},
		{"text", write("notes.txt", []byte("hello")), "neither an MBTiles nor a PMTiles file", false},
		{"pmtiles v2", write("old.pmtiles", []byte("PM\x02\x00rest of an old file")), "PMTiles version 2", true},
		{"short header", write("short.pmtiles", v4[:60]), "cut short", false},
		{"cut after header", write("cut.pmtiles", v4[:140]), "past the end of the file", false},
		{"brotli directories", write("br.pmtiles", withByte(97, compBrotli)), "brotli", true},
		{"zstd tiles", write("zstd.pmtiles", withByte(98, compZstd)), "zstd", true},
		{"avif", write("avif.pmtiles", withByte(99, typeAVIF)), "AVIF", true},
		{"tile type 9", write("t9.pmtiles", withByte(99, 9)), "unknown tile type 9", true},
		{"bad root", write("badroot.pmtiles", withByte(97, compNone)), "root directory", false},
		{"empty tiles table", emptyDB, "the tiles table is empty", false},
		{"no tiles table", noTiles, "no tiles table", false},
		{"geopackage", gpkg, "GeoPackage", false},
		{"tiff", tiff, `tile format "tiff"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := Open(tt.path)
			if err == nil {
				src.Close()
				t.Fatal("no error")
			}
			var le *data.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T %v is not a *data.LoadError", err, err)
			}
			if le.Path != tt.path || !strings.Contains(le.Msg, tt.msg) {
				t.Errorf("got path %q msg %q; want msg containing %q", le.Path, le.Msg, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "tiles: load "+tt.path+": ") {
				t.Errorf("error %q does not start with the package and the file", err)
			}
			if errors.Is(err, ErrUnsupported) != tt.unsupported {
				t.Errorf("errors.Is(ErrUnsupported) = %v, want %v: %v", !tt.unsupported, tt.unsupported, err)
			}
		})
	}
	if _, err := Open(filepath.Join(dir, "nope.mbtiles")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file error %v does not wrap os.ErrNotExist", err)
	}
}

// TestTMSFlip checks that MBTiles rows are flipped: every city of
// world_cities, read in XYZ addressing and projected with that tile, lies
// inside the tile's bounds.
func TestTMSFlip(t *testing.T) {
	src, err := OpenMBTiles(td("mbtiles/world_cities.mbtiles"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	n := 0
	for _, p := range pyramid(0, 4) {
		b, err := src.Tile(ctx, p.z, p.x, p.y)
		if errors.Is(err, ErrNoTile) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		mt := maptile.New(uint32(p.x), uint32(p.y), maptile.Zoom(p.z))
		ls, err := DecodeVector(b, mt)
		if err != nil {
			t.Fatal(err)
		}
		// the tile's buffer, about a tenth of the tile at most
		bound := mt.Bound()
		bound.Min[0] -= (bound.Max[0] - bound.Min[0]) / 10
		bound.Max[0] += (bound.Max[0] - bound.Min[0]) / 10
		bound.Min[1] -= (bound.Max[1] - bound.Min[1]) / 10
		bound.Max[1] += (bound.Max[1] - bound.Min[1]) / 10
		for _, l := range ls {
			for _, f := range l.Features {
				var pts []orb.Point
				switch g := f.Geometry.(type) {
				case orb.Point:
					pts = []orb.Point{g}
				case orb.MultiPoint:
					pts = g
				default:
					t.Fatalf("tile %v: %T, want points", p, f.Geometry)
				}
				for _, pt := range pts {
					if !bound.Contains(pt) {
						t.Errorf("tile %v: %v at %v lies outside %v", p, f.Properties["name"], pt, mt.Bound())
					}
					n++
				}
			}
		}
	}
	if n < 68 {
		t.Errorf("%d cities read, want at least 68", n)
	}
	// at zoom 1 the north-west tile (x 0, y 0) holds the cities of North
	// America: Washington is there, not in the south-west tile
	b, err := src.Tile(ctx, 1, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := DecodeVector(b, maptile.New(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if !hasName(ls[0].Features, "Washington, D.C.") && !hasName(ls[0].Features, "New York") {
		t.Errorf("tile 1/0/0 lacks Washington and New York: %v", names(ls[0].Features))
	}
}

// TestHilbertOnRealFile reads the tiles around Mount Whitney: they are
// found only if tile ids follow the Hilbert curve as the writer's do.
func TestHilbertOnRealFile(t *testing.T) {
	src, err := OpenPMTiles(td("pmtiles/usgs_mt_whitney_webp_512_z8-15.pmtiles"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	whitney := orb.Point{-118.2923, 36.5785}
	for z := 8; z <= 15; z++ {
		mt := maptile.At(whitney, maptile.Zoom(z))
		b, err := src.Tile(ctx, z, int(mt.X), int(mt.Y))
		if err != nil {
			t.Errorf("z%d: %v", z, err)
			continue
		}
		checkDecodes(t, WebP, b, zxy{z, int(mt.X), int(mt.Y)}, 512)
		// the tile diagonally across the world is not there
		if _, err := src.Tile(ctx, z, (1<<z)-1-int(mt.X), (1<<z)-1-int(mt.Y)); !errors.Is(err, ErrNoTile) {
			t.Errorf("z%d far tile: %v, want ErrNoTile", z, err)
		}
	}
	m := src.Metadata()
	if !m.Bounds.Contains(whitney) || m.Attribution != "Created by QGIS algorithm: Generate XYZ tiles (Directory)" {
		t.Errorf("bounds %v attribution %q", m.Bounds, m.Attribution)
	}
}

// TestStamenEveryTile reads all 85 tiles of the raster PMTiles file.
func TestStamenEveryTile(t *testing.T) {
	src, err := OpenPMTiles(td("pmtiles/stamen_toner_raster_z3.pmtiles"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	for _, p := range pyramid(0, 3) {
		b, err := src.Tile(ctx, p.z, p.x, p.y)
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		if Sniff(b) != PNG {
			t.Fatalf("%v is not a PNG", p)
		}
	}
	for _, p := range []zxy{{4, 0, 0}, {-1, 0, 0}, {2, 4, 0}, {2, 0, -1}, {31, 0, 0}} {
		if _, err := src.Tile(ctx, p.z, p.x, p.y); !errors.Is(err, ErrNoTile) {
			t.Errorf("%v: %v, want ErrNoTile", p, err)
		}
	}
}

func TestTileIDs(t *testing.T) {
	// values from the PMTiles specification and its reference implementations
	tests := []struct {
		z    uint8
		x, y uint32
		id   uint64
	}{
		{0, 0, 0, 0}, {1, 0, 0, 1}, {1, 0, 1, 2}, {1, 1, 1, 3}, {1, 1, 0, 4}, {2, 0, 0, 5},
		{12, 3423, 1763, 19078479}, {15, 27360, 15138, 1222593891},
	}
	for _, tt := range tests {
		if got := tileID(tt.z, tt.x, tt.y); got != tt.id {
			t.Errorf("tileID(%d, %d, %d) = %d, want %d", tt.z, tt.x, tt.y, got, tt.id)
		}
		if z, x, y := tileZXY(tt.id); z != tt.z || x != tt.x || y != tt.y {
			t.Errorf("tileZXY(%d) = %d/%d/%d, want %d/%d/%d", tt.id, z, x, y, tt.z, tt.x, tt.y)
		}
	}
	// every id of zooms 0..6 once, in order
	var want uint64
	for z := uint8(0); z <= 6; z++ {
		seen := map[uint64]bool{}
		for x := uint32(0); x < 1<<z; x++ {
			for y := uint32(0); y < 1<<z; y++ {
				id := tileID(z, x, y)
				if seen[id] {
					t.Fatalf("z%d: id %d twice", z, id)
				}
				seen[id] = true
				if zz, xx, yy := tileZXY(id); zz != z || xx != x || yy != y {
					t.Fatalf("round trip %d/%d/%d -> %d -> %d/%d/%d", z, x, y, id, zz, xx, yy)
				}
			}
		}
		for i := uint64(0); i < 1<<(2*z); i++ {
			if !seen[want+i] {
				t.Fatalf("z%d: id %d missing", z, want+i)
			}
		}
		want += 1 << (2 * z)
	}
}

// TestConcurrentTiles reads tiles from many goroutines (run with -race).
func TestConcurrentTiles(t *testing.T) {
	tiles := map[zxy][]byte{}
	for _, p := range pyramid(0, 4) {
		tiles[p] = mvtTile(t, p)
	}
	pm := tmpPath(t, "c.pmtiles")
	writePMTiles(t, pm, pmtilesOptions{tileType: typeMVT, internalGzip: true, tileGzip: true, leafSize: 16, maxZoom: 4, bounds: World}, tiles)
	mb := tmpPath(t, "c.mbtiles")
	gz := map[zxy][]byte{}
	for p, b := range tiles {
		gz[p] = gzipBytes(t, b)
	}
	writeMBTiles(t, mb, map[string]string{"format": "pbf"}, gz)
	for _, path := range []string{pm, mb} {
		src, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := range 8 {
			wg.Go(func() {
				ps := pyramid(0, 4)
				for i := range ps {
					p := ps[(i*7+g*131)%len(ps)]
					b, err := src.Tile(ctx, p.z, p.x, p.y)
					if err != nil {
						errs <- err
						return
					}
					if string(b) != string(tiles[p]) {
						errs <- errors.New(p.String() + ": wrong bytes")
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("%s: %v", filepath.Ext(path), err)
		}
		src.Close()
	}
}
