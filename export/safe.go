package export

import (
	"cmp"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
	"campmap/render"
)

// SafeOptions set publication-safe mode: the point features of every
// sensitive layer (see SafeAggregates) are counted in the cells of a fixed
// global grid; each cell's count gets noise, cells whose noisy count is
// under MinCount are left out, and the others show their noisy count
// rounded to a multiple of Round (see publish for the exact mechanism).
type SafeOptions struct {
	CellMeters float64 // cell side (squares) or distance between centres (hexagons), metres (default 2000)
	MinCount   int     // smallest (noisy) count shown (default 5)
	Hexagons   bool    // hexagons instead of squares
	// RefLat is the latitude where hexagons have their nominal size (Job
	// sets it from the page's extent, rounded to a degree).
	RefLat float64
	// NoiseScale is b of the two-sided geometric noise added to every
	// counted cell (ε = 1/b per incident and per export); 0 adds none.
	NoiseScale float64
	// Round rounds published counts to the nearest multiple of Round (0
	// or 1: exact).
	Round int
	// Seed keys the noise. 0 asks Job.Prepare to draw one at random; it
	// is recorded only in the private manifest.
	Seed uint64
}

// The noise and rounding of the window's and the command line's
// publication-safe exports, unless the user changes them: b = 2 (ε = 0.5
// per incident and per export), counts rounded to the nearest 5.
const (
	DefaultNoiseScale = 2
	DefaultRound      = 5
	MaxNoiseScale     = 100
	MaxRound          = 1000
)

// DefaultSafe returns the options a publication-safe export starts with:
// 2 km squares, at least 5, DefaultNoiseScale, DefaultRound, a seed
// drawn per export.
func DefaultSafe() SafeOptions {
	return SafeOptions{CellMeters: 2000, MinCount: 5, NoiseScale: DefaultNoiseScale, Round: DefaultRound}
}

// Check reports options publication-safe mode refuses: a noise scale
// outside [0, MaxNoiseScale] or a rounding outside [0, MaxRound].
func (o SafeOptions) Check() error {
	if !(o.NoiseScale >= 0 && o.NoiseScale <= MaxNoiseScale) {
		return fmt.Errorf("export: noise scale %g: want 0 (none) to %d", o.NoiseScale, MaxNoiseScale)
	}
	if o.Round < 0 || o.Round > MaxRound {
		return fmt.Errorf("export: rounding %d: want 0 (exact counts) to %d", o.Round, MaxRound)
	}
	return nil
}

// NewSeed returns a random noise seed (never 0), from the system's
// cryptographic source. It fits in 53 bits, so that any JSON reader keeps
// it exact.
func NewSeed() uint64 {
	var b [8]byte
	for {
		rand.Read(b[:]) // never fails: Go stops the program if the system has no random source
		if v := binary.LittleEndian.Uint64(b[:]) & (1<<53 - 1); v != 0 {
			return v
		}
	}
}

// Cell sizes publication-safe mode accepts, in metres.
const (
	MinCellMeters = 100
	MaxCellMeters = 100_000
)

// ErrCellSize is wrapped by ParseCellSize for a text that is not a cell size
// in range.
var ErrCellSize = errors.New("a cell size is a length from 100m to 100km, like 2km or 500m")

// ParseCellSize reads a cell size such as "2km", "500 m", "2.5km" or "1500"
// (metres) for publication-safe mode, within [MinCellMeters, MaxCellMeters].
func ParseCellSize(s string) (float64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "km"):
		t, mult = strings.TrimSuffix(t, "km"), 1000
	case strings.HasSuffix(t, "m"):
		t = strings.TrimSuffix(t, "m")
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	m := v * mult
	if err != nil || math.IsNaN(m) || m < MinCellMeters || m > MaxCellMeters {
		return 0, fmt.Errorf("export: %q: %w", s, ErrCellSize)
	}
	return m, nil
}

// Defaults returns o with zero fields set to the defaults (2 km, 5).
func (o SafeOptions) Defaults() SafeOptions {
	if !(o.CellMeters > 0) {
		o.CellMeters = 2000
	}
	if o.MinCount <= 0 {
		o.MinCount = 5
	}
	return o
}

