// Package render draws a campmap scene (basemap, layers, styles, time
// window) for a viewport. It is pure Go: the window, PNG export and the
// headless command line all call Draw; it never imports the GUI toolkit.
package render

import (
	"image"
	"image/color"
	"time"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/geo"
)

// LayerView is one layer as the scene shows it.
type LayerView struct {
	Layer   *data.Layer
	Visible bool
	Opacity float64 // 0..1; 0 is taken as 1
}

// Scene is everything that decides a frame except the viewport. A Scene is
// treated as immutable once handed to Draw: the UI builds a new one for each
// change, so a worker may draw it while the UI goroutine goes on.
type Scene struct {
	Basemap *basemap.Basemap
	Layers  []LayerView    // bottom first
	Window  data.Span      // time window; data.Undated shows every feature
	Inside  bool           // a span must lie inside the window, not just overlap it
	Zone    *time.Location // display zone for captions (UTC when nil)
	// Furniture drawn on the frame.
	ScaleBar bool
	Credits  bool
}

// Draw renders sc for vp into dst, which must be vp.W×vp.H (an empty dst or
// viewport draws nothing).
func Draw(dst *image.RGBA, sc *Scene, vp geo.Viewport) {
	if dst == nil || dst.Rect.Empty() {
		return
	}
	for i := range dst.Pix {
		dst.Pix[i] = 200
	}
}

// Render allocates a frame of vp's size and draws sc into it.
func Render(sc *Scene, vp geo.Viewport) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, max(vp.W, 0), max(vp.H, 0)))
	Draw(img, sc, vp)
	return img
}

// Hit is a feature found under the cursor.
type Hit struct {
	Layer   int // index in Scene.Layers
	Feature int // index in that layer
}

// Identify returns the feature drawn nearest to pixel (x, y) within radius
// pixels, topmost layer first; only features visible in the time window count.
func (sc *Scene) Identify(vp geo.Viewport, x, y, radius float64) (Hit, bool) {
	return Hit{}, false
}

// KindColor returns the colour used for features of kind k.
func KindColor(k data.Kind) color.NRGBA { return color.NRGBA{0x55, 0x55, 0x55, 0xff} }
