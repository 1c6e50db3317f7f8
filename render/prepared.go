package render

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"weak"

	"campmap/data"
	"campmap/data/basemap"
)

// Prepared geometry.
//
// What render derives from a layer to draw and identify it — its features
// projected to Web Mercator, the spatial index and style keys of its points,
// its density cells and their recent countings, and the counts that
// Scene.Counts reports — belongs to that layer: it lives in one entry per
// *data.Layer, built piece by piece on first use and kept for as long as
// the layer is reachable, however many layers a scene shows. When the
// garbage collector reclaims a layer, a cleanup attached to it deletes its
// entry, so a dropped layer's geometry goes with it. Basemap levels keep
// their projected geometry the same way.
//
// Invalidation. Layers are immutable once built (their columns are never
// written): a reloaded, recategorised or re-kinded layer is a new
// *data.Layer (data.Layer.WithKind, WithCategoryKey) and so gets a new
// entry. Of the layer's exported fields, prepared geometry reads Kind and
// CountKey; it records the values it was built from and is built again if
// a caller changed them in place. Counts are keyed by everything they
// depend on in the scene (time window, hidden categories, property filter
// by content), never by the viewport.

// derived holds one value of type V per live object of type T. The map's
// keys are weak pointers, so an entry does not keep its object alive, and a
// cleanup attached to the object deletes the entry once the object has
// been reclaimed. A value must not reference its object, or the object is
// never reclaimed. derived is safe for concurrent use; the values guard
// their own state.
type derived[T, V any] struct {
	mu sync.Mutex
	m  map[weak.Pointer[T]]*V
}

// of returns p's value, making an empty one on first use.
func (d *derived[T, V]) of(p *T) *V {
	k := weak.Make(p)
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := d.m[k]; ok {
		return v
	}
	if d.m == nil {
		d.m = map[weak.Pointer[T]]*V{}
	}
	v := new(V)
	d.m[k] = v
	runtime.AddCleanup(p, d.drop, k)
	return v
}

// drop deletes the entry of a reclaimed object.
func (d *derived[T, V]) drop(k weak.Pointer[T]) {
	d.mu.Lock()
	delete(d.m, k)
	d.mu.Unlock()
}

// holds reports whether p's entry still exists (for tests).
func (d *derived[T, V]) holds(k weak.Pointer[T]) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.m[k]
	return ok
}

// layers holds what render prepared from each live layer.
var layers derived[data.Layer, layerPrep]

// levels holds the Mercator geometry of each live basemap level.
var levels derived[basemap.Level, lazy[*levelGeom]]

// builds counts the prepared geometry built so far (layer geometry,
// density cells and basemap levels), for tests: a frame whose inputs were
// all drawn before builds none.
var builds atomic.Int64

// countings counts the Scene.Counts results computed rather than
// reused, for tests.
var countings atomic.Int64

// lazy is a value built once, by its first caller; concurrent callers
// wait for that build. Each build is counted in builds.
type lazy[V any] struct {
	once sync.Once
	v    V
}

// get returns the value, building it with build on first use.
func (z *lazy[V]) get(build func() V) V {
	z.once.Do(func() {
		z.v = build()
		builds.Add(1)
	})
	return z.v
}

// recent keeps the last few values computed for keys of one object
// (countings of its cells, classings of its values), newest last; a key
// it does not hold is computed by the caller's build outside the lock, so
// two callers may build the same value once each. It is safe for
// concurrent use.
type recent[K comparable, V any] struct {
	mu      sync.Mutex
	entries []recentEntry[K, V]
}

type recentEntry[K comparable, V any] struct {
	key K
	v   V
}

// get returns the value of key, built by build when r does not hold it,
// keeping at most max values.
func (r *recent[K, V]) get(key K, max int, build func() V) V {
	r.mu.Lock()
	for _, e := range r.entries {
		if e.key == key {
			r.mu.Unlock()
			return e.v
		}
	}
	r.mu.Unlock()
	v := build()
	r.mu.Lock()
	if len(r.entries) >= max {
		r.entries = slices.Delete(r.entries, 0, 1)
	}
	r.entries = append(r.entries, recentEntry[K, V]{key, v})
	r.mu.Unlock()
	return v
}

