package data

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/paulmach/orb"

	"campmap/internal/format"
)

// Layer is one set of features loaded from a file, a database or the sample
// scenario, stored as columns: a million incidents cost a few arrays, not a
// million maps. A Layer is immutable once built (its exported fields are
// settings the UI may change on its own copy), so it may be read from any
// number of goroutines at once.
type Layer struct {
	Name     string         // shown in the layers panel and the legend
	Path     string         // file it was read from; "" for embedded data
	Source   string         // attribution, credited on exports
	Kind     Kind           // what the layer stands for
	Zone     *time.Location // zone used for times written without one (UTC if nil)
	Warnings []string       // non-fatal findings of the loader, each naming the feature
	Foreign  map[string]string
	// CountKey names the numeric property holding how many people an
	// event concerns (deaths, fatalities), used to size symbols; "" if none.
	CountKey string
	// CountIsMinimum tells that counts are minimum estimates (IOM Missing
	// Migrants): they are shown as "at least n".
	CountIsMinimum bool
	// Skipped lists the input rows the loader could not place on the map,
	// each with its line and reason; SkippedHeader names their fields.
	Skipped       []SkippedRow
	SkippedHeader []string
	// Rows is how many data rows the input held (loaded and skipped), for
	// loaders that read rows; 0 otherwise.
	Rows int

	n       int
	anchor  []orb.Point    // every feature's point: the point itself, or a label/hit point
	geoms   []orb.Geometry // nil entry (or nil slice) means "a Point at anchor[i]"
	spans   []Span         // nil when no feature is dated
	ids     []Value        // nil when no feature has an id
	kinds   []Kind         // per-feature kind; nil when every feature has the layer's kind
	z, m    ordCol         // heights and measures of the positions that have them (ordinates.go)
	tabular bool           // the input was a table: keys are its columns, an absent property an empty cell
	propOff []uint32       // n+1 offsets into propKey/propVal/propTyp
	propKey []uint16
	propVal []uint64
	propTyp []ValueType
	keys    []string // property keys, by index
	arena   []byte   // string bytes of property values; never mutated once built

	catKey     string
	cat        []uint16 // index into categories; 0 means no category
	categories []string // categories[0] == ""

	bounds    orb.Bound
	extent    Span
	undated   int
	geomTypes map[string]int
	index     *TimeIndex
}

// Len returns the number of features.
func (l *Layer) Len() int { return l.n }

// Anchor returns feature i's point: the point itself, or a representative
// point of a line or polygon used for labels and hit tests.
func (l *Layer) Anchor(i int) orb.Point { return l.anchor[i] }

// Geometry returns feature i's geometry.
func (l *Layer) Geometry(i int) orb.Geometry {
	if l.geoms != nil && l.geoms[i] != nil {
		return l.geoms[i]
	}
	return l.anchor[i]
}

// IsPoint reports whether feature i is a single Point.
func (l *Layer) IsPoint(i int) bool { return l.geoms == nil || l.geoms[i] == nil }

// Span returns feature i's time span, or Undated.
func (l *Layer) Span(i int) Span {
	if l.spans == nil {
		return Undated
	}
	return l.spans[i]
}

// ID returns feature i's id, or a null Value.
func (l *Layer) ID(i int) Value {
	if l.ids == nil {
		return Value{}
	}
	return l.ids[i]
}

// FeatureKind returns the kind of feature i: its own when the loader found
// one, else the layer's.
func (l *Layer) FeatureKind(i int) Kind {
	if l.kinds == nil || l.kinds[i] == KindOther {
		return l.Kind
	}
	return l.kinds[i]
}

// Props returns feature i's properties in file order. It allocates; use Prop
// on hot paths.
func (l *Layer) Props(i int) []Property {
	a, b := l.propOff[i], l.propOff[i+1]
	out := make([]Property, 0, b-a)
	for j := a; j < b; j++ {
		out = append(out, Property{Key: l.keys[l.propKey[j]], Value: l.value(j)})
	}
	return out
}

// Prop returns feature i's property key, if it has one.
func (l *Layer) Prop(i int, key string) (Value, bool) {
	a, b := l.propOff[i], l.propOff[i+1]
	for j := a; j < b; j++ {
		if l.keys[l.propKey[j]] == key {
			return l.value(j), true
		}
	}
	return Value{}, false
}

// Name returns feature i's display name: its name-like property, else its id.
func (l *Layer) FeatureName(i int) string {
	for _, k := range [...]string{"name", "Name", "NAME", "title", "label"} {
		if v, ok := l.Prop(i, k); ok && v.Type == ValueString && v.Str != "" {
			return v.Str
		}
	}
	return ""
}

