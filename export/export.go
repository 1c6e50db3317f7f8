// Package export writes campmap's briefing exports: a page (or a plain map
// image) drawn by package render, as PDF or SVG (vector paths and
// selectable text in embedded fonts) or PNG, each carrying a manifest that
// records the inputs (by SHA-256), layers, styles, time window, viewport,
// page and publication-safe settings, so that the export can be made again
// and checked. Publication-safe mode replaces incidents by counts in grid
// cells. The package is pure Go and never imports the GUI toolkit.
package export

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"campmap/geo"
	"campmap/internal/atomicfile"
	"campmap/render"
)

// Formats an export can be written in.
const (
	FormatPDF = "pdf"
	FormatSVG = "svg"
	FormatPNG = "png"
)

// FormatOf returns the format named by a file's extension, or "".
func FormatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".pdf":
		return FormatPDF
	case ".svg":
		return FormatSVG
	case ".png":
		return FormatPNG
	}
	return ""
}

// DPI bounds for PNG pages.
const (
	MinDPI     = 96
	MaxDPI     = 600
	DefaultDPI = 150
)

// Job is one export. The Scene is not modified.
type Job struct {
	Scene  *render.Scene
	Bound  orb.Bound // what the map shows (pages fit it; plain images use View)
	Format string    // FormatPDF, FormatSVG or FormatPNG
	// Page, when set, makes a briefing page; nil makes a plain map image
	// (PNG only) of View.
	Page *render.PageOptions
	View geo.Viewport // plain images only
	DPI  float64      // PNG pages: 96 to 600 (0: DefaultDPI)
	Safe *SafeOptions // publication-safe mode when set
	// Snapped says Bound is already a publication-safe extent (from a
	// manifest), so it is not grown again.
	Snapped bool
	// Chosen says Bound is an area the user chose (the window's view, a
	// --bbox, a project's view), not the data's extent. A publication-safe
	// export snaps a chosen area outward (SnapBound); otherwise its
	// extent is that of what it publishes (SafeExtent), never of the raw
	// features.
	Chosen bool
	// Manifest holds the inputs and layers (see Describe); Write completes
	// it with the format, extent, page and safe settings and embeds it.
	Manifest Manifest
}

// ErrUnsafe is returned for a publication-safe job that would still show
// exact incidents.
var ErrUnsafe = errors.New("export: publication-safe export would show exact incidents")

// Result is what Write made.
type Result struct {
	Manifest []byte // the manifest as embedded (a safe export's public one)
	// Private is a publication-safe export's private manifest (nil
	// otherwise): the inputs' paths, hashes and sizes and the noise seed,
	// enough to make the export again; see WritePrivate.
	Private []byte
	Safe    SafeSummary // publication-safe counts (zero otherwise)
	Layout  render.PageLayout
	W, H    int // PNG size in pixels
}

