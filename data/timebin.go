package data

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Unit is a calendar unit of time in a zone: histogram bins and playback
// steps are made of them. Days, weeks and months follow the wall clock of
// the zone, so a day is 23 or 25 hours long across a daylight saving
// change; hours are real hours, so the night clocks go back has two bins
// (or two steps) for the hour that happens twice.
type Unit int

// The units, shortest first.
const (
	Hour Unit = iota
	SixHours
	Day
	Week // weeks start on Monday 00:00
	Month
	Year
)

// Units lists every unit, shortest first.
var Units = []Unit{Hour, SixHours, Day, Week, Month, Year}

var unitNames = [...]string{"hour", "6 hours", "day", "week", "month", "year"}

// String names the unit: "hour", "6 hours", "day", "week", "month", "year".
func (u Unit) String() string {
	if u < 0 || int(u) >= len(unitNames) {
		return fmt.Sprintf("Unit(%d)", int(u))
	}
	return unitNames[u]
}

// nominal is about how long a unit lasts, to choose one for a span.
func (u Unit) nominal() int64 {
	switch u {
	case Hour:
		return 3600e3
	case SixHours:
		return 6 * 3600e3
	case Day:
		return 86400e3
	case Week:
		return 7 * 86400e3
	case Month:
		return 30 * 86400e3
	}
	return 365 * 86400e3
}

// Floor returns the start of the unit holding ms in loc (UTC when nil).
func (u Unit) Floor(ms int64, loc *time.Location) int64 {
	if loc == nil {
		loc = time.UTC
	}
	t := time.UnixMilli(ms).In(loc)
	// Within the hour: subtract the wall clock's minutes and seconds, which
	// is exact even in the hour that happens twice.
	h := t.Add(-(time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond())))
	y, mo, d := t.Date()
	switch u {
	case Hour:
		return h.UnixMilli()
	case SixHours:
		// The wall clock's 00:00, 06:00, 12:00 and 18:00.
		for h.Hour()%6 != 0 {
			h = h.Add(-time.Hour)
		}
		return h.UnixMilli()
	case Day:
		return time.Date(y, mo, d, 0, 0, 0, 0, loc).UnixMilli()
	case Week:
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, mo, d-back, 0, 0, 0, 0, loc).UnixMilli()
	case Month:
		return time.Date(y, mo, 1, 0, 0, 0, 0, loc).UnixMilli()
	}
	return time.Date(y, 1, 1, 0, 0, 0, 0, loc).UnixMilli()
}

