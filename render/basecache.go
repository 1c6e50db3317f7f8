package render

import (
	"image"
	"image/color"
	"sync"

	"campmap/data/basemap"
	"campmap/geo"
)

// The sea and the embedded basemap of a raster frame depend only on the
// basemap, the viewport, the drawable rectangle, the pixel ratio and the
// palette, not on the layers or the time window drawn over them. When the
// same view is drawn again (the timeline playing, an animation, a layer
// toggled), they are copied from the last such frame instead of filled and
// stroked again: a copy of the same bytes, so the frame is identical.
//
// Only a view drawn twice in a row is kept (the first time only its key is
// noted), so that a pan, where every frame is new, pays nothing but the
// comparison of keys.

// baseKey is everything the sea and the embedded basemap of a frame are
// drawn from.
type baseKey struct {
	bm   *basemap.Basemap
	vp   geo.Viewport
	clip image.Rectangle
	pr   float64
	cols [5]color.NRGBA // SeaColor, LandColor, RiverColor, CoastColor, BorderColor
}

// maxBaseCacheBytes bounds the pixels kept (a 4096×4096 frame).
const maxBaseCacheBytes = 4096 * 4096 * 4

// baseCache holds the pixels of one view's sea and basemap. Safe for
// concurrent use.
var baseCache struct {
	sync.Mutex
	seen baseKey // the last view drawn without its pixels in the cache
	key  baseKey // the view of pix
	pix  []byte  // its drawable rectangle, row by row, 4 bytes a pixel
}

// useBaseCache can be turned off by tests to compare with frames drawn whole.
var useBaseCache = true

// baseKeyOf returns the key of f's sea and basemap, and false when they are
// not kept: a vector back end, a tiled basemap (drawn over, or instead of,
// the embedded one), no basemap, or a frame too large.
func (f *frame) baseKeyOf() (baseKey, bool) {
	if !useBaseCache || f.c.be != &f.c.px || f.sc.Basemap == nil || f.sc.Tiles != nil ||
		4*f.c.clip.Dx()*f.c.clip.Dy() > maxBaseCacheBytes {
		return baseKey{}, false
	}
	return baseKey{bm: f.sc.Basemap, vp: f.vp, clip: f.c.clip, pr: f.pr,
		cols: [5]color.NRGBA{SeaColor, LandColor, RiverColor, CoastColor, BorderColor}}, true
}

// drawBase fills the sea and draws the embedded basemap, or copies them
// from the cache when the same view was drawn last.
func (f *frame) drawBase() {
	k, ok := f.baseKeyOf()
	if ok && f.copyBase(k, false) {
		return
	}
	f.fillBackground(SeaColor)
	f.drawBasemap()
	if ok {
		f.copyBase(k, true)
	}
}

// copyBase copies the frame's drawable pixels from the cache (store false)
// and reports whether it held them, or (store true) into it when k was
// seen last, else only notes k.
func (f *frame) copyBase(k baseKey, store bool) bool {
	baseCache.Lock()
	defer baseCache.Unlock()
	if !store && baseCache.key != k {
		return false
	}
	if store && baseCache.seen != k {
		baseCache.seen = k
		return false
	}
	dst, o, clip := f.c.px.dst, f.c.px.origin, f.c.clip
	w := 4 * clip.Dx()
	if store {
		baseCache.key = k
		baseCache.seen = baseKey{}
		// sized once per view size (a much smaller view gives back the
		// memory of a large one)
		if need := w * clip.Dy(); cap(baseCache.pix) < need || cap(baseCache.pix) > 4*need {
			baseCache.pix = make([]byte, 0, need)
		}
		baseCache.pix = baseCache.pix[:0]
	}
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		i := dst.PixOffset(o.X+clip.Min.X, o.Y+y)
		if store {
			baseCache.pix = append(baseCache.pix, dst.Pix[i:i+w]...)
			continue
		}
		j := (y - clip.Min.Y) * w
		copy(dst.Pix[i:i+w], baseCache.pix[j:j+w])
	}
	return true
}
