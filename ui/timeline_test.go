package ui

import (
	"bytes"
	"context"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/animate"
	"campmap/data"
	"campmap/internal/format"
	"campmap/render"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name) // time/tzdata is embedded in this package
	if err != nil {
		t.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

func histTotal(h *harness) int {
	n := 0
	for _, c := range h.mw.tl.hist {
		n += c
	}
	return n
}

func TestTimelineHistogramStacksCategories(t *testing.T) {
	h := fixture(t)
	tl := h.mw.tl
	if got := histTotal(h); got != 10 {
		t.Fatalf("histogram holds %d incidents, want 10", got)
	}
	if tl.histUnit > data.Day {
		t.Errorf("ten days binned by %v, want days or less", tl.histUnit)
	}
	hs := tl.slider.hist
	if hs == nil || len(hs.Edges) != len(hs.Counts)+1 {
		t.Fatal("the slider has no stacked histogram")
	}
	// Bars start on calendar boundaries in the display zone (UTC here).
	for _, e := range hs.Edges {
		if tl.histUnit.Floor(e, time.UTC) != e {
			t.Fatalf("bin edge %s is not the start of a %v", data.FormatTime(e, time.UTC), tl.histUnit)
		}
	}
	// Series: no category, injury, tunnel intrusion attempt, in the map's colours.
	inc := h.mw.scene.Layers[1]
	want := []color.NRGBA{inc.Color(data.KindIncident), render.CategoryColor(0), render.CategoryColor(1)}
	if len(hs.Colors) != 3 || hs.Colors[1] != want[1] || hs.Colors[2] != want[2] {
		t.Errorf("series colours %v, want %v", hs.Colors, want)
	}
	perCat := make([]int, 3)
	for _, row := range hs.Counts {
		for s, n := range row {
			perCat[s] += n
		}
	}
	if perCat[1] != 5 || perCat[2] != 5 {
		t.Errorf("stack per category %v, want 5 injuries and 5 intrusions", perCat)
	}
}

func TestCategoryFilterReachesMapLegendHistogram(t *testing.T) {
	h := fixture(t)
	tl := h.mw.tl
	before := h.frame()
	id := h.mw.layers[1].id
	r := tl.cats.rows[rowKey(id, "injury")]
	if r == nil {
		t.Fatal("no check box for injury")
	}
	if !strings.HasSuffix(r.check.Text, "· 5") {
		t.Errorf("injury row reads %q, want its count in the window (5)", r.check.Text)
	}
	test.Tap(r.check) // hide injuries
	h.settle()
	if !h.mw.scene.Layers[1].Hidden["injury"] {
		t.Fatal("hiding injuries did not reach the scene")
	}
	if st := h.mw.mv.Stats(); st.Incidents != 5 {
		t.Errorf("map shows %d incidents with injuries hidden, want 5", st.Incidents)
	}
	if bytes.Equal(before.Pix, h.frame().Pix) {
		t.Error("hiding a category did not change the map")
	}
	if got := histTotal(h); got != 5 {
		t.Errorf("histogram holds %d incidents with injuries hidden, want 5", got)
	}
	leg := legendView(h.mw.layers[1].view())
	if txt := textOf(leg); strings.Contains(txt, "injury") || !strings.Contains(txt, "1 hidden") {
		t.Errorf("legend still lists injury or does not say one is hidden: %q", txt)
	}
	if shown, _, _ := h.mw.scene.Counts(1); shown != 5 {
		t.Errorf("scene counts %d shown, want 5", shown)
	}
	// Identify skips hidden features: incident 0 is an injury.
	inc := h.mw.layers[1].layer
	x, y := h.mw.mv.Viewport().Project(inc.Anchor(0))
	if hit, ok := h.mw.scene.Identify(h.mw.mv.Viewport(), x, y, 2); ok && hit.Layer == 1 && hit.Feature == 0 {
		t.Error("a hidden injury was identified")
	}

	// A new colour reaches the map, the histogram and the legend.
	test.Tap(r.check) // show injuries again
	h.settle()
	shown := h.frame()
	red := color.NRGBA{0xff, 0, 0, 0xff}
	tl.cats.setColor(id, "injury", red)
	h.settle()
	if got := tl.slider.hist.Colors[1]; got != red {
		t.Errorf("histogram colour of injury %v, want red", got)
	}
	if got := h.mw.scene.Layers[1].CategoryColorOf(1); got != red {
		t.Errorf("map colour of injury %v, want red", got)
	}
	if bytes.Equal(shown.Pix, h.frame().Pix) {
		t.Error("a new category colour did not change the map")
	}
	if got := tl.cats.rows[rowKey(id, "injury")].dot.col; got != red {
		t.Errorf("category row dot %v, want red", got)
	}
}

// textOf collects the texts under o.
func textOf(o fyne.CanvasObject) string {
	var b strings.Builder
	collectText(o, &b)
	return b.String()
}

func TestValueFilter(t *testing.T) {
	h := fixture(t)
	l := h.mw.layers[1].layer
	keys := filterableKeys(l)
	if len(keys) != 0 {
		// names are all different (10 values ≤ 50 but they are names): allowed
		t.Logf("filterable keys: %v", keys)
	}
	b := data.NewBuilder("sourced", 6)
	b.Layer().Kind = data.KindIncident
	for i := range 6 {
		if err := b.Add(data.Feature{Geometry: orb.Point{1.8 + 0.02*float64(i), 50.95},
			Span:  data.Instant(day0.Add(time.Duration(i) * time.Hour)),
			Props: []data.Property{{Key: "source", Value: data.Text([]string{"press", "ngo", "police"}[i%3])}}}); err != nil {
			t.Fatal(err)
		}
	}
	h.mw.addLayers([]*data.Layer{b.Build()})
	h.settle()
	id := h.mw.layers[2].id
	h.mw.tl.cats.showValueFilter()
	if h.mw.tl.cats.valueChecks["press"] == nil {
		t.Fatalf("the value picker does not list press: %v", h.mw.tl.cats.valueChecks)
	}
	before, _, _ := h.mw.scene.Counts(2)
	test.Tap(h.mw.tl.cats.valueChecks["press"])
	h.settle()
	after, _, _ := h.mw.scene.Counts(2)
	if before != 6 || after != 4 {
		t.Errorf("hiding press: %d then %d shown, want 6 then 4", before, after)
	}
	if f := h.mw.scene.Layers[2].Filter; f == nil || f.Key != "source" || !f.Hidden["press"] {
		t.Errorf("filter %+v did not reach the scene", f)
	}
	_ = id
}

func TestWheelZoomRebins(t *testing.T) {
	h := fixture(t)
	s := h.mw.tl.slider
	lo0, hi0 := s.View()
	at := fyne.NewPos(s.xOf(lo0+(hi0-lo0)/2), 10)
	for range 6 {
		s.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.NewDelta(0, 10)})
	}
	h.settle()
	lo, hi := s.View()
	if hi-lo >= hi0-lo0 || lo < lo0 || hi > hi0 {
		t.Fatalf("wheel up: view %d..%d, want inside and shorter than %d..%d", lo, hi, lo0, hi0)
	}
	if u := h.mw.tl.histUnit; u >= data.Day {
		t.Errorf("zoomed to %.1f days, bars are still %v", float64(hi-lo)/86400e3, u)
	}
	if !strings.Contains(h.mw.tl.viewFrom.Text, "UTC") {
		t.Errorf("visible extent label %q lacks its zone", h.mw.tl.viewFrom.Text)
	}
	for range 20 {
		s.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.NewDelta(0, -10)})
	}
	h.settle()
	if lo, hi := s.View(); lo != s.Min || hi != s.Max {
		t.Errorf("wheel down did not come back to the whole extent: %d..%d", lo, hi)
	}
}

