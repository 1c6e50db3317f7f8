package render

import (
	"bytes"
	"context"
	"image"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/basemap/tiles"
	"campmap/data/sample"
	"campmap/data/style"
	"campmap/geo"
	"campmap/internal/tiletest"
)

// fixtureTiles writes a test tileset (see internal/tiletest) named name
// and returns it opened: "omt.mbtiles" and "pm.pmtiles" are the vector
// town in each schema (zooms 11 to 14), "raster.mbtiles" PNG tiles of
// 256 px and "raster.pmtiles" JPEG tiles of 512 px (zooms 12 to 14).
func fixtureTiles(tb testing.TB, name string, opt TileOptions) *Tiles {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), name)
	var err error
	switch name {
	case "omt.mbtiles":
		err = tiletest.Vector(path, tiletest.OpenMapTiles, 11, 14)
	case "pm.pmtiles":
		err = tiletest.Vector(path, tiletest.Protomaps, 11, 14)
	case "raster.mbtiles":
		err = tiletest.Raster(path, 256, 12, 14)
	case "raster.pmtiles":
		err = tiletest.Raster(path, 512, 12, 14)
	default:
		tb.Fatalf("no fixture %s", name)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return openTiles(tb, path, opt)
}

// openTiles opens the tileset at path, closed when the test ends.
func openTiles(tb testing.TB, path string, opt TileOptions) *Tiles {
	tb.Helper()
	src, err := tiles.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { src.Close() })
	return NewTiles(src, opt)
}

// tileScene is the Calais sample over a tiled basemap.
func tileScene(tb testing.TB, ts *Tiles) *Scene {
	tb.Helper()
	bm, err := basemap.Default()
	if err != nil {
		tb.Fatal(err)
	}
	ls, err := sample.Layers()
	if err != nil {
		tb.Fatal(err)
	}
	sc := &Scene{Basemap: bm, Tiles: ts, ScaleBar: true, Credits: true, Labels: true, Window: data.Undated}
	for _, l := range ls {
		sc.Layers = append(sc.Layers, LayerView{Layer: l, Style: style.Style{Visible: true}})
	}
	return sc
}

func TestGoldenTiles(t *testing.T) {
	town := tiletest.Center
	for _, tc := range []struct {
		name, fixture, golden string
		opt                   TileOptions
		vp                    geo.Viewport
		ratio                 float64
	}{
		{"openmaptiles", "omt.mbtiles", "tiles_omt.png", TileOptions{}, geo.New(town, 15, 800, 560), 1},
		{"protomaps", "pm.pmtiles", "tiles_pm.png", TileOptions{}, geo.New(town, 15, 800, 560), 1},
		{"openmaptiles zoomed out", "omt.mbtiles", "tiles_omt_z13.png", TileOptions{}, geo.New(town, 13, 800, 560), 1},
		{"raster overzoomed, dimmed", "raster.mbtiles", "tiles_raster.png", TileOptions{Dim: 0.3}, geo.New(town, 15.4, 800, 560), 1},
		{"raster 512 at ratio 2", "raster.pmtiles", "tiles_raster512_ratio2.png", TileOptions{}, geo.New(town, 15, 1000, 700), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := tileScene(t, fixtureTiles(t, tc.fixture, tc.opt))
			sc.PixelRatio = tc.ratio
			checkGolden(t, tc.golden, Render(sc, tc.vp))
		})
	}
}

// TestTilesSchema checks the style is chosen from the layer names.
func TestTilesSchema(t *testing.T) {
	for fix, want := range map[string]string{"omt.mbtiles": "OpenMapTiles", "pm.pmtiles": "Protomaps", "raster.mbtiles": ""} {
		if got := fixtureTiles(t, fix, TileOptions{}).Schema(); got != want {
			t.Errorf("%s: schema %q, want %q", fix, got, want)
		}
	}
}

// TestTilesOutsideShowEmbedded checks that outside the tileset's bounds
// and below its zooms the frame is the embedded basemap's.
func TestTilesOutsideShowEmbedded(t *testing.T) {
	for _, fix := range []string{"omt.mbtiles", "raster.mbtiles"} {
		ts := fixtureTiles(t, fix, TileOptions{Dim: 0.4})
		for _, vp := range []geo.Viewport{
			geo.New(orb.Point{1.3, 50.7}, 14, 300, 200), // outside the bounds
			geo.New(tiletest.Center, 9, 300, 200),       // below the zooms
		} {
			with := tileScene(t, ts)
			with.Labels, with.Credits = false, false
			without := *with
			without.Tiles = nil
			if a, b := Render(with, vp), Render(&without, vp); !bytes.Equal(a.Pix, b.Pix) {
				t.Errorf("%s at %v: the tiles changed a frame they do not cover", fix, vp)
			}
		}
	}
}

