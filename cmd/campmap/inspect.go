package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
	"campmap/internal/errmsg"
	"campmap/render"

	"github.com/paulmach/orb"
)

// layerReport is one layer as "campmap inspect --json" prints it.
type layerReport struct {
	Name          string         `json:"name"`
	Path          string         `json:"path"`
	Kind          string         `json:"kind"`
	Features      int            `json:"features"`
	GeometryTypes map[string]int `json:"geometry_types"`
	BBox          *[4]float64    `json:"bbox"`
	Time          timeReport     `json:"time"`
	InWindow      *int           `json:"in_window,omitempty"`
	// Matching counts, with --where, the features that meet its
	// conditions (in the window when one is given).
	Matching *int `json:"matching,omitempty"`
	// Categories counts the features of each category the window shows
	// (every feature without a window), only those named by --category
	// when given; features without a category count under "".
	Categories map[string]int `json:"categories,omitempty"`
	// Within counts, with --within, the features inside the area after
	// the time window and filters.
	Within   *withinReport `json:"within,omitempty"`
	Warnings []string      `json:"warnings"`
}

// withinReport is how many features of a layer lie in the --within area:
// all of them and by category ("" for the features without one).
type withinReport struct {
	Total      int            `json:"total"`
	Categories map[string]int `json:"categories"`
}

type timeReport struct {
	Start   *string `json:"start"`
	End     *string `json:"end"`
	Zone    string  `json:"zone"`
	Undated int     `json:"undated"`
}

