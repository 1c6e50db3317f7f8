package ui

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2/test"

	"campmap/export"
	"campmap/render"
)

// The page dialog lets the user put the legend in a corner or a margin;
// the page follows, the manifest says so, the project keeps the choice and
// the next dialog starts from it.
func TestPageExportLegendPlacement(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	pe := h.mw.newPageExport()
	if pe.placement.Selected != "Automatic (a corner free of data, else the margin)" {
		t.Fatalf("placement %q at first", pe.placement.Selected)
	}
	if len(pe.placement.Options) != len(render.Placements()) {
		t.Fatalf("placements %q", pe.placement.Options)
	}
	for _, tc := range []struct {
		choice string
		want   render.Placement
	}{
		{"In a margin beside the map", render.PlaceMargin},
		{"Bottom left", render.PlaceBottomLeft},
	} {
		pe.placement.SetSelected(tc.choice)
		j, err := pe.job()
		if err != nil {
			t.Fatal(err)
		}
		if j.Page.Placement != tc.want || h.mw.legendAt != tc.want {
			t.Fatalf("%s: job places %q, window keeps %q", tc.choice, j.Page.Placement, h.mw.legendAt)
		}
		m, err := export.Describe(j.Scene, "test")
		if err != nil {
			t.Fatal(err)
		}
		j.Manifest = m
		var b bytes.Buffer
		res, err := export.Write(&b, j)
		if err != nil {
			t.Fatal(err)
		}
		mf, err := export.ReadManifest(res.Manifest)
		if err != nil || res.Layout.Placement != tc.want || mf.Page.Placement != string(tc.want) || mf.Page.LegendAt != string(tc.want) {
			t.Errorf("%s: legend at %q, manifest %+v, %v", tc.choice, res.Layout.Placement, mf.Page, err)
		}
	}
	if p := h.mw.proj.snapshot().Page; p == nil || p.LegendPlacement != "bottom-left" {
		t.Errorf("the project keeps page %+v", p)
	}
	if next := h.mw.newPageExport(); next.placement.Selected != "Bottom left" {
		t.Errorf("the next dialog starts at %q", next.placement.Selected)
	}
}

// Turning publication-safe mode off again gives back the label it
// changed to Public.
func TestPageExportSafeLabelReverts(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	pe := h.mw.newPageExport()
	test.Tap(pe.safe)
	if pe.label.Text != "Public" {
		t.Fatalf("publication-safe: label %q, want Public", pe.label.Text)
	}
	test.Tap(pe.safe)
	if pe.label.Text != "Restricted" {
		t.Errorf("safe mode off: label %q, want Restricted again", pe.label.Text)
	}
}
