// Package animate turns the timeline's playback into an animated GIF: one
// frame per step of the time window, each drawn by package render exactly
// as the window draws the map, captioned with its window and zone, with the
// legend and the scale bar. The command line ("campmap animate") and the
// window (File > Export animation…) both call Make. It is pure Go and never
// imports the GUI toolkit.
package animate

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"
	"math"
	"sort"
	"time"

	"campmap/data"
	"campmap/geo"
	"campmap/internal/atomicfile"
	"campmap/render"
)

// MaxFrames bounds the frames of one animation.
const MaxFrames = 5000

// ErrTooManyFrames is wrapped by Windows when the arguments ask for more
// than MaxFrames frames.
var ErrTooManyFrames = errors.New("too many frames")

// ErrBadRange is wrapped by Windows when the range is empty or reversed.
var ErrBadRange = errors.New("the animation's end is before its start")

// Options describe an animation's time axis and timing.
type Options struct {
	From, To   int64     // Unix ms: the first window starts at From; the last one reaches To
	Step       data.Step // how far each frame moves the window
	Window     data.Step // the window's length; zero means one Step
	Cumulative bool      // the window's start stays at From, its end moves
	Inside     bool      // spans must lie inside the window (else they show when they overlap it)
	FPS        float64   // frames per second (1 to 50; 0 means 2)
	Zone       *time.Location
	// Progress, when set, is called after each frame with how many are done.
	Progress func(done, total int)
}

// Windows returns the time window of each frame. Frame k starts at From +
// k steps (at From when cumulative) and ends one window length after its
// step's start, minus a millisecond: with steps and windows counted in
// calendar units of the zone, frame k is [From + k·step, From + k·step +
// window). Frames go on until one reaches To, so with a fixed step s and
// window w there are
//
//	frames = ceil((To − end₀) / s) + 1, end₀ = From + w − 1 (1 when To ≤ end₀)
//
// e.g. a week's window stepped by a day over 1–31 July (To = 31 July
// 23:59:59.999) gives ceil((31 − 7) days / 1 day) + 1 = 25 frames.
func Windows(o Options) ([]data.Span, error) {
	if o.Step.N < 1 {
		return nil, fmt.Errorf("animate: step %v: %w", o.Step, data.ErrBadStep)
	}
	win := o.Window
	if win.N < 1 {
		win = o.Step
	}
	if o.To < o.From {
		return nil, fmt.Errorf("animate: %s – %s: %w", data.FormatTime(o.From, o.Zone), data.FormatTime(o.To, o.Zone), ErrBadRange)
	}
	var out []data.Span
	for k := 0; ; k++ {
		if k == MaxFrames {
			return nil, fmt.Errorf("animate: more than %d frames (step %v from %s to %s): %w", MaxFrames, o.Step,
				data.FormatTime(o.From, o.Zone), data.FormatTime(o.To, o.Zone), ErrTooManyFrames)
		}
		start := o.Step.Add(o.From, k, o.Zone)
		end := win.Add(start, 1, o.Zone) - 1
		if o.Cumulative {
			start = o.From
		}
		out = append(out, data.Span{Start: start, End: end})
		if end >= o.To {
			return out, nil
		}
	}
}

// Delay returns the GIF delay of a frame, in hundredths of a second, for
// fps frames per second (fps is held to 1..50; 0 means 2).
func Delay(fps float64) int {
	if fps == 0 || math.IsNaN(fps) {
		fps = 2
	}
	fps = min(max(fps, 1), 50)
	return max(int(math.Round(100/fps)), 2)
}

