// Package data holds campmap's layer model and its loaders: a Layer stores
// features as columns (points, geometries, time spans, properties packed in
// an arena), a TimeIndex answers time-window queries over it, and
// LoadFile / LoadBytes read GeoJSON (RFC 7946) into layers.
//
// Loading never decodes a whole document into a tree: a byte scanner finds
// each feature, a reused fastjson parser reads it, and its values go
// straight into Builder columns; files of 20,000 features or more are
// parsed on two goroutines and merged in file order. Every problem that
// makes a file unusable is a *LoadError naming the file, the feature and
// the line; what RFC 7946 only advises against (ring winding, more than
// three numbers per position, a legacy "crs", unsplit antimeridian
// crossings, nested collections) and topology faults become capped
// Layer.Warnings, and the layer loads.
//
// Times are read by ParseTime (ISO 8601 / RFC 3339, bare dates, months and
// years as spans, day-first and month-name dates, epoch numbers) in the
// layer's zone, and shown by FormatTime. DetectKind tells what a layer
// stands for (camp, terminal, port, route, incident) from its properties,
// OpenStreetMap tags, file name and the shape of its data.
//
// The package never imports Fyne.
package data
