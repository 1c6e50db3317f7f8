package render

import (
	"fmt"
	"image/color"
	"math"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
	"campmap/internal/format"
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
	// LegendSize is a dot of Radius pixels, grey, standing for a count
	// (Min) of a layer whose dots are sized by count.
	LegendSize
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
	// (Max is 0 for the open-ended last class); Min is the count of a
	// size row.
	Min, Max int
	// Radius is the radius in pixels of a size row's dot, as the map
	// draws that count in this viewport.
	Radius float64
	// Graduated is true on the rows of a layer's graduated classes (see
	// style.Graduated): size rows are then classes, not counts.
	Graduated bool
	// Shape is the shape of a swatch drawn as a point symbol ("": a
	// square swatch).
	Shape style.Shape
}

// sizeColor is the neutral colour of the dots of size rows: the map's
// colour stands for the category, the size for the count.
var sizeColor = color.NRGBA{0x6b, 0x6b, 0x6b, 0xff}

// legendCounts returns the counts a size legend shows for a layer whose
// largest count is max: the powers of ten up to max (the largest three),
// or 1 and max when max is below 10.
func legendCounts(max float64) []int {
	var out []int
	for n := 1; float64(n) <= max && n <= 1e9; n *= 10 {
		out = append(out, n)
	}
	if len(out) > 3 {
		out = out[len(out)-3:]
	}
	if len(out) == 1 && max >= 2 {
		out = append(out, int(max))
	}
	return out
}

// sizeRows returns the legend rows of a layer drawn as dots sized by
// count: a title naming the count, then one dot per count of
// legendCounts, worded "at least n" when the counts are minimum
// estimates. It returns nil for a layer without counts.
func sizeRows(li int, l *data.Layer, vp geo.Viewport) []LegendEntry {
	g := prepared(l)
	if !g.sized {
		return nil
	}
	base := pointRadius(estimateInView(g, geo.MercatorBound(vp)))
	out := []LegendEntry{{Layer: li, Role: LegendTitle, Label: fmt.Sprintf("%s: dot area by %s", l.Name, l.CountKey)}}
	for _, n := range legendCounts(g.maxCount) {
		label := format.Thousands(n)
		if l.CountIsMinimum {
			label = "at least " + label
		}
		out = append(out, LegendEntry{Layer: li, Role: LegendSize, Label: label, Color: sizeColor, Min: n,
			Radius: countRadius(base, g.countK, float64(n))})
	}
	return out
}

// Legend returns the legend rows of sc in vp that the layers panel cannot
// give: for a layer drawn as density squares, a title naming the square
// size, one swatch per count class and a note saying when points come
// back; for a large layer drawn as points, a note saying when it will be
// aggregated; for a layer drawn as dots sized by count (see
// data.Layer.CountKey), a title and size rows (LegendSize); for a
// graduated layer (style.Graduated), a title and one row per class
// (LegendSize or LegendSwatch) and a "no value" row. Other layers
// get no rows (their categories are the layers panel's business). Legend is safe for
// concurrent use and cheap once the frame for vp has been drawn.
func (sc *Scene) Legend(vp geo.Viewport) []LegendEntry {
	if sc == nil {
		return nil
	}
	vp = sanitize(vp)
	var out []LegendEntry
	for li, lv := range sc.Layers {
		l := lv.Layer
		if !lv.Visible || l == nil || l.Len() == 0 {
			continue
		}
		if lv.Density != nil {
			if av, ok := aggFor(sc, lv, vp); ok {
				out = append(out, densityRows(sc.Lang, li, l, av)...)
				continue
			}
		}
		if l.Len() <= AggregateAbove {
			out = append(out, pointRows(sc, li, lv, vp)...)
			continue
		}
		av, ok := aggFor(sc, lv, vp)
		if !ok {
			size := pointRows(sc, li, lv, vp)
			if aggregated(l).nPts > AggregateAbove {
				out = append(out,
					LegendEntry{Layer: li, Role: LegendTitle, Label: l.Name + ": points"},
					LegendEntry{Layer: li, Role: LegendNote, Label: fmt.Sprintf("density squares when more than %s are in view", format.Thousands(AggregateAbove))})
				if len(size) > 0 {
					size = size[1:]
				}
			}
			out = append(out, size...)
			continue
		}
		ground := av.cell * geo.GroundScale(vp, vp.Center[1]) / vp.Resolution()
		out = append(out, LegendEntry{Layer: li, Role: LegendTitle, Aggregated: true,
			Label: fmt.Sprintf("%s: squares of %s, by number of %s", l.Name, FormatDistance(roundLength(ground)), noun(l))})
		out = append(out, av.swatches(li)...)
		// Each zoom level shows a quarter of the area.
		steps := math.Ceil(math.Log(float64(av.counts.total)/AggregateAbove) / math.Log(4))
		out = append(out, LegendEntry{Layer: li, Role: LegendNote, Aggregated: true,
			Label: fmt.Sprintf("%s in view; points when at most %s (about zoom %d)",
				format.Thousands(av.counts.total), format.Thousands(AggregateAbove), int(math.Floor(vp.Zoom))+int(max(steps, 1)))})
	}
	return out
}

