package render

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// The raster primitives' fast paths against the pixel-by-pixel code they
// replaced (kept here as the reference): the same bytes for random
// destinations, masks, colours and rectangles.

func refClear(dst *image.RGBA, clip image.Rectangle, col color.NRGBA) {
	px := [4]uint8{col.R, col.G, col.B, col.A}
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		i := dst.PixOffset(clip.Min.X, y)
		row := dst.Pix[i : i+4*clip.Dx()]
		for x := 0; x < len(row); x += 4 {
			copy(row[x:x+4], px[:])
		}
	}
}

func refComposite(dst *image.RGBA, r image.Rectangle, mask *image.Alpha, col color.NRGBA) {
	var sr, sg, sb, sa [256]uint8
	for m := 0; m < 256; m++ {
		a := uint32(col.A) * uint32(m)
		sa[m] = div255(a)
		sr[m] = div255(uint32(col.R) * uint32(sa[m]))
		sg[m] = div255(uint32(col.G) * uint32(sa[m]))
		sb[m] = div255(uint32(col.B) * uint32(sa[m]))
	}
	w := r.Dx()
	for y := 0; y < r.Dy(); y++ {
		mrow := mask.Pix[y*mask.Stride : y*mask.Stride+w]
		di := dst.PixOffset(r.Min.X, r.Min.Y+y)
		d := dst.Pix[di : di+4*w : di+4*w]
		for x, m := range mrow {
			if m == 0 {
				continue
			}
			i := 4 * x
			a := sa[m]
			if a == 0xff {
				d[i], d[i+1], d[i+2], d[i+3] = sr[m], sg[m], sb[m], 0xff
				continue
			}
			ia := uint32(0xff - a)
			d[i] = sr[m] + div255(uint32(d[i])*ia)
			d[i+1] = sg[m] + div255(uint32(d[i+1])*ia)
			d[i+2] = sb[m] + div255(uint32(d[i+2])*ia)
			d[i+3] = a + div255(uint32(d[i+3])*ia)
		}
	}
}

func refRect(dst *image.RGBA, rc image.Rectangle, col color.NRGBA) {
	px := premul(col)
	ia := 0xff - px>>24
	for y := rc.Min.Y; y < rc.Max.Y; y++ {
		i := dst.PixOffset(rc.Min.X, y)
		row := dst.Pix[i : i+4*rc.Dx() : i+4*rc.Dx()]
		for x := 0; x+3 < len(row); x += 4 {
			d := row[x : x+4 : x+4]
			binary.LittleEndian.PutUint32(d, px+over(binary.LittleEndian.Uint32(d), ia))
		}
	}
}

// randomPicture fills img with premultiplied pixels, in runs of one colour
// (as a map has) broken by random ones.
func randomPicture(r *rand.Rand, img *image.RGBA) {
	var c [4]uint8
	for i := 0; i < len(img.Pix); i += 4 {
		if i == 0 || r.IntN(6) == 0 {
			a := uint8(r.IntN(256))
			if r.IntN(2) == 0 {
				a = 0xff
			}
			c = [4]uint8{uint8(r.IntN(int(a) + 1)), uint8(r.IntN(int(a) + 1)), uint8(r.IntN(int(a) + 1)), a}
		}
		copy(img.Pix[i:i+4], c[:])
	}
}

func randomColour(r *rand.Rand) color.NRGBA {
	c := color.NRGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256))}
	switch r.IntN(3) {
	case 0:
		c.A = 0xff
	case 1:
		c.A = 209 // a density square's
	}
	return c
}

func TestRasterPrimitivesMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 16))
	for it := 0; it < 400; it++ {
		w, h := 1+r.IntN(70), 1+r.IntN(30)
		a, b := newRGBA(w, h), newRGBA(w, h)
		randomPicture(r, a)
		copy(b.Pix, a.Pix)
		x0, y0 := r.IntN(w), r.IntN(h)
		rc := image.Rect(x0, y0, x0+1+r.IntN(w-x0), y0+1+r.IntN(h-y0))
		col := randomColour(r)
		c := &canvas{clip: rc}
		px := &raster{dst: a}
		switch it % 2 {
		case 0:
			px.clear(c, col)
			refClear(b, rc, col)
		default:
			mask := image.NewAlpha(image.Rect(0, 0, rc.Dx(), rc.Dy()))
			for i := range mask.Pix {
				switch r.IntN(4) {
				case 0:
					mask.Pix[i] = 0
				case 1:
					mask.Pix[i] = 0xff
				default:
					mask.Pix[i] = uint8(r.IntN(256))
				}
			}
			// long runs of empty and full coverage too
			for k := 0; k < 3; k++ {
				i, n := r.IntN(len(mask.Pix)), r.IntN(40)
				v := uint8(0xff * (k % 2))
				for j := i; j < min(i+n, len(mask.Pix)); j++ {
					mask.Pix[j] = v
				}
			}
			var lut coverageLUT
			lut.build(col)
			compositeUniform(a, rc, mask, &lut)
			refComposite(b, rc, mask, col)
		}
		if !bytes.Equal(a.Pix, b.Pix) {
			t.Fatalf("iteration %d (%v, %v): the fast path and the reference differ", it, rc, col)
		}
	}
}

func TestRectMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 3))
	for it := 0; it < 300; it++ {
		w, h := 1+r.IntN(50), 1+r.IntN(20)
		a, b := newRGBA(w, h), newRGBA(w, h)
		randomPicture(r, a)
		copy(b.Pix, a.Pix)
		px := &raster{dst: a}
		for k := 0; k < 4; k++ {
			x0, y0 := r.IntN(w), r.IntN(h)
			rc := image.Rect(x0, y0, x0+1+r.IntN(w-x0), y0+1+r.IntN(h-y0))
			col := randomColour(r)
			px.rect(nil, rc, col)
			refRect(b, rc, col)
		}
		if !bytes.Equal(a.Pix, b.Pix) {
			t.Fatalf("iteration %d: rect and the reference differ", it)
		}
	}
}
