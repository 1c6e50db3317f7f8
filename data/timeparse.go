package data

import (
	"campmap/internal/format"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ErrBadTime is wrapped by ParseTime and TimeFromValue when a value cannot
// be read as a time.
var ErrBadTime = errors.New("not a recognised date or time")

// ParseTime reads a date or time as written in real files and
// spreadsheets and returns the span it stands for: an instant for a full
// date-time, the whole day for a date, the whole month for "2015-07" or
// "July 2015", the whole year for "2015". Times without a zone or offset,
// and bare dates, are read in loc (UTC when nil). Accepted forms:
//
//	2015-07-28T22:15:00Z, 2015-07-28T22:15:00.123+02:00, 2015-07-28 22:15:00,
//	2015-07-28T22:15 (local in loc), 20150728, 2015-07-28, 2015-07, 2015,
//	28/07/2015, 28-07-2015, 28.07.2015, 9/5/2020, 2020/05/09, 07/2015
//	(each with an optional " HH:MM[:SS]"),
//	July 28, 2015, Jul 28 2015, 28 July 2015, 9-May-20, 09-May-2020,
//	Saturday, 9 May 2020, July 2015, May-20 (Excel's month-year),
//	9 mai 2020, 1er juil. 2020, 28 juillet 2015, août 2015 (French month
//	names, accents optional),
//	1438121700 (epoch seconds) and 1438121700000 (epoch milliseconds).
//
// Numeric day/month dates are read day-first (05/06/2020 is 5 June), unless
// the second field is above 12 (06/25/2020 is 25 June); ParseTimeOrder
// reads them month-first, and DateColumn decides for a whole column.
// A two-digit year follows the POSIX strptime rule: 00..68 are 2000..2068,
// 69..99 are 1969..1999 (9-May-20 is 2020, 1-Jan-69 is 1969).
//
// A local time that happens twice when clocks go back (2015-10-25 02:30 in
// Europe/Paris) is read as its first occurrence (summer time). A local time
// that does not exist because clocks go forward (2015-03-29 02:30 in Paris)
// is read with the offset in force before the change, which lands after the
// gap (03:30 CEST), as most tools do.
func ParseTime(s string, loc *time.Location) (Span, error) {
	sp, _, err := ParseTimeOrder(s, loc, DayFirst)
	return sp, err
}

// TimeFromValue reads a property value as a time: numbers are epoch
// milliseconds when their magnitude exceeds 1e11, else epoch seconds,
// except whole numbers that are plainly dates (2015 is that year, 20150728
// that day);
// strings go through ParseTime. ok is false when v holds no time at all
// (null or an empty string); err is set when v holds something that is not
// a time.
func TimeFromValue(v Value, loc *time.Location) (sp Span, ok bool, err error) {
	switch v.Type {
	case ValueNull:
		return Undated, false, nil
	case ValueNumber:
		if sp, ok := numericDate(v.Num, loc); ok {
			return sp, true, nil
		}
		sp, err := epochSpan(v.Num)
		return sp, err == nil, err
	case ValueString:
		if strings.TrimSpace(v.Str) == "" {
			return Undated, false, nil
		}
		sp, err := ParseTime(v.Str, loc)
		return sp, err == nil, err
	}
	return Undated, false, fmt.Errorf("data: time %s: %w", Excerpt(v.String(), 60), ErrBadTime)
}

// numericDate reads whole numbers that are clearly dates, not epoch
// values: 1000..9999 is a year (as epoch seconds it would be the first
// hours of 1970), and an eight-digit YYYYMMDD that is a valid date is that
// day (as epoch seconds, a day in 1970).
func numericDate(f float64, loc *time.Location) (Span, bool) {
	if f != math.Trunc(f) {
		return Undated, false
	}
	if loc == nil {
		loc = time.UTC
	}
	switch {
	case f >= 1000 && f <= 9999:
		return YearSpan(int(f), loc), true
	case f >= 10000101 && f <= 99991231:
		n := int(f)
		return wholeDay(n/10000, n/100%100, n%100, loc)
	}
	return Undated, false
}

// maxEpochMs bounds epoch values to years -9999..9999.
const maxEpochMs = 253402300799999

func epochSpan(f float64) (Span, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Undated, fmt.Errorf("data: time %v: %w", f, ErrBadTime)
	}
	ms := f
	if math.Abs(f) <= 1e11 {
		ms = f * 1000
	}
	if math.Abs(ms) > maxEpochMs {
		return Undated, fmt.Errorf("data: time %v: out of range: %w", f, ErrBadTime)
	}
	m := int64(math.Round(ms))
	return Span{Start: m, End: m}, nil
}