// layerPrep is what render prepared from one layer.
type layerPrep struct {
	mu     sync.Mutex
	geom   *layerGeomOf
	cells  lazy[*aggGrid]
	groups groupsOnce                  // how its categories take colours (symbology.go)
	grads  recent[gradKey, *graduated] // its recent graduated classings (symbology.go)
	counts recent[countKey, int]       // recent Scene.Counts results
	where  recent[string, []bool]      // recent condition masks by whereKey (whereMask)
}

// layerGeomOf is a layer's geometry built from the values of the layer's
// Kind and CountKey in from.
type layerGeomOf struct {
	lazy[*layerGeom]
	from geomInputs
}

// geomInputs are the exported fields of a layer that its geometry depends
// on.
type geomInputs struct {
	kind     data.Kind
	countKey string
}

// prepared returns l's geometry (projected shapes, point index and style
// keys), building it on first use.
func prepared(l *data.Layer) *layerGeom {
	p := layers.of(l)
	in := geomInputs{kind: l.Kind, countKey: l.CountKey}
	p.mu.Lock()
	g := p.geom
	if g == nil || g.from != in {
		g = &layerGeomOf{from: in}
		p.geom = g
	}
	p.mu.Unlock()
	return g.get(func() *layerGeom { return prepare(l) })
}

// aggregated returns l's density cells, building them on first use.
func aggregated(l *data.Layer) *aggGrid {
	return layers.of(l).cells.get(func() *aggGrid { return buildAgg(l) })
}

// levelGeometry returns l's Mercator geometry, building it on first use.
func levelGeometry(l *basemap.Level) *levelGeom {
	return levels.of(l).get(func() *levelGeom { return prepareLevel(l) })
}

// Prepare builds, now, what drawing and identifying l's points needs later:
// its density cells and its spatial index (about 0.3 s for a million
// points). Call it off the UI goroutine once a large layer is loaded, so
// that the first zoom in or click does not wait for them. It is safe for
// concurrent use; what it builds is kept with the layer.
func Prepare(l *data.Layer) {
	if l == nil || l.Len() == 0 {
		return
	}
	if l.Len() > AggregateAbove {
		aggregated(l)
	}
	prepared(l)
}

// countKey is everything Scene.Counts depends on for one layer besides the
// layer itself.
type countKey struct {
	win    data.Span // data.Undated when the window is not dated
	inside bool      // only when win is dated
	hidden string    // hiddenKey
	filter string    // filterKey
	// undatedOnly marks an UndatedShown count
	undatedOnly bool
}

// maxCountCache is how many Counts results a layer keeps.
const maxCountCache = 8

// countKeyOf returns the key of layer view lv's counts in sc.
func countKeyOf(sc *Scene, lv LayerView) countKey {
	k := countKey{win: data.Undated, hidden: hiddenKey(lv), filter: filterKey(lv)}
	if sc.Window.Dated() {
		k.win, k.inside = sc.Window, sc.Inside
	}
	return k
}

// shownCount returns how many features of lv's layer sc shows (see
// Scene.Counts), computed by count on the first call for these inputs.
func shownCount(sc *Scene, lv LayerView, count func() int) int {
	return layers.of(lv.Layer).counts.get(countKeyOf(sc, lv), maxCountCache, func() int {
		countings.Add(1)
		return count()
	})
}

// filterKey writes lv's property filter by content (its key and the
// values it hides, sorted, each prefixed by its length), or "" when it
// hides nothing: two filters that hide the same features share a key,
// whatever their pointers.
func filterKey(lv LayerView) string {
	f := activeFilter(lv)
	if f == nil {
		return whereKey(lv.Where)
	}
	var b strings.Builder
	for _, s := range append([]string{f.Key}, f.Hidden.Sorted()...) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	b.WriteString(whereKey(lv.Where))
	return b.String()
}
