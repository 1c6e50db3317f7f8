package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"campmap/data"
	"campmap/data/csv"
)

// naiveCSV is a table whose one time has no offset: read in UTC (the
// default source zone) it is 22:00 UTC.
const naiveCSV = "name,time,lat,lon\nJungle,2015-07-28 22:00,50.966,1.905\n"

// TestCSVPreviewRacesZoneChange changes the display zone while the CSV
// dialog's preview is read on a worker. Run under -race it fails if the
// worker reads the window's zone; in any run, the preview must read the
// times in the source zone, UTC, as loading does, not the display zone.
func TestCSVPreviewRacesZoneChange(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	path := filepath.Join(t.TempDir(), "sites.csv")
	if err := os.WriteFile(path, []byte(naiveCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	b := []byte(naiveCSV)
	s, err := csv.Detect(b, path, data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h.mw.setDisplayZone(zone(t, "Europe/Paris"))
	ci := &csvImport{mw: h.mw, path: path, src: b, head: b, schema: s}
	ci.show()                                  // the preview starts on a worker
	h.mw.setDisplayZone(zone(t, "Asia/Tokyo")) // while it runs
	ci.refresh()
	h.mw.setDisplayZone(zone(t, "America/New_York"))
	h.settle()
	want := time.Date(2015, 7, 28, 22, 0, 0, 0, time.UTC).UnixMilli()
	if ci.shown == nil || ci.shown.TimeExtent().Start != want {
		t.Fatalf("the preview read the time as %v, want 22:00 UTC (summary %q)", ci.shown, ci.summary.Text)
	}
	if !strings.Contains(ci.summary.Text, "22:00 UTC") {
		t.Errorf("summary %q does not give the time as read, 22:00 UTC", ci.summary.Text)
	}
	ci.load()
	h.settle()
	if n := len(h.mw.layers); n != 1 || h.mw.layers[0].layer.TimeExtent().Start != want {
		t.Fatalf("loading gave %d layers, not read as the preview was", n)
	}
}

// TestFileChangedReloadsApplyInOrder changes a layer file twice in quick
// succession, the first read being slow: the second read is what the
// layer ends with, and the first read's context is cancelled.
func TestFileChangedReloadsApplyInOrder(t *testing.T) {
	_, _, csv := projectFiles(t)
	var mu sync.Mutex
	calls := 0
	var firstCtx context.Context
	reading, release, secondDone := make(chan struct{}), make(chan struct{}), make(chan struct{}, 1)
	hook := func(ctx context.Context, path string, o data.LoadOptions) (*data.Layer, error) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		ls, err := data.LoadFileLayers(ctx, path, o)
		switch n {
		case 2: // the first reload: read, then slow to finish
			firstCtx = ctx
			close(reading)
			<-release
		case 3:
			secondDone <- struct{}{}
		}
		if len(ls) == 0 {
			return nil, err
		}
		return ls[0], err
	}
	h := newHarness(t, Options{}, hook)
	h.mw.ld.open([]string{csv}, true)
	h.settle()
	write := func(extra string) {
		if err := os.WriteFile(csv, []byte(csvTable+extra), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("FRA4,2015-07-27,1,Riots,50.97,1.87,3\n") // 3 features
	h.mw.proj.fileChanged(csv)
	<-reading
	write("FRA4,2015-07-27,1,Riots,50.97,1.87,3\nFRA5,2015-07-28,1,Riots,50.98,1.88,2\n") // 4 features
	h.mw.proj.fileChanged(csv)
	select { // a second read running beside the first would be done by now
	case <-secondDone:
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	h.settle()
	if n := h.mw.layers[0].layer.Len(); n != 4 {
		t.Errorf("after two reloads the layer has %d features, want 4 (the newest read)", n)
	}
	if firstCtx == nil || !errors.Is(firstCtx.Err(), context.Canceled) {
		t.Error("the superseded reload's context was not cancelled")
	}
}

// TestCategoryKeyNewestWins changes a layer's category key twice before
// the first change is applied: the layer ends grouped by the second key.
func TestCategoryKeyNewestWins(t *testing.T) {
	h := fixture(t)
	id := h.mw.layers[1].id
	h.mw.setCategoryKey(id, "people")
	h.mw.setCategoryKey(id, "name")
	h.settle()
	if e, _ := h.mw.entry(id); e.layer.CategoryKey() != "name" {
		t.Errorf("category key %q, want name, the last chosen", e.layer.CategoryKey())
	}
	h.mw.setCategoryKey(id, "people")
	h.mw.setCategoryKey(id, "name") // back to the key shown before the first lands
	h.settle()
	if e, _ := h.mw.entry(id); e.layer.CategoryKey() != "name" {
		t.Errorf("category key %q, want name: the change undone must not land", e.layer.CategoryKey())
	}
}

// TestIdentifyPanicIsReported makes identify panic: the user is told of an
// internal error while identifying, not shown "nothing here", and the
// panic is logged once.
func TestIdentifyPanicIsReported(t *testing.T) {
	logs := countLogs(t)
	h := fixture(t)
	h.mw.mv.taps.do = func(context.Context, tapRequest) tapResult { panic("boom") }
	h.mw.info.title.SetText("")
	h.mw.mv.identifyAt(10, 10)
	h.settle()
	if !strings.HasPrefix(h.seen.dialog, "Internal error") || !strings.Contains(h.seen.dialog, "identifying the feature") {
		t.Errorf("dialog %q, want an internal error while identifying", h.seen.dialog)
	}
	if got := h.mw.info.title.Text; got == "Nothing here" {
		t.Error("a panic in identify was shown as nothing found")
	}
	if *logs != 1 {
		t.Errorf("logged %d times, want once", *logs)
	}
}

// TestFramePanicReportedOnce makes every frame panic: the first is shown in
// a dialog, later ones only in the status bar; each is logged once.
func TestFramePanicReportedOnce(t *testing.T) {
	logs := countLogs(t)
	h := fixture(t)
	h.mw.mv.loop.draw = func(frameRequest) frameResult { panic("bad frame") }
	h.mw.mv.PanBy(5, 0)
	h.settle()
	if !strings.HasPrefix(h.seen.dialog, "Internal error") || !strings.Contains(h.seen.dialog, "drawing the map") {
		t.Fatalf("dialog %q, want an internal error while drawing the map", h.seen.dialog)
	}
	h.seen.dialog = ""
	h.mw.mv.PanBy(5, 0)
	h.settle()
	if h.seen.dialog != "" {
		t.Errorf("a second failing frame showed another dialog: %q", h.seen.dialog)
	}
	if got := h.mw.status.msg.Text; !strings.Contains(got, "drawing the map") || strings.Contains(got, "ui:") {
		t.Errorf("status %q", got)
	}
	if *logs != 2 {
		t.Errorf("two panics logged %d times, want 2", *logs)
	}
}
