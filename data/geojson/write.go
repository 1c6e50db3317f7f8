package geojson

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"campmap/data"
)

// recordMember is the FeatureCollection member holding campmap's record
// of the layer: a foreign member (RFC 7946 section 6.1) that other readers
// ignore.
const recordMember = "campmap"

// layerRecord is campmap's record of a layer in a GeoJSON file it wrote
// (the "campmap" member): the layer settings, the time span of every
// feature by its place in "features" (RFC 7946 has no time, and the
// properties campmap read a time from may be ones no reader finds again,
// such as a CSV column), and the kinds a reader would not find again in
// the properties.
type layerRecord struct {
	data.Meta
	// Foreign lists the layer's own foreign members written beside it, so
	// that a reader tells them from campmap's ("name").
	Foreign []string `json:"foreign,omitempty"`
	// Spans holds one [start, end] in Unix milliseconds, or null, per
	// feature; absent when no feature is dated.
	Spans []*[2]int64 `json:"spans,omitempty"`
	// Kinds maps a feature's place in "features" to its kind.
	Kinds map[string]string `json:"kinds,omitempty"`
	// Measures maps a feature's place to its positions' measures (a
	// GeoPackage's M; GeoJSON positions have no place for them), null for
	// a position without one.
	Measures map[string][]*float64 `json:"measures,omitempty"`
	// Heights maps a feature's place to its positions' heights, null for
	// a position without one, when only some of its positions have one:
	// its coordinates are then written without heights, as RFC 7946
	// §3.1.1 wants one dimension throughout a geometry.
	Heights map[string][]*float64 `json:"heights,omitempty"`
}

// reservedMembers are the Feature members a property named "@member" is
// not written as (RFC 7946 sections 3.2 and 7.1): it stays a property.
var reservedMembers = map[string]bool{
	"type": true, "geometry": true, "properties": true, "id": true, "bbox": true,
	"coordinates": true, "geometries": true, "features": true, "crs": true, recordMember: true,
}

// Write writes the features of l for which keep returns true (every
// feature when keep is nil; see data.InWindow) as an RFC 7946
// FeatureCollection that loses nothing LoadBytes reads back: ids;
// geometries with their heights; properties in their order and with their
// types (whole numbers written as integers); for a table (data.Layer
// Tabular) every column in every feature, null where the cell is empty, so
// that columns empty in every row are kept; the layer's foreign members,
// and the foreign members of features read as "@member" properties
// written back as members, so that no property is added. campmap's record
// of the layer (kind, category, zone, time spans: layerRecord) is the
// foreign member "campmap" after "features".
func Write(w io.Writer, l *data.Layer, keep func(i int) bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	fail := func(err error) error { return fmt.Errorf("geojson: write %s: %w", l.Name, err) }
	var buf []byte
	buf = append(buf, `{"type":"FeatureCollection","name":`...)
	if raw, ok := l.Foreign["name"]; ok && json.Valid([]byte(raw)) {
		buf = append(buf, raw...)
	} else {
		buf = appendString(buf, l.Name)
	}
	var foreign []string
	for k := range l.Foreign {
		switch k {
		case "type", "features", "bbox", "crs", recordMember:
			continue
		}
		if !json.Valid([]byte(l.Foreign[k])) {
			continue
		}
		foreign = append(foreign, k)
	}
	slices.Sort(foreign)
	for _, k := range foreign {
		if k == "name" {
			continue
		}
		buf = append(appendString(append(buf, ','), k), ':')
		buf = append(buf, l.Foreign[k]...)
	}
	buf = append(buf, `,"features":[`...)
	bw.Write(buf)

	keys := l.Keys()
	tabular := l.Tabular()
	var spans []byte
	dated := false
	kinds := map[string]string{}
	var measures, heights map[string][]*float64
	n := 0
	var z []float64
	for i := 0; i < l.Len(); i++ {
		if keep != nil && !keep(i) {
			continue
		}
		buf = buf[:0]
		if n > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n{\"type\":\"Feature\""...)
		if id := l.ID(i); id.Type != data.ValueNull {
			buf = appendValue(append(buf, `,"id":`...), id)
		}
		buf = append(buf, `,"geometry":`...)
		z = l.Z(i)
		if partial(z) {
			if heights == nil {
				heights = map[string][]*float64{}
			}
			heights[strconv.Itoa(n)] = nullable(z)
			z = nil
		}
		var err error
		if buf, err = appendGeometry(buf, l.Geometry(i), z); err != nil {
			return fail(fmt.Errorf("feature %d: %w", i, err))
		}
		props := l.Props(i)
		buf = append(buf, `,"properties":{`...)
		if tabular {
			buf = appendColumns(buf, keys, props)
			buf = append(buf, '}')
		} else {
			props = firstOfEachKey(validKeys(props))
			members := foreignTail(props)
			for j, p := range props[:len(props)-len(members)] {
				if j > 0 {
					buf = append(buf, ',')
				}
				buf = appendValue(append(appendString(buf, p.Key), ':'), p.Value)
			}
			buf = append(buf, '}')
			for _, p := range members {
				buf = appendValue(append(appendString(append(buf, ','), p.Key[1:]), ':'), p.Value)
			}
		}
		buf = append(buf, '}')
		if _, err := bw.Write(buf); err != nil {
			return fail(err)
		}

		if n > 0 {
			spans = append(spans, ',')
		}
		if sp := l.Span(i); sp.Dated() {
			dated = true
			spans = append(spans, '[')
			spans = strconv.AppendInt(spans, sp.Start, 10)
			spans = append(spans, ',')
			spans = strconv.AppendInt(spans, sp.End, 10)
			spans = append(spans, ']')
		} else {
			spans = append(spans, "null"...)
		}
		// the kind a reader finds in the properties, else the layer's
		want := l.FeatureKind(i)
		if got, ok := data.FeatureKind(props); (ok && got != want) || (!ok && l.Kind != want) {
			kinds[strconv.Itoa(n)] = want.String()
		}
		if m := l.M(i); m != nil {
			if measures == nil {
				measures = map[string][]*float64{}
			}
			measures[strconv.Itoa(n)] = nullable(m)
		}
		n++
	}
	rec := layerRecord{Meta: data.NewMeta(l, n), Foreign: foreign}
	if len(kinds) > 0 {
		rec.Kinds = kinds
	}
	rec.Measures, rec.Heights = measures, heights
	js, err := json.Marshal(rec)
	if err != nil {
		return fail(err)
	}
	if dated { // the spans, streamed as they came, go in last
		js = append(js[:len(js)-1], `,"spans":[`...)
		js = append(append(js, spans...), "]}"...)
	}
	bw.WriteString("\n],\"" + recordMember + "\":")
	bw.Write(js)
	bw.WriteString("}\n")
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	return nil
}

