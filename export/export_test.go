package export

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/sample"
	"campmap/data/style"
	"campmap/geo"
	"campmap/render"
)

var update = flag.Bool("update", false, "rewrite the golden page renders in testdata/")

// sampleScene is the embedded Calais scenario with every layer shown.
func sampleScene(t testing.TB) *render.Scene {
	t.Helper()
	bm, err := basemap.Default()
	if err != nil {
		t.Fatal(err)
	}
	ls, err := sample.Layers()
	if err != nil {
		t.Fatal(err)
	}
	return render.NewScene(bm, ls)
}

func pageJob(t testing.TB, format, page string) Job {
	t.Helper()
	sc := sampleScene(t)
	ps, err := render.ParsePageSize(page)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Describe(sc, "test")
	if err != nil {
		t.Fatal(err)
	}
	return Job{Scene: sc, Bound: sample.Bounds(), Format: format, Manifest: m, Page: &render.PageOptions{
		Size: ps, Title: "Calais briefing", Subtitle: "Camps and incidents, summer 2015", Org: "Test NGO",
		Date: "2015-09-01", Label: "Restricted", Miles: true}}
}

func write(t testing.TB, j Job) ([]byte, Result) {
	t.Helper()
	var b bytes.Buffer
	res, err := Write(&b, j)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), res
}

