package main

import (
	"context"
	"errors"
	"flag"
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
	projPath := fs.String("project", "", "a .campmap project: its layers, styles, view, time window and zone")
	files, err := parseInterleaved(fs, args)
	if err == nil && *out == "" {
		err = usageErrorf("-o OUT.png is required")
	}
	if err == nil && !strings.EqualFold(filepath.Ext(*out), ".png") {
		err = usageErrorf("-o %s: only PNG output is supported (name it .png)", *out)
	}
	if err == nil && len(files) == 0 && !*withSample && *projPath == "" {
		err = usageErrorf("nothing to draw: give GeoJSON files, --project or --sample")
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
	var proj *projectInputs
	if *projPath != "" {
		if proj, err = loadProject(context.Background(), *projPath, stderr); err != nil {
			return fail(stderr, err, "render")
		}
		if !flagSet(fs, "zone") {
			loc = proj.zone
		}
		if proj.missing > 0 {
			fmt.Fprintf(stderr, "campmap: render: %d project layer(s) could not be loaded; nothing written\n", proj.missing)
			return exitFail
		}
	}
	window, _, err := parseWindow(*from, *to, loc)
	if err != nil {
		return fail(stderr, err, "render")
	}
	inside := false
	if proj != nil && *from == "" && *to == "" {
		window, inside = proj.window, proj.inside
	}

	in, err := loadInputs(context.Background(), files, *withSample, *zone, stderr)
	if err != nil {
		return fail(stderr, err, "render")
	}
	if in.failed > 0 {
		fmt.Fprintf(stderr, "campmap: render: %d input file(s) could not be loaded; nothing written\n", in.failed)
		return exitFail
	}
	if proj != nil && *basemapPath == "" {
		*basemapPath = proj.p.Basemap.Path
	}
	bm, err := loadBasemap(*basemapPath)
	if err != nil {
		return fail(stderr, err, "render")
	}
	if proj != nil && proj.p.Basemap.Hidden && !flagSet(fs, "basemap") {
		bm = nil
	}

	var vp geo.Viewport
	var projVP bool
	if proj != nil && *bbox == "" {
		vp, projVP = proj.viewport(w, h)
	}
	switch {
	case projVP:
	case *bbox != "":
		b, err := parseBBox(*bbox)
		if err != nil {
			return fail(stderr, err, "render")
		}
		vp = geo.Fit(b, w, h, 0, geo.MaxZoom)
	case *withSample && len(files) == 0 && proj == nil:
		vp = geo.Fit(sample.Bounds(), w, h, 0, geo.MaxZoom)
	default:
		all := in
		if proj != nil {
			all.layers = append(proj.layers(), in.layers...)
		}
		b, ok := all.bounds()
		if !ok {
			b = sample.Bounds()
		}
		vp = geo.Fit(b, w, h, 24, 16)
	}

	sc := render.NewScene(bm, in.layers)
	if proj != nil {
		// the project's layers with their styles, under the files given
		sc.Layers = append(append([]render.LayerView(nil), proj.views...), sc.Layers...)
	}
	sc.Window, sc.Zone, sc.Inside = window, loc, inside
	img := render.Render(sc, vp)
	err = atomicfile.Write(*out, 0o644, func(w io.Writer) error { return png.Encode(w, img) })
	if err != nil {
		return fail(stderr, err, "render")
	}
	fmt.Fprintf(stdout, "wrote %s (%dx%d)\n", *out, w, h)
	return exitOK
}

// flagSet reports whether the command line set flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
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
