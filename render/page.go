package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// PageSize is a sheet of paper in points (1/72 inch).
type PageSize struct {
	Name string  // "a4-landscape", ..., or "1600x1000" for a page in pixels
	W, H float64 // points
	// Pixels is set for a page given in pixels: it is W/0.75 × H/0.75
	// pixels at 96 dpi.
	Pixels bool
}

// maxPagePixels bounds a page given in pixels.
const maxPagePixels = 16384

// pageSheets are the portrait sizes, rounded to whole points (an A4 sheet
// is 595×842 pt).
var pageSheets = []struct {
	name string
	w, h float64
}{{"a4", 595, 842}, {"a3", 842, 1191}, {"letter", 612, 792}}

// PageNames lists the page names ParsePageSize accepts.
func PageNames() []string {
	var out []string
	for _, s := range pageSheets {
		out = append(out, s.name+"-landscape", s.name+"-portrait")
	}
	return out
}

// ParsePageSize reads a page name such as "a4-landscape", "a3-portrait" or
// "letter-landscape" ("a4" alone is portrait), case ignored, or a size in
// pixels such as "1600x1000" (a page that PNG export makes exactly that
// many pixels, at 96 dpi).
func ParsePageSize(name string) (PageSize, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if a, b, ok := strings.Cut(strings.TrimSuffix(n, "px"), "x"); ok {
		w, err1 := strconv.Atoi(a)
		h, err2 := strconv.Atoi(b)
		if err1 == nil && err2 == nil && w >= 200 && h >= 200 && w <= maxPagePixels && h <= maxPagePixels {
			return PageSize{Name: fmt.Sprintf("%dx%d", w, h), W: float64(w) * screenPt, H: float64(h) * screenPt, Pixels: true}, nil
		}
		return PageSize{}, fmt.Errorf("render: page %q: a size in pixels is WIDTHxHEIGHT, each 200 to %d", name, maxPagePixels)
	}
	sheet, orient, _ := strings.Cut(n, "-")
	for _, s := range pageSheets {
		if s.name != sheet {
			continue
		}
		switch orient {
		case "", "portrait":
			return PageSize{Name: s.name + "-portrait", W: s.w, H: s.h}, nil
		case "landscape":
			return PageSize{Name: s.name + "-landscape", W: s.h, H: s.w}, nil
		}
	}
	return PageSize{}, fmt.Errorf("render: page %q: want one of %s, or WIDTHxHEIGHT in pixels", name, strings.Join(PageNames(), ", "))
}

// PageOptions are the contents of a briefing page besides the map.
type PageOptions struct {
	Size     PageSize
	Title    string
	Subtitle string
	Org      string // author or organisation
	Date     string // date of production, printed as given
	Label    string // sensitivity label: Public, Restricted, Confidential...

	NoLegend, NoScaleBar, NoNorth, NoInset bool
	Miles                                  bool // a second scale bar in miles

	// LegendNotes are extra lines printed under the legend entries (such
	// as the suppression rule of a publication-safe page).
	LegendNotes []string

	// ImageDPI is the resolution at which a raster tiled basemap is
	// embedded in the page (vector basemaps stay vectors); 0 means 150.
	ImageDPI float64
}

// PageLayout records where a page's parts went.
type PageLayout struct {
	Map      [4]float64   // the map's box: x0, y0, x1, y1 in points
	Viewport geo.Viewport // the map's viewport; one pixel is PtPerPx points
	PtPerPx  float64

	ScaleBar      ScaleBarSpec // in viewport pixels
	ScaleBarPt    float64      // its length on the page
	Legend        []string     // the legend's rows, top first
	Caption       string       // the time window caption
	Credits       string       // the credit line
	InsetRect     [4]float64   // the inset's box, points (zero when none)
	NorthArrowPos Point        // the tip of the north arrow (zero when none)
}

// screenPt is the size of one viewport pixel on paper: a 96 dpi screen
// pixel, so a page shows strokes, symbols and labels at the size the
// window does.
const screenPt = 0.75

const pageMargin = 28.0

