// Package onemillion gives benchmarks the million generated incidents of
// `campmap synth` (seed 1, around Calais, dated 2015–2016), loaded from
// synth.CachedPoints' file as the command line loads one, once per test
// binary.
package onemillion

import (
	"context"
	"sync"

	"campmap/data"
	"campmap/data/geojson"
	"campmap/data/synth"
)

// Layer returns the million incidents, loading them at its first call.
var Layer = sync.OnceValues(func() (*data.Layer, error) {
	path, err := synth.CachedPoints(1_000_000)
	if err != nil {
		return nil, err
	}
	ls, err := geojson.Load(context.Background(), path, data.LoadOptions{})
	if err != nil {
		return nil, err
	}
	return ls[0], nil
})
