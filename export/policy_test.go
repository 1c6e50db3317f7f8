package export

import (
	"testing"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/render"
)

// policyLayer builds a layer of kind layerKind whose features have the
// given kinds.
func policyLayer(t *testing.T, layerKind data.Kind, kinds ...data.Kind) *data.Layer {
	t.Helper()
	b := data.NewBuilder("l", len(kinds))
	for i, k := range kinds {
		if err := b.Add(data.Feature{Geometry: orb.Point{1.85 + float64(i)/100, 50.95}, Kind: k, Span: data.Undated}); err != nil {
			t.Fatal(err)
		}
	}
	l := b.Build()
	l.Kind = layerKind
	return l
}

func TestNeedsPublicConsent(t *testing.T) {
	incidents := policyLayer(t, data.KindIncident, data.KindIncident, data.KindIncident)
	// a camp layer that also holds one incident: a mixed GeoJSON file
	mixed := policyLayer(t, data.KindCamp, data.KindCamp, data.KindIncident)
	camps := policyLayer(t, data.KindCamp, data.KindCamp, data.KindCamp)
	page := func(label string) *render.PageOptions { return &render.PageOptions{Label: label} }
	scene := func(visible bool, ls ...*data.Layer) *render.Scene {
		sc := render.NewScene(nil, ls)
		for i := range sc.Layers {
			sc.Layers[i].Visible = visible
		}
		return sc
	}
	for _, tc := range []struct {
		name string
		job  Job
		want bool
	}{
		{"incident layer on a Public page", Job{Scene: scene(true, incidents), Page: page("Public")}, true},
		{"mixed layer with incidents on a Public page", Job{Scene: scene(true, mixed), Page: page("Public")}, true},
		{"label in any case, with spaces", Job{Scene: scene(true, mixed), Page: page("  public ")}, true},
		{"camps only", Job{Scene: scene(true, camps), Page: page("Public")}, false},
		{"incidents hidden", Job{Scene: scene(false, incidents, mixed), Page: page("Public")}, false},
		{"Restricted page", Job{Scene: scene(true, incidents), Page: page("Restricted")}, false},
		{"no label", Job{Scene: scene(true, incidents), Page: page("")}, false},
		{"publication-safe", Job{Scene: scene(true, incidents), Page: page("Public"), Safe: &SafeOptions{CellMeters: 2000, MinCount: 5}}, false},
		{"plain image (no page)", Job{Scene: scene(true, incidents)}, false},
		{"no scene", Job{Page: page("Public")}, false},
	} {
		if got := tc.job.NeedsPublicConsent(); got != tc.want {
			t.Errorf("%s: NeedsPublicConsent = %v, want %v", tc.name, got, tc.want)
		}
	}
}
