package format

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	d := time.Date(2015, 7, 28, 22, 0, 0, 0, time.UTC)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	cases := []struct{ name, got, want string }{
		{"month en", MonthAbbr("en", time.July), "Jul"},
		{"month fr", MonthAbbr("fr", time.July), "juil."},
		{"month fr february", MonthAbbr("fr", time.February), "févr."},
		{"month out of range", MonthAbbr("fr", 13), "13"},
		{"day month en", DayMonth("en", d), "28 Jul"},
		{"day month fr", DayMonth("fr", d), "28 juil."},
		{"month year en", MonthYear("en", d), "Jul 2015"},
		{"month year fr", MonthYear("fr", d), "juil. 2015"},
		{"date en", Date("en", d), "2015-07-28"},
		{"date fr", Date("fr", d), "28 juil. 2015"},
		{"date time en", DateTime("en", d), "2015-07-28 22:00"},
		{"date time fr", DateTime("fr", d), "28 juil. 2015 22:00"},
		{"instant en", Instant("en", d.In(paris)), "2015-07-29 00:00 CEST"},
		{"instant fr", Instant("fr", d.In(paris)), "29 juil. 2015 00:00 CEST"},
		{"instant fr with seconds", Instant("fr", d.Add(30*time.Second)), "28 juil. 2015 22:00:30 UTC"},
		{"instant fr august", Instant("fr", d.AddDate(0, 0, 10)), "7 août 2015 22:00 UTC"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %q, want %q", c.got, c.want)
			}
		})
	}
}
