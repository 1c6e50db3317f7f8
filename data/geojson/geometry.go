package geojson

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/valyala/fastjson"

	"campmap/data"
)

// geometry warnings found while reading one feature; the feature parser
// turns the flags into named warnings once the feature index is known.
type geomFlags uint16

const (
	flagWinding           geomFlags = 1 << iota // exterior not counter-clockwise or hole not clockwise
	flagExtraDims                               // positions with more than 3 numbers
	flagAntimeridan                             // a segment jumps more than 180° in longitude
	flagNested                                  // GeometryCollection inside a GeometryCollection
	flagDim2                                    // some position has 2 numbers
	flagDim3                                    // some position has 3 numbers or more
	flagMemberGeometry                          // a geometry object has a "geometry" member (RFC 7946 §7.1)
	flagMemberProperties                        // ... a "properties" member
	flagMemberFeatures                          // ... a "features" member
	flagMemberCoordinates                       // a GeometryCollection has "coordinates"
	flagMemberGeometries                        // a geometry other than a GeometryCollection has "geometries"
	flagDupMember                               // a geometry object repeats a member name
	flagMixedDims                               // one geometry (not a collection) mixes 2- and 3-number positions
	flagZ                                       // some position has a height, kept beside the geometry
)

// semanticMembers are the flags of members that change a geometry's
// meaning (RFC 7946 §7.1), with their names.
var semanticMembers = [...]struct {
	flag geomFlags
	name string
}{
	{flagMemberGeometry, "geometry"}, {flagMemberProperties, "properties"}, {flagMemberFeatures, "features"},
	{flagMemberCoordinates, "coordinates"}, {flagMemberGeometries, "geometries"},
}

// geomError is a problem with a geometry; the feature parser prefixes it
// with the feature index and line.
type geomError struct{ msg string }

func (e *geomError) Error() string { return e.msg }

func gerr(format string, args ...any) error { return &geomError{fmt.Sprintf(format, args...)} }

// errEmptyGeometry marks a geometry with no positions at all (allowed by
// RFC 7946 but impossible to place on the map).
var errEmptyGeometry = &geomError{"empty geometry"}

// maxGeomDepth bounds GeometryCollection nesting.
const maxGeomDepth = 8

// typeName describes a fastjson value for messages.
func typeName(v *fastjson.Value) string {
	switch v.Type() {
	case fastjson.TypeObject:
		return "an object"
	case fastjson.TypeArray:
		return "an array"
	case fastjson.TypeString:
		return "a string"
	case fastjson.TypeNumber:
		return "a number"
	case fastjson.TypeTrue, fastjson.TypeFalse:
		return "a boolean"
	}
	return "null"
}

// parseGeometry reads a GeoJSON geometry object. big holds the coordinates
// arrays read by the streaming scanner, which v's marker strings stand for
// (nil for a geometry parsed whole).
func parseGeometry(v *fastjson.Value, depth int, flags *geomFlags, big []*bigCoords) (orb.Geometry, error) {
	var own geomFlags
	g, err := parseGeometryObject(v, depth, &own, big)
	*flags |= own.finish()
	return g, err
}

// finish turns the flags of one geometry's positions into those of the
// geometry: 2- and 3-number positions both make flagMixedDims (within
// one geometry; collection members each count apart), and the dimension
// flags themselves are dropped.
func (own geomFlags) finish() geomFlags {
	if own&flagDim2 != 0 && own&flagDim3 != 0 {
		own |= flagMixedDims
	}
	return own &^ (flagDim2 | flagDim3)
}

