package ui

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/geo"
)

// A bookmark keeps the view, the time window and the layers shown; going
// to it restores them, and it survives saving and opening the project.
func TestBookmarksRestoreAndSurviveTheProject(t *testing.T) {
	dir, geojson, csv := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{geojson, csv}, true)
	h.settle()
	acled := h.mw.layers[1]
	h.mw.setVisible(acled.id, false)
	mv := h.mw.mv
	mv.SetViewport(geo.New(orb.Point{1.87, 50.96}, 13, mv.vp.W, mv.vp.H))
	w := h.mw.extent
	w.End = w.Start + (w.End-w.Start)/2
	h.mw.setWindow(w)
	h.settle()

	h.mw.showAddBookmark()
	test.Type(h.seen.bookmark, "Port approach")
	h.mw.addBookmarkNamed(h.seen.bookmark.Text)
	if len(h.mw.bookmarks) != 1 || len(h.mw.bookmarkItem.ChildMenu.Items) != 3 {
		t.Fatalf("%d bookmarks, %d menu items", len(h.mw.bookmarks), len(h.mw.bookmarkItem.ChildMenu.Items))
	}
	// elsewhere, everything shown, the whole extent
	mv.SetViewport(geo.New(orb.Point{0, 45}, 5, mv.vp.W, mv.vp.H))
	h.mw.setVisible(acled.id, true)
	h.mw.setWindow(h.mw.extent)
	h.settle()
	h.mw.bookmarkItem.ChildMenu.Items[2].Action()
	h.settle()
	check := func(h *harness, what string) {
		t.Helper()
		vp := h.mw.mv.Viewport()
		if math.Abs(vp.Center[0]-1.87) > 1e-6 || math.Abs(vp.Zoom-13) > 1e-6 {
			t.Errorf("%s: view %v z%v", what, vp.Center, vp.Zoom)
		}
		if h.mw.window != w {
			t.Errorf("%s: window %v, want %v", what, h.mw.window, w)
		}
		for _, e := range h.mw.layers {
			if want := e.layer.Name != "acled"; e.style.Visible != want {
				t.Errorf("%s: %s visible %v", what, e.layer.Name, e.style.Visible)
			}
		}
	}
	check(h, "going to the bookmark")

	path := filepath.Join(dir, "map.campmap")
	if !h.mw.proj.saveTo(path) {
		t.Fatal("not saved")
	}
	h2 := newHarness(t, Options{}, nil)
	h2.mw.proj.open(path)
	h2.settle()
	if len(h2.mw.bookmarks) != 1 || h2.mw.bookmarks[0].name != "Port approach" {
		t.Fatalf("bookmarks after opening: %+v", h2.mw.bookmarks)
	}
	for _, e := range h2.mw.layers {
		h2.mw.setVisible(e.id, true)
	}
	h2.mw.goToBookmark("Port approach")
	h2.settle()
	check(h2, "the bookmark of the opened project")
}

// A project keeps the playback settings and the window's size (which
// alone is no unsaved change).
func TestProjectKeepsPlaybackAndSize(t *testing.T) {
	dir, geojson, _ := projectFiles(t)
	h := newHarness(t, Options{}, nil)
	h.mw.ld.open([]string{geojson}, true)
	h.settle()
	tl := h.mw.tl
	tl.step.SetSelected("week")
	tl.length.SetSelected("7 days")
	tl.speed.SetSelected("8/s")
	tl.loop.SetSelected("loop in range")
	tl.cumulative.SetChecked(true)
	h.mw.win.Resize(fyne.NewSize(1100, 700))
	path := filepath.Join(dir, "p.campmap")
	if !h.mw.proj.saveTo(path) {
		t.Fatal("not saved")
	}
	if strings.Contains(h.mw.proj.state(), "window_size") {
		t.Error("the window's size counts as an unsaved change")
	}
	tl.loop.SetSelected("once")
	if !h.mw.proj.dirty() {
		t.Error("a playback change is not an unsaved change")
	}
	h2 := newHarness(t, Options{}, nil)
	h2.mw.proj.open(path)
	h2.settle()
	t2 := h2.mw.tl
	if t2.stepName != "week" || t2.lengthName != "7 days" || t2.speedName != "8/s" || !t2.loopOn || !t2.cumulativeOn || t2.loop.Selected != "loop in range" ||
		!t2.withinOn || !t2.cumulative.Checked || t2.step.Selected != "week" || t2.speed.Selected != "8/s" || t2.length.Selected != "7 days" {
		t.Errorf("playback after opening: %q %q %q loop %v cumulative %v within %v", t2.stepName, t2.lengthName, t2.speedName, t2.loopOn, t2.cumulativeOn, t2.withinOn)
	}
	if sz := h2.mw.win.Canvas().Size(); math.Abs(float64(sz.Width-1100)) > 1 || math.Abs(float64(sz.Height-700)) > 1 {
		t.Errorf("window size %v, want 1100x700", sz)
	}
}
