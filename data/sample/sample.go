// Package sample embeds the Calais 2015 scenario campmap opens on: the camps
// (the "Jungle", the Jules Ferry day centre, Grande-Synthe), the Channel
// Tunnel terminals, the ports (positions from the NGA World Port Index), the
// main routes (tunnel, ferries, A16, A216, M20) and a set of illustrative,
// generated incidents for June to September 2015. See
// calais-2015/README.md for the sources of every position.
package sample

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"
	_ "time/tzdata" // Zone on any system

	"campmap/data"
	"campmap/data/geojson"

	"github.com/paulmach/orb"
)

//go:embed calais-2015/*.geojson calais-2015/README.md calais-2015/source-wpi-rows.csv
var files embed.FS

// Dir is the folder of the scenario inside FS.
const Dir = "calais-2015"

// IncidentsName is the name of the illustrative incidents layer, as written
// in incidents.geojson's top-level "name" member.
const IncidentsName = "Incidents (illustrative)"

// Zone is the zone the scenario's times without an offset are read in
// (the camps' "2015-04", "2016-10"): the zone of Calais, which the window
// also shows its times in.
const Zone = "Europe/Paris"

// location is Zone (UTC should the zone database fail).
func location() *time.Location {
	if loc, err := time.LoadLocation(Zone); err == nil {
		return loc
	}
	return time.UTC
}

// layerFile is one embedded layer, bottom first.
type layerFile struct {
	file   string
	name   string
	kind   data.Kind
	source string
}

var layerFiles = []layerFile{
	// Layer sources are the short credits printed on maps and pages; each
	// feature's own "source" property says in full where its position comes from.
	{"camps.geojson", "Camps", data.KindCamp, "© OpenStreetMap contributors; press reports"},
	{"routes.geojson", "Routes", data.KindRoute, "© OpenStreetMap contributors"},
	{"terminals.geojson", "Terminals", data.KindTerminal, "© OpenStreetMap contributors"},
	{"ports.geojson", "Ports", data.KindPort, "NGA World Port Index"},
	{"incidents.geojson", IncidentsName, data.KindIncident, IncidentSource},
}

// FS returns the embedded scenario files, under Dir: the GeoJSON layers,
// README.md and source-wpi-rows.csv. It is read-only and safe for
// concurrent use.
func FS() fs.FS { return files }

// Files returns the paths in FS of the scenario's layers, bottom first.
func Files() []string {
	out := make([]string, len(layerFiles))
	for i, lf := range layerFiles {
		out[i] = Dir + "/" + lf.file
	}
	return out
}

// Layers loads the embedded Calais 2015 layers, bottom first: camps, routes,
// terminals, ports, incidents. Each call returns new layers, with Name, Kind
// and Source set.
func Layers() ([]*data.Layer, error) {
	return LayersContext(context.Background())
}

// LayersContext is Layers, stopping when ctx is done.
func LayersContext(ctx context.Context) ([]*data.Layer, error) {
	out := make([]*data.Layer, 0, len(layerFiles))
	for _, lf := range layerFiles {
		path := Dir + "/" + lf.file
		b, err := files.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("sample: %s: %w", path, err)
		}
		l, err := geojson.LoadBytes(ctx, path, b, data.LoadOptions{Name: lf.name, Zone: location()})
		if err != nil {
			return nil, err // a *data.LoadError naming the embedded file
		}
		l.Name = lf.name
		l.Source = lf.source
		if l.Kind != lf.kind {
			l = l.WithKind(lf.kind)
		}
		out = append(out, l)
	}
	return out, nil
}

// Bounds returns the scenario's initial view: Calais to Dover, from
// Folkestone and Cap Gris-Nez to Dunkerque.
func Bounds() orb.Bound {
	return orb.Bound{Min: orb.Point{1.05, 50.85}, Max: orb.Point{2.40, 51.20}}
}
