// Package data holds campmap's layer model: a Layer stores features as
// columns (points, geometries, time spans, properties packed in an arena),
// built feature by feature with a Builder; a TimeIndex answers time-window
// queries over it, and CountBins bins it for the histogram.
//
// File formats live in sub-packages that register themselves with
// RegisterFormat: campmap/data/geojson (GeoJSON, RFC 7946),
// campmap/data/csv (CSV/TSV tables with coordinate or WKT columns) and
// campmap/data/gpkg (GeoPackage); campmap/data/formats/all imports them
// all. LoadFile and LoadFileLayers open a file with the first format that
// claims it. Every problem that makes an input unusable is a *LoadError
// naming the file, the feature and the line; non-fatal findings become
// capped Layer.Warnings, collected with a Warnings.
//
// What is the same for every format is here: times are read by ParseTime
// (ISO 8601 / RFC 3339, bare dates, months and years as spans, day-first
// and month-name dates, epoch numbers) in the layer's zone, and shown by
// FormatTime; a feature's span and kind are read from its properties by
// FeatureHints (FeatureSpan, FeatureKind); DetectKind tells what a layer
// stands for (camp, terminal, port, route, incident) from its properties,
// OpenStreetMap tags, file name and the shape of its data.
//
// The package never imports Fyne.
package data
