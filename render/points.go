package render

import (
	"encoding/binary"
	"image"
	"image/color"
	"math"
	"slices"

	"campmap/data"
	"campmap/icons"
)

// stamp is a pre-rasterised point symbol (premultiplied RGBA), composited
// straight into the frame's pixels: drawing a million points is a million
// small copies, not a million vector paths.
type stamp struct {
	w, h   int
	cx, cy int     // the stamp pixel placed on the point's pixel
	pix    []uint8 // premultiplied RGBA, w×h
	rows   []stampRow
	radius float64
}

// stampKey identifies a stamp in the cache.
type stampKey struct {
	symbol string // icon name, or "" for a circle
	size   float64
	pr     float64 // pixel ratio of a circle's rim (1 for symbols)
	col    color.NRGBA
}

var stampCache = newLRU[stampKey, *stamp](512)

// dotAlpha is the opacity of a dot's fill: slightly translucent, so that
// piles of dots read darker than single ones.
const dotAlpha = 0.85

// circleStampAt returns a disc of radius r device pixels in col (at
// dotAlpha) with, for r ≥ 3 layout pixels, a thin dark rim that keeps
// neighbouring dots apart; the rim scales with the pixel ratio pr.
func circleStampAt(r, pr float64, col color.NRGBA) *stamp {
	return stampCache.get(stampKey{"", r, pr, col}, func() *stamp {
		n := int(math.Ceil(r+1.5*pr))*2 + 1
		img := image.NewRGBA(image.Rect(0, 0, n, n))
		c := newCanvas(img, n, n)
		defer c.release()
		ctr := pt{float64(n) / 2, float64(n) / 2}
		if r >= 3*pr {
			c.addDisc(ctr, r+0.8*pr)
			c.fill(color.NRGBA{0x20, 0x20, 0x20, uint8(float64(col.A) * 0.4)})
		}
		c.addDisc(ctr, r)
		c.fill(withAlpha(col, dotAlpha))
		return newStamp(img, n/2, n/2, r+pr)
	})
}

// symbolStamp returns the named icon at size pixels, its marker filled with
// col and its halo and glyph white, all scaled by col's alpha.
func symbolStamp(name string, size float64, col color.NRGBA) *stamp {
	return stampCache.get(stampKey{name, size, 1, col}, func() *stamp {
		n := int(math.Ceil(size)) + 2
		img := image.NewRGBA(image.Rect(0, 0, n, n))
		a := float64(col.A) / 255
		opaque := col
		opaque.A = 0xff
		icons.ForKind(name).Draw(img, 1, 1, size, func(s icons.Shape) color.NRGBA {
			c := s.Fill
			if s.Class == "marker" {
				c = opaque
			}
			return withAlpha(c, a)
		})
		return newStamp(img, n/2, n/2, size/2)
	})
}

func newStamp(img *image.RGBA, cx, cy int, radius float64) *stamp {
	s := &stamp{w: img.Rect.Dx(), h: img.Rect.Dy(), cx: cx, cy: cy, pix: img.Pix, radius: radius}
	s.rows = make([]stampRow, s.h)
	for y := 0; y < s.h; y++ {
		alpha := func(x int) uint8 { return img.Pix[y*img.Stride+4*x+3] }
		r := stampRow{lo: s.w, hi: 0}
		for x := 0; x < s.w; x++ {
			if alpha(x) != 0 {
				r.lo, r.hi = min(r.lo, x), x+1
			}
		}
		// The longest run of opaque pixels is copied rather than blended.
		best, start := 0, -1
		for x := r.lo; x <= r.hi; x++ {
			if x < r.hi && alpha(x) == 0xff {
				if start < 0 {
					start = x
				}
				continue
			}
			if start >= 0 && x-start > best {
				best, r.olo, r.ohi = x-start, start, x
			}
			start = -1
		}
		if best == 0 {
			r.olo, r.ohi = r.lo, r.lo
		}
		s.rows[y] = r
	}
	return s
}

// stampRow is one row of a stamp: pixels [lo, hi) are not transparent, and
// [olo, ohi) within them are fully opaque.
type stampRow struct{ lo, olo, ohi, hi int }

// draw composites s with its centre on viewport pixel (x, y), inside clip
// (viewport pixels), into dst whose pixel origin is origin.
func (s *stamp) draw(dst *image.RGBA, origin image.Point, clip image.Rectangle, x, y int) {
	x0, y0 := x-s.cx, y-s.cy
	if x0 >= clip.Max.X || y0 >= clip.Max.Y || x0+s.w <= clip.Min.X || y0+s.h <= clip.Min.Y {
		return
	}
	ya, yb := max(0, clip.Min.Y-y0), min(s.h, clip.Max.Y-y0)
	xa, xb := max(0, clip.Min.X-x0), min(s.w, clip.Max.X-x0)
	for sy := ya; sy < yb; sy++ {
		r := s.rows[sy]
		lo, hi := max(r.lo, xa), min(r.hi, xb)
		if lo >= hi {
			continue
		}
		olo, ohi := min(max(r.olo, lo), hi), max(min(r.ohi, hi), lo)
		if olo >= ohi {
			olo, ohi = hi, hi
		}
		row := dst.PixOffset(origin.X+x0, origin.Y+y0+sy)
		src := s.pix[sy*s.w*4:]
		blendRun(dst.Pix[row+4*lo:row+4*olo], src[4*lo:4*olo])
		copy(dst.Pix[row+4*olo:row+4*ohi], src[4*olo:4*ohi])
		blendRun(dst.Pix[row+4*ohi:row+4*hi], src[4*ohi:4*hi])
	}
}

