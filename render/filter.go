package render

import "campmap/data"

// PropertyFilter hides the features of a layer whose value of property Key,
// as text, is a key of Hidden (set to true). Features without the property
// are kept.
type PropertyFilter struct {
	Key    string
	Hidden map[string]bool
}

// filters reports whether lv hides any feature by category or property.
func (lv LayerView) filters() bool {
	for _, h := range lv.HiddenCategories {
		if h {
			return true
		}
	}
	return lv.Filter != nil && lv.Filter.Key != "" && len(lv.Filter.Hidden) > 0
}

// Keep reports whether lv's category and property filters keep feature i
// (time is not considered).
func (lv LayerView) Keep(i int) bool {
	l := lv.Layer
	if l == nil {
		return false
	}
	if c := l.CategoryIndex(i); c >= 0 && c < len(lv.HiddenCategories) && lv.HiddenCategories[c] {
		return false
	}
	if f := lv.Filter; f != nil && f.Key != "" && len(f.Hidden) > 0 {
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