// Prepare completes the job: the publication-safe scene and extent, the
// manifest. It returns the scene to draw and the job as it will be drawn.
func (j Job) Prepare() (*render.Scene, Job, SafeSummary, error) {
	sc := j.Scene
	var sum SafeSummary
	if j.Format == "" {
		j.Format = FormatPNG
	}
	if j.Page == nil && j.Format != FormatPNG {
		return nil, j, sum, fmt.Errorf("export: %s needs a page", j.Format)
	}
	if j.Page != nil && j.Format == FormatPNG && j.Page.Size.Pixels {
		j.DPI = 96 // the page's own pixels
	}
	if j.Page != nil && j.Format == FormatPNG {
		if j.DPI == 0 {
			j.DPI = DefaultDPI
		}
		if j.DPI < MinDPI || j.DPI > MaxDPI {
			return nil, j, sum, fmt.Errorf("export: dpi %g: want %d to %d", j.DPI, MinDPI, MaxDPI)
		}
	}
	if j.Page != nil {
		if _, err := render.ParsePlacement(string(j.Page.Placement)); err != nil {
			return nil, j, sum, fmt.Errorf("export: %w", err)
		}
	}
	m := j.Manifest
	m.Format = j.Format
	if j.Safe != nil {
		opt := j.Safe.Defaults()
		if err := opt.Check(); err != nil {
			return nil, j, sum, err
		}
		if opt.NoiseScale > 0 && opt.Seed == 0 {
			opt.Seed = NewSeed()
		}
		if opt.NoiseScale == 0 {
			opt.Seed = 0
		}
		if opt.Hexagons && !j.Snapped {
			// hexagons are sized at the page's latitude: that of the
			// chosen area, or of the published squares (never of the raw
			// features)
			ref := j.Bound
			if !j.Chosen {
				sq := opt
				sq.Hexagons = false
				out, _ := SafeScene(sc, sq)
				ref = SafeExtent(out, j.Bound)
			}
			opt.RefLat = math.Round(ref.Center()[1])
		}
		j.Safe = &opt
		sc, sum = SafeScene(sc, opt)
		switch {
		case j.Snapped:
		case j.Chosen:
			j.Bound = SnapBound(j.Bound)
		default:
			j.Bound = SafeExtent(sc, j.Bound)
		}
		if j.Page == nil {
			// A plain image is fitted to the safe extent, never to the
			// data's own.
			j.View = geo.Fit(j.Bound, j.View.W, j.View.H, 0, geo.MaxZoom)
		}
		m.Safe = &SafeSpec{CellMeters: opt.CellMeters, MinCount: opt.MinCount, Grid: gridName,
			NoiseScale: opt.NoiseScale, Noise: noiseName(opt.NoiseScale), Round: opt.Round, Seed: opt.Seed, Chosen: j.Chosen}
		if opt.Hexagons {
			m.Safe.Grid, m.Safe.RefLat = hexGridName, opt.RefLat
		}
		m.Safe.Exact, m.Safe.Aggregated = sum.Exact, sum.Aggregated
		m.Layers = hashAggregated(m.Layers, j.Scene)
		if j.Page != nil {
			p := *j.Page
			p.LegendNotes = append(append([]string(nil), p.LegendNotes...), SafeNotes(opt, sum, sc.Lang)...)
			j.Page = &p
		}
		if ShowsExactIncidents(sc) {
			return nil, j, sum, ErrUnsafe
		}
	}
	b := j.Bound
	m.BBox = [4]float64{round6(b.Min[0]), round6(b.Min[1]), round6(b.Max[0]), round6(b.Max[1])}
	if j.Page == nil {
		v := j.View
		m.Viewport = &ViewSpec{Lon: v.Center[0], Lat: v.Center[1], Zoom: v.Zoom, W: v.W, H: v.H}
		m.Page = nil
	} else {
		p := j.Page
		m.Page = &PageSpec{Name: p.Size.Name, Title: p.Title, Subtitle: p.Subtitle, Org: p.Org, Date: p.Date, Label: p.Label,
			Legend: !p.NoLegend, ScaleBar: !p.NoScaleBar, North: !p.NoNorth, Inset: !p.NoInset, Miles: p.Miles}
		pl, _ := render.ParsePlacement(string(p.Placement)) // checked above
		m.Page.Placement = string(pl)
		if j.Format == FormatPNG {
			m.Page.DPI = j.DPI
		}
	}
	j.Manifest = m
	return sc, j, sum, nil
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

// Write makes the export and writes it to w.
func Write(w io.Writer, j Job) (Result, error) {
	sc, j, sum, err := j.Prepare()
	res := Result{Safe: sum}
	if err != nil {
		return res, err
	}
	var d *render.Drawing
	if j.Page != nil {
		p := *j.Page
		if p.ImageDPI == 0 && j.Format == FormatPNG {
			p.ImageDPI = j.DPI // raster basemap tiles at the page's resolution
		}
		d = render.DrawPage(sc, j.Bound, p)
		res.Layout = d.Layout
		if j.Manifest.Page != nil {
			ps := *j.Manifest.Page
			ps.LegendAt = string(d.Layout.Placement)
			j.Manifest.Page = &ps
		}
	}
	embedded := j.Manifest
	if j.Safe != nil {
		pb, err := json.MarshalIndent(j.Manifest, "", "  ")
		if err != nil {
			return res, fmt.Errorf("export: private manifest: %w", err)
		}
		res.Private = pb
		embedded = j.Manifest.ForPublic()
	}
	mb, err := json.MarshalIndent(embedded, "", "  ")
	if err != nil {
		return res, fmt.Errorf("export: manifest: %w", err)
	}
	res.Manifest = mb
	info := DocInfo{Version: j.Manifest.Version}
	if j.Page != nil {
		info.Title, info.Subject, info.Author, info.Date = j.Page.Title, j.Page.Subtitle, j.Page.Org, j.Page.Date
		info.Keywords = j.Page.Label
	}
	switch j.Format {
	case FormatPDF:
		return res, WritePDF(w, d, info, mb)
	case FormatSVG:
		return res, WriteSVG(w, d, info, mb)
	case FormatPNG:
		var img *image.RGBA
		dpi := 0.0
		if d != nil {
			img = d.Rasterize(j.DPI / 72)
			dpi = j.DPI
		} else {
			img = render.Render(sc, j.View)
		}
		if img.Rect.Empty() {
			return res, fmt.Errorf("export: png: the image would be empty or too large")
		}
		res.W, res.H = img.Rect.Dx(), img.Rect.Dy()
		return res, WritePNG(w, img, dpi, mb)
	}
	return res, fmt.Errorf("export: format %q: want pdf, svg or png", j.Format)
}

// WriteFile makes the export and writes it to path atomically (a failed
// export leaves no partial file).
func WriteFile(path string, j Job) (Result, error) {
	var res Result
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		var err error
		res, err = Write(w, j)
		return err
	})
	return res, err
}

