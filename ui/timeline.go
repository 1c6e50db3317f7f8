package ui

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
	"campmap/data/project"
	"campmap/render"
)

// timeline is the bottom panel: the time window over the data's extent,
// its dates in the display zone, presets, the histogram of the visible
// extent stacked by category beside the category filters, the display
// zone, and playback. It belongs to the UI goroutine; the player's ticker
// goroutine and the histogram worker only post.
type timeline struct {
	mw     *timelineHost
	slider *RangeSlider
	play   *widget.Button
	step   *widget.Select // hour, day, week, month
	length *widget.Select // window length chosen for playback
	speed  *widget.Select // steps per second
	// loop is how playback ends: once, looping over the extent, or
	// looping within the window's range (kepler.gl's filter animation).
	loop *widget.Select
	// playRange is the range playback loops within (Undated: none, play
	// the whole extent); loopInfo says which.
	playRange data.Span
	loopInfo  *widget.Label
	from      *widget.Button // tap to type the window's start
	to        *widget.Button // tap to type the window's end
	count     *widget.Label
	zone      *widget.Select // display zone
	box       fyne.CanvasObject

	last7, month, all *widget.Button // window presets

	viewFrom, viewTo, binInfo *widget.Label // the histogram's visible extent and bin size
	undated                   *widget.Label // undated features, beside the histogram

	stepName   string
	lengthName string
	speedName  string

	cumulative   *widget.Check // playback keeps the window's start
	cumulativeOn bool
	loopOn       bool
	withinOn     bool          // loop within the range (see playRange)
	inside       *widget.Check // a span must lie wholly in the window

	cats *categoryFilters

	userView bool // the user zoomed the histogram (or chose All): no automatic focus

	histSig   string
	hists     *worker[histRequest, histResult]
	hist      []int     // features starting in each bin of the visible extent (tests read it)
	histUnit  data.Unit // the bins' unit
	histEdges []int64
	playing   bool
	pending   pendingFlag   // a player step is posted and not yet applied
	timeEntry *widget.Entry // the entry of the last time dialog (tests type into it)
	stopPlay  chan struct{} // closed to stop the ticker goroutine
	done      chan struct{} // closed when the ticker goroutine has returned
}

var stepNames = []string{"hour", "day", "week", "month"}

// loopModes are how playback ends: at the extent's end, looping over the
// extent, or looping within the window's range.
var loopModes = []string{"once", "loop", "loop in range"}

// lengthNames are the window lengths offered; the first keeps the window's.
var lengthNames = []string{"as set", "1 hour", "6 hours", "1 day", "7 days", "1 month"}

var lengthSteps = map[string]data.Step{
	"1 hour": {N: 1, Unit: data.Hour}, "6 hours": {N: 6, Unit: data.Hour}, "1 day": {N: 1, Unit: data.Day},
	"7 days": {N: 7, Unit: data.Day}, "1 month": {N: 1, Unit: data.Month},
}

// speedNames are the playback speeds, in steps per second.
var speedNames = []string{"1/s", "2/s", "4/s", "8/s", "12/s"}

// timelineHost is what the timeline reads of the window and may ask of
// it: the model (the window, the extent, the zone) and narrow callbacks.
type timelineHost struct {
	*model
	win   fyne.Window
	ctx   context.Context
	q     *uiQueue
	clock clock

	setWindow      func(data.Span)
	setDisplayZone func(*time.Location)
	message        func(string)         // the status bar
	reportFailure  func(error)          // a worker's failure
	rebuild        func()               // redraws after a change
	scene          func() *render.Scene // the scene as last shown
	checkZoneMenu  func()
	closed         func() bool
}

