package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/csv"
	"campmap/geo"
	"campmap/internal/format"
	"campmap/render"
)

// maxResults bounds the matches a search lists.
const maxResults = 50

// searchMatch is one feature whose name, id or another text property
// matches a search, or a place typed as coordinates (at set).
type searchMatch struct {
	hit   render.Hit
	label string
	at    *orb.Point
}

// search finds features by name or id in the visible layers of a scene, on
// a worker, and lists them under the entry; choosing one centres the map on
// it and identifies it. It belongs to the UI goroutine.
type search struct {
	mw      *MainWindow
	entry   *escEntry
	results *fyne.Container // shown above the layers, in the panel's scroll
	finds   *worker[searchRequest, searchResult]
	scene   *render.Scene // the scene the results index into
	matches []searchMatch // tests read them
}

func newSearch(mw *MainWindow) *search {
	s := &search{mw: mw}
	s.entry = newEntry()
	s.entry.SetPlaceHolder(lang.L("Find a feature by any text, or go to lat, lon"))
	s.entry.ActionItem = widget.NewButtonWithIcon("", theme.SearchIcon(), func() { s.run(s.entry.Text) })
	s.entry.OnSubmitted = s.run
	s.entry.OnChanged = func(t string) {
		if strings.TrimSpace(t) == "" {
			s.clear()
		}
	}
	s.results = container.NewVBox()
	s.finds = newWorker(mw.ctx, mw.q, lang.L("searching the features"),
		func(ctx context.Context, r searchRequest) searchResult {
			ms, more := findFeatures(ctx, r.scene, r.query, maxResults, r.zone)
			return searchResult{ms, more}
		},
		func(r searchRequest, res searchResult) {
			if pm := placeMatch(r.text); pm != nil {
				res.matches = append([]searchMatch{*pm}, res.matches...)
			}
			s.show(r.scene, res.matches, res.more)
		})
	s.finds.onPanic = mw.reportFailure
	return s
}

// searchRequest is one search: the scene as shown, the text (folded: format.Fold)
// and the display zone.
type searchRequest struct {
	scene *render.Scene
	query string
	text  string // as typed, for coordinates
	zone  *time.Location
}

// searchResult is what a search found (see findFeatures).
type searchResult struct {
	matches []searchMatch
	more    bool
}

func (s *search) clear() {
	s.finds.cancel()
	s.matches, s.scene = nil, nil
	s.results.Objects = nil
	s.results.Refresh()
	s.mw.panel.relayout()
}

// run searches the current scene for text.
func (s *search) run(text string) {
	q := format.Fold(strings.TrimSpace(text))
	if q == "" {
		s.clear()
		return
	}
	s.finds.request(searchRequest{scene: s.mw.scene, query: q, text: text, zone: s.mw.zone})
}

// findFeatures returns up to n features of sc's visible layers whose name
// or id contains q (folded by format.Fold), and whether there were more. Places come
// before events: camps, terminals, ports, routes and other layers first,
// incidents last, each group topmost layer first. A dated match is labelled
// with its time in zone so that repeated names stay apart. It gives up,
// returning nothing, once ctx ends.
func findFeatures(ctx context.Context, sc *render.Scene, q string, n int, zone *time.Location) (out []searchMatch, more bool) {
	if sc == nil {
		return nil, false
	}
	out = findPlaces(sc, q, maxPlaceResults)
	var order []int
	for pass := range 2 {
		for li := len(sc.Layers) - 1; li >= 0; li-- {
			if l := sc.Layers[li].Layer; l != nil && (l.Kind == data.KindIncident) == (pass == 1) {
				order = append(order, li)
			}
		}
	}
	for _, li := range order {
		lv := sc.Layers[li]
		l := lv.Layer
		if !lv.Visible {
			continue
		}
		keep := lv.Keeper()
		if ctx.Err() != nil {
			return nil, false
		}
		for i := range l.Len() {
			if i&4095 == 4095 && ctx.Err() != nil {
				return nil, false
			}
			name := l.FeatureName(i)
			idText := ""
			if id := l.ID(i); id.Type != data.ValueNull {
				idText = id.String()
			}
			field := "" // the other property that matched, when name and id did not
			if !strings.Contains(format.Fold(name), q) && !strings.Contains(format.Fold(idText), q) {
				for _, pr := range l.Props(i) {
					if pr.Value.Type == data.ValueString && strings.Contains(format.Fold(pr.Value.Str), q) {
						field = pr.Key + ": " + shorten(pr.Value.Str, 50)
						break
					}
				}
				if field == "" {
					continue
				}
			}
			if !keep(i) {
				continue // hidden by the layer's filters
			}
			if len(out) == n {
				return out, true
			}
			label := featureTitle(l, i)
			if name == "" && field == "" && idText != "" {
				label = idText
			}
			label = shorten(label, 60)
			if field != "" && !strings.HasSuffix(field, ": "+label) {
				label += " · " + field
			}
			if sp := l.Span(i); sp.Dated() {
				label += " · " + dateText(sp.StartTime(zone))
			}
			out = append(out, searchMatch{hit: render.Hit{Layer: li, Feature: i}, label: label + " · " + l.Name})
		}
	}
	return out, false
}

