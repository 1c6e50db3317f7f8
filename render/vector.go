package render

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"campmap/icons"
)

// Drawing is a page recorded as vector operations, in page units (points,
// 1/72 inch) with y pointing down from the top left corner. The PDF, SVG
// and PNG writers of package export all replay the same Drawing, so the
// three formats show the same page. A Drawing is immutable once returned.
type Drawing struct {
	W, H float64 // page size, points
	Ops  []Op
	// Fonts lists the font styles that text operations use.
	Fonts []FontStyle
	// Layout records where the page furniture went (for tests and previews).
	Layout PageLayout
}

// Point is a position on a page, in points (y down).
type Point struct{ X, Y float64 }

// OpKind says what an Op does.
type OpKind uint8

// The operations of a Drawing.
const (
	OpFill   OpKind = iota // fill Paths (closed, non-zero winding) with Color
	OpStroke               // stroke Paths (open polylines) with Color and Stroke
	OpText                 // draw Text in Color
	OpClip                 // clip later operations to Rect until the matching OpUnclip
	OpUnclip               // end the innermost clip
	OpDisc                 // fill a disc of Radius around each point of Paths[0] with Color
	OpImage                // draw Image stretched over Rect (a tiled basemap's raster tiles)
)

// StrokeStyle is how an OpStroke draws its lines.
type StrokeStyle struct {
	Width     float64   // points
	Dash      []float64 // on, off, ... in points; nil is solid
	DashPhase float64   // distance into the pattern at each path's start
	Round     bool      // round caps and joins (else butt caps, miter joins)
}

// FontStyle names one of the embedded Go fonts.
type FontStyle uint8

// The font styles (Go Regular, Go Bold, Go Italic).
const (
	FontRegular FontStyle = FontStyle(fontRegular)
	FontBold    FontStyle = FontStyle(fontBold)
	FontItalic  FontStyle = FontStyle(fontItalic)
)

// TextRun is a string set on a baseline.
type TextRun struct {
	S     string
	Font  FontStyle
	Size  float64 // points
	X, Y  float64 // baseline origin, points
	Angle float64 // baseline direction, radians clockwise (y down)
}

// Op is one drawing operation.
type Op struct {
	Kind   OpKind
	Color  color.NRGBA
	Paths  [][]Point
	Stroke StrokeStyle
	Text   TextRun
	Rect   [4]float64 // OpClip, OpImage: x0, y0, x1, y1
	Radius float64    // OpDisc
	// Image is what an OpImage draws, at the page's resolution; it may
	// have transparent parts, where what is under it shows.
	Image *image.RGBA
}

// FontTTF returns the TrueType file of a font style (the Go fonts, BSD
// licence), for writers that embed it.
func FontTTF(s FontStyle) []byte { return ttfOf(fontStyle(s)) }

// Font returns the parsed font of a style.
func Font(s FontStyle) *sfnt.Font {
	set, err := loadFonts()
	if err != nil {
		return nil
	}
	return set.of(fontStyle(s))
}

// recorder is the vector back end of a canvas: instead of rasterising,
// the canvas hands it the shapes it gathered, and it appends them to a
// Drawing, mapping viewport pixels to page points (page = o + k·px).
type recorder struct {
	d      *Drawing
	k      float64
	ox, oy float64
	faces  *faces
	runs   []strokeRun // stroke pieces gathered for the next fill
	fonts  [3]bool
}

// strokeRun is one visible piece of a stroked line, kept as a polyline.
type strokeRun struct {
	pts   []Point
	phase float64
	s     stroke
}

func (r *recorder) p(q pt) Point { return Point{r.ox + r.k*q.x, r.oy + r.k*q.y} }

// addRun records a clipped visible run of a stroked line.
func (r *recorder) addRun(run []pt, start float64, s stroke) {
	ps := make([]Point, len(run))
	for i, q := range run {
		ps[i] = r.p(q)
	}
	r.runs = append(r.runs, strokeRun{pts: ps, phase: start * r.k, s: s})
}

