package main

import (
	"os"
	"runtime/debug"
)

// Headless commands read their inputs once and keep a known amount of
// them: a soft memory limit sized from the inputs makes the collector work
// a little harder near it rather than let the heap grow to twice the live
// data, which keeps the peak resident memory of "campmap render" on a
// 200 MB file under 300 MB instead of 440 MB, at no measurable cost in time.
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
// bytes of files: 96 MiB for the program, the basemap and the frame, plus
// three quarters of the inputs. A loaded point incident keeps about 0.7 of
// its GeoJSON bytes, and the loader holds little more at its peak (pieces
// of the file are merged into the layer as they are parsed, data/geojson's
// direct.go), so the heap stays near what is live: 184 MB at most for a
// million points (209 MB of GeoJSON, limit 257 MB). The limit is soft: a
// larger need costs more collections, not a failure. Half the inputs plus
// 200 MiB, before issue 16, was under what ten million points keep
// (1.4 GB of 2.1 GB), and the collector ran without pause at the end of
// that load.
func memLimitFor(inputs int64) int64 {
	return 96<<20 + inputs/4*3
}
