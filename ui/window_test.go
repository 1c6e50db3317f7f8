package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/export"
	"campmap/geo"
	"campmap/render"
)

// day0 is the first day of the fixture's incidents.
var day0 = time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC)

// incidentsLayer has one incident a day for n days, each at its own place
// along a line east of Calais, with a name, an id and a category.
func incidentsLayer(t testing.TB, n int) *data.Layer {
	t.Helper()
	b := data.NewBuilder("incidents", n)
	b.Layer().Kind = data.KindIncident
	for i := range n {
		err := b.Add(data.Feature{
			Geometry: orb.Point{1.80 + 0.02*float64(i), 50.93},
			ID:       data.Text(fmt.Sprintf("inc-%d", i)),
			Span:     data.Instant(day0.Add(time.Duration(i)*24*time.Hour + 22*time.Hour)),
			Props: []data.Property{
				{Key: "name", Value: data.Text(fmt.Sprintf("Intrusion attempt %d", i))},
				{Key: "people", Value: data.Number(float64(10 * (i + 1)))},
				{Key: "category", Value: data.Text([]string{"injury", "tunnel intrusion attempt"}[i%2])},
			},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

// campsLayer has two undated camps.
func campsLayer(t testing.TB) *data.Layer {
	t.Helper()
	b := data.NewBuilder("camps", 2)
	b.Layer().Kind = data.KindCamp
	for i, c := range []struct {
		name string
		p    orb.Point
	}{{"Jungle", orb.Point{1.905, 50.966}}, {"Jules Ferry", orb.Point{1.900, 50.962}}} {
		if err := b.Add(data.Feature{Geometry: c.p, ID: data.Number(float64(i + 1)), Span: data.Undated,
			Props: []data.Property{{Key: "name", Value: data.Text(c.name)}}}); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

// fixture opens a window on the camps and ten days of incidents.
func fixture(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{campsLayer(t), incidentsLayer(t, 10)})
	h.mw.fitAll()
	h.settle()
	return h
}

func TestWindowLayout(t *testing.T) {
	h := fixture(t)
	vp := h.mw.mv.Viewport()
	if vp.W < 300 || vp.H < 200 {
		t.Fatalf("map is %d×%d pixels, want a usable size", vp.W, vp.H)
	}
	if h.mw.mv.frame == nil || h.mw.mv.frame.Rect.Dx() != vp.W || h.mw.mv.frame.Rect.Dy() != vp.H {
		t.Fatalf("frame does not match the view %d×%d", vp.W, vp.H)
	}
	for _, l := range h.mw.layers {
		x, y := vp.Project(l.layer.Bounds().Center())
		if x < 0 || y < 0 || x > float64(vp.W) || y > float64(vp.H) {
			t.Errorf("layer %s is outside the fitted view", l.layer.Name)
		}
	}
}

func TestTimelineWindowChangesCountAndFrame(t *testing.T) {
	h := fixture(t)
	if got := h.mw.tl.count.Text; !strings.HasPrefix(got, "10 incidents") {
		t.Fatalf("count on the whole extent = %q, want 10 incidents", got)
	}
	before := h.frame()
	// Days 2 to 4 (inclusive).
	h.mw.setWindow(data.Span{Start: day0.AddDate(0, 0, 2).UnixMilli(), End: day0.AddDate(0, 0, 5).UnixMilli() - 1})
	h.settle()
	if got := h.mw.tl.count.Text; !strings.HasPrefix(got, "3 incidents") {
		t.Errorf("count for three days = %q, want 3 incidents", got)
	}
	if st := h.mw.mv.Stats(); st.Incidents != 3 {
		t.Errorf("frame stats count %d incidents, want 3", st.Incidents)
	}
	if got := h.mw.panel.rows[h.mw.layers[1].id].count.Text; got != "3 of 10 shown" {
		t.Errorf("incidents row says %q, want 3 of 10 shown", got)
	}
	if got := h.mw.panel.rows[h.mw.layers[0].id].count.Text; got != "2 of 2 shown" {
		t.Errorf("camps row says %q, want 2 of 2 shown (undated features are always shown)", got)
	}
	if bytes.Equal(before.Pix, h.frame().Pix) {
		t.Error("the frame did not change when the time window did")
	}
	wantFrom := data.FormatTime(day0.AddDate(0, 0, 2).UnixMilli(), time.UTC)
	if h.mw.tl.from.Text != wantFrom {
		t.Errorf("window start label = %q, want %q", h.mw.tl.from.Text, wantFrom)
	}
}

func TestHideLayerChangesFrame(t *testing.T) {
	h := fixture(t)
	before := h.frame()
	id := h.mw.layers[1].id // incidents
	row := h.mw.panel.rows[id]
	test.Tap(row.visible)
	h.settle()
	if h.mw.layers[1].style.Visible {
		t.Fatal("tapping the check box did not hide the layer")
	}
	if bytes.Equal(before.Pix, h.frame().Pix) {
		t.Error("hiding a layer did not change the frame")
	}
	if st := h.mw.mv.Stats(); st.Incidents != 0 {
		t.Errorf("hidden incidents still counted: %d", st.Incidents)
	}
}

func TestOpenBrokenFileShowsErrorAndKeepsLayers(t *testing.T) {
	h := fixture(t)
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken-camps.geojson")
	if err := os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1.9,`), 0o644); err != nil {
		t.Fatal(err)
	}
	h.mw.ld.open([]string{bad}, false)
	h.settle()
	if n := len(h.mw.layers); n != 2 {
		t.Fatalf("%d layers after a failed open, want the 2 already open", n)
	}
	txt := overlayText(h.mw.win.Canvas())
	if !strings.Contains(txt, "broken-camps.geojson") {
		t.Errorf("error dialog does not name the file:\n%s", txt)
	}
	if !strings.Contains(h.seen.dialog, bad) {
		t.Errorf("error dialog does not give the path:\n%s", h.seen.dialog)
	}
	if h.mw.ld.busy() || h.mw.status.loadBox.Visible() {
		t.Error("loading still shown after the failure")
	}
}

func TestOpenGoodFileAddsLayer(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	path := filepath.Join(t.TempDir(), "ports.geojson")
	src := `{"type":"FeatureCollection","features":[` +
		`{"type":"Feature","properties":{"name":"Port of Calais"},"geometry":{"type":"Point","coordinates":[1.87,50.965]}},` +
		`{"type":"Feature","properties":{"name":"Port of Dover"},"geometry":{"type":"Point","coordinates":[1.33,51.12]}}]}`
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	h.mw.ld.open([]string{path}, false)
	h.settle()
	if len(h.mw.layers) != 1 || h.mw.layers[0].layer.Len() != 2 {
		t.Fatalf("opening a valid file gave %d layers (dialog: %q)", len(h.mw.layers), h.seen.dialog)
	}
	vp := h.mw.mv.Viewport()
	x, y := vp.Project(orb.Point{1.33, 51.12})
	if x < 0 || y < 0 || x > float64(vp.W) || y > float64(vp.H) {
		t.Error("the view was not fitted to the first layer opened")
	}
}

func TestCancelLoadAddsNothing(t *testing.T) {
	for _, tc := range []struct {
		name   string
		honour bool
	}{{"loader stops", true}, {"loader finishes anyway", false}} {
		t.Run(tc.name, func(t *testing.T) {
			started := make(chan struct{}, 2)
			finish := make(chan struct{})
			slow := func(ctx context.Context, path string, _ data.LoadOptions) (*data.Layer, error) {
				started <- struct{}{}
				if !tc.honour {
					<-finish // a loader that ignores its context and succeeds late
					return campsLayer(t), nil
				}
				<-ctx.Done()
				return nil, fmt.Errorf("data: load %s: %w", path, data.ErrCanceled)
			}
			h := newHarness(t, Options{}, slow)
			h.mw.ld.open([]string{"a.geojson", "b.geojson"}, false)
			<-started
			if !h.mw.status.loadBox.Visible() {
				t.Fatal("no progress shown while loading")
			}
			test.Tap(h.mw.status.cancel)
			if h.mw.status.loadBox.Visible() {
				t.Error("progress still shown after cancel")
			}
			if !tc.honour {
				close(finish)
			}
			h.settle()
			if len(h.mw.layers) != 0 {
				t.Errorf("a cancelled load added %d layers", len(h.mw.layers))
			}
			if h.seen.dialog != "" {
				t.Errorf("a cancelled load showed a dialog: %q", h.seen.dialog)
			}
			select {
			case <-started:
				t.Error("the queued file was loaded after cancel")
			default:
			}
		})
	}
}

func TestIdentifyShowsProperties(t *testing.T) {
	h := fixture(t)
	inc := h.mw.layers[1].layer
	const i = 4
	tapped := h.point(inc.Anchor(i))
	test.TapAt(h.mw.mv, tapped)
	h.settle()
	if at := h.point(inc.Anchor(i)); abs32(at.X-tapped.X) > 1 || abs32(at.Y-tapped.Y) > 1 {
		t.Errorf("opening the panel moved the feature on screen from %v to %v", tapped, at)
	}
	got := h.mw.info.text()
	for _, want := range []string{
		"Intrusion attempt 4", "Layer: incidents", "Kind: incident", "ID: inc-4", "people: 50",
		"Time: " + data.FormatTime(inc.Span(i).Start, time.UTC),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("identify panel lacks %q:\n%s", want, got)
		}
	}
	if !h.mw.info.box.Visible() || h.mw.info.box.Size().Width < 300 {
		t.Errorf("identify panel not shown (visible %v, size %v)", h.mw.info.box.Visible(), h.mw.info.box.Size())
	}
	if h.mw.mv.Position().X+h.mw.mv.Size().Width > h.mw.info.box.Position().X {
		t.Error("identify panel overlaps the map")
	}
	mk := h.mw.mv.marker
	at := h.point(inc.Anchor(i)) // after the panel narrowed the map
	if !mk.Visible() || mk.Position().X+markerRadius-at.X > 1 || at.X-mk.Position().X-markerRadius > 1 ||
		mk.Position().Y+markerRadius-at.Y > 1 || at.Y-mk.Position().Y-markerRadius > 1 {
		t.Errorf("no ring around the feature: visible %v at %v, feature at %v", mk.Visible(), mk.Position(), at)
	}
	h.mw.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if h.mw.info.box.Visible() || mk.Visible() {
		t.Error("Esc did not close the identify panel and its ring")
	}

	// Far from every feature.
	vp := h.mw.mv.Viewport()
	test.TapAt(h.mw.mv, fyne.NewPos(float32(vp.W)/h.mw.mv.scale-3, float32(vp.H)/h.mw.mv.scale-3))
	h.settle()
	if got := h.mw.info.text(); got != "Nothing here" {
		t.Errorf("tap on empty map shows %q, want Nothing here", got)
	}
}

func TestIdentifyUsesDisplayZone(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatalf("Europe/Paris: %v (package ui embeds the zone database)", err)
	}
	h := newHarness(t, Options{Zone: paris}, nil)
	h.mw.addLayers([]*data.Layer{incidentsLayer(t, 3)})
	h.mw.fitAll()
	h.settle()
	inc := h.mw.layers[0].layer
	test.TapAt(h.mw.mv, h.point(inc.Anchor(1)))
	h.settle()
	if want := "Time: 2015-07-22 00:00 CEST"; !strings.Contains(h.mw.info.text(), want) {
		t.Errorf("identify panel lacks %q:\n%s", want, h.mw.info.text())
	}
}

func TestDragTimelineHandleMovesWindow(t *testing.T) {
	h := fixture(t)
	s := h.mw.tl.slider
	ext := h.mw.extent
	perUnit := float64(ext.End-ext.Start) / float64(s.trackWidth())

	// Drag the start handle a third of the way right, as GLFW reports it:
	// press, then moves carrying the current position and the delta.
	x0 := s.xOf(s.Low)
	dragGLFW(s, fyne.NewPos(x0, s.Size().Height/2), s.trackWidth()/3)
	h.settle()
	w := h.mw.window
	if w.End != ext.End {
		t.Errorf("dragging the start handle moved the end: %v", w)
	}
	// The start snaps to the nearest edge of the bars (6 hours here).
	u := h.mw.tl.histUnit
	bin := float64(u.Add(w.Start, 1, h.mw.zone) - w.Start)
	if moved := float64(w.Start - ext.Start); moved < perUnit*float64(s.trackWidth()/3)-bin || moved > perUnit*float64(s.trackWidth()/3)+bin {
		t.Errorf("start moved by %.0f ms, want about %.0f", moved, perUnit*float64(s.trackWidth()/3))
	}
	if w.Start != u.Floor(w.Start, h.mw.zone) {
		t.Errorf("the dragged start %s is not on an edge of the %v bars", data.FormatTime(w.Start, h.mw.zone), u)
	}
	if st := h.mw.mv.Stats(); st.Incidents >= 10 || st.Incidents == 0 {
		t.Errorf("after the drag %d incidents are shown, want fewer than 10 and more than 0", st.Incidents)
	}

	// Drag the band: the window moves and keeps its length.
	n := w.End - w.Start
	day0 := data.Day.Add(data.Day.Floor(ext.Start, h.mw.zone), 1, h.mw.zone) // whole bins
	h.mw.setWindow(data.Span{Start: day0, End: data.Day.Floor(day0+n/2, h.mw.zone) - 1})
	h.settle()
	w0 := h.mw.window
	mid := (s.xOf(s.Low) + s.xOf(s.High)) / 2
	dragGLFW(s, fyne.NewPos(mid, s.Size().Height/2), 40)
	h.settle()
	w1 := h.mw.window
	if w1.End-w1.Start != w0.End-w0.Start {
		t.Errorf("dragging the band changed the window's length: %v -> %v", w0, w1)
	}
	if w1.Start <= w0.Start {
		t.Errorf("dragging the band right did not move the window: %v -> %v", w0, w1)
	}

	// Fyne's test driver reports the start position: test.Drag at the end handle.
	end := h.mw.window.End
	test.Drag(h.mw.win.Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(s).Add(fyne.NewPos(s.xOf(s.High)-30, s.Size().Height/2)), -30, 0)
	h.settle()
	if h.mw.window.End >= end {
		t.Errorf("test.Drag on the end handle did not move it left: %v", h.mw.window)
	}
}

// dragGLFW drags obj from `from` by dx in five moves, the way the GLFW
// driver reports a drag.
func dragGLFW(s *RangeSlider, from fyne.Position, dx float32) {
	s.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary})
	pos := from
	for range 5 {
		pos = pos.AddXY(dx/5, 0)
		s.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}, Dragged: fyne.NewDelta(dx/5, 0)})
	}
	s.DragEnd()
}

func TestPlayAdvancesWindow(t *testing.T) {
	h := fixture(t)
	ext := h.mw.extent
	first := data.Span{Start: ext.Start, End: ext.Start + 24*3600e3 - 1}
	h.mw.setWindow(first)
	h.settle()
	test.Tap(h.mw.tl.play)
	if !h.mw.tl.playing {
		t.Fatal("play did not start")
	}
	tk := h.mw.clock.(*fakeClock).last()
	tk.tick(t)
	h.runNext()
	h.settle()
	if w := h.mw.window; w.Start != first.Start+24*3600e3 || w.End != first.End+24*3600e3 {
		t.Fatalf("one tick moved the window to %v, want one day after %v", w, first)
	}
	if st := h.mw.mv.Stats(); st.Incidents != 1 {
		t.Errorf("one day's window shows %d incidents, want 1", st.Incidents)
	}
	for i := 0; i < 20 && h.mw.tl.playing; i++ {
		tk.tick(t)
		h.runNext()
		h.settle()
	}
	if h.mw.tl.playing {
		t.Fatal("playback did not stop at the end of the data")
	}
	if h.mw.window.End != ext.End {
		t.Errorf("playback stopped at %v, want the end of the extent %v", h.mw.window, ext)
	}
	select {
	case <-tk.stopped:
	case <-time.After(20 * time.Second):
		t.Error("the player's ticker was not stopped")
	}

	// Play again from the end starts over; pause stops the goroutine.
	test.Tap(h.mw.tl.play)
	if h.mw.window.Start != ext.Start {
		t.Errorf("play at the end did not rewind: %v", h.mw.window)
	}
	done := h.mw.tl.done
	test.Tap(h.mw.tl.play)
	if h.mw.tl.playing {
		t.Error("pause did not stop playback")
	}
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Error("the player goroutine did not end on pause")
	}
}

func TestPlayStepWeek(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mw.addLayers([]*data.Layer{incidentsLayer(t, 30)})
	h.settle()
	ext := h.mw.extent
	h.mw.setWindow(data.Span{Start: ext.Start, End: ext.Start + 24*3600e3})
	h.mw.tl.step.SetSelected("week")
	test.Tap(h.mw.tl.play)
	h.mw.clock.(*fakeClock).last().tick(t)
	h.runNext()
	h.settle()
	if got := h.mw.window.Start - ext.Start; got != 7*24*3600e3 {
		t.Errorf("a week step moved the window by %d ms", got)
	}
	test.Tap(h.mw.tl.play)
}

func TestExportWritesPNGAtomically(t *testing.T) {
	h := fixture(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "briefing.png")
	h.mw.exportPNG(path, 320, 200)
	h.settle()
	if h.seen.dialog != "" {
		t.Fatalf("export showed a dialog: %s", h.seen.dialog)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("export is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 320 || b.Dy() != 200 {
		t.Errorf("export is %v, want 320×200", b)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("export left other files: %v", names)
	}

	// A folder that cannot exist: its parent is a file.
	blocker := filepath.Join(dir, "not-a-dir")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	h.mw.exportPNG(filepath.Join(blocker, "x.png"), 320, 200)
	h.settle()
	if !strings.Contains(overlayText(h.mw.win.Canvas()), "Could not export x.png") {
		t.Errorf("no error dialog for an unwritable folder: %q", overlayText(h.mw.win.Canvas()))
	}
	if names := dirNames(t, dir); len(names) != 2 {
		t.Errorf("a failed export left files: %v", names)
	}

	// A refused size writes nothing.
	h.mw.exportPNG(filepath.Join(dir, "z.png"), 0, 200)
	h.settle()
	if !strings.Contains(h.seen.dialog, "width") {
		t.Errorf("a zero width was not refused: %q", h.seen.dialog)
	}
	if names := dirNames(t, dir); len(names) != 2 {
		t.Errorf("a refused export left files: %v", names)
	}
}

func TestExportSameView(t *testing.T) {
	vp := geo.New(orb.Point{1.85, 50.95}, 10, 800, 500)
	for _, tc := range []struct {
		name string
		w, h int
	}{{"same size", 800, 500}, {"twice", 1600, 1000}, {"half", 400, 250}} {
		t.Run(tc.name, func(t *testing.T) {
			e := exportViewport(vp, tc.w, tc.h)
			if e.W != tc.w || e.H != tc.h || e.Center != vp.Center {
				t.Fatalf("export viewport %+v", e)
			}
			a, b := vp.Bound(), e.Bound()
			if d := a.Min[0] - b.Min[0]; d > 1e-6 || d < -1e-6 {
				t.Errorf("export shows a different area: %v vs %v", a, b)
			}
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestLayerPanelActions(t *testing.T) {
	h := fixture(t)
	camps, inc := h.mw.layers[0].id, h.mw.layers[1].id

	// Kind selector replaces the layer in the model.
	old := h.mw.layers[0].layer
	h.mw.panel.rows[camps].kind.SetSelected("port")
	h.settle()
	if k := h.mw.layers[0].layer.Kind; k != data.KindPort {
		t.Errorf("kind after selecting port = %v", k)
	}
	if old.Kind != data.KindCamp {
		t.Error("changing the kind modified the original layer")
	}
	if h.mw.mv.Scene().Layers[0].Layer.Kind != data.KindPort {
		t.Error("the scene does not show the new kind")
	}

	// Move the camps above the incidents.
	test.Tap(h.mw.panel.rows[camps].up)
	h.settle()
	if h.mw.layers[1].id != camps || h.mw.layers[0].id != inc {
		t.Error("move up did not put the camps on top")
	}
	if !h.mw.panel.rows[camps].up.Disabled() {
		t.Error("the top layer can still move up")
	}

	// Remove asks first.
	test.Tap(h.mw.panel.rows[inc].remove)
	if len(h.mw.layers) != 2 {
		t.Fatal("remove did not ask for confirmation")
	}
	h.mw.removeLayer(inc)
	h.settle()
	if len(h.mw.layers) != 1 || h.mw.extent.Dated() {
		t.Errorf("after removing the incidents: %d layers, extent %v", len(h.mw.layers), h.mw.extent)
	}
	if h.mw.tl.from.Text != "No dated features" || !h.mw.tl.play.Disabled() || !h.mw.tl.from.Disabled() {
		t.Error("timeline still active without dated layers")
	}
}

func TestMapNavigation(t *testing.T) {
	h := fixture(t)
	mv := h.mw.mv
	c := h.mw.win.Canvas()
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(mv)
	mid := origin.Add(fyne.NewPos(mv.Size().Width/2, mv.Size().Height/2))

	v0 := mv.Viewport()
	test.Drag(c, mid, 50, 0)
	h.settle()
	if v1 := mv.Viewport(); !(v1.Center[0] < v0.Center[0]) || v1.Zoom != v0.Zoom {
		t.Errorf("dragging right should move the centre west: %v -> %v", v0.Center, v1.Center)
	}

	v0 = mv.Viewport()
	test.MoveMouse(c, mid)
	test.Scroll(c, mid, 0, 25)
	h.settle()
	if v1 := mv.Viewport(); !(v1.Zoom > v0.Zoom) {
		t.Errorf("wheel up should zoom in: %v -> %v", v0.Zoom, v1.Zoom)
	}

	v0 = mv.Viewport()
	c.(interface{ OnTypedRune() func(rune) }).OnTypedRune()('-')
	if v1 := mv.Viewport(); v1.Zoom != v0.Zoom-1 {
		t.Errorf("'-' zoomed %v -> %v", v0.Zoom, v1.Zoom)
	}
	v0 = mv.Viewport()
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if v1 := mv.Viewport(); !(v1.Center[0] < v0.Center[0]) {
		t.Errorf("left arrow should show what is west: %v -> %v", v0.Center, v1.Center)
	}
	v0 = mv.Viewport()
	test.DoubleTap(mv)
	if v1 := mv.Viewport(); v1.Zoom != v0.Zoom+1 {
		t.Errorf("double tap zoomed %v -> %v", v0.Zoom, v1.Zoom)
	}
	h.settle()

	// The frame follows the view once rendered.
	if f := mv.frameVP; f != mv.Viewport() {
		t.Errorf("frame drawn for %+v, view is %+v", f, mv.Viewport())
	}

	test.MoveMouse(c, mid)
	if txt := h.mw.status.cursor.Text; !strings.Contains(txt, "° N") || !strings.Contains(txt, "° E") {
		t.Errorf("hover shows %q, want a latitude and longitude", txt)
	}
	if txt := h.mw.status.scale.Text; !strings.HasPrefix(txt, "1:") || !strings.Contains(txt, "m/px") {
		t.Errorf("scale shows %q", txt)
	}
}

func TestCloseStopsWorkers(t *testing.T) {
	h := fixture(t)
	test.Tap(h.mw.tl.play)
	done := h.mw.tl.done
	h.mw.win.Close()
	h.drain()
	for name, ch := range map[string]chan struct{}{"player": done, "renderer": h.mw.mv.loop.done} {
		select {
		case <-ch:
		case <-time.After(20 * time.Second):
			t.Errorf("%s goroutine still running after close", name)
		}
	}
	// Results arriving after close are dropped without touching the window.
	h.mw.ld.open([]string{"late.geojson"}, false)
	if h.mw.ld.busy() {
		t.Error("a closed window started loading")
	}
}

func TestLoadErrorNoPanicOnBadInputs(t *testing.T) {
	panicky := func(context.Context, string, data.LoadOptions) (*data.Layer, error) { panic("boom") }
	h := newHarness(t, Options{}, panicky)
	h.mw.ld.open([]string{"x.geojson"}, false)
	h.settle()
	if !strings.Contains(h.seen.dialog, "x.geojson") {
		t.Errorf("a loader panic was not reported as an error naming the file: %q", h.seen.dialog)
	}
	var le *data.LoadError
	multi := func(context.Context, string, data.LoadOptions) ([]*data.Layer, error) { panic("boom") }
	if _, err := loadFile(context.Background(), multi, "y", data.LoadOptions{}); !errors.As(err, &le) {
		t.Errorf("loadFile turned a panic into %v", err)
	}
}

func TestPlayFromWholeExtentPlaysOneStep(t *testing.T) {
	h := fixture(t)
	ext := h.mw.extent
	if h.mw.window != ext {
		t.Fatalf("window %v does not start on the whole extent %v", h.mw.window, ext)
	}
	test.Tap(h.mw.tl.play)
	defer test.Tap(h.mw.tl.play)
	h.settle()
	if w := h.mw.window; w.Start != ext.Start || w.End != ext.Start+24*3600e3-1 {
		t.Errorf("play on the whole extent set the window to %v, want the first day", w)
	}
	if !h.mw.tl.playing {
		t.Error("not playing")
	}
}

func TestTypeWindowStart(t *testing.T) {
	for _, tc := range []struct {
		name, typed string
		start       int64
		bad         bool
	}{
		{"date", "2015-07-23", day0.AddDate(0, 0, 3).UnixMilli(), false},
		{"date time", "2015-07-24 12:00", day0.AddDate(0, 0, 4).Add(12 * time.Hour).UnixMilli(), false},
		{"day first", "25/07/2015", day0.AddDate(0, 0, 5).UnixMilli(), false},
		{"not a time", "next tuesday", 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := fixture(t)
			before := h.mw.window
			test.Tap(h.mw.tl.from)
			e := h.mw.tl.timeEntry
			if e == nil {
				t.Fatal("no time dialog")
			}
			e.SetText("")
			test.Type(e, tc.typed)
			if tc.bad {
				if e.Validate() == nil {
					t.Errorf("%q accepted", tc.typed)
				}
				h.mw.tl.typedTime(true, tc.typed)
				if h.mw.window != before {
					t.Errorf("a bad time moved the window to %v", h.mw.window)
				}
				if !strings.Contains(h.mw.status.msg.Text, "next tuesday") {
					t.Errorf("status does not say what was wrong: %q", h.mw.status.msg.Text)
				}
				return
			}
			go_ := findButton(h.mw.win.Canvas(), "Go")
			if go_ == nil {
				t.Fatal("no Go button in the time dialog")
			}
			test.Tap(go_)
			h.settle()
			if h.mw.window.Start != tc.start || h.mw.window.End != before.End {
				t.Errorf("typed %q: window %v, want start %d and the same end", tc.typed, h.mw.window, tc.start)
			}
		})
	}
}

func TestDropFilesOpensThem(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	dir := t.TempDir()
	var uris []fyne.URI
	for _, name := range []string{"a.geojson", "b.geojson"} {
		p := filepath.Join(dir, name)
		src := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"` + name + `"},"geometry":{"type":"Point","coordinates":[1.9,50.95]}}]}`
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		uris = append(uris, storage.NewFileURI(p))
	}
	h.mw.dropped(fyne.NewPos(10, 10), uris)
	h.settle()
	if len(h.mw.layers) != 2 {
		t.Fatalf("dropping two files gave %d layers (dialog %q)", len(h.mw.layers), h.seen.dialog)
	}
	if got := h.mw.win.Title(); got != "campmap — a.geojson, b.geojson" {
		t.Errorf("title %q does not name the files", got)
	}
	if h.mw.layers[0].layer.Name != "a" || h.mw.layers[1].layer.Name != "b" {
		t.Errorf("layers %q, %q not in drop order", h.mw.layers[0].layer.Name, h.mw.layers[1].layer.Name)
	}
}

func TestCumulativePlayKeepsStart(t *testing.T) {
	h := fixture(t)
	ext := h.mw.extent
	first := data.Span{Start: ext.Start, End: ext.Start + 24*3600e3 - 1}
	h.mw.setWindow(first)
	test.Tap(h.mw.tl.cumulative)
	test.Tap(h.mw.tl.play)
	tk := h.mw.clock.(*fakeClock).last()
	for range 2 {
		tk.tick(t)
		h.runNext()
		h.settle()
	}
	w := h.mw.window
	if w.Start != first.Start || w.End != first.End+2*24*3600e3 {
		t.Errorf("cumulative play: window %v, want the first day grown by two days", w)
	}
	if st := h.mw.mv.Stats(); st.Incidents != 3 {
		t.Errorf("cumulative window of three days shows %d incidents, want 3", st.Incidents)
	}
	test.Tap(h.mw.tl.play)
}

func TestInsideWindow(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	b := data.NewBuilder("stays", 2)
	b.Layer().Kind = data.KindIncident
	for i := range 2 {
		start := day0.AddDate(0, 0, 3*i)
		if err := b.Add(data.Feature{Geometry: orb.Point{1.8 + 0.1*float64(i), 50.9},
			Span: data.SpanOf(start, start.Add(48*time.Hour))}); err != nil {
			t.Fatal(err)
		}
	}
	h.mw.addLayers([]*data.Layer{b.Build()})
	h.mw.setWindow(data.Span{Start: day0.Add(24 * time.Hour).UnixMilli(), End: day0.Add(108 * time.Hour).UnixMilli()})
	h.settle()
	if st := h.mw.mv.Stats(); st.Incidents != 2 {
		t.Fatalf("overlapping: %d shown, want 2", st.Incidents)
	}
	test.Tap(h.mw.tl.inside)
	h.settle()
	if !h.mw.scene.Inside {
		t.Fatal("the check box did not reach the scene")
	}
	if st := h.mw.mv.Stats(); st.Incidents != 0 {
		t.Errorf("inside: %d shown, want 0 (both stays cross the window's edges)", st.Incidents)
	}
}

func TestLegendListsCategories(t *testing.T) {
	inc := incidentsLayer(t, 4)
	leg := legend(inc)
	if leg == nil {
		t.Fatal("no legend for a categorised incident layer")
	}
	var b strings.Builder
	collectText(leg, &b)
	for _, want := range []string{"by category", "injury", "tunnel intrusion attempt"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("legend lacks %q:\n%s", want, b.String())
		}
	}
	if legend(campsLayer(t)) != nil {
		t.Error("camps (coloured by kind) got a category legend")
	}
}

func TestMarkBringsPointIntoView(t *testing.T) {
	h := fixture(t)
	far := orb.Point{-1.5, 49.6} // Cherbourg, well off the fixture's view
	h.mw.mv.Mark(&far)
	x, y := h.mw.mv.Viewport().Project(far)
	vp := h.mw.mv.Viewport()
	if x < 0 || y < 0 || x > float64(vp.W) || y > float64(vp.H) {
		t.Errorf("marked point at pixel (%.0f, %.0f) outside the %d×%d view", x, y, vp.W, vp.H)
	}
	if !h.mw.mv.marker.Visible() {
		t.Error("marker hidden")
	}
}

// TestLayerPlacesMark: the style dialog's "places" mark makes a point
// layer go out exact on publication-safe pages (it is counted in cells
// unmarked), and cannot be set on a layer of incidents.
func TestLayerPlacesMark(t *testing.T) {
	h := fixture(t)
	camps, inc := h.mw.layers[0], h.mw.layers[1]
	p := h.mw.panel
	test.Tap(p.rows[camps.id].style)
	if p.stylePlaces == nil || p.stylePlaces.Checked || p.stylePlaces.Disabled() {
		t.Fatal("a camp layer from a file is not offered unmarked")
	}
	if export.SafeAggregates(h.mw.scene.Layers[0]) != true {
		t.Error("an unmarked camp layer is published exact")
	}
	p.stylePlaces.SetChecked(true)
	h.settle()
	if camps.style.Places == nil || !*camps.style.Places || export.SafeAggregates(h.mw.scene.Layers[0]) {
		t.Errorf("marked: places %v", camps.style.Places)
	}
	test.Tap(p.rows[inc.id].style)
	if !p.stylePlaces.Disabled() || p.stylePlaces.Checked {
		t.Error("incidents can be marked as places")
	}
}

func TestLayerStyle(t *testing.T) {
	h := fixture(t)
	e := h.mw.layers[1] // incidents
	before := h.frame()
	test.Tap(h.mw.panel.rows[e.id].style)
	p := h.mw.panel
	if p.styleOpacity == nil || p.styleCategory == nil {
		t.Fatal("no style dialog")
	}
	if p.styleCategory.Selected != "category" {
		t.Errorf("dialog shows colour by %q, want category", p.styleCategory.Selected)
	}
	p.styleOpacity.SetValue(30)
	h.settle()
	if e.style.Opacity != 0.3 || h.mw.scene.Layers[1].Opacity != 0.3 {
		t.Errorf("opacity %v in the model, %v in the scene, want 0.3", e.style.Opacity, h.mw.scene.Layers[1].Opacity)
	}
	if bytes.Equal(before.Pix, h.frame().Pix) {
		t.Error("the frame did not change with the opacity")
	}
	p.styleCategory.SetSelected("people")
	h.settle()
	if k := h.mw.layers[1].layer.CategoryKey(); k != "people" {
		t.Errorf("category key %q after choosing people", k)
	}
	if n := len(h.mw.layers[1].layer.Categories()); n != 10 {
		t.Errorf("%d categories by people, want 10", n)
	}
	p.styleCategory.SetSelected(noCategory)
	h.settle()
	if k := h.mw.layers[1].layer.CategoryKey(); k != "" {
		t.Errorf("category key %q after choosing none", k)
	}
}

func TestExportFormDefaultsToViewSize(t *testing.T) {
	h := fixture(t)
	h.mw.showExportDialog()
	vp := h.mw.mv.Viewport()
	txt := overlayEntries(h.mw.win.Canvas())
	if len(txt) != 2 || txt[0] != fmt.Sprint(vp.W) || txt[1] != fmt.Sprint(vp.H) {
		t.Errorf("export form shows %v, want the view size %d×%d", txt, vp.W, vp.H)
	}
	if findButton(h.mw.win.Canvas(), "Choose file…") == nil {
		t.Error("export form has no Choose file… button")
	}
}

func TestExportReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which writes into read-only folders; the not-a-folder case in TestExportWritesPNGAtomically covers the error path")
	}
	h := fixture(t)
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o755)
	h.mw.exportPNG(filepath.Join(dir, "x.png"), 64, 64)
	h.settle()
	if !strings.Contains(h.seen.dialog, "Could not export") {
		t.Errorf("no error dialog: %q", h.seen.dialog)
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Errorf("files left in a read-only folder: %v", names)
	}
}