func TestPresets(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	h := newHarness(t, Options{Zone: paris}, nil)
	h.mw.addLayers([]*data.Layer{incidentsLayer(t, 30)}) // 20 July to 18 August 2015, 22:00 UTC
	h.settle()
	tl := h.mw.tl
	test.Tap(tl.last7)
	h.settle()
	// The last incident is 18 August 22:00 UTC = 19 August 00:00 CEST.
	want := data.Span{Start: time.Date(2015, 8, 13, 0, 0, 0, 0, paris).UnixMilli(), End: h.mw.extent.End}
	if h.mw.window != want {
		t.Errorf("last 7 days: %s – %s", data.FormatTime(h.mw.window.Start, paris), data.FormatTime(h.mw.window.End, paris))
	}
	test.Tap(tl.month)
	h.settle()
	if got := data.FormatTime(h.mw.window.Start, paris); got != "2015-08-01 00:00 CEST" {
		t.Errorf("month preset starts %s", got)
	}
	if got := data.FormatTime(h.mw.window.End, paris); got != data.FormatTime(h.mw.extent.End, paris) {
		t.Errorf("month preset ends %s, want the data's end", got)
	}
	test.Tap(tl.all)
	h.settle()
	if h.mw.window != h.mw.extent {
		t.Errorf("all: %v, want %v", h.mw.window, h.mw.extent)
	}
	if !strings.HasSuffix(tl.from.Text, "CEST") || !strings.HasSuffix(tl.to.Text, "CEST") {
		t.Errorf("window dates %q – %q lack their zone", tl.from.Text, tl.to.Text)
	}
}

