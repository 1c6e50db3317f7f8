package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/sample"
	"campmap/export"
	"campmap/geo"
	"campmap/internal/atomicfile"
	"campmap/render"
)

// renderFlags are the page, format and manifest options of campmap render.
type renderFlags struct {
	format, page, title, subtitle, org, date, label, cell, manifestOut, manifestIn *string
	dpi, noise                                                                     *float64
	minCount, round                                                                *int
	legendAt                                                                       *string
	noLegend, noScale, noNorth, noInset, miles, safe, force, hex                   *bool
}

func addRenderFlags(fs *flag.FlagSet) renderFlags {
	return renderFlags{
		format:      fs.String("format", "", "pdf, svg or png (default: from the -o extension)"),
		page:        fs.String("page", "", "briefing page: "+strings.Join(render.PageNames(), ", ")+", or WIDTHxHEIGHT in pixels"),
		dpi:         fs.Float64("dpi", 0, "PNG page resolution, 96 to 600 (default 150)"),
		title:       fs.String("title", "", "page title"),
		subtitle:    fs.String("subtitle", "", "page subtitle"),
		org:         fs.String("org", "", "author or organisation"),
		date:        fs.String("date", "", "date of production (default today)"),
		label:       fs.String("label", "", "sensitivity label printed on the page (Public, Restricted, Confidential...)"),
		noLegend:    fs.Bool("no-legend", false, "leave out the legend"),
		legendAt:    fs.String("legend-at", "auto", "where the legend goes: "+placementNames()+" (auto: a corner free of data, else the margin)"),
		noScale:     fs.Bool("no-scalebar", false, "leave out the scale bar"),
		noNorth:     fs.Bool("no-north", false, "leave out the north arrow"),
		noInset:     fs.Bool("no-inset", false, "leave out the overview map"),
		miles:       fs.Bool("miles", false, "add a scale bar in miles"),
		safe:        fs.Bool("safe", false, "publication-safe: incidents as counts in grid cells, small counts suppressed"),
		cell:        fs.String("cell", "2km", "publication-safe cell size (e.g. 2km, 500m)"),
		minCount:    fs.Int("min-count", 5, "publication-safe: smallest count shown"),
		hex:         fs.Bool("hex", false, "publication-safe: hexagons instead of square cells"),
		noise:       fs.Float64("noise", export.DefaultNoiseScale, "publication-safe: scale b of the two-sided geometric noise added to each cell's count (ε = 1/b per incident), 0 for none"),
		round:       fs.Int("round", export.DefaultRound, "publication-safe: round published counts to the nearest multiple of this, 0 for exact counts"),
		force:       fs.Bool("force", false, "confirm exporting exact incident positions on a page labelled Public"),
		manifestOut: fs.String("manifest-out", "", "also write the export's manifest to this file (publication-safe: the private manifest, instead of OUT.private.json)"),
		manifestIn:  fs.String("manifest", "", "make the export a manifest describes (checking its inputs)"),
	}
}

// writeExport writes the job to out (and its manifest to manifestOut). A
// publication-safe export's private manifest goes to manifestOut, or
// beside out (OUT.private.json), readable by its owner only.
func writeExport(out string, job export.Job, manifestOut string, stdout, stderr io.Writer) int {
	res, err := export.WriteFile(out, job)
	if err != nil {
		return fail(stderr, err, "render")
	}
	switch {
	case res.Private != nil:
		p := manifestOut
		if p == "" {
			p = out + export.PrivateSuffix
		}
		if err := export.WritePrivate(p, res.Private); err != nil {
			return fail(stderr, err, "render")
		}
		defer fmt.Fprintf(stdout, "private manifest %s: keep it private (it holds the inputs' paths and hashes and the noise seed); campmap render --manifest %s remakes the export\n", p, p)
	case manifestOut != "":
		if err := writeFileAtomic(manifestOut, append(res.Manifest, '\n')); err != nil {
			return fail(stderr, err, "render")
		}
	}
	switch {
	case job.Format == export.FormatPNG:
		fmt.Fprintf(stdout, "wrote %s (%dx%d)\n", out, res.W, res.H)
	default:
		fmt.Fprintf(stdout, "wrote %s (%s, %s)\n", out, strings.ToUpper(job.Format), job.Page.Size.Name)
	}
	if job.Safe != nil {
		fmt.Fprintf(stdout, "publication-safe: %d incidents in %d cells shown, %d cells with fewer than %d left out\n",
			res.Safe.Incidents, res.Safe.Cells, res.Safe.Suppressed, job.Safe.MinCount)
		fmt.Fprintf(stdout, "publication-safe: as counts in cells: %s; exact positions: %s\n", listOrNone(res.Safe.Aggregated), listOrNone(res.Safe.Exact))
	}
	return exitOK
}