func TestOpenCSVAndMultiLayerFiles(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	path := filepath.Join(t.TempDir(), "attempts.csv")
	src := "name,latitude,longitude,date\nAttempt A,50.93,1.81,2015-07-28\nAttempt B,50.94,1.83,2015-07-29\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	h.mw.ld.open([]string{path}, false)
	h.settle()
	if len(h.mw.layers) != 1 || h.mw.layers[0].layer.Len() != 2 {
		t.Fatalf("a CSV file gave %d layers (dialog %q)", len(h.mw.layers), h.seen.dialog)
	}
	if !h.mw.extent.Dated() {
		t.Error("the CSV dates did not reach the timeline")
	}

	// A file with several layers (a GeoPackage) adds each of them.
	h.mw.loadFn = func(context.Context, string, data.LoadOptions) ([]*data.Layer, error) {
		return []*data.Layer{campsLayer(t), incidentsLayer(t, 3)}, nil
	}
	h.mw.ld.open([]string{"site.gpkg"}, false)
	h.settle()
	if len(h.mw.layers) != 3 {
		t.Errorf("a two-layer file gave %d layers in all, want 3", len(h.mw.layers))
	}
	if !strings.Contains(h.mw.status.msg.Text, "2 layers") {
		t.Errorf("status %q does not count the layers", h.mw.status.msg.Text)
	}
}

