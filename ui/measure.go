package ui

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/geo"
	"campmap/internal/format"
)

// rulerSVG is the measure button's icon.
var rulerSVG = fyne.NewStaticResource("ruler.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">`+
	`<path fill="#888" d="M2 15.5 15.5 2 22 8.5 8.5 22zm3 0 3.5 3.5 1.4-1.4-1.8-1.8 1-1 1.8 1.8 1.4-1.4-1.8-1.8 1-1 2.5 2.5 1.4-1.4-2.5-2.5 1-1 1.8 1.8 1.4-1.4-1.8-1.8 1-1 1.8 1.8 1.4-1.4L15.5 5z"/></svg>`))

// measureInk is the colour of the measured path on the map.
var measureInk = color.NRGBA{0xff, 0xd7, 0x00, 0xff}

// closeReach is how near (Fyne units) a tap on the first point must be to
// close the ring.
const closeReach = 12

// measureTool is the map's measure mode (the ruler button or M): each tap
// adds a point, the card shows each segment's length and bearing and the
// total, and tapping the first point again (or Close ring) closes the
// ring and adds its area and perimeter. In rectangle mode (the card's
// Rectangle box) two taps give opposite corners of a rectangle in
// longitude and latitude, closed at once. Esc or M again ends it. Lengths
// are geodesic on the WGS 84 ellipsoid (geo.MeasurePath), the same as
// `campmap measure`. It belongs to the UI goroutine.
type measureTool struct {
	m        *MapView
	on       bool
	pts      []orb.Point
	closed   bool
	imperial bool
	rectMode bool // two taps make a rectangle

	overlay *fyne.Container // the path's lines and dots, over the map
	card    *fyne.Container // the readout, in the bottom right corner
	text    *widget.Label
	units   *widget.Check
	rect    *widget.Check
	closeB  *widget.Button
	size    fyne.Size    // the map's, for the card's place
	onText  func(string) // tells the status bar (may be nil)

	// A closed ring also counts what lies inside (ui/selection.go).
	inside       *widget.Label
	insideScroll *container.Scroll // inside, scrolled when the map is too short for it
	exportB      *widget.Button
	listB        *widget.Button
	insideCounts []areaCount
	onClosed     func() // the ring was closed: count inside it
	onOpen       func() // the ring is open again or gone: drop the counts
	onExport     func() // export the features inside
	onList       func() // list the features inside in the attribute table
}

func newMeasureTool(m *MapView) *measureTool {
	t := &measureTool{m: m, overlay: container.NewWithoutLayout()}
	t.text = widget.NewLabel("") // lines of its own: its height follows them
	t.units = widget.NewCheck(lang.L("miles"), func(on bool) { t.imperial = on; t.refresh() })
	t.rect = widget.NewCheck(lang.L("Rectangle"), func(on bool) {
		if on != t.rectMode {
			t.rectMode = on
			t.clear()
		}
	})
	t.closeB = widget.NewButton(lang.L("Close ring"), t.closeRing)
	t.inside = widget.NewLabel("")
	t.inside.Hide()
	t.insideScroll = container.NewVScroll(t.inside)
	t.insideScroll.Hide()
	t.exportB = widget.NewButton(lang.L("Export inside…"), func() {
		if t.onExport != nil {
			t.onExport()
		}
	})
	t.exportB.Hide()
	t.listB = widget.NewButton(lang.L("List…"), func() {
		if t.onList != nil {
			t.onList()
		}
	})
	t.listB.Hide()
	clear := widget.NewButton(lang.L("Clear"), t.clear)
	done := widget.NewButton(lang.L("Done"), t.stop)
	bg := canvas.NewRectangle(panelColor(colorNameCard))
	t.card = container.NewStack(bg, container.NewPadded(container.NewBorder(nil,
		container.NewVBox(t.insideScroll, container.NewHBox(t.listB, t.exportB), container.NewHBox(t.units, t.rect, t.closeB, clear, done)), nil, nil, t.text)))
	t.card.Hide()
	return t
}

// toggle starts or ends measuring.
func (t *measureTool) toggle() {
	if t.on {
		t.stop()
		return
	}
	t.on = true
	t.pts, t.closed = nil, false
	t.card.Show()
	t.refresh()
}

// stop ends measuring and takes the path off the map.
func (t *measureTool) stop() {
	if !t.on {
		return
	}
	t.on = false
	t.pts, t.closed = nil, false
	t.opened()
	t.card.Hide()
	t.place()
}

// clear forgets the points and goes on measuring.
func (t *measureTool) clear() {
	t.pts, t.closed = nil, false
	t.opened()
	t.refresh()
}

// tap adds the point at (x, y) in device pixels, or closes the ring when
// it is on the first point.
func (t *measureTool) tap(x, y float64) {
	if t.closed {
		t.pts, t.closed = nil, false
		t.opened()
	}
	if t.rectMode {
		p := t.m.vp.Unproject(x, y)
		if len(t.pts) == 0 {
			t.pts = []orb.Point{p}
			t.refresh()
			return
		}
		t.pts = rectangle(t.pts[0], p)
		if len(t.pts) < 4 { // both taps on one line: start again from this one
			t.pts = []orb.Point{p}
			t.refresh()
			return
		}
		t.closeRing()
		return
	}
	if len(t.pts) >= 3 {
		fx, fy := t.m.vp.Project(t.pts[0])
		if math.Hypot(fx-x, fy-y) <= closeReach*float64(t.m.scale) {
			t.closeRing()
			return
		}
	}
	t.pts = append(t.pts, t.m.vp.Unproject(x, y))
	t.refresh()
}

// rectangle returns the four corners, in order around it from a, of the
// rectangle in longitude and latitude of which a and b are opposite
// corners; nil when a and b share a longitude or a latitude.
func rectangle(a, b orb.Point) []orb.Point {
	if a[0] == b[0] || a[1] == b[1] {
		return nil
	}
	return []orb.Point{a, {b[0], a[1]}, b, {a[0], b[1]}}
}

// selectRing measures ring (an area feature picked on the map) as a
// closed ring, so the card counts what lies inside it.
func (t *measureTool) selectRing(ring orb.Ring) {
	pts := []orb.Point(ring)
	if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) < 3 {
		return
	}
	if !t.on {
		t.on = true
		t.card.Show()
	}
	t.opened()
	t.pts, t.closed = append([]orb.Point(nil), pts...), false
	t.closeRing()
}

// closeRing closes the path back to its first point.
func (t *measureTool) closeRing() {
	if len(t.pts) < 3 {
		return
	}
	t.closed = true
	t.refresh()
	if t.onClosed != nil {
		t.onClosed()
	}
}

// opened drops what a closed ring counted.
func (t *measureTool) opened() {
	if t.onOpen != nil {
		t.onOpen()
	}
}

// setInside shows what the closed ring holds (text "" hides it).
func (t *measureTool) setInside(text string, exportable bool) {
	t.inside.SetText(text)
	if text == "" {
		t.inside.Hide()
		t.insideScroll.Hide()
	} else {
		t.inside.Show()
		t.insideScroll.Show()
	}
	if exportable {
		t.exportB.Show()
		t.listB.Show()
	} else {
		t.exportB.Hide()
		t.listB.Hide()
	}
	t.layout(t.size)
}

// measurement is what the points measure.
func (t *measureTool) measurement() geo.Measurement { return geo.MeasurePath(t.pts, t.closed) }

// readout is the card's text.
func (t *measureTool) readout() string {
	if t.rectMode && !t.closed {
		if len(t.pts) == 0 {
			return lang.L("Rectangle: click a corner on the map.")
		}
		return lang.L("Rectangle: click the opposite corner.")
	}
	if len(t.pts) == 0 {
		return lang.L("Measure: click points on the map.\nClick the first point again to close a ring; Esc ends.")
	}
	if len(t.pts) == 1 {
		return lang.L("Measure: click the next point.")
	}
	ms := t.measurement()
	var b strings.Builder
	n := len(ms.Segments)
	if ms.Closed {
		// a closed ring: its sides (a rectangle's two), its area and perimeter
		if t.rectMode && len(t.pts) == 4 {
			fmt.Fprintf(&b, lang.L("Rectangle: %s × %s"), length(ms.Segments[0], t.imperial), length(ms.Segments[1], t.imperial))
		} else {
			fmt.Fprintf(&b, lang.L("Closed ring of %d sides"), len(t.pts))
		}
		fmt.Fprintf(&b, lang.L("\nArea: %s · perimeter %s"), area(ms.Area, t.imperial), length(ms.Perimeter, t.imperial))
		return b.String()
	}
	last := fmt.Sprintf(lang.L("Segment %d: %s"), n, length(ms.Segments[n-1], t.imperial))
	if br := ms.Bearings[n-1]; !math.IsNaN(br) {
		last += fmt.Sprintf(lang.L(", bearing %.0f°"), br)
	}
	b.WriteString(last)
	fmt.Fprintf(&b, lang.L("\nTotal: %s over %d segments"), length(ms.Distance, t.imperial), n)
	if ms.Closed {
		fmt.Fprintf(&b, lang.L("\nArea: %s · perimeter %s"), area(ms.Area, t.imperial), length(ms.Perimeter, t.imperial))
	}
	return b.String()
}

// refresh shows the readout and the path.
func (t *measureTool) refresh() {
	s := t.readout()
	t.text.SetText(s)
	if len(t.pts) >= 3 && !t.closed {
		t.closeB.Enable()
	} else {
		t.closeB.Disable()
	}
	if t.onText != nil && len(t.pts) >= 2 {
		t.onText(strings.ReplaceAll(s, "\n", " · "))
	}
	t.layout(t.size)
	t.place()
}

// place draws the path at the map's current view.
func (t *measureTool) place() {
	t.overlay.Objects = nil
	if !t.on || len(t.pts) == 0 || t.m.vp.W <= 0 {
		t.overlay.Refresh()
		return
	}
	s := float32(t.m.scale)
	pos := func(p orb.Point) fyne.Position {
		x, y := t.m.vp.Project(p)
		return fyne.NewPos(float32(x)/s, float32(y)/s)
	}
	pts := t.pts
	if t.closed {
		pts = append(pts[:len(pts):len(pts)], pts[0])
	}
	for i := 1; i < len(pts); i++ {
		l := canvas.NewLine(measureInk)
		l.StrokeWidth = 2.5
		l.Position1, l.Position2 = pos(pts[i-1]), pos(pts[i])
		t.overlay.Add(l)
	}
	const r = 4
	for _, p := range t.pts {
		d := canvas.NewCircle(measureInk)
		d.StrokeColor, d.StrokeWidth = color.NRGBA{0x22, 0x22, 0x22, 0xff}, 1
		c := pos(p)
		d.Move(fyne.NewPos(c.X-r, c.Y-r))
		d.Resize(fyne.NewSize(2*r, 2*r))
		t.overlay.Add(d)
	}
	t.overlay.Refresh()
}

// layout puts the card in the bottom right corner of a map of size.
// When the map is too short for the card (the attribute table open under
// it), what lies inside scrolls and the card keeps within the map.
func (t *measureTool) layout(size fyne.Size) {
	t.size = size
	t.overlay.Resize(size)
	want := t.inside.MinSize().Height
	t.insideScroll.SetMinSize(fyne.NewSize(0, want))
	if room := size.Height - 44; t.inside.Visible() && t.card.MinSize().Height > room {
		t.insideScroll.SetMinSize(fyne.NewSize(0, max(want-(t.card.MinSize().Height-room), 48)))
	}
	w := min(max(440, t.card.MinSize().Width), size.Width-16)
	cs := fyne.NewSize(w, t.card.MinSize().Height)
	t.card.Resize(cs)
	t.card.Move(fyne.NewPos(size.Width-cs.Width-8, max(size.Height-cs.Height-36, 8)))
}

// length and area write measures as the interface's language does: a
// decimal comma and a narrow no-break space between thousands in French.
func length(m float64, imperial bool) string { return localNumber(format.Length(m, imperial)) }

func area(a float64, imperial bool) string { return localNumber(format.Area(a, imperial)) }

// decimal writes v with prec decimals as the interface's language does
// (a decimal comma in French).
func decimal(v float64, prec int) string { return localNumber(strconv.FormatFloat(v, 'f', prec, 64)) }

// localNumber turns the digits format writes (1,234.5) into the
// language's (1 234,5 in French).
func localNumber(s string) string {
	if !french() {
		return s
	}
	return strings.NewReplacer(",", "\u202f", ".", ",").Replace(s)
}
