package tiles

import (
	"container/list"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"

	"github.com/paulmach/orb"
)

// PMTiles is a PMTiles version 3 archive opened for reading, written from
// the specification (protomaps/PMTiles spec/v3/spec.md): a 127-byte
// header, a root directory, JSON metadata, leaf directories and tile data.
// Directories may be gzipped or not, tiles too; brotli and zstd are
// refused at open. The root directory is read at open, leaf directories
// on demand into a bounded cache. It is a Source, safe for concurrent use.
type PMTiles struct {
	name   string // file name, for errors
	r      io.ReaderAt
	size   int64
	closer io.Closer
	h      header
	meta   Metadata
	root   []entry

	mu     sync.Mutex // guards leaves and lru
	leaves map[uint64]*list.Element
	lru    *list.List // of *leafDir, most recently used first
}

// leafCacheSize bounds how many leaf directories a PMTiles keeps decoded.
// A leaf holds at most a few thousand entries of 24 bytes.
const leafCacheSize = 64

// maxDirDepth bounds the nesting of leaf directories (writers use one
// level; the bound stops a damaged file from looping).
const maxDirDepth = 4

type leafDir struct {
	off     uint64
	entries []entry
}

// Compression values of the PMTiles header.
const (
	compUnknown = 0
	compNone    = 1
	compGzip    = 2
	compBrotli  = 3
	compZstd    = 4
)

// Tile type values of the PMTiles header.
const (
	typeUnknown = 0
	typeMVT     = 1
	typePNG     = 2
	typeJPEG    = 3
	typeWebP    = 4
	typeAVIF    = 5
)

// headerLen is the size of a PMTiles v3 header.
const headerLen = 127

// header is the fixed header of a PMTiles v3 archive.
type header struct {
	version                        uint8
	rootOffset, rootLength         uint64
	metadataOffset, metadataLength uint64
	leafOffset, leafLength         uint64
	dataOffset, dataLength         uint64
	addressedTiles                 uint64
	tileEntries                    uint64
	tileContents                   uint64
	clustered                      bool
	internalCompression            uint8
	tileCompression                uint8
	tileType                       uint8
	minZoom, maxZoom               uint8
	minLonE7, minLatE7             int32
	maxLonE7, maxLatE7             int32
	centerZoom                     uint8
	centerLonE7, centerLatE7       int32
}

// entry is one directory entry: RunLength tiles from TileID at Offset
// (relative to the tile data) or, with RunLength 0, a leaf directory at
// Offset relative to the leaf directories.
type entry struct {
	tileID    uint64
	offset    uint64
	length    uint32
	runLength uint32
}

// pmtilesError is a problem of a PMTiles file, as decodeHeader and its
// helpers report it; unsupported marks one that wraps ErrUnsupported.
type pmtilesError struct {
	msg         string
	unsupported bool
}

func (e *pmtilesError) Error() string { return e.msg }
func (e *pmtilesError) Unwrap() error {
	if e.unsupported {
		return ErrUnsupported
	}
	return nil
}

func pmErr(format string, args ...any) error {
	return &pmtilesError{msg: fmt.Sprintf(format, args...)}
}

func pmUnsupported(format string, args ...any) error {
	return &pmtilesError{msg: fmt.Sprintf(format, args...), unsupported: true}
}

