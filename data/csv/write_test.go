package csv

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

// A layer written as CSV reads back with its points, shapes, times, kinds
// and properties.
func TestWriteReadsBack(t *testing.T) {
	b := data.NewBuilder("sel", 3)
	t0 := time.Date(2015, 7, 28, 22, 0, 0, 0, time.UTC)
	feats := []data.Feature{
		{Geometry: orb.Point{1.85, 50.95}, Kind: data.KindIncident, Span: data.Instant(t0), Props: []data.Property{{Key: "category", Value: data.Text("injury")}, {Key: "note", Value: data.Text(`said "stop", then left`)}}},
		{Geometry: orb.Point{1.86, 50.96}, Kind: data.KindIncident, Span: data.Undated, Props: []data.Property{{Key: "category", Value: data.Text("death")}, {Key: "start", Value: data.Text("clash")}}},
		{Geometry: orb.Polygon{{{1.8, 50.9}, {1.9, 50.9}, {1.9, 51}, {1.8, 50.9}}}, Kind: data.KindCamp, Span: data.Undated, Props: []data.Property{{Key: "category", Value: data.Text("camp")}}},
	}
	for _, f := range feats {
		if err := b.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	var buf bytes.Buffer
	if err := Write(&buf, l, func(i int) bool { return i != 1 }); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.HasPrefix(text, "wkt,start,end,kind,category,note,property start\n") {
		t.Errorf("header: %q", strings.SplitN(text, "\n", 2)[0])
	}
	if strings.Contains(text, "death") {
		t.Error("a feature keep left out was written")
	}
	path := filepath.Join(t.TempDir(), "sel.csv")
	os.WriteFile(path, buf.Bytes(), 0o644)
	back, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if back.Len() != 2 {
		t.Fatalf("%d features read back", back.Len())
	}
	if p := back.Anchor(0); p != (orb.Point{1.85, 50.95}) || back.Span(0) != data.Instant(t0) {
		t.Errorf("the point came back at %v, %v", p, back.Span(0))
	}
	if v, _ := back.Prop(0, "note"); v.String() != `said "stop", then left` {
		t.Errorf("a quoted value came back as %q", v.String())
	}
	if back.IsPoint(1) {
		t.Error("the polygon came back as a point")
	}
}