// flush emits the gathered rings as one fill and the gathered strokes as
// strokes grouped by style, all in colour col.
func (r *recorder) flush(rings [][]pt, col color.NRGBA) {
	defer func() { r.runs = r.runs[:0] }()
	if col.A == 0 {
		return
	}
	var paths [][]Point
	for _, ring := range rings {
		if len(ring) < 3 {
			continue
		}
		ps := make([]Point, len(ring))
		for i, q := range ring {
			ps[i] = r.p(q)
		}
		paths = append(paths, ps)
	}
	if len(paths) > 0 {
		r.d.Ops = append(r.d.Ops, Op{Kind: OpFill, Color: col, Paths: paths})
	}
	// Group consecutive runs of the same style into one stroke, so that
	// overlaps of a translucent line are not painted twice.
	for i := 0; i < len(r.runs); {
		j := i + 1
		for j < len(r.runs) && sameStroke(r.runs[j].s, r.runs[i].s) && len(r.runs[i].s.dash) == 0 {
			j++
		}
		st := r.runs[i].s
		op := Op{Kind: OpStroke, Color: col, Stroke: StrokeStyle{Width: st.width * r.k, Round: st.round, DashPhase: r.runs[i].phase}}
		for _, d := range st.dash {
			op.Stroke.Dash = append(op.Stroke.Dash, d*r.k)
		}
		for _, run := range r.runs[i:j] {
			op.Paths = append(op.Paths, run.pts)
		}
		r.d.Ops = append(r.d.Ops, op)
		i = j
	}
}

func sameStroke(a, b stroke) bool {
	if a.width != b.width || a.round != b.round || len(a.dash) != len(b.dash) {
		return false
	}
	for i := range a.dash {
		if a.dash[i] != b.dash[i] {
			return false
		}
	}
	return true
}

// textAt records s with its baseline origin at viewport pixel (x, y),
// turned by angle, over a halo drawn as the stroked outline of its glyphs
// (so the halo is not extractable text).
func (r *recorder) textAt(face font.Face, s string, x, y float64, angle float64, col, haloCol color.NRGBA, halo float64) {
	key, ok := r.faces.keys[face]
	if !ok || s == "" {
		return
	}
	o := r.p(pt{x, y})
	run := TextRun{S: s, Font: FontStyle(key.style), Size: key.size * r.k, X: o.X, Y: o.Y, Angle: angle}
	if halo > 0 && haloCol.A > 0 {
		if rings := TextOutline(run); len(rings) > 0 {
			r.d.Ops = append(r.d.Ops, Op{Kind: OpStroke, Color: haloCol, Paths: rings, Stroke: StrokeStyle{Width: 2 * halo * r.k, Round: true}})
		}
	}
	r.fonts[key.style] = true
	r.d.Ops = append(r.d.Ops, Op{Kind: OpText, Color: col, Text: run})
}

// Width returns the advance width of the run in its font, points.
func (run TextRun) Width() float64 {
	f := Font(run.Font)
	if f == nil {
		return 0
	}
	o, ok := layoutOutline(f, run.Size, run.S)
	if !ok {
		return 0
	}
	return o.width
}

// TextOutline returns the glyph outlines of a text run as closed polygons
// (curves flattened to about a tenth of a point), in page points.
func TextOutline(run TextRun) [][]Point {
	f := Font(run.Font)
	if f == nil || run.S == "" || !(run.Size > 0) {
		return nil
	}
	o, ok := layoutOutline(f, run.Size, run.S)
	if !ok {
		return nil
	}
	cos, sin := math.Cos(run.Angle), math.Sin(run.Angle)
	var rings [][]Point
	for _, g := range o.glyphs {
		at := func(p fixed.Point26_6) Point {
			u, v := g.x+float64(p.X)/64, float64(p.Y)/64
			return Point{run.X + u*cos - v*sin, run.Y + u*sin + v*cos}
		}
		rings = appendSegments(rings, g.segs, at)
	}
	return rings
}

// appendSegments flattens glyph segments into closed rings.
func appendSegments(rings [][]Point, segs []sfnt.Segment, at func(fixed.Point26_6) Point) [][]Point {
	var cur []Point
	closeCur := func() {
		if len(cur) >= 3 {
			rings = append(rings, cur)
		}
		cur = nil
	}
	for _, sg := range segs {
		switch sg.Op {
		case sfnt.SegmentOpMoveTo:
			closeCur()
			cur = append(cur, at(sg.Args[0]))
		case sfnt.SegmentOpLineTo:
			cur = append(cur, at(sg.Args[0]))
		case sfnt.SegmentOpQuadTo:
			if len(cur) == 0 {
				continue
			}
			a, b, c := cur[len(cur)-1], at(sg.Args[0]), at(sg.Args[1])
			n := curveSteps(a, b, c)
			for i := 1; i <= n; i++ {
				t := float64(i) / float64(n)
				u := 1 - t
				cur = append(cur, Point{u*u*a.X + 2*u*t*b.X + t*t*c.X, u*u*a.Y + 2*u*t*b.Y + t*t*c.Y})
			}
		case sfnt.SegmentOpCubeTo:
			if len(cur) == 0 {
				continue
			}
			a, b, c, d := cur[len(cur)-1], at(sg.Args[0]), at(sg.Args[1]), at(sg.Args[2])
			n := curveSteps(a, b, d) + curveSteps(a, c, d)
			for i := 1; i <= n; i++ {
				t := float64(i) / float64(n)
				u := 1 - t
				cur = append(cur, Point{
					u*u*u*a.X + 3*u*u*t*b.X + 3*u*t*t*c.X + t*t*t*d.X,
					u*u*u*a.Y + 3*u*u*t*b.Y + 3*u*t*t*c.Y + t*t*t*d.Y})
			}
		}
	}
	closeCur()
	return rings
}

