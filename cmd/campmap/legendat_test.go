package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"campmap/export"
)

// TestRenderLegendAt: --legend-at puts the page's legend where asked and
// the manifest records it; a publication-safe page without --label is
// labelled Public; an unknown place is a usage error naming the flag.
func TestRenderLegendAt(t *testing.T) {
	dir := t.TempDir()
	out, m := filepath.Join(dir, "p.pdf"), filepath.Join(dir, "m.json")
	code, _, stderr := campmap(t, "render", "--sample", "-o", out, "--safe", "--legend-at", "margin", "--manifest-out", m, "--date", "2026-01-01")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(m)
	if err != nil {
		t.Fatal(err)
	}
	mf, err := export.ReadManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	if p := mf.Page; p == nil || p.Placement != "margin" || p.LegendAt != "margin" || p.Label != "Public" {
		t.Errorf("manifest page %+v: want the legend in the margin, labelled Public", mf.Page)
	}
	code, _, stderr = campmap(t, "render", "--sample", "-o", out, "--legend-at", "middle")
	if code != exitUsage || !strings.Contains(stderr, "--legend-at") {
		t.Errorf("--legend-at middle: exit %d %q", code, stderr)
	}
}
