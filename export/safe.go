package export

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"campmap/data"
	"campmap/data/style"
	"campmap/geo"
	"campmap/render"
)

// SafeOptions set publication-safe mode: incidents are counted in square
// cells of a fixed global grid and cells with fewer than MinCount
// incidents are left out.
type SafeOptions struct {
	CellMeters float64 // cell side (squares) or distance between centres (hexagons), metres (default 2000)
	MinCount   int     // smallest count shown (default 5)
	Hexagons   bool    // hexagons instead of squares
	// RefLat is the latitude where hexagons have their nominal size (Job
	// sets it to the map's centre, rounded to a degree).
	RefLat float64
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
	Incidents  int // incidents counted (in the time window)
	Cells      int // cells shown
	Suppressed int // cells left out for holding fewer than MinCount
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
	s := hexStep(size, refLat)
	hr := s * math.Sqrt(3) / 2
	r0 := int64(math.Floor(m[1]/hr + 0.5))
	best := math.Inf(1)
	for r := r0 - 1; r <= r0+1; r++ {
		off := 0.0
		if r%2 != 0 {
			off = s / 2
		}
		c := int64(math.Floor((m[0]-off)/s + 0.5))
		dx, dy := m[0]-(float64(c)*s+off), m[1]-float64(r)*hr
		if d := dx*dx + dy*dy; d < best {
			best, row, col = d, r, c
		}
	}
	return row, col
}

// hexStep is the distance between hexagon centres in Mercator metres.
func hexStep(size, refLat float64) float64 {
	return size / math.Max(math.Cos(refLat*math.Pi/180), 0.01)
}

