package export

import (
	"strings"

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

// ShowsExactIncidents reports whether a visible layer of sc shows incident
// positions: a layer of kind incident, or a layer of another kind some of
// whose features are incidents (a mixed GeoJSON file, a GeoPackage table
// with a kind column).
func ShowsExactIncidents(sc *render.Scene) bool {
	if sc == nil {
		return false
	}
	for _, lv := range sc.Layers {
		if lv.Visible && isIncidentLayer(lv.Layer) {
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
