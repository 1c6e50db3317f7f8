// Package tiles reads offline tiled basemaps: MBTiles (an SQLite database,
// raster or gzipped vector tiles in TMS rows) and PMTiles version 3 (one
// file of Hilbert-ordered tiles behind compressed directories), both
// through one Source interface in XYZ (slippy map) addressing, and decodes
// their tiles: raster ones to an image.Image, vector ones (Mapbox Vector
// Tiles) to mvt.Layers.
//
// The package is pure Go: MBTiles goes through the pure-Go SQLite driver,
// PMTiles is read from the specification through an io.ReaderAt, so a
// large archive is never loaded whole.
package tiles

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/geo"
)

// Format is the kind of data a tile holds.
type Format string

// The tile formats campmap can decode.
const (
	PNG  Format = "png"
	JPEG Format = "jpg"
	WebP Format = "webp"
	MVT  Format = "pbf" // Mapbox Vector Tile (protocol buffers), decompressed
)

// Vector reports whether tiles of this format are vector tiles.
func (f Format) Vector() bool { return f == MVT }

// String returns a name for people: "PNG", "JPEG", "WebP" or "vector (MVT)".
func (f Format) String() string {
	switch f {
	case PNG:
		return "PNG"
	case JPEG:
		return "JPEG"
	case WebP:
		return "WebP"
	case MVT:
		return "vector (MVT)"
	}
	return string(f)
}

// Container names the file format of a Source.
type Container string

// The file formats Open reads.
const (
	MBTilesContainer Container = "MBTiles"
	PMTilesContainer Container = "PMTiles"
)

// VectorLayer describes one layer of a vector tileset, as the TileJSON
// vector_layers list gives it (MBTiles "json" metadata, PMTiles metadata).
type VectorLayer struct {
	ID          string            `json:"id"`
	Description string            `json:"description,omitempty"`
	MinZoom     int               `json:"minzoom"`
	MaxZoom     int               `json:"maxzoom"`
	Fields      map[string]string `json:"fields"` // field name to type ("String", "Number", "Boolean")
}

// Metadata describes a tileset. Every field is filled: what the file does
// not say is derived (bounds default to the Web Mercator world, the centre
// to the middle of the bounds at MinZoom, zooms to those of the tiles
// present), and Warnings say what was derived from a malformed value.
type Metadata struct {
	Container   Container
	Version     int // PMTiles spec version (3); 0 for MBTiles
	Name        string
	Description string
	Attribution string
	Format      Format
	// TileSize is the side of a raster tile in pixels (256, 512), read
	// from the first tile; 0 for vector tiles, whose size is notional.
	TileSize   int
	Bounds     orb.Bound // longitude/latitude
	Center     orb.Point // longitude/latitude
	CenterZoom int
	MinZoom    int
	MaxZoom    int
	// Tiles is the number of tiles addressed, or 0 when unknown.
	Tiles int64
	// VectorLayers lists the layers of a vector tileset and their fields,
	// in the file's order; nil for raster tiles or when the file has none.
	VectorLayers []VectorLayer
	// Warnings says what the file got wrong and was worked around.
	Warnings []string
}

// Source is a tiled basemap opened for reading. Its methods are safe for
// concurrent use by any number of goroutines; Close must not be called
// while another method is in progress.
type Source interface {
	// Metadata describes the tileset; the value is read at Open and never
	// changes (its slices must not be modified).
	Metadata() Metadata
	// Tile returns the bytes of the tile at zoom z, column x and row y in
	// XYZ addressing (y = 0 at the north), decompressed: an image file
	// for raster tiles, a protocol buffer for vector tiles. A tile the
	// file does not hold (outside its zooms or area, or a hole) gives an
	// error wrapping ErrNoTile.
	Tile(ctx context.Context, z, x, y int) ([]byte, error)
	// Close releases the file.
	Close() error
}