// hexRing returns a hexagon's outline, in longitude/latitude.
func hexRing(row, col int64, size, refLat float64) orb.Ring {
	s := hexStep(size, refLat)
	hr := s * math.Sqrt(3) / 2
	off := 0.0
	if row%2 != 0 {
		off = s / 2
	}
	cx, cy := float64(col)*s+off, float64(row)*hr
	rad := s / math.Sqrt(3)
	ring := make(orb.Ring, 0, 7)
	for k := 0; k < 6; k++ {
		a := (30 + 60*float64(k)) * math.Pi / 180
		ring = append(ring, project.Mercator.ToWGS84(orb.Point{cx + rad*math.Cos(a), cy + rad*math.Sin(a)}))
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

// isIncidentLayer reports whether a layer holds incidents: it is of kind
// incident, or some of its features are.
func isIncidentLayer(l *data.Layer) bool {
	if l == nil {
		return false
	}
	if l.Kind == data.KindIncident {
		return true
	}
	for i := 0; i < l.Len(); i++ {
		if l.FeatureKind(i) == data.KindIncident {
			return true
		}
	}
	return false
}

// cellPalette colours the count classes, light to dark (ColorBrewer
// YlOrRd, reversed ends kept readable on land and sea).
var cellPalette = []color.NRGBA{
	{0xFD, 0x8D, 0x3C, 0xff},
	{0xE3, 0x1A, 0x1C, 0xff},
	{0xB1, 0x00, 0x26, 0xff},
	{0x67, 0x00, 0x1F, 0xff},
}

// SafeScene returns a copy of sc in which every layer holding incidents is
// replaced by one layer of grid cells counting the incidents the time
// window shows, without the cells holding fewer than MinCount. The cell
// layer carries only a count class per cell: no incident's position, name,
// time or property survives. Layers without incidents are kept as they
// are. Every other feature of a layer that mixes incidents with other
// kinds is dropped too.
func SafeScene(sc *render.Scene, opt SafeOptions) (*render.Scene, SafeSummary) {
	opt = opt.Defaults()
	var sum SafeSummary
	if sc == nil {
		return nil, sum
	}
	out := *sc
	out.Layers = nil
	type key struct{ row, col int64 }
	counts := map[key]int{}
	var sources []string
	seen := map[string]bool{}
	insertAt := -1
	for _, lv := range sc.Layers {
		l := lv.Layer
		if !isIncidentLayer(l) {
			out.Layers = append(out.Layers, lv)
			continue
		}
		if insertAt < 0 {
			insertAt = len(out.Layers)
		}
		if s := strings.TrimSpace(l.Source); s != "" && !seen[s] {
			seen[s] = true
			sources = append(sources, s)
		}
		if !lv.Visible {
			continue
		}
		for i := 0; i < l.Len(); i++ {
			if l.FeatureKind(i) != data.KindIncident && l.Kind != data.KindIncident || !lv.Keep(i) {
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
			counts[key{r, c}]++
			sum.Incidents++
		}
	}
	if insertAt < 0 {
		return &out, sum
	}
	keys := make([]key, 0, len(counts))
	for k, n := range counts {
		if n >= opt.MinCount {
			keys = append(keys, k)
		} else {
			sum.Suppressed++
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].row != keys[j].row {
			return keys[i].row < keys[j].row
		}
		return keys[i].col < keys[j].col
	})
	lang := sc.Lang
	classes := countClasses(opt.MinCount, lang)
	shape := "cell"
	if opt.Hexagons {
		shape = "hexagon"
	}
	b := data.NewBuilder(fmt.Sprintf(render.Word(lang, "Incidents per %s %s"), render.FormatDistance(opt.CellMeters), render.Word(lang, shape)), len(keys))
	for _, k := range keys {
		ring := cellRing(k.row, k.col, opt.CellMeters)
		if opt.Hexagons {
			ring = hexRing(k.row, k.col, opt.CellMeters, opt.RefLat)
		}
		n := counts[k]
		ci := 0
		for ci+1 < len(classes) && n >= classes[ci+1].min {
			ci++
		}
		err := b.Add(data.Feature{
			Geometry: orb.Polygon{ring},
			ID:       data.Text(""),
			Kind:     data.KindOther,
			Span:     data.Undated,
			Props:    []data.Property{{Key: "incidents", Value: data.Text(classes[ci].label)}},
		})
		if err != nil {
			continue
		}
	}
	sum.Cells = b.Len()
	b.SetCategoryKey("incidents")
	cl := b.Build()
	cl.Kind = data.KindOther
	cl.Source = strings.Join(sources, "; ")
	lv := render.LayerView{Layer: cl, Style: style.Default()}
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
	out.Layers = append(out.Layers[:insertAt], append([]render.LayerView{lv}, out.Layers[insertAt:]...)...)
	return &out, sum
}

type countClass struct {
	min   int
	label string
}

// countClasses returns the classes of cell counts from k: k to 2k−1, 2k to
// 5k−1, 5k to 10k−1, 10k and more.
func countClasses(k int, lang string) []countClass {
	bounds := []int{k, 2 * k, 5 * k, 10 * k}
	var out []countClass
	for i, lo := range bounds {
		if i+1 < len(bounds) {
			out = append(out, countClass{lo, fmt.Sprintf(render.Word(lang, "%s–%s incidents"), render.Group(lang, lo), render.Group(lang, bounds[i+1]-1))})
		} else {
			out = append(out, countClass{lo, fmt.Sprintf(render.Word(lang, "%s or more incidents"), render.Group(lang, lo))})
		}
	}
	return out
}

// SafeNote is the legend line stating the suppression rule, in language
// lang (see render.Word).
func SafeNote(opt SafeOptions, lang string) string {
	opt = opt.Defaults()
	shape := "cells"
	if opt.Hexagons {
		shape = "hexagons"
	}
	shape = render.Word(lang, shape)
	return fmt.Sprintf(render.Word(lang, "Publication-safe: incidents counted in %s %s; %s with fewer than %d not shown"), render.FormatDistance(opt.CellMeters), shape, shape, opt.MinCount)
}

// SnapBound grows b outward to a 0.02° grid (about 2 km) plus one step, so that a
// page's extent never repeats a feature's coordinate.
func SnapBound(b orb.Bound) orb.Bound {
	const step = 0.02
	lo := func(v float64) float64 { return math.Floor(v/step)*step - step }
	hi := func(v float64) float64 { return math.Ceil(v/step)*step + step }
	r := func(v float64) float64 { return math.Round(v*100) / 100 }
	return orb.Bound{
		Min: orb.Point{r(math.Max(-180, lo(b.Min[0]))), r(math.Max(-85, lo(b.Min[1])))},
		Max: orb.Point{r(math.Min(180, hi(b.Max[0]))), r(math.Min(85, hi(b.Max[1])))},
	}
}
