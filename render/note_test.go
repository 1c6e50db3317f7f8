package render

import (
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// A note (data.NoteKey true) is labelled with its text whatever its
// layer's kind; the same named point without the mark is not.
func TestNoteIsLabelled(t *testing.T) {
	vp := geo.New(orb.Point{1.7, 50.9}, 12, 240, 120)
	scene := func(note bool) *Scene {
		b := data.NewBuilder("notes", 1)
		mustAdd(t, b, data.Feature{Geometry: orb.Point{1.69, 50.9}, Span: data.Undated, Props: []data.Property{
			{Key: "label", Value: data.Text("Water point closed")}, {Key: data.NoteKey, Value: data.Bool(note)}}})
		return &Scene{Layers: []LayerView{{Layer: b.Build(), Style: style.Style{Visible: true}}}, Window: data.Undated, Labels: true}
	}
	plain, note := Render(scene(false), vp), Render(scene(true), vp)
	if n := diffImages(note, plain, 0); n < 40 {
		t.Errorf("the note's label changed %d pixels", n)
	}
}
