package render

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"campmap/data/basemap/tiles"
	"campmap/geo"
)

// The built-in style of vector basemaps: quiet colours close to the
// embedded basemap's, so campmap's own layers keep the contrast. One set
// of paints serves both schemas; only how features are sorted into them
// differs (see tileStyle.classify).

// paintKind says how a paint draws its features.
type paintKind uint8

const (
	paintFill paintKind = iota // polygons, optionally outlined
	paintLine                  // lines of one width
	paintRoad                  // lines with a casing, wider with the zoom
)

// paint is one layer of the style.
type paint struct {
	kind    paintKind
	col     color.NRGBA
	casing  color.NRGBA // roads: the casing; fills: the outline (A 0: none)
	w14     float64     // line width at zoom 14, layout pixels
	grow    float64     // width factor per zoom level (1: fixed)
	dash    []float64   // layout pixels
	minZoom float64     // layout zoom from which the paint shows
}

// width returns the paint's line width at layout zoom z, layout pixels.
func (p *paint) width(z float64) float64 {
	g := p.grow
	if g == 0 {
		g = 1
	}
	return min(max(p.w14*math.Pow(g, z-14), 0.5), 28)
}

// The paints, in drawing order.
const (
	pEarth = iota
	pFarm
	pSand
	pGrass
	pWood
	pResidential
	pIndustrial
	pCemetery
	pPark
	pWater
	pStream
	pRiver
	pBuilding
	pBoundary4
	pBoundary2
	pPath
	pTrack
	pService
	pMinor
	pTertiary
	pSecondary
	pPrimary
	pTrunk
	pMotorway
	pRail
	nPaints
)

var (
	roadCasing = color.NRGBA{0xC9, 0xC2, 0xB6, 0xff}
	majorCase  = color.NRGBA{0xD2, 0xB4, 0x86, 0xff}
)

// paints is the style's look of each paint.
var paints = [nPaints]paint{
	pEarth:       {kind: paintFill, col: LandColor},
	pFarm:        {kind: paintFill, col: color.NRGBA{0xF1, 0xF0, 0xE3, 0xff}, minZoom: 10},
	pSand:        {kind: paintFill, col: color.NRGBA{0xF1, 0xEA, 0xD2, 0xff}},
	pGrass:       {kind: paintFill, col: color.NRGBA{0xE6, 0xEE, 0xD9, 0xff}},
	pWood:        {kind: paintFill, col: color.NRGBA{0xDB, 0xE6, 0xCF, 0xff}},
	pResidential: {kind: paintFill, col: color.NRGBA{0xEE, 0xEA, 0xE3, 0xff}, minZoom: 10},
	pIndustrial:  {kind: paintFill, col: color.NRGBA{0xEB, 0xE6, 0xE6, 0xff}, minZoom: 11},
	pCemetery:    {kind: paintFill, col: color.NRGBA{0xDD, 0xE5, 0xD6, 0xff}, minZoom: 12},
	pPark:        {kind: paintFill, col: color.NRGBA{0xD6, 0xE7, 0xC8, 0xff}},
	pWater:       {kind: paintFill, col: SeaColor},
	pStream:      {kind: paintLine, col: RiverColor, w14: 0.9, grow: 1.3, minZoom: 13},
	pRiver:       {kind: paintLine, col: RiverColor, w14: 2, grow: 1.4, minZoom: 8},
	pBuilding:    {kind: paintFill, col: color.NRGBA{0xE3, 0xDD, 0xD4, 0xff}, casing: color.NRGBA{0xD3, 0xCA, 0xBE, 0xff}, minZoom: 15},
	pBoundary4:   {kind: paintLine, col: color.NRGBA{0xB6, 0xB0, 0xBE, 0xff}, w14: 1, dash: []float64{4, 3}},
	pBoundary2:   {kind: paintLine, col: color.NRGBA{0x9A, 0x94, 0xA6, 0xff}, w14: 1.4, dash: []float64{7, 3}},
	pPath:        {kind: paintLine, col: color.NRGBA{0xBE, 0xB2, 0xA0, 0xff}, w14: 0.9, grow: 1.2, dash: []float64{2.5, 2}, minZoom: 14},
	pTrack:       {kind: paintLine, col: color.NRGBA{0xC4, 0xB6, 0x9C, 0xff}, w14: 1, grow: 1.2, dash: []float64{4, 2}, minZoom: 13},
	pService:     {kind: paintRoad, col: color.NRGBA{0xff, 0xff, 0xff, 0xff}, casing: roadCasing, w14: 1, grow: 1.5, minZoom: 14},
	pMinor:       {kind: paintRoad, col: color.NRGBA{0xff, 0xff, 0xff, 0xff}, casing: roadCasing, w14: 2, grow: 1.55, minZoom: 12.5},
	pTertiary:    {kind: paintRoad, col: color.NRGBA{0xff, 0xff, 0xff, 0xff}, casing: roadCasing, w14: 2.6, grow: 1.5, minZoom: 11},
	pSecondary:   {kind: paintRoad, col: color.NRGBA{0xFB, 0xF3, 0xDC, 0xff}, casing: majorCase, w14: 3, grow: 1.45, minZoom: 9},
	pPrimary:     {kind: paintRoad, col: color.NRGBA{0xF8, 0xEA, 0xC6, 0xff}, casing: majorCase, w14: 3.4, grow: 1.45, minZoom: 7},
	pTrunk:       {kind: paintRoad, col: color.NRGBA{0xF6, 0xDF, 0xB2, 0xff}, casing: majorCase, w14: 3.8, grow: 1.4, minZoom: 5},
	pMotorway:    {kind: paintRoad, col: color.NRGBA{0xF2, 0xD3, 0x9C, 0xff}, casing: color.NRGBA{0xC8, 0xA0, 0x6C, 0xff}, w14: 4.2, grow: 1.4, minZoom: 4},
	pRail:        {kind: paintLine, col: color.NRGBA{0xA6, 0xA6, 0xA6, 0xff}, w14: 1.2, grow: 1.15, minZoom: 10},
}

