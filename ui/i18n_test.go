package ui

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// readCatalogue reads an embedded catalogue: plain messages as text,
// plural ones as their forms.
func readCatalogue(t *testing.T, tag string) map[string]any {
	t.Helper()
	b, err := translations.ReadFile("translations/" + tag + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", tag, err)
	}
	return m
}

// usedKeys are the literal keys the ui code hands to lang.L, lang.X and
// lang.N (and count).
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok {
					name = x.Name + "." + fn.Sel.Name
				}
			case *ast.Ident:
				name = fn.Name
			}
			if name == "lang.L" || name == "lang.N" || name == "lang.X" || name == "count" || name == "trAll" {
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					out[s] = fset.Position(lit.Pos()).String()
				}
			}
			return true
		})
	}
	return out
}

// The catalogues hold the same keys, every key the code uses, and the
// French plural messages have the form for millions.
func TestFrenchCatalogueIsComplete(t *testing.T) {
	en, fr := readCatalogue(t, "en"), readCatalogue(t, "fr")
	if a, b := slices.Sorted(maps.Keys(en)), slices.Sorted(maps.Keys(fr)); !slices.Equal(a, b) {
		for _, k := range a {
			if _, ok := fr[k]; !ok {
				t.Errorf("fr.json lacks %q", k)
			}
		}
		for _, k := range b {
			if _, ok := en[k]; !ok {
				t.Errorf("en.json lacks %q", k)
			}
		}
	}
	for k, at := range usedKeys(t) {
		if _, ok := en[k]; !ok {
			t.Errorf("%s: %q is in no catalogue", at, k)
		}
	}
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for k, v := range fr {
		switch v := v.(type) {
		case map[string]any:
			for _, form := range []string{"one", "many", "other"} {
				if _, ok := v[form]; !ok {
					t.Errorf("fr.json %q has no %q form", k, form)
				}
			}
		case string:
			if a, b := verbs.FindAllString(k, -1), verbs.FindAllString(v, -1); !slices.Equal(a, b) {
				t.Errorf("fr.json %q: verbs %v, the English has %v", k, b, a)
			}
		}
	}
}

// shownCalls are the functions whose string arguments the window shows.
var shownCalls = map[string]bool{
	"NewLabel": true, "NewButton": true, "NewButtonWithIcon": true, "NewMenuItem": true, "NewMenu": true,
	"NewCheck": true, "NewFormItem": true, "ShowInformation": true, "NewInformation": true, "NewCustom": true,
	"ShowCustom": true, "NewForm": true, "ShowConfirm": true, "NewConfirm": true, "SetPlaceHolder": true,
	"message": true, "showError": true, "SetText": true, "NewText": true, "NewCustomConfirm": true,
	"NewCustomWithoutButtons": true, "NewColorPicker": true, "noteDialog": true, "startLoading": true,
}

// Every string literal handed to a function that shows text goes through
// the catalogues, also inside the fmt.Sprintf that builds it.
func TestEveryShownStringGoesThroughLang(t *testing.T) {
	prose := regexp.MustCompile(`[A-Za-z]{2}`)
	fset := token.NewFileSet()
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !shownCalls[sel.Sel.Name] {
				return true
			}
			for _, arg := range call.Args {
				var check func(e ast.Expr)
				check = func(e ast.Expr) {
					switch e := e.(type) {
					case *ast.BasicLit:
						if s, _ := strconv.Unquote(e.Value); e.Kind == token.STRING && prose.MatchString(s) {
							t.Errorf("%s: %q is shown without going through lang", fset.Position(e.Pos()), s)
						}
					case *ast.BinaryExpr:
						check(e.X)
						check(e.Y)
					case *ast.CallExpr:
						if s, ok := e.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Sprintf" && len(e.Args) > 0 {
							check(e.Args[0])
						}
					}
				}
				check(arg)
			}
			return true
		})
	}
}

// shownTexts collects the texts of the widgets under o.
func shownTexts(o fyne.CanvasObject, add func(string)) {
	switch w := o.(type) {
	case *widget.Label:
		add(w.Text)
	case *widget.Button:
		add(w.Text)
	case *widget.Check:
		add(w.Text)
	case *widget.Select:
		add(w.Selected)
		add(w.PlaceHolder)
		for _, op := range w.Options {
			add(op)
		}
	case *widget.RadioGroup:
		for _, op := range w.Options {
			add(op)
		}
	case *widget.Entry:
		add(w.PlaceHolder)
	case *escEntry:
		add(w.PlaceHolder)
	case *canvas.Text:
		add(w.Text)
	case *widget.Form:
		for _, it := range w.Items {
			add(it.Text)
			add(it.HintText)
			shownTexts(it.Widget, add)
		}
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, ch := range c.Objects {
			shownTexts(ch, add)
		}
		return
	}
	if wd, ok := o.(fyne.Widget); ok {
		r := test.WidgetRenderer(wd)
		for _, ch := range r.Objects() {
			shownTexts(ch, add)
		}
	}
}