// DrawPage lays out a briefing page: a header (title, subtitle,
// organisation, date, sensitivity label), the map of sc fitted to bound,
// drawn through the same path as the window onto a vector canvas, with
// its furniture (legend, scale bar, north arrow, inset overview map) and a
// footer (time window caption, credits). It returns the recorded Drawing.
// DrawPage is safe for concurrent use with the same Scene.
func DrawPage(sc *Scene, bound orb.Bound, opt PageOptions) *Drawing {
	if opt.Size.W <= 0 || opt.Size.H <= 0 {
		opt.Size, _ = ParsePageSize("a4-landscape")
	}
	if sc != nil && sc.PixelRatio != 0 {
		// A page has its own resolution (see drawVectorFrame).
		c := *sc
		c.PixelRatio = 0
		sc = &c
	}
	W, H := opt.Size.W, opt.Size.H
	d := &Drawing{W: W, H: H}
	fs := facePool.Get().(*faces)
	defer facePool.Put(fs)
	pc := newVectorCanvas(d, int(math.Ceil(W)), int(math.Ceil(H)), 1, 0, 0, fs)
	defer pc.release()
	p := &pager{d: d, c: pc, rec: pc.be.(*recorder), fs: fs}
	if sc != nil {
		p.lang = sc.Lang
	}

	// Paper.
	pc.fillRect(0, 0, W, H, paper)

	// Header.
	m := pageMargin
	top := m
	if opt.Title != "" {
		p.text(FontBold, 18, opt.Title, m, top+15, ink, W-2*m-170)
	}
	if opt.Subtitle != "" {
		p.text(FontRegular, 10.5, opt.Subtitle, m, top+31, color.NRGBA{0x44, 0x44, 0x44, 0xff}, W-2*m-170)
	}
	right := W - m
	if opt.Label != "" {
		lab := strings.ToUpper(opt.Label)
		w := p.width(FontBold, 10, lab)
		col := color.NRGBA{0xB0, 0x1C, 0x1C, 0xff}
		if strings.EqualFold(strings.TrimSpace(opt.Label), "public") {
			col = color.NRGBA{0x1B, 0x6E, 0x3A, 0xff}
		}
		p.strokeRect(right-w-12, top, right, top+17, 1.2, col)
		p.text(FontBold, 10, lab, right-w-6, top+12.5, col, 0)
	}
	meta := strings.TrimSpace(strings.Join(nonEmpty(opt.Org, opt.Date), " · "))
	if meta != "" {
		w := p.width(FontRegular, 8.5, meta)
		p.text(FontRegular, 8.5, meta, right-w, top+31, color.NRGBA{0x44, 0x44, 0x44, 0xff}, 0)
	}

	// Footer: caption, then credits on up to two lines.
	caption := TimeCaption(sc)
	credits := PageCredits(sc)
	creditLines := wrapCredits(credits, func(s string) int { return int(math.Ceil(p.width(FontRegular, 7, s))) }, int(W-2*m), 3)
	footer := 14 + 9*float64(len(creditLines))
	yFoot := H - m - footer + 10
	p.text(FontRegular, 8.5, caption, m, yFoot, ink, W-2*m)
	for i, l := range creditLines {
		p.text(FontRegular, 7, l, m, yFoot+11+9*float64(i), color.NRGBA{0x44, 0x44, 0x44, 0xff}, W-2*m)
	}

	// The map.
	x0, y0, x1, y1 := m, top+42, W-m, H-m-footer-4
	wpx := max(1, int(math.Round((x1-x0)/screenPt)))
	hpx := max(1, int(math.Round((y1-y0)/screenPt)))
	k := (x1 - x0) / float64(wpx)
	vp := geo.Fit(bound, wpx, hpx, 0, geo.MaxZoom)
	p.k = k
	// Where the furniture goes, so that map labels keep clear of it.
	var furniture [][4]float64
	if !opt.NoNorth {
		furniture = append(furniture, [4]float64{x0 + 11, y0 + 8, x0 + 33, y0 + 52})
	}
	if !opt.NoScaleBar {
		bars := 1.0
		if opt.Miles {
			bars = 2
		}
		furniture = append(furniture, [4]float64{x0 + 10, y1 - 10 - 20*bars - 4, x0 + 160, y1 - 10})
	}
	insetBox := [4]float64{x1 - 10 - 130, y1 - 10 - 95, x1 - 10, y1 - 10}
	if !opt.NoInset && sc != nil && sc.Basemap != nil {
		furniture = append(furniture, [4]float64{insetBox[0] - 2, insetBox[1] - 2, insetBox[2] + 2, insetBox[3] + 2})
	}
	var lb legendBox
	hasLegend := false
	if !opt.NoLegend && sc != nil {
		lb, hasLegend = p.layoutLegend(sc, vp, (y1-y0)/2-8, opt.LegendNotes)
		if hasLegend {
			furniture = append(furniture, [4]float64{x1 - 8 - lb.w, y0 + 8, x1 - 8, y0 + 8 + lb.h})
		}
	}
	if sc != nil {
		msc := *sc
		msc.ScaleBar, msc.Credits, msc.LegendBox = false, false, false
		var obst []image.Rectangle
		for _, r := range furniture {
			obst = append(obst, image.Rect(int(math.Floor((r[0]-x0)/k)), int(math.Floor((r[1]-y0)/k)),
				int(math.Ceil((r[2]-x0)/k)), int(math.Ceil((r[3]-y0)/k))))
		}
		p.clip(x0, y0, x1, y1)
		dpi := opt.ImageDPI
		if !(dpi > 0) {
			dpi = 150
		}
		drawVectorFrame(d, &msc, vp, k, x0, y0, k*min(dpi, 1200)/72, obst...)
		p.unclip()
	} else {
		pc.fillRect(x0, y0, x1, y1, SeaColor)
	}
	p.strokeRect(x0, y0, x1, y1, 0.8, ink)
	d.Layout.Map = [4]float64{x0, y0, x1, y1}
	d.Layout.Viewport, d.Layout.PtPerPx = vp, k
	d.Layout.Caption, d.Layout.Credits = caption, credits

	if !opt.NoNorth {
		p.northArrow(x0+22, y0+12)
	}
	if !opt.NoScaleBar {
		p.scaleBars(vp, k, x0+10, y1-10, opt.Miles)
	}
	if !opt.NoInset && sc != nil && sc.Basemap != nil {
		p.inset(sc, vp, insetBox[0], insetBox[1], insetBox[2], insetBox[3])
	}
	if hasLegend {
		p.drawLegend(lb, x1-8, y0+8)
	}
	return d
}

