package data

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("zone %s: %v (the Go time zone database is needed)", name, err)
	}
	return loc
}

// at returns Unix ms of an RFC 3339 time.
func at(t testing.TB, s string) int64 {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm.UnixMilli()
}

func TestParseTime(t *testing.T) {
	utc, paris, london := time.UTC, mustZone(t, "Europe/Paris"), mustZone(t, "Europe/London")
	inst := func(s string) Span { m := at(t, s); return Span{m, m} }
	span := func(a, b string) Span { return Span{at(t, a), at(t, b) - 1} }
	cases := []struct {
		name string
		in   string
		loc  *time.Location
		want Span
	}{
		// RFC 3339 and ISO 8601 date-times
		{"Z", "2015-07-28T22:15:00Z", paris, inst("2015-07-28T22:15:00Z")},
		{"lower z and t", "2015-07-28t22:15:00z", utc, inst("2015-07-28T22:15:00Z")},
		{"offset", "2015-07-28T22:15:00+02:00", utc, inst("2015-07-28T20:15:00Z")},
		{"negative offset", "2015-07-28T22:15:00-05:00", paris, inst("2015-07-29T03:15:00Z")},
		{"offset without colon", "2015-07-28T22:15:00+0200", utc, inst("2015-07-28T20:15:00Z")},
		{"fraction", "2015-07-28T22:15:00.123Z", utc, inst("2015-07-28T22:15:00.123Z")},
		{"long fraction", "2015-07-28T22:15:00.123456789+01:00", utc, inst("2015-07-28T21:15:00.123Z")},
		{"space separator Z", "2015-07-28 22:15:00Z", utc, inst("2015-07-28T22:15:00Z")},
		{"UTC suffix", "2015-07-28 22:15:00 UTC", paris, inst("2015-07-28T22:15:00Z")},
		{"leap second", "2016-12-31T23:59:60Z", utc, inst("2016-12-31T23:59:59.999Z")},
		// local date-times, read in the zone
		{"local UTC", "2015-07-28 22:15:00", utc, inst("2015-07-28T22:15:00Z")},
		{"local Paris summer", "2015-07-28 22:15:00", paris, inst("2015-07-28T20:15:00Z")},
		{"local London summer", "2015-07-28T22:15:00", london, inst("2015-07-28T21:15:00Z")},
		{"local Paris winter", "2015-12-28T22:15", paris, inst("2015-12-28T21:15:00Z")},
		{"local London winter", "2015-12-28 22:15", london, inst("2015-12-28T22:15:00Z")},
		{"nil zone is UTC", "2015-07-28 22:15", nil, inst("2015-07-28T22:15:00Z")},
		// clock changes: ambiguous autumn hour -> first occurrence (summer time)
		{"Paris autumn ambiguous", "2015-10-25T02:30:00", paris, inst("2015-10-25T00:30:00Z")},
		{"London autumn ambiguous", "2015-10-25T01:30:00", london, inst("2015-10-25T00:30:00Z")},
		{"Paris after the autumn change", "2015-10-25T03:30:00", paris, inst("2015-10-25T02:30:00Z")},
		// spring gap -> offset from before the change, landing after the gap
		{"Paris spring gap", "2015-03-29T02:30:00", paris, inst("2015-03-29T01:30:00Z")},
		{"London spring gap", "2015-03-29T01:30:00", london, inst("2015-03-29T01:30:00Z")},
		// whole days, months, years
		{"day UTC", "2015-07-28", utc, span("2015-07-28T00:00:00Z", "2015-07-29T00:00:00Z")},
		{"day Paris", "2015-07-28", paris, span("2015-07-27T22:00:00Z", "2015-07-28T22:00:00Z")},
		{"day London", "2015-07-28", london, span("2015-07-27T23:00:00Z", "2015-07-28T23:00:00Z")},
		{"25-hour day Paris", "2015-10-25", paris, span("2015-10-24T22:00:00Z", "2015-10-25T23:00:00Z")},
		{"23-hour day London", "2015-03-29", london, span("2015-03-29T00:00:00Z", "2015-03-29T23:00:00Z")},
		{"basic day", "20150728", utc, span("2015-07-28T00:00:00Z", "2015-07-29T00:00:00Z")},
		{"month", "2015-07", utc, span("2015-07-01T00:00:00Z", "2015-08-01T00:00:00Z")},
		{"month Paris", "2015-10", paris, span("2015-09-30T22:00:00Z", "2015-10-31T23:00:00Z")},
		{"February leap", "2016-02", utc, span("2016-02-01T00:00:00Z", "2016-03-01T00:00:00Z")},
		{"year", "2015", utc, span("2015-01-01T00:00:00Z", "2016-01-01T00:00:00Z")},
		{"year London", "2015", london, span("2015-01-01T00:00:00Z", "2016-01-01T00:00:00Z")},
		{"year Paris", "2015", paris, span("2014-12-31T23:00:00Z", "2015-12-31T23:00:00Z")},
		// day-first numeric dates
		{"DD/MM/YYYY", "28/07/2015", utc, span("2015-07-28T00:00:00Z", "2015-07-29T00:00:00Z")},
		{"D/M/YYYY", "1/7/2015", utc, span("2015-07-01T00:00:00Z", "2015-07-02T00:00:00Z")},
		{"DD-MM-YYYY", "28-07-2015", paris, span("2015-07-27T22:00:00Z", "2015-07-28T22:00:00Z")},
		{"DD.MM.YYYY", "28.07.2015", utc, span("2015-07-28T00:00:00Z", "2015-07-29T00:00:00Z")},
		{"DD/MM/YYYY HH:MM", "28/07/2015 22:15", paris, inst("2015-07-28T20:15:00Z")},
		{"DD/MM/YYYY H:MM:SS", "28/07/2015 9:05:30", utc, inst("2015-07-28T09:05:30Z")},
		// month names
		{"January 25, 2020", "January 25, 2020", utc, span("2020-01-25T00:00:00Z", "2020-01-26T00:00:00Z")},
		{"Jan 25 2020", "Jan 25 2020", utc, span("2020-01-25T00:00:00Z", "2020-01-26T00:00:00Z")},
		{"25 January 2020", "25 January 2020", utc, span("2020-01-25T00:00:00Z", "2020-01-26T00:00:00Z")},
		{"16 May 2025", "16 May 2025", london, span("2025-05-15T23:00:00Z", "2025-05-16T23:00:00Z")},
		{"1st Sept. 2015", "1st Sept. 2015", utc, span("2015-09-01T00:00:00Z", "2015-09-02T00:00:00Z")},
		{"July 2015", "July 2015", utc, span("2015-07-01T00:00:00Z", "2015-08-01T00:00:00Z")},
		{"upper case", "28 JULY 2015", utc, span("2015-07-28T00:00:00Z", "2015-07-29T00:00:00Z")},
		// spreadsheet forms
		{"9-May-20", "9-May-20", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"09-May-2020", "09-May-2020", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"9 May 2020", "9 May 2020", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"May 9, 2020", "May 9, 2020", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"2020/05/09", "2020/05/09", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"2015-7-1 short ISO", "2015-7-1", utc, span("2015-07-01T00:00:00Z", "2015-07-02T00:00:00Z")},
		{"2020.5.9", "2020.5.9", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"09.05.2020", "09.05.2020", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"9/5/2020 day first", "9/5/2020", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"5/13/2020 month first by value", "5/13/2020", utc, span("2020-05-13T00:00:00Z", "2020-05-14T00:00:00Z")},
		{"9/5/20 two-digit year", "9/5/20", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"07/2015 month", "07/2015", utc, span("2015-07-01T00:00:00Z", "2015-08-01T00:00:00Z")},
		{"weekday", "Saturday, 9 May 2020", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"word date with clock", "9 May 2020 14:30", paris, inst("2020-05-09T12:30:00Z")},
		{"Excel month-year", "May-20", utc, span("2020-05-01T00:00:00Z", "2020-06-01T00:00:00Z")},
		// two-digit years: POSIX pivot, 00..68 -> 20xx, 69..99 -> 19xx
		{"pivot 68", "1-Jan-68", utc, span("2068-01-01T00:00:00Z", "2068-01-02T00:00:00Z")},
		{"pivot 69", "1-Jan-69", utc, span("1969-01-01T00:00:00Z", "1969-01-02T00:00:00Z")},
		{"pivot 00", "31/12/00", utc, span("2000-12-31T00:00:00Z", "2001-01-01T00:00:00Z")},
		{"pivot 99", "31.12.99", utc, span("1999-12-31T00:00:00Z", "2000-01-01T00:00:00Z")},
		// French month names, accents optional
		{"9 mai 2020", "9 mai 2020", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"1er juil. 2020", "1er juil. 2020", utc, span("2020-07-01T00:00:00Z", "2020-07-02T00:00:00Z")},
		{"28 juillet 2015", "28 juillet 2015", utc, span("2015-07-28T00:00:00Z", "2015-07-29T00:00:00Z")},
		{"Juillet 2015", "Juillet 2015", utc, span("2015-07-01T00:00:00Z", "2015-08-01T00:00:00Z")},
		{"14 février 2016", "14 février 2016", utc, span("2016-02-14T00:00:00Z", "2016-02-15T00:00:00Z")},
		{"14 fevrier 2016", "14 fevrier 2016", utc, span("2016-02-14T00:00:00Z", "2016-02-15T00:00:00Z")},
		{"15 août 2015", "15 août 2015", utc, span("2015-08-15T00:00:00Z", "2015-08-16T00:00:00Z")},
		{"15 aout 2015", "15 aout 2015", utc, span("2015-08-15T00:00:00Z", "2015-08-16T00:00:00Z")},
		{"3 déc. 2015", "3 déc. 2015", utc, span("2015-12-03T00:00:00Z", "2015-12-04T00:00:00Z")},
		{"sam. 9 mai 2020", "sam. 9 mai 2020", utc, span("2020-05-09T00:00:00Z", "2020-05-10T00:00:00Z")},
		{"9-janv.-20", "9-janv.-20", utc, span("2020-01-09T00:00:00Z", "2020-01-10T00:00:00Z")},
		// epoch values written as text
		{"epoch seconds", "1438121700", paris, inst("2015-07-28T22:15:00Z")},
		{"epoch milliseconds", "1438121700123", paris, inst("2015-07-28T22:15:00.123Z")},
		{"epoch seconds fraction", "1438121700.5", utc, inst("2015-07-28T22:15:00.5Z")},
		{"negative epoch", "-1000000000", utc, inst("1938-04-24T22:13:20Z")},
		{"surrounding space", "  2015-07-28T22:15:00Z\n", utc, inst("2015-07-28T22:15:00Z")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseTime(c.in, c.loc)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("ParseTime(%q) = %s .. %s, want %s .. %s", c.in,
					FormatTime(got.Start, time.UTC), FormatTime(got.End, time.UTC),
					FormatTime(c.want.Start, time.UTC), FormatTime(c.want.End, time.UTC))
			}
		})
	}
}