func (l *Layer) value(j uint32) Value {
	raw, t := l.propVal[j], l.propTyp[j]
	switch t {
	case ValueString, ValueJSON:
		off, n := raw>>24, raw&maxPackedLen
		return Value{Type: t, Str: l.str(off, n)}
	case ValueNumber, ValueBool:
		return Value{Type: t, Num: math.Float64frombits(raw)}
	}
	return Value{}
}

func (l *Layer) str(off, n uint64) string {
	if n == 0 {
		return ""
	}
	return unsafe.String(&l.arena[off], int(n))
}

// Keys returns the property keys seen in the layer, in first-seen order,
// after the keys a loader declared (Builder.DeclareKeys).
func (l *Layer) Keys() []string { return l.keys }

// Tabular reports whether the layer was read from a table (CSV, a
// GeoPackage): every feature has every column of Keys, a missing property
// being an empty cell, and no property is null. Writers of a format with
// per-feature properties (GeoJSON) then write every column for every
// feature, null where it is empty, so that columns empty in every row are
// kept.
func (l *Layer) Tabular() bool { return l.tabular }

// CategoryKey returns the property that categorises features ("" if none).
func (l *Layer) CategoryKey() string { return l.catKey }

// Categories returns the distinct category values, sorted; feature i's is
// Categories()[CategoryIndex(i)-1] when CategoryIndex(i) > 0.
func (l *Layer) Categories() []string { return l.categories[1:] }

// CategoryIndex returns 1 + the index of feature i's category in
// Categories(), or 0 when it has none.
func (l *Layer) CategoryIndex(i int) int {
	if l.cat == nil {
		return 0
	}
	return int(l.cat[i])
}

// Category returns feature i's category value, or "".
func (l *Layer) Category(i int) string {
	if l.cat == nil {
		return ""
	}
	return l.categories[l.cat[i]]
}

// Bounds returns the bounding box of every feature.
func (l *Layer) Bounds() orb.Bound { return l.bounds }

// TimeExtent returns the union of every dated feature's span, or Undated.
func (l *Layer) TimeExtent() Span { return l.extent }

// UndatedCount returns how many features carry no time.
func (l *Layer) UndatedCount() int { return l.undated }

// GeometryTypes returns the number of features per GeoJSON geometry type.
func (l *Layer) GeometryTypes() map[string]int { return l.geomTypes }

// Index returns the layer's time index.
func (l *Layer) Index() *TimeIndex { return l.index }

// WithKind returns a shallow copy of l whose features are of kind k. The
// columns are shared: Layer columns are never written once built.
func (l *Layer) WithKind(k Kind) *Layer {
	c := *l
	c.Kind = k
	return &c
}

// WithCategoryKey returns a copy of l categorised by property key ("" for
// none). Only the category column is new.
func (l *Layer) WithCategoryKey(key string) *Layer {
	c := *l
	c.setCategory(key)
	return &c
}

// maxCategories bounds how many distinct values a categorising property may
// have; beyond it the property is treated as free text.
const maxCategories = 256

// ErrCannotCategorise is wrapped by CategoryProblem's errors.
var ErrCannotCategorise = errors.New("cannot colour by this property")

// CategoryProblem says why property key cannot categorise l's features
// (nil when it can): the layer has no such property, no feature has a
// value for it, or it has more than 256 different values.
func (l *Layer) CategoryProblem(key string) error {
	if key == "" {
		return nil
	}
	k := slices.Index(l.keys, key)
	if k < 0 {
		return fmt.Errorf("%w: the layer has no property %q", ErrCannotCategorise, key)
	}
	seen := map[string]bool{}
	for i := range l.n {
		v, ok := l.Prop(i, key)
		if !ok || v.Type == ValueNull || v.String() == "" {
			continue
		}
		seen[v.String()] = true
		if len(seen) > maxCategories {
			return fmt.Errorf("%w: %q has more than %d different values; colour by a property with fewer (a type, a cause, a status), or filter by its values", ErrCannotCategorise, key, maxCategories)
		}
	}
	if len(seen) == 0 {
		return fmt.Errorf("%w: no feature has a value for %q", ErrCannotCategorise, key)
	}
	return nil
}

