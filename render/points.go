package render

import (
	"image"
	"image/color"
	"math"

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
	span   [][2]int
	opaque bool // every covered pixel is fully opaque
	radius float64
}

// stampKey identifies a stamp in the cache.
type stampKey struct {
	symbol string // icon name, or "" for a circle
	size   float64
	col    color.NRGBA
}

var stampCache = newLRU[stampKey, *stamp](512)

// circleStamp returns a disc of radius r in col with, for r ≥ 3, a thin
// dark rim that keeps neighbouring dots apart.
func circleStamp(r float64, col color.NRGBA) *stamp {
	return stampCache.get(stampKey{"", r, col}, func() *stamp {
		n := int(math.Ceil(r+1.5))*2 + 1
		img := image.NewRGBA(image.Rect(0, 0, n, n))
		c := newCanvas(img, n, n)
		defer c.release()
		ctr := pt{float64(n) / 2, float64(n) / 2}
		if r >= 3 {
			c.addDisc(ctr, r+0.9)
			c.fill(color.NRGBA{0x20, 0x20, 0x20, uint8(float64(col.A) * 0.6)})
		}
		c.addDisc(ctr, r)
		c.fill(col)
		return newStamp(img, n/2, n/2, r+1)
	})
}

// symbolStamp returns the named icon at size pixels, its marker filled with
// col and its halo and glyph white, all scaled by col's alpha.
func symbolStamp(name string, size float64, col color.NRGBA) *stamp {
	return stampCache.get(stampKey{name, size, col}, func() *stamp {
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
	s := &stamp{w: img.Rect.Dx(), h: img.Rect.Dy(), cx: cx, cy: cy, pix: img.Pix, radius: radius, opaque: true}
	s.span = make([][2]int, s.h)
	for y := 0; y < s.h; y++ {
		lo, hi := s.w, 0
		for x := 0; x < s.w; x++ {
			a := img.Pix[y*img.Stride+4*x+3]
			if a != 0 {
				lo, hi = min(lo, x), x+1
				if a != 0xff {
					s.opaque = false
				}
			}
		}
		s.span[y] = [2]int{lo, hi}
	}
	return s
}

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
		sp := s.span[sy]
		lo, hi := max(sp[0], xa), min(sp[1], xb)
		if lo >= hi {
			continue
		}
		di := dst.PixOffset(origin.X+x0+lo, origin.Y+y0+sy)
		si := (sy*s.w + lo) * 4
		d := dst.Pix[di : di+(hi-lo)*4 : di+(hi-lo)*4]
		src := s.pix[si : si+(hi-lo)*4 : si+(hi-lo)*4]
		for i := 0; i+3 < len(src); i += 4 {
			sa := uint32(src[i+3])
			switch sa {
			case 0:
				continue
			case 0xff:
				d[i], d[i+1], d[i+2], d[i+3] = src[i], src[i+1], src[i+2], 0xff
				continue
			}
			ia := 0xff - sa
			d[i] = src[i] + div255(uint32(d[i])*ia)
			d[i+1] = src[i+1] + div255(uint32(d[i+1])*ia)
			d[i+2] = src[i+2] + div255(uint32(d[i+2])*ia)
			d[i+3] = uint8(sa) + div255(uint32(d[i+3])*ia)
		}
	}
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

// symbolSize is the pixel size of camp, terminal and port symbols.
const symbolSize = 22

// hasSymbol reports whether point features of kind k are drawn with their
// kind's symbol rather than a dot.
func hasSymbol(k data.Kind) bool {
	return k == data.KindCamp || k == data.KindTerminal || k == data.KindPort
}

// pointStyle chooses the stamp of every point feature of one layer in one
// frame. It is read-only once built, so the bands of a frame share it.
type pointStyle struct {
	l       *data.Layer
	byKind  [8]*stamp // stamps by feature kind, for features without a category colour
	byCat   []*stamp  // circle stamps by category index (1-based; [0] unused)
	simple  *stamp    // when every feature uses it (single kind, no categories)
	maxR    float64   // the largest stamp radius, pixels
	symbols bool      // the layer's own kind has a symbol
}

func newPointStyle(lv LayerView, op, r float64) *pointStyle {
	l := lv.Layer
	ps := &pointStyle{l: l}
	for _, k := range data.Kinds {
		col := withAlpha(lv.Color(k), op)
		var s *stamp
		if hasSymbol(k) {
			s = symbolStamp(k.String(), symbolSize, col)
			ps.symbols = ps.symbols || k == l.Kind
		} else {
			s = circleStamp(r, withAlpha(col, 0.9))
		}
		ps.byKind[k] = s
		ps.maxR = max(ps.maxR, s.radius)
	}
	if cats := l.Categories(); len(cats) > 0 {
		ps.byCat = make([]*stamp, len(cats)+1)
		for i := range cats {
			ps.byCat[i+1] = circleStamp(r, withAlpha(lv.CategoryColorOf(i+1), op*0.9))
		}
	}
	// A layer whose features all share its kind (the common case) and that
	// either has no categories or a kind that ignores them draws with one
	// stamp.
	if !hasMixedKinds(l) && (ps.byCat == nil || !usesCategories(l.Kind)) {
		ps.simple = ps.byKind[l.Kind]
	}
	return ps
}

// hasMixedKinds reports whether some feature of l has its own kind.
func hasMixedKinds(l *data.Layer) bool {
	return mixedKinds.get(l, func() bool {
		for i, n := 0, l.Len(); i < n; i++ {
			if l.FeatureKind(i) != l.Kind {
				return true
			}
		}
		return false
	})
}

var mixedKinds = newLRU[*data.Layer, bool](64)

// of returns feature i's stamp.
func (ps *pointStyle) of(i int) *stamp {
	if ps.simple != nil {
		return ps.simple
	}
	k := ps.l.FeatureKind(i)
	if ps.byCat != nil && usesCategories(k) {
		if c := ps.l.CategoryIndex(i); c > 0 && c < len(ps.byCat) {
			return ps.byCat[c]
		}
	}
	if int(k) < len(ps.byKind) && ps.byKind[k] != nil {
		return ps.byKind[k]
	}
	return ps.byKind[data.KindOther]
}
