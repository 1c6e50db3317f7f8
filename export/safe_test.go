package export

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/sample"
	"campmap/render"
)

func TestParseCellSize(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"2km", 2000, true},
		{" 2.5 km ", 2500, true},
		{"500m", 500, true},
		{"1500", 1500, true},
		{"100m", 100, true},
		{"100km", 100000, true},
		{"99m", 0, false},
		{"101km", 0, false},
		{"", 0, false},
		{"two km", 0, false},
		{"NaN", 0, false},
		{"-2km", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseCellSize(tt.in)
			if tt.ok != (err == nil) || got != tt.want {
				t.Fatalf("ParseCellSize(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrCellSize) {
				t.Errorf("error %v does not wrap ErrCellSize", err)
			}
		})
	}
}

// incidentLayer builds an undated incident layer of points.
func incidentLayer(t testing.TB, pts ...orb.Point) *data.Layer {
	t.Helper()
	b := data.NewBuilder("inc", len(pts))
	for i, p := range pts {
		if err := b.Add(data.Feature{Geometry: p, Kind: data.KindIncident, Span: data.Undated, ID: data.Text(fmt.Sprint("i", i))}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	l.Kind = data.KindIncident
	return l
}

// cluster returns n points in the 2 km square cell holding p.
func cluster(p orb.Point, n int) []orb.Point {
	var out []orb.Point
	for i := 0; i < n; i++ {
		out = append(out, orb.Point{p[0] + float64(i)*1e-4, p[1] + float64(i)*1e-4})
	}
	return out
}

// safeExtent prepares a safe page of the layer with the extent taken from
// the data (not chosen), and returns the extent and the published cells'
// bound.
func safeExtent(t *testing.T, l *data.Layer, opt SafeOptions) (orb.Bound, orb.Bound) {
	t.Helper()
	sc := render.NewScene(nil, []*data.Layer{l})
	ps, _ := render.ParsePageSize("a4-landscape")
	j := Job{Scene: sc, Bound: l.Bounds(), Format: FormatPDF, Page: &render.PageOptions{Size: ps}, Safe: &opt}
	out, pj, _, err := j.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	var cells orb.Bound
	for _, lv := range out.Layers {
		if lv.Layer.Len() > 0 {
			cells = lv.Layer.Bounds()
		}
	}
	return pj.Bound, cells
}

// TestSafeExtentIgnoresSuppressedCells: on generated data, adding or
// moving an incident in a cell that stays suppressed leaves the page's
// extent exactly as it was, and the extent holds every published cell.
// (The extent used to be the data's, snapped to 0.02°: a lone incident
// 30 km out set an edge.)
func TestSafeExtentIgnoresSuppressedCells(t *testing.T) {
	base := append(cluster(orb.Point{1.851, 50.951}, 8), cluster(orb.Point{1.951, 50.981}, 12)...)
	lone := orb.Point{2.35, 51.23} // 30 km north-east, alone in its cell
	variants := map[string][]orb.Point{
		"lone incident":             append(slices.Clone(base), lone),
		"a second in the lone cell": append(slices.Clone(base), lone, orb.Point{lone[0] + 2e-3, lone[1] + 2e-3}),
		"the lone one moved":        append(slices.Clone(base), orb.Point{2.36, 51.225}),
		"a lone one further out":    append(slices.Clone(base), orb.Point{2.9, 49.6}),
		"without it":                slices.Clone(base),
	}
	for _, tc := range []struct {
		name string
		opt  SafeOptions
	}{
		{"exact counts", SafeOptions{CellMeters: 2000, MinCount: 5}},
		{"noise, seed 7", SafeOptions{CellMeters: 2000, MinCount: 5, NoiseScale: 2, Round: 5, Seed: 7}},
		{"noise, seed 11", SafeOptions{CellMeters: 2000, MinCount: 5, NoiseScale: 2, Round: 5, Seed: 11}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, _ := safeExtent(t, incidentLayer(t, variants["without it"]...), tc.opt)
			for name, pts := range variants {
				l := incidentLayer(t, pts...)
				// the lone cells must stay suppressed at this seed for the
				// comparison to hold: check it rather than assume it
				var sum SafeSummary
				_, groups := safeGroups(render.NewScene(nil, []*data.Layer{l}), tc.opt.Defaults(), &sum)
				keys, _ := tc.opt.Defaults().publishedCells(groups[0], &sum)
				if len(keys) != 2 {
					t.Fatalf("%s: %d cells published, want the 2 clusters only (pick another seed)", name, len(keys))
				}
				got, cells := safeExtent(t, l, tc.opt)
				if got != want {
					t.Errorf("%s: extent %v, without the suppressed incident %v", name, got, want)
				}
				if !got.Contains(cells.Min) || !got.Contains(cells.Max) {
					t.Errorf("%s: extent %v does not hold the published cells %v", name, got, cells)
				}
				if got.Contains(lone) {
					t.Errorf("%s: extent %v reaches the suppressed incident %v", name, got, lone)
				}
			}
		})
	}
}

// TestSafeExtentChosenArea: a chosen area is snapped outward to the
// SafeGridDegrees grid, whatever the data.
func TestSafeExtentChosenArea(t *testing.T) {
	l := incidentLayer(t, append(cluster(orb.Point{1.851, 50.951}, 8), orb.Point{2.35, 51.23})...)
	sc := render.NewScene(nil, []*data.Layer{l})
	ps, _ := render.ParsePageSize("a4-landscape")
	area := orb.Bound{Min: orb.Point{1.812, 50.913}, Max: orb.Point{1.987, 51.004}}
	j := Job{Scene: sc, Bound: area, Chosen: true, Format: FormatPDF, Page: &render.PageOptions{Size: ps}, Safe: &SafeOptions{}}
	_, pj, _, err := j.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	want := orb.Bound{Min: orb.Point{1.75, 50.85}, Max: orb.Point{2.05, 51.1}}
	if pj.Bound != want {
		t.Errorf("extent %v, want %v", pj.Bound, want)
	}
}

// TestNoiseHidesOneIncident: over 1000 seeds, the published value of a
// cell holding 4 incidents and of one holding 5 (the threshold) have
// distributions whose total variation distance stays under 0.3: the
// mechanism's bound is tanh(1/(2b)) = 0.245 for b = 2 (thresholding and
// rounding cannot raise it; at the defaults they keep it exactly), plus
// the sampling error of 1000 draws (these seeds give 0.278).
// Without noise the distance is 1: the 5th incident always shows.
func TestNoiseHidesOneIncident(t *testing.T) {
	tv := func(opt SafeOptions) float64 {
		h4, h5 := map[int]int{}, map[int]int{}
		const n = 1000
		for s := uint64(1); s <= n; s++ {
			opt.Seed = s
			k := cellKey{0, 2543, 17}
			v4, ok4 := opt.publish(k, 4)
			v5, ok5 := opt.publish(k, 5)
			if !ok4 {
				v4 = -1
			}
			if !ok5 {
				v5 = -1
			}
			h4[v4]++
			h5[v5]++
		}
		d := 0.0
		for v := range h4 {
			d += math.Abs(float64(h4[v]-h5[v])) / 2 / n
		}
		for v := range h5 {
			if _, ok := h4[v]; !ok {
				d += float64(h5[v]) / 2 / n
			}
		}
		return d
	}
	def := DefaultSafe()
	got := tv(def)
	t.Logf("4 vs 5 incidents over 1000 seeds: total variation %.3f (bound %.3f)", got, math.Tanh(1/(2*def.NoiseScale)))
	if !(got < 0.3) {
		t.Errorf("4 vs 5 incidents, b = %g, rounded to %d: total variation %.3f, want < 0.3", def.NoiseScale, def.Round, got)
	}
	if bound := math.Tanh(1 / (2 * def.NoiseScale)); bound > 0.25 {
		t.Errorf("the stated bound is %.3f", bound)
	}
	if got := tv(SafeOptions{CellMeters: 2000, MinCount: 5, Round: 5}); got != 1 {
		t.Errorf("without noise: total variation %.3f, want 1", got)
	}
}

// TestNoiseIsDiscreteLaplace checks the noise's distribution over many
// cells: mean 0, variance 2α/(1−α)² and P(0) = (1−α)/(1+α), α = e^(−1/b).
func TestNoiseIsDiscreteLaplace(t *testing.T) {
	const n = 20000
	b := 2.0
	sum, sq, zeros := 0.0, 0.0, 0
	for i := 0; i < n; i++ {
		x := float64(noise(42, cellKey{1, int64(i), int64(-i)}, b))
		sum += x
		sq += x * x
		if x == 0 {
			zeros++
		}
	}
	a := math.Exp(-1 / b)
	mean, variance := sum/n, sq/n-(sum/n)*(sum/n)
	wantVar, wantP0 := 2*a/((1-a)*(1-a)), (1-a)/(1+a)
	if math.Abs(mean) > 0.1 || math.Abs(variance/wantVar-1) > 0.1 || math.Abs(float64(zeros)/n-wantP0) > 0.02 {
		t.Errorf("mean %.3f, variance %.2f (want %.2f), P(0) %.3f (want %.3f)", mean, variance, wantVar, float64(zeros)/n, wantP0)
	}
	first, again := noise(42, cellKey{1, 5, 6}, b), noise(42, cellKey{1, 5, 6}, b)
	if first != again {
		t.Error("the noise of a cell is not a function of the seed and the cell")
	}
}

// TestDifferencingOneIncident: two inputs differing by one incident, at
// the same seed, publish the same counts in every cell but the one
// holding it, and there at most one rounding step apart (or the cell
// appears or disappears at the threshold).
func TestDifferencingOneIncident(t *testing.T) {
	var pts []orb.Point
	for c := 0; c < 30; c++ {
		pts = append(pts, cluster(orb.Point{1.7 + float64(c%6)*0.05, 50.9 + float64(c/6)*0.04}, 3+c%9)...)
	}
	extra := orb.Point{1.7 + 0.05*2 + 0.003, 50.9 + 0.04*1 + 0.003}
	published := func(l *data.Layer, opt SafeOptions) map[cellKey]int {
		var sum SafeSummary
		_, groups := safeGroups(render.NewScene(nil, []*data.Layer{l}), opt, &sum)
		keys, counts := opt.publishedCells(groups[0], &sum)
		m := map[cellKey]int{}
		for i, k := range keys {
			m[k] = counts[i]
		}
		return m
	}
	r, c := cellOf(extra[0], extra[1], 2000)
	target := cellKey{0, r, c}
	changed := 0
	for seed := uint64(1); seed <= 200; seed++ {
		opt := DefaultSafe()
		opt.Seed = seed
		a := published(incidentLayer(t, pts...), opt)
		b := published(incidentLayer(t, append(slices.Clone(pts), extra)...), opt)
		for _, k := range slices.Concat(slices.Collect(maps.Keys(a)), slices.Collect(maps.Keys(b))) {
			va, oka := a[k]
			vb, okb := b[k]
			if k != target {
				if va != vb || oka != okb {
					t.Fatalf("seed %d: cell %v changed (%d → %d) though the incident is elsewhere", seed, k, va, vb)
				}
				continue
			}
			if oka && okb && va != vb {
				changed++
				if vb-va != opt.Round {
					t.Errorf("seed %d: the cell went from %d to %d, more than one rounding step", seed, va, vb)
				}
			}
		}
	}
	if changed == 0 || changed == 200 {
		t.Errorf("the extra incident changed the published count at %d of 200 seeds", changed)
	}
}

// loadFeatures writes a GeoJSON file of the features at path and loads it.
func loadFeatures(t *testing.T, path string, feats []string) *data.Layer {
	t.Helper()
	if err := os.WriteFile(path, []byte(`{"type":"FeatureCollection","features":[`+strings.Join(feats, ",")+`]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSafeModeAggregatesEveryPointLayer: a layer of incident-like records
// not detected as incidents (a camps.geojson of undated kind=camp records
// with casualty columns) is counted in cells, not published exactly;
// the embedded sample's places are published exactly; the user's mark
// decides either way, except for detected incidents.
func TestSafeModeAggregatesEveryPointLayer(t *testing.T) {
	dir := t.TempDir()
	var feats []string
	for i := 0; i < 12; i++ {
		feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":{"kind":"camp","name":"site %d","casualties":%d,"injured":%d},"geometry":{"type":"Point","coordinates":[%.5f,50.95]}}`, i, i%3, i, 1.85+float64(i%2)*0.0005))
	}
	camps := loadFeatures(t, filepath.Join(dir, "camps.geojson"), feats)
	if HoldsIncidents(camps) {
		t.Fatal("the fixture is detected as incidents: it no longer tests the undetected case")
	}
	ls, err := sample.Layers()
	if err != nil {
		t.Fatal(err)
	}
	sc := render.NewScene(nil, append(ls, camps))
	out, sum := SafeScene(sc, SafeOptions{})
	if !slices.Contains(sum.Aggregated, camps.Name) || slices.Contains(sum.Exact, camps.Name) {
		t.Errorf("camps.geojson: aggregated %q, exact %q", sum.Aggregated, sum.Exact)
	}
	for _, name := range []string{"Camps", "Routes", "Terminals", "Ports"} {
		if !slices.Contains(sum.Exact, name) {
			t.Errorf("the sample's %s not published exactly: %q", name, sum.Exact)
		}
	}
	if !slices.Contains(sum.Aggregated, sample.IncidentsName) {
		t.Errorf("the sample's incidents not aggregated: %q", sum.Aggregated)
	}
	for _, lv := range out.Layers {
		if lv.Layer == camps {
			t.Error("camps.geojson's points are on the safe page")
		}
	}
	notes := strings.Join(SafeNotes(SafeOptions{}, sum, ""), "\n")
	if !strings.Contains(notes, "Exact positions: Camps, Routes, Terminals, Ports") {
		t.Errorf("the page does not say which layers are exact: %q", notes)
	}
	// the user's marks
	yes, no := true, false
	for i := range sc.Layers {
		switch sc.Layers[i].Layer.Name {
		case camps.Name:
			sc.Layers[i].Places = &yes
		case "Ports":
			sc.Layers[i].Places = &no
		case sample.IncidentsName:
			sc.Layers[i].Places = &yes // cannot publish detected incidents
		}
	}
	_, sum = SafeScene(sc, SafeOptions{})
	if !slices.Contains(sum.Exact, camps.Name) || !slices.Contains(sum.Aggregated, "Ports") || !slices.Contains(sum.Aggregated, sample.IncidentsName) {
		t.Errorf("marked: aggregated %q, exact %q", sum.Aggregated, sum.Exact)
	}
}

