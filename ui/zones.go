package ui

import (
	"fmt"
	"time"
	_ "time/tzdata" // the zone database travels with the app: Paris and London work on any machine

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
	"campmap/data/sample"
)

// namedZones are the display and source zones offered besides the
// machine's own.
var namedZones = []string{"UTC", "Europe/Paris", "Europe/London"}

// localPrefix starts the menu entry of the machine's zone.
func localPrefix() string { return lang.L("This computer (") }

// zoneChoices lists the zones the menus offer: UTC, Paris, London and the
// machine's zone.
func zoneChoices() []string {
	return append(append([]string(nil), namedZones...), localPrefix()+time.Local.String()+")")
}

// zoneChoice is the menu entry of loc (its name when it is not offered).
func zoneChoice(loc *time.Location) string {
	if loc == nil {
		return "UTC"
	}
	if loc == time.Local {
		return localPrefix() + time.Local.String() + ")"
	}
	return loc.String()
}

// zoneOfChoice returns the zone a menu entry names, or nil.
func zoneOfChoice(s string) *time.Location {
	if s == "" {
		return nil
	}
	if p := localPrefix(); len(s) > len(p) && s[:len(p)] == p {
		return time.Local
	}
	if s == "UTC" {
		return time.UTC
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil
	}
	return loc
}

// zoneLabel names a zone with its offset at ms: "Europe/Paris, UTC+02:00".
func zoneLabel(loc *time.Location, ms int64) string {
	if loc == nil {
		loc = time.UTC
	}
	return fmt.Sprintf(lang.L("%s, UTC%s"), loc.String(), time.UnixMilli(ms).In(loc).Format("-07:00"))
}

// setDisplayZone shows every time in loc: the dates of the window, the
// histogram's calendar bins, the identify panel, captions and exports.
// The window itself (an interval of absolute time) does not move.
func (mw *MainWindow) setDisplayZone(loc *time.Location) {
	if loc == nil || loc == mw.zone {
		return
	}
	mw.zone = loc
	mw.rebuild()
}

// setSourceZone reloads a layer read from a file, reading its times
// without an offset in loc (times with an offset or a Z keep theirs), on a
// worker; the new layer keeps the old one's kind and category property.
// The embedded sample and database layers have no file to reload.
func (mw *MainWindow) setSourceZone(id int, loc *time.Location) {
	e, _ := mw.entry(id)
	if e == nil || loc == nil || e.sample || e.layer.Path == "" {
		return
	}
	old := e.layer
	path := old.Path
	mw.status.message(fmt.Sprintf(lang.L("Reading %s again with times in %s…"), old.Name, loc))
	mw.q.begin()
	go func() {
		ls, err := loadFile(mw.ctx, mw.loadFn, path, data.LoadOptions{Zone: loc})
		var nl *data.Layer
		for _, l := range ls {
			if l != nil && (nl == nil || l.Name == old.Name) {
				nl = l
			}
		}
		mw.q.finish(func() {
			if mw.closed {
				return
			}
			if err != nil || nl == nil {
				if err == nil {
					err = fmt.Errorf("ui: "+lang.L("reload %s")+": "+lang.L("the file holds no layer"), path)
				}
				mw.status.message(userMessage(err))
				return
			}
			e, _ := mw.entry(id)
			if e == nil || e.layer != old {
				return
			}
			if nl.Kind != old.Kind {
				nl = nl.WithKind(old.Kind)
			}
			if k := old.CategoryKey(); k != nl.CategoryKey() {
				nl = nl.WithCategoryKey(k)
			}
			e.layer = nl
			e.style.SetLocation(loc)
			mw.updateExtent()
			mw.rebuild()
			mw.status.message(fmt.Sprintf(lang.L("%s: times without an offset read in %s"), nl.Name, loc))
		})
	}()
}

// sourceZone returns the zone a layer's times without an offset were read
// in: the one chosen for it, else UTC (the default source zone, whatever
// the display zone).
func (mw *MainWindow) sourceZone(id int) *time.Location {
	if e, _ := mw.entry(id); e != nil {
		return e.style.Location()
	}
	return time.UTC
}

// sourceZoneItem is the style dialog's "Times in" row: the zone a file
// layer's times without an offset are read in; changing it reloads the
// layer. Offsets and Z in the data always win.
func sourceZoneItem(mw *MainWindow, e *layerEntry) *widget.FormItem {
	id := e.id
	sel := widget.NewSelect(zoneChoices(), nil)
	sel.Selected = zoneChoice(mw.sourceZone(id))
	sel.OnChanged = func(s string) {
		if loc := zoneOfChoice(s); loc != nil && loc != mw.sourceZone(id) {
			mw.setSourceZone(id, loc)
		}
	}
	item := widget.NewFormItem(lang.L("Times in"), sel)
	item.HintText = lang.L("zone of times written without an offset; offsets and Z in the data win")
	if e.sample || e.layer.Path == "" {
		sel.Selected = ""
		if loc, err := time.LoadLocation(sample.Zone); e.sample && err == nil {
			sel.Selected = zoneChoice(loc) // the scenario's times are read in its zone
		}
		sel.PlaceHolder = lang.L("as written in the data")
		sel.Disable()
		item.HintText = lang.L("this layer has no file to read again")
	}
	mw.tl.cats.zoneSelect = sel
	return item
}

// zoneMenuItem is View > Time zone: the display zone, also offered in the
// timeline.
func (mw *MainWindow) zoneMenuItem() *fyne.MenuItem {
	item := fyne.NewMenuItem(lang.L("Time zone"), nil)
	var items []*fyne.MenuItem
	for _, c := range zoneChoices() {
		c := c
		it := fyne.NewMenuItem(c, func() {
			if loc := zoneOfChoice(c); loc != nil {
				mw.setDisplayZone(loc)
			}
		})
		items = append(items, it)
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	mw.zoneItems = items
	return item
}

// checkZoneMenu ticks the display zone in View > Time zone.
func (mw *MainWindow) checkZoneMenu() {
	cur := zoneChoice(mw.zone)
	changed := false
	for _, it := range mw.zoneItems {
		if on := it.Label == cur; it.Checked != on {
			it.Checked, changed = on, true
		}
	}
	if changed && mw.win.MainMenu() != nil {
		mw.win.MainMenu().Refresh()
	}
}