func TestParseTimeRejects(t *testing.T) {
	for _, in := range []string{
		"", "   ", "sometime in July", "2015-13-01", "2015-02-29", "2015-07-32", "2015-07-28T25:00",
		"2015-07-28T22:61", "2015-07-28T22:15:00+25:00", "2015-07-28X22:15", "32/01/2015", "13/13/2015", "May 20", "9-Foo-20", "32 mai 2020",
		"2020/13/01", "9 May 2020 25:00", "9/5/123", "123/5/2020", "Mayo 2020", "9 May", "05/2020 10:00",
		"12345", "July 32, 2015", "2015-07-28T22:15:00 CEST", "1e400", "--1",
		"2015-07-28T22:15:00.Z", "99999999999999999999",
	} {
		t.Run(in, func(t *testing.T) {
			sp, err := ParseTime(in, time.UTC)
			if err == nil {
				t.Fatalf("ParseTime(%q) = %v, want an error", in, sp)
			}
			if !errors.Is(err, ErrBadTime) {
				t.Errorf("error %v does not wrap ErrBadTime", err)
			}
			if sp.Dated() {
				t.Errorf("span %v on error", sp)
			}
		})
	}
}

func TestTimeFromValue(t *testing.T) {
	paris := mustZone(t, "Europe/Paris")
	cases := []struct {
		name    string
		v       Value
		want    Span
		ok, err bool
	}{
		{"epoch ms", Number(1438121700123), Span{1438121700123, 1438121700123}, true, false},
		{"epoch s", Number(1438121700), Span{1438121700000, 1438121700000}, true, false},
		{"negative epoch ms", Number(-1e12), Span{-1e12, -1e12}, true, false},
		{"epoch s fraction", Number(1438121700.25), Span{1438121700250, 1438121700250}, true, false},
		{"text", Text("2015-07-28"), Span{at(t, "2015-07-27T22:00:00Z"), at(t, "2015-07-28T22:00:00Z") - 1}, true, false},
		{"year number", Number(2015), Span{at(t, "2014-12-31T23:00:00Z"), at(t, "2015-12-31T23:00:00Z") - 1}, true, false},
		{"YYYYMMDD number", Number(20150728), Span{at(t, "2015-07-27T22:00:00Z"), at(t, "2015-07-28T22:00:00Z") - 1}, true, false},
		{"invalid YYYYMMDD is epoch seconds", Number(20151399), Span{20151399000, 20151399000}, true, false},
		{"null", Value{}, Undated, false, false},
		{"empty text", Text(" "), Undated, false, false},
		{"bool", Bool(true), Undated, false, true},
		{"json", RawJSON(`{"d":1}`), Undated, false, true},
		{"NaN", Number(math.NaN()), Undated, false, true},
		{"huge", Number(1e300), Undated, false, true},
		{"bad text", Text("later"), Undated, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sp, ok, err := TimeFromValue(c.v, paris)
			if (err != nil) != c.err || ok != c.ok || (ok && sp != c.want) {
				t.Errorf("TimeFromValue(%v) = %v, %v, %v; want %v, %v, error %v", c.v, sp, ok, err, c.want, c.ok, c.err)
			}
		})
	}
}