func newTimeline(w *MainWindow) *timeline {
	mw := &timelineHost{model: &w.model, win: w.win, ctx: w.ctx, q: w.q, clock: w.clock,
		setWindow: w.setWindow, setDisplayZone: w.setDisplayZone, message: func(s string) { w.status.message(s) },
		reportFailure: w.reportFailure, rebuild: w.rebuild, scene: func() *render.Scene { return w.scene },
		checkZoneMenu: w.checkZoneMenu, closed: func() bool { return w.closed }}
	t := &timeline{mw: mw, stepName: "day", lengthName: lengthNames[0], speedName: "2/s"}
	t.slider = NewRangeSlider(0, 0, 0, 0, func(lo, hi int64) {
		t.userWindow(data.Span{Start: lo, End: hi})
		mw.setWindow(data.Span{Start: lo, End: hi})
	})
	t.slider.OnViewChanged = func(int64, int64) { t.userView = true; t.refresh() }
	t.slider.Snap = int64(time.Hour / time.Millisecond)
	t.slider.SnapDrag = t.snapToBin
	t.slider.Axis = func(lo, hi int64, width float32) []AxisTick {
		return axisTicks(lo, hi, width, t.mw.zone, activeLang, measureCaption)
	}
	t.playRange = data.Undated
	t.play = widget.NewButtonWithIcon(lang.L("Pause"), theme.MediaPauseIcon(), t.togglePlay)
	playBox := withWidth(t.play.MinSize().Width, t.play) // "Play" and "Pause" take the same room
	t.play.SetText(lang.L("Play"))
	t.play.SetIcon(theme.MediaPlayIcon())
	t.step = widget.NewSelect(trAll(stepNames), func(s string) { t.stepName = untr(s) })
	t.step.Selected = lang.L(t.stepName)
	t.length = widget.NewSelect(trAll(lengthNames), func(s string) {
		t.lengthName = untr(s)
		t.applyLength()
	})
	t.length.Selected = lang.L(t.lengthName)
	t.speed = widget.NewSelect(speedNames, func(s string) {
		t.speedName = s
		if t.playing { // a new pace: restart the ticker, the window stays
			t.stopPlaying()
			t.startPlaying()
		}
	})
	t.speed.Selected = t.speedName
	t.loop = widget.NewSelect(trAll(loopModes), func(s string) { t.setLoopMode(untr(s)) })
	t.loop.Selected = lang.L(loopModes[0])
	// the select as wide as its longest choice, whichever is shown
	loopWidth := float32(0)
	for _, m := range loopModes {
		probe := widget.NewSelect(nil, nil) // a select is as wide as its placeholder
		probe.PlaceHolder = lang.L(m)
		loopWidth = max(loopWidth, probe.MinSize().Width)
	}
	loopBox := withWidth(loopWidth, t.loop)
	t.from = widget.NewButton("", func() { t.askTime(true) })
	t.to = widget.NewButton("", func() { t.askTime(false) })
	t.from.Importance, t.to.Importance = widget.LowImportance, widget.LowImportance
	t.count = widget.NewLabel("")
	t.cumulative = widget.NewCheck(lang.L("cumulative"), func(on bool) { t.cumulativeOn = on })
	t.inside = widget.NewCheck(lang.L("whole span inside"), func(on bool) {
		mw.inside = on
		mw.rebuild()
	})
	t.zone = widget.NewSelect(zoneChoices(), func(s string) {
		if loc := zoneOfChoice(s); loc != nil && loc != mw.zone {
			mw.setDisplayZone(loc)
		}
	})
	t.zone.Selected = zoneChoice(mw.zone)
	t.last7 = widget.NewButton(lang.L("Last 7 days"), t.presetLast7)
	t.month = widget.NewButton(lang.L("Month"), t.presetMonth)
	t.all = widget.NewButton(lang.L("All"), t.presetAll)
	small := func() *widget.Label {
		l := widget.NewLabel("")
		l.Importance = widget.LowImportance
		l.SizeName = theme.SizeNameCaptionText
		return l
	}
	t.viewFrom, t.viewTo, t.binInfo, t.undated = small(), small(), small(), small()
	t.loopInfo = small()
	t.loopInfo.Importance = widget.HighImportance
	t.loopInfo.TextStyle.Bold = true
	t.cats = newCategoryPanel(mw.model, mw.win, mw.ctx, mw.q, mw.rebuild, mw.reportFailure)
	t.hists = newWorker(mw.ctx, mw.q, lang.L("counting the histogram"), countHistogram, t.showHistogram)
	t.hists.onPanic = mw.reportFailure

	opts := container.NewHBox(playBox, widget.NewLabel(lang.L("step")), t.step, widget.NewLabel(lang.L("window")), t.length,
		widget.NewLabel(lang.L("speed")), t.speed, loopBox, t.cumulative, t.inside)
	// The count sits on the dates' row, not after the playback options:
	// one row holding both made the window at least 1170 units wide,
	// more than a 1366×768 laptop at 125 % shows.
	top := container.NewBorder(nil, nil, opts, nil)
	dates := container.NewHBox(t.last7, t.month, t.all, widget.NewSeparator(), t.from, widget.NewLabel("–"), t.to)
	second := container.NewBorder(nil, nil, t.count, container.NewHBox(widget.NewLabel(lang.L("shown in")), t.zone), container.NewCenter(dates))
	axis := container.NewBorder(nil, nil, t.viewFrom, t.viewTo, container.NewCenter(container.NewHBox(t.loopInfo, t.binInfo, t.undated)))
	hist := container.NewBorder(nil, axis, nil, nil, container.NewPadded(t.slider))
	lower := container.NewBorder(nil, nil, nil, t.cats.object(), hist)
	t.box = container.NewVBox(top, second, lower)
	return t
}

