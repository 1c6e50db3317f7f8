package tiles

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// seedPMTiles returns the small real PMTiles files and one written with
// leaf directories, as fuzz seeds.
func seedPMTiles(f *testing.F) [][]byte {
	var seeds [][]byte
	for _, name := range []string{"test_fixture_1.pmtiles", "test_fixture_2.pmtiles", "invalid_v4.pmtiles", "invalid.pmtiles", "empty.pmtiles"} {
		b, err := os.ReadFile(filepath.Join("testdata", "pmtiles", name))
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	tiles := map[zxy][]byte{}
	for _, p := range pyramid(0, 2) {
		tiles[p] = []byte("\x89PNG\r\n\x1a\n" + p.String())
	}
	seeds = append(seeds,
		buildPMTiles(f, pmtilesOptions{tileType: typePNG, leafSize: 3, maxZoom: 2}, tiles),
		buildPMTiles(f, pmtilesOptions{tileType: typeUnknown, internalGzip: true, tileGzip: true, leafSize: 5, maxZoom: 2}, tiles))
	return seeds
}

// FuzzPMTiles decodes the header, directories and metadata of arbitrary
// bytes and reads every tile of zooms 0..2: no input may panic, and what
// opens must describe itself sanely.
func FuzzPMTiles(f *testing.F) {
	for _, s := range seedPMTiles(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := decodeHeader(b); err != nil {
			return
		}
		p, err := NewPMTiles(bytes.NewReader(b), int64(len(b)), "fuzz.pmtiles")
		if err != nil {
			return
		}
		m := p.Metadata()
		if m.MinZoom > m.MaxZoom || m.Bounds.Min[0] > m.Bounds.Max[0] || m.Bounds.Min[1] > m.Bounds.Max[1] || !m.Bounds.Contains(m.Center) {
			t.Fatalf("metadata %+v", m)
		}
		for _, q := range pyramid(0, 2) {
			p.Tile(ctx, q.z, q.x, q.y)
		}
	})
}

// FuzzPMTilesDirectory decodes arbitrary bytes as a directory: no panic,
// and what decodes encodes back to the same entries.
func FuzzPMTilesDirectory(f *testing.F) {
	f.Add(encodeDirectory([]entry{{tileID: 0, offset: 0, length: 10, runLength: 1}}))
	f.Add(encodeDirectory([]entry{{tileID: 1, offset: 5, length: 10, runLength: 3}, {tileID: 4, offset: 15, length: 7, runLength: 1}, {tileID: 9, offset: 0, length: 10, runLength: 0}}))
	f.Add([]byte{0})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := decodeDirectory(b)
		if err != nil {
			return
		}
		if len(es) == 0 {
			t.Fatal("no entries and no error")
		}
		again, err := decodeDirectory(encodeDirectory(es))
		if err != nil || !slices.Equal(es, again) {
			t.Fatalf("round trip: %v, %v != %v", err, again, es)
		}
		for _, e := range es {
			if got, ok := findEntry(es, e.tileID); !ok || got != e {
				t.Fatalf("findEntry(%d) = %v, %v", e.tileID, got, ok)
			}
		}
	})
}

// FuzzMBTilesMetadata reads arbitrary metadata values: no panic, and the
// metadata that results is sane.
func FuzzMBTilesMetadata(f *testing.F) {
	png := []byte("\x89PNG\r\n\x1a\n")
	f.Add("png", "-180,-85.0511,180,85.0511", "0,20,0", "0", "1", "", png)
	f.Add("pbf", "-123.1,-37.8,174.7,59.3", "-75.9,38.7,6", "0", "6", `{"vector_layers":[{"id":"cities","fields":{"name":"String"}}]}`, []byte{0x1f, 0x8b})
	f.Add("", "", "", "", "", "", []byte{0xff, 0xff})
	f.Add("jpeg", "1,2,3", "nan,1,2", "-1", "99", `{"vector_layers":[{"id":1}]}`, []byte("RIFF\x00\x00\x00\x00WEBP"))
	f.Add("pbf", "", "", "3", "2", `{"vector_layers":[{"id":"a","minzoom":1e300,"fields":{"k":{"x":1}}}]}`, []byte{})
	f.Fuzz(func(t *testing.T, format, bounds, center, minzoom, maxzoom, js string, sample []byte) {
		kv := map[string]string{"format": format, "bounds": bounds, "center": center, "minzoom": minzoom, "maxzoom": maxzoom, "json": js}
		for k, v := range kv {
			if v == "" {
				delete(kv, k)
			}
		}
		m, err := parseMBTilesMetadata(kv, sample)
		if err != nil {
			return
		}
		if m.Format == "" || m.Bounds.Min[0] > m.Bounds.Max[0] || m.Bounds.Min[1] > m.Bounds.Max[1] {
			t.Fatalf("metadata %+v", m)
		}
		if m.MinZoom > maxZoom || m.MaxZoom > maxZoom || (m.MinZoom >= 0 && m.MaxZoom >= 0 && m.MinZoom > m.MaxZoom) {
			t.Fatalf("zooms %d..%d", m.MinZoom, m.MaxZoom)
		}
		if c := m.Center; c[0] < -180 || c[0] > 180 || c[1] < -90 || c[1] > 90 {
			t.Fatalf("center %v", c)
		}
		for _, l := range m.VectorLayers {
			if l.ID == "" || l.MinZoom < 0 || l.MaxZoom > maxZoom {
				t.Fatalf("layer %+v", l)
			}
		}
	})
}

// FuzzDecodeVector decodes arbitrary bytes as a vector tile: an error,
// never a panic.
func FuzzDecodeVector(f *testing.F) {
	f.Add(mvtTile(f, zxy{1, 0, 1}))
	f.Add([]byte{0x1f})
	f.Add(gzipBytes(f, []byte{0x1a, 0x02, 0x78, 0x02}))
	f.Fuzz(func(t *testing.T, b []byte) {
		DecodeVectorPixels(b, 256)
	})
}
