// Package tiletest writes small MBTiles and PMTiles files for tests: a
// made-up town by the sea near Calais as vector tiles in the OpenMapTiles
// or the Protomaps schema, or as raster tiles, so the renderer, the
// command line and the window are tested against files whose every tile
// is known. It is used by tests only.
package tiletest

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/project"

	"campmap/geo"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// Pos is a tile position in XYZ addressing (y = 0 at the north).
type Pos struct{ Z, X, Y int }

// Bound is the area the fixtures cover: the town and its sea.
var Bound = orb.Bound{Min: orb.Point{1.80, 50.925}, Max: orb.Point{1.92, 50.985}}

// Center is the middle of the town.
var Center = orb.Point{1.855, 50.953}

// Attribution is the fixtures' attribution.
const Attribution = `<a href="https://example.org/">© Test Tiles</a> <a href="https://www.openstreetmap.org/copyright">© OpenStreetMap contributors</a>`

// Schema names a vector tile schema.
type Schema string

// The schemas the fixtures are written in.
const (
	OpenMapTiles Schema = "openmaptiles"
	Protomaps    Schema = "protomaps"
)

// feature is one feature of the made-up town, before it is cut into
// tiles: its geometry in longitude/latitude and properties per schema.
type feature struct {
	omt, pm   string // layer in each schema ("" none)
	g         orb.Geometry
	omtP, pmP geojson.Properties
	minZ      int
}

