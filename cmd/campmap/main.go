// Command campmap is the offline map for humanitarian planners. With no
// subcommand it opens the window (on the embedded Calais 2015 scenario, or on
// the files given); the subcommands render, inspect, measure and synth run
// without a display and share the window's loading and drawing code.
package main

import (
	"fmt"
	"io"
	"os"
	_ "time/tzdata" // zones work on machines without a zone database

	_ "campmap/internal/posixlocale" // before Fyne initialises: no locale error on C.UTF-8

	meta "campmap" // the version and credits (main_test.go has a helper named campmap)
)

// version is the app version from FyneApp.toml, printed by "campmap
// version" and recorded in exports.
var version = meta.Version

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses shared by every subcommand.
const (
	exitOK    = 0
	exitFail  = 1 // an input could not be used or an output not written
	exitUsage = 2 // the command line itself is wrong
)

// run dispatches a command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "render":
			return runRender(args[1:], stdout, stderr)
		case "inspect":
			return runInspect(args[1:], stdout, stderr)
		case "animate":
			return runAnimate(args[1:], stdout, stderr)
		case "convert":
			return runConvert(args[1:], stdout, stderr)
		case "synth":
			return runSynth(args[1:], stdout, stderr)
		case "measure":
			return runMeasure(args[1:], stdout, stderr)
		case "prepare-postgis":
			return runPrepareCells(args[1:], stdout, stderr)
		case "version", "--version":
			fmt.Fprint(stdout, meta.About())
			return exitOK
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return exitOK
		}
	}
	return runGUI(args, stderr)
}

const usage = `campmap: an offline map for humanitarian planners.

Usage:
  campmap [--basemap FILE] [--zone ZONE] [FILE...]   open the window (the Calais 2015 sample when no FILE)
  campmap render [FILE...] [--project P.campmap [--bookmark NAME]] [--sample] -o OUT.png [--size 1600x1000] [--bbox minlon,minlat,maxlon,maxlat]
                 [--from T] [--to T] [--zone ZONE] [--basemap FILE.mbtiles|FILE.pmtiles|FILE.geojson] [--basemap-dim 0.3]
                 online basemap: [--tiles osm|hot|URL] [--tile-cache DIR] [--offline] (also for animate)
                 briefing page: -o OUT.pdf|.svg|.png [--format pdf|svg|png] [--page a4-landscape|a4-portrait|
                 a3-...|letter-...] [--dpi 150] [--title T] [--subtitle S] [--org O] [--date D] [--label Public]
                 [--no-legend] [--no-scalebar] [--no-north] [--no-inset] [--miles] [--manifest-out M.json]
                 publication-safe: [--safe] [--cell 2km] [--min-count 5] [--hex] [--noise 2] [--round 5]; its private
                 manifest goes to OUT.private.json (or --manifest-out); exact incidents labelled Public need --force
                 again from a manifest: campmap render --manifest M.json -o OUT (fails naming any changed input)
  campmap inspect [FILE...] [--project P.campmap] [--sample] [--from T] [--to T] [--zone ZONE] [--json]
                 [--inside] [--category NAME]...   per-category counts in the window ("categories" in --json)
                 [--within AREA.geojson]   also the features inside the area's polygons ("within" in --json)
                 [--where 'FIELD OP VALUE']...   only the features meeting every condition ("matching" in --json)
  campmap inspect --basemap FILE.mbtiles|FILE.pmtiles|FILE.geojson [--json]
                 a basemap's format, tile type, zooms, bounds, attribution and vector layers with their fields
  campmap animate [FILE...] [--sample] -o OUT.gif [--from T] [--to T] [--step 1d] [--window 7d] [--cumulative]
                 [--inside] [--category NAME]... [--size 960x640] [--fps 2] [--zone ZONE] [--bbox ...] [--basemap FILE]
                 frames = ceil((to - end of the first window) / step) + 1, each captioned with its window
  campmap convert FILE -o OUT.gpkg|OUT.geojson|OUT.csv [--layer NAME] [--from T] [--to T] [--inside] [--zone ZONE]
                 write a layer (or what the time window shows) as GeoPackage or GeoJSON
  campmap synth -o OUT.geojson [-n 1000000] [--seed 1] [--geometry point|polygon|line]
                 write a seeded test file of incidents (points, or small polygons or lines around them)
  campmap measure LON,LAT LON,LAT [...] [--area] [--json]
                 geodesic (WGS 84) length and bearing of each segment and the total; --area: the points
                 close a ring, also its area and perimeter; --json: {"segments_m":[...],"distance_m":D,
                 "bearings_deg":[...]} (and "area_m2":A,"perimeter_m":P)
  campmap prepare-postgis postgres://USER@HOST/DB --table SCHEMA.NAME --time COLUMN [--geom geom] [--category COLUMN]
                 for the table's owner, once: an index from which the server counts the cells of a time window at
                 low zoom (a month among a million rows in a quarter of the time); reading never needs it
  campmap version   the version, the commit and the licences and credits of the bundled data (also --version)

FILE is GeoJSON, CSV/TSV (IOM, ACLED, HXL, lat/lon or WKT columns) or a GeoPackage (every layer);
the window also opens a .campmap project.
--project uses a saved project's layers, styles, view, time window and zone; flags given override them.
T is RFC 3339 (2015-07-28T22:00:00+02:00) or a date (2015-07-28; as --to it means the end of that day).
ZONE is an IANA zone such as UTC, Europe/Paris or Europe/London: --zone is the display zone (every time
shown is given in it; T without an offset is read in it); --data-zone ZONE (every subcommand but synth and measure)
is the zone of times written without an offset in the input files, UTC by default, as in the window.
--where 'FIELD OP VALUE' (render, inspect, animate; repeatable, all must hold) keeps the features of the layers
that have FIELD whose value meets it: OP is = != ~ (contains) < <= > >=; text compares ignoring case and
accents, < <= > >= compare numbers (text holding a number counts) or dates YYYY-MM-DD.
Exit status: 0 success, 1 an input or output failed, 2 a usage error.
`
