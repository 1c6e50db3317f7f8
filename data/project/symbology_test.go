package project

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"campmap/data/style"
)

// A project keeps each layer's symbology (palette, offset, other colour,
// plain dots, shapes per category, graduated symbols, label field), and
// refuses one campmap could not draw, naming the layer.
func TestSymbologyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	st := style.Default()
	st.Palette, st.PaletteOffset, st.PlainDots, st.LabelKey = style.PaletteSequential, 1, true, "Location Description"
	st.OtherColor = style.Color{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	st.CategoryShapes = map[string]style.Shape{"Drowning": style.ShapeTriangle}
	st.Graduated = &style.Graduated{Key: "Total Number of Dead and Missing", By: style.ByColor, Method: style.Quantile, Classes: 6}
	p := &Project{Version: Version, Layers: []Layer{{Path: filepath.Join(dir, "iom.csv"), Style: st}}}
	path := filepath.Join(dir, "s.campmap")
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Layers[0].Style, st) {
		t.Errorf("loaded %s\nwant   %s", got.Layers[0].Style.Key(), st.Key())
	}
	raw, _ := os.ReadFile(path)
	bad := strings.Replace(string(raw), `"classes": 6`, `"classes": 12`, 1)
	if bad == string(raw) {
		t.Fatalf("the saved file does not hold the classes:\n%s", raw)
	}
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "12 classes") {
		t.Errorf("a project with 12 classes loaded: %v", err)
	}
}
