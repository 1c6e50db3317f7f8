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
	_ "campmap/data/csv"     // CSV, TSV and other delimited text
	_ "campmap/data/geojson" // GeoJSON, and what no other format claims
	_ "campmap/data/gpkg"    // GeoPackage
)
