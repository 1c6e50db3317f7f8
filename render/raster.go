package render

import (
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"math"
	"sync"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// raster is the back end that paints pixels: fills and strokes are
// rasterised anti-aliased (each shape over its own bounding box only),
// point symbols are composited from pre-rasterised stamps and text from
// glyph masks. It belongs to one canvas (see canvas.px).
type raster struct {
	dst    *image.RGBA
	origin image.Point // dst pixel of viewport pixel (0, 0)
	z      *vector.Rasterizer
	ff     floatFill    // the rasteriser of fills larger than floatFillMin
	mask   *image.Alpha // coverage of the current fill, reused

	// the last colour rect painted and its premultiplied pixel
	rectCol color.NRGBA
	rectPx  uint32

	// the coverage tables of the last fill colours (a layer of small
	// polygons alternates a few fill and outline colours; building the
	// tables cost more than compositing a shape of a few pixels)
	luts    [16]coverageLUT
	lutNext int

	pipe *fillPipe // fills composited on another goroutine (fillpipe.go), or nil
}

var _ backend = (*raster)(nil)

// clear sets every drawable pixel to col: the first row pixel by pixel,
// the others copied from it.
func (r *raster) clear(c *canvas, col color.NRGBA) {
	r.endPipe()
	if c.clip.Empty() {
		return
	}
	px := [4]uint8{col.R, col.G, col.B, col.A}
	w := 4 * c.clip.Dx()
	i0 := r.dst.PixOffset(r.origin.X+c.clip.Min.X, r.origin.Y+c.clip.Min.Y)
	first := r.dst.Pix[i0 : i0+w : i0+w]
	copy(first, px[:])
	repeat(first, 4)
	for y := c.clip.Min.Y + 1; y < c.clip.Max.Y; y++ {
		i := r.dst.PixOffset(r.origin.X+c.clip.Min.X, r.origin.Y+y)
		copy(r.dst.Pix[i:i+w], first)
	}
}

// stroke cuts the run into the "on" pieces of its dash pattern and widens
// each into outline rings on c, for the next fill.
func (r *raster) stroke(c *canvas, run []pt, start float64, s stroke) {
	if period, dashed := s.period(); dashed {
		c.dashRun(run, start, period, s)
	} else {
		c.widen(run, s)
	}
}

// fill rasterises c's rings (non-zero winding) and composites col through
// their coverage.
func (r *raster) fill(c *canvas, col color.NRGBA) {
	if col.A == 0 || len(c.rings) == 0 {
		return
	}
	bx0, by0, bx1, by1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, ring := range c.rings {
		for _, p := range ring {
			bx0, by0 = min(bx0, p.x), min(by0, p.y)
			bx1, by1 = max(bx1, p.x), max(by1, p.y)
		}
	}
	if !(bx0 <= bx1) {
		return
	}
	b := image.Rect(int(math.Floor(bx0)), int(math.Floor(by0)), int(math.Ceil(bx1))+1, int(math.Ceil(by1))+1).Intersect(c.clip)
	if b.Empty() {
		return
	}
	ox, oy := float64(b.Min.X), float64(b.Min.Y)
	if b.Dx() > floatFillMin || b.Dy() > floatFillMin {
		// A large box: the sparse floating-point rasteriser, the same
		// coverage as x/image/vector's.
		z := &r.ff
		z.reset(b.Dx(), b.Dy())
		for _, ring := range c.rings {
			if len(ring) < 3 {
				continue
			}
			z.moveTo(float32(ring[0].x-ox), float32(ring[0].y-oy))
			for _, p := range ring[1:] {
				z.lineTo(float32(p.x-ox), float32(p.y-oy))
			}
			z.closePath()
		}
		if p := r.pipe; p != nil {
			p.wait() // composited in place, after the queue
		}
		mask := r.maskFor(b.Dx(), b.Dy())
		z.draw(mask)
		compositeUniform(r.dst, b.Add(r.origin), mask, r.lutOf(col))
		return
	}
	z := r.z
	z.Reset(b.Dx(), b.Dy())
	z.DrawOp = draw.Src
	for _, ring := range c.rings {
		if len(ring) < 3 {
			continue
		}
		z.MoveTo(float32(ring[0].x-ox), float32(ring[0].y-oy))
		for _, p := range ring[1:] {
			z.LineTo(float32(p.x-ox), float32(p.y-oy))
		}
		z.ClosePath()
	}
	// Rasterise the coverage into an alpha mask (the rasteriser's SIMD path),
	// then composite the colour through it with fast paths for empty and
	// full coverage: here, or queued for the pipeline's goroutine.
	if p := r.pipe; p != nil {
		if b.Dx()*b.Dy() <= pipeMaskMax {
			j := fillJob{rect: b.Add(r.origin), mask: p.mask(b.Dx(), b.Dy()), col: col}
			z.Draw(&j.mask, j.mask.Rect, image.Opaque, image.Point{})
			p.add(j)
			return
		}
		p.wait() // a large fill composites in place, after the queue
	}
	mask := r.maskFor(b.Dx(), b.Dy())
	z.Draw(mask, mask.Rect, image.Opaque, image.Point{})
	compositeUniform(r.dst, b.Add(r.origin), mask, r.lutOf(col))
}

// lutOf returns the coverage tables of col, from the last few built.
func (r *raster) lutOf(col color.NRGBA) *coverageLUT {
	for i := range r.luts {
		if t := &r.luts[i]; t.ok && t.col == col {
			return t
		}
	}
	t := &r.luts[r.lutNext]
	r.lutNext = (r.lutNext + 1) % len(r.luts)
	t.build(col)
	return t
}

func (r *raster) maskFor(w, h int) *image.Alpha {
	if r.mask == nil || cap(r.mask.Pix) < w*h {
		r.mask = image.NewAlpha(image.Rect(0, 0, w, h))
		return r.mask
	}
	r.mask.Pix = r.mask.Pix[:w*h]
	r.mask.Stride = w
	r.mask.Rect = image.Rect(0, 0, w, h)
	return r.mask
}

// coverageLUT is a colour premultiplied and scaled by each coverage value
// m (0..255): the source pixel compositeUniform puts over the destination,
// packed little-endian RGBA (as over and premul pack them), and its alpha.
type coverageLUT struct {
	col color.NRGBA
	ok  bool // built for col
	px  [256]uint32
	sa  [256]uint8
}

func (t *coverageLUT) build(col color.NRGBA) {
	t.col, t.ok = col, true
	for m := 0; m < 256; m++ {
		a := div255(uint32(col.A) * uint32(m))
		r := div255(uint32(col.R) * uint32(a))
		g := div255(uint32(col.G) * uint32(a))
		b := div255(uint32(col.B) * uint32(a))
		t.sa[m] = a
		t.px[m] = uint32(r) | uint32(g)<<8 | uint32(b)<<16 | uint32(a)<<24
	}
}

// compositeUniform draws the colour of lut over dst's rectangle r through
// mask (whose pixel (0, 0) is r.Min), source-over, in 8-bit premultiplied
// arithmetic. Runs of eight empty (or, for an opaque colour, full)
// coverage values are skipped (or written) at once.
//
// Each channel is s + round(d·(255−a)/255), computed on the packed pixel
// (over); no channel carries into the next, as s ≤ a and the rounded
// product ≤ 255−a.
func compositeUniform(dst *image.RGBA, r image.Rectangle, mask *image.Alpha, lut *coverageLUT) {
	px, sa := &lut.px, &lut.sa
	opaque := sa[0xff] == 0xff
	full2 := uint64(px[0xff]) | uint64(px[0xff])<<32
	w := r.Dx()
	for y := 0; y < r.Dy(); y++ {
		mrow := mask.Pix[y*mask.Stride : y*mask.Stride+w : y*mask.Stride+w]
		di := dst.PixOffset(r.Min.X, r.Min.Y+y)
		d := dst.Pix[di : di+4*w : di+4*w]
		x := 0
		for x < w {
			if x+8 <= w {
				switch m8 := binary.LittleEndian.Uint64(mrow[x:]); {
				case m8 == 0:
					x += 8
					continue
				case m8 == math.MaxUint64 && opaque:
					row := d[4*x : 4*x+32 : 4*x+32]
					for k := 0; k < 32; k += 8 {
						binary.LittleEndian.PutUint64(row[k:], full2)
					}
					x += 8
					continue
				}
			}
			end := min(x+8, w)
			for ; x < end; x++ {
				m := mrow[x]
				if m == 0 {
					continue
				}
				dp := d[4*x : 4*x+4 : 4*x+4]
				if a := sa[m]; a == 0xff {
					binary.LittleEndian.PutUint32(dp, px[m])
				} else {
					binary.LittleEndian.PutUint32(dp, px[m]+over(binary.LittleEndian.Uint32(dp), uint32(0xff-a)))
				}
			}
		}
	}
}

// rect composites col over the pixels of rc. The pixels under a square
// are mostly of a few colours (land, sea), so each result is remembered
// for the next pixel, two pixels at a time.
func (r *raster) rect(_ *canvas, rc image.Rectangle, col color.NRGBA) {
	r.endPipe()
	if col != r.rectCol {
		r.rectCol, r.rectPx = col, premul(col)
	}
	px := r.rectPx
	ia := 0xff - px>>24
	n := 4 * rc.Dx()
	if n <= 0 {
		return
	}
	if ia == 0 {
		px2 := uint64(px) | uint64(px)<<32
		for y := rc.Min.Y; y < rc.Max.Y; y++ {
			i := r.dst.PixOffset(r.origin.X+rc.Min.X, r.origin.Y+y)
			row := r.dst.Pix[i : i+n : i+n]
			x := 0
			for ; x+8 <= n; x += 8 {
				binary.LittleEndian.PutUint64(row[x:], px2)
			}
			if x < n {
				binary.LittleEndian.PutUint32(row[x:], px)
			}
		}
		return
	}
	// The last pair of pixels read and what it became.
	lastIn, lastOut := uint64(0), uint64(px)|uint64(px)<<32
	for y := rc.Min.Y; y < rc.Max.Y; y++ {
		i := r.dst.PixOffset(r.origin.X+rc.Min.X, r.origin.Y+y)
		row := r.dst.Pix[i : i+n : i+n]
		x := 0
		for ; x+8 <= n; x += 8 {
			d := binary.LittleEndian.Uint64(row[x:])
			if d != lastIn {
				lastIn = d
				lastOut = uint64(px+over(uint32(d), ia)) | uint64(px+over(uint32(d>>32), ia))<<32
			}
			binary.LittleEndian.PutUint64(row[x:], lastOut)
		}
		if x < n {
			d := row[x : x+4 : x+4]
			binary.LittleEndian.PutUint32(d, px+over(binary.LittleEndian.Uint32(d), ia))
		}
	}
}

// premul returns c as a packed premultiplied little-endian RGBA pixel.
func premul(c color.NRGBA) uint32 {
	a := uint32(c.A)
	r, g, b := div255(uint32(c.R)*a), div255(uint32(c.G)*a), div255(uint32(c.B)*a)
	return uint32(r) | uint32(g)<<8 | uint32(b)<<16 | a<<24
}

// text draws s from its glyph mask (and the mask dilated for its halo).
func (r *raster) text(c *canvas, face font.Face, s string, x, y int, col, haloCol color.NRGBA, halo int) {
	r.endPipe()
	tm := textMaskOf(face, s, halo)
	if tm == nil {
		return
	}
	// Mask pixel (0, 0) lands on viewport pixel (x+tb.minX-pad, y+tb.minY-pad).
	pad := halo + 1
	at := image.Pt(x+tm.tb.minX-pad, y+tm.tb.minY-pad)
	r.paintMasks(c, tm.mask, tm.halo, image.Rectangle{Min: at, Max: at.Add(tm.mask.Rect.Size())}, col, haloCol)
}

// textMask is a string rasterised in one face, padded by its halo, and
// the halo's mask (nil without one). It is never modified once made.
type textMask struct {
	tb         textBox
	mask, halo *image.Alpha
}

type textMaskKey struct {
	face font.Face // a face is one style at one size (see faces)
	s    string
	halo int
}

// textMasks caches the masks of the strings drawn lately: the same names
// are drawn frame after frame while the map pans. Safe for concurrent use.
var textMasks struct {
	sync.Mutex
	m map[textMaskKey]*textMask
}

// maxTextMasks bounds textMasks (about 4 MB: a label's two masks are 2 to
// 4 KB); the cache is emptied when it is full.
const maxTextMasks = 1024

// textMaskOf returns the masks of s in face with a halo of halo pixels,
// from the cache or made and cached; nil for an empty or absurd string.
func textMaskOf(face font.Face, s string, halo int) *textMask {
	k := textMaskKey{face, s, halo}
	textMasks.Lock()
	tm, ok := textMasks.m[k]
	textMasks.Unlock()
	if ok {
		return tm
	}
	tb := measure(face, s)
	pad := halo + 1
	w, h := tb.w()+2*pad, tb.h()+2*pad
	if w <= 0 || h <= 0 || w > 1<<14 || h > 1<<12 {
		return nil
	}
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: face,
		Dot: fixed.P(pad-tb.minX, pad-tb.minY)}
	d.DrawString(s)
	tm = &textMask{tb: tb, mask: mask}
	if halo > 0 {
		tm.halo = dilate(mask, halo)
	}
	textMasks.Lock()
	if textMasks.m == nil || len(textMasks.m) >= maxTextMasks {
		textMasks.m = make(map[textMaskKey]*textMask)
	}
	textMasks.m[k] = tm
	textMasks.Unlock()
	return tm
}

