package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// render --tiles draws an online basemap, fetched from the server (here a
// local one) into the cache, and the cache alone serves it --offline.
func TestRenderWithOnlineTiles(t *testing.T) {
	var tile bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = []uint8{0x20, 0xa0, 0x30, 0xff}[i%4]
	}
	png.Encode(&tile, img)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "max-age=86400")
		w.Write(tile.Bytes())
	}))
	defer srv.Close()
	dir := t.TempDir()
	cache := filepath.Join(dir, "cache")
	out := filepath.Join(dir, "m.png")
	args := []string{"render", "--sample", "-o", out, "--size", "300x200", "--bbox", "1.80,50.90,1.90,50.98", "--tiles", srv.URL + "/{z}/{x}/{y}.png", "--tile-cache", cache}
	if code, _, stderr := campmap(t, args...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if hits.Load() == 0 {
		t.Fatal("no tile was fetched")
	}
	green := func() int {
		m := decodePNG(t, out)
		n := 0
		for y := 0; y < m.Bounds().Dy(); y += 4 {
			for x := 0; x < m.Bounds().Dx(); x += 4 {
				r, g, b, _ := m.At(x, y).RGBA()
				if c := (color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0}); c.G > 0x90 && c.R < 0x40 && c.B < 0x50 {
					n++
				}
			}
		}
		return n
	}
	if g := green(); g < 500 {
		t.Errorf("only %d samples of the tiles' green in the frame", g)
	}
	srv.Close()
	before := hits.Load()
	if code, _, stderr := campmap(t, append(args, "--offline")...); code != exitOK || hits.Load() != before {
		t.Fatalf("offline: exit %d, %d requests: %s", code, hits.Load()-before, stderr)
	}
	if g := green(); g < 500 {
		t.Errorf("offline from the cache: %d green samples", g)
	}
	if code, _, stderr := campmap(t, "render", "--sample", "-o", out, "--tiles", "nowhere"); code != exitUsage || !strings.Contains(stderr, "--tiles") {
		t.Errorf("a bad --tiles: exit %d, %s", code, stderr)
	}
}