func TestTypeImpreciseDates(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	h := newHarness(t, Options{Zone: paris}, nil)
	h.mw.addLayers([]*data.Layer{incidentsLayer(t, 200)}) // into 2016
	h.settle()
	cases := []struct {
		name, typed string
		start       bool
		want        string
	}{
		{"month start", "2015-08", true, "2015-08-01 00:00 CEST"},
		{"month end", "2015-08", false, "2015-08-31 23:59:59 CEST"},
		{"year end", "2015", false, "2015-12-31 23:59:59 CET"},
		{"Z start", "2015-08-03T22:00:00Z", true, "2015-08-04 00:00 CEST"},
		{"offset start", "2015-08-03T22:00:00+01:00", true, "2015-08-03 23:00 CEST"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			test.Tap(h.mw.tl.from)
			if !tc.start {
				test.Tap(h.mw.tl.to)
			}
			e := h.mw.tl.timeEntry
			e.SetText("")
			test.Type(e, tc.typed)
			if err := e.Validate(); err != nil {
				t.Fatalf("%q rejected: %v", tc.typed, err)
			}
			h.mw.tl.typedTime(tc.start, e.Text)
			h.settle()
			got := h.mw.tl.from.Text
			if !tc.start {
				got = h.mw.tl.to.Text
			}
			if got != tc.want {
				t.Errorf("typed %q: %s, want %s", tc.typed, got, tc.want)
			}
		})
	}
}

func TestNextWindowAcrossDST(t *testing.T) {
	for _, name := range []string{"Europe/Paris", "Europe/London"} {
		t.Run(name, func(t *testing.T) {
			loc := zone(t, name)
			ext := data.Span{Start: time.Date(2015, 10, 1, 0, 0, 0, 0, loc).UnixMilli(), End: time.Date(2015, 11, 1, 0, 0, 0, 0, loc).UnixMilli()}
			// Hour by hour from 00:00 local on 25 October: 25 windows until 00:00 on the 26th.
			hour := playSettings{step: data.Step{N: 1, Unit: data.Hour}}
			w := data.Span{Start: time.Date(2015, 10, 25, 0, 0, 0, 0, loc).UnixMilli()}
			w.End = w.Start + 3600e3 - 1
			var labels []string
			for range 25 {
				labels = append(labels, data.FormatTime(w.Start, loc))
				w, _ = nextWindow(w, ext, hour, loc)
			}
			if got := data.FormatTime(w.Start, loc); !strings.HasPrefix(got, "2015-10-26 00:00") {
				t.Errorf("25 hourly steps end at %s, want 26 October 00:00: %v", got, labels)
			}
			twice := map[string]string{"Europe/Paris": "02:00", "Europe/London": "01:00"}[name]
			n := 0
			for _, l := range labels {
				if l[11:16] == twice {
					n++
				}
			}
			if n != 2 {
				t.Errorf("%s shown %d times, want twice: %v", twice, n, labels)
			}
			// A day step keeps midnight on midnight: 25 hours that night.
			day := playSettings{step: data.Step{N: 1, Unit: data.Day}}
			d := data.Span{Start: time.Date(2015, 10, 24, 0, 0, 0, 0, loc).UnixMilli()}
			d.End = time.Date(2015, 10, 25, 0, 0, 0, 0, loc).UnixMilli() - 1
			d2, _ := nextWindow(d, ext, day, loc)
			if d2.End-d2.Start+1 != 25*3600e3 {
				t.Errorf("the day of 25 October lasts %d h", (d2.End-d2.Start+1)/3600e3)
			}
			if got := data.FormatTime(d2.End+1, loc); !strings.HasPrefix(got, "2015-10-26 00:00") {
				t.Errorf("the day's window ends before %s", got)
			}
			// A month window from a month step.
			month := playSettings{step: data.Step{N: 1, Unit: data.Month}, length: data.Step{N: 1, Unit: data.Month}}
			m := data.Span{Start: time.Date(2015, 9, 1, 0, 0, 0, 0, loc).UnixMilli(), End: time.Date(2015, 10, 1, 0, 0, 0, 0, loc).UnixMilli() - 1}
			m2, _ := nextWindow(m, data.Span{Start: m.Start, End: time.Date(2016, 1, 1, 0, 0, 0, 0, loc).UnixMilli()}, month, loc)
			if got := data.FormatTime(m2.End, loc); !strings.HasPrefix(got, "2015-10-31 23:59:59") {
				t.Errorf("October's window ends %s", got)
			}
		})
	}
}

