package ui

import (
	"context"
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"campmap/geo"
	"campmap/render"
)

// MapView is the map widget: it shows the last finished frame of its scene,
// pans on drag and arrow keys, zooms on the wheel (about the cursor), on
// double click, on +/- keys and on its overlay buttons, and identifies the
// feature under a tap. Frames are drawn by a worker goroutine at the
// canvas's pixel scale; while a new one is drawn, the old one is shifted and
// scaled to follow the view so that panning feels immediate.
//
// A MapView belongs to the UI goroutine: call its methods only there (or in
// fyne.Do). Call Stop when its window closes, to end its render worker.
type MapView struct {
	widget.BaseWidget

	q     *uiQueue
	loop  *renderLoop
	scene *render.Scene
	// drawn is drawnOf (the scene) at the canvas's pixel ratio (see
	// drawnScene).
	drawn, drawnOf *render.Scene

	vp    geo.Viewport // in device pixels
	scale float32      // device pixels per Fyne unit
	fit   *orb.Bound   // a fit asked for before the first layout

	gen, shownGen uint64
	frame         *image.RGBA
	frameVP       geo.Viewport
	stats         FrameStats

	taps    *worker[tapRequest, tapResult] // identify, newest tap first
	hoverAt fyne.Position
	hovered bool
	// away is true until the pointer moves over the map, and again from
	// MouseOut until it moves back: a click then was aimed at an overlay
	// (the second click of a double click on a dialog's button, landing
	// on the map once the dialog has closed) and must not reach the map.
	away    bool
	stopped bool
	// tapAt is where the tap being identified was (longitude, latitude),
	// set only while onIdentify runs for it.
	tapAt *orb.Point

	img *canvas.Image
	bg  *canvas.Rectangle
	// ring shows that the map has the keyboard (Tab, or a click):
	// the arrow keys pan, + and - zoom, M measures.
	ring    *canvas.Rectangle
	focused bool
	// onKey and onRune, when set, take the keys typed while the map has
	// the keyboard: the window's handlers, the same as when nothing has
	// it (Esc, [ and ], the function keys). Unset, the map pans and
	// zooms itself.
	onKey  func(*fyne.KeyEvent)
	onRune func(rune)
	// marker rings the identified feature, the first of rings: one ring
	// per marked feature in view (identify marks one, the attribute
	// table's selection several); markAt are the marked points.
	marker  *canvas.Circle
	rings   *fyne.Container
	markAt  []orb.Point
	buttons *fyne.Container
	measure *measureTool
	tip     *tooltip
	// editor is the window's edit tool (nil in a bare map): it takes
	// taps, double taps and drags while a layer is edited.
	editor *editTool
	// mods are the modifier keys held at the last mouse press.
	mods fyne.KeyModifier

	onView     func(geo.Viewport)
	onHover    func(p orb.Point, in bool)
	onIdentify func(sc *render.Scene, h render.Hit, found bool)
	// onIdentifyAll, when set, is told every feature under a tap instead.
	onIdentifyAll func(sc *render.Scene, hits []render.Hit)
	onFrame       func(FrameStats)
	onError       func(error)
}

// tapRequest is one identify job: the scene as drawn, the view and where
// the tap was, in device pixels.
type tapRequest struct {
	scene, drawn *render.Scene
	vp           geo.Viewport
	x, y, radius float64
}

// tapResult is what identify found: every layer's feature there, the
// first the one the tap is taken for (see render.Scene.IdentifyAll).
type tapResult struct {
	hits []render.Hit
}

// MapOption configures a MapView.
type MapOption func(*MapView)

// WithScene sets the scene shown first.
func WithScene(sc *render.Scene) MapOption { return func(m *MapView) { m.scene = sc } }

// WithCenter sets the first view's centre (longitude, latitude) and zoom.
func WithCenter(c orb.Point, zoom float64) MapOption {
	return func(m *MapView) { m.vp = geo.New(c, zoom, m.vp.W, m.vp.H) }
}

// WithFit makes the first view show b whole.
func WithFit(b orb.Bound) MapOption { return func(m *MapView) { m.fit = &b } }

// WithOnViewChange calls f (on the UI goroutine) after each pan, zoom or resize.
func WithOnViewChange(f func(geo.Viewport)) MapOption { return func(m *MapView) { m.onView = f } }

