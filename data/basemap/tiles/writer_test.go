package tiles

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"

	"campmap/internal/tiletest"
)

// Test-only writers of MBTiles and PMTiles files, so the readers are
// checked against files whose every tile is known.

// zxy is a tile position in XYZ addressing.
type zxy struct{ z, x, y int }

// pngTile returns a size x size PNG of one colour derived from the tile
// position (so each tile is told apart by its colour), or grey when blank.
func pngTile(t *testing.T, p zxy, size int, blank bool) []byte {
	t.Helper()
	c := color.RGBA{uint8(p.z * 30), uint8(p.x * 17), uint8(p.y * 13), 255}
	if blank {
		c = color.RGBA{200, 200, 200, 255}
	}
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pngColour returns the colour pngTile gives a tile.
func pngColour(p zxy) color.RGBA {
	return color.RGBA{uint8(p.z * 30), uint8(p.x * 17), uint8(p.y * 13), 255}
}

// mercatorCenter returns the point at the middle of a tile in Web
// Mercator (not the middle of its latitudes): the north-west corner of its
// south-east child.
func mercatorCenter(mt maptile.Tile) orb.Point {
	b := maptile.New(2*mt.X+1, 2*mt.Y+1, mt.Z+1).Bound()
	return orb.Point{b.Min[0], b.Max[1]}
}

// mvtTile returns an uncompressed vector tile with a layer "points" of
// one point at the centre of tile p (properties z, x, y) and a layer
// "roads" of one line across it (property kind).
func mvtTile(t testing.TB, p zxy) []byte {
	t.Helper()
	mt := maptile.New(uint32(p.x), uint32(p.y), maptile.Zoom(p.z))
	pts := geojson.NewFeatureCollection()
	f := geojson.NewFeature(mercatorCenter(mt))
	f.Properties = geojson.Properties{"z": float64(p.z), "x": float64(p.x), "y": float64(p.y)}
	pts.Append(f)
	b := mt.Bound()
	roads := geojson.NewFeatureCollection()
	r := geojson.NewFeature(orb.LineString{
		{b.Min[0] + (b.Max[0]-b.Min[0])/4, mercatorCenter(mt)[1]}, {b.Max[0] - (b.Max[0]-b.Min[0])/4, mercatorCenter(mt)[1]},
	})
	r.Properties = geojson.Properties{"kind": "major_road"}
	roads.Append(r)
	ls := mvt.Layers{mvt.NewLayer("points", pts), mvt.NewLayer("roads", roads)}
	ls.ProjectToTile(mt)
	out, err := mvt.Marshal(ls)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeMBTiles writes an MBTiles file of the tiles (stored as given, rows
// flipped to TMS) and the metadata pairs.
func writeMBTiles(t *testing.T, path string, meta map[string]string, tiles map[zxy][]byte) {
	t.Helper()
	ts := make(map[tiletest.Pos][]byte, len(tiles))
	for p, b := range tiles {
		ts[tiletest.Pos{Z: p.z, X: p.x, Y: p.y}] = b
	}
	if err := tiletest.WriteMBTiles(path, meta, ts); err != nil {
		t.Fatal(err)
	}
}

// pmtilesOptions configures writePMTiles.
type pmtilesOptions struct {
	tileType         uint8
	internalGzip     bool // directories and metadata gzipped, else none
	tileGzip         bool // tiles gzipped, else none
	leafSize         int  // entries per leaf directory; 0 puts every entry in the root
	minZoom, maxZoom uint8
	bounds           orb.Bound
	metadata         map[string]any
}

// writePMTiles writes a PMTiles v3 file of the tiles, deduplicating equal
// tiles next to each other on the Hilbert curve into runs.
func writePMTiles(t testing.TB, path string, o pmtilesOptions, tiles map[zxy][]byte) {
	t.Helper()
	if err := os.WriteFile(path, buildPMTiles(t, o, tiles), 0o644); err != nil {
		t.Fatal(err)
	}
}

func buildPMTiles(t testing.TB, o pmtilesOptions, tiles map[zxy][]byte) []byte {
	t.Helper()
	type idTile struct {
		id uint64
		b  []byte
	}
	var ts []idTile
	for p, b := range tiles {
		ts = append(ts, idTile{tileID(uint8(p.z), uint32(p.x), uint32(p.y)), b})
	}
	slices.SortFunc(ts, func(a, b idTile) int { return cmpU64(a.id, b.id) })
	var entries []entry
	var data bytes.Buffer
	offsets := map[string]uint64{}
	var addressed uint64
	for _, tt := range ts {
		b := tt.b
		if o.tileGzip {
			b = gzipBytes(t, b)
		}
		addressed++
		if n := len(entries); n > 0 {
			last := &entries[n-1]
			if last.tileID+uint64(last.runLength) == tt.id && bytes.Equal(tilesAt(data.Bytes(), *last), b) {
				last.runLength++
				continue
			}
		}
		off, ok := offsets[string(b)]
		if !ok {
			off = uint64(data.Len())
			offsets[string(b)] = off
			data.Write(b)
		}
		entries = append(entries, entry{tileID: tt.id, offset: off, length: uint32(len(b)), runLength: 1})
	}
	compress := func(b []byte) []byte {
		if o.internalGzip {
			return gzipBytes(t, b)
		}
		return b
	}
	var root []byte
	var leaves bytes.Buffer
	if o.leafSize > 0 && len(entries) > o.leafSize {
		var rootEntries []entry
		for i := 0; i < len(entries); i += o.leafSize {
			chunk := entries[i:min(i+o.leafSize, len(entries))]
			leaf := compress(encodeDirectory(chunk))
			rootEntries = append(rootEntries, entry{tileID: chunk[0].tileID, offset: uint64(leaves.Len()), length: uint32(len(leaf))})
			leaves.Write(leaf)
		}
		root = compress(encodeDirectory(rootEntries))
	} else {
		root = compress(encodeDirectory(entries))
	}
	metaJSON, err := json.Marshal(o.metadata)
	if err != nil {
		t.Fatal(err)
	}
	meta := compress(metaJSON)

	h := make([]byte, headerLen)
	copy(h, "PMTiles")
	h[7] = 3
	le := binary.LittleEndian
	off := uint64(headerLen)
	put := func(at int, b []byte) {
		le.PutUint64(h[at:], off)
		le.PutUint64(h[at+8:], uint64(len(b)))
		off += uint64(len(b))
	}
	put(8, root)
	put(24, meta)
	put(40, leaves.Bytes())
	put(56, data.Bytes())
	le.PutUint64(h[72:], addressed)
	le.PutUint64(h[80:], uint64(len(entries)))
	le.PutUint64(h[88:], uint64(len(offsets)))
	h[96] = 1
	h[97], h[98] = compNone, compNone
	if o.internalGzip {
		h[97] = compGzip
	}
	if o.tileGzip {
		h[98] = compGzip
	}
	h[99] = o.tileType
	h[100], h[101] = o.minZoom, o.maxZoom
	e7 := func(f float64) uint32 { return uint32(int32(f * 1e7)) }
	le.PutUint32(h[102:], e7(o.bounds.Min[0]))
	le.PutUint32(h[106:], e7(o.bounds.Min[1]))
	le.PutUint32(h[110:], e7(o.bounds.Max[0]))
	le.PutUint32(h[114:], e7(o.bounds.Max[1]))
	h[118] = o.minZoom
	c := o.bounds.Center()
	le.PutUint32(h[119:], e7(c[0]))
	le.PutUint32(h[123:], e7(c[1]))

	out := slices.Concat(h, root, meta, leaves.Bytes(), data.Bytes())
	return out
}

func tilesAt(data []byte, e entry) []byte { return data[e.offset : e.offset+uint64(e.length)] }

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// encodeDirectory serialises entries as the spec says (the inverse of
// decodeDirectory), uncompressed.
func encodeDirectory(es []entry) []byte {
	b := binary.AppendUvarint(nil, uint64(len(es)))
	var last uint64
	for _, e := range es {
		b = binary.AppendUvarint(b, e.tileID-last)
		last = e.tileID
	}
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.runLength))
	}
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.length))
	}
	for i, e := range es {
		if i > 0 && e.offset == es[i-1].offset+uint64(es[i-1].length) {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, e.offset+1)
		}
	}
	return b
}

// pyramid returns every tile position from zoom z0 to z1.
func pyramid(z0, z1 int) []zxy {
	var ps []zxy
	for z := z0; z <= z1; z++ {
		for x := 0; x < 1<<z; x++ {
			for y := 0; y < 1<<z; y++ {
				ps = append(ps, zxy{z, x, y})
			}
		}
	}
	return ps
}

func tmpPath(t *testing.T, name string) string { return filepath.Join(t.TempDir(), name) }

func (p zxy) String() string { return fmt.Sprintf("%d/%d/%d", p.z, p.x, p.y) }
