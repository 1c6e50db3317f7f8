package render

import (
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
)

// Under a stack of layers IdentifyAll names each layer's feature, the
// one the cursor is on first, and Identify is its first entry.
func TestIdentifyAllListsEveryLayer(t *testing.T) {
	layer := func(name string, k data.Kind, pts ...orb.Point) *data.Layer {
		b := data.NewBuilder(name, len(pts))
		for _, p := range pts {
			if err := b.Add(data.Feature{Geometry: p, Kind: k, Span: data.Undated}); err != nil {
				t.Fatal(err)
			}
		}
		l := b.Build()
		l.Kind = k
		return l
	}
	at := orb.Point{1.8865, 50.9665}
	camps := layer("camps", data.KindCamp, at, orb.Point{1.90, 50.97})
	incidents := layer("incidents", data.KindIncident, orb.Point{1.88655, 50.96652}, orb.Point{1.70, 50.90})
	far := layer("far", data.KindPort, orb.Point{2.5, 51.2})
	sc := &Scene{Window: data.Undated, Layers: []LayerView{
		{Layer: far, Style: style.Default()}, {Layer: camps, Style: style.Default()}, {Layer: incidents, Style: style.Default()}}}
	vp := geo.New(at, 14, 800, 600)
	x, y := vp.Project(at)
	hs := sc.IdentifyAll(vp, x, y, 6)
	if len(hs) != 2 {
		t.Fatalf("%d hits: %+v, want the incident and the camp", len(hs), hs)
	}
	if hs[0].Layer != 2 || hs[1].Layer != 1 || hs[1].Feature != 0 {
		t.Errorf("hits %+v, want the incident (layer 2) above the camp (layer 1, feature 0)", hs)
	}
	if h, ok := sc.Identify(vp, x, y, 6); !ok || h != hs[0] {
		t.Errorf("Identify %+v, IdentifyAll's first %+v", h, hs[0])
	}
	sc.Layers[2].Visible = false
	if hs := sc.IdentifyAll(vp, x, y, 6); len(hs) != 1 || hs[0].Layer != 1 {
		t.Errorf("with the incidents hidden: %+v", hs)
	}
	if hs := sc.IdentifyAll(vp, 5, 5, 6); len(hs) != 0 {
		t.Errorf("an empty corner: %+v", hs)
	}
}
