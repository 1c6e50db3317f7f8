package render

import (
	"cmp"
	"image"
	"image/color"
	"math"
	"slices"
	"sync"

	"campmap/data"
	"campmap/data/style"
)

// Symbology: palettes, the "other" group of a layer with many categories,
// shapes per category and graduated symbols (see style.Style's symbology
// fields). Everything here is derived from a layer and its style, once,
// and kept with the layer (see prepared).

// MaxCategoryColours is how many categories of a layer keep a colour of
// their own: a layer with more shows its MaxCategoryColours-1 most
// frequent categories in their colours and groups the others under
// "other", in one colour (OtherColor).
const MaxCategoryColours = 12

// OtherColor is the default colour of the categories grouped under
// "other": a neutral grey no palette holds.
var OtherColor = color.NRGBA{0x99, 0x99, 0x99, 0xff}

// noValueColor is the colour of the "no value" symbol of graduated
// layers.
var noValueColor = color.NRGBA{0x70, 0x70, 0x70, 0xff}

// NoValueShape is the shape of the points of a graduated layer whose value
// is missing or not a number.
const NoValueShape = style.ShapeCross

// tolPalette is Paul Tol's "muted" qualitative scheme (nine colours, safe
// for colour-blind readers) and three of his "dark" colours, so that
// twelve categories have twelve colours.
var tolPalette = [...]color.NRGBA{
	{0xCC, 0x66, 0x77, 0xff}, // rose
	{0x33, 0x22, 0x88, 0xff}, // indigo
	{0xDD, 0xCC, 0x77, 0xff}, // sand
	{0x11, 0x77, 0x33, 0xff}, // green
	{0x88, 0xCC, 0xEE, 0xff}, // cyan
	{0x88, 0x22, 0x55, 0xff}, // wine
	{0x44, 0xAA, 0x99, 0xff}, // teal
	{0x99, 0x99, 0x33, 0xff}, // olive
	{0xAA, 0x44, 0x99, 0xff}, // purple
	{0x22, 0x22, 0x55, 0xff}, // dark blue
	{0x66, 0x33, 0x33, 0xff}, // dark brown
	{0x00, 0x00, 0x00, 0xff}, // black
}

// sequentialRamp is the viridis colour map (van der Walt and Smith),
// light to dark: readable in order by lightness under every colour-vision
// deficiency. Sequential palettes and graduated colours are sampled from
// it.
var sequentialRamp = [...]color.NRGBA{
	{0xFD, 0xE7, 0x25, 0xff},
	{0x90, 0xD7, 0x43, 0xff},
	{0x35, 0xB7, 0x79, 0xff},
	{0x21, 0x91, 0x8C, 0xff},
	{0x31, 0x68, 0x8E, 0xff},
	{0x44, 0x39, 0x83, 0xff},
	{0x44, 0x01, 0x54, 0xff},
}

// rampColor returns the colour of the sequential ramp at t (0 lightest,
// 1 darkest).
func rampColor(t float64) color.NRGBA {
	t = clamp01(t) * float64(len(sequentialRamp)-1)
	i := min(int(t), len(sequentialRamp)-2)
	f := t - float64(i)
	a, b := sequentialRamp[i], sequentialRamp[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + f*(float64(y)-float64(x)))) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// classColor returns the colour of class c of n (0-based) in graduated
// colours: from the ramp's light third to its darkest end, so that the
// first class still stands out on land.
func classColor(c, n int) color.NRGBA {
	if n <= 1 {
		return rampColor(1)
	}
	return rampColor(0.15 + 0.85*float64(c)/float64(n-1))
}

// PaletteColor returns the colour of slot i (0-based) of palette name for
// a layer showing n coloured categories: the qualitative palettes repeat
// after twelve, the sequential one spreads n colours from light to dark.
func PaletteColor(name string, i, n int) color.NRGBA {
	if i < 0 {
		i = -i
	}
	switch name {
	case style.PaletteTol:
		return tolPalette[i%len(tolPalette)]
	case style.PaletteSequential:
		return classColor(i%max(n, 1), n)
	}
	return categoryPalette[i%len(categoryPalette)]
}