func TestFormatTime(t *testing.T) {
	paris, london := mustZone(t, "Europe/Paris"), mustZone(t, "Europe/London")
	cases := []struct {
		ms   int64
		loc  *time.Location
		want string
	}{
		{at(t, "2015-07-28T20:15:00Z"), paris, "2015-07-28 22:15 CEST"},
		{at(t, "2015-07-28T20:15:00Z"), london, "2015-07-28 21:15 BST"},
		{at(t, "2015-07-28T20:15:00Z"), time.UTC, "2015-07-28 20:15 UTC"},
		{at(t, "2015-07-28T20:15:00Z"), nil, "2015-07-28 20:15 UTC"},
		{at(t, "2015-12-28T20:15:00Z"), paris, "2015-12-28 21:15 CET"},
		{at(t, "2015-12-28T20:15:00Z"), london, "2015-12-28 20:15 GMT"},
		{at(t, "2015-07-28T20:15:30Z"), paris, "2015-07-28 22:15:30 CEST"},
		{at(t, "2015-07-28T20:15:00Z"), time.FixedZone("", 3*3600), "2015-07-28 23:15 +0300"},
		{Undated.Start, paris, "undated"},
	}
	for _, c := range cases {
		if got := FormatTime(c.ms, c.loc); got != c.want {
			t.Errorf("FormatTime(%d, %v) = %q, want %q", c.ms, c.loc, got, c.want)
		}
	}
}