func TestBadBasemapFallsBackToEmbedded(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "coast.geojson")
	if err := os.WriteFile(bad, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature"`), 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Basemap: bad}, nil)
	if !strings.Contains(h.seen.dialog, "coast.geojson") {
		t.Errorf("no dialog naming the basemap file: %q", h.seen.dialog)
	}
	if h.mw.bm == nil || len(h.mw.bm.Levels) == 0 {
		t.Error("the embedded basemap was not used instead")
	}
	if h.mw.scene.Basemap != h.mw.bm {
		t.Error("the scene does not draw the basemap")
	}
}

func TestSampleOpensOnItsBounds(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	if len(h.mw.layers) < 4 {
		t.Fatalf("the sample opened %d layers", len(h.mw.layers))
	}
	vp := h.mw.mv.Viewport()
	for _, p := range []orb.Point{{1.85, 50.95}, {1.31, 51.12}} { // Calais, Dover
		x, y := vp.Project(p)
		if x < 0 || y < 0 || x > float64(vp.W) || y > float64(vp.H) {
			t.Errorf("%v is outside the first view", p)
		}
	}
	if !strings.HasPrefix(h.mw.win.Title(), "campmap — Calais") {
		t.Errorf("title %q", h.mw.win.Title())
	}
}

func TestSearchFindsAndIdentifies(t *testing.T) {
	h := fixture(t)
	s := h.mw.panel.search
	test.Type(s.entry, "jules")
	s.entry.OnSubmitted(s.entry.Text)
	h.settle()
	if len(s.matches) != 1 || !strings.HasPrefix(s.matches[0].label, "Jules Ferry") {
		t.Fatalf("search for jules found %+v", s.matches)
	}
	b, ok := s.results.Objects[0].(*tapLabel)
	if !ok {
		t.Fatal("no result row")
	}
	test.Tap(b)
	h.settle()
	if got := h.mw.info.text(); !strings.HasPrefix(got, "Jules Ferry") {
		t.Errorf("choosing the result identifies %q", got)
	}
	at := h.point(orb.Point{1.900, 50.962})
	if at.X < 0 || at.Y < 0 || at.X > h.mw.mv.Size().Width || at.Y > h.mw.mv.Size().Height {
		t.Errorf("the chosen feature is off the map at %v", at)
	}
	if h.mw.mv.Viewport().Zoom < 13 {
		t.Errorf("zoom %.1f after choosing a point, want 13 or more", h.mw.mv.Viewport().Zoom)
	}

	// By id, and nothing found.
	s.entry.SetText("inc-7")
	s.entry.OnSubmitted(s.entry.Text)
	h.settle()
	if len(s.matches) != 1 || s.matches[0].hit.Feature != 7 {
		t.Errorf("search by id found %+v", s.matches)
	}
	s.entry.SetText("zzz")
	s.entry.OnSubmitted(s.entry.Text)
	h.settle()
	if len(s.matches) != 0 || !strings.Contains(collect(s.results), "No feature") {
		t.Errorf("a search with no match shows %q", collect(s.results))
	}
	s.entry.SetText("")
	if len(s.results.Objects) != 0 {
		t.Error("clearing the entry left results")
	}
}