// WithOnHover calls f with the longitude/latitude under the mouse, or with
// in false when the mouse leaves the map.
func WithOnHover(f func(p orb.Point, in bool)) MapOption { return func(m *MapView) { m.onHover = f } }

// WithOnIdentify calls f with the result of identifying the feature under a
// tap, and the scene it was found in.
func WithOnIdentify(f func(sc *render.Scene, h render.Hit, found bool)) MapOption {
	return func(m *MapView) { m.onIdentify = f }
}

// WithOnIdentifyAll is told, after a tap, every layer's feature there,
// the one the tap is taken for first (see render.Scene.IdentifyAll).
func WithOnIdentifyAll(f func(sc *render.Scene, hits []render.Hit)) MapOption {
	return func(m *MapView) { m.onIdentifyAll = f }
}

// WithOnFrame calls f each time a new frame is shown, with what it shows.
func WithOnFrame(f func(FrameStats)) MapOption { return func(m *MapView) { m.onFrame = f } }

// WithOnError calls f (on the UI goroutine) with the error a worker of
// the map hit instead of a result (an internal error while identifying).
func WithOnError(f func(error)) MapOption { return func(m *MapView) { m.onError = f } }

// withQueue sets how results reach the UI goroutine (tests drain their own).
func withQueue(q *uiQueue) MapOption { return func(m *MapView) { m.q = q } }

// NewMapView returns a map widget.
func NewMapView(opts ...MapOption) *MapView {
	m := &MapView{vp: geo.New(orb.Point{1.85, 50.95}, 8, 0, 0), scale: 1, away: true}
	for _, o := range opts {
		o(m)
	}
	if m.q == nil {
		m.q = newUIQueue(nil)
	}
	m.measure = newMeasureTool(m)
	m.tip = newTooltip(m)
	m.loop = newRenderLoop(m.q, m.applyFrame)
	m.loop.onPanic = m.failed
	m.taps = newWorker(context.Background(), m.q, lang.L("identifying the feature under the pointer"),
		func(_ context.Context, r tapRequest) tapResult {
			return tapResult{r.drawn.IdentifyAll(r.vp, r.x, r.y, r.radius)}
		}, m.identified)
	m.taps.onPanic = m.failed
	m.ExtendBaseWidget(m)
	return m
}

// CreateRenderer builds the widget's canvas objects; it draws nothing itself.
func (m *MapView) CreateRenderer() fyne.WidgetRenderer {
	m.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	m.img = canvas.NewImageFromImage(nil)
	m.img.FillMode = canvas.ImageFillStretch
	m.img.ScaleMode = canvas.ImageScaleFastest
	m.img.Hide()
	zin := widget.NewButtonWithIcon("", theme.ZoomInIcon(), func() { m.ZoomBy(1) })
	zout := widget.NewButtonWithIcon("", theme.ZoomOutIcon(), func() { m.ZoomBy(-1) })
	zall := widget.NewButtonWithIcon("", theme.ZoomFitIcon(), m.ZoomToAll)
	ruler := widget.NewButtonWithIcon("", rulerSVG, m.measure.toggle)
	m.buttons = container.NewVBox(zin, zout, zall, ruler)
	m.marker = newRing()
	m.rings = container.NewWithoutLayout(m.marker)
	m.ring = canvas.NewRectangle(color.Transparent)
	m.ring.StrokeWidth = 2
	m.ring.Hide()
	objs := []fyne.CanvasObject{m.bg, m.img, m.rings, m.measure.overlay, m.measure.card}
	if m.editor != nil {
		objs = append(objs, m.editor.overlay, m.editor.cursor, m.editor.bar)
	}
	return &mapRenderer{m: m, objs: append(objs, m.buttons, m.tip.box, m.ring)}
}

// MinSize keeps the map usable in a small window.
func (m *MapView) MinSize() fyne.Size { return fyne.NewSize(160, 120) }

// Viewport returns the current view, in device pixels.
func (m *MapView) Viewport() geo.Viewport { return m.vp }

// Scene returns the scene shown.
func (m *MapView) Scene() *render.Scene { return m.scene }

// Stats returns what the frame on screen shows.
func (m *MapView) Stats() FrameStats { return m.stats }

// SetScene shows sc (which must not be changed afterwards) and renders it.
func (m *MapView) SetScene(sc *render.Scene) {
	m.scene = sc
	m.requestFrame()
}

