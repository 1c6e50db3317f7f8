package ui

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2/lang"
)

// detailForms are the fixed sentences, and the sentences with values in
// them, that the data packages (and Go's file errors) write in an
// error's text: what is wrong with a file and what to do. The data
// packages stay free of the interface's languages and write English; the
// window shows the detail in its language by finding the English form
// here, a key of the catalogues (TestDetailFormsAreInTheCatalogues), and
// writing the catalogue's sentence with the same values (see
// translateDetail). %s values are details themselves, translated in turn;
// %d and %q values (numbers, names from the file) are kept.
var detailForms = []string{
	// what a file is not
	"not a GeoJSON file: it is empty",
	"not a GeoJSON file: it does not start with a JSON object ('{'); campmap reads GeoJSON (.geojson, .json)",
	"not a CSV table: it starts with %s, not a header row naming two columns or more above rows of as many fields; campmap reads CSV and TSV tables with latitude and longitude (or WKT) columns",
	"campmap has no reader for this kind of file built in",
	"this is an SQLite database but no GeoPackage reader is built in",
	"the file holds no vector layer",
	"nothing", "binary data", "unexpected text",
	// JSON and files cut short
	"invalid JSON at line %d, column %d: %s",
	"invalid JSON",
	"invalid JSON (non-standard number or literal)",
	"not valid JSON: %s",
	"array is never closed (the file ends first)",
	"object is never closed (the file ends first)",
	"%q is never closed (the file ends first)",
	"the coordinates array is never closed",
	"unexpected content after the end of the GeoJSON object",
	"the file ends at line %d (byte %d) after feature %d, before the features array is closed",
	"the file ends at line %d (byte %d) inside feature %d",
	"the last complete feature is feature %d, ending on line %d",
	"no feature is complete",
	"it looks cut short (an interrupted download or copy?): get the whole file again",
	// geometry and coordinates
	"the GeoJSON object has no \"type\": add \"type\": \"FeatureCollection\" (or \"Feature\", or a geometry type)",
	"geometry: %s",
	"%s has no \"coordinates\"",
	"no feature can be placed on the map: %s (a table of attributes without locations? join it to a layer with geometries first)",
	"its one feature has \"geometry\": null",
	"its one geometry is empty",
	"all %d features have \"geometry\": null",
	"all %d features have an empty geometry",
	"of its %d features, %d have \"geometry\": null and %d an empty geometry",
	// tables and their columns
	"the table is empty: it needs a header row naming its columns",
	"no coordinate columns found among %s: name them latitude and longitude (or lat/lon, y/x, #geo+lat/#geo+lon), give one \"latitude, longitude\" column named Coordinates, or a WKT column; or choose them in the import dialog",
	"column %q holds WKT: choose it as the WKT geometry column in the import dialog (or rename it \"wkt\" or \"geometry\"); no column is named as coordinates among %s",
	"none of the %d rows can be placed on the map (%s)",
	"%d like line %d: %s",
	"and %d other reasons",
	"the row has %d fields but the header names %d (a %s inside a field that is not quoted?), so its columns are shifted: %s",
	"cannot read the header row",
	"comma", "semicolon", "tab", "pipe",
	"%s %q is not a number nor degrees, minutes and seconds: %s", "latitude", "longitude", "%q is not a number",
	"latitude %v is outside -90..90 (are latitude and longitude swapped?)", "latitude %v is outside -90..90",
	"longitude %v is outside -180..180", "no coordinates: %q or %q is empty", "no coordinates: %q is empty",
	"no geometry: %q is empty",
	// size, access and kind of file
	"the file is too large for the memory available: it is %s and loading it needs about %s, but only %s is free; close other programs, or split the file (for example by date) and open the parts",
	"cannot read the file",
	"this is a folder, not a file: give a file's path",
	"this is a device, a pipe or a socket, not a file: give a file's path",
	"loading canceled",
	// tiled basemaps
	"the file is empty (was it copied or downloaded completely?)",
	"the file does not exist (check the name and folder)",
	"this is a folder: choose a .mbtiles or .pmtiles file in it",
	"neither an MBTiles nor a PMTiles file: a tiled basemap is a .mbtiles or .pmtiles file",
	"not an SQLite database, so not an MBTiles file (is it damaged, or misnamed?)",
	"not a PMTiles file: it does not start with \"PMTiles\" (is it damaged, or misnamed?)",
	// a layer's warnings
	"%d of %d rows could not be placed and were skipped (first: line %d: %s); the list can be saved from the load summary",
	"line %d: %q = %q is not a date campmap can read: row kept, undated",
	"line %d: %q = %q is not a number: no count for this row",
	"line %d has %d fields but the header names %d: the extra ones are ignored (a %s inside a field that is not quoted?)",
	"the file holds %d layers; only %q is shown here (also: %s)",
	"feature %d (line %d): %s", "and %d more warnings about %s", "and %d more", "(no columns)",
	"unreadable times", "features without geometry", "ring winding order", "non-standard numbers", "invalid polygon topology",
	// projects
	"not a campmap project", "it starts with %s, not a JSON object", "choose a .campmap file",
	"version %d, this campmap reads up to %d", "project written by a newer campmap", "update campmap",
	"version is not a whole number", "%s is larger than %d MB", "version %d",
	// what Go's file operations say (the operation, then the cause)
	"open %s", "read %s", "write %s", "create %s", "save %s", "load %s", "rename %s", "stat %s",
	"permission denied", "no such file or directory", "no space left on device", "is a directory",
	"read-only file system", "file exists", "not a directory",
}