// labelKind is what a basemap label names, which decides its look.
type labelKind uint8

const (
	lCountry labelKind = iota
	lCity
	lTown
	lVillage
	lSuburb
	lWater
	lRoad
)

// vlabel is a name of a vector tile, in Web Mercator metres.
type vlabel struct {
	kind    labelKind
	text    string
	rank    int     // lower is placed first
	minZoom float64 // layout zoom from which it shows
	at      pt
	lines   [][]pt // road and river names: the lines they follow
}

// vpoly is one polygon: its outer ring, then its holes (Mercator).
type vpoly [][]pt

// vtile is a vector tile prepared for drawing: its features sorted into
// the style's paints, in Web Mercator metres.
type vtile struct {
	polys  [nPaints][]vpoly
	lines  [nPaints][][]pt
	labels []vlabel
	size   int64 // bytes, about
}

// tileStyle sorts the features of one schema into the paints.
type tileStyle struct {
	name string
	pm   bool // Protomaps (else OpenMapTiles)
}

// styleFor chooses the style from a tileset's layer names: Protomaps
// when it has "earth" or "roads", else OpenMapTiles (whose layer names
// unknown schemas often share).
func styleFor(layers []tiles.VectorLayer) *tileStyle {
	for _, l := range layers {
		switch l.ID {
		case "earth", "roads", "places", "buildings", "boundaries":
			return &tileStyle{name: "Protomaps", pm: true}
		}
	}
	return &tileStyle{name: "OpenMapTiles"}
}

// prepare decodes a vector tile at k into its paints and labels. A
// tileset whose metadata named no layers is told apart here by its
// tiles' layers.
func (s *tileStyle) prepare(b []byte, k tileKey) (*vtile, error) {
	ls, err := tiles.DecodeVectorPixels(b, 1)
	if err != nil {
		return nil, err
	}
	st := *s
	for _, l := range ls {
		if l.Name == "earth" || l.Name == "roads" {
			st.pm = true
		}
	}
	size := geo.WorldMeters / float64(int(1)<<k.z)
	ox, oy := -geo.WorldHalf+float64(k.x)*size, geo.WorldHalf-float64(k.y)*size
	at := func(p orb.Point) pt { return pt{ox + p[0]*size, oy - p[1]*size} }
	vt := &vtile{}
	var n int64
	ring := func(r []orb.Point) []pt {
		out := make([]pt, len(r))
		for i, p := range r {
			out[i] = at(p)
		}
		n += int64(len(out))*16 + 24
		return out
	}
	for _, l := range ls {
		for _, f := range l.Features {
			if f == nil || f.Geometry == nil {
				continue
			}
			pi, lab := st.classify(l.Name, f)
			if pi >= 0 {
				switch g := f.Geometry.(type) {
				case orb.Polygon:
					vt.polys[pi] = append(vt.polys[pi], polyOf(g, ring))
				case orb.MultiPolygon:
					for _, p := range g {
						vt.polys[pi] = append(vt.polys[pi], polyOf(p, ring))
					}
				case orb.LineString:
					vt.lines[pi] = append(vt.lines[pi], ring(g))
				case orb.MultiLineString:
					for _, ls := range g {
						vt.lines[pi] = append(vt.lines[pi], ring(ls))
					}
				}
			}
			if lab.text == "" {
				continue
			}
			switch g := f.Geometry.(type) {
			case orb.Point:
				lab.at = at(g)
			case orb.MultiPoint:
				if len(g) == 0 {
					continue
				}
				lab.at = at(g[0])
			case orb.LineString:
				lab.lines = [][]pt{ring(g)}
			case orb.MultiLineString:
				for _, ls := range g {
					lab.lines = append(lab.lines, ring(ls))
				}
			case orb.Polygon, orb.MultiPolygon:
				c, _ := labelPoint(g)
				lab.at = at(c)
			default:
				continue
			}
			n += int64(len(lab.text)) + 64
			vt.labels = append(vt.labels, lab)
		}
	}
	vt.size = n + 512
	return vt, nil
}