// SetViewport moves the view to vp's centre and zoom (the size stays the
// widget's).
func (m *MapView) SetViewport(vp geo.Viewport) {
	m.vp = geo.New(vp.Center, vp.Zoom, m.vp.W, m.vp.H)
	m.viewChanged()
}

// FitBound shows b whole; before the first layout it is remembered.
func (m *MapView) FitBound(b orb.Bound) {
	if !validBound(b) {
		return
	}
	if m.vp.W <= 0 || m.vp.H <= 0 {
		m.fit = &b
		return
	}
	m.fit = nil
	pad := 24 * float64(m.scale)
	vp := geo.Fit(b, m.vp.W, m.vp.H, pad, 16)
	m.vp = vp
	m.viewChanged()
}

// ZoomToAll fits the view to every layer of the scene.
func (m *MapView) ZoomToAll() {
	if b, ok := sceneBounds(m.scene); ok {
		m.FitBound(b)
	}
}

// ZoomBy zooms by dz levels about the view's centre.
func (m *MapView) ZoomBy(dz float64) {
	m.vp = m.vp.ZoomAt(float64(m.vp.W)/2, float64(m.vp.H)/2, dz)
	m.viewChanged()
}

// PanBy moves the content by (dx, dy) Fyne units.
func (m *MapView) PanBy(dx, dy float32) {
	s := float64(m.scale)
	m.vp = m.vp.Pan(float64(dx)*s, float64(dy)*s)
	m.viewChanged()
}

// Stop ends the render worker; the view keeps its last frame.
func (m *MapView) Stop() {
	m.stopped = true
	m.loop.stop()
	m.taps.stop()
	m.tip.stop()
}

// Dragged pans the map with the pointer, or moves what the edit tool
// drags.
func (m *MapView) Dragged(ev *fyne.DragEvent) {
	if m.editor != nil && m.editor.dragged(ev) {
		return
	}
	m.PanBy(ev.Dragged.DX, ev.Dragged.DY)
}

// DragEnd ends a pan or an edit tool's move.
func (m *MapView) DragEnd() {
	if m.editor != nil {
		m.editor.dragEnd()
	}
}

// MouseDown notes the modifier keys held (Shift holds snapping off).
func (m *MapView) MouseDown(ev *desktop.MouseEvent) {
	m.mods = ev.Modifier
	m.takeKeys()
	if m.editor != nil {
		m.editor.free = ev.Modifier&fyne.KeyModifierShift != 0
	}
}

// MouseUp is part of desktop.Mouseable.
func (m *MapView) MouseUp(*desktop.MouseEvent) {}

// Scrolled zooms about the cursor: one wheel notch is half a zoom level.
func (m *MapView) Scrolled(ev *fyne.ScrollEvent) {
	dz := float64(ev.Scrolled.DY) / 50
	dz = math.Max(-2, math.Min(2, dz))
	if dz == 0 {
		return
	}
	pos := ev.Position
	if pos.IsZero() && m.hovered {
		pos = m.hoverAt
	}
	x, y := m.toPixels(pos)
	if pos.IsZero() {
		x, y = float64(m.vp.W)/2, float64(m.vp.H)/2
	}
	m.vp = m.vp.ZoomAt(x, y, dz)
	m.viewChanged()
}

// DoubleTapped zooms in one level about the pointer.
func (m *MapView) DoubleTapped(ev *fyne.PointEvent) {
	if m.away {
		return
	}
	x, y := m.toPixels(ev.Position)
	if m.editor != nil && m.editor.doubleTap(x, y) {
		return
	}
	m.vp = m.vp.ZoomAt(x, y, 1)
	m.viewChanged()
}

// Tapped identifies the feature under the pointer, off the UI goroutine.
// A tap while the pointer is away (it last left the map for a dialog or
// a popup that has since closed, and has not moved back) is ignored.
func (m *MapView) Tapped(ev *fyne.PointEvent) {
	if m.away {
		return
	}
	m.tip.away()
	x, y := m.toPixels(ev.Position)
	if m.measure.on {
		m.measure.tap(x, y)
		return
	}
	if m.editor != nil && m.editor.tap(x, y) {
		return
	}
	m.identifyAt(x, y)
}

