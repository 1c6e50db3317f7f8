package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// iomLike is four IOM-like incidents: a cause with accents and capitals,
// the dead as text (one unknown), and a camp layer without those fields.
const iomLike = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.85,50.95]},"properties":{"Cause of death":"Noyade","Number of Dead":"3","time":"2015-07-20T10:00:00Z"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.86,50.95]},"properties":{"Cause of death":"Véhicule","Number of Dead":"12","time":"2015-07-21T10:00:00Z"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.87,50.95]},"properties":{"Cause of death":"VEHICULE","Number of Dead":"unknown","time":"2015-07-22T10:00:00Z"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.88,50.95]},"properties":{"Cause of death":"Violence","Number of Dead":"1","time":"2015-07-23T10:00:00Z"}}]}`

// --where keeps the features meeting every condition, in inspect's counts,
// and changes what render and animate draw.
func TestWhere(t *testing.T) {
	in := writeFile(t, "iom.geojson", iomLike)
	for _, tc := range []struct {
		name  string
		where []string
		want  int
	}{
		{"contains, accents ignored", []string{"Cause of death ~ vehicule"}, 2},
		{"equals", []string{"Cause of death = noyade"}, 1},
		{"not equal", []string{"Cause of death != violence"}, 3},
		{"numeric text, unknown left out", []string{"Number of Dead >= 3"}, 2},
		{"less than", []string{"Number of Dead < 3"}, 1},
		{"at most", []string{"Number of Dead<=3"}, 2},
		{"more than", []string{"Number of Dead > 3"}, 1},
		{"two conditions", []string{"Cause of death ~ VÉH", "Number of Dead > 5"}, 1},
		{"field named loosely", []string{"cause_of_death = violence"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"inspect", in, "--json"}
			for _, w := range tc.where {
				args = append(args, "--where", w)
			}
			code, stdout, stderr := campmap(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var rep struct {
				Layers []struct {
					Matching   *int           `json:"matching"`
					Categories map[string]int `json:"categories"`
				} `json:"layers"`
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil || len(rep.Layers) != 1 || rep.Layers[0].Matching == nil {
				t.Fatalf("%v %s", err, stdout)
			}
			if got := *rep.Layers[0].Matching; got != tc.want {
				t.Errorf("matching %d, want %d", got, tc.want)
			}
			n := 0
			for _, c := range rep.Layers[0].Categories {
				n += c
			}
			if n != tc.want {
				t.Errorf("categories count %d features (%v), want %d", n, rep.Layers[0].Categories, tc.want)
			}
		})
	}

	dir := t.TempDir()
	all, some := filepath.Join(dir, "all.png"), filepath.Join(dir, "some.png")
	args := []string{"render", in, "--size", "300x200", "--bbox", "1.84,50.94,1.89,50.96"}
	if code, _, stderr := campmap(t, append(args, "-o", all)...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := campmap(t, append(args, "-o", some, "--where", "Cause of death ~ noy")...); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	ba, _ := os.ReadFile(all)
	bs, _ := os.ReadFile(some)
	if bytes.Equal(ba, bs) {
		t.Error("render --where drew the same image as without it")
	}
	gif := filepath.Join(dir, "a.gif")
	if code, _, stderr := campmap(t, "animate", in, "-o", gif, "--size", "120x80", "--where", "Number of Dead > 2"); code != exitOK {
		t.Fatalf("animate --where: exit %d: %s", code, stderr)
	}
}

func TestWhereErrors(t *testing.T) {
	in := writeFile(t, "iom.geojson", iomLike)
	camps := writeFile(t, "camps.geojson", `{"type":"FeatureCollection","name":"camps","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1.85,50.95]},"properties":{"name":"Jungle"}}]}`)
	out := filepath.Join(t.TempDir(), "x.png")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"no layer has the field", []string{"inspect", in, camps, "--where", "Age > 3"}, []string{"--where", `"Age"`, `"iom"`, `"camps"`}},
		{"not a number", []string{"inspect", in, "--where", "Number of Dead > many"}, []string{"-where", `"many" is not a number`}},
		{"no operator", []string{"render", in, "-o", out, "--where", "Cause of death"}, []string{"-where", "no operator"}},
		{"render, no field", []string{"render", in, "-o", out, "--where", "Age = 3"}, []string{"--where", `"Age"`}},
		{"animate, no field", []string{"animate", in, "-o", out + ".gif", "--where", "Age = 3"}, []string{"--where", `"Age"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := campmap(t, tc.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d: %s", code, exitUsage, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr %q lacks %q", stderr, w)
				}
			}
		})
	}
}