func (l *Layer) setCategory(key string) {
	l.catKey, l.cat, l.categories = "", nil, []string{""}
	if key == "" {
		return
	}
	k := slices.Index(l.keys, key)
	if k < 0 {
		return
	}
	kk := uint16(k)
	// val returns feature i's category text, if it has one.
	val := func(i int) (string, bool) {
		for j := l.propOff[i]; j < l.propOff[i+1]; j++ {
			if l.propKey[j] == kk {
				v := l.value(j)
				if v.Type == ValueNull {
					return "", false
				}
				s := v.String()
				return s, s != ""
			}
		}
		return "", false
	}
	// the categories of a large layer are interned: the same text is the
	// same packed value, which a small cache in front of the map
	// recognises without hashing the text (a million features: a few
	// milliseconds instead of 25 for each pass)
	type memo struct {
		raw  uint64
		typ  ValueType
		set  bool
		s    string
		ok   bool
		c    uint16 // the category's index, once known (hasC)
		hasC bool
	}
	var cache [16]memo
	// of returns the memo of feature i's category value (nil: it has none)
	of := func(i int) *memo {
		for j := l.propOff[i]; j < l.propOff[i+1]; j++ {
			if l.propKey[j] != kk {
				continue
			}
			raw, typ := l.propVal[j], l.propTyp[j]
			m := &cache[(raw*0x9e3779b97f4a7c15)>>60]
			if !m.set || m.raw != raw || m.typ != typ {
				s, ok := val(i)
				*m = memo{raw: raw, typ: typ, set: true, s: s, ok: ok}
			}
			return m
		}
		return nil
	}
	idx := map[string]uint16{}
	for i := 0; i < l.n; i++ {
		if m := of(i); m != nil && m.ok {
			if _, seen := idx[m.s]; !seen {
				if len(idx) == maxCategories {
					return
				}
				idx[strings.Clone(m.s)] = 0
			}
		}
	}
	cats := make([]string, 0, len(idx))
	for s := range idx {
		cats = append(cats, s)
	}
	sort.Strings(cats)
	for i, s := range cats {
		idx[s] = uint16(i + 1)
	}
	l.catKey, l.categories = key, append([]string{""}, cats...)
	l.cat = make([]uint16, l.n)
	for i := 0; i < l.n; i++ {
		if m := of(i); m != nil && m.ok {
			if !m.hasC {
				m.c, m.hasC = idx[m.s], true
			}
			l.cat[i] = m.c
		}
	}
}

// CategoryKeys are the property names (as NormName writes them) tried, in
// order, to categorise features: the one list GeoJSON, GeoPackage, CSV and
// PostGIS layers are categorised by.
var CategoryKeys = []string{"category", "cause of death", "event type", "incident type", "sub event type", "cause", "type", "site type", "kind", "class"}

// NormName lower-cases a property or column name and folds runs of
// spaces, underscores, dashes and dots into one space ("Cause_of-Death"
// reads "cause of death"), for matching names as people write them.
func NormName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '_' || r == '-' || r == '.' || r == '\u00a0' })
	return strings.Join(f, " ")
}

// CategoryColumn returns the index in keys of the one that categorises
// features (the first of CategoryKeys found), or -1.
func CategoryColumn(keys []string) int {
	for _, name := range CategoryKeys {
		for i, k := range keys {
			if NormName(k) == name {
				return i
			}
		}
	}
	return -1
}

// keyNamed returns the key of keys whose NormName is name.
func keyNamed(keys []string, name string) (string, bool) {
	for _, k := range keys {
		if NormName(k) == name {
			return k, true
		}
	}
	return "", false
}

// Builder assembles a Layer feature by feature. It is not safe for
// concurrent use.
type Builder struct {
	l      Layer
	keyIdx map[string]uint16
	intern map[string]uint64
	posKey []uint16    // key index seen at each property position of the last feature
	keyInt []internUse // per key: how often interning its values paid off
	lastGT string      // geometry type of the last feature and how many in a row
	lastN  int

	kindsRead, someKinds bool    // see KindsRead
	spansSet             bool    // SetSpan changed a span: Build recomputes the extent
	lons                 lonBins // degrees of longitude the features cover, read the short way
}

// internUse counts intern lookups and hits for one property key; keys
// whose values never repeat (names, times) stop being looked up.
type internUse struct{ tries, hits uint32 }

// NewBuilder starts a layer with the given name; capacity is a hint.
func NewBuilder(name string, capacity int) *Builder {
	b := &Builder{keyIdx: map[string]uint16{}, intern: map[string]uint64{}}
	b.l.Name = name
	b.l.anchor = make([]orb.Point, 0, capacity)
	b.l.propOff = append(make([]uint32, 0, capacity+1), 0)
	b.l.bounds = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	b.l.extent = Undated
	b.l.geomTypes = map[string]int{}
	return b
}

