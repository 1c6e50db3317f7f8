package data

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/geojson"
)

// FeatureSpan reads a feature's time from its properties the way the
// GeoJSON reader does: a start/end pair ("start", "end_date", ...) gives
// the span between them, else the first instant-like key ("time",
// "timestamp", "date", "event_date", ...). Loaders of other formats
// (GeoPackage) call it so a layer converted from GeoJSON keeps its times.
// err names the property that holds something that is not a time; the
// span then ignores it.
func FeatureSpan(props []Property, loc *time.Location) (Span, error) {
	var tk TimeKeys
	return tk.Span(props, loc)
}

// TimeKeys is FeatureSpan for a loader reading many features with the same
// property names: it remembers what each name says about time. The zero
// value is ready; it is not safe for concurrent use.
type TimeKeys struct{ m map[string]*keyInfo }

// Span is FeatureSpan.
func (tk *TimeKeys) Span(props []Property, loc *time.Location) (Span, error) {
	if tk.m == nil {
		tk.m = map[string]*keyInfo{}
	}
	var inst, start, end *keyInfo
	var instV, startV, endV Value
	for _, p := range props {
		ki := tk.m[p.Key]
		if ki == nil {
			ki = newKeyInfo(p.Key)
			if len(tk.m) < 1<<12 {
				tk.m[p.Key] = ki
			}
		}
		switch ki.time {
		case timeInstant:
			if inst == nil || ki.prio < inst.prio {
				inst, instV = ki, p.Value
			}
		case timeStart:
			if start == nil || ki.prio < start.prio {
				start, startV = ki, p.Value
			}
		case timeEnd:
			if end == nil || ki.prio < end.prio {
				end, endV = ki, p.Value
			}
		}
	}
	var firstErr error
	read := func(ki *keyInfo, v Value) (Span, bool) {
		if ki == nil {
			return Undated, false
		}
		sp, ok, err := TimeFromValue(v, loc)
		if err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("data: property %q = %s: %w", ki.name, quoteValue(v), err)
			}
			return Undated, false
		}
		return sp, ok
	}
	if start != nil || end != nil {
		s, okS := read(start, startV)
		e, okE := read(end, endV)
		switch {
		case okS && okE:
			if e.End < s.Start {
				return Span{Start: e.Start, End: s.End}, firstErr
			}
			return Span{Start: s.Start, End: e.End}, firstErr
		case okS:
			return s, firstErr
		case okE:
			return e, firstErr
		}
	}
	if sp, ok := read(inst, instV); ok {
		return sp, firstErr
	}
	return Undated, firstErr
}

// WriteGeoJSON writes the features of l for which keep returns true (every
// feature when keep is nil) as an RFC 7946 FeatureCollection, with their
// ids and properties as loaded. The GeoJSON reader reads it back into the
// same features.
func WriteGeoJSON(w io.Writer, l *Layer, keep func(i int) bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	fail := func(err error) error { return fmt.Errorf("data: write GeoJSON %s: %w", l.Name, err) }
	name, _ := json.Marshal(l.Name)
	fmt.Fprintf(bw, "{\"type\":\"FeatureCollection\",\"name\":%s,\"features\":[", name)
	first := true
	var buf []byte
	for i := 0; i < l.Len(); i++ {
		if keep != nil && !keep(i) {
			continue
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		bw.WriteString("\n{\"type\":\"Feature\"")
		if id := l.ID(i); id.Type != ValueNull {
			bw.WriteString(",\"id\":")
			buf = appendValue(buf[:0], id)
			bw.Write(buf)
		}
		g, err := geojson.NewGeometry(l.Geometry(i)).MarshalJSON()
		if err != nil {
			return fail(fmt.Errorf("feature %d: %w", i, err))
		}
		bw.WriteString(",\"geometry\":")
		bw.Write(g)
		bw.WriteString(",\"properties\":{")
		for j, p := range l.Props(i) {
			if j > 0 {
				bw.WriteByte(',')
			}
			buf = strconv.AppendQuote(buf[:0], p.Key)
			buf = append(buf, ':')
			buf = appendValue(buf, p.Value)
			bw.Write(buf)
		}
		bw.WriteString("}}")
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	return nil
}

// appendValue appends v as JSON.
func appendValue(b []byte, v Value) []byte {
	switch v.Type {
	case ValueString:
		q, _ := json.Marshal(v.Str)
		return append(b, q...)
	case ValueNumber:
		return strconv.AppendFloat(b, v.Num, 'g', -1, 64)
	case ValueBool:
		return strconv.AppendBool(b, v.Num != 0)
	case ValueJSON:
		if json.Valid([]byte(v.Str)) {
			return append(b, v.Str...)
		}
		q, _ := json.Marshal(v.Str)
		return append(b, q...)
	}
	return append(b, "null"...)
}

// InWindow returns a filter for WriteGeoJSON and other exporters keeping
// the features a map shows for time window w: those whose span overlaps w
// (lies inside it when inside is true) and the undated ones, which are
// always shown. An undated w keeps everything.
func InWindow(l *Layer, w Span, inside bool) func(i int) bool {
	if !w.Dated() {
		return nil
	}
	return func(i int) bool {
		sp := l.Span(i)
		if !sp.Dated() {
			return true
		}
		if inside {
			return sp.Inside(w)
		}
		return sp.Overlaps(w)
	}
}

// FeatureKind reads a feature's own kind from its properties the way the
// GeoJSON reader does: a property naming a kind (kind, type, category,
// site_type, feature_type) first, then OpenStreetMap tags (amenity, route,
// railway, harbour, landuse, highway). ok is false when none tells.
func FeatureKind(props []Property) (k Kind, ok bool) {
	bestProp, bestOSM := kindNone, kindNone
	kp, ko := KindOther, KindOther
	for _, p := range props {
		r := kindRoleOf(strings.ToLower(p.Key))
		if r == kindNone || p.Value.Type != ValueString {
			continue
		}
		if r.isProp() {
			if bestProp == kindNone || r < bestProp {
				if k, ok := ParseKind(p.Value.Str); ok {
					kp, bestProp = k, r
				}
			}
		} else if bestOSM == kindNone || r < bestOSM {
			if k, ok := osmKind(r, p.Value.Str); ok {
				ko, bestOSM = k, r
			}
		}
	}
	switch {
	case bestProp != kindNone:
		return kp, true
	case bestOSM != kindNone:
		return ko, true
	}
	return KindOther, false
}

// BuildDetect is Build followed by the kind detection every loader does:
// the layer's kind is DetectKind's (name gives file-name words such as
// "camps"), and per-feature kinds equal to it are forgotten.
func (b *Builder) BuildDetect(name string) *Layer {
	l := b.Build()
	l.Kind = detectKind(l, name, l.kinds == nil)
	l.dropUniformKinds()
	return l
}