// box returns a polygon of the box lon0..lon1, lat0..lat1.
func box(lon0, lat0, lon1, lat1 float64) orb.Polygon {
	return orb.Polygon{{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}
}

// p is a shorthand for properties.
type p = geojson.Properties

// town returns the made-up town.
func town() []feature {
	coast := 50.966
	fs := []feature{
		{omt: "water", pm: "water", g: box(1.70, coast, 2.02, 51.05), omtP: p{"class": "ocean"}, pmP: p{"kind": "ocean"}},
		{pm: "earth", g: box(1.70, 50.88, 2.02, coast), pmP: p{"kind": "earth"}},
		{omt: "landcover", pm: "landcover", g: box(1.80, 50.928, 1.835, 50.942), omtP: p{"class": "wood"}, pmP: p{"kind": "forest"}},
		{omt: "landuse", pm: "landuse", g: box(1.842, 50.944, 1.872, 50.962), omtP: p{"class": "residential"}, pmP: p{"kind": "residential"}},
		{omt: "park", pm: "landuse", g: box(1.874, 50.950, 1.884, 50.957), omtP: p{"class": "park", "name": "Parc Richelieu"}, pmP: p{"kind": "park"}},
		{omt: "landuse", pm: "landuse", g: box(1.89, 50.955, 1.915, 50.964), omtP: p{"class": "industrial"}, pmP: p{"kind": "industrial"}},
		{omt: "water", pm: "water", g: box(1.86, 50.930, 1.868, 50.936), omtP: p{"class": "lake"}, pmP: p{"kind": "lake"}},
		{omt: "waterway", pm: "water", g: orb.LineString{{1.80, 50.949}, {1.83, 50.951}, {1.864, 50.933}}, omtP: p{"class": "canal", "name": "Canal de Calais"}, pmP: p{"kind": "canal", "name": "Canal de Calais"}},
		{omt: "boundary", pm: "boundaries", g: orb.LineString{{1.835, 50.88}, {1.838, 50.966}}, omtP: p{"admin_level": 8.0}, pmP: p{"kind": "locality", "kind_detail": 8.0}},
		{omt: "boundary", pm: "boundaries", g: orb.LineString{{1.915, 50.88}, {1.915, 50.966}}, omtP: p{"admin_level": 4.0}, pmP: p{"kind": "region", "kind_detail": 4.0}},
		// roads
		{omt: "transportation", pm: "roads", g: orb.LineString{{1.80, 50.930}, {1.85, 50.936}, {1.92, 50.941}}, omtP: p{"class": "motorway"}, pmP: p{"kind": "highway", "name": "A16", "ref": "A16"}},
		{omt: "transportation", pm: "roads", g: orb.LineString{{1.857, 50.966}, {1.857, 50.93}}, omtP: p{"class": "primary"}, pmP: p{"kind": "major_road", "name": "Boulevard Jacquard"}},
		{omt: "transportation", pm: "roads", g: orb.LineString{{1.82, 50.958}, {1.90, 50.947}}, omtP: p{"class": "secondary"}, pmP: p{"kind": "medium_road", "kind_detail": "secondary", "name": "Rue Royale"}},
		{omt: "transportation", pm: "roads", g: orb.LineString{{1.84, 50.9445}, {1.87, 50.9445}}, omtP: p{"class": "tertiary"}, pmP: p{"kind": "medium_road", "kind_detail": "tertiary", "name": "Rue des Fleurs"}},
		{omt: "transportation", pm: "roads", g: orb.LineString{{1.872, 50.938}, {1.872, 50.962}}, omtP: p{"class": "path"}, pmP: p{"kind": "path"}},
		{omt: "transportation", pm: "roads", g: orb.LineString{{1.80, 50.944}, {1.92, 50.961}}, omtP: p{"class": "rail"}, pmP: p{"kind": "rail"}},
		{omt: "transportation_name", g: orb.LineString{{1.857, 50.966}, {1.857, 50.93}}, omtP: p{"class": "primary", "name": "Boulevard Jacquard"}},
		{omt: "transportation_name", g: orb.LineString{{1.82, 50.958}, {1.90, 50.947}}, omtP: p{"class": "secondary", "name": "Rue Royale"}},
		{omt: "transportation_name", g: orb.LineString{{1.84, 50.9445}, {1.87, 50.9445}}, omtP: p{"class": "tertiary", "name": "Rue des Fleurs"}},
		// places
		{omt: "place", pm: "places", g: orb.Point{1.858, 50.952}, omtP: p{"class": "city", "name": "Calais", "rank": 4.0}, pmP: p{"kind": "locality", "kind_detail": "city", "name": "Calais", "min_zoom": 6.0, "population_rank": 10.0}},
		{omt: "place", pm: "places", g: orb.Point{1.812, 50.936}, omtP: p{"class": "village", "name": "Coquelles", "rank": 8.0}, pmP: p{"kind": "locality", "kind_detail": "village", "name": "Coquelles", "min_zoom": 10.0, "population_rank": 6.0}},
		{omt: "place", pm: "places", g: orb.Point{1.885, 50.944}, omtP: p{"class": "suburb", "name": "Saint-Pierre", "rank": 10.0}, pmP: p{"kind": "neighbourhood", "name": "Saint-Pierre", "min_zoom": 11.0, "population_rank": 5.0}},
		{omt: "water_name", pm: "water", g: orb.Point{1.86, 50.975}, omtP: p{"class": "sea", "name": "La Manche"}, pmP: p{"kind": "ocean", "name": "La Manche"}},
	}
	// streets and buildings of the residential area
	for i := 0; i < 6; i++ {
		lat := 50.946 + float64(i)*0.003
		fs = append(fs, feature{omt: "transportation", pm: "roads", g: orb.LineString{{1.842, lat}, {1.872, lat}},
			omtP: p{"class": "minor"}, pmP: p{"kind": "minor_road", "name": "Rue " + strconv.Itoa(i+1)}})
		if i < 5 {
			for j := 0; j < 12; j++ {
				lon := 1.8435 + float64(j)*0.0024
				fs = append(fs, feature{omt: "building", pm: "buildings", g: box(lon, lat+0.0006, lon+0.0016, lat+0.0022),
					omtP: p{}, pmP: p{"kind": "building"}, minZ: 13})
			}
		}
	}
	return fs
}

// VectorTiles returns the town as gzipped vector tiles of schema s from
// zoom z0 to z1, with the vector_layers of its metadata.
func VectorTiles(s Schema, z0, z1 int) (map[Pos][]byte, []map[string]any, error) {
	return vectorTiles(town(), s, z0, z1)
}

// dense returns the town with a city's worth of detail added: a block
// grid of streets cut at every crossing, a land use polygon and four
// buildings per block, as in OpenStreetMap tiles of a built-up area.
func dense() []feature {
	fs := town()
	const step = 0.0015
	for i := 0; i < 80; i++ {
		for j := 0; j < 26; j++ {
			lon, lat := Bound.Min[0]+float64(i)*step, Bound.Min[1]+float64(j)*step
			name := "Rue " + strconv.Itoa(i) + "-" + strconv.Itoa(j)
			fs = append(fs,
				feature{omt: "transportation", pm: "roads", g: orb.LineString{{lon, lat}, {lon + step/2, lat + 0.00002}, {lon + step, lat}},
					omtP: p{"class": "minor"}, pmP: p{"kind": "minor_road", "name": name}},
				feature{omt: "transportation", pm: "roads", g: orb.LineString{{lon, lat}, {lon, lat + step}},
					omtP: p{"class": "service"}, pmP: p{"kind": "minor_road", "kind_detail": "service"}},
				feature{omt: "landuse", pm: "landuse", g: box(lon+0.0001, lat+0.0001, lon+step-0.0001, lat+step-0.0001),
					omtP: p{"class": "residential"}, pmP: p{"kind": "residential"}, minZ: 12})
			if j%3 == 0 {
				fs = append(fs, feature{omt: "transportation_name", g: orb.LineString{{lon, lat}, {lon + step, lat}}, omtP: p{"class": "minor", "name": name}})
			}
			for k := 0; k < 4; k++ {
				bx, by := lon+0.0002+float64(k%2)*0.0006, lat+0.0002+float64(k/2)*0.0006
				fs = append(fs, feature{omt: "building", pm: "buildings", g: box(bx, by, bx+0.0004, by+0.0004), omtP: p{}, pmP: p{"kind": "building"}, minZ: 13})
			}
		}
	}
	return fs
}

func vectorTiles(fs []feature, s Schema, z0, z1 int) (map[Pos][]byte, []map[string]any, error) {
	out := map[Pos][]byte{}
	names := map[string]bool{}
	for _, pos := range Pyramid(Bound, z0, z1) {
		mt := maptile.New(uint32(pos.X), uint32(pos.Y), maptile.Zoom(pos.Z))
		byLayer := map[string]*geojson.FeatureCollection{}
		var order []string
		for _, f := range fs {
			layer, props := f.omt, f.omtP
			if s == Protomaps {
				layer, props = f.pm, f.pmP
			}
			if layer == "" || pos.Z < f.minZ {
				continue
			}
			fc, ok := byLayer[layer]
			if !ok {
				fc = geojson.NewFeatureCollection()
				byLayer[layer] = fc
				order = append(order, layer)
			}
			gf := geojson.NewFeature(orb.Clone(f.g)) // projecting changes it in place
			gf.Properties = props.Clone()
			fc.Append(gf)
		}
		var ls mvt.Layers
		for _, name := range order {
			l := mvt.NewLayer(name, byLayer[name])
			l.ProjectToTile(mt)
			l.Clip(mvt.MapboxGLDefaultExtentBound)
			orient(l)
			if len(l.Features) > 0 {
				ls = append(ls, l)
				names[name] = true
			}
		}
		b, err := mvt.MarshalGzipped(ls)
		if err != nil {
			return nil, nil, fmt.Errorf("tiletest: tile %v: %w", pos, err)
		}
		out[pos] = b
	}
	var layers []map[string]any
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	slices.Sort(sorted)
	for _, n := range sorted {
		layers = append(layers, map[string]any{"id": n, "minzoom": z0, "maxzoom": z1, "fields": map[string]string{"name": "String"}})
	}
	return out, layers, nil
}

// orient turns the rings of l's polygons (in tile pixels, y down) the
// way the vector tile specification wants: outer rings clockwise on the
// screen, holes the other way.
func orient(l *mvt.Layer) {
	fix := func(p orb.Polygon) {
		for i, r := range p {
			if (r.Orientation() == orb.CCW) != (i == 0) {
				r.Reverse()
			}
		}
	}
	for _, f := range l.Features {
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			fix(g)
		case orb.MultiPolygon:
			for _, p := range g {
				fix(p)
			}
		}
	}
}

