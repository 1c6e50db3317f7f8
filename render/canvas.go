package render

import (
	"image"
	"image/color"
	"math"
	"sync"

	"golang.org/x/image/vector"
)

// pt is a position in viewport pixels (x right, y down).
type pt struct{ x, y float64 }

// canvas is the one drawing surface of a frame. Geometry comes in viewport
// pixels, possibly far outside the frame or non-finite; the canvas clips it
// in float64 to the frame plus a margin, gathers the rings of the next
// fill and cuts stroked lines into their visible runs, and hands the
// result to its back end, which rasterises it into pixels or records it as
// vector operations (see backend). The drawing code above it is written
// once for both. A canvas belongs to one goroutine.
type canvas struct {
	clip image.Rectangle // the drawable viewport pixels
	be   backend

	rings   [][]pt // rings gathered for the next fill
	scratch [2][]pt
	pool    [][]pt // recycled ring buffers
	line    []pt   // the frame's scratch for projected lines, kept across frames
	run     []pt   // strokeLine's scratch for the visible run of a line
	// quads holds the four corners of every stroke piece gathered for
	// the next fill, one slab reused from fill to fill (a street grid
	// makes tens of thousands of pieces per frame).
	quads []pt

	// px is the raster back end's state, kept with the canvas so that
	// its buffers are reused from frame to frame; be points to it on a
	// raster canvas.
	px raster
}

// canvases are reused across frames: a full-frame fill needs a few
// megabytes of scratch (rasteriser buffers, coverage mask, ring buffers).
var canvases = sync.Pool{New: func() any {
	return &canvas{px: raster{z: vector.NewRasterizer(0, 0), mask: image.NewAlpha(image.Rectangle{})}}
}}

// newCanvas returns a canvas of w×h viewport pixels that rasterises into
// dst, viewport pixel (0, 0) landing on dst.Rect.Min.
func newCanvas(dst *image.RGBA, w, h int) *canvas {
	c := canvases.Get().(*canvas)
	c.px.dst, c.px.origin = dst, dst.Rect.Min
	c.clip = image.Rect(0, 0, w, h).Intersect(dst.Rect.Sub(dst.Rect.Min))
	c.be = &c.px
	return c
}

// release finishes the back end's work and returns the canvas to the
// pool; it must not be used afterwards.
func (c *canvas) release() {
	c.clearRings()
	c.be.finish()
	c.be = nil
	c.px.dst = nil
	canvases.Put(c)
}

// clipMargin is how far outside the frame geometry is kept, in pixels, so
// that clip edges and stroke ends are never visible.
const clipMargin = 16

func (c *canvas) box(extra float64) (x0, y0, x1, y1 float64) {
	m := clipMargin + extra
	return float64(c.clip.Min.X) - m, float64(c.clip.Min.Y) - m, float64(c.clip.Max.X) + m, float64(c.clip.Max.Y) + m
}

func (c *canvas) newRing() []pt {
	if n := len(c.pool); n > 0 {
		r := c.pool[n-1][:0]
		c.pool = c.pool[:n-1]
		return r
	}
	return make([]pt, 0, 64)
}

// addRing clips a closed ring to the frame and queues it for the next fill.
// Non-finite vertices are dropped. sign, when not 0, forces the ring's
// orientation: +1 and -1 give opposite windings, so that holes cancel their
// outline under the rasteriser's non-zero rule and overlapping outlines
// merge.
func (c *canvas) addRing(ring []pt, sign int) {
	x0, y0, x1, y1 := c.box(0)
	in := append(c.scratch[0][:0], ring...)
	in = finite(in)
	for edge := 0; edge < 4 && len(in) >= 3; edge++ {
		out := clipEdge(c.scratch[1][:0], in, edge, x0, y0, x1, y1)
		c.scratch[0], c.scratch[1] = out, in
		in = out
	}
	c.scratch[0] = in
	if len(in) < 3 {
		return
	}
	if sign != 0 && (signedArea(in) > 0) != (sign > 0) {
		for i, j := 0, len(in)-1; i < j; i, j = i+1, j-1 {
			in[i], in[j] = in[j], in[i]
		}
	}
	r := append(c.newRing(), in...)
	c.rings = append(c.rings, r)
}

// addRawRing queues a ring that is known to lie near the frame (symbols,
// stroke pieces already clipped).
func (c *canvas) addRawRing(r []pt) {
	c.rings = append(c.rings, r)
}

