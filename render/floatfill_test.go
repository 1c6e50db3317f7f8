package render

import (
	"bytes"
	"image"
	"image/draw"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/vector"
)

// TestFloatFillMatchesVector rasterises random rings (stars, slivers,
// shapes far outside the box, shapes touching its right edge, many small
// ones) with floatFill and with x/image/vector's Rasterizer into masks larger
// than floatFillMin, both ways, fill after fill with one floatFill (its
// buffer must be left clear), and requires the same bytes.
func TestFloatFillMatchesVector(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	var ff floatFill
	zv := vector.NewRasterizer(0, 0)
	for it := 0; it < 120; it++ {
		w, h := 513+r.IntN(700), 1+r.IntN(700)
		if it%3 == 0 {
			w, h = 1+r.IntN(700), 513+r.IntN(700)
		}
		var rings [][][2]float32
		nr := 1 + r.IntN(6)
		if it%5 == 0 {
			nr = 200
		}
		for k := 0; k < nr; k++ {
			n := 3 + r.IntN(40)
			cx, cy := r.Float32()*float32(w), r.Float32()*float32(h)
			rad := r.Float32() * float32(max(w, h)) * 0.7
			if nr > 50 {
				rad = r.Float32() * 6
			}
			var ring [][2]float32
			for j := 0; j < n; j++ {
				switch r.IntN(8) {
				case 0: // far outside
					ring = append(ring, [2]float32{r.Float32()*8000 - 4000, r.Float32()*8000 - 4000})
				case 1: // on or near the right edge
					ring = append(ring, [2]float32{float32(w) + r.Float32()*2 - 1, r.Float32() * float32(h)})
				default:
					ring = append(ring, [2]float32{cx + (r.Float32()*2-1)*rad, cy + (r.Float32()*2-1)*rad})
				}
			}
			rings = append(rings, ring)
		}
		zv.Reset(w, h)
		zv.DrawOp = draw.Src
		ff.reset(w, h)
		for _, ring := range rings {
			zv.MoveTo(ring[0][0], ring[0][1])
			ff.moveTo(ring[0][0], ring[0][1])
			for _, p := range ring[1:] {
				zv.LineTo(p[0], p[1])
				ff.lineTo(p[0], p[1])
			}
			zv.ClosePath()
			ff.closePath()
		}
		want := image.NewAlpha(image.Rect(0, 0, w, h))
		zv.Draw(want, want.Rect, image.Opaque, image.Point{})
		got := image.NewAlpha(image.Rect(0, 0, w, h))
		for i := range got.Pix {
			got.Pix[i] = 0x5a // stale
		}
		ff.draw(got)
		if !bytes.Equal(got.Pix, want.Pix) {
			n := 0
			for i := range got.Pix {
				if got.Pix[i] != want.Pix[i] {
					n++
				}
			}
			t.Fatalf("iteration %d (%dx%d, %d rings): %d of %d mask bytes differ", it, w, h, len(rings), n, len(got.Pix))
		}
		for i, v := range ff.buf {
			if v != 0 {
				t.Fatalf("iteration %d: cell %d left at %v", it, i, v)
			}
		}
	}
}

// TestFloatFillSequential checks the accumulation used where
// x/image/vector has no SIMD routine against its Go loop
// (floatingAccumulateOpSrc, copied here).
func TestFloatFillSequential(t *testing.T) {
	defer func(v bool) { laneSums = v }(laneSums)
	laneSums = false
	r := rand.New(rand.NewPCG(5, 9))
	var ff floatFill
	for it := 0; it < 40; it++ {
		w, h := 513+r.IntN(300), 1+r.IntN(300)
		ff.reset(w, h)
		for k := 0; k < 4; k++ {
			ff.moveTo(r.Float32()*float32(w), r.Float32()*float32(h))
			for j := 0; j < 12; j++ {
				ff.lineTo(r.Float32()*float32(w)*1.2-10, r.Float32()*float32(h)*1.2-10)
			}
			ff.closePath()
		}
		areas := append([]float32(nil), ff.buf...)
		want := make([]uint8, len(areas))
		acc := float32(0)
		for i, v := range areas {
			acc += v
			a := acc
			if a < 0 {
				a = -a
			}
			if a > 1 {
				a = 1
			}
			want[i] = uint8(255.99998 * a)
		}
		got := image.NewAlpha(image.Rect(0, 0, w, h))
		ff.draw(got)
		if !bytes.Equal(got.Pix, want) {
			t.Fatalf("iteration %d: the sequential accumulation differs from x/image/vector's", it)
		}
	}
}

// FuzzFloatFill compares floatFill with x/image/vector on rings read from
// the fuzzer's bytes (a size, then vertices as pairs of int16 in quarter
// pixels, a zero pair closing a ring).
func FuzzFloatFill(f *testing.F) {
	f.Add([]byte{0x10, 0x02, 0x40, 0x01, 0, 0, 0, 0, 0x10, 0, 0, 0, 0x10, 0x10, 0, 0, 0, 0x10})
	f.Add(bytes.Repeat([]byte{0xff, 0x7f, 0x01, 0x80, 0x33, 0x02}, 40))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 4 {
			return
		}
		w, h := 513+int(b[0])<<2|int(b[1]&3), 1+int(b[2])<<1
		if b[3]&1 == 1 {
			w, h = h, w
		}
		b = b[4:]
		var ff floatFill
		ff.reset(w, h)
		zv := vector.NewRasterizer(w, h)
		zv.DrawOp = draw.Src
		open := false
		for len(b) >= 4 {
			x := float32(int16(uint16(b[0])|uint16(b[1])<<8)) / 4
			y := float32(int16(uint16(b[2])|uint16(b[3])<<8)) / 4
			b = b[4:]
			switch {
			case x == 0 && y == 0 && open:
				zv.ClosePath()
				ff.closePath()
				open = false
			case !open:
				zv.MoveTo(x, y)
				ff.moveTo(x, y)
				open = true
			default:
				zv.LineTo(x, y)
				ff.lineTo(x, y)
			}
		}
		if open {
			zv.ClosePath()
			ff.closePath()
		}
		want := image.NewAlpha(image.Rect(0, 0, w, h))
		zv.Draw(want, want.Rect, image.Opaque, image.Point{})
		got := image.NewAlpha(image.Rect(0, 0, w, h))
		ff.draw(got)
		if !bytes.Equal(got.Pix, want.Pix) {
			t.Fatalf("%dx%d: the masks differ", w, h)
		}
	})
}