// SafeSummary says what publication-safe mode did.
type SafeSummary struct {
	Incidents  int // features counted (in the time window), in every aggregated layer
	Cells      int // cells shown
	Suppressed int // cells left out for a noisy count under MinCount
	// Exact names the layers drawn as they are (places, lines, areas);
	// Aggregated the layers replaced by counts in cells. Both in the
	// scene's order.
	Exact, Aggregated []string
}

// metresPerDegree is the length of a degree of latitude (and of longitude
// at the equator) on the grid's sphere.
const metresPerDegree = 111320.0

// cellOf returns the grid cell holding (lon, lat): rows of CellMeters of
// latitude from the equator; in each row, columns of CellMeters of
// longitude at the row's middle latitude, from the prime meridian. The grid
// is anchored at (0, 0) and never moves with the data.
func cellOf(lon, lat, size float64) (row, col int64) {
	dlat := size / metresPerDegree
	row = int64(math.Floor(lat / dlat))
	col = int64(math.Floor(lon / dlonOf(row, size)))
	return row, col
}

func dlonOf(row int64, size float64) float64 {
	dlat := size / metresPerDegree
	mid := (float64(row) + 0.5) * dlat
	c := math.Cos(mid * math.Pi / 180)
	return size / (metresPerDegree * math.Max(c, 0.01))
}

// hexOf returns the hexagon holding (lon, lat): a regular lattice of
// pointy-top hexagons in Web Mercator metres anchored at (0, 0), size
// ground metres between neighbouring centres at latitude refLat (where
// hexagons are that size on the ground; Mercator is conformal, so they
// look regular on every map). The lattice depends only on size and
// refLat, never on the data.
func hexOf(lon, lat, size, refLat float64) (row, col int64) {
	m := geo.Mercator(orb.Point{lon, lat})
	return geo.HexCell(m[0], m[1], hexStep(size, refLat))
}

// hexStep is the distance between hexagon centres in Mercator metres.
func hexStep(size, refLat float64) float64 {
	return size / math.Max(math.Cos(refLat*math.Pi/180), 0.01)
}

// hexRing returns a hexagon's outline, in longitude/latitude.
func hexRing(row, col int64, size, refLat float64) orb.Ring {
	s := hexStep(size, refLat)
	cx, cy := geo.HexCenter(row, col, s)
	ring := make(orb.Ring, 0, 7)
	for k := 0; k < 6; k++ {
		x, y := geo.HexCorner(cx, cy, s, k)
		ring = append(ring, project.Mercator.ToWGS84(orb.Point{x, y}))
	}
	return append(ring, ring[0])
}

