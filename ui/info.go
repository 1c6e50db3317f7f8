package ui

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"campmap/data"
	"campmap/geo"
	"campmap/render"
)

// infoPanel is the side panel that shows the feature a tap identified.
// It belongs to the UI goroutine.
type infoPanel struct {
	m     *model   // for the display zone
	mapv  *MapView // fits the view to a square, rings what is shown
	title *widget.Label
	body  *fyne.Container
	box   *fyne.Container
	rows  [][2]string     // what is shown, for tests
	also  *fyne.Container // the other features under the tap, to pick
	hits  []render.Hit    // every feature under the last tap, shown first
	zoom  *widget.Button
	cell  orb.Bound // the density square shown, when zoom is visible
	// inside counts the features inside the area shown (an area feature
	// as a selection, with the measure tool's counts)
	inside *widget.Button
	area   orb.Ring

	parent fyne.CanvasObject // the container that places the panel
	// onFeature, when set, is told of each feature the panel shows (the
	// attribute table selects its row), and of nothing found (nil, -1:
	// a click beside every feature clears the selection).
	onFeature func(l *data.Layer, i int)
	// onClose, when set, is called once the panel has closed and its ring
	// gone (the attribute table rings its selection again).
	onClose func()
	// onOpen, when set, is called before the hidden panel shows (the
	// window gives it the width the user left it at).
	onOpen func()
}

func newInfoPanel(m *model, mapv *MapView) *infoPanel {
	p := &infoPanel{m: m, mapv: mapv}
	p.title = widget.NewLabel("")
	p.title.TextStyle.Bold = true
	p.title.Wrapping = fyne.TextWrapWord
	// one property after another, its name above its value: a long column
	// name (IOM's "Minimum Estimated Number of Missing") wraps on its own
	// line instead of squeezing the values into a narrow column
	p.body = container.NewVBox()
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), p.hide)
	closeBtn.Importance = widget.LowImportance
	head := container.NewBorder(nil, nil, nil, closeBtn, p.title)
	scroll := container.NewVScroll(p.body)
	p.zoom = widget.NewButtonWithIcon(lang.L("Zoom in to see single incidents"), theme.ZoomInIcon(), func() {
		p.mapv.FitBound(p.cell)
	})
	p.zoom.Hide()
	p.inside = widget.NewButtonWithIcon(lang.L("Count what lies inside"), theme.SearchIcon(), func() {
		p.mapv.measure.selectRing(p.area)
	})
	p.inside.Hide()
	p.also = container.NewVBox()
	panel := container.NewBorder(container.NewVBox(head, p.also), container.NewVBox(p.zoom, p.inside), nil, nil, scroll)
	// the user widens or narrows the panel with the split beside the map
	p.box = withWidth(220, panel)
	p.box.Hide()
	return p
}

func (p *infoPanel) object() fyne.CanvasObject { return p.box }

func (p *infoPanel) hide() {
	p.hits, p.also.Objects = nil, nil
	p.also.Refresh()
	p.box.Hide()
	p.mapv.Mark(nil)
	p.relayout()
	if p.onClose != nil {
		p.onClose()
	}
}

// relayout lays out the panel's parent again after it is shown or hidden.
func (p *infoPanel) relayout() {
	if p.parent != nil {
		p.parent.Refresh()
	}
}

// showAll shows the first of hits, the features under a tap, and lists
// the others (a camp under incident dots) to pick from, topmost first.
func (p *infoPanel) showAll(sc *render.Scene, hits []render.Hit) {
	p.hits = hits
	p.pick(sc, 0)
}

// pick shows hit i of the last tap.
func (p *infoPanel) pick(sc *render.Scene, i int) {
	if len(p.hits) == 0 {
		p.also.Objects = nil
		p.also.Refresh()
		p.show(sc, render.Hit{}, false)
		return
	}
	p.show(sc, p.hits[i], true)
	var objs []fyne.CanvasObject
	if len(p.hits) > 1 {
		head := widget.NewLabel(fmt.Sprintf(lang.L("%d features here:"), len(p.hits)))
		head.Importance = widget.LowImportance
		objs = append(objs, head)
		for j, h := range p.hits {
			label := hitLabel(sc, h)
			if j == i {
				l := widget.NewLabel("▸ " + label)
				l.TextStyle.Bold = true
				l.Truncation = fyne.TextTruncateEllipsis
				objs = append(objs, l)
				continue
			}
			objs = append(objs, newTapLabel(label, func() { p.pick(sc, j) }))
		}
	}
	p.also.Objects = objs
	p.also.Refresh()
	p.relayout()
}

// hitLabel names a hit in the list of features under a tap: its title and
// its layer.
func hitLabel(sc *render.Scene, h render.Hit) string {
	if sc == nil || h.Layer < 0 || h.Layer >= len(sc.Layers) || sc.Layers[h.Layer].Layer == nil {
		return ""
	}
	l := sc.Layers[h.Layer].Layer
	if h.Cell {
		return cellTitle(l, h.Count) + " · " + l.Name
	}
	return shorten(featureTitle(l, h.Feature), 40) + " · " + l.Name
}

