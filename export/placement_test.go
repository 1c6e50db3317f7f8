package export

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/sample"
	"campmap/data/style"
	"campmap/render"
)

// TestGoldenPageLegendAvoidsData exports a PDF page whose incidents fill
// the map's top right corner (where the legend usually goes), converts it
// with pdftoppm, and checks against the same page without furniture and
// without data that no pixel of the furniture lands on a pixel of data;
// the page with furniture is also compared with a golden PNG, and the
// manifest says where the legend went.
func TestGoldenPageLegendAvoidsData(t *testing.T) {
	bm, err := basemap.Default()
	if err != nil {
		t.Fatal(err)
	}
	bound := orb.Bound{Min: orb.Point{1.2, 50.7}, Max: orb.Point{2.2, 51.2}}
	ps, _ := render.ParsePageSize("a4-landscape")
	// what the map shows of bound
	shown := render.DrawPage(render.NewScene(bm, nil), bound, render.PageOptions{Size: ps}).Layout.Viewport.Bound()
	var pts []orb.Point
	dx, dy := shown.Max[0]-shown.Min[0], shown.Max[1]-shown.Min[1]
	for i := 0; i <= 30; i++ {
		for j := 0; j <= 20; j++ {
			pts = append(pts, orb.Point{shown.Min[0] + dx*(0.6+0.39*float64(i)/30), shown.Max[1] - dy*(0.01+0.45*float64(j)/20)})
		}
	}
	ones := make([]int, len(pts))
	for i := range ones {
		ones[i] = 1
	}
	l := incidentsAt(t, pts, ones)
	dir := t.TempDir()
	page := func(name string, layers []*data.Layer, furniture bool) image.Image {
		sc := render.NewScene(bm, layers)
		sc.Labels = false
		opt := &render.PageOptions{Size: ps, Title: "Incidents in the top right", Date: "2015-09-01", Label: "Restricted",
			NoLegend: !furniture, NoScaleBar: !furniture, NoNorth: !furniture, NoInset: !furniture}
		m, err := Describe(sc, "test")
		if err != nil {
			t.Fatal(err)
		}
		b, res := write(t, Job{Scene: sc, Bound: bound, Format: FormatPDF, Manifest: m, Page: opt})
		if furniture {
			if res.Layout.Placement == render.PlaceTopRight || res.Layout.Placement == "" || res.Layout.Covered != 0 {
				t.Errorf("legend placed %q covering %d cells", res.Layout.Placement, res.Layout.Covered)
			}
			mf, err := ReadManifest(res.Manifest)
			if err != nil || mf.Page == nil || mf.Page.Placement != "auto" || mf.Page.LegendAt != string(res.Layout.Placement) {
				t.Errorf("manifest page %+v, %v: want placement auto, legend_at %s", mf.Page, err, res.Layout.Placement)
			}
		}
		pdf := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(pdf, b, 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, "pdftoppm", "-png", "-r", "60", "-singlefile", pdf, filepath.Join(dir, name))
		return readPNG(t, filepath.Join(dir, name+".png"))
	}
	full := page("full", []*data.Layer{l}, true)
	bare := page("bare", []*data.Layer{l}, false)
	empty := page("empty", nil, false)
	differ := func(a, b image.Image, x, y int) bool {
		r1, g1, b1, _ := a.At(x, y).RGBA()
		r2, g2, b2, _ := b.At(x, y).RGBA()
		d := func(u, v uint32) bool { return int(u>>8)-int(v>>8) > 24 || int(v>>8)-int(u>>8) > 24 }
		return d(r1, r2) || d(g1, g2) || d(b1, b2)
	}
	// the map box at 60 dpi, inside its frame
	k := 60.0 / 72
	x0, y0, x1, y1 := int(28*k)+2, int(70*k)+2, int((ps.W-28)*k)-2, int(540*k)-2
	dataPx, furnPx, both := 0, 0, 0
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			isData, isFurn := differ(bare, empty, x, y), differ(full, bare, x, y)
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
	if dataPx < 1000 || furnPx < 1000 {
		t.Fatalf("%d data pixels, %d furniture pixels: the test sees nothing", dataPx, furnPx)
	}
	if both > 0 {
		t.Errorf("%d furniture pixels over data", both)
	}
	golden := filepath.Join("testdata", "page-legend-avoids-data.png")
	if *update {
		copyFile(t, filepath.Join(dir, "full.png"), golden)
		copyFile(t, filepath.Join(dir, "full.png"), "/tmp/shots/page-legend-avoids-data.png")
		return
	}
	if d := meanDiff(full, readPNG(t, golden)); d > 2 {
		t.Errorf("mean difference %.2f from %s", d, golden)
	}
}

// TestManifestKeepsDensityView: a layer drawn as a density view is
// recorded with its bins in the manifest, read back as the same style,
// and a page of it carries the bins' legend.
func TestManifestKeepsDensityView(t *testing.T) {
	sc := sampleScene(t)
	i := -1
	for k, lv := range sc.Layers {
		if lv.Layer.Kind == data.KindIncident {
			i = k
		}
	}
	if i < 0 {
		t.Fatal("the sample has no incident layer")
	}
	sc.Layers[i].Density = &style.Density{Shape: style.DensitySquares, Meters: 1500}
	m, err := Describe(sc, "test")
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := render.ParsePageSize("a4-landscape")
	_, res := write(t, Job{Scene: sc, Bound: sample.Bounds(), Format: FormatSVG, Manifest: m, Page: &render.PageOptions{Size: ps}})
	back, err := ReadManifest(res.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	if d := back.Layers[i].Style.Density; d == nil || *d != *sc.Layers[i].Density {
		t.Errorf("manifest density %+v, want %+v", d, sc.Layers[i].Density)
	}
	found := false
	for _, row := range res.Layout.Legend {
		found = found || strings.Contains(row, "squares of 1.5 km")
	}
	if !found {
		t.Errorf("page legend %q names no squares of 1.5 km", res.Layout.Legend)
	}
}