// cellRing returns the cell's outline, in longitude/latitude.
func cellRing(row, col int64, size float64) orb.Ring {
	dlat := size / metresPerDegree
	dlon := dlonOf(row, size)
	x0, y0 := float64(col)*dlon, float64(row)*dlat
	x1, y1 := x0+dlon, y0+dlat
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// cellPalette colours the count classes, light to dark: ColorBrewer
// YlOrRd (classes 3, 5, 6, 7 and 9 of 9), chosen so that adjacent classes
// differ by at least 10 in CIE L* once drawn at cellFillOpacity on land
// or sea.
var cellPalette = []color.NRGBA{
	{0xFE, 0xD9, 0x76, 0xff},
	{0xFD, 0x8D, 0x3C, 0xff},
	{0xFC, 0x4E, 0x2A, 0xff},
	{0xE3, 0x1A, 0x1C, 0xff},
	{0x80, 0x00, 0x26, 0xff},
}

// cellFillOpacity is the opacity of the cells' fill: nearly opaque, so
// that the classes read as the legend shows them (labels are drawn above).
const cellFillOpacity = 0.85

// cellKey is one cell of one aggregated group (see safeGroups).
type cellKey struct {
	group    int
	row, col int64
}

// safeGroup is one layer of cells SafeScene makes: every layer holding
// incidents counted together (group 0, "incidents"), or one other
// sensitive layer on its own ("records").
type safeGroup struct {
	name      string // the layer's name (other layers)
	incidents bool
	at        int // index in the output's layers where its cells go
	sources   []string
	counts    map[cellKey]int // raw counts, never published as they are
}

// safeGroups counts the features of sc's sensitive layers (SafeAggregates)
// per cell, and returns the layers kept as they are. Features outside the
// time window, hidden by a category or a filter, or without a position
// are not counted; every counted feature is counted at its anchor.
func safeGroups(sc *render.Scene, opt SafeOptions, sum *SafeSummary) (kept []render.LayerView, groups []*safeGroup) {
	var inc *safeGroup
	for _, lv := range sc.Layers {
		l := lv.Layer
		if !SafeAggregates(lv) {
			kept = append(kept, lv)
			if lv.Visible && l != nil {
				sum.Exact = append(sum.Exact, l.Name)
			}
			continue
		}
		if !lv.Visible {
			continue // hidden: neither drawn nor counted, and no empty cell layer
		}
		g := inc
		if !HoldsIncidents(l) {
			g = &safeGroup{name: l.Name, at: len(kept), counts: map[cellKey]int{}}
			groups = append(groups, g)
		} else if inc == nil {
			inc = &safeGroup{incidents: true, at: len(kept), counts: map[cellKey]int{}}
			g = inc
			groups = append(groups, g)
		}
		if s := strings.TrimSpace(l.Source); s != "" && !slices.Contains(g.sources, s) {
			g.sources = append(g.sources, s)
		}
		sum.Aggregated = append(sum.Aggregated, l.Name)
		id := slices.Index(groups, g)
		keep := lv.Keeper()
		for i := 0; i < l.Len(); i++ {
			if !keep(i) {
				continue
			}
			if sp := l.Span(i); sc.Window.Dated() && sp.Dated() {
				if sc.Inside && !sp.Inside(sc.Window) || !sc.Inside && !sp.Overlaps(sc.Window) {
					continue
				}
			}
			p := l.Anchor(i)
			if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
				continue
			}
			r, c := cellOf(p[0], p[1], opt.CellMeters)
			if opt.Hexagons {
				r, c = hexOf(p[0], p[1], opt.CellMeters, opt.RefLat)
			}
			g.counts[cellKey{id, r, c}]++
			sum.Incidents++
		}
	}
	return kept, groups
}

// noise returns the noise of cell k: two-sided geometric (discrete
// Laplace) with scale b, P(X = x) = (1−α)/(1+α)·α^|x| where α = e^(−1/b),
// drawn as the difference of two geometric variables on {0, 1, ...} with
// P(G = g) = (1−α)·α^g. The uniform variables come from SHA-256 of the
// seed and the cell (group, row, column): a cell's noise depends only on
// the seed and the cell, never on the other cells or the order of the
// features, so the author remakes the same page from the same seed.
func noise(seed uint64, k cellKey, b float64) int {
	var in [32]byte
	binary.LittleEndian.PutUint64(in[0:], seed)
	binary.LittleEndian.PutUint64(in[8:], uint64(k.group))
	binary.LittleEndian.PutUint64(in[16:], uint64(k.row))
	binary.LittleEndian.PutUint64(in[24:], uint64(k.col))
	h := sha256.Sum256(in[:])
	lnA := -1 / b
	geom := func(v uint64) int {
		u := (float64(v>>11) + 1) / (1 << 53) // (0, 1]
		return int(math.Floor(math.Log(u) / lnA))
	}
	return geom(binary.LittleEndian.Uint64(h[0:])) - geom(binary.LittleEndian.Uint64(h[8:]))
}

// publish returns what cell k holding n features publishes, and whether
// it is published at all: n plus the cell's noise (when NoiseScale > 0),
// clamped at 0; left out when that is under MinCount; otherwise rounded to
// the nearest multiple of Round (halves up), never below Round.
func (o SafeOptions) publish(k cellKey, n int) (int, bool) {
	if o.NoiseScale > 0 {
		n = max(0, n+noise(o.Seed, k, o.NoiseScale))
	}
	if n < o.MinCount {
		return 0, false
	}
	if o.Round > 1 {
		n = max(o.Round, (n+o.Round/2)/o.Round*o.Round)
	}
	return n, true
}

