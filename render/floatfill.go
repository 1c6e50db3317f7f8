package render

import (
	"image"
	"math"
	"math/bits"
	"runtime"

	"golang.org/x/sys/cpu"
)

// floatFill is the coverage rasteriser of large fills: the floating-point
// path of golang.org/x/image/vector (which the Rasterizer takes when the
// mask is wider or taller than 512 pixels), reproduced bit for bit, but
// sparse. x/image/vector clears and accumulates every cell of the mask's
// box on every fill; a land polygon or a coastline over a whole frame
// touches a few cells per row, so this one remembers which blocks of 16
// cells were touched, accumulates only those (the coverage is constant
// between them) and clears only them afterwards. The accumulation also avoids
// x/image/vector's SSE routine, whose speed on the benchmark machine
// depended on where the linker placed it (1 or 18 ms for a 1600x1000
// mask).
//
// The line code is x/image/vector's floatingLineTo (raster_floating.go,
// BSD licence, The Go Authors), with the writes recorded; the accumulation
// replays its amd64 SIMD routine's lane arithmetic (floatingAccumulateOpSrcSIMD,
// used on every amd64 with SSE4.1) or, elsewhere, its sequential Go loop,
// so the masks are the same bytes (TestFloatFillMatchesVector).
type floatFill struct {
	w, h int32
	buf  []float32
	// dirty has a bit for each block of blockCells cells that holds an
	// area (the other cells are zero).
	dirty                      []uint64
	penX, penY, firstX, firstY float32
}

// floatFillMin is the mask width or height above which x/image/vector
// switches to floating-point math (its floatingPointMathThreshold), and
// above which fill uses floatFill.
const floatFillMin = 512

// laneSums says whether the accumulation replays the SIMD routine's lanes.
var laneSums = runtime.GOARCH == "amd64" && cpu.X86.HasSSE41

// blockCells is the granularity of floatFill.dirty: a multiple of the
// SIMD routine's groups of four.
const blockCells = 16

// reset readies z for a mask of w×h cells; the buffer is already zero.
func (z *floatFill) reset(w, h int) {
	z.w, z.h = int32(w), int32(h)
	n := w * h
	if n > cap(z.buf) {
		z.buf = make([]float32, n)
	} else {
		z.buf = z.buf[:n]
	}
	words := (n/blockCells + 64) / 64
	if words > cap(z.dirty) {
		z.dirty = make([]uint64, words)
	}
	z.dirty = z.dirty[:words] // all zero: draw clears the bits it reads
	z.penX, z.penY, z.firstX, z.firstY = 0, 0, 0, 0
}

func (z *floatFill) moveTo(x, y float32) {
	z.firstX, z.firstY, z.penX, z.penY = x, y, x, y
}

func (z *floatFill) closePath() { z.lineTo(z.firstX, z.firstY) }

// add adds v to cell i (0 to w: w is the next row's first) of row y, as
// x/image/vector does through its clamped index, and records it.
func (z *floatFill) add(y int32, i uint, v float32) {
	g := uint(y)*uint(z.w) + i
	if g >= uint(len(z.buf)) {
		return
	}
	z.buf[g] += v
	b := g / blockCells
	z.dirty[b/64] |= 1 << (b % 64)
}

func floatingFloor(x float32) int32 { return int32(math.Floor(float64(x))) }
func floatingCeil(x float32) int32  { return int32(math.Ceil(float64(x))) }

func flClamp(i, width int32) uint {
	if i < 0 {
		return 0
	}
	if i < width {
		return uint(i)
	}
	return uint(width)
}

