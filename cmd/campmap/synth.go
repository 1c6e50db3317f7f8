package main

import (
	"fmt"
	"io"
	"time"

	"github.com/paulmach/orb"

	"campmap/data/synth"
	"campmap/internal/atomicfile"
)

// runSynth writes a seeded file of incidents (points, or with --geometry
// polygons or lines), the input of the benchmarks and of bench/compare.sh.
func runSynth(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("synth")
	out := fs.String("o", "", "output GeoJSON file")
	n := fs.Int("n", 1_000_000, "number of features")
	geometry := fs.String("geometry", "point", "geometry of each feature: point, polygon or line")
	seed := fs.Int64("seed", 1, "random seed: the same seed writes the same bytes")
	bbox := fs.String("bbox", "-1.5,49.5,3,52", "area: minlon,minlat,maxlon,maxlat")
	rest, err := parseInterleaved(fs, args)
	if err == nil && len(rest) > 0 {
		err = usageErrorf("unexpected argument %q", rest[0])
	}
	if err == nil && *out == "" {
		err = usageErrorf("-o OUT.geojson is required")
	}
	if err == nil && (*n < 0 || *n > 100_000_000) {
		err = usageErrorf("-n %d: want 0 to 100000000", *n)
	}
	var b orb.Bound
	if err == nil {
		b, err = parseBBox(*bbox)
	}
	shape := synth.Point
	if err == nil {
		if shape, err = synth.ParseShape(*geometry); err != nil {
			err = usageErrorf("--geometry %q: want point, polygon or line", *geometry)
		}
	}
	if err != nil {
		return fail(stderr, err, "synth")
	}
	start := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2015, 10, 1, 0, 0, 0, 0, time.UTC)
	err = atomicfile.Write(*out, 0o644, func(w io.Writer) error { return synth.WriteShapes(w, *n, *seed, b, start, end, shape) })
	if err != nil {
		return fail(stderr, err, "synth")
	}
	what := map[synth.Shape]string{synth.Point: "points", synth.Polygon: "polygons", synth.Line: "lines"}[shape]
	fmt.Fprintf(stdout, "wrote %d %s to %s\n", *n, what, *out)
	return exitOK
}