// needTool returns the path of a poppler tool; the Makefile's test target
// installs poppler-utils, so a missing tool is a broken setup.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found: install poppler-utils (make deps-test)", name)
	}
	return p
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(needTool(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

func TestPDFPage(t *testing.T) {
	dir := t.TempDir()
	b, res := write(t, pageJob(t, FormatPDF, "a4-landscape"))
	path := filepath.Join(dir, "page.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	info := run(t, "pdfinfo", path)
	if !regexp.MustCompile(`Page size:\s+842 x 595 pts`).MatchString(info) {
		t.Errorf("page size: %s", info)
	}
	if !regexp.MustCompile(`Pages:\s+1\n`).MatchString(info) {
		t.Errorf("pages: %s", info)
	}
	text := run(t, "pdftotext", "-layout", path, "-")
	norm := strings.Join(strings.Fields(text), " ")
	want := []string{"Calais briefing", "Camps and incidents, summer 2015", "Test NGO", "RESTRICTED", "Legend",
		"Camps (3)", "Ports (6)", "tunnel intrusion attempt", "Time window: all dates",
		"GSHHG, Wessel & Smith", "Natural Earth", "© OpenStreetMap contributors", "10 km", "5 mi", "Jungle"}
	for _, w := range want {
		if !strings.Contains(norm, w) {
			t.Errorf("pdftotext lacks %q:\n%s", w, text)
		}
	}
	for _, l := range res.Layout.Legend {
		if !strings.Contains(norm, strings.TrimSuffix(l, "…")) {
			t.Errorf("legend row %q not in the text", l)
		}
	}
	// Vector: the content has path operators and text, no image.
	content := pdfStreams(t, b)
	if n := strings.Count(content, " l\n"); n < 1000 {
		t.Errorf("%d line segments in the content, want a vector map", n)
	}
	if strings.Contains(string(b), "/Image") || strings.Contains(content, " Do") {
		t.Error("the PDF holds an image")
	}
	if !strings.Contains(string(b), "/FontFile2") {
		t.Error("fonts are not embedded")
	}
	fonts := run(t, "pdffonts", path)
	if strings.Count(fonts, " yes ") < 2 {
		t.Errorf("pdffonts: %s", fonts)
	}
	// The manifest is attached.
	if !bytes.Contains(b, []byte(`"app": "campmap"`)) || !bytes.Contains(b, []byte("/EmbeddedFiles")) {
		t.Error("no manifest in the PDF")
	}
}

// pdfStreams returns every stream of a PDF, inflated where it is
// compressed, concatenated.
func pdfStreams(t testing.TB, b []byte) string {
	var out strings.Builder
	for {
		i := bytes.Index(b, []byte("stream\n"))
		if i < 0 {
			break
		}
		j := bytes.Index(b[i:], []byte("\nendstream"))
		if j < 0 {
			break
		}
		raw := b[i+7 : i+j]
		if zr, err := zlib.NewReader(bytes.NewReader(raw)); err == nil {
			if dec, err := io.ReadAll(zr); err == nil {
				raw = dec
			}
		}
		out.Write(raw)
		out.WriteByte('\n')
		b = b[i+j+10:]
	}
	return out.String()
}

func TestSVGPage(t *testing.T) {
	b, _ := write(t, pageJob(t, FormatSVG, "a4-portrait"))
	s := string(b)
	if n := strings.Count(s, "<path "); n < 100 {
		t.Errorf("%d <path> elements, want a vector map", n)
	}
	if strings.Contains(s, "<image") {
		t.Error("the SVG holds an image")
	}
	for _, w := range []string{">Calais briefing</text>", "@font-face", "<metadata><campmap-manifest", `width="595pt" height="842pt"`} {
		if !strings.Contains(s, w) {
			t.Errorf("SVG lacks %q", w)
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
	}
}

func TestPageGeometry(t *testing.T) {
	for _, tc := range []struct {
		page string
		w, h float64
	}{
		{"a4-landscape", 842, 595}, {"a4-portrait", 595, 842}, {"a3-landscape", 1191, 842},
		{"a3-portrait", 842, 1191}, {"letter-landscape", 792, 612}, {"letter-portrait", 612, 792},
	} {
		t.Run(tc.page, func(t *testing.T) {
			ps, err := render.ParsePageSize(tc.page)
			if err != nil || ps.W != tc.w || ps.H != tc.h {
				t.Fatalf("ParsePageSize(%q) = %v, %v", tc.page, ps, err)
			}
		})
	}
	if _, err := render.ParsePageSize("a5"); err == nil {
		t.Error("a5 accepted")
	}
}

// TestGoldenPages renders each page type through pdftoppm and compares it
// with a golden PNG, allowing a small mean difference.
func TestGoldenPages(t *testing.T) {
	dir := t.TempDir()
	for _, page := range render.PageNames() {
		t.Run(page, func(t *testing.T) {
			b, _ := write(t, pageJob(t, FormatPDF, page))
			pdf := filepath.Join(dir, page+".pdf")
			os.WriteFile(pdf, b, 0o644)
			run(t, "pdftoppm", "-png", "-r", "30", "-singlefile", pdf, filepath.Join(dir, page))
			got := readPNG(t, filepath.Join(dir, page+".png"))
			golden := filepath.Join("testdata", "page-"+page+".png")
			if *update {
				copyFile(t, filepath.Join(dir, page+".png"), golden)
				return
			}
			want := readPNG(t, golden)
			if d := meanDiff(got, want); d > 2.0 {
				failed := filepath.Join("testdata", "failed")
				os.MkdirAll(failed, 0o755)
				copyFile(t, filepath.Join(dir, page+".png"), filepath.Join(failed, "page-"+page+".png"))
				t.Errorf("mean difference %.2f from %s (got written to testdata/failed)", d, golden)
			}
		})
	}
}

// TestPNGPageMatchesPDF checks that the PNG page (campmap's rasteriser)
// and the PDF page (poppler's) agree.
func TestPNGPageMatchesPDF(t *testing.T) {
	dir := t.TempDir()
	j := pageJob(t, FormatPDF, "a4-landscape")
	b, _ := write(t, j)
	pdf := filepath.Join(dir, "p.pdf")
	os.WriteFile(pdf, b, 0o644)
	run(t, "pdftoppm", "-png", "-r", "96", "-singlefile", pdf, filepath.Join(dir, "p"))
	fromPDF := readPNG(t, filepath.Join(dir, "p.png"))
	j.Format, j.DPI = FormatPNG, 96
	pb, res := write(t, j)
	img, err := png.Decode(bytes.NewReader(pb))
	if err != nil {
		t.Fatal(err)
	}
	if res.W != 1123 || res.H != 794 {
		t.Errorf("A4 landscape at 96 dpi is %dx%d, want 1123x794", res.W, res.H)
	}
	if d := meanDiff(img, fromPDF); d > 6 {
		t.Errorf("PNG and PDF pages differ by %.2f on average", d)
	}
}

func TestScaleBarGeodesic(t *testing.T) {
	for _, tc := range []struct {
		name  string
		bound orb.Bound
	}{
		{"calais", sample.Bounds()},
		{"north sea", orb.Bound{Min: orb.Point{-2, 55}, Max: orb.Point{8, 62}}},
		{"equator", orb.Bound{Min: orb.Point{30, -1}, Max: orb.Point{31, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := pageJob(t, FormatSVG, "a4-landscape")
			j.Bound = tc.bound
			_, res := write(t, j)
			lay := res.Layout
			if lay.ScaleBarPt <= 0 {
				t.Fatal("no scale bar")
			}
			// The bar's page length, back to viewport pixels, measured on the
			// ground along the centre's parallel.
			px := lay.ScaleBarPt / lay.PtPerPx
			vp := lay.Viewport
			cx, cy := float64(vp.W)/2, float64(vp.H)/2
			a := vp.Unproject(cx-px/2, cy)
			b := vp.Unproject(cx+px/2, cy)
			ground := geo.Distance(a, b)
			if rel := math.Abs(ground-lay.ScaleBar.Meters) / lay.ScaleBar.Meters; rel > 0.01 {
				t.Errorf("bar says %s, its length spans %.1f m on the ground (%.2f%%)", lay.ScaleBar.Label, ground, rel*100)
			}
		})
	}
}

func TestManifestRoundTrip(t *testing.T) {
	j := pageJob(t, FormatPNG, "a4-landscape")
	j.DPI = 96
	a, res := write(t, j)
	b, _ := write(t, j)
	if !bytes.Equal(a, b) {
		t.Error("the same job gave different PNG bytes")
	}
	got, ok := ReadPNGManifest(a)
	if !ok || !bytes.Equal(got, res.Manifest) {
		t.Fatalf("manifest chunk %q", got)
	}
	m, err := ReadManifest(got)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Verify(); err != nil {
		t.Errorf("sample inputs do not verify: %v", err)
	}
	if len(m.Inputs) != 5 || !m.Inputs[0].Embedded || !strings.HasPrefix(m.Inputs[0].Name, "sample:") || len(m.Inputs[0].SHA256) != 64 {
		t.Errorf("inputs %+v", m.Inputs)
	}
	if m.Page == nil || m.Page.Name != "a4-landscape" || m.Page.DPI != 96 || m.Page.Date != "2015-09-01" {
		t.Errorf("page %+v", m.Page)
	}
}

func TestVerifyNamesChangedFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "camps.geojson")
	os.WriteFile(p, []byte(`{"type":"FeatureCollection","features":[]}`), 0o644)
	in, err := HashFile(p)
	if err != nil {
		t.Fatal(err)
	}
	m := Manifest{App: "campmap", Inputs: []Input{in}}
	if err := m.Verify(); err != nil {
		t.Fatalf("unchanged file: %v", err)
	}
	os.WriteFile(p, []byte(`{"type":"FeatureCollection","features":[ ]}`), 0o644)
	err = m.Verify()
	if err == nil || !strings.Contains(err.Error(), "camps.geojson") || !errors.Is(err, ErrInputChanged) {
		t.Errorf("changed file: %v", err)
	}
	os.Remove(p)
	if err := m.Verify(); err == nil || !errors.Is(err, ErrInputMissing) {
		t.Errorf("missing file: %v", err)
	}
}

// TestSafeModeLeaks exports the sample in publication-safe mode in every
// format and searches each file (PDF streams inflated, the sidecar
// manifest too) for any incident's coordinates, id, name or property.
func TestSafeModeLeaks(t *testing.T) {
	sc := sampleScene(t)
	var inc *data.Layer
	for _, lv := range sc.Layers {
		if lv.Layer.Kind == data.KindIncident {
			inc = lv.Layer
		}
	}
	if inc == nil || inc.Len() < 100 {
		t.Fatal("no incidents in the sample")
	}
	needles := map[string]bool{}
	for i := 0; i < inc.Len(); i++ {
		p := inc.Anchor(i)
		for prec := 4; prec <= 6; prec++ {
			needles[fmt.Sprintf("%.*f", prec, p[0])] = true
			needles[fmt.Sprintf("%.*f", prec, p[1])] = true
		}
		for prec := 2; prec <= 3; prec++ {
			needles[fmt.Sprintf("%.*f,%.*f", prec, p[0], prec, p[1])] = true
			needles[fmt.Sprintf("%.*f, %.*f", prec, p[1], prec, p[0])] = true
		}
		if id := inc.ID(i).String(); id != "" {
			needles[id] = true
		}
		if n := inc.FeatureName(i); n != "" {
			needles[n] = true
		}
		for _, pr := range inc.Props(i) {
			if pr.Value.Type == data.ValueString && pr.Key != "source" && pr.Key != "kind" && len(pr.Value.Str) >= 4 {
				needles[pr.Value.Str] = true
			}
		}
	}
	for _, f := range []string{FormatPDF, FormatSVG, FormatPNG, "hexagons " + FormatPDF} {
		t.Run(f, func(t *testing.T) {
			hex := strings.HasPrefix(f, "hexagons ")
			f = strings.TrimPrefix(f, "hexagons ")
			j := pageJob(t, f, "a4-landscape")
			// Filters on the incidents: a hidden category and a hidden name
			// must not be spelled out in the manifest either.
			for i, lv := range j.Scene.Layers {
				if lv.Layer.Kind == data.KindIncident {
					lv.Hidden = style.SetOf(lv.Layer.Categories()[0])
					lv.Filter = &style.Filter{Key: "name", Hidden: style.SetOf(inc.FeatureName(0))}
					j.Scene.Layers[i] = lv
				}
			}
			m, err := Describe(j.Scene, "test")
			if err != nil {
				t.Fatal(err)
			}
			j.Manifest = m
			j.Safe = &SafeOptions{Hexagons: hex}
			j.Bound = inc.Bounds() // the data's own extent: it must not leak either
			b, res := write(t, j)
			hay := string(b)
			if f == FormatPDF {
				hay += pdfStreams(t, b)
			}
			if f == FormatPNG {
				m, ok := ReadPNGManifest(b)
				if !ok {
					t.Fatal("no manifest chunk")
				}
				hay += string(m)
			}
			hay += string(res.Manifest)
			var found []string
			for n := range needles {
				if strings.Contains(hay, n) {
					found = append(found, n)
				}
			}
			if len(found) > 0 {
				t.Errorf("%d incident values in the %s output, e.g. %q", len(found), f, found[:min(5, len(found))])
			}
			if res.Safe.Cells == 0 || res.Safe.Incidents == 0 || res.Safe.Incidents >= inc.Len() {
				t.Errorf("summary %+v", res.Safe)
			}
			var got Manifest
			json.Unmarshal(res.Manifest, &got)
			if got.Safe == nil || got.Safe.CellMeters != 2000 || got.Safe.MinCount != 5 {
				t.Errorf("manifest safe %+v", got.Safe)
			}
		})
	}
}

func TestSafeSceneSuppresses(t *testing.T) {
	b := data.NewBuilder("inc", 10)
	// Six incidents in one cell, two in another.
	for i, p := range []orb.Point{{1.8501, 50.9501}, {1.8502, 50.9502}, {1.8503, 50.9503}, {1.8504, 50.9504}, {1.8505, 50.9505}, {1.8506, 50.9506}, {2.3, 51.2}, {2.3001, 51.2001}} {
		if err := b.Add(data.Feature{Geometry: p, Kind: data.KindIncident, Span: data.Undated, Props: []data.Property{{Key: "name", Value: data.Text(fmt.Sprint("n", i))}}}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	l.Kind = data.KindIncident
	sc := render.NewScene(nil, []*data.Layer{l})
	out, sum := SafeScene(sc, SafeOptions{CellMeters: 2000, MinCount: 5})
	if sum.Cells != 1 || sum.Suppressed != 1 || sum.Incidents != 8 {
		t.Errorf("summary %+v", sum)
	}
	if len(out.Layers) != 1 || HoldsIncidents(out.Layers[0].Layer) {
		t.Fatalf("layers %+v", out.Layers)
	}
	cl := out.Layers[0].Layer
	if cl.Len() != 1 || cl.IsPoint(0) {
		t.Fatalf("cell layer %d features", cl.Len())
	}
	if got := cl.Category(0); got != "5–9 incidents" {
		t.Errorf("class %q", got)
	}
	// The cell is anchored on the global grid: moving the data does not
	// move the cell edges.
	ring := cl.Geometry(0).(orb.Polygon)[0]
	dlat := 2000 / metresPerDegree
	if r := math.Mod(ring[0][1], dlat); math.Abs(r) > 1e-9 && math.Abs(r-dlat) > 1e-9 {
		t.Errorf("cell edge %v is off the grid", ring[0])
	}
}

func TestPublicLabelNeedsSafe(t *testing.T) {
	j := pageJob(t, FormatPDF, "a4-landscape")
	j.Safe = &SafeOptions{}
	if _, err := Write(io.Discard, j); err != nil {
		t.Errorf("safe export: %v", err)
	}
}

func TestDPIRange(t *testing.T) {
	for _, tc := range []struct {
		dpi float64
		ok  bool
	}{{95, false}, {96, true}, {601, false}} {
		j := pageJob(t, FormatPNG, "letter-portrait")
		j.DPI = tc.dpi
		_, _, _, err := j.Prepare()
		if (err == nil) != tc.ok {
			t.Errorf("dpi %g: %v", tc.dpi, err)
		}
	}
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Dir(to), 0o755)
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// meanDiff returns the mean absolute difference per channel (0..255) of
// two images, or 255 when their sizes differ.
func meanDiff(a, b image.Image) float64 {
	if a.Bounds().Size() != b.Bounds().Size() {
		return 255
	}
	ab, bb := a.Bounds(), b.Bounds()
	sum, n := 0.0, 0
	for y := 0; y < ab.Dy(); y++ {
		for x := 0; x < ab.Dx(); x++ {
			r1, g1, b1, _ := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			sum += math.Abs(float64(r1)-float64(r2)) + math.Abs(float64(g1)-float64(g2)) + math.Abs(float64(b1)-float64(b2))
			n += 3
		}
	}
	return sum / float64(n) / 257
}

func TestManifestFiltersRoundTrip(t *testing.T) {
	sc := sampleScene(t)
	var li int
	for i, lv := range sc.Layers {
		if lv.Layer.Kind == data.KindIncident {
			li = i
		}
	}
	inc := sc.Layers[li].Layer
	sc.Layers[li].Hidden = style.SetOf(inc.Categories()[1])
	sc.Layers[li].Filter = &style.Filter{Key: "place", Hidden: style.SetOf("A16 at Calais")}
	sc.Layers[0].Visible = false
	m, err := Describe(sc, "test")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(m)
	if bytes.Contains(b, []byte("A16 at Calais")) || bytes.Contains(b, []byte(inc.Categories()[1])) {
		t.Errorf("incident filter values in the manifest: %s", b)
	}
	fresh := sampleScene(t)
	m.ApplyTo(fresh, func(l *data.Layer) int {
		for i, in := range m.Inputs {
			if si, ok := SampleInput(l.Name); ok && si.Name == in.Name {
				return i
			}
		}
		return -1
	})
	got := fresh.Layers[li]
	if !got.Hidden[inc.Categories()[1]] || got.Hidden.Len() != 1 {
		t.Errorf("hidden categories %v, want only %q", got.Hidden.Sorted(), inc.Categories()[1])
	}
	if got.Filter == nil || got.Filter.Key != "place" || !got.Filter.Hidden["A16 at Calais"] || len(got.Filter.Hidden) != 1 {
		t.Errorf("filter %+v", got.Filter)
	}
	if fresh.Layers[0].Visible {
		t.Error("visibility not restored")
	}
}

func benchmarkPage(b *testing.B, format string) {
	j := pageJob(b, format, "a4-landscape")
	j.DPI = 150
	b.ReportAllocs()
	b.ResetTimer()
	size := 0
	for i := 0; i < b.N; i++ {
		var w bytes.Buffer
		if _, err := Write(&w, j); err != nil {
			b.Fatal(err)
		}
		size = w.Len()
	}
	b.ReportMetric(float64(size), "bytes/file")
}

func BenchmarkPagePDF(b *testing.B) { benchmarkPage(b, FormatPDF) }
func BenchmarkPageSVG(b *testing.B) { benchmarkPage(b, FormatSVG) }
func BenchmarkPagePNG(b *testing.B) { benchmarkPage(b, FormatPNG) }

func BenchmarkSafeScene(b *testing.B) {
	sc := sampleScene(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		SafeScene(sc, SafeOptions{})
	}
}

func TestPixelPage(t *testing.T) {
	j := pageJob(t, FormatPNG, "1600x1000")
	_, res := write(t, j)
	if res.W != 1600 || res.H != 1000 {
		t.Errorf("a 1600x1000 page made %dx%d pixels", res.W, res.H)
	}
	for _, bad := range []string{"10x10", "1600x", "99999x100", "1600x1000x3"} {
		if _, err := render.ParsePageSize(bad); err == nil {
			t.Errorf("page %q accepted", bad)
		}
	}
}

// TestHexGrid checks that every point falls in the hexagon whose outline
// holds it and whose centre is nearest, and that hexagons do not move
// with the data.
func TestHexGrid(t *testing.T) {
	const size = 2000.0
	for _, p := range []orb.Point{{1.85, 50.95}, {-0.0001, 0.0001}, {179.99, -45}, {30.5, 0.5}, {1.8501, 50.9499}, {-73.9, 40.7}} {
		for k := 0; k < 50; k++ {
			q := orb.Point{p[0] + float64(k%7)*0.003, p[1] + float64(k/7)*0.0021}
			ref := math.Round(p[1])
			r, c := hexOf(q[0], q[1], size, ref)
			ring := hexRing(r, c, size, ref)
			if !ringContains(ring, q) {
				t.Fatalf("%v: hexagon %d,%d %v does not hold it", q, r, c, ring)
			}
			// Its centre is within the circumradius.
			ctr := orb.Point{(ring[0][0] + ring[3][0]) / 2, (ring[0][1] + ring[3][1]) / 2}
			if d := geo.Distance(ctr, q); d > size/math.Sqrt(3)*1.02 {
				t.Errorf("%v is %.0f m from its hexagon's centre", q, d)
			}
		}
	}
	r1, c1 := hexOf(1.85, 50.95, size, 51)
	r2, c2 := hexOf(1.85, 50.95, size, 51)
	if r1 != r2 || c1 != c2 {
		t.Error("hexOf is not a function of the point")
	}
}

func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

// TestImageOps writes a page holding an opaque and a translucent image
// (a raster basemap embedded in a page) as PDF and SVG.
func TestImageOps(t *testing.T) {
	opaque := image.NewRGBA(image.Rect(0, 0, 8, 4))
	draw.Draw(opaque, opaque.Rect, image.NewUniform(color.RGBA{200, 100, 50, 255}), image.Point{}, draw.Src)
	clear := image.NewRGBA(image.Rect(0, 0, 4, 4))
	clear.SetRGBA(1, 1, color.RGBA{0, 0, 128, 128})
	d := &render.Drawing{W: 100, H: 80, Ops: []render.Op{
		{Kind: render.OpImage, Image: opaque, Rect: [4]float64{10, 10, 90, 50}},
		{Kind: render.OpImage, Image: clear, Rect: [4]float64{0, 0, 40, 40}},
	}}
	var pdf bytes.Buffer
	if err := WritePDF(&pdf, d, DocInfo{}, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/Subtype /Image /Width 8 /Height 4 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode",
		"/SMask", "/XObject <</Im"} {
		if !bytes.Contains(pdf.Bytes(), []byte(want)) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	var svg bytes.Buffer
	if err := WriteSVG(&svg, d, DocInfo{}, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<image x="10" y="10" width="80" height="40"`, "data:image/jpeg;base64,", "data:image/png;base64,"} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if img := d.Rasterize(1); img.RGBAAt(50, 30) != (color.RGBA{200, 100, 50, 255}) {
		t.Errorf("rasterised image pixel %v", img.RGBAAt(50, 30))
	}
}