func (m *MapView) identifyAt(x, y float64) {
	if m.scene == nil || (m.onIdentify == nil && m.onIdentifyAll == nil) || m.stopped {
		return
	}
	radius := 6 * float64(m.scale) // device pixels, as x and y
	m.taps.request(tapRequest{scene: m.scene, drawn: m.drawnScene(), vp: m.vp, x: x, y: y, radius: radius})
}

// identified hands the newest tap's result to onIdentify.
func (m *MapView) identified(r tapRequest, res tapResult) {
	if m.stopped {
		return
	}
	at := r.vp.Unproject(r.x, r.y)
	m.tapAt = &at
	if m.onIdentifyAll != nil {
		m.onIdentifyAll(r.scene, res.hits)
	} else {
		var h render.Hit
		if len(res.hits) > 0 {
			h = res.hits[0]
		}
		m.onIdentify(r.scene, h, len(res.hits) > 0)
	}
	m.tapAt = nil
}

// failed reports a worker's error (a recovered panic) through onError.
func (m *MapView) failed(err error) {
	if m.onError != nil && !m.stopped {
		m.onError(err)
	}
}

// MouseIn starts reporting the cursor position. A button, check box or
// list the mouse used last keeps the keyboard focus, and with it the keys
// the map and the timeline answer (arrows, + and -, [ and ], Esc): the
// pointer coming onto the map hands them back, unless text is being typed.
func (m *MapView) MouseIn(ev *desktop.MouseEvent) {
	m.MouseMoved(ev)
	c := fyne.CurrentApp().Driver().CanvasForObject(m)
	if c == nil {
		return
	}
	if f := c.Focused(); f != nil {
		if _, typing := f.(interface{ Keyboard() mobile.KeyboardType }); !typing {
			c.Unfocus()
		}
	}
}

// MouseMoved reports the longitude/latitude under the cursor.
func (m *MapView) MouseMoved(ev *desktop.MouseEvent) {
	m.hoverAt, m.hovered, m.away = ev.Position, true, false
	m.tip.moved()
	if m.onHover != nil && m.vp.W > 0 && m.vp.H > 0 {
		x, y := m.toPixels(ev.Position)
		m.onHover(m.vp.Unproject(x, y), true)
	}
	if m.editor != nil && m.vp.W > 0 && m.vp.H > 0 {
		x, y := m.toPixels(ev.Position)
		m.editor.hovered(x, y, ev.Modifier)
	}
}

// MouseOut stops reporting the cursor position.
func (m *MapView) MouseOut() {
	m.hovered, m.away = false, true
	m.tip.away()
	if m.editor != nil {
		m.editor.unhovered()
	}
	if m.onHover != nil {
		m.onHover(orb.Point{}, false)
	}
}

// takeKeys, on a press on the map, takes the keyboard from the field or
// control that had it, as the window did before the map could take the
// focus (Fyne keeps the focus when what is pressed is focusable): the
// keys then go to the window's handlers, which pan and zoom the map. The
// ring stays for Tab, which shows where the keyboard is.
func (m *MapView) takeKeys() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil && c.Focused() != nil {
		c.Unfocus()
	}
}

// FocusGained implements fyne.Focusable: Tab (or a click) gives the map
// the keyboard, and a ring shows it.
func (m *MapView) FocusGained() { m.focused = true; m.Refresh() }

// FocusLost implements fyne.Focusable.
func (m *MapView) FocusLost() { m.focused = false; m.Refresh() }

// TypedKey implements fyne.Focusable: the window's keys (onKey), else the
// arrow keys pan.
func (m *MapView) TypedKey(ev *fyne.KeyEvent) {
	if m.onKey != nil {
		m.onKey(ev)
		return
	}
	m.handleKey(ev)
}

// TypedRune implements fyne.Focusable: the window's keys (onRune), else
// + and - zoom and M measures.
func (m *MapView) TypedRune(r rune) {
	if m.onRune != nil {
		m.onRune(r)
		return
	}
	m.handleRune(r)
}

// handleKey pans on the arrow keys; it reports whether it used ev.
func (m *MapView) handleKey(ev *fyne.KeyEvent) bool {
	const step = 80
	switch ev.Name {
	case fyne.KeyLeft:
		m.PanBy(step, 0)
	case fyne.KeyRight:
		m.PanBy(-step, 0)
	case fyne.KeyUp:
		m.PanBy(0, step)
	case fyne.KeyDown:
		m.PanBy(0, -step)
	default:
		return false
	}
	return true
}