// Layer gives the loader access to the layer's settings (Path, Source, Zone,
// Kind, Warnings, Foreign) while it builds.
func (b *Builder) Layer() *Layer { return &b.l }

// Len returns the number of features added so far.
func (b *Builder) Len() int { return b.l.n }

// Warn records a non-fatal finding.
func (b *Builder) Warn(format string, args ...any) {
	b.l.Warnings = append(b.l.Warnings, fmt.Sprintf(format, args...))
}

// Feature is one feature handed to Builder.Add.
type Feature struct {
	Geometry orb.Geometry // required, not nil
	ID       Value
	Kind     Kind // KindOther: take the layer's
	Span     Span // Undated when the feature has no time
	Props    []Property
	// Z and M, when not nil, hold one height (measure) per position of
	// Geometry in the order of Positions, NaN where a position has none
	// (see Layer.Z). They are copied.
	Z, M []float64
}

// Add appends one feature. The geometry must not be nil; its bound must be
// finite (the loaders validate before adding).
func (b *Builder) Add(f Feature) error {
	if f.Geometry == nil {
		return fmt.Errorf("data: feature %d: no geometry", b.l.n)
	}
	if p, ok := f.Geometry.(orb.Point); ok {
		return b.AddPoint(f, p)
	}
	return b.add(f, orb.Point{}, false)
}

// AddPoint is Add for a feature whose geometry is the point p (f.Geometry
// is not read), without boxing p in an interface.
func (b *Builder) AddPoint(f Feature, p orb.Point) error {
	return b.add(f, p, true)
}

func (b *Builder) add(f Feature, p orb.Point, isPt bool) error {
	l := &b.l
	if l.n >= math.MaxInt32 {
		return fmt.Errorf("data: layer %q: more than %d features", l.Name, math.MaxInt32)
	}
	i := l.n
	var anchor orb.Point
	var gb orb.Bound
	if isPt {
		anchor = p
		gb = orb.Bound{Min: p, Max: p}
		b.lons.set(int(math.Floor(p[0] + 180)))
	} else {
		gb = rawBound(f.Geometry)
		if gb.Max[0]-gb.Min[0] > 180 {
			// across the antimeridian, perhaps: the anchor and the
			// longitudes covered are those of the short way
			u, _ := Unwrap(f.Geometry)
			a := anchorOf(u)
			anchor = orb.Point{wrapLon(a[0]), a[1]}
			ub := normalBound(rawBound(u))
			b.lons.mark(ub.Min[0], ub.Max[0])
		} else {
			anchor = anchorOf(f.Geometry)
			b.lons.mark(gb.Min[0], gb.Max[0])
		}
		if l.geoms == nil {
			l.geoms = make([]orb.Geometry, i, cap(l.anchor))
		}
	}
	if l.geoms != nil {
		if isPt {
			l.geoms = append(l.geoms, nil)
		} else {
			l.geoms = append(l.geoms, f.Geometry)
		}
	}
	l.anchor = append(l.anchor, anchor)
	gt := "Point"
	if !isPt {
		gt = f.Geometry.GeoJSONType()
	}
	if gt == b.lastGT {
		b.lastN++
	} else {
		b.flushGeomType()
		b.lastGT, b.lastN = gt, 1
	}
	if !isEmptyBound(gb) {
		l.bounds = extend(l.bounds, gb)
	}

	if f.Span.Dated() && l.spans == nil {
		l.spans = make([]Span, i, cap(l.anchor))
		for j := range l.spans {
			l.spans[j] = Undated
		}
	}
	if l.spans != nil {
		l.spans = append(l.spans, f.Span)
	}
	if f.Span.Dated() {
		l.extent = l.extent.Union(f.Span)
	} else {
		l.undated++
	}

	if f.ID.Type != ValueNull && l.ids == nil {
		l.ids = make([]Value, i, cap(l.anchor))
	}
	if l.ids != nil {
		id := f.ID
		if id.Type == ValueString || id.Type == ValueJSON {
			id.Str = b.internString(id.Str)
		}
		l.ids = append(l.ids, id)
	}
	if f.Kind != KindOther && l.kinds == nil {
		l.kinds = make([]Kind, i, cap(l.anchor))
	}
	if l.kinds != nil {
		l.kinds = append(l.kinds, f.Kind)
	}

	if err := b.addOrdinates(f, isPt); err != nil {
		return fmt.Errorf("data: feature %d: %w", i, err)
	}
	for j, p := range f.Props {
		if err := b.addProp(j, p); err != nil {
			return fmt.Errorf("data: feature %d: %w", i, err)
		}
	}
	l.propOff = append(l.propOff, uint32(len(l.propKey)))
	l.n++
	return nil
}

