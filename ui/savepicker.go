package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// saveFolderKey is the preference holding the folder of the last save.
const saveFolderKey = "save.folder"

// saveRequest describes one "where to save" question.
type saveRequest struct {
	title string   // dialog title, e.g. "Export PNG"
	name  string   // suggested file name, with its extension
	exts  []string // accepted extensions, lower case with the dot; exts[0] is added to a name that has none of them
	dir   string   // folder to start in; "" = the folder of the last save
}

// savePicker is the app's save-location dialog: a file name, a folder
// (chosen with a folder dialog) and an overwrite confirmation. Unlike
// Fyne's file-save dialog it never opens, creates or truncates the target:
// it only returns a path, and the caller's atomic writer replaces the file
// once the new content is complete, so a failed save keeps the old file.
// It belongs to the UI goroutine.
type savePicker struct {
	mw     *MainWindow
	req    saveRequest
	name   *escEntry
	folder string
	where  *widget.Label
	dlg    *dialog.FormDialog
	chosen func(path string)
}

// chooseSavePath asks where to save per r and calls chosen with the full
// path once the user has confirmed it (and agreed to replace an existing
// file). Nothing is written here.
func (mw *MainWindow) chooseSavePath(r saveRequest, chosen func(path string)) {
	sp := &savePicker{mw: mw, req: r, chosen: chosen}
	sp.name = newEntry()
	sp.name.SetText(r.name)
	sp.name.Validator = func(s string) error { _, _, err := splitSavePath(s); return err }
	sp.where = widget.NewLabel("")
	sp.where.Truncation = fyne.TextTruncateEllipsis
	sp.where.Selectable = true
	dir := r.dir
	if !isDir(dir) {
		dir = mw.lastSaveFolder()
	}
	sp.setFolder(dir)
	browse := widget.NewButton(lang.L("Folder…"), sp.browse)
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("File name"), sp.name),
		widget.NewFormItem(lang.L("Folder"), container.NewBorder(nil, nil, nil, browse, sp.where)),
	}
	if len(r.exts) > 0 {
		kinds := widget.NewLabel(strings.Join(r.exts, ", "))
		items = append(items, widget.NewFormItem(lang.L("Format"), kinds))
	}
	sp.dlg = dialog.NewForm(r.title, lang.L("Save"), lang.L("Cancel"), items, func(ok bool) {
		if ok {
			sp.submit()
		}
	}, mw.win)
	sp.name.OnSubmitted = func(string) { sp.dlg.Submit() } // Enter saves
	sp.dlg.Resize(fyne.NewSize(min(max(mw.win.Canvas().Size().Width*0.7, 420), 640), 10))
	if mw.cfg.seen != nil {
		mw.cfg.seen.savePick = sp
	}
	sp.dlg.Show()
	mw.win.Canvas().Focus(sp.name)
}

// validFileName accepts a bare file name (no folder part).
func validFileName(s string) error {
	s = strings.TrimSpace(s)
	switch {
	case s == "" || s == "." || s == "..":
		return errors.New(lang.L("type a file name"))
	case strings.ContainsAny(s, `/\`):
		return errors.New(lang.L("type the name only; choose the folder with Folder…"))
	}
	return nil
}

// splitSavePath reads what was typed as the file name: a bare name (dir
// ""), or a full path pasted from elsewhere, "/data/out.png" or
// "~/out.png", whose folder must exist. A relative path is refused: the
// folder it is relative to is not on screen.
func splitSavePath(s string) (dir, name string, err error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "~"+string(filepath.Separator)); ok {
		if home, herr := os.UserHomeDir(); herr == nil {
			s = filepath.Join(home, rest)
		}
	}
	if !filepath.IsAbs(s) {
		return "", s, validFileName(s)
	}
	dir, name = filepath.Split(s)
	if err := validFileName(name); err != nil {
		return "", "", err
	}
	if !isDir(dir) {
		return "", "", fmt.Errorf(lang.L("the folder %q does not exist"), filepath.Clean(dir))
	}
	return filepath.Clean(dir), name, nil
}

// setFolder makes dir the folder the file goes to.
func (sp *savePicker) setFolder(dir string) {
	sp.folder = dir
	sp.where.SetText(dir)
}

// browse opens a folder dialog (which creates nothing) on the current folder.
func (sp *savePicker) browse() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			sp.mw.showError(lang.L("Could not open the folder"), fmt.Errorf("ui: save: %w", err))
			return
		}
		if l != nil {
			sp.setFolder(l.Path())
		}
	}, sp.mw.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(sp.folder)); err == nil {
		d.SetLocation(l)
	}
	d.Resize(dialogSize(sp.mw.win))
	d.Show()
}

// path is the full path the picker's fields name, with the format's
// extension added when the name has none of the accepted ones.
func (sp *savePicker) path() (string, error) {
	dir, name, err := splitSavePath(sp.name.Text)
	if err != nil {
		return "", fmt.Errorf("ui: save: file name: %w", err)
	}
	if len(sp.req.exts) > 0 && !slices.Contains(sp.req.exts, strings.ToLower(filepath.Ext(name))) {
		name += sp.req.exts[0]
	}
	if dir == "" {
		dir = sp.folder
	}
	if !isDir(dir) {
		return "", fmt.Errorf("ui: save: "+lang.L("the folder %q does not exist"), dir)
	}
	return filepath.Join(dir, name), nil
}

// submit checks the path, asks before replacing an existing file, and
// hands the path on.
func (sp *savePicker) submit() {
	mw := sp.mw
	path, err := sp.path()
	if err != nil {
		mw.showError(lang.L("Could not save"), err)
		return
	}
	fi, err := os.Lstat(path)
	switch {
	case err == nil && fi.IsDir():
		mw.showError(lang.L("Could not save"), fmt.Errorf("ui: save: "+lang.L("%s is a folder"), path))
		return
	case err == nil:
		title := fmt.Sprintf(lang.L("Replace %s?"), filepath.Base(path))
		text := fmt.Sprintf(lang.L("%s already exists in %s.\nReplacing it overwrites its contents (only once the new file is complete)."), filepath.Base(path), filepath.Dir(path))
		d := dialog.NewConfirm(title, text, func(ok bool) {
			if ok {
				sp.accept(path)
			}
		}, mw.win)
		d.SetConfirmText(lang.L("Replace"))
		d.SetDismissText(lang.L("Cancel"))
		d.Show()
		mw.noteDialog(title, text)
		return
	}
	sp.accept(path)
}

// accept remembers the folder and hands path to the caller.
func (sp *savePicker) accept(path string) {
	sp.mw.app.Preferences().SetString(saveFolderKey, filepath.Dir(path))
	sp.chosen(path)
}

// lastSaveFolder is the folder of the last save if it still exists, else
// the home folder, else the working folder.
func (mw *MainWindow) lastSaveFolder() string {
	if d := mw.app.Preferences().String(saveFolderKey); isDir(d) {
		return d
	}
	if d, err := os.UserHomeDir(); err == nil && isDir(d) {
		return d
	}
	if d, err := os.Getwd(); err == nil {
		return d
	}
	return "."
}

func isDir(p string) bool {
	if p == "" {
		return false
	}
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}
