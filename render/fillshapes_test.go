package render

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// TestCompositeUniformPacked checks the packed compositing against the
// per-channel formula it replaced, for random colours, coverages and
// destination pixels (opaque or not, premultiplied or not).
func TestCompositeUniformPacked(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const w, h = 64, 64
	for n := 0; n < 200; n++ {
		col := color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256))}
		if n%4 == 0 {
			col.A = 0xff
		}
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range dst.Pix {
			dst.Pix[i] = uint8(rng.IntN(256))
		}
		mask := image.NewAlpha(image.Rect(0, 0, w, h))
		for i := range mask.Pix {
			mask.Pix[i] = uint8(rng.IntN(256))
		}
		want := append([]uint8(nil), dst.Pix...)
		for i, m := range mask.Pix {
			if m == 0 {
				continue
			}
			a := div255(uint32(col.A) * uint32(m))
			s := [4]uint8{div255(uint32(col.R) * uint32(a)), div255(uint32(col.G) * uint32(a)), div255(uint32(col.B) * uint32(a)), a}
			ia := uint32(0xff - a)
			for c := range 4 {
				want[4*i+c] = s[c] + div255(uint32(want[4*i+c])*ia)
			}
		}
		var lut coverageLUT
		lut.build(col)
		compositeUniform(dst, dst.Rect, mask, &lut)
		for i := range want {
			if dst.Pix[i] != want[i] {
				t.Fatalf("colour %v, byte %d: %d, want %d", col, i, dst.Pix[i], want[i])
			}
		}
	}
}
