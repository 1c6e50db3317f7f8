package render

import (
	"image"
	"image/color"
	"math"
	"slices"

	"campmap/data"
)

// labelCand is a name waiting to be placed.
type labelCand struct {
	prio   int // lower is placed first
	layer  int
	id     int
	kind   data.Kind
	text   string
	at     pt      // the anchor, viewport pixels
	clear  float64 // half size of the symbol at the anchor (0: none)
	obst   int     // index of the symbol's box in frame.obst, or -1
	area   float64 // half size of an area's box, pixels (areas only)
	path   []pt    // the visible stretch of a line, pixels (lines only)
	onLine bool
	tile   labelKind // a name of the tiled basemap: its kind plus one (0: campmap's)
}

// labelPriority orders labels: camps, then terminals, ports and routes.
func labelPriority(k data.Kind) int {
	switch k {
	case data.KindCamp:
		return 0
	case data.KindTerminal:
		return 1
	case data.KindPort:
		return 2
	case data.KindRoute:
		return 3
	}
	return 4
}

// addLabel queues a label candidate and reports whether it did.
func (f *frame) addLabel(layer, id int, k data.Kind, text string, at pt, clear float64, obst int, onLine bool) bool {
	if !f.sc.Labels || k == data.KindIncident || len(f.labels) >= maxLabelCands || !isFinite(at) ||
		math.Abs(at.x) > 1e6 || math.Abs(at.y) > 1e6 {
		return false
	}
	if !inFrame(f, at, clear) {
		return false
	}
	if len(text) > 80 {
		text = text[:80]
	}
	f.labels = append(f.labels, labelCand{prio: labelPriority(k), layer: layer, id: id, kind: k, text: text, at: at, clear: clear, obst: obst, onLine: onLine})
	return true
}

// inFrame reports whether anchor at lies in the frame grown by clear
// pixels.
func inFrame(f *frame, at pt, clear float64) bool {
	return math.Abs(at.x) <= 1e6 && math.Abs(at.y) <= 1e6 && image.Pt(int(at.x), int(at.y)).In(f.c.clip.Inset(-int(clear)))
}

// labelStyle returns the face, size (layout pixels) and colour of a kind's
// labels.
func (f *frame) labelStyle(k data.Kind) (fontStyle, float64, color.NRGBA) {
	switch k {
	case data.KindCamp:
		return fontBold, 13, darken(KindColor(k), 0.35)
	case data.KindTerminal:
		return fontBold, 12, darken(KindColor(k), 0.25)
	case data.KindPort:
		return fontBold, 12, darken(KindColor(k), 0.3)
	case data.KindRoute:
		return fontItalic, 11.5, color.NRGBA{0x33, 0x33, 0x33, 0xff}
	}
	return fontRegular, 11.5, color.NRGBA{0x33, 0x33, 0x33, 0xff}
}

// placeLabels places the candidates greedily by priority (camps, terminals,
// ports, routes; then top layer first, then feature order), trying a few
// positions around each anchor and keeping only those that overlap no
// placed label, no symbol other than their own and stay inside the frame;
// then the basemap's towns where room is left (placeTowns).
func (f *frame) placeLabels() {
	slices.SortStableFunc(f.labels, func(a, b labelCand) int {
		if a.prio != b.prio {
			return a.prio - b.prio
		}
		if a.layer != b.layer {
			return b.layer - a.layer
		}
		return a.id - b.id
	})
	placed, shown := f.placeAll(f.labels, nil, nil)
	// The tiled basemap's names, then the embedded basemap's towns not
	// named yet.
	placed, shown = f.placeAll(f.tileLabels, placed, shown)
	f.placeTowns(&placed, shown)
}