// decodeHeader reads the 127-byte header at the start of b.
func decodeHeader(b []byte) (header, error) {
	var h header
	if len(b) == 0 {
		return h, pmErr("the file is empty (was it copied or downloaded completely?)")
	}
	if len(b) >= 2 && string(b[:2]) == "PM" && (len(b) < 7 || string(b[:7]) != "PMTiles") {
		if len(b) >= 3 && b[2] < 3 {
			return h, pmUnsupported("PMTiles version %d: campmap reads version 3; convert the file with the pmtiles tool (pmtiles convert)", b[2])
		}
	}
	if len(b) < 7 || string(b[:7]) != string(pmtilesMagic) {
		return h, pmErr("not a PMTiles file: it does not start with \"PMTiles\" (is it damaged, or misnamed?)")
	}
	if len(b) < headerLen {
		return h, pmErr("the file is cut short: %d bytes, less than the %d-byte PMTiles header", len(b), headerLen)
	}
	h.version = b[7]
	if h.version != 3 {
		if h.version > 3 {
			return h, pmUnsupported("PMTiles version %d is newer than campmap reads (version 3): update campmap, or write the basemap as PMTiles version 3 or MBTiles", h.version)
		}
		return h, pmUnsupported("PMTiles version %d: campmap reads version 3; convert the file with the pmtiles tool (pmtiles convert)", h.version)
	}
	le := binary.LittleEndian
	u64 := func(off int) uint64 { return le.Uint64(b[off:]) }
	i32 := func(off int) int32 { return int32(le.Uint32(b[off:])) }
	h.rootOffset, h.rootLength = u64(8), u64(16)
	h.metadataOffset, h.metadataLength = u64(24), u64(32)
	h.leafOffset, h.leafLength = u64(40), u64(48)
	h.dataOffset, h.dataLength = u64(56), u64(64)
	h.addressedTiles, h.tileEntries, h.tileContents = u64(72), u64(80), u64(88)
	h.clustered = b[96] == 1
	h.internalCompression, h.tileCompression, h.tileType = b[97], b[98], b[99]
	h.minZoom, h.maxZoom = b[100], b[101]
	h.minLonE7, h.minLatE7, h.maxLonE7, h.maxLatE7 = i32(102), i32(106), i32(110), i32(114)
	h.centerZoom = b[118]
	h.centerLonE7, h.centerLatE7 = i32(119), i32(123)

	if h.rootLength == 0 {
		return h, pmErr("the root directory is empty: the file holds no tile")
	}
	if err := checkCompression("directories", h.internalCompression); err != nil {
		return h, err
	}
	if err := checkCompression("tiles", h.tileCompression); err != nil {
		return h, err
	}
	switch h.tileType {
	case typeUnknown, typeMVT, typePNG, typeJPEG, typeWebP:
	case typeAVIF:
		return h, pmUnsupported("its tiles are AVIF images, which campmap cannot decode: use PNG, JPEG or WebP tiles")
	default:
		return h, pmUnsupported("unknown tile type %d: campmap shows PNG, JPEG, WebP and vector (MVT) tiles", h.tileType)
	}
	if h.minZoom > h.maxZoom {
		return h, pmErr("the header's min zoom %d is above its max zoom %d", h.minZoom, h.maxZoom)
	}
	if h.maxZoom > maxZoom {
		return h, pmUnsupported("max zoom %d: campmap reads tiles up to zoom %d", h.maxZoom, maxZoom)
	}
	return h, nil
}

// checkCompression refuses the compressions campmap cannot decompress.
func checkCompression(what string, c uint8) error {
	switch c {
	case compUnknown, compNone, compGzip:
		return nil
	case compBrotli:
		return pmUnsupported("its %s are compressed with brotli, which campmap cannot read: re-create the file with gzip compression (or none), or use MBTiles", what)
	case compZstd:
		return pmUnsupported("its %s are compressed with zstd, which campmap cannot read: re-create the file with gzip compression (or none), or use MBTiles", what)
	}
	return pmUnsupported("its %s use compression %d, unknown to campmap (it reads gzip and none)", what, c)
}

// decompress undoes a PMTiles compression; compUnknown is sniffed.
func decompress(b []byte, c uint8) ([]byte, error) {
	if c == compGzip || (c == compUnknown && isGzip(b)) {
		return gunzip(b)
	}
	return b, nil
}

// decodeDirectory reads a serialised directory (already decompressed): the
// number of entries, then the columns of tile id deltas, run lengths,
// lengths and offsets (0 meaning right after the previous entry, else
// offset+1), all unsigned varints.
func decodeDirectory(b []byte) ([]entry, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return nil, errors.New("directory: bad entry count")
	}
	b = b[k:]
	if n == 0 {
		return nil, errors.New("directory: no entries")
	}
	// each entry takes at least four bytes, one per column
	if n > uint64(len(b))/4 {
		return nil, fmt.Errorf("directory: %d entries cannot fit in %d bytes", n, len(b))
	}
	next := func() (uint64, error) {
		v, k := binary.Uvarint(b)
		if k <= 0 {
			return 0, errors.New("directory: cut short")
		}
		b = b[k:]
		return v, nil
	}
	es := make([]entry, n)
	var id uint64
	for i := range es {
		d, err := next()
		if err != nil {
			return nil, err
		}
		if i > 0 && d == 0 {
			return nil, errors.New("directory: tile ids out of order")
		}
		if id+d < id {
			return nil, errors.New("directory: tile id overflows")
		}
		id += d
		es[i].tileID = id
	}
	for i := range es {
		v, err := next()
		if err != nil {
			return nil, err
		}
		if v > 1<<32-1 {
			return nil, errors.New("directory: run length overflows")
		}
		es[i].runLength = uint32(v)
	}
	for i := range es {
		v, err := next()
		if err != nil {
			return nil, err
		}
		if v == 0 || v > 1<<32-1 {
			return nil, fmt.Errorf("directory: entry %d has length %d", i, v)
		}
		es[i].length = uint32(v)
	}
	for i := range es {
		v, err := next()
		if err != nil {
			return nil, err
		}
		switch {
		case v > 0:
			es[i].offset = v - 1
		case i == 0:
			return nil, errors.New("directory: the first entry has no offset")
		default:
			es[i].offset = es[i-1].offset + uint64(es[i-1].length)
		}
	}
	for i := 1; i < len(es); i++ {
		if p := es[i-1]; p.runLength > 0 && p.tileID+uint64(p.runLength) > es[i].tileID {
			return nil, errors.New("directory: runs of tiles overlap")
		}
	}
	return es, nil
}

