package format

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	d := time.Date(2015, 7, 28, 22, 0, 0, 0, time.UTC)
	cases := []struct{ name, got, want string }{
		{"month en", MonthAbbr("en", time.July), "Jul"},
		{"month fr", MonthAbbr("fr", time.July), "juil."},
		{"month fr february", MonthAbbr("fr", time.February), "févr."},
		{"month out of range", MonthAbbr("fr", 13), "13"},
		{"day month en", DayMonth("en", d), "28 Jul"},
		{"day month fr", DayMonth("fr", d), "28 juil."},
		{"month year en", MonthYear("en", d), "Jul 2015"},
		{"month year fr", MonthYear("fr", d), "juil. 2015"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}
}