// swatches returns the legend rows of av's count classes.
func (av *aggView) swatches(li int) []LegendEntry {
	var out []LegendEntry
	lo := 1
	for i, b := range av.breaks {
		e := LegendEntry{Layer: li, Role: LegendSwatch, Aggregated: true, Color: withAlpha(av.classColor(i), cellAlpha), Min: lo}
		switch {
		case b == math.MaxUint32:
			e.Label = format.Thousands(lo) + " or more"
		case int(b) == lo:
			e.Label, e.Max = format.Thousands(lo), lo
		default:
			e.Label, e.Max = format.Thousands(lo)+"–"+format.Thousands(int(b)), int(b)
		}
		out = append(out, e)
		lo = int(b) + 1
	}
	return out
}

// densityRows returns the legend rows of a layer drawn as a density view:
// a title naming the bins and their ground size ("Incidents: hexagons of
// 2 km, by number of incidents"), one swatch per count class and a note
// saying the classes count the whole layer.
func densityRows(lang string, li int, l *data.Layer, av *aggView) []LegendEntry {
	shape := "hexagons"
	if av.dens.key.shape == style.DensitySquares {
		shape = "squares"
	}
	title := word(lang, "%s: "+shape+" of %s, by number of "+noun(l))
	out := []LegendEntry{{Layer: li, Role: LegendTitle, Aggregated: true,
		Label: fmt.Sprintf(title, l.Name, FormatDistance(av.dens.key.meters))}}
	out = append(out, av.swatches(li)...)
	return append(out, LegendEntry{Layer: li, Role: LegendNote, Aggregated: true,
		Label: fmt.Sprintf(word(lang, "%s in the time window, classes over the whole layer"), group(lang, av.dens.total))})
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

// drawLegendBox draws the legend rows of the frame in a panel in the top
// left corner (Scene.LegendBox).
func (f *frame) drawLegendBox() {
	rows := f.sc.Legend(f.vp)
	if len(rows) == 0 {
		return
	}
	clip := f.c.clip
	title, body, note := f.faces.get(fontBold, f.px(11)), f.faces.get(fontRegular, f.px(11)), f.faces.get(fontItalic, f.px(10))
	lineH := f.ipx(16)
	maxW := clip.Dx() - f.ipx(40)
	if maxW < f.ipx(60) || clip.Dy() < lineH*len(rows)+f.ipx(20) {
		return
	}
	col := sizeColumn(rows, f.pr)
	rowH := func(r LegendEntry) int {
		if r.Role == LegendSize {
			return max(lineH, int(math.Ceil(2*r.Radius*f.pr))+f.ipx(6))
		}
		return lineH
	}
	total := 0
	widest := 0
	for _, r := range rows {
		total += rowH(r)
		w := measure(body, r.Label).w()
		switch r.Role {
		case LegendTitle:
			w = measure(title, r.Label).w()
		case LegendSwatch:
			w += f.ipx(20)
		case LegendSize:
			w += f.ipx(20) + int(math.Ceil(2*max(r.Radius-6, 0)*f.pr))
		case LegendNote:
			w = measure(note, r.Label).w()
		}
		widest = max(widest, min(w, maxW))
	}
	if clip.Dy() < total+f.ipx(20) {
		return
	}
	x0, y0 := clip.Min.X+f.ipx(10), clip.Min.Y+f.ipx(10)
	f.c.fillRect(float64(x0), float64(y0), float64(x0+widest+f.ipx(16)), float64(y0+total+f.ipx(8)), panelInk)
	y := y0 + f.ipx(4)
	for _, r := range rows {
		h := rowH(r)
		base := y + h/2 + lineH/2 - f.ipx(4)
		switch r.Role {
		case LegendTitle:
			f.c.drawText(title, truncate(title, r.Label, maxW), x0+f.ipx(8), base, ink, color.NRGBA{}, 0)
		case LegendSwatch:
			if r.Shape != "" {
				sy := pointSymbol{kind: data.KindIncident, col: r.Color, r: 4, shape: r.Shape}
				f.c.be.symbol(f.c, sy, f.pr, 0, x0+f.ipx(14), y+f.ipx(9))
			} else {
				f.c.fillRect(float64(x0+f.ipx(8)), float64(y+f.ipx(3)), float64(x0+f.ipx(20)), float64(y+f.ipx(15)), r.Color)
			}
			f.c.drawText(body, truncate(body, r.Label, maxW-f.ipx(20)), x0+f.ipx(28), base, ink, color.NRGBA{}, 0)
		case LegendSize:
			// Dots share a centre column wide enough for the largest.
			cx := x0 + f.ipx(14) + col
			sk := styleKey{kind: data.KindIncident}
			f.drawSymbol(LayerView{Style: style.Style{Fill: style.Color(r.Color)}}, sk, 1, r.Radius, 0, cx, y+h/2)
			f.c.drawText(body, truncate(body, r.Label, maxW-f.ipx(20)), cx+col+f.ipx(8), base, ink, color.NRGBA{}, 0)
		case LegendNote:
			f.c.drawText(note, truncate(note, r.Label, maxW), x0+f.ipx(8), base, ink, color.NRGBA{}, 0)
		}
		y += h
	}
}

// sizeColumn returns half the width of the column of size dots in a
// legend box: the largest dot's radius and rim, at least 6 layout pixels,
// in device pixels at pixel ratio pr.
func sizeColumn(rows []LegendEntry, pr float64) int {
	r := 6.0
	for _, e := range rows {
		if e.Role == LegendSize {
			r = math.Max(r, e.Radius+1)
		}
	}
	return int(math.Ceil(r * pr))
}
