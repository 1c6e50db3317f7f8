package render

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/sample"
	"campmap/data/style"
	"campmap/geo"
)

// manyCategories returns an incident layer of n categories "c01".."cNN",
// category i holding n+1-i features (c01 the most frequent), on a grid
// around Calais.
func manyCategories(tb testing.TB, n int) *data.Layer {
	tb.Helper()
	b := data.NewBuilder("Many", n*n)
	b.Layer().Kind = data.KindIncident
	k := 0
	for i := 1; i <= n; i++ {
		for range n + 1 - i {
			p := orb.Point{1.80 + 0.012*float64(k%14), 50.86 + 0.008*float64(k/14)}
			mustAdd(tb, b, data.Feature{Geometry: p, Props: []data.Property{{Key: "category", Value: data.Text(fmt.Sprintf("c%02d", i))}}})
			k++
		}
	}
	return b.Build()
}

// magnitudes returns an incident layer of quakes whose "mag" runs
// 2.0..6.5 in steps of 0.5 (three each), two with no mag, one with a mag
// that is not a number, and a "place" name for each.
func magnitudes(tb testing.TB) *data.Layer {
	tb.Helper()
	b := data.NewBuilder("Quakes", 40)
	b.Layer().Kind = data.KindIncident
	k := 0
	at := func() orb.Point {
		p := orb.Point{1.78 + 0.03*float64(k%6), 50.86 + 0.02*float64(k/6)}
		k++
		return p
	}
	for m := 2.0; m <= 6.5; m += 0.5 {
		for j := range 3 {
			mustAdd(tb, b, data.Feature{Geometry: at(), Props: []data.Property{
				{Key: "mag", Value: data.Number(m)}, {Key: "place", Value: data.Text(fmt.Sprintf("Q%.1f-%d", m, j))}}})
		}
	}
	mustAdd(tb, b, data.Feature{Geometry: at(), Props: []data.Property{{Key: "place", Value: data.Text("no mag")}}})
	mustAdd(tb, b, data.Feature{Geometry: at(), Props: []data.Property{{Key: "mag", Value: data.Text("")}}})
	mustAdd(tb, b, data.Feature{Geometry: at(), Props: []data.Property{{Key: "mag", Value: data.Text("strong")}}})
	return b.Build()
}

func symbologyScene(lvs ...LayerView) (*Scene, geo.Viewport) {
	sc := &Scene{Basemap: synthBasemap(), Window: data.Undated, Layers: lvs, ScaleBar: true, Labels: true}
	// the data right of the legend box
	return sc, geo.New(orb.Point{1.80, 50.91}, 11.3, 640, 420)
}

// Twelve categories or fewer never share a colour; beyond that the least
// frequent share the "other" colour and the others keep distinct ones.
func TestOtherGroupsTheLeastFrequent(t *testing.T) {
	for _, n := range []int{3, 12, 13, 20} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			lv := LayerView{Layer: manyCategories(t, n), Style: style.Default()}
			others := OtherCategories(lv.Layer)
			wantOther := 0
			if n > MaxCategoryColours {
				wantOther = n - (MaxCategoryColours - 1)
			}
			if len(others) != wantOther {
				t.Fatalf("%d categories grouped under other, want %d", len(others), wantOther)
			}
			// the most frequent are c01.. (index 1..), so the grouped are the last ones
			for _, c := range others {
				if c <= MaxCategoryColours-1 {
					t.Errorf("category %d (c%02d) grouped though it is among the most frequent", c, c)
				}
			}
			seen := map[color.NRGBA]int{}
			for c := 1; c <= n; c++ {
				col := lv.CategoryColorOf(c)
				if IsOtherCategory(lv.Layer, c) {
					if col != OtherColor {
						t.Errorf("grouped category %d drawn %v, want the other colour", c, col)
					}
					continue
				}
				if d, ok := seen[col]; ok {
					t.Errorf("categories %d and %d share %v", d, c, col)
				}
				seen[col] = c
				if col == OtherColor {
					t.Errorf("category %d has the other colour", c)
				}
			}
			rows := CategoryLegend(lv)
			last := rows[len(rows)-1]
			if wantOther > 0 && (!last.Other() || len(last.Members) != wantOther || len(rows) != MaxCategoryColours) {
				t.Errorf("legend: %d rows, last %+v", len(rows), last)
			}
			if wantOther == 0 && (last.Other() || len(rows) != n) {
				t.Errorf("legend without other: %d rows, last %+v", len(rows), last)
			}
			// the group is coloured as one
			lv.OtherColor = style.Color{R: 0xff, A: 0xff}
			for _, c := range others {
				if lv.CategoryColorOf(c) != (color.NRGBA{R: 0xff, A: 0xff}) {
					t.Errorf("grouped category %d ignores the other colour", c)
				}
			}
		})
	}
}

