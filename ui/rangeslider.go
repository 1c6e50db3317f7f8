package ui

import (
	"image"
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
// multiples of Snap when Snap > 0 (and always stay within [Min, Max]);
// a drag or a tap snaps through SnapDrag when it is set (the timeline's bins).
// When the two handles would touch, one grip between them moves the
// interval. Under the track, Axis (when set) gives the labelled ticks.
// The track shows a visible extent of [Min, Max] (all of it until the mouse
// wheel zooms it; see SetView) and, behind it, a stacked histogram whose
// bars inside [Low, High] are lit. It belongs to the UI goroutine.
type RangeSlider struct {
	widget.BaseWidget

	Min, Max  int64
	Low, High int64
	Snap      int64
	OnChanged func(low, high int64) // called after a user change
	// OnViewChanged is called after the user zooms or pans the visible
	// extent with the mouse wheel.
	OnViewChanged func(lo, hi int64)
	// SnapDrag, when set, takes a value a drag reached to the nearest
	// allowed one: a start (end false) or an end (end true) of a bin.
	SnapDrag func(v int64, end bool) int64
	// Axis, when set, returns the ticks of the visible extent [lo, hi]
	// drawn on a track width wide (see axisTicks).
	Axis func(lo, hi int64, width float32) []AxisTick

	mode       int // what the current drag moves: dragNone, dragLow, dragHigh, dragBand
	pressX     float32
	accum      float32
	grabLow    int64
	grabHigh   int64
	hasPressed bool
	viewLo     int64 // visible extent; viewHi <= viewLo means all of [Min, Max]
	viewHi     int64
	hist       *Histogram
	focused    bool
	keyHigh    bool  // the arrow keys move the window's end, not its start
	markLo     int64 // a range shaded behind the window (the one playback loops within)
	markHi     int64 // markHi <= markLo: none
}

// SetMarked shades [lo, hi] behind the interval, lighter than it (the
// range playback loops within); hi <= lo removes it.
func (s *RangeSlider) SetMarked(lo, hi int64) {
	if lo == s.markLo && hi == s.markHi {
		return
	}
	s.markLo, s.markHi = lo, hi
	s.Refresh()
}

// Histogram is what a RangeSlider draws behind its track: bars of calendar
// bins, each a stack of series (categories) in their colours.
type Histogram struct {
	Edges  []int64       // bin i covers [Edges[i], Edges[i+1])
	Counts [][]int       // [bin][series]
	Colors []color.NRGBA // [series]
}

// total is the height of bin i.
func (h *Histogram) total(i int) int {
	n := 0
	for _, c := range h.Counts[i] {
		n += c
	}
	return n
}

// AxisTick is one tick of the axis under the track: a value, its x from
// the track's left end in Fyne units, and its label (drawn from the tick
// rightwards) with the label's width.
type AxisTick struct {
	At    int64
	X     float32
	Label string
	W     float32
}

// minView is the shortest visible extent the wheel zooms to: six hours.
const minView = 6 * 3600e3

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

// View returns the visible extent of the track.
func (s *RangeSlider) View() (lo, hi int64) {
	if s.viewHi <= s.viewLo {
		return s.Min, s.Max
	}
	return max(s.viewLo, s.Min), min(s.viewHi, s.Max)
}

// SetView shows [lo, hi] of the range on the track (held inside [Min,
// Max], at least six hours long); lo >= hi shows all of it. It does not
// call OnViewChanged.
func (s *RangeSlider) SetView(lo, hi int64) {
	if hi <= lo || (lo <= s.Min && hi >= s.Max) {
		s.viewLo, s.viewHi = 0, 0
		s.Refresh()
		return
	}
	if n := s.Max - s.Min; hi-lo < minView && n > minView {
		mid := lo + (hi-lo)/2
		lo, hi = mid-minView/2, mid+minView/2
	}
	if lo < s.Min {
		lo, hi = s.Min, hi+(s.Min-lo)
	}
	if hi > s.Max {
		lo, hi = lo-(hi-s.Max), s.Max
	}
	s.viewLo, s.viewHi = max(lo, s.Min), hi
	if s.viewLo <= s.Min && s.viewHi >= s.Max {
		s.viewLo, s.viewHi = 0, 0
	}
	s.Refresh()
}

// Scrolled zooms the visible extent about the pointer (wheel up zooms in)
// or, for a sideways scroll, pans it.
func (s *RangeSlider) Scrolled(ev *fyne.ScrollEvent) {
	if s.Disabled() {
		return
	}
	lo, hi := s.View()
	n := float64(hi - lo)
	switch {
	case ev.Scrolled.DY != 0:
		k := math.Pow(1.25, -float64(ev.Scrolled.DY)/10)
		k = min(max(k, 0.25), 4)
		f := min(max(float64(ev.Position.X-handleRadius)/float64(s.trackWidth()), 0), 1)
		at := float64(lo) + f*n
		lo = int64(math.Round(at - f*n*k))
		hi = int64(math.Round(at + (1-f)*n*k))
	case ev.Scrolled.DX != 0:
		d := int64(-float64(ev.Scrolled.DX) * n / float64(s.trackWidth()))
		lo, hi = lo+d, hi+d
	default:
		return
	}
	s.SetView(lo, hi)
	if s.OnViewChanged != nil {
		vl, vh := s.View()
		s.OnViewChanged(vl, vh)
	}
}

// trackWidth is the length of the track in Fyne units.
func (s *RangeSlider) trackWidth() float32 { return max(s.Size().Width-2*handleRadius, 1) }

// xOf returns where value v is drawn (off the track when v is outside the
// visible extent).
func (s *RangeSlider) xOf(v int64) float32 {
	lo, hi := s.View()
	if hi <= lo {
		return handleRadius
	}
	return handleRadius + float32(float64(v-lo)/float64(hi-lo))*s.trackWidth()
}

// valueAt returns the value under x.
func (s *RangeSlider) valueAt(x float32) int64 {
	lo, hi := s.View()
	f := float64(x-handleRadius) / float64(s.trackWidth())
	return s.snap(lo + int64(math.Round(f*float64(hi-lo))))
}

// perUnit is the value span of one Fyne unit of track.
func (s *RangeSlider) perUnit() float64 {
	lo, hi := s.View()
	return float64(hi-lo) / float64(s.trackWidth())
}

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
		// A handle outside the zoomed extent is not drawn; a drag from
		// the track's end on its side picks it up at that end, so it
		// follows the pointer from where the drag starts.
		lo, hi := s.View()
		if s.mode == dragLow && s.Low < lo {
			s.grabLow = min(lo, s.High)
		}
		if s.mode == dragHigh && s.High > hi {
			s.grabHigh = max(hi, s.Low)
		}
	}
	s.accum += ev.Dragged.DX
	d := int64(math.Round(float64(s.accum) * s.perUnit()))
	lo, hi := s.Low, s.High
	switch s.mode {
	case dragLow:
		if lo = s.snapDrag(s.grabLow+d, false); lo > s.High {
			lo = s.Low // the start stays before the end
		}
	case dragHigh:
		if hi = s.snapDrag(s.grabHigh+d, true); hi < s.Low {
			hi = s.High
		}
	case dragBand:
		n := s.grabHigh - s.grabLow
		lo = s.snapDrag(s.grabLow+d, false)
		lo = min(max(lo, s.Min), s.Max-n)
		hi = lo + n
		if s.SnapDrag != nil {
			hi = max(s.snapDrag(hi, true), lo)
		}
	}
	s.set(lo, hi)
}

