package render

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"campmap/data"
	"campmap/geo"
)

// LegendRole says how a legend row is drawn.
type LegendRole uint8

const (
	// LegendTitle is a layer's heading: its name and how it is drawn.
	LegendTitle LegendRole = iota
	// LegendSwatch is a colour swatch and what it stands for.
	LegendSwatch
	// LegendNote is a line of explanation (when the drawing switches).
	LegendNote
)

// LegendEntry is one row of the legend of a frame.
type LegendEntry struct {
	Layer int        // index in Scene.Layers
	Role  LegendRole // title, swatch or note
	Label string     // "Incidents: squares of 1.2 km", "6–20", ...
	Color color.NRGBA
	// Aggregated is true on the rows of a layer drawn as density squares
	// in this viewport.
	Aggregated bool
	// Min and Max bound the counts of a swatch of density squares
	// (Max is 0 for the open-ended last class).
	Min, Max int
}

// Legend returns the legend of the large point layers of sc in vp: for a
// layer drawn as density squares, a title naming the square size, one
// swatch per count class and a note saying when points come back; for a
// large layer drawn as points, a note saying when it will be aggregated.
// Layers with at most AggregateAbove features get no rows (their
// categories are the layers panel's business). Legend is safe for
// concurrent use and cheap once the frame for vp has been drawn.
func (sc *Scene) Legend(vp geo.Viewport) []LegendEntry {
	if sc == nil {
		return nil
	}
	vp = sanitize(vp)
	var out []LegendEntry
	for li, lv := range sc.Layers {
		l := lv.Layer
		if !lv.Visible || l == nil || l.Len() <= AggregateAbove {
			continue
		}
		av, ok := aggFor(sc, lv, vp)
		if !ok {
			if aggregated(l).nPts <= AggregateAbove {
				continue
			}
			out = append(out,
				LegendEntry{Layer: li, Role: LegendTitle, Label: l.Name + ": points"},
				LegendEntry{Layer: li, Role: LegendNote, Label: fmt.Sprintf("density squares when more than %s are in view", thousands(AggregateAbove))})
			continue
		}
		ground := av.cell * geo.GroundScale(vp, vp.Center[1]) / vp.Resolution()
		out = append(out, LegendEntry{Layer: li, Role: LegendTitle, Aggregated: true,
			Label: fmt.Sprintf("%s: squares of %s, by number of %s", l.Name, FormatDistance(roundLength(ground)), noun(l))})
		lo := 1
		for i, b := range av.breaks {
			e := LegendEntry{Layer: li, Role: LegendSwatch, Aggregated: true, Color: withAlpha(av.classColor(i), cellAlpha), Min: lo}
			switch {
			case b == math.MaxUint32:
				e.Label = thousands(lo) + " or more"
			case int(b) == lo:
				e.Label, e.Max = thousands(lo), lo
			default:
				e.Label, e.Max = thousands(lo)+"–"+thousands(int(b)), int(b)
			}
			out = append(out, e)
			lo = int(b) + 1
		}
		// Each zoom level shows a quarter of the area.
		steps := math.Ceil(math.Log(float64(av.counts.total)/AggregateAbove) / math.Log(4))
		out = append(out, LegendEntry{Layer: li, Role: LegendNote, Aggregated: true,
			Label: fmt.Sprintf("%s in view; points when at most %s (about zoom %d)",
				thousands(av.counts.total), thousands(AggregateAbove), int(math.Floor(vp.Zoom))+int(max(steps, 1)))})
	}
	return out
}

// noun names a layer's features in the legend.
func noun(l *data.Layer) string {
	if l.Kind == data.KindIncident {
		return "incidents"
	}
	return "features"
}

// roundLength rounds a length to two significant figures.
func roundLength(m float64) float64 {
	if !(m > 0) {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(m))-1)
	return math.Round(m/p) * p
}

// thousands writes n with thousands separators: 50,000.
func thousands(n int) string {
	if n < 0 {
		return "-" + thousands(-n)
	}
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// drawLegendBox draws the legend rows of the frame in a panel in the top
// left corner (Scene.LegendBox).
func (f *frame) drawLegendBox() {
	rows := f.sc.Legend(f.vp)
	if len(rows) == 0 {
		return
	}
	clip := f.c.clip
	title, body, note := f.faces.get(fontBold, 11), f.faces.get(fontRegular, 11), f.faces.get(fontItalic, 10)
	lineH := 16
	maxW := clip.Dx() - 40
	if maxW < 60 || clip.Dy() < lineH*len(rows)+20 {
		return
	}
	widest := 0
	for _, r := range rows {
		w := measure(body, r.Label).w()
		switch r.Role {
		case LegendTitle:
			w = measure(title, r.Label).w()
		case LegendSwatch:
			w += 20
		case LegendNote:
			w = measure(note, r.Label).w()
		}
		widest = max(widest, min(w, maxW))
	}
	x0, y0 := clip.Min.X+10, clip.Min.Y+10
	f.c.fillRect(float64(x0), float64(y0), float64(x0+widest+16), float64(y0+lineH*len(rows)+8), panelInk)
	y := y0 + 4
	for _, r := range rows {
		base := y + lineH - 4
		switch r.Role {
		case LegendTitle:
			f.c.drawText(title, truncate(title, r.Label, maxW), x0+8, base, ink, color.NRGBA{}, 0)
		case LegendSwatch:
			f.c.fillRect(float64(x0+8), float64(y+3), float64(x0+20), float64(y+15), r.Color)
			f.c.drawText(body, truncate(body, r.Label, maxW-20), x0+28, base, ink, color.NRGBA{}, 0)
		case LegendNote:
			f.c.drawText(note, truncate(note, r.Label, maxW), x0+8, base, ink, color.NRGBA{}, 0)
		}
		y += lineH
	}
}
