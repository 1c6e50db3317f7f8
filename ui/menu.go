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

// Ctrl on Linux and Windows, Cmd on macOS.
const (
	ctrl      = fyne.KeyModifierShortcutDefault
	ctrlShift = fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift
)

// menuKeys is the one table of the menus' keyboard shortcuts, by the
// catalogue key of the item they run (the items are built by mainMenu and
// the installMenu of projects, PostGIS, and editing). bindShortcuts gives
// each item its shortcut and the window the key, Help > Keyboard
// shortcuts lists them from here, and every other item is reached by the
// command palette (F10 or Ctrl+Shift+P: every item of the menus, by
// name). A shortcut without a modifier (F1, F10) is a key the window
// handles when no text field has the keyboard. None uses Ctrl with C, V,
// X, A, Z or Y alone, which text fields keep for themselves (Ctrl+Z is
// undo in an entry, and undo of an edit elsewhere).
var menuKeys = []struct {
	item string
	sc   *desktop.CustomShortcut
}{
	{"Open…", &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: ctrl}},
	{"Import CSV with columns…", &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: ctrl}},
	{"Add PostGIS layer…", &desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: ctrlShift}},
	{"Open Project…", &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: ctrlShift}},
	{"Save Project", &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrl}},
	{"Save Project As…", &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: ctrlShift}},
	{"Basemap…", &desktop.CustomShortcut{KeyName: fyne.KeyB, Modifier: ctrl}},
	{"New annotation layer…", &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: ctrl}},
	{"Save layer edits", &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: ctrlShift}},
	{"Export PNG…", &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: ctrl}},
	{"Export layer…", &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: ctrlShift}},
	{"Export page…", &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: ctrl}},
	{"Export animation…", &desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: ctrl}},
	{"Quit", &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: ctrl}},
	{"Undo edit", &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl}},
	{"Redo edit", &desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrlShift}},
	{"Find…", &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: ctrl}},
	{"Layers panel", &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: ctrl}},
	{"Zoom in (+)", &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: ctrl}},
	{"Zoom out (−)", &desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: ctrl}},
	{"Zoom to all", &desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: ctrl}},
	{"Measure", &desktop.CustomShortcut{KeyName: fyne.KeyM, Modifier: ctrl}},
	{"Attribute table", &desktop.CustomShortcut{KeyName: fyne.KeyT, Modifier: ctrl}},
	{"Dim the basemap", &desktop.CustomShortcut{KeyName: fyne.KeyB, Modifier: ctrlShift}},
	{"Add bookmark…", &desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: ctrl}},
	{"Keyboard shortcuts", &desktop.CustomShortcut{KeyName: fyne.KeyF1}},
	{"All commands…", &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: ctrlShift}},
}

// paletteKey opens the command palette too, as F10 opens menus elsewhere.
const paletteKey = fyne.KeyF10

func (mw *MainWindow) mainMenu() *fyne.MainMenu {
	open := fyne.NewMenuItem(lang.L("Open…"), mw.showOpenDialog)
	export := fyne.NewMenuItem(lang.L("Export PNG…"), mw.showExportDialog)
	quit := fyne.NewMenuItem(lang.L("Quit"), mw.quit)
	quit.IsQuit = true
	page := fyne.NewMenuItem(lang.L("Export page…"), mw.showPageExportDialog)
	anim := fyne.NewMenuItem(lang.L("Export animation…"), mw.showAnimationDialog)
	bmFile := fyne.NewMenuItem(lang.L("Basemap…"), mw.showBasemapDialog)
	bmEmbedded := fyne.NewMenuItem(lang.L("Embedded basemap"), func() { mw.ld.loadBasemap("") })
	file := fyne.NewMenu(lang.L("File"), open, bmFile, mw.onlineMenuItem(), bmEmbedded, export, page, anim, fyne.NewMenuItemSeparator(), quit)

	find := fyne.NewMenuItem(lang.L("Find…"), mw.focusSearch)
	layers := fyne.NewMenuItem(lang.L("Layers panel"), mw.focusLayers)
	zin := fyne.NewMenuItem(lang.L("Zoom in (+)"), func() { mw.mv.ZoomBy(1) })
	zout := fyne.NewMenuItem(lang.L("Zoom out (−)"), func() { mw.mv.ZoomBy(-1) })
	zall := fyne.NewMenuItem(lang.L("Zoom to all"), mw.fitAll)
	measure := fyne.NewMenuItem(lang.L("Measure"), func() { mw.mv.measure.toggle() })
	dim := fyne.NewMenuItem(lang.L("Dim the basemap"), nil)
	dim.Action = func() {
		mw.setBasemapDim(!dim.Checked)
		dim.Checked = mw.bmDim > 0
	}
	mw.dimItem = dim
	table := fyne.NewMenuItem(lang.L("Attribute table"), func() { mw.table.openTop() })
	view := fyne.NewMenu(lang.L("View"), find, layers, fyne.NewMenuItemSeparator(), zin, zout, zall, measure, table, fyne.NewMenuItemSeparator(), dim, mw.offlineMenuItem(), mw.zoneMenuItem(), mw.bookmarkMenuItem(), mw.languageMenuItem())
	help := fyne.NewMenu(lang.L("Help"), fyne.NewMenuItem(lang.L("Keyboard shortcuts"), mw.showKeys),
		fyne.NewMenuItem(lang.L("All commands…"), mw.showPalette), mw.aboutMenuItem())
	return fyne.NewMainMenu(file, view, help)
}

