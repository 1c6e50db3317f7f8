package geojson

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/paulmach/orb"
	"github.com/valyala/fastjson"

	"campmap/data"
)

// GeoJSON loading (RFC 7946).
//
// The document is never decoded as a whole: a byte scanner finds the
// top-level members and each feature's byte range, and each feature alone
// goes through a reused fastjson.Parser straight into Builder columns. Large
// files are split in two halves of the features array parsed on two
// goroutines and merged in file order; a large FeatureCollection is parsed
// in place without the scan first when it has the usual layout (direct.go).
//
// Decisions a user can see:
//   - A feature whose "geometry" is null, or an empty geometry
//     ("coordinates": [], an empty GeometryCollection), is skipped with a
//     warning ("feature has no geometry: campmap cannot place it"). A
//     Feature without a "geometry" member at all is an error.
//   - Foreign members of a FeatureCollection are kept as raw JSON text in
//     Layer.Foreign; those of a Feature (or of a bare geometry) become
//     properties named "@member".
//   - A legacy "crs" member is kept in Layer.Foreign, warned about, and
//     ignored: coordinates are always read as WGS 84 [lon, lat].
//   - Heights (a position's third number) are kept beside the geometry
//     (data.Layer.Z); further position values are dropped.
//   - A FeatureCollection campmap wrote carries its record of the layer
//     (the "campmap" member, record.go): the layer's kind, category, zone
//     and the features' time spans are read from it.
//   - Topology (self-intersections, overlapping parts) is not checked.

// LoadBytes reads a GeoJSON layer from b. path names the input in messages,
// gives the default layer name (its base name without extension) and helps
// detect the layer's kind; it is not opened. b is not retained.
func LoadBytes(ctx context.Context, path string, b []byte, opt data.LoadOptions) (*data.Layer, error) {
	return loadBytes(ctx, path, b, opt, nil)
}

// loadBytes is LoadBytes for a file mapped in memory: drop, when not nil,
// is told which byte ranges the loader has finished reading for now.
func loadBytes(ctx context.Context, path string, b []byte, opt data.LoadOptions, drop func(lo, hi int)) (l *data.Layer, err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	bom := 0
	if bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		b, bom = b[3:], 3
	}
	ld := &loader{ctx: ctx, path: path, src: b, opt: opt, zone: opt.Zone, w: &data.Warnings{}}
	if drop != nil {
		ld.drop = func(lo, hi int) { drop(lo+bom, hi+bom) }
		// A mapped file cut short by another program while it is read
		// faults instead of reading: report it rather than crash.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer ld.recoverFault(&err)
	}
	if ld.zone == nil {
		ld.zone = time.UTC
	}
	l, err = ld.load()
	if err != nil {
		return nil, err
	}
	return l, nil
}

// loader holds one GeoJSON load.
type loader struct {
	ctx  context.Context
	path string
	src  []byte
	opt  data.LoadOptions
	zone *time.Location
	w    *data.Warnings

	elems  [][2]int         // byte range of each element of "features"
	failed atomic.Bool      // a parsing goroutine returned an error
	drop   func(lo, hi int) // the loader is done with src[lo:hi] (nil: keep all)
	rec    *layerRecord     // campmap's record of the layer, in a file campmap wrote (record.go)
	// parsed holds the features array's chunks when direct parsed it in
	// place (instead of elems), parsedN how many features it holds
	parsed  []*featureParser
	parsedN int

	progressMu   sync.Mutex
	progressDone int64
	progressNext int64
}

func (ld *loader) errAt(off, feature int, format string, args ...any) *data.LoadError {
	e := &data.LoadError{Path: ld.path, Feature: feature, Msg: fmt.Sprintf(format, args...)}
	if off >= 0 {
		e.Line, _ = lineCol(ld.src, off)
	}
	return e
}

// cutShort explains a file that ends inside its features array: where it
// ends, and the last feature read whole.
func (ld *loader) cutShort(elems [][2]int) string {
	b := ld.src
	endLine, _ := lineCol(b, len(b))
	where := fmt.Sprintf("the file ends at line %d (byte %d) inside feature %d", endLine, len(b), len(elems))
	if len(elems) > 0 {
		last := elems[len(elems)-1]
		if j := skipSpace(b, last[1]); j >= len(b) || (b[j] == ',' && skipSpace(b, j+1) >= len(b)) {
			where = fmt.Sprintf("the file ends at line %d (byte %d) after feature %d, before the features array is closed", endLine, len(b), len(elems)-1)
		}
		lastLine, _ := lineCol(b, last[1])
		where += fmt.Sprintf("; the last complete feature is feature %d, ending on line %d", len(elems)-1, lastLine)
	} else {
		where += "; no feature is complete"
	}
	return where + "; it looks cut short (an interrupted download or copy?): get the whole file again"
}

// syntaxErr turns a scanner error into a LoadError with line and column.
func (ld *loader) syntaxErr(err error, feature int) error {
	var se *syntaxError
	if errors.As(err, &se) {
		line, col := lineCol(ld.src, se.off)
		return &data.LoadError{Path: ld.path, Feature: feature, Line: line,
			Msg: fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, se.msg)}
	}
	return &data.LoadError{Path: ld.path, Feature: feature, Msg: "invalid JSON", Err: err}
}

