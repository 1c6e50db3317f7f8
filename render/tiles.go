package render

import (
	"container/list"
	"context"
	"html"
	"image"
	"image/draw"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"campmap/data/basemap"
	"campmap/data/basemap/tiles"
)

// Tiles is a tiled basemap — an MBTiles or PMTiles file, or online tiles
// (a tiles.Async source) — that a Scene draws over its embedded basemap
// (Scene.Tiles). Raster tiles are resampled to the frame's zoom and pixel
// ratio; vector tiles are styled with a built-in quiet cartographic style
// for the OpenMapTiles or Protomaps schema, chosen from their layer
// names. Where the tileset has no tile (outside its bounds, below its
// minimum zoom, a hole, a tile not yet fetched) the embedded basemap
// shows; past its maximum zoom its deepest tiles are enlarged.
//
// A Tiles keeps its decoded tiles in a cache bounded in bytes (least
// recently used out first), so it should live as long as its source: the
// window builds a new Scene for each change but keeps the same Tiles.
// Tiles is safe for concurrent use by any number of frames.
type Tiles struct {
	src   tiles.Source
	async tiles.Async // src, when it is asynchronous
	meta  tiles.Metadata
	opt   TileOptions
	style *tileStyle // nil for raster tiles
	cache *tileCache[tileKey]
	// images holds vector tiles drawn for raster frames at one zoom and
	// pixel ratio, so a pan composites them instead of drawing again.
	images *tileCache[imageKey]
	frames atomic.Int64 // frames that lacked tiles (see Missing)
}

// TileOptions are the settings of a tiled basemap.
type TileOptions struct {
	// Dim fades the tiles toward white by this fraction, so campmap's
	// layers stand out over a busy basemap: 0 leaves them as they are,
	// 0.5 halfway; it is bounded to 0..0.9.
	Dim float64
	// CacheBytes bounds the memory of decoded tiles, and that of vector
	// tiles drawn at the window's zoom, each; 0 means
	// DefaultTileCacheBytes.
	CacheBytes int64
	// Wait, when positive, makes a frame over an asynchronous source wait
	// up to Wait in all for the tiles it lacks (fetched at once), for
	// headless commands; 0 never waits: a frame draws what the source has
	// cached, parents enlarged where children are missing.
	Wait time.Duration
}

// DefaultTileCacheBytes is the memory decoded tiles may take by default:
// about 120 raster tiles of 512 px, or some hundreds of vector tiles.
const DefaultTileCacheBytes = 128 << 20

// NewTiles returns the tiled basemap of src. src stays the caller's to
// close (directly or through Close), after the last frame that draws it.
func NewTiles(src tiles.Source, opt TileOptions) *Tiles {
	if opt.CacheBytes <= 0 {
		opt.CacheBytes = DefaultTileCacheBytes
	}
	opt.Dim = min(max(opt.Dim, 0), 0.9)
	t := &Tiles{src: src, meta: src.Metadata(), opt: opt, cache: newTileCache[tileKey](opt.CacheBytes),
		images: newTileCache[imageKey](opt.CacheBytes)}
	t.async, _ = src.(tiles.Async)
	if t.meta.Format.Vector() {
		t.style = styleFor(t.meta.VectorLayers)
	}
	return t
}

// WithDim returns a Tiles drawing the same source with another dimmer
// setting, sharing t's cache.
func (t *Tiles) WithDim(dim float64) *Tiles {
	if t == nil {
		return nil
	}
	c := &Tiles{src: t.src, async: t.async, meta: t.meta, opt: t.opt, style: t.style, cache: t.cache, images: t.images}
	c.opt.Dim = min(max(dim, 0), 0.9)
	return c
}

// Close closes t's source; no frame may draw t afterwards.
func (t *Tiles) Close() error {
	if t == nil {
		return nil
	}
	return t.src.Close()
}

// IsTiledBasemap reports whether path names a tiled basemap file (by
// its extension: .mbtiles or .pmtiles) rather than a GeoJSON one.
func IsTiledBasemap(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".mbtiles", ".pmtiles":
		return true
	}
	return false
}

