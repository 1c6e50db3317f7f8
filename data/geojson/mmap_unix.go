//go:build unix

package geojson

import (
	"os"
	"syscall"
)

// mapThreshold is the file size from which Load maps a file
// rather than reading it into the heap.
const mapThreshold = 16 << 20

// mapFile maps the file at path read-only. drop tells the kernel that the
// bytes in [lo, hi) will not be read again soon, so their pages leave the
// process's resident set (they stay in the page cache and are faulted back
// in if read again); release unmaps the file and must be called once, after
// every use of b. Small files are read into the heap (drop does nothing).
func mapFile(path string) (b []byte, drop func(lo, hi int), release func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, nil, err
	}
	size := st.Size()
	if size < mapThreshold || int64(int(size)) != size || !st.Mode().IsRegular() {
		b, err := os.ReadFile(path)
		return b, func(int, int) {}, func() {}, err
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		b, err := os.ReadFile(path)
		return b, func(int, int) {}, func() {}, err
	}
	_ = syscall.Madvise(m, syscall.MADV_SEQUENTIAL)
	page := os.Getpagesize()
	drop = func(lo, hi int) {
		lo = (lo + page - 1) / page * page
		hi = hi / page * page
		if lo < 0 || hi > len(m) || lo >= hi {
			return
		}
		_ = syscall.Madvise(m[lo:hi], syscall.MADV_DONTNEED)
	}
	return m, drop, func() { _ = syscall.Munmap(m) }, nil
}
