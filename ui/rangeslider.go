package ui

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// RangeSlider picks an interval [Low, High] inside [Min, Max]. Drag a
// handle to move one end, drag the band between them to move the whole
// interval, tap the track to bring the nearer handle there. Values snap to
// multiples of Snap when Snap > 0 (and always stay within [Min, Max]).
// It belongs to the UI goroutine.
type RangeSlider struct {
	widget.BaseWidget

	Min, Max  int64
	Low, High int64
	Snap      int64
	OnChanged func(low, high int64) // called after a user change

	mode       int // what the current drag moves: dragNone, dragLow, dragHigh, dragBand
	pressX     float32
	pressed    bool
	accum      float32
	grabLow    int64
	grabHigh   int64
	hasPressed bool
	bins       []float64
}

const (
	dragNone = iota
	dragLow
	dragHigh
	dragBand
)

// handleRadius is the half width of a handle, in Fyne units.
const handleRadius = 8

// NewRangeSlider returns a slider over [min, max] showing [low, high].
func NewRangeSlider(min, max, low, high int64, changed func(low, high int64)) *RangeSlider {
	s := &RangeSlider{OnChanged: changed}
	s.ExtendBaseWidget(s)
	s.SetRange(min, max, low, high)
	return s
}

// SetRange sets the bounds and the interval (clamped) without calling
// OnChanged.
func (s *RangeSlider) SetRange(min, max, low, high int64) {
	if max < min {
		min, max = max, min
	}
	s.Min, s.Max = min, max
	s.Low, s.High = s.clamp(low), s.clamp(high)
	if s.High < s.Low {
		s.Low, s.High = s.High, s.Low
	}
	s.Refresh()
}

func (s *RangeSlider) clamp(v int64) int64 { return min(max(v, s.Min), s.Max) }

// trackWidth is the length of the track in Fyne units.
func (s *RangeSlider) trackWidth() float32 { return max(s.Size().Width-2*handleRadius, 1) }

// xOf returns where value v is drawn.
func (s *RangeSlider) xOf(v int64) float32 {
	if s.Max <= s.Min {
		return handleRadius
	}
	return handleRadius + float32(float64(v-s.Min)/float64(s.Max-s.Min))*s.trackWidth()
}

// valueAt returns the value under x.
func (s *RangeSlider) valueAt(x float32) int64 {
	f := float64(x-handleRadius) / float64(s.trackWidth())
	return s.snap(s.Min + int64(math.Round(f*float64(s.Max-s.Min))))
}

// perUnit is the value span of one Fyne unit of track.
func (s *RangeSlider) perUnit() float64 { return float64(s.Max-s.Min) / float64(s.trackWidth()) }

func (s *RangeSlider) snap(v int64) int64 {
	if s.Snap > 0 {
		v = int64(math.Round(float64(v)/float64(s.Snap))) * s.Snap
	}
	return s.clamp(v)
}

// MouseDown records where a drag starts.
func (s *RangeSlider) MouseDown(ev *desktop.MouseEvent) {
	s.pressX, s.hasPressed = ev.Position.X, true
}

// MouseUp ends a press.
func (s *RangeSlider) MouseUp(*desktop.MouseEvent) {}

// Dragged moves a handle or the band.
func (s *RangeSlider) Dragged(ev *fyne.DragEvent) {
	if s.Max <= s.Min || s.Disabled() {
		return
	}
	if s.mode == dragNone {
		start := ev.Position.X - ev.Dragged.DX
		if s.hasPressed {
			start = s.pressX
		}
		s.mode = s.grab(start)
		s.accum, s.grabLow, s.grabHigh = 0, s.Low, s.High
	}
	s.accum += ev.Dragged.DX
	d := int64(math.Round(float64(s.accum) * s.perUnit()))
	lo, hi := s.Low, s.High
	switch s.mode {
	case dragLow:
		lo = min(s.snap(s.grabLow+d), s.High)
	case dragHigh:
		hi = max(s.snap(s.grabHigh+d), s.Low)
	case dragBand:
		n := s.grabHigh - s.grabLow
		lo = s.snap(s.grabLow + d)
		lo = min(max(lo, s.Min), s.Max-n)
		hi = lo + n
	}
	s.set(lo, hi)
}

// DragEnd ends a drag.
func (s *RangeSlider) DragEnd() { s.mode, s.hasPressed = dragNone, false }

// grab decides what a drag starting at x moves.
func (s *RangeSlider) grab(x float32) int {
	xl, xh := s.xOf(s.Low), s.xOf(s.High)
	dl, dh := abs32(x-xl), abs32(x-xh)
	switch {
	case dl <= handleRadius+2 && dl <= dh && !(xl == xh && x > xh):
		return dragLow
	case dh <= handleRadius+2:
		return dragHigh
	case x > xl && x < xh:
		return dragBand
	case x <= xl:
		return dragLow
	default:
		return dragHigh
	}
}

// Tapped moves the nearer handle to the tap.
func (s *RangeSlider) Tapped(ev *fyne.PointEvent) {
	s.hasPressed = false
	if s.Max <= s.Min || s.Disabled() {
		return
	}
	v := s.valueAt(ev.Position.X)
	if abs64(v-s.Low) <= abs64(v-s.High) && !(s.Low == s.High && v > s.High) {
		s.set(min(v, s.High), s.High)
	} else {
		s.set(s.Low, max(v, s.Low))
	}
}

