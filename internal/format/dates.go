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

// Date writes t's day as lang writes dates: 2015-07-20 in English (ISO,
// as campmap has always printed them), 20 juil. 2015 in French.
func Date(lang string, t time.Time) string {
	if lang == "fr" {
		return fmt.Sprintf("%d %s %d", t.Day(), MonthAbbr(lang, t.Month()), t.Year())
	}
	return t.Format("2006-01-02")
}

// DateTime writes t to the minute as lang writes dates: 2015-07-20 14:00
// in English, 20 juil. 2015 14:00 in French.
func DateTime(lang string, t time.Time) string {
	return Date(lang, t) + t.Format(" 15:04")
}

// Instant writes t as campmap shows a time: DateTime with the seconds when
// they are not zero and the zone's abbreviation (its offset when it has
// none): 2015-07-28 22:15 CEST, 28 juil. 2015 22:15:30 CEST. The time
// readers (data.ParseTime and the window's typed times) read every form
// back.
func Instant(lang string, t time.Time) string {
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return Date(lang, t) + t.Format(" 15:04:05 MST")
	}
	return Date(lang, t) + t.Format(" 15:04 MST")
}