// handleRune zooms on + (or =) and -; it reports whether it used r.
func (m *MapView) handleRune(r rune) bool {
	switch r {
	case '+', '=':
		m.ZoomBy(1)
	case '-':
		m.ZoomBy(-1)
	case 'm', 'M':
		m.measure.toggle()
	default:
		return false
	}
	return true
}

func (m *MapView) toPixels(p fyne.Position) (float64, float64) {
	return float64(p.X * m.scale), float64(p.Y * m.scale)
}

// Mark rings the point p (longitude, latitude) on the map, as identify does
// for the feature it found, bringing it into view; nil removes the ring.
func (m *MapView) Mark(p *orb.Point) {
	if p == nil {
		m.MarkAll(nil)
		return
	}
	m.markAt = []orb.Point{*p}
	if m.vp.W > 0 && m.vp.H > 0 {
		// Bring the point into view if it is not.
		x, y := m.vp.Project(*p)
		margin := 2 * markerRadius * float64(m.scale)
		if x < margin || y < margin || x > float64(m.vp.W)-margin || y > float64(m.vp.H)-margin {
			m.vp = geo.New(*p, m.vp.Zoom, m.vp.W, m.vp.H)
			m.viewChanged()
			return
		}
	}
	m.placeMarker()
}

// MarkAll rings each of pts (the features selected in the attribute
// table) where it lies in view, without moving the view; nil removes
// every ring. At most maxRings rings are drawn: the first points of pts
// in view.
func (m *MapView) MarkAll(pts []orb.Point) {
	m.markAt = pts
	m.placeMarker()
}

// markerRadius is the ring's radius in Fyne units.
const markerRadius = 14

// maxRings bounds the rings drawn for a selection: beyond a few hundred
// they hide the map rather than show features.
const maxRings = 400

// newRing is one marker ring, hidden.
func newRing() *canvas.Circle {
	c := canvas.NewCircle(color.Transparent)
	c.StrokeColor = color.NRGBA{0xff, 0xd7, 0x00, 0xff}
	c.StrokeWidth = 3
	c.Hide()
	return c
}

// placeMarker places a ring on each marked point in view.
func (m *MapView) placeMarker() {
	if m.rings == nil {
		return
	}
	n := 0
	if m.vp.W > 0 && m.vp.H > 0 {
		s := float64(m.scale)
		w, h := float64(m.vp.W), float64(m.vp.H)
		for _, p := range m.markAt {
			if n == maxRings {
				break
			}
			x, y := m.vp.Project(p)
			if len(m.markAt) > 1 && (x < 0 || y < 0 || x > w || y > h) {
				continue // out of view (a single mark is placed wherever it is)
			}
			if n == len(m.rings.Objects) {
				m.rings.Objects = append(m.rings.Objects, newRing())
			}
			r := m.rings.Objects[n]
			r.Move(fyne.NewPos(float32(x/s)-markerRadius, float32(y/s)-markerRadius))
			r.Resize(fyne.NewSize(2*markerRadius, 2*markerRadius))
			r.Show()
			n++
		}
	}
	for _, r := range m.rings.Objects[n:] {
		r.Hide()
	}
	if n < len(m.rings.Objects)/2 && len(m.rings.Objects) > 16 {
		m.rings.Objects = m.rings.Objects[:max(n, 1)] // the pool shrinks back after a large selection
	}
	m.rings.Refresh()
}

func (m *MapView) viewChanged() {
	m.placeFrame()
	m.placeMarker()
	m.measure.place()
	if m.editor != nil {
		m.editor.place()
	}
	m.requestFrame()
	if m.onView != nil {
		m.onView(m.vp)
	}
}

func (m *MapView) requestFrame() {
	if m.stopped || m.scene == nil || m.vp.W <= 0 || m.vp.H <= 0 {
		return
	}
	m.gen++
	m.loop.request(frameRequest{gen: m.gen, scene: m.drawnScene(), vp: m.vp})
}

// drawnScene returns the scene as frames are drawn and identified: a copy
// with PixelRatio set to the canvas scale, so that symbols, lines and
// labels keep their size on high-density screens (the viewport is in
// device pixels). The copy is kept until the scene or the scale changes.
func (m *MapView) drawnScene() *render.Scene {
	if m.scene == nil {
		return nil
	}
	r := float64(m.scale)
	if m.drawnOf != m.scene || m.drawn.PixelRatio != r {
		c := *m.scene
		c.PixelRatio = r
		m.drawn, m.drawnOf = &c, m.scene
	}
	return m.drawn
}