func (t *timeline) object() fyne.CanvasObject { return t.box }

// refresh shows the model's extent and window.
func (t *timeline) refresh() {
	ext, w, zone := t.mw.extent, t.mw.window, t.mw.zone
	if z := zoneChoice(zone); t.zone.Selected != z {
		t.zone.Selected = z
		t.zone.Refresh()
	}
	t.mw.checkZoneMenu()
	t.cats.refresh()
	if !ext.Dated() {
		t.slider.SetRange(0, 0, 0, 0)
		t.from.SetText(lang.L("No dated features"))
		t.to.SetText("")
		for _, b := range []*widget.Button{t.from, t.to, t.play, t.last7, t.month, t.all} {
			b.Disable()
		}
		t.stopPlaying()
		t.histSig, t.hist, t.histEdges = "", nil, nil
		t.slider.SetHistogram(nil)
		t.viewFrom.SetText("")
		t.viewTo.SetText("")
		t.binInfo.SetText("")
		t.undated.SetText("")
		return
	}
	for _, b := range []*widget.Button{t.from, t.to, t.play, t.last7, t.month, t.all} {
		b.Enable()
	}
	t.slider.SetRange(ext.Start, ext.End, w.Start, w.End)
	if !t.userView {
		t.slider.SetView(t.autoView(ext))
	}
	lo, hi := t.slider.View()
	minute := func(ms int64) int64 { return time.UnixMilli(ms).Truncate(time.Minute).UnixMilli() }
	t.viewFrom.SetText(timeText(minute(lo), zone))
	t.viewTo.SetText(timeText(minute(hi), zone))
	t.updateHistogram()
	t.from.SetText(timeText(w.Start, zone))
	t.to.SetText(timeText(w.End, zone))
	t.showLoopInfo()
}

// setCounts shows the incidents a frame shows.
func (t *timeline) setCounts(st FrameStats) {
	s := count("incidents in window", st.Incidents)
	if st.Undated > 0 {
		s += fmt.Sprintf(lang.L(" · %s undated"), groupThousands(int64(st.Undated)))
	}
	t.count.SetText(s)
}

// stepOf returns the calendar step the step menu names.
func stepOf(name string) data.Step {
	switch name {
	case "hour":
		return data.Step{N: 1, Unit: data.Hour}
	case "week":
		return data.Step{N: 1, Unit: data.Week}
	case "month":
		return data.Step{N: 1, Unit: data.Month}
	}
	return data.Step{N: 1, Unit: data.Day}
}

// stepBy moves a time n steps forward (backward when n < 0) in zone:
// days, weeks and months follow the calendar, so a day is 23 or 25 hours
// across a daylight saving change; hours are real hours.
func stepBy(ms int64, step string, n int, zone *time.Location) int64 {
	return stepOf(step).Add(ms, n, zone)
}