// TestFrenchWalk runs the French walk in a process of its own, started
// in French as a French system would start it.
func TestFrenchWalk(t *testing.T) {
	if os.Getenv("CAMPMAP_FRENCH_WALK") == "1" {
		frenchWalk(t)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFrenchWalk$", "-test.v")
	cmd.Env = append(os.Environ(), "CAMPMAP_FRENCH_WALK=1", "LC_ALL=", "LC_MESSAGES=fr_FR.UTF-8", "LANG=fr_FR.UTF-8", "LANGUAGE=fr")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the French walk failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "walked") {
		t.Fatalf("the French walk did not run:\n%s", out)
	}
}

// frenchWalk opens the window on the sample in French, with its menus
// and dialogs, and fails on any text shown in English that the catalogue
// translates.
func frenchWalk(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	if !french() {
		t.Fatalf("the window does not speak French (it says %q for Layers)", spokenWord())
	}
	en, fr := readCatalogue(t, "en"), readCatalogue(t, "fr")
	english := map[string]string{} // English text → key, where French differs
	for k, v := range en {
		if s, ok := v.(string); ok {
			if f, _ := fr[k].(string); f != s && !strings.Contains(s, "%") {
				english[s] = k
			}
		}
	}
	seen := map[string]bool{}
	walk := func(where string) {
		add := func(s string) {
			if s == "" {
				return
			}
			seen[s] = true
			if k, ok := english[s]; ok {
				t.Errorf("%s shows %q in English (French: %q)", where, s, fr[k])
			}
		}
		shownTexts(h.mw.win.Content(), add)
		for _, o := range h.mw.win.Canvas().Overlays().List() {
			shownTexts(o, add)
		}
		var menu func(items []*fyne.MenuItem)
		menu = func(items []*fyne.MenuItem) {
			for _, it := range items {
				add(it.Label)
				if it.ChildMenu != nil {
					menu(it.ChildMenu.Items)
				}
			}
		}
		for _, m := range h.mw.win.MainMenu().Items {
			add(m.Label)
			menu(m.Items)
		}
	}
	walk("the window")
	for _, k := range menuKeys { // the French menus have every item, with its shortcut
		if it := h.mw.menuItem(k.item); it == nil || it.Shortcut != k.sc {
			t.Errorf("the French menus lack %q or its shortcut", k.item)
		}
	}
	closeAll := func() {
		for _, o := range h.mw.win.Canvas().Overlays().List() {
			h.mw.win.Canvas().Overlays().Remove(o)
		}
	}
	for _, d := range []struct {
		name string
		open func()
	}{
		{"Keyboard shortcuts", h.mw.showKeys},
		{"All commands", h.mw.showPalette},
		{"About campmap", func() { showAbout(h.mw.win) }},
		{"the style dialog", func() { h.mw.panel.showStyle(h.mw.layers[len(h.mw.layers)-1].id) }},
		{"Export page", h.mw.showPageExportDialog},
		{"Export animation", h.mw.showAnimationDialog},
		{"Export PNG", h.mw.showExportDialog},
		{"Add bookmark", h.mw.showAddBookmark},
		{"Filter by value", h.mw.tl.cats.showValueFilter},
		{"the measure tool", func() { h.mw.mv.measure.toggle() }},
		{"a read-only layer's pencil", func() { h.mw.editor.toggle(h.mw.layers[0].id) }},
		{"the edit tool and its attribute form", func() {
			h.mw.editor.start(h.mw.layers[0]) // the sample is read-only: the bar and form only
			h.mw.editor.sel = 0
			h.mw.editor.showAttributes()
		}},
	} {
		d.open()
		h.settle()
		walk(d.name)
		closeAll()
	}
	for _, want := range []string{"Calques", "Fichier", "Affichage", "Lecture"} {
		if !seen[want] {
			t.Errorf("the walk never saw %q", want)
		}
	}
	if got := count("features", 1000000); !strings.Contains(got, "d’entités") {
		t.Errorf("a million features read %q, want the French form for millions", got)
	}
	if got := groupThousands(1234567); got != "1\u202f234\u202f567" {
		t.Errorf("numbers in French: %q", got)
	}
	t.Logf("walked %d texts in French", len(seen))
}

// spokenWord is what the catalogues say for "Layers".
func spokenWord() string { return spoken() }