func (ld *loader) load() (*data.Layer, error) {
	b := ld.src
	i := skipSpace(b, 0)
	if i == len(b) {
		return nil, ld.errAt(-1, -1, "not a GeoJSON file: it is empty")
	}
	switch b[i] {
	case '{':
	case '[':
		return nil, ld.errAt(i, -1, "not a GeoJSON file: it holds a JSON array; GeoJSON is an object with \"type\": \"FeatureCollection\", \"Feature\" or a geometry type")
	default:
		return nil, ld.errAt(-1, -1, "not a GeoJSON file: it does not start with a JSON object ('{'); campmap reads GeoJSON (.geojson, .json)")
	}
	// a large FeatureCollection is parsed in place (direct.go); anything
	// else, or anything that parse does not expect, is scanned first
	members, end, direct, err := ld.direct(i)
	if err != nil {
		return nil, err
	}
	if !direct {
		if members, end, err = ld.scanDocument(i); err != nil {
			return nil, err
		}
	}
	if j := skipSpace(b, end); j < len(b) {
		line, col := lineCol(b, j)
		return nil, &data.LoadError{Path: ld.path, Feature: -1, Line: line,
			Msg: fmt.Sprintf("invalid JSON at line %d, column %d: unexpected content after the end of the GeoJSON object", line, col)}
	}
	get := func(k string) *member { // a repeated member: the last is read
		for i := len(members) - 1; i >= 0; i-- {
			if members[i].key == k {
				return &members[i]
			}
		}
		return nil
	}
	tm := get("type")
	if tm == nil && get("elements") != nil {
		return nil, ld.errAt(i, -1, "this is OpenStreetMap JSON (Overpass API output, with \"elements\" of nodes, ways and relations), not GeoJSON: convert it first, e.g. with osmtogeojson (osmtogeojson export.json > export.geojson), or ask Overpass for the .osm XML and run ogr2ogr -f GeoJSON export.geojson export.osm")
	}
	if tm == nil {
		return nil, ld.errAt(i, -1, "the GeoJSON object has no \"type\": add \"type\": \"FeatureCollection\" (or \"Feature\", or a geometry type)")
	}
	seen := make(map[string]bool, len(members))
	warned := map[string]bool{}
	for _, m := range members {
		if seen[m.key] && !warned[m.key] {
			warned[m.key] = true
			line, _ := lineCol(b, m.start)
			ld.w.Add("dup", fmt.Sprintf("the top-level object has the member %q twice (line %d): the last is read, as GDAL and Go's decoder do (RFC 8259 asks for distinct names)", m.key, line))
		}
		seen[m.key] = true
	}
	typ, ok := ld.stringMember(tm)
	if !ok {
		if tm.end-tm.start > maxValueBytes {
			return nil, ld.errAt(tm.start, -1, "\"type\" holds %s, over campmap's limit of %s for one value: it must be a string such as \"FeatureCollection\"", sizeText(tm.end-tm.start), sizeText(maxValueBytes))
		}
		return nil, ld.errAt(tm.start, -1, "\"type\" must be a string such as \"FeatureCollection\", found %s", data.Excerpt(string(b[tm.start:min(tm.end, tm.start+100)]), 60))
	}
	name := ld.opt.Name
	if name == "" {
		name = data.LayerName(ld.path)
	}
	switch typ {
	case "FeatureCollection":
		return ld.collection(name, members, get("features"))
	case "GeometryCollection":
		if f := get("features"); f != nil && get("geometries") == nil {
			ld.w.Add("gdal-gc", "the file says \"type\": \"GeometryCollection\" but holds \"features\": read as a FeatureCollection")
			return ld.collection(name, members, f)
		}
		fallthrough
	case "Feature", "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon":
		return ld.single(name, typ, b[i:end], i)
	case "Topology":
		return nil, ld.errAt(tm.start, -1, "this is TopoJSON, not GeoJSON: convert it first (e.g. with topojson's topo2geo or QGIS)")
	default:
		return nil, ld.errAt(tm.start, -1, "unknown GeoJSON type %q: expected FeatureCollection, Feature or a geometry type", typ)
	}
}

// scanDocument lists the members of the top-level object starting at
// src[i] and records the byte range of each element of its "features"
// array in ld.elems. It returns the offset just past the object.
func (ld *loader) scanDocument(i int) ([]member, int, error) {
	b := ld.src
	// the "features" array is walked once, recording each feature's bytes
	var elems [][2]int
	var ferr error
	features := func(key string, start int) (int, error) {
		if key != "features" || elems != nil {
			return skipValue(b, start)
		}
		elems = make([][2]int, 0, 64)
		dropped := 0
		return arrayElemsSplit(b, start, func(k, s, e int) error {
			if b[s] != '{' {
				ferr = ld.errAt(s, k, "a feature must be an object {\"type\": \"Feature\", ...}, found %s", describeRaw(b[s:e]))
				return ferr
			}
			if k == 1023 {
				// size the list once from the features so far, rather
				// than doubling it all the way to a million entries
				per := max(1, (e-start)/(k+1))
				elems = slices.Grow(elems, (len(b)-e)/per*21/20+16)
			}
			elems = append(elems, [2]int{s, e})
			if k&8191 == 8191 {
				if err := ld.ctx.Err(); err != nil {
					ferr = &data.LoadError{Path: ld.path, Feature: k, Msg: "loading canceled",
						Err: fmt.Errorf("%w: %w", data.ErrCanceled, err)}
					return ferr
				}
				if ld.drop != nil && e-dropped >= dropStep {
					ld.drop(dropped, s)
					dropped = s
				}
			}
			return nil
		})
	}
	members, end, err := scanObject(b, i, features)
	if ferr != nil {
		return nil, 0, ferr
	}
	if fe := (*faultError)(nil); errors.As(err, &fe) {
		return nil, 0, ld.changedWhileLoading(fe)
	}
	if err != nil {
		feature := -1
		if elems != nil {
			feature = len(elems)
		}
		var se *syntaxError
		if errors.As(err, &se) && se.eof && elems != nil {
			le, ok := ld.syntaxErr(err, feature).(*data.LoadError)
			if !ok {
				return nil, 0, ld.syntaxErr(err, feature)
			}
			if len(elems) > 0 && se.off < elems[len(elems)-1][1] {
				// the features array itself is left open: the break is
				// at the end of the file
				le.Line, _ = lineCol(b, len(b))
				le.Feature = -1
			}
			le.Msg += ": " + ld.cutShort(elems)
			return nil, 0, le
		}
		return nil, 0, ld.syntaxErr(err, feature)
	}
	ld.elems = elems
	return members, end, nil
}

// stringMember decodes a member holding a JSON string.
func (ld *loader) stringMember(m *member) (string, bool) {
	v := ld.src[m.start:m.end]
	if len(v) < 2 || v[0] != '"' || len(v) > maxValueBytes {
		return "", false
	}
	s, err := unquote(v)
	return s, err == nil
}

// newBuilder starts a Builder for this load.
func (ld *loader) newBuilder(name string, capacity int) *data.Builder {
	bl := data.NewBuilder(name, capacity)
	l := bl.Layer()
	l.Path = ld.path
	l.Zone = ld.zone
	if r := ld.rec; r != nil {
		bl.DeclareKeys(r.Columns, r.Tabular)
		if ld.opt.Name == "" && r.Name != "" {
			l.Name = r.Name
		}
	}
	return bl
}

