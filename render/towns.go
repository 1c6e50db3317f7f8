package render

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strings"
)

// TownColor is the colour of the basemap's town names and dots: a quiet
// grey, so that campmap's own labels stay the strongest.
var TownColor = color.NRGBA{0x55, 0x55, 0x55, 0xff}

// townHalo is the halo behind town names and dots.
var townHalo = color.NRGBA{0xff, 0xff, 0xff, 0xf0}

// maxTowns bounds the towns tried per frame.
const maxTowns = 400

// townDotZoom is the layout zoom from which towns are named without a dot:
// their name is written over them.
const townDotZoom = 9.0

// townSize returns the size in layout pixels of a town's name by its
// Natural Earth scalerank: the largest cities 13, regional cities 12, towns
// 11.
func townSize(rank int) float64 {
	switch {
	case rank <= 2:
		return 13
	case rank <= 5:
		return 12
	}
	return 11
}

// placeTowns names the basemap's towns and cities that the zoom reaches
// (Place.MinZoom at most the layout zoom), in the basemap's order: below
// townDotZoom a dot at the place and its name beside it, from it the name
// over the place; only where neither overlaps a label already placed, a
// symbol of campmap's layers or the frame's edge. A town whose
// name a campmap label already shows (a port named Calais) is left out.
// placed holds the boxes of the labels placed so far, and grows; shown
// their texts.
func (f *frame) placeTowns(placed *[]image.Rectangle, shown []string) {
	bm := f.sc.Basemap
	if bm == nil || len(bm.Places) == 0 {
		return
	}
	z := layoutZoom(f.vp.Zoom, f.pr)
	halo := f.ipx(2)
	inner := f.c.clip.Inset(f.ipx(2))
	r := f.px(2.2)
	tried := 0
	keepOut := f.furnitureBoxes()
	for i := range bm.Places {
		p := &bm.Places[i]
		if p.MinZoom > z {
			break // sorted by MinZoom
		}
		if p.Name == "" || !f.view.Contains(p.AtMerc) || slices.ContainsFunc(shown, func(s string) bool { return strings.EqualFold(s, p.Name) }) {
			continue
		}
		if tried++; tried > maxTowns {
			break
		}
		at := f.t.px(p.AtMerc[0], p.AtMerc[1])
		var dot image.Rectangle
		if z < townDotZoom {
			d := int(math.Ceil(r)) + halo
			cx, cy := int(math.Round(at.x)), int(math.Round(at.y))
			dot = image.Rect(cx-d, cy-d, cx+d, cy+d)
			if !dot.In(inner) || overlapsAny(dot, *placed) || overlapsAny(dot, keepOut) || overlapsObstacle(dot, f.obst, -1) {
				continue
			}
		}
		size := townSize(p.Rank)
		if z >= townDotZoom {
			size++ // fewer towns, more room
		}
		face := f.faces.get(fontRegular, f.px(size))
		if face == nil {
			return
		}
		tb := measure(face, p.Name)
		w, h := float64(tb.w()), float64(tb.h())
		var cands [][2]float64
		if !dot.Empty() {
			gap := r + f.px(3)
			cands = [][2]float64{
				{at.x + gap, at.y - h/2},
				{at.x - gap - w, at.y - h/2},
				{at.x - w/2, at.y - gap - h},
				{at.x - w/2, at.y + gap},
			}
		} else {
			// A town covers kilometres: its name goes over it, or nudged
			// off campmap's labels by up to a line.
			cands = [][2]float64{
				{at.x - w/2, at.y - h/2},
				{at.x - w/2, at.y - h*1.5},
				{at.x - w/2, at.y + h*0.5},
				{at.x - w*0.9, at.y - h/2},
				{at.x - w*0.1, at.y - h/2},
			}
		}
		for _, c := range cands {
			x0, y0 := int(math.Round(c[0])), int(math.Round(c[1]))
			box := image.Rect(x0-halo, y0-halo, x0+tb.w()+halo, y0+tb.h()+halo)
			if !box.In(inner) || overlapsAny(box, *placed) || overlapsAny(box, keepOut) || overlapsObstacle(box, f.obst, -1) {
				continue
			}
			*placed = append(*placed, box)
			if !dot.Empty() {
				// One small fill each: a fill rasterises the box of its rings.
				*placed = append(*placed, dot)
				f.c.addDisc(at, r+f.px(1))
				f.c.fill(townHalo)
				f.c.addDisc(at, r)
				f.c.fill(TownColor)
			}
			f.c.drawText(face, p.Name, x0-tb.minX, y0-tb.minY, TownColor, townHalo, halo)
			break
		}
	}
}

// furnitureBoxes returns, roughly, where the scale bar and the credit line
// will be drawn over the map, for the basemap's names to keep clear of.
func (f *frame) furnitureBoxes() []image.Rectangle {
	clip := f.c.clip
	var out []image.Rectangle
	if f.sc.ScaleBar {
		w := f.px(12+6) + math.Min(f.px(160), float64(clip.Dx())/3)
		out = append(out, image.Rect(clip.Min.X, clip.Max.Y-f.ipx(48), clip.Min.X+int(math.Ceil(w)), clip.Max.Y))
	}
	if f.sc.Credits {
		out = append(out, image.Rect(clip.Min.X, clip.Max.Y-f.ipx(18), clip.Max.X, clip.Max.Y))
	}
	return out
}
