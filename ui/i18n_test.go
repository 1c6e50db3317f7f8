package ui

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/project"
	"campmap/render"
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

// sameInBoth are the messages French writes as English does: words both
// languages have, names, units. A French message equal to its English
// one and not listed here is English left untranslated.
var sameInBoth = []string{"%dx%d", "Rectangle", "%s, UTC%s", "2km", "Classes", "Commit", "Date", "Format", "GeoJSON", "GeoPackage", "Latitude",
	"Longitude", "Min.", "Note", "PNG dpi", "Page", "Palette", "Pause", "Point", "Public", "Quantiles", "Table", "Triangle", "Version",
	"WKT", "campmap — %s", "https://tile.example.org/{z}/{x}/{y}.png", "incidents", "maximum", "minimum", "miles", "points",
	"latitude", "longitude", "kind camp", "kind terminal", "kind port", "kind incident", "version %d",
	// the log's lines, in English for whoever reads the log
	"campmap: internal error while %s: %v\n%s", "ui: internal error while %s: %v"}

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
	// go-i18n reads a file holding one of its reserved words as a key as
	// one message, and the whole catalogue is lost
	for k := range en {
		switch strings.ToLower(k) {
		case "id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two", "few", "many", "other":
			t.Errorf("%q is a key go-i18n reserves", k)
		}
	}
	for _, k := range data.Kinds {
		if _, ok := en["kind "+k.String()]; !ok {
			t.Errorf("no catalogue names the kind %s", k)
		}
	}
	for k, at := range usedKeys(t) {
		if _, ok := en[k]; !ok {
			t.Errorf("%s: %q is in no catalogue", at, k)
		}
	}
	prose := regexp.MustCompile(`[A-Za-z]{2}`)
	for k, v := range fr {
		if s, ok := v.(string); ok && s == en[k] && prose.MatchString(s) && !slices.Contains(sameInBoth, k) {
			t.Errorf("fr.json keeps %q in English: translate it, or add it to sameInBoth if French writes it so", k)
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

// shownTexts collects the texts of the widgets under o: labels, buttons,
// checks, choices, placeholders, form labels and hints, drawn text.
func shownTexts(o fyne.CanvasObject, add func(string)) {
	if o == nil {
		return
	}
	switch w := o.(type) {
	case *widget.Label:
		add(w.Text)
	case *widget.Button:
		add(w.Text)
	case *widget.Check:
		add(w.Text)
	case *widget.Select:
		add(w.Selected)
		if w.Selected == "" {
			add(w.PlaceHolder)
		}
		for _, op := range w.Options {
			add(op)
		}
	case *widget.SelectEntry:
		add(w.PlaceHolder)
	case *widget.RadioGroup:
		for _, op := range w.Options {
			add(op)
		}
	case *widget.Entry:
		add(w.PlaceHolder)
	case *escEntry:
		add(w.PlaceHolder)
	case *widget.Hyperlink:
		add(w.Text)
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
	if _, ok := o.(*widget.Entry); ok {
		return // what it holds was typed, or is a value to edit
	}
	if wd, ok := o.(fyne.Widget); ok {
		r := test.WidgetRenderer(wd)
		for _, ch := range r.Objects() {
			shownTexts(ch, add)
		}
	}
}

// TestFrenchWalk walks the window in French, in a process of its own
// started in French as a French system would start it.
func TestFrenchWalk(t *testing.T) {
	inFrench(t, func(t *testing.T) { frenchWalk(t) })
}

// words are the runs of letters of a text (with the apostrophes and
// hyphens inside words), as the walk checks them.
var words = regexp.MustCompile(`[\p{L}][\p{L}’'\-]*[\p{L}]|[\p{L}]`)

// quoted are the literals a message quotes ("coordinates", « { »): names
// and values, not words of its language.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|«[^»]*»|“[^”]*”`)

// unquoted is s without what it quotes.
func unquoted(s string) string { return quoted.ReplaceAllString(s, " ") }

// vocabulary adds the words of s, folded to lower case, to set.
func vocabulary(set map[string]bool, s string) {
	for _, w := range words.FindAllString(s, -1) {
		set[strings.ToLower(w)] = true
	}
}

// fyneFrench are the words of Fyne's own French dialogs (its file
// dialog, its confirm buttons), which come from Fyne's catalogue.
var fyneFrench = []string{"Annuler", "Ouvrir", "Enregistrer", "Oui", "Non", "OK", "Dossier", "Fichier", "Nom", "Afficher les fichiers cachés",
	"Nouveau dossier", "Créer", "Accueil", "Bureau", "Documents", "Téléchargements", "Musique", "Images", "Vidéos", "Ordinateur",
	"Confirmer", "Fermer", "Copier", "Coller", "Couper", "Sélectionner tout", "Tout sélectionner", "Refaire", "Annuler l’action", "Rétablir",
	"Sauvegarder", "Choisir", "Sélectionner", "Effacer", "Appliquer", "Quitter", "Préférences", "Rechercher", "Aller", "Nom de fichier", "Rechercher…",
	// Fyne 2.7's file dialog has these in English in every language (its
	// catalogue lacks them): Fyne's, not campmap's
	"Computer", "(Parent)"}

// properNames are names the window shows as they are in every language:
// formats, data sets and schemas, places, zones, units, keys.
var properNames = []string{"English", "Français", "campmap", "GeoJSON", "GeoPackage", "PostGIS", "MBTiles", "PMTiles", "CSV", "TSV", "WKT",
	"PNG", "PDF", "SVG", "GIF", "UTF-8", "OpenStreetMap", "Natural Earth", "GSHHG", "Calais", "Europe/Paris", "UTC", "CEST", "CET", "GMT",
	"IOM Missing Migrants", "HOT", "gpkg geojson json csv mbtiles pmtiles cmbm gz txt",
	"janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.", "km m ha ft mi px dpi", "lat lon", "Ctrl Shift Alt Entrée Échap Suppr"}

// frenchWalk opens the window on the sample in French, with its menus,
// panels and dialogs, and fails on any text shown in English: one equal
// to an English message of the catalogue whose French differs, or one
// with a word that is in no French message, no datum of the fixture (the
// sample's names, properties and categories, the files the walk made,
// the time zones) and not one of Fyne's own French words.
func frenchWalk(t *testing.T) {
	h := newHarness(t, Options{Sample: true}, nil)
	if !french() {
		t.Fatalf("the window does not speak French (it says %q for Layers)", spokenWord())
	}
	mw := h.mw
	en, fr := readCatalogue(t, "en"), readCatalogue(t, "fr")
	english := map[string]string{} // English text → key, where French differs
	frWords := map[string]bool{}   // the words of the French catalogue
	for k, v := range en {
		if s, ok := v.(string); ok {
			if f, _ := fr[k].(string); f != s && !strings.Contains(s, "%") {
				english[s] = k
			}
		}
	}
	for k, v := range fr {
		switch v := v.(type) {
		case string:
			if v == en[k] && !slices.Contains(sameInBoth, k) {
				continue // English left in the French catalogue is no French word
			}
			vocabulary(frWords, unquoted(v))
		case map[string]any:
			for _, f := range v {
				if s, ok := f.(string); ok {
					vocabulary(frWords, unquoted(s))
				}
			}
		}
	}
	// the data: what the fixture holds and the walk made, which the window
	// shows as it is
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "iom-channel.csv")
	if b, err := os.ReadFile(iomFixturePath); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(csvPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	// a table with a row that cannot be placed, an unreadable date and
	// a row with a field too many
	roughPath := filepath.Join(dir, "rough.csv")
	if err := os.WriteFile(roughPath, []byte("lat,lon,date,name\n50.95,1.85,2015-07-28,Jungle\nnorth,1.85,2015-07-28,Port\n50.96,1.86,someday,Ferry\n50.97,1.87,2015-07-29,Coquelles,extra\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	datum := map[string]bool{}
	for _, s := range fyneFrench {
		vocabulary(datum, s)
	}
	for _, s := range append(properNames, "iom-channel.csv", "rough.csv", "someday", "north", "extra", "moved", "walk.campmap", "map.campmap", "annotations.gpkg", dir) { // file names are data
		vocabulary(datum, s)
	}
	// whole texts that are data (a column named Month is not the word
	// Month of the interface)
	dataText := map[string]bool{}
	if f, err := os.Open(csvPath); err == nil {
		header, _ := csv.NewReader(f).Read()
		f.Close()
		for _, c := range header {
			dataText[c] = true
			vocabulary(datum, c)
		}
	}
	for _, z := range zoneChoices() {
		vocabulary(datum, z)
	}
	for _, k := range menuKeys { // key names (the L of Ctrl+Maj+L) are names, not words
		vocabulary(datum, string(k.sc.KeyName))
	}
	home, _ := os.UserHomeDir()
	cwd, _ := os.Getwd()
	for _, d := range []string{home, cwd, "/", dir, filepath.Dir(cwd)} {
		vocabulary(datum, d)
		ents, _ := os.ReadDir(d)
		for _, e := range ents {
			vocabulary(datum, e.Name())
		}
	}
	layerData := func() {
		for _, e := range mw.layers {
			l := e.layer
			vocabulary(datum, l.Name)
			vocabulary(datum, l.Path)
			for _, c := range l.Categories() {
				vocabulary(datum, c)
			}
			for _, k := range l.Keys() {
				vocabulary(datum, k)
				dataText[k] = true
			}
			for i := range l.Len() {
				vocabulary(datum, l.ID(i).String())
				for _, pr := range l.Props(i) {
					vocabulary(datum, pr.Value.String())
					dataText[pr.Value.String()] = true
				}
			}
		}
	}
	layerData()
	seen := map[string]bool{}
	reported := map[string]bool{}
	// untranslated says why s is English ("" when it is not): it is an
	// English message the catalogue translates otherwise, or it has words
	// no French message, datum or name has.
	untranslated := func(s string) string {
		if s == "" || dataText[s] || utf8.RuneCountInString(strings.TrimSpace(s)) == 1 {
			return "" // data, or one glyph of a text drawn letter by letter
		}
		if k, ok := english[s]; ok {
			return fmt.Sprintf("in English (French: %q)", fr[k])
		}
		var unknown []string
		ws := words.FindAllString(unquoted(s), -1)
		for _, w := range ws {
			lw := strings.ToLower(w)
			if frWords[lw] || datum[lw] {
				continue
			}
			if strings.Contains(s, w+"…") && prefixOfAny(lw, frWords, datum) {
				continue // cut short to fit
			}
			unknown = append(unknown, w)
		}
		if len(unknown) > 0 {
			return fmt.Sprintf("whose %q is in no French message nor datum", unknown)
		}
		return ""
	}
	walk := func(where string) {
		add := func(s string) {
			if s != "" {
				seen[s] = true
			}
			if why := untranslated(s); why != "" && !reported[s] {
				reported[s] = true
				t.Errorf("%s shows %q, %s", where, s, why)
			}
		}
		shownTexts(mw.win.Content(), add)
		for _, o := range mw.win.Canvas().Overlays().List() {
			shownTexts(o, add)
		}
		add(mw.win.Title())
		var menu func(items []*fyne.MenuItem)
		menu = func(items []*fyne.MenuItem) {
			for _, it := range items {
				add(it.Label)
				if it.ChildMenu != nil {
					menu(it.ChildMenu.Items)
				}
			}
		}
		for _, m := range mw.win.MainMenu().Items {
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
		for _, o := range mw.win.Canvas().Overlays().List() {
			mw.win.Canvas().Overlays().Remove(o)
		}
	}
	top := func() int { return mw.layers[len(mw.layers)-1].id }
	incidents := func() int {
		for i, e := range mw.layers {
			if e.layer.Kind == data.KindIncident {
				return i
			}
		}
		return 0
	}
	mw.proj.dir = t.TempDir() // autosaves of the walk go nowhere shared
	for _, d := range []struct {
		name string
		open func()
	}{
		{"Keyboard shortcuts", mw.showKeys},
		{"All commands", mw.showPalette},
		{"About campmap", func() { showAbout(mw.win) }},
		{"the style dialog", func() { mw.panel.showStyle(top()) }},
		{"the incidents' style dialog", func() { mw.panel.showStyle(mw.layers[incidents()].id) }},
		{"the camps' style dialog", func() { mw.panel.showStyle(mw.layers[0].id) }},
		{"a category's symbol", func() {
			l := mw.layers[incidents()].layer
			mw.tl.cats.pickSymbol(mw.layers[incidents()].id, l.Categories()[0])
		}},
		{"the filter editor", func() { mw.panel.showWhere(mw.layers[incidents()].id) }},
		{"Export page", mw.showPageExportDialog},
		{"Export animation", mw.showAnimationDialog},
		{"Export PNG", mw.showExportDialog},
		{"Export layer", mw.showExportLayerDialog},
		{"Add bookmark", mw.showAddBookmark},
		{"Filter by value", mw.tl.cats.showValueFilter},
		{"the measure tool", func() { mw.mv.measure.toggle() }},
		{"a read-only layer's pencil", func() { mw.editor.toggle(mw.layers[0].id) }},
		{"the edit tool and its attribute form", func() {
			mw.editor.start(mw.layers[0]) // the sample is read-only: the bar and form only
			mw.editor.sel = 0
			mw.editor.showAttributes()
		}},
		{"Basemap", mw.showBasemapDialog},
		{"Online basemap", mw.showOnlineDialog},
		{"Open", mw.showOpenDialog},
		{"Open project", mw.proj.showOpenDialog},
		{"Save project as", mw.proj.showSaveAsDialog},
		{"New annotation layer", mw.editor.showNewLayerDialog},
		{"Add PostGIS layer", mw.pg.showAddDialog},
		{"CSV import", func() { mw.showCSVImport(csvPath) }},
		{"the attribute table", func() {
			mw.table.open(mw.layers[incidents()].id)
			h.settle()
			tb := mw.table
			test.WidgetRenderer(tb.table).Layout(tb.table.Size())
			for c := range len(tb.l.Keys()) + 1 {
				seen[tb.header(c)] = true
				if c == 0 && tb.header(c) != lang.X("Time", "Time") && !strings.Contains(tb.header(c), "Heure") && !strings.Contains(tb.header(c), "Date") {
					t.Errorf("the table's time column is headed %q", tb.header(c))
				}
			}
		}},
		{"the identify panel", func() {
			mw.info.show(mw.scene, render.Hit{Layer: incidents(), Feature: 0}, true)
		}},
		{"search", func() {
			mw.panel.search.entry.SetText("Jungle")
		}},
		{"the time dialog", func() { mw.tl.askTime(true) }},
		{"identify with several features", func() {
			mw.info.showAll(mw.scene, []render.Hit{{Layer: incidents(), Feature: 0}, {Layer: incidents(), Feature: 1}})
		}},
		{"a table's warnings", func() {
			l, err := data.LoadFile(context.Background(), roughPath, data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Warnings) == 0 || len(l.Skipped) == 0 {
				t.Fatalf("the rough table gives no warning or skipped row: %q %v", l.Warnings, l.Skipped)
			}
			mw.panel.showWarnings(l)
		}},
		{"a table's skipped rows", func() {
			l, err := data.LoadFile(context.Background(), roughPath, data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			mw.showSkipped(l)
		}},
		{"the missing files of a project", func() {
			p := &project.Project{Layers: []project.Layer{{Path: filepath.Join(dir, "moved", "camps.geojson")}}}
			mw.proj.showMissing(p, []int{0}, filepath.Join(dir, "walk.campmap"))
		}},
		{"the load-error dialog", func() {
			mw.showLoadErrors([]error{&data.LoadError{Path: "camps.geojson", Feature: -1, Msg: "not a GeoJSON file: it is empty"},
				&data.LoadError{Path: "x.csv", Feature: -1, Msg: "cannot read the file", Err: fs.ErrPermission}})
		}},
		{"the recovery dialog", func() {
			// the sample alone is never autosaved: an autosave as a crash leaves it
			if err := project.WriteAutosave(mw.proj.dir, "", mw.proj.snapshot(), time.Date(2015, 7, 28, 22, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			mw.proj.offerRecovery()
		}},
	} {
		d.open()
		h.settle()
		layerData()
		walk(d.name)
		closeAll()
		mw.info.hide()
		mw.table.close()
		mw.panel.search.entry.SetText("")
		h.settle()
	}
	for _, want := range []string{"Calques", "Fichier", "Affichage", "Lecture", "Ajouter une couche PostGIS", "Table attributaire",
		"Impossible d’ouvrir 2 fichiers", "Exporter une couche", "Importer iom-channel.csv", "Nouvelle couche d’annotations",
		"Ouvrir des fichiers", "Récupérer le travail non enregistré", "Enregistrer le projet sous", "Ajouter une condition"} {
		if !seen[want] {
			t.Errorf("the walk never saw %q", want)
		}
	}
	// the check itself: English fails, French and data pass
	for s, english := range map[string]bool{"Could not open the project": true, "Choose the file to read": true,
		"Impossible d’ouvrir le projet": false, "Jungle": false, "Month": false, "Coquelles termina…": false} {
		if got := untranslated(s) != ""; got != english {
			t.Errorf("the walk takes %q for English: %v, want %v", s, got, english)
		}
	}
	if got := count("features", 1000000); !strings.Contains(got, "d’entités") {
		t.Errorf("a million features read %q, want the French form for millions", got)
	}
	if got := groupThousands(1234567); got != "1\u202f234\u202f567" {
		t.Errorf("numbers in French: %q", got)
	}
	for got, want := range map[string]string{
		formatLonLat(orb.Point{-0.55875, 51.15718}): "51,15718° N ; 0,55875° O",
		decimal(1234.5, 1):                          "1234,5",
		length(2500, false):                         "2,50 km",
		kindLabel(data.KindRoute):                   "itinéraire",
		timeText(1437602400000, time.UTC):           "22 juil. 2015 22:00 UTC",
		formatSpan(data.Span{Start: 1437523200000, End: 1437609599999}, time.UTC): "22 juil. 2015 (journée entière, UTC)",
	} {
		if got != want {
			t.Errorf("in French: %q, want %q", got, want)
		}
	}
	t.Logf("walked %d texts in French", len(seen))
}

// prefixOfAny reports whether w begins a word of one of sets.
func prefixOfAny(w string, sets ...map[string]bool) bool {
	for _, set := range sets {
		for k := range set {
			if strings.HasPrefix(k, w) {
				return true
			}
		}
	}
	return false
}

// spokenWord is what the catalogues say for "Layers".
func spokenWord() string { return spoken() }
