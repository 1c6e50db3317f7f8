package render

import (
	"bytes"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/data/style"
	"campmap/geo"
)

// townScene is the synthetic basemap with the towns given and, when port
// is not empty, a port of that name at Calais.
func townScene(t *testing.T, port string, places ...basemap.Place) *Scene {
	t.Helper()
	bm := synthBasemap()
	for i := range places {
		places[i].AtMerc = project.WGS84.ToMercator(places[i].At)
	}
	basemap.SortPlaces(places)
	bm.Places = places
	sc := &Scene{Basemap: bm, Labels: true, Window: data.Undated}
	if port != "" {
		b := data.NewBuilder("ports", 1)
		b.Layer().Kind = data.KindPort
		mustAdd(t, b, data.Feature{Geometry: orb.Point{1.86, 50.97}, Props: named(port)})
		sc.Layers = []LayerView{{Layer: b.Build(), Style: style.Style{Visible: true}}}
	}
	return sc
}

func TestTownLabels(t *testing.T) {
	vp := geo.New(orb.Point{1.75, 50.9}, 10, 800, 500)
	calais := basemap.Place{Name: "Calais", At: orb.Point{1.833, 50.95}, MinZoom: 6.7, Rank: 7}
	lille := basemap.Place{Name: "Lille", At: orb.Point{1.6, 50.8}, MinZoom: 11, Rank: 6} // not yet at zoom 10
	bare := Render(townScene(t, ""), vp)
	withTowns := Render(townScene(t, "", calais, lille), vp)
	if diffImages(bare, withTowns, 0) == 0 {
		t.Error("no town was named")
	}
	calaisOnly := Render(townScene(t, "", calais), vp)
	if !bytes.Equal(withTowns.Pix, calaisOnly.Pix) {
		t.Error("a town beyond its zoom was named")
	}
	noLabels := townScene(t, "", calais)
	noLabels.Labels = false
	if !bytes.Equal(Render(noLabels, vp).Pix, bare.Pix) {
		t.Error("towns named with labels off")
	}
	// A port labelled Calais already names the town.
	port := Render(townScene(t, "Calais"), vp)
	if !bytes.Equal(Render(townScene(t, "Calais", calais), vp).Pix, port.Pix) {
		t.Error("the town is named beside a campmap label of the same name")
	}
	// Another name beside the port: the town is named, and the port's
	// label is where it was without it.
	other := Render(townScene(t, "Port of Calais"), vp)
	both := Render(townScene(t, "Port of Calais", calais), vp)
	if diffImages(other, both, 0) == 0 {
		t.Error("the town is not named beside a port of another name")
	}
	// At a low zoom a town gets a dot.
	low := geo.New(orb.Point{1.75, 50.9}, 7, 400, 300)
	if diffImages(Render(townScene(t, ""), low), Render(townScene(t, "", calais), low), 0) == 0 {
		t.Error("no town named at zoom 7")
	}
}

// BenchmarkFrameTowns is a 1600x1000 frame of the Calais sample at zoom 7,
// where the most towns are in view, with and without the basemap's towns.
func BenchmarkFrameTowns(b *testing.B) {
	sc, _ := sampleScene(b)
	vp := geo.New(orb.Point{2.5, 50.5}, 7, 1600, 1000)
	bare := *sc.Basemap
	bare.Places = nil
	noTowns := *sc
	noTowns.Basemap = &bare
	for _, bc := range []struct {
		name string
		sc   *Scene
	}{{"towns", sc}, {"no towns", &noTowns}} {
		b.Run(bc.name, func(b *testing.B) {
			dst := image1600()
			b.ReportAllocs()
			for b.Loop() {
				Draw(dst, bc.sc, vp)
			}
		})
	}
}
