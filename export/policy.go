package export

import (
	"os"
	"strings"

	"campmap/data"
	"campmap/render"
)

// The Public-page policy: what may go out on a page labelled Public. It
// lives here only; the window's export dialog and the command line both
// ask NeedsPublicConsent before writing.

// IsPublic reports whether a sensitivity label marks a page for the public
// (case and surrounding spaces do not matter).
func IsPublic(label string) bool {
	return strings.EqualFold(strings.TrimSpace(label), "public")
}

// PublicLabel is the sensitivity label of a page for the public.
const PublicLabel = "Public"

// LabelFor returns the sensitivity label a page goes out with: label as the
// user gave it, or, when none was given, PublicLabel for a
// publication-safe page (made to be published).
func LabelFor(label string, safe bool) string {
	if strings.TrimSpace(label) == "" && safe {
		return PublicLabel
	}
	return label
}

// ShowsExactIncidents reports whether a visible layer of sc shows incident
// positions: a layer of kind incident, or a layer of another kind some of
// whose features are incidents (a mixed GeoJSON file, a GeoPackage table
// with a kind column).
func ShowsExactIncidents(sc *render.Scene) bool {
	if sc == nil {
		return false
	}
	for _, lv := range sc.Layers {
		if lv.Visible && HoldsIncidents(lv.Layer) {
			return true
		}
	}
	return false
}

// NeedsPublicConsent reports whether j would put exact incident positions
// on a page labelled Public: the user must confirm (the window asks, the
// command line wants --force) or choose the publication-safe mode.
func (j Job) NeedsPublicConsent() bool {
	return j.Safe == nil && j.Page != nil && IsPublic(j.Page.Label) && ShowsExactIncidents(j.Scene)
}

// HoldsIncidents reports whether a layer holds incidents: it is of kind
// incident, or some of its features are. Publication-safe mode always
// counts such a layer in cells, whatever its mark.
func HoldsIncidents(l *data.Layer) bool {
	if l == nil {
		return false
	}
	if l.Kind == data.KindIncident {
		return true
	}
	for i := 0; i < l.Len(); i++ {
		if l.FeatureKind(i) == data.KindIncident {
			return true
		}
	}
	return false
}

// hasPoints reports whether some feature of l is a point.
func hasPoints(l *data.Layer) bool {
	for i := 0; l != nil && i < l.Len(); i++ {
		if l.IsPoint(i) {
			return true
		}
	}
	return false
}

// IsPlaces reports whether layer view lv is a layer of places, whose
// exact positions a publication-safe export may publish: the user's mark
// (Style.Places) when set; otherwise only the embedded sample's camps,
// terminals and ports, curated public places. No other layer is taken
// for one by its kind, name or columns: a file's kind is a guess (a
// camps.geojson of undated casualty reports is of kind camp), and the
// safe default is to aggregate.
func IsPlaces(lv render.LayerView) bool {
	if lv.Places != nil {
		return *lv.Places
	}
	l := lv.Layer
	return l != nil && l.Kind != data.KindIncident && isSampleLayer(l)
}

// isSampleLayer reports whether l was read from the embedded sample: its
// path is a sample file's and no file of that name is on disk. A layer
// without a path (drawn, from PostGIS) is never taken for the sample's,
// whatever its name.
func isSampleLayer(l *data.Layer) bool {
	if l.Path == "" {
		return false
	}
	if _, ok := SampleInput("\x00path:" + l.Path); !ok {
		return false
	}
	_, err := os.Stat(l.Path)
	return err != nil
}

// SafeAggregates reports whether publication-safe mode replaces layer
// view lv by counts in cells: a layer holding incidents always (a mark
// cannot publish a detected incident), and every other layer with point
// features, which are taken for individual records, unless it is a layer
// of places (IsPlaces). Layers of lines and areas only are kept.
func SafeAggregates(lv render.LayerView) bool {
	l := lv.Layer
	switch {
	case l == nil:
		return false
	case HoldsIncidents(l):
		return true
	case IsPlaces(lv):
		return false
	}
	return hasPoints(l)
}
