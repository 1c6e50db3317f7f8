package export

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"campmap/render"
)

// pdfDoc accumulates the numbered objects of a PDF file.
type pdfDoc struct {
	objs [][]byte // object i+1's body
}

func (d *pdfDoc) add(body []byte) int {
	d.objs = append(d.objs, body)
	return len(d.objs)
}

func (d *pdfDoc) reserve() int { return d.add(nil) }

func (d *pdfDoc) set(n int, body []byte) { d.objs[n-1] = body }

// stream returns a stream object's body, Flate-compressed when compress.
func stream(dict string, data []byte, compress bool) []byte {
	if compress {
		var b bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&b, zlib.DefaultCompression)
		zw.Write(data)
		zw.Close()
		data = b.Bytes()
		dict += " /Filter /FlateDecode"
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "<<%s /Length %d>>\nstream\n", dict, len(data))
	out.Write(data)
	out.WriteString("\nendstream")
	return out.Bytes()
}

// num writes a number with at most 2 decimals.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	if s == "-0" {
		return "0"
	}
	return s
}

func rgb(c color.NRGBA) string {
	return num(float64(c.R)/255) + " " + num(float64(c.G)/255) + " " + num(float64(c.B)/255)
}

// pdfText escapes a string for a PDF literal in the document information
// (UTF-16BE with a byte order mark when it is not plain ASCII).
func pdfText(s string) string {
	ascii := true
	for _, r := range s {
		if r > 126 || r < 32 {
			ascii = false
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
		return "(" + r.Replace(s) + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// pdfFont is an embedded font and the glyphs the page uses.
type pdfFont struct {
	style render.FontStyle
	name  string // resource name, F0...
	f     *sfnt.Font
	upem  float64
	used  map[sfnt.GlyphIndex]rune
	buf   sfnt.Buffer
}

func (pf *pdfFont) glyph(r rune) sfnt.GlyphIndex {
	gi, err := pf.f.GlyphIndex(&pf.buf, r)
	if err != nil || gi == 0 {
		gi, _ = pf.f.GlyphIndex(&pf.buf, '?')
	}
	if _, ok := pf.used[gi]; !ok {
		pf.used[gi] = r
	}
	return gi
}

func (pf *pdfFont) units(v fixed.Int26_6) float64 { return float64(v) / 64 * 1000 / pf.upem }

// WritePDF writes a one-page PDF of d: vector paths and text in the
// embedded Go fonts (selectable), the manifest as an embedded file
// (manifest.json) and in the document information, no timestamps other
// than info's date.
func WritePDF(w io.Writer, d *render.Drawing, info DocInfo, manifest []byte) error {
	doc := &pdfDoc{}
	catalog := doc.reserve()
	pages := doc.reserve()
	page := doc.reserve()

	fonts := map[render.FontStyle]*pdfFont{}
	for i, s := range []render.FontStyle{render.FontRegular, render.FontBold, render.FontItalic} {
		f := render.Font(s)
		if f == nil {
			return fmt.Errorf("export: pdf: font %d: not available", s)
		}
		fonts[s] = &pdfFont{style: s, name: fmt.Sprintf("F%d", i), f: f, upem: float64(f.UnitsPerEm()), used: map[sfnt.GlyphIndex]rune{}}
	}
	alphas := map[uint8]string{}
	gs := func(a uint8) string {
		if n, ok := alphas[a]; ok {
			return n
		}
		n := fmt.Sprintf("G%d", a)
		alphas[a] = n
		return n
	}

	// Content stream, in a y-down space.
	var c bytes.Buffer
	fmt.Fprintf(&c, "1 0 0 -1 0 %s cm\n", num(d.H))
	var fillCol, strokeCol string
	var fillA, strokeA int = -1, -1
	setFill := func(col color.NRGBA) {
		if s := rgb(col); s != fillCol {
			fillCol = s
			c.WriteString(s + " rg\n")
		}
		if int(col.A) != fillA {
			fillA = int(col.A)
			c.WriteString("/" + gs(col.A) + "a gs\n")
		}
	}
	setStroke := func(col color.NRGBA) {
		if s := rgb(col); s != strokeCol {
			strokeCol = s
			c.WriteString(s + " RG\n")
		}
		if int(col.A) != strokeA {
			strokeA = int(col.A)
			c.WriteString("/" + gs(col.A) + "A gs\n")
		}
	}
	path := func(ps []render.Point, closed bool) {
		for i, p := range ps {
			c.WriteString(num(p.X) + " " + num(p.Y))
			if i == 0 {
				c.WriteString(" m\n")
			} else {
				c.WriteString(" l\n")
			}
		}
		if closed {
			c.WriteString("h\n")
		}
	}
	var xobjs strings.Builder
	for _, op := range d.Ops {
		switch op.Kind {
		case render.OpImage:
			if op.Image == nil || op.Image.Rect.Empty() {
				continue
			}
			ref, err := embedImage(doc, op.Image)
			if err != nil {
				return err
			}
			name := fmt.Sprintf("Im%d", ref)
			fmt.Fprintf(&xobjs, "/%s %d 0 R ", name, ref)
			r := op.Rect
			fmt.Fprintf(&c, "q %s 0 0 %s %s %s cm /%s Do Q\n", num(r[2]-r[0]), num(r[1]-r[3]), num(r[0]), num(r[3]), name)
		case render.OpClip:
			r := op.Rect
			fmt.Fprintf(&c, "q %s %s %s %s re W n\n", num(r[0]), num(r[1]), num(r[2]-r[0]), num(r[3]-r[1]))
			fillCol, strokeCol, fillA, strokeA = "", "", -1, -1
		case render.OpUnclip:
			c.WriteString("Q\n")
			fillCol, strokeCol, fillA, strokeA = "", "", -1, -1
		case render.OpFill:
			if op.Color.A == 0 || len(op.Paths) == 0 {
				continue
			}
			setFill(op.Color)
			for _, p := range op.Paths {
				path(p, true)
			}
			c.WriteString("f\n")
		case render.OpStroke:
			if op.Color.A == 0 || len(op.Paths) == 0 {
				continue
			}
			setStroke(op.Color)
			st := op.Stroke
			cap, join := 0, 2
			if st.Round {
				cap, join = 1, 1
			}
			fmt.Fprintf(&c, "%s w %d J %d j ", num(st.Width), cap, join)
			if len(st.Dash) > 0 {
				c.WriteString("[")
				for i, v := range st.Dash {
					if i > 0 {
						c.WriteString(" ")
					}
					c.WriteString(num(v))
				}
				c.WriteString("] " + num(st.DashPhase) + " d\n")
			} else {
				c.WriteString("[] 0 d\n")
			}
			for _, p := range op.Paths {
				path(p, false)
			}
			c.WriteString("S\n")
		case render.OpDisc:
			if op.Color.A == 0 || len(op.Paths) == 0 {
				continue
			}
			setFill(op.Color)
			const kappa = 0.5523
			r := op.Radius
			for _, p := range op.Paths[0] {
				x, y, k := p.X, p.Y, kappa*r
				fmt.Fprintf(&c, "%s %s m %s %s %s %s %s %s c %s %s %s %s %s %s c %s %s %s %s %s %s c %s %s %s %s %s %s c h\n",
					num(x+r), num(y),
					num(x+r), num(y+k), num(x+k), num(y+r), num(x), num(y+r),
					num(x-k), num(y+r), num(x-r), num(y+k), num(x-r), num(y),
					num(x-r), num(y-k), num(x-k), num(y-r), num(x), num(y-r),
					num(x+k), num(y-r), num(x+r), num(y-k), num(x+r), num(y))
			}
			c.WriteString("f\n")
		case render.OpText:
			t := op.Text
			pf := fonts[t.Font]
			if pf == nil || t.S == "" {
				continue
			}
			setFill(op.Color)
			cos, sin := math.Cos(t.Angle), math.Sin(t.Angle)
			fmt.Fprintf(&c, "BT /%s %s Tf %s %s %s %s %s %s Tm [<", pf.name, num(t.Size),
				strconv.FormatFloat(cos, 'f', 4, 64), strconv.FormatFloat(sin, 'f', 4, 64),
				strconv.FormatFloat(sin, 'f', 4, 64), strconv.FormatFloat(-cos, 'f', 4, 64), num(t.X), num(t.Y))
			var prev sfnt.GlyphIndex
			first := true
			for _, r := range t.S {
				gi := pf.glyph(r)
				if !first {
					if k, err := pf.f.Kern(&pf.buf, prev, gi, fixed.Int26_6(pf.upem*64), font.HintingNone); err == nil && k != 0 {
						fmt.Fprintf(&c, "> %s <", num(-pf.units(k)))
					}
				}
				fmt.Fprintf(&c, "%04X", uint16(gi))
				prev, first = gi, false
			}
			c.WriteString(">] TJ ET\n")
		}
	}
	content := doc.add(stream("", c.Bytes(), true))

	// Fonts actually used.
	var fontRes strings.Builder
	for _, s := range []render.FontStyle{render.FontRegular, render.FontBold, render.FontItalic} {
		pf := fonts[s]
		if len(pf.used) == 0 {
			continue
		}
		ref, err := embedFont(doc, pf)
		if err != nil {
			return err
		}
		fmt.Fprintf(&fontRes, "/%s %d 0 R ", pf.name, ref)
	}
	var gsRes strings.Builder
	as := make([]int, 0, len(alphas))
	for a := range alphas {
		as = append(as, int(a))
	}
	sort.Ints(as)
	for _, a := range as {
		v := num(float64(a) / 255)
		fmt.Fprintf(&gsRes, "/G%da <</ca %s>> /G%dA <</CA %s>> ", a, v, a, v)
	}
	doc.set(page, fmt.Appendf(nil, "<</Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Resources <</Font <<%s>> /ExtGState <<%s>> /XObject <<%s>>>> /Contents %d 0 R>>",
		pages, num(d.W), num(d.H), fontRes.String(), gsRes.String(), xobjs.String(), content))
	doc.set(pages, fmt.Appendf(nil, "<</Type /Pages /Kids [%d 0 R] /Count 1>>", page))

	// The manifest, as an embedded file, uncompressed so it can be read
	// with any tool.
	names := ""
	if len(manifest) > 0 {
		ef := doc.add(stream(" /Type /EmbeddedFile /Subtype /application#2Fjson", manifest, false))
		spec := doc.add(fmt.Appendf(nil, "<</Type /Filespec /F (manifest.json) /UF (manifest.json) /Desc (campmap export manifest) /EF <</F %d 0 R>>>>", ef))
		names = fmt.Sprintf(" /Names <</EmbeddedFiles <</Names [(manifest.json) %d 0 R]>>>> /PageMode /UseAttachments", spec)
	}
	doc.set(catalog, fmt.Appendf(nil, "<</Type /Catalog /Pages %d 0 R%s>>", pages, names))
	var infoB strings.Builder
	infoB.WriteString("<</Producer (campmap) /Creator " + pdfText("campmap "+info.Version))
	for _, kv := range [][2]string{{"Title", info.Title}, {"Subject", info.Subject}, {"Author", info.Author}, {"Keywords", info.Keywords}} {
		if kv[1] != "" {
			infoB.WriteString(" /" + kv[0] + " " + pdfText(kv[1]))
		}
	}
	if info.Date != "" {
		infoB.WriteString(" /CreationDate (D:" + strings.ReplaceAll(info.Date, "-", "") + ")")
	}
	infoB.WriteString(">>")
	infoRef := doc.add([]byte(infoB.String()))

	// File.
	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(doc.objs))
	for i, body := range doc.objs {
		offs[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n", i+1)
		out.Write(body)
		out.WriteString("\nendobj\n")
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(doc.objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<</Size %d /Root %d 0 R /Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(doc.objs)+1, catalog, infoRef, xref)
	_, err := w.Write(out.Bytes())
	return err
}

// embedFont adds a Type 0 font with a CID TrueType descendant (the whole
// font file embedded, glyph ids as CIDs) and a ToUnicode map, and returns
// the Type 0 font's object number.
func embedFont(doc *pdfDoc, pf *pdfFont) (int, error) {
	ttf := render.FontTTF(pf.style)
	name, err := pf.f.Name(&pf.buf, sfnt.NameIDPostScript)
	if err != nil || name == "" {
		name = "GoFont" + pf.name
	}
	name = strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' || strings.ContainsRune("()<>[]{}/%#", r) {
			return -1
		}
		return r
	}, name)
	ppem := fixed.Int26_6(pf.upem * 64)
	bb, err := pf.f.Bounds(&pf.buf, ppem, font.HintingNone)
	if err != nil {
		return 0, fmt.Errorf("export: pdf: font %s: %w", name, err)
	}
	m, err := pf.f.Metrics(&pf.buf, ppem, font.HintingNone)
	if err != nil {
		return 0, fmt.Errorf("export: pdf: font %s: %w", name, err)
	}
	file := doc.add(fontStream(pf.style, ttf))
	italic, flags := 0, 32
	if pf.style == render.FontItalic {
		italic, flags = -12, 32|64
	}
	desc := doc.add(fmt.Appendf(nil, "<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%s %s %s %s] /ItalicAngle %d /Ascent %s /Descent %s /CapHeight %s /StemV 80 /FontFile2 %d 0 R>>",
		name, flags, num(pf.units(bb.Min.X)), num(-pf.units(bb.Max.Y)), num(pf.units(bb.Max.X)), num(-pf.units(bb.Min.Y)),
		italic, num(pf.units(m.Ascent)), num(-pf.units(m.Descent)), num(pf.units(m.CapHeight)), file))
	gids := make([]int, 0, len(pf.used))
	for g := range pf.used {
		gids = append(gids, int(g))
	}
	sort.Ints(gids)
	var wArr strings.Builder
	for _, g := range gids {
		adv, err := pf.f.GlyphAdvance(&pf.buf, sfnt.GlyphIndex(g), ppem, font.HintingNone)
		if err != nil {
			continue
		}
		fmt.Fprintf(&wArr, "%d [%s] ", g, num(pf.units(adv)))
	}
	cid := doc.add(fmt.Appendf(nil, "<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW 1000 /W [%s] /CIDToGIDMap /Identity>>",
		name, desc, wArr.String()))
	var cm strings.Builder
	cm.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(gids); i += 100 {
		chunk := gids[i:min(i+100, len(gids))]
		fmt.Fprintf(&cm, "%d beginbfchar\n", len(chunk))
		for _, g := range chunk {
			fmt.Fprintf(&cm, "<%04X> <", g)
			for _, u := range utf16.Encode([]rune{pf.used[sfnt.GlyphIndex(g)]}) {
				fmt.Fprintf(&cm, "%04X", u)
			}
			cm.WriteString(">\n")
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	toUni := doc.add(stream("", []byte(cm.String()), true))
	return doc.add(fmt.Appendf(nil, "<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", name, cid, toUni)), nil
}

// fontStreams caches the compressed font file streams: compressing the Go
// fonts is most of a page's writing time, and the result never changes.
var fontStreams sync.Map // render.FontStyle → []byte

func fontStream(s render.FontStyle, ttf []byte) []byte {
	if b, ok := fontStreams.Load(s); ok {
		return b.([]byte)
	}
	b := stream(fmt.Sprintf(" /Length1 %d", len(ttf)), ttf, true)
	fontStreams.Store(s, b)
	return b
}

// embedImage adds an image XObject of img and returns its object number:
// a JPEG when img is opaque (raster basemaps are photographs or rendered
// maps, which JPEG keeps small), else Flate-compressed RGB with a soft
// mask of its alpha.
func embedImage(doc *pdfDoc, img *image.RGBA) (int, error) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	if img.Opaque() {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 88}); err != nil {
			return 0, fmt.Errorf("export: pdf: image: %w", err)
		}
		return doc.add(stream(fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode", w, h), b.Bytes(), false)), nil
	}
	rgb := make([]byte, 0, 3*w*h)
	alpha := make([]byte, 0, w*h)
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.RGBAAt(x, y)).(color.NRGBA)
			rgb = append(rgb, c.R, c.G, c.B)
			alpha = append(alpha, c.A)
		}
	}
	mask := doc.add(stream(fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8", w, h), alpha, true))
	return doc.add(stream(fmt.Sprintf(" /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /SMask %d 0 R", w, h, mask), rgb, true)), nil
}

// DocInfo is the document information of an export.
type DocInfo struct {
	Title, Subject, Author, Keywords string
	Date                             string // YYYY-MM-DD
	Version                          string
}
