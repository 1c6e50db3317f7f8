package render

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"campmap/geo"
	"campmap/internal/format"
)

// ScaleBarSpec is a scale bar: a round ground length and the pixels it
// spans on the map at the viewport's centre latitude.
type ScaleBarSpec struct {
	Meters float64 // ground length, a 1, 2 or 5 times a power of ten
	Pixels float64 // its length on screen
	Label  string  // "500 m", "5 km"
}

// ScaleBar returns the longest round scale bar not longer than maxPx pixels
// for vp, measured geodesically along the parallel through the map's
// centre: Meters = geo.NiceLength(geo.GroundScale(vp, lat)·maxPx). It
// returns a zero spec when nothing fits.
func ScaleBar(vp geo.Viewport, maxPx float64) ScaleBarSpec {
	vp = sanitize(vp)
	mpp := geo.GroundScale(vp, vp.Center[1])
	if !(mpp > 0) || math.IsInf(mpp, 0) || !(maxPx > 0) {
		return ScaleBarSpec{}
	}
	m := geo.NiceLength(mpp * maxPx)
	if m <= 0 {
		return ScaleBarSpec{}
	}
	return ScaleBarSpec{Meters: m, Pixels: m / mpp, Label: FormatDistance(m)}
}

// FormatDistance writes a length in metres as a scale bar or measure label:
// "250 m", "1 km", "2.5 km", "20,000 km".
func FormatDistance(m float64) string {
	switch {
	case !(m >= 0) || math.IsInf(m, 0):
		return ""
	case m < 1:
		return strconv.FormatFloat(m*100, 'f', -1, 64) + " cm"
	case m < 1000:
		return strconv.FormatFloat(math.Round(m*10)/10, 'f', -1, 64) + " m"
	}
	km := m / 1000
	s := strconv.FormatFloat(math.Round(km*100)/100, 'f', -1, 64)
	if km >= 10000 {
		s = format.Group(int64(math.Round(km)), ",")
	}
	return s + " km"
}

var (
	ink      = color.NRGBA{0x22, 0x22, 0x22, 0xff}
	paper    = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	haloInk  = color.NRGBA{0xff, 0xff, 0xff, 0xe0}
	panelInk = color.NRGBA{0xff, 0xff, 0xff, 0xc8}
)

// drawScaleBar draws the scale bar in the bottom left corner: a panel, a
// bar in two halves (dark, light) and its label.
func (f *frame) drawScaleBar() {
	clip := f.c.clip
	maxPx := math.Min(f.px(160), float64(clip.Dx())/3)
	sb := ScaleBar(f.vp, maxPx)
	if sb.Pixels < f.px(8) || clip.Dy() < f.ipx(40) {
		return
	}
	face := f.faces.get(fontRegular, f.px(12))
	tb := measure(face, sb.Label)
	x0 := float64(clip.Min.X) + f.px(12)
	yb := float64(clip.Max.Y) - f.px(14) // bar bottom
	barH := f.px(5)
	// Panel behind the bar and its label.
	f.c.fillRect(x0-f.px(6), yb-barH-float64(tb.h())-f.px(10), x0+sb.Pixels+f.px(6), yb+f.px(6), panelInk)
	// Bar: outline, then a dark and a light half.
	f.c.fillRect(x0-f.px(1), yb-barH-f.px(1), x0+sb.Pixels+f.px(1), yb+f.px(1), ink)
	f.c.fillRect(x0+sb.Pixels/2, yb-barH, x0+sb.Pixels, yb, paper)
	// Ticks above the ends and the middle.
	for _, x := range []float64{x0, x0 + sb.Pixels/2, x0 + sb.Pixels} {
		f.c.fillRect(x-f.px(0.6), yb-barH-f.px(4), x+f.px(0.6), yb-barH, ink)
	}
	lx := int(x0 + sb.Pixels - float64(tb.w()))
	lx = max(lx, int(x0))
	f.c.drawText(face, sb.Label, lx-tb.minX, int(yb-barH-f.px(6)), ink, haloInk, f.ipx(1))
	f.c.drawText(face, "0", int(x0)-f.ipx(2), int(yb-barH-f.px(6)), ink, haloInk, f.ipx(1))
}