// drawVectorFrame draws sc for vp through the shared scene path onto a
// vector canvas recording into d, viewport pixel (x, y) landing on page
// point (ox + k·x, oy + k·y).
// Labels keep clear of the obstacles (viewport pixels).
//
// A page's viewport pixel is a 96 dpi pixel (screenPt) whatever screen the
// scene was made for: its resolution is Rasterize's, so the scene's
// PixelRatio is ignored here.
// Raster tiles are embedded at imgScale image pixels per viewport pixel.
func drawVectorFrame(d *Drawing, sc *Scene, vp geo.Viewport, k, ox, oy, imgScale float64, obst ...image.Rectangle) {
	vp = sanitize(vp)
	if sc != nil && sc.PixelRatio != 0 {
		c := *sc
		c.PixelRatio = 0
		sc = &c
	}
	f := &frame{sc: sc, vp: vp, t: newXform(vp), faces: facePool.Get().(*faces)}
	f.c = newVectorCanvas(d, vp.W, vp.H, k, ox, oy, f.faces)
	f.setup()
	f.imgScale = imgScale
	f.obst = append(f.obst, obst...)
	defer f.release()
	f.drawScene()
}

// pager draws the page's own parts (in points, k = 1).
type pager struct {
	lang string // the scene's language
	d    *Drawing
	c    *canvas
	rec  *recorder // c's back end
	fs   *faces
	k    float64 // page points per map pixel, once the map is laid out
}

func (p *pager) text(style FontStyle, size float64, s string, x, y float64, col color.NRGBA, maxW float64) {
	face := p.fs.get(fontStyle(style), size)
	if face == nil || s == "" {
		return
	}
	if maxW > 0 {
		s = truncate(face, s, int(maxW))
	}
	p.rec.textAt(face, s, x, y, 0, col, color.NRGBA{}, 0)
}

func (p *pager) haloText(style FontStyle, size float64, s string, x, y float64, col color.NRGBA) {
	face := p.fs.get(fontStyle(style), size)
	if face == nil || s == "" {
		return
	}
	p.rec.textAt(face, s, x, y, 0, col, haloInk, 1.5)
}

func (p *pager) width(style FontStyle, size float64, s string) float64 {
	face := p.fs.get(fontStyle(style), size)
	if face == nil {
		return 0
	}
	adv := 0.0
	if f := Font(style); f != nil {
		if o, ok := layoutOutline(f, size, s); ok {
			adv = o.width
		}
	}
	return adv
}