// focusSearch gives the keyboard to the search field (View > Find…).
func (mw *MainWindow) focusSearch() { mw.win.Canvas().Focus(mw.panel.search.entry) }

// focusLayers gives the keyboard to the first control of the layers
// panel after the search field and its button (View > Layers panel); Tab
// goes on from there.
func (mw *MainWindow) focusLayers() {
	c := mw.win.Canvas()
	s := mw.panel.search.entry
	c.Focus(s)
	c.FocusNext()
	if a, ok := s.ActionItem.(fyne.Focusable); ok && c.Focused() == a {
		c.FocusNext()
	}
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
	{"Esc", "close the dialog on top; else close the feature panel, end measuring, drop the shape being drawn"},
	{"Tab, Shift+Tab", "move the keyboard through the panels: Open…, search, the layers, the map (ringed: arrows pan, + and - zoom), the timeline"},
	{"[ and ]", "move the time window one step back or forward"},
	{"Tab, then arrows", "on the timeline: Left and Right move a handle, Up and Down choose which, Page Up and Page Down move the window"},
}

func (mw *MainWindow) showKeys() {
	grid := container.New(layout.NewFormLayout())
	for _, r := range mw.keyRows() {
		key := widget.NewLabel(r[0])
		key.TextStyle.Bold = true
		grid.Add(key)
		what := widget.NewLabel(r[1])
		what.Wrapping = fyne.TextWrapWord // long lines wrap in the dialog's width
		grid.Add(what)
	}
	d := dialog.NewCustom(lang.L("Keyboard shortcuts"), lang.L("Close"), container.NewVScroll(grid), mw.win)
	d.Resize(fyne.NewSize(760, 600))
	d.Show()
}

// keyRows are the rows of Help > Keyboard shortcuts, translated: what
// the keyboard and the mouse do (keysHelp), then every shortcut of
// menuKeys, named by its menu path, then the palette's key.
func (mw *MainWindow) keyRows() [][2]string {
	var rows [][2]string
	for _, k := range keysHelp {
		rows = append(rows, [2]string{lang.L(k[0]), lang.L(k[1])})
	}
	paths := map[*fyne.MenuItem]string{}
	for _, c := range menuCommands(mw.win.MainMenu()) {
		paths[c.item] = c.path
	}
	for _, k := range menuKeys {
		if it := mw.menuItem(k.item); it != nil {
			rows = append(rows, [2]string{shortcutName(k.sc), paths[it]})
		}
	}
	rows = append(rows, [2]string{string(paletteKey), lang.L("Help") + " › " + lang.L("All commands…")})
	rows = append(rows, [2]string{"Alt", lang.L("the menu bar: arrows choose, Enter runs, Esc closes")})
	return rows
}

// shortcutName writes a shortcut as the keyboard shows it: Ctrl+S (Cmd+S
// on macOS), Ctrl+Shift+S (Ctrl+Maj+S in French).
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
		b.WriteString(lang.L("Shift") + "+") // Maj on French keyboards
	}
	if sc.Modifier&fyne.KeyModifierAlt != 0 {
		b.WriteString("Alt+")
	}
	switch sc.KeyName {
	case fyne.KeyEqual:
		b.WriteString("=")
	case fyne.KeyMinus:
		b.WriteString("-")
	default:
		b.WriteString(string(sc.KeyName))
	}
	return b.String()
}

// menuShortcut is the shortcut menuKeys gives the item of catalogue key
// item, or nil.
func menuShortcut(item string) *desktop.CustomShortcut {
	for _, k := range menuKeys {
		if k.item == item {
			return k.sc
		}
	}
	return nil
}

// menuItem is the item of the main menu whose label is the catalogue key
// item translated, or nil.
func (mw *MainWindow) menuItem(item string) *fyne.MenuItem {
	label := lang.L(item)
	for _, c := range menuCommands(mw.win.MainMenu()) {
		if c.item.Label == label {
			return c.item
		}
	}
	return nil
}

