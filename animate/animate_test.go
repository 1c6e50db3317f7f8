package animate

import (
	"context"
	"errors"
	"image"
	"image/draw"
	"image/gif"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/geo"
	"campmap/render"
)

func paris(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestWindowsFrameCount(t *testing.T) {
	loc := paris(t)
	at := func(y int, m time.Month, d, h int) int64 { return time.Date(y, m, d, h, 0, 0, 0, loc).UnixMilli() }
	endOf := func(y int, m time.Month, d int) int64 { return time.Date(y, m, d+1, 0, 0, 0, 0, loc).UnixMilli() - 1 }
	day, week, hour, month := data.Step{N: 1, Unit: data.Day}, data.Step{N: 7, Unit: data.Day}, data.Step{N: 1, Unit: data.Hour}, data.Step{N: 1, Unit: data.Month}
	cases := []struct {
		name      string
		o         Options
		frames    int
		lastStart string
		lastEnd   string
	}{
		// frames = ceil((to − end₀) / step) + 1
		{"week window stepped daily over July", Options{From: at(2015, 7, 1, 0), To: endOf(2015, 7, 31), Step: day, Window: week}, 25, "2015-07-25 00:00 CEST", "2015-07-31 23:59:59 CEST"},
		{"daily over July", Options{From: at(2015, 7, 1, 0), To: endOf(2015, 7, 31), Step: day}, 31, "2015-07-31 00:00 CEST", "2015-07-31 23:59:59 CEST"},
		{"to inside the first window", Options{From: at(2015, 7, 1, 0), To: at(2015, 7, 3, 0), Step: day, Window: week}, 1, "2015-07-01 00:00 CEST", "2015-07-07 23:59:59 CEST"},
		{"to not on a step: one more frame reaches it", Options{From: at(2015, 7, 1, 0), To: at(2015, 7, 3, 12), Step: day}, 3, "2015-07-03 00:00 CEST", "2015-07-03 23:59:59 CEST"},
		{"hours across the night clocks go back", Options{From: at(2015, 10, 25, 0), To: endOf(2015, 10, 25), Step: hour}, 25, "2015-10-25 23:00 CET", "2015-10-25 23:59:59 CET"},
		{"days across the change", Options{From: at(2015, 10, 20, 0), To: endOf(2015, 10, 30), Step: day}, 11, "2015-10-30 00:00 CET", "2015-10-30 23:59:59 CET"},
		{"cumulative months", Options{From: at(2015, 1, 1, 0), To: endOf(2015, 12, 31), Step: month, Cumulative: true}, 12, "2015-01-01 00:00 CET", "2015-12-31 23:59:59 CET"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.Zone = loc
			ws, err := Windows(tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if len(ws) != tc.frames {
				t.Fatalf("%d frames, want %d", len(ws), tc.frames)
			}
			last := ws[len(ws)-1]
			if got := data.FormatTime(last.Start, loc); got != tc.lastStart {
				t.Errorf("last window starts %s, want %s", got, tc.lastStart)
			}
			if got := data.FormatTime(last.End, loc); got != tc.lastEnd {
				t.Errorf("last window ends %s, want %s", got, tc.lastEnd)
			}
			for i := 1; i < len(ws); i++ {
				if ws[i].End <= ws[i-1].End {
					t.Fatalf("window %d does not move forward", i)
				}
			}
		})
	}
}

func TestWindowsErrors(t *testing.T) {
	day := data.Step{N: 1, Unit: data.Day}
	if _, err := Windows(Options{From: 10, To: 5, Step: day}); !errors.Is(err, ErrBadRange) {
		t.Errorf("reversed range: %v", err)
	}
	if _, err := Windows(Options{From: 0, To: 1e13, Step: data.Step{N: 1, Unit: data.Hour}}); !errors.Is(err, ErrTooManyFrames) {
		t.Errorf("a century of hours: %v", err)
	}
	if _, err := Windows(Options{From: 0, To: 1}); !errors.Is(err, data.ErrBadStep) {
		t.Errorf("no step: %v", err)
	}
}

func TestDelay(t *testing.T) {
	for _, tc := range []struct {
		fps  float64
		want int
	}{{0, 50}, {1, 100}, {2, 50}, {4, 25}, {10, 10}, {50, 2}, {500, 2}, {0.1, 100}} {
		if got := Delay(tc.fps); got != tc.want {
			t.Errorf("Delay(%g) = %d, want %d", tc.fps, got, tc.want)
		}
	}
}

func scene(t testing.TB) *render.Scene {
	t.Helper()
	b := data.NewBuilder("incidents", 48)
	b.Layer().Kind = data.KindIncident
	day0 := time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC)
	for i := range 48 {
		if err := b.Add(data.Feature{Geometry: orb.Point{1.80 + 0.005*float64(i), 50.93 + 0.001*float64(i%7)},
			Span:  data.Instant(day0.Add(time.Duration(i) * 3 * time.Hour)),
			Props: []data.Property{{Key: "category", Value: data.Text([]string{"injury", "intrusion", "fire"}[i%3])}}}); err != nil {
			t.Fatal(err)
		}
	}
	return render.NewScene(nil, []*data.Layer{b.Build()})
}

