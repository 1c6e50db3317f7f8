package ui

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// openFolderKey keeps the folders files were opened from, newest first.
const openFolderKey = "open.folders"

// maxOpenFolders bounds the recent folders the open picker offers.
const maxOpenFolders = 8

// openKinds are the open picker's format filters: a name and the
// extensions it shows (nil: every file campmap opens).
var openKinds = []struct {
	name string
	exts []string
}{
	{"Every file campmap opens", nil},
	{"GeoJSON", []string{".geojson", ".json"}},
	{"CSV and delimited text", []string{".csv", ".tsv", ".tab", ".psv", ".txt"}},
	{"GeoPackage", []string{".gpkg"}},
	{"Projects", []string{".campmap"}},
	{"Basemaps (MBTiles, PMTiles)", []string{".mbtiles", ".pmtiles"}},
}

// openablePicked are the extensions "Every file campmap opens" lists.
var openablePicked = []string{".geojson", ".json", ".csv", ".tsv", ".tab", ".psv", ".txt", ".gpkg", ".campmap", ".mbtiles", ".pmtiles"}

// openPicker is campmap's open dialog: a folder's files filtered by
// format, several ticked at once, or paths typed or pasted (one a line),
// and the folders opened from recently. It belongs to the UI goroutine.
type openPicker struct {
	mw     *MainWindow
	folder string
	where  *escEntry
	kind   *widget.Select
	list   *fyne.Container
	typed  *escEntry
	checks map[string]*widget.Check // by path, the files listed
	picked map[string]bool
	recent *widget.Select
	dlg    dialog.Dialog
}

// chooseOpenPaths shows the open picker; the files chosen open as their
// kind asks (see openPaths).
func (mw *MainWindow) chooseOpenPaths() {
	op := &openPicker{mw: mw, picked: map[string]bool{}}
	op.where = newEntry()
	op.where.OnSubmitted = func(s string) { op.setFolder(expandHome(strings.TrimSpace(s))) }
	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { op.setFolder(filepath.Dir(op.folder)) })
	op.kind = widget.NewSelect(trAll(openKindNames()), func(string) { op.fill() })
	op.list = container.NewVBox()
	scroll := container.NewVScroll(op.list)
	scroll.SetMinSize(fyne.NewSize(480, 220))
	op.typed = newMultiLineEntry()
	op.typed.SetPlaceHolder(lang.L("or type or paste paths, one a line"))
	op.typed.SetMinRowsVisible(2)
	op.recent = widget.NewSelect(mw.app.Preferences().StringList(openFolderKey), func(s string) { op.setFolder(s) })
	op.recent.PlaceHolder = lang.L("Recent folders")
	head := container.NewBorder(nil, nil, up, nil, op.where)
	body := container.NewBorder(container.NewVBox(head, container.NewGridWithColumns(2, op.kind, op.recent)), op.typed, nil, nil, scroll)
	op.dlg = dialog.NewCustomConfirm(lang.L("Open files"), lang.L("Open"), lang.L("Cancel"), body, func(ok bool) {
		if ok {
			op.submit()
		}
	}, mw.win)
	start := mw.lastOpenFolder()
	op.kind.SetSelectedIndex(0)
	op.setFolder(start)
	op.dlg.Resize(dialogSize(mw.win))
	op.dlg.Show()
	if mw.cfg.seen != nil {
		mw.cfg.seen.openPick = op
	}
}

// openKindNames are the names of the format filters.
func openKindNames() []string {
	out := make([]string, len(openKinds))
	for i, k := range openKinds {
		out[i] = k.name
	}
	return out
}

// expandHome reads a leading ~/ as the home folder.
func expandHome(s string) string {
	if rest, ok := strings.CutPrefix(s, "~"+string(filepath.Separator)); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return s
}

// lastOpenFolder is the folder files were last opened from, else the home
// folder.
func (mw *MainWindow) lastOpenFolder() string {
	for _, d := range mw.app.Preferences().StringList(openFolderKey) {
		if isDir(d) {
			return d
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		return home
	}
	return string(filepath.Separator)
}

// setFolder lists dir's files of the chosen format.
func (op *openPicker) setFolder(dir string) {
	if !isDir(dir) {
		op.where.SetText(op.folder)
		return
	}
	op.folder = filepath.Clean(dir)
	op.where.SetText(op.folder)
	op.fill()
}

// exts are the extensions the chosen format shows.
func (op *openPicker) exts() []string {
	i := 0
	for j, k := range openKinds {
		if lang.L(k.name) == op.kind.Selected {
			i = j
		}
	}
	if openKinds[i].exts == nil {
		return openablePicked
	}
	return openKinds[i].exts
}

// fill lists the folders and the files of the chosen format in the folder.
func (op *openPicker) fill() {
	if op.folder == "" {
		return
	}
	entries, err := os.ReadDir(op.folder)
	op.list.Objects = nil
	op.checks = map[string]*widget.Check{}
	if err != nil {
		op.list.Add(widget.NewLabel(userMessage(err)))
		op.list.Refresh()
		return
	}
	exts := op.exts()
	sort.Slice(entries, func(i, j int) bool { return strings.ToLower(entries[i].Name()) < strings.ToLower(entries[j].Name()) })
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(op.folder, name)
		if e.IsDir() {
			op.list.Add(newTapLabel("📁 "+name, func() { op.setFolder(path) }))
			continue
		}
		if !slices.Contains(exts, strings.ToLower(filepath.Ext(name))) {
			continue
		}
		c := widget.NewCheck(name, func(on bool) { op.picked[path] = on })
		c.Checked = op.picked[path]
		op.checks[path] = c
		op.list.Add(c)
	}
	if len(op.list.Objects) == 0 {
		op.list.Add(widget.NewLabel(lang.L("No file of this format here.")))
	}
	op.list.Refresh()
}

// paths are the files ticked and typed, in that order, each once.
func (op *openPicker) paths() []string {
	var out []string
	for p, on := range op.picked {
		if on {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	for _, line := range strings.Split(op.typed.Text, "\n") {
		if p := expandHome(strings.Trim(strings.TrimSpace(line), `"'`)); p != "" && !slices.Contains(out, p) {
			if !filepath.IsAbs(p) {
				p = filepath.Join(op.folder, p)
			}
			out = append(out, p)
		}
	}
	return out
}

// submit opens what was chosen and remembers its folder.
func (op *openPicker) submit() {
	paths := op.paths()
	if len(paths) == 0 {
		return
	}
	recent := []string{filepath.Dir(paths[0])}
	for _, d := range op.mw.app.Preferences().StringList(openFolderKey) {
		if !slices.Contains(recent, d) && len(recent) < maxOpenFolders {
			recent = append(recent, d)
		}
	}
	op.mw.app.Preferences().SetStringList(openFolderKey, recent)
	op.mw.openPaths(paths)
}
