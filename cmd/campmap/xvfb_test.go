//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/project"
	"campmap/data/sample"
	"campmap/geo"
	"campmap/internal/tiletest"
	"campmap/render"
)

// TestWindowUnderXvfb opens the real window (GLFW, OpenGL through Mesa) on a
// virtual X server and checks from a screenshot that the map is on screen:
// the two colours that dominate a headless render of the sample (sea and
// land) must each cover a good part of the screen. make test sets
// CAMPMAP_REQUIRE_XVFB=1 so that a missing Xvfb fails instead of skipping.
func TestWindowUnderXvfb(t *testing.T) {
	showsOnScreen(t, dominantColours(t, 2))
}

// TestWindowUnderXvfbVectorBasemap opens the real window on a project
// whose basemap is a vector PMTiles file (the test town, Protomaps
// schema) at zoom 15, and checks from a screenshot that the two colours
// dominating a headless frame of that basemap (land use and buildings)
// are on screen.
func TestWindowUnderXvfbVectorBasemap(t *testing.T) {
	dir := t.TempDir()
	pm := filepath.Join(dir, "town.pmtiles")
	if err := tiletest.Vector(pm, tiletest.Protomaps, 11, 14); err != nil {
		t.Fatal(err)
	}
	view := project.Viewport{Lon: 1.8585, Lat: 50.955, Zoom: 15}
	proj := filepath.Join(dir, "town.campmap")
	if err := project.Save(proj, &project.Project{Version: 1, Viewport: &view, Basemap: project.Basemap{Path: pm}}); err != nil {
		t.Fatal(err)
	}
	bm, tl, err := render.LoadBasemap(pm, render.TileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer tl.Close()
	sc := &render.Scene{Basemap: bm, Tiles: tl, Window: data.Undated}
	showsOnScreen(t, topColours(render.Render(sc, geo.New(orb.Point{view.Lon, view.Lat}, view.Zoom, 800, 500)), 2), proj)
}

// showsOnScreen starts campmap with args in a real window on a virtual X
// server and waits until the colours want each cover a good part of the
// screen.
func showsOnScreen(t *testing.T, want []color.RGBA, args ...string) {
	t.Helper()
	for _, tool := range []string{"Xvfb", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CAMPMAP_REQUIRE_XVFB") == "1" {
				t.Fatalf("%s not found: make test installs xvfb and imagemagick", tool)
			}
			t.Skipf("%s not installed (make test installs it and runs this test)", tool)
		}
	}
	disp := freeDisplay(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	xvfb := exec.CommandContext(ctx, "Xvfb", disp, "-screen", "0", "1600x1000x24", "-nolisten", "tcp")
	if err := xvfb.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		// SIGTERM lets Xvfb remove its lock and socket (a kill leaves
		// them, and the display numbers run out)
		xvfb.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { xvfb.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			xvfb.Process.Kill()
			<-done
		}
	}()

	app := exec.CommandContext(ctx, os.Args[0], args...)
	// A home of its own: no autosave or preference left by an earlier run on
	// this machine (a "recover unsaved work?" dialog) changes what it shows.
	home := t.TempDir()
	app.Env = append(withoutDisplay(os.Environ()), "CAMPMAP_RUN_MAIN=1", "DISPLAY="+disp, "LANG=C.UTF-8",
		"HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"))
	var appOut bytes.Buffer
	app.Stdout, app.Stderr = &appOut, &appOut
	time.Sleep(500 * time.Millisecond) // let Xvfb open its socket
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- app.Wait() }()
	defer func() {
		app.Process.Kill()
		<-exited
	}()

	var last image.Image
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("campmap exited early: %v\n%s", err, appOut.String())
		case <-time.After(time.Second):
		}
		shot, err := exec.CommandContext(ctx, "import", "-display", disp, "-window", "root", "png:-").Output()
		if err != nil {
			continue
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			continue
		}
		last = img
		fracs := coverage(img, want)
		if fracs[0] > 0.05 && fracs[1] > 0.05 {
			t.Logf("map on screen: dominant map colours %v cover %.0f%% and %.0f%%", want, 100*fracs[0], 100*fracs[1])
			return
		}
	}
	if last != nil {
		saveFailed(t, "xvfb-window.png", last)
	}
	t.Fatalf("the window never showed the map (colours %v)\napp output:\n%s", want, appOut.String())
}

// dominantColours renders the sample headlessly and returns its n most
// common colours.
func dominantColours(t *testing.T, n int) []color.RGBA {
	t.Helper()
	bm, err := basemap.Default()
	if err != nil {
		t.Fatal(err)
	}
	layers, err := sample.Layers()
	if err != nil {
		t.Fatal(err)
	}
	return topColours(render.Render(render.NewScene(bm, layers), geo.Fit(sample.Bounds(), 800, 500, 0, geo.MaxZoom)), n)
}

// topColours returns the n most common colours of img.
func topColours(img *image.RGBA, n int) []color.RGBA {
	counts := map[color.RGBA]int{}
	for i := 0; i+3 < len(img.Pix); i += 4 {
		counts[color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3]}]++
	}
	type kv struct {
		c color.RGBA
		n int
	}
	var all []kv
	for c, k := range counts {
		all = append(all, kv{c, k})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].n > all[j].n })
	var out []color.RGBA
	for i := 0; i < n && i < len(all); i++ {
		out = append(out, all[i].c)
	}
	return out
}

// coverage returns the share of img's pixels within a small distance of each colour.
func coverage(img image.Image, cs []color.RGBA) []float64 {
	b := img.Bounds()
	hits := make([]int, len(cs))
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			for i, c := range cs {
				if near(uint8(r>>8), c.R) && near(uint8(g>>8), c.G) && near(uint8(bl>>8), c.B) {
					hits[i]++
				}
			}
		}
	}
	total := float64((b.Dx() / 2) * (b.Dy() / 2))
	out := make([]float64, len(cs))
	for i, h := range hits {
		out[i] = float64(h) / total
	}
	return out
}

func near(a, b uint8) bool { return a-b < 6 || b-a < 6 }

func freeDisplay(t *testing.T) string {
	for n := 140; n < 200; n++ {
		lock, sock := fmt.Sprintf("/tmp/.X%d-lock", n), fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		if staleLock(lock) {
			// a server that died without cleaning up: its number is free
			os.Remove(lock)
			os.Remove(sock)
		}
		if _, err := os.Stat(sock); os.IsNotExist(err) {
			if _, err := os.Stat(lock); os.IsNotExist(err) {
				return fmt.Sprintf(":%d", n)
			}
		}
	}
	t.Fatal("no free X display number")
	return ""
}

// staleLock reports whether an X lock file names a process that is gone.
func staleLock(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return false
	}
	return syscall.Kill(pid, 0) == syscall.ESRCH
}

func saveFailed(t *testing.T, name string, img image.Image) {
	dir := filepath.Join("testdata", "failed")
	os.MkdirAll(dir, 0o755)
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		return
	}
	defer f.Close()
	png.Encode(f, img)
	t.Logf("last screenshot written to %s", p)
}
