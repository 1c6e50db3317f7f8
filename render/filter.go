package render

import "campmap/data"

// filters reports whether lv hides any feature by category or property.
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

// Keep reports whether lv's category and property filters keep feature i
// (time is not considered).
func (lv LayerView) Keep(i int) bool {
	l := lv.Layer
	if l == nil {
		return false
	}
	if len(lv.Hidden) > 0 && lv.Hidden[l.Category(i)] {
		return false
	}
	if f := lv.Filter; f.Active() {
		if v, ok := l.Prop(i, f.Key); ok && f.Hidden[v.String()] {
			return false
		}
	}
	return true
}

// keepFilter returns the category and property filter of layer l in sc, or
// nil when it keeps every feature.
func keepFilter(sc *Scene, l *data.Layer) func(i int) bool {
	if sc == nil {
		return nil
	}
	for _, lv := range sc.Layers {
		if lv.Layer == l && lv.filters() {
			return lv.Keep
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