func curveSteps(a, b, c Point) int {
	d := math.Hypot(b.X-a.X, b.Y-a.Y) + math.Hypot(c.X-b.X, c.Y-b.Y)
	return max(2, min(16, int(d/1.5)))
}

// glyphs records glyphs placed along a line, one text run per glyph.
func (r *recorder) glyphs(_ *canvas, glyphs []placedGlyph, _ image.Rectangle, col, haloCol color.NRGBA, halo int, style fontStyle, size float64) {
	face := r.faces.get(style, size)
	for _, pg := range glyphs {
		if pg.g.r == 0 {
			continue
		}
		o := pg.at(0, 0)
		r.textAt(face, string(pg.g.r), o.x, o.y, math.Atan2(pg.sin, pg.cos), col, haloCol, float64(halo))
	}
}

// symbolAt records a point symbol centred on viewport pixel (x, y): the
// kind's icon at sym pixels, or a dot of radius rad.
func (r *recorder) symbolAt(kind string, icon bool, sym, rad float64, col color.NRGBA, x, y float64) {
	if icon {
		ic := icons.ForKind(kind)
		if ic == nil {
			return
		}
		s := sym / math.Max(ic.Width, ic.Height)
		a := float64(col.A) / 255
		opaque := col
		opaque.A = 0xff
		x0, y0 := x-sym/2, y-sym/2
		for _, sh := range ic.Shapes {
			c := sh.Fill
			if sh.Class == "marker" {
				c = opaque
			}
			c = withAlpha(c, a)
			rc := &ringCollector{at: func(x, y float32) Point { return r.p(pt{float64(x), float64(y)}) }}
			sh.Path.AddTo(rc, s, x0-ic.MinX*s, y0-ic.MinY*s)
			rc.ClosePath()
			if len(rc.rings) > 0 && c.A > 0 {
				r.d.Ops = append(r.d.Ops, Op{Kind: OpFill, Color: c, Paths: rc.rings})
			}
		}
		return
	}
	c := r.p(pt{x, y})
	if rad >= 3 {
		r.d.Ops = append(r.d.Ops, Op{Kind: OpDisc, Color: color.NRGBA{0x20, 0x20, 0x20, uint8(float64(col.A) * 0.4)}, Paths: [][]Point{{c}}, Radius: (rad + 0.8) * r.k})
	}
	r.d.Ops = append(r.d.Ops, Op{Kind: OpDisc, Color: withAlpha(col, dotAlpha), Paths: [][]Point{{c}}, Radius: rad * r.k})
}

// DiscPolygon returns a disc as a polygon of n vertices.
func DiscPolygon(c Point, rad float64, n int) []Point {
	ps := make([]Point, n)
	for k := range ps {
		a := -2 * math.Pi * float64(k) / float64(n)
		ps[k] = Point{c.X + rad*math.Cos(a), c.Y + rad*math.Sin(a)}
	}
	return ps
}

// newVectorCanvas returns a canvas of w×h viewport pixels that records
// into d, mapping pixel (x, y) to page point (ox + k·x, oy + k·y).
func newVectorCanvas(d *Drawing, w, h int, k, ox, oy float64, fs *faces) *canvas {
	c := canvases.Get().(*canvas)
	c.clip = image.Rect(0, 0, max(w, 0), max(h, 0))
	c.be = &recorder{d: d, k: k, ox: ox, oy: oy, faces: fs}
	return c
}

var _ backend = (*recorder)(nil)

// clear records a fill of the whole drawable area.
func (r *recorder) clear(c *canvas, col color.NRGBA) {
	cl := c.clip
	c.fillRect(float64(cl.Min.X), float64(cl.Min.Y), float64(cl.Max.X), float64(cl.Max.Y), col)
}

