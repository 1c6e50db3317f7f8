package data

import (
	"path/filepath"
	"strings"
	"unicode"
)

// kindRole says what a property name tells about a feature's kind. Lower
// values win when a feature has several.
type kindRole uint8

const (
	kindNone kindRole = iota
	// properties whose value names a kind, in priority order
	kindPropKind
	kindPropType
	kindPropCategory
	kindPropSiteType
	kindPropFeatureType
	// OpenStreetMap tags
	kindOSMAmenity
	kindOSMRoute
	kindOSMRailway
	kindOSMHarbour
	kindOSMLanduse
	kindOSMIndustrial
	kindOSMHighway
)

func (r kindRole) isProp() bool { return r >= kindPropKind && r <= kindPropFeatureType }

var kindRoles = map[string]kindRole{
	"kind": kindPropKind, "type": kindPropType, "category": kindPropCategory,
	"site_type": kindPropSiteType, "feature_type": kindPropFeatureType,
	"amenity": kindOSMAmenity, "route": kindOSMRoute, "railway": kindOSMRailway,
	"harbour": kindOSMHarbour, "landuse": kindOSMLanduse, "industrial": kindOSMIndustrial,
	"highway": kindOSMHighway,
}

// kindRoleOf returns the role of a lower-case property name.
func kindRoleOf(lk string) kindRole { return kindRoles[lk] }

// osmKind reads an OpenStreetMap tag value.
func osmKind(r kindRole, v string) (Kind, bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" || v == "no" {
		return KindOther, false
	}
	switch r {
	case kindOSMAmenity:
		switch v {
		case "refugee_site", "refugee_housing", "shelter", "social_facility":
			return KindCamp, true
		case "ferry_terminal":
			return KindPort, true
		}
	case kindOSMRoute:
		switch v {
		case "ferry", "road", "train", "railway", "bus", "hiking", "foot":
			return KindRoute, true
		}
	case kindOSMRailway:
		if v == "station" || v == "halt" {
			return KindTerminal, true
		}
		return KindRoute, true
	case kindOSMHarbour:
		return KindPort, true
	case kindOSMLanduse, kindOSMIndustrial:
		if v == "port" || v == "harbour" {
			return KindPort, true
		}
	case kindOSMHighway:
		return KindRoute, true
	}
	return KindOther, false
}

// fileKindWords maps words of a file name to kinds, beyond ParseKind.
var fileKindWords = map[string]Kind{
	"ferries": KindRoute, "railways": KindRoute, "highways": KindRoute, "motorways": KindRoute,
	"harbours": KindPort, "harbors": KindPort, "stations": KindTerminal, "settlements": KindCamp,
	"shelters": KindCamp, "attempts": KindIncident, "deaths": KindIncident, "injuries": KindIncident,
	"accidents": KindIncident, "accident": KindIncident,
}

// fileKind reads a kind from the words of a file name ("calais-camps.geojson").
func fileKind(path string) (Kind, bool) {
	if path == "" {
		return KindOther, false
	}
	base := strings.ToLower(filepath.Base(path))
	base = strings.TrimSuffix(base, filepath.Ext(base))
	words := strings.FieldsFunc(base, func(r rune) bool { return !unicode.IsLetter(r) })
	// the head noun comes last in English names: "tunnel_terminals",
	// "ferry_routes", so the last word naming a kind wins.
	for i := len(words) - 1; i >= 0; i-- {
		w := words[i]
		if k, ok := ParseKind(w); ok && k != KindOther {
			return k, true
		}
		if k, ok := fileKindWords[w]; ok {
			return k, true
		}
	}
	return KindOther, false
}

// DetectKind decides what layer l stands for, in this order for each
// feature: (a) a property naming a kind or a synonym (kind, type, category,
// site_type, feature_type, read by ParseKind); (b) OpenStreetMap tags
// (amenity=refugee_site, route=ferry, railway=*, highway=*, harbour=*,
// landuse=port, ...); (c) the file name (camps.geojson, ports.json,
// incidents.geojson, ...); (d) incident when most (>50%) features of the
// layer are dated points; (e) other. The layer's kind is the most common of
// its features' kinds (a tie between a kind and "other" goes to the kind).
// In a file name the last word naming a kind counts ("tunnel_terminals" is
// terminal). DetectKind only reads l.
func DetectKind(l *Layer, path string) Kind {
	return detectKind(l, path, true)
}

