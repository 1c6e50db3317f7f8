// Package edit changes data layers: edit operations that turn one
// immutable data.Layer into a new one, their inverses, an undo history,
// vertex editing of orb geometries, and the snapping and hit-testing
// arithmetic of an editing tool, in pixels of any projection. It imports
// no widget toolkit; the window (ui) drives it.
//
// Every edit builds a new layer, so whatever reads layers (the time index,
// density cells, identify, counts, exporters) sees the edit at once, and
// a layer already handed to a render worker is never changed under it.
package edit

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"campmap/data"
)

// OpKind says what an Op does.
type OpKind uint8

// The kinds of edit.
const (
	Insert  OpKind = iota // add F as feature At, shifting those after it
	Delete                // remove feature At
	Replace               // put F in place of feature At
)

// String names the kind, as undo and redo messages do.
func (k OpKind) String() string {
	switch k {
	case Insert:
		return "add"
	case Delete:
		return "delete"
	}
	return "change"
}

// Op is one edit of a layer. It is a value: the history keeps it and its
// inverse, and neither refers to the layer it was applied to. F's geometry
// and properties are never changed once the Op is made.
type Op struct {
	Kind OpKind
	At   int          // feature index
	F    data.Feature // the feature added or put in place (Insert, Replace)
	// Keys, when not nil, are the layer's columns after the edit, in
	// order (others the features hold follow). Apply gives the inverse
	// the columns before the edit, so an undo restores them exactly;
	// nil keeps the layer's.
	Keys []string
}

// NewFeature returns an undated feature of geometry g with props (the
// zero data.Feature is dated at the epoch: its Span is not Undated).
func NewFeature(g orb.Geometry, props ...data.Property) data.Feature {
	return data.Feature{Geometry: g, Span: data.Undated, Props: props}
}

// Feature returns feature i of l as a data.Feature that Builder.Add makes
// the same feature again: its geometry, id, own kind (KindOther when it
// takes the layer's), span, properties, heights and measures.
func Feature(l *data.Layer, i int) data.Feature {
	k := l.FeatureKind(i)
	if k == l.Kind {
		k = data.KindOther
	}
	return data.Feature{Geometry: l.Geometry(i), ID: l.ID(i), Kind: k, Span: l.Span(i), Props: l.Props(i), Z: l.Z(i), M: l.M(i)}
}

// Features returns every feature of l (see Feature).
func Features(l *data.Layer) []data.Feature {
	out := make([]data.Feature, l.Len())
	for i := range out {
		out[i] = Feature(l, i)
	}
	return out
}

// Apply returns the layer op makes of l and the Op that undoes it. l is
// not changed.
func Apply(l *data.Layer, op Op) (*data.Layer, Op, error) {
	fs := Features(l)
	var inv Op
	switch op.Kind {
	case Insert:
		if op.At < 0 || op.At > len(fs) {
			return nil, Op{}, fmt.Errorf("edit: add feature %d: the layer has %d", op.At, len(fs))
		}
		fs = slices.Insert(fs, op.At, op.F)
		inv = Op{Kind: Delete, At: op.At}
	case Delete, Replace:
		if op.At < 0 || op.At >= len(fs) {
			return nil, Op{}, fmt.Errorf("edit: %s feature %d: the layer has %d", op.Kind, op.At, len(fs))
		}
		inv = Op{Kind: Insert, At: op.At, F: fs[op.At]}
		if op.Kind == Delete {
			fs = slices.Delete(fs, op.At, op.At+1)
		} else {
			inv.Kind = Replace
			fs[op.At] = op.F
		}
	default:
		return nil, Op{}, fmt.Errorf("edit: unknown edit kind %d", op.Kind)
	}
	if op.Kind != Delete {
		if err := check(op.F.Geometry); err != nil {
			return nil, Op{}, fmt.Errorf("edit: %s feature %d: %w", op.Kind, op.At, err)
		}
	}
	keys := op.Keys
	if keys == nil {
		keys = l.Keys()
	}
	nl, err := rebuild(l, fs, keys)
	if err != nil {
		return nil, Op{}, err
	}
	inv.Keys = l.Keys()
	return nl, inv, nil
}