// DefaultStyle is the style layer l gets when layers before are already
// shown: visible and opaque; a layer coloured by category starts its
// palette after the slots the layers before it use, so that two layers
// never start on the same hue; a second layer of incidents (or other
// features) without categories takes a palette colour instead of its
// kind's. The window gives it to each layer it opens, NewScene to each of
// its layers.
func DefaultStyle(l *data.Layer, before []*data.Layer) style.Style {
	st := style.Default()
	if l == nil {
		return st
	}
	byCategory := func(l *data.Layer) bool { return usesCategories(l.Kind) && len(l.Categories()) > 0 }
	byKind := func(l *data.Layer) bool { return usesCategories(l.Kind) && len(l.Categories()) == 0 }
	used, plain := 0, 0
	for _, b := range before {
		switch {
		case b == nil:
		case byCategory(b):
			used += min(len(b.Categories()), MaxCategoryColours)
		case byKind(b):
			plain++
		}
	}
	switch {
	case byCategory(l):
		st.PaletteOffset = used % MaxCategoryColours
	case byKind(l) && plain > 0:
		st.Fill = style.Color(PaletteColor(style.PaletteQualitative, used+plain, MaxCategoryColours))
	}
	return st
}

// catGroups is how a layer's categories take colours and shapes: slot[c]
// is the palette slot of category index c (1-based; -1 for a category
// grouped under "other"), order[c] its place in legend order among the
// categories with a slot, other the grouped categories, most frequent
// first, and total[c] how many features category c holds in the layer.
type catGroups struct {
	slot  []int
	order []int
	other []int
	kept  int
	total []int
}

// groupsOf returns how l's categories are grouped, built once per layer.
// A layer with MaxCategoryColours categories or fewer keeps them all, in
// the layer's order (slot c-1); one with more keeps its
// MaxCategoryColours-1 most frequent (ties by name) in the layer's order.
func groupsOf(l *data.Layer) *catGroups {
	o := &layers.of(l).groups
	o.once.Do(func() { o.v = groupCategories(l) })
	return o.v
}

// groupsOnce is a layer's catGroups, built by the first caller. It is not
// counted among the builds of prepared geometry: it is a count per
// category, not geometry.
type groupsOnce struct {
	once sync.Once
	v    *catGroups
}

// groupCategories ranks l's categories (see groupsOf).
func groupCategories(l *data.Layer) *catGroups {
	cats := l.Categories()
	g := &catGroups{slot: make([]int, len(cats)+1), order: make([]int, len(cats)+1), total: l.CountCategories(data.Undated, false, nil)}
	g.slot[0] = -1
	keep := make([]bool, len(cats)+1)
	if len(cats) <= MaxCategoryColours {
		for c := 1; c <= len(cats); c++ {
			keep[c] = true
		}
	} else {
		byCount := make([]int, len(cats))
		for i := range byCount {
			byCount[i] = i + 1
		}
		slices.SortStableFunc(byCount, func(a, b int) int { return cmp.Compare(g.total[b], g.total[a]) })
		for _, c := range byCount[:MaxCategoryColours-1] {
			keep[c] = true
		}
		g.other = slices.Clone(byCount[MaxCategoryColours-1:])
	}
	for c := 1; c <= len(cats); c++ {
		g.slot[c] = -1
		if keep[c] {
			g.slot[c] = g.kept
			g.kept++
		}
	}
	rank := 0
	for _, ci := range categoryOrder(cats) {
		if keep[ci+1] {
			g.order[ci+1] = rank
			rank++
		}
	}
	return g
}

// isOther reports whether category c is grouped under "other".
func (g *catGroups) isOther(c int) bool { return c > 0 && c < len(g.slot) && g.slot[c] < 0 }

// OtherCategories returns the category indices (1-based, see
// data.Layer.CategoryIndex) that l groups under "other", most frequent
// first: none when l has MaxCategoryColours categories or fewer.
func OtherCategories(l *data.Layer) []int {
	if l == nil {
		return nil
	}
	return slices.Clone(groupsOf(l).other)
}

