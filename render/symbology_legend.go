package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"campmap/data/style"
	"campmap/geo"
)

// CategoryEntry is one row of a layer's categories as every legend shows
// them (the window's categories panel, the layers panel, page legends):
// a category with its colour and shape, or the "other" group.
type CategoryEntry struct {
	// Index is the category index (1-based, data.Layer.CategoryIndex);
	// 0 on the "other" row.
	Index int
	Name  string // the category; "" on the "other" row
	Color color.NRGBA
	Shape style.Shape
	// Members are the category indices of the "other" row, most frequent
	// first (nil on a category's row).
	Members []int
}

// Other reports whether e is the "other" row.
func (e CategoryEntry) Other() bool { return len(e.Members) > 0 }

// CategoryLegend returns the rows of lv's categories in legend order (see
// categoryOrder), the "other" row last when the layer groups some (see
// OtherCategories); hidden categories are kept (callers decide).
// Graduated colours take the category's colour away: rows are then grey.
func CategoryLegend(lv LayerView) []CategoryEntry {
	l := lv.Layer
	if l == nil {
		return nil
	}
	cats := l.Categories()
	g := groupsOf(l)
	grey := lv.Graduated.Active() && lv.Graduated.By == style.ByColor
	var out []CategoryEntry
	for _, ci := range categoryOrder(cats) {
		c := ci + 1
		if g.isOther(c) {
			continue
		}
		col := lv.CategoryColorOf(c)
		if grey {
			col = sizeColor
		}
		out = append(out, CategoryEntry{Index: c, Name: cats[ci], Color: col, Shape: lv.CategoryShapeOf(c)})
	}
	if len(g.other) > 0 {
		out = append(out, CategoryEntry{Color: lv.otherColor(), Shape: style.ShapeCircle, Members: append([]int(nil), g.other...)})
	}
	return out
}

// OtherLabel names the "other" row of n categories in language lang.
func OtherLabel(lang string, n int) string {
	return fmt.Sprintf(word(lang, "other (%d categories)"), n)
}

// OtherNote explains the "other" row of n categories in language lang.
func OtherNote(lang string, n int) string {
	return fmt.Sprintf(word(lang, "“other” groups the %d least frequent categories in one colour"), n)
}

// methodName names a classification method in the legend.
func methodName(m string) string {
	switch m {
	case style.Quantile:
		return "quantiles"
	case style.NaturalBreaks:
		return "natural breaks"
	}
	return "equal intervals"
}