// Rebuild returns a layer with l's settings (name, file, source, kind,
// zone, count property, category property, warnings, columns) holding
// features fs.
func Rebuild(l *data.Layer, fs []data.Feature) (*data.Layer, error) {
	return rebuild(l, fs, l.Keys())
}

// rebuild is Rebuild with the columns keys declared first.
func rebuild(l *data.Layer, fs []data.Feature, keys []string) (*data.Layer, error) {
	b := data.NewBuilder(l.Name, len(fs))
	nl := b.Layer()
	nl.Path, nl.Source, nl.Kind, nl.Zone = l.Path, l.Source, l.Kind, l.Zone
	nl.Warnings, nl.Foreign = l.Warnings, l.Foreign
	nl.CountKey, nl.CountIsMinimum = l.CountKey, l.CountIsMinimum
	nl.Skipped, nl.SkippedHeader, nl.Rows = l.Skipped, l.SkippedHeader, l.Rows
	b.DeclareKeys(keys, l.Tabular()) // the columns stay, in their order, even when no feature holds one
	for i, f := range fs {
		if err := b.Add(f); err != nil {
			return nil, fmt.Errorf("edit: rebuild %s: feature %d: %w", l.Name, i, err)
		}
	}
	// The category property stays the one chosen; a layer without one
	// (a new annotation layer) takes the first of data.CategoryKeys its
	// features come to have, unless the user chose none.
	chosenNone := l.CategoryKey() == "" && slices.ContainsFunc(l.Keys(), func(k string) bool { return slices.Contains(data.CategoryKeys, k) })
	b.SetCategoryKey(l.CategoryKey())
	out := b.Build()
	if chosenNone && out.CategoryKey() != "" {
		out = out.WithCategoryKey("")
	}
	return out, nil
}

// check reports a geometry a layer cannot hold.
func check(g orb.Geometry) error {
	if g == nil {
		return fmt.Errorf("no geometry")
	}
	b := g.Bound()
	for _, v := range [...]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		if v != v || v > 1e300 || v < -1e300 {
			return fmt.Errorf("coordinates are not finite")
		}
	}
	return nil
}

// Same reports the first difference between a and b as a reader of
// layers sees them (features, their geometry, id, kind, span,
// properties and category, and the layer's bounds and time extent), or
// nil when there is none.
func Same(a, b *data.Layer) error {
	if a.Len() != b.Len() {
		return fmt.Errorf("edit: %d features, want %d", a.Len(), b.Len())
	}
	if a.Name != b.Name || a.Path != b.Path || a.Kind != b.Kind || a.CategoryKey() != b.CategoryKey() ||
		a.Tabular() != b.Tabular() || !slices.Equal(a.Keys(), b.Keys()) {
		return fmt.Errorf("edit: layer settings differ")
	}
	if a.Len() > 0 && a.Bounds() != b.Bounds() {
		return fmt.Errorf("edit: bounds %v, want %v", a.Bounds(), b.Bounds())
	}
	if a.TimeExtent() != b.TimeExtent() || a.UndatedCount() != b.UndatedCount() {
		return fmt.Errorf("edit: time extent differs")
	}
	for i := 0; i < a.Len(); i++ {
		if !orb.Equal(a.Geometry(i), b.Geometry(i)) || a.IsPoint(i) != b.IsPoint(i) {
			return fmt.Errorf("edit: feature %d: geometry %v, want %v", i, a.Geometry(i), b.Geometry(i))
		}
		if a.ID(i) != b.ID(i) || a.FeatureKind(i) != b.FeatureKind(i) || a.Span(i) != b.Span(i) || a.Category(i) != b.Category(i) {
			return fmt.Errorf("edit: feature %d: id, kind, span or category differ", i)
		}
		if !sameFloats(a.Z(i), b.Z(i)) || !sameFloats(a.M(i), b.M(i)) {
			return fmt.Errorf("edit: feature %d: heights %v %v, want %v %v", i, a.Z(i), a.M(i), b.Z(i), b.M(i))
		}
		if !slices.Equal(a.Props(i), b.Props(i)) {
			return fmt.Errorf("edit: feature %d: properties %v, want %v", i, a.Props(i), b.Props(i))
		}
	}
	return nil
}

// sameFloats reports whether a and b hold the same values, NaN equal to
// NaN.
func sameFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || x != x && y != y })
}
