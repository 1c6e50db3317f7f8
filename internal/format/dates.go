package format

import (
	"fmt"
	"time"
)

// frenchMonths are the months as French abbreviates them.
var frenchMonths = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

// MonthAbbr writes month m as lang abbreviates it: "Jul" in English,
// "juil." in French ("fr"); any other lang is English.
func MonthAbbr(lang string, m time.Month) string {
	if m < time.January || m > time.December {
		return fmt.Sprintf("%d", int(m))
	}
	if lang == "fr" {
		return frenchMonths[m-1]
	}
	return m.String()[:3]
}

// DayMonth writes t's day and month: "28 Jul", "28 juil.".
func DayMonth(lang string, t time.Time) string {
	return fmt.Sprintf("%d %s", t.Day(), MonthAbbr(lang, t.Month()))
}

// MonthYear writes t's month and year: "Jul 2015", "juil. 2015".
func MonthYear(lang string, t time.Time) string {
	return fmt.Sprintf("%s %d", MonthAbbr(lang, t.Month()), t.Year())
}
