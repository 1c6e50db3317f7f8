package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"campmap/data"
	"campmap/data/formats/all"
)

// runConvert writes one layer of the inputs (all of it, or what a time
// window shows) as GeoPackage or GeoJSON, by the output's extension.
func runConvert(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("convert")
	out := fs.String("o", "", "output file (.gpkg or .geojson)")
	layer := fs.String("layer", "", "the layer to write when the inputs hold several (a GeoPackage)")
	from := fs.String("from", "", "start of the time window")
	to := fs.String("to", "", "end of the time window")
	inside := fs.Bool("inside", false, "keep features whose span lies inside the window, not just overlaps it")
	zone := fs.String("zone", "UTC", "time zone for --from/--to and times without an offset")
	dataZone := fs.String("data-zone", "UTC", "zone of times written without an offset in the input files")
	files, err := parseInterleaved(fs, args)
	ext := strings.ToLower(filepath.Ext(*out))
	switch {
	case err != nil:
	case *out == "":
		err = usageErrorf("-o OUT.gpkg or -o OUT.geojson is required")
	case ext != ".gpkg" && ext != ".geojson" && ext != ".json" && ext != ".csv":
		err = usageErrorf("-o %s: name it .gpkg (GeoPackage), .geojson or .csv", *out)
	case len(files) == 0:
		err = usageErrorf("nothing to convert: give an input file")
	}
	if err != nil {
		return fail(stderr, err, "convert")
	}
	loc, err := parseZone(*zone)
	if err != nil {
		return fail(stderr, err, "convert")
	}
	window, _, err := parseWindow(*from, *to, loc)
	if err != nil {
		return fail(stderr, err, "convert")
	}
	in, err := loadInputs(context.Background(), files, false, *dataZone, stderr)
	if err != nil {
		return fail(stderr, err, "convert")
	}
	if in.failed > 0 {
		fmt.Fprintf(stderr, "campmap: convert: %d input file(s) could not be loaded; nothing written\n", in.failed)
		return exitFail
	}
	var l *data.Layer
	var names []string
	for _, c := range in.layers {
		names = append(names, c.Name)
		if *layer == "" || c.Name == *layer {
			if l != nil {
				return fail(stderr, usageErrorf("the inputs hold several layers (%s): choose one with --layer", strings.Join(names, ", ")), "convert")
			}
			l = c
		}
	}
	if l == nil {
		return fail(stderr, usageErrorf("--layer %q: the inputs hold %s", *layer, strings.Join(names, ", ")), "convert")
	}
	keep := data.InWindow(l, window, *inside)
	if err = all.WriteFile(context.Background(), *out, l, keep); err != nil {
		return fail(stderr, err, "convert")
	}
	n := l.Len()
	if keep != nil {
		n = 0
		for i := 0; i < l.Len(); i++ {
			if keep(i) {
				n++
			}
		}
	}
	fmt.Fprintf(stdout, "wrote %s (%d of %d features of %s)\n", *out, n, l.Len(), l.Name)
	return exitOK
}
