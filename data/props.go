package data

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// What property names tell about a feature, the same for every format: a
// loader looks up a PropKey per distinct property name, notes each
// feature's values in a FeatureHints, and reads the feature's span and
// kind from it.

// PropKey is what a property name tells a loader about the features that
// hold it: whether it dates them (an instant, or the start or end of a
// span) and whether it names their kind. A PropKey is immutable; loaders
// make one per distinct name and reuse it. The zero value with a Name
// tells nothing (foreign members, for instance).
type PropKey struct {
	Name string
	time timeRole
	prio int      // among keys of the same role, lower wins
	kind kindRole // what the key tells about the feature's kind
}

type timeRole uint8

const (
	timeNone timeRole = iota
	timeInstant
	timeStart
	timeEnd
)

var instantKeys = []string{"time", "timestamp", "datetime", "date", "event_date", "incident_date", "occurred", "when"}
var startKeys = []string{"start_datetime", "start", "start_time", "start_date", "opened", "from", "begin"}
var endKeys = []string{"end_datetime", "end", "end_time", "end_date", "closed", "to"}

// NewPropKey classifies the property name: "time", "date", "event_date"
// ... date a feature, "start"/"end", STAC's "start_datetime"/"end_datetime"
// (and synonyms) bound its span, beating an instant beside them, "kind",
// "type", "category" and OpenStreetMap tags name its kind. Case is
// ignored.
func NewPropKey(name string) *PropKey {
	ki := &PropKey{Name: name}
	lk := strings.ToLower(name)
	for role, keys := range map[timeRole][]string{timeInstant: instantKeys, timeStart: startKeys, timeEnd: endKeys} {
		for p, k := range keys {
			if lk == k {
				ki.time, ki.prio = role, p
			}
		}
	}
	ki.kind = kindRoleOf(lk)
	return ki
}

// FeatureHints gathers what one feature's properties say about its time
// and kind. The zero value is empty; it is used by one goroutine.
type FeatureHints struct {
	inst, start, end    *PropKey
	instV, startV, endV Value
	prop, osm           Kind
	propPrio, osmPrio   kindRole
	hasProp, hasOSM     bool
}

// Note records the property k = v. parseKind reads a kind name (ParseKind,
// or a cached copy of it); when nil, kinds are not read.
func (h *FeatureHints) Note(k *PropKey, v Value, parseKind func(string) (Kind, bool)) {
	switch k.time {
	case timeInstant:
		if h.inst == nil || k.prio < h.inst.prio {
			h.inst, h.instV = k, v
		}
	case timeStart:
		if h.start == nil || k.prio < h.start.prio {
			h.start, h.startV = k, v
		}
	case timeEnd:
		if h.end == nil || k.prio < h.end.prio {
			h.end, h.endV = k, v
		}
	}
	if parseKind == nil || k.kind == kindNone || v.Type != ValueString {
		return
	}
	if k.kind.isProp() {
		if h.hasProp && k.kind >= h.propPrio {
			return
		}
		if kd, ok := parseKind(v.Str); ok {
			h.prop, h.propPrio, h.hasProp = kd, k.kind, true
		}
		return
	}
	if kd, ok := osmKind(k.kind, v.Str); ok && (!h.hasOSM || k.kind < h.osmPrio) {
		h.osm, h.osmPrio, h.hasOSM = kd, k.kind, true
	}
}

// Span returns the feature's span in loc: from a start/end pair when it has
// one, else from the best instant-like property, else Undated. bad, when
// not nil, is told of each property that holds something that is not a
// time (it is then ignored); reversed, when not nil, of an end before its
// start (the span then runs from the earlier to the later).
func (h *FeatureHints) Span(loc *time.Location, bad func(k *PropKey, v Value, err error), reversed func(start, end *PropKey)) Span {
	read := func(k *PropKey, v Value) (Span, bool) {
		if k == nil {
			return Undated, false
		}
		sp, ok, err := TimeFromValue(v, loc)
		if err != nil {
			if bad != nil {
				bad(k, v, err)
			}
			return Undated, false
		}
		return sp, ok
	}
	if h.start != nil || h.end != nil {
		s, okS := read(h.start, h.startV)
		e, okE := read(h.end, h.endV)
		switch {
		case okS && okE:
			if e.End < s.Start {
				if reversed != nil {
					reversed(h.start, h.end)
				}
				return Span{Start: e.Start, End: s.End}
			}
			return Span{Start: s.Start, End: e.End}
		case okS:
			return s
		case okE:
			return e
		}
	}
	if sp, ok := read(h.inst, h.instV); ok {
		return sp
	}
	return Undated
}

// Kind returns the feature's own kind: from a property naming a kind
// first, then from OpenStreetMap tags. ok is false when none tells.
func (h *FeatureHints) Kind() (k Kind, ok bool) {
	if h.hasProp {
		return h.prop, true
	}
	if h.hasOSM {
		return h.osm, true
	}
	return KindOther, false
}

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
type TimeKeys struct{ m map[string]*PropKey }

// Span is FeatureSpan.
func (tk *TimeKeys) Span(props []Property, loc *time.Location) (Span, error) {
	if tk.m == nil {
		tk.m = map[string]*PropKey{}
	}
	var h FeatureHints
	for _, p := range props {
		ki := tk.m[p.Key]
		if ki == nil {
			ki = NewPropKey(p.Key)
			if len(tk.m) < 1<<12 {
				tk.m[p.Key] = ki
			}
		}
		h.Note(ki, p.Value, nil)
	}
	var firstErr error
	sp := h.Span(loc, func(k *PropKey, v Value, err error) {
		if firstErr == nil {
			firstErr = &badTimeError{key: k.Name, value: v, err: err}
		}
	}, nil)
	return sp, firstErr
}

// badTimeError is FeatureSpan's error: it names the property and its
// value, and wraps TimeFromValue's error (ErrBadTime) without repeating
// its text.
type badTimeError struct {
	key   string
	value Value
	err   error
}

func (e *badTimeError) Error() string {
	return fmt.Sprintf("data: property %q = %s is not a date or time campmap can read", e.key, e.value.Quoted())
}

func (e *badTimeError) Unwrap() error { return e.err }

// Quoted returns v as messages quote it: a string in double quotes, other
// values as written, cut to 60 bytes.
func (v Value) Quoted() string {
	if v.Type == ValueString {
		return fmt.Sprintf("%q", Excerpt(v.Str, 60))
	}
	return Excerpt(v.String(), 60)
}

// InWindow returns a filter for exporters (GeoJSON, GeoPackage) keeping
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

// LayerName is the default name of a layer read from path: its base name
// without extension ("layer" for a path without one).
func LayerName(path string) string {
	base := filepath.Base(path)
	if base == "." || base == string(filepath.Separator) {
		return "layer"
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}