// bindShortcuts gives the menu items their shortcuts from menuKeys and
// the window the keys (run once, after every part has added its items).
// A shortcut runs the item's action as it is when pressed (Quit's asks
// about unsaved work once the project adds that).
func (mw *MainWindow) bindShortcuts() {
	c := mw.win.Canvas()
	for _, k := range menuKeys {
		it := mw.menuItem(k.item)
		if it == nil {
			continue
		}
		it.Shortcut = k.sc
		run := func(fyne.Shortcut) {
			if it.Action != nil && !it.Disabled {
				it.Action()
			}
		}
		if k.sc.Modifier != 0 {
			c.AddShortcut(k.sc, run)
		}
		if k.sc == scUndo {
			c.AddShortcut(&fyne.ShortcutUndo{}, run) // what the driver makes of Ctrl+Z
		}
		if k.sc == scRedo {
			c.AddShortcut(&fyne.ShortcutRedo{}, run) // Ctrl+Y
		}
	}
	if m := mw.win.MainMenu(); m != nil {
		m.Refresh()
	}
}

// functionKey runs the menu item whose shortcut is the unmodified key k
// (F1), or opens the palette (F10); it reports whether k was one.
func (mw *MainWindow) functionKey(k fyne.KeyName) bool {
	if k == paletteKey {
		mw.showPalette()
		return true
	}
	for _, mk := range menuKeys {
		if mk.sc.Modifier == 0 && mk.sc.KeyName == k {
			if it := mw.menuItem(mk.item); it != nil && it.Action != nil && !it.Disabled {
				it.Action()
				return true
			}
		}
	}
	return false
}

// menuCommand is an item of the menus that does something, with its
// path (File › Export page…).
type menuCommand struct {
	path string
	item *fyne.MenuItem
}

// menuCommands lists every item of m that runs something, submenus'
// items included, in menu order (separators, submenu headers and
// disabled items left out).
func menuCommands(m *fyne.MainMenu) []menuCommand {
	var out []menuCommand
	var walk func(prefix string, items []*fyne.MenuItem)
	walk = func(prefix string, items []*fyne.MenuItem) {
		for _, it := range items {
			switch {
			case it.IsSeparator:
			case it.ChildMenu != nil:
				walk(prefix+" › "+it.Label, it.ChildMenu.Items)
			case it.Action != nil && !it.Disabled:
				out = append(out, menuCommand{prefix + " › " + it.Label, it})
			}
		}
	}
	if m != nil {
		for _, top := range m.Items {
			walk(top.Label, top.Items)
		}
	}
	return out
}

// showPalette opens the command palette (Help > All commands…, F10,
// Ctrl+Shift+P): every command of the menus, built from the menus as they
// are now, so nothing added to them is left out; typing filters them,
// Enter runs the first shown, Tab then the arrows and Space choose in the
// list, Esc closes.
func (mw *MainWindow) showPalette() {
	all := menuCommands(mw.win.MainMenu())
	shown := all
	var d dialog.Dialog
	run := func(c menuCommand) {
		d.Hide()
		c.item.Action()
	}
	list := widget.NewList(func() int { return len(shown) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			t := shown[i].path
			if sc, ok := shown[i].item.Shortcut.(*desktop.CustomShortcut); ok {
				t += "   (" + shortcutName(sc) + ")"
			}
			o.(*widget.Label).SetText(t)
		})
	list.OnSelected = func(i widget.ListItemID) {
		if i >= 0 && i < len(shown) {
			run(shown[i])
		}
	}
	filter := newEntry()
	filter.SetPlaceHolder(lang.L("Type to find a command"))
	filter.OnChanged = func(q string) {
		shown = filterCommands(all, q)
		list.UnselectAll()
		list.Refresh()
	}
	filter.OnSubmitted = func(string) {
		if len(shown) > 0 {
			run(shown[0])
		}
	}
	d = dialog.NewCustom(lang.L("All commands"), lang.L("Close"), container.NewBorder(filter, nil, nil, nil, list), mw.win)
	d.Resize(fyne.NewSize(560, 480))
	d.Show()
	mw.win.Canvas().Focus(filter)
	if mw.cfg.seen != nil {
		mw.cfg.seen.palette = &filter.Entry
	}
}

// filterCommands keeps the commands whose path holds every word of q,
// in any case.
func filterCommands(all []menuCommand, q string) []menuCommand {
	words := strings.Fields(strings.ToLower(q))
	var out []menuCommand
next:
	for _, c := range all {
		p := strings.ToLower(c.path)
		for _, w := range words {
			if !strings.Contains(p, w) {
				continue next
			}
		}
		out = append(out, c)
	}
	return out
}

// quit closes the window, which stops every worker, and ends the app.
func (mw *MainWindow) quit() {
	mw.win.Close()
	mw.app.Quit()
}