func finite(r []pt) []pt {
	out := r[:0]
	for _, p := range r {
		if !math.IsNaN(p.x) && !math.IsNaN(p.y) && !math.IsInf(p.x, 0) && !math.IsInf(p.y, 0) {
			out = append(out, p)
		}
	}
	return out
}

// clipEdge is one Sutherland–Hodgman pass against one side of the box.
func clipEdge(out, in []pt, edge int, x0, y0, x1, y1 float64) []pt {
	inside := func(p pt) bool {
		switch edge {
		case 0:
			return p.x >= x0
		case 1:
			return p.x <= x1
		case 2:
			return p.y >= y0
		}
		return p.y <= y1
	}
	cross := func(a, b pt) pt {
		var t float64
		switch edge {
		case 0:
			t = (x0 - a.x) / (b.x - a.x)
			return pt{x0, a.y + t*(b.y-a.y)}
		case 1:
			t = (x1 - a.x) / (b.x - a.x)
			return pt{x1, a.y + t*(b.y-a.y)}
		case 2:
			t = (y0 - a.y) / (b.y - a.y)
			return pt{a.x + t*(b.x-a.x), y0}
		}
		t = (y1 - a.y) / (b.y - a.y)
		return pt{a.x + t*(b.x-a.x), y1}
	}
	prev := in[len(in)-1]
	pin := inside(prev)
	for _, p := range in {
		cin := inside(p)
		switch {
		case cin && pin:
			out = append(out, p)
		case cin:
			out = append(out, cross(prev, p), p)
		case pin:
			out = append(out, cross(prev, p))
		}
		prev, pin = p, cin
	}
	return out
}

func signedArea(r []pt) float64 {
	a := 0.0
	prev := r[len(r)-1]
	for _, p := range r {
		a += prev.x*p.y - p.x*prev.y
		prev = p
	}
	return a / 2
}

// fill paints the queued rings, and the strokes queued since the last
// fill, as one shape (non-zero winding, where same-oriented overlaps merge
// and opposite ones cancel) in colour col, and clears the queue.
func (c *canvas) fill(col color.NRGBA) {
	defer c.clearRings()
	c.be.fill(c, col)
}

func (c *canvas) clearRings() {
	for _, r := range c.rings {
		if cap(r) >= 64 && cap(r) <= 1<<16 && len(c.pool) < 1<<14 {
			c.pool = append(c.pool, r)
		}
	}
	c.rings = c.rings[:0]
	c.quads = c.quads[:0]
}

// fillRect fills a rectangle of viewport pixels.
func (c *canvas) fillRect(x0, y0, x1, y1 float64, col color.NRGBA) {
	c.addRing([]pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, 0)
	c.fill(col)
}

// stroke describes how a line is drawn.
type stroke struct {
	width float64
	dash  []float64 // on, off, on, off ... in pixels; nil for a solid line
	round bool      // round joins and caps
}

// period returns the length of one repeat of s's dash pattern, and whether
// the stroke is dashed at all (a pattern shorter than half a pixel is drawn
// solid).
func (s stroke) period() (float64, bool) {
	p := 0.0
	for _, d := range s.dash {
		p += d
	}
	return p, len(s.dash) >= 2 && p > 0.5
}

// strokeLine queues polyline line drawn with s for the next fill: it is
// clipped to the frame, and each visible run goes to the back end with its
// distance from the line's start, so that dashes keep their phase along the
// whole line (panning does not make them crawl).
func (c *canvas) strokeLine(line []pt, s stroke) {
	if len(line) < 2 || !(s.width > 0) {
		return
	}
	x0, y0, x1, y1 := c.box(s.width)
	dist := 0.0 // distance along the line at line[i-1]
	run := c.run[:0]
	defer func() { c.run = run[:0] }()
	runStart := 0.0
	flush := func() {
		if len(run) >= 2 {
			c.be.stroke(c, run, runStart, s)
		}
		run = run[:0]
	}
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		if !isFinite(a) || !isFinite(b) {
			flush()
			continue
		}
		segLen := math.Hypot(b.x-a.x, b.y-a.y)
		t0, t1, ok := clipSegment(a, b, x0, y0, x1, y1)
		if ok {
			p := pt{a.x + t0*(b.x-a.x), a.y + t0*(b.y-a.y)}
			q := pt{a.x + t1*(b.x-a.x), a.y + t1*(b.y-a.y)}
			if len(run) == 0 || t0 > 0 {
				flush()
				run = append(run, p)
				runStart = dist + t0*segLen
			}
			run = append(run, q)
			if t1 < 1 {
				flush()
			}
		} else {
			flush()
		}
		dist += segLen
	}
	flush()
}