// publishedCells returns the published count of every published cell of
// g, ordered by row then column.
func (o SafeOptions) publishedCells(g *safeGroup, sum *SafeSummary) (keys []cellKey, counts []int) {
	for k, n := range g.counts {
		if _, ok := o.publish(k, n); ok {
			keys = append(keys, k)
		} else {
			sum.Suppressed++
		}
	}
	slices.SortFunc(keys, func(a, b cellKey) int {
		if a.row != b.row {
			return cmp.Compare(a.row, b.row)
		}
		return cmp.Compare(a.col, b.col)
	})
	for _, k := range keys {
		n, _ := o.publish(k, g.counts[k])
		counts = append(counts, n)
	}
	return keys, counts
}

// SafeScene returns a copy of sc in which every sensitive layer
// (SafeAggregates) is replaced by a layer of grid cells: the layers
// holding incidents together by one layer counting incidents, each other
// sensitive layer by one of its own counting its records. A cell shows
// the class of its published count (see publish); cells not published are
// left out. A cell layer carries only that class per cell: no feature's
// position, name, time or property survives. Layers of places and layers
// without points are kept as they are; every non-point feature of an
// aggregated layer is dropped.
func SafeScene(sc *render.Scene, opt SafeOptions) (*render.Scene, SafeSummary) {
	opt = opt.Defaults()
	var sum SafeSummary
	if sc == nil {
		return nil, sum
	}
	out := *sc
	kept, groups := safeGroups(sc, opt, &sum)
	out.Layers = kept
	lang := sc.Lang
	shape := "cell"
	if opt.Hexagons {
		shape = "hexagon"
	}
	// insert from the last, so that earlier positions stay right
	for gi := len(groups) - 1; gi >= 0; gi-- {
		g := groups[gi]
		keys, counts := opt.publishedCells(g, &sum)
		what := "incidents"
		title := fmt.Sprintf(render.Word(lang, "Incidents per %s %s"), render.FormatDistance(opt.CellMeters), render.Word(lang, shape))
		if !g.incidents {
			what = "records"
			title = fmt.Sprintf(render.Word(lang, "%s: records per %s %s"), g.name, render.FormatDistance(opt.CellMeters), render.Word(lang, shape))
		}
		classes := countClasses(opt.MinCount, what, lang)
		b := data.NewBuilder(title, len(keys))
		for i, k := range keys {
			ring := cellRing(k.row, k.col, opt.CellMeters)
			if opt.Hexagons {
				ring = hexRing(k.row, k.col, opt.CellMeters, opt.RefLat)
			}
			ci := 0
			for ci+1 < len(classes) && counts[i] >= classes[ci+1].min {
				ci++
			}
			err := b.Add(data.Feature{
				Geometry: orb.Polygon{ring},
				ID:       data.Text(""),
				Kind:     data.KindOther,
				Span:     data.Undated,
				Props:    []data.Property{{Key: what, Value: data.Text(classes[ci].label)}},
			})
			if err != nil {
				continue
			}
		}
		sum.Cells += b.Len()
		b.SetCategoryKey(what)
		cl := b.Build()
		cl.Kind = data.KindOther
		cl.Source = strings.Join(g.sources, "; ")
		lv := render.LayerView{Layer: cl, Style: style.Default()}
		lv.FillOpacity = cellFillOpacity
		lv.CategoryColors = map[string]style.Color{}
		for _, c := range cl.Categories() {
			col := cellPalette[0]
			for ci, cls := range classes {
				if cls.label == c {
					col = cellPalette[min(ci, len(cellPalette)-1)]
				}
			}
			lv.CategoryColors[c] = style.Color(col)
		}
		out.Layers = slices.Insert(out.Layers, g.at, lv)
	}
	return &out, sum
}

type countClass struct {
	min   int
	label string
}