// glyphs rasterises the placed glyphs inside box into a mask and paints
// it.
func (r *raster) glyphs(c *canvas, glyphs []placedGlyph, box image.Rectangle, col, haloCol color.NRGBA, halo int, _ fontStyle, _ float64) {
	r.endPipe()
	w, h := box.Dx(), box.Dy()
	if w <= 0 || h <= 0 || w > 1<<12 || h > 1<<12 {
		return
	}
	z := r.z
	z.Reset(w, h)
	z.DrawOp = draw.Src
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	for _, pg := range glyphs {
		at := func(p fixed.Point26_6) (float32, float32) {
			q := pg.at(float64(p.X)/64, float64(p.Y)/64)
			return float32(q.x - ox), float32(q.y - oy)
		}
		for _, sg := range pg.g.segs {
			switch sg.Op {
			case sfnt.SegmentOpMoveTo:
				z.MoveTo(at(sg.Args[0]))
			case sfnt.SegmentOpLineTo:
				z.LineTo(at(sg.Args[0]))
			case sfnt.SegmentOpQuadTo:
				bx, by := at(sg.Args[0])
				cx, cy := at(sg.Args[1])
				z.QuadTo(bx, by, cx, cy)
			case sfnt.SegmentOpCubeTo:
				bx, by := at(sg.Args[0])
				cx, cy := at(sg.Args[1])
				dx, dy := at(sg.Args[2])
				z.CubeTo(bx, by, cx, cy, dx, dy)
			}
		}
	}
	mask := image.NewAlpha(image.Rect(0, 0, w, h))
	z.Draw(mask, mask.Rect, image.Opaque, image.Point{})
	r.paintMask(c, mask, box, col, haloCol, halo)
}

