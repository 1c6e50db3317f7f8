package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
)

// playInterval is how often playback moves the window by one step.
const playInterval = 500 * time.Millisecond

// timeline is the bottom panel: the time window over the data's extent,
// its dates in the display zone, the incidents it shows, and playback. It
// belongs to the UI goroutine; the player's ticker goroutine only posts.
type timeline struct {
	mw     *MainWindow
	slider *RangeSlider
	play   *widget.Button
	step   *widget.Select
	from   *widget.Button // tap to type the window's start
	to     *widget.Button // tap to type the window's end
	count  *widget.Label
	box    fyne.CanvasObject

	stepName string

	cumulative   *widget.Check // playback keeps the window's start
	cumulativeOn bool
	inside       *widget.Check // a span must lie wholly in the window

	histSig   string
	histGen   uint64
	hist      []int // features starting in each bin of the extent (tests read it)
	playing   bool
	timeEntry *widget.Entry // the entry of the last time dialog (tests type into it)
	stopPlay  chan struct{} // closed to stop the ticker goroutine
	done      chan struct{} // closed when the ticker goroutine has returned
}

var stepNames = []string{"hour", "day", "week"}

func newTimeline(mw *MainWindow) *timeline {
	t := &timeline{mw: mw, stepName: "day"}
	t.slider = NewRangeSlider(0, 0, 0, 0, func(lo, hi int64) {
		mw.setWindow(data.Span{Start: lo, End: hi})
	})
	t.slider.Snap = int64(time.Hour / time.Millisecond)
	t.play = widget.NewButtonWithIcon("Pause", theme.MediaPauseIcon(), t.togglePlay)
	playBox := withWidth(t.play.MinSize().Width, t.play) // "Play" and "Pause" take the same room
	t.play.SetText("Play")
	t.play.SetIcon(theme.MediaPlayIcon())
	t.step = widget.NewSelect(stepNames, func(s string) { t.stepName = s })
	t.step.Selected = t.stepName
	t.from = widget.NewButton("", func() { t.askTime(true) })
	t.to = widget.NewButton("", func() { t.askTime(false) })
	t.from.Importance, t.to.Importance = widget.LowImportance, widget.LowImportance
	t.count = widget.NewLabel("")
	t.cumulative = widget.NewCheck("cumulative", func(on bool) { t.cumulativeOn = on })
	t.inside = widget.NewCheck("whole span inside", func(on bool) {
		mw.inside = on
		mw.rebuild()
	})
	dates := container.NewHBox(t.from, widget.NewLabel("–"), t.to)
	opts := container.NewHBox(playBox, widget.NewLabel("step"), t.step, t.cumulative, t.inside)
	top := container.NewBorder(nil, nil, opts, t.count, container.NewCenter(dates))
	t.box = container.NewVBox(top, container.NewPadded(t.slider))
	return t
}

func (t *timeline) object() fyne.CanvasObject { return t.box }

// refresh shows the model's extent and window.
func (t *timeline) refresh() {
	ext, w, zone := t.mw.extent, t.mw.window, t.mw.zone
	if !ext.Dated() {
		t.slider.SetRange(0, 0, 0, 0)
		t.from.SetText("No dated features")
		t.to.SetText("")
		t.from.Disable()
		t.to.Disable()
		t.play.Disable()
		t.stopPlaying()
		t.histSig, t.hist = "", nil
		t.slider.SetHistogram(nil)
		return
	}
	t.play.Enable()
	t.from.Enable()
	t.to.Enable()
	t.slider.SetRange(ext.Start, ext.End, w.Start, w.End)
	t.updateHistogram()
	t.from.SetText(data.FormatTime(w.Start, zone))
	t.to.SetText(data.FormatTime(w.End, zone))
}

// setCounts shows the incidents a frame shows.
func (t *timeline) setCounts(st FrameStats) {
	s := fmt.Sprintf("%s incidents in window", groupThousands(int64(st.Incidents)))
	if st.Incidents == 1 {
		s = "1 incident in window"
	}
	if st.Undated > 0 {
		s += fmt.Sprintf(" · %s undated", groupThousands(int64(st.Undated)))
	}
	t.count.SetText(s)
}

// stepBy moves a time n steps forward (backward when n < 0) in zone:
// days and weeks follow the calendar, so a day is 23 or 25 hours across a
// daylight saving change.
func stepBy(ms int64, step string, n int, zone *time.Location) int64 {
	tm := time.UnixMilli(ms).In(zone)
	switch step {
	case "hour":
		tm = tm.Add(time.Duration(n) * time.Hour)
	case "week":
		tm = tm.AddDate(0, 0, 7*n)
	default:
		tm = tm.AddDate(0, 0, n)
	}
	return tm.UnixMilli()
}

func (t *timeline) togglePlay() {
	if t.playing {
		t.stopPlaying()
		return
	}
	t.startPlaying()
}

// startPlaying starts moving the window forward by one step per tick; a
// window already at the end starts again from the beginning.
func (t *timeline) startPlaying() {
	mw := t.mw
	if t.playing || mw.closed || !mw.extent.Dated() {
		return
	}
	w, ext := mw.window, mw.extent
	n := w.End - w.Start
	if 2*n >= ext.End-ext.Start {
		// A window over most of the data has nowhere to move: play one
		// step at a time from the start.
		n = stepBy(ext.Start, t.stepName, 1, mw.zone) - ext.Start - 1
		mw.setWindow(data.Span{Start: ext.Start, End: ext.Start + n})
	} else if w.End >= ext.End {
		mw.setWindow(data.Span{Start: ext.Start, End: ext.Start + n})
	}
	t.playing = true
	t.play.SetText("Pause")
	t.play.SetIcon(theme.MediaPauseIcon())
	stop, done := make(chan struct{}), make(chan struct{})
	t.stopPlay, t.done = stop, done
	tk := mw.clock.NewTicker(playInterval)
	go func() {
		defer close(done)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C():
				mw.q.post(func() {
					if t.stopPlay == stop {
						t.advance()
					}
				})
			}
		}
	}()
}