// findEntry returns the entry holding tile id (a tile or a leaf
// directory that may hold it).
func findEntry(es []entry, id uint64) (entry, bool) {
	i := sort.Search(len(es), func(i int) bool { return es[i].tileID > id }) - 1
	if i < 0 {
		return entry{}, false
	}
	e := es[i]
	if e.runLength == 0 || id-e.tileID < uint64(e.runLength) {
		return e, true
	}
	return entry{}, false
}

// tileID returns the PMTiles id of z/x/y: the tiles of all lower zooms,
// then the position of x, y on the Hilbert curve of zoom z.
func tileID(z uint8, x, y uint32) uint64 {
	base := (uint64(1)<<(2*uint(z)) - 1) / 3 // 1 + 4 + ... + 4^(z-1)
	var d uint64
	tx, ty := uint64(x), uint64(y)
	for s := uint64(1) << z >> 1; s > 0; s >>= 1 {
		var rx, ry uint64
		if tx&s != 0 {
			rx = 1
		}
		if ty&s != 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		tx, ty = hilbertRotate(s, tx, ty, rx, ry)
	}
	return base + d
}

// tileZXY is the inverse of tileID.
func tileZXY(id uint64) (z uint8, x, y uint32) {
	var base uint64
	for z = 0; z < 32; z++ {
		n := uint64(1) << (2 * uint(z))
		if id < base+n {
			break
		}
		base += n
	}
	d := id - base
	var tx, ty uint64
	for s := uint64(1); s < uint64(1)<<z; s <<= 1 {
		rx := 1 & (d / 2)
		ry := 1 & (d ^ rx)
		tx, ty = hilbertRotate(s, tx, ty, rx, ry)
		tx += s * rx
		ty += s * ry
		d /= 4
	}
	return z, uint32(tx), uint32(ty)
}

// hilbertRotate turns a quadrant of side n the way the Hilbert curve does.
func hilbertRotate(n, x, y, rx, ry uint64) (uint64, uint64) {
	if ry == 0 {
		if rx == 1 {
			x, y = n-1-x, n-1-y
		}
		x, y = y, x
	}
	return x, y
}

// OpenPMTiles opens the PMTiles archive at path. The error is a
// *data.LoadError naming the file and the problem.
func OpenPMTiles(path string) (*PMTiles, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openErr(path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, loadErr(path, "cannot read the file", err)
	}
	p, err := NewPMTiles(f, st.Size(), path)
	if err != nil {
		f.Close()
		return nil, err
	}
	p.closer = f
	return p, nil
}