// runInspect prints what each input holds.
func runInspect(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("inspect")
	from := fs.String("from", "", "start of the time window")
	to := fs.String("to", "", "end of the time window")
	zone := fs.String("zone", "UTC", "time zone for --from/--to and for the times printed")
	dataZone := fs.String("data-zone", "UTC", "zone of times written without an offset in the input files")
	withSample := fs.Bool("sample", false, "include the embedded Calais 2015 scenario")
	asJSON := fs.Bool("json", false, "print JSON")
	projPath := fs.String("project", "", "a .campmap project: inspect its layers, in its time window and zone")
	insideFlag := fs.Bool("inside", false, "spans must lie inside the window (default: overlap it)")
	basemapPath := fs.String("basemap", "", "a basemap file (MBTiles, PMTiles or GeoJSON): print its format, tiles, zooms, bounds, attribution and layers")
	withinPath := fs.String("within", "", "a GeoJSON file of polygons: also count the features inside them (boundaries included)")
	var cats multiFlag
	fs.Var(&cats, "category", "count only this category (repeatable)")
	var where whereFlag
	fs.Var(&where, "where", whereUsage)
	files, err := parseInterleaved(fs, args)
	if err == nil && len(files) == 0 && !*withSample && *projPath == "" && *basemapPath == "" {
		err = usageErrorf("nothing to inspect: give GeoJSON files, --project, --sample or --basemap")
	}
	if err != nil {
		return fail(stderr, err, "inspect")
	}
	loc, err := parseZone(*zone)
	if err != nil {
		return fail(stderr, err, "inspect")
	}
	var proj *projectInputs
	inside := false
	if *projPath != "" {
		if proj, err = loadProject(context.Background(), *projPath, stderr); err != nil {
			return fail(stderr, err, "inspect")
		}
		if !isFlagSet(fs, "zone") {
			loc = proj.zone
		}
	}
	window, filtered, err := parseWindow(*from, *to, loc)
	if err != nil {
		return fail(stderr, err, "inspect")
	}
	in, err := loadInputs(context.Background(), files, *withSample, *dataZone, stderr)
	if err != nil {
		return fail(stderr, err, "inspect")
	}
	if proj != nil {
		in.layers = append(proj.layers(), in.layers...)
		in.failed += proj.missing
		if !filtered && proj.window.Dated() {
			window, filtered, inside = proj.window, true, proj.inside
		}
	}
	if isFlagSet(fs, "inside") {
		inside = *insideFlag
	}
	if len(cats) > 0 && !anyCategory(in.layers, cats) {
		return fail(stderr, usageErrorf("--category %q: no layer has that category", cats[0]), "inspect")
	}
	var area *geo.Region
	if *withinPath != "" {
		r, err := loadRegion(context.Background(), *withinPath)
		if err != nil {
			return fail(stderr, err, "inspect")
		}
		area = &r
	}
	styles := map[*data.Layer]style.Style{}
	if proj != nil {
		for _, v := range proj.views {
			styles[v.Layer] = v.Style
		}
	}
	if len(where) > 0 {
		views := make([]render.LayerView, len(in.layers))
		for i, l := range in.layers {
			st, ok := styles[l]
			if !ok {
				st = style.Default()
			}
			views[i] = render.LayerView{Layer: l, Style: st}
		}
		if err := applyWhere(views, where); err != nil {
			return fail(stderr, err, "inspect")
		}
		for _, v := range views {
			styles[v.Layer] = v.Style
		}
	}
	var bm *basemapReport
	if *basemapPath != "" {
		if r, err := inspectBasemap(*basemapPath); err != nil {
			fmt.Fprintln(stderr, "campmap:", errmsg.Sentence(err))
			in.failed++
		} else {
			bm = &r
		}
	}
	reports := make([]layerReport, 0, len(in.layers))
	for _, l := range in.layers {
		r := report(l, loc, window, filtered, inside)
		var keep func(int) bool
		if st, ok := styles[l]; ok && len(where) > 0 && len(st.Where) > 0 {
			keep = render.LayerView{Layer: l, Style: st}.Keeper()
			r.Matching = countMatching(l, window, filtered, inside, keep)
		}
		countCategories(&r, l, window, filtered, inside, cats, keep)
		if area != nil {
			st, ok := styles[l]
			if !ok {
				st = style.Default()
			}
			r.Within = countWithin(l, st, *area, window, filtered, inside, cats)
		}
		reports = append(reports, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(struct {
			Layers  []layerReport  `json:"layers"`
			Basemap *basemapReport `json:"basemap,omitempty"`
		}{reports, bm})
	} else {
		for i, r := range reports {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			printReport(stdout, r)
		}
		if bm != nil {
			if len(reports) > 0 {
				fmt.Fprintln(stdout)
			}
			printBasemapReport(stdout, *bm)
		}
	}
	if in.failed > 0 {
		return exitFail
	}
	return exitOK
}

func report(l *data.Layer, loc *time.Location, window data.Span, filtered, inside bool) layerReport {
	r := layerReport{
		Name: l.Name, Path: l.Path, Kind: l.Kind.String(), Features: l.Len(),
		GeometryTypes: l.GeometryTypes(), Warnings: l.Warnings,
		Time: timeReport{Zone: loc.String(), Undated: l.UndatedCount()},
	}
	if r.GeometryTypes == nil {
		r.GeometryTypes = map[string]int{}
	}
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	if l.Len() > 0 {
		b := l.Bounds()
		r.BBox = &[4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	}
	if ext := l.TimeExtent(); ext.Dated() {
		s := ext.StartTime(loc).Format(time.RFC3339)
		e := ext.EndTime(loc).Format(time.RFC3339)
		r.Time.Start, r.Time.End = &s, &e
	}
	if filtered {
		n := l.Index().Count(window, inside)
		r.InWindow = &n
	}
	return r
}

// countMatching counts the features of l that keep keeps, in window when
// filtered (undated ones included, as the map shows them).
func countMatching(l *data.Layer, window data.Span, filtered, inside bool, keep func(int) bool) *int {
	in := data.InWindow(l, window, inside)
	n := 0
	for i := range l.Len() {
		if keep(i) && (!filtered || in == nil || in(i)) {
			n++
		}
	}
	return &n
}

func printReport(w io.Writer, r layerReport) {
	// names, paths, categories and warnings come from the file: nothing
	// in them may drive the terminal
	p := errmsg.Printable
	fmt.Fprintf(w, "%s\n", p(r.Name))
	if r.Path != "" {
		fmt.Fprintf(w, "  path:      %s\n", p(r.Path))
	}
	fmt.Fprintf(w, "  kind:      %s\n", r.Kind)
	types := make([]string, 0, len(r.GeometryTypes))
	for t, n := range r.GeometryTypes {
		types = append(types, fmt.Sprintf("%s %d", t, n))
	}
	sort.Strings(types)
	fmt.Fprintf(w, "  features:  %d (%s)\n", r.Features, strings.Join(types, ", "))
	if r.BBox != nil {
		fmt.Fprintf(w, "  bounds:    %.5f,%.5f,%.5f,%.5f (minlon,minlat,maxlon,maxlat)\n", r.BBox[0], r.BBox[1], r.BBox[2], r.BBox[3])
	}
	if r.Time.Start != nil {
		fmt.Fprintf(w, "  time:      %s to %s (%s)\n", *r.Time.Start, *r.Time.End, r.Time.Zone)
	} else {
		fmt.Fprintf(w, "  time:      none\n")
	}
	fmt.Fprintf(w, "  undated:   %d\n", r.Time.Undated)
	if r.InWindow != nil {
		fmt.Fprintf(w, "  in window: %d\n", *r.InWindow)
	}
	if r.Matching != nil {
		fmt.Fprintf(w, "  matching:  %d\n", *r.Matching)
	}
	if len(r.Categories) > 0 {
		names := make([]string, 0, len(r.Categories))
		for c := range r.Categories {
			names = append(names, c)
		}
		sort.Strings(names)
		for _, c := range names {
			label := c
			if label == "" {
				label = "(none)"
			}
			fmt.Fprintf(w, "  category:  %s %d\n", p(label), r.Categories[c])
		}
	}
	if r.Within != nil {
		fmt.Fprintf(w, "  within:    %d\n", r.Within.Total)
		for _, c := range slices.Sorted(maps.Keys(r.Within.Categories)) {
			label := c
			if label == "" {
				label = "(none)"
			}
			fmt.Fprintf(w, "  within:    %s %d\n", p(label), r.Within.Categories[c])
		}
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "  warning:   %s\n", p(warn))
	}
}

// anyCategory reports whether every name is a category of some layer.
func anyCategory(ls []*data.Layer, names []string) bool {
	for _, n := range names {
		found := false
		for _, l := range ls {
			for _, c := range l.Categories() {
				found = found || strings.EqualFold(c, n)
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// countCategories fills r.Categories for a layer with categories: how many
// features of each the window shows (dated ones in the window, undated ones
// always, as the map shows them). With names, only those categories are
// counted and in_window counts only them.
func countCategories(r *layerReport, l *data.Layer, window data.Span, filtered, inside bool, names []string, keep func(int) bool) {
	cats := l.Categories()
	if len(cats) == 0 {
		return
	}
	want := func(c string) bool {
		if len(names) == 0 {
			return true
		}
		for _, n := range names {
			if strings.EqualFold(n, c) {
				return true
			}
		}
		return false
	}
	w := data.Undated
	if filtered {
		w = window
	}
	counts := l.CountCategories(w, inside, keep)
	r.Categories = map[string]int{}
	total := 0
	for ci, n := range counts {
		name := ""
		if ci > 0 {
			name = cats[ci-1]
		}
		if (ci == 0 && (n == 0 || len(names) > 0)) || !want(name) {
			continue
		}
		r.Categories[name] = n
		total += n
	}
	if len(names) > 0 && filtered {
		// only the features of the named categories, as the map would show
		n := 0
		l.Index().Query(window, inside, func(i int32) bool {
			if c := l.CategoryIndex(int(i)); c > 0 && want(cats[c-1]) && (keep == nil || keep(int(i))) {
				n++
			}
			return true
		})
		r.InWindow = &n
	}
}

// loadRegion reads the polygons of a GeoJSON (or any readable) file as one
// region.
func loadRegion(ctx context.Context, path string) (geo.Region, error) {
	ls, err := data.LoadFileLayers(ctx, path, data.LoadOptions{})
	if err != nil {
		return geo.Region{}, fmt.Errorf("--within: %w", err)
	}
	var gs []orb.Geometry
	for _, l := range ls {
		for i := range l.Len() {
			if !l.IsPoint(i) {
				gs = append(gs, l.Geometry(i))
			}
		}
	}
	r, ok := geo.NewRegion(gs...)
	if !ok {
		return r, usageErrorf("--within %s: the file holds no polygon; give the area as GeoJSON Polygon or MultiPolygon features", path)
	}
	return r, nil
}

// countWithin counts the features of l in area that the time window and
// the filters show: the layer's style (its project's hidden categories and
// value filter) and, with names, only those categories. A point feature
// is inside when the point is, any other feature when its anchor
// (data.Layer.Anchor) is.
func countWithin(l *data.Layer, st style.Style, area geo.Region, window data.Span, filtered, inside bool, names []string) *withinReport {
	lv := render.LayerView{Layer: l, Style: st}
	want := func(i int) bool {
		if len(names) == 0 {
			return true
		}
		c := l.Category(i)
		for _, n := range names {
			if strings.EqualFold(n, c) {
				return true
			}
		}
		return false
	}
	w := data.Undated
	if filtered {
		w = window
	}
	keep := lv.Keeper()
	counts := l.CountCategories(w, inside, func(i int) bool {
		return area.Contains(l.Anchor(i)) && keep(i) && want(i)
	})
	r := &withinReport{Categories: map[string]int{}}
	cats := l.Categories()
	for ci, n := range counts {
		r.Total += n
		if n == 0 {
			continue
		}
		name := ""
		if ci > 0 {
			name = cats[ci-1]
		}
		r.Categories[name] = n
	}
	return r
}