func TestMakeFramesAndCaptions(t *testing.T) {
	sc := scene(t)
	loc := paris(t)
	vp := geo.Fit(orb.Bound{Min: orb.Point{1.78, 50.90}, Max: orb.Point{2.06, 50.97}}, 320, 200, 8, 16)
	from := time.Date(2015, 7, 20, 0, 0, 0, 0, loc).UnixMilli()
	o := Options{From: from, To: from + 4*86400e3 - 1, Step: data.Step{N: 1, Unit: data.Day}, FPS: 5, Zone: loc}
	var progress []int
	o.Progress = func(done, total int) { progress = append(progress, done) }
	g, err := Make(context.Background(), sc, vp, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 4 || len(g.Delay) != 4 || g.Delay[0] != 20 {
		t.Fatalf("%d frames, delays %v", len(g.Image), g.Delay)
	}
	if len(progress) != 4 || progress[3] != 4 {
		t.Errorf("progress %v", progress)
	}
	pal := g.Image[0].Palette
	if len(pal) > 256 || len(pal) < 16 {
		t.Errorf("palette of %d colours", len(pal))
	}
	// The category colours are in the palette exactly: dots stay clean.
	lv := sc.Layers[0]
	for c := 1; c <= 3; c++ {
		want := lv.CategoryColorOf(c)
		found := false
		for _, p := range pal {
			r, g, b, _ := p.RGBA()
			if uint8(r>>8) == want.R && uint8(g>>8) == want.G && uint8(b>>8) == want.B {
				found = true
			}
		}
		if !found {
			t.Errorf("category colour %v is not in the palette", want)
		}
	}
	// The caption (top left) changes every frame.
	capBox := image.Rect(0, 0, 200, 28)
	pics := composite(g)
	for i := 1; i < len(pics); i++ {
		if same(pics[i-1], pics[i], capBox) {
			t.Errorf("frames %d and %d share a caption", i-1, i)
		}
	}
	// Later frames store only what changed, and the pictures a viewer
	// builds show the full map: the last one matches its frame drawn alone.
	if g.Image[1].Rect.Dx()*g.Image[1].Rect.Dy() >= 320*200 {
		t.Logf("frame 1 is stored whole (%v)", g.Image[1].Rect)
	}
	last := *sc
	last.Window, last.Zone, last.ScaleBar = data.Span{Start: from + 3*86400e3, End: from + 4*86400e3 - 1}, loc, true
	direct := render.Render(&last, vp)
	render.DrawCaption(direct, &last, vp, render.WindowCaption(&last))
	q := newQuantizer(g.Image[0].Palette)
	want := q.convert(direct)
	got := pics[len(pics)-1]
	for y := 0; y < 200; y++ {
		for x := 0; x < 320; x++ {
			r1, g1, b1, _ := want.At(x, y).RGBA()
			r2, g2, b2, _ := got.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				t.Fatalf("played picture differs from the frame drawn alone at %d,%d", x, y)
			}
		}
	}
	// Cancelled: an error, no animation.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Make(ctx, sc, vp, o); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Make: %v", err)
	}
	if _, err := Make(context.Background(), sc, geo.Viewport{W: 0, H: 10}, o); err == nil {
		t.Error("a 0-wide frame was accepted")
	}
}

func same(a, b *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

func BenchmarkMake(b *testing.B) {
	sc := scene(b)
	vp := geo.Fit(orb.Bound{Min: orb.Point{1.78, 50.90}, Max: orb.Point{2.06, 50.97}}, 640, 400, 8, 16)
	from := time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC).UnixMilli()
	o := Options{From: from, To: from + 10*86400e3 - 1, Step: data.Step{N: 1, Unit: data.Day}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Make(context.Background(), sc, vp, o); err != nil {
			b.Fatal(err)
		}
	}
}

// composite plays the animation as a viewer does: each frame drawn over the
// previous ones (DisposalNone), returning every full picture.
func composite(g *gif.GIF) []*image.RGBA {
	canvas := image.NewRGBA(image.Rect(0, 0, g.Config.Width, g.Config.Height))
	var out []*image.RGBA
	for _, f := range g.Image {
		draw.Draw(canvas, f.Bounds(), f, f.Bounds().Min, draw.Src)
		c := image.NewRGBA(canvas.Rect)
		copy(c.Pix, canvas.Pix)
		out = append(out, c)
	}
	return out
}

// TestConvertMatchesIndex checks that converting a frame (which reuses the
// last pixel's answer) maps every pixel as the quantizer's index does.
func TestConvertMatchesIndex(t *testing.T) {
	sc := scene(t)
	vp := geo.Fit(orb.Bound{Min: orb.Point{1.78, 50.90}, Max: orb.Point{2.06, 50.97}}, 320, 200, 8, 16)
	img := render.Render(sc, vp)
	for i := 0; i < len(img.Pix); i += 4 * 37 { // some lone pixels of other colours
		img.Pix[i], img.Pix[i+1] = uint8(i), uint8(i>>8)
	}
	pal := Palette(sc, []*image.RGBA{img})
	got := newQuantizer(pal).convert(img)
	q := newQuantizer(pal)
	for y := 0; y < 200; y++ {
		for x := 0; x < 320; x++ {
			i := img.PixOffset(x, y)
			if want := q.index(img.Pix[i], img.Pix[i+1], img.Pix[i+2]); got.ColorIndexAt(x, y) != want {
				t.Fatalf("pixel %d,%d: index %d, want %d", x, y, got.ColorIndexAt(x, y), want)
			}
		}
	}
}
