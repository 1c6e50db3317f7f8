package render

import (
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/basemap"
	"campmap/geo"
)

// lru is a small bounded cache (of point stamps), safe for concurrent use.
// Each value is built once (by the first caller; concurrent callers of the
// same key wait for it) and evicted least recently used first.
type lru[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	tick  uint64
	items map[K]*lruItem[V]
}

type lruItem[V any] struct {
	once sync.Once
	v    V
	used uint64
}

func newLRU[K comparable, V any](max int) *lru[K, V] {
	return &lru[K, V]{max: max, items: map[K]*lruItem[V]{}}
}

func (c *lru[K, V]) get(k K, build func() V) V {
	c.mu.Lock()
	it, ok := c.items[k]
	if !ok {
		if len(c.items) >= c.max {
			var oldK K
			var old uint64 = math.MaxUint64
			for key, v := range c.items {
				if v.used < old {
					oldK, old = key, v.used
				}
			}
			delete(c.items, oldK)
		}
		it = &lruItem[V]{}
		c.items[k] = it
	}
	c.tick++
	it.used = c.tick
	c.mu.Unlock()
	it.once.Do(func() { it.v = build() })
	return it.v
}

// shape is one non-point feature in Web Mercator metres.
type shape struct {
	id    int32
	bound orb.Bound   // Mercator box
	polys [][][]pt    // polygons: rings of Mercator points (pt.x, pt.y = metres)
	lines [][]pt      // lines
	pts   []orb.Point // members of a MultiPoint, Mercator
}

// layerGeom is a layer's geometry prepared for drawing and hit tests: a
// spatial index over its point features and its other features projected
// once. It is immutable once built, and kept with its layer (see
// prepared).
type layerGeom struct {
	points *geo.PointIndex // point features (Layer.IsPoint) by feature index
	nPts   int             // how many point features
	bound  orb.Bound       // Mercator box of the point features
	shapes []shape         // every non-point feature, in feature order

	// Style of the point features: the distinct (kind, category) pairs,
	// and each point's pair in tree order (nil when there is one pair).
	keyList []styleKey
	keys    []uint16
	symbols bool // some point feature is drawn as a symbol
	notes   bool // some point feature is a note (data.Layer.IsNote), labelled as symbols are

	// Counts (data.Layer.CountKey) size the dots: countK is the radius of
	// a count of 1 before clamping (see sizeBucket), maxCount the largest
	// count, and sized tells that some point's style key carries a size.
	countK   float64
	maxCount float64
	sized    bool
}

// prepare builds l's geometry; see prepared.
func prepare(l *data.Layer) *layerGeom {
	g := &layerGeom{}
	n := l.Len()
	isPt := func(i int) bool { return l.IsPoint(i) }
	g.points = geo.NewPointIndex(n, func(i int) (float64, float64) {
		if !isPt(i) {
			return math.NaN(), math.NaN()
		}
		m := geo.Mercator(l.Anchor(i))
		return m[0], m[1]
	})
	g.nPts = g.points.Len()
	g.bound = emptyBound()
	if g.nPts > 0 {
		// The tree holds the box implicitly; a full range pass is cheap once.
		g.points.Range(math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1), func(_ int, x, y float64) bool {
			g.bound = extendPt(g.bound, x, y)
			return true
		})
	}
	g.countScale(l)
	g.styleKeys(l)
	g.shapes = prepareShapes(l)
	return g
}

// parallelShapes is the feature count from which prepareShapes projects
// on several goroutines.
const parallelShapes = 8192

// prepareShapes projects the lines and polygons of l, in feature order: a
// large layer in contiguous ranges of features on up to GOMAXPROCS
// goroutines (at most 4), joined in order.
func prepareShapes(l *data.Layer) []shape {
	n := l.Len()
	parts := 1
	if n >= parallelShapes {
		parts = min(runtime.GOMAXPROCS(0), 4)
	}
	if parts <= 1 {
		return appendShapes(nil, l, 0, n)
	}
	out := make([][]shape, parts)
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() { out[k] = appendShapes(nil, l, k*n/parts, (k+1)*n/parts) })
	}
	wg.Wait()
	total := 0
	for _, o := range out {
		total += len(o)
	}
	shapes := make([]shape, 0, total)
	for _, o := range out {
		shapes = append(shapes, o...)
	}
	return shapes
}

