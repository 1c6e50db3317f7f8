// Package synth writes synthetic but realistic-looking GeoJSON for tests and
// benchmarks: point incidents clustered around a few centres, dated within
// a window, with the properties real incident files carry.
package synth

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/paulmach/orb"
)

// Categories are the incident categories WritePoints draws from, most
// frequent first.
var Categories = []string{
	"tunnel intrusion attempt",
	"lorry stowaway attempt",
	"road blockade",
	"police operation",
	"injury",
	"death",
}

// categoryWeights are the relative frequencies of Categories.
var categoryWeights = []float64{40, 30, 12, 10, 6, 2}

// Shape is the geometry type of the features a writer draws.
type Shape int

const (
	Point   Shape = iota // a position: WritePoints's incidents
	Polygon              // a small star-shaped ring around the incident's position
	Line                 // a short wandering line from the incident's position
)

// ParseShape reads a Shape's name: point, polygon or line.
func ParseShape(s string) (Shape, error) {
	switch s {
	case "point":
		return Point, nil
	case "polygon":
		return Polygon, nil
	case "line":
		return Line, nil
	}
	return 0, fmt.Errorf("synth: unknown geometry %q: use point, polygon or line", s)
}

// WritePoints writes a GeoJSON FeatureCollection of n point incidents to w.
// Each feature has the properties id (1..n), name ("Incident 123"),
// category (one of Categories), time (RFC 3339 in UTC, whole seconds,
// between start and end) and count (people involved, 1 or more). Points
// gather around a few centres inside bbox, with some scattered noise, so
// maps look like real incident data. The output depends only on the
// arguments: the same seed gives byte-identical output. Writing is
// streamed through a buffer; w is not closed.
func WritePoints(w io.Writer, n int, seed int64, bbox orb.Bound, start, end time.Time) error {
	return WriteShapes(w, n, seed, bbox, start, end, Point)
}