// SetSpan replaces the span of feature i, added earlier, before Build: a
// loader that learns only at the end of a file how a column writes its
// dates (day or month first) re-reads the rows it read too early.
func (b *Builder) SetSpan(i int, sp Span) {
	l := &b.l
	if i < 0 || i >= l.n {
		return
	}
	if l.spans == nil {
		if !sp.Dated() {
			return
		}
		l.spans = make([]Span, l.n, cap(l.anchor))
		for j := range l.spans {
			l.spans[j] = Undated
		}
	}
	old := l.spans[i]
	l.spans[i] = sp
	switch {
	case old.Dated() && !sp.Dated():
		l.undated++
	case !old.Dated() && sp.Dated():
		l.undated--
	}
	b.spansSet = true
}

// addOrdinates stores f's heights and measures, checking that there is one
// per position.
func (b *Builder) addOrdinates(f Feature, isPt bool) error {
	if f.Z == nil && f.M == nil && b.l.z.off == nil && b.l.m.off == nil {
		return nil
	}
	n := 1
	if !isPt {
		n = PositionCount(f.Geometry)
	}
	for _, c := range []struct {
		col  *ordCol
		vals []float64
		what string
	}{{&b.l.z, f.Z, "heights"}, {&b.l.m, f.M, "measures"}} {
		v := c.vals
		if v != nil && len(v) != n {
			return fmt.Errorf("%d %s for %d positions", len(v), c.what, n)
		}
		if allNaN(v) {
			v = nil
		}
		if err := c.col.add(b.l.n, v, cap(b.l.anchor)); err != nil {
			return err
		}
	}
	return nil
}

// flushGeomType adds the run of equal geometry types to the counts.
func (b *Builder) flushGeomType() {
	if b.lastN > 0 {
		b.l.geomTypes[b.lastGT] += b.lastN
		b.lastN = 0
	}
}

// Grow makes room for about n more features with props properties and
// textBytes bytes of text in all, so a loader that can estimate its input
// avoids repeated column growth.
func (b *Builder) Grow(n, props, textBytes int) {
	l := &b.l
	if n <= 0 {
		return
	}
	l.anchor = reserve(l.anchor, n)
	l.propOff = reserve(l.propOff, n)
	if l.spans != nil {
		l.spans = reserve(l.spans, n)
	}
	if props > 0 {
		l.propKey = reserve(l.propKey, props)
		l.propVal = reserve(l.propVal, props)
		l.propTyp = reserve(l.propTyp, props)
	}
	if textBytes > 0 {
		l.arena = reserve(l.arena, textBytes)
	}
}

// reserve returns s with room for exactly n more elements when it has less.
// Unlike slices.Grow it neither rounds the capacity up by the append growth
// factor nor clears the new room: the columns of a million features are
// tens of megabytes, and clearing them first faults in every page before
// a feature is written (and pages of an estimate that overshoots are never
// touched at all).
func reserve[T any](s []T, n int) []T {
	if n <= cap(s)-len(s) {
		return s
	}
	t := make([]T, len(s), len(s)+n)
	copy(t, s)
	return t
}

// PropCount returns how many property values were added so far, and
// TextBytes how many bytes of text they hold; with Len they let a loader
// estimate what Grow needs.
func (b *Builder) PropCount() int { return len(b.l.propKey) }

// TextBytes returns the bytes of property text stored so far.
func (b *Builder) TextBytes() int { return len(b.l.arena) }

