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
	"fmt"
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

// Part is one layer to write with WriteParts: the features of Layer that
// Keep accepts (every one when nil).
type Part = gpkg.Part

// WriteParts writes several layers, as WriteFile writes one: a GeoPackage
// (.gpkg) at path holds them all, a table each; GeoJSON and CSV hold one
// layer a file, so each part goes to a file of its own beside path, named
// path's name, " - " and the layer's name ("inside - incidents.csv"),
// unless there is only one part, which goes to path itself. It returns the
// files written, in the parts' order; on an error, the files already
// written stay. The window's export of a selection writes through it.
func WriteParts(ctx context.Context, path string, parts []Part) ([]string, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("data: write %s: no layer to write", filepath.Base(path))
	}
	if strings.ToLower(filepath.Ext(path)) == ".gpkg" {
		if err := gpkg.WriteLayers(ctx, path, parts); err != nil {
			return nil, err
		}
		return []string{path}, nil
	}
	paths := PartPaths(path, parts)
	for i, p := range parts {
		if err := WriteFile(ctx, paths[i], p.Layer, p.Keep); err != nil {
			return paths[:i], err
		}
	}
	return paths, nil
}

// PartPaths returns the files WriteParts writes parts to at path.
func PartPaths(path string, parts []Part) []string {
	if len(parts) == 1 || strings.ToLower(filepath.Ext(path)) == ".gpkg" {
		return []string{path}
	}
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	seen := map[string]int{}
	out := make([]string, len(parts))
	for i, p := range parts {
		name := fileSafe(p.Layer.Name)
		seen[strings.ToLower(name)]++
		if n := seen[strings.ToLower(name)]; n > 1 {
			name = fmt.Sprintf("%s %d", name, n)
		}
		out[i] = stem + " - " + name + ext
	}
	return out
}

// fileSafe makes a layer name a part of a file name: no folder
// separators or characters Windows refuses.
func fileSafe(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		return "layer"
	}
	return name
}