// The sample's death and road blockade differ in colour and in shape, and
// every category of the sample has a colour and a shape combination of
// its own.
func TestSampleCategoriesDiffer(t *testing.T) {
	ls, err := sample.Layers()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		cats := l.Categories()
		if !slices.Contains(cats, sample.CatDeath) {
			continue
		}
		lv := LayerView{Layer: l, Style: style.Default()}
		idx := func(name string) int { return slices.Index(cats, name) + 1 }
		d, b := idx(sample.CatDeath), idx(sample.CatBlockade)
		if lv.CategoryColorOf(d) == lv.CategoryColorOf(b) {
			t.Errorf("death and road blockade share %v", lv.CategoryColorOf(d))
		}
		if lv.CategoryShapeOf(d) == lv.CategoryShapeOf(b) {
			t.Errorf("death and road blockade share the shape %s", lv.CategoryShapeOf(d))
		}
		shapes := map[style.Shape]bool{}
		for c := range cats {
			shapes[lv.CategoryShapeOf(c+1)] = true
		}
		if len(shapes) != len(cats) {
			t.Errorf("%d categories take %d shapes", len(cats), len(shapes))
		}
		return
	}
	t.Fatal("the sample has no layer with a death category")
}

// A rotated palette starts a second layer on other hues; every palette
// gives twelve distinct colours.
func TestPalettes(t *testing.T) {
	l := manyCategories(t, 4)
	a := LayerView{Layer: l, Style: style.Default()}
	b := a
	b.PaletteOffset = 4
	for c := 1; c <= 4; c++ {
		for d := 1; d <= 4; d++ {
			if a.CategoryColorOf(c) == b.CategoryColorOf(d) {
				t.Errorf("layer a's category %d and layer b's %d share %v", c, d, a.CategoryColorOf(c))
			}
		}
	}
	for _, p := range style.Palettes {
		seen := map[color.NRGBA]bool{}
		for i := range MaxCategoryColours {
			seen[PaletteColor(p, i, MaxCategoryColours)] = true
		}
		if len(seen) != MaxCategoryColours {
			t.Errorf("palette %q: %d distinct colours of 12", p, len(seen))
		}
	}
	// sequential: lighter first, in legend order
	seq := LayerView{Layer: l, Style: style.Style{Visible: true, Palette: style.PaletteSequential}}
	lum := func(c color.NRGBA) float64 { return 0.3*float64(c.R) + 0.59*float64(c.G) + 0.11*float64(c.B) }
	for c := 2; c <= 4; c++ {
		if lum(seq.CategoryColorOf(c)) >= lum(seq.CategoryColorOf(c-1)) {
			t.Errorf("sequential category %d is not darker than %d", c, c-1)
		}
	}
}