// digits returns the value of s if it is all ASCII digits.
func digits(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func parseTimeText(t string, loc *time.Location, order DateOrder) (Span, DateForm, bool) {
	sp, ok := parseTimeFixed(t, loc)
	if ok {
		return sp, FormOther, true
	}
	if sp, form, ok := parseNumeric(t, loc, order); ok {
		return sp, form, true
	}
	sp, ok = parseWords(t, loc)
	return sp, FormOther, ok
}

// parseTimeFixed reads the forms whose reading does not depend on a date
// order: epoch numbers, bare years and ISO 8601.
func parseTimeFixed(t string, loc *time.Location) (Span, bool) {
	// epoch numbers and bare years
	if u := strings.TrimPrefix(t, "-"); allDigits(u) || isDecimal(u) {
		if len(t) == 4 && allDigits(t) {
			y, _ := digits(t)
			return YearSpan(y, loc), true
		}
		if len(t) == 8 && allDigits(t) {
			y, _ := digits(t[:4])
			m, _ := digits(t[4:6])
			d, _ := digits(t[6:])
			return wholeDay(y, m, d, loc)
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || len(strings.SplitN(u, ".", 2)[0]) < 9 {
			return Undated, false
		}
		sp, err := epochSpan(f)
		return sp, err == nil
	}
	if len(t) >= 7 && allDigits(t[:4]) && t[4] == '-' {
		return parseISO(t, loc)
	}
	return Undated, false
}

func isDecimal(s string) bool {
	a, b, ok := strings.Cut(s, ".")
	return ok && allDigits(a) && allDigits(b)
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || y < -9999 || y > 9999 {
		return false
	}
	return d <= daysIn(y, time.Month(m))
}

// unixMilliUTC is time.Date(y, m, d, h, mi, s, ns, time.UTC).UnixMilli()
// for a valid date, h up to 24 (the next day's midnight), 0 ≤ ns < 1e9,
// without building a time.Time: a million RFC 3339 times are read in a
// few milliseconds. The day count is H. Hinnant's days_from_civil.
func unixMilliUTC(y, m, d, h, mi, s, ns int) int64 {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400                     // [0, 399]
	doy := (153*((m+9)%12)+2)/5 + d - 1    // [0, 365], from March 1st
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	days := int64(era)*146097 + int64(doe) - 719468
	return (days*86400+int64(h*3600+mi*60+s))*1000 + int64(ns/1e6)
}

func wholeDay(y, m, d int, loc *time.Location) (Span, bool) {
	if !validDate(y, m, d) {
		return Undated, false
	}
	s := localTime(y, m, d, 0, 0, 0, 0, loc)
	e := localTime(y, m, d+1, 0, 0, 0, 0, loc)
	return Span{Start: s.UnixMilli(), End: e.UnixMilli() - 1}, true
}

// MonthSpan is the span of month m (1..12) of year y in loc, from its
// first millisecond to its last; ok is false for a month or year out of
// range.
func MonthSpan(y, m int, loc *time.Location) (Span, bool) {
	if m < 1 || m > 12 || y < -9999 || y > 9999 {
		return Undated, false
	}
	s := localTime(y, m, 1, 0, 0, 0, 0, loc)
	e := localTime(y, m+1, 1, 0, 0, 0, 0, loc)
	return Span{Start: s.UnixMilli(), End: e.UnixMilli() - 1}, true
}

// YearSpan is the span of year y in loc, from its first millisecond to
// its last.
func YearSpan(y int, loc *time.Location) Span {
	s := localTime(y, 1, 1, 0, 0, 0, 0, loc)
	e := localTime(y+1, 1, 1, 0, 0, 0, 0, loc)
	return Span{Start: s.UnixMilli(), End: e.UnixMilli() - 1}
}

// localTime is time.Date with a defined answer around clock changes: an
// ambiguous wall time gives its first occurrence, a skipped one is read
// with the offset in force before the change.
func localTime(y, mo, d, h, mi, s, ns int, loc *time.Location) time.Time {
	naive := time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC)
	if loc == time.UTC {
		return naive
	}
	u := naive.Unix()
	_, before := time.Unix(u-86400, 0).In(loc).Zone()
	_, after := time.Unix(u+86400, 0).In(loc).Zone()
	var best int64
	found := false
	for _, off := range [2]int{before, after} {
		c := u - int64(off)
		if _, o := time.Unix(c, 0).In(loc).Zone(); o == off {
			if !found || c < best {
				best, found = c, true
			}
		}
	}
	if !found { // in a gap: keep the offset from before the change
		best = u - int64(before)
	}
	return time.Unix(best, int64(ns)).In(loc)
}

// parseISO reads YYYY-MM, YYYY-MM-DD and YYYY-MM-DD[T ]HH:MM[:SS[.fff]][zone].
func parseISO(t string, loc *time.Location) (Span, bool) {
	y, _ := digits(t[:4])
	m, ok := digits(t[5:7])
	if !ok {
		return Undated, false
	}
	if len(t) == 7 {
		return MonthSpan(y, m, loc)
	}
	if len(t) < 10 || t[7] != '-' {
		return Undated, false
	}
	d, ok := digits(t[8:10])
	if !ok {
		return Undated, false
	}
	if len(t) == 10 {
		return wholeDay(y, m, d, loc)
	}
	if t[10] != 'T' && t[10] != 't' && t[10] != ' ' {
		return Undated, false
	}
	return parseClock(y, m, d, strings.TrimLeft(t[11:], " "), loc)
}

// parseClock reads HH:MM[:SS[.fff]] followed by an optional zone: Z, UTC,
// GMT, +hh:mm, +hhmm or +hh.
func parseClock(y, m, d int, c string, loc *time.Location) (Span, bool) {
	if len(c) < 5 || c[2] != ':' {
		return Undated, false
	}
	h, ok1 := digits(c[:2])
	mi, ok2 := digits(c[3:5])
	if !ok1 || !ok2 || h > 24 || mi > 59 {
		return Undated, false
	}
	rest := c[5:]
	sec, ns := 0, 0
	if len(rest) >= 3 && rest[0] == ':' {
		s, ok := digits(rest[1:3])
		if !ok || s > 60 {
			return Undated, false
		}
		sec = s
		rest = rest[3:]
		if len(rest) > 1 && (rest[0] == '.' || rest[0] == ',') {
			j := 1
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				j++
			}
			if j == 1 {
				return Undated, false
			}
			frac := rest[1:j]
			if len(frac) > 9 {
				frac = frac[:9]
			}
			f, _ := digits(frac)
			for k := len(frac); k < 9; k++ {
				f *= 10
			}
			ns = f
			rest = rest[j:]
		}
	}
	if sec == 60 { // leap second: read as the last millisecond of the minute
		sec, ns = 59, 999_000_000
	}
	if h == 24 {
		if mi != 0 || sec != 0 || ns != 0 {
			return Undated, false
		}
	}
	if !validDate(y, m, d) {
		return Undated, false
	}
	rest = strings.TrimSpace(rest)
	var ms int64
	switch {
	case rest == "" && loc != time.UTC:
		ms = localTime(y, m, d, h, mi, sec, ns, loc).UnixMilli()
	case rest == "" || rest == "Z" || rest == "z" || strings.EqualFold(rest, "UTC") || strings.EqualFold(rest, "GMT"):
		ms = unixMilliUTC(y, m, d, h, mi, sec, ns)
	case rest[0] == '+' || rest[0] == '-':
		off, ok := parseOffset(rest[1:])
		if !ok {
			return Undated, false
		}
		if rest[0] == '-' {
			off = -off
		}
		ms = unixMilliUTC(y, m, d, h, mi, sec, ns) - int64(off)*1000
	default:
		return Undated, false
	}
	return Span{Start: ms, End: ms}, true
}

