package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"campmap/data"
)

func TestConvert(t *testing.T) {
	src := writeFile(t, "incidents.geojson", twoIncidents)
	dir := t.TempDir()
	for _, name := range []string{"all.gpkg", "all.geojson"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, name)
			code, stdout, stderr := campmap(t, "convert", src, "-o", out)
			if code != exitOK || !strings.Contains(stdout, "3 of 3 features") {
				t.Fatalf("exit %d: %s %s", code, stdout, stderr)
			}
			l, err := data.LoadFile(context.Background(), out, data.LoadOptions{})
			if err != nil || l.Len() != 3 {
				t.Fatalf("%v %v", l, err)
			}
		})
	}
	t.Run("time window", func(t *testing.T) {
		out := filepath.Join(dir, "july.gpkg")
		// the 2 August incident goes; the undated one stays
		code, stdout, stderr := campmap(t, "convert", src, "-o", out, "--from", "2015-07-01", "--to", "2015-07-31")
		if code != exitOK || !strings.Contains(stdout, "2 of 3 features") {
			t.Fatalf("exit %d: %s %s", code, stdout, stderr)
		}
	})
	t.Run("several layers", func(t *testing.T) {
		gp := filepath.Join(dir, "all.gpkg")
		code, _, stderr := campmap(t, "convert", src, gp, "-o", filepath.Join(dir, "x.geojson"))
		if code != exitUsage || !strings.Contains(stderr, "choose one with --layer") {
			t.Errorf("exit %d: %s", code, stderr)
		}
		code, _, stderr = campmap(t, "convert", src, gp, "--layer", "nope", "-o", filepath.Join(dir, "x.geojson"))
		if code != exitUsage || !strings.Contains(stderr, `--layer "nope"`) {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{"convert", src}, {"convert", src, "-o", "x.png"}, {"convert", "-o", "x.gpkg"}} {
			if code, _, _ := campmap(t, args...); code != exitUsage {
				t.Errorf("%v: exit %d", args, code)
			}
		}
	})
}
