package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/draw"
	"image/gif"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"campmap/data"
	"campmap/data/sample"
	"campmap/render"
)

func mustSample(t *testing.T) []*data.Layer {
	t.Helper()
	ls, err := sample.Layers()
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// spanned has instants, a month-only date, a year-only date, a span and
// an undated feature, in two categories.
const spanned = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.85,50.95]},"properties":{"category":"intrusion","time":"2015-07-28T22:00:00Z"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.86,50.95]},"properties":{"category":"intrusion","time":"2015-07-29T08:00:00+02:00"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.87,50.95]},"properties":{"category":"fire","time":"2015-07"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.88,50.95]},"properties":{"category":"fire","time":"2015"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.89,50.95]},"properties":{"category":"fire","start":"2015-07-20","end":"2015-07-30"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1.90,50.95]},"properties":{"category":"intrusion"}}
]}`

func TestAnimateFrames(t *testing.T) {
	in := writeFile(t, "incidents.geojson", spanned)
	cases := []struct {
		name       string
		args       []string
		frames     int
		delay      int
		firstTitle string
	}{
		// ceil((31 Jul 23:59:59.999 − 7 Jul 23:59:59.999) / 1 day) + 1 = 25
		{"week window, daily step", []string{"--from", "2015-07-01", "--to", "2015-07-31", "--step", "1d", "--window", "7d", "--fps", "4"}, 25, 25, "2015-07-01 – 2015-07-07"},
		// one window per day of July: 31
		{"daily", []string{"--from", "2015-07-01", "--to", "2015-07-31", "--step", "day"}, 31, 50, "2015-07-01"},
		// weeks: ceil((31 Jul − 7 Jul) / 7 days) + 1 = 5 (the last one runs into August)
		{"weekly", []string{"--from", "2015-07-01", "--to", "2015-07-31", "--step", "1w", "--fps", "1"}, 5, 100, "2015-07-01 – 2015-07-07"},
		// hours across the night clocks go back, in Paris: the 25-hour day
		// of 25 October 2015 has 25 hourly frames (02:00 twice)
		{"hours across DST", []string{"--from", "2015-10-25T00:00:00+02:00", "--to", "2015-10-25T23:59:59+01:00", "--step", "1h", "--zone", "Europe/Paris"}, 25, 50, "2015-10-25 00:00 CEST"},
		{"cumulative months", []string{"--from", "2015-01", "--to", "2015-12", "--step", "1mo", "--cumulative", "--fps", "10"}, 12, 10, "2015-01-01 – 2015-01-31"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "a.gif")
			args := append([]string{"animate", in, "-o", out, "--size", "240x160"}, tc.args...)
			code, stdout, stderr := campmap(t, args...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if !strings.Contains(stdout, tc.firstTitle[:10]) {
				t.Errorf("stdout %q does not name the first window", stdout)
			}
			g := decodeGIF(t, out)
			if len(g.Image) != tc.frames {
				t.Errorf("%d frames, want %d", len(g.Image), tc.frames)
			}
			for i, d := range g.Delay {
				if d != tc.delay {
					t.Fatalf("frame %d delay %d, want %d", i, d, tc.delay)
				}
			}
			if g.LoopCount != 0 {
				t.Errorf("loop count %d, want 0 (forever)", g.LoopCount)
			}
			// The caption (top left) differs from one frame to the next.
			cap := image.Rect(0, 0, 200, 30)
			pics := composite(g)
			for i := 1; i < len(pics); i++ {
				if sameRegion(pics[i-1], pics[i], cap) {
					t.Errorf("frames %d and %d have the same caption", i-1, i)
					break
				}
			}
		})
	}
}

func decodeGIF(t *testing.T, path string) *gif.GIF {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func sameRegion(a, b *image.RGBA, r image.Rectangle) bool {
	r = r.Intersect(a.Rect).Intersect(b.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ra, ga, ba, _ := a.At(x, y).RGBA()
			rb, gb, bb, _ := b.At(x, y).RGBA()
			if ra != rb || ga != gb || ba != bb {
				return false
			}
		}
	}
	return true
}

func TestAnimateErrors(t *testing.T) {
	in := writeFile(t, "incidents.geojson", spanned)
	dir := t.TempDir()
	out := filepath.Join(dir, "a.gif")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no output", []string{"animate", in}, exitUsage, "-o OUT.gif"},
		{"not a gif", []string{"animate", in, "-o", filepath.Join(dir, "a.png")}, exitUsage, ".gif"},
		{"bad step", []string{"animate", in, "-o", out, "--step", "3x"}, exitUsage, "--step"},
		{"bad window", []string{"animate", in, "-o", out, "--window", "0d"}, exitUsage, "--window"},
		{"bad fps", []string{"animate", in, "-o", out, "--fps", "0"}, exitUsage, "--fps"},
		{"bad zone", []string{"animate", in, "-o", out, "--zone", "Mars/Base"}, exitUsage, "--zone"},
		{"reversed", []string{"animate", in, "-o", out, "--from", "2015-08-01", "--to", "2015-07-01"}, exitUsage, "before"},
		{"too many frames", []string{"animate", in, "-o", out, "--from", "2000-01-01", "--to", "2015-07-01", "--step", "1h"}, exitUsage, "too many frames"},
		{"unknown category", []string{"animate", in, "-o", out, "--category", "nope"}, exitUsage, "nope"},
		{"missing file", []string{"animate", filepath.Join(dir, "none.geojson"), "-o", out}, exitFail, "none.geojson"},
		{"unwritable", []string{"animate", in, "-o", filepath.Join(dir, "no", "such", "a.gif"), "--size", "64x64"}, exitFail, "a.gif"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := campmap(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed run left %s", out)
	}
}

// TestAnimateCategory keeps one category: the map differs from the frame
// with both categories.
func TestAnimateCategory(t *testing.T) {
	in := writeFile(t, "incidents.geojson", spanned)
	dir := t.TempDir()
	all, fire := filepath.Join(dir, "all.gif"), filepath.Join(dir, "fire.gif")
	base := []string{in, "--size", "320x200", "--from", "2015-07-28", "--to", "2015-07-29", "--bbox", "1.8,50.9,1.95,51.0"}
	if code, _, stderr := campmap(t, append([]string{"animate", "-o", all}, base...)...); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := campmap(t, append([]string{"animate", "-o", fire, "--category", "fire"}, base...)...); code != exitOK {
		t.Fatal(stderr)
	}
	ga, gf := decodeGIF(t, all), decodeGIF(t, fire)
	if len(ga.Image) != 2 || len(gf.Image) != 2 {
		t.Fatalf("frames %d and %d, want 2", len(ga.Image), len(gf.Image))
	}
	if sameRegion(composite(ga)[0], composite(gf)[0], ga.Image[0].Rect) {
		t.Error("hiding the intrusions did not change the frame")
	}
	// Layers without the category (the sample's camps, ports, routes) stay.
	sample := filepath.Join(dir, "sample.gif")
	code, _, stderr := campmap(t, "animate", "--sample", "-o", sample, "--size", "320x200", "--from", "2015-07-28", "--to", "2015-07-28", "--category", "injury")
	if code != exitOK {
		t.Fatal(stderr)
	}
	sc := render.NewScene(nil, mustSample(t))
	if err := hideOtherCategories(sc, []string{"injury"}); err != nil {
		t.Fatal(err)
	}
	for _, lv := range sc.Layers {
		hides := lv.Hidden.Len() > 0
		if hides != (lv.Layer.Kind == data.KindIncident) {
			t.Errorf("layer %s (%s) hides categories: %t", lv.Layer.Name, lv.Layer.Kind, hides)
		}
	}
}

func TestInspectCategories(t *testing.T) {
	in := writeFile(t, "incidents.geojson", spanned)
	type rep struct {
		Layers []struct {
			InWindow   *int           `json:"in_window"`
			Categories map[string]int `json:"categories"`
		} `json:"layers"`
	}
	cases := []struct {
		name     string
		args     []string
		inWindow int
		cats     map[string]int
	}{
		// 28 July 2015 in UTC: the instant at 22:00Z, the month, the year and
		// the span overlap it; the undated intrusion is always shown.
		{"overlap", []string{"--from", "2015-07-28", "--to", "2015-07-28"}, 4, map[string]int{"fire": 3, "intrusion": 2}},
		// inside: only the instant lies within the day
		{"inside", []string{"--from", "2015-07-28", "--to", "2015-07-28", "--inside"}, 1, map[string]int{"fire": 0, "intrusion": 2}},
		// a Z time and an offset: 29 July 06:00Z is 08:00 in Paris
		{"Z input", []string{"--from", "2015-07-29T06:00:00Z", "--to", "2015-07-29T06:00:00Z"}, 4, map[string]int{"fire": 3, "intrusion": 2}},
		// month-only and year-only windows
		{"month window", []string{"--from", "2015-07", "--to", "2015-07", "--inside"}, 4, map[string]int{"fire": 2, "intrusion": 3}},
		{"year window", []string{"--from", "2015", "--to", "2015", "--inside"}, 5, map[string]int{"fire": 3, "intrusion": 3}},
		{"one category", []string{"--from", "2015-07", "--to", "2015-07", "--category", "fire"}, 3, map[string]int{"fire": 3}},
		{"no window", nil, 0, map[string]int{"fire": 3, "intrusion": 3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := campmap(t, append([]string{"inspect", in, "--json"}, tc.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var r rep
			if err := json.Unmarshal([]byte(stdout), &r); err != nil {
				t.Fatal(err)
			}
			l := r.Layers[0]
			if tc.args != nil && (l.InWindow == nil || *l.InWindow != tc.inWindow) {
				t.Errorf("in_window = %v, want %d", deref(l.InWindow), tc.inWindow)
			}
			if len(l.Categories) != len(tc.cats) {
				t.Errorf("categories = %v, want %v", l.Categories, tc.cats)
			}
			for k, v := range tc.cats {
				if l.Categories[k] != v {
					t.Errorf("categories = %v, want %v", l.Categories, tc.cats)
					break
				}
			}
		})
	}
}

// composite plays the animation as a viewer does: each frame drawn over the
// previous ones (DisposalNone), returning every full picture.
func composite(g *gif.GIF) []*image.RGBA {
	canvas := image.NewRGBA(image.Rect(0, 0, g.Config.Width, g.Config.Height))
	var out []*image.RGBA
	for _, f := range g.Image {
		draw.Draw(canvas, f.Bounds(), f, f.Bounds().Min, draw.Src)
		c := image.NewRGBA(canvas.Rect)
		copy(c.Pix, canvas.Pix)
		out = append(out, c)
	}
	return out
}