// blendRun composites premultiplied src over d, pixel by pixel, two
// channels per multiplication (R with B, G with A).
func blendRun(d, src []uint8) {
	if len(d) != len(src) {
		return
	}
	for i := 0; i+3 < len(src); i += 4 {
		sp := binary.LittleEndian.Uint32(src[i:])
		sa := sp >> 24
		if sa == 0 {
			continue
		}
		if sa == 0xff {
			binary.LittleEndian.PutUint32(d[i:], sp)
			continue
		}
		binary.LittleEndian.PutUint32(d[i:], sp+over(binary.LittleEndian.Uint32(d[i:]), 0xff-sa))
	}
}

// over returns the packed RGBA pixel dp scaled by ia/255 (rounded), each
// channel separately.
func over(dp, ia uint32) uint32 {
	rb := (dp & 0x00ff00ff) * ia
	ag := (dp >> 8 & 0x00ff00ff) * ia
	rb += 0x00800080
	ag += 0x00800080
	rb = (rb + (rb >> 8 & 0x00ff00ff)) >> 8 & 0x00ff00ff
	ag = (ag + (ag >> 8 & 0x00ff00ff)) & 0xff00ff00
	return rb | ag
}

// div255 returns round(x/255) for x in 0..65025.
func div255(x uint32) uint8 {
	x += 128
	return uint8((x + x>>8) >> 8)
}

// pointRadius picks the dot radius from how many points the view holds:
// big dots for a few hundred incidents, fine ones for a million.
func pointRadius(inView float64) float64 {
	switch {
	case inView <= 2000:
		return 4.5
	case inView <= 20000:
		return 3.5
	case inView <= 200000:
		return 2.5
	}
	return 2
}

// symbolSize is the pixel size of camp, terminal and port symbols at
// zoom 10 and closer; see symbolPxAt.
const symbolSize = 22

// zoomScale shrinks strokes and symbols when zoomed out, where a region's
// features crowd together: 1 from zoom 10, down to 0.6 at zoom 6 and below.
func zoomScale(z float64) float64 {
	return math.Max(0.6, math.Min(1, 0.6+(z-6)*0.1))
}

// symbolPxAt returns the symbol size at layout zoom z and pixel ratio pr,
// an even number of device pixels.
func symbolPxAt(z, pr float64) int {
	return 2 * int(math.Round(symbolSize*zoomScale(z)*pr/2))
}

// hasSymbol reports whether point features of kind k are drawn with their
// kind's symbol rather than a dot.
func hasSymbol(k data.Kind) bool {
	return k == data.KindCamp || k == data.KindTerminal || k == data.KindPort
}

// styleKey is what decides a point's stamp within a layer.
type styleKey struct {
	kind data.Kind
	cat  int   // category index (1-based), 0 when the kind ignores categories
	size uint8 // count size bucket (see sizeBucket), 0 for the frame's dot size
	// class is the graduated class (1-based; noValueClass for no value),
	// 0 when the layer is not graduated (see graduatedOf)
	class uint8
}

// radius returns the dot radius of sk when the frame's dot radius is
// base: base itself, or the count's radius when that is larger.
func (sk styleKey) radius(base float64) float64 {
	return sizedRadius(base, sk.size)
}

// Sizing dots by count. A dot's area is proportional to its feature's
// count: radius = countK·√count, where countK is countUnit unless the
// layer's largest count would then exceed countRadiusMax, in which case
// the largest count gets countRadiusMax. Radii are quantised to half
// pixels (sizeBucket) so that a layer needs few stamps, and never drawn
// smaller than the frame's dot size, so that a count of 1 among a million
// stays as visible as an uncounted dot.
const (
	countUnit      = 4.5 // radius of a count of 1, pixels (the largest dot size)
	countRadiusMax = 20  // radius of the largest count, pixels
)

// sizeBucket returns the size bucket of a count under scale k: twice the
// radius in pixels, rounded, at least 1 and at most 2·countRadiusMax; 0
// for a missing, zero, negative or non-finite count.
func sizeBucket(k, count float64) uint8 {
	if !(count > 0) || math.IsInf(count, 0) || !(k > 0) {
		return 0
	}
	b := math.Round(2 * k * math.Sqrt(count))
	return uint8(min(max(b, 1), 2*countRadiusMax))
}

// sizedRadius returns the radius of a dot of size bucket b when the
// frame's dot radius is base.
func sizedRadius(base float64, b uint8) float64 {
	return math.Max(base, float64(b)/2)
}

