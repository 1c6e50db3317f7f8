package render

import (
	"encoding/json"
	"strings"

	"campmap/data"
	"campmap/data/style"
	"campmap/internal/format"
)

// filters reports whether lv hides any feature by category, property or
// condition.
func (lv LayerView) filters() bool { return lv.Style.Filters() }

// hiddenByIndex returns which category indices (see data.Layer.CategoryIndex)
// lv hides, for loops over many features; nil when it hides none.
func (lv LayerView) hiddenByIndex() []bool {
	if lv.Hidden.Len() == 0 || lv.Layer == nil {
		return nil
	}
	cats := lv.Layer.Categories()
	out := make([]bool, len(cats)+1)
	out[0] = lv.Hidden[""]
	for i, c := range cats {
		out[i+1] = lv.Hidden[c]
	}
	return out
}

// Keep reports whether lv's category and property filters and its
// conditions on values (style.Style.Where) keep feature i (time is not
// considered). It is the one predicate the map, identify, the counts, the
// histogram, the exports and the area counts use. In a loop over many
// features call Keeper once instead.
func (lv LayerView) Keep(i int) bool {
	if lv.Layer == nil || i < 0 || i >= lv.Layer.Len() {
		return false
	}
	return lv.Keeper()(i)
}

// Keeper returns Keep as a function, the conditions evaluated once for the
// whole layer (and kept with it, see whereMask): for loops over many
// features. It is safe for concurrent use; the first call for a layer and
// set of conditions reads every feature.
func (lv LayerView) Keeper() func(i int) bool {
	l := lv.Layer
	if l == nil {
		return func(int) bool { return false }
	}
	hidden := lv.Hidden
	if hidden.Len() == 0 {
		hidden = nil
	}
	// the value filter and the conditions, as one list (style.Conditions)
	var mask []bool
	if conds := lv.Conditions(); len(conds) > 0 {
		mask = whereMask(l, conds)
	}
	if hidden == nil && mask == nil {
		return func(int) bool { return true }
	}
	return func(i int) bool {
		if hidden != nil && hidden[l.Category(i)] {
			return false
		}
		return mask == nil || mask[i]
	}
}

// keepFilter returns the category and property filter of layer l in sc, or
// nil when it keeps every feature.
func keepFilter(sc *Scene, l *data.Layer) func(i int) bool {
	if sc == nil {
		return nil
	}
	for _, lv := range sc.Layers {
		if lv.Layer == l && lv.filters() {
			return lv.Keeper()
		}
	}
	return nil
}

// Shows returns which features of layer l sc draws: those in its time
// window that the layer's category, property and value filters keep. It
// is the one predicate frames, counts and identify apply, for the window's
// lists (the attribute table) to list what the map draws; nil when every
// feature is drawn. Layer visibility is not
// considered. The function is safe for concurrent use.
func (sc *Scene) Shows(l *data.Layer) func(i int) bool { return timeFilter(sc, l) }

// whereKey writes conditions by content, for cache keys ("" for none).
func whereKey(where []style.Condition) string {
	if len(where) == 0 {
		return ""
	}
	b, _ := json.Marshal(where) // sets marshal sorted
	return string(b)
}

// whereMasks is how many condition masks a layer keeps.
const whereMasks = 4

// whereMask returns, for each feature of l, whether it meets every
// condition of where; computed once per layer and conditions and kept
// with the layer (its last whereMasks sets).
func whereMask(l *data.Layer, where []style.Condition) []bool {
	return layers.of(l).where.get(whereKey(where), whereMasks, func() []bool { return evalWhere(l, where) })
}

// maxMemo is how many distinct text values evalWhere remembers the result
// of, per condition.
const maxMemo = 1 << 16

