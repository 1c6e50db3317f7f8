// Package geojson reads GeoJSON (RFC 7946) into data layers and writes
// layers back as GeoJSON. Importing it registers the format with
// data.LoadFile and data.LoadFileLayers, as the reader of whatever no
// other format claims.
//
// Loading never decodes a whole document into a tree: a byte scanner finds
// each feature, a reused fastjson parser reads it (or, for the common
// point shape, a fast path reads the bytes directly), and its values go
// straight into data.Builder columns (a feature of 1 MB or more has its
// large coordinates arrays read by a streaming scanner instead, without a
// value tree: bigcoords.go); files of 20,000 features or more are
// parsed on two goroutines and merged in file order. Large files are
// mapped read-only and dropped from memory behind the parser; one cut
// short or rewritten while it loads ends in "the file changed while
// loading", never in SIGBUS. A property or member value over 256 MB is
// refused before it is copied. A repeated member name keeps its last
// value, with a warning. Every
// problem that makes a file unusable is a *data.LoadError naming the file,
// the feature and the line; what RFC 7946 only advises against (ring
// winding, more than three numbers per position, a legacy "crs", unsplit
// antimeridian crossings, nested collections) and topology faults become
// capped Layer.Warnings, and the layer loads.
package geojson

import (
	"context"

	"campmap/data"
)

func init() {
	data.RegisterFormat(data.FileFormat{Name: "GeoJSON", Rank: data.RankFallback, Match: Match, Load: Load})
}

// Match reports whether the file at path is read as GeoJSON: always, as
// the format ranked last; Load says what is wrong with a file that is not
// GeoJSON.
func Match(path string, head []byte) bool { return true }

// Load reads the GeoJSON file at path as one layer (see LoadBytes). A file
// too large for the memory available is refused before it is read; a
// large one is mapped read-only and dropped from memory behind the parser,
// so it is never held whole.
func Load(ctx context.Context, path string, opt data.LoadOptions) ([]*data.Layer, error) {
	if err := data.CheckFits(path); err != nil {
		return nil, err
	}
	b, drop, release, err := mapFile(path)
	if err != nil {
		return nil, &data.LoadError{Path: path, Feature: -1, Msg: "cannot read the file", Err: err}
	}
	l, err := loadBytes(ctx, path, b, opt, drop)
	release()
	if err != nil {
		return nil, err
	}
	return []*data.Layer{l}, nil
}
