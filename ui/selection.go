package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2/lang"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/formats/all"
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
	region, ok := ringRegion(r.ring)
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
// that counts what lies inside them, and the card's List and Export
// buttons to the attribute table and the layer exporters.
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
	t.onOpen = func() {
		w.cancel()
		t.insideCounts = nil
		t.setInside("", false)
		mw.table.clearArea()
	}
	t.onExport = func() { mw.exportInside(t.insideCounts) }
	t.onList = func() { mw.listInside(t.insideCounts) }
}

// mainCount is the count the List button opens first: the incident layer
// with the most features inside, else the first layer counted.
func mainCount(cs []areaCount) areaCount {
	best := cs[0]
	for _, c := range cs[1:] {
		if c.layer.Kind == data.KindIncident && (best.layer.Kind != data.KindIncident || c.total > best.total) {
			best = c
		}
	}
	return best
}

// listInside opens the attribute table listing the features inside the
// closed ring that the map shows, of the layer of cs with the most
// incidents first; the table's layer menu shows the others', inside the
// same ring.
func (mw *MainWindow) listInside(cs []areaCount) {
	t := mw.mv.measure
	if len(cs) == 0 || !t.closed {
		return
	}
	region, ok := ringRegion(t.pts)
	if !ok {
		return
	}
	best := mainCount(cs)
	for _, e := range mw.layers {
		if e.layer == best.layer {
			mw.table.showInside(e.id, region)
			return
		}
	}
}

// exportInside asks where to write the features inside the closed ring
// that the map shows, of every layer with some (cs), and writes them: one
// GeoPackage with a table per layer, or a GeoJSON or CSV file per layer
// (all.WriteParts).
func (mw *MainWindow) exportInside(cs []areaCount) {
	if len(cs) == 0 {
		return
	}
	parts := make([]all.Part, 0, len(cs))
	for _, c := range cs {
		parts = append(parts, all.Part{Layer: c.layer, Keep: c.keep})
	}
	name := lang.L("selection") + ".gpkg"
	if len(cs) == 1 {
		name = cs[0].layer.Name + " - " + name
	}
	mw.chooseSavePath(saveRequest{title: lang.L("Export the selection"), name: name, exts: layerExportExts},
		func(path string) { mw.writeInside(parts, path) })
}

// writeInside writes parts to path (all.WriteParts) on a worker and says
// what it wrote in the status bar.
func (mw *MainWindow) writeInside(parts []all.Part, path string) {
	mw.status.message(fmt.Sprintf(lang.L("Exporting %s…"), filepath.Base(path)))
	ctx := mw.ctx
	mw.q.begin()
	go func() {
		paths, err := all.WriteParts(ctx, path, parts)
		mw.q.finish(func() {
			if mw.closed {
				return
			}
			if err != nil {
				mw.showError(lang.L("Could not export"), fmt.Errorf("ui: export the selection: %w", err))
				return
			}
			names := make([]string, len(paths))
			for i, p := range paths {
				names[i] = filepath.Base(p)
			}
			mw.status.message(fmt.Sprintf(lang.L("Exported the selection to %s"), strings.Join(names, ", ")))
		})
	}()
}

// ringRegion is the region inside ring (its points, not closed).
func ringRegion(pts []orb.Point) (geo.Region, bool) {
	if len(pts) < 3 {
		return geo.Region{}, false
	}
	ring := append(orb.Ring(nil), pts...)
	ring = append(ring, ring[0])
	return geo.NewRegion(orb.Polygon{ring})
}

// recountArea counts again what the closed ring holds, in the scene as
// it is now (after a change of window or filters).
func (mw *MainWindow) recountArea() {
	if t := mw.mv.measure; mw.areas != nil && t.on && t.closed {
		mw.areas.request(areaRequest{sc: mw.scene, ring: append([]orb.Point(nil), t.pts...)})
	}
}
