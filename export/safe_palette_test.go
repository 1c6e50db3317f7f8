package export

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/geo"
	"campmap/render"
)

// lightness returns the CIE L* of an sRGB colour.
func lightness(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	y := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	if y > 216.0/24389 {
		return 116*math.Cbrt(y) - 16
	}
	return 24389.0 / 27 * y
}

// over returns c drawn at opacity a over bg.
func over(c, bg color.NRGBA, a float64) color.NRGBA {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{m(c.R, bg.R), m(c.G, bg.G), m(c.B, bg.B), 0xff}
}

// incidentsAt returns an incident layer with n[i] incidents at points[i].
func incidentsAt(t *testing.T, points []orb.Point, n []int) *data.Layer {
	t.Helper()
	b := data.NewBuilder("Incidents", 0)
	b.Layer().Kind = data.KindIncident
	for i, p := range points {
		for j := 0; j < n[i]; j++ {
			if err := b.Add(data.Feature{Geometry: p, Kind: data.KindIncident, Span: data.Undated}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return b.Build()
}

// TestSafeClassesAreDistinct checks that adjacent count classes of
// publication-safe cells differ by at least 8 in CIE L* as the map draws
// them, on land and on sea, and that a page's cells are drawn in those
// colours: one cell per class, sampled at its centre.
func TestSafeClassesAreDistinct(t *testing.T) {
	if len(cellPalette) != len(countClasses(5, "incidents", "")) {
		t.Fatalf("%d colours for %d classes", len(cellPalette), len(countClasses(5, "incidents", "")))
	}
	for _, bg := range []struct {
		name string
		c    color.NRGBA
	}{{"land", render.LandColor}, {"sea", render.SeaColor}} {
		for i := 1; i < len(cellPalette); i++ {
			a, b := lightness(over(cellPalette[i-1], bg.c, cellFillOpacity)), lightness(over(cellPalette[i], bg.c, cellFillOpacity))
			if a-b < 8 {
				t.Errorf("on %s, classes %d and %d differ by %.1f in L* (%.1f, %.1f): want 8 or more", bg.name, i-1, i, a-b, a, b)
			}
		}
	}
	// What is drawn: cells of 5, 10, 25, 50 and 100 incidents on the sea
	// (no basemap), one per class, 7 km apart.
	var pts []orb.Point
	for i := range 5 {
		pts = append(pts, orb.Point{1.0 + 0.1*float64(i), 50.95})
	}
	l := incidentsAt(t, pts, []int{5, 10, 25, 50, 100})
	sc, sum := SafeScene(render.NewScene(nil, []*data.Layer{l}), SafeOptions{CellMeters: 2000, MinCount: 5})
	if sum.Cells != 5 {
		t.Fatalf("%d cells, want 5", sum.Cells)
	}
	vp := geo.New(orb.Point{1.2, 50.95}, 11, 900, 200)
	img := render.Render(sc, vp)
	prev := 101.0
	for i, p := range pts {
		r, c := cellOf(p[0], p[1], 2000)
		ring := cellRing(r, c, 2000)
		x, y := vp.Project(orb.Point{(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2})
		got := img.At(int(x), int(y))
		want := over(cellPalette[i], render.SeaColor, cellFillOpacity)
		if d := math.Abs(lightness(got) - lightness(want)); d > 2 {
			t.Errorf("class %d drawn L* %.1f, want %.1f", i, lightness(got), lightness(want))
		}
		if lg := lightness(got); prev-lg < 8 {
			t.Errorf("class %d drawn L* %.1f, only %.1f below the class before", i, lg, prev-lg)
		} else {
			prev = lg
		}
	}
}

// TestSafeCellsUnderLabels covers Dunkerque with light cells and checks
// that the town's name is drawn above them: where the name's pixels are
// (the frame with labels differs from the one without), some are as dark
// as text, which a name under cells of 85% opacity could not be.
func TestSafeCellsUnderLabels(t *testing.T) {
	bm, err := basemap.Default()
	if err != nil {
		t.Fatal(err)
	}
	// 6 incidents (the lightest class) in every cell around Dunkerque
	var pts []orb.Point
	var n []int
	r0, c0 := cellOf(2.377, 51.034, 2000)
	for r := r0 - 4; r <= r0+4; r++ {
		for c := c0 - 12; c <= c0+8; c++ {
			ring := cellRing(r, c, 2000)
			pts = append(pts, orb.Point{(ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2})
			n = append(n, 6)
		}
	}
	sc, _ := SafeScene(render.NewScene(bm, []*data.Layer{incidentsAt(t, pts, n)}), SafeOptions{CellMeters: 2000, MinCount: 5})
	vp := geo.New(orb.Point{2.377, 51.034}, 10.5, 500, 300)
	sc.Labels = true
	with := render.Render(sc, vp)
	sc.Labels = false
	without := render.Render(sc, vp)
	bare := *sc
	bare.Layers = nil
	noCells := render.Render(&bare, vp)
	text, dark := 0, 0
	for y := 0; y < vp.H; y++ {
		for x := 0; x < vp.W; x++ {
			a, b := with.RGBAAt(x, y), without.RGBAAt(x, y)
			if a == b || b == noCells.RGBAAt(x, y) {
				continue // not a label pixel over a cell
			}
			text++
			if lightness(a) < 50 {
				dark++
			}
		}
	}
	if text < 50 || dark < 20 {
		t.Fatalf("%d label pixels over cells, %d of them dark: the names are not drawn above the cells", text, dark)
	}
	if testing.Verbose() {
		t.Logf("%d label pixels over cells, %d dark", text, dark)
	}
	if *update {
		writeShot(t, "/tmp/shots/page-safe-cells-labels.png", with)
	}
}

// writeShot saves a frame to look at (with -update).
func writeShot(t *testing.T, path string, img image.Image) {
	f, err := os.Create(path)
	if err != nil {
		t.Log(err)
		return
	}
	defer f.Close()
	png.Encode(f, img)
}
