package csv

import (
	"fmt"
	"strconv"
	"strings"

	"campmap/data"
)

// parseCoord reads one latitude (lat true) or longitude cell: a decimal
// number (see parseNumber) or degrees, minutes and seconds as QGIS's
// delimited-text reader takes them (see parseDMS).
func parseCoord(v string, lat bool) (float64, error) {
	if f, ok := parseNumber(v); ok {
		return f, nil
	}
	return parseDMS(v, lat)
}

// parseDMS reads an angle in degrees, minutes and seconds: 50°57'30"N,
// 50°57'30.5" N, N 50°57'30", 1 51 12 E, 50:57:30N, 50°57.5'N (decimal
// minutes), 50.9583N, -1 51 12 or 1°51'12"W. Degrees, minutes and seconds
// are separated by °, º, ', ", ′, ″, ':' or spaces; a
// hemisphere letter before or after the numbers (N, S, E, W, any case) or a
// leading minus gives the sign, S and W being negative. A latitude must
// not carry E or W, nor a longitude N or S.
func parseDMS(v string, lat bool) (float64, error) {
	what := "longitude"
	if lat {
		what = "latitude"
	}
	bad := func(why string) error {
		return fmt.Errorf("%s %q is not a number nor degrees, minutes and seconds: %s", what, data.Excerpt(v, 40), why)
	}
	s := strings.TrimSpace(v)
	if s == "" {
		return 0, bad("it is empty")
	}
	neg := false
	hemi := byte(0)
	if c := s[0] | 0x20; strings.IndexByte("nsew", c) >= 0 && len(s) > 1 && !isLetter(s[1]) {
		hemi, s = c, strings.TrimSpace(s[1:])
	} else if c := s[len(s)-1] | 0x20; strings.IndexByte("nsew", c) >= 0 && len(s) > 1 && !isLetter(s[len(s)-2]) {
		hemi, s = c, strings.TrimSpace(s[:len(s)-1])
	}
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else {
		s = strings.TrimPrefix(s, "+")
	}
	f := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '°', 'º', '\'', '"', '′', '″', '’', '”', ':', ' ', '\t', '\u00a0':
			return true
		}
		return false
	})
	if len(f) == 0 || len(f) > 3 {
		return 0, bad("expected degrees, and optionally minutes and seconds")
	}
	var parts [3]float64
	for i, x := range f {
		x = strings.Replace(x, ",", ".", 1)
		n, err := strconv.ParseFloat(x, 64)
		if err != nil || n < 0 || n != n {
			return 0, bad(fmt.Sprintf("%q is not a number", x))
		}
		if i < len(f)-1 && n != float64(int(n)) {
			return 0, bad("only the last of degrees, minutes and seconds may have decimals")
		}
		if i > 0 && n >= 60 {
			return 0, bad(fmt.Sprintf("%s must be below 60", [...]string{"", "minutes", "seconds"}[i]))
		}
		parts[i] = n
	}
	deg := parts[0] + parts[1]/60 + parts[2]/3600
	switch hemi {
	case 's', 'w':
		neg = !neg
	}
	if lat && (hemi == 'e' || hemi == 'w') {
		return 0, bad("E or W marks a longitude")
	}
	if !lat && (hemi == 'n' || hemi == 's') {
		return 0, bad("N or S marks a latitude")
	}
	if neg {
		deg = -deg
	}
	return deg, nil
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// parseDMSPair reads a "latitude, longitude" cell written in degrees,
// minutes and seconds (50°57'30"N, 1°51'12"E), split at a comma or a
// semicolon. first is the first angle of the pair (a latitude unless
// lonFirst).
func parseDMSPair(v string, lonFirst bool) (first, second float64, err error) {
	var a, b string
	var ok bool
	if a, b, ok = strings.Cut(v, ";"); !ok {
		if a, b, ok = strings.Cut(v, ","); !ok || strings.Contains(b, ",") {
			return 0, 0, fmt.Errorf("%q is not two numbers", data.Excerpt(v, 40))
		}
	}
	x, err := parseDMS(a, !lonFirst)
	if err != nil {
		return 0, 0, err
	}
	y, err := parseDMS(b, lonFirst)
	if err != nil {
		return 0, 0, err
	}
	return x, y, nil
}

// ParseLatLon reads a place typed as people write one: "50.95, 1.85" or
// "50.95 1.85" (latitude first, as maps and GPS show it), or degrees,
// minutes and seconds ("50°57'30"N 1°51'12"E", "N 50 57 30, E 1 51 12"),
// where the hemisphere letters may put the longitude first. It returns the
// point as longitude, latitude.
func ParseLatLon(s string) (lon, lat float64, ok bool) {
	lon, lat, ok = parseLatLon(s)
	if !ok || !(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
		return 0, 0, false
	}
	return lon, lat, true
}

func parseLatLon(s string) (lon, lat float64, ok bool) {
	s = strings.TrimSpace(s)
	var a, b string
	if x, y, cut := strings.Cut(s, ","); cut && !strings.Contains(y, ",") {
		a, b = x, y
	} else if x, y, cut := strings.Cut(s, ";"); cut {
		a, b = x, y
	} else if f := strings.Fields(s); len(f) == 2 {
		a, b = f[0], f[1]
	} else {
		// DMS with spaces inside each angle: split after the first
		// hemisphere letter that ends an angle
		i := strings.IndexAny(s, "NSns")
		if i <= 0 || i == len(s)-1 {
			return 0, 0, false
		}
		a, b = s[:i+1], s[i+1:]
	}
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if x, okx := parseNumber(a); okx {
		y, oky := parseNumber(b)
		if !oky || x < -90 || x > 90 || y < -180 || y > 180 {
			return 0, 0, false
		}
		return y, x, true
	}
	if la, err := parseDMS(a, true); err == nil {
		if lo, err := parseDMS(b, false); err == nil {
			return lo, la, true
		}
	}
	if lo, err := parseDMS(a, false); err == nil {
		if la, err := parseDMS(b, true); err == nil && strings.ContainsAny(strings.ToUpper(b), "NS") {
			return lo, la, true
		}
	}
	return 0, 0, false
}
