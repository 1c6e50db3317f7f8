package ui

import (
	"fmt"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/geo"
	"campmap/internal/format"
)

// statusBar shows the cursor position, the scale, loading progress and
// messages. It belongs to the UI goroutine.
type statusBar struct {
	// cancelLoad stops the loading under way; pixelRatio is the map's
	// device pixels per Fyne unit (for the scale).
	cancelLoad func()
	pixelRatio func() float32
	cursor     *widget.Label
	scale      *widget.Label
	msg        *widget.Label
	progress   *widget.ProgressBar
	loading    *widget.Label
	cancel     *widget.Button
	box        *fyne.Container // Border: lays out again when loadBox shows
	loadBox    *fyne.Container
}

func newStatusBar(cancelLoad func(), pixelRatio func() float32) *statusBar {
	s := &statusBar{cancelLoad: cancelLoad, pixelRatio: pixelRatio}
	s.cursor = widget.NewLabel("")
	s.scale = widget.NewLabel("")
	s.msg = widget.NewLabel("")
	s.msg.Truncation = fyne.TextTruncateEllipsis
	s.progress = widget.NewProgressBar()
	s.loading = widget.NewLabel("")
	s.cancel = widget.NewButtonWithIcon(lang.L("Cancel"), theme.CancelIcon(), func() { s.cancelLoad() })
	s.loadBox = container.NewHBox(s.loading, withWidth(180, s.progress), s.cancel)
	s.loadBox.Hide()
	s.box = container.NewBorder(nil, nil, nil, container.NewHBox(s.loadBox, s.cursor, widget.NewSeparator(), s.scale), s.msg)
	return s
}

func (s *statusBar) object() fyne.CanvasObject { return s.box }

// setCursor shows the longitude/latitude under the mouse.
func (s *statusBar) setCursor(p orb.Point, in bool) {
	if !in {
		s.cursor.SetText("")
		return
	}
	s.cursor.SetText(formatLonLat(p))
}

// setView shows the scale of vp.
func (s *statusBar) setView(vp geo.Viewport) {
	s.scale.SetText(formatScale(vp.MetersPerPixel() * float64(s.pixelRatio())))
}

// message shows a one-line message.
func (s *statusBar) message(text string) { s.msg.SetText(text) }

// startLoading shows the progress bar for a load.
func (s *statusBar) startLoading(what string) {
	s.loading.SetText(what)
	s.progress.SetValue(0)
	s.loadBox.Show()
	s.box.Refresh()
}

// setProgress shows how much of the current file is read.
func (s *statusBar) setProgress(done, total int64) {
	if total <= 0 {
		return
	}
	s.progress.SetValue(math.Max(0, math.Min(1, float64(done)/float64(total))))
}

// stopLoading hides the progress bar.
func (s *statusBar) stopLoading() {
	s.loadBox.Hide()
	s.box.Refresh()
}

// formatLonLat shows a point as "50.94812° N, 1.85630° E" (in French
// "50,94812° N ; 1,85630° E": a decimal comma, west is O).
func formatLonLat(p orb.Point) string {
	ns, ew := lang.L("N"), lang.L("E")
	lat, lon := p[1], p[0]
	if lat < 0 {
		ns, lat = lang.L("S"), -lat
	}
	if lon < 0 {
		ew, lon = lang.L("W"), -lon
	}
	return fmt.Sprintf(lang.L("%s° %s, %s° %s"), decimal(lat, 5), ns, decimal(lon, 5), ew)
}

// standardPixel is the OGC rendering pixel size (0.28 mm) used to turn
// metres per pixel into a 1:N scale.
const standardPixel = 0.00028

// formatScale shows a ground resolution as "1:25 000 · 3.2 m/px" (mpp is
// metres per Fyne unit, the size of a pixel at scale 1).
func formatScale(mpp float64) string {
	if !(mpp > 0) || math.IsInf(mpp, 0) {
		return ""
	}
	n := mpp / standardPixel
	var res string
	switch {
	case mpp >= 1000:
		res = strconv.FormatFloat(mpp/1000, 'f', 1, 64) + " km/px"
	case mpp >= 10:
		res = strconv.FormatFloat(mpp, 'f', 0, 64) + " m/px"
	default:
		res = strconv.FormatFloat(mpp, 'f', 2, 64) + " m/px"
	}
	return "1:" + groupThousands(roundScale(n)) + " · " + res
}

// roundScale keeps two significant digits, as map scales are quoted.
func roundScale(n float64) int64 {
	if n < 100 {
		return int64(math.Round(n))
	}
	p := math.Pow(10, math.Floor(math.Log10(n))-1)
	return int64(math.Round(n/p) * p)
}

// groupThousands writes n as the window shows counts: digits in groups of
// three with a space between (1 234 567), a narrow no-break space in
// French (1 234 567) as French typography wants.
func groupThousands(n int64) string {
	if french() {
		return format.Group(n, "\u202f")
	}
	return format.Group(n, " ")
}