// labelPoint returns the middle of a polygon's box.
func labelPoint(g orb.Geometry) (orb.Point, bool) {
	b := g.Bound()
	return b.Center(), !b.IsEmpty()
}

func polyOf(p orb.Polygon, ring func([]orb.Point) []pt) vpoly {
	out := make(vpoly, 0, len(p))
	for _, r := range p {
		out = append(out, ring(r))
	}
	return out
}

// propStr returns a feature's property as a string ("" when absent).
func propStr(f *mvtFeature, key string) string {
	switch v := f.Properties[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	}
	return fmt.Sprint(f.Properties[key])
}

// propNum returns a feature's numeric property, or def.
func propNum(f *mvtFeature, key string, def float64) float64 {
	switch v := f.Properties[key].(type) {
	case float64:
		return v
	case int64:
		return float64(v)
	case uint64:
		return float64(v)
	case string:
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			return x
		}
	}
	return def
}

// propName returns a feature's name: "name", else "name:latin", "name_en"
// or "name:en".
func propName(f *mvtFeature) string {
	for _, k := range []string{"name", "name:latin", "name_en", "name:en"} {
		if s := propStr(f, k); s != "" {
			return s
		}
	}
	return ""
}

// classify returns the paint of a feature of layer (-1: not drawn) and
// its label (text "" for none).
func (s *tileStyle) classify(layer string, f *mvtFeature) (int, vlabel) {
	if s.pm {
		return classifyProtomaps(layer, f)
	}
	return classifyOpenMapTiles(layer, f)
}

// landPaint sorts a land use or land cover class of either schema.
func landPaint(class string) int {
	switch class {
	case "wood", "forest", "wetland", "swamp", "bog":
		return pWood
	case "grass", "grassland", "meadow", "scrub", "heath", "village_green", "recreation_ground", "allotments":
		return pGrass
	case "farmland", "farm", "farmyard", "orchard", "vineyard", "barren":
		return pFarm
	case "sand", "beach", "bare_rock", "scree", "desert":
		return pSand
	case "residential", "suburb", "neighbourhood", "quarter", "urban_area", "garages":
		return pResidential
	case "industrial", "commercial", "retail", "railway", "military", "quarry", "landfill", "hospital", "school",
		"university", "college", "kindergarten", "parking", "aerodrome", "airport":
		return pIndustrial
	case "cemetery", "grave_yard":
		return pCemetery
	case "park", "nature_reserve", "national_park", "protected_area", "garden", "playground", "pitch", "stadium",
		"golf_course", "dog_park", "zoo", "theme_park":
		return pPark
	}
	return -1
}

// omtRoads are OpenMapTiles' transportation classes.
var omtRoads = map[string]int{
	"motorway": pMotorway, "trunk": pTrunk, "primary": pPrimary, "secondary": pSecondary, "tertiary": pTertiary,
	"minor": pMinor, "service": pService, "track": pTrack, "path": pPath, "raceway": pService, "busway": pService,
	"rail": pRail, "transit": pRail,
}

func classifyOpenMapTiles(layer string, f *mvtFeature) (int, vlabel) {
	class := propStr(f, "class")
	switch layer {
	case "water":
		return pWater, vlabel{}
	case "waterway":
		if class == "river" || class == "canal" {
			return pRiver, vlabel{}
		}
		return pStream, vlabel{}
	case "landcover", "landuse":
		return landPaint(class), vlabel{}
	case "park":
		return pPark, vlabel{}
	case "building":
		return pBuilding, vlabel{}
	case "boundary":
		if propStr(f, "maritime") == "1" {
			return -1, vlabel{}
		}
		switch lvl := propNum(f, "admin_level", 10); {
		case lvl <= 2:
			return pBoundary2, vlabel{}
		case lvl <= 4:
			return pBoundary4, vlabel{}
		}
	case "transportation":
		if p, ok := omtRoads[class]; ok && propStr(f, "brunnel") != "tunnel" {
			return p, vlabel{}
		}
	case "transportation_name":
		if n := propName(f); n != "" {
			p, ok := omtRoads[class]
			if !ok || p == pRail {
				return -1, vlabel{}
			}
			return -1, vlabel{kind: lRoad, text: n, rank: 100 + pMotorway - p, minZoom: paints[p].minZoom + 1.5}
		}
	case "water_name":
		if n := propName(f); n != "" {
			return -1, vlabel{kind: lWater, text: n, rank: 60, minZoom: 8}
		}
	case "place":
		return -1, placeLabel(class, propName(f), propNum(f, "rank", 10), -1)
	}
	return -1, vlabel{}
}