// detectKind is DetectKind; scanProps false tells that the loader already
// stored every feature's own kind in l.kinds.
func detectKind(l *Layer, path string, scanProps bool) Kind {
	if l == nil || l.n == 0 {
		if k, ok := fileKind(path); ok {
			return k
		}
		return KindOther
	}
	fallback := KindOther
	if k, ok := fileKind(path); ok {
		fallback = k
	} else {
		datedPoints := 0
		for i := 0; i < l.n; i++ {
			if l.IsPoint(i) && l.Span(i).Dated() {
				datedPoints++
			}
		}
		if 2*datedPoints > l.n {
			fallback = KindIncident
		}
	}
	own := func(i int) Kind {
		if l.kinds != nil {
			return l.kinds[i]
		}
		return KindOther
	}
	if scanProps && l.kinds == nil && hasKindKeys(l.keys) {
		own = func(i int) Kind { return propsKind(l, i) }
	}
	var counts [len(kindNames)]int
	for i := 0; i < l.n; i++ {
		k := own(i)
		if k == KindOther {
			k = fallback
		}
		if int(k) < len(counts) {
			counts[k]++
		}
	}
	// the most common kind; a tie with "other" goes to the named kind
	best := fallback
	for _, k := range Kinds {
		if counts[k] > counts[best] || (best == KindOther && k != KindOther && counts[k] == counts[best] && counts[k] > 0) {
			best = k
		}
	}
	return best
}

func hasKindKeys(keys []string) bool {
	for _, k := range keys {
		if kindRoleOf(strings.ToLower(k)) != kindNone {
			return true
		}
	}
	return false
}

// propsKind reads feature i's own kind from its properties.
func propsKind(l *Layer, i int) Kind {
	bestProp, bestOSM := kindNone, kindNone
	kp, ko := KindOther, KindOther
	a, b := l.propOff[i], l.propOff[i+1]
	for j := a; j < b; j++ {
		r := kindRoleOf(strings.ToLower(l.keys[l.propKey[j]]))
		if r == kindNone || l.propTyp[j] != ValueString {
			continue
		}
		s := l.value(j).Str
		if r.isProp() {
			if bestProp == kindNone || r < bestProp {
				if k, ok := ParseKind(s); ok {
					kp, bestProp = k, r
				}
			}
		} else if bestOSM == kindNone || r < bestOSM {
			if k, ok := osmKind(r, s); ok {
				ko, bestOSM = k, r
			}
		}
	}
	if bestProp != kindNone {
		return kp
	}
	return ko
}

// dropUniformKinds forgets the per-feature kind column when it adds nothing
// to the layer's kind.
func (l *Layer) dropUniformKinds() {
	if l.kinds == nil {
		return
	}
	for _, k := range l.kinds {
		if k != KindOther && k != l.Kind {
			return
		}
	}
	l.kinds = nil
}

// BuildDetect is Build followed by the kind detection every loader does:
// the layer's kind is DetectKind's (path gives file-name words such as
// "camps"), and per-feature kinds equal to it are forgotten.
func (b *Builder) BuildDetect(path string) *Layer {
	l := b.Build()
	l.Kind = detectKind(l, path, !b.kindsRead || b.someKinds)
	l.dropUniformKinds()
	return l
}

// BuildKind is Build for a layer whose kind is known (a file campmap
// wrote says it): the layer is of kind k, and per-feature kinds equal to
// it are forgotten.
func (b *Builder) BuildKind(k Kind) *Layer {
	l := b.Build()
	l.Kind = k
	l.dropUniformKinds()
	return l
}

// KindsRead tells BuildDetect that the loader set each Feature.Kind from
// the feature's own properties (FeatureHints.Kind), and whether some
// feature had a kind there: when none had, BuildDetect does not read the
// properties again.
func (b *Builder) KindsRead(some bool) { b.kindsRead, b.someKinds = true, some }