// collection loads a FeatureCollection.
func (ld *loader) collection(name string, members []member, fm *member) (*data.Layer, error) {
	b := ld.src
	if fm == nil {
		return nil, ld.errAt(-1, -1, "the FeatureCollection has no \"features\" member: add \"features\": [ ... ]")
	}
	if b[fm.start] != '[' {
		return nil, ld.errAt(fm.start, -1, "\"features\" must be an array of Feature objects, found %s", describeRaw(b[fm.start:fm.end]))
	}
	foreign := map[string]string{}
	var p fastjson.Parser
	last := lastOfEach(members)
	for mi, m := range members {
		switch m.key {
		case "type", "features":
			continue
		}
		if last[m.key] != mi {
			continue // a repeated member: the last is read
		}
		if m.end-m.start > maxValueBytes {
			return nil, ld.errAt(m.start, -1, "the member %q of the FeatureCollection holds %s, over campmap's limit of %s for one value: remove it or shorten it", m.key, sizeText(m.end-m.start), sizeText(maxValueBytes))
		}
		v, err := p.ParseBytes(b[m.start:m.end])
		if err != nil {
			return nil, ld.valueSyntaxErr(b[m.start:m.end], m.start, -1, err)
		}
		switch m.key {
		case "bbox":
			if err := checkBBox(v); err != nil {
				return nil, ld.errAt(m.start, -1, "%s", err.Error())
			}
			continue
		case "coordinates", "geometries", "geometry", "properties":
			line, _ := lineCol(b, m.start)
			ld.w.Add("semantics", fmt.Sprintf("the FeatureCollection has a %q member (line %d), which RFC 7946 §7.1 forbids there: ignored, kept as a foreign member", m.key, line))
		case "crs":
			ld.w.Add("crs", "the legacy \"crs\" member is ignored: coordinates are read as WGS 84 longitude, latitude (RFC 7946)")
		}
		foreign[m.key] = string(b[m.start:m.end])
	}
	ld.useRecord(foreign)

	parts, n := ld.parsed, ld.parsedN
	if parts == nil {
		var err error
		if parts, err = ld.parseElems(name); err != nil {
			return nil, err
		}
		n = len(ld.elems)
	}
	bl := parts[0].b
	w := ld.w
	w.Merge(parts[0].w)
	for _, fp := range parts[1:] {
		if err := bl.Merge(fp.b); err != nil {
			return nil, &data.LoadError{Path: ld.path, Feature: -1, Msg: err.Error(), Err: err}
		}
		w.Merge(fp.w)
	}
	if len(foreign) > 0 {
		bl.Layer().Foreign = foreign
	}
	if bl.Len() == 0 && n > 0 {
		return nil, ld.nothingPlaced(n, parts)
	}
	return ld.finish(bl, parts[0].ownKinds || (len(parts) > 1 && parts[1].ownKinds), parts...), nil
}