// applyLength gives the window the chosen length from its start.
func (t *timeline) applyLength() {
	mw := t.mw
	st, ok := lengthSteps[t.lengthName]
	if !ok || !mw.extent.Dated() {
		return
	}
	start := mw.window.Start
	mw.setWindow(data.Span{Start: start, End: st.Add(start, 1, mw.zone) - 1})
}

// presetLast7 shows the last seven calendar days of the data the
// histogram counts (the incidents, when shown) in the display zone: from
// midnight six days before the day of its last time to the end of that day.
func (t *timeline) presetLast7() {
	mw := t.mw
	ext := mw.extent
	if !ext.Dated() {
		return
	}
	last := ext.End
	if ls := t.countedLayers(); len(ls) > 0 {
		last = ls[0].Layer.TimeExtent().End
		for _, lv := range ls[1:] {
			last = max(last, lv.Layer.TimeExtent().End)
		}
	}
	day := data.Day.Floor(last, mw.zone)
	start := data.Day.Add(day, -6, mw.zone)
	end := data.Day.Add(day, 1, mw.zone) - 1
	t.showWindow(data.Span{Start: max(start, ext.Start), End: min(end, ext.End)})
}

// presetMonth shows the calendar month holding the window's start, or,
// when the window starts before the data the histogram counts (the whole
// extent opens with a camp years before the incidents), the month of the
// first counted time: an empty January is no one's month of interest.
func (t *timeline) presetMonth() {
	mw := t.mw
	ext := mw.extent
	if !ext.Dated() {
		return
	}
	from := mw.window.Start
	counted := data.Undated
	for _, lv := range t.countedLayers() {
		counted = counted.Union(lv.Layer.TimeExtent())
	}
	if counted.Dated() && from < counted.Start {
		from = counted.Start
	}
	m0 := data.Month.Floor(from, mw.zone)
	m1 := data.Month.Add(m0, 1, mw.zone) - 1
	t.showWindow(data.Span{Start: max(m0, ext.Start), End: min(m1, ext.End)})
}

// autoView is the histogram's extent before the user zooms it: the time
// extent of the counted layers (the incidents) with a margin, when it is
// much shorter than the whole extent (camps open for years around a summer
// of incidents), else all of it.
func (t *timeline) autoView(ext data.Span) (int64, int64) {
	focus := data.Undated
	for _, lv := range t.countedLayers() {
		focus = focus.Union(lv.Layer.TimeExtent())
	}
	if !focus.Dated() || float64(focus.End-focus.Start) > 0.6*float64(ext.End-ext.Start) {
		return 0, 0
	}
	pad := max((focus.End-focus.Start)/25, 3600e3)
	zone := t.mw.zone
	return data.Day.Floor(focus.Start-pad, zone), data.Day.Add(data.Day.Floor(focus.End+pad, zone), 1, zone) - 1
}

// presetAll shows every date.
func (t *timeline) presetAll() {
	t.userView = true
	t.slider.SetView(0, 0)
	t.showWindow(t.mw.extent)
}

// showWindow sets the window and, when the histogram's zoom hides it, shows
// the whole extent again.
func (t *timeline) showWindow(w data.Span) {
	t.userWindow(w)
	lo, hi := t.slider.View()
	if w.Start < lo || w.End > hi {
		t.userView = true
		t.slider.SetView(0, 0)
	}
	t.mw.setWindow(w)
	t.refresh()
}

// histWidth is how many bars the histogram aims at per Fyne unit of track.
const histPerUnit = 1.0 / 5

// updateHistogram recounts, on a worker, the features of the visible
// incident layers (or of every visible dated layer when no incident layer
// is shown) in calendar bins of the visible extent, by category, with the
// category filters applied. It runs when the visible extent, the zone, the
// layers or their filters and colours change, not when the window moves.
func (t *timeline) updateHistogram() {
	mw := t.mw
	if mw.scene() == nil {
		return
	}
	all := t.countedLayers()
	lo, hi := t.slider.View()
	maxBins := max(int(t.slider.trackWidth()*histPerUnit), 24)
	zone := mw.zone
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d %d %d %s", lo, hi, maxBins, zone)
	for _, lv := range all {
		k := lv.Style // what the bars show: not the layer's opacity
		k.Visible, k.Opacity = true, 1
		fmt.Fprintf(&sb, " %p/%s", lv.Layer, k.Key())
	}
	sig := sb.String()
	if sig == t.histSig {
		return
	}
	t.histSig = sig
	t.hists.request(histRequest{layers: all, view: data.Span{Start: lo, End: hi}, maxBins: maxBins, zone: zone})
}

