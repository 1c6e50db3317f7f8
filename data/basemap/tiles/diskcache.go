package tiles

import (
	"bytes"
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"campmap/internal/atomicfile"
)

// A tile's cache file holds the tile and what HTTP said about it, so that
// each file stands alone and a restart needs no separate index:
//
//	"CMTC" version(1 byte, =1)
//	uvarint n, then n fields, each a uvarint key length, the key, a uvarint
//	value length and the value (keys: "fetched", "expires" as Unix
//	seconds in decimal; "etag", "modified" as HTTP sent them)
//	the tile's bytes, to the end of the file
//
// Unknown keys are skipped, so a later version can add fields.
const (
	cacheMagic   = "CMTC"
	cacheVersion = 1
	// maxCacheMeta bounds the header a reader accepts.
	maxCacheMeta = 16 << 10
)

// errCacheFile is wrapped by the errors of a damaged cache file.
var errCacheFile = errors.New("not a campmap tile cache file")

// cacheMeta is what the cache knows of a tile beyond its bytes.
type cacheMeta struct {
	Fetched  time.Time // when the server last sent or confirmed it
	Expires  time.Time // fresh until then; revalidated after
	ETag     string
	Modified string // Last-Modified, sent back as If-Modified-Since
}

// encodeCacheFile writes the header and the tile.
func encodeCacheFile(w io.Writer, m cacheMeta, tile []byte) error {
	var buf bytes.Buffer
	buf.WriteString(cacheMagic)
	buf.WriteByte(cacheVersion)
	fields := [][2]string{
		{"fetched", strconv.FormatInt(m.Fetched.Unix(), 10)},
		{"expires", strconv.FormatInt(m.Expires.Unix(), 10)},
	}
	if m.ETag != "" {
		fields = append(fields, [2]string{"etag", m.ETag})
	}
	if m.Modified != "" {
		fields = append(fields, [2]string{"modified", m.Modified})
	}
	buf.Write(binary.AppendUvarint(nil, uint64(len(fields))))
	for _, f := range fields {
		for _, s := range f {
			buf.Write(binary.AppendUvarint(nil, uint64(len(s))))
			buf.WriteString(s)
		}
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(tile)
	return err
}

// decodeCacheFile splits a cache file into its header and its tile (a
// subslice of b). It never panics on damaged input.
func decodeCacheFile(b []byte) (cacheMeta, []byte, error) {
	var m cacheMeta
	if !bytes.HasPrefix(b, []byte(cacheMagic)) || len(b) < len(cacheMagic)+1 {
		return m, nil, errCacheFile
	}
	if v := b[len(cacheMagic)]; v != cacheVersion {
		return m, nil, fmt.Errorf("%w: version %d", errCacheFile, v)
	}
	r := b[len(cacheMagic)+1:]
	next := func() (string, bool) {
		n, k := binary.Uvarint(r)
		if k <= 0 || n > maxCacheMeta || n > uint64(len(r)-k) {
			return "", false
		}
		s := string(r[k : k+int(n)])
		r = r[k+int(n):]
		return s, true
	}
	n, k := binary.Uvarint(r)
	if k <= 0 || n > 64 {
		return m, nil, fmt.Errorf("%w: bad field count", errCacheFile)
	}
	r = r[k:]
	for range n {
		key, ok1 := next()
		val, ok2 := next()
		if !ok1 || !ok2 {
			return m, nil, fmt.Errorf("%w: truncated header", errCacheFile)
		}
		switch key {
		case "fetched", "expires":
			sec, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return m, nil, fmt.Errorf("%w: %s %q", errCacheFile, key, val)
			}
			if key == "fetched" {
				m.Fetched = time.Unix(sec, 0)
			} else {
				m.Expires = time.Unix(sec, 0)
			}
		case "etag":
			m.ETag = val
		case "modified":
			m.Modified = val
		}
	}
	return m, r, nil
}

