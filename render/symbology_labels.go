package render

import (
	"math"
	"strings"

	"campmap/data"
	"campmap/geo"
)

// fieldLabelPrio places labels by a chosen field (style.Style.LabelKey)
// after every kind's names: camps, terminals, ports and routes keep their
// priority.
const fieldLabelPrio = 5

// labelText returns what feature i of lv's layer is labelled with: its
// value of the view's label field when it sets one (trimmed; "" when the
// feature has none), else its name.
func labelText(lv LayerView, i int) string {
	if lv.LabelKey == "" {
		return lv.Layer.FeatureName(i)
	}
	v, ok := lv.Layer.Prop(i, lv.LabelKey)
	if !ok || v.Type == data.ValueNull {
		return ""
	}
	return strings.TrimSpace(v.String())
}

// collectFieldLabels queues the labels by field of the view's points
// drawn as dots (symbols are labelled by collectSymbolLabels), beside
// each dot, after every other label.
func (f *frame) collectFieldLabels(li int, lv LayerView, g *layerGeom, vis func(int) bool) {
	if !f.sc.Labels || lv.LabelKey == "" {
		return
	}
	l := lv.Layer
	box := f.boxOf(f.c.clip, 0)
	g.points.RangePos(box.Min[0], box.Min[1], box.Max[0], box.Max[1], func(pos int, x, y float64) bool {
		id := g.points.ID(pos)
		if hasSymbol(l.FeatureKind(id)) || g.notes && l.IsNote(id) || (vis != nil && !vis(id)) {
			return true
		}
		text := labelText(lv, id)
		if text == "" {
			return true
		}
		k := 0
		if g.keys != nil {
			k = int(g.keys[pos])
		}
		clear := 3 * f.pr
		if k < len(f.syms) {
			sy := f.syms[k]
			clear = sy.r*f.pr*shapeReach(sy.shape) + f.pr
		}
		p := f.t.px(x, y)
		at := pt{math.Floor(p.x) + 0.5, math.Floor(p.y) + 0.5}
		f.addFieldLabel(li, id, l.FeatureKind(id), text, at, clear)
		return len(f.labels) < maxLabelCands
	})
}

// addFieldLabel queues a label by field beside a dot of half size clear.
func (f *frame) addFieldLabel(layer, id int, k data.Kind, text string, at pt, clear float64) {
	if len(f.labels) >= maxLabelCands || !isFinite(at) || !inFrame(f, at, clear) {
		return
	}
	if len(text) > 80 {
		text = text[:80]
	}
	f.labels = append(f.labels, labelCand{prio: fieldLabelPrio, layer: layer, id: id, kind: k, text: text, at: at, clear: clear, obst: -1})
}

// addAreaFieldLabel queues the label by field of area feature i (shape
// s) of a kind without a symbol, centred on its anchor or beside it.
func (f *frame) addAreaFieldLabel(li int, lv LayerView, i int, s *shape) {
	text := labelText(lv, i)
	if text == "" {
		return
	}
	m := geo.Mercator(lv.Layer.Anchor(i))
	a := f.t.px(m[0], m[1])
	lo, hi := f.t.px(s.bound.Min[0], s.bound.Max[1]), f.t.px(s.bound.Max[0], s.bound.Min[1])
	n := len(f.labels)
	f.addFieldLabel(li, i, lv.Layer.FeatureKind(i), text, a, 0)
	if len(f.labels) > n {
		f.labels[n].area = math.Min(math.Max(hi.x-lo.x, hi.y-lo.y)/2, f.px(60))
	}
}