// WriteShapes is WritePoints with features of the given shape: the same
// properties, the geometry drawn around each incident's position. A
// Polygon has 5 to 16 corners (closed, counter-clockwise, no hole, simple)
// within about 0.05 to 0.3 % of the bbox's size of the position; a Line
// has 2 to 12 positions, each step about 0.1 to 0.4 % of the bbox's size,
// clamped to the bbox. Point writes exactly what WritePoints writes.
func WriteShapes(w io.Writer, n int, seed int64, bbox orb.Bound, start, end time.Time, shape Shape) error {
	if shape < Point || shape > Line {
		return fmt.Errorf("synth: unknown shape %d", shape)
	}
	if n < 0 {
		return fmt.Errorf("synth: negative point count %d", n)
	}
	for _, v := range []float64{bbox.Min[0], bbox.Min[1], bbox.Max[0], bbox.Max[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.New("synth: bbox is not finite")
		}
	}
	if bbox.Min[0] > bbox.Max[0] || bbox.Min[1] > bbox.Max[1] {
		return fmt.Errorf("synth: bbox min %v is not below max %v", bbox.Min, bbox.Max)
	}
	if bbox.Min[0] < -180 || bbox.Max[0] > 180 || bbox.Min[1] < -90 || bbox.Max[1] > 90 {
		return fmt.Errorf("synth: bbox %v is outside longitude [-180, 180] and latitude [-90, 90]", bbox)
	}
	if end.Before(start) {
		return fmt.Errorf("synth: end %s is before start %s", end, start)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))

	// a few centres with their spread and weight
	type centre struct {
		x, y, sx, sy, w float64
	}
	dx, dy := bbox.Max[0]-bbox.Min[0], bbox.Max[1]-bbox.Min[1]
	k := 4 + rng.IntN(4)
	cs := make([]centre, k)
	total := 0.0
	for i := range cs {
		cs[i] = centre{
			x:  bbox.Min[0] + dx*(0.1+0.8*rng.Float64()),
			y:  bbox.Min[1] + dy*(0.1+0.8*rng.Float64()),
			sx: dx * (0.01 + 0.05*rng.Float64()),
			sy: dy * (0.01 + 0.05*rng.Float64()),
			w:  0.2 + rng.Float64(),
		}
		total += cs[i].w
	}
	catTotal := 0.0
	for _, c := range categoryWeights {
		catTotal += c
	}
	t0 := start.Unix()
	span := end.Unix() - t0

	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.WriteString(`{"type":"FeatureCollection","features":[`); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	buf := make([]byte, 0, 256)
	for i := 1; i <= n; i++ {
		var x, y float64
		if rng.Float64() < 0.08 { // background noise
			x = bbox.Min[0] + dx*rng.Float64()
			y = bbox.Min[1] + dy*rng.Float64()
		} else {
			r := rng.Float64() * total
			c := cs[len(cs)-1]
			for _, cc := range cs {
				if r < cc.w {
					c = cc
					break
				}
				r -= cc.w
			}
			x = clamp(c.x+rng.NormFloat64()*c.sx, bbox.Min[0], bbox.Max[0])
			y = clamp(c.y+rng.NormFloat64()*c.sy, bbox.Min[1], bbox.Max[1])
		}
		r := rng.Float64() * catTotal
		cat := Categories[len(Categories)-1]
		for j, cw := range categoryWeights {
			if r < cw {
				cat = Categories[j]
				break
			}
			r -= cw
		}
		var ts int64
		if span > 0 {
			ts = t0 + rng.Int64N(span+1)
		} else {
			ts = t0
		}
		count := 1 + int(rng.ExpFloat64()*2.5)

		buf = buf[:0]
		if i > 1 {
			buf = append(buf, ",\n"...)
		} else {
			buf = append(buf, '\n')
		}
		buf = append(buf, `{"type":"Feature","properties":{"id":`...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		buf = append(buf, `,"name":"Incident `...)
		buf = strconv.AppendInt(buf, int64(i), 10)
		buf = append(buf, `","category":"`...)
		buf = append(buf, cat...)
		buf = append(buf, `","time":"`...)
		buf = time.Unix(ts, 0).UTC().AppendFormat(buf, time.RFC3339)
		buf = append(buf, `","count":`...)
		buf = strconv.AppendInt(buf, int64(count), 10)
		switch shape {
		case Point:
			buf = append(buf, `},"geometry":{"type":"Point","coordinates":`...)
			buf = appendPosition(buf, x, y)
		case Polygon:
			buf = append(buf, `},"geometry":{"type":"Polygon","coordinates":[`...)
			buf = appendRing(buf, rng, x, y, bbox)
			buf = append(buf, ']')
		case Line:
			buf = append(buf, `},"geometry":{"type":"LineString","coordinates":`...)
			buf = appendLine(buf, rng, x, y, bbox)
		}
		buf = append(buf, "}}"...)
		if _, err := bw.Write(buf); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	if _, err := bw.WriteString("\n]}\n"); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	return nil
}

// appendPosition appends [x,y] with 6 decimals (about 0.1 m).
func appendPosition(buf []byte, x, y float64) []byte {
	buf = append(buf, '[')
	buf = strconv.AppendFloat(buf, x, 'f', 6, 64)
	buf = append(buf, ',')
	buf = strconv.AppendFloat(buf, y, 'f', 6, 64)
	return append(buf, ']')
}

// appendRing appends a closed ring of 5 to 16 corners around (x, y), moved
// inside bbox. Corner k of m lies at an angle in [k, k+0.8) m-ths of a
// turn, so the angles increase (counter-clockwise, as RFC 7946 asks) and
// the ring, star-shaped around its centre, never crosses itself.
func appendRing(buf []byte, rng *rand.Rand, x, y float64, bbox orb.Bound) []byte {
	dx, dy := bbox.Max[0]-bbox.Min[0], bbox.Max[1]-bbox.Min[1]
	f := 0.0005 + 0.0025*rng.Float64()
	rx, ry := f*dx, f*dy
	x = clamp(x, bbox.Min[0]+rx, bbox.Max[0]-rx)
	y = clamp(y, bbox.Min[1]+ry, bbox.Max[1]-ry)
	m := 5 + rng.IntN(12)
	buf = append(buf, '[')
	first, firstEnd := len(buf), 0
	for k := range m {
		a := 2 * math.Pi * (float64(k) + 0.8*rng.Float64()) / float64(m)
		r := 0.4 + 0.6*rng.Float64()
		buf = appendPosition(buf, x+rx*r*math.Cos(a), y+ry*r*math.Sin(a))
		if k == 0 {
			firstEnd = len(buf)
		}
		buf = append(buf, ',')
	}
	// the first corner again, the same text, closes the ring
	buf = append(buf, buf[first:firstEnd]...)
	return append(buf, ']')
}

// appendLine appends a line of 2 to 12 positions wandering from (x, y),
// each step 0.1 to 0.4 % of the bbox's size and turning a little, clamped
// to bbox.
func appendLine(buf []byte, rng *rand.Rand, x, y float64, bbox orb.Bound) []byte {
	dx, dy := bbox.Max[0]-bbox.Min[0], bbox.Max[1]-bbox.Min[1]
	m := 2 + rng.IntN(11)
	heading := 2 * math.Pi * rng.Float64()
	buf = append(buf, '[')
	for k := range m {
		if k > 0 {
			buf = append(buf, ',')
			f := 0.001 + 0.003*rng.Float64()
			heading += 1.2 * (rng.Float64() - 0.5)
			x = clamp(x+f*dx*math.Cos(heading), bbox.Min[0], bbox.Max[0])
			y = clamp(y+f*dy*math.Sin(heading), bbox.Min[1], bbox.Max[1])
		}
		buf = appendPosition(buf, x, y)
	}
	return append(buf, ']')
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }
