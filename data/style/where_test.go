package style

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseCondition(t *testing.T) {
	cases := []struct {
		in   string
		want Condition
		err  string
	}{
		{"dead >= 3", Condition{Key: "dead", Op: OpGe, Value: "3"}, ""},
		{"dead<=3", Condition{Key: "dead", Op: OpLe, Value: "3"}, ""},
		{"dead<3", Condition{Key: "dead", Op: OpLt, Value: "3"}, ""},
		{"dead > 3", Condition{Key: "dead", Op: OpGt, Value: "3"}, ""},
		{"Cause of death ~ drown", Condition{Key: "Cause of death", Op: OpContains, Value: "drown"}, ""},
		{`source != "press release"`, Condition{Key: "source", Op: OpNe, Value: "press release"}, ""},
		{"source = 'ngo'", Condition{Key: "source", Op: OpEq, Value: "ngo"}, ""},
		{"source =", Condition{Key: "source", Op: OpEq, Value: ""}, ""},
		{"just words", Condition{}, "has no operator"},
		{"= 3", Condition{}, "names no field"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseCondition(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Key != tc.want.Key || got.Op != tc.want.Op || got.Value != tc.want.Value {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestConditionCheck(t *testing.T) {
	cases := []struct {
		name string
		c    Condition
		err  string
	}{
		{"numeric range", Condition{Key: "dead", Op: OpBetween, Min: "1", Max: "10"}, ""},
		{"open max", Condition{Key: "dead", Op: OpBetween, Min: "1"}, ""},
		{"dates", Condition{Key: "date", Op: OpBetween, Min: "2015-01-01", Max: "2015-12"}, ""},
		{"no bounds", Condition{Key: "dead", Op: OpBetween}, "needs a minimum"},
		{"text bounds", Condition{Key: "dead", Op: OpBetween, Min: "a", Max: "b"}, "numbers or dates"},
		{"no key", Condition{Op: OpEq, Value: "x"}, "names no property"},
		{"unknown op", Condition{Key: "k", Op: "like"}, "is not one of"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Check()
			if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Errorf("Check() = %v, want %q", err, tc.err)
			}
		})
	}
	s := Style{Opacity: 1, Where: []Condition{{Key: "a", Op: OpEq}, {Key: "b", Op: "??"}}}
	if err := s.Check(); err == nil || !strings.Contains(err.Error(), "condition 2") {
		t.Errorf("Style.Check names the condition: %v", err)
	}
}

// Where is written in its own field beside the old filter, and read back
// the same; a style written before Where reads with its filter as the
// first of its conditions.
func TestWhereJSON(t *testing.T) {
	s := Style{Visible: true, Opacity: 1, Filter: &Filter{Key: "route", Hidden: SetOf("x")}, Where: []Condition{
		{Key: "Cause of death", Op: OpContains, Value: "noyé"},
		{Key: "dead", Op: OpBetween, Min: "2", Max: "10"},
		{Key: "region", Op: OpIn, Values: SetOf("Europe", "Africa")},
	}}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"visible":true,"opacity":1,"filter":{"key":"route","hidden":["x"]},"where":[{"key":"Cause of death","op":"~","value":"noyé"},{"key":"dead","op":"between","min":"2","max":"10"},{"key":"region","op":"in","values":["Africa","Europe"]}]}`
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
	c := back.Clone()
	c.Where[2].Values["Asia"] = true
	if back.Where[2].Values["Asia"] {
		t.Error("changing the clone's conditions changed the original")
	}

	var old Style
	if err := json.Unmarshal([]byte(`{"visible":true,"opacity":1,"filter":{"key":"route","hidden":["x","y"]}}`), &old); err != nil {
		t.Fatal(err)
	}
	conds := old.Conditions()
	if len(conds) != 1 || conds[0].Key != "route" || conds[0].Op != OpNotIn || conds[0].Values.Len() != 2 {
		t.Errorf("old filter reads as %+v", conds)
	}
	if !old.Filters() || !(Style{Where: s.Where}).Filters() {
		t.Error("Filters() misses a condition")
	}
	var said []string
	for _, c := range s.Conditions() {
		said = append(said, c.String())
	}
	if got := strings.Join(said, "; "); got != `route not in {"x"}; Cause of death ~ "noyé"; dead 2..10; region in {"Africa", "Europe"}` {
		t.Errorf("conditions read %s", got)
	}
	for _, c := range []Condition{{Key: "dead", Op: OpGe, Value: "3"}, {Key: "Cause of death", Op: OpContains, Value: `say "hi"`}, {Key: "a", Op: OpNe, Value: ""}} {
		if back, err := ParseCondition(c.String()); err != nil || back.Key != c.Key || back.Op != c.Op || back.Value != c.Value {
			t.Errorf("%s reads back as %+v, %v", c, back, err)
		}
	}
}

func TestParseNumberAndDate(t *testing.T) {
	nums := map[string]float64{"3": 3, " 12.5 ": 12.5, "1 234": 1234, "1\u00a0234,5": 1234.5, "-2": -2}
	for s, want := range nums {
		if got, ok := ParseNumber(s); !ok || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "unknown", "3 dead", "NaN", "Inf", "1,2,3"} {
		if got, ok := ParseNumber(s); ok {
			t.Errorf("ParseNumber(%q) = %v, want not a number", s, got)
		}
	}
	dates := map[string]int{"2015-10-01": 20151001, "2015-10": 20151000, "2015": 20150000, "2015-10-01T12:00:00Z": 20151001, "2015-10-01 08:00": 20151001}
	for s, want := range dates {
		if got, ok := ParseDate(s); !ok || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "01/10/2015", "2015-13-01", "2015-1-1", "20151001", "2015-10-01x"} {
		if got, ok := ParseDate(s); ok {
			t.Errorf("ParseDate(%q) = %v, want not a date", s, got)
		}
	}
}

func TestExplainWhere(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"where":{"key":"a"}}`, "not a list of conditions"},
		{`{"where":[{"key":"dead","op":">=","value":3}]}`, "condition 1 (key dead)"},
		{`{"where":[{"key":"a","op":"=","value":"x"},{"key":"region","op":"in","values":"Europe"}]}`, "condition 2 (key region)"},
	} {
		var s Style
		if json.Unmarshal([]byte(tc.in), &s) == nil {
			t.Errorf("%s reads", tc.in)
		}
		if err := Explain([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Explain(%s) = %v, want %q", tc.in, err, tc.want)
		}
	}
	if err := Explain([]byte(`{"where":[{"key":"a","op":"~","value":"x"}]}`)); err != nil {
		t.Errorf("a good condition: %v", err)
	}
}

// ParseCondition reads any text without panicking; what it reads names a
// field and one of the command operators.
func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{"dead >= 3", "Cause of death ~ noyé", `a != "b c"`, "x<=", "=", "<>", "a = 'b", "a ~ ~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCondition(s)
		if err != nil {
			return
		}
		if strings.TrimSpace(c.Key) == "" || c.Key != strings.TrimSpace(c.Key) {
			t.Errorf("%q reads with key %q", s, c.Key)
		}
		found := false
		for _, op := range CommandOps {
			found = found || op == c.Op
		}
		if !found {
			t.Errorf("%q reads with operator %q", s, c.Op)
		}
		_ = c.Check()
		_ = c.String()
		_, _ = ParseNumber(c.Value)
		_, _ = ParseDate(c.Value)
	})
}