// parseOffset reads hh:mm, hhmm or hh as seconds.
func parseOffset(s string) (int, bool) {
	var h, m int
	var ok1, ok2 bool
	switch len(s) {
	case 2:
		h, ok1 = digits(s)
		ok2 = true
	case 4:
		h, ok1 = digits(s[:2])
		m, ok2 = digits(s[2:])
	case 5:
		if s[2] != ':' {
			return 0, false
		}
		h, ok1 = digits(s[:2])
		m, ok2 = digits(s[3:])
	default:
		return 0, false
	}
	if !ok1 || !ok2 || h > 18 || m > 59 {
		return 0, false
	}
	return h*3600 + m*60, true
}

// DateOrder says how a numeric date whose first two fields could each be
// the day, such as 05/06/2020, is read.
type DateOrder uint8

const (
	// DayFirst reads 05/06/2020 as 5 June 2020, as IOM, ACLED and French
	// and British sources write.
	DayFirst DateOrder = iota
	// MonthFirst reads 05/06/2020 as 6 May 2020, as US sources write.
	MonthFirst
)

// DateForm is what one value tells about the order of its day and month.
type DateForm uint8

const (
	// FormOther: the value is not a numeric day/month date, or its day
	// and month are equal (ISO dates, month names, epoch numbers).
	FormOther DateForm = iota
	// FormAmbiguous: both fields could be the day (05/06/2020).
	FormAmbiguous
	// FormDayFirst: the first field is above 12 (25/06/2020).
	FormDayFirst
	// FormMonthFirst: the second field is above 12 (06/25/2020).
	FormMonthFirst
)

