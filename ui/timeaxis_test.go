package ui

import (
	"bytes"
	"image/png"
	"os"
	"regexp"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"

	"campmap/data"
)

// noOverlap fails when two labels of ticks overlap or one runs off a
// track width wide.
func noOverlap(t *testing.T, ticks []AxisTick, width float32) {
	t.Helper()
	for i, tk := range ticks {
		if tk.X < 0 || tk.X+axisLabelPad+tk.W > width {
			t.Errorf("label %q at %.1f (%.1f wide) is off the %.0f-unit track", tk.Label, tk.X, tk.W, width)
		}
		if i > 0 {
			p := ticks[i-1]
			if p.X+axisLabelPad+p.W+axisLabelGap > tk.X {
				t.Errorf("labels %q (%.1f..%.1f) and %q (at %.1f) overlap", p.Label, p.X, p.X+axisLabelPad+p.W, tk.Label, tk.X)
			}
			if tk.At <= p.At || tk.X <= p.X {
				t.Errorf("ticks out of order: %q then %q", p.Label, tk.Label)
			}
		}
	}
}

func TestAxisTicksFollowTheSpan(t *testing.T) {
	test.NewTempApp(t) // the theme measures the labels
	paris := zone(t, "Europe/Paris")
	at := func(y int, m time.Month, d int) int64 { return time.Date(y, m, d, 0, 0, 0, 0, paris).UnixMilli() }
	cases := []struct {
		name, lang string
		lo, hi     int64
		width      float32
		want       *regexp.Regexp // every label
		first      string
	}{
		{"hours", "en", at(2015, 7, 28) + 3600e3, at(2015, 7, 28) + 12*3600e3, 1000, regexp.MustCompile(`^\d\d:00$`), "01:00"},
		{"six hours", "en", at(2015, 7, 27) + 3600e3, at(2015, 7, 30), 600, regexp.MustCompile(`^(\d\d:00|\d+ Jul)$`), "06:00"},
		{"days", "en", at(2015, 7, 27) + 3600e3, at(2015, 8, 10), 1000, regexp.MustCompile(`^\d+ (Jul|Aug)$`), "28 Jul"},
		{"days in French", "fr", at(2015, 7, 27) + 3600e3, at(2015, 8, 10), 1000, regexp.MustCompile(`^\d+ (juil\.|août)$`), "28 juil."},
		{"weeks", "en", at(2015, 5, 28), at(2015, 10, 5), 1000, regexp.MustCompile(`^\d+ (Jun|Jul|Aug|Sep|Oct)$`), "1 Jun"},
		{"months", "en", at(2015, 1, 1), at(2016, 11, 1), 1000, regexp.MustCompile(`^[A-Z][a-z]{2} 201[56]$`), "Jan 2015"},
		{"months in French", "fr", at(2015, 1, 1), at(2016, 11, 1), 1000, regexp.MustCompile(`^(janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) 201[56]$`), "janv. 2015"},
		{"quarters when narrow", "en", at(2015, 1, 1), at(2016, 11, 1), 520, regexp.MustCompile(`^(Jan|Apr|Jul|Oct) 201[56]$`), "Jan 2015"},
		{"years", "en", at(1990, 3, 1), at(2016, 11, 1), 1000, regexp.MustCompile(`^(199\d|20[01]\d)$`), "1991"},
		{"years when narrow", "fr", at(1990, 3, 1), at(2016, 11, 1), 150, regexp.MustCompile(`^(1990|2000|2010)$`), "2000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ticks := axisTicks(c.lo, c.hi, c.width, paris, c.lang, measureCaption)
			var labels []string
			for _, tk := range ticks {
				labels = append(labels, tk.Label)
			}
			if len(ticks) < 2 {
				t.Fatalf("%d ticks: %q", len(ticks), labels)
			}
			if ticks[0].Label != c.first {
				t.Errorf("first label %q, want %q (all: %q)", ticks[0].Label, c.first, labels)
			}
			for _, l := range labels {
				if !c.want.MatchString(l) {
					t.Errorf("label %q is not like %s (all: %q)", l, c.want, labels)
				}
			}
			noOverlap(t, ticks, c.width)
		})
	}
	if got := axisTicks(10, 5, 100, paris, "en", measureCaption); got != nil {
		t.Errorf("an empty extent has ticks %v", got)
	}
}