// The renderer draws each category's shape: a square fills the corner of
// its box that a disc of the same size leaves empty, in the raster frame
// and on a vector page.
func TestShapesPerCategory(t *testing.T) {
	b := data.NewBuilder("two", 2)
	b.Layer().Kind = data.KindIncident
	mustAdd(t, b, data.Feature{Geometry: orb.Point{1.80, 50.90}, Props: []data.Property{{Key: "category", Value: data.Text("a")}}})
	mustAdd(t, b, data.Feature{Geometry: orb.Point{1.90, 50.90}, Props: []data.Property{{Key: "category", Value: data.Text("b")}}})
	l := b.Build()
	vp := geo.New(orb.Point{1.85, 50.90}, 11, 200, 100)
	corner := func(st style.Style) (a, b bool) {
		sc := &Scene{Layers: []LayerView{{Layer: l, Style: st}}, Window: data.Undated}
		img := Render(sc, vp)
		tr := vp.Transform()
		at := func(p orb.Point) bool {
			x, y := tr.Project(p)
			// 5 px up-left of the centre: on the rim of a square of half side
			// 0.9·(4.5+0.8) ≈ 4.8, beyond a disc of radius 4.5+0.8 (rims
			// included)
			c := img.RGBAAt(int(math.Floor(x))-5, int(math.Floor(y))-5)
			return c != img.RGBAAt(0, 0) // the background
		}
		return at(orb.Point{1.80, 50.90}), at(orb.Point{1.90, 50.90})
	}
	ca, cb := corner(style.Default())
	if ca || !cb {
		t.Errorf("corner painted: circle %v, square %v; want the square's only", ca, cb)
	}
	plain := style.Default()
	plain.PlainDots = true
	if _, cb := corner(plain); cb {
		t.Error("plain dots still draw a square")
	}
	over := style.Default()
	over.CategoryShapes = map[string]style.Shape{"a": style.ShapeSquare}
	if ca, _ := corner(over); !ca {
		t.Error("the square chosen for category a is not drawn")
	}
	// vector: the square is a four-point fill
	sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Default()}}, Window: data.Undated}
	d := DrawPage(sc, orb.Bound{Min: orb.Point{1.78, 50.88}, Max: orb.Point{1.92, 50.92}}, PageOptions{Size: a4Landscape(), NoInset: true})
	squares := 0
	for _, op := range d.Ops {
		if op.Kind == OpFill && len(op.Paths) == 1 && len(op.Paths[0]) == 4 && op.Color.A > 0xd0 && op.Color.B == categoryPalette[1].B {
			squares++
		}
	}
	if squares < 2 { // the map's point and the legend's swatch
		t.Errorf("%d square fills of category b on the page, want the map's and the legend's", squares)
	}
}

func TestGraduatedClasses(t *testing.T) {
	l := magnitudes(t)
	for _, tc := range []struct {
		method string
		n      int
	}{{style.EqualInterval, 3}, {style.Quantile, 5}, {style.NaturalBreaks, 7}} {
		t.Run(tc.method, func(t *testing.T) {
			lv := LayerView{Layer: l, Style: style.Default()}
			lv.Graduated = &style.Graduated{Key: "mag", By: style.BySize, Method: tc.method, Classes: tc.n}
			cls, none := GraduatedClasses(lv)
			if none != 3 {
				t.Errorf("%d features without a value, want 3 (missing, empty, not a number)", none)
			}
			if len(cls) != tc.n {
				t.Fatalf("%d classes, want %d", len(cls), tc.n)
			}
			total := 0
			for i, c := range cls {
				total += c.Count
				if i > 0 && (c.Radius <= cls[i-1].Radius || c.Min < cls[i-1].Max) {
					t.Errorf("class %d %+v does not follow %+v", i, c, cls[i-1])
				}
			}
			if total != 30 || cls[0].Min != 2 || cls[len(cls)-1].Max != 6.5 {
				t.Errorf("classes %+v hold %d features from %v to %v, want 30 from 2 to 6.5", cls, total, cls[0].Min, cls[len(cls)-1].Max)
			}
			// the legend shows each class and the no-value symbol
			rows := graduatedRows(0, lv, "")
			if len(rows) != tc.n+2 || !strings.Contains(rows[0].Label, "size by mag") || !strings.HasPrefix(rows[len(rows)-1].Label, "no value") || rows[len(rows)-1].Shape != NoValueShape {
				t.Errorf("legend rows %+v", rows)
			}
		})
	}
	// colour: one colour per class, darker as values grow
	lv := LayerView{Layer: l, Style: style.Default()}
	lv.Graduated = &style.Graduated{Key: "mag", By: style.ByColor, Method: style.Quantile, Classes: 4}
	cls, _ := GraduatedClasses(lv)
	for i := 1; i < len(cls); i++ {
		if cls[i].Color == cls[i-1].Color {
			t.Errorf("classes %d and %d share %v", i-1, i, cls[i].Color)
		}
	}
	// every point is drawn: the no-value ones too
	sc, vp := symbologyScene(lv)
	sc.Labels = false
	d := DrawPage(sc, orb.Bound{Min: orb.Point{1.76, 50.85}, Max: orb.Point{1.96, 50.98}}, PageOptions{Size: a4Landscape(), NoLegend: true, NoInset: true})
	crosses := 0
	for _, op := range d.Ops {
		if op.Kind == OpFill && len(op.Paths) == 1 && len(op.Paths[0]) == 12 && op.Color.R == noValueColor.R {
			crosses++
		}
	}
	if crosses != 3 {
		t.Errorf("%d no-value crosses drawn, want 3", crosses)
	}
	_ = vp
}

