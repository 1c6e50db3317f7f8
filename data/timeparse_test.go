package data

import (
	"errors"
	"math"
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
		"2015-07-28T22:61", "2015-07-28T22:15:00+25:00", "2015-07-28X22:15", "32/01/2015", "01/13/2015",
		"12345", "2015-7-1", "July 32, 2015", "Juillet 2015", "2015-07-28T22:15:00 CEST", "1e400", "--1",
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