// LoadBasemap reads the basemap file a user chose, for a Scene: "" gives
// the embedded basemap alone; an MBTiles or PMTiles file gives the
// embedded basemap with that file's Tiles over it (the caller closes
// them); any other file is read as a GeoJSON basemap. Errors name the
// file and what is wrong with it.
func LoadBasemap(path string, opt TileOptions) (*basemap.Basemap, *Tiles, error) {
	if path != "" && !IsTiledBasemap(path) {
		bm, err := basemap.Load(path)
		return bm, nil, err
	}
	bm, err := basemap.Default()
	if err != nil || path == "" {
		return bm, nil, err
	}
	src, err := tiles.Open(path)
	if err != nil {
		return nil, nil, err
	}
	return bm, NewTiles(src, opt), nil
}

// Source returns the tileset t draws.
func (t *Tiles) Source() tiles.Source {
	if t == nil {
		return nil
	}
	return t.src
}

// Metadata returns the tileset's metadata.
func (t *Tiles) Metadata() tiles.Metadata { return t.meta }

// Options returns t's settings.
func (t *Tiles) Options() TileOptions { return t.opt }

// Schema names the style vector tiles are drawn with: "OpenMapTiles",
// "Protomaps", or "" for raster tiles.
func (t *Tiles) Schema() string {
	if t == nil || t.style == nil {
		return ""
	}
	return t.style.name
}

// Credits returns the tileset's attribution as plain text, split at its
// links and separators: "© OpenMapTiles", "© OpenStreetMap contributors".
func (t *Tiles) Credits() []string {
	if t == nil {
		return nil
	}
	return attributionParts(t.meta.Attribution)
}

// Missing returns how many frames lacked some of the tiles of their view
// (not yet fetched from an asynchronous source, or failed) since t was
// made: a headless command that waited says so when it grows.
func (t *Tiles) Missing() int64 {
	if t == nil {
		return 0
	}
	return t.frames.Load()
}

// CacheBytes returns the memory the decoded tiles and the drawn vector
// tiles take now.
func (t *Tiles) CacheBytes() int64 { return t.cache.bytes() + t.images.bytes() }

var (
	tagRe  = regexp.MustCompile(`<[^>]*>`)
	linkRe = regexp.MustCompile(`(?i)</a>`)
)