func parseGeometryObject(v *fastjson.Value, depth int, flags *geomFlags, big []*bigCoords) (orb.Geometry, error) {
	if v.Type() != fastjson.TypeObject {
		return nil, gerr("geometry must be an object with \"type\" and \"coordinates\", found %s", typeName(v))
	}
	get := v.Get
	if o, _ := v.Object(); o != nil && o.Len() > 1 && dupKey(o) != "" {
		get = func(k ...string) *fastjson.Value { return lastGet(v, k[0]) } // a repeated member: the last is read
	}
	tv := get("type")
	if tv == nil {
		return nil, gerr("geometry has no \"type\": add one of Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon, GeometryCollection")
	}
	tb, err := tv.StringBytes()
	if err != nil {
		return nil, gerr("geometry \"type\" must be a string, found %s", typeName(tv))
	}
	if bb := get("bbox"); bb != nil {
		if err := checkBBox(bb); err != nil {
			return nil, err
		}
	}
	typ := string(tb)
	checkGeometryMembers(v, typ, depth, flags)
	if typ == "GeometryCollection" {
		if depth >= maxGeomDepth {
			return nil, gerr("GeometryCollections nested deeper than %d levels", maxGeomDepth)
		}
		if depth > 0 {
			*flags |= flagNested
		}
		gv := get("geometries")
		if gv == nil {
			return nil, gerr("GeometryCollection has no \"geometries\" array")
		}
		arr, err := gv.Array()
		if err != nil {
			return nil, gerr("GeometryCollection \"geometries\" must be an array, found %s", typeName(gv))
		}
		if len(arr) == 0 {
			return nil, errEmptyGeometry
		}
		c := make(orb.Collection, 0, len(arr))
		for i, m := range arr {
			g, err := parseGeometry(m, depth+1, flags, big)
			if err == errEmptyGeometry {
				continue
			}
			if err != nil {
				return nil, gerr("member %d of the GeometryCollection: %s", i, err.Error())
			}
			c = append(c, g)
		}
		if len(c) == 0 {
			return nil, errEmptyGeometry
		}
		return c, nil
	}
	cv := get("coordinates")
	switch typ {
	case "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon":
	case "Feature", "FeatureCollection":
		return nil, gerr("%q is not a geometry type: a geometry must be Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon or GeometryCollection", typ)
	default:
		return nil, gerr("unknown geometry type %q: use Point, LineString, Polygon, MultiPoint, MultiLineString, MultiPolygon or GeometryCollection", typ)
	}
	if cv == nil {
		return nil, gerr("%s has no \"coordinates\"", typ)
	}
	if bc := bigOf(cv, big); bc != nil {
		return bc.geometry(typ, flags)
	}
	if cv.Type() == fastjson.TypeNull {
		return nil, errEmptyGeometry
	}
	if cv.Type() != fastjson.TypeArray {
		return nil, gerr("%s \"coordinates\" must be an array, found %s", typ, typeName(cv))
	}
	arr, _ := cv.Array()
	if len(arr) == 0 {
		return nil, errEmptyGeometry
	}
	switch typ {
	case "Point":
		return parsePosition(cv, typ, flags)
	case "MultiPoint":
		return parsePositions(arr, typ, flags)
	case "LineString":
		return parseLine(arr, typ, flags)
	case "MultiLineString":
		ml := make(orb.MultiLineString, 0, len(arr))
		for i, lv := range arr {
			la, err := nested(lv, typ, "a list of LineStrings (each a list of [lon, lat] positions)")
			if err != nil {
				return nil, err
			}
			ls, err := parseLine(la, typ, flags)
			if err != nil {
				return nil, gerr("line %d: %s", i, err.Error())
			}
			ml = append(ml, ls)
		}
		return ml, nil
	case "Polygon":
		return parsePolygon(arr, typ, flags)
	default: // MultiPolygon
		mp := make(orb.MultiPolygon, 0, len(arr))
		for i, pv := range arr {
			pa, err := nested(pv, typ, "a list of Polygons (each a list of rings)")
			if err != nil {
				return nil, err
			}
			p, err := parsePolygon(pa, typ, flags)
			if err != nil {
				return nil, gerr("polygon %d: %s", i, err.Error())
			}
			mp = append(mp, p)
		}
		return mp, nil
	}
}

// checkGeometryMembers flags members of the geometry object v that RFC
// 7946 §7.1 forbids there ("geometry", "properties" and "features" define
// Features and FeatureCollections; "coordinates" is not for a
// GeometryCollection, "geometries" only for one) and repeated member
// names. The "features" of a top-level GeometryCollection is GDAL's
// FeatureCollection, handled by the loader.
func checkGeometryMembers(v *fastjson.Value, typ string, depth int, flags *geomFlags) {
	o, err := v.Object()
	if err != nil {
		return
	}
	n := 0
	o.Visit(func(k []byte, _ *fastjson.Value) {
		n++
		switch string(k) {
		case "geometry":
			*flags |= flagMemberGeometry
		case "properties":
			*flags |= flagMemberProperties
		case "features":
			if typ != "GeometryCollection" || depth > 0 {
				*flags |= flagMemberFeatures
			}
		case "coordinates":
			if typ == "GeometryCollection" {
				*flags |= flagMemberCoordinates
			}
		case "geometries":
			if typ != "GeometryCollection" {
				*flags |= flagMemberGeometries
			}
		}
	})
	if n > 1 && dupKey(o) != "" {
		*flags |= flagDupMember
	}
}