// TestTilesCredits checks the attribution reaches the credit lines as
// plain text.
func TestTilesCredits(t *testing.T) {
	sc := tileScene(t, fixtureTiles(t, "omt.mbtiles", TileOptions{}))
	for _, s := range []string{sc.CreditLine(), PageCredits(sc)} {
		if !strings.Contains(s, "© Test Tiles; © OpenStreetMap contributors") || strings.Contains(s, "<a") {
			t.Errorf("credits %q: want the attribution as text", s)
		}
	}
	if got := attributionParts(`Tiles &copy; <a href="x">Esri</a> | Data: OSM`); strings.Join(got, "/") != "Tiles © Esri/Data: OSM" {
		t.Errorf("attributionParts = %q", got)
	}
}

func TestGoldenPageVectorTiles(t *testing.T) {
	sc := tileScene(t, fixtureTiles(t, "pm.pmtiles", TileOptions{}))
	size, _ := ParsePageSize("a5-landscape")
	b := orb.Bound{Min: orb.Point{1.835, 50.94}, Max: orb.Point{1.88, 50.962}}
	d := DrawPage(sc, b, PageOptions{Size: size, Title: "Vector basemap"})
	for _, op := range d.Ops {
		if op.Kind == OpImage {
			t.Fatal("a vector basemap was embedded as an image")
		}
	}
	if !strings.Contains(d.Layout.Credits, "Test Tiles") {
		t.Errorf("page credits %q lack the basemap's attribution", d.Layout.Credits)
	}
	checkGolden(t, "tiles_page_pm.png", d.Rasterize(1))
}

// TestPageRasterTilesImage checks a raster basemap is embedded in a page
// as one image at the page's resolution.
func TestPageRasterTilesImage(t *testing.T) {
	sc := tileScene(t, fixtureTiles(t, "raster.mbtiles", TileOptions{}))
	size, _ := ParsePageSize("a5-landscape")
	b := orb.Bound{Min: orb.Point{1.835, 50.94}, Max: orb.Point{1.88, 50.962}}
	for _, dpi := range []float64{96, 200} {
		d := DrawPage(sc, b, PageOptions{Size: size, ImageDPI: dpi})
		var imgs []Op
		for _, op := range d.Ops {
			if op.Kind == OpImage {
				imgs = append(imgs, op)
			}
		}
		if len(imgs) != 1 {
			t.Fatalf("dpi %g: %d images, want 1", dpi, len(imgs))
		}
		op := imgs[0]
		wantW := (op.Rect[2] - op.Rect[0]) / 72 * dpi
		if got := float64(op.Image.Rect.Dx()); got < wantW-2 || got > wantW+2 {
			t.Errorf("dpi %g: image %d px wide for %.0f pt, want %.0f", dpi, op.Image.Rect.Dx(), op.Rect[2]-op.Rect[0], wantW)
		}
		if img := d.Rasterize(1); img.Rect.Empty() {
			t.Error("page did not rasterise")
		}
	}
}

// slowAsync is an asynchronous source that has only the tiles in have
// at hand; Tile delivers the others after delay.
type slowAsync struct {
	tiles.Source
	mu     sync.Mutex
	have   map[tileKey]bool
	asked  int
	delay  time.Duration
	notify func()
}

func (s *slowAsync) Cached(z, x, y int) ([]byte, bool, error) {
	s.mu.Lock()
	ok := s.have[tileKey{z, x, y}]
	if !ok {
		s.asked++
	}
	s.mu.Unlock()
	if !ok {
		return nil, false, nil
	}
	b, err := s.Source.Tile(context.Background(), z, x, y)
	return b, true, err
}

func (s *slowAsync) Tile(ctx context.Context, z, x, y int) ([]byte, error) {
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.Source.Tile(ctx, z, x, y)
}

func (s *slowAsync) SetNotify(f func()) { s.notify = f }

