package render

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/geojson"
	"campmap/data/style"
	"campmap/data/synth"
	"campmap/geo"
)

// TestCompositeUniformPacked checks the packed compositing against the
// per-channel formula it replaced, for random colours, coverages and
// destination pixels (opaque or not, premultiplied or not).
func TestCompositeUniformPacked(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const w, h = 64, 64
	for n := 0; n < 200; n++ {
		col := color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256))}
		if n%4 == 0 {
			col.A = 0xff
		}
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range dst.Pix {
			dst.Pix[i] = uint8(rng.IntN(256))
		}
		mask := image.NewAlpha(image.Rect(0, 0, w, h))
		for i := range mask.Pix {
			mask.Pix[i] = uint8(rng.IntN(256))
		}
		want := append([]uint8(nil), dst.Pix...)
		for i, m := range mask.Pix {
			if m == 0 {
				continue
			}
			a := div255(uint32(col.A) * uint32(m))
			s := [4]uint8{div255(uint32(col.R) * uint32(a)), div255(uint32(col.G) * uint32(a)), div255(uint32(col.B) * uint32(a)), a}
			ia := uint32(0xff - a)
			for c := range 4 {
				want[4*i+c] = s[c] + div255(uint32(want[4*i+c])*ia)
			}
		}
		var lut coverageLUT
		lut.build(col)
		compositeUniform(dst, dst.Rect, mask, &lut)
		for i := range want {
			if dst.Pix[i] != want[i] {
				t.Fatalf("colour %v, byte %d: %d, want %d", col, i, dst.Pix[i], want[i])
			}
		}
	}
}

// shapesLayer loads n generated polygons or lines (synth.WriteShapes) the
// way campmap render does.
func shapesLayer(tb testing.TB, n int, shape synth.Shape) *data.Layer {
	tb.Helper()
	var buf bytes.Buffer
	t0 := time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)
	box := orb.Bound{Min: orb.Point{-1.5, 49.5}, Max: orb.Point{3, 52}}
	if err := synth.WriteShapes(&buf, n, 1, box, t0, t0.AddDate(0, 4, 0), shape); err != nil {
		tb.Fatal(err)
	}
	l, err := geojson.LoadBytes(context.Background(), "shapes.geojson", buf.Bytes(), data.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// BenchmarkDrawShapes200K draws 200,000 generated polygons or lines into
// a 2000x2000 image as campmap render does (no basemap): "prepare" is the
// first frame, which projects every shape once; "frame" a frame drawn
// from the prepared shapes. It reports the time per million positions.
func BenchmarkDrawShapes200K(b *testing.B) {
	for _, c := range []struct {
		name  string
		shape synth.Shape
	}{{"polygon", synth.Polygon}, {"line", synth.Line}} {
		l := shapesLayer(b, 200_000, c.shape)
		positions := 0
		for i := range l.Len() {
			positions += data.PositionCount(l.Geometry(i))
		}
		vp := geo.Fit(orb.Bound{Min: orb.Point{-1.5, 49.5}, Max: orb.Point{3, 52}}, 2000, 2000, 0, geo.MaxZoom)
		sc := &Scene{Layers: []LayerView{{Layer: l, Style: style.Style{Visible: true}}}, Window: data.Undated}
		dst := image.NewRGBA(image.Rect(0, 0, 2000, 2000))
		// CPU seconds per million positions (both cores count: the
		// shapes are projected on two)
		perM := func(b *testing.B, cpu time.Duration) {
			b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N)/float64(positions)*1e6, "cpu-s/Mpos")
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e6, "cpu-ms/op")
		}
		b.Run(c.name+"/prepare", func(b *testing.B) {
			cpu := processCPU()
			for b.Loop() {
				prepare(l)
			}
			perM(b, cpu)
		})
		b.Run(c.name+"/frame", func(b *testing.B) {
			Draw(dst, sc, vp)
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				Draw(dst, sc, vp)
			}
			perM(b, cpu)
		})
	}
}

// TestFillPipelineSamePixels draws generated polygons and lines (with the
// symbols small incident areas get) with the fill pipeline and without:
// the images must be identical.
func TestFillPipelineSamePixels(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("the pipeline needs two cores")
	}
	defer func(n int) { pipelineMin = n }(pipelineMin)
	for _, c := range []struct {
		name  string
		shape synth.Shape
	}{{"polygon", synth.Polygon}, {"line", synth.Line}} {
		t.Run(c.name, func(t *testing.T) {
			l := shapesLayer(t, 4000, c.shape)
			sc := NewScene(nil, []*data.Layer{l})
			for _, vp := range []geo.Viewport{
				geo.Fit(orb.Bound{Min: orb.Point{-1.5, 49.5}, Max: orb.Point{3, 52}}, 800, 600, 0, geo.MaxZoom),
				geo.Fit(l.Bounds(), 640, 480, 20, geo.MaxZoom), // closer: larger shapes, labels
			} {
				draw := func(min int) *image.RGBA {
					pipelineMin = min
					return Render(sc, vp)
				}
				with, without := draw(0), draw(1<<30)
				if !bytes.Equal(with.Pix, without.Pix) {
					t.Errorf("zoom %.1f: the pipeline changes the pixels", vp.Zoom)
				}
			}
		})
	}
}
