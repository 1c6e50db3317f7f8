package render

import (
	"image/color"
	"strings"

	"campmap/data"
)

// The map's palette. Kind colours match the marker colours of the symbols
// in package icons, so a legend swatch and the map agree. Every Draw reads
// these; change them only before any drawing starts.
var (
	// SeaColor is the background: sea, and anything the basemap leaves empty.
	SeaColor = color.NRGBA{0xC4, 0xDC, 0xEA, 0xff}
	// LandColor fills basemap land.
	LandColor = color.NRGBA{0xF5, 0xF2, 0xEB, 0xff}
	// CoastColor strokes the shoreline.
	CoastColor = color.NRGBA{0x8E, 0xB4, 0xCB, 0xff}
	// BorderColor strokes national borders (dashed).
	BorderColor = color.NRGBA{0x8C, 0x8C, 0x8C, 0xff}
	// RiverColor strokes rivers.
	RiverColor = color.NRGBA{0x9C, 0xC3, 0xDC, 0xff}
)

var kindColors = [...]color.NRGBA{
	data.KindOther:    {0x77, 0x77, 0x77, 0xff}, // neutral grey
	data.KindCamp:     {0xD5, 0x5E, 0x00, 0xff}, // Okabe–Ito vermillion
	data.KindTerminal: {0x5E, 0x3C, 0x99, 0xff}, // purple
	data.KindPort:     {0x00, 0x72, 0xB2, 0xff}, // Okabe–Ito blue
	data.KindRoute:    {0x44, 0x44, 0x44, 0xff}, // dark grey
	data.KindIncident: {0xEE, 0x33, 0x77, 0xff}, // Paul Tol vibrant magenta
}

// KindColor returns the colour used for features of kind k: camps
// vermillion, terminals purple, ports blue, routes dark grey, incidents
// magenta (when they have no category), anything else neutral grey.
func KindColor(k data.Kind) color.NRGBA {
	if int(k) < len(kindColors) {
		return kindColors[k]
	}
	return kindColors[data.KindOther]
}

// categoryPalette is the Okabe–Ito colour-blind-safe palette (Okabe & Ito,
// 2008), reordered so that the first colours stand apart on land and sea.
var categoryPalette = [...]color.NRGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0xF0, 0xE4, 0x42, 0xff}, // yellow
	{0x00, 0x00, 0x00, 0xff}, // black
	// beyond Okabe–Ito's eight, four dark colours (Paul Tol's purple,
	// ColorBrewer's darkest red, blue and purple) chosen so that twelve
	// categories never share one and stay apart under every simulated
	// colour-vision deficiency (TestCategoryColoursSurviveColourBlindness)
	{0xAA, 0x33, 0x77, 0xff}, // purple
	{0xA5, 0x00, 0x26, 0xff}, // dark red
	{0x31, 0x36, 0x95, 0xff}, // dark blue
	{0x2D, 0x00, 0x4B, 0xff}, // deep purple
}

// CategoryColor returns the default colour of the i-th category of a layer
// (0-based: Categories()[i]): the Okabe–Ito palette and four more, so that
// twelve categories have twelve colours; it repeats after that.
func CategoryColor(i int) color.NRGBA {
	if i < 0 {
		i = -i
	}
	return categoryPalette[i%len(categoryPalette)]
}

// Color returns the colour of features of kind k in this layer view: the
// view's own Color when set, else KindColor(k).
func (lv LayerView) Color(k data.Kind) color.NRGBA {
	if lv.Fill.A != 0 {
		return color.NRGBA(lv.Fill)
	}
	return KindColor(k)
}

// CategoryColorOf returns the colour of category cat (as
// Layer.CategoryIndex reports it: 1-based, 0 for none) in this view: the
// "other" colour for a category grouped under "other" (OtherCategories),
// else the view's CategoryColors entry when set, else its palette's colour
// (PaletteColor: CategoryColor(cat-1) for the default palette of a layer
// with twelve categories or fewer); features without a category take
// Color(the layer's kind).
func (lv LayerView) CategoryColorOf(cat int) color.NRGBA {
	if cat <= 0 {
		k := data.KindOther
		if lv.Layer != nil {
			k = lv.Layer.Kind
		}
		return lv.Color(k)
	}
	if lv.Layer != nil {
		if cats := lv.Layer.Categories(); cat-1 < len(cats) {
			g := groupsOf(lv.Layer)
			if g.isOther(cat) {
				return lv.otherColor()
			}
			if c, ok := lv.CategoryColor(cats[cat-1]); ok {
				return c
			}
			return lv.paletteColorOf(g, cat)
		}
	}
	return CategoryColor(cat - 1)
}

// FeatureColor returns the colour feature i of the view's layer is drawn
// in: incidents and other features by category when the layer has one,
// everything else by kind.
func (lv LayerView) FeatureColor(i int) color.NRGBA {
	l := lv.Layer
	if l == nil || i < 0 || i >= l.Len() {
		return lv.Color(data.KindOther)
	}
	k := l.FeatureKind(i)
	if usesCategories(k) {
		if c := l.CategoryIndex(i); c > 0 {
			return lv.CategoryColorOf(c)
		}
	}
	return lv.Color(k)
}