// diskCache is a folder of tile files bounded by size, evicting the least
// recently used, with the most recently used tiles also kept in memory
// (hotBytes of them), so a map redrawn at 60 Hz reads no file. Which files exist and how large they are is read from the
// folder when the cache opens; how recently each was used is its
// modification time, touched on a hit at most once per touchEvery, so a
// restart keeps both the tiles and their order. Its methods are safe for
// concurrent use; two processes sharing one folder stay correct (every file
// is written atomically) but each bounds only what it knows of.
type diskCache struct {
	dir string
	max int64 // bytes

	mu    sync.Mutex
	size  int64
	lru   *list.List // of *cacheEntry, most recently used first
	index map[string]*list.Element

	hot     *list.List // of *cacheEntry whose tile is in memory, most recent first
	hotSize int64
	hotMax  int64
}

type cacheEntry struct {
	key     string // "z/x/y"
	size    int64
	touched time.Time
	// In memory while in the hot list: the tile and its header.
	tile  []byte
	meta  cacheMeta
	hotEl *list.Element
}

// hotBytes bounds the tiles a cache keeps in memory.
const hotBytes = 16 << 20

// touchEvery is how stale a file's modification time may be before a hit
// refreshes it on disk.
const touchEvery = time.Hour

// openDiskCache opens (creating it if needed) the cache folder dir, bounded
// to max bytes, and evicts what is over the bound.
func openDiskCache(dir string, max int64) (*diskCache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("tiles: tile cache %s: %w", dir, err)
	}
	c := &diskCache{dir: dir, max: max, lru: list.New(), index: map[string]*list.Element{}, hot: list.New(), hotMax: hotBytes}
	type found struct {
		key  string
		size int64
		mod  time.Time
	}
	var all []found
	sweep := map[string]bool{} // folders holding temporary files
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable entry is skipped, not fatal
		}
		if d.IsDir() {
			return nil
		}
		name := d.Name()
		if atomicfile.IsTemp(name) {
			sweep[filepath.Dir(path)] = true // left by a crash, or a save running
			return nil
		}
		if strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp") {
			os.Remove(path) // left by a crash during a write of an earlier version
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return nil
		}
		key, ok := keyOfPath(filepath.ToSlash(rel))
		if !ok {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		all = append(all, found{key, info.Size(), info.ModTime()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("tiles: tile cache %s: %w", dir, err)
	}
	for d := range sweep {
		atomicfile.Sweep(d) // only those no save holds
	}
	// Oldest first, each pushed to the front: the newest ends first.
	slices.SortFunc(all, func(a, b found) int { return a.mod.Compare(b.mod) })
	for _, f := range all {
		c.index[f.key] = c.lru.PushFront(&cacheEntry{key: f.key, size: f.size, touched: f.mod})
		c.size += f.size
	}
	c.mu.Lock()
	c.evictLocked()
	c.mu.Unlock()
	return c, nil
}

// keyOfPath returns the key "z/x/y" of a cache file's path "z/x/y.tile".
func keyOfPath(rel string) (string, bool) {
	key, ok := strings.CutSuffix(rel, ".tile")
	if !ok {
		return "", false
	}
	parts := strings.Split(key, "/")
	if len(parts) != 3 {
		return "", false
	}
	for _, p := range parts {
		if _, err := strconv.Atoi(p); err != nil {
			return "", false
		}
	}
	return key, true
}

// path returns the file of key.
func (c *diskCache) path(key string) string {
	return filepath.Join(c.dir, filepath.FromSlash(key)+".tile")
}

// get returns the cached tile of key and its header; ok is false when the
// cache has none (or its file is damaged, which is then removed). The tile
// is shared: it must not be modified.
func (c *diskCache) get(key string) (m cacheMeta, tile []byte, ok bool) {
	c.mu.Lock()
	el, known := c.index[key]
	if known {
		if e := el.Value.(*cacheEntry); e.tile != nil {
			c.lru.MoveToFront(el)
			c.hot.MoveToFront(e.hotEl)
			c.touchLocked(e)
			m, tile = e.meta, e.tile
			c.mu.Unlock()
			return m, tile, true
		}
	}
	c.mu.Unlock()
	if !known {
		return m, nil, false
	}
	b, err := os.ReadFile(c.path(key))
	if err == nil {
		m, tile, err = decodeCacheFile(b)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el2, still := c.index[key]; !still || el2 != el {
		// Evicted or replaced meanwhile: what was read is still a whole
		// file (files are replaced atomically), so serve it when intact.
		return m, tile, err == nil
	}
	if err != nil {
		c.removeLocked(el)
		os.Remove(c.path(key))
		return m, nil, false
	}
	c.lru.MoveToFront(el)
	e := el.Value.(*cacheEntry)
	c.touchLocked(e)
	c.setHotLocked(e, m, tile)
	return m, tile, true
}

// touchLocked refreshes the modification time of e's file when it is
// older than touchEvery: only the order after a restart depends on it.
func (c *diskCache) touchLocked(e *cacheEntry) {
	if now := time.Now(); now.Sub(e.touched) > touchEvery {
		e.touched = now
		os.Chtimes(c.path(e.key), now, now) // best effort
	}
}

// setHotLocked keeps e's tile in memory, dropping the least recently used
// tiles from memory beyond hotMax.
func (c *diskCache) setHotLocked(e *cacheEntry, m cacheMeta, tile []byte) {
	if int64(len(tile)) > c.hotMax/2 {
		return // a huge tile stays on disk only
	}
	e.tile, e.meta = tile, m
	e.hotEl = c.hot.PushFront(e)
	c.hotSize += int64(len(tile))
	for c.hotSize > c.hotMax {
		c.dropHotLocked(c.hot.Back().Value.(*cacheEntry))
	}
}

// dropHotLocked forgets e's tile in memory.
func (c *diskCache) dropHotLocked(e *cacheEntry) {
	if e.hotEl == nil {
		return
	}
	c.hot.Remove(e.hotEl)
	c.hotSize -= int64(len(e.tile))
	e.tile, e.meta, e.hotEl = nil, cacheMeta{}, nil
}

// put stores the tile of key with its header, atomically, and evicts the
// least recently used tiles over the bound.
func (c *diskCache) put(key string, m cacheMeta, tile []byte) error {
	path := c.path(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("tiles: tile cache: %w", err)
	}
	var size int64
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		cw := &countWriter{w: w}
		err := encodeCacheFile(cw, m, tile)
		size = cw.n
		return err
	})
	if err != nil {
		return fmt.Errorf("tiles: tile cache: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.index[key]; ok {
		c.removeLocked(el)
	}
	e := &cacheEntry{key: key, size: size, touched: time.Now()}
	c.index[key] = c.lru.PushFront(e)
	c.size += size
	c.setHotLocked(e, m, tile)
	c.evictLocked()
	return nil
}

// evictLocked removes least recently used files until the cache fits.
func (c *diskCache) evictLocked() {
	for c.size > c.max && c.lru.Len() > 0 {
		el := c.lru.Back()
		key := el.Value.(*cacheEntry).key
		c.removeLocked(el)
		os.Remove(c.path(key))
	}
}

func (c *diskCache) removeLocked(el *list.Element) {
	e := el.Value.(*cacheEntry)
	c.dropHotLocked(e)
	c.lru.Remove(el)
	delete(c.index, e.key)
	c.size -= e.size
}

// stats returns the number of tiles and their bytes on disk.
func (c *diskCache) stats() (n int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.size
}

// countWriter counts what goes through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (cw *countWriter) Write(p []byte) (int, error) {
	n, err := cw.w.Write(p)
	cw.n += int64(n)
	return n, err
}