// evalWhere evaluates where on every feature of l.
func evalWhere(l *data.Layer, where []style.Condition) []bool {
	n := l.Len()
	keep := make([]bool, n)
	for i := range keep {
		keep[i] = true
	}
	for _, c := range where {
		meets := Matcher(c)
		missing := meets(data.Value{}, false)
		// Text columns repeat few values: their results are kept, up to
		// maxMemo of them, so that each distinct text is folded once.
		memo := map[string]bool{}
		for i := range n {
			if !keep[i] {
				continue
			}
			v, ok := l.Prop(i, c.Key)
			switch {
			case !ok || v.Type == data.ValueNull:
				keep[i] = missing
			case v.Type == data.ValueString:
				m, seen := memo[v.Str]
				if !seen {
					m = meets(v, true)
					if len(memo) < maxMemo {
						memo[v.Str] = m
					}
				}
				keep[i] = m
			default:
				keep[i] = meets(v, true)
			}
		}
	}
	return keep
}

// Matcher returns whether a value meets condition c (has false for a
// feature without the property or with a null value). See style.Condition
// for what each operator compares; a condition Check rejects meets
// nothing.
func Matcher(c style.Condition) func(v data.Value, has bool) bool {
	never := func(data.Value, bool) bool { return false }
	if c.Check() != nil {
		return never
	}
	folded := format.Fold(c.Value)
	switch c.Op {
	case style.OpIn, style.OpNotIn:
		in := c.Op == style.OpIn
		return func(v data.Value, has bool) bool {
			if !has {
				return !in
			}
			return c.Values[v.String()] == in
		}
	case style.OpEq, style.OpNe:
		eq := c.Op == style.OpEq
		num, isNum := style.ParseNumber(c.Value)
		return func(v data.Value, has bool) bool {
			if !has {
				return !eq
			}
			if isNum {
				if f, ok := numberOf(v); ok {
					return (f == num) == eq
				}
			}
			return (format.Fold(strings.TrimSpace(v.String())) == strings.TrimSpace(folded)) == eq
		}
	case style.OpContains:
		return func(v data.Value, has bool) bool {
			return has && strings.Contains(format.Fold(v.String()), folded)
		}
	}
	// Order comparisons and between: numbers, else dates, else text.
	lo, hi := c.Value, c.Value
	loIn, hiIn := c.Op == style.OpGe, c.Op == style.OpLe
	switch c.Op {
	case style.OpLt, style.OpLe:
		lo = ""
	case style.OpGt, style.OpGe:
		hi = ""
	case style.OpBetween:
		lo, hi, loIn, hiIn = c.Min, c.Max, true, true
	}
	inRange := func(x, a, b float64, hasA, hasB bool) bool {
		if hasA && (x < a || x == a && !loIn) {
			return false
		}
		return !hasB || x < b || x == b && hiIn
	}
	if c.IsNumeric() {
		a, hasA := style.ParseNumber(lo)
		b, hasB := style.ParseNumber(hi)
		return func(v data.Value, has bool) bool {
			f, ok := numberOf(v)
			return has && ok && inRange(f, a, b, hasA, hasB)
		}
	}
	da, hasA := style.ParseDate(lo)
	db, hasB := style.ParseDate(hi)
	if (hasA || lo == "") && (hasB || hi == "") {
		return func(v data.Value, has bool) bool {
			if !has {
				return false
			}
			d, ok := style.ParseDate(v.String())
			return ok && inRange(float64(d), float64(da), float64(db), hasA, hasB)
		}
	}
	fa, fb := format.Fold(lo), format.Fold(hi)
	return func(v data.Value, has bool) bool {
		if !has {
			return false
		}
		s := format.Fold(v.String())
		if lo != "" && (s < fa || s == fa && !loIn) {
			return false
		}
		return hi == "" || s < fb || s == fb && hiIn
	}
}

// numberOf reads v as a number: a number, or text holding one (style.ParseNumber).
func numberOf(v data.Value) (float64, bool) {
	switch v.Type {
	case data.ValueNumber:
		return v.Num, true
	case data.ValueString:
		return style.ParseNumber(v.Str)
	}
	return 0, false
}