// countRadius returns the radius a count is drawn with in a layer of scale
// k when the frame's dot radius is base (used by legends).
func countRadius(base, k, count float64) float64 {
	return sizedRadius(base, sizeBucket(k, count))
}

// countScale finds the largest count of l's features and the layer's
// scale countK; both stay 0 when l has no positive count.
func (g *layerGeom) countScale(l *data.Layer) {
	if l.CountKey == "" {
		return
	}
	for i := range l.Len() {
		if c, ok := l.Count(i); ok && c > g.maxCount && !math.IsInf(c, 0) {
			g.maxCount = c
		}
	}
	if g.maxCount > 0 {
		g.countK = math.Min(countUnit, countRadiusMax/math.Sqrt(g.maxCount))
	}
}

// styleKeyOf returns the style key of feature i of l.
func (g *layerGeom) styleKeyOf(l *data.Layer, i int) styleKey {
	sk := styleKey{kind: l.FeatureKind(i)}
	if usesCategories(sk.kind) {
		sk.cat = l.CategoryIndex(i)
	}
	if g.countK > 0 && !hasSymbol(sk.kind) {
		c, _ := l.Count(i)
		sk.size = sizeBucket(g.countK, c)
	}
	return sk
}

// maxBucket returns the largest size bucket of the layer's points (0 when
// none is sized).
func (g *layerGeom) maxBucket() uint8 {
	var b uint8
	for _, sk := range g.keyList {
		b = max(b, sk.size)
	}
	return b
}

// sizeOrder returns the tree positions ps reordered for drawing a sized
// layer: largest dots first, so that small ones stay visible on top;
// equal sizes keep their order. It reuses ps.
func (g *layerGeom) sizeOrder(ps []int) []int {
	if !g.sized || g.keys == nil {
		return ps
	}
	size := func(pos int) uint8 { return g.keyList[g.keys[pos]].size }
	slices.SortStableFunc(ps, func(a, b int) int { return int(size(b)) - int(size(a)) })
	return ps
}

// pointStyle holds the stamps of one layer's point features for one frame,
// indexed like layerGeom.keyList, with each stamp's pixels also laid out as
// offsets into the destination (for stamps that fall wholly inside the
// frame, the common case). It is read-only once built, so the bands of a
// frame share it.
type pointStyle struct {
	g      *layerGeom
	stamps []*stamp
	flat   [][]pixOp
	maxR   float64 // the largest stamp radius, pixels
	dst    *image.RGBA
	origin image.Point
}

// pixOp is one non-transparent stamp pixel: its offset in dst.Pix from the
// stamp's top left corner, and its premultiplied RGBA value (little endian).
type pixOp struct {
	off int
	px  uint32
}

// newPointStyle returns the stamps of symbols syms (indexed like
// g.keyList) at pixel ratio pr and symbol size sym, for drawing into dst
// whose pixel origin is origin.
func newPointStyle(g *layerGeom, syms []pointSymbol, pr float64, sym int, dst *image.RGBA, origin image.Point) *pointStyle {
	ps := &pointStyle{g: g, stamps: make([]*stamp, len(syms)), flat: make([][]pixOp, len(syms)), dst: dst, origin: origin}
	for i, sy := range syms {
		st := stampOf(sy, pr, sym)
		ps.stamps[i] = st
		ps.maxR = max(ps.maxR, st.radius)
		for y := 0; y < st.h; y++ {
			row := st.rows[y]
			for x := row.lo; x < row.hi; x++ {
				px := binary.LittleEndian.Uint32(st.pix[(y*st.w+x)*4:])
				if px>>24 != 0 {
					ps.flat[i] = append(ps.flat[i], pixOp{off: y*dst.Stride + 4*x, px: px})
				}
			}
		}
	}
	return ps
}

// reach is the largest stamp radius and a pixel of anti-aliasing.
func (ps *pointStyle) reach() float64 { return ps.maxR + 1 }

// draw composites the stamp of the point at tree position pos centred on
// viewport pixel (x, y), clipped to clip.
func (ps *pointStyle) draw(pos, x, y int, clip image.Rectangle) {
	k := 0
	if ps.g.keys != nil {
		k = int(ps.g.keys[pos])
	}
	st := ps.stamps[k]
	x0, y0 := x-st.cx, y-st.cy
	if x0 < clip.Min.X || y0 < clip.Min.Y || x0+st.w > clip.Max.X || y0+st.h > clip.Max.Y {
		st.draw(ps.dst, ps.origin, clip, x, y)
		return
	}
	base := ps.dst.PixOffset(ps.origin.X+x0, ps.origin.Y+y0)
	pix := ps.dst.Pix[base:]
	for _, o := range ps.flat[k] {
		d := pix[o.off : o.off+4 : o.off+4]
		if o.px>>24 == 0xff {
			binary.LittleEndian.PutUint32(d, o.px)
			continue
		}
		binary.LittleEndian.PutUint32(d, o.px+over(binary.LittleEndian.Uint32(d), 0xff-o.px>>24))
	}
}
