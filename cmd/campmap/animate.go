package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"campmap/animate"
	"campmap/data"
	"campmap/data/style"
	"campmap/render"
)

// runAnimate writes an animated GIF of the time window stepping over the
// data: one frame per step, each captioned with its window and zone.
func runAnimate(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("animate")
	out := fs.String("o", "", "output file (.gif)")
	size := fs.String("size", "960x640", "frame size WIDTHxHEIGHT in pixels")
	bbox := fs.String("bbox", "", "area to show: minlon,minlat,maxlon,maxlat (default: every layer)")
	from := fs.String("from", "", "start of the first window (default: the data's first time)")
	to := fs.String("to", "", "time the last window reaches (default: the data's last time)")
	stepS := fs.String("step", "1d", "how far each frame moves the window: 1h, 6h, 1d, 1w, 1mo")
	windowS := fs.String("window", "", "window length (default: one step)")
	cumulative := fs.Bool("cumulative", false, "keep the window's start fixed, moving only its end")
	inside := fs.Bool("inside", false, "spans must lie inside the window (default: overlap it)")
	fps := fs.Float64("fps", 2, "frames per second (1 to 50)")
	zone := fs.String("zone", "UTC", "time zone of the steps, of --from/--to and of the captions")
	dataZone := fs.String("data-zone", "UTC", "zone of times written without an offset in the input files")
	withSample := fs.Bool("sample", false, "include the embedded Calais 2015 scenario")
	basemapPath := fs.String("basemap", "", "basemap file: MBTiles or PMTiles (drawn over the embedded basemap), or GeoJSON instead of it")
	dim := fs.Float64("basemap-dim", 0, "fade an MBTiles or PMTiles basemap toward white by this fraction (0 to 0.9)")
	tf := addTileFlags(fs)
	pageLang := fs.String("lang", "en", "language of the words on the map, page and captions: en or fr")
	var cats multiFlag
	fs.Var(&cats, "category", "show only this category (repeatable)")
	var where whereFlag
	fs.Var(&where, "where", whereUsage)
	files, err := parseInterleaved(fs, args)
	switch {
	case err != nil:
	case *out == "":
		err = usageErrorf("-o OUT.gif is required")
	case !strings.EqualFold(strings.TrimSpace(extOf(*out)), ".gif"):
		err = usageErrorf("-o %s: name it .gif", *out)
	case len(files) == 0 && !*withSample:
		err = usageErrorf("nothing to draw: give files or --sample")
	case !(*fps >= 1 && *fps <= 50):
		err = usageErrorf("--fps %g: want 1 to 50", *fps)
	}
	var w, h int
	if err == nil {
		w, h, err = parseSize(*size)
	}
	if err == nil && (w > 4096 || h > 4096) {
		err = usageErrorf("--size %s: at most 4096 pixels a side", *size)
	}
	var step, win data.Step
	if err == nil {
		if step, err = data.ParseStep(*stepS); err != nil {
			err = usageErrorf("--step %q: use 1h, 6h, 1d, 7d, 1w or 1mo", *stepS)
		}
	}
	if err == nil && *windowS != "" {
		if win, err = data.ParseStep(*windowS); err != nil {
			err = usageErrorf("--window %q: use 1h, 6h, 1d, 7d, 1w or 1mo", *windowS)
		}
	}
	loc, zerr := parseZone(*zone)
	if err == nil {
		err = zerr
	}
	var window data.Span
	if err == nil {
		window, _, err = parseWindow(*from, *to, loc)
	}
	if err != nil {
		return fail(stderr, err, "animate")
	}
	in, err := loadInputs(context.Background(), files, *withSample, *dataZone, stderr)
	if err != nil {
		return fail(stderr, err, "animate")
	}
	if in.failed > 0 {
		fmt.Fprintf(stderr, "campmap: animate: %d input file(s) could not be loaded; nothing written\n", in.failed)
		return exitFail
	}
	bm, tl, err := loadBasemap(*basemapPath, *dim)
	if err != nil {
		return fail(stderr, err, "animate")
	}
	if tl, err = withOnlineTiles(tf, tl, *dim); err != nil {
		return fail(stderr, err, "animate")
	}
	defer tl.Close()
	defer warnMissingTiles(stderr, "animate", tl)
	sc := render.NewScene(bm, in.layers)
	sc.Tiles = tl
	if sc.Lang, err = parseLang(*pageLang); err != nil {
		return fail(stderr, err, "animate")
	}
	ext := data.Undated
	for _, l := range in.layers {
		ext = ext.Union(l.TimeExtent())
	}
	if !ext.Dated() && (*from == "" || *to == "") {
		return fail(stderr, errors.New("no input has dated features: give --from and --to"), "animate")
	}
	o := animate.Options{Step: step, Window: win, Cumulative: *cumulative, Inside: *inside, FPS: *fps, Zone: loc,
		From: ext.Start, To: ext.End}
	if *from != "" {
		o.From = window.Start
	} else {
		o.From = step.Unit.Floor(ext.Start, loc)
	}
	if *to != "" {
		o.To = window.End
	}
	if o.To < o.From {
		return fail(stderr, usageErrorf("--to is before --from"), "animate")
	}
	if len(cats) > 0 {
		if err := hideOtherCategories(sc, cats); err != nil {
			return fail(stderr, err, "animate")
		}
	}
	if err := applyWhere(sc.Layers, where); err != nil {
		return fail(stderr, err, "animate")
	}
	frames, err := animate.Windows(o)
	if err != nil {
		return fail(stderr, usageErrorf("%v", err), "animate")
	}
	vp, _, err := chooseView(*bbox, nil, *withSample && len(files) == 0, in.layers, w, h)
	if err != nil {
		return fail(stderr, err, "animate")
	}
	if err := animate.WriteFile(context.Background(), *out, sc, vp, o); err != nil {
		return fail(stderr, err, "animate")
	}
	fmt.Fprintf(stdout, "wrote %s: %d frames of %dx%d, %s to %s (%s), %.3g s\n", *out, len(frames), w, h,
		data.FormatTime(frames[0].Start, loc), data.FormatTime(frames[len(frames)-1].End, loc), loc,
		float64(len(frames)*animate.Delay(*fps))/100)
	return exitOK
}

// hideOtherCategories keeps only the named categories in the layers that
// have at least one of them (other layers, such as camps and ports, stay
// as they are); a name no layer has is a usage error.
func hideOtherCategories(sc *render.Scene, names []string) error {
	found := map[string]bool{}
	for i := range sc.Layers {
		l := sc.Layers[i].Layer
		cats := l.Categories()
		has := false
		for _, c := range cats {
			for _, n := range names {
				has = has || strings.EqualFold(n, c)
			}
		}
		if !has {
			continue
		}
		hidden := style.SetOf("") // features without a category
		for _, c := range cats {
			hidden[c] = true
			for _, n := range names {
				if strings.EqualFold(n, c) {
					delete(hidden, c)
					found[strings.ToLower(n)] = true
				}
			}
		}
		sc.Layers[i].Hidden = hidden
	}
	for _, n := range names {
		if !found[strings.ToLower(n)] {
			return usageErrorf("--category %q: no layer has that category", n)
		}
	}
	return nil
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

func (m *multiFlag) Set(s string) error {
	*m = append(*m, s)
	return nil
}

func extOf(path string) string {
	i := strings.LastIndexByte(path, '.')
	if i < 0 || strings.ContainsAny(path[i:], `/\`) {
		return ""
	}
	return path[i:]
}
