package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"campmap/export"
	"campmap/internal/errmsg"
	"campmap/render"
)

// runRender draws the scene for a viewport into a PNG, or lays out a
// briefing page as PDF, SVG or PNG, with no display.
func runRender(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("render")
	out := fs.String("o", "", "output file (.png, .pdf or .svg)")
	size := fs.String("size", "1600x1000", "image size WIDTHxHEIGHT in pixels")
	bbox := fs.String("bbox", "", "area to show: minlon,minlat,maxlon,maxlat (default: every layer)")
	from := fs.String("from", "", "start of the time window")
	to := fs.String("to", "", "end of the time window")
	zone := fs.String("zone", "UTC", "time zone for --from/--to and times without an offset")
	dataZone := fs.String("data-zone", "UTC", "zone of times written without an offset in the input files")
	withSample := fs.Bool("sample", false, "include the embedded Calais 2015 scenario")
	basemapPath := fs.String("basemap", "", "basemap file: MBTiles or PMTiles (drawn over the embedded basemap), or GeoJSON instead of it")
	dim := fs.Float64("basemap-dim", 0, "fade an MBTiles or PMTiles basemap toward white by this fraction (0 to 0.9), so the layers stand out")
	tf := addTileFlags(fs)
	pageLang := fs.String("lang", "en", "language of the words on the map, page and captions: en or fr")
	projPath := fs.String("project", "", "a .campmap project: its layers, styles, view, time window and zone")
	bookmark := fs.String("bookmark", "", "with --project: draw the project's bookmark of this name (its view, time window and layers)")
	rf := addRenderFlags(fs)
	var where whereFlag
	fs.Var(&where, "where", whereUsage)
	files, err := parseInterleaved(fs, args)
	if err == nil && *out == "" {
		err = usageErrorf("-o OUT.png is required")
	}
	if err == nil && *rf.manifestIn != "" {
		return renderManifest(*rf.manifestIn, *out, rf, stdout, stderr)
	}
	format := strings.ToLower(*rf.format)
	if format == "" && err == nil {
		format = export.FormatOf(*out)
	}
	switch {
	case err != nil:
	case format == "":
		err = usageErrorf("-o %s: name it .png, .pdf or .svg, or give --format", *out)
	case format != export.FormatPDF && format != export.FormatSVG && format != export.FormatPNG:
		err = usageErrorf("--format %q: want pdf, svg or png", *rf.format)
	}
	if err == nil && *bookmark != "" && *projPath == "" {
		err = usageErrorf("--bookmark %q needs the --project that holds it", *bookmark)
	}
	if err == nil && len(files) == 0 && !*withSample && *projPath == "" {
		err = usageErrorf("nothing to draw: give GeoJSON files, --project or --sample")
	}
	var w, h int
	if err == nil {
		w, h, err = parseSize(*size)
	}
	var page *render.PageOptions
	if err == nil && (*rf.page != "" || format != export.FormatPNG) {
		page, err = pageOptions(rf)
	}
	if err == nil && *rf.dpi != 0 && (*rf.dpi < export.MinDPI || *rf.dpi > export.MaxDPI) {
		err = usageErrorf("--dpi %g: want %d to %d", *rf.dpi, export.MinDPI, export.MaxDPI)
	}
	var safe *export.SafeOptions
	if err == nil && *rf.safe {
		safe, err = safeOptions(rf)
	}
	if err == nil && page != nil {
		page.Label = export.LabelFor(page.Label, safe != nil)
	}
	loc, zerr := parseZone(*zone)
	if err == nil {
		err = zerr
	}
	if err != nil {
		return fail(stderr, err, "render")
	}
	// The manifest's hashes of the inputs are computed while they load
	// and draw; Describe waits for them.
	hasher := export.NewHasher()
	hasher.Start(files...)
	var proj *projectInputs
	if *projPath != "" {
		if proj, err = loadProject(context.Background(), *projPath, stderr); err != nil {
			return fail(stderr, err, "render")
		}
		for _, l := range proj.layers() {
			hasher.Start(l.Path)
		}
		if !isFlagSet(fs, "zone") {
			loc = proj.zone
		}
		if proj.missing > 0 {
			fmt.Fprintf(stderr, "campmap: render: %d project layer(s) could not be loaded; nothing written\n", proj.missing)
			return exitFail
		}
		if *bookmark != "" {
			if err := proj.applyBookmark(*bookmark); err != nil {
				return fail(stderr, err, "render")
			}
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

	in, err := loadInputs(context.Background(), files, *withSample, *dataZone, stderr)
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
	hasher.Start(*basemapPath)
	bm, tl, err := loadBasemap(*basemapPath, *dim)
	if err != nil {
		return fail(stderr, err, "render")
	}
	if tl, err = withOnlineTiles(tf, tl, *dim); err != nil {
		return fail(stderr, err, "render")
	}
	defer tl.Close()
	if proj != nil && proj.p.Basemap.Hidden && !isFlagSet(fs, "basemap") {
		bm, tl = nil, nil
	}

	all := in.layers
	if proj != nil {
		all = append(proj.layers(), in.layers...)
	}
	onlySample := *withSample && len(files) == 0 && proj == nil
	vp, bound, err := chooseView(*bbox, proj, onlySample, all, w, h)
	if err != nil {
		return fail(stderr, err, "render")
	}
	// an area the user chose (not the data's extent): a safe export snaps
	// it to a coarse grid instead of fitting what it publishes
	chosen := *bbox != "" || onlySample
	if proj != nil {
		_, view := proj.viewport(w, h)
		chosen = chosen || view
	}

	sc := render.NewScene(bm, in.layers)
	sc.Tiles = tl
	if sc.Lang, err = parseLang(*pageLang); err != nil {
		return fail(stderr, err, "render")
	}
	if proj != nil {
		// the project's layers with their styles, under the files given
		sc.Layers = append(append([]render.LayerView(nil), proj.views...), sc.Layers...)
	}
	if err := applyWhere(sc.Layers, where); err != nil {
		return fail(stderr, err, "render")
	}
	sc.Window, sc.Zone, sc.Inside = window, loc, inside
	// a plain map image shows how large layers are aggregated (a page
	// has its own legend)
	sc.LegendBox = page == nil
	if (export.Job{Scene: sc, Page: page, Safe: safe}).NeedsPublicConsent() && !*rf.force {
		return fail(stderr, usageErrorf("the page is labelled Public but shows exact incident positions: add --safe to aggregate them, or --force to confirm"), "render")
	}
	m, err := export.DescribeHashed(sc, version, hasher)
	if err != nil {
		return fail(stderr, err, "render")
	}
	if *basemapPath != "" {
		bi, err := hasher.HashFile(*basemapPath)
		if err != nil {
			return fail(stderr, err, "render")
		}
		m.Inputs = append(m.Inputs, bi)
		m.Basemap = bi.Name
	}
	job := export.Job{Scene: sc, Bound: bound, Chosen: chosen, Format: format, Page: page, View: vp, DPI: *rf.dpi, Safe: safe, Manifest: m}
	code := writeExport(*out, job, *rf.manifestOut, stdout, stderr)
	warnMissingTiles(stderr, "render", tl)
	return code
}

// fail prints err on stderr and returns the exit status it calls for.
func fail(stderr io.Writer, err error, cmd string) int {
	if errors.Is(err, errUsage) {
		msg := strings.TrimPrefix(err.Error(), errUsage.Error()+": ")
		fmt.Fprintf(stderr, "campmap %s: %s\nRun 'campmap help' for usage.\n", cmd, msg)
		return exitUsage
	}
	fmt.Fprintf(stderr, "campmap %s: %s\n", cmd, errmsg.Sentence(err))
	if errors.Is(err, os.ErrPermission) {
		fmt.Fprintln(stderr, "Check that you may write there, or choose another place with -o.")
	}
	return exitFail
}