// classNumber writes a class bound as lang writes numbers: whole numbers
// with grouped thousands, others with up to three significant decimals.
func classNumber(lang string, v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return group(lang, int(v))
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i > 4 {
		s = strconv.FormatFloat(v, 'f', 3, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if lang == "fr" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// graduatedRows returns the legend rows of a graduated layer view: a title
// naming the field, the way and the method; one row per class with its
// range, count and symbol; and the "no value" row when some features have
// none. It returns nil for a view that is not graduated.
func graduatedRows(li int, lv LayerView, lang string) []LegendEntry {
	classes, none := GraduatedClasses(lv)
	if classes == nil && none == 0 {
		return nil
	}
	gs := lv.Graduated
	title := "%s: size by %s (%s)"
	if gs.By == style.ByColor {
		title = "%s: colour by %s (%s)"
	}
	out := []LegendEntry{{Layer: li, Role: LegendTitle, Graduated: true,
		Label: fmt.Sprintf(word(lang, title), lv.Layer.Name, gs.Key, word(lang, methodName(gs.Method)))}}
	for _, c := range classes {
		label := classNumber(lang, c.Least)
		if c.Largest != c.Least {
			label += "–" + classNumber(lang, c.Largest)
		}
		e := LegendEntry{Layer: li, Role: LegendSwatch, Graduated: true, Color: c.Color, Radius: c.Radius,
			Label: fmt.Sprintf("%s (%s)", label, group(lang, c.Count))}
		if gs.By == style.BySize {
			e.Role = LegendSize
		}
		out = append(out, e)
	}
	if none > 0 {
		out = append(out, LegendEntry{Layer: li, Role: LegendSwatch, Graduated: true, Color: noValueColor, Shape: NoValueShape, Radius: 3.5,
			Label: fmt.Sprintf(word(lang, "no value, drawn %s (%s)"), word(lang, "as a grey cross"), group(lang, none))})
	}
	return out
}

// pointRows returns the legend rows of a layer drawn as points: its
// graduated classes when it is graduated, else its dot sizes by count.
func pointRows(sc *Scene, li int, lv LayerView, vp geo.Viewport) []LegendEntry {
	if rows := graduatedRows(li, lv, sc.Lang); rows != nil {
		return rows
	}
	return sizeRows(li, lv.Layer, vp)
}

// pageSwatch draws a legend swatch of shape s in col centred at (x, y) on
// a page (radius 3.2 points, as dots are).
func (p *pager) pageSwatch(s style.Shape, rad float64, col color.NRGBA) func(x, y float64) {
	return func(x, y float64) { p.rec.shapeAt(s, rad, col, x, y) }
}

// graduatedPageRows returns the page legend rows of layer i's graduated
// classes, each symbol as the map draws it (at the map's scale p.k).
func (p *pager) graduatedPageRows(sc *Scene, i int) []legendRow {
	es := graduatedRows(i, sc.Layers[i], p.lang)
	if len(es) == 0 {
		return nil
	}
	k := p.k
	if !(k > 0) {
		k = screenPt
	}
	col := 6.0
	for _, e := range es {
		col = math.Max(col, e.Radius+1)
	}
	col *= k
	op := layerOpacity(sc.Layers[i])
	var rows []legendRow
	for _, e := range es {
		switch e.Role {
		case LegendTitle:
			rows = append(rows, legendRow{text: e.Label, note: true})
		case LegendSize, LegendSwatch:
			r := e.Radius
			rows = append(rows, legendRow{text: e.Label, h: math.Max(legendRowH, 2*(r+1)*k+3), indent: math.Max(18, 2*col+4),
				swatch: func(x, y float64) {
					sub := &recorder{d: p.d, k: k, ox: x - 7 + col, oy: y}
					sub.shapeAt(e.Shape, r, withAlpha(e.Color, op), 0, 0)
				}})
		}
	}
	return rows
}

// SymbolImage returns a point symbol of shape s (a disc for "" or a
// circle) of radius r layout pixels in col, at pixel ratio pr, as the map
// draws it: for swatches in the window.
func SymbolImage(s style.Shape, r, pr float64, col color.NRGBA) *image.RGBA {
	if !(pr > 0) || pr > 8 {
		pr = 1
	}
	r = min(max(r, 1), 40)
	st := shapeStampAt(s, r*pr, pr, col)
	img := image.NewRGBA(image.Rect(0, 0, st.w, st.h))
	copy(img.Pix, st.pix)
	return img
}

// categoryRows returns the page legend rows of lv's categories that the
// view shows, each with its colour and shape and the count the time
// window and filters show: the "other" row (its members' counts summed)
// and its note last.
func (p *pager) categoryRows(sc *Scene, lv LayerView, op float64) []legendRow {
	l := lv.Layer
	cats := l.Categories()
	counts := legendCategoryCounts(sc, lv)
	var rows []legendRow
	for _, e := range CategoryLegend(lv) {
		col := withAlpha(e.Color, op)
		if !e.Other() {
			if lv.Hidden[e.Name] {
				continue
			}
			rows = append(rows, legendRow{text: fmt.Sprintf("%s (%s)", e.Name, group(sc.Lang, counts[e.Index])), swatch: p.swatchFor(l, lv, col, e.Shape)})
			continue
		}
		n, shown := 0, 0
		for _, c := range e.Members {
			if !lv.Hidden[cats[c-1]] {
				n++
				shown += counts[c]
			}
		}
		if n == 0 {
			continue
		}
		rows = append(rows, legendRow{text: fmt.Sprintf("%s (%s)", OtherLabel(p.lang, n), group(sc.Lang, shown)), swatch: p.swatchFor(l, lv, col, e.Shape)})
		for _, line := range wrapWords(OtherNote(p.lang, n), func(s string) float64 { return p.width(FontItalic, 7.5, s) }, 190) {
			rows = append(rows, legendRow{text: line, note: true})
		}
	}
	return rows
}