// attributionParts turns an attribution (often HTML links) into plain
// credits.
func attributionParts(s string) []string {
	s = linkRe.ReplaceAllString(s, ";")
	s = html.UnescapeString(tagRe.ReplaceAllString(s, ""))
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == '\n' }) {
		p := strings.Join(strings.Fields(part), " ")
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// tileKey is a tile position in XYZ addressing.
type tileKey struct{ z, x, y int }

// imageKey names a vector tile drawn at one zoom and pixel ratio.
type imageKey struct {
	k        tileKey
	zoom, pr float64
}

// tileEntry is one decoded tile in the cache: a raster image (a raster
// tile, or a vector tile drawn), a prepared vector tile, or the error
// that tile gave (no tile there, a damaged one), kept so it is not read
// again each frame.
type tileEntry struct {
	img    *image.RGBA // raster tiles; vector tiles drawn
	opaque bool        // img has no transparent pixel
	vec    *vtile      // vector tiles
	err    error
	size   int64
	el     *list.Element
	done   chan struct{} // closed once decoded
}

// tileCache holds decoded tiles, bounded by their bytes, least recently
// used out first. It is safe for concurrent use; a tile being decoded by
// one frame is waited for, not decoded again, by another.
type tileCache[K comparable] struct {
	mu    sync.Mutex
	max   int64
	used  int64
	order *list.List // of keys; front: most recently used
	items map[K]*tileEntry
}

func newTileCache[K comparable](max int64) *tileCache[K] {
	return &tileCache[K]{max: max, order: list.New(), items: map[K]*tileEntry{}}
}

func (c *tileCache[K]) bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// peek returns the tile at k when it is decoded, without decoding it.
func (c *tileCache[K]) peek(k K) (*tileEntry, bool) {
	c.mu.Lock()
	e, ok := c.items[k]
	if ok {
		select {
		case <-e.done:
			c.order.MoveToFront(e.el)
		default:
			ok = false
		}
	}
	c.mu.Unlock()
	return e, ok
}

// get returns the tile at k, decoding it with load on a miss (ok false
// from load: nothing is cached, the tile is not at hand yet).
func (c *tileCache[K]) get(k K, load func() (*tileEntry, bool)) (*tileEntry, bool) {
	c.mu.Lock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e.el)
		c.mu.Unlock()
		<-e.done
		return e, true
	}
	e := &tileEntry{done: make(chan struct{})}
	e.el = c.order.PushFront(k)
	c.items[k] = e
	c.mu.Unlock()

	got, ok := load()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !ok {
		c.order.Remove(e.el)
		delete(c.items, k)
		close(e.done)
		return nil, false
	}
	e.img, e.opaque, e.vec, e.err, e.size = got.img, got.opaque, got.vec, got.err, got.size+128
	close(e.done)
	c.used += e.size
	for c.used > c.max && c.order.Len() > 1 {
		oldK := c.order.Back().Value.(K)
		old := c.items[oldK]
		if old == e {
			break
		}
		select {
		case <-old.done:
		default:
			// Still decoding: its size is not counted yet.
			c.order.MoveToFront(old.el)
			continue
		}
		c.order.Remove(old.el)
		delete(c.items, oldK)
		c.used -= old.size
	}
	return e, true
}

// tile returns the decoded tile at z/x/y: from the cache, else read and
// decoded (from an asynchronous source only when it has the tile at
// hand). ok is false when the tile is not at hand yet; an entry with err
// set says the tileset holds no usable tile there.
func (t *Tiles) tile(k tileKey) (*tileEntry, bool) {
	return t.cache.get(k, func() (*tileEntry, bool) {
		var b []byte
		var err error
		if t.async != nil {
			var ok bool
			b, ok, err = t.async.Cached(k.z, k.x, k.y)
			if !ok && err == nil {
				return nil, false
			}
		} else {
			b, err = t.src.Tile(context.Background(), k.z, k.x, k.y)
		}
		return t.decode(k, b, err), true
	})
}

// fetch waits, until ctx is done, for the tiles of keys an asynchronous
// source does not have at hand, reading them all at once, and caches
// them decoded.
func (t *Tiles) fetch(ctx context.Context, keys []tileKey) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for _, k := range keys {
		if _, ok := t.tile(k); ok {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			b, err := t.src.Tile(ctx, k.z, k.x, k.y)
			if ctx.Err() != nil && err != nil {
				return // not failed: out of time; the frame draws without it
			}
			t.cache.get(k, func() (*tileEntry, bool) { return t.decode(k, b, err), true })
		}()
	}
	wg.Wait()
}

// decode turns a tile's bytes into a cache entry.
func (t *Tiles) decode(k tileKey, b []byte, err error) *tileEntry {
	if err == nil && len(b) == 0 {
		err = tiles.ErrNoTile
	}
	if err != nil {
		return &tileEntry{err: err}
	}
	if t.style != nil {
		vt, err := t.style.prepare(b, k)
		if err != nil {
			return &tileEntry{err: err}
		}
		return &tileEntry{vec: vt, size: vt.size}
	}
	img, err := tiles.DecodeRaster(b)
	if err != nil {
		return &tileEntry{err: err}
	}
	rgba, ok := img.(*image.RGBA)
	if !ok || rgba.Rect.Min != (image.Point{}) {
		rgba = image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
		draw.Draw(rgba, rgba.Rect, img, img.Bounds().Min, draw.Src)
	}
	return &tileEntry{img: rgba, opaque: rgba.Opaque(), size: int64(len(rgba.Pix))}
}