// histRequest is the snapshot a histogram is counted from.
type histRequest struct {
	layers  []render.LayerView
	view    data.Span
	maxBins int
	zone    *time.Location
}

// histResult is a counted histogram (see stackHistogram).
type histResult struct {
	h       *Histogram
	totals  []int
	undated int
	unit    data.Unit
}

// countHistogram counts r on a worker.
func countHistogram(_ context.Context, r histRequest) histResult {
	h, totals, undated, unit := stackHistogram(r.layers, r.view, r.maxBins, r.zone)
	return histResult{h, totals, undated, unit}
}

// showHistogram shows the newest histogram counted.
func (t *timeline) showHistogram(r histRequest, res histResult) {
	t.hist, t.histUnit, t.histEdges = res.totals, res.unit, res.h.Edges
	t.slider.SetHistogram(res.h)
	t.binInfo.SetText(fmt.Sprintf(lang.L("each bar: %s (%s) · wheel zooms"), unitPhrase(res.unit), r.zone))
	if res.undated > 0 {
		t.undated.SetText(fmt.Sprintf(lang.L("· %s undated, always shown"), groupThousands(int64(res.undated))))
	} else {
		t.undated.SetText("")
	}
}

// countedLayers are the layers the histogram counts: the visible incident
// layers, or every visible dated layer when no incident layer is shown.
func (t *timeline) countedLayers() []render.LayerView {
	var inc, all []render.LayerView
	if t.mw.scene() == nil {
		return nil
	}
	for _, lv := range t.mw.scene().Layers {
		if !lv.Visible || lv.Layer == nil || !lv.Layer.TimeExtent().Dated() {
			continue
		}
		all = append(all, lv)
		if lv.Layer.Kind == data.KindIncident {
			inc = append(inc, lv)
		}
	}
	if len(inc) > 0 {
		return inc
	}
	return all
}

// unitPhrase names a bin's length: "1 hour", "6 hours", "1 day"...
func unitPhrase(u data.Unit) string {
	if u == data.SixHours {
		return lang.L("6 hours")
	}
	return lang.L("1 " + u.String())
}

// stackHistogram counts the features of ls in calendar bins of view (the
// unit chosen so that at most maxBins bins cover it) by layer and category:
// one series per category of each layer coloured by category, one per
// other layer, in the colours the map uses. It returns the histogram, the
// features per bin, the undated features kept by the filters and the unit.
func stackHistogram(ls []render.LayerView, view data.Span, maxBins int, zone *time.Location) (*Histogram, []int, int, data.Unit) {
	unit := data.ChooseUnit(view, maxBins)
	edges := data.BinEdges(view, unit, zone)
	h := &Histogram{Edges: edges, Counts: make([][]int, max(len(edges)-1, 0))}
	type part struct {
		b       data.Bins
		byCat   bool
		base    int
		colours []color.NRGBA
	}
	var parts []part
	series := 0
	undated := 0
	for _, lv := range ls {
		var keep func(int) bool
		if lv.Filters() {
			keep = lv.Keeper()
		}
		b := data.CountBins(lv.Layer, unit, edges, keep)
		for _, n := range b.Undated {
			undated += n
		}
		p := part{b: b, base: series, byCat: colouredByCategory(lv.Layer)}
		if p.byCat {
			for c := range len(lv.Layer.Categories()) + 1 {
				if c == 0 {
					p.colours = append(p.colours, lv.Color(lv.Layer.Kind))
				} else {
					p.colours = append(p.colours, lv.CategoryColorOf(c))
				}
			}
		} else {
			p.colours = []color.NRGBA{lv.Color(lv.Layer.Kind)}
		}
		series += len(p.colours)
		h.Colors = append(h.Colors, p.colours...)
		parts = append(parts, p)
	}
	totals := make([]int, len(h.Counts))
	for i := range h.Counts {
		row := make([]int, series)
		for _, p := range parts {
			for c, n := range p.b.Counts[i] {
				if p.byCat {
					row[p.base+c] += n
				} else {
					row[p.base] += n
				}
				totals[i] += n
			}
		}
		h.Counts[i] = row
	}
	return h, totals, undated, unit
}

