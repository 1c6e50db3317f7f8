package project

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"campmap/data/style"
)

// A layer's conditions on values are saved and read back as they were,
// beside the old value filter; a project written before them (only a
// value filter) reads with that filter as its one condition; a condition
// no campmap can evaluate is an error naming the layer and the condition.
func TestWhereRoundTripAndMigration(t *testing.T) {
	dir := t.TempDir()
	p := sampleProject(dir)
	p.Layers[1].Style.Where = []style.Condition{
		{Key: "Cause of Death", Op: style.OpContains, Value: "noyé"},
		{Key: "Number of Dead", Op: style.OpBetween, Min: "2"},
		{Key: "Region of Incident", Op: style.OpIn, Values: style.SetOf("Europe", "Northern Africa")},
		{Key: "Reported Date", Op: style.OpGe, Value: "2015-07-01"},
	}
	path := filepath.Join(dir, "where.campmap")
	if err := Save(path, p); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), `"where": [`) || !strings.Contains(string(raw), `"op": "between"`) {
		t.Errorf("saved file lacks the conditions:\n%s", raw)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Layers[1].Style, p.Layers[1].Style) {
		t.Errorf("style back %+v\nwant %+v", got.Layers[1].Style, p.Layers[1].Style)
	}
	if c := got.Layers[1].Style.Conditions(); len(c) != 5 || c[0].Op != style.OpNotIn || c[0].Key != "Migration Route" {
		t.Errorf("conditions %+v: want the value filter first, then the four", c)
	}

	old := filepath.Join(dir, "old.campmap")
	os.WriteFile(old, []byte(`{"version":1,"layers":[{"path":"iom.csv","visible":true,"opacity":1,
"filter":{"key":"Migration Route","hidden":["Central Mediterranean"]}}]}`), 0o644)
	o, err := Load(old)
	if err != nil {
		t.Fatal(err)
	}
	c := o.Layers[0].Style.Conditions()
	if len(c) != 1 || c[0].Key != "Migration Route" || c[0].Op != style.OpNotIn || !c[0].Values["Central Mediterranean"] || o.Layers[0].Style.Where != nil {
		t.Errorf("old filter reads as %+v", c)
	}

	bad := filepath.Join(dir, "bad.campmap")
	os.WriteFile(bad, []byte(`{"version":1,"layers":[{"path":"iom.csv","visible":true,"opacity":1,
"where":[{"key":"dead","op":">="},{"key":"dead","op":"about","value":"3"}]}]}`), 0o644)
	if _, err := Load(bad); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "layer 1") || !strings.Contains(err.Error(), "condition 2") || !strings.Contains(err.Error(), `"about"`) {
		t.Errorf("bad condition: %v", err)
	}
}
