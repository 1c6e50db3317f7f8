package data

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
)

// FileFormat is a file format read by a sub-package (data/geojson,
// data/csv, data/gpkg) and registered with RegisterFormat. A program reads
// the formats whose packages it imports; campmap/data/formats/all imports
// every one.
type FileFormat struct {
	Name string // "GeoPackage"
	// Rank tells when LoadFileLayers asks this format, among the others.
	Rank Rank
	// Match reports whether the file at path, whose first bytes are head,
	// is in this format.
	Match func(path string, head []byte) bool
	// Load reads every layer of the file.
	Load func(ctx context.Context, path string, opt LoadOptions) ([]*Layer, error)
}

// Rank orders the formats LoadFileLayers asks: by rank, then in the order
// they were registered.
type Rank uint8

const (
	// RankBinary formats know their files by magic bytes or their own
	// extension (GeoPackage); they are asked first, so that a database is
	// never read as text.
	RankBinary Rank = iota
	// RankText formats are text told apart by extension and first
	// characters (CSV).
	RankText
	// RankFallback is the format that reads what no other claims and says
	// what is wrong with it (GeoJSON).
	RankFallback
)

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
	slices.SortStableFunc(formats, func(a, b FileFormat) int { return cmp.Compare(a.Rank, b.Rank) })
}

// sqliteMagic starts every SQLite 3 database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// LoadFile reads a layer from a file, choosing the loader by content and
// extension (see LoadFileLayers). It stops when ctx is done.
// A file holding several layers (a GeoPackage) gives its first, with a
// warning naming the others: use LoadFileLayers to get them all.
func LoadFile(ctx context.Context, path string, opt LoadOptions) (*Layer, error) {
	ls, err := LoadFileLayers(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	return firstLayer(path, ls)
}

// LoadFileLayers reads every layer of a file with the first registered
// format that matches it, asked in Rank order: with every format built in
// (campmap/data/formats/all), a GeoPackage when it is an SQLite database
// or named .gpkg, CSV/TSV for .csv, .tsv, .tab, .psv and for other text
// that does not start like JSON, GeoJSON otherwise. It stops when ctx is
// done.
func LoadFileLayers(ctx context.Context, path string, opt LoadOptions) ([]*Layer, error) {
	if err := CheckRegular("", path); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &LoadError{Path: path, Feature: -1, Msg: "cannot read the file", Err: err}
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	f.Close()
	head = head[:n]
	formatsMu.RLock()
	fs := slices.Clone(formats)
	formatsMu.RUnlock()
	sqliteChecked := false
	for _, ff := range fs {
		if ff.Rank > RankBinary && !sqliteChecked {
			if bytes.HasPrefix(head, sqliteMagic) {
				return nil, &LoadError{Path: path, Feature: -1, Msg: "this is an SQLite database but no GeoPackage reader is built in"}
			}
			sqliteChecked = true
		}
		if ff.Match(path, head) {
			return ff.Load(ctx, path, opt)
		}
	}
	return nil, &LoadError{Path: path, Feature: -1, Msg: "campmap has no reader for this kind of file built in"}
}

// ErrNotRegular is wrapped by CheckRegular's error for a device, a pipe,
// a socket or a folder.
var ErrNotRegular = errors.New("not a regular file")

// NotRegular says, before anything opens path, why it is not a regular
// file ("" when it is one, or cannot be looked at: opening it then says
// why): /dev/zero would be read forever, a pipe would block the open. The
// layer, basemap and manifest readers all ask it first.
func NotRegular(path string) string {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().IsRegular() {
		return ""
	}
	if fi.IsDir() {
		return "this is a folder, not a file: give a file's path"
	}
	return "this is a device, a pipe or a socket, not a file: give a file's path"
}

// CheckRegular is NotRegular as a LoadError of package pkg ("" for data)
// wrapping ErrNotRegular, or nil.
func CheckRegular(pkg, path string) error {
	if msg := NotRegular(path); msg != "" {
		return &LoadError{Pkg: pkg, Path: path, Feature: -1, Msg: msg, Err: ErrNotRegular}
	}
	return nil
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
		c.Warnings = append(append([]string(nil), c.Warnings...), fmt.Sprintf("the file holds %d layers; only %q is shown here (also: %s)", len(ls), c.Name, QuoteList(names, 10)))
		return &c, nil
	}
	return ls[0], nil
}
