//go:build !unix

package geojson

import "os"

// mapFile reads the file at path into memory (systems without mmap); drop
// and release do nothing.
func mapFile(path string) (b []byte, drop func(lo, hi int), release func(), err error) {
	b, err = os.ReadFile(path)
	return b, func(int, int) {}, func() {}, err
}
