package basemap

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

// Place is a town or city the basemap names.
type Place struct {
	Name string
	At   orb.Point // longitude/latitude
	// AtMerc is At in Web Mercator metres.
	AtMerc orb.Point
	// MinZoom is the zoom from which the place is labelled (Natural
	// Earth's min_zoom: 1.7 for London, 6.7 for Calais).
	MinZoom float64
	// Rank is Natural Earth's scalerank, 0 (the largest cities) to 10.
	Rank int
	// Pop is the population, or 0 when unknown.
	Pop int
}

// SortPlaces orders places as they are labelled: by MinZoom, then the most
// populous first, then by name.
func SortPlaces(ps []Place) {
	slices.SortStableFunc(ps, func(a, b Place) int {
		return cmp.Or(cmp.Compare(a.MinZoom, b.MinZoom), cmp.Compare(b.Pop, a.Pop), cmp.Compare(a.Name, b.Name))
	})
}

// The places file format (".cmbm.gz" beside the levels) is gzip of:
//
//	"CMPL" version(1 byte, =1)
//	uvarint count, then per place:
//	  name: uvarint length + UTF-8 bytes
//	  longitude, latitude: zig-zag varints of integer microdegrees, each
//	                       the difference from the previous place's
//	  MinZoom in tenths, Rank, Pop: uvarints
const (
	placesMagic   = "CMPL"
	placesVersion = 1
	maxPlaces     = 1 << 20
)

// EncodePlaces writes places in campmap's compact places format (gzip,
// best compression), in their order. Coordinates are rounded to 1e-6
// degrees and MinZoom to a tenth.
func EncodePlaces(w io.Writer, ps []Place) error {
	var buf bytes.Buffer
	buf.WriteString(placesMagic)
	buf.WriteByte(placesVersion)
	putUvarint(&buf, uint64(len(ps)))
	var prev [2]int64
	for _, p := range ps {
		if !utf8.ValidString(p.Name) || p.MinZoom < 0 || p.MinZoom > 30 || p.Rank < 0 || p.Pop < 0 {
			return fmt.Errorf("basemap: encode places: %q: bad name, zoom, rank or population", p.Name)
		}
		putUvarint(&buf, uint64(len(p.Name)))
		buf.WriteString(p.Name)
		if math.IsNaN(p.At[0]) || math.IsNaN(p.At[1]) || math.Abs(p.At[0]) > 180 || math.Abs(p.At[1]) > 90 {
			return fmt.Errorf("basemap: encode places: %q: point %v out of range", p.Name, p.At)
		}
		for k := range 2 {
			q := int64(math.Round(p.At[k] * quantum))
			buf.Write(binary.AppendVarint(nil, q-prev[k]))
			prev[k] = q
		}
		putUvarint(&buf, uint64(math.Round(p.MinZoom*10)))
		putUvarint(&buf, uint64(p.Rank))
		putUvarint(&buf, uint64(p.Pop))
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("basemap: encode places: %w", err)
	}
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("basemap: encode places: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("basemap: encode places: %w", err)
	}
	return nil
}

// DecodePlaces reads places written by EncodePlaces and computes their Web
// Mercator positions. It never panics on corrupt input.
func DecodePlaces(r io.Reader) ([]Place, error) {
	zr, err := gzip.NewReader(bufio.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("basemap: decode places: %w: %w", errCorrupt, err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
	if err != nil {
		return nil, fmt.Errorf("basemap: decode places: %w: %w", errCorrupt, err)
	}
	if len(raw) > maxDecoded {
		return nil, fmt.Errorf("basemap: decode places: %w: more than %d bytes", errCorrupt, maxDecoded)
	}
	ps, err := decodePlacesRaw(raw)
	if err != nil {
		return nil, fmt.Errorf("basemap: decode places: %w", err)
	}
	return ps, nil
}

func decodePlacesRaw(raw []byte) ([]Place, error) {
	if len(raw) < len(placesMagic)+1 || string(raw[:len(placesMagic)]) != placesMagic {
		return nil, fmt.Errorf("%w: not a campmap places file", errCorrupt)
	}
	if raw[len(placesMagic)] != placesVersion {
		return nil, fmt.Errorf("%w: version %d, want %d", errCorrupt, raw[len(placesMagic)], placesVersion)
	}
	r := &reader{b: raw, off: len(placesMagic) + 1}
	n := r.count("place count", 6)
	if r.err == nil && n > maxPlaces {
		r.fail("too many places")
	}
	if r.err != nil {
		return nil, r.err
	}
	ps := make([]Place, 0, n)
	var prev [2]int64
	var at [1]orb.Point
	for range n {
		var p Place
		k := r.count("name length", 1)
		if r.err != nil {
			return nil, r.err
		}
		if !utf8.Valid(r.b[r.off : r.off+k]) {
			r.fail("name not UTF-8")
			return nil, r.err
		}
		p.Name = string(r.b[r.off : r.off+k])
		r.off += k
		r.points(at[:], &prev)
		p.At = at[0]
		z, rank, pop := r.uvarint("zoom"), r.uvarint("rank"), r.uvarint("population")
		if r.err == nil && (z > 300 || rank > 100 || pop > math.MaxInt32) {
			r.fail("zoom, rank or population out of range")
		}
		if r.err != nil {
			return nil, r.err
		}
		p.MinZoom, p.Rank, p.Pop = float64(z)/10, int(rank), int(pop)
		p.AtMerc = project.WGS84.ToMercator(p.At)
		ps = append(ps, p)
	}
	if r.off != len(r.b) {
		r.fail("trailing data")
		return nil, r.err
	}
	return ps, nil
}