// PrivateSuffix names a publication-safe export's private manifest: the
// export's path followed by it (page.pdf.private.json).
const PrivateSuffix = ".private.json"

// WritePrivate writes a private manifest to path atomically, readable by
// its owner only (0600, also when it replaces a file others could read).
func WritePrivate(path string, b []byte) error {
	if err := atomicfile.Write(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(append(b[:len(b):len(b)], '\n'))
		return err
	}); err != nil {
		return fmt.Errorf("export: private manifest: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("export: private manifest %s: %w: make it readable by you only (chmod 600)", path, err)
	}
	return nil
}

// ManifestKey is the keyword of the PNG text chunk holding the manifest.
const ManifestKey = "campmap-manifest"

// WritePNG encodes img as PNG with the manifest in an iTXt chunk (keyword
// ManifestKey) and, when dpi > 0, a pHYs chunk.
func WritePNG(w io.Writer, img image.Image, dpi float64, manifest []byte) error {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&b, img); err != nil {
		return fmt.Errorf("export: png: %w", err)
	}
	raw := b.Bytes()
	const afterIHDR = 8 + 25
	if len(raw) < afterIHDR {
		return fmt.Errorf("export: png: encoder output too short")
	}
	var extra bytes.Buffer
	if dpi > 0 {
		ppm := uint32(math.Round(dpi / 0.0254))
		var p [9]byte
		binary.BigEndian.PutUint32(p[0:], ppm)
		binary.BigEndian.PutUint32(p[4:], ppm)
		p[8] = 1
		writeChunk(&extra, "pHYs", p[:])
	}
	if len(manifest) > 0 {
		var t bytes.Buffer
		t.WriteString(ManifestKey)
		t.Write([]byte{0, 0, 0}) // null, uncompressed, method
		t.WriteByte(0)           // empty language tag
		t.WriteByte(0)           // empty translated keyword
		t.Write(manifest)
		writeChunk(&extra, "iTXt", t.Bytes())
	}
	if _, err := w.Write(raw[:afterIHDR]); err != nil {
		return err
	}
	if _, err := w.Write(extra.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(raw[afterIHDR:])
	return err
}

func writeChunk(w *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	w.WriteString(typ)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}

// ReadPNGManifest returns the manifest chunk of a PNG file, if any.
func ReadPNGManifest(b []byte) ([]byte, bool) {
	if len(b) < 8 {
		return nil, false
	}
	p := 8
	for p+8 <= len(b) {
		n := int(binary.BigEndian.Uint32(b[p:]))
		typ := string(b[p+4 : p+8])
		if n < 0 || p+12+n > len(b) {
			return nil, false
		}
		data := b[p+8 : p+8+n]
		if typ == "iTXt" && bytes.HasPrefix(data, []byte(ManifestKey+"\x00")) {
			if len(data) < len(ManifestKey)+3 {
				return nil, false
			}
			rest := data[len(ManifestKey)+3:]
			// Skip the language tag and translated keyword.
			for k := 0; k < 2; k++ {
				i := bytes.IndexByte(rest, 0)
				if i < 0 {
					return nil, false
				}
				rest = rest[i+1:]
			}
			return rest, true
		}
		p += 12 + n
	}
	return nil, false
}