// placeLabel returns the label of a place of class (city, town, village,
// suburb...), ranked rank within it; minZoom < 0 chooses the class's.
func placeLabel(class, text string, rank, minZoom float64) vlabel {
	if text == "" {
		return vlabel{}
	}
	l := vlabel{text: text}
	var base, mz float64
	switch class {
	case "country":
		l.kind, base, mz = lCountry, 0, 3
	case "state", "region", "province":
		l.kind, base, mz = lCountry, 5, 6
	case "city":
		l.kind, base, mz = lCity, 10, 5
	case "town":
		l.kind, base, mz = lTown, 20, 9
	case "village":
		l.kind, base, mz = lVillage, 30, 11.5
	case "suburb", "quarter", "borough":
		l.kind, base, mz = lSuburb, 40, 12
	case "hamlet", "isolated_dwelling", "locality":
		l.kind, base, mz = lVillage, 45, 13
	case "neighbourhood", "neighborhood":
		l.kind, base, mz = lSuburb, 50, 14
	default:
		return vlabel{}
	}
	if minZoom >= 0 {
		mz = minZoom
	}
	l.rank, l.minZoom = int(base)+int(min(max(rank, 0), 9)), mz
	return l
}

// pmKind returns a Protomaps feature's kind ("kind", or "pmap:kind" in
// version 3 of the schema).
func pmKind(f *mvtFeature) string {
	if k := propStr(f, "kind"); k != "" {
		return k
	}
	return propStr(f, "pmap:kind")
}

func classifyProtomaps(layer string, f *mvtFeature) (int, vlabel) {
	kind := pmKind(f)
	detail := propStr(f, "kind_detail")
	if detail == "" {
		detail = propStr(f, "pmap:kind_detail")
	}
	switch layer {
	case "earth":
		return pEarth, vlabel{}
	case "water":
		var lab vlabel
		if n := propName(f); n != "" {
			lab = vlabel{kind: lWater, text: n, rank: 60, minZoom: 8}
		}
		switch f.Geometry.(type) {
		case orb.LineString, orb.MultiLineString:
			if kind == "river" || kind == "canal" {
				return pRiver, lab
			}
			return pStream, lab
		case orb.Polygon, orb.MultiPolygon:
			return pWater, lab
		}
		return -1, lab
	case "landuse", "landcover", "natural":
		if p := landPaint(kind); p >= 0 {
			return p, vlabel{}
		}
		return landPaint(detail), vlabel{}
	case "buildings":
		return pBuilding, vlabel{}
	case "boundaries":
		lvl := propNum(f, "admin_level", propNum(f, "kind_detail", 10))
		if kind == "country" || lvl <= 2 {
			return pBoundary2, vlabel{}
		}
		if kind == "region" || lvl <= 4 {
			return pBoundary4, vlabel{}
		}
	case "transit":
		if kind == "rail" {
			return pRail, vlabel{}
		}
	case "roads":
		p := -1
		switch kind {
		case "highway":
			p = pMotorway
		case "major_road":
			p = pPrimary
			switch detail {
			case "trunk":
				p = pTrunk
			case "secondary":
				p = pSecondary
			}
		case "medium_road":
			p = pSecondary
			if detail == "tertiary" {
				p = pTertiary
			}
		case "minor_road":
			p = pMinor
			if detail == "service" {
				p = pService
			}
		case "path":
			p = pPath
			if detail == "track" {
				p = pTrack
			}
		case "rail":
			p = pRail
		case "other":
			p = pService
		}
		if p < 0 || propStr(f, "is_tunnel") == "true" {
			return -1, vlabel{}
		}
		var lab vlabel
		if n := propName(f); n != "" && p != pRail {
			lab = vlabel{kind: lRoad, text: n, rank: 100 + pMotorway - p, minZoom: paints[p].minZoom + 1.5}
		}
		return p, lab
	case "places":
		class := detail
		switch kind {
		case "country", "region":
			class = kind
		case "neighbourhood", "macrohood":
			class = "suburb"
		case "locality":
			if class == "" {
				class = "town"
				if propNum(f, "population_rank", 0) >= 9 {
					class = "city"
				}
			}
		}
		// Protomaps' min_zoom counts in 512-pixel tiles, one zoom level
		// under campmap's.
		mz := propNum(f, "min_zoom", -2) + 1
		return -1, placeLabel(class, propName(f), 15-propNum(f, "population_rank", 5), mz)
	}
	return -1, vlabel{}
}

// mvtFeature is a feature of a decoded vector tile.
type mvtFeature = geojson.Feature
