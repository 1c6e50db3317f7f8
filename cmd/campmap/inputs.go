package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	_ "campmap/data/formats/all" // every file format
	"campmap/data/sample"
	"campmap/geo"
	"campmap/internal/errmsg"
	"campmap/render"
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
			return in, fmt.Errorf("embedded sample: %w", err)
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
			fmt.Fprintln(stderr, "campmap:", errmsg.Sentence(err))
			in.failed++
			continue
		}
		in.layers = append(in.layers, ls...)
	}
	return in, nil
}

// chooseView decides what a command's map shows at w×h pixels, the same
// way for every subcommand: the --bbox area when given, else the
// project's saved view, else the embedded scenario's area when it is all
// there is, else every layer fitted with a margin (the scenario's area
// when no layer has a feature). It returns the viewport and the area a
// page fits.
func chooseView(bbox string, proj *projectInputs, onlySample bool, layers []*data.Layer, w, h int) (geo.Viewport, orb.Bound, error) {
	if bbox != "" {
		b, err := parseBBox(bbox)
		if err != nil {
			return geo.Viewport{}, orb.Bound{}, err
		}
		return geo.Fit(b, w, h, 0, geo.MaxZoom), b, nil
	}
	if proj != nil {
		if vp, ok := proj.viewport(w, h); ok {
			return vp, vp.Bound(), nil
		}
	}
	if onlySample {
		return geo.Fit(sample.Bounds(), w, h, 0, geo.MaxZoom), sample.Bounds(), nil
	}
	b, ok := layerBounds(layers)
	if !ok {
		b = sample.Bounds()
	}
	return geo.Fit(b, w, h, 24, 16), b, nil
}

// layerBounds returns the union of the layers' bounds, and whether any
// has one.
func layerBounds(layers []*data.Layer) (orb.Bound, bool) {
	var b orb.Bound
	ok := false
	for _, l := range layers {
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

// loadBasemap returns the embedded basemap, or the user's file when given:
// a GeoJSON basemap, or an MBTiles or PMTiles file drawn over the embedded
// one (tl, closed by the caller). A headless frame waits up to tileWait
// for the tiles of online sources.
func loadBasemap(path string, dim float64) (bm *basemap.Basemap, tl *render.Tiles, err error) {
	return render.LoadBasemap(path, render.TileOptions{Dim: dim, Wait: tileWait})
}

// tileWait is how long a headless frame waits for tiles not at hand.
const tileWait = 30 * time.Second

// warnMissingTiles says on stderr when frames were drawn without some of
// their tiles.
func warnMissingTiles(stderr io.Writer, cmd string, tl *render.Tiles) {
	if n := tl.Missing(); n > 0 {
		fmt.Fprintf(stderr, "campmap %s: some basemap tiles could not be had in time; %d frame(s) drawn without them\n", cmd, n)
	}
}
