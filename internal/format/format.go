// Package format is the one home of how campmap writes and reads numbers
// and colours as text: every package that shows a count or a colour, or
// reads one from a file, goes through it.
package format

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
)

// Group writes n in digits with sep between groups of three: Group(-1234567,
// ",") is "-1,234,567".
func Group(n int64, sep string) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.Grow(len(sign) + len(s) + len(s)/3*len(sep))
	b.WriteString(sign)
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Thousands writes n with commas between thousands: 50,000.
func Thousands(n int) string { return Group(int64(n), ",") }

// ParseColor reads a colour as users and files write it: "#rgb",
// "#rrggbb", "#rrggbbaa" (the leading # may be left out of the last two),
// "white", "black", and "none" or "transparent" (the zero colour).
func ParseColor(s string) (color.NRGBA, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "white":
		return color.NRGBA{0xff, 0xff, 0xff, 0xff}, nil
	case "black":
		return color.NRGBA{0, 0, 0, 0xff}, nil
	case "none", "transparent":
		return color.NRGBA{}, nil
	}
	h, hash := strings.CutPrefix(t, "#")
	if len(h) == 3 && hash {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 && len(h) != 8 {
		return color.NRGBA{}, fmt.Errorf("%q is not a colour: write it #rrggbb or #rrggbbaa", s)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.NRGBA{}, fmt.Errorf("%q is not a colour: write it #rrggbb or #rrggbbaa with hexadecimal digits", s)
	}
	if len(h) == 6 {
		return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}, nil
	}
	return color.NRGBA{uint8(v >> 24), uint8(v >> 16), uint8(v >> 8), uint8(v)}, nil
}

// Color writes c as "#rrggbb", or "#rrggbbaa" when it is not opaque;
// ParseColor reads it back.
func Color(c color.NRGBA) string {
	if c.A == 0xff {
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	return fmt.Sprintf("#%02x%02x%02x%02x", c.R, c.G, c.B, c.A)
}

// RGB writes c's colour without its alpha, "#rrggbb" (SVG keeps opacity
// in attributes of its own).
func RGB(c color.NRGBA) string {
	c.A = 0xff
	return Color(c)
}

// Length writes a distance in metres for reading on screen: metres below
// a kilometre (to the decimetre under 100 m), kilometres above, or with
// imperial, feet below a tenth of a mile and miles above.
func Length(m float64, imperial bool) string {
	switch {
	case math.IsNaN(m) || math.IsInf(m, 0) || m < 0:
		return "–"
	case imperial && m < 0.1*metresPerMile:
		return fmt.Sprintf("%s ft", Group(int64(math.Round(m/metresPerFoot)), ","))
	case imperial:
		return fmt.Sprintf("%.2f mi", m/metresPerMile)
	case m < 100:
		return fmt.Sprintf("%.1f m", m)
	case m < 1000:
		return fmt.Sprintf("%.0f m", m)
	case m < 100000:
		return fmt.Sprintf("%.2f km", m/1000)
	}
	return fmt.Sprintf("%s km", Group(int64(math.Round(m/1000)), ","))
}

// Area writes an area in square metres: m² below a hectare, hectares
// below a square kilometre, km² above; or with imperial, acres below a
// square mile and square miles above.
func Area(a float64, imperial bool) string {
	switch {
	case math.IsNaN(a) || math.IsInf(a, 0) || a < 0:
		return "–"
	case imperial && a < metresPerMile*metresPerMile:
		return fmt.Sprintf("%.2f acres", a/metresPerAcre)
	case imperial:
		return fmt.Sprintf("%.2f sq mi", a/(metresPerMile*metresPerMile))
	case a < 1e4:
		return fmt.Sprintf("%s m²", Group(int64(math.Round(a)), ","))
	case a < 1e6:
		return fmt.Sprintf("%.2f ha", a/1e4)
	}
	return fmt.Sprintf("%.2f km²", a/1e6)
}

// International yard and pound units (1959).
const (
	metresPerFoot = 0.3048
	metresPerMile = 1609.344
	metresPerAcre = 4046.8564224
)