func (b *Builder) addProp(pos int, p Property) error {
	l := &b.l
	var k uint16
	ok := false
	if pos < len(b.posKey) { // features mostly repeat the previous one's keys
		if g := b.posKey[pos]; l.keys[g] == p.Key {
			k, ok = g, true
		}
	}
	if !ok {
		k, ok = b.keyIdx[p.Key]
	}
	if ok {
		b.notePos(pos, k)
	} else {
		if len(l.keys) >= MaxKeys {
			return fmt.Errorf("more than %d distinct property names", MaxKeys)
		}
		k = uint16(len(l.keys))
		b.keyIdx[p.Key] = k
		l.keys = append(l.keys, p.Key)
		b.keyInt = append(b.keyInt, internUse{})
		b.notePos(pos, k)
	}
	if uint64(len(l.propKey)) >= math.MaxUint32 {
		return fmt.Errorf("more than %d property values in the layer", uint64(math.MaxUint32))
	}
	var raw uint64
	switch p.Value.Type {
	case ValueString, ValueJSON:
		r, err := b.packString(k, p.Value.Str)
		if err != nil {
			return fmt.Errorf("property %q: %w", p.Key, err)
		}
		raw = r
	case ValueNumber, ValueBool:
		raw = packNum(p.Value.Num)
	}
	l.propKey = append(l.propKey, k)
	l.propVal = append(l.propVal, raw)
	l.propTyp = append(l.propTyp, p.Value.Type)
	return nil
}

// internLimit bounds which strings are interned: short ones repeat
// (categories, sources), long ones rarely do. internMax bounds the intern
// table: the values that repeat (categories, sources) are met early, and a
// million unique names or times must not grow it.
const (
	internLimit = 48
	internMax   = 1 << 16
)

func (b *Builder) notePos(pos int, k uint16) {
	for len(b.posKey) <= pos {
		b.posKey = append(b.posKey, 0)
	}
	b.posKey[pos] = k
}

func (b *Builder) packString(key uint16, s string) (uint64, error) {
	if len(s) == 0 {
		return 0, nil
	}
	use := &b.keyInt[key]
	try := len(s) <= internLimit && (use.tries < 1024 || use.hits > use.tries/8)
	if try {
		use.tries++
		if r, ok := b.intern[s]; ok {
			use.hits++
			return r, nil
		}
	}
	if len(s) > maxPackedLen {
		return 0, fmt.Errorf("value longer than %d bytes", maxPackedLen)
	}
	off := uint64(len(b.l.arena))
	if off+uint64(len(s)) > maxPackedOff {
		return 0, fmt.Errorf("layer text larger than %d bytes", uint64(maxPackedOff))
	}
	b.l.arena = append(b.l.arena, s...)
	r := off<<24 | uint64(len(s))
	if try && len(b.intern) < internMax {
		// s may view a loader's scratch buffer: the map keeps its own copy.
		b.intern[strings.Clone(s)] = r
	}
	return r, nil
}

// internString returns a copy of s that shares memory with equal strings
// already seen (ids are often repeated prefixes of small sets).
func (b *Builder) internString(s string) string {
	return s
}

// Build finishes the layer: it trims the columns, chooses the category
// property (the first of CategoryKeys present with few distinct values,
// unless the loader set one with SetCategoryKey), and builds the time index.
// The Builder must not be used afterwards.
func (b *Builder) Build() *Layer {
	l := &b.l
	b.flushGeomType()
	b.intern, b.keyIdx = nil, nil
	if b.spansSet {
		l.extent = Undated
		for _, sp := range l.spans {
			l.extent = l.extent.Union(sp)
		}
	}
	b.antimeridianBounds()
	l.trim()
	if l.n == 0 {
		l.bounds = orb.Bound{}
	}
	// the time index is built alongside the category column
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if l.spans == nil && l.n > 0 {
			// no feature is dated: the index lists them all as undated
			l.index = newUndatedIndex(l.n)
			return
		}
		l.index = NewTimeIndex(l.spans)
	}()
	if l.catKey == "" && l.cat == nil {
		for _, name := range CategoryKeys {
			if k, ok := keyNamed(l.keys, name); ok {
				l.setCategory(k)
				if l.cat != nil {
					break
				}
			}
		}
	} else {
		l.setCategory(l.catKey)
	}
	if l.categories == nil {
		l.categories = []string{""}
	}
	if l.Zone == nil {
		l.Zone = time.UTC
	}
	wg.Wait()
	out := *l
	return &out
}

