package icons

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Point is a position in an icon's viewBox units (x right, y down).
type Point struct{ X, Y float64 }

// Op is the kind of one path segment.
type Op uint8

// The path operations, all in absolute coordinates once parsed.
const (
	MoveTo Op = iota + 1 // P[0] is the new current point
	LineTo               // P[0] is the end point
	QuadTo               // P[0] is the control point, P[1] the end point
	CubeTo               // P[0], P[1] are the control points, P[2] the end point
	Close                // closes the current subpath; no points
)

// Segment is one absolute path command.
type Segment struct {
	Op Op
	P  [3]Point
}

// Path is parsed SVG path data: absolute move, line, quadratic, cubic and
// close segments. A Path is a plain value; it is safe to share once built and
// never modified.
type Path []Segment

// maxPathSegments bounds the segments one path may hold, so that hostile
// input cannot make a parse allocate without limit.
const maxPathSegments = 1 << 16

// ParsePath reads SVG path data: the commands M/m, L/l, H/h, V/v, C/c, Q/q
// and Z/z, with implicit repetition of the previous command (a moveto's
// extra pairs are linetos), numbers separated by commas or white space (or
// by nothing where a sign or a second decimal point starts the next one).
// Relative commands are resolved against the current point, so the result
// holds absolute coordinates only.
func ParsePath(d string) (Path, error) {
	s := pathScanner{s: d}
	var (
		out          Path
		cur, start   Point
		cmd          byte
		haveSubpath  bool
		closed       bool // the last segment was a close
		commandCount int
	)
	for {
		s.skipSpace()
		if s.i >= len(s.s) {
			break
		}
		c := s.s[s.i]
		switch {
		case isCommand(c):
			cmd = c
			s.i++
		case cmd == 0:
			return nil, fmt.Errorf("icons: path data at byte %d: %q is not a command", s.i, c)
		case cmd == 'Z' || cmd == 'z':
			return nil, fmt.Errorf("icons: path data at byte %d: number after close", s.i)
		}
		if len(out) >= maxPathSegments {
			return nil, fmt.Errorf("icons: path data: more than %d segments", maxPathSegments)
		}
		commandCount++
		rel := cmd >= 'a'
		base := Point{}
		if rel {
			base = cur
		}
		up := cmd &^ 0x20 // upper case
		if up != 'M' && up != 'Z' && !haveSubpath {
			return nil, fmt.Errorf("icons: path data at byte %d: %c before any moveto", s.i, cmd)
		}
		if closed && up != 'M' && up != 'Z' {
			// A subpath after a close starts at the closed one's start.
			out = append(out, Segment{Op: MoveTo, P: [3]Point{start}})
		}
		closed = up == 'Z'
		switch up {
		case 'Z':
			if haveSubpath {
				out = append(out, Segment{Op: Close})
				cur = start
			}
			// A close is not repeated: the next token must be a command.
			cmd = 'Z'
		case 'M':
			p, err := s.point(base)
			if err != nil {
				return nil, err
			}
			out = append(out, Segment{Op: MoveTo, P: [3]Point{p}})
			cur, start, haveSubpath = p, p, true
			// Further pairs are implicit linetos.
			if rel {
				cmd = 'l'
			} else {
				cmd = 'L'
			}
		case 'L':
			p, err := s.point(base)
			if err != nil {
				return nil, err
			}
			out = append(out, Segment{Op: LineTo, P: [3]Point{p}})
			cur = p
		case 'H':
			x, err := s.number()
			if err != nil {
				return nil, err
			}
			p, err := checked(Point{base.X + x, cur.Y}, s.i)
			if err != nil {
				return nil, err
			}
			out = append(out, Segment{Op: LineTo, P: [3]Point{p}})
			cur = p
		case 'V':
			y, err := s.number()
			if err != nil {
				return nil, err
			}
			p, err := checked(Point{cur.X, base.Y + y}, s.i)
			if err != nil {
				return nil, err
			}
			out = append(out, Segment{Op: LineTo, P: [3]Point{p}})
			cur = p
		case 'Q':
			var pts [2]Point
			for k := range pts {
				p, err := s.point(base)
				if err != nil {
					return nil, err
				}
				pts[k] = p
			}
			out = append(out, Segment{Op: QuadTo, P: [3]Point{pts[0], pts[1]}})
			cur = pts[1]
		case 'C':
			var pts [3]Point
			for k := range pts {
				p, err := s.point(base)
				if err != nil {
					return nil, err
				}
				pts[k] = p
			}
			out = append(out, Segment{Op: CubeTo, P: pts})
			cur = pts[2]
		}
	}
	if commandCount == 0 {
		return nil, nil
	}
	return out, nil
}

func isCommand(c byte) bool {
	switch c {
	case 'M', 'm', 'L', 'l', 'H', 'h', 'V', 'v', 'C', 'c', 'Q', 'q', 'Z', 'z':
		return true
	}
	return false
}

type pathScanner struct {
	s string
	i int
}

func (s *pathScanner) skipSpace() {
	for s.i < len(s.s) {
		switch s.s[s.i] {
		case ' ', '\t', '\n', '\r', '\f':
			s.i++
		default:
			return
		}
	}
}

// skipSep skips white space and at most one comma.
func (s *pathScanner) skipSep() {
	s.skipSpace()
	if s.i < len(s.s) && s.s[s.i] == ',' {
		s.i++
		s.skipSpace()
	}
}

