package basemap

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/paulmach/orb"
)

// The level file format (".cmbm.gz") is gzip-compressed binary:
//
//	"CMBM" version(1 byte, =1)
//	name: uvarint length + UTF-8 bytes
//	minZoom, maxZoom: float64 little-endian
//	coverage: minLon, minLat, maxLon, maxLat: float64 little-endian
//	five sections, in order Land, Lakes (polygons), Coast, Borders, Rivers (lines):
//	  polygons: uvarint count, then per polygon uvarint ring count, per ring
//	            uvarint point count and the points
//	  lines:    uvarint count, then per line uvarint point count and the points
//
// A point is longitude and latitude in integer microdegrees (1e-6°, about
// 0.1 m), each written as the zig-zag varint of its difference from the
// previous point of the same section (the first from 0,0). Rings are stored
// closed, as in GeoJSON.

const (
	magic   = "CMBM"
	version = 1
	quantum = 1e6 // integer units per degree
	// maxDecoded bounds the uncompressed size a decoder accepts.
	maxDecoded = 256 << 20
)

// errCorrupt is wrapped by every decoding failure.
var errCorrupt = errors.New("corrupt basemap level")

// EncodeLevel writes l's longitude/latitude geometry, zoom range and
// coverage to w in campmap's compact level format (gzip, best compression).
// Coordinates are rounded to 1e-6 degrees.
func EncodeLevel(w io.Writer, l *Level) error {
	var buf bytes.Buffer
	buf.WriteString(magic)
	buf.WriteByte(version)
	putUvarint(&buf, uint64(len(l.Name)))
	buf.WriteString(l.Name)
	for _, f := range []float64{l.MinZoom, l.MaxZoom, l.Coverage.Min[0], l.Coverage.Min[1], l.Coverage.Max[0], l.Coverage.Max[1]} {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(f))
		buf.Write(b[:])
	}
	for _, ps := range [][]orb.Polygon{l.Land, l.Lakes} {
		var prev [2]int64
		putUvarint(&buf, uint64(len(ps)))
		for _, p := range ps {
			putUvarint(&buf, uint64(len(p)))
			for _, r := range p {
				if err := putPoints(&buf, r, &prev); err != nil {
					return fmt.Errorf("basemap: encode %s: %w", l.Name, err)
				}
			}
		}
	}
	for _, ls := range [][]orb.LineString{l.Coast, l.Borders, l.Rivers} {
		var prev [2]int64
		putUvarint(&buf, uint64(len(ls)))
		for _, s := range ls {
			if err := putPoints(&buf, s, &prev); err != nil {
				return fmt.Errorf("basemap: encode %s: %w", l.Name, err)
			}
		}
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("basemap: encode %s: %w", l.Name, err)
	}
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("basemap: encode %s: %w", l.Name, err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("basemap: encode %s: %w", l.Name, err)
	}
	return nil
}

func putUvarint(buf *bytes.Buffer, v uint64) {
	var b [binary.MaxVarintLen64]byte
	buf.Write(b[:binary.PutUvarint(b[:], v)])
}

func putPoints[S ~[]orb.Point](buf *bytes.Buffer, pts S, prev *[2]int64) error {
	putUvarint(buf, uint64(len(pts)))
	var b [binary.MaxVarintLen64]byte
	for _, p := range pts {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.Abs(p[0]) > 180 || math.Abs(p[1]) > 90 {
			return fmt.Errorf("point %v out of range", p)
		}
		for k := range 2 {
			q := int64(math.Round(p[k] * quantum))
			buf.Write(b[:binary.PutVarint(b[:], q-prev[k])])
			prev[k] = q
		}
	}
	return nil
}

// DecodeLevel reads a level written by EncodeLevel and computes its Web
// Mercator geometry and bounds. It never panics on corrupt input: it returns
// an error saying where the data stops making sense.
func DecodeLevel(r io.Reader) (*Level, error) {
	zr, err := gzip.NewReader(bufio.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("basemap: decode: %w: %w", errCorrupt, err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxDecoded+1))
	if err != nil {
		return nil, fmt.Errorf("basemap: decode: %w: %w", errCorrupt, err)
	}
	if len(raw) > maxDecoded {
		return nil, fmt.Errorf("basemap: decode: %w: more than %d bytes", errCorrupt, maxDecoded)
	}
	l, err := decodeRaw(raw)
	if err != nil {
		return nil, fmt.Errorf("basemap: decode: %w", err)
	}
	l.prepare()
	return l, nil
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: byte %d: %s", errCorrupt, r.off, what)
	}
}

func (r *reader) uvarint(what string) uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad " + what)
		return 0
	}
	r.off += n
	return v
}

// count reads a count of items each taking at least minBytes bytes and
// rejects counts the remaining input cannot hold.
func (r *reader) count(what string, minBytes int) int {
	v := r.uvarint(what)
	if r.err == nil && v > uint64(len(r.b)-r.off)/uint64(minBytes) {
		r.fail(fmt.Sprintf("%s %d larger than the data", what, v))
		return 0
	}
	return int(v)
}

func (r *reader) float() float64 {
	if r.err != nil {
		return 0
	}
	if len(r.b)-r.off < 8 {
		r.fail("truncated header")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b[r.off:]))
	r.off += 8
	return v
}

func (r *reader) points(dst []orb.Point, prev *[2]int64) {
	for i := range dst {
		for k := range 2 {
			if r.err != nil {
				return
			}
			d, n := binary.Varint(r.b[r.off:])
			if n <= 0 {
				r.fail("bad coordinate")
				return
			}
			r.off += n
			prev[k] += d
			dst[i][k] = float64(prev[k]) / quantum
		}
		if math.Abs(dst[i][0]) > 180 || math.Abs(dst[i][1]) > 90 {
			r.fail(fmt.Sprintf("coordinate %v out of range", dst[i]))
			return
		}
	}
}

func decodeRaw(raw []byte) (*Level, error) {
	if len(raw) < len(magic)+1 || string(raw[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: not a campmap basemap level", errCorrupt)
	}
	if raw[len(magic)] != version {
		return nil, fmt.Errorf("%w: version %d, want %d", errCorrupt, raw[len(magic)], version)
	}
	r := &reader{b: raw, off: len(magic) + 1}
	l := &Level{}
	n := r.count("name length", 1)
	if r.err == nil {
		l.Name = string(r.b[r.off : r.off+n])
		r.off += n
	}
	l.MinZoom, l.MaxZoom = r.float(), r.float()
	l.Coverage = orb.Bound{Min: orb.Point{r.float(), r.float()}, Max: orb.Point{r.float(), r.float()}}
	if r.err == nil && (math.IsNaN(l.MinZoom) || math.IsNaN(l.MaxZoom) || !validBound(l.Coverage)) {
		r.fail("bad zoom range or coverage")
	}
	for _, dst := range []*[]orb.Polygon{&l.Land, &l.Lakes} {
		*dst = r.polygons()
	}
	for _, dst := range []*[]orb.LineString{&l.Coast, &l.Borders, &l.Rivers} {
		*dst = r.lines()
	}
	if r.err == nil && r.off != len(r.b) {
		r.fail("trailing data")
	}
	if r.err != nil {
		return nil, r.err
	}
	return l, nil
}

func validBound(b orb.Bound) bool {
	return b.Min[0] >= -180 && b.Max[0] <= 180 && b.Min[1] >= -90 && b.Max[1] <= 90 &&
		b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1]
}

func (r *reader) polygons() []orb.Polygon {
	var prev [2]int64
	n := r.count("polygon count", 1)
	if r.err != nil {
		return nil
	}
	out := make([]orb.Polygon, 0, n)
	for range n {
		nr := r.count("ring count", 1)
		if r.err != nil {
			return nil
		}
		p := make(orb.Polygon, nr)
		for j := range p {
			np := r.count("point count", 2)
			if r.err != nil {
				return nil
			}
			p[j] = make(orb.Ring, np)
			r.points(p[j], &prev)
		}
		out = append(out, p)
	}
	return out
}

func (r *reader) lines() []orb.LineString {
	var prev [2]int64
	n := r.count("line count", 1)
	if r.err != nil {
		return nil
	}
	out := make([]orb.LineString, 0, n)
	for range n {
		np := r.count("point count", 2)
		if r.err != nil {
			return nil
		}
		s := make(orb.LineString, np)
		r.points(s, &prev)
		out = append(out, s)
	}
	return out
}