func TestPlaybackSettings(t *testing.T) {
	h := fixture(t)
	tl := h.mw.tl
	ext := h.mw.extent
	tl.length.SetSelected("1 day")
	tl.step.SetSelected("day")
	tl.speed.SetSelected("8/s")
	tl.loop.SetSelected("loop")
	h.settle()
	if w := h.mw.window; w.End-w.Start != 24*3600e3-1 {
		t.Fatalf("window length 1 day gave %v", w)
	}
	if got := tl.interval(); got != time.Second/8 {
		t.Errorf("8 steps a second ticks every %v", got)
	}
	test.Tap(tl.play)
	tk := h.mw.clock.(*fakeClock).last()
	// Three ticks before the UI runs anything: when the third is taken the
	// second has been handled, and skipped, so steps never pile up behind
	// a slow frame. Pausing then stops the goroutine before it can post.
	tk.tick(t)
	tk.tick(t)
	tk.tick(t)
	done := tl.done
	test.Tap(tl.play)
	<-done
	if n := len(h.queue); n != 1 {
		t.Errorf("three ticks while the UI was busy posted %d steps, want 1", n)
	}
	h.drain()
	h.settle()
	test.Tap(tl.play)
	tk = h.mw.clock.(*fakeClock).last()
	// Loop: at the end it starts again from the extent's start.
	for i := 0; i < 15; i++ {
		tk.tick(t)
		h.runNext()
		h.settle()
		if h.mw.window.Start == ext.Start {
			break
		}
	}
	if !tl.playing || h.mw.window.Start != ext.Start {
		t.Errorf("looping playback: playing %t, window %v", tl.playing, h.mw.window)
	}
	// Pause leaves the window where it is.
	tk.tick(t)
	h.runNext()
	h.settle()
	at := h.mw.window
	test.Tap(tl.play)
	h.settle()
	if tl.playing || h.mw.window != at {
		t.Errorf("pause: playing %t, window %v (was %v)", tl.playing, h.mw.window, at)
	}
}

func TestPlayMonthSteps(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{incidentsLayer(t, 120)})
	h.settle()
	tl := h.mw.tl
	tl.step.SetSelected("month")
	tl.length.SetSelected("1 month")
	test.Tap(tl.play)
	tk := h.mw.clock.(*fakeClock).last()
	tk.tick(t)
	h.runNext()
	h.settle()
	// The data starts on 20 July at 22:00.
	if got := data.FormatTime(h.mw.window.Start, time.UTC); got != "2015-08-20 22:00 UTC" {
		t.Errorf("a month step from 20 July lands on %s", got)
	}
	if got := data.FormatTime(h.mw.window.End, time.UTC); got != "2015-09-20 21:59:59.999 UTC" && got != "2015-09-20 21:59:59 UTC" {
		t.Errorf("a month window from 20 August ends %s", got)
	}
	test.Tap(tl.play)
}

