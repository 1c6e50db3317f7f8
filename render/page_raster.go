package render

import (
	"image"
	"math"
)

// Rasterize draws the Drawing into a new image of ceil(W·scale) ×
// ceil(H·scale) pixels (scale = dpi/72), with the same anti-aliased
// rasteriser as the window. The result depends only on the Drawing and the
// scale, so the same page gives the same pixels. A page of more than
// MaxPixels pixels gives an empty image.
func (d *Drawing) Rasterize(scale float64) *image.RGBA {
	if d == nil || !(scale > 0) {
		return image.NewRGBA(image.Rectangle{})
	}
	w, h := int(math.Ceil(d.W*scale-1e-9)), int(math.Ceil(d.H*scale-1e-9))
	if w <= 0 || h <= 0 || w > MaxPixels/h {
		return image.NewRGBA(image.Rectangle{})
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	c := newCanvas(img, w, h)
	defer c.release()
	full := c.clip
	var clips []image.Rectangle
	sp := func(p Point) pt { return pt{p.X * scale, p.Y * scale} }
	for _, op := range d.Ops {
		switch op.Kind {
		case OpClip:
			r := image.Rect(int(math.Round(op.Rect[0]*scale)), int(math.Round(op.Rect[1]*scale)),
				int(math.Round(op.Rect[2]*scale)), int(math.Round(op.Rect[3]*scale)))
			clips = append(clips, c.clip)
			c.clip = c.clip.Intersect(r)
		case OpUnclip:
			if n := len(clips); n > 0 {
				c.clip, clips = clips[n-1], clips[:n-1]
			} else {
				c.clip = full
			}
		case OpFill:
			for _, ring := range op.Paths {
				r := c.newRing()
				for _, p := range ring {
					r = append(r, sp(p))
				}
				c.addRing(r, 0)
				c.pool = append(c.pool, r)
			}
			c.fill(op.Color)
		case OpStroke:
			s := stroke{width: op.Stroke.Width * scale, round: op.Stroke.Round}
			for _, v := range op.Stroke.Dash {
				s.dash = append(s.dash, v*scale)
			}
			period, dashed := s.period()
			for _, line := range op.Paths {
				l := c.line[:0]
				for _, p := range line {
					if q := sp(p); isFinite(q) {
						l = append(l, q)
					}
				}
				c.line = l
				switch {
				case len(l) < 2 || !(s.width > 0):
				case dashed:
					c.dashRun(l, op.Stroke.DashPhase*scale, period, s)
				default:
					c.widen(l, s)
				}
			}
			c.fill(op.Color)
		case OpDisc:
			if len(op.Paths) == 0 {
				continue
			}
			for _, ctr := range op.Paths[0] {
				c.addDisc(sp(ctr), op.Radius*scale)
			}
			c.fill(op.Color)
		case OpImage:
			r := image.Rect(int(math.Round(op.Rect[0]*scale)), int(math.Round(op.Rect[1]*scale)),
				int(math.Round(op.Rect[2]*scale)), int(math.Round(op.Rect[3]*scale)))
			drawImageOver(img, c.clip, op.Image, r)
		case OpText:
			run := op.Text
			run.X, run.Y, run.Size = run.X*scale, run.Y*scale, run.Size*scale
			for _, ring := range TextOutline(run) {
				r := c.newRing()
				for _, p := range ring {
					r = append(r, pt{p.X, p.Y})
				}
				c.addRawRing(r)
			}
			c.fill(op.Color)
		}
	}
	return img
}
