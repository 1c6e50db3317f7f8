package csv

import (
	"fmt"
	"strings"
	"time"

	"campmap/data"
)

// How a row is dated.
//
// A row is dated by its start and end columns when it has them (STAC's
// start_datetime/end_datetime, "start"/"end", HXL #date+start/#date+end),
// else by its time column. Each column decides for itself whether its
// numeric dates are day-first or month-first (data.DateColumn): rows are
// read day-first as they come, those whose date could be read both ways
// are remembered, and when a column turns out to be month-first they are
// read again before the layer is built.

// timeSlot names the three time columns a row may have.
const (
	slotTime = iota
	slotStart
	slotEnd
	nSlots
)

// rowTimes reads the time columns of every row of one table.
type rowTimes struct {
	col     [nSlots]int // column index per slot, -1 for none
	prec    int         // ACLED time_precision column, -1 for none
	cols    [nSlots]data.DateColumn
	zone    *time.Location
	pending []pendingRow
}

// pendingRow is a row read with a date that could be day- or month-first.
type pendingRow struct {
	feature int
	vals    [nSlots]string
	prec    string
}

func newRowTimes(t *table, zone *time.Location) *rowTimes {
	s := &t.schema
	rt := &rowTimes{zone: zone, prec: t.col(s.Precision)}
	for slot, name := range [nSlots]string{s.Time, s.Start, s.End} {
		rt.col[slot] = t.col(name)
		rt.cols[slot].Name = name
	}
	return rt
}

// any reports whether the table has a time column.
func (rt *rowTimes) any() bool {
	return rt.col[slotTime] >= 0 || rt.col[slotStart] >= 0 || rt.col[slotEnd] >= 0
}

// read returns the span of the row whose cells cell gives, about to be
// feature number feature. bad is told of each value that is not a date.
func (rt *rowTimes) read(cell func(int) string, feature int, bad func(col, v string)) data.Span {
	var vals [nSlots]string
	for slot, c := range rt.col {
		vals[slot] = cell(c)
	}
	prec := cell(rt.prec)
	sp, ambiguous := rt.span(vals, prec, [nSlots]data.DateOrder{}, true, bad)
	if ambiguous {
		rt.pending = append(rt.pending, pendingRow{feature: feature, vals: vals, prec: prec})
	}
	return sp
}

// span reads one row's values in the given orders; note counts each
// value's form in its column. ambiguous tells that a value could be read
// day- or month-first.
func (rt *rowTimes) span(vals [nSlots]string, prec string, order [nSlots]data.DateOrder, note bool, bad func(col, v string)) (sp data.Span, ambiguous bool) {
	var got [nSlots]data.Span
	var ok [nSlots]bool
	for slot, v := range vals {
		if v == "" {
			continue
		}
		s, form, err := data.ParseTimeOrder(v, rt.zone, order[slot])
		if err != nil {
			if bad != nil {
				bad(rt.cols[slot].Name, v)
			}
			continue
		}
		if note {
			rt.cols[slot].Note(form, v)
		}
		ambiguous = ambiguous || form == data.FormAmbiguous
		got[slot], ok[slot] = s, true
	}
	switch {
	case ok[slotStart] && ok[slotEnd]:
		a, b := got[slotStart], got[slotEnd]
		return data.Span{Start: min(a.Start, b.Start), End: max(a.End, b.End)}, ambiguous
	case ok[slotStart]:
		return got[slotStart], ambiguous
	case ok[slotEnd]:
		return got[slotEnd], ambiguous
	case ok[slotTime]:
		return widen(got[slotTime], prec, rt.zone), ambiguous
	}
	return data.Undated, ambiguous
}

// finish re-reads the rows read too early in a column that turned out to
// be month-first, and returns the columns' warnings.
func (rt *rowTimes) finish(bl *data.Builder) []string {
	var order [nSlots]data.DateOrder
	again := false
	var warns []string
	for slot := range rt.cols {
		order[slot] = rt.cols[slot].Order()
		again = again || order[slot] == data.MonthFirst
		if w := rt.cols[slot].Warning(); w != "" {
			warns = append(warns, w)
		}
	}
	if again {
		for _, p := range rt.pending {
			sp, _ := rt.span(p.vals, p.prec, order, false, nil)
			bl.SetSpan(p.feature, sp)
		}
	}
	rt.pending = nil
	return warns
}

// widen applies ACLED's time_precision to the date read from event_date.
// ACLED's codebook describes time_precision as "a numeric code indicating
// the level of certainty of the date coded for the event", and explains its
// codes, in short: 1, the source gives the actual date of the event; 2, the source
// gives only the week (or weekend) in which the event took place, and the
// middle of that week (or weekend) is coded as the date; 3, the source
// gives only the month, and the middle of the month is coded as the date.
// So code 1 keeps the day, code 2 stands for the seven days centred on the
// coded date (which holds the week or the weekend reported), and code 3
// for the month holding it. Anything else keeps the span.
func widen(sp data.Span, prec string, loc *time.Location) data.Span {
	switch strings.TrimSpace(prec) {
	case "2":
		t := sp.StartTime(loc)
		y, m, d := t.Date()
		s := time.Date(y, m, d-3, 0, 0, 0, 0, loc)
		e := time.Date(y, m, d+4, 0, 0, 0, 0, loc)
		return data.Span{Start: s.UnixMilli(), End: e.UnixMilli() - 1}
	case "3":
		t := sp.StartTime(loc)
		if m, ok := data.MonthSpan(t.Year(), int(t.Month()), loc); ok {
			return m
		}
	}
	return sp
}

// badTimeWarning is the warning for an unreadable time value.
func badTimeWarning(line int, col, v string) string {
	return fmt.Sprintf("line %d: %q = %q is not a date campmap can read: row kept, undated", line, col, data.Excerpt(v, 40))
}
