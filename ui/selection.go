package ui

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2/lang"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/geo"
	"campmap/render"
)

// areaRequest asks what lies inside a ring drawn with the measure tool:
// the scene as shown (its time window and filters apply) and the ring.
type areaRequest struct {
	sc   *render.Scene
	ring []orb.Point
}

// areaCount is what one visible layer holds inside the ring.
type areaCount struct {
	layer *data.Layer
	total int
	byCat map[string]int   // by category ("" for none)
	keep  func(i int) bool // the features inside, for exporting them
}

// countInArea counts, for each visible layer of sc, the features inside
// ring that the scene shows (time window, hidden categories, value
// filter), as `campmap inspect --within` does.
func countInArea(ctx context.Context, r areaRequest) []areaCount {
	ring := append(orb.Ring(nil), r.ring...)
	ring = append(ring, ring[0])
	region, ok := geo.NewRegion(orb.Polygon{ring})
	if !ok || r.sc == nil {
		return nil
	}
	var out []areaCount
	for _, lv := range r.sc.Layers {
		l := lv.Layer
		if !lv.Visible || l == nil || l.Len() == 0 || !l.Bounds().Intersects(region.Bound()) {
			continue
		}
		if ctx.Err() != nil {
			return nil
		}
		window := r.sc.Window
		kept := lv.Keeper()
		keep := func(i int) bool { return region.Contains(l.Anchor(i)) && kept(i) }
		inWindow := func(i int) bool {
			s := l.Span(i)
			return keep(i) && (!window.Dated() || !s.Dated() || (r.sc.Inside && s.Inside(window)) || (!r.sc.Inside && s.Overlaps(window)))
		}
		counts := l.CountCategories(window, r.sc.Inside, keep)
		c := areaCount{layer: l, byCat: map[string]int{}, keep: inWindow}
		cats := l.Categories()
		for ci, n := range counts {
			c.total += n
			if n > 0 && ci > 0 {
				c.byCat[cats[ci-1]] = n
			} else if n > 0 {
				c.byCat[""] = n
			}
		}
		if c.total > 0 {
			out = append(out, c)
		}
	}
	return out
}

// areaText writes the counts for the measure card.
func areaText(cs []areaCount) string {
	if len(cs) == 0 {
		return lang.L("Inside: nothing shown in this area.")
	}
	var b strings.Builder
	b.WriteString(lang.L("Inside:"))
	for _, c := range cs {
		fmt.Fprintf(&b, "\n%s: %s", c.layer.Name, groupThousands(int64(c.total)))
		if len(c.byCat) > 1 || (len(c.byCat) == 1 && c.byCat[""] == 0) {
			names := make([]string, 0, len(c.byCat))
			for n := range c.byCat {
				names = append(names, n)
			}
			sort.Slice(names, func(i, j int) bool {
				return c.byCat[names[i]] > c.byCat[names[j]] || c.byCat[names[i]] == c.byCat[names[j]] && names[i] < names[j]
			})
			var parts []string
			for _, n := range names[:min(len(names), 6)] {
				label := n
				if label == "" {
					label = lang.L("no category")
				}
				parts = append(parts, fmt.Sprintf("%s %s", label, groupThousands(int64(c.byCat[n]))))
			}
			if len(names) > 6 {
				parts = append(parts, fmt.Sprintf(lang.L("%d more"), len(names)-6))
			}
			for i := 0; i < len(parts); i += 2 { // two to a line: the card stays narrow
				fmt.Fprintf(&b, "\n    %s", strings.Join(parts[i:min(i+2, len(parts))], " · "))
			}
		}
	}
	return b.String()
}

// startAreaCounts connects the measure tool's closed rings to a worker
// that counts what lies inside them, and the card's Export button to the
// layer export.
func (mw *MainWindow) startAreaCounts() {
	t := mw.mv.measure
	w := newWorker(mw.ctx, mw.q, lang.L("counting the features in an area"), countInArea,
		func(_ areaRequest, cs []areaCount) {
			t.setInside(areaText(cs), len(cs) > 0)
			t.insideCounts = cs
		})
	w.onPanic = mw.reportFailure
	mw.areas = w
	t.onClosed = func() { mw.recountArea() }
	t.onOpen = func() { w.cancel(); t.insideCounts = nil; t.setInside("", false) }
	t.onExport = func() {
		if cs := t.insideCounts; len(cs) > 0 {
			best := cs[0]
			for _, c := range cs[1:] {
				if c.layer.Kind == data.KindIncident && (best.layer.Kind != data.KindIncident || c.total > best.total) {
					best = c
				}
			}
			mw.chooseLayerExportFile(best.layer, best.keep)
		}
	}
}

// recountArea counts again what the closed ring holds, in the scene as
// it is now (after a change of window or filters).
func (mw *MainWindow) recountArea() {
	if t := mw.mv.measure; mw.areas != nil && t.on && t.closed {
		mw.areas.request(areaRequest{sc: mw.scene, ring: append([]orb.Point(nil), t.pts...)})
	}
}
