package ui

import (
	"testing"

	"campmap/data/style"
	"campmap/render"
)

// TestDrawnSceneFollowsCanvasScale: frames and identify use the scene at
// the canvas's pixel ratio, a copy that leaves the window's scene alone
// and is rebuilt when the scene or the scale changes.
func TestDrawnSceneFollowsCanvasScale(t *testing.T) {
	sc := &render.Scene{Labels: true, Layers: []render.LayerView{{Style: style.Style{Visible: true}}}}
	m := &MapView{scene: sc, scale: 2}
	ds := m.drawnScene()
	if ds == sc || ds.PixelRatio != 2 || !ds.Labels || len(ds.Layers) != 1 {
		t.Fatalf("drawn scene %+v, want a copy at ratio 2", ds)
	}
	if sc.PixelRatio != 0 {
		t.Errorf("the window's scene was changed: PixelRatio %v", sc.PixelRatio)
	}
	if m.drawnScene() != ds {
		t.Error("the copy is not kept while nothing changes")
	}
	m.scale = 1.5
	if got := m.drawnScene(); got.PixelRatio != 1.5 {
		t.Errorf("after a scale change: PixelRatio %v, want 1.5", got.PixelRatio)
	}
	sc2 := &render.Scene{}
	m.scene = sc2
	if got := m.drawnScene(); got.PixelRatio != 1.5 || len(got.Layers) != 0 {
		t.Errorf("after a scene change: %+v", got)
	}
	m.scene = nil
	if m.drawnScene() != nil {
		t.Error("no scene gives a drawn scene")
	}
}