// placeAll places the candidates in their order, around the boxes
// already placed, and returns the boxes and the texts placed with
// theirs.
func (f *frame) placeAll(labels []labelCand, placed []image.Rectangle, shown []string) ([]image.Rectangle, []string) {
	halo := f.ipx(2)
	inner := f.c.clip.Inset(f.ipx(2))
	// A basemap name is shown once within repeatDist (a street cut into
	// tiles and segments would be named on each piece).
	near := map[string][]pt{}
	repeatDist := f.px(260)
	for _, lc := range labels {
		if lc.tile > 0 && nearAny(lc.at, near[lc.text], repeatDist) {
			continue
		}
		n := len(placed)
		style, size, col := f.labelStyle(lc.kind)
		haloCol := color.NRGBA{0xff, 0xff, 0xff, 0xf0}
		if lc.tile > 0 {
			bl := basemapLabels[lc.tile-1]
			style, size, col = bl.style, bl.size, bl.col
			haloCol.A = 0xd8
		}
		size = f.px(size)
		face := f.faces.get(style, size)
		if face == nil {
			return placed, shown
		}
		tb := measure(face, lc.text)
		w, h := tb.w(), tb.h()
		// Candidate top-left corners of the text box.
		ax, ay := lc.at.x, lc.at.y
		gap := lc.clear + f.px(3)
		var cands [][2]float64
		switch {
		case lc.clear > 0: // beside a symbol: right, left, above, below
			cands = [][2]float64{
				{ax + gap, ay - float64(h)/2},
				{ax - gap - float64(w), ay - float64(h)/2},
				{ax - float64(w)/2, ay - gap - float64(h)},
				{ax - float64(w)/2, ay + gap},
			}
		case lc.onLine: // where it cannot follow the line: over it, above or below
			cands = [][2]float64{
				{ax - float64(w)/2, ay - float64(h)/2},
				{ax - float64(w)/2, ay - float64(h) - f.px(5)},
				{ax - float64(w)/2, ay + f.px(5)},
			}
		default: // an area: centred, then beside it
			g := lc.area + f.px(3)
			cands = [][2]float64{
				{ax - float64(w)/2, ay - float64(h)/2},
				{ax + g, ay - float64(h)/2},
				{ax - g - float64(w), ay - float64(h)/2},
				{ax - float64(w)/2, ay + g},
				{ax - float64(w)/2, ay - g - float64(h)},
			}
		}
		if lc.onLine && f.placeAlong(lc, style, size, col, inner, &placed) {
			shown = append(shown, lc.text)
			if lc.tile > 0 {
				near[lc.text] = append(near[lc.text], lc.at)
			}
			continue
		}
		if lc.onLine && lc.tile > 0 {
			continue // a street's name follows its street, or is left out
		}
		for _, c := range cands {
			x0, y0 := int(math.Round(c[0])), int(math.Round(c[1]))
			box := image.Rect(x0-halo, y0-halo, x0+w+halo, y0+h+halo)
			if !box.In(inner) || overlapsAny(box, placed) || overlapsObstacle(box, f.obst, lc.obst) {
				continue
			}
			placed = append(placed, box)
			shown = append(shown, lc.text)
			f.c.drawText(face, lc.text, x0-tb.minX, y0-tb.minY, col, haloCol, halo)
			break
		}
		if lc.tile > 0 && len(placed) > n {
			near[lc.text] = append(near[lc.text], lc.at)
		}
	}
	return placed, shown
}

// nearAny reports whether p lies within d of any of ps.
func nearAny(p pt, ps []pt, d float64) bool {
	for _, q := range ps {
		if math.Hypot(p.x-q.x, p.y-q.y) < d {
			return true
		}
	}
	return false
}

func overlapsAny(b image.Rectangle, rs []image.Rectangle) bool {
	for _, r := range rs {
		if b.Overlaps(r) {
			return true
		}
	}
	return false
}

func overlapsObstacle(b image.Rectangle, rs []image.Rectangle, own int) bool {
	for i, r := range rs {
		if i != own && b.Overlaps(r) {
			return true
		}
	}
	return false
}
