package export

import (
	"bytes"
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
	b, fresh := manifestRoundTrip(t, sc, cats[0])
	if !bytes.Contains(b, []byte(`"graduated":{"key":"count","by":"size","method":"jenks","classes":4}`)) {
		t.Errorf("the manifest lacks the graduated style: %s", b)
	}
	if got := fresh.Layers[li].Style; got.Key() != want.Key() {
		t.Errorf("style after the round trip\n got %s\nwant %s", got.Key(), want.Key())
	}
}
