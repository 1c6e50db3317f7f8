package render

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// whereLayer has six incidents with a text cause (with accents and
// capitals), a numeric dead count, IOM-style counts as text (one not a
// number), a date as text, and features missing each property.
func whereLayer(tb testing.TB) *data.Layer {
	tb.Helper()
	b := data.NewBuilder("incidents", 6)
	b.Layer().Kind = data.KindIncident
	rows := []map[string]data.Value{
		{"cause": data.Text("Noyade en Méditerranée"), "dead": data.Number(3), "missing": data.Text("12"), "date": data.Text("2015-07-20")},
		{"cause": data.Text("NOYÉ"), "dead": data.Number(10), "missing": data.Text("1 200"), "date": data.Text("2015-08-01")},
		{"cause": data.Text("Vehicle accident"), "dead": data.Number(1), "missing": data.Text("unknown"), "date": data.Text("2015-12-31T23:00:00Z")},
		{"cause": data.Text("Violence"), "dead": data.Number(0), "date": data.Text("not a date")},
		{"dead": data.Number(25), "missing": data.Text("0")},
		{"cause": {Type: data.ValueNull}, "missing": data.Text("3,5")},
	}
	for i, r := range rows {
		var props []data.Property
		for _, k := range []string{"cause", "dead", "missing", "date"} {
			if v, ok := r[k]; ok {
				props = append(props, data.Property{Key: k, Value: v})
			}
		}
		mustAdd(tb, b, data.Feature{Geometry: orb.Point{1.8 + float64(i)*0.01, 50.9}, Span: data.Instant(time.Date(2015, 7, 20+i, 0, 0, 0, 0, time.UTC)), Props: props})
	}
	return b.Build()
}

// Each operator keeps the features it should, on numbers, numeric text,
// text with accents and dates; missing values and text that is not a
// number are not kept by a comparison, but are by != and "not in".
func TestWhereOperators(t *testing.T) {
	l := whereLayer(t)
	c := func(key string, op style.Op, v string) style.Condition {
		return style.Condition{Key: key, Op: op, Value: v}
	}
	cases := []struct {
		name  string
		where []style.Condition
		want  string // kept features
	}{
		{"contains ignores case and accents", []style.Condition{c("cause", style.OpContains, "NOY")}, "01"},
		{"contains with accents in the query", []style.Condition{c("cause", style.OpContains, "MÉDITERRANÉE")}, "0"},
		{"equals folds too", []style.Condition{c("cause", style.OpEq, "noye")}, "1"},
		{"not equal keeps missing and null", []style.Condition{c("cause", style.OpNe, "violence")}, "01245"},
		{"equals a number", []style.Condition{c("dead", style.OpEq, "10")}, "1"},
		{"numeric less than", []style.Condition{c("dead", style.OpLt, "3")}, "23"},
		{"numeric at most", []style.Condition{c("dead", style.OpLe, "3")}, "023"},
		{"numeric more than", []style.Condition{c("dead", style.OpGt, "3")}, "14"},
		{"numeric at least", []style.Condition{c("dead", style.OpGe, "10")}, "14"},
		{"between inclusive", []style.Condition{{Key: "dead", Op: style.OpBetween, Min: "1", Max: "10"}}, "012"},
		{"between open max", []style.Condition{{Key: "dead", Op: style.OpBetween, Min: "10"}}, "14"},
		{"numeric text, unknown and missing not kept", []style.Condition{c("missing", style.OpGe, "3")}, "015"},
		{"numeric text range", []style.Condition{{Key: "missing", Op: style.OpBetween, Max: "5"}}, "45"},
		{"date range", []style.Condition{{Key: "date", Op: style.OpBetween, Min: "2015-07-21", Max: "2015-12-31"}}, "12"},
		{"date from", []style.Condition{c("date", style.OpGe, "2015-08")}, "12"},
		{"one of", []style.Condition{{Key: "cause", Op: style.OpIn, Values: style.SetOf("Violence", "NOYÉ")}}, "13"},
		{"not one of keeps missing", []style.Condition{{Key: "cause", Op: style.OpNotIn, Values: style.SetOf("Violence")}}, "01245"},
		{"two fields, AND", []style.Condition{c("cause", style.OpContains, "noy"), c("dead", style.OpGe, "5")}, "1"},
		{"a broken condition keeps nothing", []style.Condition{{Key: "dead", Op: "like", Value: "3"}}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lv := LayerView{Layer: l, Style: style.Style{Visible: true, Opacity: 1, Where: tc.where}}
			got := ""
			keep := lv.Keeper()
			for i := range l.Len() {
				if keep(i) != lv.Keep(i) {
					t.Fatalf("Keeper and Keep disagree on feature %d", i)
				}
				if keep(i) {
					got += fmt.Sprint(i)
				}
			}
			if got != tc.want {
				t.Errorf("kept %q, want %q", got, tc.want)
			}
			sc := &Scene{Window: data.Undated, Layers: []LayerView{lv}}
			if shown, _, _ := sc.Counts(0); shown != len(tc.want) {
				t.Errorf("Counts shows %d, want %d", shown, len(tc.want))
			}
		})
	}
}

