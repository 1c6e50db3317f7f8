package ui

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2.1's relative luminance of an opaque colour.
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrastRatio is WCAG 2.1's contrast ratio of two opaque colours.
func contrastRatio(a, b color.NRGBA) float64 {
	la, lb := luminance(a)+0.05, luminance(b)+0.05
	return math.Max(la, lb) / math.Min(la, lb)
}

// over composites c over the opaque colour under.
func over(c color.Color, under color.NRGBA) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	a := float64(n.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*a + float64(y)*(1-a))) }
	return color.NRGBA{mix(n.R, under.R), mix(n.G, under.G), mix(n.B, under.B), 0xff}
}

// TestThemeContrast: in campmap's theme, light and dark, text meets WCAG
// 2.1 AA (4.5:1, 1.4.3) against each background campmap and Fyne's
// widgets draw it on, and the parts of controls that show their state
// (the focus ring, the timeline's handles) meet 3:1 (1.4.11). Translucent
// colours are composited over what is under them: the theme's
// background, or, for the cards over the map, the worst of white and
// black. Fyne draws Low importance labels in the disabled colour, which
// campmap uses for text to read, so that colour is held to 4.5:1 too
// (though WCAG 1.4.3 excepts inactive controls).
func TestThemeContrast(t *testing.T) {
	th := newAppTheme()
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	black := color.NRGBA{0, 0, 0, 0xff}
	for _, v := range []struct {
		name string
		v    fyne.ThemeVariant
	}{{"light", theme.VariantLight}, {"dark", theme.VariantDark}} {
		t.Run(v.name, func(t *testing.T) {
			c := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v.v) }
			bg := over(c(theme.ColorNameBackground), white)
			on := func(n fyne.ThemeColorName) []color.NRGBA { return []color.NRGBA{over(c(n), bg)} }
			overMap := func(n fyne.ThemeColorName) []color.NRGBA {
				return []color.NRGBA{over(c(n), white), over(c(n), black)}
			}
			for _, tc := range []struct {
				what string
				fg   fyne.ThemeColorName
				bgs  []color.NRGBA
				min  float64
			}{
				{"text on the window", theme.ColorNameForeground, on(theme.ColorNameBackground), 4.5},
				{"text in entries and on the map's backdrop", theme.ColorNameForeground, on(theme.ColorNameInputBackground), 4.5},
				{"text on buttons", theme.ColorNameForeground, on(theme.ColorNameButton), 4.5},
				{"menu items", theme.ColorNameForeground, on(theme.ColorNameMenuBackground), 4.5},
				{"text in dialogs", theme.ColorNameForeground, on(theme.ColorNameOverlayBackground), 4.5},
				{"table headers", theme.ColorNameForeground, on(theme.ColorNameHeaderBackground), 4.5},
				{"selected rows", theme.ColorNameForeground, on(theme.ColorNameSelection), 4.5},
				{"hovered items", theme.ColorNameForeground, on(theme.ColorNameHover), 4.5},
				{"placeholders in entries", theme.ColorNamePlaceHolder, on(theme.ColorNameInputBackground), 4.5},
				{"Low importance labels (counts, hints)", theme.ColorNameDisabled, on(theme.ColorNameBackground), 4.5},
				{"the legends' secondary text", theme.ColorNamePlaceHolder, on(theme.ColorNameBackground), 4.5},
				{"links", theme.ColorNameHyperlink, on(theme.ColorNameBackground), 4.5},
				{"error text", theme.ColorNameError, on(theme.ColorNameBackground), 4.5},
				{"error text under entries", theme.ColorNameError, on(theme.ColorNameInputBackground), 4.5},
				{"warning text", theme.ColorNameWarning, on(theme.ColorNameBackground), 4.5},
				{"default buttons", theme.ColorNameForegroundOnPrimary, on(theme.ColorNamePrimary), 4.5},
				{"danger buttons", theme.ColorNameForegroundOnError, on(theme.ColorNameError), 4.5},
				{"warning buttons", theme.ColorNameForegroundOnWarning, on(theme.ColorNameWarning), 4.5},
				{"cards over the map", theme.ColorNameForeground, overMap(colorNameCard), 4.5},
				{"the PostGIS banner", theme.ColorNameForeground, on(colorNameBanner), 4.5},
				{"the focus ring on the window", colorNameFocusRing, on(theme.ColorNameBackground), 3},
				{"the focus ring on the map's backdrop", colorNameFocusRing, on(theme.ColorNameInputBackground), 3},
				{"the timeline's handles", theme.ColorNamePrimary, on(theme.ColorNameBackground), 3},
			} {
				fg := c(tc.fg)
				for _, b := range tc.bgs {
					if r := contrastRatio(over(fg, b), b); r < tc.min {
						f := over(fg, b)
						t.Errorf("%s: #%02x%02x%02x on #%02x%02x%02x is %.2f:1, want at least %.1f:1",
							tc.what, f.R, f.G, f.B, b.R, b.G, b.B, r, tc.min)
					}
				}
			}
		})
	}
}
