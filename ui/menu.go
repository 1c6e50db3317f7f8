package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// shortcuts of the menu items (Ctrl on Linux and Windows, Cmd on macOS).
var (
	scOpen    = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	scExport  = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	scQuit    = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	scZoomAll = &desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: fyne.KeyModifierShortcutDefault}
)

func (mw *MainWindow) mainMenu() *fyne.MainMenu {
	open := fyne.NewMenuItem(lang.L("Open…"), mw.showOpenDialog)
	open.Shortcut = scOpen
	export := fyne.NewMenuItem(lang.L("Export PNG…"), mw.showExportDialog)
	export.Shortcut = scExport
	quit := fyne.NewMenuItem(lang.L("Quit"), mw.quit)
	quit.Shortcut = scQuit
	quit.IsQuit = true
	page := fyne.NewMenuItem(lang.L("Export page…"), mw.showPageExportDialog)
	anim := fyne.NewMenuItem(lang.L("Export animation…"), mw.showAnimationDialog)
	file := fyne.NewMenu(lang.L("File"), open, export, page, anim, fyne.NewMenuItemSeparator(), quit)

	zin := fyne.NewMenuItem(lang.L("Zoom in (+)"), func() { mw.mv.ZoomBy(1) })
	zout := fyne.NewMenuItem(lang.L("Zoom out (−)"), func() { mw.mv.ZoomBy(-1) })
	zall := fyne.NewMenuItem(lang.L("Zoom to all"), mw.fitAll)
	zall.Shortcut = scZoomAll
	view := fyne.NewMenu(lang.L("View"), zin, zout, zall, fyne.NewMenuItemSeparator(), mw.zoneMenuItem(), mw.bookmarkMenuItem(), mw.languageMenuItem())
	help := fyne.NewMenu(lang.L("Help"), fyne.NewMenuItem(lang.L("Keyboard and mouse"), mw.showKeys))
	return fyne.NewMainMenu(file, view, help)
}

// keysHelp lists what the keyboard and the mouse do, as catalogue keys
// (showKeys translates them when it shows them).
var keysHelp = [][2]string{
	{"Drag, arrow keys", "pan the map"},
	{"Wheel, + and -", "zoom (the wheel about the cursor)"},
	{"Double click", "zoom in"},
	{"Click", "identify the feature under the cursor"},
	{"M, ruler button", "measure: click points; click the first again to close a ring and see its area"},
	{"Esc", "close the feature panel, end measuring"},
	{"[ and ]", "move the time window one step back or forward"},
	{"Ctrl+O", "open files (or drop them on the window)"},
	{"Ctrl+E", "export the view as PNG"},
	{"Ctrl+0", "zoom to every layer"},
	{"Ctrl+Q", "quit"},
}

func (mw *MainWindow) showKeys() {
	grid := container.New(layout.NewFormLayout())
	for _, k := range keysHelp {
		key := widget.NewLabel(lang.L(k[0]))
		key.TextStyle.Bold = true
		grid.Add(key)
		grid.Add(widget.NewLabel(lang.L(k[1])))
	}
	dialog.ShowCustom(lang.L("Keyboard and mouse"), lang.L("Close"), grid, mw.win)
}

func (mw *MainWindow) addShortcuts() {
	c := mw.win.Canvas()
	c.AddShortcut(scOpen, func(fyne.Shortcut) { mw.showOpenDialog() })
	c.AddShortcut(scExport, func(fyne.Shortcut) { mw.showExportDialog() })
	c.AddShortcut(scQuit, func(fyne.Shortcut) { mw.quit() })
	c.AddShortcut(scZoomAll, func(fyne.Shortcut) { mw.fitAll() })
}

// quit closes the window, which stops every worker, and ends the app.
func (mw *MainWindow) quit() {
	mw.win.Close()
	mw.app.Quit()
}
