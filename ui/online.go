package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"campmap/data/basemap"
	"campmap/data/basemap/tiles"
	"campmap/render"
)

// website is campmap's home page, named in the User-Agent of tile
// requests as tile servers' usage policies ask.
const website = "https://github.com/campmap/campmap"

// offlinePref keeps View > Work offline between sessions.
const offlinePref = "tiles.offline"

// onlineMenuItem is File > Online basemap: the presets (OpenStreetMap,
// Humanitarian) and a URL template of the user's.
func (mw *MainWindow) onlineMenuItem() *fyne.MenuItem {
	item := fyne.NewMenuItem(lang.L("Online basemap"), nil)
	var items []*fyne.MenuItem
	for _, p := range tiles.Presets {
		items = append(items, fyne.NewMenuItem(lang.L(p.Name), func() { mw.ld.loadOnline(p.Key) }))
	}
	items = append(items, fyne.NewMenuItem(lang.L("URL template…"), mw.showOnlineDialog))
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}

// offlineMenuItem is View > Work offline: online basemaps are served from
// their cache only, and no server is asked.
func (mw *MainWindow) offlineMenuItem() *fyne.MenuItem {
	mw.offline = mw.app.Preferences().Bool(offlinePref)
	item := fyne.NewMenuItem(lang.L("Work offline"), nil)
	item.Checked = mw.offline
	item.Action = func() {
		mw.setOffline(!mw.offline)
		item.Checked = mw.offline
		if m := mw.win.MainMenu(); m != nil {
			m.Refresh()
		}
	}
	return item
}

// setOffline turns working offline on or off, now and for next time.
func (mw *MainWindow) setOffline(off bool) {
	mw.offline = off
	mw.app.Preferences().SetBool(offlinePref, off)
	if o, ok := mw.tiles.Source().(*tiles.Online); mw.tiles != nil && ok {
		o.SetOffline(off)
	}
	if off {
		mw.status.message(lang.L("Working offline: online basemaps show what their cache holds"))
	} else {
		mw.status.message(lang.L("Working online"))
		mw.rebuild()
	}
}

// showOnlineDialog asks for a tile URL template.
func (mw *MainWindow) showOnlineDialog() {
	e := newEntry()
	e.SetPlaceHolder(lang.L("https://tile.example.org/{z}/{x}/{y}.png"))
	e.Validator = func(s string) error {
		if !strings.Contains(s, "{z}") || !strings.Contains(s, "{x}") || !strings.Contains(s, "{y}") || !strings.Contains(s, "://") {
			return errors.New(lang.L("a URL with {z}, {x} and {y}"))
		}
		return nil
	}
	d := dialog.NewForm(lang.L("Online basemap"), lang.L("Open"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("URL template"), e)},
		func(ok bool) {
			if ok {
				mw.ld.loadOnline(strings.TrimSpace(e.Text))
			}
		}, mw.win)
	d.Resize(fyne.NewSize(520, 160))
	d.Show()
	if mw.cfg.seen != nil {
		mw.cfg.seen.online = &e.Entry
	}
}

// openOnline opens the online basemap spec names: a preset's key or a URL
// template. It walks the tile cache, so it runs off the UI goroutine.
func openOnline(spec string, offline bool, cacheDir string) (tiles.Source, error) {
	o := tiles.OnlineOptions{Offline: offline, Version: AppVersion, Website: website, CacheDir: cacheDir}
	if p, ok := tiles.PresetFor(spec); ok {
		return p.Open(o)
	}
	return tiles.OpenOnline(spec, o)
}

// loadOnline makes an online basemap the window's, opened on a worker;
// the tiles draw over the embedded basemap as they arrive.
func (ld *loader) loadOnline(spec string) {
	mw := ld.mw
	ld.bmGen++
	gen := ld.bmGen
	offline, cacheDir := mw.offline, mw.cfg.tileCache
	mw.q.begin()
	go func() {
		src, err := openOnline(spec, offline, cacheDir)
		var bm *basemap.Basemap
		if err == nil {
			bm, err = basemap.Default()
		}
		mw.q.finish(func() {
			if err != nil {
				mw.showError(fmt.Sprintf(lang.L("Could not open the online basemap %s"), spec), err)
				return
			}
			if mw.closed || gen != ld.bmGen {
				src.Close()
				return
			}
			mw.setBasemap("", bm, render.NewTiles(src, render.TileOptions{}))
			mw.online = spec
			mw.status.message(fmt.Sprintf(lang.L("Basemap: %s (online)"), src.Metadata().Name))
		})
	}()
}

// onlineTrouble tells, once per new error, why an online basemap shows
// fewer tiles (a server down, a timeout), in the status bar.
func (mw *MainWindow) onlineTrouble() {
	o, ok := mw.tiles.Source().(*tiles.Online)
	if mw.tiles == nil || !ok {
		return
	}
	err := o.LastError()
	if err == nil {
		mw.lastTileErr = ""
		return
	}
	if s := userMessage(err); s != mw.lastTileErr {
		mw.lastTileErr = s
		mw.status.message(fmt.Sprintf(lang.L("Some basemap tiles could not be fetched: %s"), s))
	}
}