// TestAsyncTilesNeverBlock checks a frame over an asynchronous source
// draws at once what is at hand, parents enlarged where children are
// missing, and that Wait lets a headless frame have them all.
func TestAsyncTilesNeverBlock(t *testing.T) {
	base := fixtureTiles(t, "raster.mbtiles", TileOptions{}).src
	vp := geo.New(tiletest.Center, 14, 400, 300)
	full := tileScene(t, NewTiles(base, TileOptions{}))
	full.Labels, full.Credits, full.Layers = false, false, nil
	want := Render(full, vp)

	// Only the zoom 12 tiles are at hand, and were viewed before.
	have := map[tileKey]bool{}
	for _, p := range tiletest.Pyramid(tiletest.Bound, 12, 12) {
		have[tileKey{p.Z, p.X, p.Y}] = true
	}
	as := &slowAsync{Source: base, have: have, delay: time.Hour}
	sc := *full
	sc.Tiles = NewTiles(as, TileOptions{})
	Render(&sc, geo.New(tiletest.Center, 12, 400, 300))
	asked := as.asked
	start := time.Now()
	got := Render(&sc, vp)
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("the frame waited %v for tiles", el)
	}
	if as.asked == asked || sc.Tiles.Missing() != 1 {
		t.Errorf("asked %d, missing frames %d: want tiles asked for and one frame missing", as.asked-asked, sc.Tiles.Missing())
	}
	noTiles := *full
	noTiles.Tiles = nil
	if bytes.Equal(got.Pix, Render(&noTiles, vp).Pix) {
		t.Error("no parent tile stood in for the missing ones")
	}

	// Headless: wait for them.
	as2 := &slowAsync{Source: base, have: map[tileKey]bool{}, delay: time.Millisecond}
	sc.Tiles = NewTiles(as2, TileOptions{Wait: 5 * time.Second})
	if got := Render(&sc, vp); diffImages(got, want, 0) != 0 {
		t.Error("with Wait, the frame differs from the one over the file")
	}
}

// TestTileCacheBound checks the decoded tiles stay within their bound
// and that concurrent frames agree.
func TestTileCacheBound(t *testing.T) {
	const limit = 3 << 20
	ts := fixtureTiles(t, "raster.pmtiles", TileOptions{CacheBytes: limit})
	sc := tileScene(t, ts)
	sc.Layers = nil
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 6 {
				c := orb.Point{1.81 + 0.02*float64(j), 50.93 + 0.008*float64(i)}
				Render(sc, geo.New(c, 15, 600, 400))
			}
		}()
	}
	wg.Wait()
	// One 512 px tile is 1 MiB decoded, and as much resampled: each of
	// the two caches may exceed its bound by its last tile only.
	if got := ts.CacheBytes(); got > 2*(limit+(1<<20)+4096) {
		t.Errorf("cache holds %d bytes, bound %d", got, limit)
	}
	vp := geo.New(tiletest.Center, 15, 600, 400)
	if a, b := Render(sc, vp), Render(sc, vp); !bytes.Equal(a.Pix, b.Pix) {
		t.Error("two frames of one view differ")
	}
}

// TestTilesNoPanic draws the fixtures at every zoom, tiny and odd
// frames included, on both back ends.
func TestTilesNoPanic(t *testing.T) {
	for _, fix := range []string{"omt.mbtiles", "pm.pmtiles", "raster.mbtiles"} {
		sc := tileScene(t, fixtureTiles(t, fix, TileOptions{Dim: 1}))
		for z := 0.0; z <= 22; z += 1.7 {
			for _, sz := range [][2]int{{0, 0}, {1, 1}, {97, 3}, {300, 200}} {
				vp := geo.New(tiletest.Center, z, sz[0], sz[1])
				Render(sc, vp)
				drawVectorFrame(&Drawing{}, sc, vp, 0.75, 0, 0, 2)
			}
		}
	}
}

// denseTiles is the dense vector fixture (tiletest.DenseVector) of
// schema s, zooms 12 to 14.
func denseTiles(tb testing.TB, s tiletest.Schema, opt TileOptions) *Tiles {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "dense.mbtiles")
	if err := tiletest.DenseVector(path, s, 12, 14); err != nil {
		tb.Fatal(err)
	}
	return openTiles(tb, path, opt)
}

// BenchmarkFrameVectorTiles draws a 1600×1000 frame at zoom 14 over the
// dense vector basemap, with the sample's layers on top, its tiles
// already decoded and cached (the target is 16 ms on one core).
func BenchmarkFrameVectorTiles(b *testing.B) {
	for _, s := range []tiletest.Schema{tiletest.OpenMapTiles, tiletest.Protomaps} {
		for _, layers := range []bool{true, false} {
			name := string(s)
			if !layers {
				name += "/basemap only"
			}
			b.Run(name, func(b *testing.B) {
				sc := tileScene(b, denseTiles(b, s, TileOptions{}))
				if !layers {
					sc.Layers = nil
				}
				benchDraw(b, sc, geo.New(tiletest.Center, 14, 1600, 1000))
			})
		}
	}
}