// CreditLine returns the credit line of sc: the basemap's credits (the
// tiled basemap's attribution after the embedded one's) and the
// sources of the visible layers, in layer order without repeats (a source
// of several parts, "A; B", is credited part by part).
func (sc *Scene) CreditLine() string {
	if sc == nil {
		return ""
	}
	var parts []string
	var bm []string
	if sc.Basemap != nil {
		bm = append(bm, sc.Basemap.Credits...)
	}
	bm = append(bm, sc.Tiles.Credits()...)
	for i, c := range bm {
		bm[i] = word(sc.Lang, c) // the embedded data's credits have words of their own
	}
	if len(bm) > 0 {
		parts = append(parts, word(sc.Lang, "Basemap: ")+strings.Join(bm, "; "))
	}
	var src []string
	seen := map[string]bool{}
	for _, lv := range sc.Layers {
		if !lv.Visible || lv.Layer == nil {
			continue
		}
		for _, part := range strings.Split(lv.Layer.Source, ";") {
			if s := strings.TrimSpace(part); s != "" && !seen[s] {
				seen[s] = true
				src = append(src, word(sc.Lang, s))
			}
		}
	}
	if len(src) > 0 {
		parts = append(parts, word(sc.Lang, "Data: ")+strings.Join(src, "; "))
	}
	return strings.Join(parts, " · ")
}

// drawCredits draws the credit line, small, in the bottom right corner,
// wrapped at its "; " and " · " breaks onto up to three right-aligned lines
// when the frame is too narrow (the last one shortened with an ellipsis if
// even that does not fit).
func (f *frame) drawCredits() {
	text := f.sc.CreditLine()
	if text == "" {
		return
	}
	clip := f.c.clip
	face := f.faces.get(fontRegular, f.px(10))
	maxW := clip.Dx() - f.ipx(24)
	if f.sc.ScaleBar {
		maxW = clip.Dx() - f.ipx(200)
	}
	if maxW < f.ipx(40) {
		return
	}
	lines := wrapCredits(text, func(s string) int { return measure(face, s).w() }, maxW, 3)
	if len(lines) == 0 {
		return
	}
	lines[len(lines)-1] = truncate(face, lines[len(lines)-1], maxW)
	lineH := measure(face, "Ag").h() + f.ipx(1)
	y := clip.Max.Y - f.ipx(5) - measure(face, "Ag").maxY - (len(lines)-1)*lineH
	widest := 0
	for _, l := range lines {
		widest = max(widest, measure(face, l).w())
	}
	top := y - lineH + f.ipx(1)
	f.c.fillRect(float64(clip.Max.X-f.ipx(10)-widest), float64(top), float64(clip.Max.X), float64(clip.Max.Y), color.NRGBA{0xff, 0xff, 0xff, 0xb8})
	for i, l := range lines {
		tb := measure(face, l)
		f.c.drawText(face, l, clip.Max.X-f.ipx(6)-tb.w()-tb.minX, y+i*lineH, color.NRGBA{0x33, 0x33, 0x33, 0xff}, color.NRGBA{}, 0)
	}
}

// wrapCredits breaks text after its "; " and " · " separators into at most
// maxLines lines of at most maxW (as width measures them); what does not fit
// goes on the last line.
func wrapCredits(text string, width func(string) int, maxW, maxLines int) []string {
	var parts []string
	for len(text) > 0 {
		i := strings.Index(text, "; ")
		j := strings.Index(text, " · ")
		switch {
		case i < 0 && j < 0:
			parts, text = append(parts, text), ""
		case j < 0 || (i >= 0 && i < j):
			parts, text = append(parts, text[:i+2]), text[i+2:]
		default:
			parts, text = append(parts, text[:j+len(" · ")]), text[j+len(" · "):]
		}
	}
	var lines []string
	cur := ""
	for _, p := range parts {
		if cur != "" && width(strings.TrimSpace(cur+p)) > maxW && len(lines) < maxLines-1 {
			lines = append(lines, strings.TrimSpace(cur))
			cur = ""
		}
		cur += p
	}
	if strings.TrimSpace(cur) != "" {
		lines = append(lines, strings.TrimSpace(cur))
	}
	return lines
}
