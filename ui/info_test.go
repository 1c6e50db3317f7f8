package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/render"
)

// denseIncidents has n incidents on a grid around Coquelles, one an hour:
// more than render.AggregateAbove, so the window shows density squares.
func denseIncidents(t testing.TB, n int) *data.Layer {
	t.Helper()
	b := data.NewBuilder("dense", n)
	b.Layer().Kind = data.KindIncident
	side := 250
	for i := range n {
		p := orb.Point{1.80 + 0.1*float64(i%side)/float64(side), 50.90 + 0.1*float64(i/side%side)/float64(side)}
		if err := b.Add(data.Feature{Geometry: p, Span: data.Instant(day0.Add(time.Duration(i) * time.Minute))}); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

// TestIdentifyDensitySquare: a tap on a density square shows the square
// (how many incidents, their times in the display zone, its size and
// bounds) and a button that zooms to it, not one of its incidents.
func TestIdentifyDensitySquare(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	l := denseIncidents(t, render.AggregateAbove+10000)
	h.mw.addLayers([]*data.Layer{l})
	h.mw.fitAll()
	h.settle()
	at := orb.Point{1.85, 50.95}
	test.TapAt(h.mw.mv, h.point(at))
	h.settle()
	got := h.mw.info.text()
	for _, want := range []string{" incidents in this square", "Layer: dense", "Time: " + data.FormatTime(l.TimeExtent().Start, time.UTC)[:4],
		"Square: about ", " m", "Bounds: "} {
		if !strings.Contains(got, want) {
			t.Errorf("panel lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Kind: incident") {
		t.Errorf("panel shows one incident as if it were the hit:\n%s", got)
	}
	if !h.mw.info.zoom.Visible() || h.mw.info.zoom.Text != "Zoom in to see single incidents" {
		t.Fatalf("no zoom button (%q)", h.mw.info.zoom.Text)
	}
	cell := h.mw.info.cell
	if !cell.Contains(at) && !cell.Pad(1e-4).Contains(at) {
		t.Errorf("square %v does not hold the tapped point %v", cell, at)
	}
	before := h.mw.mv.Viewport().Zoom
	test.Tap(h.mw.info.zoom)
	h.settle()
	vp := h.mw.mv.Viewport()
	if vp.Zoom <= before+2 || !vp.Bound().Contains(cell.Center()) {
		t.Errorf("zoom to the square: zoom %.1f → %.1f, view %v, square %v", before, vp.Zoom, vp.Bound(), cell)
	}
}

// TestCellRowsMinimumCounts: a square of a layer whose counts are minimum
// estimates says so, and that it counts records.
func TestCellRowsMinimumCounts(t *testing.T) {
	b := data.NewBuilder("iom", 1)
	b.Layer().Kind = data.KindIncident
	b.Layer().CountKey, b.Layer().CountIsMinimum = "dead", true
	if err := b.Add(data.Feature{Geometry: orb.Point{1.8, 50.9}, Span: data.Undated}); err != nil {
		t.Fatal(err)
	}
	l := b.Build()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatalf("Europe/Paris: %v (package ui embeds the zone database)", err)
	}
	start := time.Date(2015, 7, 28, 23, 30, 0, 0, time.UTC).UnixMilli()
	hit := render.Hit{Cell: true, Count: 1234, Span: data.Span{Start: start, End: start + 3600000},
		CellBound: orb.Bound{Min: orb.Point{1.8, 50.9}, Max: orb.Point{1.81, 50.91}}}
	var sb strings.Builder
	for _, r := range cellRows(l, hit, paris) {
		fmt.Fprintf(&sb, "%s: %s\n", r[0], r[1])
	}
	got := cellTitle(l, hit.Count) + "\n" + sb.String()
	for _, want := range []string{groupThousands(1234) + " incidents in this square", "Count: " + groupThousands(1234) + " shown", "2015-07-29 01:30 CEST", "at least", "counts records, not dead", "about 7"} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if got := cellTitle(l, 1); got != "1 incident in this square" {
		t.Errorf("singular: %q", got)
	}
}
