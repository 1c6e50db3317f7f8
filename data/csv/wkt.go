package csv

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"

	"campmap/data"
	"campmap/geo"
)

// ErrBadWKT is wrapped by ParseWKT when its input is not well-known text.
var ErrBadWKT = errors.New("not well-known text (WKT)")

// ErrEmptyWKT is wrapped by ParseWKT for an EMPTY geometry, which has no
// place on a map.
var ErrEmptyWKT = errors.New("empty geometry")

// maxWKTDepth bounds how deeply GEOMETRYCOLLECTIONs may nest.
const maxWKTDepth = 16

// ParseWKT reads a geometry in well-known text (OGC 06-103r4, ISO 13249):
// POINT, LINESTRING, POLYGON, MULTIPOINT (with or without parentheses
// around each point), MULTILINESTRING, MULTIPOLYGON and GEOMETRYCOLLECTION,
// in any case, with optional Z, M or ZM (coordinates beyond x and y are
// dropped) and an optional EWKT "SRID=n;" prefix. Coordinates are x
// (longitude) then y (latitude) and must be finite.
//
// Without an SRID, and with SRID=4326 or CRS84, coordinates are WGS 84
// degrees, read as they are. With SRID=3857 (or its older codes 900913,
// 3785 and 102100) they are Web Mercator metres, reprojected to degrees.
// Any other SRID is refused with ErrSRID, naming it and how to reproject.
func ParseWKT(s string) (orb.Geometry, error) {
	p := wktParser{s: s}
	p.skipSpace()
	srid := ""
	if len(p.s)-p.i >= 5 && strings.EqualFold(p.s[p.i:p.i+5], "SRID=") {
		semi := strings.IndexByte(p.s[p.i:], ';')
		if semi < 0 {
			return nil, fmt.Errorf("csv: WKT: SRID= without ';': %w", ErrBadWKT)
		}
		srid = strings.TrimSpace(p.s[p.i+5 : p.i+semi])
		p.i += semi + 1
	}
	mercator := false
	switch strings.TrimPrefix(strings.TrimPrefix(strings.ToUpper(srid), "EPSG:"), "OGC:") {
	case "", "4326", "CRS84":
	case "3857", "900913", "3785", "102100":
		mercator = true
	default:
		return nil, fmt.Errorf("csv: WKT: SRID=%s: %w: campmap reads WGS 84 longitude, latitude (SRID=4326) and Web Mercator (SRID=3857); reproject the table first, e.g. ogr2ogr -t_srs EPSG:4326 out.csv in.csv (or QGIS: Export > Save Features As, CRS EPSG:4326)",
			data.Excerpt(srid, 20), ErrSRID)
	}
	g, err := p.geometry(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i != len(p.s) {
		return nil, p.errf("unexpected %q after the geometry", p.rest())
	}
	if mercator {
		return fromMercator(g)
	}
	return g, nil
}

// ErrSRID is wrapped by ParseWKT for a geometry in a spatial reference
// system campmap does not read.
var ErrSRID = errors.New("coordinates in an unsupported spatial reference system")

// fromMercator reprojects g from Web Mercator metres (EPSG:3857) to WGS 84
// degrees, refusing coordinates outside the Web Mercator square.
func fromMercator(g orb.Geometry) (orb.Geometry, error) {
	b := g.Bound()
	lim := geo.WorldHalf * (1 + 1e-9)
	if b.Min[0] < -lim || b.Max[0] > lim || b.Min[1] < -lim || b.Max[1] > lim {
		return nil, fmt.Errorf("csv: WKT: SRID=3857: coordinates %v..%v are outside the Web Mercator square (±%.0f m): %w", [2]float64(b.Min), [2]float64(b.Max), geo.WorldHalf, ErrBadWKT)
	}
	return project.Geometry(g, project.Mercator.ToWGS84), nil
}

type wktParser struct {
	s string
	i int
}

func (p *wktParser) rest() string { return data.Excerpt(p.s[p.i:], 20) }

func (p *wktParser) errf(format string, args ...any) error {
	return fmt.Errorf("csv: WKT at character %d: %s: %w", p.i+1, fmt.Sprintf(format, args...), ErrBadWKT)
}

func (p *wktParser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// word reads an identifier (letters only), upper-cased.
func (p *wktParser) word() string {
	p.skipSpace()
	j := p.i
	for j < len(p.s) && (p.s[j]|0x20 >= 'a' && p.s[j]|0x20 <= 'z') {
		j++
	}
	w := strings.ToUpper(p.s[p.i:j])
	p.i = j
	return w
}

// peek returns the next non-space byte, or 0 at the end.
func (p *wktParser) peek() byte {
	p.skipSpace()
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *wktParser) expect(c byte) error {
	if p.peek() != c {
		if p.i >= len(p.s) {
			return p.errf("expected %q, found the end", c)
		}
		return p.errf("expected %q, found %q", c, p.rest())
	}
	p.i++
	return nil
}

// open reads the optional dimension word, then either EMPTY (ok false) or
// "(" (ok true).
func (p *wktParser) open() (ok bool, err error) {
	save := p.i
	switch w := p.word(); w {
	case "Z", "M", "ZM", "":
	case "EMPTY":
		return false, nil
	default:
		p.i = save
		return false, p.errf("unexpected %q", w)
	}
	save = p.i
	if w := p.word(); w == "EMPTY" {
		return false, nil
	}
	p.i = save
	return true, p.expect('(')
}

func (p *wktParser) geometry(depth int) (orb.Geometry, error) {
	if depth > maxWKTDepth {
		return nil, p.errf("geometry collections nested more than %d deep", maxWKTDepth)
	}
	typ := p.word()
	// "POINTZ", "LINESTRINGM"... as some writers spell them
	for _, suf := range []string{"ZM", "Z", "M"} {
		if t := strings.TrimSuffix(typ, suf); t != typ && wktTypes[t] {
			typ = t
			break
		}
	}
	if !wktTypes[typ] {
		if typ == "" {
			return nil, p.errf("expected a geometry type such as POINT, found %q", p.rest())
		}
		return nil, p.errf("unknown geometry type %q", typ)
	}
	ok, err := p.open()
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("csv: WKT %s EMPTY: %w", typ, ErrEmptyWKT)
	}
	var g orb.Geometry
	closed := false // the case read the closing parenthesis itself
	switch typ {
	case "POINT":
		pt, err := p.point()
		if err != nil {
			return nil, err
		}
		g = pt
	case "LINESTRING":
		ls, err := p.points()
		if err != nil {
			return nil, err
		}
		g, closed = orb.LineString(ls), true
	case "POLYGON":
		poly, err := p.polygon()
		if err != nil {
			return nil, err
		}
		g = poly
	case "MULTIPOINT":
		var mp orb.MultiPoint
		for {
			if p.peek() == '(' {
				p.i++
				pt, err := p.point()
				if err != nil {
					return nil, err
				}
				if err := p.expect(')'); err != nil {
					return nil, err
				}
				mp = append(mp, pt)
			} else if w := p.peekEmpty(); w {
				// an EMPTY member is skipped
			} else {
				pt, err := p.point()
				if err != nil {
					return nil, err
				}
				mp = append(mp, pt)
			}
			if p.peek() != ',' {
				break
			}
			p.i++
		}
		g = mp
	case "MULTILINESTRING":
		var ml orb.MultiLineString
		for {
			if !p.peekEmpty() {
				if err := p.expect('('); err != nil {
					return nil, err
				}
				ls, err := p.points()
				if err != nil {
					return nil, err
				}
				ml = append(ml, orb.LineString(ls))
			}
			if p.peek() != ',' {
				break
			}
			p.i++
		}
		g = ml
	case "MULTIPOLYGON":
		var mp orb.MultiPolygon
		for {
			if !p.peekEmpty() {
				if err := p.expect('('); err != nil {
					return nil, err
				}
				poly, err := p.polygon()
				if err != nil {
					return nil, err
				}
				if err := p.expect(')'); err != nil {
					return nil, err
				}
				mp = append(mp, poly)
			}
			if p.peek() != ',' {
				break
			}
			p.i++
		}
		g = mp
	case "GEOMETRYCOLLECTION":
		var c orb.Collection
		for {
			sub, err := p.geometry(depth + 1)
			if err != nil && !errors.Is(err, ErrEmptyWKT) {
				return nil, err
			}
			if sub != nil {
				c = append(c, sub)
			}
			if p.peek() != ',' {
				break
			}
			p.i++
		}
		g = c
	}
	if !closed {
		if err := p.expect(')'); err != nil {
			return nil, err
		}
	}
	if isEmptyGeom(g) {
		return nil, fmt.Errorf("csv: WKT %s: %w", typ, ErrEmptyWKT)
	}
	return g, nil
}

var wktTypes = map[string]bool{
	"POINT": true, "LINESTRING": true, "POLYGON": true, "MULTIPOINT": true,
	"MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true,
}

// peekEmpty consumes an EMPTY member of a multi-geometry, if one is next.
func (p *wktParser) peekEmpty() bool {
	save := p.i
	if p.word() == "EMPTY" {
		return true
	}
	p.i = save
	return false
}

func isEmptyGeom(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.MultiPoint:
		return len(g) == 0
	case orb.MultiLineString:
		return len(g) == 0
	case orb.MultiPolygon:
		return len(g) == 0
	case orb.Collection:
		return len(g) == 0
	}
	return false
}

