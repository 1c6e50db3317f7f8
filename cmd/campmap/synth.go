package main

import (
	"fmt"
	"io"
	"time"

	"github.com/paulmach/orb"

	"campmap/data/synth"
	"campmap/internal/atomicfile"
)

// runSynth writes a seeded file of point incidents, the input of the
// benchmarks and of bench/compare.sh.
func runSynth(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("synth")
	out := fs.String("o", "", "output GeoJSON file")
	n := fs.Int("n", 1_000_000, "number of points")
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
	if err != nil {
		return fail(stderr, err, "synth")
	}
	start := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2015, 10, 1, 0, 0, 0, 0, time.UTC)
	err = atomicfile.Write(*out, 0o644, func(w io.Writer) error { return synth.WritePoints(w, *n, *seed, b, start, end) })
	if err != nil {
		return fail(stderr, err, "synth")
	}
	fmt.Fprintf(stdout, "wrote %d points to %s\n", *n, *out)
	return exitOK
}
