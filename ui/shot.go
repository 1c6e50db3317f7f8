package ui

import (
	"os"
	"time"

	"fyne.io/fyne/v2"

	"campmap/data"
	"campmap/render"
)

// shotEnv names a state the window opens in once its layers are loaded,
// for screenshots (scripts/screenshot.sh; see DEVELOPERS.md): "table" the
// incident layer's attribute table, "identify" its first incident in the
// identify panel, "both" the two.
const shotEnv = "CAMPMAP_SHOT"

// openShotState opens what CAMPMAP_SHOT names, once the window shows
// layers (it waits at most 30 s for them, then gives up).
func (mw *MainWindow) openShotState() {
	what := os.Getenv(shotEnv)
	if what == "" {
		return
	}
	go func() {
		for range 150 {
			time.Sleep(200 * time.Millisecond)
			done := false
			fyne.DoAndWait(func() {
				if mw.closed || len(mw.layers) == 0 || mw.scene == nil {
					done = mw.closed
					return
				}
				done = true
				li := 0
				for i, e := range mw.layers {
					if e.layer.Kind == data.KindIncident {
						li = i
					}
				}
				if what == "table" || what == "both" {
					mw.table.open(mw.layers[li].id)
				}
				if what == "identify" || what == "both" {
					mw.info.show(mw.scene, render.Hit{Layer: li, Feature: 0}, true)
				}
			})
			if done {
				return
			}
		}
	}()
}