// polygon reads rings after the polygon's "(" up to (not including) its ")".
func (p *wktParser) polygon() (orb.Polygon, error) {
	var poly orb.Polygon
	for {
		if err := p.expect('('); err != nil {
			return nil, err
		}
		pts, err := p.points()
		if err != nil {
			return nil, err
		}
		if len(pts) < 4 {
			return nil, p.errf("a polygon ring needs at least 4 positions, found %d", len(pts))
		}
		if pts[0] != pts[len(pts)-1] {
			pts = append(pts, pts[0]) // close it, as most readers do
		}
		poly = append(poly, orb.Ring(pts))
		if p.peek() != ',' {
			return poly, nil
		}
		p.i++
	}
}

// points reads "x y, x y ...)" including the closing parenthesis.
func (p *wktParser) points() ([]orb.Point, error) {
	var pts []orb.Point
	for {
		pt, err := p.point()
		if err != nil {
			return nil, err
		}
		pts = append(pts, pt)
		if p.peek() != ',' {
			break
		}
		p.i++
	}
	if err := p.expect(')'); err != nil {
		return nil, err
	}
	return pts, nil
}

// point reads "x y [z [m]]".
func (p *wktParser) point() (orb.Point, error) {
	var pt orb.Point
	n := 0
	for {
		p.skipSpace()
		j := p.i
		for j < len(p.s) && strings.IndexByte("+-.0123456789eE", p.s[j]) >= 0 {
			j++
		}
		if j == p.i {
			break
		}
		f, err := strconv.ParseFloat(p.s[p.i:j], 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return pt, p.errf("%q is not a finite number", p.s[p.i:j])
		}
		if n < 2 {
			pt[n] = f
		}
		n++
		p.i = j
		if n > 4 {
			return pt, p.errf("a position has more than 4 numbers")
		}
	}
	if n < 2 {
		return pt, p.errf("a position needs x and y, found %q", p.rest())
	}
	return pt, nil
}
