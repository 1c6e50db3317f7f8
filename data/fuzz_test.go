package data

import (
	"errors"
	"testing"
	"time"
)

// FuzzParseTime checks that ParseTime never panics and returns well-formed
// spans.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{
		"2015-07-28T22:15:00Z", "2015-07-28T22:15:00.123+02:00", "2015-07-28 22:15:00", "2015-07-28", "2015-07",
		"2015", "20150728", "28/07/2015", "28-07-2015 22:15", "28.07.2015", "January 25, 2020", "25 January 2020",
		"16 May 2025", "July 2015", "1438121700", "1438121700000", "1438121700.5", "-1000000000", "2015-10-25T02:30:00",
		"2016-12-31T23:59:60Z", "24:00", "2015-07-28T24:00", "9999-12-31T23:59:59Z", "-0001-01-01", "",
		"9-May-20", "09-May-2020", "May 9, 2020", "2020/05/09", "9/5/2020", "5/13/20", "9 mai 2020", "1er juil. 2020",
		"sam. 9 mai 2020 14:30", "May-20", "07/2015",
	} {
		f.Add(s)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range []*time.Location{time.UTC, paris} {
			sp, err := ParseTime(s, loc)
			if ms, _, merr := ParseTimeOrder(s, loc, MonthFirst); (merr == nil) != (err == nil) || (merr != nil && ms.Dated()) {
				t.Fatalf("ParseTimeOrder(%q, MonthFirst) = %v, %v; ParseTime gave %v", s, ms, merr, err)
			}
			if err != nil {
				if sp.Dated() || !errors.Is(err, ErrBadTime) {
					t.Fatalf("ParseTime(%q) = %v, %v", s, sp, err)
				}
				continue
			}
			if !sp.Dated() || sp.Start > sp.End {
				t.Fatalf("ParseTime(%q) = %v", s, sp)
			}
			_ = FormatTime(sp.Start, loc)
		}
	})
}
