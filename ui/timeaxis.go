package ui

import (
	"time"

	"campmap/data"
	"campmap/internal/format"
)

// axisLabelPad is the room between a tick and its label, and axisLabelGap
// the least room between one label's end and the next tick, in Fyne units.
const (
	axisLabelPad = 3
	axisLabelGap = 8
)

// tickStep is a spacing of the axis' ticks: n units, aligned on the
// calendar (quarters on January, April, July, October; decades on years
// ending in 0).
type tickStep struct {
	unit data.Unit
	n    int
}

// tickSteps are the spacings the axis chooses from, finest first.
var tickSteps = []tickStep{
	{data.Hour, 1}, {data.SixHours, 1}, {data.Day, 1}, {data.Week, 1}, {data.Month, 1}, {data.Month, 3},
	{data.Year, 1}, {data.Year, 2}, {data.Year, 5}, {data.Year, 10}, {data.Year, 25}, {data.Year, 50}, {data.Year, 100},
}

// approxMs is about how long a step lasts, to skip steps far too dense
// before counting their ticks.
func (st tickStep) approxMs() float64 {
	per := map[data.Unit]float64{data.Hour: 3600e3, data.SixHours: 6 * 3600e3, data.Day: 86400e3,
		data.Week: 7 * 86400e3, data.Month: 30.44 * 86400e3, data.Year: 365.25 * 86400e3}[st.unit]
	return per * float64(st.n)
}

// first returns the first tick of st at or before ms.
func (st tickStep) first(ms int64, zone *time.Location) int64 {
	t := st.unit.Floor(ms, zone)
	for range 100 {
		tt := time.UnixMilli(t).In(zone)
		switch {
		case st.n <= 1,
			st.unit == data.Month && (int(tt.Month())-1)%st.n == 0,
			st.unit == data.Year && tt.Year()%st.n == 0:
			return t
		}
		t = st.unit.Add(t, -1, zone)
	}
	return t
}

// label writes the tick at ms of step st as lang writes dates: hours as
// 15:00 (midnight as its day), days and weeks as 28 Jul (28 juil.), months
// and quarters as Jul 2015 (juil. 2015), years as 2015.
func (st tickStep) label(lang string, ms int64, zone *time.Location) string {
	t := time.UnixMilli(ms).In(zone)
	switch st.unit {
	case data.Hour, data.SixHours:
		if t.Hour() == 0 && t.Minute() == 0 {
			return format.DayMonth(lang, t)
		}
		return t.Format("15:04")
	case data.Day, data.Week:
		return format.DayMonth(lang, t)
	case data.Month:
		return format.MonthYear(lang, t)
	}
	return t.Format("2006")
}

// axisTicks returns the labelled ticks of the visible extent [lo, hi] on
// a track width wide, in zone and lang: those of the finest step whose
// labels, measured by measure, each end axisLabelGap before the next tick
// (a last label that would run past the track is left out), so no two
// labels ever overlap. It returns nil when no step fits.
func axisTicks(lo, hi int64, width float32, zone *time.Location, lang string, measure func(string) float32) []AxisTick {
	if hi <= lo || width <= 0 || measure == nil {
		return nil
	}
	if zone == nil {
		zone = time.UTC
	}
	perUnit := float64(hi-lo) / float64(width)
	x := func(v int64) float32 { return float32(float64(v-lo) / perUnit) }
	for _, st := range tickSteps {
		if st.approxMs()/perUnit < 2*axisLabelGap {
			continue // far too dense: not worth counting
		}
		var ticks []AxisTick
		fits := true
		for t := st.first(lo, zone); t <= hi && fits; t = st.unit.Add(t, st.n, zone) {
			if t < lo {
				continue
			}
			l := st.label(lang, t, zone)
			tk := AxisTick{At: t, X: x(t), Label: l, W: measure(l)}
			if n := len(ticks); n > 0 && ticks[n-1].X+axisLabelPad+ticks[n-1].W+axisLabelGap > tk.X {
				fits = false
				break
			}
			ticks = append(ticks, tk)
		}
		if !fits {
			continue
		}
		if n := len(ticks); n > 0 && ticks[n-1].X+axisLabelPad+ticks[n-1].W > width {
			ticks = ticks[:n-1] // the last label would run off the track
		}
		if len(ticks) > 0 {
			return ticks
		}
	}
	return nil
}
