package render

import (
	"image"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
)

// cornerLayer returns an incident layer whose points fill the part
// (fx0..fx1, fy0..fy1, fractions of b from its top left) of bound b.
func cornerLayer(t *testing.T, b orb.Bound, fx0, fy0, fx1, fy1 float64) *data.Layer {
	t.Helper()
	bl := data.NewBuilder("Incidents", 0)
	bl.Layer().Kind = data.KindIncident
	dx, dy := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	for i := 0; i <= 40; i++ {
		for j := 0; j <= 30; j++ {
			x := b.Min[0] + dx*(fx0+(fx1-fx0)*float64(i)/40)
			y := b.Max[1] - dy*(fy0+(fy1-fy0)*float64(j)/30)
			if err := bl.Add(data.Feature{Geometry: orb.Point{x, y}, Span: data.Undated}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return bl.Build()
}

// pageBound is the map of the placement tests: open sea and the French
// coast west of Calais, where the basemap is simple.
var pageBound = orb.Bound{Min: orb.Point{1.2, 50.7}, Max: orb.Point{2.2, 51.2}}

// mapBound returns what the map of a page of size ps shows of pageBound.
func mapBound(t *testing.T, ps PageSize) orb.Bound {
	return DrawPage(placeScene(t, nil), pageBound, PageOptions{Size: ps, NoLegend: true}).Layout.Viewport.Bound()
}

// placeScene returns a scene of the embedded basemap and layer l, without
// labels (they keep clear of the furniture, which would move them).
func placeScene(t *testing.T, l *data.Layer) *Scene {
	t.Helper()
	bm, err := basemap.Default()
	if err != nil {
		t.Fatal(err)
	}
	var ls []*data.Layer
	if l != nil {
		ls = append(ls, l)
	}
	sc := NewScene(bm, ls)
	sc.Labels = false
	return sc
}

// furnitureOverData draws the page of sc with opt, with and without its
// furniture, and the page without the data, and returns how many pixels
// are data (the page without furniture differs there from the one without
// data) and furniture (the page with furniture differs from the one
// without), and how many are both.
func furnitureOverData(t *testing.T, sc *Scene, opt PageOptions) (d *Drawing, dataPx, furnPx, both int) {
	t.Helper()
	bare := opt
	bare.NoLegend, bare.NoScaleBar, bare.NoNorth, bare.NoInset = true, true, true, true
	d = DrawPage(sc, pageBound, opt)
	m := d.Layout.Map
	noData := *sc
	noData.Layers = nil
	if d.Layout.Placement == PlaceMargin {
		// the map is narrower: the furniture must stand beside it
		for _, r := range d.Layout.Furniture {
			if r[0] < m[2] {
				both++
			}
		}
		return d, 1 << 20, 1 << 20, both
	}
	withF, without := d.Rasterize(1), DrawPage(sc, pageBound, bare)
	if without.Layout.Map != m {
		t.Fatalf("the map moved without furniture: %v, %v", without.Layout.Map, m)
	}
	empty := DrawPage(&noData, pageBound, bare).Rasterize(1)
	bareImg := without.Rasterize(1)
	differ := func(a, b *image.RGBA, x, y int) bool {
		i := a.PixOffset(x, y)
		for c := 0; c < 3; c++ {
			if v := int(a.Pix[i+c]) - int(b.Pix[i+c]); v > 24 || v < -24 {
				return true
			}
		}
		return false
	}
	for y := int(m[1]) + 2; y < int(m[3])-1; y++ {
		for x := int(m[0]) + 2; x < int(m[2])-1; x++ {
			isData, isFurn := differ(bareImg, empty, x, y), differ(withF, bareImg, x, y)
			if isData {
				dataPx++
			}
			if isFurn {
				furnPx++
			}
			if isData && isFurn {
				both++
			}
		}
	}
	return d, dataPx, furnPx, both
}

// TestPageFurnitureLeavesDataUncovered fills each corner of the map with
// incidents in turn and checks that the legend, inset, scale bar and north
// arrow go where no pixel of theirs lands on a pixel of data, measured by
// drawing the page with and without its furniture and without its data;
// and that the same test catches a legend the user put over the data.
func TestPageFurnitureLeavesDataUncovered(t *testing.T) {
	ps, _ := ParsePageSize("a4-landscape")
	for _, tc := range []struct {
		name               string
		fx0, fy0, fx1, fy1 float64
		corner             Placement
	}{
		{"data in the top right", 0.62, 0.02, 0.98, 0.45, PlaceTopRight},
		{"data in the top left", 0.02, 0.02, 0.4, 0.45, PlaceTopLeft},
		{"data in the bottom right", 0.62, 0.55, 0.98, 0.98, PlaceBottomRight},
		{"data in the bottom left", 0.02, 0.55, 0.4, 0.98, PlaceBottomLeft},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := placeScene(t, cornerLayer(t, mapBound(t, ps), tc.fx0, tc.fy0, tc.fx1, tc.fy1))
			d, dataPx, furnPx, both := furnitureOverData(t, sc, PageOptions{Size: ps, Title: "Placement"})
			if dataPx < 2000 || furnPx < 2000 {
				t.Fatalf("%d data pixels, %d furniture pixels: the test sees nothing", dataPx, furnPx)
			}
			if both > 0 || d.Layout.Covered > 0 {
				t.Errorf("legend at %s: %d furniture pixels over data (%d cells covered)", d.Layout.Placement, both, d.Layout.Covered)
			}
			if d.Layout.Placement == tc.corner || d.Layout.Placement == "" {
				t.Errorf("legend placed %q, in the corner full of data", d.Layout.Placement)
			}
			// The user's choice wins, and the test sees the legend over the data.
			d, _, _, both = furnitureOverData(t, sc, PageOptions{Size: ps, Title: "Placement", Placement: tc.corner})
			if d.Layout.Placement != tc.corner || both == 0 || d.Layout.Covered == 0 {
				t.Errorf("legend put %s: placed %s, %d pixels over data, %d cells covered", tc.corner, d.Layout.Placement, both, d.Layout.Covered)
			}
		})
	}
}

// TestPageFurnitureInMargin checks the margin: chosen by the user, or when
// data fills every corner, the map narrows and the furniture stands beside
// it.
func TestPageFurnitureInMargin(t *testing.T) {
	ps, _ := ParsePageSize("a4-landscape")
	for _, tc := range []struct {
		name  string
		layer func(t *testing.T) *data.Layer
		opt   PageOptions
	}{
		{"asked for", func(t *testing.T) *data.Layer { return cornerLayer(t, mapBound(t, ps), 0.6, 0.1, 0.9, 0.4) }, PageOptions{Size: ps, Placement: PlaceMargin}},
		{"data everywhere", func(t *testing.T) *data.Layer { return cornerLayer(t, mapBound(t, ps), 0, 0, 1, 1) }, PageOptions{Size: ps}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := placeScene(t, tc.layer(t))
			d, _, _, both := furnitureOverData(t, sc, tc.opt)
			m, lr := d.Layout.Map, d.Layout.LegendRect
			if d.Layout.Placement != PlaceMargin || lr[0] < m[2] || d.Layout.InsetRect[0] < m[2] {
				t.Fatalf("placed %s: legend %v, inset %v, map %v", d.Layout.Placement, lr, d.Layout.InsetRect, m)
			}
			if m[2] > ps.W-28-134 {
				t.Errorf("the map %v was not narrowed for the margin", m)
			}
			if both > 0 || len(d.Layout.Furniture) != 4 {
				t.Errorf("%d of the pieces %v over the map %v", both, d.Layout.Furniture, m)
			}
		})
	}
	if _, err := ParsePlacement("middle"); err == nil {
		t.Error("placement middle accepted")
	}
	for _, p := range Placements() {
		if got, err := ParsePlacement(string(p)); err != nil || got != p {
			t.Errorf("ParsePlacement(%q) = %q, %v", p, got, err)
		}
	}
}