// ParseTimeOrder is ParseTime reading a numeric date whose day and month
// could be swapped (05/06/2020) in the given order. A date whose first
// field is above 12 is always day-first and one whose second field is
// above 12 always month-first. form tells which of these the value was,
// so a loader can decide the order of a whole column (see DateColumn).
func ParseTimeOrder(s string, loc *time.Location, order DateOrder) (sp Span, form DateForm, err error) {
	if loc == nil {
		loc = time.UTC
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return Undated, FormOther, fmt.Errorf("data: empty time: %w", ErrBadTime)
	}
	sp, form, ok := parseTimeText(t, loc, order)
	if !ok {
		return Undated, FormOther, fmt.Errorf("data: time %q: %w (use e.g. 2015-07-28T22:15:00Z, 2015-07-28, 2015-07, 28/07/2015 or 28 July 2015)", Excerpt(s, 60), ErrBadTime)
	}
	return sp, form, nil
}

// DateColumn decides, from every value of one column (or property), whether
// its numeric dates are written day-first or month-first: a value whose
// first field is above 12 (25/06/2020) says day-first, one whose second
// field is above 12 (06/25/2020) month-first. A column where every value
// could be read both ways is read day-first, with a warning. The zero
// value with a Name is ready; it is used by one goroutine.
type DateColumn struct {
	Name string // the column, as messages name it

	ambiguous, dayFirst, monthFirst int
	exAmbiguous, exDay, exMonth     string // one value of each form
}

// Note counts the form of value v.
func (c *DateColumn) Note(form DateForm, v string) {
	switch form {
	case FormAmbiguous:
		if c.ambiguous == 0 {
			c.exAmbiguous = Excerpt(v, 40)
		}
		c.ambiguous++
	case FormDayFirst:
		if c.dayFirst == 0 {
			c.exDay = Excerpt(v, 40)
		}
		c.dayFirst++
	case FormMonthFirst:
		if c.monthFirst == 0 {
			c.exMonth = Excerpt(v, 40)
		}
		c.monthFirst++
	}
}

// Ambiguous returns how many values noted could be read both ways.
func (c *DateColumn) Ambiguous() int { return c.ambiguous }

