package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"campmap/export"
	"campmap/internal/tiletest"
)

// TestRenderTiledBasemap renders the sample over tiled basemaps (vector
// MBTiles, raster PMTiles, a GeoJSON basemap) as a PNG and as a PDF page:
// the basemap changes the map, its attribution reaches the credits, its
// SHA-256 the manifest, and the manifest renders the same bytes again.
func TestRenderTiledBasemap(t *testing.T) {
	dir := t.TempDir()
	vec := filepath.Join(dir, "town.mbtiles")
	if err := tiletest.Vector(vec, tiletest.OpenMapTiles, 11, 14); err != nil {
		t.Fatal(err)
	}
	ras := filepath.Join(dir, "town.pmtiles")
	if err := tiletest.Raster(ras, 256, 12, 14); err != nil {
		t.Fatal(err)
	}
	view := []string{"--bbox", "1.83,50.935,1.88,50.965", "--size", "500x320"}
	plain := filepath.Join(dir, "plain.png")
	if code, _, stderr := campmap(t, append([]string{"render", "--sample", "-o", plain}, view...)...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	pb, _ := os.ReadFile(plain)
	for _, tc := range []struct{ name, basemap, out string }{
		{"vector png", vec, "v.png"},
		{"raster png, dimmed", ras, "r.png"},
		{"vector pdf page", vec, "v.pdf"},
		{"raster svg page", ras, "r.svg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.out)
			man := out + ".json"
			args := append([]string{"render", "--sample", "-o", out, "--basemap", tc.basemap, "--manifest-out", man}, view...)
			if strings.HasSuffix(tc.out, "r.png") {
				args = append(args, "--basemap-dim", "0.3")
			}
			code, _, stderr := campmap(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(out, ".png") {
				if bytes.Equal(b, pb) {
					t.Error("the basemap did not change the map")
				}
				if _, err := png.Decode(bytes.NewReader(b)); err != nil {
					t.Error(err)
				}
			}
			if strings.HasSuffix(out, ".svg") && !strings.Contains(string(b), "<image ") {
				t.Error("the raster basemap is not in the SVG as an image")
			}
			if strings.HasSuffix(out, ".svg") && !strings.Contains(string(b), "© Test Tiles") {
				t.Error("the SVG's credits lack the basemap's attribution")
			}
			mb, err := os.ReadFile(man)
			if err != nil {
				t.Fatal(err)
			}
			var m export.Manifest
			if err := json.Unmarshal(mb, &m); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, in := range m.Inputs {
				if in.Name == m.Basemap && in.Name == filepath.Base(tc.basemap) && len(in.SHA256) == 64 {
					found = true
				}
			}
			if !found {
				t.Errorf("manifest basemap %q inputs %+v: want the file with its SHA-256", m.Basemap, m.Inputs)
			}
			again := filepath.Join(dir, "again-"+tc.out)
			if code, _, stderr := campmap(t, "render", "--manifest", man, "-o", again); code != exitOK {
				t.Fatalf("from the manifest: exit %d: %s", code, stderr)
			}
			if ab, _ := os.ReadFile(again); !bytes.Equal(ab, b) {
				t.Error("the manifest made different bytes")
			}
		})
	}
}

// TestBasemapErrors checks a bad basemap file fails with its name.
func TestBasemapErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.mbtiles")
	os.WriteFile(bad, []byte("not sqlite at all"), 0o644)
	for _, cmd := range [][]string{
		{"render", "--sample", "-o", filepath.Join(dir, "x.png"), "--basemap", bad},
		{"animate", "--sample", "-o", filepath.Join(dir, "x.gif"), "--basemap", bad},
		{"render", "--sample", "-o", filepath.Join(dir, "y.png"), "--basemap", filepath.Join(dir, "missing.pmtiles")},
	} {
		code, _, stderr := campmap(t, cmd...)
		if code == exitOK || !strings.Contains(stderr, ".mbtiles") && !strings.Contains(stderr, ".pmtiles") {
			t.Errorf("%v: exit %d, stderr %q: want a failure naming the file", cmd, code, stderr)
		}
	}
}

// TestAnimateTiledBasemap makes a short animation over a vector basemap.
func TestAnimateTiledBasemap(t *testing.T) {
	dir := t.TempDir()
	pm := filepath.Join(dir, "town.pmtiles")
	if err := tiletest.Vector(pm, tiletest.Protomaps, 11, 14); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "a.gif")
	code, _, stderr := campmap(t, "animate", "--sample", "-o", out, "--basemap", pm, "--from", "2015-07-01", "--to", "2015-07-03",
		"--step", "1d", "--window", "1d", "--size", "320x200", "--bbox", "1.83,50.935,1.88,50.965")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("no animation: %v", err)
	}
}
