package icons

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"
)

func TestEmbeddedIconsParse(t *testing.T) {
	for _, n := range Names {
		t.Run(n, func(t *testing.T) {
			if len(SVG(n)) == 0 {
				t.Fatal("no embedded SVG")
			}
			ic := Get(n)
			if ic == nil {
				t.Fatal("does not parse")
			}
			if ic.Width != 24 || ic.Height != 24 {
				t.Errorf("viewBox %gx%g, want 24x24", ic.Width, ic.Height)
			}
			if n == "campmap" {
				return
			}
			for _, c := range []string{"halo", "marker", "glyph"} {
				if len(ic.Class(c)) == 0 {
					t.Errorf("no %q shape", c)
				}
			}
			// The symbol stays inside the viewBox.
			for _, s := range ic.Shapes {
				lo, hi := s.Path.Bounds()
				if lo.X < 0 || lo.Y < 0 || hi.X > 24 || hi.Y > 24 {
					t.Errorf("%s shape outside the viewBox: %v %v", s.Class, lo, hi)
				}
			}
		})
	}
}

func TestSymbolFallsBackToOther(t *testing.T) {
	if len(Symbol("camp")) == 0 || len(Marker("port")) == 0 {
		t.Fatal("missing symbol")
	}
	got, want := Symbol("no such kind").String(), Symbol("other").String()
	if got != want {
		t.Errorf("unknown kind symbol = %s, want other's", got)
	}
	if SVG("nope") != nil {
		t.Error("SVG of an unknown name should be nil")
	}
}

func TestIconDrawsItsColours(t *testing.T) {
	img := Get("camp").Rasterize(48)
	// The centre of the tent is white (glyph), a point inside the marker
	// ring but outside the glyph is the marker's orange, the corner is clear.
	if c := img.RGBAAt(24, 22); c.R < 240 || c.G < 240 || c.B < 240 {
		t.Errorf("glyph pixel = %v, want white", c)
	}
	if c := img.RGBAAt(24, 7); c != (color.RGBA{0xD5, 0x5E, 0x00, 0xff}) {
		t.Errorf("marker pixel = %v, want #D55E00", c)
	}
	if c := img.RGBAAt(1, 1); c.A != 0 {
		t.Errorf("corner = %v, want transparent", c)
	}
	// Degenerate sizes do not panic.
	for _, s := range []int{-5, 0, 1} {
		if r := Get("port").Rasterize(s); r.Rect.Dx() != max(s, 0) {
			t.Errorf("Rasterize(%d) size %v", s, r.Rect)
		}
	}
	var nilIcon *Icon
	nilIcon.Draw(img, 0, 0, 10, nil)
}

func TestAppIconIsGenerated(t *testing.T) {
	want, err := AppIconPNG(512)
	if err != nil {
		t.Fatal(err)
	}
	got := AppIcon()
	cfg, err := png.DecodeConfig(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("campmap.png: %v", err)
	}
	if cfg.Width != 512 || cfg.Height != 512 {
		t.Errorf("campmap.png is %dx%d, want 512x512", cfg.Width, cfg.Height)
	}
	if !bytes.Equal(got, want) {
		t.Error("icons/campmap.png is stale: run `go run ./icons/gen`")
	}
}

func TestParseSVG(t *testing.T) {
	good := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 20"><g><path d="M0 0H1V1Z" fill="#f00" fill-opacity="0.5" class="x"/></g><path fill="none" d="M0 0H1V1Z"/></svg>`
	ic, err := ParseSVG([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if ic.Width != 10 || ic.Height != 20 || len(ic.Shapes) != 1 {
		t.Fatalf("got %+v", ic)
	}
	if s := ic.Shapes[0]; s.Class != "x" || s.Fill != (color.NRGBA{0xff, 0, 0, 0x80}) {
		t.Errorf("shape = %+v", s)
	}
	for name, doc := range map[string]string{
		"not xml":      "<svg",
		"no svg":       "<html></html>",
		"bad viewBox":  `<svg viewBox="0 0 a 1"></svg>`,
		"zero size":    `<svg viewBox="0 0 0 0"></svg>`,
		"bad path":     `<svg viewBox="0 0 1 1"><path d="Q"/></svg>`,
		"bad colour":   `<svg viewBox="0 0 1 1"><path d="M0 0H1V1Z" fill="red"/></svg>`,
		"bad opacity":  `<svg viewBox="0 0 1 1"><path d="M0 0H1V1Z" fill-opacity="2"/></svg>`,
		"path outside": `<path d="M0 0H1V1Z"/>`,
		"empty":        ``,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ParseSVG([]byte(doc)); err == nil {
				t.Errorf("ParseSVG(%q): want an error", doc)
			}
		})
	}
}

func FuzzParseSVG(f *testing.F) {
	for _, n := range Names {
		f.Add(SVG(n))
	}
	f.Add([]byte(`<svg viewBox="0 0 1 1"><path d="M0 0L1 1Z" fill="#abc"/></svg>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ic, err := ParseSVG(b)
		if err != nil {
			return
		}
		// Whatever parses draws without panicking.
		ic.Rasterize(16)
	})
}
