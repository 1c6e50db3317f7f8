package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
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

	// Placement is where the legend goes (PlaceAuto when empty): the
	// other pieces of furniture take the corners left where they cover
	// the least data, or share the margin.
	Placement Placement

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
	LegendRect    [4]float64   // the legend's box, points (zero when none)
	// Furniture holds the boxes of every piece of furniture drawn (north
	// arrow, scale bar, inset, legend), points.
	Furniture [][4]float64
	// Placement is where the legend went: a corner or the margin ("" when
	// there is no legend).
	Placement Placement
	// Covered is how many cells of data (of 4×4 map pixels) the furniture
	// covers in the corners it took: 0 unless the user put the legend in
	// a corner holding data.
	Covered int
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

	// The map, and its furniture in the corners where it covers no data
	// (see placeFurniture).
	x0, y0, x1, y1 := m, top+42, W-m, H-m-footer-4
	fit := func(x1 float64) (geo.Viewport, float64) {
		wpx := max(1, int(math.Round((x1-x0)/screenPt)))
		hpx := max(1, int(math.Round((y1-y0)/screenPt)))
		return geo.Fit(bound, wpx, hpx, 0, geo.MaxZoom), (x1 - x0) / float64(wpx)
	}
	vp, k := fit(x1)
	p.k = k
	pl := p.placeFurniture(sc, opt, vp, k, x0, y0, x1, y1)
	if pl.margin {
		x1 = pl.mapX1
		vp, k = fit(x1)
		p.k = k
		pl = p.marginFurniture(sc, opt, vp, y0, x1, y1)
	}
	if sc != nil {
		msc := *sc
		msc.ScaleBar, msc.Credits, msc.LegendBox = false, false, false
		var obst []image.Rectangle
		for _, it := range pl.items {
			if it.overMap {
				r := it.rect
				obst = append(obst, image.Rect(int(math.Floor((r[0]-x0)/k)), int(math.Floor((r[1]-y0)/k)),
					int(math.Ceil((r[2]-x0)/k)), int(math.Ceil((r[3]-y0)/k))))
			}
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
	d.Layout.Placement = pl.legendAt
	d.Layout.Covered = pl.covered

	for _, it := range pl.items {
		r := it.rect
		d.Layout.Furniture = append(d.Layout.Furniture, r)
		switch it.kind {
		case itemNorth:
			p.northArrow(r[0]+11, r[1]+4)
		case itemScale:
			x := r[0]
			if it.right {
				x = max(r[0], r[2]-p.scaleBarWidth(vp, k, opt.Miles))
			}
			p.scaleBars(vp, k, x, r[3], opt.Miles)
		case itemInset:
			p.inset(sc, vp, r[0]+2, r[1]+2, r[2]-2, r[3]-2)
		case itemLegend:
			p.drawLegend(pl.legend, r[2], r[1])
			d.Layout.LegendRect = r
		}
	}
	return d
}

// Placement is where a page's legend goes: in a corner of the map, in a
// margin beside it, or (PlaceAuto) in the corner where it covers no data,
// or the margin when every corner would.
type Placement string

// The legend's places.
const (
	PlaceAuto        Placement = "auto"
	PlaceTopLeft     Placement = "top-left"
	PlaceTopRight    Placement = "top-right"
	PlaceBottomLeft  Placement = "bottom-left"
	PlaceBottomRight Placement = "bottom-right"
	PlaceMargin      Placement = "margin"
)

// Placements lists the legend's places, automatic first.
func Placements() []Placement {
	return []Placement{PlaceAuto, PlaceTopLeft, PlaceTopRight, PlaceBottomLeft, PlaceBottomRight, PlaceMargin}
}

// ParsePlacement reads a legend place ("" is PlaceAuto), case ignored.
func ParsePlacement(s string) (Placement, error) {
	t := Placement(strings.ToLower(strings.TrimSpace(s)))
	if t == "" {
		return PlaceAuto, nil
	}
	for _, p := range Placements() {
		if p == t {
			return p, nil
		}
	}
	var names []string
	for _, p := range Placements() {
		names = append(names, string(p))
	}
	return "", fmt.Errorf("render: legend placement %q: want one of %s", s, strings.Join(names, ", "))
}

// corners, in the order of the item's default corners.
var cornerPlaces = [4]Placement{PlaceTopLeft, PlaceTopRight, PlaceBottomLeft, PlaceBottomRight}

// furniture item kinds, in drawing order.
const (
	itemNorth = iota
	itemScale
	itemInset
	itemLegend
)

// furnItem is one piece of a page's furniture and where it went.
type furnItem struct {
	kind       int
	w, h       float64 // points
	padX, padY float64 // from the map's edges, in a corner
	def        int     // default corner (index in cornerPlaces)
	rect       [4]float64
	overMap    bool // in a corner of the map (labels keep clear of it)
	right      bool // on the right (the scale bar aligns right)
}

// rectAt returns the item's box in corner c of the map box, off points
// further in from the corner's horizontal edge (below the pieces stacked
// before it there).
func (it furnItem) rectAt(c int, x0, y0, x1, y1, off float64) [4]float64 {
	rx, ry := x0+it.padX, y0+it.padY+off
	if c == 1 || c == 3 {
		rx = x1 - it.padX - it.w
	}
	if c >= 2 {
		ry = y1 - it.padY - it.h - off
	}
	return [4]float64{rx, ry, rx + it.w, ry + it.h}
}

// overlaps reports whether two boxes share more than an edge.
func overlaps(a, b [4]float64) bool {
	return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

// pagePlacement is where a page's furniture goes.
type pagePlacement struct {
	items    []furnItem
	legend   legendBox
	legendAt Placement // where the legend went ("" without a legend)
	covered  int       // occupancy cells of data under the furniture
	margin   bool      // the furniture goes in a margin: the map ends at mapX1
	mapX1    float64
}

// furnitureItems returns the page's furniture pieces (the legend laid out
// in maxLegendH points at most), without their places.
func (p *pager) furnitureItems(sc *Scene, opt PageOptions, vp geo.Viewport, maxLegendH float64) ([]furnItem, legendBox) {
	var items []furnItem
	if !opt.NoNorth {
		items = append(items, furnItem{kind: itemNorth, w: 22, h: 44, padX: 11, padY: 8, def: 0})
	}
	if !opt.NoScaleBar {
		bars := 1.0
		if opt.Miles {
			bars = 2
		}
		items = append(items, furnItem{kind: itemScale, w: 150, h: 20*bars + 4, padX: 10, padY: 10, def: 2})
	}
	if !opt.NoInset && sc != nil && sc.Basemap != nil {
		items = append(items, furnItem{kind: itemInset, w: 134, h: 99, padX: 8, padY: 8, def: 3})
	}
	var lb legendBox
	if !opt.NoLegend && sc != nil {
		var ok bool
		if lb, ok = p.layoutLegend(sc, vp, maxLegendH, opt.LegendNotes); ok {
			items = append(items, furnItem{kind: itemLegend, w: lb.w, h: lb.h, padX: 8, padY: 8, def: 1})
		}
	}
	return items, lb
}

// placeFurniture puts the furniture in the corners of the map box (x0, y0,
// x1, y1; vp and k its viewport and points per pixel), pieces sharing a
// corner stacked, the legend where opt.Placement says, the others (and the
// legend when automatic) in the assignment covering the fewest cells of
// data (the map's features as drawn, measured on a coarse grid from the
// prepared geometry, see dataOccupancy), keeping the usual corners among
// equals. An automatic legend goes to the margin, with the rest, when
// every assignment would cover data; so does any legend placed in the
// margin.
func (p *pager) placeFurniture(sc *Scene, opt PageOptions, vp geo.Viewport, k, x0, y0, x1, y1 float64) pagePlacement {
	items, lb := p.furnitureItems(sc, opt, vp, (y1-y0)/2-8)
	pl := pagePlacement{items: items, legend: lb}
	want, _ := ParsePlacement(string(opt.Placement))
	if len(items) == 0 {
		return pl
	}
	if want == PlaceMargin {
		return p.toMargin(pl, x1)
	}
	fixed := -1
	for c, cp := range cornerPlaces {
		if cp == want {
			fixed = c
		}
	}
	var occ *occupancy
	if sc != nil && len(items) > 0 {
		occ = dataOccupancy(sc, vp)
	}
	// every assignment of pieces to corners (at most 4⁴), pieces sharing a
	// corner stacked inwards from it in drawing order, none overlapping
	best, bestCost, bestMoved, found := make([]int, len(items)), 0, 0, false
	cur := make([]int, len(items))
	rects := make([][4]float64, len(items))
	var try func(i int)
	try = func(i int) {
		if i < len(items) {
			for c := range cornerPlaces {
				if items[i].kind == itemLegend && fixed >= 0 && c != fixed {
					continue
				}
				cur[i] = c
				try(i + 1)
			}
			return
		}
		var off [4]float64
		total, moved := 0, 0
		for j, it := range items {
			c := cur[j]
			rects[j] = it.rectAt(c, x0, y0, x1, y1, off[c])
			off[c] += it.h + 6
			if r := rects[j]; r[1] < y0 || r[3] > y1 {
				return
			}
			for q := 0; q < j; q++ {
				if overlaps(rects[q], rects[j]) {
					return
				}
			}
			if c != it.def {
				moved++
			}
		}
		for j := range items {
			r := rects[j]
			if occ != nil {
				total += occ.covered((r[0]-x0)/k, (r[1]-y0)/k, (r[2]-x0)/k, (r[3]-y0)/k)
			}
		}
		if !found || total < bestCost || total == bestCost && moved < bestMoved {
			copy(best, cur)
			bestCost, bestMoved, found = total, moved, true
		}
	}
	try(0)
	if !found || bestCost > 0 && fixed < 0 && lb.rows != nil {
		return p.toMargin(pl, x1)
	}
	pl.covered = bestCost
	var off [4]float64
	for i := range pl.items {
		it := &pl.items[i]
		c := best[i]
		it.rect, it.overMap, it.right = it.rectAt(c, x0, y0, x1, y1, off[c]), true, c == 1 || c == 3
		off[c] += it.h + 6
		if it.kind == itemLegend {
			pl.legendAt = cornerPlaces[best[i]]
		}
	}
	return pl
}

// marginGap is the space between the map and its margin.
const marginGap = 10.0

// toMargin says that the furniture goes in a margin on the right of a map
// ending at x1: the map is narrowed by the widest piece and the gap.
func (p *pager) toMargin(pl pagePlacement, x1 float64) pagePlacement {
	w := 0.0
	for _, it := range pl.items {
		w = math.Max(w, it.w)
	}
	return pagePlacement{margin: true, mapX1: x1 - w - marginGap}
}

// marginFurniture stacks the furniture in the margin right of mx1 (the
// map's right edge), between y0 and y1: the legend at the top, then the
// north arrow, the scale bar and the overview map at the bottom.
func (p *pager) marginFurniture(sc *Scene, opt PageOptions, vp geo.Viewport, y0, mx1, y1 float64) pagePlacement {
	items, _ := p.furnitureItems(sc, opt, vp, 0)
	cx := mx1 + marginGap
	below := 0.0
	for _, it := range items {
		if it.kind != itemLegend {
			below += it.h + 8
		}
	}
	pl := pagePlacement{margin: true, mapX1: mx1}
	var legend *furnItem
	if !opt.NoLegend && sc != nil {
		if lb, ok := p.layoutLegend(sc, vp, y1-y0-below, opt.LegendNotes); ok {
			pl.legend = lb
			legend = &furnItem{kind: itemLegend, w: lb.w, h: lb.h}
		}
	}
	y := y1
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		if it.kind == itemLegend {
			continue
		}
		it.rect = [4]float64{cx, y - it.h, cx + it.w, y}
		y -= it.h + 8
		pl.items = append(pl.items, it)
	}
	if legend != nil {
		legend.rect = [4]float64{cx, y0, cx + legend.w, y0 + legend.h}
		pl.items = append(pl.items, *legend)
		pl.legendAt = PlaceMargin
	}
	slices.SortStableFunc(pl.items, func(a, b furnItem) int { return a.kind - b.kind })
	return pl
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

// scaleBar is one bar of a page's scale: its length in points and label.
type scaleBar struct {
	length float64
	label  string
}

// scaleBarSet returns the page's scale bars (metric, then miles) for vp at
// k points per pixel, and the width of their panel.
func (p *pager) scaleBarSet(vp geo.Viewport, k float64, miles bool) ([]scaleBar, ScaleBarSpec, float64) {
	maxPt := 130.0
	sb := ScaleBar(vp, maxPt/k)
	if sb.Pixels <= 0 {
		return nil, sb, 0
	}
	bars := []scaleBar{{sb.Pixels * k, sb.Label}}
	if miles {
		mpp := geo.GroundScale(sanitize(vp), sanitize(vp).Center[1])
		mi := geo.NiceLength(mpp * maxPt / k / mileMeters)
		if mi > 0 {
			lbl := trimFloat(mi) + " mi"
			bars = append(bars, scaleBar{mi * mileMeters / mpp * k, lbl})
		}
	}
	wmax := 0.0
	for _, b := range bars {
		wmax = math.Max(wmax, b.length+p.width(FontRegular, 8, b.label)+12)
	}
	return bars, sb, wmax + 8
}

// scaleBarWidth returns the width of the scale bars' panel.
func (p *pager) scaleBarWidth(vp geo.Viewport, k float64, miles bool) float64 {
	_, _, w := p.scaleBarSet(vp, k, miles)
	return w
}

// scaleBars draws the metric scale bar (and a miles one) with its lower
// left corner at (x, y), measured geodesically at the map's centre.
func (p *pager) scaleBars(vp geo.Viewport, k, x, y float64, miles bool) {
	bars, sb, w := p.scaleBarSet(vp, k, miles)
	if len(bars) == 0 {
		return
	}
	h := 20.0 * float64(len(bars))
	p.c.fillRect(x, y-h-4, x+w, y, panelInk)
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
		fillA := 0.3
		if lv.FillOpacity > 0 {
			fillA = min(lv.FillOpacity, 1) // as the map fills them
		}
		return func(x, y float64) {
			p.c.fillRect(x-6, y-4, x+6, y+4, withAlpha(col, fillA))
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
	return categoryCounts(lv.Layer, sc.Window, sc.Inside, keep)
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