// detailForm is one of detailForms as a pattern: re matches the English
// sentence whole, capturing its values; verbs are the values' verbs.
type detailForm struct {
	key   string
	re    *regexp.Regexp
	verbs []string
}

// detailVerb finds the verbs of a form.
var detailVerb = regexp.MustCompile(`%[sdqv]`)

// compiledForms are detailForms as patterns, built once.
var compiledForms = sync.OnceValue(func() []detailForm {
	out := make([]detailForm, 0, len(detailForms))
	for _, k := range detailForms {
		var b strings.Builder
		b.WriteString("^")
		last := 0
		var verbs []string
		for _, m := range detailVerb.FindAllStringIndex(k, -1) {
			b.WriteString(regexp.QuoteMeta(k[last:m[0]]))
			v := k[m[0]:m[1]]
			switch v {
			case "%d":
				b.WriteString(`(-?\d+)`)
			case "%q":
				b.WriteString(`("(?:[^"\\]|\\.)*")`)
			default:
				b.WriteString(`(.+?)`)
			}
			verbs = append(verbs, v)
			last = m[1]
		}
		b.WriteString(regexp.QuoteMeta(k[last:]))
		b.WriteString("$")
		out = append(out, detailForm{key: k, re: regexp.MustCompile(b.String()), verbs: verbs})
	}
	// forms that open with a value of any text last, then the most words
	// first: "%s %q is not a number…" would otherwise take the whole of a
	// longer sentence that quotes it
	open := func(f detailForm) int {
		if strings.HasPrefix(f.key, "%s") || strings.HasPrefix(f.key, "%v") || strings.HasPrefix(f.key, "%q") {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b detailForm) int {
		if d := open(a) - open(b); d != 0 {
			return d
		}
		return len(detailVerb.ReplaceAllString(b.key, "")) - len(detailVerb.ReplaceAllString(a.key, ""))
	})
	return out
})

// translateDetail writes s, the English detail of an error (a
// LoadError's Msg, an error's sentence), in the interface's language:
// each of detailForms it is made of, joined by "; " or ": ", as the
// catalogue writes it. What it does not know stays as it is (a file's
// name, a database's own words).
func translateDetail(s string) string { return trDetail(s, 0) }

// trDetail is translateDetail at depth depth of the values it translates.
func trDetail(s string, depth int) string {
	if s == "" || depth > 8 {
		return s
	}
	for _, f := range compiledForms() {
		m := f.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		tr := lang.L(f.key)
		if tr == f.key && len(f.verbs) == 0 {
			return s
		}
		var b strings.Builder
		last, i := 0, 0
		for _, loc := range detailVerb.FindAllStringIndex(tr, -1) {
			b.WriteString(tr[last:loc[0]])
			if i < len(m)-1 {
				v := m[i+1]
				if f.verbs[i] == "%s" || f.verbs[i] == "%v" {
					v = trDetail(v, depth+1)
				}
				b.WriteString(v)
			}
			i++
			last = loc[1]
		}
		b.WriteString(tr[last:])
		return b.String()
	}
	if parts := strings.Split(s, "; "); len(parts) > 1 {
		for i, p := range parts {
			parts[i] = trDetail(p, depth+1)
		}
		return strings.Join(parts, lang.L("; "))
	}
	if a, b, ok := strings.Cut(s, ": "); ok {
		return trDetail(a, depth+1) + lang.L(": ") + trDetail(b, depth+1)
	}
	return s
}