// Make draws every frame of sc (its Window replaced by each frame's) for vp
// and returns the animation, looping forever. Every frame uses one palette
// built from the map's colours (see Palette), without dithering, so flat
// areas stay flat. Make stops with ctx's error when ctx is done.
func Make(ctx context.Context, sc *render.Scene, vp geo.Viewport, o Options) (*gif.GIF, error) {
	if sc == nil {
		sc = &render.Scene{}
	}
	if vp.W <= 0 || vp.H <= 0 || vp.W > 4096 || vp.H > 4096 {
		return nil, fmt.Errorf("animate: frame size %dx%d: must be 1 to 4096 pixels a side", vp.W, vp.H)
	}
	wins, err := Windows(o)
	if err != nil {
		return nil, err
	}
	zone := o.Zone
	if zone == nil {
		zone = time.UTC
	}
	draw := func(k int, img *image.RGBA) {
		s := *sc
		s.Window, s.Zone, s.Inside = wins[k], zone, o.Inside
		s.ScaleBar = true
		render.Draw(img, &s, vp)
		render.DrawCaption(img, &s, vp, render.WindowCaption(&s))
	}
	// The palette comes from the first, middle and last frames; then each
	// frame is drawn into one buffer and mapped onto it, so memory holds
	// one full-colour frame and the 8-bit ones.
	var sample []*image.RGBA
	for _, k := range []int{0, len(wins) / 2, len(wins) - 1} {
		img := image.NewRGBA(image.Rect(0, 0, vp.W, vp.H))
		draw(k, img)
		sample = append(sample, img)
	}
	pal := Palette(sc, sample)
	g := &gif.GIF{LoopCount: 0, Config: image.Config{ColorModel: pal, Width: vp.W, Height: vp.H}}
	q := newQuantizer(pal)
	delay := Delay(o.FPS)
	buf := sample[0]
	var prev *image.Paletted
	for k := range wins {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("animate: %w", err)
		}
		draw(k, buf)
		cur := q.convert(buf)
		// After the first frame only the box that changed is stored; the
		// rest of the previous frame stays on screen (DisposalNone).
		frame := cur
		if prev != nil {
			frame = changed(prev, cur)
		}
		prev = cur
		g.Image = append(g.Image, frame)
		g.Delay = append(g.Delay, delay)
		g.Disposal = append(g.Disposal, gif.DisposalNone)
		if o.Progress != nil {
			o.Progress(k+1, len(wins))
		}
	}
	return g, nil
}

// WriteFile makes the animation and writes it to path atomically: a reader
// never sees half a GIF, and a failure leaves any earlier file as it was.
func WriteFile(ctx context.Context, path string, sc *render.Scene, vp geo.Viewport, o Options) error {
	g, err := Make(ctx, sc, vp, o)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, 0o644, func(w io.Writer) error { return gif.EncodeAll(w, g) }); err != nil {
		return fmt.Errorf("animate: write %s: %w", path, err)
	}
	return nil
}

// Encode writes the animation as GIF to w.
func Encode(w io.Writer, g *gif.GIF) error { return gif.EncodeAll(w, g) }

// Palette builds the 256 colours every frame is drawn with: the category
// and kind colours of the scene's layers, the caption's ink and paper, a
// ramp of greys, then the colours most used in a sample of the frames
// (Make passes the first, middle and last), each kept only when it is not
// too close to one already chosen.
func Palette(sc *render.Scene, frames []*image.RGBA) color.Palette {
	var pal color.Palette
	add := func(c color.NRGBA, minDist int) bool {
		c.A = 0xff
		for _, p := range pal {
			if dist(p.(color.NRGBA), c) < minDist {
				return false
			}
		}
		pal = append(pal, c)
		return true
	}
	add(color.NRGBA{0xff, 0xff, 0xff, 0xff}, 0)
	add(color.NRGBA{0x22, 0x22, 0x22, 0xff}, 0)
	for g := 0; g <= 0xff; g += 0x22 {
		add(color.NRGBA{uint8(g), uint8(g), uint8(g), 0xff}, 1)
	}
	add(render.SeaColor, 1)
	if sc != nil {
		for _, lv := range sc.Layers {
			if lv.Layer == nil {
				continue
			}
			add(lv.Color(lv.Layer.Kind), 1)
			for ci := range lv.Layer.Categories() {
				add(lv.CategoryColorOf(ci+1), 1)
			}
		}
	}
	counts := map[uint32]int{}
	for _, img := range frames {
		for i := 0; i+3 < len(img.Pix); i += 4 {
			p := img.Pix[i : i+3 : i+3]
			counts[uint32(p[0])<<16|uint32(p[1])<<8|uint32(p[2])]++
		}
	}
	type cc struct {
		rgb uint32
		n   int
	}
	byUse := make([]cc, 0, len(counts))
	for k, n := range counts {
		byUse = append(byUse, cc{k, n})
	}
	sort.Slice(byUse, func(i, j int) bool {
		if byUse[i].n != byUse[j].n {
			return byUse[i].n > byUse[j].n
		}
		return byUse[i].rgb < byUse[j].rgb
	})
	for _, minDist := range []int{48, 12, 0} {
		for _, c := range byUse {
			if len(pal) == 256 {
				return pal
			}
			add(color.NRGBA{uint8(c.rgb >> 16), uint8(c.rgb >> 8), uint8(c.rgb), 0xff}, minDist+1)
		}
	}
	return pal
}

