package render

import (
	"image"
	"image/color"
	"math"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// The Go fonts (BSD licence, embedded by golang.org/x/image) are the only
// fonts used, so a frame never depends on the system's fonts.
type fontSet struct{ regular, bold, italic *opentype.Font }

var loadFonts = sync.OnceValues(func() (*fontSet, error) {
	r, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	b, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, err
	}
	i, err := opentype.Parse(goitalic.TTF)
	if err != nil {
		return nil, err
	}
	return &fontSet{regular: r, bold: b, italic: i}, nil
})

// of returns the font of a style.
func (s *fontSet) of(style fontStyle) *opentype.Font {
	switch style {
	case fontBold:
		return s.bold
	case fontItalic:
		return s.italic
	}
	return s.regular
}

// ttfOf returns the TrueType file of a style.
func ttfOf(s fontStyle) []byte {
	switch s {
	case fontBold:
		return gobold.TTF
	case fontItalic:
		return goitalic.TTF
	}
	return goregular.TTF
}

// fontStyle names one of the faces a frame uses.
type fontStyle uint8

const (
	fontRegular fontStyle = iota
	fontBold
	fontItalic
)

// faces holds the font faces of one frame: faces are not safe for
// concurrent use, so each frame opens its own.
type faces struct {
	m    map[faceKey]font.Face
	keys map[font.Face]faceKey // the reverse of m, for the vector back end
}

type faceKey struct {
	style fontStyle
	size  float64
}

func (fs *faces) get(style fontStyle, size float64) font.Face {
	k := faceKey{style, size}
	if f, ok := fs.m[k]; ok {
		return f
	}
	set, err := loadFonts()
	if err != nil {
		return nil
	}
	f, err := opentype.NewFace(set.of(style), &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil
	}
	if fs.m == nil {
		fs.m = map[faceKey]font.Face{}
		fs.keys = map[font.Face]faceKey{}
	}
	fs.m[k] = f
	fs.keys[f] = k
	return f
}

// facePool keeps the faces of finished frames: a face caches parsed
// glyphs, and one face serves one frame at a time.
var facePool = sync.Pool{New: func() any { return &faces{} }}

// textBox is the pixel box of a string drawn with its baseline origin at
// (0, 0): x from minX to maxX, y from minY (above, negative) to maxY.
type textBox struct{ minX, minY, maxX, maxY int }

func (b textBox) w() int { return b.maxX - b.minX }
func (b textBox) h() int { return b.maxY - b.minY }

// measure returns the ink box of s in face, using the face's ascent and
// descent for the vertical extent so labels of one size line up. The boxes
// of the strings measured lately are cached (see measured): the same
// names, legend lines and credits are measured frame after frame.
func measure(face font.Face, s string) textBox {
	if face == nil || s == "" {
		return textBox{}
	}
	k := textMaskKey{face: face, s: s}
	measured.Lock()
	tb, ok := measured.m[k]
	measured.Unlock()
	if ok {
		return tb
	}
	tb = measureGlyphs(face, s)
	measured.Lock()
	if measured.m == nil || len(measured.m) >= maxMeasured {
		measured.m = make(map[textMaskKey]textBox)
	}
	measured.m[k] = tb
	measured.Unlock()
	return tb
}

// measured caches the boxes of the strings measured lately. Safe for
// concurrent use.
var measured struct {
	sync.Mutex
	m map[textMaskKey]textBox
}

// maxMeasured bounds measured (16 bytes of box per string).
const maxMeasured = 8192

// measureGlyphs is measure without the cache.
func measureGlyphs(face font.Face, s string) textBox {
	b, adv := font.BoundString(face, s)
	m := face.Metrics()
	return textBox{
		minX: min(b.Min.X.Floor(), 0),
		maxX: max(b.Max.X.Ceil(), adv.Ceil()),
		minY: -m.Ascent.Ceil() + 1,
		maxY: m.Descent.Ceil(),
	}
}

// truncate shortens s with an ellipsis until it is at most maxW pixels wide.
func truncate(face font.Face, s string, maxW int) string {
	if face == nil || maxW <= 0 {
		return ""
	}
	if measure(face, s).w() <= maxW {
		return s
	}
	for len(s) > 0 {
		_, n := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-n]
		if t := s + "…"; measure(face, t).w() <= maxW {
			return t
		}
	}
	return ""
}

// drawText draws s with its baseline origin at viewport pixel (x, y), over
// a halo of radius halo pixels in haloCol (none when halo is 0).
func (c *canvas) drawText(face font.Face, s string, x, y int, col, haloCol color.NRGBA, halo int) {
	if face == nil || s == "" {
		return
	}
	c.be.text(c, face, s, x, y, col, haloCol, halo)
}

// dilate returns mask grown by a disc of radius r: each pixel takes the
// largest value around it, softened at the rim.
func dilate(mask *image.Alpha, r int) *image.Alpha {
	b := mask.Rect
	out := image.NewAlpha(b)
	type off struct {
		dx, dy int
		w      uint32 // weight /256
	}
	var offs []off
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			d := math.Hypot(float64(dx), float64(dy))
			if d > float64(r)+0.5 {
				continue
			}
			w := 1.0
			if d > float64(r)-0.5 {
				w = float64(r) + 0.5 - d
			}
			offs = append(offs, off{dx, dy, uint32(w*256 + 0.5)})
		}
	}
	W, H := b.Dx(), b.Dy()
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			var best uint32
			for _, o := range offs {
				sx, sy := x+o.dx, y+o.dy
				if sx < 0 || sy < 0 || sx >= W || sy >= H {
					continue
				}
				v := uint32(mask.Pix[sy*mask.Stride+sx]) * o.w >> 8
				if v > best {
					best = v
				}
			}
			out.Pix[y*out.Stride+x] = uint8(min(best, 255))
		}
	}
	return out
}
