package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"campmap/geo"
)

// measureReport is what "campmap measure --json" prints: the path's
// segments in order, their sum, the initial bearing of each (null for a
// segment between coincident points) and, with --area, the area and
// perimeter of the closed ring.
type measureReport struct {
	Segments  []float64  `json:"segments_m"`
	Distance  float64    `json:"distance_m"`
	Bearings  []*float64 `json:"bearings_deg"`
	Area      *float64   `json:"area_m2,omitempty"`
	Perimeter *float64   `json:"perimeter_m,omitempty"`
}

// runMeasure prints the geodesic length and bearing of each segment of a
// path of LON,LAT points and the total, and with --area the area and
// perimeter of the ring they close.
func runMeasure(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("measure")
	area := fs.Bool("area", false, "the points form a closed ring: print its area and perimeter")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseMeasureArgs(fs, args)
	var pts []orb.Point
	if err == nil {
		pts, err = parsePoints(pos)
	}
	switch {
	case err != nil:
	case len(pts) < 2:
		err = usageErrorf("give at least two points as LON,LAT (e.g. campmap measure 1.905,50.966 1.8128,50.9247)")
	case *area && len(distinct(pts)) < 3:
		err = usageErrorf("--area needs at least three different points to enclose an area")
	}
	if err != nil {
		return fail(stderr, err, "measure")
	}

	ms := geo.MeasurePath(pts, *area)
	r := measureReport{Segments: ms.Segments, Distance: ms.Distance, Bearings: []*float64{}}
	for _, b := range ms.Bearings {
		if math.IsNaN(b) {
			r.Bearings = append(r.Bearings, nil)
		} else {
			r.Bearings = append(r.Bearings, &b)
		}
	}
	if *area {
		r.Area, r.Perimeter = &ms.Area, &ms.Perimeter
	}

	if *asJSON {
		enc := json.NewEncoder(stdout)
		if err := enc.Encode(r); err != nil {
			return fail(stderr, fmt.Errorf("measure: %w", err), "measure")
		}
		return exitOK
	}
	for i, d := range r.Segments {
		b := "bearing undefined (the same point)"
		if r.Bearings[i] != nil {
			b = fmt.Sprintf("bearing %.2f°", *r.Bearings[i])
		}
		fmt.Fprintf(stdout, "segment %d: %s, %s (%s to %s)\n", i+1, metres(d), b, pos[i], pos[i+1])
	}
	fmt.Fprintf(stdout, "total: %s\n", metres(r.Distance))
	if *area {
		fmt.Fprintf(stdout, "area: %s\n", squareMetres(*r.Area))
		fmt.Fprintf(stdout, "perimeter: %s (the ring closed back to the first point)\n", metres(*r.Perimeter))
	}
	return exitOK
}

// parseMeasureArgs parses the flags of measure wherever they stand and
// returns the points' arguments: an argument that starts with a minus
// sign followed by a digit or a point (-1.5,49.5) is a coordinate, not a
// flag.
func parseMeasureArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var flags, pos []string
	for i, a := range args {
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && !looksNumeric(strings.TrimLeft(a, "-")) {
			flags = append(flags, a)
		} else {
			pos = append(pos, a)
		}
	}
	if err := fs.Parse(flags); err != nil {
		return nil, usageErrorf("%v", err)
	}
	return pos, nil
}

// looksNumeric reports whether s starts like a number (a digit or a point).
func looksNumeric(s string) bool {
	return s != "" && (s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))
}

// parsePoints reads LON,LAT arguments, in degrees.
func parsePoints(args []string) ([]orb.Point, error) {
	pts := make([]orb.Point, 0, len(args))
	for i, a := range args {
		p, err := parsePoint(a)
		if err != nil {
			return nil, usageErrorf("point %d %q: %v", i+1, a, err)
		}
		pts = append(pts, p)
	}
	return pts, nil
}

// parsePoint reads one LON,LAT point; its errors say what is wrong, and
// hint at a swapped order when the numbers would fit as LAT,LON.
func parsePoint(s string) (orb.Point, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return orb.Point{}, fmt.Errorf("want LON,LAT in decimal degrees, two numbers with a comma between (e.g. 1.8587,50.9513)")
	}
	var v [2]float64
	for i, name := range []string{"longitude", "latitude"} {
		f, err := strconv.ParseFloat(strings.TrimSpace(parts[i]), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return orb.Point{}, fmt.Errorf("%s %q is not a number of degrees (want LON,LAT, e.g. 1.8587,50.9513)", name, strings.TrimSpace(parts[i]))
		}
		v[i] = f
	}
	lon, lat := v[0], v[1]
	swapped := math.Abs(lon) <= 90 && math.Abs(lat) <= 180
	switch {
	case math.Abs(lat) > 90 && swapped:
		return orb.Point{}, fmt.Errorf("latitude %g is outside [-90, 90]; did you write LAT,LON? campmap wants LON,LAT (%g,%g)", lat, lat, lon)
	case math.Abs(lat) > 90:
		return orb.Point{}, fmt.Errorf("latitude %g is outside [-90, 90]", lat)
	case math.Abs(lon) > 180:
		return orb.Point{}, fmt.Errorf("longitude %g is outside [-180, 180]", lon)
	}
	return orb.Point{lon, lat}, nil
}

// distinct returns the points without repeats.
func distinct(pts []orb.Point) []orb.Point {
	seen := map[orb.Point]bool{}
	var out []orb.Point
	for _, p := range pts {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// metres writes a length in metres to the millimetre, with kilometres
// beside it when long.
func metres(m float64) string {
	if m >= 1000 {
		return fmt.Sprintf("%.3f m (%.3f km)", m, m/1000)
	}
	return fmt.Sprintf("%.3f m", m)
}

// squareMetres writes an area in m², with hectares and km² beside it when
// large.
func squareMetres(a float64) string {
	switch {
	case a >= 1e6:
		return fmt.Sprintf("%.1f m² (%.1f ha, %.3f km²)", a, a/1e4, a/1e6)
	case a >= 1e4:
		return fmt.Sprintf("%.1f m² (%.2f ha)", a, a/1e4)
	}
	return fmt.Sprintf("%.3f m²", a)
}