// benchDraw times cached 1600×1000 frames of sc at vp, after a first
// one that fills the caches.
func benchDraw(b *testing.B, sc *Scene, vp geo.Viewport) {
	dst := image1600()
	Draw(dst, sc, vp)
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		Draw(dst, sc, vp)
	}
	reportCPU(b, cpu)
}

// reportCPU reports the process's CPU time per op since cpu, which on a
// loaded machine says more than the wall time (run with -cpu 1).
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// BenchmarkFrameVectorTilesZ16 is the cached frame at zoom 16, buildings
// drawn.
func BenchmarkFrameVectorTilesZ16(b *testing.B) {
	sc := tileScene(b, denseTiles(b, tiletest.OpenMapTiles, TileOptions{}))
	vp := geo.New(tiletest.Center, 16, 1600, 1000)
	benchDraw(b, sc, vp)
}

// BenchmarkFrameVectorTilesFirst is the first frame over the dense
// basemap: every tile of the view read and decoded.
func BenchmarkFrameVectorTilesFirst(b *testing.B) {
	ts := denseTiles(b, tiletest.OpenMapTiles, TileOptions{})
	sc := tileScene(b, ts)
	vp := geo.New(tiletest.Center, 14, 1600, 1000)
	dst := image1600()
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		sc.Tiles = ts.WithDim(0)
		sc.Tiles.cache = newTileCache[tileKey](DefaultTileCacheBytes) // cold
		sc.Tiles.images = newTileCache[imageKey](DefaultTileCacheBytes)
		Draw(dst, sc, vp)
	}
	reportCPU(b, cpu)
}

// BenchmarkFrameRasterTiles is a cached 1600×1000 frame over raster
// tiles of 256 px, overzoomed by 0.4 of a level.
func BenchmarkFrameRasterTiles(b *testing.B) {
	sc := tileScene(b, fixtureTiles(b, "raster.mbtiles", TileOptions{}))
	vp := geo.New(tiletest.Center, 14.4, 1600, 1000)
	benchDraw(b, sc, vp)
}

// BenchmarkTileCacheBound pans frames across the dense basemap at zoom
// 16 with the cache bounded to 4 MiB and reports the bytes it holds
// and those of one decoded tile.
func BenchmarkTileCacheBound(b *testing.B) {
	const limit = 4 << 20
	ts := denseTiles(b, tiletest.OpenMapTiles, TileOptions{CacheBytes: limit})
	sc := tileScene(b, ts)
	sc.Layers = nil
	dst := image.NewRGBA(image.Rect(0, 0, 800, 500))
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		c := orb.Point{1.81 + 0.1*float64(i%20)/20, 50.93 + 0.05*float64(i/20%10)/10}
		Draw(dst, sc, geo.New(c, 16, 800, 500))
		i++
	}
	if ts.CacheBytes() > 2*(limit+(2<<20)) {
		b.Fatalf("cache %d bytes over its bound %d", ts.CacheBytes(), limit)
	}
	b.ReportMetric(float64(ts.CacheBytes()), "cache-bytes")
	b.ReportMetric(float64(ts.cache.bytes())/float64(max(1, ts.cache.order.Len())), "decoded-bytes/tile")
	b.ReportMetric(float64(ts.images.bytes())/float64(max(1, ts.images.order.Len())), "image-bytes/tile")
}

// TestWebPTiles draws the real 512 px WebP tileset of Mount Whitney (in
// the tiles package's testdata) at two zooms and ratios.
func TestWebPTiles(t *testing.T) {
	ts := openTiles(t, filepath.Join("..", "data", "basemap", "tiles", "testdata", "pmtiles", "usgs_mt_whitney_webp_512_z8-15.pmtiles"), TileOptions{})
	if ts.Metadata().TileSize != 512 {
		t.Fatalf("tile size %d", ts.Metadata().TileSize)
	}
	bm, err := basemap.Default()
	if err != nil {
		t.Fatal(err)
	}
	c := ts.Metadata().Center
	for _, tc := range []struct{ zoom, ratio float64 }{{12, 1}, {14.5, 2}, {17, 1}} {
		vp := geo.New(c, tc.zoom, 300, 200)
		with := &Scene{Basemap: bm, Tiles: ts, Window: data.Undated, PixelRatio: tc.ratio}
		without := &Scene{Basemap: bm, Window: data.Undated, PixelRatio: tc.ratio}
		if bytes.Equal(Render(with, vp).Pix, Render(without, vp).Pix) {
			t.Errorf("zoom %g: the WebP tiles drew nothing", tc.zoom)
		}
	}
}