// paintMask paints col through mask, whose pixel (0, 0) lands on viewport
// pixel at.Min, over the mask dilated by halo pixels in haloCol.
func (r *raster) paintMask(c *canvas, mask *image.Alpha, at image.Rectangle, col, haloCol color.NRGBA, halo int) {
	clipped := at.Intersect(c.clip)
	if clipped.Empty() {
		return
	}
	var haloMask *image.Alpha
	if halo > 0 && haloCol.A > 0 {
		haloMask = dilate(mask, halo)
	}
	r.paintMasks(c, mask, haloMask, at, col, haloCol)
}

// paintMasks composites haloCol through haloMask (when not nil), then col
// through mask, both placed at at.
func (r *raster) paintMasks(c *canvas, mask, haloMask *image.Alpha, at image.Rectangle, col, haloCol color.NRGBA) {
	r.endPipe()
	clipped := at.Intersect(c.clip)
	if clipped.Empty() {
		return
	}
	mp := clipped.Min.Sub(at.Min)
	if haloMask != nil && haloCol.A > 0 {
		draw.DrawMask(r.dst, clipped.Add(r.origin), image.NewUniform(haloCol), image.Point{}, haloMask, mp, draw.Over)
	}
	draw.DrawMask(r.dst, clipped.Add(r.origin), image.NewUniform(col), image.Point{}, mask, mp, draw.Over)
}

