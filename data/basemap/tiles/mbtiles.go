package tiles

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"campmap/internal/sqlitedb"
)

// MBTiles is an MBTiles file opened read-only (MBTiles 1.3: a tiles table
// or view of zoom_level, tile_column, tile_row in TMS order, tile_data, and
// a metadata table of name/value pairs). It is a Source, safe for
// concurrent use.
type MBTiles struct {
	path string
	db   *sql.DB
	stmt *sql.Stmt
	meta Metadata
}

// mbtilesConns is how many SQLite connections serve concurrent Tile calls.
const mbtilesConns = 4

// OpenMBTiles opens the MBTiles file at path read-only and reads its
// metadata, deriving what is missing (see Metadata). The error is a
// *data.LoadError naming the file and the problem.
func OpenMBTiles(path string) (*MBTiles, error) {
	if _, err := readHead(path, 16); err != nil {
		return nil, err
	}
	db, err := sqlitedb.OpenReadOnly(path, mbtilesConns)
	if err != nil {
		return nil, loadErr(path, "cannot open the file as an SQLite database", err)
	}
	m := &MBTiles{path: path, db: db}
	if err := m.init(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return m, nil
}

func (m *MBTiles) init(ctx context.Context) error {
	path := m.path
	names := map[string]bool{}
	rows, err := m.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type IN ('table', 'view')`)
	if err != nil {
		return loadErr(path, "cannot read the file as an SQLite database (is it damaged, or not an MBTiles file?)", err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return loadErr(path, "cannot list the tables of the SQLite database", err)
		}
		names[strings.ToLower(n)] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return loadErr(path, "cannot read the file as an SQLite database (is it damaged, or not an MBTiles file?)", err)
	}
	if !names["tiles"] {
		msg := "this SQLite database is not an MBTiles file: it has no tiles table"
		if names["gpkg_contents"] {
			msg = "this is a GeoPackage, not an MBTiles file: open it as a data layer, not as a basemap"
		} else if len(names) == 0 {
			msg = "this SQLite database is empty: an MBTiles file needs tiles and metadata tables"
		}
		return loadErr(path, msg, nil)
	}
	kv := map[string]string{}
	var warnings []string
	if names["metadata"] {
		rows, err := m.db.QueryContext(ctx, `SELECT name, value FROM metadata`)
		if err != nil {
			return loadErr(path, "cannot read the metadata table (it needs name and value columns)", err)
		}
		for rows.Next() {
			var k, v sql.NullString
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return loadErr(path, "cannot read the metadata table", err)
			}
			if k.Valid && v.Valid {
				kv[strings.ToLower(strings.TrimSpace(k.String))] = v.String
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return loadErr(path, "cannot read the metadata table", err)
		}
	} else {
		warnings = append(warnings, "the file has no metadata table: format, bounds and zooms are derived from the tiles")
	}
	stmt, err := m.db.PrepareContext(ctx, `SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`)
	if err != nil {
		return loadErr(path, "cannot read the tiles table (it needs zoom_level, tile_column, tile_row and tile_data columns)", err)
	}
	m.stmt = stmt
	var sample []byte
	if err := m.db.QueryRowContext(ctx, `SELECT tile_data FROM tiles WHERE tile_data IS NOT NULL LIMIT 1`).Scan(&sample); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return loadErr(path, "the tiles table is empty: the file holds no tile to show", nil)
		}
		return loadErr(path, "cannot read the tiles table (it needs zoom_level, tile_column, tile_row and tile_data columns)", err)
	}
	meta, err := parseMBTilesMetadata(kv, sample)
	if err != nil {
		return loadErr(path, err.Error(), err)
	}
	meta.Warnings = append(warnings, meta.Warnings...)
	var zmin, zmax sql.NullInt64
	var count int64
	if err := m.db.QueryRowContext(ctx, `SELECT min(zoom_level), max(zoom_level), count(*) FROM tiles`).Scan(&zmin, &zmax, &count); err != nil {
		return loadErr(path, "cannot read the zoom levels of the tiles table", err)
	}
	meta.Tiles = count
	if meta.MinZoom < 0 && zmin.Valid {
		meta.MinZoom = int(zmin.Int64)
	}
	if meta.MaxZoom < 0 && zmax.Valid {
		meta.MaxZoom = int(zmax.Int64)
	}
	meta.MinZoom = max(0, min(meta.MinZoom, maxZoom))
	meta.MaxZoom = max(meta.MinZoom, min(meta.MaxZoom, maxZoom))
	if meta.CenterZoom < 0 {
		meta.CenterZoom = meta.MinZoom
	}
	meta.CenterZoom = max(meta.MinZoom, min(meta.CenterZoom, meta.MaxZoom))
	m.meta = meta
	return nil
}

// mbtilesError is what parseMBTilesMetadata returns for a file that
// cannot be shown; it wraps ErrUnsupported.
type mbtilesError struct{ msg string }

func (e *mbtilesError) Error() string { return e.msg }
func (e *mbtilesError) Unwrap() error { return ErrUnsupported }

// parseMBTilesMetadata reads the metadata table's name/value pairs (names
// in lower case) and the bytes of one tile (for the format when the
// metadata does not say it, and a raster tile's size). MinZoom, MaxZoom
// and CenterZoom are -1 when the caller must derive them from the tiles.
// The error wraps ErrUnsupported for a tile format campmap cannot decode.
func parseMBTilesMetadata(kv map[string]string, sample []byte) (Metadata, error) {
	meta := Metadata{
		Container:   MBTilesContainer,
		Name:        strings.TrimSpace(kv["name"]),
		Description: strings.TrimSpace(kv["description"]),
		Attribution: strings.TrimSpace(kv["attribution"]),
		MinZoom:     -1, MaxZoom: -1, CenterZoom: -1,
	}
	warn := func(format string, args ...any) {
		meta.Warnings = append(meta.Warnings, fmt.Sprintf(format, args...))
	}
	sniffed := sniffDeep(sample)
	switch f := strings.ToLower(strings.TrimSpace(kv["format"])); f {
	case "png":
		meta.Format = PNG
	case "jpg", "jpeg":
		meta.Format = JPEG
	case "webp":
		meta.Format = WebP
	case "pbf", "mvt":
		meta.Format = MVT
	case "":
		if sniffed == "" {
			return meta, &mbtilesError{fmt.Sprintf("unknown tile format: the metadata has no format and the tiles are not PNG, JPEG, WebP or vector tiles (they start with % x)", head8(sample))}
		}
		meta.Format = sniffed
	default:
		return meta, &mbtilesError{fmt.Sprintf("tile format %q: campmap shows png, jpg, webp and pbf (vector) tiles", f)}
	}
	if sniffed != "" && sniffed != meta.Format {
		warn("the metadata says the tiles are %s but they are %s", meta.Format, sniffed)
		meta.Format = sniffed
	}
	if !meta.Format.Vector() {
		meta.TileSize = rasterSize(sample)
	}

	meta.Bounds = World
	if s, ok := kv["bounds"]; ok {
		if b, ok := parseBounds(s); ok {
			meta.Bounds = b
		} else {
			warn("bounds %q are not minlon,minlat,maxlon,maxlat: the whole world is assumed", s)
		}
	}
	for _, z := range []struct {
		key string
		dst *int
	}{{"minzoom", &meta.MinZoom}, {"maxzoom", &meta.MaxZoom}} {
		s, ok := kv[z.key]
		if !ok {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 0 && n <= maxZoom {
			*z.dst = n
		} else {
			warn("%s %q is not a zoom from 0 to %d: the zooms of the tiles are used", z.key, s, maxZoom)
		}
	}
	if meta.MinZoom >= 0 && meta.MaxZoom >= 0 && meta.MinZoom > meta.MaxZoom {
		warn("minzoom %d is above maxzoom %d: the zooms of the tiles are used", meta.MinZoom, meta.MaxZoom)
		meta.MinZoom, meta.MaxZoom = -1, -1
	}
	meta.Center = meta.Bounds.Center()
	if s, ok := kv["center"]; ok {
		if c, z, ok := parseCenter(s); ok {
			meta.Center, meta.CenterZoom = c, z
		} else {
			warn("center %q is not lon,lat,zoom: the middle of the bounds is used", s)
		}
	}
	if s, ok := kv["json"]; ok && meta.Format.Vector() {
		var j struct {
			VectorLayers json.RawMessage `json:"vector_layers"`
		}
		err := json.Unmarshal([]byte(s), &j)
		if err == nil {
			meta.VectorLayers, err = parseVectorLayers(j.VectorLayers)
		}
		if err != nil {
			warn("the json metadata cannot be read (%v): the vector layers are not listed", err)
		}
	}
	return meta, nil
}

// head8 returns up to the first 8 bytes of b.
func head8(b []byte) []byte { return b[:min(len(b), 8)] }

// parseBounds reads "minlon,minlat,maxlon,maxlat".
func parseBounds(s string) (orb.Bound, bool) {
	v, ok := parseFloats(s, 4)
	if !ok || v[0] > v[2] || v[1] > v[3] || v[0] < -180 || v[2] > 180 || v[1] < -90 || v[3] > 90 {
		return orb.Bound{}, false
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, true
}

// parseCenter reads "lon,lat,zoom" (or "lon,lat"; the zoom is then -1).
func parseCenter(s string) (orb.Point, int, bool) {
	v, ok := parseFloats(s, 3)
	z := -1
	if ok {
		if v[2] < 0 || v[2] > maxZoom {
			return orb.Point{}, 0, false
		}
		z = int(v[2])
	} else if v, ok = parseFloats(s, 2); !ok {
		return orb.Point{}, 0, false
	}
	if v[0] < -180 || v[0] > 180 || v[1] < -90 || v[1] > 90 {
		return orb.Point{}, 0, false
	}
	return orb.Point{v[0], v[1]}, z, true
}

// parseFloats reads n comma-separated finite numbers.
func parseFloats(s string, n int) ([]float64, bool) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, false
	}
	v := make([]float64, n)
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false
		}
		v[i] = f
	}
	return v, true
}

// Metadata describes the tileset.
func (m *MBTiles) Metadata() Metadata { return m.meta }

// Tile returns the tile at z/x/y in XYZ addressing (the row in the file is
// 2^z-1-y), gunzipped when it is a gzipped vector tile.
func (m *MBTiles) Tile(ctx context.Context, z, x, y int) ([]byte, error) {
	if !validXYZ(z, x, y) {
		return nil, noTile(m.path, z, x, y)
	}
	row := (1 << z) - 1 - y
	var b []byte
	if err := m.stmt.QueryRowContext(ctx, z, x, row).Scan(&b); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, noTile(m.path, z, x, y)
		}
		return nil, tileErr(m.path, z, x, y, err)
	}
	if len(b) == 0 {
		return nil, noTile(m.path, z, x, y)
	}
	if m.meta.Format.Vector() && isGzip(b) {
		var err error
		if b, err = gunzip(b); err != nil {
			return nil, tileErr(m.path, z, x, y, err)
		}
	}
	return b, nil
}

// Close closes the database.
func (m *MBTiles) Close() error {
	if m.stmt != nil {
		m.stmt.Close()
	}
	return m.db.Close()
}