// Async is a Source whose tiles may not be at hand at once (tiles fetched
// from a server). The render path never waits on it: Cached returns a
// tile only when it is in memory or on disk now (ok false otherwise, and
// then asks for it in the background); the function given to SetNotify is
// called, on any goroutine, each time tiles asked for have arrived, so the
// map can be drawn again. A headless command that must wait calls Tile.
type Async interface {
	Source
	Cached(z, x, y int) (b []byte, ok bool, err error)
	SetNotify(func())
}

// ErrNoTile is wrapped by Source.Tile when the file holds no tile at the
// position asked for.
var ErrNoTile = errors.New("no tile there")

// ErrUnsupported is wrapped by the errors of Open for a file campmap
// understands but cannot show: a future version, a compression or a tile
// format it does not decode.
var ErrUnsupported = errors.New("unsupported")

// Magic numbers of the containers.
var (
	sqliteMagic  = []byte("SQLite format 3\x00")
	pmtilesMagic = []byte("PMTiles")
)

// Open opens the tiled basemap at path, an MBTiles or a PMTiles file chosen
// by its first bytes (then by its extension, to say what is wrong). The
// error is a *data.LoadError naming the file, the problem and what to do.
func Open(path string) (Source, error) {
	if err := data.CheckRegular("tiles", path); err != nil {
		return nil, err
	}
	head, err := readHead(path, 16)
	if err != nil {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, sqliteMagic):
		return OpenMBTiles(path)
	case bytes.HasPrefix(head, pmtilesMagic), bytes.HasPrefix(head, []byte("PM")) && len(head) >= 3 && head[2] < 3:
		return OpenPMTiles(path)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".mbtiles":
		return nil, loadErr(path, "not an SQLite database, so not an MBTiles file (is it damaged, or misnamed?)", nil)
	case ".pmtiles":
		return nil, loadErr(path, "not a PMTiles file: it does not start with \"PMTiles\" (is it damaged, or misnamed?)", nil)
	}
	return nil, loadErr(path, "neither an MBTiles nor a PMTiles file: a tiled basemap is a .mbtiles or .pmtiles file", nil)
}

// readHead returns the first n bytes of the file (fewer when it is
// shorter), with an error for a missing or empty file.
func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, openErr(path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, loadErr(path, "this is a folder: choose a .mbtiles or .pmtiles file in it", nil)
	}
	head := make([]byte, n)
	k, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, loadErr(path, "cannot read the file", err)
	}
	if k == 0 {
		return nil, loadErr(path, "the file is empty (was it copied or downloaded completely?)", nil)
	}
	return head[:k], nil
}

// loadErr returns the error of a file that cannot be used: "tiles: load
// PATH: MSG".
func loadErr(path, msg string, err error) error {
	return &data.LoadError{Pkg: "tiles", Path: path, Feature: -1, Msg: msg, Err: err}
}

// openErr returns the error of a file that cannot be opened.
func openErr(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return loadErr(path, "the file does not exist (check the name and folder)", err)
	}
	msg := "cannot open the file"
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		msg += ": " + pe.Err.Error()
	}
	return loadErr(path, msg, err)
}

// tileErr returns the error of one tile that cannot be read.
func tileErr(path string, z, x, y int, err error) error {
	return fmt.Errorf("tiles: %s: tile %d/%d/%d: %w", filepath.Base(path), z, x, y, err)
}

// noTile returns the error of a tile the file does not hold.
func noTile(path string, z, x, y int) error {
	return tileErr(path, z, x, y, ErrNoTile)
}

// validXYZ reports whether z/x/y names a tile of the XYZ pyramid.
func validXYZ(z, x, y int) bool {
	if z < 0 || z > maxZoom || x < 0 || y < 0 {
		return false
	}
	n := 1 << z
	return x < n && y < n
}

// maxZoom is the deepest zoom a tile id can address (PMTiles ids fit in
// 64 bits up to zoom 31; 30 keeps 2^z in an int32).
const maxZoom = 30

// World is the Web Mercator world in longitude/latitude, the bounds of a
// tileset that does not give its own.
var World = orb.Bound{Min: orb.Point{-180, -geo.MaxLat}, Max: orb.Point{180, geo.MaxLat}}
