package data

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// FileFormat is a file format read by a package outside data (GeoPackage,
// which needs SQLite) and registered with RegisterFormat.
type FileFormat struct {
	Name string // "GeoPackage"
	// Match reports whether the file at path, whose first bytes are head,
	// is in this format.
	Match func(path string, head []byte) bool
	// Load reads every layer of the file.
	Load func(ctx context.Context, path string, opt LoadOptions) ([]*Layer, error)
}

var (
	formatsMu sync.RWMutex
	formats   []FileFormat
)

// RegisterFormat makes LoadFile and LoadFileLayers read format f. Packages
// call it from init; it is safe for concurrent use.
func RegisterFormat(f FileFormat) {
	formatsMu.Lock()
	defer formatsMu.Unlock()
	formats = append(formats, f)
}

// csvExts are extensions always read as delimited text; others (.txt)
// are read as CSV when they do not start like JSON.
var csvExts = map[string]bool{".csv": true, ".tsv": true, ".tab": true, ".psv": true}

// jsonExts are extensions always read as GeoJSON.
var jsonExts = map[string]bool{".geojson": true, ".json": true}

// LoadFileLayers reads every layer of a file, choosing the reader by
// content and extension: a registered format (GeoPackage) when it matches,
// CSV/TSV for .csv, .tsv, .tab, .psv and for other text that does not start like
// JSON, GeoJSON otherwise. It stops when ctx is done.
func LoadFileLayers(ctx context.Context, path string, opt LoadOptions) ([]*Layer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &LoadError{Path: path, Feature: -1, Msg: "cannot read the file", Err: err}
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	formatsMu.RLock()
	fs := append([]FileFormat(nil), formats...)
	formatsMu.RUnlock()
	for _, ff := range fs {
		if ff.Match(path, head) {
			return ff.Load(ctx, path, opt)
		}
	}
	if bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		return nil, &LoadError{Path: path, Feature: -1, Msg: "this is an SQLite database but no GeoPackage reader is built in"}
	}
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		if err := checkFits(path, st.Size()); err != nil {
			return nil, err
		}
	}
	var l *Layer
	if !looksCSV(path, head) {
		// GeoJSON is read from a read-only mapping of the file, dropped from
		// memory behind the parser, so a large file is never held whole.
		b, drop, release, err := mapFile(path)
		if err != nil {
			return nil, &LoadError{Path: path, Feature: -1, Msg: "cannot read the file", Err: err}
		}
		l, err = loadBytes(ctx, path, b, opt, drop)
		release()
		if err != nil {
			return nil, err
		}
		return []*Layer{l}, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &LoadError{Path: path, Feature: -1, Msg: "cannot read the file", Err: err}
	}
	if looksCSV(path, b) {
		var copt CSVOptions
		if opt.CSV != nil {
			copt = *opt.CSV
		}
		l, err = LoadCSV(ctx, path, b, opt, copt)
	} else {
		l, err = LoadBytes(ctx, path, b, opt)
	}
	if err != nil {
		return nil, err
	}
	return []*Layer{l}, nil
}

// IsCSV reports whether LoadFileLayers reads the file at path (whose
// content starts with head) as a CSV or TSV table.
func IsCSV(path string, head []byte) bool { return looksCSV(path, head) }

func looksCSV(path string, b []byte) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if csvExts[ext] {
		return true
	}
	if jsonExts[ext] {
		return false
	}
	t, _ := DecodeText(b[:min(len(b), 4096)])
	t = bytes.TrimLeft(t, " \t\r\n")
	return len(t) > 0 && t[0] != '{' && t[0] != '['
}

// firstLayer is LoadFile's answer for a file holding ls.
func firstLayer(path string, ls []*Layer) (*Layer, error) {
	if len(ls) == 0 {
		return nil, &LoadError{Path: path, Feature: -1, Msg: "the file holds no vector layer"}
	}
	if len(ls) > 1 {
		names := make([]string, 0, len(ls)-1)
		for _, l := range ls[1:] {
			names = append(names, l.Name)
		}
		c := *ls[0]
		c.Warnings = append(append([]string(nil), c.Warnings...), fmt.Sprintf("the file holds %d layers; only %q is shown here (also: %s)", len(ls), c.Name, quoteList(names, 10)))
		return &c, nil
	}
	return ls[0], nil
}
