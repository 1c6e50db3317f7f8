package export

import (
	"bytes"
	"testing"

	"github.com/paulmach/orb"
)

// A page's selection goes into its manifest, and the scene the manifest
// gives back draws the same page: the outline reproduces.
func TestManifestKeepsTheSelection(t *testing.T) {
	j := pageJob(t, FormatPNG, "a4-landscape")
	j.DPI = 96
	plain, _ := write(t, j)
	sel := *j.Scene
	sel.Selection = orb.Ring{{1.70, 50.93}, {1.95, 50.93}, {1.95, 51.02}, {1.70, 51.02}}
	m, err := Describe(&sel, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Selection) != 4 || m.Selection[2] != [2]float64{1.95, 51.02} {
		t.Fatalf("manifest selection %v", m.Selection)
	}
	j.Scene, j.Manifest = &sel, m
	a, res := write(t, j)
	if bytes.Equal(a, plain) {
		t.Error("the page with a selection is the page without")
	}
	back, err := ReadManifest(res.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	again := *sampleScene(t)
	back.ApplyTo(&again, sampleInputOf(back))
	if len(again.Selection) != 4 {
		t.Fatalf("the manifest gave back %d selection points", len(again.Selection))
	}
	j.Scene = &again
	if b, _ := write(t, j); !bytes.Equal(a, b) {
		t.Error("the page drawn from the manifest's scene differs")
	}
}