// appendShapes appends the projected shapes of l's features [lo, hi) that
// are not points.
func appendShapes(shapes []shape, l *data.Layer, lo, hi int) []shape {
	n := 0
	for i := lo; i < hi; i++ {
		if !l.IsPoint(i) {
			n++
		}
	}
	shapes = slices.Grow(shapes, n) // copies a world over, for shapes across ±180°, may grow it
	var slab ptSlab
	for i := lo; i < hi; i++ {
		if l.IsPoint(i) {
			continue
		}
		s := shape{id: int32(i), bound: emptyBound()}
		// a shape across the antimeridian (split at ±180° or not) is
		// drawn the short way: unwrapped it runs past ±180°, and a copy a
		// world over shows the part on the other side of the map
		geom, _ := data.Unwrap(l.Geometry(i))
		s.add(geom, &slab)
		if s.bound.Min[0] <= s.bound.Max[0] {
			shapes = append(shapes, s)
			switch {
			case s.bound.Max[0] > geo.WorldHalf:
				shapes = append(shapes, s.shifted(-geo.WorldMeters))
			case s.bound.Min[0] < -geo.WorldHalf:
				shapes = append(shapes, s.shifted(geo.WorldMeters))
			}
		}
	}
	return shapes
}

// ptSlab hands out the projected rings of many shapes from one array
// rather than a slice each.
type ptSlab []pt

// take returns an empty slice with room for n points, its capacity ending
// there (appending beyond n copies).
func (sl *ptSlab) take(n int) []pt {
	if cap(*sl)-len(*sl) < n {
		*sl = make([]pt, 0, max(n, 1<<13))
	}
	l := len(*sl)
	*sl = (*sl)[:l+n]
	return (*sl)[l : l : l+n]
}

// styleKeys records the style key of every point feature in tree order.
func (g *layerGeom) styleKeys(l *data.Layer) {
	if l.HasNotes() {
		for pos := range g.points.Len() {
			if l.IsNote(g.points.ID(pos)) {
				g.notes = true
				break
			}
		}
	}
	g.internKeys(l.Kind, func(id int) styleKey { return g.styleKeyOf(l, id) })
}

// internKeys sets the style keys of the points to keyOf(feature) in tree
// order: keyList the distinct ones, keys each point's (nil when there is
// one), symbols and sized from them; a layer of kind without points gets
// one key of that kind.
func (g *layerGeom) internKeys(kind data.Kind, keyOf func(id int) styleKey) {
	g.keyList, g.keys, g.symbols, g.sized = nil, nil, false, false
	idx := map[styleKey]uint16{}
	keys := make([]uint16, g.points.Len())
	for pos := range keys {
		sk := keyOf(g.points.ID(pos))
		k, ok := idx[sk]
		if !ok {
			k = uint16(len(g.keyList))
			idx[sk] = k
			g.keyList = append(g.keyList, sk)
			g.symbols = g.symbols || hasSymbol(sk.kind)
			g.sized = g.sized || sk.size > 0
		}
		keys[pos] = k
	}
	if len(g.keyList) > 1 {
		g.keys = keys
	}
	if len(g.keyList) == 0 {
		g.keyList = []styleKey{{kind: kind}}
	}
}

// shifted is a copy of s moved dx metres east: the same feature drawn a
// world away.
func (s *shape) shifted(dx float64) shape {
	c := shape{id: s.id, bound: orb.Bound{Min: orb.Point{s.bound.Min[0] + dx, s.bound.Min[1]}, Max: orb.Point{s.bound.Max[0] + dx, s.bound.Max[1]}}}
	move := func(r []pt) []pt {
		out := make([]pt, len(r))
		for i, p := range r {
			out[i] = pt{p.x + dx, p.y}
		}
		return out
	}
	for _, poly := range s.polys {
		var rings [][]pt
		for _, r := range poly {
			rings = append(rings, move(r))
		}
		c.polys = append(c.polys, rings)
	}
	for _, l := range s.lines {
		c.lines = append(c.lines, move(l))
	}
	for _, p := range s.pts {
		c.pts = append(c.pts, orb.Point{p[0] + dx, p[1]})
	}
	return c
}

func (s *shape) merc(p orb.Point) pt {
	m := geo.Mercator(p)
	if math.IsNaN(m[0]) || math.IsNaN(m[1]) || math.IsInf(m[0], 0) || math.IsInf(m[1], 0) {
		return pt{math.NaN(), math.NaN()}
	}
	s.bound = extendPt(s.bound, m[0], m[1])
	return pt{m[0], m[1]}
}

func (s *shape) ring(r []orb.Point, slab *ptSlab) []pt {
	out := slab.take(len(r))
	for _, p := range r {
		if q := s.merc(p); isFinite(q) {
			out = append(out, q)
		}
	}
	return out
}