// Pyramid returns every tile covering b from zoom z0 to z1.
func Pyramid(b orb.Bound, z0, z1 int) []Pos {
	var ps []Pos
	for z := z0; z <= z1; z++ {
		a := maptile.At(orb.Point{b.Min[0], b.Max[1]}, maptile.Zoom(z))
		c := maptile.At(orb.Point{b.Max[0], b.Min[1]}, maptile.Zoom(z))
		for y := a.Y; y <= c.Y; y++ {
			for x := a.X; x <= c.X; x++ {
				ps = append(ps, Pos{z, int(x), int(y)})
			}
		}
	}
	return ps
}

// RasterTiles returns the town as raster tiles of size pixels from zoom
// z0 to z1, as PNG or (jpg true) JPEG: sea and land split at the coast,
// a grid of white streets every 250 m, a dark red square marking the
// centre, so that resampling and position can be seen.
func RasterTiles(size, z0, z1 int, jpg bool) (map[Pos][]byte, error) {
	out := map[Pos][]byte{}
	coast := project.WGS84.ToMercator(orb.Point{0, 50.966})[1]
	ctr := project.WGS84.ToMercator(Center)
	for _, pos := range Pyramid(Bound, z0, z1) {
		img := image.NewRGBA(image.Rect(0, 0, size, size))
		world := geo.WorldMeters
		tsz := world / float64(int(1)<<pos.Z)
		ox, oy := -world/2+float64(pos.X)*tsz, world/2-float64(pos.Y)*tsz
		for py := 0; py < size; py++ {
			for px := 0; px < size; px++ {
				mx := ox + (float64(px)+0.5)/float64(size)*tsz
				my := oy - (float64(py)+0.5)/float64(size)*tsz
				c := color.RGBA{0xE4, 0xDC, 0xCF, 0xff}
				switch {
				case my > coast:
					c = color.RGBA{0x9C, 0xC8, 0xE0, 0xff}
				case math.Abs(mx-ctr[0]) < 60 && math.Abs(my-ctr[1]) < 60:
					c = color.RGBA{0x90, 0x20, 0x20, 0xff}
				case math.Mod(math.Abs(mx), 250) < 14 || math.Mod(math.Abs(my), 250) < 14:
					c = color.RGBA{0xff, 0xff, 0xff, 0xff}
				}
				img.SetRGBA(px, py, c)
			}
		}
		var b bytes.Buffer
		var err error
		if jpg {
			err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 90})
		} else {
			err = png.Encode(&b, img)
		}
		if err != nil {
			return nil, fmt.Errorf("tiletest: tile %v: %w", pos, err)
		}
		out[pos] = b.Bytes()
	}
	return out, nil
}