// stopPlaying stops playback and its ticker goroutine.
func (t *timeline) stopPlaying() {
	if !t.playing {
		return
	}
	t.playing = false
	close(t.stopPlay)
	t.stopPlay = nil
	t.play.SetText("Play")
	t.play.SetIcon(theme.MediaPlayIcon())
}

// advance moves the window one step; at the end it stops.
func (t *timeline) advance() {
	mw := t.mw
	w, ext := mw.window, mw.extent
	if !ext.Dated() {
		t.stopPlaying()
		return
	}
	nw := data.Span{Start: stepBy(w.Start, t.stepName, 1, mw.zone), End: stepBy(w.End, t.stepName, 1, mw.zone)}
	if t.cumulativeOn {
		nw.Start = w.Start // the window grows: everything so far stays shown
	}
	if nw.End >= ext.End {
		nw = data.Span{Start: max(ext.End-(w.End-w.Start), ext.Start), End: ext.End}
		if t.cumulativeOn {
			nw.Start = w.Start
		}
		mw.setWindow(nw)
		t.stopPlaying()
		return
	}
	mw.setWindow(nw)
}

// histBins is the number of bars of the timeline's histogram.
const histBins = 160

// updateHistogram recounts, on a worker, how many features start in each
// slice of the extent: those of the visible incident layers, or of every
// visible dated layer when no incident layer is shown. It runs only when
// the extent or those layers change, not when the window moves.
func (t *timeline) updateHistogram() {
	mw := t.mw
	var inc, all []*data.Layer
	for _, e := range mw.layers {
		if !e.visible || !e.layer.TimeExtent().Dated() {
			continue
		}
		all = append(all, e.layer)
		if e.layer.Kind == data.KindIncident {
			inc = append(inc, e.layer)
		}
	}
	if len(inc) > 0 {
		all = inc
	}
	sig := fmt.Sprint(mw.extent)
	for _, l := range all {
		sig += fmt.Sprintf(" %p", l)
	}
	if sig == t.histSig {
		return
	}
	t.histSig = sig
	t.histGen++
	gen, ext := t.histGen, mw.extent
	mw.q.begin()
	go func() {
		counts := histogram(all, ext, histBins)
		mw.q.finish(func() {
			if gen != t.histGen || mw.closed {
				return
			}
			t.hist = counts
			t.slider.SetHistogram(normalize(counts))
		})
	}()
}

// histogram counts the features of ls whose span starts in each of n equal
// slices of ext.
func histogram(ls []*data.Layer, ext data.Span, n int) []int {
	out := make([]int, n)
	width := float64(ext.End-ext.Start) + 1
	if !ext.Dated() || width <= 0 {
		return out
	}
	for _, l := range ls {
		for i := range l.Len() {
			sp := l.Span(i)
			if !sp.Dated() {
				continue
			}
			b := int(float64(sp.Start-ext.Start) / width * float64(n))
			out[min(max(b, 0), n-1)]++
		}
	}
	return out
}

// normalize scales counts to 0..1 by the largest.
func normalize(counts []int) []float64 {
	top := 0
	for _, c := range counts {
		top = max(top, c)
	}
	out := make([]float64, len(counts))
	if top == 0 {
		return out
	}
	for i, c := range counts {
		out[i] = float64(c) / float64(top)
	}
	return out
}

// askTime lets the user type the window's start (or end): a date, a month,
// a date-time, read in the display zone by data.ParseTime. A start after the
// end (or an end before the start) moves the window, keeping its length.
func (t *timeline) askTime(start bool) {
	mw := t.mw
	if !mw.extent.Dated() {
		return
	}
	cur, title := mw.window.Start, "Window start"
	if !start {
		cur, title = mw.window.End, "Window end"
	}
	e := widget.NewEntry()
	e.SetText(data.FormatTime(cur, mw.zone))
	e.Validator = func(s string) error {
		_, err := data.ParseTime(s, mw.zone)
		return err
	}
	hint := widget.NewLabel("e.g. 2015-07-28, 2015-07-28 22:00, 2015-07 or 28/07/2015 (" + mw.zone.String() + ")")
	hint.Importance = widget.LowImportance
	items := []*widget.FormItem{widget.NewFormItem("Time", e), widget.NewFormItem("", hint)}
	d := dialog.NewForm(title, "Go", "Cancel", items, func(ok bool) {
		if ok {
			t.typedTime(start, e.Text)
		}
	}, mw.win)
	t.timeEntry = e
	d.Show()
	mw.win.Canvas().Focus(e)
}

// typedTime applies a typed start or end.
func (t *timeline) typedTime(start bool, text string) {
	mw := t.mw
	sp, err := data.ParseTime(text, mw.zone)
	if err != nil {
		mw.status.message(userError(err))
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
		if w.End < w.Start {
			w.Start = w.End - n
		}
	}
	mw.setWindow(w)
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
	mw.setWindow(nw)
}