// Labels by a chosen field go through the label placement: they show for
// incidents, and a camp's name keeps its place.
func TestLabelsByField(t *testing.T) {
	l := magnitudes(t)
	lv := LayerView{Layer: l, Style: style.Default()}
	lv.LabelKey = "place"
	camp := data.NewBuilder("camps", 1)
	camp.Layer().Kind = data.KindCamp
	mustAdd(t, camp, data.Feature{Geometry: orb.Point{1.78, 50.86}, Props: named("Camp Alpha")})
	sc, _ := symbologyScene(LayerView{Layer: camp.Build(), Style: style.Default()}, lv)
	d := DrawPage(sc, orb.Bound{Min: orb.Point{1.76, 50.85}, Max: orb.Point{1.96, 50.98}}, PageOptions{Size: a4Landscape(), NoLegend: true, NoInset: true})
	var texts []string
	for _, op := range d.Ops {
		if op.Kind == OpText {
			texts = append(texts, op.Text.S)
		}
	}
	all := strings.Join(texts, "|")
	if !strings.Contains(all, "Camp Alpha") {
		t.Errorf("the camp's name lost its place to labels by field: %s", all)
	}
	if !strings.Contains(all, "Q4.5-1") || !strings.Contains(all, "no mag") {
		t.Errorf("labels by field missing: %s", all)
	}
	lv.LabelKey = ""
	sc.Layers[1] = lv
	d = DrawPage(sc, orb.Bound{Min: orb.Point{1.76, 50.85}, Max: orb.Point{1.96, 50.98}}, PageOptions{Size: a4Landscape(), NoLegend: true, NoInset: true})
	for _, op := range d.Ops {
		if op.Kind == OpText && strings.HasPrefix(op.Text.S, "Q") {
			t.Errorf("incident labelled %q without a label field", op.Text.S)
		}
	}
}

// The page legend of a layer with more than twelve categories has one
// "other" row naming how many it groups, and a note.
func TestPageLegendOther(t *testing.T) {
	lv := LayerView{Layer: manyCategories(t, 15), Style: style.Default()}
	sc, _ := symbologyScene(lv)
	d := DrawPage(sc, orb.Bound{Min: orb.Point{1.78, 50.85}, Max: orb.Point{1.98, 50.90}}, PageOptions{Size: a4Landscape(), NoInset: true})
	legend := strings.Join(d.Layout.Legend, "|")
	if !strings.Contains(legend, "other (4 categories) (10)") || !strings.Contains(legend, "groups the 4 least frequent") {
		t.Errorf("legend %s", legend)
	}
	if strings.Contains(legend, "c15") || !strings.Contains(legend, "c11 (5)") {
		t.Errorf("legend lists grouped categories or misses kept ones: %s", legend)
	}
	sc.Lang = "fr"
	d = DrawPage(sc, orb.Bound{Min: orb.Point{1.78, 50.85}, Max: orb.Point{1.98, 50.90}}, PageOptions{Size: a4Landscape(), NoInset: true})
	if legend := strings.Join(d.Layout.Legend, "|"); !strings.Contains(legend, "autres (4 catégories)") {
		t.Errorf("French legend %s", legend)
	}
}