// countClasses returns the classes of cell counts from k: k to 2k−1, 2k to
// 5k−1, 5k to 10k−1, 10k to 20k−1, 20k and more, of "incidents" or
// "records".
func countClasses(k int, what, lang string) []countClass {
	bounds := []int{k, 2 * k, 5 * k, 10 * k, 20 * k}
	var out []countClass
	for i, lo := range bounds {
		if i+1 < len(bounds) {
			out = append(out, countClass{lo, fmt.Sprintf(render.Word(lang, "%s–%s "+what), render.Group(lang, lo), render.Group(lang, bounds[i+1]-1))})
		} else {
			out = append(out, countClass{lo, fmt.Sprintf(render.Word(lang, "%s or more "+what), render.Group(lang, lo))})
		}
	}
	return out
}

// SafeNotes are the legend lines of a publication-safe page, in language
// lang (see render.Word): the suppression rule, the noise and rounding,
// and the layers published with their exact positions.
func SafeNotes(opt SafeOptions, sum SafeSummary, lang string) []string {
	opt = opt.Defaults()
	shape := "cells"
	if opt.Hexagons {
		shape = "hexagons"
	}
	shape = render.Word(lang, shape)
	notes := []string{fmt.Sprintf(render.Word(lang, "Publication-safe: incidents counted in %s %s; %s with fewer than %d not shown"), render.FormatDistance(opt.CellMeters), shape, shape, opt.MinCount)}
	switch {
	case opt.NoiseScale > 0 && opt.Round > 1:
		notes = append(notes, fmt.Sprintf(render.Word(lang, "Counts have random noise (scale %s) and are rounded to the nearest %d"), formatScale(opt.NoiseScale), opt.Round))
	case opt.NoiseScale > 0:
		notes = append(notes, fmt.Sprintf(render.Word(lang, "Counts have random noise (scale %s)"), formatScale(opt.NoiseScale)))
	case opt.Round > 1:
		notes = append(notes, fmt.Sprintf(render.Word(lang, "Counts are rounded to the nearest %d"), opt.Round))
	}
	if len(sum.Exact) > 0 {
		notes = append(notes, render.Word(lang, "Exact positions: ")+strings.Join(sum.Exact, ", "))
	}
	return notes
}

func formatScale(b float64) string { return strconv.FormatFloat(b, 'g', 4, 64) }

// SafeGridDegrees is the coarse grid a publication-safe extent is snapped
// to: 0.05° (about 5.5 km of latitude).
const SafeGridDegrees = 0.05

// SnapBound grows b outward to the SafeGridDegrees grid plus one step, so
// that a page's extent never repeats a feature's coordinate and moves
// only in steps of the grid.
func SnapBound(b orb.Bound) orb.Bound {
	const step = SafeGridDegrees
	lo := func(v float64) float64 { return math.Floor(v/step+1e-9)*step - step }
	hi := func(v float64) float64 { return math.Ceil(v/step-1e-9)*step + step }
	r := func(v float64) float64 { return math.Round(v*100) / 100 }
	return orb.Bound{
		Min: orb.Point{r(math.Max(-180, lo(b.Min[0]))), r(math.Max(-85, lo(b.Min[1])))},
		Max: orb.Point{r(math.Min(180, hi(b.Max[0]))), r(math.Min(85, hi(b.Max[1])))},
	}
}

// SafeExtent returns the extent of a publication-safe page drawn from
// out (SafeScene's scene): the union of its shown layers (the published
// cells and the layers kept exact, never a suppressed feature), snapped
// with SnapBound. With nothing shown it is fallback snapped to whole
// degrees, so that even then no feature sets an edge finer than 1°.
func SafeExtent(out *render.Scene, fallback orb.Bound) orb.Bound {
	var b orb.Bound
	ok := false
	if out != nil {
		for _, lv := range out.Layers {
			if !lv.Visible || lv.Layer == nil || lv.Layer.Len() == 0 {
				continue
			}
			lb := lv.Layer.Bounds()
			if !ok {
				b, ok = lb, true
			} else {
				b = b.Union(lb)
			}
		}
	}
	if !ok {
		return orb.Bound{
			Min: orb.Point{math.Max(-180, math.Floor(fallback.Min[0])), math.Max(-85, math.Floor(fallback.Min[1]))},
			Max: orb.Point{math.Min(180, math.Ceil(fallback.Max[0])), math.Min(85, math.Ceil(fallback.Max[1]))},
		}
	}
	return SnapBound(b)
}
