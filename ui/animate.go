package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"campmap/animate"
	"campmap/data"
)

// animSizes are the GIF frame sizes offered.
var animSizes = []string{"640x400", "960x640", "1280x800"}

// animForm holds the last animation dialog's fields (tests fill them).
type animForm struct {
	from, to   *escEntry
	step, win  *widget.Select
	fps, size  *widget.Select
	cumulative *widget.Check
	frames     *widget.Label // how many frames the choices give
}

// animOptions reads the dialog into animation options.
func (mw *MainWindow) animOptions(f *animForm) (animate.Options, int, int, error) {
	o := animate.Options{Zone: mw.zone, Inside: mw.inside, Cumulative: f.cumulative.Checked, Step: stepOf(untr(f.step.Selected))}
	if st, ok := lengthSteps[untr(f.win.Selected)]; ok {
		o.Window = st
	} else {
		o.Window = o.Step
	}
	a, err := parseTyped(f.from.Text, mw.zone)
	if err != nil {
		return o, 0, 0, fmt.Errorf("ui: animation start: %w", err)
	}
	b, err := parseTyped(f.to.Text, mw.zone)
	if err != nil {
		return o, 0, 0, fmt.Errorf("ui: animation end: %w", err)
	}
	o.From, o.To = a.Start, b.End
	fps, err := strconv.ParseFloat(strings.Fields(f.fps.Selected + " x")[0], 64)
	if err != nil {
		fps = 2
	}
	o.FPS = fps
	w, h := 960, 640
	fmt.Sscanf(f.size.Selected, "%dx%d", &w, &h)
	return o, w, h, nil
}

// showAnimationDialog asks for the animation's range, step, window,
// speed and size (the timeline's settings by default), shows how many
// frames that makes, then asks for the file.
func (mw *MainWindow) showAnimationDialog() {
	if !mw.extent.Dated() {
		dialog.ShowInformation(lang.L("Export animation"), lang.L("No layer has dated features to animate."), mw.win)
		return
	}
	f := &animForm{from: newEntry(), to: newEntry(), frames: widget.NewLabel("")}
	f.from.SetText(timeText(mw.window.Start, mw.zone))
	f.to.SetText(timeText(mw.extent.End, mw.zone))
	valid := func(s string) error { _, err := parseTyped(s, mw.zone); return err }
	f.from.Validator, f.to.Validator = valid, valid
	f.step = widget.NewSelect(trAll(stepNames), nil)
	f.step.Selected = lang.L(mw.tl.stepName)
	f.win = widget.NewSelect(trAll(lengthNames[1:]), nil)
	f.win.Selected = lang.L("7 days")
	if _, ok := lengthSteps[mw.tl.lengthName]; ok {
		f.win.Selected = lang.L(mw.tl.lengthName)
	}
	var rates []string
	for _, n := range []int{1, 2, 4, 8, 12} {
		rates = append(rates, fmt.Sprintf(lang.L("%d frames/s"), n))
	}
	f.fps = widget.NewSelect(rates, nil)
	f.fps.Selected = rates[1]
	f.size = widget.NewSelect(animSizes, nil)
	f.size.Selected = animSizes[1]
	f.cumulative = widget.NewCheck(lang.L("cumulative (start fixed)"), nil)
	f.cumulative.Checked = mw.tl.cumulativeOn
	update := func() {
		o, _, _, err := mw.animOptions(f)
		if err == nil {
			var ws []data.Span
			if ws, err = animate.Windows(o); err == nil {
				f.frames.SetText(fmt.Sprintf(lang.L("%d frames, %s s (%s)"), len(ws), decimal(float64(len(ws)*animate.Delay(o.FPS))/100, 1), mw.zone))
				return
			}
		}
		f.frames.SetText(userMessage(err))
	}
	for _, s := range []*widget.Select{f.step, f.win, f.fps, f.size} {
		s.OnChanged = func(string) { update() }
	}
	f.from.OnChanged = func(string) { update() }
	f.to.OnChanged = func(string) { update() }
	f.cumulative.OnChanged = func(bool) { update() }
	update()
	if mw.cfg.seen != nil {
		mw.cfg.seen.anim = f
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("From"), f.from), widget.NewFormItem(lang.L("To"), f.to),
		widget.NewFormItem(lang.L("Step"), f.step), widget.NewFormItem(lang.L("Window"), f.win),
		widget.NewFormItem("", f.cumulative), widget.NewFormItem(lang.L("Speed"), f.fps),
		widget.NewFormItem(lang.L("Size"), f.size), widget.NewFormItem("", f.frames),
	}
	dialog.ShowForm(lang.L("Export animation (GIF)"), lang.L("Choose file…"), lang.L("Cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		o, w, h, err := mw.animOptions(f)
		if err != nil {
			mw.showError(lang.L("Could not export the animation"), err)
			return
		}
		mw.showAnimationSave(o, w, h)
	}, mw.win)
}

// showAnimationSave asks where to write the GIF (see chooseSavePath).
func (mw *MainWindow) showAnimationSave(o animate.Options, w, h int) {
	mw.chooseSavePath(saveRequest{title: lang.L("Export animation"), name: "campmap.gif", exts: []string{".gif"}},
		func(path string) { mw.exportAnimation(path, o, w, h) })
}

// exportAnimation draws the animation of the scene shown now (its layers,
// filters and colours, the view resized to w×h) on a worker, with its
// progress in the status bar, and writes it to path atomically (a failure
// leaves an earlier file as it was). Closing the window cancels it.
func (mw *MainWindow) exportAnimation(path string, o animate.Options, w, h int) {
	sc, vp := mw.scene, exportViewport(mw.mv.Viewport(), w, h)
	name := filepath.Base(path)
	mw.status.message(fmt.Sprintf(lang.L("Drawing %s…"), name))
	o.Progress = func(done, total int) {
		if done%5 == 0 || done == total {
			mw.q.post(func() {
				if !mw.closed {
					mw.status.message(fmt.Sprintf(lang.L("Drawing %s: frame %d of %d…"), name, done, total))
				}
			})
		}
	}
	done := func(err error) {
		if err != nil {
			mw.status.message(lang.L("Animation export failed"))
			mw.showError(fmt.Sprintf(lang.L("Could not export %s"), name), err)
			return
		}
		mw.status.message(fmt.Sprintf(lang.L("Exported %s"), path))
	}
	job := newWorker(mw.ctx, mw.q, fmt.Sprintf(lang.L("drawing the animation %s"), name),
		func(ctx context.Context, _ struct{}) error { return animate.WriteFile(ctx, path, sc, vp, o) },
		func(_ struct{}, err error) { done(err) })
	job.onPanic = done
	job.request(struct{}{})
}
