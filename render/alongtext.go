package render

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// outline is text laid out as glyph outlines on a baseline from (0, 0),
// in pixels (y down), glyph by glyph.
type outline struct {
	glyphs []glyphOutline
	width  float64
	asc    float64 // ascent above the baseline, positive
	desc   float64 // descent below it, positive
}

// glyphOutline is one glyph: its outline relative to its own origin, its
// origin's x on the baseline and its advance.
type glyphOutline struct {
	segs   []sfnt.Segment
	x, adv float64
	r      rune
}

// layoutOutline lays s out in the given font at size pixels, with kerning.
func layoutOutline(f *sfnt.Font, size float64, s string) (outline, bool) {
	if f == nil || s == "" || !(size > 0) {
		return outline{}, false
	}
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(size * 64)
	var o outline
	x := fixed.Int26_6(0)
	var prev sfnt.GlyphIndex
	for i, r := range s {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			gi, _ = f.GlyphIndex(&buf, '?')
		}
		if i > 0 {
			if k, err := f.Kern(&buf, prev, gi, ppem, font.HintingNone); err == nil {
				x += k
			}
		}
		segs, err := f.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil {
			return outline{}, false
		}
		adv, err := f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
		if err != nil {
			return outline{}, false
		}
		o.glyphs = append(o.glyphs, glyphOutline{segs: append([]sfnt.Segment(nil), segs...), x: float64(x) / 64, adv: float64(adv) / 64, r: r})
		x += adv
		prev = gi
	}
	m, err := f.Metrics(&buf, ppem, font.HintingNone)
	if err != nil {
		return outline{}, false
	}
	o.width = float64(x) / 64
	o.asc, o.desc = float64(m.Ascent)/64, float64(m.Descent)/64
	return o, true
}

// pathLength returns the length of a polyline in pixels.
func pathLength(p []pt) float64 {
	l := 0.0
	for i := 1; i < len(p); i++ {
		l += math.Hypot(p[i].x-p[i-1].x, p[i].y-p[i-1].y)
	}
	return l
}

// pointAt returns the point at distance d along p (clamped to its ends).
func pointAt(p []pt, d float64) pt {
	if len(p) == 0 {
		return pt{}
	}
	for i := 1; i < len(p); i++ {
		l := math.Hypot(p[i].x-p[i-1].x, p[i].y-p[i-1].y)
		if d <= l && l > 0 {
			t := d / l
			return pt{p[i-1].x + t*(p[i].x-p[i-1].x), p[i-1].y + t*(p[i].y-p[i-1].y)}
		}
		d -= l
	}
	return p[len(p)-1]
}

// reversed returns p backwards.
func reversed(p []pt) []pt {
	out := make([]pt, len(p))
	for i, q := range p {
		out[len(p)-1-i] = q
	}
	return out
}

// placedGlyph is a glyph set on a path: where its origin goes and its turn.
type placedGlyph struct {
	g        *glyphOutline
	org      pt // the glyph's baseline centre on the page
	cos, sin float64
}

// glyphsAlong sets o's glyphs along p from distance start, each centred on
// the path and turned to its local direction. It fails where the path
// turns more than 35° between neighbouring glyphs or bends back on itself.
func glyphsAlong(o outline, p []pt, start float64) ([]placedGlyph, bool) {
	middle := (o.asc - o.desc) / 2 * 0.8 // lifts the x-height onto the line
	out := make([]placedGlyph, 0, len(o.glyphs))
	prevAngle := math.NaN()
	for i := range o.glyphs {
		g := &o.glyphs[i]
		c := start + g.x + g.adv/2
		half := math.Max(g.adv/2, 2)
		pa, pb := pointAt(p, c-half), pointAt(p, c+half)
		angle := math.Atan2(pb.y-pa.y, pb.x-pa.x)
		if !math.IsNaN(prevAngle) {
			d := math.Abs(math.Remainder(angle-prevAngle, 2*math.Pi))
			if d > 35*math.Pi/180 {
				return nil, false
			}
		}
		prevAngle = angle
		mid := pointAt(p, c)
		cos, sin := math.Cos(angle), math.Sin(angle)
		// The glyph's baseline centre sits `middle` below the line.
		org := pt{mid.x - middle*sin, mid.y + middle*cos}
		out = append(out, placedGlyph{g: g, org: org, cos: cos, sin: sin})
	}
	return out, true
}

// at returns where glyph point (u, v) (relative to the glyph's origin)
// lands.
func (pg placedGlyph) at(u, v float64) pt {
	u -= pg.g.adv / 2
	return pt{pg.org.x + u*pg.cos - v*pg.sin, pg.org.y + u*pg.sin + v*pg.cos}
}

// placeAlong tries to set a line's name along it, glyph by glyph, centred
// on the line and following its bends (reading left to right, never upside
// down), starting from the middle of the visible stretch and moving
// outwards. It draws the label and reports whether it found room.
func (f *frame) placeAlong(lc labelCand, style fontStyle, size float64, col color.NRGBA, inner image.Rectangle, placed *[]image.Rectangle) bool {
	set, err := loadFonts()
	if err != nil || len(lc.path) < 2 {
		return false
	}
	o, ok := layoutOutline(set.of(style), size, lc.text)
	if !ok {
		return false
	}
	total := pathLength(lc.path)
	if total < o.width+f.px(8) {
		return false
	}
	halo := f.ipx(2)
	for _, frac := range []float64{0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9} {
		start := total*frac - o.width/2
		if start < f.px(2) || start+o.width > total-f.px(2) {
			continue
		}
		path := lc.path
		a, b := pointAt(path, start), pointAt(path, start+o.width)
		if b.x < a.x { // read left to right
			path = reversed(path)
			start = total - start - o.width
		}
		if math.Hypot(b.x-a.x, b.y-a.y) < o.width*0.8 {
			continue // too curly
		}
		glyphs, ok := glyphsAlong(o, path, start)
		if !ok {
			continue
		}
		// One box per glyph, for collisions.
		boxes := make([]image.Rectangle, 0, len(glyphs))
		all := image.Rectangle{}
		fits := true
		for _, pg := range glyphs {
			x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
			for _, q := range [4]pt{pg.at(0, -o.asc), pg.at(pg.g.adv, -o.asc), pg.at(pg.g.adv, o.desc), pg.at(0, o.desc)} {
				x0, y0, x1, y1 = min(x0, q.x), min(y0, q.y), max(x1, q.x), max(y1, q.y)
			}
			box := image.Rect(int(math.Floor(x0))-halo, int(math.Floor(y0))-halo, int(math.Ceil(x1))+halo, int(math.Ceil(y1))+halo)
			if !box.In(inner) || overlapsAny(box, *placed) || overlapsObstacle(box, f.obst, -1) {
				fits = false
				break
			}
			boxes = append(boxes, box)
			all = all.Union(box)
		}
		if !fits {
			continue
		}
		*placed = append(*placed, boxes...)
		f.c.be.glyphs(f.c, glyphs, all, col, color.NRGBA{0xff, 0xff, 0xff, 0xf0}, halo, style, size)
		return true
	}
	return false
}
