package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/edit"
	"campmap/data/project"
	"campmap/data/style"
	"campmap/geo"
	"campmap/render"

	"fyne.io/fyne/v2/lang"
)

// model is what the window shows and saves: its layers with their styles,
// the time window and the display zone. It belongs to the UI goroutine.
// The render scene (scene) and the project file (project) are derived from
// it, never kept beside it; the panels read it and change it only through
// the window's narrow callbacks, which rebuild what depends on it. It
// holds no Fyne object, so its rules are tested without a window.
type model struct {
	layers []*layerEntry // bottom first
	nextID int
	window data.Span // time window; Undated when nothing is dated
	extent data.Span // union of the layers' time extents
	inside bool      // a span must lie inside the window to show
	zone   *time.Location
	// bookmarks are the named views, in the order they were made.
	bookmarks []bookmark
}

// bookmark is a named view as the model keeps it: its layers by entry id
// (a project keeps them by position, which saving and opening map).
type bookmark struct {
	name     string
	viewport project.Viewport
	window   *project.Window // nil: the whole time extent
	visible  []int           // entry ids
}

// layerEntry is one layer of the model with the settings the UI changes.
type layerEntry struct {
	id    int
	layer *data.Layer
	// style is the layer's look, as the scene draws it and the project
	// saves it. Its maps are replaced, never changed in place: scenes
	// handed to workers hold the old value (see model.restyle).
	style  style.Style
	sample bool // from the embedded scenario
	// edits is the layer's undo history, from the first time it was
	// edited on (nil before); it lives as long as the entry.
	edits *edit.History
}

// unsaved reports whether the layer has edits its file does not hold.
func (e *layerEntry) unsaved() bool { return e.edits != nil && e.edits.Dirty() }

// newModel is the model of an empty window showing times in zone (UTC
// when nil).
func newModel(zone *time.Location) model {
	if zone == nil {
		zone = time.UTC
	}
	return model{window: data.Undated, extent: data.Undated, zone: zone}
}

// scene is the render scene of the model over basemap bm.
func (m *model) scene(bm *basemap.Basemap) *render.Scene {
	sc := &render.Scene{Basemap: bm, Window: m.window, Inside: m.inside, Zone: m.zone, ScaleBar: true, Credits: true, Labels: true}
	if french() {
		sc.Lang = "fr" // the map's words as the window speaks (a page may choose another)
	}
	for _, e := range m.layers {
		sc.Layers = append(sc.Layers, render.LayerView{Layer: e.layer, Style: e.style})
	}
	return sc
}

// view is the layer view of e as the scene draws it.
func (e *layerEntry) view() render.LayerView { return render.LayerView{Layer: e.layer, Style: e.style} }

// entry returns the layer with the given id and its index (nil, -1 when
// there is none).
func (m *model) entry(id int) (*layerEntry, int) {
	for i, e := range m.layers {
		if e.id == id {
			return e, i
		}
	}
	return nil, -1
}

// add appends layers on top of the others, shown with the default style
// (on hues of their own: see defaultStyle), and returns their entries.
func (m *model) add(ls ...*data.Layer) []*layerEntry {
	var out []*layerEntry
	for _, l := range ls {
		if l == nil {
			continue
		}
		m.nextID++
		e := &layerEntry{id: m.nextID, layer: l, style: m.defaultStyle(l)} // ui/symbology.go
		m.layers = append(m.layers, e)
		out = append(out, e)
	}
	return out
}

// remove takes layer id out of the model and reports whether it was there.
func (m *model) remove(id int) bool {
	_, i := m.entry(id)
	if i < 0 {
		return false
	}
	m.layers = append(m.layers[:i:i], m.layers[i+1:]...)
	return true
}

// move moves layer id up (towards the top of the drawing, delta > 0) or
// down, and reports whether it moved.
func (m *model) move(id, delta int) bool {
	_, i := m.entry(id)
	j := i + delta
	if i < 0 || j < 0 || j >= len(m.layers) {
		return false
	}
	m.layers[i], m.layers[j] = m.layers[j], m.layers[i]
	return true
}

// restyle gives layer id the style edit makes of a copy of its own (scenes
// already handed to workers keep the old one) and reports whether the
// layer is there.
func (m *model) restyle(id int, edit func(s *style.Style)) bool {
	e, _ := m.entry(id)
	if e == nil {
		return false
	}
	st := e.style.Clone()
	edit(&st)
	e.style = st
	return true
}

// updateExtent recomputes the time extent from the layers (and extra, the
// extent of layers whose features are fetched elsewhere, such as PostGIS
// tables); a window that showed the whole extent keeps doing so, any
// other is kept inside the new extent.
func (m *model) updateExtent(extra func(id int) data.Span) {
	ext := data.Undated
	for _, e := range m.layers {
		ext = ext.Union(e.layer.TimeExtent())
		if extra != nil {
			ext = ext.Union(extra(e.id))
		}
	}
	old := m.extent
	m.extent = ext
	switch {
	case !ext.Dated():
		m.window = data.Undated
	case !m.window.Dated() || m.window == old:
		m.window = ext
	default:
		m.window = clampWindow(m.window, ext)
	}
}

// setWindow sets the time window, clamped to the extent, and reports
// whether it changed.
func (m *model) setWindow(w data.Span) bool {
	if !m.extent.Dated() {
		return false
	}
	w = clampWindow(w, m.extent)
	if w == m.window {
		return false
	}
	m.window = w
	return true
}

