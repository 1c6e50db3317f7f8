package export

import (
	"bytes"
	"encoding/json"
	"testing"

	"campmap/data/style"
)

// The symbology a manifest records (palette, offset, shapes per category,
// graduated symbols, label field) comes back as it was; the shapes of an
// incident layer's categories are keyed by hashed values, as its colours.
func TestManifestSymbologyRoundTrip(t *testing.T) {
	sc := sampleScene(t)
	li := incidentLayerIndex(t, sc)
	cats := sc.Layers[li].Layer.Categories()
	st := &sc.Layers[li].Style
	st.Palette, st.PaletteOffset, st.PlainDots, st.LabelKey = style.PaletteTol, 2, false, "name"
	st.OtherColor = style.Color{R: 0x12, G: 0x34, B: 0x56, A: 0xff}
	st.CategoryShapes = map[string]style.Shape{cats[0]: style.ShapeStar}
	st.Graduated = &style.Graduated{Key: "count", By: style.BySize, Method: style.NaturalBreaks, Classes: 4}
	want := st.Clone()
	m, err := Describe(sc, "test")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(`"`+cats[0]+`"`)) {
		t.Errorf("the manifest spells out the incident category %q: %s", cats[0], b)
	}
	if !bytes.Contains(b, []byte(`"graduated":{"key":"count","by":"size","method":"jenks","classes":4}`)) {
		t.Errorf("the manifest lacks the graduated style: %s", b)
	}
	back, err := ReadManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	fresh := sampleScene(t)
	back.ApplyTo(fresh, sampleInputOf(back))
	if got := fresh.Layers[li].Style; got.Key() != want.Key() {
		t.Errorf("style after the round trip\n got %s\nwant %s", got.Key(), want.Key())
	}
}
