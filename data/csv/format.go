// Package csv reads delimited text tables (CSV, TSV, semicolon- and
// pipe-separated, in UTF-8, UTF-16 or Latin-1) into data layers: one
// feature per row, placed by latitude/longitude columns, one
// "latitude, longitude" column or a column of well-known text (WKT, which
// ParseWKT reads). Detect tells which columns it would use; LoadBytes reads
// the rows, listing those it cannot place in Layer.Skipped; WriteSkipped
// saves that list. Importing the package registers the format with
// data.LoadFile and data.LoadFileLayers.
//
// The package is named for the files it reads; inside it, the standard
// library's encoding/csv is imported as encsv.
package csv

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"

	"campmap/data"
)

func init() {
	data.RegisterFormat(data.FileFormat{Name: "CSV", Rank: data.RankText, Match: Match, Load: Load})
}

// tableExts are extensions always read as delimited text; others (.txt)
// are read as CSV when they do not start like JSON.
var tableExts = map[string]bool{".csv": true, ".tsv": true, ".tab": true, ".psv": true}

// jsonExts are extensions never read as delimited text.
var jsonExts = map[string]bool{".geojson": true, ".json": true}

// Match reports whether the file at path, starting with head, is read as a
// table: it is named .csv, .tsv, .tab or .psv, or it is text not named
// .geojson or .json that does not start like JSON ('{' or '[').
func Match(path string, head []byte) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if tableExts[ext] {
		return true
	}
	if jsonExts[ext] {
		return false
	}
	t, _ := DecodeText(head[:min(len(head), 4096)])
	t = bytes.TrimLeft(t, " \t\r\n")
	return len(t) > 0 && t[0] != '{' && t[0] != '['
}

// Load reads the table at path as one layer (see LoadBytes), with the
// overrides of opt.CSV. A file too large for the memory available is
// refused before it is read.
func Load(ctx context.Context, path string, opt data.LoadOptions) ([]*data.Layer, error) {
	if err := data.CheckFits(path); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &data.LoadError{Path: path, Feature: -1, Msg: "cannot read the file", Err: err}
	}
	var copt data.CSVOptions
	if opt.CSV != nil {
		copt = *opt.CSV
	}
	l, err := LoadBytes(ctx, path, b, opt, copt)
	if err != nil {
		return nil, err
	}
	return []*data.Layer{l}, nil
}
