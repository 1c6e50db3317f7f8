package main

import (
	"fmt"
	"io"

	"campmap/ui"
)

// runGUI opens the window: on the files given, or on the sample.
func runGUI(args []string, stderr io.Writer) int {
	fs := newFlagSet("campmap")
	bm := fs.String("basemap", "", "basemap GeoJSON file instead of the embedded one")
	zone := fs.String("zone", "UTC", "display time zone")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return fail(stderr, err, "open")
	}
	loc, err := parseZone(*zone)
	if err != nil {
		return fail(stderr, err, "open")
	}
	ui.AppVersion = version
	if err := ui.Run(ui.Options{Files: files, Sample: len(files) == 0, Basemap: *bm, Zone: loc}); err != nil {
		fmt.Fprintln(stderr, "campmap:", err)
		return exitFail
	}
	return exitOK
}
