package tiles

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/project"
	"golang.org/x/image/webp"
)

// maxInflated bounds what one gzipped tile, directory or metadata block may
// grow to, so a damaged or hostile file cannot exhaust memory.
const maxInflated = 64 << 20

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// isGzip reports whether b starts like a gzip stream.
func isGzip(b []byte) bool { return bytes.HasPrefix(b, gzipMagic) }

// gzipReaders keeps gzip readers (about 40 KB each) for reuse.
var gzipReaders sync.Pool

// gunzip decompresses b, refusing more than maxInflated bytes.
func gunzip(b []byte) ([]byte, error) {
	var err error
	zr, _ := gzipReaders.Get().(*gzip.Reader)
	if zr == nil {
		zr, err = gzip.NewReader(bytes.NewReader(b))
	} else {
		err = zr.Reset(bytes.NewReader(b))
	}
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	defer gzipReaders.Put(zr)
	out, err := io.ReadAll(io.LimitReader(zr, maxInflated+1))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if len(out) > maxInflated {
		return nil, fmt.Errorf("gzip: inflates to more than %d MiB", maxInflated>>20)
	}
	return out, nil
}

// Sniff returns the format of a tile from its first bytes: PNG, JPEG or
// WebP by their magic numbers, MVT for gzipped data (vector tiles are the
// only gzipped tiles in MBTiles), "" when none of these. An uncompressed
// vector tile has no magic number and is not recognised.
func Sniff(b []byte) Format {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}):
		return JPEG
	case len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return WebP
	case isGzip(b):
		return MVT
	}
	return ""
}

// sniffDeep is Sniff that also recognises an uncompressed vector tile, by
// decoding it.
func sniffDeep(b []byte) Format {
	if f := Sniff(b); f != "" {
		return f
	}
	if ls, err := safeUnmarshal(b); err == nil && len(ls) > 0 {
		return MVT
	}
	return ""
}

// ErrNotRaster is returned by DecodeRaster for bytes that are not a PNG,
// JPEG or WebP image.
var ErrNotRaster = errors.New("tiles: not a PNG, JPEG or WebP image")

// rasterCodecs are the image decoders of each raster format.
var rasterCodecs = map[Format]struct {
	decode func(io.Reader) (image.Image, error)
	config func(io.Reader) (image.Config, error)
}{
	PNG:  {png.Decode, png.DecodeConfig},
	JPEG: {jpeg.Decode, jpeg.DecodeConfig},
	WebP: {webp.Decode, webp.DecodeConfig},
}

// DecodeRaster decodes a raster tile (PNG, JPEG or WebP, chosen by its
// magic number) as Source.Tile returns it.
func DecodeRaster(b []byte) (image.Image, error) {
	f := Sniff(b)
	c, ok := rasterCodecs[f]
	if !ok {
		return nil, ErrNotRaster
	}
	img, err := c.decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("tiles: decode %s tile: %w", f, err)
	}
	return img, nil
}

// rasterSize returns the width of a raster tile from its header, or 0.
func rasterSize(b []byte) int {
	c, ok := rasterCodecs[Sniff(b)]
	if !ok {
		return 0
	}
	cfg, err := c.config(bytes.NewReader(b))
	if err != nil {
		return 0
	}
	return cfg.Width
}

// DecodeVector decodes a vector tile (a Mapbox Vector Tile, gzipped or
// not) at tile t into its layers, with geometry in longitude/latitude.
func DecodeVector(b []byte, t maptile.Tile) (mvt.Layers, error) {
	ls, err := unmarshalMVT(b)
	if err != nil {
		return nil, err
	}
	ls.ProjectToWGS84(t)
	return ls, nil
}

// DecodeVectorPixels decodes a vector tile (gzipped or not) into its
// layers, with geometry in the pixels of a tile drawn size pixels wide:
// (0, 0) at its north-west corner, y down, (size, size) at the south-east;
// geometry in a layer's buffer lies outside that square.
func DecodeVectorPixels(b []byte, size float64) (mvt.Layers, error) {
	ls, err := unmarshalMVT(b)
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		extent := float64(l.Extent)
		if extent == 0 {
			extent = mvt.DefaultExtent
		}
		k := size / extent
		scale := func(p orb.Point) orb.Point { return orb.Point{p[0] * k, p[1] * k} }
		for _, f := range l.Features {
			f.Geometry = project.Geometry(f.Geometry, scale)
		}
	}
	return ls, nil
}

func unmarshalMVT(b []byte) (mvt.Layers, error) {
	if isGzip(b) {
		var err error
		if b, err = gunzip(b); err != nil {
			return nil, fmt.Errorf("tiles: decode vector tile: %w", err)
		}
	}
	ls, err := safeUnmarshal(b)
	if err != nil {
		return nil, fmt.Errorf("tiles: decode vector tile: %w", err)
	}
	return ls, nil
}

// safeUnmarshal is mvt.Unmarshal turning its panics into errors: it
// indexes past the end of some damaged input (one byte 0x1f, for one).
func safeUnmarshal(b []byte) (ls mvt.Layers, err error) {
	defer func() {
		if r := recover(); r != nil {
			ls, err = nil, fmt.Errorf("damaged vector tile (%v)", r)
		}
	}()
	return mvt.Unmarshal(b)
}
