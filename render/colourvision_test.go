package render

import (
	"campmap/data"
	"fmt"
	"image/color"
	"math"
	"testing"
)

// Colour-vision deficiency simulation: Machado, Oliveira and Fernandes
// (2009), "A physiologically-based model for simulation of color vision
// deficiency", severity 1.0, applied to linear RGB.
var cvdMatrices = map[string][3][3]float64{
	"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
	"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
	"tritanopia":   {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
}

func srgbToLinear(c uint8) float64 {
	v := float64(c) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// labOf is the CIELAB colour (D65) of linear RGB rgb.
func labOf(rgb [3]float64) [3]float64 {
	for i := range rgb {
		rgb[i] = math.Min(1, math.Max(0, rgb[i]))
	}
	x := 0.4124*rgb[0] + 0.3576*rgb[1] + 0.1805*rgb[2]
	y := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	z := 0.0193*rgb[0] + 0.1192*rgb[1] + 0.9505*rgb[2]
	f := func(t float64) float64 {
		if t > 0.008856 {
			return math.Cbrt(t)
		}
		return 7.787*t + 16.0/116
	}
	fx, fy, fz := f(x/0.95047), f(y), f(z/1.08883)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

func simulate(c color.NRGBA, m *[3][3]float64) [3]float64 {
	lin := [3]float64{srgbToLinear(c.R), srgbToLinear(c.G), srgbToLinear(c.B)}
	if m == nil {
		return lin
	}
	var out [3]float64
	for i := range 3 {
		out[i] = m[i][0]*lin[0] + m[i][1]*lin[1] + m[i][2]*lin[2]
	}
	return out
}

func deltaE(a, b [3]float64) float64 { return math.Sqrt(sq(a[0]-b[0]) + sq(a[1]-b[1]) + sq(a[2]-b[2])) }

func sq(x float64) float64 { return x * x }

// minCVDistance is the smallest CIELAB distance (ΔE*ab) two category
// colours may have under any simulated deficiency: beyond about 10 two
// symbols side by side read as different colours.
const minCVDistance = 10

// The category colours stay apart for normal vision and under protanopia,
// deuteranopia and tritanopia.
func TestCategoryColoursSurviveColourBlindness(t *testing.T) {
	cases := map[string]*[3][3]float64{"normal vision": nil}
	for name, m := range cvdMatrices {
		cases[name] = &m
	}
	for name, m := range cases {
		worst, pair := math.Inf(1), ""
		for i := range categoryPalette {
			for j := i + 1; j < len(categoryPalette); j++ {
				d := deltaE(labOf(simulate(categoryPalette[i], m)), labOf(simulate(categoryPalette[j], m)))
				if d < worst {
					worst, pair = d, fmt.Sprintf("%d and %d", i, j)
				}
			}
		}
		t.Logf("%s: the closest categories (%s) are ΔE %.1f apart", name, pair, worst)
		if worst < minCVDistance {
			t.Errorf("%s: categories %s are only ΔE %.1f apart (want ≥ %d)", name, pair, worst, minCVDistance)
		}
	}
}

// relLuminance is WCAG 2.1's relative luminance.
func relLuminance(c color.NRGBA) float64 {
	return 0.2126*srgbToLinear(c.R) + 0.7152*srgbToLinear(c.G) + 0.0722*srgbToLinear(c.B)
}

func contrast(a, b color.NRGBA) float64 {
	la, lb := relLuminance(a)+0.05, relLuminance(b)+0.05
	return math.Max(la, lb) / math.Min(la, lb)
}

// The map's own text (labels, scale bar, credits, legend) meets WCAG 2.1
// AA contrast, 4.5:1, against the halo or panel behind it.
func TestMapTextContrast(t *testing.T) {
	opaque := func(c color.NRGBA) color.NRGBA { // a translucent panel over white paper, the lightest map
		a := float64(c.A) / 255
		mix := func(v uint8) uint8 { return uint8(math.Round(float64(v)*a + 255*(1-a))) }
		return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
	}
	for _, tc := range []struct {
		what    string
		ink, bg color.NRGBA
	}{
		{"ink on paper", ink, paper},
		{"ink on its halo", ink, opaque(haloInk)},
		{"ink on the furniture panel", ink, opaque(panelInk)},
		{"town names on their halo", TownColor, opaque(townHalo)},
	} {
		if c := contrast(tc.ink, tc.bg); c < 4.5 {
			t.Errorf("%s: contrast %.2f:1, want at least 4.5:1", tc.what, c)
		}
	}
	for _, k := range data.Kinds {
		_, _, c := (&frame{}).labelStyle(k)
		if cr := contrast(c, opaque(haloInk)); cr < 4.5 {
			t.Errorf("labels of %s: contrast %.2f:1 on their halo, want at least 4.5:1", k, cr)
		}
	}
}

// Twelve categories of a layer never share a colour.
func TestTwelveCategoriesTwelveColours(t *testing.T) {
	seen := map[color.NRGBA]int{}
	for i := range 12 {
		c := CategoryColor(i)
		if j, ok := seen[c]; ok {
			t.Errorf("categories %d and %d share %v", j, i, c)
		}
		seen[c] = i
	}
}
