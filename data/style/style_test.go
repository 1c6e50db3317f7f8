package style

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The JSON a style writes is the shape project files have always had.
func TestJSONShape(t *testing.T) {
	s := Style{Visible: true, Opacity: 0.5, Fill: Color{R: 0xd5, G: 0x5e, A: 0xff},
		CategoryColors: map[string]Color{"b": {B: 0xff, A: 0x80}, "a": {R: 1, G: 2, B: 3, A: 0xff}},
		Hidden:         SetOf("z", "Violence", ""), Filter: &Filter{Key: "route", Hidden: SetOf("x")}, Zone: "Europe/Paris"}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"visible":true,"opacity":0.5,"fill":"#d55e00","category_colors":{"a":"#010203","b":"#0000ff80"},"hidden_categories":["","Violence","z"],"filter":{"key":"route","hidden":["x"]},"zone":"Europe/Paris"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back Style
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Key() != s.Key() {
		t.Errorf("round trip: %s", back.Key())
	}
	if b, _ := json.Marshal(Default()); string(b) != `{"visible":true,"opacity":1}` {
		t.Errorf("default style writes %s", b)
	}
}

func TestReadOlderShapes(t *testing.T) {
	var s Style
	// versions before the shared style wrote "" for no fill
	if err := json.Unmarshal([]byte(`{"visible":false,"opacity":1,"fill":"","hidden_categories":null}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.Fill != (Color{}) || s.Hidden != nil || s.Visible {
		t.Errorf("%+v", s)
	}
	if err := json.Unmarshal([]byte(`{"hidden_categories":"x"}`), &s); err == nil {
		t.Error("a hidden_categories that is not a list was read")
	}
}

func TestExplain(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"fill":"red"}`, `fill "red" is not a colour`},
		{`{"category_colors":{"x":"#12","a":"#000000"}}`, `colour "#12" of category "x"`},
		{`{"fill":"#fff","category_colors":{"a":"#000000"}}`, ""},
		{`not json`, ""},
	} {
		err := Explain([]byte(tc.in))
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("Explain(%s) = %v, want %q", tc.in, err, tc.want)
		}
		// json.Unmarshal rejects exactly what Explain names
		var s Style
		if uerr := json.Unmarshal([]byte(tc.in), &s); tc.want != "" && uerr == nil {
			t.Errorf("Unmarshal(%s) accepted a bad colour", tc.in)
		}
	}
}

func TestCloneIsDeep(t *testing.T) {
	s := Style{CategoryColors: map[string]Color{"a": {A: 1}}, Hidden: SetOf("a"), Filter: &Filter{Key: "k", Hidden: SetOf("v")}}
	c := s.Clone()
	c.CategoryColors["b"] = Color{A: 2}
	c.Hidden["b"] = true
	c.Filter.Hidden["w"] = true
	c.Filter.Key = "other"
	if len(s.CategoryColors) != 1 || s.Hidden.Len() != 1 || s.Filter.Hidden.Len() != 1 || s.Filter.Key != "k" {
		t.Errorf("changing the clone changed the original: %+v %+v", s, *s.Filter)
	}
}

func TestFiltersAndZone(t *testing.T) {
	if (Style{}).Filters() || (Style{Hidden: Set{"a": false}}).Filters() || (Style{Filter: &Filter{Key: "k"}}).Filters() {
		t.Error("a style hiding nothing filters")
	}
	if !(Style{Hidden: SetOf("a")}).Filters() || !(Style{Filter: &Filter{Key: "k", Hidden: SetOf("v")}}).Filters() {
		t.Error("a style hiding something does not filter")
	}
	var s Style
	paris, _ := time.LoadLocation("Europe/Paris")
	s.SetLocation(paris)
	if s.Zone != "Europe/Paris" || s.Location().String() != "Europe/Paris" {
		t.Errorf("zone %q", s.Zone)
	}
	s.SetLocation(time.UTC)
	if s.Zone != "" || s.Location() != time.UTC {
		t.Errorf("UTC kept as %q", s.Zone)
	}
	if err := (Style{Opacity: 1.5}).Check(); err == nil {
		t.Error("opacity 1.5 passed Check")
	}
	if err := (Style{Opacity: 1, Zone: "Mars/Olympus"}).Check(); err == nil || !strings.Contains(err.Error(), "Mars/Olympus") {
		t.Errorf("unknown zone: %v", err)
	}
}

func FuzzStyleJSON(f *testing.F) {
	f.Add([]byte(`{"visible":true,"opacity":0.5,"fill":"#d55e00","category_colors":{"a":"#010203"},"hidden_categories":["x"],"filter":{"key":"k","hidden":["v"]}}`))
	f.Add([]byte(`{"fill":"#fff"}`))
	f.Add([]byte(`{"visible":true,"opacity":1,"where":[{"key":"dead","op":"between","min":"1","max":"9"},{"key":"r","op":"in","values":["a","b"]},{"key":"c","op":"~","value":"noyé"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Style
		if json.Unmarshal(b, &s) != nil {
			return
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back Style
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s does not read back: %v", out, err)
		}
		if back.Key() != s.Key() {
			t.Fatalf("round trip changed %s into %s", s.Key(), back.Key())
		}
	})
}