// geomDupKey returns a member name the geometry object v, or a member of
// its collection, repeats, or "".
func geomDupKey(v *fastjson.Value, depth int) string {
	o, err := v.Object()
	if err != nil || depth > maxGeomDepth {
		return ""
	}
	if k := dupKey(o); k != "" {
		return k
	}
	for _, m := range lastGet(v, "geometries").GetArray() {
		if k := geomDupKey(m, depth+1); k != "" {
			return k
		}
	}
	return ""
}

// dupKey returns a member name o holds more than once, or "".
func dupKey(o *fastjson.Object) string {
	if o.Len() > 16 { // linear in the members, not quadratic
		seen := make(map[string]bool, o.Len())
		dup := ""
		o.Visit(func(k []byte, _ *fastjson.Value) {
			if dup == "" && seen[string(k)] {
				dup = string(k)
			}
			seen[string(k)] = true
		})
		return dup
	}
	var buf [16][]byte
	keys := buf[:0]
	dup := ""
	o.Visit(func(k []byte, _ *fastjson.Value) {
		if dup != "" {
			return
		}
		for _, seen := range keys {
			if string(seen) == string(k) {
				dup = string(k)
				return
			}
		}
		keys = append(keys, k)
	})
	return dup
}

// nested checks that v is an array where the coordinate nesting of typ wants
// one, and returns its elements.
func nested(v *fastjson.Value, typ, want string) ([]*fastjson.Value, error) {
	a, err := v.Array()
	if err != nil {
		return nil, gerr("wrong nesting of coordinates: a %s needs %s, found %s", typ, want, typeName(v))
	}
	return a, nil
}

// parsePosition reads [lon, lat] or [lon, lat, z, ...].
func parsePosition(v *fastjson.Value, typ string, flags *geomFlags) (orb.Point, error) {
	a, err := v.Array()
	if err != nil {
		return orb.Point{}, gerr("wrong nesting of coordinates: a position [lon, lat] was expected in the %s, found %s", typ, typeName(v))
	}
	for _, n := range a {
		if n.Type() == fastjson.TypeArray {
			return orb.Point{}, gerr("wrong nesting of coordinates: a %s position holds an array where a number was expected (one level too deep)", typ)
		}
	}
	var nums [3]float64
	for i, n := range a {
		if n.Type() != fastjson.TypeNumber {
			return orb.Point{}, gerr("a position holds %s where a number was expected", typeName(n))
		}
		f, err := n.Float64()
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Point{}, gerr("coordinate %q is not a finite number", n.String())
		}
		if i < 3 {
			nums[i] = f
		}
	}
	return checkPosition(nums[:min(len(a), 3)], len(a), flags)
}

// checkPosition checks a position of n numbers, the first of them in nums
// (up to 3), and sets the dimension flags.
func checkPosition(nums []float64, n int, flags *geomFlags) (orb.Point, error) {
	if n < 2 {
		return orb.Point{}, gerr("a position has %d number(s): at least 2 ([lon, lat]) are needed", n)
	}
	if n > 3 {
		*flags |= flagExtraDims
	}
	if n == 2 {
		*flags |= flagDim2
	} else {
		*flags |= flagDim3 | flagZ
	}
	xy := [2]float64{nums[0], nums[1]}
	if xy[0] < -180 || xy[0] > 180 {
		return orb.Point{}, gerr("longitude %g is outside [-180, 180]: coordinates must be WGS 84 [lon, lat] in degrees (reproject the file, or check the order is lon, lat)", xy[0])
	}
	if xy[1] < -90 || xy[1] > 90 {
		return orb.Point{}, gerr("latitude %g is outside [-90, 90]: coordinates must be WGS 84 [lon, lat] in degrees (check the order is lon, lat, not lat, lon)", xy[1])
	}
	return orb.Point(xy), nil
}