func (s *shape) add(g orb.Geometry, slab *ptSlab) {
	switch g := g.(type) {
	case orb.Point:
		if q := s.merc(g); isFinite(q) {
			s.pts = append(s.pts, orb.Point{q.x, q.y})
		}
	case orb.MultiPoint:
		for _, p := range g {
			s.add(p, slab)
		}
	case orb.LineString:
		if r := s.ring(g, slab); len(r) > 0 {
			s.lines = append(s.lines, r)
		}
	case orb.MultiLineString:
		for _, ls := range g {
			s.add(ls, slab)
		}
	case orb.Ring:
		s.add(orb.Polygon{g}, slab)
	case orb.Polygon:
		var rings [][]pt
		for _, r := range g {
			if rr := s.ring(r, slab); len(rr) > 0 {
				rings = append(rings, rr)
			}
		}
		if len(rings) > 0 {
			s.polys = append(s.polys, rings)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			s.add(p, slab)
		}
	case orb.Collection:
		for _, m := range g {
			s.add(m, slab)
		}
	case orb.Bound:
		s.add(g.ToPolygon(), slab)
	}
}

func emptyBound() orb.Bound {
	return orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
}

func extendPt(b orb.Bound, x, y float64) orb.Bound {
	b.Min[0], b.Min[1] = min(b.Min[0], x), min(b.Min[1], y)
	b.Max[0], b.Max[1] = max(b.Max[0], x), max(b.Max[1], y)
	return b
}

func intersects(a, b orb.Bound) bool {
	return a.Min[0] <= b.Max[0] && a.Max[0] >= b.Min[0] && a.Min[1] <= b.Max[1] && a.Max[1] >= b.Min[1]
}

// levelGeom is a basemap level's Mercator geometry: the level's own
// precomputed copies when it has them, else projected here once.
type levelGeom struct {
	land, lakes               []orb.Polygon
	landB, lakesB             []orb.Bound
	coast, borders, rivers    []orb.LineString
	coastB, bordersB, riversB []orb.Bound
	coverage                  orb.Bound
	hasCoverage               bool
}

// prepareLevel builds l's geometry; see levelGeometry.
func prepareLevel(l *basemap.Level) *levelGeom {
	g := &levelGeom{}
	if len(l.LandMerc) == len(l.Land) && len(l.LandBounds) == len(l.Land) {
		g.land, g.landB = l.LandMerc, l.LandBounds
	} else {
		g.land, g.landB = projPolys(l.Land)
	}
	if len(l.LakesMerc) == len(l.Lakes) && len(l.LakesBounds) == len(l.Lakes) {
		g.lakes, g.lakesB = l.LakesMerc, l.LakesBounds
	} else {
		g.lakes, g.lakesB = projPolys(l.Lakes)
	}
	lines := func(ll, merc []orb.LineString, b []orb.Bound) ([]orb.LineString, []orb.Bound) {
		if len(merc) == len(ll) && len(b) == len(ll) {
			return merc, b
		}
		return projLines(ll)
	}
	g.coast, g.coastB = lines(l.Coast, l.CoastMerc, l.CoastBounds)
	g.borders, g.bordersB = lines(l.Borders, l.BordersMerc, l.BordersBounds)
	g.rivers, g.riversB = lines(l.Rivers, l.RiversMerc, l.RiversBounds)
	cov := l.Coverage
	if cov.Min[0] < cov.Max[0] && cov.Min[1] < cov.Max[1] && !(cov.Min[0] <= -180 && cov.Max[0] >= 180 && cov.Min[1] <= -85 && cov.Max[1] >= 85) {
		g.coverage = orb.Bound{Min: geo.Mercator(cov.Min), Max: geo.Mercator(cov.Max)}
		g.hasCoverage = true
	}
	return g
}

func projPolys(in []orb.Polygon) ([]orb.Polygon, []orb.Bound) {
	out := make([]orb.Polygon, len(in))
	bs := make([]orb.Bound, len(in))
	for i, p := range in {
		b := emptyBound()
		mp := make(orb.Polygon, len(p))
		for j, r := range p {
			mr := make(orb.Ring, len(r))
			for k, q := range r {
				m := geo.Mercator(q)
				mr[k] = m
				if !math.IsNaN(m[0]) && !math.IsNaN(m[1]) {
					b = extendPt(b, m[0], m[1])
				}
			}
			mp[j] = mr
		}
		out[i], bs[i] = mp, b
	}
	return out, bs
}

func projLines(in []orb.LineString) ([]orb.LineString, []orb.Bound) {
	out := make([]orb.LineString, len(in))
	bs := make([]orb.Bound, len(in))
	for i, s := range in {
		b := emptyBound()
		ms := make(orb.LineString, len(s))
		for k, q := range s {
			m := geo.Mercator(q)
			ms[k] = m
			if !math.IsNaN(m[0]) && !math.IsNaN(m[1]) {
				b = extendPt(b, m[0], m[1])
			}
		}
		out[i], bs[i] = ms, b
	}
	return out, bs
}