// antimeridianBounds replaces the layer's plain bounds by bounds across
// the antimeridian (west edge in [-180, 180], east edge past 180) when
// its features, read the short way, sit that way in a band of at most
// 180°: points either side of ±180°, geometries split there or crossing it.
// World-wide layers keep their plain bounds.
func (b *Builder) antimeridianBounds() {
	l := &b.l
	if l.n == 0 || isEmptyBound(l.bounds) || l.bounds.Max[0]-l.bounds.Min[0] <= 180 {
		return
	}
	deg, ok := b.lons.gapStart(l.bounds.Min[0], l.bounds.Max[0])
	if !ok {
		return
	}
	start := float64(deg) - 180
	west, east := math.Inf(1), math.Inf(-1)
	for i := 0; i < l.n; i++ {
		var w, e float64
		if l.geoms == nil || l.geoms[i] == nil {
			w, e = l.anchor[i][0], l.anchor[i][0]
		} else {
			fb := Bound(l.geoms[i])
			if isEmptyBound(fb) {
				continue
			}
			w, e = fb.Min[0], fb.Max[0]
		}
		if w < start {
			w, e = w+360, e+360
		}
		west, east = min(west, w), max(east, e)
	}
	if east-west < l.bounds.Max[0]-l.bounds.Min[0] && east-west <= 180 {
		l.bounds.Min[0], l.bounds.Max[0] = west, east
	}
}

// trim gives every column exactly its length, so a loaded layer holds no
// spare capacity from append growth.
func (l *Layer) trim() {
	l.anchor = clip(l.anchor)
	l.geoms = clip(l.geoms)
	l.spans = clip(l.spans)
	l.ids = clip(l.ids)
	l.kinds = clip(l.kinds)
	l.propOff = clip(l.propOff)
	l.propKey = clip(l.propKey)
	l.propVal = clip(l.propVal)
	l.propTyp = clip(l.propTyp)
	l.arena = clip(l.arena)
	l.z.trim()
	l.m.trim()
}

// clip copies s into an exactly sized slice when it wastes more than a
// sixteenth of its capacity (loaders size columns from estimates a few
// percent high; copying those back would cost more than it saves).
func clip[T any](s []T) []T {
	if s == nil || cap(s)-len(s) <= len(s)/16 {
		return s[:len(s):len(s)]
	}
	out := make([]T, len(s))
	copy(out, s)
	return out
}

// Merge appends every feature of o after b's, as if they had been added to
// b one by one: a loader parsing a file in chunks on several goroutines,
// each with its own Builder, merges them in file order. o must not be used
// afterwards.
func (b *Builder) Merge(o *Builder) error {
	l, m := &b.l, &o.l
	if m.n == 0 {
		return nil
	}
	if uint64(l.n)+uint64(m.n) >= math.MaxInt32 {
		return fmt.Errorf("data: layer %q: more than %d features", l.Name, math.MaxInt32)
	}
	if uint64(len(l.propKey))+uint64(len(m.propKey)) >= math.MaxUint32 {
		return fmt.Errorf("data: layer %q: more than %d property values", l.Name, uint64(math.MaxUint32))
	}
	if uint64(len(l.arena))+uint64(len(m.arena)) > maxPackedOff {
		return fmt.Errorf("data: layer %q: text larger than %d bytes", l.Name, uint64(maxPackedOff))
	}
	n := l.n
	b.flushGeomType()
	o.flushGeomType()
	// keys: map o's key indices onto b's
	remap := make([]uint16, len(m.keys))
	for i, k := range m.keys {
		idx, ok := b.keyIdx[k]
		if !ok {
			if len(l.keys) >= MaxKeys {
				return fmt.Errorf("data: layer %q: more than %d distinct property names", l.Name, MaxKeys)
			}
			idx = uint16(len(l.keys))
			b.keyIdx[k] = idx
			l.keys = append(l.keys, k)
			b.keyInt = append(b.keyInt, internUse{})
		}
		remap[i] = idx
	}
	base := uint64(len(l.arena))
	// the first chunk was sized for the whole layer from an estimate:
	// when it falls short, the room is made exactly, once
	l.arena = append(reserve(l.arena, len(m.arena)), m.arena...)
	l.propKey = reserve(l.propKey, len(m.propKey))
	l.propVal = reserve(l.propVal, len(m.propVal))
	l.propOff = reserve(l.propOff, m.n)
	l.anchor = reserve(l.anchor, m.n)
	p0 := uint32(len(l.propKey))
	for j, k := range m.propKey {
		l.propKey = append(l.propKey, remap[k])
		raw := m.propVal[j]
		if t := m.propTyp[j]; (t == ValueString || t == ValueJSON) && raw&maxPackedLen != 0 {
			raw += base << 24
		}
		l.propVal = append(l.propVal, raw)
	}
	l.propTyp = append(reserve(l.propTyp, len(m.propTyp)), m.propTyp...)
	for _, off := range m.propOff[1:] {
		l.propOff = append(l.propOff, p0+off)
	}
	l.anchor = append(l.anchor, m.anchor...)
	l.geoms = mergeCol(l.geoms, n, m.geoms, m.n, nil)
	l.spans = mergeCol(l.spans, n, m.spans, m.n, Undated)
	l.ids = mergeCol(l.ids, n, m.ids, m.n, Value{})
	l.kinds = mergeCol(l.kinds, n, m.kinds, m.n, KindOther)
	l.z.merge(n, m.z, m.n)
	l.m.merge(n, m.m, m.n)
	for t, c := range m.geomTypes {
		l.geomTypes[t] += c
	}
	if !isEmptyBound(m.bounds) {
		l.bounds = extend(l.bounds, m.bounds)
	}
	l.extent = l.extent.Union(m.extent)
	l.undated += m.undated
	b.spansSet = b.spansSet || o.spansSet
	b.lons.or(&o.lons)
	l.n += m.n
	return nil
}