// IsOtherCategory reports whether l groups category c (1-based) under
// "other".
func IsOtherCategory(l *data.Layer, c int) bool {
	return l != nil && groupsOf(l).isOther(c)
}

// otherColor returns the colour of the view's "other" group.
func (lv LayerView) otherColor() color.NRGBA {
	if lv.OtherColor.A != 0 {
		return color.NRGBA(lv.OtherColor)
	}
	return OtherColor
}

// OtherColorOf returns the colour the view gives its "other" group.
func (lv LayerView) OtherColorOf() color.NRGBA { return lv.otherColor() }

// paletteColorOf returns the default colour of category c of the view's
// layer from its palette, rotated by its offset.
func (lv LayerView) paletteColorOf(g *catGroups, c int) color.NRGBA {
	if lv.Palette == style.PaletteSequential {
		return PaletteColor(lv.Palette, g.order[c], g.kept)
	}
	return PaletteColor(lv.Palette, g.slot[c]+lv.PaletteOffset, g.kept)
}

// CategoryShapeOf returns the shape of the points of category cat
// (1-based; 0 for none) in this view: the view's CategoryShapes entry, or
// the shape of its palette slot (style.ShapeAt), cycled with the colours
// so that two categories differ by shape as well as colour; a circle when
// the view draws plain dots, for features without a category and for the
// "other" group.
func (lv LayerView) CategoryShapeOf(cat int) style.Shape {
	if cat <= 0 || !lv.ShapesOn() || lv.Layer == nil {
		return style.ShapeCircle
	}
	cats := lv.Layer.Categories()
	if cat-1 >= len(cats) {
		return style.ShapeCircle
	}
	g := groupsOf(lv.Layer)
	if g.isOther(cat) {
		return style.ShapeCircle
	}
	if sh, ok := lv.CategoryShape(cats[cat-1]); ok {
		return sh
	}
	return style.ShapeAt(g.slot[cat])
}

// shapeRing returns the outline of shape s of radius 1 centred on the
// origin (y down), drawn with the area of a unit disc give or take a
// fifth so that no shape looks heavier than another; nil for a circle.
func shapeRing(s style.Shape) []pt {
	switch s {
	case style.ShapeSquare:
		return []pt{{-0.9, -0.9}, {-0.9, 0.9}, {0.9, 0.9}, {0.9, -0.9}}
	case style.ShapeTriangle:
		return []pt{{0, -1.3}, {-1.126, 0.65}, {1.126, 0.65}}
	case style.ShapeDiamond:
		return []pt{{0, -1.25}, {-1.25, 0}, {0, 1.25}, {1.25, 0}}
	case style.ShapeCross:
		const w, l = 0.42, 1.2
		return []pt{{-w, -l}, {-w, -w}, {-l, -w}, {-l, w}, {-w, w}, {-w, l}, {w, l}, {w, w}, {l, w}, {l, -w}, {w, -w}, {w, -l}}
	case style.ShapeStar:
		out := make([]pt, 10)
		for k := range out {
			r := 1.4
			if k%2 == 1 {
				r = 0.6
			}
			a := -math.Pi/2 - 2*math.Pi*float64(k)/10
			out[k] = pt{r * math.Cos(a), r * math.Sin(a)}
		}
		return out
	}
	return nil
}

// shapeReach is how far a shape of radius 1 reaches from its centre.
func shapeReach(s style.Shape) float64 {
	if shapeRing(s) == nil {
		return 1
	}
	return 1.4
}

// addShape queues shape s of radius r centred on p (a disc for a circle).
func (c *canvas) addShape(s style.Shape, p pt, r float64) {
	ring := shapeRing(s)
	if ring == nil {
		c.addDisc(p, r)
		return
	}
	out := c.newRing()
	for _, q := range ring {
		out = append(out, pt{p.x + q.x*r, p.y + q.y*r})
	}
	c.addRawRing(out)
}

