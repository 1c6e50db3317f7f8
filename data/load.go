package data

import (
	"errors"
	"fmt"
	"time"
)

// LoadOptions configures a loader.
type LoadOptions struct {
	// Zone reads times written without a zone or offset; UTC when nil.
	Zone *time.Location
	// Name overrides the layer name (default: the file name without extension).
	Name string
	// Progress, when set, is called with the bytes consumed so far and the
	// total, about 100 times per file and last with done == total. Calls
	// come from the loader's goroutines, one at a time, with done never
	// decreasing; it must be cheap and must not block.
	Progress func(done, total int64)
	// CSV overrides what the CSV reader detects (nil: detect everything).
	CSV *CSVOptions
}

// CSVOptions overrides what the CSV reader (campmap/data/csv) detects. It
// lives here, with LoadOptions, because projects save it and LoadFile
// carries it to that reader. Columns are named as
// in the file's header (or by an HXL hashtag such as "#geo+lat"); an
// empty name means "detect". Setting one geometry choice (Lat and Lon,
// Coords, or WKT) disables detection of the others.
type CSVOptions struct {
	Delimiter rune   // ',', ';', '\t' or '|'; 0 detects
	Lat, Lon  string // separate latitude and longitude columns
	Coords    string // one column holding both, latitude first unless CoordsLonFirst
	// CoordsLonFirst reads Coords as "lon, lat".
	CoordsLonFirst bool
	WKT            string // a column holding well-known text
	Time           string // the column dating each row
	Category       string // the column categorising rows
	Count          string // the numeric column sizing symbols
	// NoTime, NoCategory and NoCount turn the detection of that column off.
	NoTime, NoCategory, NoCount bool
}

// LoadError is what a loader returns when an input cannot be used: it names
// the file, where in it the problem is, and what is wrong. Every loader
// returns it: the format packages, and campmap/data/basemap for basemap
// files.
type LoadError struct {
	Path    string // file name as given
	Feature int    // 0-based feature index, or -1 when not about one feature
	Line    int    // 1-based line, or 0 when unknown
	Msg     string // what is wrong and, where it helps, what to do
	Err     error  // underlying cause, if any
	// Pkg names the package that read the file, first in Error's text
	// ("basemap"); "" stands for "data".
	Pkg string
}

// Error returns "data: load PATH: line L: feature N: MSG" (with Pkg in
// place of "data" when it is set).
func (e *LoadError) Error() string {
	pkg := e.Pkg
	if pkg == "" {
		pkg = "data"
	}
	s := pkg + ": load " + e.Path
	if e.Line > 0 {
		s += fmt.Sprintf(": line %d", e.Line)
	}
	if e.Feature >= 0 {
		s += fmt.Sprintf(": feature %d", e.Feature)
	}
	return s + ": " + e.Msg
}

// Unwrap returns the underlying cause.
func (e *LoadError) Unwrap() error { return e.Err }

// ErrNothingPlaced is wrapped by loaders when a file holds features or
// rows but none can be placed on the map (every row without usable
// coordinates, every geometry null or empty): the file loads nothing, and
// that is an error, not an empty layer. A file where some features can be
// placed loads them, listing the others in Layer.Skipped or its warnings.
var ErrNothingPlaced = errors.New("no feature can be placed on the map")

// ErrCanceled is wrapped by loaders stopped through their context.
var ErrCanceled = errors.New("loading canceled")
