// Package all registers every file format campmap reads with
// data.LoadFile and data.LoadFileLayers: GeoPackage, CSV/TSV tables and
// GeoJSON. Programs and packages that open files the user chooses import
// it for its side effect:
//
//	import _ "campmap/data/formats/all"
//
// A package that needs one format only imports that format's package.
package all

import (
	"context"
	"io"
	"path/filepath"
	"strings"

	"campmap/data"
	"campmap/data/csv"     // CSV, TSV and other delimited text
	"campmap/data/geojson" // GeoJSON, and what no other format claims
	"campmap/data/gpkg"    // GeoPackage
	"campmap/internal/atomicfile"
)

// WriteFile writes the features of l that keep accepts (every one when
// nil) to path, in the format its extension names: GeoPackage (.gpkg),
// CSV (.csv) or GeoJSON (anything else). Every file is written whole or
// not at all. The window's Export layer and `campmap convert` both write
// through it.
func WriteFile(ctx context.Context, path string, l *data.Layer, keep func(int) bool) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".gpkg":
		return gpkg.Write(ctx, path, l, keep)
	case ".csv":
		return atomicfile.Write(path, 0o644, func(w io.Writer) error { return csv.Write(w, l, keep) })
	}
	return atomicfile.Write(path, 0o644, func(w io.Writer) error { return geojson.Write(w, l, keep) })
}