// pageOptions reads the page flags.
func pageOptions(rf renderFlags) (*render.PageOptions, error) {
	name := *rf.page
	if name == "" {
		name = "a4-landscape"
	}
	ps, err := render.ParsePageSize(name)
	if err != nil {
		return nil, usageErrorf("--page %q: want one of %s, or WIDTHxHEIGHT in pixels (e.g. 1600x1000)", name, strings.Join(render.PageNames(), ", "))
	}
	date := *rf.date
	if date == "" {
		date = time.Now().Format("2006-01-02")
	}
	pl, err := render.ParsePlacement(*rf.legendAt)
	if err != nil {
		return nil, usageErrorf("--legend-at %q: want one of %s", *rf.legendAt, placementNames())
	}
	return &render.PageOptions{Size: ps, Title: *rf.title, Subtitle: *rf.subtitle, Org: *rf.org, Date: date, Label: *rf.label,
		NoLegend: *rf.noLegend, NoScaleBar: *rf.noScale, NoNorth: *rf.noNorth, NoInset: *rf.noInset, Miles: *rf.miles, Placement: pl}, nil
}

// placementNames lists the legend's places for --legend-at.
func placementNames() string {
	var names []string
	for _, p := range render.Placements() {
		names = append(names, string(p))
	}
	return strings.Join(names, ", ")
}

// listOrNone joins names, or says none.
func listOrNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// safeOptions reads --cell, --min-count, --hex, --noise and --round.
func safeOptions(rf renderFlags) (*export.SafeOptions, error) {
	m, err := export.ParseCellSize(*rf.cell)
	if err != nil {
		return nil, usageErrorf("--cell %q: want a length from 100m to 100km (e.g. 2km, 500m)", *rf.cell)
	}
	if *rf.minCount < 1 || *rf.minCount > 1000000 {
		return nil, usageErrorf("--min-count %d: want 1 or more", *rf.minCount)
	}
	if !(*rf.noise >= 0 && *rf.noise <= export.MaxNoiseScale) {
		return nil, usageErrorf("--noise %g: want 0 (none) to %d", *rf.noise, export.MaxNoiseScale)
	}
	if *rf.round < 0 || *rf.round > export.MaxRound {
		return nil, usageErrorf("--round %d: want 0 (exact counts) to %d", *rf.round, export.MaxRound)
	}
	return &export.SafeOptions{CellMeters: m, MinCount: *rf.minCount, Hexagons: *rf.hex, NoiseScale: *rf.noise, Round: *rf.round}, nil
}

