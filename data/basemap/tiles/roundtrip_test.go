package tiles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

func openRW(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func hasName(fs []*geojson.Feature, name string) bool {
	for _, f := range fs {
		if f.Properties["name"] == name {
			return true
		}
	}
	return false
}

func names(fs []*geojson.Feature) []any {
	var out []any
	for _, f := range fs {
		out = append(out, f.Properties["name"])
	}
	return out
}

// rasterTiles returns PNG tiles of zooms 0..3, those of zoom 3 east of
// the meridian blank (one image, so they form runs), size px wide.
func rasterTiles(t *testing.T, size int) map[zxy][]byte {
	tiles := map[zxy][]byte{}
	for _, p := range pyramid(0, 3) {
		tiles[p] = pngTile(t, p, size, p.z == 3 && p.x >= 4)
	}
	return tiles
}

// checkRaster reads every tile of the pyramid back and checks its colour.
func checkRaster(t *testing.T, src Source, size int) {
	t.Helper()
	for _, p := range pyramid(0, 3) {
		b, err := src.Tile(ctx, p.z, p.x, p.y)
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		img, err := DecodeRaster(b)
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		want := pngColour(p)
		if p.z == 3 && p.x >= 4 {
			want = color.RGBA{200, 200, 200, 255}
		}
		if got := color.RGBAModel.Convert(img.At(size/2, size/2)); got != want || img.Bounds().Dx() != size {
			t.Fatalf("%v: colour %v size %d, want %v size %d", p, got, img.Bounds().Dx(), want, size)
		}
	}
	if _, err := src.Tile(ctx, 4, 0, 0); !errors.Is(err, ErrNoTile) {
		t.Errorf("4/0/0: %v, want ErrNoTile", err)
	}
}

func TestPMTilesRoundTripRaster(t *testing.T) {
	tiles := rasterTiles(t, 256)
	meta := map[string]any{"name": "test raster", "attribution": "© campmap tests", "tileSize": 256}
	for _, o := range []pmtilesOptions{
		{internalGzip: true},
		{internalGzip: false},
		{internalGzip: true, tileGzip: true},
		{internalGzip: true, leafSize: 10},
		{internalGzip: false, leafSize: 3},
	} {
		name := fmt.Sprintf("dirgzip=%v,tilegzip=%v,leaf=%d", o.internalGzip, o.tileGzip, o.leafSize)
		t.Run(name, func(t *testing.T) {
			o.tileType, o.maxZoom, o.bounds, o.metadata = typePNG, 3, orb.Bound{Min: orb.Point{-10, -20}, Max: orb.Point{30, 40}}, meta
			path := tmpPath(t, "r.pmtiles")
			writePMTiles(t, path, o, tiles)
			src, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			m := src.Metadata()
			if m.Format != PNG || m.TileSize != 256 || m.MinZoom != 0 || m.MaxZoom != 3 || m.Tiles != 85 || m.Name != "test raster" || m.Attribution != "© campmap tests" {
				t.Errorf("metadata %+v", m)
			}
			if !nearBound(m.Bounds, o.bounds) || !near(m.Center[0], 10) || !near(m.Center[1], 10) {
				t.Errorf("bounds %v centre %v", m.Bounds, m.Center)
			}
			checkRaster(t, src, 256)
			pm := src.(*PMTiles)
			if o.leafSize > 0 && pm.lru.Len() == 0 {
				t.Error("no leaf directory was read")
			}
			if pm.h.tileEntries >= 85 {
				t.Errorf("%d entries: the blank tiles did not form runs", pm.h.tileEntries)
			}
		})
	}
}

func TestPMTilesRoundTripVector(t *testing.T) {
	tiles := map[zxy][]byte{}
	for _, p := range pyramid(0, 3) {
		tiles[p] = mvtTile(t, p)
	}
	meta := map[string]any{"name": "v", "vector_layers": []any{
		map[string]any{"id": "points", "fields": map[string]any{"z": "Number", "x": "Number", "y": "Number"}, "minzoom": 0, "maxzoom": 3},
		map[string]any{"id": "roads", "fields": map[string]any{"kind": "String"}},
	}}
	for _, tileType := range []uint8{typeMVT, typeUnknown} {
		t.Run(fmt.Sprintf("type%d", tileType), func(t *testing.T) {
			path := tmpPath(t, "v.pmtiles")
			writePMTiles(t, path, pmtilesOptions{tileType: tileType, internalGzip: true, tileGzip: true, leafSize: 5, maxZoom: 3, metadata: meta}, tiles)
			src, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			m := src.Metadata()
			if m.Format != MVT || m.TileSize != 0 || len(m.VectorLayers) != 2 || m.Bounds != World {
				t.Fatalf("metadata %+v", m)
			}
			if l := m.VectorLayers[0]; l.ID != "points" || strings.Join(l.FieldNames(), ",") != "x,y,z" || l.MaxZoom != 3 {
				t.Errorf("layer %+v", l)
			}
			if l := m.VectorLayers[1]; l.ID != "roads" || l.Fields["kind"] != "String" || l.MaxZoom != maxZoom {
				t.Errorf("layer %+v", l)
			}
			checkVectorTiles(t, src, tiles)
		})
	}
}

// checkVectorTiles reads every tile written back: the same bytes as
// written before compression, each checked by checkVectorTile.
func checkVectorTiles(t *testing.T, src Source, tiles map[zxy][]byte) {
	t.Helper()
	for p, want := range tiles {
		b, err := src.Tile(ctx, p.z, p.x, p.y)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != string(want) {
			t.Fatalf("%v: the bytes differ from those written (not gunzipped?)", p)
		}
		checkVectorTile(t, b, p)
	}
}

// checkVectorTile checks a tile written by mvtTile: its point carries the
// tile's position and lies at the tile's centre.
func checkVectorTile(t *testing.T, b []byte, p zxy) {
	t.Helper()
	mt := maptile.New(uint32(p.x), uint32(p.y), maptile.Zoom(p.z))
	ls, err := DecodeVector(b, mt)
	if err != nil {
		t.Fatal(err)
	}
	pts := layer(ls, "points")
	if pts == nil || len(pts.Features) != 1 || layer(ls, "roads") == nil {
		t.Fatalf("%v: layers %v", p, ls)
	}
	f := pts.Features[0]
	if f.Properties["z"] != float64(p.z) || f.Properties["x"] != float64(p.x) || f.Properties["y"] != float64(p.y) {
		t.Errorf("%v holds the point of %v/%v/%v", p, f.Properties["z"], f.Properties["x"], f.Properties["y"])
	}
	c, b2 := mercatorCenter(mt), mt.Bound()
	got := f.Geometry.(orb.Point)
	if math.Abs(got[0]-c[0]) > (b2.Max[0]-b2.Min[0])/100 || math.Abs(got[1]-c[1]) > (b2.Max[1]-b2.Min[1])/100 {
		t.Errorf("%v: point at %v, want near %v", p, got, c)
	}
	px, err := DecodeVectorPixels(b, 512)
	if err != nil {
		t.Fatal(err)
	}
	pp := layer(px, "points").Features[0].Geometry.(orb.Point)
	if math.Abs(pp[0]-256) > 1 || math.Abs(pp[1]-256) > 1 {
		t.Errorf("%v: point at pixel %v, want 256,256", p, pp)
	}
	road := layer(px, "roads").Features[0].Geometry.(orb.LineString)
	if math.Abs(road[0][0]-128) > 1 || math.Abs(road[1][0]-384) > 1 {
		t.Errorf("%v: road at pixels %v, want x from 128 to 384", p, road)
	}
}

func layer(ls mvt.Layers, name string) *mvt.Layer {
	for _, l := range ls {
		if l.Name == name {
			return l
		}
	}
	return nil
}

func TestMBTilesRoundTripRaster(t *testing.T) {
	tiles := rasterTiles(t, 512)
	path := tmpPath(t, "r.mbtiles")
	writeMBTiles(t, path, map[string]string{"name": "r", "attribution": "© tests"}, tiles)
	src, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	m := src.Metadata()
	// format, bounds, centre and zooms are all missing: derived
	if m.Format != PNG || m.TileSize != 512 || m.MinZoom != 0 || m.MaxZoom != 3 || m.Tiles != 85 || m.Bounds != World || m.Center != World.Center() || m.CenterZoom != 0 {
		t.Errorf("metadata %+v", m)
	}
	checkRaster(t, src, 512)
}

func TestMBTilesRoundTripVector(t *testing.T) {
	tiles := map[zxy][]byte{}
	stored := map[zxy][]byte{}
	for _, p := range pyramid(2, 4) {
		tiles[p] = mvtTile(t, p)
		stored[p] = tiles[p]
		if p.x%2 == 0 { // some writers do not gzip; both must read
			stored[p] = gzipBytes(t, tiles[p])
		}
	}
	path := tmpPath(t, "v.mbtiles")
	writeMBTiles(t, path, map[string]string{
		"format": "pbf", "bounds": "-10,-20,30,40", "minzoom": "2", "maxzoom": "4",
		"json": `{"vector_layers":[{"id":"points","fields":{"x":"Number","y":"Number","z":"Number"}},{"id":"roads","fields":{"kind":"String"},"minzoom":3}]}`,
	}, stored)
	src, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	m := src.Metadata()
	if m.Format != MVT || m.MinZoom != 2 || m.MaxZoom != 4 || m.CenterZoom != 2 || !near(m.Center[0], 10) || !near(m.Center[1], 10) || len(m.VectorLayers) != 2 || m.VectorLayers[1].MinZoom != 3 {
		t.Errorf("metadata %+v", m)
	}
	checkVectorTiles(t, src, tiles)
	if _, err := src.Tile(ctx, 1, 0, 0); !errors.Is(err, ErrNoTile) {
		t.Errorf("1/0/0: %v, want ErrNoTile", err)
	}
}

func TestMBTilesMetadataWarnings(t *testing.T) {
	path := tmpPath(t, "w.mbtiles")
	writeMBTiles(t, path, map[string]string{
		"format": "jpg", "bounds": "west,south,east,north", "center": "1,2", "minzoom": "five", "maxzoom": "2",
	}, map[zxy][]byte{{1, 0, 0}: pngTile(t, zxy{1, 0, 0}, 256, false), {2, 1, 1}: pngTile(t, zxy{2, 1, 1}, 256, false)})
	src, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	m := src.Metadata()
	if m.Format != PNG || m.MinZoom != 1 || m.MaxZoom != 2 || m.Bounds != World || m.Center != (orb.Point{1, 2}) || m.CenterZoom != 1 {
		t.Errorf("metadata %+v", m)
	}
	w := strings.Join(m.Warnings, "\n")
	for _, s := range []string{"says the tiles are JPEG but they are PNG", "bounds", "minzoom"} {
		if !strings.Contains(w, s) {
			t.Errorf("warnings %q lack %q", w, s)
		}
	}
}

func TestMBTilesWithoutMetadataTable(t *testing.T) {
	path := tmpPath(t, "nometa.mbtiles")
	db := openRW(t, path)
	db.Exec(`CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)`)
	db.Exec(`INSERT INTO tiles VALUES (3, 2, 7, ?)`, gzipBytes(t, mvtTile(t, zxy{3, 2, 0})))
	db.Close()
	src, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	m := src.Metadata()
	if m.Format != MVT || m.MinZoom != 3 || m.MaxZoom != 3 || len(m.Warnings) != 1 {
		t.Errorf("metadata %+v", m)
	}
	b, err := src.Tile(ctx, 3, 2, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkVectorTile(t, b, zxy{3, 2, 0})
}

// TestLeafCacheBound reads a file of many small leaves twice and checks
// the cache stays within its bound.
func TestLeafCacheBound(t *testing.T) {
	tiles := map[zxy][]byte{}
	for _, p := range pyramid(0, 5) {
		tiles[p] = []byte(fmt.Sprintf("\x89PNG\r\n\x1a\n%v", p)) // distinct, PNG-looking
	}
	path := tmpPath(t, "leaves.pmtiles")
	writePMTiles(t, path, pmtilesOptions{tileType: typePNG, leafSize: 4, maxZoom: 5}, tiles)
	src, err := OpenPMTiles(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	for range 2 {
		for _, p := range pyramid(0, 5) {
			b, err := src.Tile(ctx, p.z, p.x, p.y)
			if err != nil || string(b) != string(tiles[p]) {
				t.Fatalf("%v: %q %v", p, b, err)
			}
		}
	}
	if n := src.lru.Len(); n != leafCacheSize || len(src.leaves) != n {
		t.Errorf("cache holds %d leaves (%d in the map), want %d", n, len(src.leaves), leafCacheSize)
	}
}

func TestCanceledContext(t *testing.T) {
	src, err := OpenPMTiles(td("pmtiles/stamen_toner_raster_z3.pmtiles"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	c, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := src.Tile(c, 0, 0, 0); err == nil || errors.Is(err, ErrNoTile) {
		t.Errorf("canceled: %v", err)
	}
}
