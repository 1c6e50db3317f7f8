package ui

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"campmap/data"
	"campmap/internal/format"
)

// pendingFlag is set while a player step is posted to the UI goroutine and
// not yet applied; the ticker skips ticks meanwhile, so a slow frame makes
// playback wait instead of queueing steps. Safe for concurrent use.
type pendingFlag struct{ atomic.Bool }

// playSettings is how the player moves the window.
type playSettings struct {
	step       data.Step
	length     data.Step // zero keeps the window's length (moving its end by the step)
	cumulative bool      // the start stays; only the end moves
	loop       bool      // at the end start again from the beginning
}

// nextWindow returns the window after w one step on, inside ext, and
// whether playback is over (the window reached the end and does not loop).
// Steps are calendar steps in zone: a day step across the night clocks go
// back moves the window by 25 hours, keeping midnight on midnight.
func nextWindow(w, ext data.Span, p playSettings, zone *time.Location) (data.Span, bool) {
	nw := data.Span{Start: p.step.Add(w.Start, 1, zone), End: p.step.Add(w.End, 1, zone)}
	if p.length.N > 0 {
		nw.End = p.length.Add(nw.Start, 1, zone) - 1
	}
	if p.cumulative {
		nw.Start = w.Start // the window grows: everything so far stays shown
	}
	if w.End >= ext.End || nw.Start > ext.End {
		if p.loop {
			return firstWindow(w, ext, p, zone), false
		}
		return w, true
	}
	if nw.End >= ext.End {
		// The last step: end on the extent's end.
		nw.End = ext.End
		if !p.cumulative && p.length.N == 0 {
			nw.Start = max(ext.End-(w.End-w.Start), ext.Start)
		}
		return nw, false
	}
	return nw, false
}

// firstWindow is where playback starts over: the window's length (or the
// chosen one) from the extent's start.
func firstWindow(w, ext data.Span, p playSettings, zone *time.Location) data.Span {
	if p.length.N > 0 {
		return data.Span{Start: ext.Start, End: min(p.length.Add(ext.Start, 1, zone)-1, ext.End)}
	}
	if p.cumulative {
		return data.Span{Start: ext.Start, End: min(p.step.Add(ext.Start, 1, zone)-1, ext.End)}
	}
	return data.Span{Start: ext.Start, End: min(ext.Start+(w.End-w.Start), ext.End)}
}

// settings reads the playback controls.
func (t *timeline) settings() playSettings {
	return playSettings{step: stepOf(t.stepName), length: lengthSteps[t.lengthName], cumulative: t.cumulativeOn, loop: t.loopOn}
}

// interval is the time between steps at the chosen speed.
func (t *timeline) interval() time.Duration {
	n, err := strconv.ParseFloat(strings.TrimSuffix(t.speedName, "/s"), 64)
	if err != nil || !(n > 0) {
		n = 2
	}
	return time.Duration(float64(time.Second) / n)
}

func (t *timeline) togglePlay() {
	if t.playing {
		t.stopPlaying()
		return
	}
	t.startPlaying()
}

// startPlaying starts moving the window forward by one step per tick; a
// window already at the end starts again from the beginning, and a window
// over most of the data starts as one step (or the chosen length) from the
// beginning.
func (t *timeline) startPlaying() {
	mw := t.mw
	if t.playing || mw.closed() || !mw.extent.Dated() {
		return
	}
	w, ext := mw.window, mw.extent
	p := t.settings()
	if t.withinOn {
		// Within the range: the window at Play is the range (kept across a
		// pause), played from its start by the chosen length or one step.
		if !t.playRange.Dated() {
			t.playRange = data.Span{Start: max(w.Start, ext.Start), End: min(w.End, ext.End)}
		}
		rng := t.playRange
		p = t.rangeSettings()
		if w.Start < rng.Start || w.End >= rng.End || w.End-w.Start >= rng.End-rng.Start {
			mw.setWindow(firstWindow(w, rng, p, mw.zone))
		}
		t.showLoopInfo()
	}
	switch {
	case t.withinOn:
	case p.length.N > 0 && w.End >= ext.End:
		mw.setWindow(firstWindow(w, ext, p, mw.zone))
	case p.length.N > 0:
		mw.setWindow(data.Span{Start: w.Start, End: p.length.Add(w.Start, 1, mw.zone) - 1})
	case 2*(w.End-w.Start) >= ext.End-ext.Start:
		// A window over most of the data has nowhere to move: play one
		// step at a time from the first time the histogram counts (the
		// incidents, not a camp opened months before them).
		from := max(t.countedStart(), ext.Start)
		from = max(p.step.Unit.Floor(from, mw.zone), ext.Start)
		mw.setWindow(data.Span{Start: from, End: p.step.Add(from, 1, mw.zone) - 1})
	case w.End >= ext.End:
		mw.setWindow(firstWindow(w, ext, p, mw.zone))
	}
	t.revealWindow()
	t.playing = true
	t.play.SetText(lang.L("Pause"))
	t.play.SetIcon(theme.MediaPauseIcon())
	stop, done := make(chan struct{}), make(chan struct{})
	t.stopPlay, t.done = stop, done
	t.pending.Store(false)
	tk := mw.clock.NewTicker(t.interval())
	go func() {
		defer close(done)
		defer tk.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tk.C():
				if !t.pending.CompareAndSwap(false, true) {
					continue // the last step is not shown yet: skip this tick
				}
				mw.q.post(func() {
					t.pending.Store(false)
					if t.stopPlay == stop {
						t.advance()
					}
				})
			}
		}
	}()
}