// show displays the properties of hit in sc, the summary of a density
// square, or "nothing here".
func (p *infoPanel) show(sc *render.Scene, hit render.Hit, found bool) {
	p.rows = nil
	p.zoom.Hide()
	p.inside.Hide()
	if found && sc != nil && hit.Layer >= 0 && hit.Layer < len(sc.Layers) && hit.Cell {
		if l := sc.Layers[hit.Layer].Layer; l != nil {
			p.rows = cellRows(l, hit, p.m.zone)
			p.cell = hit.CellBound
			p.zoom.Show()
			p.fill(cellTitle(l, hit.Count))
			p.mapv.Mark(nil) // a ring would stand for one incident
			return
		}
	}
	if found && sc != nil && hit.Layer >= 0 && hit.Layer < len(sc.Layers) {
		l := sc.Layers[hit.Layer].Layer
		if l != nil && hit.Feature >= 0 && hit.Feature < l.Len() {
			p.rows = featureRows(l, hit.Feature, p.m.zone)
			p.fill(featureTitle(l, hit.Feature))
			if ring, ok := outerRing(l.Geometry(hit.Feature)); ok {
				p.area = ring
				p.inside.Show()
			}
			a := l.Anchor(hit.Feature)
			if t := p.mapv.tapAt; t != nil && !l.IsPoint(hit.Feature) {
				// A line or an area is ringed where it was clicked: its
				// anchor may be far off, even out of view.
				a = *t
			}
			p.mapv.Mark(&a)
			if p.onFeature != nil {
				p.onFeature(l, hit.Feature)
			}
			return
		}
	}
	p.fill(lang.L("Nothing here"))
	p.mapv.Mark(nil)
	if p.onFeature != nil {
		p.onFeature(nil, -1)
	}
}

func (p *infoPanel) fill(title string) {
	p.title.SetText(title)
	objs := make([]fyne.CanvasObject, 0, 2*len(p.rows))
	for _, r := range p.rows {
		k := widget.NewLabel(r[0])
		k.TextStyle.Bold = true
		k.Wrapping = fyne.TextWrapWord
		k.Importance = widget.LowImportance
		v := widget.NewLabel(r[1])
		v.Wrapping = fyne.TextWrapWord
		v.Selectable = true
		objs = append(objs, container.New(layout.NewCustomPaddedVBoxLayout(0), k, v))
	}
	if len(p.rows) == 0 {
		none := widget.NewLabel(lang.L("No feature under the cursor. Click on a symbol, a line or an area."))
		none.Wrapping = fyne.TextWrapWord
		objs = append(objs, none)
	}
	p.body.Objects = objs
	p.body.Refresh()
	if !p.box.Visible() && p.onOpen != nil {
		p.onOpen()
	}
	p.box.Show()
	p.relayout()
}

// text returns everything the panel shows, one "key: value" a line.
func (p *infoPanel) text() string {
	var b strings.Builder
	b.WriteString(p.title.Text)
	for _, r := range p.rows {
		b.WriteString("\n" + r[0] + ": " + r[1])
	}
	return b.String()
}

// titleKeys are the properties, by data.NormName, that name a feature
// best when it has no name: its title, label, place or description.
var titleKeys = []string{"title", "label", "location description", "location", "place", "site", "description"}

// featureTitle is the panel's title for feature i: its name, else its
// title, place or description (IOM's "Location Description"), else its
// number.
func featureTitle(l *data.Layer, i int) string {
	if n := l.FeatureName(i); n != "" {
		return n
	}
	props := l.Props(i)
	for _, want := range titleKeys {
		for _, pr := range props {
			if pr.Value.Type == data.ValueString && strings.TrimSpace(pr.Value.Str) != "" && data.NormName(pr.Key) == want {
				return pr.Value.Str
			}
		}
	}
	return fmt.Sprintf(lang.L("Feature %d"), i+1)
}

// featureRows lists what identify shows of feature i: where it comes from,
// what it is, when, and every property in file order.
func featureRows(l *data.Layer, i int, zone *time.Location) [][2]string {
	rows := [][2]string{{lang.L("Layer"), l.Name}, {lang.L("Kind"), kindLabel(l.FeatureKind(i))}}
	if id := l.ID(i); id.Type != data.ValueNull {
		rows = append(rows, [2]string{lang.X("feature ID", "ID"), id.String()})
	}
	rows = append(rows, [2]string{lang.L("Time"), formatSpan(l.Span(i), zone)})
	if c := l.Category(i); c != "" {
		rows = append(rows, [2]string{lang.L("Category"), c})
	}
	count := l.CountText(i) // "at least 3" when counts are minimum estimates (IOM)
	for _, pr := range l.Props(i) {
		v := pr.Value.String()
		if pr.Value.Type == data.ValueNull {
			v = "" // a missing value shows as nothing, not as "null"
		}
		if pr.Key == l.CountKey && count != "" {
			v = count
		}
		if pr.Value.Type == data.ValueString {
			v = shownValueTime(v, l.Zone, zone)
		}
		rows = append(rows, [2]string{pr.Key, v})
	}
	return rows
}