// lineTo is x/image/vector's floatingLineTo, every expression kept (the
// float32 conversions keep products from being fused).
func (z *floatFill) lineTo(bx, by float32) {
	ax, ay := z.penX, z.penY
	z.penX, z.penY = bx, by
	dir := float32(1)
	if ay > by {
		dir, ax, ay, bx, by = -1, bx, by, ax, ay
	}
	if by-ay <= 0.000001 {
		return
	}
	dxdy := (bx - ax) / (by - ay)

	x := ax
	y := floatingFloor(ay)
	yMax := floatingCeil(by)
	if yMax > z.h {
		yMax = z.h
	}
	width := z.w

	for ; y < yMax; y++ {
		dy := min(float32(y+1), by) - max(float32(y), ay)
		xNext := x + float32(dy*dxdy)
		if y < 0 {
			x = xNext
			continue
		}
		d := float32(dy * dir)
		x0, x1 := x, xNext
		if x > xNext {
			x0, x1 = x1, x0
		}
		x0i := floatingFloor(x0)
		x0Floor := float32(x0i)
		x1i := floatingCeil(x1)
		x1Ceil := float32(x1i)

		if x1i <= x0i+1 {
			xmf := float32(0.5*(x+xNext)) - x0Floor
			z.add(y, flClamp(x0i+0, width), d-float32(d*xmf))
			z.add(y, flClamp(x0i+1, width), float32(d*xmf))
		} else {
			s := 1 / (x1 - x0)
			x0f := x0 - x0Floor
			oneMinusX0f := 1 - x0f
			a0 := float32(0.5 * s * oneMinusX0f * oneMinusX0f)
			x1f := x1 - x1Ceil + 1
			am := float32(0.5 * s * x1f * x1f)

			z.add(y, flClamp(x0i, width), float32(d*a0))

			if x1i == x0i+2 {
				z.add(y, flClamp(x0i+1, width), float32(d*(1-a0-am)))
			} else {
				a1 := float32(s * (1.5 - x0f))
				z.add(y, flClamp(x0i+1, width), float32(d*(a1-a0)))
				dTimesS := float32(d * s)
				for xi := x0i + 2; xi < x1i-1; xi++ {
					z.add(y, flClamp(xi, width), dTimesS)
				}
				a2 := a1 + float32(s*float32(x1i-x0i-3))
				z.add(y, flClamp(x1i-1, width), float32(d*(1-a2-am)))
			}

			z.add(y, flClamp(x1i, width), float32(d*am))
		}

		x = xNext
	}
}

// almost65536 is x/image/vector's: math.Float32frombits(0x477fffff).
const almost65536 = float32(255.99998 * 256)

// coverage is the mask value of an accumulated area a, as the SIMD routine
// computes it (|a| held to 1, NaN taken as 1, scaled, truncated, high
// byte); the sequential routine's uint8(almost256·|a|) is the same value.
func coverage(a float32) uint8 {
	a = math.Float32frombits(math.Float32bits(a) &^ (1 << 31))
	if !(a < 1) {
		a = 1
	}
	return uint8(int32(a*almost65536) >> 8)
}

// draw accumulates the areas into mask (w×h, stride w) and clears what it
// read, leaving the buffer zero for the next fill.
func (z *floatFill) draw(mask *image.Alpha) {
	dst, src := mask.Pix[:len(z.buf)], z.buf
	n := len(src)
	// Blocks with areas are accumulated; the cells between are zero and
	// take the constant coverage of the running sum.
	acc := float32(0)
	done := 0 // dst is written below this cell
	for wi, word := range z.dirty {
		if word == 0 {
			continue
		}
		z.dirty[wi] = 0
		for word != 0 {
			b := wi*64 + bits.TrailingZeros64(word)
			word &= word - 1
			from, to := b*blockCells, min((b+1)*blockCells, n)
			if from > done {
				fillBytes(dst[done:from], coverage(acc))
			}
			acc = z.accumulate(dst, src, from, to, acc)
			done = to
		}
	}
	if n > done {
		fillBytes(dst[done:n], coverage(acc))
	}
}

// accumulate writes the coverage of cells [from, to) and zeroes them,
// returning the running sum.
func (z *floatFill) accumulate(dst []uint8, src []float32, from, to int, acc float32) float32 {
	if !laneSums {
		for i := from; i < to; i++ {
			acc += src[i]
			src[i] = 0
			dst[i] = coverage(acc)
		}
		return acc
	}
	i := from
	for ; i+4 <= to && i+4 <= len(src)&^3; i += 4 {
		a, b, c, d := src[i], src[i+1], src[i+2], src[i+3]
		// the SIMD routine's prefix sum: x + (x << 1 lane), then + (x << 2
		// lanes), then + the running sum
		l0, l1, l2, l3 := a+0, b+a, c+b, d+c
		l2, l3 = l2+l0, l3+l1
		l0, l1 = l0+0, l1+0
		l0, l1, l2, l3 = l0+acc, l1+acc, l2+acc, l3+acc
		dst[i], dst[i+1], dst[i+2], dst[i+3] = coverage(l0), coverage(l1), coverage(l2), coverage(l3)
		src[i], src[i+1], src[i+2], src[i+3] = 0, 0, 0, 0
		acc = l3
	}
	for ; i < to; i++ {
		acc = src[i] + acc
		src[i] = 0
		dst[i] = coverage(acc)
	}
	return acc
}

// fillBytes sets every byte of b to v.
func fillBytes(b []byte, v byte) {
	if len(b) == 0 {
		return
	}
	if v == 0 {
		clear(b)
		return
	}
	b[0] = v
	repeat(b, 1)
}

// repeat copies the pattern b[:n] over the rest of b, doubling the copied
// part each time.
func repeat(b []byte, n int) {
	for ; n < len(b); n *= 2 {
		copy(b[n:], b[:n])
	}
}
