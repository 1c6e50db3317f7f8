package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"time"

	"campmap/data/style"
	"campmap/geo"
)

// WindowCaption is the text an animation frame is captioned with: the
// scene's window in its zone, both ends carrying the zone's abbreviation
// (which changes across a daylight saving change), and the zone's name:
// "2015-07-28 00:00 CEST – 2015-08-03 23:59 CEST (Europe/Paris)". A window
// of whole days is shown as dates: "2015-07-28 – 2015-08-03 (Europe/Paris)".
func WindowCaption(sc *Scene) string {
	if sc == nil || !sc.Window.Dated() {
		lang := ""
		if sc != nil {
			lang = sc.Lang
		}
		return word(lang, "All dates")
	}
	loc := sc.Zone
	if loc == nil {
		loc = time.UTC
	}
	a := time.UnixMilli(sc.Window.Start).In(loc)
	b := time.UnixMilli(sc.Window.End).In(loc)
	b1 := time.UnixMilli(sc.Window.End + 1).In(loc)
	mode := ""
	if sc.Inside {
		mode = word(sc.Lang, ", wholly inside")
	}
	midnight := func(t time.Time) bool {
		return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
	}
	if midnight(a) && midnight(b1) {
		if a.Format("2006-01-02") == b.Format("2006-01-02") {
			if sc.Lang == "fr" {
				return fmt.Sprintf("%s (%s%s)", date(sc.Lang, a), loc.String(), mode)
			}
			return fmt.Sprintf("%s (%s%s)", a.Format("Mon 2006-01-02"), loc.String(), mode)
		}
		return fmt.Sprintf("%s – %s (%s%s)", date(sc.Lang, a), date(sc.Lang, b), loc.String(), mode)
	}
	return fmt.Sprintf("%s – %s (%s%s)", a.Format("2006-01-02 15:04 MST"), b.Format("2006-01-02 15:04 MST"), loc.String(), mode)
}

// maxCaptionLegend bounds the category rows DrawCaption lists.
const maxCaptionLegend = 10

// DrawCaption draws an animation frame's overlay on dst, which holds a frame
// Draw made of sc for vp: text (usually WindowCaption) in a white box at the
// top left, and at the top right a legend of the visible layers coloured by
// category, each category with its colour and the features the window
// shows (hidden categories left out). It draws nothing on an empty dst.
func DrawCaption(dst *image.RGBA, sc *Scene, vp geo.Viewport, text string) {
	if dst == nil || dst.Rect.Empty() {
		return
	}
	f := newFrame(dst, sc, vp)
	defer f.release()
	clip := f.c.clip
	if clip.Empty() {
		return
	}
	ink := color.NRGBA{0x22, 0x22, 0x22, 0xff}
	paper := color.NRGBA{0xff, 0xff, 0xff, 0xe0}
	size := math.Max(11, math.Min(18, float64(clip.Dx())/48))
	if text != "" {
		face := f.faces.get(fontBold, size)
		if face != nil {
			text = truncate(face, text, clip.Dx()-24)
			tb := measure(face, text)
			x, y := clip.Min.X+8, clip.Min.Y+8
			f.c.fillRect(float64(x), float64(y), float64(x+tb.w()+16), float64(y+tb.h()+12), paper)
			f.c.drawText(face, text, x+8-tb.minX, y+6-tb.minY, ink, color.NRGBA{}, 0)
		}
	}
	f.drawCaptionLegend(size*0.8, ink, paper)
}

type captionRow struct {
	text   string
	col    color.NRGBA
	shape  style.Shape
	header bool
}

func (f *frame) drawCaptionLegend(size float64, ink, paper color.NRGBA) {
	sc := f.sc
	if sc == nil {
		return
	}
	var rows []captionRow
	for i := len(sc.Layers) - 1; i >= 0; i-- {
		lv := sc.Layers[i]
		l := lv.Layer
		if !lv.Visible || l == nil || l.Len() == 0 || !usesCategories(l.Kind) || len(l.Categories()) == 0 {
			continue
		}
		shown, _, _ := sc.Counts(i)
		rows = append(rows, captionRow{text: fmt.Sprintf("%s (%s)", l.Name, group(sc.Lang, shown)), header: true})
		if note := WhereNote(sc.Lang, lv.Style); note != "" {
			rows = append(rows, captionRow{text: note, header: true})
		}
		counts := categoryCounts(l, sc.Window, sc.Inside, nil)
		n := 0
		cats := l.Categories()
		for _, e := range CategoryLegend(lv) {
			text := ""
			if e.Other() {
				k, sum := 0, 0
				for _, c := range e.Members {
					if !lv.Hidden[cats[c-1]] {
						k, sum = k+1, sum+counts[c]
					}
				}
				if k == 0 {
					continue
				}
				text = fmt.Sprintf("%s (%s)", OtherLabel(sc.Lang, k), group(sc.Lang, sum))
			} else {
				if lv.Hidden[e.Name] {
					continue
				}
				text = fmt.Sprintf("%s (%s)", e.Name, group(sc.Lang, counts[e.Index]))
			}
			if n == maxCaptionLegend {
				rows = append(rows, captionRow{text: "…", header: true})
				break
			}
			n++
			rows = append(rows, captionRow{text: text, col: e.Color, shape: e.Shape})
		}
	}
	if len(rows) == 0 {
		return
	}
	reg, bold := f.faces.get(fontRegular, size), f.faces.get(fontBold, size)
	if reg == nil || bold == nil {
		return
	}
	lineH := int(size*1.35 + 0.5)
	sw := int(size)
	wmax := 0
	for _, r := range rows {
		face, extra := reg, sw+6
		if r.header {
			face, extra = bold, 0
		}
		wmax = max(wmax, measure(face, r.text).w()+extra)
	}
	clip := f.c.clip
	x1 := clip.Max.X - 8
	x0 := x1 - wmax - 16
	y0 := clip.Min.Y + 8
	if x0 < clip.Min.X+clip.Dx()/2 {
		return // no room beside the caption
	}
	f.c.fillRect(float64(x0), float64(y0), float64(x1), float64(y0+len(rows)*lineH+10), paper)
	ag := measure(reg, "Ag")
	for i, r := range rows {
		y := y0 + 5 + i*lineH
		x := x0 + 8
		face := reg
		if r.header {
			face = bold
		} else {
			cy := float64(y) + float64(lineH)/2
			f.c.addShape(r.shape, pt{float64(x) + float64(sw)/2, cy}, float64(sw)/2)
			f.c.fill(r.col)
			x += sw + 6
		}
		f.c.drawText(face, r.text, x, y+(lineH-ag.h())/2-ag.minY, ink, color.NRGBA{}, 0)
	}
}
