package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/render"
)

// errUsage marks a command-line mistake (exit status 2).
var errUsage = errors.New("usage")

// usageErrorf returns an error wrapping errUsage.
func usageErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// parseInterleaved parses flags that may stand before, between or after the
// positional arguments ("campmap render a.geojson -o x.png b.geojson") and
// returns the positional ones in order.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageErrorf("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newFlagSet returns a FlagSet that reports errors through the caller (no
// printing, no exit).
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseZone reads an IANA zone name ("" is UTC).
func parseZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "utc") || name == "Z" {
		return time.UTC, nil
	}
	if strings.EqualFold(name, "local") {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usageErrorf("--zone %q is not a known time zone (try UTC, Europe/Paris or Europe/London)", name)
	}
	return loc, nil
}

// parseWindow reads --from and --to into a window; both empty means no time
// filter (data.Undated). A date as --to means the end of that day.
func parseWindow(from, to string, loc *time.Location) (data.Span, bool, error) {
	if from == "" && to == "" {
		return data.Undated, false, nil
	}
	w := data.Span{Start: data.Earliest, End: data.Latest}
	if from != "" {
		s, err := data.ParseTime(from, loc)
		if err != nil {
			return w, false, usageErrorf("--from %q: %v (use RFC 3339 like 2015-07-28T22:00:00Z or a date like 2015-07-28)", from, err)
		}
		w.Start = s.Start
	}
	if to != "" {
		s, err := data.ParseTime(to, loc)
		if err != nil {
			return w, false, usageErrorf("--to %q: %v (use RFC 3339 like 2015-07-28T22:00:00Z or a date like 2015-07-28)", to, err)
		}
		w.End = s.End
	}
	if w.End < w.Start {
		return w, false, usageErrorf("--to %s is before --from %s", to, from)
	}
	return w, true, nil
}

// parseSize reads "WxH" in pixels.
func parseSize(s string) (w, h int, err error) {
	a, b, ok := strings.Cut(strings.ToLower(s), "x")
	if ok {
		w, err1 := strconv.Atoi(strings.TrimSpace(a))
		h, err2 := strconv.Atoi(strings.TrimSpace(b))
		if err1 == nil && err2 == nil && w > 0 && h > 0 && w <= maxSide && h <= maxSide {
			if w > render.MaxPixels/h {
				return 0, 0, usageErrorf("--size %s is %d megapixels, more than the %d campmap draws at once: choose a smaller size",
					s, int64(w)*int64(h)/1_000_000, render.MaxPixels/1_000_000)
			}
			return w, h, nil
		}
	}
	return 0, 0, usageErrorf("--size %q: want WIDTHxHEIGHT in pixels, each 1 to %d (e.g. 1600x1000)", s, maxSide)
}

// maxSide bounds an exported image's side: 16384² RGBA is 1 GiB.
const maxSide = 16384

// parseBBox reads "minlon,minlat,maxlon,maxlat".
func parseBBox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	var v [4]float64
	if len(parts) == 4 {
		ok := true
		for i, p := range parts {
			f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
				ok = false
				break
			}
			v[i] = f
		}
		if ok && v[0] < v[2] && v[1] < v[3] && v[0] >= -180 && v[2] <= 180 && v[1] >= -90 && v[3] <= 90 {
			return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
		}
	}
	return orb.Bound{}, usageErrorf("--bbox %q: want minlon,minlat,maxlon,maxlat with min < max, longitudes in [-180,180] and latitudes in [-90,90] (e.g. -1.5,49.5,3,52)", s)
}

// isFlagSet reports whether the command line set flag name.
func isFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// parseLang reads --lang: the language of the words drawn (en, fr).
func parseLang(s string) (string, error) {
	switch l := strings.ToLower(strings.TrimSpace(s)); l {
	case "", "en":
		return "", nil
	case "fr":
		return "fr", nil
	}
	return "", usageErrorf("--lang %q: want en or fr", s)
}
