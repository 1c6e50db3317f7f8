package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"campmap/export"
)

// TestRenderManifestReproduces renders pages in each format with a
// sidecar manifest, renders them again from the manifest alone and
// compares the bytes; then changes an input and checks that the manifest
// run names it and writes nothing.
func TestRenderManifestReproduces(t *testing.T) {
	dir := t.TempDir()
	inc := writeFile(t, "incidents.geojson", twoIncidents)
	for _, format := range []string{"png", "pdf", "svg", "plain png", "safe png"} {
		t.Run(format, func(t *testing.T) {
			ext := format[strings.LastIndex(format, " ")+1:]
			a := filepath.Join(dir, "a."+ext)
			m := filepath.Join(dir, strings.ReplaceAll(format, " ", "-")+".json")
			args := []string{"render", "--sample", inc, "-o", a, "--page", "a4-landscape", "--dpi", "100", "--title", "Calais",
				"--label", "Restricted", "--from", "2015-07-01", "--to", "2015-08-31", "--zone", "Europe/Paris", "--manifest-out", m}
			if format == "safe png" {
				args = append(args, "--safe", "--hex", "--cell", "1km", "--min-count", "2")
			}
			if format == "plain png" {
				args = []string{"render", "--sample", inc, "-o", a, "--size", "500x300", "--from", "2015-07-01", "--to", "2015-08-31", "--zone", "Europe/Paris", "--manifest-out", m}
			}
			if code, _, stderr := campmap(t, args...); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			b := filepath.Join(dir, "b."+ext)
			if code, _, stderr := campmap(t, "render", "--manifest", m, "-o", b); code != exitOK {
				t.Fatalf("from the manifest: exit %d: %s", code, stderr)
			}
			ba, _ := os.ReadFile(a)
			bb, _ := os.ReadFile(b)
			if !bytes.Equal(ba, bb) {
				t.Errorf("the manifest made different bytes (%d vs %d)", len(ba), len(bb))
			}
			mb, _ := os.ReadFile(m)
			man, err := export.ReadManifest(mb)
			if err != nil {
				t.Fatal(err)
			}
			if man.Window == nil || man.Zone != "Europe/Paris" || len(man.Inputs) != 6 {
				t.Errorf("manifest %s", mb)
			}
			if format != "plain png" && (man.Page == nil || man.Page.Title != "Calais") {
				t.Errorf("manifest page %+v", man.Page)
			}
			if ext == "png" {
				emb, ok := export.ReadPNGManifest(ba)
				switch {
				case !ok:
					t.Error("no manifest chunk")
				case format == "safe png":
					// the sidecar is the private manifest; the chunk the
					// public one
					pub, err := export.ReadManifest(emb)
					if err != nil || !pub.Public || bytes.Contains(emb, []byte(dir)) || man.Safe == nil || man.Safe.Seed == 0 {
						t.Errorf("safe manifests: public %s, private %s (%v)", emb, mb, err)
					}
					if fi, err := os.Stat(m); err != nil || fi.Mode().Perm() != 0o600 {
						t.Errorf("the private manifest's mode: %v %v", fi.Mode(), err)
					}
				case !bytes.Equal(append(emb, '\n'), mb):
					t.Error("the PNG's manifest chunk differs from the sidecar")
				}
			}
		})
	}
	// A changed input.
	if err := os.WriteFile(inc, []byte(strings.Replace(twoIncidents, "1.85", "1.86", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c := filepath.Join(dir, "c.png")
	code, _, stderr := campmap(t, "render", "--manifest", filepath.Join(dir, "png.json"), "-o", c)
	if code != exitFail || !strings.Contains(stderr, "incidents.geojson") || !strings.Contains(stderr, "changed") {
		t.Errorf("changed input: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(c); !os.IsNotExist(err) {
		t.Error("a manifest run with a changed input wrote its output")
	}
}

// TestRenderSafePrivateManifest: a safe page without --manifest-out gets
// its private manifest beside it (0600), which remakes the same bytes,
// while its public manifest cannot; stdout names the exact layers.
func TestRenderSafePrivateManifest(t *testing.T) {
	dir := t.TempDir()
	inc := writeFile(t, "incidents.geojson", twoIncidents)
	a := filepath.Join(dir, "a.pdf")
	code, stdout, stderr := campmap(t, "render", "--sample", inc, "-o", a, "--label", "Public", "--safe", "--date", "2026-01-01")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	priv := a + export.PrivateSuffix
	if fi, err := os.Stat(priv); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("private manifest: %v", err)
	}
	if !strings.Contains(stdout, priv) || !strings.Contains(stdout, "exact positions: Camps, Routes, Terminals, Ports") {
		t.Errorf("stdout %q", stdout)
	}
	b := filepath.Join(dir, "b.pdf")
	if code, _, stderr := campmap(t, "render", "--manifest", priv, "-o", b); code != exitOK {
		t.Fatalf("from the private manifest: exit %d: %s", code, stderr)
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ba, bb) {
		t.Error("the private manifest made different bytes")
	}
	if bytes.Contains(ba, []byte(dir)) {
		t.Error("the safe PDF holds the input's folder")
	}
	// the public manifest, from the embedded file
	pm := filepath.Join(dir, "public.json")
	i := bytes.Index(ba, []byte(`{`+"\n"+`  "app": "campmap"`))
	j := bytes.Index(ba[max(i, 0):], []byte("\n}"))
	if i < 0 || j < 0 {
		t.Fatal("no manifest in the PDF")
	}
	os.WriteFile(pm, ba[i:i+j+2], 0o644)
	code, _, stderr = campmap(t, "render", "--manifest", pm, "-o", filepath.Join(dir, "c.pdf"))
	if code != exitFail || !strings.Contains(stderr, "public manifest") || !strings.Contains(stderr, export.PrivateSuffix) {
		t.Errorf("from the public manifest: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := campmap(t, "render", "--sample", "-o", a, "--safe", "--noise", "-1"); code != exitUsage || !strings.Contains(stderr, "--noise") {
		t.Errorf("--noise -1: exit %d %q", code, stderr)
	}
}

func TestRenderPublicNeedsSafeOrForce(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "p.pdf")
	code, _, stderr := campmap(t, "render", "--sample", "-o", out, "--label", "Public")
	if code != exitUsage || !strings.Contains(stderr, "--safe") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := campmap(t, "render", "--sample", "-o", out, "--label", "Public", "--force"); code != exitOK {
		t.Errorf("--force: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := campmap(t, "render", "--sample", "-o", out, "--label", "Public", "--safe", "--cell", "1km", "--min-count", "3")
	if code != exitOK || !strings.Contains(stdout, "publication-safe") {
		t.Errorf("--safe: exit %d: %s %s", code, stdout, stderr)
	}
}

func TestRenderPlainPNGHasManifest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.png")
	if code, _, stderr := campmap(t, "render", "--sample", "-o", out, "--size", "300x200"); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	m, ok := export.ReadPNGManifest(b)
	if !ok {
		t.Fatal("no manifest chunk")
	}
	man, err := export.ReadManifest(m)
	if err != nil || man.Viewport == nil || man.Viewport.W != 300 || man.Page != nil {
		t.Errorf("manifest %s: %v", m, err)
	}
	if img := decodePNG(t, out); img.Bounds().Dx() != 300 {
		t.Errorf("size %v", img.Bounds())
	}
}

// A file mixing camps with one incident is a layer of kind camp, yet the
// page still shows an exact incident: Public needs --safe or --force too.
func TestRenderPublicMixedLayerNeedsSafeOrForce(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, "mixed.geojson", `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"A","kind":"camp"},"geometry":{"type":"Point","coordinates":[1.85,50.95]}},
{"type":"Feature","properties":{"name":"B","kind":"camp"},"geometry":{"type":"Point","coordinates":[1.86,50.96]}},
{"type":"Feature","properties":{"name":"C","kind":"camp"},"geometry":{"type":"Point","coordinates":[1.87,50.94]}},
{"type":"Feature","properties":{"name":"D","kind":"incident"},"geometry":{"type":"Point","coordinates":[1.84,50.93]}}]}`)
	out := filepath.Join(dir, "p.pdf")
	code, _, stderr := campmap(t, "render", in, "-o", out, "--label", "Public")
	if code != exitUsage || !strings.Contains(stderr, "--safe") {
		t.Errorf("mixed layer on a Public page: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a refused Public page was written")
	}
	if code, _, stderr := campmap(t, "render", in, "-o", out, "--label", "Public", "--force"); code != exitOK {
		t.Errorf("--force: exit %d: %s", code, stderr)
	}
}
