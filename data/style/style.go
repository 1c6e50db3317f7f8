// Package style is the one model of a layer's look: whether it shows, its
// opacity and colour, the colours and filters of its categories, the value
// filter and the zone its times are read in. The window keeps one Style
// per layer, the project file and the export manifest store it as it is,
// and the renderer draws it; nothing converts it from one shape to
// another.
//
// What a layer is (its kind and the property its categories come from)
// belongs to the layer model (data.Layer), not to its style.
package style

import (
	"encoding/json"
	"fmt"
	"image/color"
	"maps"
	"slices"
	"time"

	"campmap/internal/format"
)

// Style is how one layer is drawn and which of its features show. The
// zero Style hides the layer; Default shows it.
//
// Category values are keys as the layer's categories name them
// (data.Layer.Categories); "" stands for the features without a category.
// A Style is a value: Clone it before changing its maps.
type Style struct {
	Visible bool    `json:"visible"`
	Opacity float64 `json:"opacity"` // 0..1; 0 is drawn as 1
	// Fill overrides the colour of the layer's kind when set.
	Fill Color `json:"fill,omitzero"`
	// CategoryColors overrides the palette colour of categories.
	CategoryColors map[string]Color `json:"category_colors,omitempty"`
	// Hidden holds the categories whose features are not drawn, counted
	// or identified.
	Hidden Set `json:"hidden_categories,omitempty"`
	// Filter hides features by the value of another property (nil: none).
	Filter *Filter `json:"filter,omitempty"`
	// Zone is the IANA zone the layer's times without an offset are read
	// in ("" is UTC).
	Zone string `json:"zone,omitempty"`
	// Places is the user's mark for publication-safe exports: true, the
	// layer is a layer of places (camps, terminals, ports) whose exact
	// positions may be published; false, its points are individual
	// records and are published only as counts in cells. nil leaves it to
	// export's policy (export.IsPlaces), which aggregates every point
	// layer except the embedded sample's places.
	Places *bool `json:"places,omitempty"`

	// Conditions on values (where.go).

	// Where holds conditions on property values that every shown
	// feature meets (see Conditions).
	Where []Condition `json:"where,omitempty"`

	// Symbology (see symbology.go).

	// Palette names the palette of the categories' default colours
	// (PaletteQualitative, PaletteTol, PaletteSequential).
	Palette string `json:"palette,omitempty"`
	// PaletteOffset rotates the palette, so that layers loaded together
	// start on different hues.
	PaletteOffset int `json:"palette_offset,omitempty"`
	// OtherColor overrides the colour of the categories grouped under
	// "other" (beyond the twelve most frequent).
	OtherColor Color `json:"other_color,omitzero"`
	// PlainDots draws every category's points as dots, without a shape
	// per category.
	PlainDots bool `json:"plain_dots,omitempty"`
	// CategoryShapes overrides the shape of categories' points.
	CategoryShapes map[string]Shape `json:"category_shapes,omitempty"`
	// Graduated sizes or colours points by a numeric property (nil: none).
	Graduated *Graduated `json:"graduated,omitempty"`
	// LabelKey labels features by this property ("": by their kind's
	// rules only).
	LabelKey string `json:"label_key,omitempty"`

	// FillOpacity, when above 0, is the opacity of the fill of the
	// layer's areas (0 leaves the kind's own translucent fill): a layer of
	// count cells wants its classes told apart.
	FillOpacity float64 `json:"fill_opacity,omitempty"`
	// Density, when set, draws the layer's points as a density view at
	// every zoom: counts in bins of a fixed ground size (nil: points,
	// and density squares only when very many are in view).
	Density *Density `json:"density,omitempty"`
}

// DensityShape is the shape of a density view's bins.
type DensityShape string

// The shapes of density bins.
const (
	DensityHexagons DensityShape = "hexagons"
	DensitySquares  DensityShape = "squares"
)

// Density is a density view: points counted in hexagons or squares of
// Meters on the ground (the distance between neighbouring centres).
type Density struct {
	Shape  DensityShape `json:"shape"`
	Meters float64      `json:"meters"`
}

// Density sizes campmap accepts, in metres (those of publication-safe
// cells).
const (
	MinDensityMeters = 100
	MaxDensityMeters = 100_000
)

// DefaultDensityMeters is the bin size a new density view gets.
const DefaultDensityMeters = 2000

// Default is the style a new layer gets: shown, opaque, kind colours.
func Default() Style { return Style{Visible: true, Opacity: 1} }

// Filter hides the features whose value of property Key, as text, is in
// Hidden. Features without the property are kept.
type Filter struct {
	Key    string `json:"key"`
	Hidden Set    `json:"hidden"`
}

// Active reports whether f hides anything.
func (f *Filter) Active() bool { return f != nil && f.Key != "" && f.Hidden.Len() > 0 }

// Filters reports whether s hides any feature by category, value or
// condition.
func (s Style) Filters() bool { return s.Hidden.Len() > 0 || s.Filter.Active() || len(s.Where) > 0 }

// CategoryColor returns the colour s gives category name, if it sets one.
func (s Style) CategoryColor(name string) (color.NRGBA, bool) {
	c, ok := s.CategoryColors[name]
	if !ok || c.A == 0 {
		return color.NRGBA{}, false
	}
	return color.NRGBA(c), true
}