// stroke keeps the run as a polyline, to be recorded as a stroke by the
// next fill.
func (r *recorder) stroke(_ *canvas, run []pt, start float64, s stroke) { r.addRun(run, start, s) }

// fill records c's rings as one fill and the gathered runs as strokes.
func (r *recorder) fill(c *canvas, col color.NRGBA) { r.flush(c.rings, col) }

// rect records one rectangle.
func (r *recorder) rect(c *canvas, rc image.Rectangle, col color.NRGBA) {
	c.fillRect(float64(rc.Min.X), float64(rc.Min.Y), float64(rc.Max.X), float64(rc.Max.Y), col)
}

// text records s as text over its outlined halo.
func (r *recorder) text(_ *canvas, face font.Face, s string, x, y int, col, haloCol color.NRGBA, halo int) {
	r.textAt(face, s, float64(x), float64(y), 0, col, haloCol, float64(halo))
}

// symbol records the symbol centred on the middle of pixel (x, y), where
// the raster back end centres its stamp.
func (r *recorder) symbol(_ *canvas, sy pointSymbol, pr float64, sym, x, y int) {
	if !hasSymbol(sy.kind) && shapeRing(sy.shape) != nil {
		r.shapeAt(sy.shape, sy.r*pr, sy.col, float64(x)+0.5, float64(y)+0.5)
		return
	}
	r.symbolAt(sy.kind.String(), hasSymbol(sy.kind), float64(sym), sy.r*pr, sy.col, float64(x)+0.5, float64(y)+0.5)
}

// points records each point's symbol, one by one.
func (r *recorder) points(c *canvas, g *layerGeom, syms []pointSymbol, pr float64, sym int) pointPainter {
	return newEachSymbol(r, c, g, syms, pr, sym)
}

// image records img over the viewport pixels rc.
func (r *recorder) image(_ *canvas, img *image.RGBA, rc image.Rectangle) {
	a, b := r.p(pt{float64(rc.Min.X), float64(rc.Min.Y)}), r.p(pt{float64(rc.Max.X), float64(rc.Max.Y)})
	r.d.Ops = append(r.d.Ops, Op{Kind: OpImage, Image: img, Rect: [4]float64{a.X, a.Y, b.X, b.Y}})
}

// inPlace is false: a page records points in the index's order.
func (r *recorder) inPlace() bool { return false }

// finish appends the font styles the recorder used to d.Fonts, once
// each.
func (r *recorder) finish() {
	for s, used := range r.fonts {
		if !used {
			continue
		}
		have := false
		for _, x := range r.d.Fonts {
			have = have || x == FontStyle(s)
		}
		if !have {
			r.d.Fonts = append(r.d.Fonts, FontStyle(s))
		}
	}
}

// ringCollector flattens what an icon path draws into closed rings.
type ringCollector struct {
	at    func(x, y float32) Point
	cur   []Point
	rings [][]Point
}

func (rc *ringCollector) MoveTo(x, y float32) {
	rc.ClosePath()
	rc.cur = append(rc.cur, rc.at(x, y))
}

func (rc *ringCollector) LineTo(x, y float32) { rc.cur = append(rc.cur, rc.at(x, y)) }

func (rc *ringCollector) QuadTo(bx, by, cx, cy float32) {
	if len(rc.cur) == 0 {
		return
	}
	a, b, c := rc.cur[len(rc.cur)-1], rc.at(bx, by), rc.at(cx, cy)
	n := curveSteps(a, b, c)
	for i := 1; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		rc.cur = append(rc.cur, Point{u*u*a.X + 2*u*t*b.X + t*t*c.X, u*u*a.Y + 2*u*t*b.Y + t*t*c.Y})
	}
}

func (rc *ringCollector) CubeTo(bx, by, cx, cy, dx, dy float32) {
	if len(rc.cur) == 0 {
		return
	}
	a, b, c, d := rc.cur[len(rc.cur)-1], rc.at(bx, by), rc.at(cx, cy), rc.at(dx, dy)
	n := curveSteps(a, b, d) + curveSteps(a, c, d)
	for i := 1; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		rc.cur = append(rc.cur, Point{
			u*u*u*a.X + 3*u*u*t*b.X + 3*u*t*t*c.X + t*t*t*d.X,
			u*u*u*a.Y + 3*u*u*t*b.Y + 3*u*t*t*c.Y + t*t*t*d.Y})
	}
}

func (rc *ringCollector) ClosePath() {
	if len(rc.cur) >= 3 {
		rc.rings = append(rc.rings, rc.cur)
	}
	rc.cur = nil
}