func (s *pathScanner) point(base Point) (Point, error) {
	x, err := s.number()
	if err != nil {
		return Point{}, err
	}
	y, err := s.number()
	if err != nil {
		return Point{}, err
	}
	return checked(Point{base.X + x, base.Y + y}, s.i)
}

// maxCoord bounds coordinates, relative ones once resolved.
const maxCoord = 1e9

func checked(p Point, at int) (Point, error) {
	if math.Abs(p.X) > maxCoord || math.Abs(p.Y) > maxCoord {
		return Point{}, fmt.Errorf("icons: path data at byte %d: coordinate out of range", at)
	}
	return p, nil
}

// number reads one SVG number: [sign] digits [. digits] [e [sign] digits].
func (s *pathScanner) number() (float64, error) {
	s.skipSep()
	start := s.i
	if s.i < len(s.s) && (s.s[s.i] == '+' || s.s[s.i] == '-') {
		s.i++
	}
	digits := 0
	for s.i < len(s.s) && isDigit(s.s[s.i]) {
		s.i++
		digits++
	}
	if s.i < len(s.s) && s.s[s.i] == '.' {
		s.i++
		for s.i < len(s.s) && isDigit(s.s[s.i]) {
			s.i++
			digits++
		}
	}
	if digits == 0 {
		return 0, fmt.Errorf("icons: path data at byte %d: number expected", start)
	}
	if s.i < len(s.s) && (s.s[s.i] == 'e' || s.s[s.i] == 'E') {
		j := s.i + 1
		if j < len(s.s) && (s.s[j] == '+' || s.s[j] == '-') {
			j++
		}
		k := j
		for k < len(s.s) && isDigit(s.s[k]) {
			k++
		}
		if k > j { // an exponent only when digits follow
			s.i = k
		}
	}
	v, err := strconv.ParseFloat(s.s[start:s.i], 64)
	if err != nil || math.IsInf(v, 0) || math.Abs(v) > maxCoord {
		return 0, fmt.Errorf("icons: path data at byte %d: number %q out of range", start, s.s[start:s.i])
	}
	return v, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// String returns the path as absolute SVG path data that ParsePath reads back
// to an equal Path.
func (p Path) String() string {
	var b strings.Builder
	f := func(v float64) { b.WriteString(strconv.FormatFloat(v, 'g', -1, 64)) }
	pt := func(q Point) { f(q.X); b.WriteByte(' '); f(q.Y) }
	for i, sg := range p {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch sg.Op {
		case MoveTo:
			b.WriteString("M")
			pt(sg.P[0])
		case LineTo:
			b.WriteString("L")
			pt(sg.P[0])
		case QuadTo:
			b.WriteString("Q")
			pt(sg.P[0])
			b.WriteByte(' ')
			pt(sg.P[1])
		case CubeTo:
			b.WriteString("C")
			pt(sg.P[0])
			b.WriteByte(' ')
			pt(sg.P[1])
			b.WriteByte(' ')
			pt(sg.P[2])
		case Close:
			b.WriteString("Z")
		}
	}
	return b.String()
}

// Bounds returns the box of every point of p, control points included (so
// it holds the whole shape). It returns a zero box for an empty path.
func (p Path) Bounds() (lo, hi Point) {
	first := true
	for _, sg := range p {
		n := 0
		switch sg.Op {
		case MoveTo, LineTo:
			n = 1
		case QuadTo:
			n = 2
		case CubeTo:
			n = 3
		}
		for _, q := range sg.P[:n] {
			if first {
				lo, hi, first = q, q, false
				continue
			}
			lo.X, lo.Y = math.Min(lo.X, q.X), math.Min(lo.Y, q.Y)
			hi.X, hi.Y = math.Max(hi.X, q.X), math.Max(hi.Y, q.Y)
		}
	}
	return lo, hi
}

// Rasterizer is what a Path is drawn into: golang.org/x/image/vector's
// Rasterizer satisfies it.
type Rasterizer interface {
	MoveTo(x, y float32)
	LineTo(x, y float32)
	QuadTo(bx, by, cx, cy float32)
	CubeTo(bx, by, cx, cy, dx, dy float32)
	ClosePath()
}

// AddTo adds p to z scaled by scale and moved by (dx, dy): viewBox point q
// lands at (q.X*scale+dx, q.Y*scale+dy). Every subpath is closed, since a
// path is filled.
func (p Path) AddTo(z Rasterizer, scale, dx, dy float64) {
	tx := func(q Point) (float32, float32) { return float32(q.X*scale + dx), float32(q.Y*scale + dy) }
	open := false
	for _, sg := range p {
		switch sg.Op {
		case MoveTo:
			if open {
				z.ClosePath()
			}
			z.MoveTo(tx(sg.P[0]))
			open = true
		case LineTo:
			z.LineTo(tx(sg.P[0]))
		case QuadTo:
			bx, by := tx(sg.P[0])
			cx, cy := tx(sg.P[1])
			z.QuadTo(bx, by, cx, cy)
		case CubeTo:
			bx, by := tx(sg.P[0])
			cx, cy := tx(sg.P[1])
			ex, ey := tx(sg.P[2])
			z.CubeTo(bx, by, cx, cy, ex, ey)
		case Close:
			if open {
				z.ClosePath()
			}
			open = false
		}
	}
	if open {
		z.ClosePath()
	}
}