// maxPlaceResults bounds the towns a search lists before the features.
const maxPlaceResults = 8

// findPlaces returns the towns and cities of the basemap's gazetteer
// (Natural Earth's populated places) whose name contains q, the largest
// first.
func findPlaces(sc *render.Scene, q string, n int) []searchMatch {
	if sc.Basemap == nil {
		return nil
	}
	var out []searchMatch
	for i := range sc.Basemap.Places {
		p := &sc.Basemap.Places[i]
		if strings.Contains(format.Fold(p.Name), q) {
			at := p.At
			out = append(out, searchMatch{at: &at, label: fmt.Sprintf(lang.L("%s · town (%s, %s)"), p.Name, decimal(at[1], 3), decimal(at[0], 3))})
			if len(out) == n {
				break
			}
		}
	}
	return out
}

// shorten cuts s to n runes with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// placeMatch is the result for a query typed as coordinates ("50.95,
// 1.85", DMS), or nil.
func placeMatch(text string) *searchMatch {
	lon, lat, ok := csv.ParseLatLon(text)
	if !ok {
		return nil
	}
	p := orb.Point{lon, lat}
	return &searchMatch{at: &p, label: fmt.Sprintf(lang.L("Go to %s, %s (latitude, longitude)"), decimal(lat, 5), decimal(lon, 5))}
}

func (s *search) show(sc *render.Scene, ms []searchMatch, more bool) {
	s.scene, s.matches = sc, ms
	objs := make([]fyne.CanvasObject, 0, len(ms)+1)
	for _, m := range ms {
		objs = append(objs, newTapLabel(m.label, func() { s.choose(m) }))
	}
	switch {
	case len(ms) == 0:
		objs = append(objs, widget.NewLabel(lang.L("No feature of a visible layer matches.")))
	case more:
		objs = append(objs, widget.NewLabel(fmt.Sprintf(lang.L("Only the first %d matches are listed."), maxResults)))
	}
	s.results.Objects = objs
	s.results.Refresh()
	s.mw.panel.relayout()
}

// choose centres the map on a match and identifies it.
func (s *search) choose(m searchMatch) {
	mw := s.mw
	if m.at != nil {
		vp := mw.mv.Viewport()
		mw.mv.SetViewport(geo.New(*m.at, max(vp.Zoom, 13), vp.W, vp.H))
		mw.mv.Mark(m.at)
		return
	}
	if s.scene == nil || m.hit.Layer >= len(s.scene.Layers) {
		return
	}
	l := s.scene.Layers[m.hit.Layer].Layer
	if l == nil || m.hit.Feature >= l.Len() {
		return
	}
	f := m.hit.Feature
	if b := l.Geometry(f).Bound(); !l.IsPoint(f) && validBound(b) && b.Max[0] > b.Min[0] && b.Max[1] > b.Min[1] {
		mw.mv.FitBound(b)
	} else {
		vp := mw.mv.Viewport()
		mw.mv.SetViewport(geo.New(l.Anchor(f), max(vp.Zoom, 13), vp.W, vp.H))
	}
	mw.info.showAll(s.scene, []render.Hit{m.hit}) // rings the feature
}

// tapLabel is a one-line label, cut to its width, that acts when tapped.
type tapLabel struct {
	widget.Label
	onTap func()
}

func newTapLabel(text string, onTap func()) *tapLabel {
	l := &tapLabel{onTap: onTap}
	l.Text = text
	l.Truncation = fyne.TextTruncateEllipsis
	l.ExtendBaseWidget(l)
	return l
}

// Tapped runs the label's action.
func (l *tapLabel) Tapped(*fyne.PointEvent) { l.onTap() }

// Cursor shows a pointing hand over the label.
func (l *tapLabel) Cursor() desktop.Cursor { return desktop.PointerCursor }