// The old value filter and the conditions add up, and the counts follow a
// change of conditions (their cache key is by content).
func TestWhereWithFilterAndCounts(t *testing.T) {
	l := catLayer(t, 3000)
	sc := func(f *style.Filter, where ...style.Condition) *Scene {
		return &Scene{Window: data.Undated, Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true, Filter: f, Where: where}}}}
	}
	vp := geo.Fit(orb.Bound{Min: orb.Point{1.79, 50.91}, Max: orb.Point{1.91, 50.98}}, 400, 300, 4, 18)
	noPress := &style.Filter{Key: "source", Hidden: style.SetOf("press")}
	fire := style.Condition{Key: "category", Op: style.OpEq, Value: "Fire"}
	for _, tc := range []struct {
		name string
		sc   *Scene
		want int
	}{
		{"filter only", sc(noPress), 1500},
		{"condition only", sc(nil, fire), 1000},
		{"both", sc(noPress, fire), 500},
		{"both, and a second condition", sc(noPress, fire, style.Condition{Key: "source", Op: style.OpContains, Value: "ng"}), 500},
		{"contradicting conditions", sc(nil, fire, style.Condition{Key: "source", Op: style.OpEq, Value: "press"}, style.Condition{Key: "source", Op: style.OpEq, Value: "ngo"}), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if shown, _, _ := tc.sc.Counts(0); shown != tc.want {
				t.Errorf("Counts shows %d, want %d", shown, tc.want)
			}
			// identify never returns a feature the conditions hide
			keep := tc.sc.Layers[0].Keeper()
			hits := 0
			for x := 0; x < vp.W; x += 9 {
				for y := 0; y < vp.H; y += 9 {
					if hit, ok := tc.sc.Identify(vp, float64(x), float64(y), 3); ok {
						hits++
						if !keep(hit.Feature) {
							t.Fatalf("Identify returned hidden feature %d", hit.Feature)
						}
					}
				}
			}
			if (hits > 0) != (tc.want > 0) {
				t.Errorf("%d hits with %d features shown", hits, tc.want)
			}
		})
	}
}