// appendColumns writes a table row: every key, null where props lacks it.
func appendColumns(b []byte, keys []string, props []data.Property) []byte {
	j := 0
	for k, key := range keys {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(appendString(b, key), ':')
		// props follow the keys' order; look further only when they do not
		var v data.Value
		if j < len(props) && props[j].Key == key {
			v = props[j].Value
			j++
		} else {
			for _, p := range props {
				if p.Key == key {
					v = p.Value
					break
				}
			}
		}
		b = appendValue(b, v)
	}
	return b
}

// firstOfEachKey drops the repeats of a key a feature holds twice (a
// layer built from a source that repeats a name): an object names each
// member once. The last value is written at the place of the first, as
// the reader keeps repeated members.
func firstOfEachKey(props []data.Property) []data.Property {
	if len(props) > 16 {
		return dropRepeatedKeys(props)
	}
	for j := 1; j < len(props); j++ {
		for k := 0; k < j; k++ {
			if props[k].Key == props[j].Key {
				return dropRepeatedKeys(props)
			}
		}
	}
	return props
}

// validKeys returns props with each key in valid UTF-8 (each run of
// invalid bytes as U+FFFD, as appendString writes it), so that two keys
// that differ only in invalid bytes are seen as the one member they are
// written as; props itself when every key is valid.
func validKeys(props []data.Property) []data.Property {
	for i, p := range props {
		if !utf8.ValidString(p.Key) {
			out := slices.Clone(props)
			for j := i; j < len(out); j++ {
				out[j].Key = strings.ToValidUTF8(out[j].Key, "\uFFFD")
			}
			return out
		}
	}
	return props
}

// dropRepeatedKeys returns props with each key once, at its first place,
// holding its last value.
func dropRepeatedKeys(props []data.Property) []data.Property {
	at := make(map[string]int, len(props))
	out := make([]data.Property, 0, len(props))
	for _, p := range props {
		if i, ok := at[p.Key]; ok {
			out[i].Value = p.Value
			continue
		}
		at[p.Key] = len(out)
		out = append(out, p)
	}
	return out
}

// foreignTail returns the properties at the end of props that were
// foreign members of the feature ("@member"), when they can be written
// back as members; none otherwise.
func foreignTail(props []data.Property) []data.Property {
	k := len(props)
	for k > 0 && strings.HasPrefix(props[k-1].Key, "@") {
		k--
	}
	for _, p := range props[:k] {
		if strings.HasPrefix(p.Key, "@") {
			return nil // a member among the properties: keep them as they are
		}
	}
	tail := props[k:]
	seen := map[string]bool{}
	for _, p := range tail {
		name := p.Key[1:]
		if name == "" || reservedMembers[name] || seen[name] {
			return nil
		}
		seen[name] = true
	}
	for _, p := range props[:k] { // a property of the same name would be shadowed
		if seen[p.Key] {
			return nil
		}
	}
	return tail
}