// symbol composites the symbol's stamp.
func (r *raster) symbol(c *canvas, sy pointSymbol, pr float64, sym, x, y int) {
	st := stampOf(sy, pr, sym)
	if r.pipe != nil {
		r.pipe.add(fillJob{stamp: st, clip: c.clip, x: x, y: y})
		return
	}
	st.draw(r.dst, r.origin, c.clip, x, y)
}

// stampOf returns the stamp of a point symbol: its kind's icon at sym
// pixels, or a dot of radius sy.r times the pixel ratio pr.
func stampOf(sy pointSymbol, pr float64, sym int) *stamp {
	if hasSymbol(sy.kind) {
		return symbolStamp(sy.kind.String(), float64(sym), sy.col)
	}
	return shapeStampAt(sy.shape, sy.r*pr, pr, sy.col)
}

// points returns the layer's stamps laid out for fast compositing.
func (r *raster) points(_ *canvas, g *layerGeom, syms []pointSymbol, pr float64, sym int) pointPainter {
	r.endPipe()
	return newPointStyle(g, syms, pr, sym, r.dst, r.origin)
}

// image composites img over r, resampled bilinearly when sizes differ.
func (r *raster) image(c *canvas, img *image.RGBA, rc image.Rectangle) {
	r.endPipe()
	drawImageOver(r.dst, c.clip.Add(r.origin), img, rc.Add(r.origin))
}

// drawImageOver composites img stretched over dr onto dst, inside clip.
func drawImageOver(dst *image.RGBA, clip image.Rectangle, img *image.RGBA, dr image.Rectangle) {
	sub, ok := dst.SubImage(clip).(*image.RGBA)
	if !ok || sub.Rect.Empty() || img == nil || img.Rect.Empty() {
		return
	}
	if dr.Size() == img.Rect.Size() {
		draw.Draw(sub, dr, img, img.Rect.Min, draw.Over)
		return
	}
	xdraw.ApproxBiLinear.Scale(sub, dr, img, img.Rect, draw.Over, nil)
}

// inPlace is true: pixels are painted where they go.
func (r *raster) inPlace() bool { return true }

// finish waits for the pixels still queued: then they are all in place.
func (r *raster) finish() { r.endPipe() }