func (p *pager) strokeRect(x0, y0, x1, y1, w float64, col color.NRGBA) {
	p.rec.runs = append(p.rec.runs, strokeRun{pts: []Point{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, s: stroke{width: w}})
	p.c.fill(col)
}

func (p *pager) clip(x0, y0, x1, y1 float64) {
	p.d.Ops = append(p.d.Ops, Op{Kind: OpClip, Rect: [4]float64{x0, y0, x1, y1}})
}

func (p *pager) unclip() { p.d.Ops = append(p.d.Ops, Op{Kind: OpUnclip}) }

func (p *pager) poly(col color.NRGBA, pts ...Point) {
	p.d.Ops = append(p.d.Ops, Op{Kind: OpFill, Color: col, Paths: [][]Point{pts}})
}

// northArrow draws an arrow pointing up (Web Mercator keeps north up)
// with an N above it; (x, y) is the top of the N.
func (p *pager) northArrow(x, y float64) {
	p.c.fillRect(x-11, y-4, x+11, y+40, panelInk)
	p.haloText(FontBold, 10, "N", x-p.width(FontBold, 10, "N")/2, y+8, ink)
	tip := Point{x, y + 11}
	p.poly(ink, tip, Point{x + 7, y + 36}, Point{x, y + 30})
	p.poly(paper, tip, Point{x, y + 30}, Point{x - 7, y + 36})
	p.d.Ops = append(p.d.Ops, Op{Kind: OpStroke, Color: ink, Paths: [][]Point{{tip, {x + 7, y + 36}, {x, y + 30}, {x - 7, y + 36}, tip}}, Stroke: StrokeStyle{Width: 0.7}})
	p.d.Layout.NorthArrowPos = tip
}

// mileMeters is an international mile.
const mileMeters = 1609.344

// scaleBars draws the metric scale bar (and a miles one) with its lower
// left corner at (x, y), measured geodesically at the map's centre.
func (p *pager) scaleBars(vp geo.Viewport, k, x, y float64, miles bool) {
	maxPt := 130.0
	sb := ScaleBar(vp, maxPt/k)
	if sb.Pixels <= 0 {
		return
	}
	type bar struct {
		length float64
		label  string
	}
	bars := []bar{{sb.Pixels * k, sb.Label}}
	if miles {
		mpp := geo.GroundScale(sanitize(vp), sanitize(vp).Center[1])
		mi := geo.NiceLength(mpp * maxPt / k / mileMeters)
		if mi > 0 {
			lbl := trimFloat(mi) + " mi"
			bars = append(bars, bar{mi * mileMeters / mpp * k, lbl})
		}
	}
	h := 20.0 * float64(len(bars))
	wmax := 0.0
	for _, b := range bars {
		wmax = math.Max(wmax, b.length+p.width(FontRegular, 8, b.label)+12)
	}
	p.c.fillRect(x, y-h-4, x+wmax+8, y, panelInk)
	for i, b := range bars {
		by := y - 6 - 20*float64(len(bars)-1-i)
		bx := x + 6
		p.c.fillRect(bx, by-4, bx+b.length, by, ink)
		p.c.fillRect(bx+b.length/2, by-3.2, bx+b.length-0.8, by-0.8, paper)
		for _, t := range []float64{0, b.length / 2, b.length} {
			p.c.fillRect(bx+t-0.4, by-7, bx+t+0.4, by-4, ink)
		}
		p.text(FontRegular, 8, "0", bx-2, by-8.5, ink, 0)
		p.text(FontRegular, 8, b.label, bx+b.length-p.width(FontRegular, 8, b.label)/2, by-8.5, ink, 0)
	}
	p.d.Layout.ScaleBar, p.d.Layout.ScaleBarPt = sb, sb.Pixels*k
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

// inset draws an overview map of the basemap alone, zoomed out around the
// main map, with the main map's extent outlined.
func (p *pager) inset(sc *Scene, vp geo.Viewport, x0, y0, x1, y1 float64) {
	wpx := int(math.Round((x1 - x0) / screenPt))
	hpx := int(math.Round((y1 - y0) / screenPt))
	main := sanitize(vp)
	b := main.Bound()
	ivp := geo.New(main.Center, math.Max(0, main.Zoom-4.5), wpx, hpx)
	k := (x1 - x0) / float64(wpx)
	isc := &Scene{Basemap: sc.Basemap, Window: data.Undated, Zone: sc.Zone}
	p.c.fillRect(x0-2, y0-2, x1+2, y1+2, paper)
	p.clip(x0, y0, x1, y1)
	drawVectorFrame(p.d, isc, ivp, k, x0, y0, 0)
	// The main map's extent.
	t := ivp.Transform()
	ax, ay := t.Project(orb.Point{b.Min[0], b.Max[1]})
	bx, by := t.Project(orb.Point{b.Max[0], b.Min[1]})
	r := [4]float64{x0 + ax*k, y0 + ay*k, x0 + bx*k, y0 + by*k}
	red := color.NRGBA{0xC0, 0x10, 0x10, 0xff}
	if r[2]-r[0] < 4 {
		cx, cy := (r[0]+r[2])/2, (r[1]+r[3])/2
		r = [4]float64{cx - 3, cy - 3, cx + 3, cy + 3}
	}
	p.strokeRect(r[0], r[1], r[2], r[3], 1.2, red)
	p.unclip()
	p.strokeRect(x0, y0, x1, y1, 0.6, ink)
	p.d.Layout.InsetRect = [4]float64{x0, y0, x1, y1}
}

// legendRow is one row of the legend.
type legendRow struct {
	text   string
	header bool
	note   bool
	swatch func(x, y float64) // draws the swatch centred at (x, y)
	h      float64            // row height in points; 0 means legendRowH
	indent float64            // text indent of a swatch row; 0 means 18
}

// height returns the row's height in points.
func (r legendRow) height() float64 {
	if r.h > 0 {
		return r.h
	}
	return legendRowH
}

// textIndent returns where the row's text starts, from the panel's inner
// left edge.
func (r legendRow) textIndent() float64 {
	switch {
	case r.header, r.note:
		return 0
	case r.indent > 0:
		return r.indent
	}
	return 18
}

// legendBox is a laid out legend: its rows and the panel's size.
type legendBox struct {
	rows []legendRow
	w, h float64
}

const legendRowH = 12.0

// layoutLegend lays the legend out in at most maxH points of height.
func (p *pager) layoutLegend(sc *Scene, vp geo.Viewport, maxH float64, notes []string) (legendBox, bool) {
	rows := p.legendRows(sc, vp)
	for _, n := range notes {
		for _, line := range wrapWords(n, func(s string) float64 { return p.width(FontItalic, 7.5, s) }, 190) {
			rows = append(rows, legendRow{text: line, note: true})
		}
	}
	if len(rows) == 0 {
		return legendBox{}, false
	}
	if maxH-18 < legendRowH {
		return legendBox{}, false
	}
	// Keep the rows that fit, leaving room for a "… n more" row.
	total, fit := 0.0, 0
	for fit < len(rows) && total+rows[fit].height() <= maxH-18 {
		total += rows[fit].height()
		fit++
	}
	if fit < len(rows) {
		for fit > 0 && total+legendRowH > maxH-18 {
			fit--
			total -= rows[fit].height()
		}
		rows = append(rows[:fit], legendRow{text: fmt.Sprintf(word(p.lang, "… %d more"), len(rows)-fit), note: true})
		total += legendRowH
	}
	w := p.width(FontBold, 9, word(p.lang, "Legend"))
	for _, r := range rows {
		style, size := FontRegular, 7.5
		if r.header {
			style, size = FontBold, 8
		}
		if r.note {
			style = FontItalic
		}
		w = math.Max(w, r.textIndent()+p.width(style, size, r.text))
	}
	w = math.Min(w+2, 260)
	return legendBox{rows: rows, w: w + 12, h: 18 + total + 2}, true
}

// drawLegend draws a laid out legend with its top right corner at (x, y).
func (p *pager) drawLegend(lb legendBox, x, y float64) {
	rows, w, h := lb.rows, lb.w-12, lb.h
	x0 := x - w - 12
	p.c.fillRect(x0, y, x, y+h, color.NRGBA{0xff, 0xff, 0xff, 0xe8})
	p.strokeRect(x0, y, x, y+h, 0.5, color.NRGBA{0x88, 0x88, 0x88, 0xff})
	p.text(FontBold, 9, word(p.lang, "Legend"), x0+6, y+12, ink, 0)
	yy := y + 18
	for _, r := range rows {
		style, size, indent := FontRegular, 7.5, r.textIndent()
		switch {
		case r.header:
			style, size = FontBold, 8
		case r.note:
			style = FontItalic
		}
		rowH := r.height()
		if r.swatch != nil {
			r.swatch(x0+6+7, yy+rowH/2)
		}
		p.text(style, size, r.text, x0+6+indent, yy+rowH/2+2.8, ink, w-indent)
		p.d.Layout.Legend = append(p.d.Layout.Legend, r.text)
		yy += rowH
	}
}

// legendRows builds the legend from the visible layers, top layer first:
// one row per layer with its symbol as drawn and the count of features
// the time window shows, and one row per category for layers coloured by
// category.
func (p *pager) legendRows(sc *Scene, vp geo.Viewport) []legendRow {
	var rows []legendRow
	for i := len(sc.Layers) - 1; i >= 0; i-- {
		lv := sc.Layers[i]
		l := lv.Layer
		if !lv.Visible || l == nil || l.Len() == 0 {
			continue
		}
		shown, _, _ := sc.Counts(i)
		name := l.Name
		if name == "" {
			name = fmt.Sprintf(word(p.lang, "Layer %d"), i+1)
		}
		op := layerOpacity(lv)
		if agg := aggregatedRows(sc, vp, i); len(agg) > 0 {
			for _, e := range agg {
				switch e.Role {
				case LegendTitle:
					rows = append(rows, legendRow{text: e.Label, header: true})
				case LegendSwatch:
					col := e.Color
					rows = append(rows, legendRow{text: e.Label, swatch: func(x, y float64) { p.c.fillRect(x-5, y-4, x+5, y+4, col) }})
				case LegendNote:
					rows = append(rows, legendRow{text: e.Label, note: true})
				}
			}
			rows = append(rows, p.whereRows(lv)...)
			continue
		}
		cats := l.Categories()
		if usesCategories(l.Kind) && len(cats) > 0 {
			rows = append(rows, legendRow{text: fmt.Sprintf("%s (%s)", name, group(sc.Lang, shown)), header: true})
			rows = append(rows, p.categoryRows(sc, lv, op)...)
			rows = append(rows, p.sizeRows(sc, vp, i)...)
			rows = append(rows, p.graduatedPageRows(sc, i)...)
			rows = append(rows, p.whereRows(lv)...)
			continue
		}
		col := withAlpha(lv.Color(l.Kind), op)
		if types := routeTypesOf(sc, lv); l.Kind == data.KindRoute && len(types) > 1 {
			// One row per type of route, drawn as the map draws it.
			rows = append(rows, legendRow{text: fmt.Sprintf("%s (%s)", name, group(sc.Lang, shown)), header: true})
			for _, rt := range types {
				styles := routeStyle(rt.t, lv.Color(data.KindRoute))
				rows = append(rows, legendRow{text: fmt.Sprintf("%s (%s)", word(p.lang, routeTypeName(rt.t)), group(p.lang, rt.n)), swatch: p.lineSwatch(styles, op)})
			}
			rows = append(rows, p.whereRows(lv)...)
			continue
		}
		if grad := p.graduatedPageRows(sc, i); len(grad) > 0 {
			// the classes' symbols stand for the layer
			rows = append(rows, legendRow{text: fmt.Sprintf("%s (%s)", name, group(sc.Lang, shown)), header: true})
			rows = append(rows, grad...)
			rows = append(rows, p.whereRows(lv)...)
			continue
		}
		rows = append(rows, legendRow{text: fmt.Sprintf("%s (%s)", name, group(sc.Lang, shown)), swatch: p.swatchFor(l, lv, col, "")})
		rows = append(rows, p.sizeRows(sc, vp, i)...)
		rows = append(rows, p.whereRows(lv)...)
	}
	return rows
}

// whereRows returns the page legend's note of layer view lv's conditions
// on values (WhereNote), or nothing when it has none.
func (p *pager) whereRows(lv LayerView) []legendRow {
	if t := WhereNote(p.lang, lv.Style); t != "" {
		return []legendRow{{text: t, note: true}}
	}
	return nil
}

// sizeRows returns the page legend rows of layer i's dot sizes when the
// map sizes its dots by count: each count's dot as the map draws it (at
// the map's scale p.k), beside "n" or "at least n".
func (p *pager) sizeRows(sc *Scene, vp geo.Viewport, i int) []legendRow {
	var es []LegendEntry
	for _, e := range sc.Legend(vp) {
		if e.Layer == i && e.Role == LegendSize && !e.Graduated {
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		return nil
	}
	k := p.k
	if !(k > 0) {
		k = screenPt
	}
	col := es[0].Radius
	for _, e := range es {
		col = math.Max(col, e.Radius+1)
	}
	col *= k // half the dot column, points
	var rows []legendRow
	for _, e := range es {
		r, c := e.Radius, e.Color
		rows = append(rows, legendRow{text: e.Label, h: math.Max(legendRowH, 2*(r+1)*k+3), indent: math.Max(18, 2*col+4),
			swatch: func(x, y float64) {
				cx := x - 7 + col
				sub := &recorder{d: p.d, k: k, ox: cx, oy: y}
				sub.symbolAt("", false, 0, r, c, 0, 0)
			}})
	}
	return rows
}

type routeCount struct {
	t RouteType
	n int
}

// routeTypesOf returns the route types of a layer's lines the time window
// and filters show, in RouteType order, with their counts.
func routeTypesOf(sc *Scene, lv LayerView) []routeCount {
	l := lv.Layer
	vis := timeFilter(sc, l)
	keep := lv.Keeper()
	var n [RoutePath + 1]int
	for i := 0; i < l.Len(); i++ {
		if vis != nil && !vis(i) || !keep(i) || l.IsPoint(i) {
			continue
		}
		if t := routeTypeOf(l, i); int(t) < len(n) {
			n[t]++
		}
	}
	var out []routeCount
	for t, c := range n {
		if c > 0 {
			out = append(out, routeCount{RouteType(t), c})
		}
	}
	return out
}

// routeTypeName names a route type in the legend.
func routeTypeName(t RouteType) string {
	switch t {
	case RouteMotorway:
		return "Motorway"
	case RouteRoad:
		return "Road"
	case RouteRail:
		return "Railway"
	case RouteFerry:
		return "Ferry"
	case RouteTunnel:
		return "Tunnel"
	case RoutePath:
		return "Path"
	}
	return "Other route"
}

// lineSwatch draws a short line with a route's passes (casing first), at
// the page's scale.
func (p *pager) lineSwatch(styles []lineStyle, op float64) func(x, y float64) {
	return func(x, y float64) {
		for pass := 0; pass < 2; pass++ {
			for _, ls := range styles {
				if ls.under != (pass == 0) {
					continue
				}
				st := StrokeStyle{Width: ls.st.width * screenPt, Round: ls.st.round}
				for _, d := range ls.st.dash {
					st.Dash = append(st.Dash, d*screenPt)
				}
				p.d.Ops = append(p.d.Ops, Op{Kind: OpStroke, Color: withAlpha(ls.col, op), Paths: [][]Point{{{x - 5, y}, {x + 5, y}}}, Stroke: st})
			}
		}
	}
}

// aggregatedRows returns the legend rows of layer i when the map draws it
// as density squares.
func aggregatedRows(sc *Scene, vp geo.Viewport, i int) []LegendEntry {
	var out []LegendEntry
	for _, e := range sc.Legend(vp) {
		if e.Layer == i && e.Aggregated {
			out = append(out, e)
		}
	}
	return out
}

// swatchFor returns the swatch of a layer: its kind's symbol, a line, an
// area or a dot of shape (a disc when ""), in col.
func (p *pager) swatchFor(l *data.Layer, lv LayerView, col color.NRGBA, shape style.Shape) func(x, y float64) {
	k := l.Kind
	areas, lines := false, false
	for g := range l.GeometryTypes() {
		areas = areas || strings.Contains(g, "Polygon")
		lines = lines || strings.Contains(g, "LineString")
	}
	switch {
	case hasSymbol(k):
		return func(x, y float64) { p.rec.symbolAt(k.String(), true, 11, 0, col, x, y) }
	case lines || k == data.KindRoute:
		return func(x, y float64) {
			p.d.Ops = append(p.d.Ops, Op{Kind: OpStroke, Color: col, Paths: [][]Point{{{x - 6, y}, {x + 6, y}}}, Stroke: StrokeStyle{Width: 2, Round: true}})
		}
	case areas:
		return func(x, y float64) {
			p.c.fillRect(x-6, y-4, x+6, y+4, withAlpha(col, 0.3))
			p.strokeRect(x-6, y-4, x+6, y+4, 1.2, col)
		}
	}
	return p.pageSwatch(shape, 3.2, col)
}

// categoryOrder returns the indices of cats in legend order: as they are
// (alphabetical), or by their leading number when every one starts with
// one ("5–9", "10–24", ...).
func categoryOrder(cats []string) []int {
	idx := make([]int, len(cats))
	nums := make([]float64, len(cats))
	numeric := true
	for i, c := range cats {
		idx[i] = i
		j := 0
		for j < len(c) && c[j] >= '0' && c[j] <= '9' {
			j++
		}
		v, err := strconv.ParseFloat(c[:j], 64)
		if err != nil {
			numeric = false
		}
		nums[i] = v
	}
	if numeric {
		sort.SliceStable(idx, func(a, b int) bool { return nums[idx[a]] < nums[idx[b]] })
	}
	return idx
}

// legendCategoryCounts returns how many features of each category (by
// CategoryIndex) the time window and the view's filters show.
func legendCategoryCounts(sc *Scene, lv LayerView) []int {
	var keep func(int) bool
	if lv.filters() {
		keep = lv.Keeper()
	}
	return lv.Layer.CountCategories(sc.Window, sc.Inside, keep)
}

// TimeCaption describes the scene's time window in its zone: "Time window:
// 2015-07-01 00:00 – 2015-08-31 23:59 (Europe/Paris, UTC+02:00)" or "Time
// window: all dates".
func TimeCaption(sc *Scene) string {
	if sc == nil || !sc.Window.Dated() {
		lang := ""
		if sc != nil {
			lang = sc.Lang
		}
		return word(lang, "Time window: all dates")
	}
	loc := sc.Zone
	if loc == nil {
		loc = time.UTC
	}
	side := func(ms int64, open bool) string {
		if open {
			return "…"
		}
		return dateTime(sc.Lang, time.UnixMilli(ms).In(loc))
	}
	w := sc.Window
	from := side(w.Start, w.Start <= math.MinInt64+1)
	to := side(w.End, w.End == math.MaxInt64)
	ref := w.Start
	if w.Start <= math.MinInt64+1 {
		ref = w.End
	}
	if ref == math.MaxInt64 {
		ref = 0
	}
	off := time.UnixMilli(ref).In(loc).Format("-07:00")
	mode := ""
	if sc.Inside {
		mode = word(sc.Lang, ", features wholly inside")
	}
	return fmt.Sprintf(word(sc.Lang, "Time window: %s – %s (%s, UTC%s%s)"), from, to, loc.String(), off, mode)
}

// PageCredits returns the page's credit line: the basemap's sources
// (GSHHG, Wessel & Smith; Natural Earth), the tiled basemap's attribution,
// every visible layer's source,
// "IOM Missing Migrants Project" when such a layer is shown and
// "© OpenStreetMap contributors" when OpenStreetMap-derived data is.
func PageCredits(sc *Scene) string {
	if sc == nil {
		return ""
	}
	var parts []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !seen[strings.ToLower(s)] {
			seen[strings.ToLower(s)] = true
			parts = append(parts, s)
		}
	}
	if sc.Basemap != nil {
		for _, c := range sc.Basemap.Credits {
			add(c)
		}
	}
	for _, c := range sc.Tiles.Credits() {
		add(c)
	}
	osm, iom := false, false
	for _, lv := range sc.Layers {
		if !lv.Visible || lv.Layer == nil {
			continue
		}
		s := lv.Layer.Source
		low := strings.ToLower(s + " " + lv.Layer.Name + " " + lv.Layer.Path)
		osm = osm || strings.Contains(low, "openstreetmap") || strings.Contains(low, "osm")
		iom = iom || strings.Contains(low, "missing migrants") || strings.Contains(low, "iom")
		for _, part := range strings.Split(s, ";") {
			add(part)
		}
	}
	if iom {
		add("IOM Missing Migrants Project")
	}
	if osm {
		add("© OpenStreetMap contributors")
	}
	if len(parts) == 0 {
		return ""
	}
	return word(sc.Lang, "Sources: ") + strings.Join(parts, "; ")
}

// wrapWords breaks s at spaces into lines no wider than maxW.
func wrapWords(s string, width func(string) float64, maxW float64) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && width(cur+" "+w) > maxW {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}
