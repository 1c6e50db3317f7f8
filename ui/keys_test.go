package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Every item of menuKeys is an item of the menus, no two share a
// shortcut, none takes a text field's own (Ctrl with C, V, X, A or Y),
// and each shortcut runs its item's action (as it is when pressed).
func TestMenuShortcutsRunTheirItems(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	c := h.mw.win.Canvas().(fyne.Shortcutable)
	seen := map[string]string{}
	for _, k := range menuKeys {
		t.Run(k.item, func(t *testing.T) {
			it := h.mw.menuItem(k.item)
			if it == nil {
				t.Fatalf("no menu item %q", k.item)
			}
			if it.Shortcut != k.sc {
				t.Errorf("the item shows shortcut %v, want %s", it.Shortcut, shortcutName(k.sc))
			}
			name := k.sc.ShortcutName()
			if o, dup := seen[name]; dup {
				t.Errorf("%s is also %s's shortcut", shortcutName(k.sc), o)
			}
			seen[name] = k.item
			if k.sc.Modifier == ctrl && strings.Contains("CVXAY", string(k.sc.KeyName)) && len(k.sc.KeyName) == 1 {
				t.Errorf("%s is a text field's shortcut", shortcutName(k.sc))
			}
			ran := 0
			old := it.Action
			it.Action = func() { ran++ }
			defer func() { it.Action = old }()
			if k.sc.Modifier == 0 {
				h.key(k.sc.KeyName) // F1: a key of the window
			} else {
				c.TypedShortcut(k.sc)
			}
			if ran != 1 {
				t.Errorf("%s ran the item %d times", shortcutName(k.sc), ran)
			}
		})
	}
}

// Ctrl+Z reaches the driver as Fyne's Undo shortcut, Ctrl+Y as Redo:
// both run the Edit menu's items.
func TestUndoShortcutAsTheDriverSendsIt(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	c := h.mw.win.Canvas().(fyne.Shortcutable)
	for _, tc := range []struct {
		item string
		sc   fyne.Shortcut
	}{{"Undo edit", &fyne.ShortcutUndo{}}, {"Redo edit", &fyne.ShortcutRedo{}}} {
		it := h.mw.menuItem(tc.item)
		ran := 0
		it.Action = func() { ran++ }
		c.TypedShortcut(tc.sc)
		if ran != 1 {
			t.Errorf("%s ran %s %d times", tc.sc.ShortcutName(), tc.item, ran)
		}
	}
}

// Every command of the menus has a shortcut or is found in the command
// palette (F10) by its name; the palette runs what Enter chooses.
func TestEveryMenuItemHasAKeyboardPath(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	cmds := menuCommands(h.mw.win.MainMenu())
	if len(cmds) < 30 {
		t.Fatalf("only %d menu commands", len(cmds))
	}
	h.key(paletteKey)
	filter := h.seen.palette
	if f, ok := h.mw.win.Canvas().Focused().(*escEntry); filter == nil || !ok || &f.Entry != filter {
		t.Fatal("F10 does not open the palette with its filter focused")
	}
	list := findList(h.mw.win.Canvas().Overlays().Top())
	if list == nil {
		t.Fatal("no list in the palette")
	}
	if n := list.Length(); n != len(cmds) {
		t.Errorf("the palette lists %d commands, the menus have %d", n, len(cmds))
	}
	for _, cmd := range cmds {
		if _, ok := cmd.item.Shortcut.(*desktop.CustomShortcut); ok {
			continue
		}
		t.Run(cmd.path, func(t *testing.T) {
			filter.SetText(cmd.item.Label)
			found := false
			for i := range list.Length() {
				o := list.CreateItem()
				list.UpdateItem(i, o)
				if strings.HasPrefix(o.(*widget.Label).Text, cmd.path) {
					found = true
				}
			}
			if !found {
				t.Errorf("typing %q does not list %s", cmd.item.Label, cmd.path)
			}
		})
	}
	// Enter runs the first command shown, and closes the palette
	filter.SetText("dim basemap")
	filter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.settle()
	if h.mw.bmDim == 0 {
		t.Error("Enter on \"dim basemap\" did not dim the basemap")
	}
	if n := len(h.mw.win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs open after the palette ran a command", n)
	}
}

func findList(o fyne.CanvasObject) *widget.List {
	switch x := o.(type) {
	case *widget.List:
		return x
	case *fyne.Container:
		for _, c := range x.Objects {
			if l := findList(c); l != nil {
				return l
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			if l := findList(c); l != nil {
				return l
			}
		}
	}
	return nil
}

// Help > Keyboard shortcuts (F1) lists every shortcut of menuKeys with
// the menu path of its item, and the palette's key.
func TestKeyboardHelpListsTheShortcutTable(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.key(fyne.KeyF1)
	text := overlayText(h.mw.win.Canvas())
	if !strings.Contains(text, "move the time window") {
		t.Error("the keyboard help does not list [ and ]")
	}
	paths := map[*fyne.MenuItem]string{}
	for _, c := range menuCommands(h.mw.win.MainMenu()) {
		paths[c.item] = c.path
	}
	for _, k := range menuKeys {
		it := h.mw.menuItem(k.item)
		if it == nil {
			continue // TestMenuShortcutsRunTheirItems says so
		}
		if !strings.Contains(text, shortcutName(k.sc)+"\n"+paths[it]+"\n") {
			t.Errorf("the help lacks %s for %s", shortcutName(k.sc), paths[it])
		}
	}
	for _, want := range []string{"F10\n", "File › Export page…\n", "Ctrl+P\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("the help lacks %q", want)
		}
	}
}
