package export

import (
	"bytes"
	"encoding/json"
	"image/color"
	"strings"
	"testing"

	"campmap/data"
	"campmap/data/style"
	"campmap/render"
)

// sampleInputOf matches the sample scene's layers to m's inputs.
func sampleInputOf(m Manifest) func(*data.Layer) int {
	return func(l *data.Layer) int {
		for i, in := range m.Inputs {
			if si, ok := SampleInput(l.Name); ok && si.Name == in.Name {
				return i
			}
		}
		return -1
	}
}

// incidentLayerIndex returns the index of sc's (last) layer of incidents.
func incidentLayerIndex(t *testing.T, sc *render.Scene) int {
	t.Helper()
	li := -1
	for i, lv := range sc.Layers {
		if lv.Layer.Kind == data.KindIncident {
			li = i
		}
	}
	if li < 0 {
		t.Fatal("the sample has no incident layer")
	}
	return li
}

// manifestRoundTrip describes sc in a manifest, checks that it does not
// spell out the incident category secret, reads it back and applies it
// to a fresh sample scene.
func manifestRoundTrip(t *testing.T, sc *render.Scene, secret string) ([]byte, *render.Scene) {
	t.Helper()
	m, err := Describe(sc, "test")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(`"`+secret+`"`)) {
		t.Errorf("the manifest spells out the incident category %q: %s", secret, b)
	}
	back, err := ReadManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	fresh := sampleScene(t)
	back.ApplyTo(fresh, sampleInputOf(back))
	return b, fresh
}

// The style a manifest records comes back as it was, also the category
// colours of a layer of incidents, whose values the manifest only holds
// hashed.
func TestManifestStyleRoundTrip(t *testing.T) {
	sc := sampleScene(t)
	li := incidentLayerIndex(t, sc)
	inc := sc.Layers[li].Layer
	cats := inc.Categories()
	red := style.Color(color.NRGBA{0xcc, 0x11, 0x22, 0xff})
	half := style.Color(color.NRGBA{0x11, 0x22, 0x33, 0x80})
	sc.Layers[li].CategoryColors = map[string]style.Color{cats[0]: red}
	sc.Layers[li].Opacity = 0.6
	sc.Layers[0].Fill = half
	_, fresh := manifestRoundTrip(t, sc, cats[0])
	got := fresh.Layers[li]
	if c, ok := got.CategoryColor(cats[0]); !ok || style.Color(c) != red || len(got.CategoryColors) != 1 {
		t.Errorf("category colours %v, want %s: %v", got.CategoryColors, cats[0], red)
	}
	if got.Opacity != 0.6 {
		t.Errorf("opacity %v", got.Opacity)
	}
	if fresh.Layers[0].Fill != half {
		t.Errorf("fill %v, want %v", fresh.Layers[0].Fill, half)
	}
}

// Manifests written before styles were shared list category colours by
// position; they still apply.
func TestManifestOldCategoryColorList(t *testing.T) {
	sc := sampleScene(t)
	m, err := Describe(sc, "test")
	if err != nil {
		t.Fatal(err)
	}
	li := len(m.Layers) - 1
	for i, s := range m.Layers {
		if s.Kind == "incident" {
			li = i
		}
	}
	b, _ := json.Marshal(m)
	var raw map[string]any
	json.Unmarshal(b, &raw)
	raw["layers"].([]any)[li].(map[string]any)["category_colors"] = []string{"#00000000", "#ff000080"}
	b, _ = json.Marshal(raw)
	old, err := ReadManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	fresh := sampleScene(t)
	old.ApplyTo(fresh, sampleInputOf(old))
	var lv render.LayerView
	for _, v := range fresh.Layers {
		if v.Layer.Kind == data.KindIncident {
			lv = v
		}
	}
	cats := lv.Layer.Categories()
	if c, ok := lv.CategoryColor(cats[1]); !ok || c != (color.NRGBA{0xff, 0, 0, 0x80}) {
		t.Errorf("second category colour %v %v", c, ok)
	}
	if _, ok := lv.CategoryColor(cats[0]); ok {
		t.Error("an unset entry of the old list became a colour")
	}
}

// A bad colour in a manifest is an error naming the field, not the
// default colour.
func TestManifestBadColour(t *testing.T) {
	for _, tc := range []struct{ layer, want string }{
		{`{"name":"a","input":0,"fill":"reddish"}`, `fill "reddish"`},
		{`{"name":"a","input":0,"category_colors":{"death":"#12"}}`, `colour "#12" of category "death"`},
	} {
		_, err := ReadManifest([]byte(`{"app":"campmap","layers":[` + tc.layer + `]}`))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one naming %s", tc.layer, err, tc.want)
		}
	}
}

// Conditions on values come back from a manifest keeping the same
// features; on a layer of incidents a condition on text is recorded as
// hashed values (no needle, no value spelled out), one on numbers as it
// is; on other layers every condition is kept as written.
func TestManifestWhereRoundTrip(t *testing.T) {
	sc := sampleScene(t)
	li := incidentLayerIndex(t, sc)
	sc.Window = data.Undated
	sc.Layers[li].Where = []style.Condition{
		{Key: "place", Op: style.OpContains, Value: "coquelles"},
		{Key: "count", Op: style.OpBetween, Min: "2", Max: "20"},
		{Key: "name", Op: style.OpNe, Value: "Tunnel intrusion attempt, Coquelles terminal fence"},
	}
	sc.Layers[0].Where = []style.Condition{{Key: "name", Op: style.OpContains, Value: "jungle"}}
	want := make([]int, len(sc.Layers))
	for i := range sc.Layers {
		want[i], _, _ = sc.Counts(i)
	}
	all := sc.Layers[li].Layer.Len()
	if want[li] == 0 || want[li] == all {
		t.Fatalf("the conditions keep %d of %d incidents: choose others", want[li], all)
	}
	m, err := Describe(sc, "test")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(m)
	for _, leak := range []string{"coquelles", "Coquelles"} {
		if bytes.Contains(b, []byte(leak)) {
			t.Errorf("the manifest spells out %q of an incident condition: %s", leak, b)
		}
	}
	if !bytes.Contains(b, []byte(`{"key":"count","op":"between","min":"2","max":"20"}`)) || !bytes.Contains(b, []byte(`"value":"jungle"`)) {
		t.Errorf("numeric and non-incident conditions not kept as written: %s", b)
	}
	back, err := ReadManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	fresh := sampleScene(t)
	back.ApplyTo(fresh, sampleInputOf(back))
	fresh.Window = data.Undated
	for i := range fresh.Layers {
		if got, _, _ := fresh.Counts(i); got != want[i] {
			t.Errorf("layer %s shows %d after the round trip, %d before", fresh.Layers[i].Layer.Name, got, want[i])
		}
	}
	if len(fresh.Layers[li].Where) != 3 || fresh.Layers[0].Where[0].Value != "jungle" {
		t.Errorf("conditions back: %+v / %+v", fresh.Layers[li].Where, fresh.Layers[0].Where)
	}
}