// appendNumber writes f as JSON: whole numbers as integers (epoch
// milliseconds stay 1691117533180, not 1.69111753318e+12), others in the
// shortest form that reads back the same.
func appendNumber(b []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.AppendFloat(b, f, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

// appendString writes s as a JSON string, leaving UTF-8 as it is and
// replacing each run of invalid bytes with U+FFFD (as
// strings.ToValidUTF8 does): JSON text is UTF-8.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	invalid := false // the last bytes were an invalid run, replaced
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			invalid = false
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		bad := r == utf8.RuneError && size == 1
		switch {
		case bad && invalid:
		case bad:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029': // valid JSON, but not JavaScript
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&15])
		default:
			b = append(b, s[i:i+size]...)
		}
		invalid = bad
		i += size
	}
	return append(b, '"')
}

// appendValue appends v as JSON.
func appendValue(b []byte, v data.Value) []byte {
	switch v.Type {
	case data.ValueString:
		return appendString(b, v.Str)
	case data.ValueNumber:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) {
			return append(b, "null"...)
		}
		return appendNumber(b, v.Num)
	case data.ValueBool:
		return strconv.AppendBool(b, v.Num != 0)
	case data.ValueJSON:
		if json.Valid([]byte(v.Str)) {
			return append(b, v.Str...)
		}
		return appendString(b, v.Str)
	}
	return append(b, "null"...)
}

// partial reports whether some of the ordinates zs are given and some are
// not (NaN or infinite).
func partial(zs []float64) bool {
	some, none := false, false
	for _, z := range zs {
		if math.IsNaN(z) || math.IsInf(z, 0) {
			none = true
		} else {
			some = true
		}
	}
	return some && none
}

// nullable returns ordinates vs for the layer record: nil (null) where
// one is not given.
func nullable(vs []float64) []*float64 {
	out := make([]*float64, len(vs))
	for j := range vs {
		if !math.IsNaN(vs[j]) && !math.IsInf(vs[j], 0) {
			out[j] = &vs[j]
		}
	}
	return out
}

// appendGeometry writes g as a GeoJSON geometry, each position with its
// height from z (one per position in the order of data.Positions; nil, or
// NaN, for none).
func appendGeometry(b []byte, g orb.Geometry, z []float64) ([]byte, error) {
	gw := geomWriter{b: b, z: z}
	if err := gw.geometry(g); err != nil {
		return b, err
	}
	if z != nil && gw.k != len(z) {
		return b, fmt.Errorf("%d heights for %d positions", len(z), gw.k)
	}
	return gw.b, nil
}

// geomWriter writes one geometry's JSON.
type geomWriter struct {
	b []byte
	z []float64
	k int // positions written
}

func (w *geomWriter) pos(p orb.Point) {
	w.b = appendNumber(append(w.b, '['), p[0])
	w.b = appendNumber(append(w.b, ','), p[1])
	if w.k < len(w.z) && !math.IsNaN(w.z[w.k]) && !math.IsInf(w.z[w.k], 0) {
		w.b = appendNumber(append(w.b, ','), w.z[w.k])
	}
	w.b = append(w.b, ']')
	w.k++
}

func (w *geomWriter) line(ps []orb.Point) {
	w.b = append(w.b, '[')
	for j, p := range ps {
		if j > 0 {
			w.b = append(w.b, ',')
		}
		w.pos(p)
	}
	w.b = append(w.b, ']')
}

func (w *geomWriter) polygon(p orb.Polygon) {
	w.b = append(w.b, '[')
	for j, r := range p {
		if j > 0 {
			w.b = append(w.b, ',')
		}
		w.line(r)
	}
	w.b = append(w.b, ']')
}

func (w *geomWriter) head(typ string) {
	w.b = append(w.b, `{"type":"`...)
	w.b = append(w.b, typ...)
	w.b = append(w.b, `","coordinates":`...)
}

func (w *geomWriter) geometry(g orb.Geometry) error {
	switch g := g.(type) {
	case orb.Point:
		w.head("Point")
		w.pos(g)
	case orb.MultiPoint:
		w.head("MultiPoint")
		w.line(g)
	case orb.LineString:
		w.head("LineString")
		w.line(g)
	case orb.MultiLineString:
		w.head("MultiLineString")
		w.b = append(w.b, '[')
		for j, ls := range g {
			if j > 0 {
				w.b = append(w.b, ',')
			}
			w.line(ls)
		}
		w.b = append(w.b, ']')
	case orb.Ring:
		return w.geometry(orb.Polygon{g})
	case orb.Bound:
		return w.geometry(g.ToPolygon())
	case orb.Polygon:
		w.head("Polygon")
		w.polygon(g)
	case orb.MultiPolygon:
		w.head("MultiPolygon")
		w.b = append(w.b, '[')
		for j, p := range g {
			if j > 0 {
				w.b = append(w.b, ',')
			}
			w.polygon(p)
		}
		w.b = append(w.b, ']')
	case orb.Collection:
		w.b = append(w.b, `{"type":"GeometryCollection","geometries":[`...)
		for j, m := range g {
			if j > 0 {
				w.b = append(w.b, ',')
			}
			if err := w.geometry(m); err != nil {
				return err
			}
		}
		w.b = append(w.b, ']')
	case nil:
		return fmt.Errorf("no geometry")
	default:
		return fmt.Errorf("unsupported geometry %T", g)
	}
	w.b = append(w.b, '}')
	return nil
}