// countedStart returns the earliest time of the layers the histogram
// counts, or the extent's start when none is dated.
func (t *timeline) countedStart() int64 {
	counted := data.Undated
	for _, lv := range t.countedLayers() {
		counted = counted.Union(lv.Layer.TimeExtent())
	}
	if !counted.Dated() {
		return t.mw.extent.Start
	}
	return counted.Start
}

// stopPlaying stops playback and its ticker goroutine; the window stays
// where it is.
func (t *timeline) stopPlaying() {
	if !t.playing {
		return
	}
	t.playing = false
	close(t.stopPlay)
	t.stopPlay = nil
	t.play.SetText(lang.L("Play"))
	t.play.SetIcon(theme.MediaPlayIcon())
}

// advance moves the window one step; at the end it stops (or loops).
func (t *timeline) advance() {
	mw := t.mw
	if !mw.extent.Dated() {
		t.stopPlaying()
		return
	}
	ext, p := mw.extent, t.settings()
	if t.withinOn && t.playRange.Dated() {
		ext, p = t.playRange, t.rangeSettings() // loops within the range
	}
	nw, over := nextWindow(mw.window, ext, p, mw.zone)
	mw.setWindow(nw)
	t.revealWindow()
	if over {
		t.stopPlaying()
	}
}

// revealWindow shows the whole extent on the histogram when the played
// window has left the zoomed part of it (the histogram opens on the
// incidents, and playback starts from the earliest camp): the moving band
// is how a planner sees where the animation is.
func (t *timeline) revealWindow() {
	lo, hi := t.slider.View()
	if w := t.mw.window; w.Start < lo || w.End > hi {
		t.userView = true
		t.slider.SetView(0, 0)
		t.refresh()
	}
}

// setLoopMode takes one of loopModes. Leaving "loop in range", a range
// being played gives its window back.
func (t *timeline) setLoopMode(mode string) {
	on := mode == loopModes[2]
	t.loopOn, t.withinOn = mode != loopModes[0], on
	if !on && t.playRange.Dated() {
		rng := t.playRange
		t.stopPlaying()
		t.playRange = data.Undated
		if t.mw.extent.Dated() {
			t.mw.setWindow(rng)
		}
	}
	t.showLoopInfo()
}

// userWindow is called when the user sets the window to w by hand (a
// drag, a preset, a typed date, a step key). Outside playback a window
// reaching out of the range being played is the new range to play within
// (the range played so far is forgotten); one inside it only moves the
// played frame.
func (t *timeline) userWindow(w data.Span) {
	if rng := t.playRange; !t.playing && rng.Dated() && (w.Start < rng.Start || w.End > rng.End) {
		t.playRange = data.Undated
		t.showLoopInfo()
	}
}

// rangeSettings is how the player moves within a range: the chosen
// length, or one step, looping at the range's end.
func (t *timeline) rangeSettings() playSettings {
	p := t.settings()
	if p.length.N == 0 && !p.cumulative {
		p.length = p.step
	}
	p.loop = true
	return p
}

// showLoopInfo says where playback loops: within the range being played,
// or, before Play, within the window's.
func (t *timeline) showLoopInfo() {
	if t.loopInfo == nil {
		return
	}
	rng, text := t.playRange, ""
	if !rng.Dated() && t.withinOn && t.mw.extent.Dated() {
		rng = t.mw.window
	}
	if rng.Dated() && t.withinOn {
		text = fmt.Sprintf(lang.L("looping %s"), rangeLabel(rng, t.mw.zone))
	}
	if t.loopInfo.Text != text {
		t.loopInfo.SetText(text)
		if t.box != nil {
			t.box.Refresh() // the axis' row lays out the label's new width
		}
	}
	if rng.Dated() && t.withinOn {
		t.slider.SetMarked(rng.Start, rng.End)
	} else {
		t.slider.SetMarked(0, 0)
	}
}

// rangeLabel writes a range by its days, as the interface's language
// writes them: "1 Jun – 31 Aug" ("1 juin – 31 août"), with the years when
// they differ from each other.
func rangeLabel(r data.Span, zone *time.Location) string {
	a, b := time.UnixMilli(r.Start).In(zone), time.UnixMilli(r.End).In(zone)
	da, db := format.DayMonth(activeLang, a), format.DayMonth(activeLang, b)
	if a.Year() != b.Year() {
		da, db = fmt.Sprintf("%s %d", da, a.Year()), fmt.Sprintf("%s %d", db, b.Year())
	}
	return da + " – " + db
}