func TestFindFeaturesLimit(t *testing.T) {
	sc := render.NewScene(nil, []*data.Layer{incidentsLayer(t, 30)})
	ms, more := findFeatures(context.Background(), sc, "intrusion", 10, time.UTC)
	if len(ms) != 10 || !more {
		t.Errorf("limit 10 gave %d matches, more=%v", len(ms), more)
	}
	if want := "Intrusion attempt 0 · 2015-07-20 · incidents"; ms[0].label != want {
		t.Errorf("label %q, want %q", ms[0].label, want)
	}

	// Places before events, whatever the layer order.
	sc = render.NewScene(nil, []*data.Layer{campsLayer(t), incidentsLayer(t, 3)})
	if ms, _ := findFeatures(context.Background(), sc, "", 10, time.UTC); len(ms) != 5 || sc.Layers[ms[0].hit.Layer].Layer.Name != "camps" {
		t.Errorf("camps are not listed first: %+v", ms)
	}
	sc.Layers[1].Visible = false
	if ms, _ := findFeatures(context.Background(), sc, "intrusion", 10, time.UTC); len(ms) != 0 {
		t.Error("hidden layers are searched")
	}
}

func collect(o fyne.CanvasObject) string {
	var b strings.Builder
	collectText(o, &b)
	return b.String()
}