// Order returns the order the column's ambiguous values are read in:
// MonthFirst when some value is plainly month-first and none plainly
// day-first, else DayFirst.
func (c *DateColumn) Order() DateOrder {
	if c.monthFirst > 0 && c.dayFirst == 0 {
		return MonthFirst
	}
	return DayFirst
}

// Warning explains the order chosen when the values did not settle it:
// every value ambiguous (read day-first), or day-first and month-first
// values mixed. It is "" when nothing needs saying.
func (c *DateColumn) Warning() string {
	switch {
	case c.ambiguous == 0:
		return ""
	case c.dayFirst == 0 && c.monthFirst == 0:
		return fmt.Sprintf("column %q: no date settles whether the day or the month comes first (such as %q): read day-first (05/06/2020 is 5 June), as IOM, ACLED and French sources write; check the dates", c.Name, c.exAmbiguous)
	case c.dayFirst > 0 && c.monthFirst > 0:
		return fmt.Sprintf("column %q mixes day-first dates (such as %q) and month-first dates (such as %q): each is read the way it must be, and the %d that could be either day-first", c.Name, c.exDay, c.exMonth, c.ambiguous)
	}
	return ""
}

// pivotYear reads a two-digit year by the POSIX strptime %y rule: 00..68
// are 2000..2068, 69..99 are 1969..1999.
func pivotYear(yy int) int {
	if yy < 69 {
		return 2000 + yy
	}
	return 1900 + yy
}

// readYear reads a year field of 4 digits, or of 2 digits by pivotYear.
func readYear(s string) (int, bool) {
	y, ok := digits(s)
	switch {
	case !ok:
		return 0, false
	case len(s) == 4:
		return y, true
	case len(s) == 2:
		return pivotYear(y), true
	}
	return 0, false
}

// parseNumeric reads numeric dates: D/M/Y, M/D/Y (by order or by a field
// above 12), Y/M/D and M/Y, separated by '/', '-' or '.', with a 4- or
// 2-digit year (see pivotYear) and an optional " HH:MM[:SS]".
func parseNumeric(t string, loc *time.Location, order DateOrder) (Span, DateForm, bool) {
	if len(t) < 6 {
		return Undated, FormOther, false
	}
	sep := byte(0)
	for _, c := range []byte{'/', '-', '.'} {
		if strings.IndexByte(t, c) > 0 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return Undated, FormOther, false
	}
	date, clock, _ := strings.Cut(t, " ")
	if sep == '-' && strings.IndexByte(date, 'T') > 0 {
		date, clock, _ = strings.Cut(t, "T")
	}
	parts := strings.Split(date, string(sep))
	for _, p := range parts {
		if !allDigits(p) {
			return Undated, FormOther, false
		}
	}
	form := FormOther
	var y, m, d int
	switch {
	case len(parts) == 2 && len(parts[0]) <= 2 && len(parts[1]) == 4 && clock == "": // 05/2020
		m, _ = digits(parts[0])
		y, _ = digits(parts[1])
		sp, ok := MonthSpan(y, m, loc)
		return sp, FormOther, ok
	case len(parts) != 3:
		return Undated, FormOther, false
	case len(parts[0]) == 4: // 2020/05/09
		if len(parts[1]) > 2 || len(parts[2]) > 2 {
			return Undated, FormOther, false
		}
		y, _ = digits(parts[0])
		m, _ = digits(parts[1])
		d, _ = digits(parts[2])
	default:
		if len(parts[0]) > 2 || len(parts[1]) > 2 {
			return Undated, FormOther, false
		}
		yy, ok := readYear(parts[2])
		if !ok {
			return Undated, FormOther, false
		}
		a, _ := digits(parts[0])
		b, _ := digits(parts[1])
		y, d, m = yy, a, b
		switch {
		case a > 12 && b > 12:
			return Undated, FormOther, false
		case a > 12:
			form = FormDayFirst
		case b > 12:
			form, d, m = FormMonthFirst, b, a
		case a != b:
			form = FormAmbiguous
			if order == MonthFirst {
				d, m = b, a
			}
		}
	}
	clock = strings.TrimSpace(clock)
	if clock == "" {
		sp, ok := wholeDay(y, m, d, loc)
		return sp, form, ok
	}
	if len(clock) >= 4 && clock[1] == ':' { // H:MM
		clock = "0" + clock
	}
	sp, ok := parseClock(y, m, d, clock, loc)
	return sp, form, ok
}