// NewPMTiles reads a PMTiles archive of size bytes from r; name is the
// file name its errors give. Close does not close r.
func NewPMTiles(r io.ReaderAt, size int64, name string) (*PMTiles, error) {
	p := &PMTiles{name: name, r: r, size: size, leaves: map[uint64]*list.Element{}, lru: list.New()}
	head := make([]byte, min(size, headerLen))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, loadErr(name, "cannot read the file", err)
	}
	h, err := decodeHeader(head)
	if err != nil {
		return nil, loadErr(name, err.Error(), err)
	}
	p.h = h
	raw, err := p.section("root directory", h.rootOffset, h.rootLength)
	if err != nil {
		return nil, err
	}
	if p.root, err = p.directory(raw); err != nil {
		return nil, loadErr(name, "the root directory cannot be read: "+err.Error(), err)
	}
	var rawMeta []byte
	if h.metadataLength > 0 {
		if rawMeta, err = p.section("metadata", h.metadataOffset, h.metadataLength); err != nil {
			return nil, err
		}
		if rawMeta, err = decompress(rawMeta, h.internalCompression); err != nil {
			return nil, loadErr(name, "the metadata cannot be decompressed: "+err.Error(), err)
		}
	}
	p.meta = pmtilesMetadata(h, rawMeta)
	if h.tileType == typeUnknown || !p.meta.Format.Vector() {
		if err := p.sample(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// section reads length bytes at off, checked against the file's size.
func (p *PMTiles) section(what string, off, length uint64) ([]byte, error) {
	if off > uint64(p.size) || length > uint64(p.size)-off {
		return nil, loadErr(p.name, fmt.Sprintf("the %s lies past the end of the file (%d bytes at %d in a file of %d): the file is cut short or damaged", what, length, off, p.size), nil)
	}
	b := make([]byte, length)
	if _, err := p.r.ReadAt(b, int64(off)); err != nil && !(errors.Is(err, io.EOF) && len(b) > 0) {
		return nil, loadErr(p.name, "cannot read the "+what, err)
	}
	return b, nil
}

// directory decompresses and decodes a directory.
func (p *PMTiles) directory(raw []byte) ([]entry, error) {
	b, err := decompress(raw, p.h.internalCompression)
	if err != nil {
		return nil, err
	}
	return decodeDirectory(b)
}

// pmtilesMetadata builds the Metadata from the header and the JSON
// metadata (decompressed; nil when the file has none).
func pmtilesMetadata(h header, raw []byte) Metadata {
	meta := Metadata{
		Container: PMTilesContainer, Version: int(h.version),
		MinZoom: int(h.minZoom), MaxZoom: int(h.maxZoom), CenterZoom: int(h.centerZoom),
		Tiles: int64(min(h.addressedTiles, 1<<62)),
	}
	warn := func(format string, args ...any) {
		meta.Warnings = append(meta.Warnings, fmt.Sprintf(format, args...))
	}
	switch h.tileType {
	case typeMVT:
		meta.Format = MVT
	case typePNG:
		meta.Format = PNG
	case typeJPEG:
		meta.Format = JPEG
	case typeWebP:
		meta.Format = WebP
	}
	e7 := func(v int32) float64 { return float64(v) / 1e7 }
	b := orb.Bound{Min: orb.Point{e7(h.minLonE7), e7(h.minLatE7)}, Max: orb.Point{e7(h.maxLonE7), e7(h.maxLatE7)}}
	switch {
	case b.Min == b.Max && b.Min == orb.Point{}:
		b = World
	case b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] || b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90:
		warn("the header's bounds %v are not a longitude/latitude box: the whole world is assumed", b)
		b = World
	}
	meta.Bounds = b
	meta.Center = orb.Point{e7(h.centerLonE7), e7(h.centerLatE7)}
	if !b.Pad(1e-7).Contains(meta.Center) {
		meta.Center = b.Center()
	}
	meta.CenterZoom = max(meta.MinZoom, min(meta.CenterZoom, meta.MaxZoom))
	if len(raw) == 0 {
		return meta
	}
	var j map[string]json.RawMessage
	if err := json.Unmarshal(raw, &j); err != nil {
		warn("the JSON metadata cannot be read (%v): name, attribution and vector layers are not known", err)
		return meta
	}
	str := func(k string) string {
		var s string
		json.Unmarshal(j[k], &s)
		return s
	}
	meta.Name, meta.Description, meta.Attribution = str("name"), str("description"), str("attribution")
	layers := j["vector_layers"]
	if layers == nil {
		// metadata converted from MBTiles may keep its "json" value as a string
		var inner struct {
			VectorLayers json.RawMessage `json:"vector_layers"`
		}
		if s := str("json"); s != "" && json.Unmarshal([]byte(s), &inner) == nil {
			layers = inner.VectorLayers
		}
	}
	if meta.Format.Vector() || h.tileType == typeUnknown {
		vl, err := parseVectorLayers(layers)
		if err != nil {
			warn("the vector layers cannot be read: %v", err)
		}
		meta.VectorLayers = vl
	}
	for _, k := range []string{"tileSize", "tilesize", "tile_size"} {
		var v any
		if json.Unmarshal(j[k], &v) == nil {
			if n, ok := jsonInt(v); ok && n > 0 && n <= 4096 {
				meta.TileSize = n
				break
			}
		}
	}
	return meta
}

// sample reads the first tile to learn the format of an archive whose
// header does not say it, and the size of raster tiles.
func (p *PMTiles) sample() error {
	dir := p.root
	for depth := 0; ; depth++ {
		if depth >= maxDirDepth {
			return loadErr(p.name, fmt.Sprintf("its directories nest more than %d deep: the file is damaged", maxDirDepth), nil)
		}
		e := dir[0]
		if e.runLength > 0 {
			b, err := p.readTile(e)
			if err != nil {
				return loadErr(p.name, "cannot read its first tile: "+err.Error(), err)
			}
			if p.h.tileType == typeUnknown {
				f := sniffDeep(b)
				if f == "" {
					return loadErr(p.name, fmt.Sprintf("unknown tile format: the header does not say it and the tiles are not PNG, JPEG, WebP or vector tiles (they start with % x)", head8(b)), ErrUnsupported)
				}
				p.meta.Format = f
			}
			if !p.meta.Format.Vector() {
				if n := rasterSize(b); n > 0 {
					p.meta.TileSize = n
				}
			}
			return nil
		}
		var err error
		if dir, err = p.leaf(e); err != nil {
			return loadErr(p.name, "cannot read a leaf directory: "+err.Error(), err)
		}
	}
}

// Metadata describes the tileset.
func (p *PMTiles) Metadata() Metadata { return p.meta }

// Tile returns the tile at z/x/y in XYZ addressing, decompressed.
func (p *PMTiles) Tile(ctx context.Context, z, x, y int) ([]byte, error) {
	if !validXYZ(z, x, y) || z < int(p.h.minZoom) || z > int(p.h.maxZoom) {
		return nil, noTile(p.name, z, x, y)
	}
	if err := ctx.Err(); err != nil {
		return nil, tileErr(p.name, z, x, y, err)
	}
	id := tileID(uint8(z), uint32(x), uint32(y))
	dir := p.root
	for depth := 0; depth < maxDirDepth; depth++ {
		e, ok := findEntry(dir, id)
		if !ok {
			return nil, noTile(p.name, z, x, y)
		}
		if e.runLength > 0 {
			b, err := p.readTile(e)
			if err != nil {
				return nil, tileErr(p.name, z, x, y, err)
			}
			return b, nil
		}
		var err error
		if dir, err = p.leaf(e); err != nil {
			return nil, tileErr(p.name, z, x, y, err)
		}
	}
	return nil, tileErr(p.name, z, x, y, fmt.Errorf("directories nest more than %d deep: the file is damaged", maxDirDepth))
}

// readTile reads and decompresses the tile data of an entry.
func (p *PMTiles) readTile(e entry) ([]byte, error) {
	b, err := p.readAt(p.h.dataOffset, e)
	if err != nil {
		return nil, err
	}
	return decompress(b, p.h.tileCompression)
}

// readAt reads the bytes of entry e, whose offset is relative to the
// section starting at off, checked against the file's size.
func (p *PMTiles) readAt(off uint64, e entry) ([]byte, error) {
	start := off + e.offset
	if start < off || start > uint64(p.size) || uint64(e.length) > uint64(p.size)-start {
		return nil, fmt.Errorf("%d bytes at %d lie past the end of the file (%d bytes): it is cut short or damaged", e.length, start, p.size)
	}
	b := make([]byte, e.length)
	if _, err := p.r.ReadAt(b, int64(start)); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return b, nil
}

// leaf returns the leaf directory of entry e, from the cache or the file.
func (p *PMTiles) leaf(e entry) ([]entry, error) {
	key := e.offset
	p.mu.Lock()
	if el, ok := p.leaves[key]; ok {
		p.lru.MoveToFront(el)
		es := el.Value.(*leafDir).entries
		p.mu.Unlock()
		return es, nil
	}
	p.mu.Unlock()
	raw, err := p.readAt(p.h.leafOffset, e)
	if err != nil {
		return nil, fmt.Errorf("leaf directory: %w", err)
	}
	es, err := p.directory(raw)
	if err != nil {
		return nil, fmt.Errorf("leaf directory: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if el, ok := p.leaves[key]; ok { // another goroutine read it meanwhile
		p.lru.MoveToFront(el)
		return el.Value.(*leafDir).entries, nil
	}
	p.leaves[key] = p.lru.PushFront(&leafDir{off: key, entries: es})
	if p.lru.Len() > leafCacheSize {
		old := p.lru.Remove(p.lru.Back()).(*leafDir)
		delete(p.leaves, old.off)
	}
	return es, nil
}

// Close closes the file when the archive was opened by OpenPMTiles.
func (p *PMTiles) Close() error {
	if p.closer != nil {
		return p.closer.Close()
	}
	return nil
}