func TestBracketKeysStepTheWindow(t *testing.T) {
	h := fixture(t)
	ext := h.mw.extent
	day := int64(24 * 3600e3)
	h.mw.setWindow(data.Span{Start: ext.Start + day, End: ext.Start + 2*day - 1})
	typeRune := h.mw.win.Canvas().(interface{ OnTypedRune() func(rune) }).OnTypedRune()
	typeRune(']')
	if w := h.mw.window; w.Start != ext.Start+2*day {
		t.Errorf("] moved the window to %v, want one day later", w)
	}
	typeRune('[')
	typeRune('[')
	typeRune('[') // stops at the start of the data
	if w := h.mw.window; w.Start != ext.Start || w.End != ext.Start+day-1 {
		t.Errorf("[ moved the window to %v, want the first day", w)
	}
	h.settle()
	if st := h.mw.mv.Stats(); st.Incidents != 1 {
		t.Errorf("first day shows %d incidents", st.Incidents)
	}
}

func TestMenus(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	var names []string
	for _, m := range h.mw.win.MainMenu().Items {
		for _, it := range m.Items {
			names = append(names, m.Label+">"+it.Label)
		}
	}
	got := strings.Join(names, ", ")
	for _, want := range []string{"File>Open…", "File>Export PNG…", "File>Quit", "View>Zoom to all", "Help>Keyboard shortcuts"} {
		if !strings.Contains(got, want) {
			t.Errorf("menus lack %s: %s", want, got)
		}
	}
	h.mw.showKeys()
	if !strings.Contains(overlayText(h.mw.win.Canvas()), "move the time window") { // see also TestKeyboardHelpListsTheShortcutTable
		t.Error("the keyboard help does not list [ and ]")
	}
}

