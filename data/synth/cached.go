package synth

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/paulmach/orb"
)

// The area and dates of the benchmarks' generated incidents: around Calais,
// over 2015 and 2016.
var (
	BenchBox   = orb.Bound{Min: orb.Point{1.55, 50.85}, Max: orb.Point{2.05, 51.05}}
	BenchStart = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	BenchEnd   = time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC)
)

// CachedPoints returns the path of a GeoJSON file of n generated incidents
// (seed 1, BenchBox, BenchStart to BenchEnd), written once into the system
// temp directory and reused by later runs and other test binaries (the
// generator is deterministic): the input of benchmarks that load from a
// file as the command line does. A file cut short is written again.
func CachedPoints(n int) (string, error) {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("campmap-synth-%d-seed1.geojson", n))
	if whole(path) {
		return path, nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".campmap-synth-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<20)
	err = WritePoints(w, n, 1, BenchBox, BenchStart, BenchEnd)
	if err == nil {
		err = w.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return "", fmt.Errorf("synth: %s: %w", path, err)
	}
	return path, nil
}

// whole reports whether the file at path ends as WritePoints ends a file.
func whole(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() < 3 {
		return false
	}
	tail := make([]byte, 3)
	_, err = f.ReadAt(tail, fi.Size()-3)
	return err == nil && string(tail) == "]}\n"
}