// The timeline draws its ticks under the track, labels apart, and they
// follow the wheel's zoom: months of the whole sample, days zoomed in.
func TestTimelineAxisFollowsZoom(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	h.mw.win.Resize(fyne.NewSize(1280, 800))
	h.settle()
	s := h.mw.tl.slider
	r := test.WidgetRenderer(s).(*rangeRenderer)
	labels := func() []string {
		r.Layout(s.Size())
		var out []string
		for _, tk := range r.ticks {
			out = append(out, tk.Label)
		}
		noOverlap(t, r.ticks, s.trackWidth())
		return out
	}
	// The sample opens on late May to early October: weeks.
	if got := labels(); len(got) < 4 || got[0] != "1 Jun" {
		t.Errorf("the sample's axis: %q, want weeks from 1 Jun", got)
	}
	test.Tap(h.mw.tl.all)
	h.settle()
	if got := labels(); len(got) < 4 || !regexp.MustCompile(`^[A-Z][a-z]{2} 201[56]$`).MatchString(got[1]) {
		t.Errorf("the whole extent's axis: %q, want months", got)
	}
	at := fyne.NewPos(s.xOf(time.Date(2015, 7, 28, 12, 0, 0, 0, h.mw.zone).UnixMilli()), 10)
	for range 12 {
		s.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.NewDelta(0, 10)})
	}
	h.settle()
	got := labels()
	lo, hi := s.View()
	if len(got) < 2 || !regexp.MustCompile(`^(\d+ (Jul|Aug)|\d\d:00)$`).MatchString(got[0]) {
		t.Errorf("zoomed to %.1f days, the axis shows %q", float64(hi-lo)/86400e3, got)
	}
	// Every label is a text under the track, where the tick says.
	shown := 0
	for i, tx := range r.tickTexts {
		if tx.Visible() {
			shown++
			if i >= len(r.ticks) || tx.Text != r.ticks[i].Label {
				t.Errorf("text %d shows %q", i, tx.Text)
			}
		}
	}
	if shown != len(r.ticks) {
		t.Errorf("%d labels drawn for %d ticks", shown, len(r.ticks))
	}
	_ = data.Day
}

// TestTimelineScreenshot writes the window on the sample, 1280 units wide,
// to $CAMPMAP_SHOT (a PNG) when it is set, to be looked at; run it with
// LANG=fr_FR.UTF-8 LC_MESSAGES=fr_FR.UTF-8 for the French window.
func TestTimelineScreenshot(t *testing.T) {
	out := os.Getenv("CAMPMAP_SHOT")
	if out == "" {
		t.Skip("CAMPMAP_SHOT names no PNG to write")
	}
	h := newHarness(t, Options{Sample: true}, nil)
	h.mw.win.Resize(fyne.NewSize(1280, 800))
	h.settle()
	tl := h.mw.tl
	if os.Getenv("CAMPMAP_SHOT_LOOP") != "" {
		paris := h.mw.zone
		h.mw.setWindow(data.Span{Start: time.Date(2015, 6, 1, 0, 0, 0, 0, paris).UnixMilli(), End: time.Date(2015, 9, 1, 0, 0, 0, 0, paris).UnixMilli() - 1})
		tl.loop.SetSelected(lang.L("loop in range"))
		test.Tap(tl.play)
		tk := h.mw.clock.(*fakeClock).last()
		for range 20 {
			tk.tick(t)
			h.runNext()
			h.settle()
		}
		test.Tap(tl.play)
		h.settle()
	}
	img := h.mw.win.Canvas().Capture()
	if img.Bounds().Dx() < 1000 {
		t.Fatalf("captured %v", img.Bounds())
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkAxisTicks is the axis of a two-year extent on a 1000-unit
// track, as each layout of the timeline computes it.
func BenchmarkAxisTicks(b *testing.B) {
	test.NewTempApp(b)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		b.Fatal(err)
	}
	lo := time.Date(2015, 1, 1, 0, 0, 0, 0, paris).UnixMilli()
	hi := time.Date(2016, 11, 1, 0, 0, 0, 0, paris).UnixMilli()
	b.ReportAllocs()
	for b.Loop() {
		if len(axisTicks(lo, hi, 1000, paris, "fr", measureCaption)) == 0 {
			b.Fatal("no ticks")
		}
	}
}