func (s *RangeSlider) set(lo, hi int64) {
	if lo == s.Low && hi == s.High {
		return
	}
	s.Low, s.High = lo, hi
	s.Refresh()
	if s.OnChanged != nil {
		s.OnChanged(lo, hi)
	}
}

// Disabled reports whether the slider ignores input (it has no range).
func (s *RangeSlider) Disabled() bool { return s.Max <= s.Min }

// MinSize is room for the handles and the histogram.
func (s *RangeSlider) MinSize() fyne.Size { return fyne.NewSize(120, 2*handleRadius+30) }

// SetHistogram draws bars behind the track: bins[i] (0..1) is the height of
// the i-th equal slice of [Min, Max]. Nil removes them.
func (s *RangeSlider) SetHistogram(bins []float64) {
	s.bins = bins
	s.Refresh()
}

// CreateRenderer draws the histogram, the track, the band and the handles.
func (s *RangeSlider) CreateRenderer() fyne.WidgetRenderer {
	r := &rangeRenderer{s: s,
		track: canvas.NewRectangle(color.Transparent),
		band:  canvas.NewRectangle(color.Transparent),
		lo:    canvas.NewCircle(color.Transparent),
		hi:    canvas.NewCircle(color.Transparent),
	}
	r.track.CornerRadius = 2
	r.Refresh()
	return r
}

type rangeRenderer struct {
	s           *RangeSlider
	bars        []*canvas.Rectangle
	track, band *canvas.Rectangle
	lo, hi      *canvas.Circle
	objs        []fyne.CanvasObject
}

func (r *rangeRenderer) Layout(size fyne.Size) {
	s := r.s
	cy := size.Height - handleRadius - 1 // the track runs under the histogram
	r.track.Move(fyne.NewPos(handleRadius, cy-2))
	r.track.Resize(fyne.NewSize(max(size.Width-2*handleRadius, 0), 4))
	xl, xh := s.xOf(s.Low), s.xOf(s.High)
	r.band.Move(fyne.NewPos(xl, cy-3))
	r.band.Resize(fyne.NewSize(max(xh-xl, 0), 6))
	for _, c := range []struct {
		c *canvas.Circle
		x float32
	}{{r.lo, xl}, {r.hi, xh}} {
		c.c.Move(fyne.NewPos(c.x-handleRadius, cy-handleRadius))
		c.c.Resize(fyne.NewSize(2*handleRadius, 2*handleRadius))
	}
	if n := len(r.bars); n > 0 {
		bw := s.trackWidth() / float32(n)
		top, bottom := float32(1), cy
		for i, b := range r.bars {
			h := float32(s.bins[i]) * (bottom - top)
			if s.bins[i] > 0 {
				h = max(h, 1)
			}
			b.Move(fyne.NewPos(handleRadius+float32(i)*bw, bottom-h))
			b.Resize(fyne.NewSize(max(bw-0.5, 0.5), h))
		}
	}
}

func (r *rangeRenderer) MinSize() fyne.Size { return r.s.MinSize() }

func (r *rangeRenderer) Refresh() {
	th := r.s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	if len(r.bars) != len(r.s.bins) || r.objs == nil {
		r.bars = r.bars[:0]
		for range r.s.bins {
			r.bars = append(r.bars, canvas.NewRectangle(color.Transparent))
		}
		r.objs = r.objs[:0]
		for _, b := range r.bars {
			r.objs = append(r.objs, b)
		}
		r.objs = append(r.objs, r.track, r.band, r.lo, r.hi)
	}
	r.track.FillColor = th.Color(theme.ColorNameInputBorder, v)
	primary := th.Color(theme.ColorNamePrimary, v)
	if r.s.Disabled() {
		primary = th.Color(theme.ColorNameDisabled, v)
	}
	r.band.FillColor = primary
	for _, c := range []*canvas.Circle{r.lo, r.hi} {
		c.FillColor = primary
		c.StrokeColor = th.Color(theme.ColorNameBackground, v)
		c.StrokeWidth = 2
	}
	fg := th.Color(theme.ColorNameForeground, v)
	in := withAlpha(primary, 0x70)
	out := withAlpha(fg, 0x38)
	if n := len(r.bars); n > 0 {
		span := float64(r.s.Max - r.s.Min)
		for i, b := range r.bars {
			// A bin is lit when it overlaps the chosen interval.
			a := r.s.Min + int64(span*float64(i)/float64(n))
			z := r.s.Min + int64(span*float64(i+1)/float64(n))
			if z >= r.s.Low && a <= r.s.High {
				b.FillColor = in
			} else {
				b.FillColor = out
			}
		}
	}
	r.Layout(r.s.Size())
	for _, o := range r.objs {
		canvas.Refresh(o)
	}
}

func (r *rangeRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *rangeRenderer) Destroy() {}

func withAlpha(c color.Color, a uint8) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

func abs32(x float32) float32 { return float32(math.Abs(float64(x))) }

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
