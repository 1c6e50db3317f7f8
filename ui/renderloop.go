package ui

import (
	"context"
	"image"

	"campmap/data"
	"campmap/geo"
	"campmap/render"

	"fyne.io/fyne/v2/lang"
)

// frameRequest is one immutable render job: the scene and viewport are never
// written after the request is made, so the worker reads them freely.
type frameRequest struct {
	gen   uint64
	scene *render.Scene
	vp    geo.Viewport
}

// frameResult is a finished frame, applied on the UI goroutine.
type frameResult struct {
	frameRequest
	img   *image.RGBA
	stats FrameStats
}

// FrameStats describes what a finished frame shows.
type FrameStats struct {
	Incidents int   // dated incident features inside the time window, in visible incident layers
	Undated   int   // undated incident features in visible incident layers (always shown)
	Err       error // a render failure, reported instead of a frame
	// Shown counts, for each layer of the frame's scene, the features its
	// time window shows (undated ones included), visible or not.
	Shown []LayerCount
	// Legend holds the scene's legend rows for the frame's viewport
	// (render.Scene.Legend: density squares, their classes and the
	// switch); an entry's Layer indexes Shown.
	Legend []render.LegendEntry
}

// LayerCount is how many features of a layer a frame's time window shows.
type LayerCount struct {
	Layer *data.Layer
	Shown int
}

// renderLoop renders frames through a worker (ui/worker.go) with interim
// results: at most one frame is in flight and one pending; a request made
// while another is pending replaces it, so bursts of pan, zoom and slider
// events coalesce, and a frame superseded while it was drawn is still shown
// until the newer one is ready. request and stop are called on the UI
// goroutine; apply runs there too, through the queue.
type renderLoop struct {
	*worker[frameRequest, frameResult]
	draw func(frameRequest) frameResult // renderFrame; tests slow it down

	spare chan *image.RGBA // frames no longer shown, drawn over again
}

func newRenderLoop(q *uiQueue, apply func(frameResult)) *renderLoop {
	l := &renderLoop{spare: make(chan *image.RGBA, 2)}
	l.draw = func(r frameRequest) frameResult { return renderFrame(r, l.buffer(r.vp)) }
	l.worker = newWorker(context.Background(), q, lang.L("drawing the map"),
		func(_ context.Context, r frameRequest) frameResult { return l.draw(r) },
		func(_ frameRequest, res frameResult) { apply(res) })
	l.interim = true
	return l
}

// buffer returns a spare frame of vp's size, or nil (Render allocates).
func (l *renderLoop) buffer(vp geo.Viewport) *image.RGBA {
	for {
		select {
		case b := <-l.spare:
			if b.Rect.Dx() == vp.W && b.Rect.Dy() == vp.H {
				return b
			}
		default:
			return nil
		}
	}
}

// recycle hands back a frame the UI no longer shows, so that the next one
// is drawn over it instead of allocating megabytes per frame. Call it on
// the UI goroutine, after the frame is off screen.
func (l *renderLoop) recycle(img *image.RGBA) {
	if img == nil {
		return
	}
	select {
	case l.spare <- img:
	default:
	}
}

// renderFrame draws one frame, into buf when it is given and of the right
// size; a panic in the renderer becomes an error so that no input can bring
// the window down.
func renderFrame(r frameRequest, buf *image.RGBA) (res frameResult) {
	res.frameRequest = r
	defer func() {
		if p := recover(); p != nil {
			res.img = nil
			res.stats = FrameStats{Err: recovered(lang.L("drawing the map"), p)}
		}
	}()
	res.stats = countShown(r.scene)
	if r.vp.W > 0 && r.vp.H > 0 {
		if buf != nil && buf.Rect.Dx() == r.vp.W && buf.Rect.Dy() == r.vp.H {
			render.Draw(buf, r.scene, r.vp)
			res.img = buf
		} else {
			res.img = render.Render(r.scene, r.vp)
		}
		res.stats.Legend = r.scene.Legend(r.vp)
	}
	return res
}

// countShown counts the incidents sc shows (per the scene's counts): dated
// ones in its time window and undated ones apart, over visible layers of
// kind incident.
func countShown(sc *render.Scene) FrameStats {
	var st FrameStats
	if sc == nil {
		return st
	}
	st.Shown = make([]LayerCount, len(sc.Layers))
	for i, lv := range sc.Layers {
		shown, _, _ := sc.Counts(i)
		st.Shown[i] = LayerCount{Layer: lv.Layer, Shown: shown}
		if lv.Layer == nil || !lv.Visible || lv.Layer.Kind != data.KindIncident {
			continue
		}
		undated := sc.UndatedShown(i) // those the layer's filters keep
		st.Incidents += shown - undated
		st.Undated += undated
	}
	return st
}
