package main

import (
	"context"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"campmap/data/sample"
	"campmap/geo"
	"campmap/internal/atomicfile"
	"campmap/render"
)

// runRender draws the scene for a viewport into a PNG, with no display.
func runRender(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("render")
	out := fs.String("o", "", "output PNG file")
	size := fs.String("size", "1600x1000", "image size WIDTHxHEIGHT in pixels")
	bbox := fs.String("bbox", "", "area to show: minlon,minlat,maxlon,maxlat (default: every layer)")
	from := fs.String("from", "", "start of the time window")
	to := fs.String("to", "", "end of the time window")
	zone := fs.String("zone", "UTC", "time zone for --from/--to and times without an offset")
	withSample := fs.Bool("sample", false, "include the embedded Calais 2015 scenario")
	basemapPath := fs.String("basemap", "", "basemap GeoJSON file instead of the embedded one")
	files, err := parseInterleaved(fs, args)
	if err == nil && *out == "" {
		err = usageErrorf("-o OUT.png is required")
	}
	if err == nil && !strings.EqualFold(filepath.Ext(*out), ".png") {
		err = usageErrorf("-o %s: only PNG output is supported (name it .png)", *out)
	}
	if err == nil && len(files) == 0 && !*withSample {
		err = usageErrorf("nothing to draw: give GeoJSON files or --sample")
	}
	var w, h int
	if err == nil {
		w, h, err = parseSize(*size)
	}
	loc, zerr := parseZone(*zone)
	if err == nil {
		err = zerr
	}
	if err != nil {
		return fail(stderr, err, "render")
	}
	window, _, err := parseWindow(*from, *to, loc)
	if err != nil {
		return fail(stderr, err, "render")
	}

	in, err := loadInputs(context.Background(), files, *withSample, *zone, stderr)
	if err != nil {
		return fail(stderr, err, "render")
	}
	if in.failed > 0 {
		fmt.Fprintf(stderr, "campmap: render: %d input file(s) could not be loaded; nothing written\n", in.failed)
		return exitFail
	}
	bm, err := loadBasemap(*basemapPath)
	if err != nil {
		return fail(stderr, err, "render")
	}

	var vp geo.Viewport
	switch {
	case *bbox != "":
		b, err := parseBBox(*bbox)
		if err != nil {
			return fail(stderr, err, "render")
		}
		vp = geo.Fit(b, w, h, 0, geo.MaxZoom)
	case *withSample && len(files) == 0:
		vp = geo.Fit(sample.Bounds(), w, h, 0, geo.MaxZoom)
	default:
		b, ok := in.bounds()
		if !ok {
			b = sample.Bounds()
		}
		vp = geo.Fit(b, w, h, 24, 16)
	}

	sc := render.NewScene(bm, in.layers)
	sc.Window, sc.Zone = window, loc
	img := render.Render(sc, vp)
	err = atomicfile.Write(*out, 0o644, func(w io.Writer) error { return png.Encode(w, img) })
	if err != nil {
		return fail(stderr, err, "render")
	}
	fmt.Fprintf(stdout, "wrote %s (%dx%d)\n", *out, w, h)
	return exitOK
}

// fail prints err on stderr and returns the exit status it calls for.
func fail(stderr io.Writer, err error, cmd string) int {
	if errors.Is(err, errUsage) {
		msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": ")
		fmt.Fprintf(stderr, "campmap %s: %s\nRun 'campmap help' for usage.\n", cmd, msg)
		return exitUsage
	}
	fmt.Fprintf(stderr, "campmap %s: %v\n", cmd, err)
	if errors.Is(err, os.ErrPermission) {
		fmt.Fprintln(stderr, "Check that you may write there, or choose another place with -o.")
	}
	return exitFail
}