func TestDisplayZoneRebinsAndRelabels(t *testing.T) {
	h := fixture(t)
	tl := h.mw.tl
	tl.zone.SetSelected("Europe/Paris")
	h.settle()
	if h.mw.zone.String() != "Europe/Paris" {
		t.Fatalf("zone %s", h.mw.zone)
	}
	if !strings.HasSuffix(tl.from.Text, "CEST") {
		t.Errorf("window start %q not shown in Paris time", tl.from.Text)
	}
	paris := h.mw.zone
	for _, e := range tl.histEdges {
		if tl.histUnit.Floor(e, paris) != e || time.UnixMilli(e).In(paris).Hour()%6 != 0 {
			t.Fatalf("bin edge %s is not a %v boundary in Paris", data.FormatTime(e, paris), tl.histUnit)
		}
	}
	// The incidents at 22:00 UTC fall on the next Paris day: still 10.
	if got := histTotal(h); got != 10 {
		t.Errorf("histogram holds %d", got)
	}
	if !strings.Contains(tl.binInfo.Text, "Europe/Paris") {
		t.Errorf("bin label %q does not name the zone", tl.binInfo.Text)
	}
}

func TestSourceZoneReloadsLayer(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "naive.geojson")
	src := `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.85,50.95]},"properties":{"category":"a","time":"2015-07-28 22:00"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.86,50.95]},"properties":{"category":"b","time":"2015-07-28T22:00:00Z"}}]}`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{path}, false)
	h.settle()
	if len(h.mw.layers) != 1 {
		t.Fatalf("%d layers (%s)", len(h.mw.layers), h.seen.dialog)
	}
	e := h.mw.layers[0]
	old := e.layer
	utc := old.Span(0).Start
	h.mw.panel.showStyle(e.id)
	sel := h.mw.tl.cats.zoneSelect
	if sel == nil || sel.Disabled() {
		t.Fatal("no source zone in the style dialog")
	}
	sel.SetSelected("Europe/Paris")
	h.settle()
	nl := h.mw.layers[0].layer
	if nl == old {
		t.Fatalf("the layer was not read again (status %q)", h.mw.status.msg.Text)
	}
	if got := utc - nl.Span(0).Start; got != 2*3600e3 {
		t.Errorf("a naive 22:00 read in Paris moved by %d ms, want 2 h earlier", got)
	}
	if nl.Span(1) != old.Span(1) {
		t.Error("a time with Z moved when the source zone changed")
	}
}

