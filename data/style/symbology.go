package style

import (
	"fmt"
	"maps"
)

// Symbology: how the features of a layer differ from one another beyond
// their category's colour — the palette the colours come from, the shape
// of each category's points, graduated symbols by a numeric field and the
// field features are labelled by. These are fields of Style (see
// Style.Palette and the fields after it); this file holds their types.

// The palettes a layer's categories may take their colours from.
const (
	// PaletteQualitative is the default: Okabe–Ito's eight and four dark
	// colours, twelve distinct colours (written as "").
	PaletteQualitative = ""
	// PaletteTol is Paul Tol's "muted" qualitative scheme, safe for every
	// colour-vision deficiency, nine colours and three of his "dark" set.
	PaletteTol = "tol"
	// PaletteSequential is a light-to-dark sequential scheme for ordered
	// categories (age groups, severity classes), in the order of the
	// legend.
	PaletteSequential = "sequential"
)

// Palettes lists the palettes in the order the window offers them.
var Palettes = []string{PaletteQualitative, PaletteTol, PaletteSequential}

// Shape is the shape of a point symbol.
type Shape string

// The shapes of point symbols, in the order categories take them.
const (
	ShapeCircle   Shape = "circle"
	ShapeSquare   Shape = "square"
	ShapeTriangle Shape = "triangle"
	ShapeDiamond  Shape = "diamond"
	ShapeCross    Shape = "cross"
	ShapeStar     Shape = "star"
)

// Shapes lists the shapes in the order categories take them.
var Shapes = []Shape{ShapeCircle, ShapeSquare, ShapeTriangle, ShapeDiamond, ShapeCross, ShapeStar}

// Known reports whether s is one of Shapes.
func (s Shape) Known() bool {
	for _, k := range Shapes {
		if s == k {
			return true
		}
	}
	return false
}

// ShapeAt returns the shape of the i-th category (0-based), cycling
// through Shapes.
func ShapeAt(i int) Shape {
	if i < 0 {
		i = -i
	}
	return Shapes[i%len(Shapes)]
}

// How graduated symbols vary with their field's value.
const (
	BySize  = "size"  // dots grow with the class
	ByColor = "color" // dots take a sequential colour per class
)

// How a numeric field's values are split into classes.
const (
	EqualInterval = "equal"    // classes of equal width between the least and the largest value
	Quantile      = "quantile" // classes of about as many features each
	NaturalBreaks = "jenks"    // Jenks natural breaks: classes as uniform as the values allow
)

// Methods lists the classification methods in the order the window offers
// them.
var Methods = []string{EqualInterval, Quantile, NaturalBreaks}

// MinClasses and MaxClasses bound Graduated.Classes.
const (
	MinClasses = 3
	MaxClasses = 7
)

// Graduated draws a layer's points by the value of a numeric property, in
// classes: larger or darker for larger values. Features whose value is
// missing or not a number are drawn with the "no value" symbol (a small
// grey cross) and counted in the legend, never dropped.
type Graduated struct {
	Key     string `json:"key"`               // the numeric property
	By      string `json:"by"`                // BySize or ByColor
	Method  string `json:"method"`            // EqualInterval, Quantile or NaturalBreaks
	Classes int    `json:"classes,omitempty"` // MinClasses..MaxClasses; 0 is 5
}

// Active reports whether g draws anything by value.
func (g *Graduated) Active() bool { return g != nil && g.Key != "" }

// N returns the number of classes g asks for, within bounds (5 when
// unset).
func (g *Graduated) N() int {
	if g == nil || g.Classes == 0 {
		return 5
	}
	return min(max(g.Classes, MinClasses), MaxClasses)
}

// check reports a graduated style no campmap could draw.
func (g *Graduated) check() error {
	if !g.Active() {
		return nil
	}
	switch g.By {
	case BySize, ByColor:
	default:
		return fmt.Errorf("graduated by %q: want %q or %q", g.By, BySize, ByColor)
	}
	switch g.Method {
	case EqualInterval, Quantile, NaturalBreaks:
	default:
		return fmt.Errorf("graduated classes %q: want %q, %q or %q", g.Method, EqualInterval, Quantile, NaturalBreaks)
	}
	if g.Classes != 0 && (g.Classes < MinClasses || g.Classes > MaxClasses) {
		return fmt.Errorf("graduated in %d classes: want %d to %d", g.Classes, MinClasses, MaxClasses)
	}
	return nil
}

// ShapesOn reports whether s draws the points of categories with a shape
// per category: unless the user turned shapes off (PlainDots).
func (s Style) ShapesOn() bool { return !s.PlainDots }

// CategoryShape returns the shape s gives category name, if it sets one.
func (s Style) CategoryShape(name string) (Shape, bool) {
	sh, ok := s.CategoryShapes[name]
	return sh, ok && sh.Known()
}

// cloneSymbology deep-copies the symbology fields of s.
func (s *Style) cloneSymbology() {
	s.CategoryShapes = maps.Clone(s.CategoryShapes)
	if s.Graduated != nil {
		g := *s.Graduated
		s.Graduated = &g
	}
}

// checkSymbology reports symbology no campmap could draw.
func (s Style) checkSymbology() error {
	switch s.Palette {
	case PaletteQualitative, PaletteTol, PaletteSequential:
	default:
		return fmt.Errorf("palette %q is not known: want %q, %q or none", s.Palette, PaletteTol, PaletteSequential)
	}
	for k, sh := range s.CategoryShapes {
		if !sh.Known() {
			return fmt.Errorf("shape %q of category %q is not known: want one of %v", sh, k, Shapes)
		}
	}
	return s.Graduated.check()
}