// isoDateTime and isoDate match property values written as ISO 8601
// date-times and dates (2015-07-28T22:15:00+02:00, 2015-07-28).
var (
	isoDateTime = regexp.MustCompile(`^\d{4}-\d\d-\d\d[T ]\d\d:\d\d`)
	isoDate     = regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
)

// shownValueTime is a property value v as identify shows it: an ISO
// date-time as the window writes times, in the display zone (read in the
// layer's zone src when it has no offset), an ISO date as it writes
// dates; any other value as it is.
func shownValueTime(v string, src, zone *time.Location) string {
	switch {
	case isoDateTime.MatchString(v):
		if sp, err := data.ParseTime(v, src); err == nil && sp.IsInstant() {
			return timeText(sp.Start, zone)
		}
	case isoDate.MatchString(v):
		if t, err := time.Parse("2006-01-02", v); err == nil {
			return dateText(t)
		}
	}
	return v
}

// cellTitle is the headline of a density square holding n of l's features,
// e.g. "37 incidents in this square".
func cellTitle(l *data.Layer, n int) string {
	noun := lang.L("points")
	if l.Kind == data.KindIncident {
		noun = lang.L("incidents")
	}
	if n == 1 {
		noun = strings.TrimSuffix(noun, "s")
	}
	return groupThousands(int64(n)) + " " + noun + lang.L(" in this square")
}

// cellRows lists what identify shows of a density square: its layer, how
// many features it holds, their time range in zone, and the square's size
// and bounds.
func cellRows(l *data.Layer, hit render.Hit, zone *time.Location) [][2]string {
	b := hit.CellBound
	mid := (b.Min[1] + b.Max[1]) / 2
	w := geo.Distance(orb.Point{b.Min[0], mid}, orb.Point{b.Max[0], mid})
	h := geo.Distance(orb.Point{b.Min[0], b.Min[1]}, orb.Point{b.Min[0], b.Max[1]})
	rows := [][2]string{
		{lang.L("Layer"), l.Name},
		{lang.L("Count"), groupThousands(int64(hit.Count)) + lang.L(" shown (time window and filters applied)")},
		{lang.L("Time"), formatSpan(hit.Span, zone)},
		{lang.L("Square"), fmt.Sprintf(lang.L("about %s × %s"), localNumber(render.FormatDistance(w)), localNumber(render.FormatDistance(h)))},
		{lang.L("Bounds"), fmt.Sprintf(lang.L("%s, %s – %s, %s (lon, lat)"), decimal(b.Min[0], 5), decimal(b.Min[1], 5), decimal(b.Max[0], 5), decimal(b.Max[1], 5))},
	}
	if l.CountKey != "" {
		note := fmt.Sprintf(lang.L("the square counts records, not %s; zoom in to read each record's %s"), l.CountKey, l.CountKey)
		if l.CountIsMinimum {
			note += lang.L(" (minimum estimates: at least the number given)")
		}
		rows = append(rows, [2]string{l.CountKey, note})
	}
	return rows
}

// formatSpan shows a span in zone: one time for an instant, one date for a
// whole day, else "start – end".
func formatSpan(s data.Span, zone *time.Location) string {
	if !s.Dated() {
		return lang.L("undated")
	}
	if s.IsInstant() {
		return timeText(s.Start, zone)
	}
	a, b := s.StartTime(zone), s.EndTime(zone).Add(time.Millisecond)
	if a.Hour() == 0 && a.Minute() == 0 && a.Second() == 0 && a.Nanosecond() == 0 &&
		b.Hour() == 0 && b.Minute() == 0 && b.Second() == 0 && b.Nanosecond() == 0 {
		first, last := dateText(a), dateText(b.AddDate(0, 0, -1))
		if first == last {
			return first + fmt.Sprintf(lang.L(" (whole day, %s)"), a.Format("MST"))
		}
		return first + " – " + last + " (" + a.Format("MST") + ")"
	}
	return timeText(s.Start, zone) + " – " + timeText(s.End, zone)
}

// outerRing is the outer ring of an area feature (the largest polygon's
// of a multipolygon), for counting what lies inside it.
func outerRing(g orb.Geometry) (orb.Ring, bool) {
	switch g := g.(type) {
	case orb.Polygon:
		if len(g) > 0 && len(g[0]) >= 4 {
			return g[0], true
		}
	case orb.MultiPolygon:
		var best orb.Ring
		for _, p := range g {
			if len(p) > 0 && len(p[0]) >= 4 && (best == nil || planar.Area(p[0]) > planar.Area(best)) {
				best = p[0]
			}
		}
		return best, best != nil
	}
	return nil, false
}
