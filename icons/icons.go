// Package icons holds campmap's symbols: small SVG files embedded in the
// binary (one per feature kind, plus the application icon), a parser for
// the simple SVG they use, and a vector rasteriser that draws them crisp at
// any size. It is pure Go and never imports the GUI toolkit.
//
// The symbol files follow one convention: a 24×24 viewBox holding filled
// <path> elements only (no strokes, transforms or arcs), each with a class:
// "halo" (the white outline around the marker), "marker" (the background
// shape, filled with the kind's colour) and "glyph" (the white pictogram).
// Holes are drawn with the opposite winding of their outline (non-zero fill).
package icons

import (
	"bytes"
	"campmap/internal/format"
	"embed"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/vector"
)

//go:embed *.svg campmap.png
var files embed.FS

// Names lists the embedded icons: one per feature kind, then the
// application icon.
var Names = []string{"camp", "terminal", "port", "route", "incident", "other", "campmap"}

// SVG returns the embedded SVG file of the named icon ("camp", "terminal",
// "port", "route", "incident", "other" or "campmap"), or nil if there is none.
// The caller must not modify the returned bytes.
func SVG(name string) []byte {
	b, err := files.ReadFile(name + ".svg")
	if err != nil {
		return nil
	}
	return b
}

// AppIcon returns the 512×512 PNG application icon (icons/campmap.png,
// rendered from campmap.svg by `go run ./icons/gen`). The caller must not
// modify the returned bytes.
func AppIcon() []byte {
	b, _ := files.ReadFile("campmap.png")
	return b
}

// Shape is one filled path of an icon.
type Shape struct {
	Class string      // "halo", "marker", "glyph" or ""
	Fill  color.NRGBA // the colour the file gives it (fill and fill-opacity)
	Path  Path
}

// Icon is a parsed SVG icon: its viewBox and its filled shapes, bottom
// first. An Icon is immutable once returned, so it may be shared between
// goroutines.
type Icon struct {
	Name          string
	MinX, MinY    float64 // viewBox origin
	Width, Height float64 // viewBox size
	Shapes        []Shape
}

var (
	loadOnce sync.Once
	loaded   map[string]*Icon
)

// Get returns the named embedded icon, parsed, or nil when there is none.
func Get(name string) *Icon {
	loadOnce.Do(func() {
		loaded = map[string]*Icon{}
		for _, n := range Names {
			ic, err := ParseSVG(SVG(n))
			if err != nil {
				continue // the embedded files are tested to parse
			}
			ic.Name = n
			loaded[n] = ic
		}
	})
	return loaded[name]
}

// ForKind returns the icon drawn for features of the named kind ("camp",
// "terminal", ...); unknown kinds get "other".
func ForKind(kind string) *Icon {
	if kind == "campmap" {
		return Get("other")
	}
	if ic := Get(kind); ic != nil {
		return ic
	}
	return Get("other")
}

// Symbol returns the pictogram (the "glyph" shape) of the named kind's
// symbol, in its 24×24 viewBox units; unknown kinds get "other"'s.
func Symbol(kind string) Path { return ForKind(kind).Class("glyph") }

// Marker returns the background shape (the "marker" class) of the named
// kind's symbol.
func Marker(kind string) Path { return ForKind(kind).Class("marker") }

// Class returns the path of the first shape of class c, or nil.
func (ic *Icon) Class(c string) Path {
	if ic == nil {
		return nil
	}
	for _, s := range ic.Shapes {
		if s.Class == c {
			return s.Path
		}
	}
	return nil
}

// maxSVGSize bounds the SVG files ParseSVG reads.
const maxSVGSize = 1 << 20

// ParseSVG reads the simple SVG icons use: an <svg> element with a viewBox
// (or width and height), holding <path> elements (at any depth) with d,
// fill, fill-opacity and class attributes. Other elements are ignored;
// fill="none" paths are skipped.
func ParseSVG(b []byte) (*Icon, error) {
	if len(b) > maxSVGSize {
		return nil, fmt.Errorf("icons: svg larger than %d bytes", maxSVGSize)
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	ic := &Icon{}
	seenSVG := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("icons: svg: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "svg":
			if seenSVG {
				continue
			}
			seenSVG = true
			if err := ic.readViewBox(se); err != nil {
				return nil, err
			}
		case "path":
			if !seenSVG {
				return nil, errors.New("icons: svg: path outside <svg>")
			}
			sh, keep, err := readShape(se)
			if err != nil {
				return nil, fmt.Errorf("icons: svg: path %d: %w", len(ic.Shapes)+1, err)
			}
			if keep {
				ic.Shapes = append(ic.Shapes, sh)
			}
		}
	}
	if !seenSVG {
		return nil, errors.New("icons: svg: no <svg> element")
	}
	return ic, nil
}

