package ui

import (
	"bytes"
	"image"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"campmap/data/basemap/tiles"
)

// File > Online basemap draws tiles from a server (here a local one),
// saves the choice with the project, and View > Work offline stops the
// requests.
func TestOnlineBasemap(t *testing.T) {
	var tile bytes.Buffer
	png.Encode(&tile, image.NewRGBA(image.Rect(0, 0, 256, 256)))
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Cache-Control", "max-age=86400")
		w.Write(tile.Bytes())
	}))
	defer srv.Close()
	dir := t.TempDir()
	h := newHarnessWith(t, Options{}, func(c *config) { c.tileCache = filepath.Join(dir, "cache") })
	url := srv.URL + "/{z}/{x}/{y}.png"
	h.mw.showOnlineDialog()
	if h.seen.online == nil || h.seen.online.Validate() == nil {
		t.Fatal("the URL dialog accepts an empty template")
	}
	h.mw.ld.loadOnline(url)
	h.settle()
	o, ok := h.mw.tiles.Source().(*tiles.Online)
	if !ok || h.mw.online != url {
		t.Fatalf("the window's basemap is %T, online %q", h.mw.tiles.Source(), h.mw.online)
	}
	if p := h.mw.proj.snapshot(); p.Basemap.Tiles != url {
		t.Errorf("the project saves tiles %q", p.Basemap.Tiles)
	}
	h.mw.setOffline(true)
	if !o.Offline() || !strings.Contains(h.mw.status.msg.Text, "offline") {
		t.Errorf("Work offline: source offline %v, status %q", o.Offline(), h.mw.status.msg.Text)
	}
	h.mw.setOffline(false)
	h.mw.ld.loadBasemap("")
	h.settle()
	if h.mw.online != "" || h.mw.tiles != nil {
		t.Errorf("back to the embedded basemap: online %q, tiles %v", h.mw.online, h.mw.tiles)
	}
	h.mw.ld.loadOnline("no template here")
	h.settle()
	if !strings.Contains(h.seen.dialog, "Could not open the online basemap") {
		t.Errorf("a bad template: dialog %q", h.seen.dialog)
	}
}