// DragEnd ends a drag.
func (s *RangeSlider) DragEnd() { s.mode, s.hasPressed = dragNone, false }

// grab decides what a drag starting at x moves.
func (s *RangeSlider) grab(x float32) int {
	// Handles outside the zoomed extent count as sitting at the track's
	// ends, where the band is drawn to.
	left, right := float32(handleRadius), handleRadius+s.trackWidth()
	xl := min(max(s.xOf(s.Low), left), right)
	xh := min(max(s.xOf(s.High), left), right)
	dl, dh := abs32(x-xl), abs32(x-xh)
	if s.narrow() && abs32(x-(xl+xh)/2) <= handleRadius+2 {
		return dragBand // the one grip of a window too narrow for two handles
	}
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

// narrow reports whether both handles are on the visible extent and too
// close to be drawn apart: one grip then stands for the window.
func (s *RangeSlider) narrow() bool {
	lo, hi := s.View()
	if s.Low < lo || s.High > hi {
		return false
	}
	return s.xOf(s.High)-s.xOf(s.Low) < 2*handleRadius+2
}

// snapDrag snaps a dragged start (end false) or end.
func (s *RangeSlider) snapDrag(v int64, end bool) int64 {
	if s.SnapDrag == nil {
		return s.snap(v)
	}
	return s.clamp(s.SnapDrag(s.clamp(v), end))
}

// Tapped moves the nearer handle to the tap.
func (s *RangeSlider) Tapped(ev *fyne.PointEvent) {
	s.hasPressed = false
	if s.Max <= s.Min || s.Disabled() {
		return
	}
	v := s.valueAt(ev.Position.X)
	if abs64(v-s.Low) <= abs64(v-s.High) && !(s.Low == s.High && v > s.High) {
		if s.SnapDrag != nil {
			v = s.snapDrag(v, false)
		}
		s.set(min(v, s.High), s.High)
	} else {
		if s.SnapDrag != nil {
			v = s.snapDrag(v, true)
		}
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
func (s *RangeSlider) MinSize() fyne.Size {
	return fyne.NewSize(120, 2*handleRadius+44+s.axisHeight())
}

// axisHeight is the room of the axis' labels under the track.
func (s *RangeSlider) axisHeight() float32 {
	if s.Axis == nil {
		return 0
	}
	return theme.CaptionTextSize() + 4
}

// SetHistogram draws h behind the track (nil removes it).
func (s *RangeSlider) SetHistogram(h *Histogram) {
	s.hist = h
	s.Refresh()
}

// CreateRenderer draws the histogram, the track, the band and the handles.
func (s *RangeSlider) CreateRenderer() fyne.WidgetRenderer {
	r := &rangeRenderer{s: s,
		track: canvas.NewRectangle(color.Transparent),
		band:  canvas.NewRectangle(color.Transparent),
		lo:    canvas.NewCircle(color.Transparent),
		hi:    canvas.NewCircle(color.Transparent),
		grip:  canvas.NewRectangle(color.Transparent),
	}
	r.bars = canvas.NewRaster(r.drawBars)
	r.track.CornerRadius = 2
	r.grip.CornerRadius = 4
	r.grip.Hide()
	r.objs = []fyne.CanvasObject{r.bars, r.track, r.band, r.lo, r.hi, r.grip}
	r.Refresh()
	return r
}

type rangeRenderer struct {
	s           *RangeSlider
	bars        *canvas.Raster
	track, band *canvas.Rectangle
	lo, hi      *canvas.Circle
	grip        *canvas.Rectangle // the one handle of a narrow window
	gridLines   []*canvas.Line    // the axis' ticks, across the histogram
	tickTexts   []*canvas.Text
	ticks       []AxisTick // as last laid out (tests read them)
	objs        []fyne.CanvasObject
	bg          color.NRGBA // window shading
}

func (r *rangeRenderer) Layout(size fyne.Size) {
	s := r.s
	cy := size.Height - s.axisHeight() - handleRadius - 1 // the track runs under the histogram
	r.track.Move(fyne.NewPos(handleRadius, cy-2))
	r.track.Resize(fyne.NewSize(max(size.Width-2*handleRadius, 0), 4))
	left, right := float32(handleRadius), max(size.Width-handleRadius, handleRadius)
	xl := min(max(s.xOf(s.Low), left), right)
	xh := min(max(s.xOf(s.High), left), right)
	r.band.Move(fyne.NewPos(xl, cy-3))
	r.band.Resize(fyne.NewSize(max(xh-xl, 0), 6))
	for _, c := range []struct {
		c *canvas.Circle
		x float32
		v int64
	}{{r.lo, xl, s.Low}, {r.hi, xh, s.High}} {
		c.c.Move(fyne.NewPos(c.x-handleRadius, cy-handleRadius))
		c.c.Resize(fyne.NewSize(2*handleRadius, 2*handleRadius))
		// A handle outside the zoomed extent is not drawn at the edge.
		if lo, hi := s.View(); c.v < lo || c.v > hi {
			c.c.Hide()
		} else {
			c.c.Show()
		}
	}
	if s.narrow() {
		// Two handles would overlap: one grip, a little taller than a
		// handle, moves the whole window.
		r.lo.Hide()
		r.hi.Hide()
		mid := (xl + xh) / 2
		r.grip.Move(fyne.NewPos(mid-handleRadius, cy-handleRadius-2))
		r.grip.Resize(fyne.NewSize(2*handleRadius, 2*handleRadius+4))
		r.grip.Show()
	} else {
		r.grip.Hide()
	}
	r.bars.Move(fyne.NewPos(handleRadius, 1))
	r.bars.Resize(fyne.NewSize(max(size.Width-2*handleRadius, 1), max(cy-handleRadius-1, 1)))
	r.layoutAxis(size, cy)
}

// layoutAxis places the ticks of the visible extent: a faint line across
// the histogram and a label under the track, from the tick rightwards.
func (r *rangeRenderer) layoutAxis(size fyne.Size, cy float32) {
	s := r.s
	r.ticks = nil
	if s.Axis != nil && !s.Disabled() && size.Width > 2*handleRadius {
		lo, hi := s.View()
		r.ticks = s.Axis(lo, hi, s.trackWidth())
	}
	th := s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	grid := withAlpha(th.Color(theme.ColorNameForeground, v), 0x30)
	ink := th.Color(theme.ColorNameForeground, v)
	changed := false
	for len(r.gridLines) < len(r.ticks) {
		r.gridLines = append(r.gridLines, canvas.NewLine(grid))
		t := canvas.NewText("", ink)
		t.TextSize = theme.CaptionTextSize()
		r.tickTexts = append(r.tickTexts, t)
		changed = true
	}
	for i, l := range r.gridLines {
		t := r.tickTexts[i]
		if i >= len(r.ticks) {
			l.Hide()
			t.Hide()
			continue
		}
		tk := r.ticks[i]
		x := handleRadius + tk.X
		l.StrokeColor, l.StrokeWidth = grid, 1
		l.Position1, l.Position2 = fyne.NewPos(x, 1), fyne.NewPos(x, cy+handleRadius)
		l.Show()
		if t.Text != tk.Label || t.Color != ink {
			t.Text, t.Color = tk.Label, ink
			t.Refresh()
		}
		t.Move(fyne.NewPos(x+axisLabelPad, cy+handleRadius))
		t.Resize(fyne.NewSize(tk.W, theme.CaptionTextSize()+2))
		t.Show()
	}
	if changed {
		objs := []fyne.CanvasObject{r.bars}
		for _, l := range r.gridLines {
			objs = append(objs, l)
		}
		objs = append(objs, r.track, r.band, r.lo, r.hi, r.grip)
		for _, t := range r.tickTexts {
			objs = append(objs, t)
		}
		r.objs = objs
	}
}

// drawBars paints the histogram at the raster's pixel size: each column
// is the bin under it, stacked by series bottom up, full colour inside the
// window and faded outside it.
func (r *rangeRenderer) drawBars(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, max(w, 1), max(h, 1)))
	s := r.s
	lo, hi := s.View()
	if w <= 0 || h <= 0 || hi <= lo {
		return img
	}
	at := func(x int) int64 { return lo + int64(float64(hi-lo)*(float64(x)+0.5)/float64(w)) }
	// Shade the marked range, then the window.
	mark := r.bg
	mark.A /= 2
	for x := range w {
		v := at(x)
		bg, ok := r.bg, v >= s.Low && v <= s.High
		if !ok && s.markHi > s.markLo && v >= s.markLo && v <= s.markHi {
			bg, ok = mark, true
		}
		if ok {
			for y := range h {
				img.SetNRGBA(x, y, bg)
			}
		}
	}
	hs := s.hist
	if hs == nil || len(hs.Edges) < 2 || len(hs.Counts) != len(hs.Edges)-1 {
		return img
	}
	top := 0
	for i := range hs.Counts {
		if hs.Edges[i+1] > lo && hs.Edges[i] <= hi {
			top = max(top, hs.total(i))
		}
	}
	if top == 0 {
		return img
	}
	scale := float64(h-1) / float64(top)
	bin := 0
	for x := range w {
		v := at(x)
		for bin < len(hs.Counts) && hs.Edges[bin+1] <= v {
			bin++
		}
		if bin >= len(hs.Counts) || v < hs.Edges[0] {
			continue
		}
		// A one-pixel gap between bins wide enough to show it.
		x0 := float64(hs.Edges[bin]-lo) / float64(hi-lo) * float64(w)
		if float64(x) < x0 && x0-float64(x) < 1 && float64(hs.Edges[bin+1]-hs.Edges[bin])/float64(hi-lo)*float64(w) >= 4 {
			continue
		}
		lit := v >= s.Low && v <= s.High
		y := h
		acc := 0
		for si, c := range hs.Counts[bin] {
			if c == 0 {
				continue
			}
			acc += c
			yTop := h - max(int(math.Round(float64(acc)*scale)), 1)
			col := color.NRGBA{0x88, 0x88, 0x88, 0xff}
			if si < len(hs.Colors) {
				col = hs.Colors[si]
			}
			if !lit {
				col.A = 0x50
			}
			for yy := yTop; yy < y; yy++ {
				if yy >= 0 {
					img.SetNRGBA(x, yy, col)
				}
			}
			y = min(y, yTop)
		}
	}
	return img
}

func (r *rangeRenderer) MinSize() fyne.Size { return r.s.MinSize() }

func (r *rangeRenderer) Refresh() {
	th := r.s.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	r.track.FillColor = th.Color(theme.ColorNameInputBorder, v)
	primary := th.Color(theme.ColorNamePrimary, v)
	if r.s.Disabled() {
		primary = th.Color(theme.ColorNameDisabled, v)
	}
	r.band.FillColor = primary
	r.grip.FillColor = primary
	r.grip.StrokeColor = th.Color(theme.ColorNameBackground, v)
	r.grip.StrokeWidth = 2
	if r.s.focused {
		r.grip.StrokeColor = panelColor(colorNameFocusRing)
		r.grip.StrokeWidth = 3
	}
	for i, c := range []*canvas.Circle{r.lo, r.hi} {
		c.FillColor = primary
		c.StrokeColor = th.Color(theme.ColorNameBackground, v)
		c.StrokeWidth = 2
		if r.s.focused && (i == 1) == r.s.keyHigh {
			// the handle the arrow keys move, ringed as focus is
			c.StrokeColor = panelColor(colorNameFocusRing)
			c.StrokeWidth = 4
		}
	}
	r.bg = withAlpha(primary, 0x20)
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

// FocusGained implements fyne.Focusable: Tab brings the keyboard to the
// slider, its active handle ringed.
func (s *RangeSlider) FocusGained() { s.focused = true; s.Refresh() }

// FocusLost implements fyne.Focusable.
func (s *RangeSlider) FocusLost() { s.focused = false; s.Refresh() }

// TypedRune implements fyne.Focusable; runes do nothing here.
func (s *RangeSlider) TypedRune(rune) {}

// keyStep is how far one arrow key press moves a handle: one snap step,
// or a hundredth of the visible extent when that is more.
func (s *RangeSlider) keyStep() int64 {
	lo, hi := s.View()
	return max(s.Snap, (hi-lo)/100, 1)
}

// TypedKey moves the window from the keyboard once the slider has focus:
// Left and Right move the active handle, Up and Down choose which handle
// (start or end) is active, Page Up and Page Down move the whole window by
// its length, Home and End take the active handle to the extent's ends.
func (s *RangeSlider) TypedKey(ev *fyne.KeyEvent) {
	if s.Disabled() {
		return
	}
	step := s.keyStep()
	move := func(d int64) {
		if s.keyHigh {
			s.set(s.Low, s.snapKey(min(max(s.High+d, s.Low), s.Max)))
		} else {
			s.set(s.snapKey(max(min(s.Low+d, s.High), s.Min)), s.High)
		}
	}
	switch ev.Name {
	case fyne.KeyLeft:
		move(-step)
	case fyne.KeyRight:
		move(step)
	case fyne.KeyUp, fyne.KeyDown:
		s.keyHigh = !s.keyHigh
		s.Refresh()
	case fyne.KeyPageUp, fyne.KeyPageDown:
		n := s.High - s.Low + 1
		if ev.Name == fyne.KeyPageUp {
			n = -n
		}
		lo, hi := s.Low+n, s.High+n
		if lo < s.Min {
			lo, hi = s.Min, s.Min+(s.High-s.Low)
		}
		if hi > s.Max {
			lo, hi = s.Max-(s.High-s.Low), s.Max
		}
		s.set(lo, hi)
	case fyne.KeyHome:
		move(s.Min - s.Max)
	case fyne.KeyEnd:
		move(s.Max - s.Min)
	}
}

// snapKey snaps a value moved by a key, keeping it inside [Min, Max].
func (s *RangeSlider) snapKey(v int64) int64 { return s.clamp(s.snap(v)) }
