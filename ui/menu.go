package ui

import (
	"runtime"
	"strings"

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
	scTable   = &desktop.CustomShortcut{KeyName: fyne.KeyT, Modifier: fyne.KeyModifierShortcutDefault}
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
	bmFile := fyne.NewMenuItem(lang.L("Basemap…"), mw.showBasemapDialog)
	bmEmbedded := fyne.NewMenuItem(lang.L("Embedded basemap"), func() { mw.ld.loadBasemap("") })
	file := fyne.NewMenu(lang.L("File"), open, bmFile, mw.onlineMenuItem(), bmEmbedded, export, page, anim, fyne.NewMenuItemSeparator(), quit)

	zin := fyne.NewMenuItem(lang.L("Zoom in (+)"), func() { mw.mv.ZoomBy(1) })
	zout := fyne.NewMenuItem(lang.L("Zoom out (−)"), func() { mw.mv.ZoomBy(-1) })
	zall := fyne.NewMenuItem(lang.L("Zoom to all"), mw.fitAll)
	zall.Shortcut = scZoomAll
	dim := fyne.NewMenuItem(lang.L("Dim the basemap"), nil)
	dim.Action = func() {
		mw.setBasemapDim(!dim.Checked)
		dim.Checked = mw.bmDim > 0
	}
	mw.dimItem = dim
	table := fyne.NewMenuItem(lang.L("Attribute table"), func() { mw.table.openTop() })
	table.Shortcut = scTable
	view := fyne.NewMenu(lang.L("View"), zin, zout, zall, table, fyne.NewMenuItemSeparator(), dim, mw.offlineMenuItem(), mw.zoneMenuItem(), mw.bookmarkMenuItem(), mw.languageMenuItem())
	help := fyne.NewMenu(lang.L("Help"), fyne.NewMenuItem(lang.L("Keyboard shortcuts"), mw.showKeys), mw.aboutMenuItem())
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
	{"Pencil in the layers panel", "edit a layer: draw points, lines, areas, holes and notes; drag to move; double click an edge to add a vertex"},
	{"Shift while clicking", "place a point freely (no snapping to nearby vertices and edges)"},
	{"Delete", "delete the selected vertex or feature"},
	{"Ctrl+Z, Ctrl+Shift+Z", "undo and redo edits"},
	{"Ctrl+T, grid button in the layers panel", "attribute table: click a header to sort, a row to select it on the map; Ctrl or Shift click selects several"},
	{"Esc", "close the feature panel, end measuring, drop the shape being drawn"},
	{"[ and ]", "move the time window one step back or forward"},
	{"Tab, then arrows", "on the timeline: Left and Right move a handle, Up and Down choose which, Page Up and Page Down move the window"},
}

func (mw *MainWindow) showKeys() {
	grid := container.New(layout.NewFormLayout())
	row := func(k, what string) {
		key := widget.NewLabel(k)
		key.TextStyle.Bold = true
		grid.Add(key)
		grid.Add(widget.NewLabel(what))
	}
	for _, k := range keysHelp {
		row(lang.L(k[0]), lang.L(k[1]))
	}
	// every menu item with a shortcut, as the menus name it
	if m := mw.win.MainMenu(); m != nil {
		for _, top := range m.Items {
			for _, it := range top.Items {
				if sc, ok := it.Shortcut.(*desktop.CustomShortcut); ok {
					row(shortcutName(sc), top.Label+" › "+it.Label)
				}
			}
		}
	}
	dialog.ShowCustom(lang.L("Keyboard shortcuts"), lang.L("Close"), grid, mw.win)
}

// shortcutName writes a shortcut as the keyboard shows it: Ctrl+S (Cmd+S
// on macOS).
func shortcutName(sc *desktop.CustomShortcut) string {
	var b strings.Builder
	if sc.Modifier&fyne.KeyModifierShortcutDefault != 0 {
		if fyne.CurrentDevice().IsMobile() || runtime.GOOS == "darwin" {
			b.WriteString("Cmd+")
		} else {
			b.WriteString("Ctrl+")
		}
	}
	if sc.Modifier&fyne.KeyModifierShift != 0 {
		b.WriteString("Shift+")
	}
	if sc.Modifier&fyne.KeyModifierAlt != 0 {
		b.WriteString("Alt+")
	}
	b.WriteString(string(sc.KeyName))
	return b.String()
}

func (mw *MainWindow) addShortcuts() {
	c := mw.win.Canvas()
	c.AddShortcut(scOpen, func(fyne.Shortcut) { mw.showOpenDialog() })
	c.AddShortcut(scExport, func(fyne.Shortcut) { mw.showExportDialog() })
	c.AddShortcut(scQuit, func(fyne.Shortcut) { mw.quit() })
	c.AddShortcut(scZoomAll, func(fyne.Shortcut) { mw.fitAll() })
	c.AddShortcut(scTable, func(fyne.Shortcut) { mw.table.openTop() })
}

// quit closes the window, which stops every worker, and ends the app.
func (mw *MainWindow) quit() {
	mw.win.Close()
	mw.app.Quit()
}