// applyFrame shows a finished frame unless a newer one is already shown.
func (m *MapView) applyFrame(r frameResult) {
	if r.gen <= m.shownGen || m.stopped {
		return
	}
	m.shownGen = r.gen
	m.stats = r.stats
	if r.img != nil {
		old := m.frame
		m.frame, m.frameVP = r.img, r.vp
		if m.img != nil {
			m.img.Image = r.img
			m.placeFrame()
			m.img.Show()
			m.img.Refresh()
		}
		m.loop.recycle(old) // off screen now: the next frame is drawn over it
	}
	if m.onFrame != nil {
		m.onFrame(r.stats)
	}
}

// placeFrame positions the last frame where its content lies in the current
// view: shifted by a pan, scaled by a zoom.
func (m *MapView) placeFrame() {
	if m.img == nil || m.frame == nil {
		return
	}
	f, cur := m.frameVP, m.vp
	k := math.Exp2(cur.Zoom - f.Zoom)
	c := project.WGS84.ToMercator(f.Center)
	res := f.Resolution()
	tl := orb.Point{c[0] - float64(f.W)/2*res, c[1] + float64(f.H)/2*res}
	x, y := cur.Transform().ProjectMercator(tl)
	s := float64(m.scale)
	m.img.Move(fyne.NewPos(float32(x/s), float32(y/s)))
	m.img.Resize(fyne.NewSize(float32(float64(f.W)*k/s), float32(float64(f.H)*k/s)))
}

// layout follows a resize or a change of canvas scale.
func (m *MapView) layout(size fyne.Size) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil && c.Scale() > 0 {
		m.scale = c.Scale()
	}
	w := int(math.Round(float64(size.Width * m.scale)))
	h := int(math.Round(float64(size.Height * m.scale)))
	if w == m.vp.W && h == m.vp.H {
		m.placeFrame()
		return
	}
	ow, oh := m.vp.W, m.vp.H
	m.vp = m.vp.Resize(w, h)
	if ow > 0 && oh > 0 && w > 0 && h > 0 {
		// Keep the top left corner where it was: a side panel opening or
		// the window growing shows more map, it does not move it.
		m.vp = m.vp.Pan(-float64(w-ow)/2, -float64(h-oh)/2)
	}
	if m.fit != nil && w > 0 && h > 0 {
		m.FitBound(*m.fit)
		return
	}
	m.viewChanged()
}

type mapRenderer struct {
	m    *MapView
	objs []fyne.CanvasObject
}

func (r *mapRenderer) Layout(size fyne.Size) {
	r.m.bg.Resize(size)
	r.m.ring.Resize(size)
	bs := r.m.buttons.MinSize()
	pad := theme.Padding()
	r.m.buttons.Resize(bs)
	r.m.buttons.Move(fyne.NewPos(size.Width-bs.Width-2*pad, 2*pad))
	r.m.measure.layout(size)
	r.m.layout(size)
	if r.m.editor != nil {
		r.m.editor.layout(size)
	}
}

func (r *mapRenderer) MinSize() fyne.Size           { return r.m.MinSize() }
func (r *mapRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *mapRenderer) Destroy()                     {}
func (r *mapRenderer) Refresh() {
	r.m.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.m.bg.Refresh()
	r.m.ring.StrokeColor = panelColor(colorNameFocusRing)
	r.m.ring.Hidden = !r.m.focused
	r.m.ring.Refresh()
	r.m.placeFrame()
	canvas.Refresh(r.m.img)
}

// sceneBounds is the union of the bounds of every non-empty layer in sc.
func sceneBounds(sc *render.Scene) (orb.Bound, bool) {
	var out orb.Bound
	ok := false
	if sc == nil {
		return out, false
	}
	for _, lv := range sc.Layers {
		if lv.Layer == nil || lv.Layer.Len() == 0 {
			continue
		}
		b := lv.Layer.Bounds()
		if !validBound(b) {
			continue
		}
		if !ok {
			out, ok = b, true
		} else {
			out = out.Union(b)
		}
	}
	return out, ok
}

func validBound(b orb.Bound) bool {
	for _, v := range [...]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1]
}
