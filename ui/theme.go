package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is campmap's theme, the one home of the window's colours:
// Fyne's theme with the colours that miss WCAG 2.1 AA contrast changed
// (text 4.5:1 against what it is drawn on, focus rings and other parts
// of controls 3:1, in the light and the dark variant; see
// TestThemeContrast), plus the colours of campmap's own panels. Run sets
// it on the app; panelColor reads campmap's colours through whatever
// theme the app has.
type appTheme struct{ fyne.Theme }

// campmap's own colour names.
const (
	// colorNameCard is the background of the cards over the map (the
	// tooltip, the measure and the edit tools), translucent: their text
	// is the theme's foreground, so the card follows the variant.
	colorNameCard fyne.ThemeColorName = "campmap-card"
	// colorNameBanner is the background of the PostGIS trouble banner,
	// whose text is the theme's foreground.
	colorNameBanner fyne.ThemeColorName = "campmap-banner"
	// colorNameFocusRing rings what has the keyboard (the timeline's
	// handles, the map), as Fyne's translucent focus colour is too faint
	// to see (1.2:1).
	colorNameFocusRing fyne.ThemeColorName = "campmap-focus-ring"
)

// The colours appTheme changes, by variant.
var (
	// #296ff6, Fyne's primary and hyperlink blue, gives white text 4.47:1
	// and is 4.0:1 on the dark background.
	primaryBlue  = color.NRGBA{0x25, 0x63, 0xeb, 0xff} // white on it 5.2:1
	linkBlueDark = color.NRGBA{0x6b, 0xa1, 0xff, 0xff} // 7.0:1 on #171718
	// error text: Fyne's #f44336 is 3.7:1 on white, 4.4:1 on the dark
	// entries' #202023
	errorRedLight = color.NRGBA{0xc6, 0x28, 0x28, 0xff}
	errorRedDark  = color.NRGBA{0xf2, 0x6b, 0x5f, 0xff}
	// placeholder text of the light variant: Fyne's #888888 is 3.5:1 on
	// white and 3.2:1 on the entries' #f3f3f3
	placeholderLight = color.NRGBA{0x6b, 0x6b, 0x6b, 0xff}
	// the text of Low importance labels, which Fyne draws in the
	// disabled colour (campmap's counts, hints and the timeline's
	// extent): Fyne's #e3e3e3 (light) and #39393a (dark) are 1.3:1 and
	// 1.6:1 on the background; these are 4.7:1 and 5.6:1
	subtleLight = color.NRGBA{0x73, 0x73, 0x73, 0xff}
	subtleDark  = color.NRGBA{0x8a, 0x8a, 0x8a, 0xff}
	// warning text (and Warning buttons, white on it 5.0:1) of the
	// light variant: Fyne's #ff9800 is 2.1:1 on white
	warningLight = color.NRGBA{0xb4, 0x53, 0x09, 0xff}
)

// Color implements fyne.Theme.
func (t appTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	dark := v == theme.VariantDark
	switch n {
	case theme.ColorNamePrimary:
		return primaryBlue
	case theme.ColorNameHyperlink:
		if dark {
			return linkBlueDark
		}
		return primaryBlue
	case theme.ColorNameError:
		if dark {
			return errorRedDark
		}
		return errorRedLight
	case theme.ColorNameDisabled:
		if dark {
			return subtleDark
		}
		return subtleLight
	case theme.ColorNamePlaceHolder:
		if !dark {
			return placeholderLight
		}
	case theme.ColorNameWarning:
		if !dark {
			return warningLight
		}
	case colorNameCard:
		if dark {
			return color.NRGBA{0x20, 0x20, 0x20, 0xe6}
		}
		return color.NRGBA{0xf7, 0xf7, 0xf7, 0xe6}
	case colorNameBanner:
		if dark {
			return color.NRGBA{0x5c, 0x43, 0x00, 0xff}
		}
		return color.NRGBA{0xff, 0xd5, 0x80, 0xff}
	case colorNameFocusRing:
		return t.Color(theme.ColorNameForeground, v)
	}
	return t.Theme.Color(n, v)
}

// newAppTheme is campmap's theme over Fyne's.
func newAppTheme() fyne.Theme { return appTheme{theme.DefaultTheme()} }

// panelColor is colour n (campmap's or Fyne's) in the app's theme and
// variant, campmap's changes applied whatever theme the app has (tests
// run with Fyne's test theme).
func panelColor(n fyne.ThemeColorName) color.Color {
	s := fyne.CurrentApp().Settings()
	th := s.Theme()
	if _, ok := th.(appTheme); !ok {
		th = appTheme{th}
	}
	return th.Color(n, s.ThemeVariant())
}