func parsePositions(arr []*fastjson.Value, typ string, flags *geomFlags) (orb.MultiPoint, error) {
	mp := make(orb.MultiPoint, 0, len(arr))
	for i, pv := range arr {
		p, err := parsePosition(pv, typ, flags)
		if err != nil {
			return nil, gerr("position %d: %s", i, err.Error())
		}
		mp = append(mp, p)
	}
	return mp, nil
}

func parseLine(arr []*fastjson.Value, typ string, flags *geomFlags) (orb.LineString, error) {
	pts, err := parsePositions(arr, typ, flags)
	if err != nil {
		return nil, err
	}
	return lineOf(pts, flags)
}

// lineOf checks the positions of a LineString.
func lineOf(pts []orb.Point, flags *geomFlags) (orb.LineString, error) {
	if len(pts) < 2 {
		return nil, gerr("a LineString has %d position(s): at least 2 are needed", len(pts))
	}
	if crossesAntimeridian(pts) {
		*flags |= flagAntimeridan
	}
	return orb.LineString(pts), nil
}

func parsePolygon(arr []*fastjson.Value, typ string, flags *geomFlags) (orb.Polygon, error) {
	p := make(orb.Polygon, 0, len(arr))
	for i, rv := range arr {
		ra, err := nested(rv, typ, "rings (each a list of [lon, lat] positions)")
		if err != nil {
			return nil, err
		}
		pts, err := parsePositions(ra, typ, flags)
		if err != nil {
			return nil, gerr("ring %d: %s", i, err.Error())
		}
		r, err := ringOf(i, pts, flags)
		if err != nil {
			return nil, err
		}
		p = append(p, r)
	}
	return p, nil
}

// ringOf checks ring i of a polygon: closed, at least 4 positions; winding
// and antimeridian crossings set flags.
func ringOf(i int, pts []orb.Point, flags *geomFlags) (orb.Ring, error) {
	if len(pts) < 4 {
		return nil, gerr("ring %d has %d position(s): a ring needs at least 4 (three corners and the first repeated last)", i, len(pts))
	}
	if pts[0] != pts[len(pts)-1] {
		return nil, gerr("ring %d is not closed: its last position %v differs from its first %v; repeat the first position at the end", i, [2]float64(pts[len(pts)-1]), [2]float64(pts[0]))
	}
	r := orb.Ring(pts)
	area := signedArea(r)
	if (i == 0 && area < 0) || (i > 0 && area > 0) {
		*flags |= flagWinding
	}
	if crossesAntimeridian(pts) {
		*flags |= flagAntimeridan
	}
	return r, nil
}

// signedArea is twice the planar area of r, positive when counter-clockwise.
func signedArea(r orb.Ring) float64 {
	var s float64
	for i := 0; i+1 < len(r); i++ {
		s += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return s
}

// crossesAntimeridian reports two consecutive positions more than 180° of
// longitude apart: a line meant to cross the antimeridian but not split
// as RFC 7946 §3.1.9 asks. campmap reads it the short way across ±180°
// (data.Unwrap), as most people who write such lines mean.
func crossesAntimeridian(pts []orb.Point) bool {
	return data.CrossesAntimeridian(orb.LineString(pts))
}

// checkBBox validates a "bbox" member: 4 or 6 numbers, south <= north.
func checkBBox(v *fastjson.Value) error {
	a, err := v.Array()
	if err != nil {
		return gerr("\"bbox\" must be an array of 4 numbers [west, south, east, north] (or 6 with heights), found %s", typeName(v))
	}
	if len(a) != 4 && len(a) != 6 {
		return gerr("\"bbox\" has %d values: it must have 4 [west, south, east, north] or 6 [west, south, low, east, north, high]", len(a))
	}
	f := make([]float64, len(a))
	for i, n := range a {
		x, err := n.Float64()
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return gerr("\"bbox\" value %d is %s, not a finite number", i, typeName(n))
		}
		f[i] = x
	}
	d := len(a) / 2
	south, north := f[1], f[d+1]
	if south > north {
		return gerr("\"bbox\" south %g is greater than north %g: the order is [west, south, east, north]", south, north)
	}
	if len(a) == 6 && f[2] > f[5] {
		return gerr("\"bbox\" lowest height %g is greater than highest %g", f[2], f[5])
	}
	return nil
}
