package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"campmap/export"
	"campmap/geo"
	"campmap/internal/tiletest"
)

// TestOpenTiledBasemap opens basemap files as File > Basemap… and a drop
// do: the scene draws the tiles, the credits name their source, the
// project saves the file, an export's manifest holds its SHA-256; a bad
// file is reported and the basemap shown so far kept.
func TestOpenTiledBasemap(t *testing.T) {
	dir := t.TempDir()
	omt := filepath.Join(dir, "town.mbtiles")
	pm := filepath.Join(dir, "town.pmtiles")
	if err := tiletest.Vector(omt, tiletest.OpenMapTiles, 11, 14); err != nil {
		t.Fatal(err)
	}
	if err := tiletest.Vector(pm, tiletest.Protomaps, 11, 14); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Sample: true}, nil)
	h.mw.ld.loadBasemap(omt) // File > Basemap… hands the chosen path here
	h.settle()
	if h.mw.tiles == nil || h.mw.scene.Tiles.Source() != h.mw.tiles.Source() || h.mw.tiles.Schema() != "OpenMapTiles" {
		t.Fatal("the basemap file is not drawn")
	}
	if s := h.mw.scene.CreditLine(); !strings.Contains(s, "© Test Tiles") {
		t.Errorf("credits %q lack the basemap's attribution", s)
	}
	if got := h.mw.proj.snapshot().Basemap.Path; got != omt {
		t.Errorf("project basemap %q, want %q", got, omt)
	}

	// An export's manifest names the file by its hash.
	out := filepath.Join(dir, "map.png")
	var exportErr error
	j := export.Job{Scene: h.mw.scene, Format: export.FormatPNG, View: geo.New(tiletest.Center, 14, 300, 200)}
	h.mw.exportFile(out, j, nil, func(err error) { exportErr = err })
	h.settle()
	if exportErr != nil {
		t.Fatal(exportErr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	mb, ok := export.ReadPNGManifest(b)
	var m export.Manifest
	if !ok || json.Unmarshal(mb, &m) != nil || m.Basemap != "town.mbtiles" {
		t.Errorf("manifest basemap %q: want town.mbtiles (%s)", m.Basemap, mb)
	}

	// A drop: the other schema.
	h.mw.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(pm)})
	h.settle()
	if h.mw.tiles.Schema() != "Protomaps" || len(h.mw.layers) < 4 {
		t.Errorf("after the drop: schema %q, %d layers", h.mw.tiles.Schema(), len(h.mw.layers))
	}

	// A bad file keeps what is shown.
	bad := filepath.Join(dir, "broken.pmtiles")
	os.WriteFile(bad, []byte("PMTiles\x09"), 0o644)
	before := h.mw.tiles
	h.mw.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(bad)})
	h.settle()
	if !strings.Contains(h.seen.dialog, "broken.pmtiles") || h.mw.tiles != before {
		t.Errorf("dialog %q, tiles kept %v: want the file named and the basemap kept", h.seen.dialog, h.mw.tiles == before)
	}

	h.mw.ld.loadBasemap("") // File > Embedded basemap
	h.settle()
	if h.mw.tiles != nil || h.mw.scene.Tiles != nil || h.mw.opt.Basemap != "" {
		t.Error("the embedded basemap did not replace the tiles")
	}
}

// TestDimBasemap turns View > Dim the basemap on and checks the scene
// and the project carry it.
func TestDimBasemap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "town.mbtiles")
	if err := tiletest.Raster(path, 256, 12, 14); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Sample: true, Basemap: path}, nil)
	if h.mw.scene.Tiles == nil || h.mw.scene.Tiles.Options().Dim != 0 {
		t.Fatal("no undimmed tiles in the scene")
	}
	h.mw.dimItem.Action()
	h.settle()
	if got := h.mw.scene.Tiles.Options().Dim; got != basemapDim || !h.mw.dimItem.Checked {
		t.Errorf("dim %g, checked %v", got, h.mw.dimItem.Checked)
	}
	if got := h.mw.proj.snapshot().Basemap.Dim; got != basemapDim {
		t.Errorf("project dim %g", got)
	}
	if h.mw.scene.Tiles.Source() != h.mw.tiles.Source() {
		t.Error("the dimmed tiles draw another source")
	}
}
