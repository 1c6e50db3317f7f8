package render

import (
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"

	"campmap/data"
	"campmap/data/style"
)

// backend is where a canvas's drawing goes. The frame draws every kind of
// feature once — basemap, polygons, lines, points, labels, furniture —
// against its canvas; the canvas clips and gathers the geometry and hands
// it here. Two back ends exist: raster paints pixels (the window, PNG
// export, the command line, Drawing.Rasterize) and recorder records vector
// operations into a Drawing (pages for PDF, SVG and PNG export). Positions
// are viewport pixels and sizes device pixels unless a method says
// otherwise.
//
// A back end belongs to its canvas's goroutine, with one exception: when
// inPlace reports true, the point painter that points returns may be used
// from two goroutines at once, on disjoint bands of the frame.
type backend interface {
	// clear fills the whole drawable area with col, replacing what is
	// there.
	clear(c *canvas, col color.NRGBA)
	// stroke takes one visible run of a stroked line, already clipped,
	// that starts start pixels along its line (the dash phase); the next
	// fill paints it.
	stroke(c *canvas, run []pt, start float64, s stroke)
	// fill paints c's gathered rings and the runs stroked since the last
	// fill as one shape in col. The canvas clears its rings afterwards.
	fill(c *canvas, col color.NRGBA)
	// rect fills the whole pixels of r, already clipped, with col (density
	// squares).
	rect(c *canvas, r image.Rectangle, col color.NRGBA)
	// text draws s in face with its baseline origin at (x, y), over a
	// halo of halo pixels in haloCol (none when halo is 0).
	text(c *canvas, face font.Face, s string, x, y int, col, haloCol color.NRGBA, halo int)
	// glyphs draws glyphs set along a line (style and size are their
	// font's), which lie inside box, over a halo of halo pixels.
	glyphs(c *canvas, gs []placedGlyph, box image.Rectangle, col, haloCol color.NRGBA, halo int, style fontStyle, size float64)
	// symbol draws one point symbol sy centred on pixel (x, y), at pixel
	// ratio pr and symbol size sym (device pixels).
	symbol(c *canvas, sy pointSymbol, pr float64, sym, x, y int)
	// points returns the painter of a layer's point features in one
	// frame: the point at tree position pos of g is drawn as
	// syms[g.keys[pos]] (syms[0] when g.keys is nil).
	points(c *canvas, g *layerGeom, syms []pointSymbol, pr float64, sym int) pointPainter
	// image draws img (a tiled basemap's raster tiles) stretched over the
	// viewport pixels r, over what is there.
	image(c *canvas, img *image.RGBA, r image.Rectangle)
	// inPlace reports whether the back end paints pixels in place, so
	// that a frame may feed it points in whatever order and on as many
	// bands at once as is fastest. A recording back end is fed in the
	// spatial index's order from one goroutine, so that what it records
	// does not depend on those choices.
	inPlace() bool
	// finish completes the back end's work when its canvas is released.
	finish()
}

// pointSymbol is how a point feature is drawn: the symbol of its kind
// when the kind has one (hasSymbol), else a dot of radius r layout pixels,
// in colour col (opacity included).
type pointSymbol struct {
	kind  data.Kind
	col   color.NRGBA
	r     float64
	shape style.Shape // of a dot: "" or style.ShapeCircle for a disc
}

// pointPainter draws many point symbols of one layer in one frame.
type pointPainter interface {
	// reach is how far, in pixels, a symbol may paint beyond its point:
	// points that far outside the frame are still drawn.
	reach() float64
	// draw paints the symbol of the point at tree position pos centred
	// on pixel (x, y), inside clip.
	draw(pos, x, y int, clip image.Rectangle)
}

// symbolOf returns how the view lv draws a point of style key sk at
// opacity op when the frame's dot radius is rad: its category's colour
// and shape when it has one, else its kind's colour, the dot size of its
// count, and its graduated class's size or colour (see gradSymbol).
func symbolOf(lv LayerView, sk styleKey, op, rad float64) pointSymbol {
	col := lv.Color(sk.kind)
	var shape style.Shape
	if sk.cat > 0 {
		col = lv.CategoryColorOf(sk.cat)
		shape = lv.CategoryShapeOf(sk.cat)
	}
	return gradSymbol(lv, sk, pointSymbol{kind: sk.kind, col: withAlpha(col, op), r: sk.radius(rad), shape: shape}, op, rad)
}

// drawSymbol draws the point symbol of style key sk of layer view lv
// (opacity op, dot radius rad, symbol size sym) centred on viewport pixel
// (x, y).
func (f *frame) drawSymbol(lv LayerView, sk styleKey, op, rad float64, sym int, x, y int) {
	f.c.be.symbol(f.c, symbolOf(lv, sk, op, rad), f.pr, sym, x, y)
}

// eachSymbol is the point painter of a back end that draws point symbols
// one by one (backend.symbol).
type eachSymbol struct {
	be   backend
	c    *canvas
	g    *layerGeom
	syms []pointSymbol
	pr   float64
	sym  int
	pad  float64
}

// newEachSymbol returns the painter that hands each point's symbol to
// be.symbol. Its reach is the largest dot (rim included) or symbol.
func newEachSymbol(be backend, c *canvas, g *layerGeom, syms []pointSymbol, pr float64, sym int) *eachSymbol {
	r := 0.0
	for _, sy := range syms {
		r = max(r, sy.r*shapeReach(sy.shape))
	}
	return &eachSymbol{be: be, c: c, g: g, syms: syms, pr: pr, sym: sym, pad: math.Max(r*pr, float64(sym)) + pr}
}

func (e *eachSymbol) reach() float64 { return e.pad }

func (e *eachSymbol) draw(pos, x, y int, _ image.Rectangle) {
	sy := e.syms[0]
	if e.g.keys != nil {
		sy = e.syms[e.g.keys[pos]]
	}
	e.be.symbol(e.c, sy, e.pr, e.sym, x, y)
}
