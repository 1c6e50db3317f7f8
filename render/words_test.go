package render

import (
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
)

// A page made in French writes its legend, caption, credits and numbers
// in French; the same page in English is unchanged.
func TestPageInFrench(t *testing.T) {
	b := data.NewBuilder("incidents", 1200)
	t0 := time.Date(2015, 7, 20, 14, 0, 0, 0, time.UTC)
	for i := range 1200 {
		if err := b.Add(data.Feature{Geometry: orb.Point{1.8 + float64(i%40)/400, 50.9 + float64(i/40)/400}, Kind: data.KindIncident,
			Span: data.Instant(t0.Add(time.Duration(i) * time.Minute)), Props: []data.Property{{Key: "category", Value: data.Text("injury")}}}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	l.Kind, l.Source = data.KindIncident, "press reports"
	paris, _ := time.LoadLocation("Europe/Paris")
	sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Default()}}, Zone: paris, Credits: true,
		Window: data.Span{Start: t0.UnixMilli(), End: t0.Add(30 * time.Hour).UnixMilli()}}
	texts := drawingTexts
	size, _ := ParsePageSize("a4-landscape")
	en := DrawPage(sc, l.Bounds(), PageOptions{Size: size})
	fr := *sc
	fr.Lang = "fr"
	fd := DrawPage(&fr, l.Bounds(), PageOptions{Size: size})
	if ft := texts(fd); !strings.Contains(ft, "Légende") || strings.Contains(ft, "Legend\n") {
		t.Errorf("French page texts:\n%s", ft)
	}
	if c := fd.Layout.Caption; !strings.HasPrefix(c, "Fenêtre temporelle : 20 juil. 2015 16:00") {
		t.Errorf("French caption %q", c)
	}
	if c := fd.Layout.Credits; !strings.HasPrefix(c, "Sources : ") {
		t.Errorf("French credits %q", c)
	}
	if c := en.Layout.Caption; !strings.HasPrefix(c, "Time window: 2015-07-20 16:00") {
		t.Errorf("English caption %q", c)
	}
	if got := group("fr", 1200); got != "1\u00a0200" {
		t.Errorf("French number %q", got)
	}
	if !strings.Contains(texts(fd), "1\u00a0200") {
		t.Errorf("the French legend does not count 1 200 injuries:\n%s", texts(fd))
	}
}