func TestParseTimeOrder(t *testing.T) {
	day := func(s string) Span { return mustDay(t, s) }
	cases := []struct {
		in    string
		order DateOrder
		want  Span
		form  DateForm
	}{
		{"05/06/2020", DayFirst, day("2020-06-05"), FormAmbiguous},
		{"05/06/2020", MonthFirst, day("2020-05-06"), FormAmbiguous},
		{"25/06/2020", MonthFirst, day("2020-06-25"), FormDayFirst},
		{"06/25/2020", DayFirst, day("2020-06-25"), FormMonthFirst},
		{"06/06/2020", MonthFirst, day("2020-06-06"), FormOther},
		{"2020-06-05", MonthFirst, day("2020-06-05"), FormOther},
		{"5 June 2020", MonthFirst, day("2020-06-05"), FormOther},
		{"5.6.20", MonthFirst, day("2020-05-06"), FormAmbiguous},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			sp, form, err := ParseTimeOrder(c.in, time.UTC, c.order)
			if err != nil {
				t.Fatal(err)
			}
			if sp != c.want || form != c.form {
				t.Errorf("ParseTimeOrder(%q, %d) = %s, form %d; want %s, form %d", c.in, c.order,
					FormatTime(sp.Start, time.UTC), form, FormatTime(c.want.Start, time.UTC), c.form)
			}
		})
	}
}