// colouredByCategory reports whether the map colours l's features by
// category (incident and other layers with categories).
func colouredByCategory(l *data.Layer) bool {
	return len(l.Categories()) > 0 && (l.Kind == data.KindIncident || l.Kind == data.KindOther)
}

// askTime lets the user type the window's start (or end): a date, a month,
// a date-time, read in the display zone by data.ParseTime. A start after the
// end (or an end before the start) moves the window, keeping its length.
func (t *timeline) askTime(start bool) {
	mw := t.mw
	if !mw.extent.Dated() {
		return
	}
	cur, title := mw.window.Start, lang.L("Window start")
	if !start {
		cur, title = mw.window.End, lang.L("Window end")
	}
	e := newEntry()
	e.SetText(timeText(cur, mw.zone))
	e.Validator = func(s string) error {
		_, err := parseTyped(s, mw.zone)
		return err
	}
	hint := widget.NewLabel(fmt.Sprintf(lang.L("e.g. 2015-07-28, 2015-07-28 22:00, 2015-07, 2015, 28/07/2015\nor 2015-07-28T20:00:00Z; read in %s"), zoneLabel(mw.zone, cur)))
	hint.Importance = widget.LowImportance
	items := []*widget.FormItem{widget.NewFormItem(lang.L("Time"), e), widget.NewFormItem("", hint)}
	d := dialog.NewForm(title, lang.L("Go"), lang.L("Cancel"), items, func(ok bool) {
		if ok {
			t.typedTime(start, e.Text)
		}
	}, mw.win)
	e.OnSubmitted = func(string) { d.Submit() } // Enter goes, when the time reads
	t.timeEntry = &e.Entry
	d.Show()
	mw.win.Canvas().Focus(e)
}

// typedTime applies a typed start or end: a start takes the first moment
// of what was typed (a day, a month, a year), an end its last.
func (t *timeline) typedTime(start bool, text string) {
	mw := t.mw
	sp, err := parseTyped(text, mw.zone)
	if err != nil {
		mw.message(userMessage(err))
		return
	}
	w := mw.window
	n := w.End - w.Start
	if start {
		w.Start = sp.Start
		if w.Start > w.End {
			w.End = w.Start + n
		}
	} else {
		w.End = sp.End
		if sp.IsInstant() && w.End%1000 == 0 {
			w.End += 999 // an end typed to the second includes that second
		}
		if w.End < w.Start {
			w.Start = w.End - n
		}
	}
	t.keepAxis(w)
}

// keepAxis moves the window to w without zooming the axis under the
// user: the visible extent stays as it is, or, when w lies wholly outside
// it, pans (keeping its length) to show w's start.
func (t *timeline) keepAxis(w data.Span) {
	t.userWindow(w)
	w = data.Span{Start: max(w.Start, t.mw.extent.Start), End: min(w.End, t.mw.extent.End)}
	lo, hi := t.slider.View()
	if w.End < lo || w.Start > hi {
		n := hi - lo
		from := w.Start - n/10
		t.userView = true
		t.slider.SetView(from, from+n)
	}
	t.mw.setWindow(w)
	t.refresh()
}

// snapToBin takes a dragged start (end false) or end to the nearest edge
// of the histogram's bins in the display zone (an end is the last moment
// before an edge): dragging moves the window by whole days, weeks or
// months, as the bars show.
func (t *timeline) snapToBin(v int64, end bool) int64 {
	u, zone := t.histUnit, t.mw.zone
	if end {
		v++
	}
	a := u.Floor(v, zone)
	b := u.Add(a, 1, zone)
	e := a
	if b-v < v-a {
		e = b
	}
	if end {
		e--
	}
	return e
}

