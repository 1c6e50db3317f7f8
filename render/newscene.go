package render

import (
	"time"

	"campmap/data"
	"campmap/data/basemap"
)

// NewScene returns the scene the window opens with and the command line
// draws: every layer visible at full opacity on hues of its own
// (DefaultStyle), no time filter, UTC, scale bar, credits and labels on. Callers change fields of the returned value before handing
// it to Draw.
func NewScene(bm *basemap.Basemap, layers []*data.Layer) *Scene {
	sc := &Scene{Basemap: bm, Window: data.Undated, Zone: time.UTC, ScaleBar: true, Credits: true, Labels: true}
	for i, l := range layers {
		sc.Layers = append(sc.Layers, LayerView{Layer: l, Style: DefaultStyle(l, layers[:i])})
	}
	return sc
}