// shapeStampAt returns a point symbol of shape s and radius r device
// pixels in col (at dotAlpha) with, for r ≥ 3 layout pixels, a thin dark
// rim, as circleStampAt draws dots.
func shapeStampAt(s style.Shape, r, pr float64, col color.NRGBA) *stamp {
	ring := shapeRing(s)
	if ring == nil {
		return circleStampAt(r, pr, col)
	}
	return stampCache.get(stampKey{"shape:" + string(s), r, pr, col}, func() *stamp {
		n := int(math.Ceil(1.4*r+1.5*pr))*2 + 1
		img := image.NewRGBA(image.Rect(0, 0, n, n))
		c := newCanvas(img, n, n)
		defer c.release()
		ctr := pt{float64(n) / 2, float64(n) / 2}
		if r >= 3*pr {
			c.addShape(s, ctr, r+0.8*pr)
			c.fill(color.NRGBA{0x20, 0x20, 0x20, uint8(float64(col.A) * 0.4)})
		}
		c.addShape(s, ctr, r)
		c.fill(withAlpha(col, dotAlpha))
		return newStamp(img, n/2, n/2, 1.4*r+pr)
	})
}

// shapeAt records a point symbol of shape s and radius rad centred on
// viewport pixel (x, y), as shapeStampAt draws it.
func (r *recorder) shapeAt(s style.Shape, rad float64, col color.NRGBA, x, y float64) {
	ring := shapeRing(s)
	if ring == nil {
		r.symbolAt("", false, 0, rad, col, x, y)
		return
	}
	poly := func(rr float64) [][]Point {
		out := make([]Point, len(ring))
		for i, p := range ring {
			out[i] = r.p(pt{x + p.x*rr, y + p.y*rr})
		}
		return [][]Point{out}
	}
	if rad >= 3 {
		r.d.Ops = append(r.d.Ops, Op{Kind: OpFill, Color: color.NRGBA{0x20, 0x20, 0x20, uint8(float64(col.A) * 0.4)}, Paths: poly(rad + 0.8)})
	}
	r.d.Ops = append(r.d.Ops, Op{Kind: OpFill, Color: withAlpha(col, dotAlpha), Paths: poly(rad)})
}

// Graduated symbols.

// noValueClass is the class of a styleKey whose feature has no value.
const noValueClass = 0xff

// graduated is a layer's points classed by a numeric field for one
// graduated style: the classes' bounds, how many features each holds (and
// how many have no value), and the layer's geometry with style keys that
// carry each point's class.
type graduated struct {
	spec    style.Graduated
	bounds  []float64
	counts  []int     // features per class, over the whole layer
	lo, hi  []float64 // the least and largest value in each class
	noValue int       // features without a numeric value
	geom    *layerGeom
}

// gradKey is what a layer's graduated classing depends on.
type gradKey struct {
	spec style.Graduated
	from geomInputs
}

// maxGradCache is how many graduated classings a layer keeps.
const maxGradCache = 4

// classRadius returns the dot radius (layout pixels) of class c of n of a
// graduated size: from 3 to 13 pixels, the area growing evenly.
func classRadius(c, n int) float64 {
	const lo, hi = 3.0, 13.0
	if n <= 1 {
		return hi
	}
	t := float64(c) / float64(n-1)
	return math.Sqrt(lo*lo + t*(hi*hi-lo*lo))
}

// graduatedOf returns lv's layer classed by its graduated style, built
// once per layer and style (nil when the view is not graduated).
func graduatedOf(lv LayerView) *graduated {
	if !lv.Graduated.Active() || lv.Layer == nil {
		return nil
	}
	l := lv.Layer
	spec := *lv.Graduated
	spec.Classes = spec.N()
	// keyed by the layer's geometry inputs too: the classing holds a
	// copy of the layer's geometry
	key := gradKey{spec, geomInputs{kind: l.Kind, countKey: l.CountKey}}
	return layers.of(l).grads.get(key, maxGradCache, func() *graduated { return classify(l, spec) })
}