func TestExportAnimationFromWindow(t *testing.T) {
	h := fixture(t)
	path := filepath.Join(t.TempDir(), "anim.gif")
	h.mw.showAnimationDialog()
	f := h.seen.anim
	if f == nil {
		t.Fatal("no animation dialog")
	}
	if !strings.Contains(f.frames.Text, "frames") {
		t.Errorf("the dialog's own defaults give %q, not a frame count", f.frames.Text)
	}
	f.from.SetText("2015-07-20")
	f.to.SetText("2015-07-26")
	f.step.SetSelected("day")
	f.win.SetSelected("1 day")
	f.fps.SetSelected("4 frames/s")
	if !strings.HasPrefix(f.frames.Text, "7 frames") {
		t.Errorf("dialog says %q, want 7 frames", f.frames.Text)
	}
	o, w, hh, err := h.mw.animOptions(f)
	if err != nil {
		t.Fatal(err)
	}
	h.mw.exportAnimation(path, o, 320, 200)
	h.settle()
	if h.seen.dialog != "" {
		t.Fatalf("export failed: %s", h.seen.dialog)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 7 || g.Delay[0] != 25 || g.Image[0].Rect.Dx() != 320 {
		t.Errorf("%d frames, delay %d, width %d; want 7, 25, 320", len(g.Image), g.Delay[0], g.Image[0].Rect.Dx())
	}
	_, _ = w, hh
	// Cancelled by closing the window: nothing is written.
	other := filepath.Join(t.TempDir(), "cancelled.gif")
	h.mw.shutdown()
	err = animate.WriteFile(h.mw.ctx, other, h.mw.scene, h.mw.mv.Viewport(), o)
	if err == nil || !strings.Contains(err.Error(), context.Canceled.Error()) {
		t.Errorf("a cancelled export returned %v", err)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Error("a cancelled export left a file")
	}
}

func TestParseTypedShownTimes(t *testing.T) {
	paris := zone(t, "Europe/Paris")
	cases := []struct {
		in   string
		want string // in Paris, "" for an error
	}{
		{"2015-07-28 22:00 CEST", "2015-07-28 22:00 CEST"},
		{"2015-10-25 02:30 CEST", "2015-10-25 02:30 CEST"},
		{"2015-10-25 02:30 CET", "2015-10-25 02:30 CET"},
		{"2015-10-25 02:30", "2015-10-25 02:30 CEST"},
		{"2015-07-28 22:00 UTC", "2015-07-29 00:00 CEST"},
		{"2015-07-28 22:00 BST", ""},
		{"2015-07-28 22:00:30 CEST", "2015-07-28 22:00:30 CEST"},
		{"2015-07", "2015-07-01 00:00 CEST"},
		// the French forms the window shows
		{"28 juil. 2015 22:00 CEST", "2015-07-28 22:00 CEST"},
		{"25 oct. 2015 02:30 CET", "2015-10-25 02:30 CET"},
		{"25 oct. 2015 02:30 CEST", "2015-10-25 02:30 CEST"},
		{"7 août 2015 10:15:30 CEST", "2015-08-07 10:15:30 CEST"},
		{"1 déc. 2015 09:00", "2015-12-01 09:00 CET"},
		{"3 févr. 2016 09:00 UTC", "2016-02-03 10:00 CET"},
		{"20 juil. 2015 14:00", "2015-07-20 14:00 CEST"},
		{"20 juil. 2015", "2015-07-20 00:00 CEST"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			sp, err := parseTyped(tc.in, paris)
			if tc.want == "" {
				if err == nil {
					t.Errorf("accepted as %s", data.FormatTime(sp.Start, paris))
				}
				return
			}
			if err != nil || data.FormatTime(sp.Start, paris) != tc.want {
				t.Errorf("= %s, %v; want %s", data.FormatTime(sp.Start, paris), err, tc.want)
			}
		})
	}
	// Every time the timeline shows, in English and in French, reads back
	// as itself.
	for ms := int64(1445727600000); ms < 1445738400000; ms += 900e3 { // 25 Oct 2015 01:00-04:00 Paris
		for _, tag := range []string{"en", "fr"} {
			shown := format.Instant(tag, time.UnixMilli(ms).In(paris))
			if sp, err := parseTyped(shown, paris); err != nil || sp.Start != ms {
				t.Errorf("%s reads back as %v, %v", shown, sp, err)
			}
		}
	}
	for m := time.January; m <= time.December; m++ {
		at := time.Date(2015, m, 9, 8, 5, 7, 0, paris)
		shown := format.Instant("fr", at)
		if sp, err := parseTyped(shown, paris); err != nil || sp.Start != at.UnixMilli() {
			t.Errorf("%s reads back as %v, %v", shown, sp, err)
		}
	}
}

func TestTypedDialogKeepsShownTime(t *testing.T) {
	h := fixture(t)
	h.mw.setWindow(data.Span{Start: h.mw.extent.Start, End: h.mw.extent.Start + 2*86400e3 - 1})
	h.settle()
	before := h.mw.window
	test.Tap(h.mw.tl.to)
	e := h.mw.tl.timeEntry
	if err := e.Validate(); err != nil {
		t.Fatalf("the time the dialog shows (%q) does not validate: %v", e.Text, err)
	}
	go_ := findButton(h.mw.win.Canvas(), "Go")
	test.Tap(go_)
	h.settle()
	if h.mw.window != before {
		t.Errorf("confirming the shown end moved the window: %v -> %v", before, h.mw.window)
	}
}

func FuzzParseTyped(f *testing.F) {
	for _, s := range []string{"2015-07-28 22:00 CEST", "2015-10-25 02:30 CET", "2015-07", "2015 UTC", "x +03", "  ", "2015-07-28T22:00:00Z"} {
		f.Add(s)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := parseTyped(s, paris)
		if err == nil && (!sp.Dated() || sp.End < sp.Start) {
			t.Errorf("parseTyped(%q) = %v", s, sp)
		}
	})
}