// WriteMBTiles writes an MBTiles file of the tiles (rows flipped to TMS)
// and the metadata pairs.
func WriteMBTiles(path string, meta map[string]string, tiles map[Pos][]byte) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return fmt.Errorf("tiletest: %w", err)
	}
	defer db.Close()
	for _, q := range []string{
		`CREATE TABLE metadata (name text, value text)`,
		`CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)`,
		`CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)`,
	} {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("tiletest: %w", err)
		}
	}
	tx, err := db.Begin()
	if err != nil {
		return fmt.Errorf("tiletest: %w", err)
	}
	defer tx.Rollback()
	for k, v := range meta {
		if _, err := tx.Exec(`INSERT INTO metadata VALUES (?, ?)`, k, v); err != nil {
			return fmt.Errorf("tiletest: %w", err)
		}
	}
	for p, b := range tiles {
		if _, err := tx.Exec(`INSERT INTO tiles VALUES (?, ?, ?, ?)`, p.Z, p.X, (1<<p.Z)-1-p.Y, b); err != nil {
			return fmt.Errorf("tiletest: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("tiletest: %w", err)
	}
	return nil
}

// The PMTiles tile types.
const (
	TypeMVT  = 1
	TypePNG  = 2
	TypeJPEG = 3
)

// WritePMTiles writes a PMTiles v3 file of the tiles: every entry in the
// root directory, uncompressed directories, tiles stored as given
// (gzipped says they are gzip streams), the metadata as JSON.
func WritePMTiles(path string, tileType uint8, gzipped bool, minZoom, maxZoom int, b orb.Bound, meta map[string]any, tiles map[Pos][]byte) error {
	type idTile struct {
		id uint64
		b  []byte
	}
	var ts []idTile
	for p, t := range tiles {
		ts = append(ts, idTile{tileID(p.Z, p.X, p.Y), t})
	}
	slices.SortFunc(ts, func(a, b idTile) int {
		switch {
		case a.id < b.id:
			return -1
		case a.id > b.id:
			return 1
		}
		return 0
	})
	var data bytes.Buffer
	dir := binary.AppendUvarint(nil, uint64(len(ts)))
	var last uint64
	for _, t := range ts {
		dir = binary.AppendUvarint(dir, t.id-last)
		last = t.id
	}
	for range ts {
		dir = binary.AppendUvarint(dir, 1)
	}
	for _, t := range ts {
		dir = binary.AppendUvarint(dir, uint64(len(t.b)))
	}
	for i, t := range ts {
		if i == 0 {
			dir = binary.AppendUvarint(dir, 1) // offset 0, plus one
		} else {
			dir = binary.AppendUvarint(dir, 0) // right after the last
		}
		data.Write(t.b)
	}
	mj, err := json.Marshal(meta)
	if err != nil {
		return fmt.Errorf("tiletest: %w", err)
	}
	const headerLen = 127
	h := make([]byte, headerLen)
	copy(h, "PMTiles")
	h[7] = 3
	le := binary.LittleEndian
	off := uint64(headerLen)
	put := func(at int, n int) {
		le.PutUint64(h[at:], off)
		le.PutUint64(h[at+8:], uint64(n))
		off += uint64(n)
	}
	put(8, len(dir))
	put(24, len(mj))
	put(40, 0)
	put(56, data.Len())
	le.PutUint64(h[72:], uint64(len(ts)))
	le.PutUint64(h[80:], uint64(len(ts)))
	le.PutUint64(h[88:], uint64(len(ts)))
	h[96] = 1
	h[97], h[98] = 1, 1 // no compression
	if gzipped {
		h[98] = 2
	}
	h[99] = tileType
	h[100], h[101] = uint8(minZoom), uint8(maxZoom)
	e7 := func(f float64) uint32 { return uint32(int32(math.Round(f * 1e7))) }
	le.PutUint32(h[102:], e7(b.Min[0]))
	le.PutUint32(h[106:], e7(b.Min[1]))
	le.PutUint32(h[110:], e7(b.Max[0]))
	le.PutUint32(h[114:], e7(b.Max[1]))
	h[118] = uint8(minZoom)
	c := b.Center()
	le.PutUint32(h[119:], e7(c[0]))
	le.PutUint32(h[123:], e7(c[1]))
	if err := os.WriteFile(path, slices.Concat(h, dir, mj, data.Bytes()), 0o644); err != nil {
		return fmt.Errorf("tiletest: %w", err)
	}
	return nil
}

// tileID is the PMTiles id of a tile: its position on the Hilbert curve
// of its zoom, after every tile of the zooms above.
func tileID(z, x, y int) uint64 {
	var acc uint64
	for t := 0; t < z; t++ {
		acc += 1 << (2 * t)
	}
	tx, ty := uint64(x), uint64(y)
	var d uint64
	for s := uint64(1) << z / 2; s > 0; s /= 2 {
		var rx, ry uint64
		if tx&s > 0 {
			rx = 1
		}
		if ty&s > 0 {
			ry = 1
		}
		d += s * s * ((3 * rx) ^ ry)
		if ry == 0 {
			if rx == 1 {
				tx, ty = s-1-tx, s-1-ty
			}
			tx, ty = ty, tx
		}
	}
	return acc + d
}

// Vector writes the town as a vector tileset of schema s, zooms z0..z1,
// to path: an MBTiles file, or a PMTiles one when path ends in .pmtiles.
func Vector(path string, s Schema, z0, z1 int) error {
	return vectorFile(path, town(), s, z0, z1)
}

// DenseVector is Vector with a city's worth of streets, land use and
// buildings (about 2,000 streets, 2,000 blocks and 8,000 buildings), for
// benchmarks.
func DenseVector(path string, s Schema, z0, z1 int) error {
	return vectorFile(path, dense(), s, z0, z1)
}

func vectorFile(path string, fs []feature, s Schema, z0, z1 int) error {
	ts, layers, err := vectorTiles(fs, s, z0, z1)
	if err != nil {
		return err
	}
	name := "Test town (" + string(s) + ")"
	if isPM(path) {
		return WritePMTiles(path, TypeMVT, true, z0, z1, Bound, map[string]any{"name": name, "attribution": Attribution, "vector_layers": layers}, ts)
	}
	js, err := json.Marshal(map[string]any{"vector_layers": layers})
	if err != nil {
		return fmt.Errorf("tiletest: %w", err)
	}
	return WriteMBTiles(path, map[string]string{"name": name, "format": "pbf", "minzoom": strconv.Itoa(z0), "maxzoom": strconv.Itoa(z1),
		"bounds": bounds(Bound), "attribution": Attribution, "json": string(js)}, ts)
}

// Raster writes the town as raster tiles of size pixels, zooms z0..z1, to
// path: an MBTiles file of PNG tiles, or a PMTiles one (JPEG tiles) when
// path ends in .pmtiles.
func Raster(path string, size, z0, z1 int) error {
	pm := isPM(path)
	ts, err := RasterTiles(size, z0, z1, pm)
	if err != nil {
		return err
	}
	if pm {
		return WritePMTiles(path, TypeJPEG, false, z0, z1, Bound, map[string]any{"name": "Test town raster", "attribution": Attribution}, ts)
	}
	return WriteMBTiles(path, map[string]string{"name": "Test town raster", "format": "png", "minzoom": strconv.Itoa(z0), "maxzoom": strconv.Itoa(z1),
		"bounds": bounds(Bound), "attribution": Attribution}, ts)
}

func isPM(path string) bool { return len(path) > 8 && path[len(path)-8:] == ".pmtiles" }

func bounds(b orb.Bound) string {
	return fmt.Sprintf("%g,%g,%g,%g", b.Min[0], b.Min[1], b.Max[0], b.Max[1])
}
