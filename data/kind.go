package data

import "strings"

// Kind is what a layer or a feature stands for on the map. It chooses the
// symbol, the default style and the legend entry.
type Kind uint8

// The kinds campmap knows. KindOther is the zero value.
const (
	KindOther    Kind = iota // anything else: drawn neutrally
	KindCamp                 // camps, informal settlements, day centres
	KindTerminal             // tunnel and rail terminals
	KindPort                 // ports and harbours
	KindRoute                // roads, rail, ferry routes, the tunnel itself
	KindIncident             // dated events: attempts, injuries, deaths, blockades
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindCamp, KindTerminal, KindPort, KindRoute, KindIncident, KindOther}

var kindNames = [...]string{"other", "camp", "terminal", "port", "route", "incident"}

// String returns the kind's canonical lower-case name ("camp", "incident", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "other"
}

// kindSynonyms maps lower-case words found in kind-like properties to kinds.
var kindSynonyms = map[string]Kind{
	"camp": KindCamp, "camps": KindCamp, "refugee_site": KindCamp, "refugee site": KindCamp,
	"refugee_camp": KindCamp, "refugee camp": KindCamp, "settlement": KindCamp,
	"informal_settlement": KindCamp, "informal settlement": KindCamp, "shelter": KindCamp,
	"day_centre": KindCamp, "day centre": KindCamp, "day_center": KindCamp, "day center": KindCamp,
	"reception_centre": KindCamp, "reception centre": KindCamp, "jungle": KindCamp,
	"terminal": KindTerminal, "terminals": KindTerminal, "tunnel_terminal": KindTerminal,
	"tunnel terminal": KindTerminal, "rail_terminal": KindTerminal, "station": KindTerminal,
	"port": KindPort, "ports": KindPort, "harbour": KindPort, "harbor": KindPort,
	"seaport": KindPort, "ferry_terminal": KindPort, "ferry terminal": KindPort,
	"route": KindRoute, "routes": KindRoute, "road": KindRoute, "roads": KindRoute,
	"motorway": KindRoute, "highway": KindRoute, "railway": KindRoute, "rail": KindRoute,
	"ferry": KindRoute, "ferry_route": KindRoute, "ferry route": KindRoute, "tunnel": KindRoute,
	"incident": KindIncident, "incidents": KindIncident, "event": KindIncident, "events": KindIncident,
	"attempt": KindIncident, "crossing_attempt": KindIncident, "death": KindIncident, "injury": KindIncident,
	"other": KindOther,
}

// ParseKind reads a kind name or a close synonym ("harbour", "refugee_site",
// "ferry_route", ...), ignoring case and surrounding space.
func ParseKind(s string) (Kind, bool) {
	k, ok := kindSynonyms[strings.ToLower(strings.TrimSpace(s))]
	return k, ok
}