// TestSafeManifestIsPublic: the manifest embedded in a safe export holds
// no path, user name, input hash, size or seed; the private one does,
// and writing the job again from it makes the same bytes.
func TestSafeManifestIsPublic(t *testing.T) {
	dir := t.TempDir()
	var feats []string
	for i := 0; i < 40; i++ {
		feats = append(feats, fmt.Sprintf(`{"type":"Feature","properties":{"kind":"incident"},"geometry":{"type":"Point","coordinates":[%.4f,%.4f]}}`, 1.85+float64(i%4)*0.01, 50.95+float64(i%3)*0.01))
	}
	path := filepath.Join(dir, "incidents.geojson")
	l := loadFeatures(t, path, feats)
	in, err := HashFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{FormatPNG, FormatSVG, FormatPDF} {
		t.Run(format, func(t *testing.T) {
			sc := render.NewScene(nil, []*data.Layer{l})
			m, err := Describe(sc, "test")
			if err != nil {
				t.Fatal(err)
			}
			ps, _ := render.ParsePageSize("a5-landscape")
			opt := DefaultSafe()
			j := Job{Scene: sc, Bound: l.Bounds(), Format: format, DPI: 96, Manifest: m, Safe: &opt,
				Page: &render.PageOptions{Size: ps, Label: "Public", Date: "2026-01-01"}}
			b, res := write(t, j)
			var embedded []byte
			switch format {
			case FormatPNG:
				var ok bool
				if embedded, ok = ReadPNGManifest(b); !ok {
					t.Fatal("no manifest chunk")
				}
			default:
				hay := html.UnescapeString(string(b)) // SVG metadata is escaped
				if format == FormatPDF {
					hay = string(b) + pdfStreams(t, b)
				}
				if !strings.Contains(hay, string(res.Manifest)) || !strings.Contains(hay, `"public": true`) {
					t.Fatal("the public manifest is not in the file")
				}
				embedded = res.Manifest
				for _, s := range []string{dir, in.SHA256, `"seed"`} {
					if strings.Contains(hay, s) {
						t.Errorf("the %s file holds %q", format, s)
					}
				}
			}
			pub, err := ReadManifest(embedded)
			if err != nil {
				t.Fatal(err)
			}
			priv, err := ReadManifest(res.Private)
			if err != nil {
				t.Fatal(err)
			}
			if priv.Safe == nil || priv.Safe.Seed == 0 || len(priv.Inputs) != 1 || priv.Inputs[0].SHA256 != in.SHA256 || priv.Inputs[0].Path != path {
				t.Fatalf("private manifest %s", res.Private)
			}
			needles := []string{dir, in.SHA256, fmt.Sprint(in.Bytes), fmt.Sprint(priv.Safe.Seed), filepath.Base(dir)}
			if u := os.Getenv("USER"); len(u) >= 3 {
				needles = append(needles, u)
			}
			for _, s := range needles {
				if strings.Contains(string(embedded), s) {
					t.Errorf("the public manifest holds %q:\n%s", s, embedded)
				}
			}
			if !pub.Public || pub.Safe == nil || pub.Safe.Seed != 0 || pub.Safe.NoiseScale != 2 || pub.Safe.Round != 5 || pub.Safe.CellMeters != 2000 || pub.Safe.MinCount != 5 || !strings.Contains(pub.Safe.Noise, "geometric") {
				t.Errorf("public safe spec %+v", pub.Safe)
			}
			if len(pub.Inputs) != 1 || pub.Inputs[0].Name != l.Name || pub.Inputs[0].Path != "" {
				t.Errorf("public inputs %+v", pub.Inputs)
			}
			if err := pub.Verify(); err == nil {
				t.Error("the public manifest verifies, yet it names no file")
			}
			// the private manifest's settings remake the same bytes
			again := priv.Safe.Options()
			j2 := Job{Scene: sc, Bound: orb.Bound{Min: orb.Point{priv.BBox[0], priv.BBox[1]}, Max: orb.Point{priv.BBox[2], priv.BBox[3]}}, Snapped: true,
				Format: format, DPI: 96, Manifest: m, Safe: &again, Page: j.Page}
			b2, _ := write(t, j2)
			if !bytes.Equal(b, b2) {
				t.Error("the private manifest's settings made different bytes")
			}
			// another seed publishes other counts, in general
			j.Safe = &SafeOptions{CellMeters: 2000, MinCount: 5, NoiseScale: 2, Round: 5, Seed: priv.Safe.Seed + 1}
			if b3, _ := write(t, j); bytes.Equal(b, b3) {
				t.Log("another seed drew the same page (possible, rare)")
			}
		})
	}
}

// TestWritePrivate: the private manifest is its owner's only, also when
// it replaces a file others could read.
func TestWritePrivate(t *testing.T) {
	p := filepath.Join(t.TempDir(), "page.pdf"+PrivateSuffix)
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WritePrivate(p, []byte(`{"app":"campmap"}`)); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(p); string(b) != "{\"app\":\"campmap\"}\n" {
		t.Errorf("content %q", b)
	}
}
