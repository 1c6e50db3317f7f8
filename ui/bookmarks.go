package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// errEmptyName is the Add bookmark dialog's complaint about a blank name.
var errEmptyName = errors.New("give the bookmark a name")

// bookmarkMenuItem is View > Bookmarks: "Add bookmark…" and one entry per
// bookmark of the model, which shows its view, time window and layers.
// Bookmarks are saved in the project.
func (mw *MainWindow) bookmarkMenuItem() *fyne.MenuItem {
	mw.bookmarkItem = fyne.NewMenuItem("Bookmarks", nil)
	mw.bookmarkItem.ChildMenu = fyne.NewMenu("")
	mw.fillBookmarks()
	return mw.bookmarkItem
}

// fillBookmarks lists the model's bookmarks in the menu.
func (mw *MainWindow) fillBookmarks() {
	if mw.bookmarkItem == nil {
		return
	}
	items := []*fyne.MenuItem{fyne.NewMenuItem("Add bookmark…", mw.showAddBookmark)}
	if len(mw.bookmarks) > 0 {
		items = append(items, fyne.NewMenuItemSeparator())
	}
	for _, b := range mw.bookmarks {
		name := b.name
		items = append(items, fyne.NewMenuItem(name, func() { mw.goToBookmark(name) }))
	}
	mw.bookmarkItem.ChildMenu.Items = items
	if m := mw.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// showAddBookmark asks for a name and keeps the current view under it.
func (mw *MainWindow) showAddBookmark() {
	e := widget.NewEntry()
	e.SetPlaceHolder("e.g. Jungle, July 2015")
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errEmptyName
		}
		return nil
	}
	d := dialog.NewForm("Add bookmark", "Add", "Cancel", []*widget.FormItem{widget.NewFormItem("Name", e)}, func(ok bool) {
		if ok {
			mw.addBookmarkNamed(e.Text)
		}
	}, mw.win)
	d.Resize(fyne.NewSize(380, 160))
	d.Show()
	if mw.cfg.seen != nil {
		mw.cfg.seen.bookmark = e
	}
}

// addBookmarkNamed keeps the view, the time window and the layers shown
// under name; a bookmark of the same name is replaced.
func (mw *MainWindow) addBookmarkNamed(name string) {
	name = strings.TrimSpace(name)
	if name == "" {
		return
	}
	mw.addBookmark(name, mw.mv.Viewport())
	mw.fillBookmarks()
	mw.status.message("Bookmarked “" + name + "” (saved with the project)")
}

// goToBookmark shows bookmark name.
func (mw *MainWindow) goToBookmark(name string) {
	vp := mw.mv.Viewport()
	nvp, ok := mw.applyBookmark(name, vp.W, vp.H)
	if !ok {
		return
	}
	mw.mv.SetViewport(nvp)
	mw.rebuild()
	mw.status.message("Bookmark “" + name + "”")
}