// Location returns the zone of Zone (UTC when empty or unknown: Check
// reports an unknown zone when a style is read).
func (s Style) Location() *time.Location {
	if s.Zone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(s.Zone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// SetLocation sets Zone to loc's name ("" for UTC or nil).
func (s *Style) SetLocation(loc *time.Location) {
	if loc == nil || loc == time.UTC {
		s.Zone = ""
		return
	}
	s.Zone = loc.String()
}

// Clone returns a deep copy of s, whose maps may be changed freely.
func (s Style) Clone() Style {
	s.CategoryColors = maps.Clone(s.CategoryColors)
	s.Hidden = maps.Clone(s.Hidden)
	if s.Density != nil {
		d := *s.Density
		s.Density = &d
	}
	if s.Filter != nil {
		f := *s.Filter
		f.Hidden = maps.Clone(f.Hidden)
		s.Filter = &f
	}
	if s.Places != nil {
		p := *s.Places
		s.Places = &p
	}
	s.Where = cloneWhere(s.Where)
	s.cloneSymbology()
	return s
}

// Key returns a string that is the same for two styles exactly when they
// draw the same way: for comparisons and cache keys.
func (s Style) Key() string {
	b, _ := json.Marshal(s) // map keys and sets marshal sorted
	return string(b)
}

// Check reports a style no campmap could draw: an opacity outside 0..1,
// an unknown zone, palette or shape, or graduated classes out of bounds. Colours are checked as they are read.
func (s Style) Check() error {
	if !(s.Opacity >= 0 && s.Opacity <= 1) {
		return fmt.Errorf("opacity %v is not between 0 and 1", s.Opacity)
	}
	if !(s.FillOpacity >= 0 && s.FillOpacity <= 1) {
		return fmt.Errorf("fill opacity %v is not between 0 and 1", s.FillOpacity)
	}
	if d := s.Density; d != nil {
		if d.Shape != DensityHexagons && d.Shape != DensitySquares {
			return fmt.Errorf("density shape %q is neither %q nor %q", d.Shape, DensityHexagons, DensitySquares)
		}
		if !(d.Meters >= MinDensityMeters && d.Meters <= MaxDensityMeters) {
			return fmt.Errorf("density bins of %v m: want %d m to %d km", d.Meters, MinDensityMeters, MaxDensityMeters/1000)
		}
	}
	if s.Zone != "" {
		if _, err := time.LoadLocation(s.Zone); err != nil {
			return fmt.Errorf("zone %q is not a known time zone", s.Zone)
		}
	}
	if err := checkWhere(s.Where); err != nil {
		return err
	}
	return s.checkSymbology()
}

// Color is a colour as a style keeps it; it reads and writes "#rrggbb"
// (or "#rrggbbaa" when not opaque) in JSON. The zero Color is unset.
type Color color.NRGBA

// RGBA implements color.Color.
func (c Color) RGBA() (r, g, b, a uint32) { return color.NRGBA(c).RGBA() }

// MarshalText writes c as format.Color does.
func (c Color) MarshalText() ([]byte, error) { return []byte(format.Color(color.NRGBA(c))), nil }

// UnmarshalText reads a colour as format.ParseColor does; "" is unset.
func (c *Color) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = Color{} // written by versions that kept "" for no colour
		return nil
	}
	v, err := format.ParseColor(string(b))
	if err != nil {
		return err
	}
	*c = Color(v)
	return nil
}

// Set is a set of strings; it reads and writes a sorted JSON list.
type Set map[string]bool

// Len returns how many members s holds.
func (s Set) Len() int {
	n := 0
	for _, in := range s {
		if in {
			n++
		}
	}
	return n
}

// Sorted returns the members of s in order.
func (s Set) Sorted() []string {
	out := make([]string, 0, len(s))
	for k, in := range s {
		if in {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// SetOf returns the set of vs.
func SetOf(vs ...string) Set {
	s := Set{}
	for _, v := range vs {
		s[v] = true
	}
	return s
}

// MarshalJSON writes the members of s as a sorted list.
func (s Set) MarshalJSON() ([]byte, error) { return json.Marshal(s.Sorted()) }

// UnmarshalJSON reads a list of strings.
func (s *Set) UnmarshalJSON(b []byte) error {
	var vs []string
	if err := json.Unmarshal(b, &vs); err != nil {
		return fmt.Errorf("want a list of values: %w", err)
	}
	if vs == nil {
		*s = nil
		return nil
	}
	*s = SetOf(vs...)
	return nil
}

// Explain returns what is wrong with the colours or the conditions of a
// style's JSON object, naming the field ("fill", the category, or the
// condition by number and property), or nil when they read: the
// error a colour gives while decoding names no field, so readers of
// project files and manifests call Explain for the message they show.
func Explain(obj []byte) error {
	var raw struct {
		Fill           *string           `json:"fill"`
		CategoryColors map[string]string `json:"category_colors"`
	}
	if err := explainWhere(obj); err != nil {
		return err
	}
	if json.Unmarshal(obj, &raw) != nil {
		return nil
	}
	if raw.Fill != nil && *raw.Fill != "" {
		if _, err := format.ParseColor(*raw.Fill); err != nil {
			return fmt.Errorf("fill %q is not a colour: write it #rrggbb or #rrggbbaa", *raw.Fill)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(raw.CategoryColors)) {
		if _, err := format.ParseColor(raw.CategoryColors[k]); err != nil {
			return fmt.Errorf("colour %q of category %q is not a colour: write it #rrggbb or #rrggbbaa", raw.CategoryColors[k], k)
		}
	}
	return nil
}
