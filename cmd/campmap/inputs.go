package main

import (
	"context"
	"fmt"
	"io"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	_ "campmap/data/gpkg" // GeoPackage files
	"campmap/data/sample"
)

// inputs are the layers a headless command works on.
type inputs struct {
	layers []*data.Layer
	failed int // files that could not be loaded (each reported on stderr)
}

// loadInputs loads the sample (when asked) and every file, reporting each
// failure on stderr and going on with the rest.
// Times written without an offset in the files are read in dataZone (UTC
// unless --data-zone says otherwise), as the window reads them.
func loadInputs(ctx context.Context, files []string, withSample bool, dataZone string, stderr io.Writer) (inputs, error) {
	var in inputs
	if withSample {
		ls, err := sample.Layers()
		if err != nil {
			return in, fmt.Errorf("campmap: embedded sample: %w", err)
		}
		in.layers = append(in.layers, ls...)
	}
	loc, err := parseZone(dataZone)
	if err != nil {
		return in, err
	}
	for _, f := range files {
		ls, err := data.LoadFileLayers(ctx, f, data.LoadOptions{Zone: loc})
		if err != nil {
			fmt.Fprintln(stderr, "campmap:", err)
			in.failed++
			continue
		}
		in.layers = append(in.layers, ls...)
	}
	return in, nil
}

// bounds returns the union of the layers' bounds, and whether any has one.
func (in inputs) bounds() (orb.Bound, bool) {
	var b orb.Bound
	ok := false
	for _, l := range in.layers {
		if l.Len() == 0 {
			continue
		}
		if !ok {
			b, ok = l.Bounds(), true
		} else {
			b = b.Union(l.Bounds())
		}
	}
	return b, ok
}

// loadBasemap returns the embedded basemap, or the user's file when given.
func loadBasemap(path string) (*basemap.Basemap, error) {
	if path == "" {
		return basemap.Default()
	}
	return basemap.Load(path)
}
