package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// --within counts what a brute-force point-in-polygon count finds, per
// category and in the time window, with a hole, two polygons and points
// exactly on a boundary counted inside.
func TestInspectWithin(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	type pt struct {
		lon, lat float64
		cat      string
		day      int
	}
	var pts []pt
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range 600 {
		p := pt{1.80 + rng.Float64()*0.2, 50.90 + rng.Float64()*0.1, []string{"injury", "death", "blockade"}[rng.IntN(3)], 1 + rng.IntN(28)}
		switch i {
		case 0: // on the outer boundary
			p.lon, p.lat = 1.85, 50.93
		case 1: // on the hole's boundary
			p.lon, p.lat = 1.86, 50.935
		}
		pts = append(pts, p)
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"type":"Feature","properties":{"category":%q,"time":"2015-07-%02dT12:00:00Z"},"geometry":{"type":"Point","coordinates":[%v,%v]}}`, p.cat, p.day, p.lon, p.lat)
	}
	b.WriteString("]}")
	in := writeFile(t, "incidents.geojson", b.String())
	// a square with a square hole, and a second square
	area := writeFile(t, "area.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[1.85,50.92],[1.90,50.92],[1.90,50.97],[1.85,50.97],[1.85,50.92]],[[1.86,50.93],[1.87,50.93],[1.87,50.94],[1.86,50.94],[1.86,50.93]]]}},
{"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[1.95,50.90],[1.99,50.90],[1.99,50.95],[1.95,50.95],[1.95,50.90]]]]}}]}`)
	inside := func(p pt) bool {
		inBox := func(x0, y0, x1, y1 float64) bool { return p.lon >= x0 && p.lon <= x1 && p.lat >= y0 && p.lat <= y1 }
		strictHole := p.lon > 1.86 && p.lon < 1.87 && p.lat > 50.93 && p.lat < 50.94
		return (inBox(1.85, 50.92, 1.90, 50.97) && !strictHole) || inBox(1.95, 50.90, 1.99, 50.95)
	}
	for _, tc := range []struct {
		name string
		args []string
		keep func(pt) bool
	}{
		{"all time", nil, func(pt) bool { return true }},
		{"a week", []string{"--from", "2015-07-08", "--to", "2015-07-14"}, func(p pt) bool { return p.day >= 8 && p.day <= 14 }},
		{"deaths", []string{"--category", "death"}, func(p pt) bool { return p.cat == "death" }},
	} {
		want := map[string]int{}
		total := 0
		for _, p := range pts {
			if inside(p) && tc.keep(p) {
				want[p.cat]++
				total++
			}
		}
		args := append([]string{"inspect", in, "--within", area, "--json"}, tc.args...)
		code, stdout, stderr := campmap(t, args...)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", tc.name, code, stderr)
		}
		var rep struct {
			Layers []struct {
				Within *withinReport `json:"within"`
			} `json:"layers"`
		}
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil || len(rep.Layers) != 1 || rep.Layers[0].Within == nil {
			t.Fatalf("%s: %v %s", tc.name, err, stdout)
		}
		got := rep.Layers[0].Within
		if got.Total != total || fmt.Sprint(got.Categories) != fmt.Sprint(want) {
			t.Errorf("%s: within %d %v, brute force %d %v", tc.name, got.Total, got.Categories, total, want)
		}
	}
	code, stdout, _ := campmap(t, "inspect", in, "--within", area)
	if code != exitOK || !strings.Contains(stdout, "within:") {
		t.Errorf("text output: %s", stdout)
	}
	// an area file without a polygon is a usage error naming it
	pointsOnly := writeFile(t, "points.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1.85,50.95]}}]}`)
	if code, _, stderr := campmap(t, "inspect", in, "--within", pointsOnly); code != exitUsage || !strings.Contains(stderr, "no polygon") {
		t.Errorf("no polygon: exit %d, %s", code, stderr)
	}
}

// Names and categories from a file cannot drive the terminal inspect
// prints to.
func TestInspectPrintsNoControlCharacters(t *testing.T) {
	in := writeFile(t, "x.geojson", `{"type":"FeatureCollection","name":"\u001b[2J\u001b]0;owned\u0007","features":[
{"type":"Feature","properties":{"category":"\u001b[31mdeath"},"geometry":{"type":"Point","coordinates":[1.85,50.95]}}]}`)
	code, stdout, stderr := campmap(t, "inspect", in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(stdout, "\x1b\a") {
		t.Errorf("control characters printed: %q", stdout)
	}
	if !strings.Contains(stdout, "death") {
		t.Errorf("the category is gone: %q", stdout)
	}
}