// usesCategories reports whether features of kind k are coloured by
// category; camps, terminals, ports and routes keep their kind's colour so
// the symbols stay recognisable.
func usesCategories(k data.Kind) bool { return k == data.KindIncident || k == data.KindOther }

// RouteType classifies a route for styling.
type RouteType uint8

// The route types, read from a route's route_type (or type) property.
const (
	RouteOther    RouteType = iota // any other line: solid dark grey
	RouteMotorway                  // motorway, highway, autoroute, trunk: thick orange with a dark casing
	RouteRoad                      // road, primary, secondary, street: white with a grey casing
	RouteRail                      // rail, railway, train: dark with white dashes
	RouteFerry                     // ferry: dashed blue
	RouteTunnel                    // tunnel: dashed dark, thick
	RoutePath                      // path, footpath, track, walk: thin dotted brown
)

// RouteTypeOf returns the route type of a property value such as
// "motorway", "A16 motorway", "rail", "ferry" or "tunnel" (case ignored).
func RouteTypeOf(v string) RouteType {
	v = strings.ToLower(v)
	switch {
	case v == "":
		return RouteOther
	case strings.Contains(v, "tunnel"):
		return RouteTunnel
	case strings.Contains(v, "ferry"):
		return RouteFerry
	case strings.Contains(v, "rail") || strings.Contains(v, "train"):
		return RouteRail
	case strings.Contains(v, "motorway") || strings.Contains(v, "highway") || strings.Contains(v, "autoroute") || strings.Contains(v, "trunk"):
		return RouteMotorway
	case strings.Contains(v, "path") || strings.Contains(v, "foot") || strings.Contains(v, "track") || strings.Contains(v, "walk"):
		return RoutePath
	case strings.Contains(v, "road") || strings.Contains(v, "primary") || strings.Contains(v, "secondary") || strings.Contains(v, "street"):
		return RouteRoad
	}
	return RouteOther
}

// routeKeys are the properties read, in order, for a route's type.
var routeKeys = [...]string{"route_type", "type", "highway", "railway", "route"}

func routeTypeOf(l *data.Layer, i int) RouteType {
	for _, k := range routeKeys {
		if v, ok := l.Prop(i, k); ok && v.Type == data.ValueString {
			if t := RouteTypeOf(v.Str); t != RouteOther {
				return t
			}
		}
	}
	return RouteOther
}

// lineStyle is one pass of a line: casing passes are drawn before the cores
// of every line of the layer, so junctions look continuous.
type lineStyle struct {
	col   color.NRGBA
	st    stroke
	under bool // a casing pass
}

var (
	ferryDash  = []float64{9, 6}
	tunnelDash = []float64{6, 4}
	railDash   = []float64{8, 8}
	pathDash   = []float64{2, 3}
)

// routeStyle returns the passes that draw a route of type t in colour col
// (used for RouteOther; the other types have fixed colours so a briefing
// reads the same everywhere).
func routeStyle(t RouteType, col color.NRGBA) []lineStyle {
	switch t {
	case RouteMotorway:
		return []lineStyle{
			{col: color.NRGBA{0x9A, 0x4A, 0x10, 0xff}, st: stroke{width: 6.5, round: true}, under: true},
			{col: color.NRGBA{0xF2, 0x9D, 0x52, 0xff}, st: stroke{width: 4.2, round: true}},
		}
	case RouteRoad:
		return []lineStyle{
			{col: color.NRGBA{0x8A, 0x8A, 0x8A, 0xff}, st: stroke{width: 4.6, round: true}, under: true},
			{col: color.NRGBA{0xFF, 0xFF, 0xFF, 0xff}, st: stroke{width: 3, round: true}},
		}
	case RouteRail:
		return []lineStyle{
			{col: color.NRGBA{0x40, 0x40, 0x40, 0xff}, st: stroke{width: 3.6}, under: true},
			{col: color.NRGBA{0xFF, 0xFF, 0xFF, 0xff}, st: stroke{width: 1.8, dash: railDash}},
		}
	case RouteFerry:
		return []lineStyle{{col: color.NRGBA{0x1F, 0x5F, 0xA8, 0xff}, st: stroke{width: 2.2, dash: ferryDash}}}
	case RouteTunnel:
		return []lineStyle{{col: color.NRGBA{0x33, 0x33, 0x33, 0xff}, st: stroke{width: 3, dash: tunnelDash}}}
	case RoutePath:
		return []lineStyle{{col: color.NRGBA{0x7A, 0x5C, 0x3A, 0xff}, st: stroke{width: 1.6, dash: pathDash, round: true}}}
	}
	return []lineStyle{{col: col, st: stroke{width: 2.5, round: true}}}
}

// withAlpha returns c with its alpha multiplied by a (0..1).
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(float64(c.A)*clamp01(a) + 0.5)
	return c
}

// darken mixes c with black: f = 0 keeps c, 1 gives black.
func darken(c color.NRGBA, f float64) color.NRGBA {
	k := 1 - clamp01(f)
	return color.NRGBA{uint8(float64(c.R) * k), uint8(float64(c.G) * k), uint8(float64(c.B) * k), c.A}
}

func clamp01(v float64) float64 {
	if !(v > 0) {
		return 0
	}
	return min(v, 1)
}
