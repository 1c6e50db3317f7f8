package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"campmap/data"
)

// speak makes the window's formatters write dates as language tag does
// for the rest of the test (the catalogues stay as they are: TestFrenchWalk
// checks the words in a French process).
func speak(t *testing.T, tag string) {
	t.Helper()
	was := activeLang
	activeLang = tag
	t.Cleanup(func() { activeLang = was })
}

// The times and dates the window shows (the timeline's window and view,
// the typed time's field, identify, the table's time column) follow
// the interface language, and what the time field shows
// reads back as the same time.
func TestWindowDatesFollowLanguage(t *testing.T) {
	months := `(janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.)`
	for _, tc := range []struct {
		tag           string
		instant, date *regexp.Regexp
	}{
		{"en", regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? [A-Z]+$`), regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)},
		{"fr", regexp.MustCompile(`^\d{1,2} ` + months + ` \d{4} \d\d:\d\d(:\d\d)? [A-Z]+$`), regexp.MustCompile(`^\d{1,2} ` + months + ` \d{4}$`)},
	} {
		t.Run(tc.tag, func(t *testing.T) {
			h := fixture(t)
			speak(t, tc.tag)
			inc := h.mw.layers[1].layer
			h.mw.setWindow(data.Span{Start: h.mw.extent.Start, End: h.mw.extent.Start + 2*86400e3 - 1})
			h.mw.tl.refresh()
			h.settle()
			tl := h.mw.tl
			for name, s := range map[string]string{"window start": tl.from.Text, "window end": tl.to.Text,
				"view start": tl.viewFrom.Text, "view end": tl.viewTo.Text} {
				if !tc.instant.MatchString(s) {
					t.Errorf("the timeline's %s shows %q", name, s)
				}
			}
			// the identify panel's time
			for _, r := range featureRows(inc, 0, h.mw.zone) {
				if r[0] == "Time" && !tc.instant.MatchString(r[1]) {
					t.Errorf("identify shows the time %q", r[1])
				}
			}
			// property values that are ISO times and dates
			for in, want := range map[string]*regexp.Regexp{"2015-06-01T22:34:00+02:00": tc.instant, "2015-06-01 20:34:00Z": tc.instant,
				"2015-07-28": tc.date} {
				if got := shownValueTime(in, time.UTC, h.mw.zone); !want.MatchString(got) {
					t.Errorf("identify shows the value %q as %q", in, got)
				}
			}
			if got := shownValueTime("2015 at dawn", time.UTC, h.mw.zone); got != "2015 at dawn" {
				t.Errorf("identify rewrites a text: %q", got)
			}
			// a whole day in identify, the table and search
			day := data.Span{Start: day0.UnixMilli(), End: day0.Add(24*time.Hour).UnixMilli() - 1}
			if s, _, _ := strings.Cut(formatSpan(day, time.UTC), " ("); !tc.date.MatchString(s) {
				t.Errorf("identify shows a day as %q", formatSpan(day, time.UTC))
			}
			if s := cellTime(day, time.UTC); !tc.date.MatchString(s) {
				t.Errorf("the table shows a day as %q", s)
			}
			if s := cellTime(inc.Span(0), h.mw.zone); !tc.instant.MatchString(s) {
				t.Errorf("the table shows a time as %q", s)
			}
			// the typed time's field shows the window's end as the timeline
			// does, and confirming it keeps the window
			before := h.mw.window
			test.Tap(tl.to)
			e := tl.timeEntry
			if e.Text != tl.to.Text {
				t.Errorf("the time field shows %q, the timeline %q", e.Text, tl.to.Text)
			}
			if err := e.Validate(); err != nil {
				t.Fatalf("the time the dialog shows (%q) does not validate: %v", e.Text, err)
			}
			test.Tap(findButton(h.mw.win.Canvas(), "Go"))
			h.settle()
			if h.mw.window != before {
				t.Errorf("confirming the shown end %q moved the window: %v -> %v", e.Text, before, h.mw.window)
			}
		})
	}
}