// measureCaption is the width of s in the axis' caption text.
func measureCaption(s string) float32 {
	return fyne.MeasureText(s, theme.CaptionTextSize(), fyne.TextStyle{}).Width
}

// stepWindow moves the window n steps (backwards when n < 0), keeping its
// length and staying inside the extent: the [ and ] keys.
func (t *timeline) stepWindow(n int) {
	mw := t.mw
	if !mw.extent.Dated() {
		return
	}
	w := mw.window
	nw := data.Span{Start: stepBy(w.Start, t.stepName, n, mw.zone), End: stepBy(w.End, t.stepName, n, mw.zone)}
	t.userWindow(nw)
	mw.setWindow(nw)
}

// parseTyped reads a typed time in zone (see data.ParseTime). It also
// reads the times campmap shows ("2015-10-25 02:30 CET"): a trailing zone
// abbreviation picks which of the two 02:30s of the night clocks go back
// is meant, and "UTC" reads the time in UTC; an abbreviation the zone does
// not use at that time is an error.
func parseTyped(text string, zone *time.Location) (data.Span, error) {
	s := strings.TrimSpace(text)
	i := strings.LastIndexByte(s, ' ')
	if i < 0 || !isAbbrev(s[i+1:]) {
		return data.ParseTime(s, zone)
	}
	abbr, rest := s[i+1:], strings.TrimSpace(s[:i])
	if abbr == "UTC" || abbr == "GMT" && zone == time.UTC {
		return data.ParseTime(rest, time.UTC)
	}
	sp, err := data.ParseTime(rest, zone)
	if err != nil {
		return sp, err
	}
	if !sp.IsInstant() {
		return sp, nil
	}
	for _, d := range []int64{0, 3600e3, -3600e3} {
		t := time.UnixMilli(sp.Start + d).In(zone)
		if name, _ := t.Zone(); name == abbr && t.Format("15:04:05") == time.UnixMilli(sp.Start).In(zone).Format("15:04:05") {
			return data.Span{Start: sp.Start + d, End: sp.End + d}, nil
		}
	}
	return data.Undated, fmt.Errorf("ui: %q: %s is not the zone of %s at that time (%w)", text, abbr, zone, data.ErrBadTime)
}

// isAbbrev reports whether s looks like a zone abbreviation: 2 to 5
// capital letters, or a numeric one such as +03.
func isAbbrev(s string) bool {
	if len(s) < 2 || len(s) > 5 {
		return false
	}
	if s[0] == '+' || s[0] == '-' {
		for _, r := range s[1:] {
			if r < '0' || r > '9' {
				return false
			}
		}
		return true
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// playback is the timeline's playing settings, as a project keeps them.
func (t *timeline) playback() *project.Playback {
	return &project.Playback{Step: t.stepName, Length: t.lengthName, Speed: t.speedName, Loop: t.loopOn, Cumulative: t.cumulativeOn,
		Within: t.withinOn}
}

// setPlayback takes the playing settings a project kept; a value the
// timeline does not offer keeps the current one.
func (t *timeline) setPlayback(pb *project.Playback) {
	if pb == nil {
		return
	}
	if slices.Contains(stepNames, pb.Step) {
		t.stepName = pb.Step
		t.step.Selected = lang.L(pb.Step)
		t.step.Refresh()
	}
	if slices.Contains(lengthNames, pb.Length) {
		t.lengthName = pb.Length
		t.length.Selected = lang.L(pb.Length)
		t.length.Refresh()
	}
	if slices.Contains(speedNames, pb.Speed) {
		t.speedName = pb.Speed
		t.speed.Selected = pb.Speed
		t.speed.Refresh()
	}
	mode := loopModes[0]
	switch {
	case pb.Within:
		mode = loopModes[2]
	case pb.Loop:
		mode = loopModes[1]
	}
	t.loop.SetSelected(lang.L(mode))
	t.setLoopMode(mode) // also when the select showed it already
	t.cumulativeOn = pb.Cumulative
	t.cumulative.SetChecked(pb.Cumulative)
}
