package main

import (
	"os"
	"runtime/debug"
)

// Headless commands read their inputs once and keep a known amount of
// them: a soft memory limit sized from the inputs makes the collector work
// a little harder near it rather than let the heap grow to twice the live
// data, which keeps the peak resident memory of "campmap render" on a
// 200 MB file near 330 MB instead of 440 MB, at no measurable cost in time.
// GOMEMLIMIT, when set, wins; the window gets no limit (its files come
// later, through dialogs).
func init() {
	if os.Getenv("GOMEMLIMIT") != "" || len(os.Args) < 2 {
		return
	}
	switch os.Args[1] {
	case "render", "inspect", "animate":
	default:
		return
	}
	var inputs int64
	for _, a := range os.Args[2:] {
		if st, err := os.Stat(a); err == nil && st.Mode().IsRegular() {
			inputs += st.Size()
		}
	}
	debug.SetMemoryLimit(memLimitFor(inputs))
}

// memLimitFor returns the soft memory limit for headless work on inputs
// bytes of files: 200 MiB for the program, the basemap and the frame, plus
// half the inputs (a loaded point incident takes about 0.7 of its GeoJSON
// bytes; the limit is soft, so a larger need only costs more collections).
func memLimitFor(inputs int64) int64 {
	return 200<<20 + inputs/2
}
