package ui

import (
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/render"
)

// Search finds a word in any text property (IOM's "Location
// Description" names Calais), saying which field matched, and a typed
// place goes to it.
func TestSearchAnyTextAndPlaces(t *testing.T) {
	b := data.NewBuilder("iom", 3)
	for i, desc := range []string{"Near the port of Calais", "Dunkerque ring road", "A16 near Calais, Coquelles"} {
		if err := b.Add(data.Feature{Geometry: orb.Point{1.8 + float64(i)/20, 50.95}, Kind: data.KindIncident, Span: data.Undated,
			Props: []data.Property{{Key: "Main ID", Value: data.Text("MMP" + string(rune('1'+i)))}, {Key: "Location Description", Value: data.Text(desc)}}}); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{b.Build()})
	h.settle()
	s := h.mw.panel.search
	test.Type(s.entry, "calais")
	s.entry.OnSubmitted(s.entry.Text)
	h.settle()
	var features []searchMatch
	for _, m := range s.matches {
		if m.at == nil {
			features = append(features, m)
		}
	}
	if len(features) != 2 {
		t.Fatalf("calais found %d features: %+v", len(features), s.matches)
	}
	// the town of the gazetteer comes first, the one in France before Maine's
	if first := s.matches[0]; first.at == nil || !strings.HasPrefix(first.label, "Calais · town") || math.Abs(first.at[1]-50.95) > 0.1 {
		t.Errorf("first result %q at %v, want the town of Calais", first.label, first.at)
	}
	for _, m := range features {
		if !strings.Contains(m.label, "Calais") || !strings.Contains(m.label, "iom") {
			t.Errorf("result %q names neither the text nor the layer", m.label)
		}
	}
	// a place typed as latitude, longitude, then as DMS
	// case and accents do not matter, either way
	for _, tc := range []struct {
		typed   string
		feature int
	}{{"COQUELLES", 2}, {"Dünkerque", 1}, {"cöquelles", 2}} {
		s.entry.SetText(tc.typed)
		s.entry.OnSubmitted(s.entry.Text)
		h.settle()
		var got []int
		for _, m := range s.matches {
			if m.at == nil {
				got = append(got, m.hit.Feature)
			}
		}
		if len(got) != 1 || got[0] != tc.feature {
			t.Errorf("%q found features %v, want %d", tc.typed, got, tc.feature)
		}
	}
	for _, typed := range []string{"50.9583, 1.8533", `50°57'30"N 1°51'12"E`} {
		s.entry.SetText(typed)
		s.entry.OnSubmitted(s.entry.Text)
		h.settle()
		if len(s.matches) == 0 || s.matches[0].at == nil {
			t.Fatalf("%q: no place result: %+v", typed, s.matches)
		}
		s.choose(s.matches[0])
		h.settle()
		c := h.mw.mv.Viewport().Center
		if math.Abs(c[0]-1.8533) > 1e-3 || math.Abs(c[1]-50.9583) > 1e-3 {
			t.Errorf("%q: the map is centred on %v", typed, c)
		}
	}
}

// The sample opens in its own frame: Europe/Paris, the window over its
// incidents' months; a zone asked for wins.
func TestSampleOpensInItsFrame(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	if h.mw.zone.String() != "Europe/Paris" {
		t.Errorf("zone %s, want Europe/Paris", h.mw.zone)
	}
	inc := data.Undated
	for _, e := range h.mw.layers {
		if e.layer.Kind == data.KindIncident {
			inc = inc.Union(e.layer.TimeExtent())
		}
	}
	// The window is the incidents' whole days in Paris: 1 June to 30
	// September 2015, not the camps' 2015-01-01 to 2016-10-31.
	w, paris := h.mw.window, h.mw.zone
	if !inc.Dated() || w.Start > inc.Start || w.End < inc.End || h.mw.extent == w ||
		data.FormatTime(w.Start, paris) != "2015-06-01 00:00 CEST" || !strings.HasPrefix(data.FormatTime(w.End, paris), "2015-09-30 23:59:59") {
		t.Errorf("window %s – %s, incidents %v, extent %v", data.FormatTime(w.Start, paris), data.FormatTime(w.End, paris), inc, h.mw.extent)
	}
	// Its times without an offset (the camps' months) are read in Paris.
	if got := data.FormatTime(h.mw.extent.Start, paris); got != "2015-01-01 00:00 CET" {
		t.Errorf("the camps open %s, want 2015-01-01 00:00 CET", got)
	}
	// The page's caption says that window.
	if c := render.TimeCaption(h.mw.scene); !strings.Contains(c, "2015-06-01 00:00 – 2015-09-30 23:59 (Europe/Paris") {
		t.Errorf("caption %q", c)
	}
	// The axis opens on late May to early October.
	lo, hi := h.mw.tl.slider.View()
	if got := data.FormatTime(lo, paris)[:10] + " " + data.FormatTime(hi, paris)[:10]; got != "2015-05-28 2015-10-04" {
		t.Errorf("axis %s", got)
	}
	h2 := newHarness(t, Options{Sample: true, Zone: time.UTC}, nil)
	if h2.mw.zone != time.UTC {
		t.Errorf("--zone UTC gave %s", h2.mw.zone)
	}
}
