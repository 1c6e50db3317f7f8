package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// tilesTestdata is where the tiles package keeps real basemap files.
func tilesTestdata(name string) string {
	return filepath.Join("..", "..", "data", "basemap", "tiles", "testdata", name)
}

func TestInspectBasemap(t *testing.T) {
	cities := tilesTestdata("mbtiles/world_cities.mbtiles")
	code, stdout, stderr := campmap(t, "inspect", "--basemap", cities)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"Major cities from Natural Earth data (basemap)", "format:      MBTiles", "tiles:       vector (MVT), 196 tiles",
		"zooms:       0 to 6", "bounds:      -123.12359,-37.81809,174.76303,59.35271", "layer:       cities, zooms 0 to 6: name (String)",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}

	whitney := tilesTestdata("pmtiles/usgs_mt_whitney_webp_512_z8-15.pmtiles")
	code, stdout, stderr = campmap(t, "inspect", "--json", "--basemap", whitney)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Layers  []layerReport  `json:"layers"`
		Basemap *basemapReport `json:"basemap"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	b := got.Basemap
	if b == nil || b.Format != "PMTiles" || b.Version != 3 || b.TileType != "webp" || b.Vector || b.TileSize != 512 ||
		b.Zooms == nil || *b.Zooms != [2]int{8, 15} || b.Tiles != 50 || !strings.HasPrefix(b.Attribution, "Created by QGIS") {
		t.Errorf("basemap %+v", b)
	}
	if b != nil && (b.BBox[0] > -118.29 || b.BBox[2] < -118.29 || b.BBox[1] > 36.58 || b.BBox[3] < 36.58) {
		t.Errorf("bbox %v does not hold Mount Whitney", b.BBox)
	}

	// with data files too, both are reported
	f := writeFile(t, "incidents.geojson", twoIncidents)
	code, stdout, _ = campmap(t, "inspect", f, "--basemap", tilesTestdata("pmtiles/test_fixture_1.pmtiles"), "--json")
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != exitOK {
		t.Fatalf("exit %d, %v\n%s", code, err, stdout)
	}
	if len(got.Layers) != 1 || got.Basemap == nil || len(got.Basemap.VectorLayers) != 1 || got.Basemap.VectorLayers[0].ID != "test_fixture_1pmtiles" {
		t.Errorf("layers %d, basemap %+v", len(got.Layers), got.Basemap)
	}
}

func TestInspectBasemapErrors(t *testing.T) {
	for _, tt := range []struct{ file, want string }{
		{"pmtiles/invalid_v4.pmtiles", "PMTiles version 4 is newer than campmap reads"},
		{"pmtiles/empty.pmtiles", "the file is empty"},
		{"mbtiles/invalid-tile-format.mbtiles", "unknown tile format"},
		{"nope.mbtiles", "the file does not exist"},
	} {
		path := tilesTestdata(tt.file)
		code, stdout, stderr := campmap(t, "inspect", "--basemap", path)
		if code != exitFail || !strings.HasPrefix(stderr, "campmap: load "+path+": ") || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit %d, stderr %q, stdout %q; want exit 1 naming the file and %q", tt.file, code, stderr, stdout, tt.want)
		}
	}
}
