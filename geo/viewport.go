// Package geo holds the map's geometry: the viewport on Web Mercator,
// geodesic measures, and spatial indexes. It is pure Go and never imports
// the GUI toolkit.
package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

// TileSize is the pixel size of one Web Mercator tile: zoom z shows the world
// 256·2^z pixels wide.
const TileSize = 256

// Zoom limits: 0 shows the world in one tile; 20 is about 15 cm a pixel.
const (
	MinZoom = 0.0
	MaxZoom = 20.0
)

// The Web Mercator plane (EPSG:3857): the one copy of its constants.
const (
	// WorldMeters is the width (and height) of the plane in metres.
	WorldMeters = 2 * math.Pi * orb.EarthRadius
	// WorldHalf is half of it: x and y run from -WorldHalf to WorldHalf.
	WorldHalf = WorldMeters / 2
	// MaxLat is the latitude where the square world ends, in degrees.
	MaxLat = 85.05112878
)

// Viewport is what the map shows: a centre (longitude, latitude), a
// fractional Web Mercator zoom and a size in pixels. It is an immutable value:
// every method returns a new Viewport, so it may be shared freely between
// goroutines.
type Viewport struct {
	Center orb.Point // longitude, latitude in degrees
	Zoom   float64   // Web Mercator zoom level, fractional
	W, H   int       // size in pixels (may be 0 before the first layout)
}

// New returns a viewport, clamping the zoom and the latitude.
func New(center orb.Point, zoom float64, w, h int) Viewport {
	return Viewport{Center: clampLonLat(center), Zoom: clampZoom(zoom), W: max(w, 0), H: max(h, 0)}
}

// Resolution returns the Web Mercator metres per pixel at this zoom (true at
// the equator; see MetersPerPixel for the ground scale).
func (v Viewport) Resolution() float64 {
	return WorldMeters / (TileSize * math.Exp2(v.Zoom))
}

// MetersPerPixel returns the ground distance of one pixel at the viewport's
// centre latitude.
func (v Viewport) MetersPerPixel() float64 {
	return v.Resolution() * math.Cos(v.Center[1]*math.Pi/180)
}

// Transform is the projection of one viewport, computed once and applied to
// many points; it is what drawing and hit-testing share.
type Transform struct {
	cx, cy, inv, res float64
	hw, hh           float64
}

// Transform returns v's projection.
func (v Viewport) Transform() Transform {
	c := project.WGS84.ToMercator(v.Center)
	res := v.Resolution()
	return Transform{cx: c[0], cy: c[1], inv: 1 / res, res: res, hw: float64(v.W) / 2, hh: float64(v.H) / 2}
}

// Project returns the pixel position of a longitude/latitude point
// (x right, y down, origin at the top left corner).
func (t Transform) Project(p orb.Point) (x, y float64) {
	m := project.WGS84.ToMercator(p)
	return (m[0]-t.cx)*t.inv + t.hw, (t.cy-m[1])*t.inv + t.hh
}

// ProjectMercator returns the pixel position of a point already in Web
// Mercator metres (the fast path for precomputed geometry).
func (t Transform) ProjectMercator(m orb.Point) (x, y float64) {
	return (m[0]-t.cx)*t.inv + t.hw, (t.cy-m[1])*t.inv + t.hh
}

// Unproject returns the longitude/latitude under pixel (x, y).
func (t Transform) Unproject(x, y float64) orb.Point {
	m := orb.Point{t.cx + (x-t.hw)*t.res, t.cy - (y-t.hh)*t.res}
	return project.Mercator.ToWGS84(m)
}

// Project is v.Transform().Project(p).
func (v Viewport) Project(p orb.Point) (x, y float64) { return v.Transform().Project(p) }

// Unproject is v.Transform().Unproject(x, y).
func (v Viewport) Unproject(x, y float64) orb.Point { return v.Transform().Unproject(x, y) }

// Pan returns the viewport moved so that the content shifts by (dx, dy)
// pixels: dragging the map right by 10 pixels is Pan(10, 0).
func (v Viewport) Pan(dx, dy float64) Viewport {
	t := v.Transform()
	v.Center = clampLonLat(t.Unproject(float64(v.W)/2-dx, float64(v.H)/2-dy))
	v.Center[0] = wrapLon(v.Center[0])
	return v
}

// ZoomAt returns the viewport zoomed by dz levels keeping the point under
// pixel (x, y) where it is, as a wheel zoom about the cursor does.
func (v Viewport) ZoomAt(x, y, dz float64) Viewport {
	t := v.Transform()
	anchor := project.WGS84.ToMercator(t.Unproject(x, y))
	nz := clampZoom(v.Zoom + dz)
	res := WorldMeters / (TileSize * math.Exp2(nz))
	c := orb.Point{anchor[0] - (x-float64(v.W)/2)*res, anchor[1] + (y-float64(v.H)/2)*res}
	v.Zoom = nz
	v.Center = clampLonLat(project.Mercator.ToWGS84(c))
	return v
}

// WithZoom returns v at zoom z about its centre.
func (v Viewport) WithZoom(z float64) Viewport { v.Zoom = clampZoom(z); return v }

// Resize returns v with a new pixel size, keeping centre and zoom.
func (v Viewport) Resize(w, h int) Viewport { v.W, v.H = max(w, 0), max(h, 0); return v }

// Bound returns the longitude/latitude box the viewport shows.
func (v Viewport) Bound() orb.Bound {
	t := v.Transform()
	a := t.Unproject(0, float64(v.H))
	b := t.Unproject(float64(v.W), 0)
	return orb.Bound{Min: a, Max: b}
}

// Fit returns the viewport of size w×h that shows b whole with pad pixels
// of margin on every side, at the largest zoom that does (capped at maxZoom).
func Fit(b orb.Bound, w, h int, pad, maxZoom float64) Viewport {
	if w <= 0 || h <= 0 {
		return New(b.Center(), 2, w, h)
	}
	lo := project.WGS84.ToMercator(b.Min)
	hi := project.WGS84.ToMercator(b.Max)
	mw, mh := math.Abs(hi[0]-lo[0]), math.Abs(hi[1]-lo[1])
	aw, ah := math.Max(float64(w)-2*pad, 1), math.Max(float64(h)-2*pad, 1)
	z := maxZoom
	if mw > 0 || mh > 0 {
		res := math.Max(mw/aw, mh/ah)
		z = math.Min(maxZoom, math.Log2(WorldMeters/(TileSize*res)))
	}
	c := project.Mercator.ToWGS84(orb.Point{(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2})
	return New(c, z, w, h)
}

func clampLonLat(p orb.Point) orb.Point {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
		return orb.Point{}
	}
	return orb.Point{math.Max(-180, math.Min(180, p[0])), math.Max(-MaxLat, math.Min(MaxLat, p[1]))}
}

func wrapLon(lon float64) float64 { return math.Max(-180, math.Min(180, lon)) }

func clampZoom(z float64) float64 {
	if math.IsNaN(z) {
		return MinZoom
	}
	return math.Max(MinZoom, math.Min(MaxZoom, z))
}