// Add moves ms by n units (backwards when n < 0) in loc: hours as real
// hours, six hours by the wall clock (00, 06, 12, 18 stay themselves),
// days, weeks, months and years by the calendar, keeping the wall-clock
// time. A month step from the 31st lands on the next month's last day
// rather than overflowing into the month after.
func (u Unit) Add(ms int64, n int, loc *time.Location) int64 {
	if loc == nil {
		loc = time.UTC
	}
	t := time.UnixMilli(ms).In(loc)
	switch u {
	case Hour:
		return t.Add(time.Duration(n) * time.Hour).UnixMilli()
	case SixHours:
		y, mo, d := t.Date()
		return time.Date(y, mo, d, t.Hour()+6*n, t.Minute(), t.Second(), t.Nanosecond(), loc).UnixMilli()
	case Day:
		return t.AddDate(0, 0, n).UnixMilli()
	case Week:
		return t.AddDate(0, 0, 7*n).UnixMilli()
	case Month, Year:
		months := n
		if u == Year {
			months = 12 * n
		}
		y, mo, d := t.Date()
		first := time.Date(y, mo+time.Month(months), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
		last := daysIn(first.Year(), first.Month())
		return time.Date(first.Year(), first.Month(), min(d, last), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc).UnixMilli()
	}
	return ms
}

// daysIn is the number of days of month m of year y in the proleptic
// Gregorian calendar, as package time counts them, without building a
// time.Time (the loaders check every date they read with it).
func daysIn(y int, m time.Month) int {
	if m == time.February {
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + int(m+m/8)&1 // 31 in January, March, May, July, August, October, December
}

// ChooseUnit returns the shortest unit that cuts span into at most maxBins
// bins (Year when none does).
func ChooseUnit(span Span, maxBins int) Unit {
	if !span.Dated() || maxBins < 1 {
		return Day
	}
	n := span.End - span.Start + 1
	for _, u := range Units {
		if n/u.nominal() < int64(maxBins) {
			return u
		}
	}
	return Year
}

// maxEdges bounds BinEdges whatever its arguments (a century of hours).
const maxEdges = 1 << 20

// BinEdges returns the edges of the calendar bins of unit u in loc that
// cover span: bin i is [edges[i], edges[i+1]) in Unix milliseconds, the
// first edge is Floor(span.Start) and the last lies after span.End. An
// undated span has no bins; at most 2^20 bins are returned.
func BinEdges(span Span, u Unit, loc *time.Location) []int64 {
	if !span.Dated() || span.End < span.Start {
		return nil
	}
	e := u.Floor(span.Start, loc)
	edges := []int64{e}
	for e <= span.End && len(edges) < maxEdges {
		next := u.Add(e, 1, loc)
		if next <= e { // cannot happen with real zones; never loop
			break
		}
		e = next
		edges = append(edges, e)
	}
	return edges
}

// Bins counts features of a layer into calendar bins, by category.
// Counts[b][c] is how many dated features with category index c (0 for
// none, see Layer.CategoryIndex) are present in bin b: an instant in the
// bin holding it, a span (a camp open for months, a month-only date) in
// every bin it overlaps, so a histogram shows it where it lasts. The sum
// of Counts is therefore not the number of features when spans cross bin
// edges. Undated counts the features without a time, by category. A Bins
// is a plain value; the caller owns it.
type Bins struct {
	Unit    Unit
	Edges   []int64 // len(Counts)+1 edges
	Counts  [][]int // [bin][category index]
	Undated []int   // [category index]
	Outside int     // dated features that overlap no bin
}

// CountBins counts the features of l for which keep (when not nil) is true
// into the bins given by edges (see BinEdges and Bins). It walks the
// layer's time index: instants, sorted by time, are merged with the edges
// in one pass; only spans, usually few, are placed by binary search.
func CountBins(l *Layer, u Unit, edges []int64, keep func(i int) bool) Bins {
	nc := len(l.Categories()) + 1
	b := Bins{Unit: u, Edges: edges, Undated: make([]int, nc)}
	nb := max(len(edges)-1, 0)
	flat := make([]int, nb*nc)
	b.Counts = make([][]int, nb)
	for i := range b.Counts {
		b.Counts[i] = flat[i*nc : (i+1)*nc : (i+1)*nc]
	}
	cat := func(i int) int {
		c := l.CategoryIndex(i)
		if c < 0 || c >= nc {
			return 0
		}
		return c
	}
	kept := func(i int32) bool { return keep == nil || keep(int(i)) }
	ix := l.Index()
	for _, i := range ix.Undated() {
		if kept(i) {
			b.Undated[cat(int(i))]++
		}
	}
	// bin returns the bin holding ms, which lies in [edges[0], edges[nb]).
	bin := func(ms int64) int {
		j, found := slices.BinarySearch(edges, ms)
		if !found {
			j--
		}
		return j
	}
	for g := range ix.groups {
		tg := &ix.groups[g]
		if nb == 0 {
			for _, i := range tg.ids {
				if kept(i) {
					b.Outside++
				}
			}
			continue
		}
		first, last := edges[0], edges[nb]
		if tg.ends == nil {
			// Instants: sorted by time, merged with the edges.
			lo, _ := slices.BinarySearch(tg.starts, first)
			hi, _ := slices.BinarySearch(tg.starts, last)
			for _, ids := range [][]int32{tg.ids[:lo], tg.ids[hi:]} {
				for _, i := range ids {
					if kept(i) {
						b.Outside++
					}
				}
			}
			j := 0
			for p := lo; p < hi; p++ {
				i := tg.ids[p]
				if !kept(i) {
					continue
				}
				for edges[j+1] <= tg.starts[p] {
					j++
				}
				b.Counts[j][cat(int(i))]++
			}
			continue
		}
		// Spans: every bin from the one holding the start (or the first)
		// to the one holding the end (or the last).
		for p, i := range tg.ids {
			if !kept(i) {
				continue
			}
			s, e := tg.starts[p], tg.ends[p]
			if e < first || s >= last {
				b.Outside++
				continue
			}
			c := cat(int(i))
			for j, jn := bin(max(s, first)), bin(min(e, last-1)); j <= jn; j++ {
				b.Counts[j][c]++
			}
		}
	}
	return b
}

// Step is a playback step or a window length: N calendar units ("1d",
// "7d", "6h", "1mo").
type Step struct {
	N    int
	Unit Unit
}

// ErrBadStep is wrapped by ParseStep.
var ErrBadStep = errors.New("not a step like 1h, 6h, 1d, 7d, 1w or 1mo")

// ParseStep reads a step: a whole number (1 when omitted) and a unit, h
// (hours), d (days), w (weeks), mo or m (months), y (years); "6h" is six
// hours; "hour", "day", "week" and "month" are one of them.
func ParseStep(s string) (Step, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if w, ok := map[string]string{"hour": "1h", "day": "1d", "week": "1w", "month": "1mo", "year": "1y"}[t]; ok {
		t = w
	}
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	n := 1
	if i > 0 {
		v, err := strconv.Atoi(t[:i])
		if err != nil || v < 1 || v > 100000 {
			return Step{}, fmt.Errorf("data: step %q: %w", Excerpt(s, 40), ErrBadStep)
		}
		n = v
	}
	var u Unit
	switch t[i:] {
	case "h":
		u = Hour
	case "d":
		u = Day
	case "w":
		u = Week
	case "mo", "m":
		u = Month
	case "y":
		u = Year
	default:
		return Step{}, fmt.Errorf("data: step %q: %w", Excerpt(s, 40), ErrBadStep)
	}
	return Step{N: n, Unit: u}, nil
}

// String writes the step as ParseStep reads it ("1d", "7d", "6h", "1mo").
func (s Step) String() string {
	suffix := map[Unit]string{Hour: "h", SixHours: "h", Day: "d", Week: "w", Month: "mo", Year: "y"}[s.Unit]
	n := s.N
	if s.Unit == SixHours {
		n *= 6
	}
	return strconv.Itoa(n) + suffix
}

// Add moves ms by k steps in loc (see Unit.Add).
func (s Step) Add(ms int64, k int, loc *time.Location) int64 {
	return s.Unit.Add(ms, s.N*k, loc)
}

// WindowAt returns the window of length length starting at ms in loc: from
// ms to the millisecond before ms + length (a day from midnight ends at
// 23:59:59.999 of that day).
func (s Step) WindowAt(ms int64, loc *time.Location) Span {
	return Span{Start: ms, End: s.Add(ms, 1, loc) - 1}
}