func TestGoldenSymbology(t *testing.T) {
	grad := func(by string) LayerView {
		lv := LayerView{Layer: magnitudes(t), Style: style.Default()}
		lv.Graduated = &style.Graduated{Key: "mag", By: by, Method: style.NaturalBreaks, Classes: 5}
		return lv
	}
	labelled := LayerView{Layer: magnitudes(t), Style: style.Default()}
	labelled.LabelKey = "place"
	// a camp whose name competes with the labels by field: it keeps its
	// place
	camp := data.NewBuilder("Camps", 1)
	camp.Layer().Kind = data.KindCamp
	mustAdd(t, camp, data.Feature{Geometry: orb.Point{1.818, 50.88}, Props: named("Camp Alpha")})
	camps := LayerView{Layer: camp.Build(), Style: style.Default()}
	for _, tc := range []struct {
		golden string
		lvs    []LayerView
		legend bool // the raster frame's legend box, else a page and its legend
	}{
		{"symbology_other.png", []LayerView{{Layer: manyCategories(t, 16), Style: style.Default()}}, false},
		{"symbology_shapes.png", []LayerView{{Layer: manyCategories(t, 6), Style: style.Default()}}, false},
		{"symbology_graduated_size.png", []LayerView{grad(style.BySize)}, true},
		{"symbology_graduated_colour.png", []LayerView{grad(style.ByColor)}, false},
		{"symbology_labels.png", []LayerView{labelled, camps}, false},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			sc, vp := symbologyScene(tc.lvs...)
			sc.LegendBox = tc.legend
			if !tc.legend {
				// the categories' legend is the page's: draw the page
				d := DrawPage(sc, orb.Bound{Min: orb.Point{1.77, 50.85}, Max: orb.Point{1.97, 50.98}}, PageOptions{Size: a4Landscape(), NoInset: true, NoNorth: true})
				checkGolden(t, tc.golden, d.Rasterize(1))
				return
			}
			checkGolden(t, tc.golden, Render(sc, vp))
		})
	}
}

func a4Landscape() PageSize {
	ps, _ := ParsePageSize("a4-landscape")
	return ps
}

// BenchmarkClassifyJenks200k classes 200,000 counted incidents by their
// count in seven natural-breaks classes (the first frame of a graduated
// layer; later frames reuse it).
func BenchmarkClassifyJenks200k(b *testing.B) {
	l := countedDense(b, 200000)
	spec := style.Graduated{Key: "dead", By: style.BySize, Method: style.NaturalBreaks, Classes: 7}
	prepared(l)
	b.ReportAllocs()
	for b.Loop() {
		classify(l, spec)
	}
}

// NewScene gives each layer its own hues: two layers of categories share
// no colour, a second layer of incidents without categories is not
// magenta too, and camps keep their kind's colour.
func TestNewSceneHues(t *testing.T) {
	plain := func() *data.Layer { return manyCategories(t, 3).WithCategoryKey("") }
	s := synthData(t)
	sc := NewScene(nil, []*data.Layer{manyCategories(t, 5), manyCategories(t, 4), plain(), plain(), s.camps})
	a, b := sc.Layers[0], sc.Layers[1]
	for i := 1; i <= 5; i++ {
		for j := 1; j <= 4; j++ {
			if a.CategoryColorOf(i) == b.CategoryColorOf(j) {
				t.Errorf("layer 1's category %d and layer 2's %d share %v", i, j, a.CategoryColorOf(i))
			}
		}
	}
	if sc.Layers[2].Color(data.KindIncident) == sc.Layers[3].Color(data.KindIncident) {
		t.Error("two incident layers without categories share a colour")
	}
	if sc.Layers[2].Fill.A != 0 || sc.Layers[4].Fill.A != 0 || sc.Layers[0].PaletteOffset != 0 {
		t.Error("the first layers of their sort or the camps do not keep their default colours")
	}
}
