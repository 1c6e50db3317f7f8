package export

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"strings"

	"campmap/internal/format"
	"campmap/render"
)

// svgFamily is the family the embedded Go fonts are declared under; each
// style is a face of it (weight and style descriptors), so renderers that
// ignore @font-face still pick a bold or italic fallback.
const svgFamily = "campmap Go"

// svgFace is the CSS weight and style of each font style.
var svgFace = map[render.FontStyle][2]string{
	render.FontRegular: {"normal", "normal"},
	render.FontBold:    {"bold", "normal"},
	render.FontItalic:  {"normal", "italic"},
}

// imageURI returns img as a data URL: a JPEG when it is opaque, else a
// PNG.
func imageURI(img *image.RGBA) (string, error) {
	var b bytes.Buffer
	mime := "image/png"
	var err error
	if img.Opaque() {
		mime = "image/jpeg"
		err = jpeg.Encode(&b, img, &jpeg.Options{Quality: 88})
	} else {
		err = png.Encode(&b, img)
	}
	if err != nil {
		return "", fmt.Errorf("export: svg: image: %w", err)
	}
	return "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(b.Bytes()), nil
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// WriteSVG writes d as an SVG document in points: <path> elements for
// fills and strokes, <text> elements in the embedded Go fonts (declared
// with @font-face from data URLs, so the file stands alone), and the
// manifest in <metadata>.
func WriteSVG(w io.Writer, d *render.Drawing, info DocInfo, manifest []byte) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%spt" height="%spt" viewBox="0 0 %s %s">
`, num(d.W), num(d.H), num(d.W), num(d.H))
	if info.Title != "" {
		fmt.Fprintf(bw, "<title>%s</title>\n", xmlEscape(info.Title))
	}
	if len(manifest) > 0 {
		fmt.Fprintf(bw, "<metadata><campmap-manifest xmlns=\"urn:campmap:manifest\">%s</campmap-manifest></metadata>\n", xmlEscape(string(manifest)))
	}
	bw.WriteString("<defs><style>\n")
	for _, s := range []render.FontStyle{render.FontRegular, render.FontBold, render.FontItalic} {
		used := false
		for _, u := range d.Fonts {
			used = used || u == s
		}
		if !used {
			continue
		}
		fmt.Fprintf(bw, "@font-face{font-family:'%s';font-weight:%s;font-style:%s;src:url(data:font/ttf;base64,%s) format('truetype');}\n",
			svgFamily, svgFace[s][0], svgFace[s][1], base64.StdEncoding.EncodeToString(render.FontTTF(s)))
	}
	fmt.Fprintf(bw, "text{font-family:'%s',sans-serif;font-kerning:normal}\n</style>\n", svgFamily)
	clipN := 0
	for _, op := range d.Ops {
		if op.Kind == render.OpClip {
			r := op.Rect
			fmt.Fprintf(bw, `<clipPath id="c%d"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>`+"\n", clipN, num(r[0]), num(r[1]), num(r[2]-r[0]), num(r[3]-r[1]))
			clipN++
		}
	}
	bw.WriteString("</defs>\n")
	clipN = 0
	pathData := func(paths [][]render.Point, closed bool) string {
		var b strings.Builder
		for _, p := range paths {
			for i, q := range p {
				if i == 0 {
					b.WriteString("M")
				} else {
					b.WriteString("L")
				}
				b.WriteString(num(q.X) + " " + num(q.Y))
			}
			if closed {
				b.WriteString("Z")
			}
		}
		return b.String()
	}
	opacity := func(attr string, a uint8) string {
		if a == 0xff {
			return ""
		}
		return fmt.Sprintf(` %s="%s"`, attr, num(float64(a)/255))
	}
	for _, op := range d.Ops {
		switch op.Kind {
		case render.OpImage:
			if op.Image == nil || op.Image.Rect.Empty() {
				continue
			}
			uri, err := imageURI(op.Image)
			if err != nil {
				return err
			}
			r := op.Rect
			fmt.Fprintf(bw, "<image x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" preserveAspectRatio=\"none\" href=\"%s\"/>\n",
				num(r[0]), num(r[1]), num(r[2]-r[0]), num(r[3]-r[1]), uri)
		case render.OpClip:
			fmt.Fprintf(bw, "<g clip-path=\"url(#c%d)\">\n", clipN)
			clipN++
		case render.OpUnclip:
			bw.WriteString("</g>\n")
		case render.OpFill:
			if op.Color.A == 0 || len(op.Paths) == 0 {
				continue
			}
			fmt.Fprintf(bw, "<path d=\"%s\" fill=\"%s\"%s/>\n", pathData(op.Paths, true), format.RGB(op.Color), opacity("fill-opacity", op.Color.A))
		case render.OpStroke:
			if op.Color.A == 0 || len(op.Paths) == 0 {
				continue
			}
			st := op.Stroke
			capJoin := `stroke-linecap="butt" stroke-linejoin="bevel"`
			if st.Round {
				capJoin = `stroke-linecap="round" stroke-linejoin="round"`
			}
			dash := ""
			if len(st.Dash) > 0 {
				parts := make([]string, len(st.Dash))
				for i, v := range st.Dash {
					parts[i] = num(v)
				}
				dash = fmt.Sprintf(` stroke-dasharray="%s" stroke-dashoffset="%s"`, strings.Join(parts, " "), num(st.DashPhase))
			}
			fmt.Fprintf(bw, "<path d=\"%s\" fill=\"none\" stroke=\"%s\"%s stroke-width=\"%s\" %s%s/>\n",
				pathData(op.Paths, false), format.RGB(op.Color), opacity("stroke-opacity", op.Color.A), num(st.Width), capJoin, dash)
		case render.OpDisc:
			if op.Color.A == 0 || len(op.Paths) == 0 {
				continue
			}
			for _, c := range op.Paths[0] {
				fmt.Fprintf(bw, "<circle cx=\"%s\" cy=\"%s\" r=\"%s\" fill=\"%s\"%s/>\n", num(c.X), num(c.Y), num(op.Radius), format.RGB(op.Color), opacity("fill-opacity", op.Color.A))
			}
		case render.OpText:
			t := op.Text
			rot := ""
			if deg := t.Angle * 180 / math.Pi; math.Abs(deg) > 0.01 {
				rot = fmt.Sprintf(` transform="rotate(%s %s %s)"`, num(deg), num(t.X), num(t.Y))
			}
			face := ""
			if f := svgFace[t.Font]; f[0] != "normal" {
				face = ` font-weight="` + f[0] + `"`
			} else if f[1] != "normal" {
				face = ` font-style="` + f[1] + `"`
			}
			if w := t.Width(); w > 0 && len([]rune(t.S)) > 1 {
				// Renderers that fall back to another font keep the layout.
				face += ` textLength="` + num(w) + `" lengthAdjust="spacingAndGlyphs"`
			}
			fmt.Fprintf(bw, "<text x=\"%s\" y=\"%s\" font-size=\"%s\"%s fill=\"%s\"%s%s xml:space=\"preserve\">%s</text>\n",
				num(t.X), num(t.Y), num(t.Size), face, format.RGB(op.Color), opacity("fill-opacity", op.Color.A), rot, xmlEscape(t.S))
		}
	}
	bw.WriteString("</svg>\n")
	return bw.Flush()
}
