package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"campmap/internal/errmsg"
	"campmap/ui"
)

// errNoDisplay is returned when the window cannot open because the session
// has no graphical display (on X11 and Wayland systems).
var errNoDisplay = errors.New("no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set): " +
	"run campmap in a desktop session, or use 'campmap render' and 'campmap inspect', which need no display")

// checkDisplay reports errNoDisplay where a window needs X11 or Wayland
// and the environment names neither; the toolkit would otherwise crash.
func checkDisplay(goos string, getenv func(string) string) error {
	switch goos {
	case "windows", "darwin", "android", "ios", "js":
		return nil
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return errNoDisplay
	}
	return nil
}

// runGUI opens the window: on the files given, or on the sample.
func runGUI(args []string, stderr io.Writer) int {
	fs := newFlagSet("campmap")
	bm := fs.String("basemap", "", "basemap file: MBTiles or PMTiles (drawn over the embedded basemap), or GeoJSON instead of it")
	zone := fs.String("zone", "", "display time zone (default: UTC, or the sample's Europe/Paris)")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return fail(stderr, err, "open")
	}
	var loc *time.Location
	if *zone != "" {
		if loc, err = parseZone(*zone); err != nil {
			return fail(stderr, err, "open")
		}
	}
	if err := checkDisplay(runtime.GOOS, os.Getenv); err != nil {
		fmt.Fprintln(stderr, "campmap:", errmsg.Sentence(err))
		return exitFail
	}
	ui.AppVersion = version
	return runWindow(stderr, func() {
		ui.Run(ui.Options{Files: files, Sample: len(files) == 0, Basemap: *bm, Zone: loc})
	})
}

// runWindow runs the window and turns a crash of the toolkit (GLFW panics
// when the X server refuses it, after logging why) into a sentence that
// names the display and what to do, with the stack for a bug report.
func runWindow(stderr io.Writer, run func()) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "campmap: the window could not open or crashed (DISPLAY=%q, WAYLAND_DISPLAY=%q): %v.\n"+
				"Check that the display accepts programs (xdpyinfo), or use 'campmap render' and 'campmap inspect', which need no display; "+
				"if it happens on a working desktop, report it with what follows.\n%s",
				os.Getenv("DISPLAY"), os.Getenv("WAYLAND_DISPLAY"), r, debug.Stack())
			code = exitFail
		}
	}()
	run()
	return exitOK
}