// parseElems parses the features ld.elems lists, in one or two chunks
// on as many goroutines, and returns their parsers in file order.
func (ld *loader) parseElems(name string) ([]*featureParser, error) {
	elems := ld.elems
	// (past what a parse in place that gave up reported: never backwards)
	ld.progressNext = max(ld.progressNext, int64(len(ld.src))/100)
	if testHookParse != nil {
		testHookParse()
	}

	// parse in one or two chunks
	chunks := 1
	if len(elems) >= parallelMin {
		chunks = 2
	}
	parts := make([]*featureParser, chunks)
	errs := make([]error, chunks)
	per := (len(elems) + chunks - 1) / chunks
	var wg sync.WaitGroup
	for c := 0; c < chunks; c++ {
		lo, hi := c*per, min((c+1)*per, len(elems))
		// the first chunk is sized for the whole layer so the others are
		// appended to it without copying its columns again
		capacity := hi - lo
		if c == 0 {
			capacity = len(elems)
		}
		fp := ld.newFeatureParser(name, capacity)
		fp.sizeFor = capacity - (hi - lo)
		parts[c] = fp
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ld.drop != nil {
				defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
				defer ld.recoverFault(&errs[c])
			}
			if errs[c] = fp.parseRange(elems, lo, hi); errs[c] != nil {
				ld.failed.Store(true) // the other chunk may stop early
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return parts, nil
}

// dropStep is how many bytes of a mapped file the loader reads before it
// lets the kernel drop them from the process's memory.
const dropStep = 8 << 20

// recoverFault turns a memory fault reading the mapped file (it was
// truncated or rewritten while being read) into a LoadError in *err. It
// must be deferred directly.
func (ld *loader) recoverFault(err *error) {
	r := recover()
	if r == nil {
		return
	}
	// a fault under SetPanicOnFault panics with an error carrying the
	// faulting address; any other panic is a bug and goes on.
	fe, ok := asFault(r, ld.src)
	if !ok {
		panic(r)
	}
	*err = ld.changedWhileLoading(fe)
}

// changedWhileLoading is the error for a mapped file another program cut
// short or rewrote while it loaded.
func (ld *loader) changedWhileLoading(fe *faultError) error {
	return &data.LoadError{Path: ld.path, Feature: -1, Err: fe, Msg: fmt.Sprintf(
		"the file changed while loading: %s; reload it when the other program has finished", ld.path)}
}

// bigFeature adds feature idx, src[s:e], through its skeleton, its large
// coordinates arrays read by the streaming scanner (bigcoords.go).
// handled is false when the feature has no large coordinates array.
func (fp *featureParser) bigFeature(s, e, idx int) (handled bool, err error) {
	sk, big, err := skeleton(fp.ld.src, s, e, false)
	if err != nil {
		return true, fp.errf(idx, s, "geometry: %s", err.Error())
	}
	if sk == nil {
		return false, nil
	}
	fp.big = big
	defer func() { fp.big = nil }()
	v, err := fp.p.ParseBytes(sk)
	if err != nil {
		// the skeleton is the feature's own bytes: say where in the file
		return true, fp.ld.valueSyntaxErr(fp.ld.src[s:e], s, idx, err)
	}
	return true, fp.feature(v, idx, s)
}

// maxValueBytes is the largest value (a string, or a nested object or
// array kept as JSON text) of a property or member campmap reads: a value
// over it is refused before it is copied, unquoted or parsed (a 1 GB
// string would take twice that). Geometries are not bound by it. A
// variable so that tests can lower it.
var maxValueBytes = 256 << 20

// checkValueSizes refuses the feature (or lone Feature object) starting at
// src[s] when one of its properties or members holds a value over
// maxValueBytes, naming the feature and the property.
func (ld *loader) checkValueSizes(s, feature int) error {
	b := ld.src
	tooLong := func(err error) error {
		if se := (*syntaxError)(nil); errors.As(err, &se) && se.long {
			return ld.errAt(se.off, feature, "%s: shorten it (or remove it) in the file and open it again", se.msg)
		}
		return nil // fastjson reports the syntax
	}
	members, _, err := scanObject(b, s, nil)
	if err != nil {
		return tooLong(err)
	}
	for _, m := range members {
		if m.key == "geometry" && b[m.start] == '{' && m.end-m.start > maxValueBytes {
			// its coordinates are not bound, its other members are
			gm, _, err := scanObject(b, m.start, nil)
			if err != nil {
				return tooLong(err)
			}
			for _, g := range gm {
				if n := g.end - g.start; n > maxValueBytes && g.key != "coordinates" && g.key != "geometries" {
					return ld.errAt(g.start, feature, "the geometry's member %q holds a value of %s, over campmap's limit of %s for one value: shorten it (or remove it) in the file and open it again", g.key, sizeText(n), sizeText(maxValueBytes))
				}
			}
		}
		if m.key == "geometry" || m.key == "coordinates" || m.key == "geometries" {
			continue
		}
		if m.key == "properties" && b[m.start] == '{' {
			props, _, err := scanObject(b, m.start, nil)
			if err != nil {
				return tooLong(err)
			}
			for _, p := range props {
				if n := p.end - p.start; n > maxValueBytes {
					return ld.errAt(p.start, feature, "property %q holds a value of %s, over campmap's limit of %s for one value: shorten it (or remove it) in the file and open it again", p.key, sizeText(n), sizeText(maxValueBytes))
				}
			}
			continue
		}
		if n := m.end - m.start; n > maxValueBytes {
			return ld.errAt(m.start, feature, "the member %q holds a value of %s, over campmap's limit of %s for one value: shorten it (or remove it) in the file and open it again", m.key, sizeText(n), sizeText(maxValueBytes))
		}
	}
	return nil
}

// sizeText writes a byte count for messages.
func sizeText(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// testHookParse, when set by a test, runs after the scan of the features
// array and before the features are parsed.
var testHookParse func()

// parallelMin is the feature count from which two goroutines parse.
const parallelMin = 20000

// single loads a lone Feature or geometry as a one-feature layer.
func (ld *loader) single(name, typ string, raw []byte, off int) (*data.Layer, error) {
	fp := ld.newFeatureParser(name, 1)
	if len(raw) > maxValueBytes {
		if err := ld.checkValueSizes(off, 0); err != nil {
			return nil, err
		}
	}
	parse := raw
	if len(raw) >= bigFeatureBytes {
		sk, big, err := skeleton(ld.src, off, off+len(raw), typ != "Feature")
		if err != nil {
			return nil, fp.errf(0, off, "geometry: %s", err.Error())
		}
		if sk != nil {
			parse, fp.big = sk, big
		}
	}
	v, err := fp.p.ParseBytes(parse)
	if err != nil {
		return nil, ld.valueSyntaxErr(raw, off, -1, err)
	}
	if typ == "Feature" {
		if err := fp.feature(v, 0, off); err != nil {
			return nil, err
		}
	} else {
		if err := fp.bareGeometry(v, off); err != nil {
			return nil, err
		}
	}
	ld.w.Merge(fp.w)
	if fp.b.Len() == 0 {
		return nil, ld.nothingPlaced(1, []*featureParser{fp})
	}
	return ld.finish(fp.b, fp.ownKinds, fp), nil
}

// nothingPlaced is the error for a file whose n features (n ≥ 1) all lack
// a geometry campmap can place.
func (ld *loader) nothingPlaced(n int, parts []*featureParser) error {
	null, empty := 0, 0
	for _, fp := range parts {
		null += fp.nullGeoms
		empty += fp.emptyGeoms
	}
	var why string
	switch {
	case n == 1 && null == 1:
		why = "its one feature has \"geometry\": null"
	case n == 1:
		why = "its one geometry is empty"
	case null == n:
		why = fmt.Sprintf("all %d features have \"geometry\": null", n)
	case empty == n:
		why = fmt.Sprintf("all %d features have an empty geometry", n)
	default:
		why = fmt.Sprintf("of its %d features, %d have \"geometry\": null and %d an empty geometry", n, null, empty)
	}
	return &data.LoadError{Path: ld.path, Feature: -1, Err: data.ErrNothingPlaced,
		Msg: "no feature can be placed on the map: " + why + " (a table of attributes without locations? join it to a layer with geometries first)"}
}

// finish builds the layer and detects its kind; parts are the feature
// parsers that read it, in file order.
func (ld *loader) finish(bl *data.Builder, ownKinds bool, parts ...*featureParser) *data.Layer {
	l := bl.Layer()
	l.Warnings = append(l.Warnings, ld.w.List()...)
	unsplit, first := 0, ""
	for _, fp := range parts {
		if fp.unsplit > 0 && first == "" {
			first = fmt.Sprintf("feature %d (line %d)", fp.idxBase+fp.firstUnsplit, fp.lineAt(fp.firstUnsplitOff))
		}
		unsplit += fp.unsplit
	}
	switch {
	case unsplit == 1:
		l.Warnings = append(l.Warnings, fmt.Sprintf("%s crosses the antimeridian (180°) without being split as RFC 7946 §3.1.9 asks: read the short way across it", first))
	case unsplit > 1:
		l.Warnings = append(l.Warnings, fmt.Sprintf("%d features cross the antimeridian (180°) without being split as RFC 7946 §3.1.9 asks (first: %s): read the short way across it", unsplit, first))
	}
	if ld.opt.Progress != nil {
		ld.opt.Progress(int64(len(ld.src)), int64(len(ld.src)))
	}
	if r := ld.rec; r != nil {
		return r.Apply(bl.BuildKind(r.LayerKind()))
	}
	bl.KindsRead(ownKinds)
	return bl.BuildDetect(ld.path)
}

// valueSyntaxErr explains why fastjson rejected raw (found at off).
func (ld *loader) valueSyntaxErr(raw []byte, off, feature int, err error) error {
	if o, msg, ok := syntaxOffset(raw); ok {
		line, col := lineCol(ld.src, off+o)
		return &data.LoadError{Path: ld.path, Feature: feature, Line: line,
			Msg: fmt.Sprintf("invalid JSON at line %d, column %d: %s", line, col, msg)}
	}
	line, _ := lineCol(ld.src, off)
	return &data.LoadError{Path: ld.path, Feature: feature, Line: line,
		Msg: "invalid JSON (non-standard number or literal)", Err: err}
}

// describeRaw names the JSON value in raw for messages.
func describeRaw(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	}
	return "a number"
}

// progress reports bytes consumed, at most about 100 times per file.
func (ld *loader) progress(done int64) {
	if ld.opt.Progress == nil {
		return
	}
	// the two parsing goroutines report here; the lock also keeps calls
	// to Progress one at a time and in increasing order.
	ld.progressMu.Lock()
	defer ld.progressMu.Unlock()
	ld.progressDone += done
	if d := ld.progressDone; d >= ld.progressNext && d < int64(len(ld.src)) {
		ld.progressNext = d + int64(len(ld.src))/100 + 1
		ld.opt.Progress(d, int64(len(ld.src)))
	}
}

// featureParser parses a run of features into its own Builder. It is used
// by one goroutine.
type featureParser struct {
	ld       *loader
	p        fastjson.Parser
	b        *data.Builder
	w        *data.Warnings
	keys     map[string]*data.PropKey
	lastKeys []*data.PropKey    // key at each property position of the last feature
	kinds    map[string]kindHit // cache of ParseKind on property values
	props    []data.Property
	buf      []byte    // raw JSON of nested values for the current feature
	zbuf     []float64 // heights of the current feature's positions
	keyBuf   []byte
	ownKinds bool // some feature had a kind of its own
	sizeFor  int  // features of later chunks this one will receive by merge

	// duplicate property names: lastKeys[:verified] is known to hold
	// distinct names, and keyMiss tells that the current feature's keys
	// differ from lastKeys somewhere
	verified int
	keyMiss  bool

	nullGeoms, emptyGeoms int // features skipped for want of a geometry
	unsplit               int // features crossing the antimeridian unsplit
	firstUnsplit          int // the first of them: its number and offset
	firstUnsplitOff       int

	// late is set on a chunk whose first feature's number is not known
	// until the chunk before it is parsed (direct.go): its warnings wait
	// in lateWarns, numbered from the chunk's start, until number gives
	// them their place.
	late      bool
	lateWarns []lateWarning
	idxBase   int // the number of the chunk's first feature, once known

	lineOff, line int // forward line counter

	dupWarned map[string]bool // repeated member names already warned about
	big       []*bigCoords    // the current feature's streamed coordinates (bigcoords.go)
	geomDup   string          // the name the current feature's geometry repeats
	shape     bigCoords       // the current feature's coordinates on the shape fast path (fastshape.go)
	ptSlab    []orb.Point     // the positions kept geometries are cut from (fastshape.go)
}

// lateWarning is a warning of a late chunk: its text without the
// "feature N (line L): " prefix, or whole when idx < 0.
type lateWarning struct {
	kind     string
	idx, off int
	text     string
}

type kindHit struct {
	k  data.Kind
	ok bool
}

func (ld *loader) newFeatureParser(name string, capacity int) *featureParser {
	return &featureParser{ld: ld, b: ld.newBuilder(name, capacity), w: &data.Warnings{},
		keys: map[string]*data.PropKey{}, kinds: map[string]kindHit{}, line: 1}
}

// lineAt returns the line of off; offsets must not go backwards by much
// (it restarts from the top when they do).
func (fp *featureParser) lineAt(off int) int {
	src := fp.ld.src
	if off > len(src) {
		off = len(src)
	}
	if off < fp.lineOff {
		fp.lineOff, fp.line = 0, 1
	}
	fp.line += bytes.Count(src[fp.lineOff:off], []byte{'\n'})
	fp.lineOff = off
	return fp.line
}

func (fp *featureParser) errf(idx, off int, format string, args ...any) error {
	return &data.LoadError{Path: fp.ld.path, Feature: idx, Line: fp.lineAt(off), Msg: fmt.Sprintf(format, args...)}
}

// warnf records a warning about feature idx of kind.
func (fp *featureParser) warnf(kind string, idx, off int, format string, args ...any) {
	if fp.w.Want(kind) {
		msg := fmt.Sprintf(format, args...)
		if fp.late {
			fp.lateWarns = append(fp.lateWarns, lateWarning{kind, idx, off, msg})
			return
		}
		fp.w.Keep(kind, fmt.Sprintf("feature %d (line %d): ", idx, fp.lineAt(off))+msg)
	}
}

// warn records a warning of kind that names no feature.
func (fp *featureParser) warn(kind, text string) {
	if fp.w.Want(kind) {
		if fp.late {
			fp.lateWarns = append(fp.lateWarns, lateWarning{kind, -1, 0, text})
			return
		}
		fp.w.Keep(kind, text)
	}
}

// number tells a late chunk the number of its first feature: its
// warnings are written, in the order they came.
func (fp *featureParser) number(base int) {
	fp.idxBase, fp.late = base, false
	for _, lw := range fp.lateWarns {
		if lw.idx < 0 {
			fp.w.Keep(lw.kind, lw.text)
			continue
		}
		fp.w.Keep(lw.kind, fmt.Sprintf("feature %d (line %d): ", base+lw.idx, fp.lineAt(lw.off))+lw.text)
	}
	fp.lateWarns = nil
}

// parseRange parses elems[lo:hi].
func (fp *featureParser) parseRange(elems [][2]int, lo, hi int) error {
	var done int64
	dropped := 0
	if lo < hi {
		dropped = elems[lo][0]
	}
	for k := lo; k < hi; k++ {
		if (k-lo)&2047 == 0 && k > lo {
			if fp.ld.drop != nil && elems[k][0]-dropped >= dropStep {
				fp.ld.drop(dropped, elems[k][0])
				dropped = elems[k][0]
			}
			if err := fp.ld.ctx.Err(); err != nil {
				return &data.LoadError{Path: fp.ld.path, Feature: k, Msg: "loading canceled",
					Err: fmt.Errorf("%w: %w", data.ErrCanceled, err)}
			}
			fp.ld.progress(done)
			done = 0
			if fp.ld.failed.Load() {
				return nil // another chunk failed: its error is the one reported
			}
		}
		if k-lo == growAfter {
			// the columns to come, from the bytes to come: text and
			// property counts follow the bytes more closely than the
			// feature count (numbered names grow longer down the file)
			last := min(hi+fp.sizeFor, len(elems)) - 1
			fp.grow(hi-k+fp.sizeFor, float64(elems[last][1]-elems[k][0])/float64(max(1, elems[k][0]-elems[lo][0])))
		}
		s, e := elems[k][0], elems[k][1]
		done += int64(e - s)
		if err := fp.parseOne(s, e, k); err != nil {
			return err
		}
	}
	if err := fp.ld.ctx.Err(); err != nil {
		return &data.LoadError{Path: fp.ld.path, Feature: -1, Msg: "loading canceled",
			Err: fmt.Errorf("%w: %w", data.ErrCanceled, err)}
	}
	fp.ld.progress(done)
	return nil
}

// parseOne parses and adds feature idx, whose bytes are src[s:e]: through
// the streaming reader when it is large, else the fast path when it has
// the common shape, else fastjson.
func (fp *featureParser) parseOne(s, e, idx int) error {
	src := fp.ld.src
	if e-s > maxValueBytes {
		if err := fp.ld.checkValueSizes(s, idx); err != nil {
			return err
		}
	}
	if e-s >= bigFeatureBytes {
		if handled, err := fp.bigFeature(s, e, idx); handled {
			return err
		}
	}
	if handled, err := fp.fastFeature(src, s, e, idx); handled {
		return err
	}
	v, err := fp.p.ParseBytes(src[s:e])
	if err != nil {
		return fp.ld.valueSyntaxErr(src[s:e], s, idx, err)
	}
	return fp.feature(v, idx, s)
}

// growAfter is how many features a chunk parses before it sizes its
// columns for the rest from what it has seen.
const growAfter = 512

// grow sizes the builder for about n more features like the ones so far,
// whose bytes are ratio times those parsed so far.
func (fp *featureParser) grow(n int, ratio float64) {
	have := fp.b.Len()
	if have == 0 || n <= 0 {
		return
	}
	if !(ratio > 0) || math.IsInf(ratio, 0) {
		ratio = float64(n) / float64(have)
	}
	per := func(x int) int { return int(float64(x) * ratio * 1.02) }
	fp.b.Grow(n, per(fp.b.PropCount()), per(fp.b.TextBytes()))
}

// b2s views b as a string without copying; the string must not outlive the
// parser's buffer unless copied (the Builder copies what it keeps).
func b2s(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// key returns the cached info for property name k (prefix "@" for foreign
// members).
func (fp *featureParser) key(k []byte, foreign bool) *data.PropKey {
	lk := k
	if foreign {
		fp.keyBuf = append(append(fp.keyBuf[:0], '@'), k...)
		lk = fp.keyBuf
	}
	if ki, ok := fp.keys[b2s(lk)]; ok {
		return ki
	}
	name := string(lk)
	var ki *data.PropKey
	if foreign {
		ki = &data.PropKey{Name: name}
	} else {
		ki = data.NewPropKey(name)
	}
	fp.keys[name] = ki
	return ki
}

// propKey is key for a property at position pos of the properties object:
// features mostly repeat the previous one's keys in the same order, which
// a comparison checks faster than a map lookup.
func (fp *featureParser) propKey(pos int, k []byte) *data.PropKey {
	if pos < len(fp.lastKeys) {
		if ki := fp.lastKeys[pos]; ki.Name == string(k) {
			return ki
		}
	}
	fp.keyMiss = true
	ki := fp.key(k, false)
	for len(fp.lastKeys) <= pos {
		fp.lastKeys = append(fp.lastKeys, ki)
	}
	fp.lastKeys[pos] = ki
	return ki
}

// dupProp returns a name the current feature's n properties (read through
// propKey, so held in lastKeys[:n]) repeat, or "". A feature with the same
// keys in the same order as one already checked costs no search.
func (fp *featureParser) dupProp(n int) string {
	miss := fp.keyMiss
	fp.keyMiss = false
	if !miss && n <= fp.verified {
		return ""
	}
	keys := fp.lastKeys[:n]
	dup := ""
	if n <= 32 {
	search:
		for i := 1; i < n; i++ {
			for j := 0; j < i; j++ {
				if keys[i] == keys[j] {
					dup = keys[i].Name
					break search
				}
			}
		}
	} else {
		seen := make(map[*data.PropKey]bool, n)
		for _, k := range keys {
			if seen[k] {
				dup = k.Name
				break
			}
			seen[k] = true
		}
	}
	if dup == "" {
		fp.verified = n
	} else {
		fp.verified = 0
	}
	return dup
}

// lastOfEach maps each member name to the place of its last member.
func lastOfEach(members []member) map[string]int {
	last := make(map[string]int, len(members))
	for i, m := range members {
		last[m.key] = i
	}
	return last
}

// keepLast removes from props[:n] the repeats of each name that appears
// more than once, keeping the last value at the place of the first (the
// column order stays the file's), as GDAL and Go's encoding/json keep the
// last. It returns the properties and the repeated names, in order.
func keepLast(props []data.Property, n int) ([]data.Property, []string) {
	var dups []string
	out := props[:0]
	for i, p := range props {
		if i < n {
			rep := false
			for j := range out {
				if out[j].Key == p.Key {
					out[j].Value = p.Value
					if !slices.Contains(dups, p.Key) {
						dups = append(dups, p.Key)
					}
					rep = true
					break
				}
			}
			if rep {
				continue
			}
		}
		out = append(out, p)
	}
	return out, dups
}

// warnDup warns once per layer chunk about each repeated name.
func (fp *featureParser) warnDup(idx, off int, where, name string) {
	if fp.dupWarned == nil {
		fp.dupWarned = map[string]bool{}
	}
	if fp.dupWarned[where+"\x00"+name] {
		return
	}
	fp.dupWarned[where+"\x00"+name] = true
	fp.warnf("dup", idx, off, "%s has the member %q more than once: the last value is read, as GDAL and Go's decoder do (RFC 8259 asks for distinct names; later features repeating it are not listed)", where, name)
}

// lastGet is v.Get(key) for the last member of that name (fastjson's Get
// returns the first).
func lastGet(v *fastjson.Value, key string) *fastjson.Value {
	o, err := v.Object()
	if err != nil {
		return nil
	}
	var last *fastjson.Value
	o.Visit(func(k []byte, x *fastjson.Value) {
		if string(k) == key {
			last = x
		}
	})
	return last
}

// value converts a property value; nested objects and arrays become raw
// JSON text. ok is false for a non-standard number (NaN, Infinity), kept
// as null.
func (fp *featureParser) value(v *fastjson.Value) (data.Value, bool) {
	switch v.Type() {
	case fastjson.TypeString:
		sb, _ := v.StringBytes()
		return data.Value{Type: data.ValueString, Str: b2s(sb)}, true
	case fastjson.TypeNumber:
		f, err := v.Float64()
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return data.Value{}, false
		}
		return data.Value{Type: data.ValueNumber, Num: f}, true
	case fastjson.TypeTrue:
		return data.Bool(true), true
	case fastjson.TypeFalse:
		return data.Bool(false), true
	case fastjson.TypeObject, fastjson.TypeArray:
		start := len(fp.buf)
		fp.buf = v.MarshalTo(fp.buf)
		return data.Value{Type: data.ValueJSON, Str: b2s(fp.buf[start:])}, true
	}
	return data.Value{}, true
}

// featureState gathers what the properties say about time and kind, and
// which hold malformed numbers.
type featureState struct {
	data.FeatureHints
	badNumbers []string
}

// feature parses one Feature object and adds it.
func (fp *featureParser) feature(v *fastjson.Value, idx, off int) error {
	o, err := v.Object()
	if err != nil {
		return fp.errf(idx, off, "a feature must be an object, found %s", typeName(v))
	}
	dupMember := dupKey(o) != ""
	get := o.Get
	if dupMember {
		get = func(k string) *fastjson.Value { return lastGet(v, k) }
	}
	tv := get("type")
	if tv == nil {
		return fp.errf(idx, off, "the feature has no \"type\": add \"type\": \"Feature\"")
	}
	tb, err := tv.StringBytes()
	if err != nil {
		return fp.errf(idx, off, "the feature's \"type\" must be the string \"Feature\", found %s", typeName(tv))
	}
	if string(tb) != "Feature" {
		return fp.errf(idx, off, "an element of \"features\" has \"type\": %q; each must be a \"Feature\" (wrap geometries in {\"type\": \"Feature\", \"geometry\": ..., \"properties\": {}})", string(tb))
	}
	gv := get("geometry")
	if gv == nil {
		return fp.errf(idx, off, "the feature has no \"geometry\" member: add \"geometry\": {\"type\": ..., \"coordinates\": ...}")
	}
	fp.props = fp.props[:0]
	fp.buf = fp.buf[:0]
	var st featureState
	f := data.Feature{Span: data.Undated}

	pv := get("properties")
	if pv == nil {
		fp.warnf("noprops", idx, off, "the Feature has no \"properties\" member (RFC 7946 §3.2 asks for one, null when there are none): read as having none")
	} else {
		switch pv.Type() {
		case fastjson.TypeNull:
		case fastjson.TypeObject:
			po, _ := pv.Object()
			pos := 0
			fp.keyMiss = false
			po.Visit(func(k []byte, val *fastjson.Value) {
				ki := fp.propKey(pos, k)
				pos++
				x, ok := fp.value(val)
				if !ok {
					st.badNumbers = append(st.badNumbers, ki.Name)
				}
				fp.props = append(fp.props, data.Property{Key: ki.Name, Value: x})
				st.Note(ki, x, fp.parseKind)
			})
			if dup := fp.dupProp(pos); dup != "" {
				var dups []string
				fp.props, dups = keepLast(fp.props, pos)
				for _, name := range dups {
					fp.warnDup(idx, off, "\"properties\"", name)
				}
				// time and kind from the values kept
				st.FeatureHints = data.FeatureHints{}
				for _, p := range fp.props {
					st.Note(fp.key([]byte(p.Key), false), p.Value, fp.parseKind)
				}
			}
		default:
			return fp.errf(idx, off, "\"properties\" must be an object or null, found %s", typeName(pv))
		}
	}
	var lastOf map[string]int // set when the Feature repeats a member: the place of its last
	if dupMember {
		lastOf = map[string]int{}
		n := 0
		o.Visit(func(k []byte, _ *fastjson.Value) {
			if _, seen := lastOf[string(k)]; seen {
				fp.warnDup(idx, off, "the Feature", string(k))
			}
			lastOf[string(k)] = n
			n++
		})
	}
	var ferr error
	at := -1
	o.Visit(func(k []byte, val *fastjson.Value) {
		at++
		if ferr != nil {
			return
		}
		if lastOf != nil && lastOf[string(k)] != at {
			return // a repeated member: the last is read
		}
		switch string(k) {
		case "type", "geometry", "properties":
			return
		case "coordinates", "geometries", "features":
			fp.warnf("semantics", idx, off, "the Feature has a %q member, which RFC 7946 §7.1 forbids on a Feature: not read as GeoJSON, kept as property \"@%s\"", string(k), string(k))
		case "id":
			switch val.Type() {
			case fastjson.TypeString:
				sb, _ := val.StringBytes()
				f.ID = data.Text(string(sb))
				return
			case fastjson.TypeNumber:
				if x, ok := fp.value(val); ok && x.Type == data.ValueNumber {
					f.ID = x
					return
				}
			}
			fp.warnf("id", idx, off, "\"id\" should be a string or a number, found %s: kept as property \"@id\"", typeName(val))
		case "bbox":
			if err := checkBBox(val); err != nil {
				ferr = fp.errf(idx, off, "%s", err.Error())
			}
			return
		case "crs":
			fp.warn("crs", "the legacy \"crs\" member is ignored: coordinates are read as WGS 84 longitude, latitude (RFC 7946)")
		}
		ki := fp.key(k, true)
		x, _ := fp.value(val)
		fp.props = append(fp.props, data.Property{Key: ki.Name, Value: x})
	})
	if ferr != nil {
		return ferr
	}
	for _, name := range st.badNumbers {
		fp.warnf("nan", idx, off, "property %q holds a non-standard or malformed number (NaN, Infinity, 1.2.3): kept as null", name)
	}

	if gv.Type() == fastjson.TypeNull {
		fp.nullGeoms++
		fp.warnf("nogeom", idx, off, "feature has no geometry (\"geometry\": null): campmap cannot place it, skipped")
		return nil
	}
	var flags geomFlags
	g, err := parseGeometry(gv, 0, &flags, fp.big)
	if err == errEmptyGeometry {
		fp.emptyGeoms++
		fp.warnf("nogeom", idx, off, "feature has an empty geometry: campmap cannot place it, skipped")
		return nil
	}
	if err != nil {
		return fp.errf(idx, off, "geometry: %s", err.Error())
	}
	if flags&flagZ != 0 {
		fp.zbuf = appendHeights(fp.zbuf[:0], gv, 0, fp.big)
		f.Z = fp.zbuf
	}
	if flags&flagDupMember != 0 {
		fp.geomDup = geomDupKey(gv, 0)
	}
	return fp.add(f, g, flags, &st, idx, off)
}

// bareGeometry loads a file that is one geometry object.
func (fp *featureParser) bareGeometry(v *fastjson.Value, off int) error {
	var flags geomFlags
	g, err := parseGeometry(v, 0, &flags, fp.big)
	if err == errEmptyGeometry {
		fp.emptyGeoms++
		fp.warnf("nogeom", 0, off, "the geometry is empty: campmap cannot place it")
		return nil
	}
	if err != nil {
		return fp.errf(0, off, "geometry: %s", err.Error())
	}
	fp.props = fp.props[:0]
	fp.buf = fp.buf[:0]
	o, _ := v.Object()
	o.Visit(func(k []byte, val *fastjson.Value) {
		switch string(k) {
		case "type", "coordinates", "geometries", "bbox":
			return
		case "crs":
			fp.warn("crs", "the legacy \"crs\" member is ignored: coordinates are read as WGS 84 longitude, latitude (RFC 7946)")
		}
		ki := fp.key(k, true)
		x, _ := fp.value(val)
		fp.props = append(fp.props, data.Property{Key: ki.Name, Value: x})
	})
	f := data.Feature{Span: data.Undated}
	if flags&flagZ != 0 {
		fp.zbuf = appendHeights(fp.zbuf[:0], v, 0, fp.big)
		f.Z = fp.zbuf
	}
	if flags&flagDupMember != 0 {
		fp.geomDup = geomDupKey(v, 0)
	}
	return fp.add(f, g, flags, &featureState{}, 0, off)
}

// add finishes a feature: geometry warnings, time, kind.
func (fp *featureParser) add(f data.Feature, g orb.Geometry, flags geomFlags, st *featureState, idx, off int) error {
	if flags&flagWinding != 0 {
		fp.warnf("winding", idx, off, "polygon rings are not wound as RFC 7946 asks (exterior counter-clockwise, holes clockwise); drawn anyway")
	}
	if flags&flagExtraDims != 0 {
		fp.warnf("dims", idx, off, "positions have more than 3 numbers; only longitude and latitude are used")
	}
	if flags&flagAntimeridan != 0 {
		if fp.unsplit == 0 {
			fp.firstUnsplit, fp.firstUnsplitOff = idx, off
		}
		fp.unsplit++
	}
	if flags&flagMixedDims != 0 {
		fp.warnf("mixeddims", idx, off, "the geometry mixes positions of 2 numbers [lon, lat] and of 3 or more [lon, lat, height] (RFC 7946 §3.1.1 wants one dimension throughout): the heights given are kept and the positions without one have none")
	}
	for _, m := range semanticMembers {
		if flags&m.flag != 0 {
			fp.warnf("semantics", idx, off, "a geometry has a %q member, which RFC 7946 §7.1 forbids there: ignored", m.name)
		}
	}
	if flags&flagDupMember != 0 {
		fp.warnDup(idx, off, "a geometry object", fp.geomDup)
	}
	if flags&flagNested != 0 {
		fp.warnf("nested", idx, off, "a GeometryCollection is nested inside another (RFC 7946 §3.1.8 advises against it)")
	}
	switch g.(type) {
	case orb.Polygon, orb.MultiPolygon, orb.Collection:
		if s := topoProblem(g); s != "" {
			fp.warnf("topology", idx, off, "%s (invalid as a simple feature): drawn as is, areas and hit tests may be wrong", s)
		}
	}
	if p, ok := g.(orb.Point); ok {
		return fp.addPoint(f, p, st, idx, off)
	}
	f.Geometry = g
	return fp.addFeature(f, orb.Point{}, false, st, idx, off)
}

// addPoint adds a feature whose geometry is the point p.
func (fp *featureParser) addPoint(f data.Feature, p orb.Point, st *featureState, idx, off int) error {
	return fp.addFeature(f, p, true, st, idx, off)
}

// addFeature sets f's time, kind and properties and adds it: with the
// point p as its geometry when isPt, else with f.Geometry.
func (fp *featureParser) addFeature(f data.Feature, p orb.Point, isPt bool, st *featureState, idx, off int) error {
	f.Span = fp.featureTime(st, idx, off)
	if k, ok := st.Kind(); ok {
		f.Kind = k
		fp.ownKinds = true
	}
	if r := fp.ld.rec; r != nil {
		fp.props = r.apply(&f, fp.props, idx)
	}
	if n := 1; f.Z != nil || f.M != nil {
		if !isPt {
			n = data.PositionCount(f.Geometry)
		}
		if len(f.Z) != n {
			f.Z = nil // heights that do not match the positions: left out
		}
		if len(f.M) != n {
			f.M = nil
		}
	}
	f.Props = fp.props
	var err error
	if isPt {
		err = fp.b.AddPoint(f, p)
	} else {
		err = fp.b.Add(f)
	}
	if err != nil {
		return fp.errf(idx, off, "%s", err.Error())
	}
	return nil
}

// parseKind is ParseKind with a bounded cache (values repeat).
func (fp *featureParser) parseKind(s string) (data.Kind, bool) {
	if hit, ok := fp.kinds[s]; ok {
		return hit.k, hit.ok
	}
	k, ok := data.ParseKind(s)
	if len(fp.kinds) < 4096 {
		fp.kinds[strings.Clone(s)] = kindHit{k, ok}
	}
	return k, ok
}

// featureTime reads the feature's span from its time-like properties,
// warning about those it cannot read.
func (fp *featureParser) featureTime(st *featureState, idx, off int) data.Span {
	return st.Span(fp.ld.zone, func(k *data.PropKey, v data.Value, err error) {
		fp.warnf("time", idx, off, "property %q = %s is not a date or time campmap can read: feature kept, undated", k.Name, v.Quoted())
	}, func(start, end *data.PropKey) {
		fp.warnf("time-order", idx, off, "%q is before %q: the span is read from the earlier to the later", end.Name, start.Name)
	})
}