// mergeCol appends column b (nb rows, nil when every row is zero) to column
// a (na rows, nil likewise), filling with zero.
func mergeCol[T any](a []T, na int, b []T, nb int, zero T) []T {
	if a == nil && b == nil {
		return nil
	}
	if a == nil {
		a = make([]T, na, na+nb)
		for i := range a {
			a[i] = zero
		}
	}
	if b == nil {
		a = reserve(a, nb)
		for i := 0; i < nb; i++ {
			a = append(a, zero)
		}
		return a
	}
	return append(reserve(a, len(b)), b...)
}

// MaxKeys is how many distinct property names a layer holds (keys are
// stored as 16-bit indices): a table with more columns keeps the first
// MaxKeys of them.
const MaxKeys = math.MaxUint16

// DeclareKeys makes keys, in order, the first Keys of the layer, even
// those no feature will hold: the columns of a table; keys past MaxKeys
// are not declared. table tells that the
// layer is Tabular (an absent property is an empty cell). Call it before
// adding features.
func (b *Builder) DeclareKeys(keys []string, table bool) {
	b.l.tabular = table
	for _, k := range keys {
		if _, ok := b.keyIdx[k]; ok || len(b.l.keys) >= MaxKeys {
			continue
		}
		b.keyIdx[k] = uint16(len(b.l.keys))
		b.l.keys = append(b.l.keys, k)
		b.keyInt = append(b.keyInt, internUse{})
	}
}

// SetCategoryKey chooses the categorising property before Build.
func (b *Builder) SetCategoryKey(key string) { b.l.catKey = key }

func isEmptyBound(b orb.Bound) bool {
	return math.IsInf(b.Min[0], 0) || math.IsNaN(b.Min[0]) || b.Min[0] > b.Max[0]
}

func extend(a, b orb.Bound) orb.Bound {
	return orb.Bound{
		Min: orb.Point{math.Min(a.Min[0], b.Min[0]), math.Min(a.Min[1], b.Min[1])},
		Max: orb.Point{math.Max(a.Max[0], b.Max[0]), math.Max(a.Max[1], b.Max[1])},
	}
}

// SkippedRow is an input row a loader could not place on the map. Loaders
// never drop rows silently: each lands here with its reason.
type SkippedRow struct {
	Line   int      // 1-based line of the row's start in the file
	Reason string   // why it was skipped, in words a user understands
	Fields []string // the row as read
}

// Count returns feature i's count (deaths, fatalities) from the layer's
// CountKey, if it has one.
func (l *Layer) Count(i int) (float64, bool) {
	if l.CountKey == "" {
		return 0, false
	}
	v, ok := l.Prop(i, l.CountKey)
	if !ok || v.Type != ValueNumber {
		return 0, false
	}
	return v.Num, true
}

// CountText returns feature i's count as a user reads it: "at least 3"
// when the layer's counts are minimum estimates, else "3"; "" when the
// feature has no count.
func (l *Layer) CountText(i int) string {
	n, ok := l.Count(i)
	if !ok {
		return ""
	}
	s := strconv.FormatFloat(n, 'f', -1, 64)
	if l.CountIsMinimum {
		return "at least " + s
	}
	return s
}

// LoadSummary says how many rows a table held and how many were placed,
// e.g. "1,204 rows: 1,198 loaded, 6 skipped"; for other inputs it gives
// the feature count.
func (l *Layer) LoadSummary() string {
	if l.Rows == 0 && len(l.Skipped) == 0 {
		return fmt.Sprintf("%s features loaded", format.Thousands(l.n))
	}
	return fmt.Sprintf("%s rows: %s loaded, %s skipped", format.Thousands(l.Rows), format.Thousands(l.n), format.Thousands(len(l.Skipped)))
}