// BenchmarkFilterWhere evaluates two conditions (text contains, numeric
// range) on a million features the first time, as the window's worker
// does after a change of conditions; ns/feature is reported.
func BenchmarkFilterWhere(b *testing.B) {
	const n = 1_000_000
	bl := data.NewBuilder("incidents", n)
	bl.Layer().Kind = data.KindIncident
	causes := []string{"Noyade", "Violence", "Accident de véhicule", "Inconnu"}
	for i := range n {
		if err := bl.Add(data.Feature{Geometry: orb.Point{float64(i%1000) * 0.001, float64(i/1000) * 0.001}, Span: data.Undated, Props: []data.Property{
			{Key: "category", Value: data.Text(causes[i%4])},
			{Key: "dead", Value: data.Number(float64(i % 17))},
			{Key: "source", Value: data.Text("IOM")},
		}}); err != nil {
			b.Fatal(err)
		}
	}
	l := bl.Build()
	where := []style.Condition{{Key: "category", Op: style.OpContains, Value: "vehicule"}, {Key: "dead", Op: style.OpBetween, Min: "2", Max: "9"}}
	b.ReportAllocs()
	b.ResetTimer()
	kept := 0
	for b.Loop() {
		m := evalWhere(l, where)
		kept = 0
		for _, k := range m {
			if k {
				kept++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/feature")
	if kept == 0 {
		b.Fatal("nothing kept")
	}
}

// A page's legend says which conditions a layer's features meet, in the
// page's language, and counts only the features meeting them.
func TestWhereInPageLegend(t *testing.T) {
	l := whereLayer(t)
	st := style.Default()
	st.Where = []style.Condition{{Key: "dead", Op: style.OpGe, Value: "3"}, {Key: "cause", Op: style.OpContains, Value: "noy"}}
	sc := &Scene{Window: data.Undated, Layers: []LayerView{{Layer: l, Style: st}}}
	texts := drawingTexts
	size, _ := ParsePageSize("a4-landscape")
	en := texts(DrawPage(sc, l.Bounds(), PageOptions{Size: size}))
	if !strings.Contains(en, `Only where dead >= 3 and cause ~ "noy"`) || !strings.Contains(en, "incidents (2)") {
		t.Errorf("English legend:\n%s", en)
	}
	fr := *sc
	fr.Lang = "fr"
	if ft := texts(DrawPage(&fr, l.Bounds(), PageOptions{Size: size})); !strings.Contains(ft, `Seulement où dead >= 3 et cause ~ "noy"`) {
		t.Errorf("French legend:\n%s", ft)
	}
	sc.Layers[0].Where = nil
	if strings.Contains(texts(DrawPage(sc, l.Bounds(), PageOptions{Size: size})), "Only where") {
		t.Error("a layer without conditions has a note")
	}
}

// A layer none of whose features is dated counts its kept features too
// (its time index lists them all as undated): by condition and by
// hidden category.
func TestCountsOfUndatedLayer(t *testing.T) {
	b := data.NewBuilder("undated", 90)
	for i := range 90 {
		mustAdd(t, b, data.Feature{Geometry: orb.Point{1.8, 50.9}, Props: []data.Property{
			{Key: "category", Value: data.Text([]string{"a", "b", "c"}[i%3])}, {Key: "dead", Value: data.Number(float64(i % 10))}}})
	}
	l := b.Build()
	for _, tc := range []struct {
		name string
		st   style.Style
		want int
	}{
		{"condition", style.Style{Visible: true, Where: []style.Condition{{Key: "dead", Op: style.OpLt, Value: "5"}}}, 45},
		{"hidden category", style.Style{Visible: true, Hidden: style.SetOf("a")}, 60},
		{"both", style.Style{Visible: true, Hidden: style.SetOf("a"), Where: []style.Condition{{Key: "dead", Op: style.OpLt, Value: "5"}}}, 30},
	} {
		sc := &Scene{Window: data.Undated, Layers: []LayerView{{Layer: l, Style: tc.st}}}
		if n, _, _ := sc.Counts(0); n != tc.want {
			t.Errorf("%s: Counts shows %d, want %d", tc.name, n, tc.want)
		}
	}
}

// drawingTexts returns the texts d draws, one a line.
func drawingTexts(d *Drawing) string {
	var b strings.Builder
	for _, op := range d.Ops {
		if op.Kind == OpText {
			b.WriteString(op.Text.S + "\n")
		}
	}
	return b.String()
}

// UndatedShown counts the undated features the filters keep, so that the
// dated ones shown are Counts' shown less it.
func TestUndatedShown(t *testing.T) {
	b := data.NewBuilder("mixed", 40)
	t0 := time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC)
	for i := range 40 {
		f := data.Feature{Geometry: orb.Point{1.8, 50.9}, Props: []data.Property{{Key: "dead", Value: data.Number(float64(i % 4))}}}
		if i%2 == 0 {
			f.Span = data.Instant(t0.Add(time.Duration(i) * time.Hour))
		}
		mustAdd(t, b, f)
	}
	l := b.Build()
	where := []style.Condition{{Key: "dead", Op: style.OpGe, Value: "2"}}
	for _, tc := range []struct {
		name             string
		where            []style.Condition
		shown, undatedIn int
	}{
		{"no filter", nil, 40, 20},
		{"dead >= 2", where, 20, 10},
	} {
		sc := &Scene{Window: data.Undated, Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true, Where: tc.where}}}}
		shown, _, _ := sc.Counts(0)
		if u := sc.UndatedShown(0); shown != tc.shown || u != tc.undatedIn {
			t.Errorf("%s: shown %d, undated shown %d; want %d, %d", tc.name, shown, u, tc.shown, tc.undatedIn)
		}
	}
	if (&Scene{}).UndatedShown(3) != 0 {
		t.Error("a layer out of range has undated features")
	}
}
