package ui

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"campmap/data"
	"campmap/internal/format"
)

// tableRequest asks for the rows of an attribute table: the features of l
// the map draws (shows, render.Scene.Shows; nil for all) whose text holds
// query (folded), sorted by column col (tableTime or an index in
// l.Keys(); tableUnsorted keeps the layer's order), descending when desc.
// texts, when built for l and zone, is reused.
type tableRequest struct {
	l     *data.Layer
	shows func(i int) bool
	query string
	col   int
	desc  bool
	zone  *time.Location
	texts *tableTexts
}

// tableResult is the rows of a table: the features listed in order, the
// row of each feature (-1 when it is not listed) and the folded texts the
// filter used (nil when it was not needed). A result is immutable.
type tableResult struct {
	rows  []int32
	pos   []int32
	texts *tableTexts
	done  bool // false: the job was cancelled and lists nothing
}

// Columns of an attribute table beside the properties of Keys.
const (
	tableUnsorted = -2
	tableTime     = -1
)

// tableTexts is every feature's text as the filter compares it: its time
// and every property value, folded (format.Fold), one string per feature.
type tableTexts struct {
	l    *data.Layer
	zone *time.Location
	text []string
}

// listRows lists the rows of r (see tableRequest). It runs on a worker:
// on 100,000 features a filter or a sort takes a fraction of a second.
func listRows(ctx context.Context, r tableRequest) tableResult {
	l := r.l
	if l == nil {
		return tableResult{done: true}
	}
	texts := r.texts
	if r.query != "" && (texts == nil || texts.l != l || texts.zone != r.zone) {
		if texts = foldTexts(ctx, l, r.zone); texts == nil {
			return tableResult{}
		}
	}
	rows := make([]int32, 0, l.Len())
	for i := range l.Len() {
		if i&4095 == 4095 && ctx.Err() != nil {
			return tableResult{}
		}
		if r.shows != nil && !r.shows(i) {
			continue
		}
		if r.query != "" && !strings.Contains(texts.text[i], r.query) {
			continue
		}
		rows = append(rows, int32(i))
	}
	if r.col != tableUnsorted {
		if !sortRows(ctx, l, rows, r.col, r.desc, r.zone) {
			return tableResult{}
		}
	}
	pos := make([]int32, l.Len())
	for i := range pos {
		pos[i] = -1
	}
	for row, f := range rows {
		pos[f] = int32(row)
	}
	return tableResult{rows: rows, pos: pos, texts: texts, done: true}
}

// foldTexts builds the filter's texts of l; nil once ctx ends.
func foldTexts(ctx context.Context, l *data.Layer, zone *time.Location) *tableTexts {
	out := &tableTexts{l: l, zone: zone, text: make([]string, l.Len())}
	var b strings.Builder
	for i := range l.Len() {
		if i&4095 == 4095 && ctx.Err() != nil {
			return nil
		}
		b.Reset()
		b.WriteString(cellTime(l.Span(i), zone))
		for _, pr := range l.Props(i) {
			b.WriteByte('\x1f') // a query never spans two cells
			b.WriteString(cellValue(pr.Value))
		}
		out.text[i] = format.Fold(b.String())
	}
	return out
}

// cellValue is a property value as a table cell shows it: a missing value
// is empty, not "null".
func cellValue(v data.Value) string {
	if v.Type == data.ValueNull {
		return ""
	}
	return v.String()
}

// cellTime is a feature's time as a table cell shows it: its start, the
// date alone when it starts at midnight and lasts a day or more, empty
// when undated.
func cellTime(s data.Span, zone *time.Location) string {
	if !s.Dated() {
		return ""
	}
	t := s.StartTime(zone)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 && s.End-s.Start >= 86400000-1 {
		return dateText(t)
	}
	return timeText(s.Start, zone)
}

// sortKey is one row's value in the sorted column: a number (a count, a
// time in milliseconds) or folded text; empty sorts last either way.
type sortKey struct {
	row   int32
	empty bool
	num   float64
	str   string
}

// Kinds of a column, as it sorts.
const (
	colText = iota
	colNumber
	colDate
)

// columnKind tells how column key of l sorts over rows: numerically when
// its values are numbers (or text that reads as one), chronologically
// when they read as dates, else as text. It looks at up to 64 values.
func columnKind(l *data.Layer, rows []int32, key string, zone *time.Location) int {
	num, date, seen := true, true, 0
	for _, f := range rows {
		v, ok := l.Prop(int(f), key)
		if !ok || v.Type == data.ValueNull || (v.Type == data.ValueString && strings.TrimSpace(v.Str) == "") {
			continue
		}
		seen++
		switch v.Type {
		case data.ValueNumber, data.ValueBool:
			date = false
		case data.ValueString:
			s := strings.TrimSpace(v.Str)
			if _, err := strconv.ParseFloat(s, 64); err != nil {
				num = false
			}
			if !looksLikeDate(s, zone) {
				date = false
			}
		default:
			num, date = false, false
		}
		if seen == 64 || (!num && !date) {
			break
		}
	}
	switch {
	case seen == 0:
		return colText
	case num:
		return colNumber
	case date:
		return colDate
	}
	return colText
}

// looksLikeDate reports whether s reads as a date or a time (not a bare
// number, which is a count).
func looksLikeDate(s string, zone *time.Location) bool {
	if len(s) < 6 || !strings.ContainsAny(s, "-/.: ") {
		return false
	}
	_, err := data.ParseTime(s, zone)
	return err == nil
}

// sortRows sorts rows in place by column col of l (see tableRequest);
// false once ctx ends.
func sortRows(ctx context.Context, l *data.Layer, rows []int32, col int, desc bool, zone *time.Location) bool {
	keys := make([]sortKey, len(rows))
	kind, key := colDate, ""
	if col >= 0 && col < len(l.Keys()) {
		key = l.Keys()[col]
		kind = columnKind(l, rows, key, zone)
	}
	for j, f := range rows {
		if j&4095 == 4095 && ctx.Err() != nil {
			return false
		}
		k := sortKey{row: f}
		if col == tableTime {
			sp := l.Span(int(f))
			k.empty, k.num = !sp.Dated(), float64(sp.Start)
		} else {
			v, ok := l.Prop(int(f), key)
			s := strings.TrimSpace(cellValue(v))
			k.empty = !ok || s == ""
			switch {
			case k.empty:
			case kind == colNumber && (v.Type == data.ValueNumber || v.Type == data.ValueBool):
				k.num = v.Num
			case kind == colNumber:
				k.num, _ = strconv.ParseFloat(s, 64)
			case kind == colDate:
				sp, err := data.ParseTime(s, zone)
				k.num, k.empty = float64(sp.Start), err != nil
			default:
				k.str = format.Fold(s)
			}
		}
		keys[j] = k
	}
	text := kind == colText && col != tableTime
	slices.SortStableFunc(keys, func(a, b sortKey) int {
		if a.empty != b.empty {
			if a.empty {
				return 1
			}
			return -1
		}
		c := 0
		if !a.empty {
			if text {
				c = strings.Compare(a.str, b.str)
			} else {
				c = cmp.Compare(a.num, b.num)
			}
			if desc {
				c = -c
			}
		}
		if c == 0 {
			c = cmp.Compare(a.row, b.row)
		}
		return c
	})
	for j := range keys {
		rows[j] = keys[j].row
	}
	return true
}