// renderManifest makes again the export a manifest describes, after
// checking that its inputs did not change.
func renderManifest(path, out string, rf renderFlags, stdout, stderr io.Writer) int {
	if err := data.CheckRegular("export", path); err != nil {
		return fail(stderr, fmt.Errorf("--manifest: %w", err), "render")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return fail(stderr, fmt.Errorf("--manifest: %w", err), "render")
	}
	m, err := export.ReadManifest(b)
	if err != nil {
		return fail(stderr, err, "render")
	}
	if m.Public {
		return fail(stderr, fmt.Errorf("--manifest %s is the public manifest of a publication-safe export: it names no input file and no noise seed; make the export again from its private manifest (the export's name followed by %s)", path, export.PrivateSuffix), "render")
	}
	if err := m.Verify(); err != nil {
		fmt.Fprintf(stderr, "campmap render: the inputs of %s changed; nothing written:\n%v\n", path, err)
		return exitFail
	}
	loc, err := parseZone(m.Zone)
	if err != nil {
		return fail(stderr, err, "render")
	}
	// Load the inputs in the manifest's order.
	var layers []*data.Layer
	inputOf := map[*data.Layer]int{}
	sampleLoaded := false
	var sampleLayers []*data.Layer
	for i, in := range m.Inputs {
		switch {
		case in.Name == m.Basemap && !in.Embedded && m.Basemap != "embedded":
			continue
		case in.Embedded:
			if !sampleLoaded {
				sampleLayers, err = sample.Layers()
				if err != nil {
					return fail(stderr, fmt.Errorf("embedded sample: %w", err), "render")
				}
				sampleLoaded = true
			}
			for _, l := range sampleLayers {
				if si, ok := export.SampleInput(l.Name); ok && si.Name == in.Name {
					layers = append(layers, l)
					inputOf[l] = i
				}
			}
		default:
			l, err := data.LoadFile(context.Background(), in.Path, data.LoadOptions{Zone: loc})
			if err != nil {
				return fail(stderr, err, "render")
			}
			layers = append(layers, l)
			inputOf[l] = i
		}
	}
	bmPath := ""
	if m.Basemap != "embedded" {
		for _, in := range m.Inputs {
			if in.Name == m.Basemap {
				bmPath = in.Path
			}
		}
	}
	bm, tl, err := loadBasemap(bmPath, 0)
	if err != nil {
		return fail(stderr, err, "render")
	}
	defer tl.Close()
	sc := render.NewScene(bm, layers)
	sc.Tiles = tl
	sc.Zone = loc
	m.ApplyTo(sc, func(l *data.Layer) int {
		if i, ok := inputOf[l]; ok {
			return i
		}
		return -1
	})
	format := m.Format
	if f := export.FormatOf(out); f != "" && f != format {
		return fail(stderr, usageErrorf("-o %s: the manifest describes a %s export", out, strings.ToUpper(format)), "render")
	}
	bound := orb.Bound{Min: orb.Point{m.BBox[0], m.BBox[1]}, Max: orb.Point{m.BBox[2], m.BBox[3]}}
	job := export.Job{Scene: sc, Bound: bound, Format: format, Manifest: m}
	job.Manifest.Safe, job.Manifest.Page, job.Manifest.Viewport, job.Manifest.Format = nil, nil, nil, ""
	if m.Viewport != nil {
		v := m.Viewport
		job.View = geo.New(orb.Point{v.Lon, v.Lat}, v.Zoom, v.W, v.H)
	}
	if p := m.Page; p != nil {
		ps, err := render.ParsePageSize(p.Name)
		if err != nil {
			return fail(stderr, err, "render")
		}
		job.Page = &render.PageOptions{Size: ps, Title: p.Title, Subtitle: p.Subtitle, Org: p.Org, Date: p.Date, Label: p.Label,
			NoLegend: !p.Legend, NoScaleBar: !p.ScaleBar, NoNorth: !p.North, NoInset: !p.Inset, Miles: p.Miles,
			Placement: render.Placement(p.Placement)}
		job.DPI = p.DPI
	}
	if s := m.Safe; s != nil {
		opt := s.Options()
		job.Safe, job.Snapped, job.Chosen = &opt, true, s.Chosen
	}
	return writeExport(out, job, *rf.manifestOut, stdout, stderr)
}

// writeFileAtomic writes b to path through internal/atomicfile.
func writeFileAtomic(path string, b []byte) error {
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}