// mustDay is the UTC span of an ISO date.
func mustDay(t testing.TB, s string) Span {
	t.Helper()
	sp, err := ParseTime(s, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestDateColumn(t *testing.T) {
	cases := []struct {
		name   string
		values []string
		order  DateOrder
		warn   string // part of the warning; "" for none
	}{
		{"day-first decided", []string{"05/06/2020", "25/06/2020", "01/07/2020"}, DayFirst, ""},
		{"month-first decided", []string{"05/06/2020", "06/25/2020", "07/01/2020"}, MonthFirst, ""},
		{"all ambiguous", []string{"05/06/2020", "01/07/2020"}, DayFirst, `column "Date": no date settles`},
		{"mixed", []string{"25/06/2020", "06/25/2020", "01/02/2020"}, DayFirst, `column "Date" mixes day-first dates (such as "25/06/2020") and month-first dates (such as "06/25/2020")`},
		{"no numeric dates", []string{"2020-06-05", "9 May 2020"}, DayFirst, ""},
		{"unambiguous only", []string{"25/06/2020"}, DayFirst, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dc := DateColumn{Name: "Date"}
			for _, v := range c.values {
				_, form, err := ParseTimeOrder(v, time.UTC, DayFirst)
				if err != nil {
					t.Fatal(err)
				}
				dc.Note(form, v)
			}
			if got := dc.Order(); got != c.order {
				t.Errorf("Order = %d, want %d", got, c.order)
			}
			w := dc.Warning()
			if (c.warn == "") != (w == "") || !strings.Contains(w, c.warn) {
				t.Errorf("Warning = %q, want one containing %q", w, c.warn)
			}
		})
	}
}

// TestFastDateArithmetic compares daysIn and unixMilliUTC, which read
// dates without package time, with package time over every month of
// years -9999..9999 and random instants.
func TestFastDateArithmetic(t *testing.T) {
	for y := -9999; y <= 9999; y++ {
		for m := time.January; m <= time.December; m++ {
			if got, want := daysIn(y, m), time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("daysIn(%d, %d) = %d, want %d", y, m, got, want)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 1_000_000; i++ {
		y, m := rng.IntN(19999)-9999, 1+rng.IntN(12)
		d := 1 + rng.IntN(daysIn(y, time.Month(m)))
		h, mi, s, ns := rng.IntN(25), rng.IntN(60), rng.IntN(60), rng.IntN(1e9)
		if i%7 == 0 {
			y = 1900 + rng.IntN(200)
		}
		want := time.Date(y, time.Month(m), d, h, mi, s, ns, time.UTC).UnixMilli()
		if got := unixMilliUTC(y, m, d, h, mi, s, ns); got != want {
			t.Fatalf("unixMilliUTC(%d, %d, %d, %d, %d, %d, %d) = %d, want %d", y, m, d, h, mi, s, ns, got, want)
		}
	}
}