// classify classes l's features by spec.
func classify(l *data.Layer, spec style.Graduated) *graduated {
	base := prepared(l)
	// each feature's value, read once: NaN for none (Classes leaves NaN
	// out)
	vs := make([]float64, l.Len())
	for i := range vs {
		v, ok := l.Number(i, spec.Key)
		if !ok {
			v = math.NaN()
		}
		vs[i] = v
	}
	g := &graduated{spec: spec, bounds: style.Classes(vs, spec.Method, spec.Classes)}
	n := len(g.bounds) - 1
	g.counts = make([]int, max(n, 0))
	class := make([]uint8, len(vs)) // 1-based, noValueClass for none
	g.lo, g.hi = make([]float64, len(g.counts)), make([]float64, len(g.counts))
	for i, v := range vs {
		c := style.ClassOf(g.bounds, v)
		if c < 0 {
			class[i] = noValueClass
			g.noValue++
			continue
		}
		class[i] = uint8(c + 1)
		if k := c; g.counts[k] == 0 {
			g.lo[k], g.hi[k] = v, v
		} else {
			g.lo[k], g.hi[k] = math.Min(g.lo[k], v), math.Max(g.hi[k], v)
		}
		g.counts[c]++
	}
	geom := *base
	geom.internKeys(l.Kind, func(id int) styleKey {
		sk := styleKey{kind: l.FeatureKind(id)}
		if usesCategories(sk.kind) {
			sk.cat = l.CategoryIndex(id)
		}
		if !hasSymbol(sk.kind) {
			sk.class = class[id]
			if spec.By == style.BySize && sk.class != noValueClass {
				sk.size = uint8(math.Round(2 * classRadius(int(sk.class)-1, n)))
			}
		}
		return sk
	})
	g.geom = &geom
	return g
}

// geomFor returns the geometry lv's points are drawn and hit-tested with:
// the layer's own, or its graduated classing.
func geomFor(lv LayerView, g *layerGeom) *layerGeom {
	if gr := graduatedOf(lv); gr != nil {
		return gr.geom
	}
	return g
}

// GraduatedClass is one class of a graduated layer as its legend shows it.
type GraduatedClass struct {
	Min, Max float64 // the class's bounds (Max included)
	// Least and Largest are the least and largest values the class
	// holds (its bounds when it holds none): what the legend writes.
	Least, Largest float64
	Count          int // features in the class, over the whole layer
	Color          color.NRGBA
	Radius         float64 // dot radius, layout pixels
}

// GraduatedClasses returns the classes lv draws its points in, and how many
// of its features have no value (drawn as NoValueShape), or nil when the
// view is not graduated or no feature has a value.
func GraduatedClasses(lv LayerView) ([]GraduatedClass, int) {
	g := graduatedOf(lv)
	if g == nil {
		return nil, 0
	}
	n := len(g.bounds) - 1
	var out []GraduatedClass
	for c := 0; c < n; c++ {
		gc := GraduatedClass{Min: g.bounds[c], Max: g.bounds[c+1], Least: g.bounds[c], Largest: g.bounds[c+1], Count: g.counts[c], Color: sizeColor, Radius: pointRadius(1)}
		if g.counts[c] > 0 {
			gc.Least, gc.Largest = g.lo[c], g.hi[c]
		}
		if g.spec.By == style.BySize {
			gc.Radius = classRadius(c, n)
		} else {
			gc.Color = classColor(c, n)
		}
		out = append(out, gc)
	}
	return out, g.noValue
}

// gradSymbol adjusts the symbol of style key sk of a graduated view: the
// class colour (graduated colour) or the no-value symbol.
func gradSymbol(lv LayerView, sk styleKey, sy pointSymbol, op, rad float64) pointSymbol {
	if sk.class == 0 {
		return sy
	}
	if sk.class == noValueClass {
		return pointSymbol{kind: sk.kind, col: withAlpha(noValueColor, op), r: math.Min(rad, 3.5), shape: NoValueShape}
	}
	if lv.Graduated.By == style.ByColor {
		if g := graduatedOf(lv); g != nil {
			sy.col = withAlpha(classColor(int(sk.class)-1, len(g.bounds)-1), op)
		}
	}
	return sy
}