// clampWindow keeps w inside ext, keeping its length when it can.
func clampWindow(w, ext data.Span) data.Span {
	if !w.Dated() || w.End < w.Start {
		return ext
	}
	n := w.End - w.Start
	if n >= ext.End-ext.Start {
		return ext
	}
	if w.Start < ext.Start {
		w = data.Span{Start: ext.Start, End: ext.Start + n}
	}
	if w.End > ext.End {
		w = data.Span{Start: ext.End - n, End: ext.End}
	}
	return w
}

// title names what the window shows: the sample, or the files open.
func (m *model) title() string {
	var names []string
	sample := false
	for _, e := range m.layers {
		if e.sample || e.layer.Path == "" {
			sample = true
			continue
		}
		name := filepath.Base(e.layer.Path)
		if e.unsaved() {
			name = "*" + name // unsaved edits
		}
		names = append(names, name)
	}
	if sample {
		names = append([]string{lang.L("Calais, summer 2015 (sample)")}, names...)
	}
	switch {
	case len(names) == 0:
		return "campmap"
	case len(names) > 3:
		return fmt.Sprintf(lang.L("campmap — %s and %d more"), strings.Join(names[:2], ", "), len(names)-2)
	}
	return fmt.Sprintf(lang.L("campmap — %s"), strings.Join(names, ", "))
}

// project is the model as a project file: each layer with its style, kind
// and category, the view vp, the time window (when it is not the whole
// extent) and the display zone. source fills in where a layer comes from
// (its file, sample layer or connection) and reports false for a layer
// that has no source to save.
func (m *model) project(vp geo.Viewport, source func(e *layerEntry, pl *project.Layer) bool) *project.Project {
	p := &project.Project{Version: project.Version, Layers: []project.Layer{}}
	saved := map[int]int{} // entry id → index in p.Layers
	for _, e := range m.layers {
		l := e.layer
		pl := project.Layer{Style: e.style.Clone(), Kind: l.Kind.String(), Category: l.CategoryKey()}
		if pl.Category == "" {
			pl.Category = "-"
		}
		if !source(e, &pl) {
			continue
		}
		saved[e.id] = len(p.Layers)
		p.Layers = append(p.Layers, pl)
	}
	for _, b := range m.bookmarks {
		pb := project.Bookmark{Name: b.name, Viewport: b.viewport, Window: b.window, Visible: []int{}}
		for _, id := range b.visible {
			if i, ok := saved[id]; ok {
				pb.Visible = append(pb.Visible, i)
			}
		}
		p.Bookmarks = append(p.Bookmarks, pb)
	}
	p.Viewport = &project.Viewport{Lon: vp.Center[0], Lat: vp.Center[1], Zoom: vp.Zoom}
	if m.window.Dated() && m.window != m.extent {
		p.Window = project.WindowOf(m.window, m.inside)
	}
	if m.zone != nil && m.zone != time.UTC {
		p.Zone = m.zone.String()
	}
	return p
}

// addBookmark keeps the view vp, the time window and the layers shown
// under name, replacing a bookmark of the same name (case does not
// matter).
func (m *model) addBookmark(name string, vp geo.Viewport) {
	b := bookmark{name: name, viewport: project.Viewport{Lon: vp.Center[0], Lat: vp.Center[1], Zoom: vp.Zoom}}
	if m.window.Dated() && m.window != m.extent {
		b.window = project.WindowOf(m.window, m.inside)
	}
	for _, e := range m.layers {
		if e.style.Visible {
			b.visible = append(b.visible, e.id)
		}
	}
	for i, old := range m.bookmarks {
		if strings.EqualFold(old.name, name) {
			m.bookmarks[i] = b
			return
		}
	}
	m.bookmarks = append(m.bookmarks, b)
}

// setBookmarks takes the bookmarks of project p, whose layer i became the
// entry ids[i] (0 for a layer that could not be opened).
func (m *model) setBookmarks(p *project.Project, ids []int) {
	m.bookmarks = nil
	for _, pb := range p.Bookmarks {
		b := bookmark{name: pb.Name, viewport: pb.Viewport, window: pb.Window}
		for _, i := range pb.Visible {
			if i >= 0 && i < len(ids) && ids[i] != 0 {
				b.visible = append(b.visible, ids[i])
			}
		}
		m.bookmarks = append(m.bookmarks, b)
	}
}

// applyBookmark shows bookmark name's layers and time window and returns
// its view at w×h pixels; ok is false when there is no such bookmark.
func (m *model) applyBookmark(name string, w, h int) (vp geo.Viewport, ok bool) {
	for _, b := range m.bookmarks {
		if b.name != name {
			continue
		}
		for _, e := range m.layers {
			e.style.Visible = slices.Contains(b.visible, e.id)
		}
		m.window, m.inside = m.extent, false
		if b.window != nil {
			if s, err := b.window.Span(m.zone); err == nil && s.Dated() && m.extent.Dated() {
				m.window, m.inside = clampWindow(s, m.extent), b.window.Inside
			}
		}
		return geo.New([2]float64{b.viewport.Lon, b.viewport.Lat}, b.viewport.Zoom, w, h), true
	}
	return geo.Viewport{}, false
}
