package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// errEmptyName is the Add bookmark dialog's complaint about a blank name.
func errEmptyName() error { return errors.New(lang.L("give the bookmark a name")) }

// bookmarkMenuItem is View > Bookmarks: "Add bookmark…" and one entry per
// bookmark of the model, which shows its view, time window and layers.
// Bookmarks are saved in the project.
func (mw *MainWindow) bookmarkMenuItem() *fyne.MenuItem {
	mw.bookmarkItem = fyne.NewMenuItem(lang.L("Bookmarks"), nil)
	mw.bookmarkItem.ChildMenu = fyne.NewMenu("")
	mw.fillBookmarks()
	return mw.bookmarkItem
}

// fillBookmarks lists the model's bookmarks in the menu.
func (mw *MainWindow) fillBookmarks() {
	if mw.bookmarkItem == nil {
		return
	}
	items := []*fyne.MenuItem{fyne.NewMenuItem(lang.L("Add bookmark…"), mw.showAddBookmark)}
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
	e := newEntry()
	e.SetPlaceHolder(lang.L("e.g. Jungle, July 2015"))
	e.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errEmptyName()
		}
		return nil
	}
	d := dialog.NewForm(lang.L("Add bookmark"), lang.L("Add"), lang.L("Cancel"), []*widget.FormItem{widget.NewFormItem(lang.L("Name"), e)}, func(ok bool) {
		if ok {
			mw.addBookmarkNamed(e.Text)
		}
	}, mw.win)
	d.Resize(fyne.NewSize(380, 160))
	d.Show()
	if mw.cfg.seen != nil {
		mw.cfg.seen.bookmark = &e.Entry
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
	mw.status.message(fmt.Sprintf(lang.L("Bookmarked “%s” (saved with the project)"), name))
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
	mw.status.message(fmt.Sprintf(lang.L("Bookmark “%s”"), name))
}