func dist(a, b color.NRGBA) int {
	dr, dg, db := int(a.R)-int(b.R), int(a.G)-int(b.G), int(a.B)-int(b.B)
	return int(math.Sqrt(float64(2*dr*dr + 4*dg*dg + 3*db*db)))
}

// quantizer maps RGB colours to the nearest palette entry, remembering
// each answer (the last few thousand also in a direct-mapped table, faster
// than the map).
type quantizer struct {
	pal    color.Palette
	rgb    []color.NRGBA
	cache  map[uint32]uint8
	recent [4096]struct {
		key uint32 // colour | 1<<24 (the entry is in use)
		i   uint8
	}
}

func newQuantizer(pal color.Palette) *quantizer {
	q := &quantizer{pal: pal, cache: map[uint32]uint8{}}
	for _, p := range pal {
		q.rgb = append(q.rgb, color.NRGBAModel.Convert(p).(color.NRGBA))
	}
	return q
}

func (q *quantizer) index(r, g, b uint8) uint8 {
	k := uint32(r)<<16 | uint32(g)<<8 | uint32(b)
	slot := &q.recent[(k*2654435761)>>20]
	if slot.key == k|1<<24 {
		return slot.i
	}
	if i, ok := q.cache[k]; ok {
		slot.key, slot.i = k|1<<24, i
		return i
	}
	c := color.NRGBA{r, g, b, 0xff}
	best, bd := 0, math.MaxInt
	for i, p := range q.rgb {
		if d := dist(p, c); d < bd {
			best, bd = i, d
		}
	}
	q.cache[k] = uint8(best)
	slot.key, slot.i = k|1<<24, uint8(best)
	return uint8(best)
}

// convert maps an opaque frame onto the palette (no dithering). A map is
// mostly runs of one colour, so the last pixel's answer is tried first.
func (q *quantizer) convert(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(image.Rect(0, 0, b.Dx(), b.Dy()), q.pal)
	last, lastIdx := uint32(0), q.index(0, 0, 0)
	for y := 0; y < b.Dy(); y++ {
		src := img.Pix[y*img.Stride : y*img.Stride+4*b.Dx()]
		dst := out.Pix[y*out.Stride : y*out.Stride+b.Dx()]
		for x := range dst {
			p := src[4*x : 4*x+3 : 4*x+3]
			if k := uint32(p[0])<<16 | uint32(p[1])<<8 | uint32(p[2]); k != last {
				last, lastIdx = k, q.index(p[0], p[1], p[2])
			}
			dst[x] = lastIdx
		}
	}
	return out
}

// changed returns the part of cur that differs from prev (same size), as
// a frame of its own; a 1×1 frame when nothing changed.
func changed(prev, cur *image.Paletted) *image.Paletted {
	r := image.Rectangle{}
	w, h := cur.Rect.Dx(), cur.Rect.Dy()
	for y := 0; y < h; y++ {
		a := prev.Pix[y*prev.Stride : y*prev.Stride+w]
		b := cur.Pix[y*cur.Stride : y*cur.Stride+w]
		x0 := -1
		for x := range b {
			if a[x] != b[x] {
				x0 = x
				break
			}
		}
		if x0 < 0 {
			continue
		}
		x1 := w - 1
		for x1 > x0 && a[x1] == b[x1] {
			x1--
		}
		r = r.Union(image.Rect(x0, y, x1+1, y+1))
	}
	if r.Empty() {
		r = image.Rect(0, 0, 1, 1)
	}
	out := image.NewPaletted(r, cur.Palette)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(out.Pix[(y-r.Min.Y)*out.Stride:(y-r.Min.Y+1)*out.Stride], cur.Pix[y*cur.Stride+r.Min.X:y*cur.Stride+r.Max.X])
	}
	return out
}
