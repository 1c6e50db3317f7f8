package data

import (
	"math"
	"time"
)

// Span is a closed time interval [Start, End] in Unix milliseconds. An
// instant has Start == End; a day read from "2015-07-28" runs from its first
// to its last millisecond. The zero Span is not undated: use Undated.
type Span struct {
	Start, End int64
}

// undatedMark marks a feature without a time.
const undatedMark = math.MinInt64

// Undated is the Span of a feature that has no time. It is always drawn and
// counted apart from the dated features.
var Undated = Span{Start: undatedMark, End: undatedMark}

// Instant returns the Span of a single moment.
func Instant(t time.Time) Span {
	ms := t.UnixMilli()
	return Span{Start: ms, End: ms}
}

// SpanOf returns the Span from start to end, both included. It swaps them if
// end is before start.
func SpanOf(start, end time.Time) Span {
	s, e := start.UnixMilli(), end.UnixMilli()
	if e < s {
		s, e = e, s
	}
	return Span{Start: s, End: e}
}

// Dated reports whether s carries a time.
func (s Span) Dated() bool { return s.Start != undatedMark }

// IsInstant reports whether s is a single moment.
func (s Span) IsInstant() bool { return s.Dated() && s.Start == s.End }

// Overlaps reports whether the dated span s shares at least one millisecond
// with w. An undated span overlaps nothing.
func (s Span) Overlaps(w Span) bool {
	return s.Dated() && w.Dated() && s.Start <= w.End && s.End >= w.Start
}

// Inside reports whether the dated span s lies wholly within w.
func (s Span) Inside(w Span) bool {
	return s.Dated() && w.Dated() && s.Start >= w.Start && s.End <= w.End
}

// Open-ended windows: a window "from T" or "until T" runs to these bounds,
// about 146 million years either side of 1970, far enough for any data and
// near enough that index arithmetic on them cannot overflow.
const (
	Earliest int64 = -1 << 62
	Latest   int64 = 1 << 62
)

// bounded returns w clamped to [Earliest, Latest], so that a window given
// with math.MinInt64 or math.MaxInt64 ends stays safe to compute with.
func (s Span) bounded() Span {
	return Span{Start: max(s.Start, Earliest), End: min(s.End, Latest)}
}

// Union returns the smallest span holding both s and o; undated spans are ignored.
func (s Span) Union(o Span) Span {
	switch {
	case !s.Dated():
		return o
	case !o.Dated():
		return s
	}
	return Span{Start: min(s.Start, o.Start), End: max(s.End, o.End)}
}

// StartTime returns the start as a time.Time in loc (UTC when loc is nil).
func (s Span) StartTime(loc *time.Location) time.Time { return msTime(s.Start, loc) }

// EndTime returns the end as a time.Time in loc (UTC when loc is nil).
func (s Span) EndTime(loc *time.Location) time.Time { return msTime(s.End, loc) }

func msTime(ms int64, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.UnixMilli(ms).In(loc)
}