func isFinite(p pt) bool {
	return !math.IsNaN(p.x) && !math.IsNaN(p.y) && !math.IsInf(p.x, 0) && !math.IsInf(p.y, 0)
}

// clipSegment returns the parameter range of segment a→b inside the box
// (Liang–Barsky).
func clipSegment(a, b pt, x0, y0, x1, y1 float64) (t0, t1 float64, ok bool) {
	t0, t1 = 0, 1
	dx, dy := b.x-a.x, b.y-a.y
	for _, e := range [4][2]float64{{-dx, a.x - x0}, {dx, x1 - a.x}, {-dy, a.y - y0}, {dy, y1 - a.y}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return 0, 0, false
			}
			continue
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return 0, 0, false
			}
			t0 = max(t0, r)
		} else {
			if r < t0 {
				return 0, 0, false
			}
			t1 = min(t1, r)
		}
	}
	return t0, t1, t0 <= t1
}

// dashRun cuts a visible run (starting at distance d0 along its line) into
// the "on" pieces of the dash pattern and widens each.
func (c *canvas) dashRun(run []pt, d0, period float64, s stroke) {
	phase := math.Mod(d0, period)
	k := 0 // current dash entry
	for phase >= s.dash[k] {
		phase -= s.dash[k]
		k = (k + 1) % len(s.dash)
	}
	left := s.dash[k] - phase // remaining length of entry k
	var piece []pt
	on := k%2 == 0
	if on {
		piece = append(piece, run[0])
	}
	for i := 1; i < len(run); i++ {
		a, b := run[i-1], run[i]
		segLen := math.Hypot(b.x-a.x, b.y-a.y)
		pos := 0.0
		for segLen-pos > left {
			pos += left
			t := pos / segLen
			p := pt{a.x + t*(b.x-a.x), a.y + t*(b.y-a.y)}
			if on {
				piece = append(piece, p)
				c.widen(piece, s)
				piece = piece[:0]
			} else {
				piece = append(piece[:0], p)
			}
			on = !on
			k = (k + 1) % len(s.dash)
			left = s.dash[k]
		}
		left -= segLen - pos
		if on {
			piece = append(piece, b)
		}
	}
	if on && len(piece) >= 2 {
		c.widen(piece, s)
	}
}

// widen queues quads for every segment of line and, for round strokes,
// discs at its vertices. All shapes share one orientation, so overlaps
// merge under the non-zero rule.
func (c *canvas) widen(line []pt, s stroke) {
	hw := s.width / 2
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		dx, dy := b.x-a.x, b.y-a.y
		l := math.Hypot(dx, dy)
		if l < 1e-9 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		n := len(c.quads)
		c.quads = append(c.quads, pt{a.x + nx, a.y + ny}, pt{b.x + nx, b.y + ny}, pt{b.x - nx, b.y - ny}, pt{a.x - nx, a.y - ny})
		c.addRawRing(c.quads[n : n+4 : n+4])
	}
	if s.round && hw >= 0.9 {
		for i, p := range line {
			if i == 0 || i == len(line)-1 || len(line) > 2 {
				c.addDisc(p, hw)
			}
		}
	}
}

// addDisc queues a circle polygon with the orientation widen uses.
func (c *canvas) addDisc(p pt, r float64) {
	n := 8
	if r > 3 {
		n = 16
	}
	if r > 12 {
		n = 32
	}
	ring := c.newRing()
	for _, u := range discCorners(n) {
		ring = append(ring, pt{p.x + r*u.x, p.y + r*u.y})
	}
	c.addRawRing(ring)
}

// discUnits holds the corners of the unit discs of 8, 16 and 32 corners
// addDisc draws (a stroke of small polygons puts a disc at every vertex:
// the sines and cosines cost more than the rest of the stroke).
var discUnits = func() (u [3][]pt) {
	for i, n := range [3]int{8, 16, 32} {
		for k := 0; k < n; k++ {
			a := -2 * math.Pi * float64(k) / float64(n)
			u[i] = append(u[i], pt{math.Cos(a), math.Sin(a)})
		}
	}
	return u
}()

// discCorners returns the corners of the unit disc of n corners (8, 16 or
// 32).
func discCorners(n int) []pt {
	switch n {
	case 8:
		return discUnits[0]
	case 16:
		return discUnits[1]
	}
	return discUnits[2]
}