// monthNames maps English and French month names and their usual
// abbreviations, lower case and without accents, to month numbers.
var monthNames = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
	// French
	"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
	"aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
	"janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7,
}

// weekdayNames are the English and French day names (and abbreviations)
// that may open a date ("Saturday, 9 May 2020", "sam. 9 mai 2020").
var weekdayNames = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"mon": true, "tue": true, "tues": true, "wed": true, "thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"lun": true, "mer": true, "jeu": true, "ven": true, "sam": true, "dim": true,
}

// dayNumber reads a day of the month, allowing English and French
// ordinal suffixes (1st, 2nd, 3rd, 4th, 1er).
func dayNumber(s string) (int, bool) {
	for _, suf := range [...]string{"st", "nd", "rd", "th", "er"} {
		if len(s) > len(suf) && strings.HasSuffix(s, suf) {
			s = s[:len(s)-len(suf)]
			break
		}
	}
	if len(s) > 2 {
		return 0, false
	}
	return digits(s)
}

// parseWords reads dates with a month name, in English or French, accents
// optional: "January 25, 2020", "Jan 25 2020", "25 January 2020",
// "25 Jan. 2020", "9-May-20", "09-May-2020", "9 mai 2020", "1er juil. 2020",
// "January 2020", "juillet 2020", "May-20" (Excel's month-year), each
// optionally opened by a day name and closed by " HH:MM[:SS]". A two-digit
// year is read by pivotYear.
func parseWords(t string, loc *time.Location) (Span, bool) {
	low := format.Fold(t)
	clock := ""
	if c := strings.IndexByte(low, ':'); c > 0 {
		sp := strings.LastIndexByte(low[:c], ' ')
		if sp < 0 {
			return Undated, false
		}
		low, clock = low[:sp], strings.TrimSpace(low[sp+1:])
	}
	f := strings.FieldsFunc(low, func(r rune) bool { return r == ' ' || r == ',' || r == '.' || r == '-' || r == '/' })
	if len(f) > 0 && weekdayNames[f[0]] {
		f = f[1:]
	}
	var y, m, d int
	switch len(f) {
	case 2:
		mo, ok := monthNames[f[0]]
		if !ok || clock != "" {
			return Undated, false
		}
		if len(f[1]) == 2 && !strings.Contains(t, "-") { // "May 20" is no date; Excel's "May-20" is May 2020
			return Undated, false
		}
		yr, ok := readYear(f[1])
		if !ok {
			return Undated, false
		}
		return MonthSpan(yr, mo, loc)
	case 3:
		yr, okY := readYear(f[2])
		if !okY {
			return Undated, false
		}
		if mo, ok := monthNames[f[0]]; ok { // January 25 2020
			day, ok := dayNumber(f[1])
			if !ok {
				return Undated, false
			}
			y, m, d = yr, mo, day
		} else if mo, ok := monthNames[f[1]]; ok { // 25 January 2020
			day, ok := dayNumber(f[0])
			if !ok {
				return Undated, false
			}
			y, m, d = yr, mo, day
		} else {
			return Undated, false
		}
	default:
		return Undated, false
	}
	if clock == "" {
		return wholeDay(y, m, d, loc)
	}
	if len(clock) >= 4 && clock[1] == ':' { // H:MM
		clock = "0" + clock
	}
	return parseClock(y, m, d, strings.ToUpper(clock), loc)
}

// FormatTime shows a Unix-millisecond time in loc as "2015-07-28 22:15 CEST",
// always with the zone abbreviation (or its offset when the zone has none),
// and with seconds only when they are not zero. It is how campmap shows
// every time.
func FormatTime(ms int64, loc *time.Location) string {
	if ms == undatedMark {
		return "undated"
	}
	if loc == nil {
		loc = time.UTC
	}
	return format.Instant("en", time.UnixMilli(ms).In(loc))
}
