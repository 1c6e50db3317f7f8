package geojson

import (
	"github.com/paulmach/orb"

	"campmap/data"
)

// The fast path for lines and polygons.
//
// A feature whose geometry is a LineString, MultiLineString, Polygon,
// MultiPolygon or MultiPoint, {"type": T, "coordinates": [...]} and
// nothing else, is read by the point fast path (fastpath.go) with its
// coordinates scanned straight from the bytes into one flat list of
// positions (a bigCoords, as bigcoords.go streams the coordinates of huge
// features), with the point path's strict number grammar. The geometry is
// then built and checked by bigCoords.geometry, the same checks as the
// general path, and the feature finished by featureParser.add, which
// writes the same warnings (winding, antimeridian, mixed dimensions,
// topology). Anything else — another member in the geometry ("bbox",
// foreign members), more than three numbers in a position, a coordinate
// out of range, an empty geometry, a geometry that fails its checks —
// gives up, and the feature goes through fastjson, which also writes the
// errors. The positions of the geometries a parser keeps come from one
// slab per few thousand positions rather than a slice per ring.

// fastShape reads the geometry object at c when it is a line, polygon or
// multipoint of that shape; on success g holds the geometry, its flags
// (as parseGeometry sets them) and, when some position has a height,
// f.Z its heights (in fp.zbuf). ok is false when it gave up.
func (fp *featureParser) fastShape(c *jcur, f *data.Feature) (g orb.Geometry, flags geomFlags, ok bool) {
	if !c.next('{') {
		return nil, 0, false
	}
	bc := &fp.shape
	*bc = bigCoords{pts: bc.pts[:0], ends: [3][]int{bc.ends[0][:0], bc.ends[1][:0], bc.ends[2][:0]}}
	typ := ""
	var seenCoords bool
	for {
		k, ok := c.str()
		if !ok || !c.next(':') {
			return nil, 0, false
		}
		switch string(k) {
		case "type":
			v, ok := c.str()
			if !ok || typ != "" {
				return nil, 0, false
			}
			switch string(v) {
			case "LineString", "MultiLineString", "Polygon", "MultiPolygon", "MultiPoint":
				typ = string(v) // a constant: no allocation
			default:
				return nil, 0, false
			}
			if seenCoords && bc.depth != typeDepth[typ] {
				return nil, 0, false // the general path says how the nesting is wrong
			}
		case "coordinates":
			if seenCoords {
				return nil, 0, false
			}
			seenCoords = true
			c.ws()
			if typ != "" {
				bc.depth = typeDepth[typ]
			} else {
				// the depth of the first position; the type, read after,
				// must want it
				for j := c.i; j < len(c.b) && c.b[j] == '[' && bc.depth < 4; j = skipSpace(c.b, j+1) {
					bc.depth++
				}
			}
			if bc.depth < 2 || !c.coords(bc, bc.depth) {
				return nil, 0, false
			}
		default:
			return nil, 0, false
		}
		if c.next(',') {
			continue
		}
		if c.next('}') {
			break
		}
		return nil, 0, false
	}
	if typ == "" || !seenCoords || len(bc.pts) == 0 {
		return nil, 0, false // an empty geometry is skipped with a warning by the general path
	}
	scratch := bc.pts
	bc.pts = fp.slab(len(scratch))
	copy(bc.pts, scratch)
	g, err := bc.geometry(typ, &flags)
	bc.pts = scratch
	if err != nil {
		return nil, 0, false
	}
	flags = flags.finish()
	if flags&flagZ != 0 {
		fp.zbuf = bc.heights(fp.zbuf[:0])
		f.Z = fp.zbuf
	}
	return g, flags, true
}

// coords reads a coordinates array nested d deep (1: a position) into bc,
// as coordScanner.list does.
func (c *jcur) coords(bc *bigCoords, d int) bool {
	if !c.next('[') {
		return false
	}
	if d == 1 {
		var nums [3]float64
		n := 0
		for ; n < 3; n++ {
			if n > 0 && !c.next(',') {
				break
			}
			x, ok := c.num()
			if !ok {
				return false
			}
			nums[n] = x
		}
		// a fourth number goes the general way, which warns about it
		return c.next(']') && bc.add(nums[:n], n) == nil
	}
	if !c.next(']') {
		for {
			if !c.coords(bc, d-1) {
				return false
			}
			if c.next(',') {
				continue
			}
			if c.next(']') {
				break
			}
			return false
		}
	}
	switch d {
	case 2:
		bc.ends[0] = append(bc.ends[0], len(bc.pts))
	case 3:
		bc.ends[1] = append(bc.ends[1], len(bc.ends[0]))
	case 4:
		bc.ends[2] = append(bc.ends[2], len(bc.ends[1]))
	}
	return true
}

// slabPoints bounds the slab the positions of kept geometries are cut
// from: it starts small (a layer of a few shapes keeps little) and
// doubles up to this.
const slabPoints = 1 << 14

// slab returns n positions for a geometry to keep, cut from the parser's
// slab (their capacity ends with them, so appending to them copies).
func (fp *featureParser) slab(n int) []orb.Point {
	if cap(fp.ptSlab)-len(fp.ptSlab) < n {
		size := min(max(2*cap(fp.ptSlab), 256), slabPoints)
		fp.ptSlab = make([]orb.Point, 0, max(n, size))
	}
	l := len(fp.ptSlab)
	fp.ptSlab = fp.ptSlab[:l+n]
	return fp.ptSlab[l : l+n : l+n]
}