// TestPlayFromWholeExtentStartsAtTheIncidents: with a camp open since
// January, playing the whole extent starts on the first incident's day, not
// on months of empty days before it.
func TestPlayFromWholeExtentStartsAtTheIncidents(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	b := data.NewBuilder("camps", 1)
	b.Layer().Kind = data.KindCamp
	opened := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := b.Add(data.Feature{Geometry: orb.Point{1.89, 50.966}, Span: data.SpanOf(opened, opened.AddDate(1, 9, 0)),
		Props: []data.Property{{Key: "name", Value: data.Text("Jungle")}}}); err != nil {
		t.Fatal(err)
	}
	h.mw.addLayers([]*data.Layer{b.Build(), incidentsLayer(t, 10)})
	h.mw.fitAll()
	h.settle()
	if h.mw.window.Start != opened.UnixMilli() {
		t.Fatalf("window %v does not start with the camp", h.mw.window)
	}
	test.Tap(h.mw.tl.play)
	defer test.Tap(h.mw.tl.play)
	h.settle()
	if w := h.mw.window; w.Start != day0.UnixMilli() || w.End != day0.AddDate(0, 0, 1).UnixMilli()-1 {
		t.Errorf("play on the whole extent set the window to %s – %s, want the first incident's day",
			data.FormatTime(w.Start, time.UTC), data.FormatTime(w.End, time.UTC))
	}
}

// A GeoJSON file none of whose features can be placed is refused in the
// window with the same sentence the command line prints: the file, why,
// and what to do; the open layers stay.
func TestOpenNothingPlacedShowsWhy(t *testing.T) {
	h := fixture(t)
	bad := filepath.Join(t.TempDir(), "table.geojson")
	src := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"a":1}},{"type":"Feature","geometry":null,"properties":{"a":2}}]}`
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	h.mw.ld.open([]string{bad}, false)
	h.settle()
	if n := len(h.mw.layers); n != 2 {
		t.Fatalf("%d layers after the refused file, want the 2 already open", n)
	}
	for _, want := range []string{"table.geojson", "no feature can be placed on the map", `all 2 features have "geometry": null`, "join it to a layer with geometries"} {
		if !strings.Contains(h.seen.dialog, want) {
			t.Errorf("the dialog lacks %q:\n%s", want, h.seen.dialog)
		}
	}
}