func (ic *Icon) readViewBox(se xml.StartElement) error {
	var w, h string
	for _, a := range se.Attr {
		switch a.Name.Local {
		case "viewBox":
			f := strings.FieldsFunc(a.Value, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
			if len(f) != 4 {
				return fmt.Errorf("icons: svg: viewBox %q: want 4 numbers", a.Value)
			}
			var v [4]float64
			for i, s := range f {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return fmt.Errorf("icons: svg: viewBox %q: %w", a.Value, err)
				}
				v[i] = x
			}
			ic.MinX, ic.MinY, ic.Width, ic.Height = v[0], v[1], v[2], v[3]
		case "width":
			w = a.Value
		case "height":
			h = a.Value
		}
	}
	if ic.Width == 0 && ic.Height == 0 {
		ic.Width, _ = strconv.ParseFloat(strings.TrimSuffix(w, "px"), 64)
		ic.Height, _ = strconv.ParseFloat(strings.TrimSuffix(h, "px"), 64)
	}
	if !(ic.Width > 0 && ic.Height > 0 && ic.Width < 1e6 && ic.Height < 1e6) {
		return fmt.Errorf("icons: svg: viewBox size %gx%g is not usable", ic.Width, ic.Height)
	}
	return nil
}

func readShape(se xml.StartElement) (Shape, bool, error) {
	sh := Shape{Fill: color.NRGBA{A: 0xff}}
	opacity := 1.0
	for _, a := range se.Attr {
		switch a.Name.Local {
		case "d":
			p, err := ParsePath(a.Value)
			if err != nil {
				return sh, false, err
			}
			sh.Path = p
		case "fill":
			if strings.TrimSpace(a.Value) == "none" {
				return sh, false, nil
			}
			c, err := format.ParseColor(a.Value)
			if err != nil {
				return sh, false, err
			}
			sh.Fill = c
		case "fill-opacity", "opacity":
			v, err := strconv.ParseFloat(strings.TrimSpace(a.Value), 64)
			if err != nil || v < 0 || v > 1 {
				return sh, false, fmt.Errorf("%s %q: want a number in 0..1", a.Name.Local, a.Value)
			}
			opacity *= v
		case "class", "id":
			if sh.Class == "" || a.Name.Local == "class" {
				sh.Class = a.Value
			}
		}
	}
	sh.Fill.A = uint8(float64(sh.Fill.A)*opacity + 0.5)
	return sh, len(sh.Path) > 0, nil
}

// Draw draws the icon into dst with its viewBox scaled to a size×size
// square whose top left corner is at (x, y) (the viewBox keeps its aspect,
// centred). fill chooses each shape's colour; nil keeps the file's. Shapes
// are composited over dst, bottom first. Draw is safe for concurrent use on
// different destinations.
func (ic *Icon) Draw(dst *image.RGBA, x, y, size float64, fill func(Shape) color.NRGBA) {
	if ic == nil || dst == nil || !(size > 0) || size > 1<<14 {
		return
	}
	scale := size / max(ic.Width, ic.Height)
	ox := x + (size-ic.Width*scale)/2 - ic.MinX*scale
	oy := y + (size-ic.Height*scale)/2 - ic.MinY*scale
	// The rasteriser covers the icon square, clipped to dst.
	r := image.Rect(int(x), int(y), int(x+size+1), int(y+size+1)).Intersect(dst.Rect)
	if r.Empty() {
		return
	}
	z := vector.NewRasterizer(r.Dx(), r.Dy())
	for _, s := range ic.Shapes {
		c := s.Fill
		if fill != nil {
			c = fill(s)
		}
		if c.A == 0 {
			continue
		}
		z.Reset(r.Dx(), r.Dy())
		s.Path.AddTo(z, scale, ox-float64(r.Min.X), oy-float64(r.Min.Y))
		z.Draw(dst, r, image.NewUniform(c), image.Point{})
	}
}

// Rasterize returns the icon drawn at size×size pixels on a transparent
// background, with the file's colours.
func (ic *Icon) Rasterize(size int) *image.RGBA {
	size = max(0, min(size, 1<<14))
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	draw.Draw(img, img.Rect, image.Transparent, image.Point{}, draw.Src)
	ic.Draw(img, 0, 0, float64(size), nil)
	return img
}

// AppIconPNG renders campmap.svg at size×size pixels and encodes it as PNG
// (what `go run ./icons/gen` writes to icons/campmap.png). The encoding is
// deterministic: the same size gives the same bytes.
func AppIconPNG(size int) ([]byte, error) {
	ic := Get("campmap")
	if ic == nil {
		return nil, errors.New("icons: campmap.svg does not parse")
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, ic.Rasterize(size)); err != nil {
		return nil, fmt.Errorf("icons: encode app icon: %w", err)
	}
	return buf.Bytes(), nil
}
