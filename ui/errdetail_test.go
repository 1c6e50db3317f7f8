package ui

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"campmap/data"
)

// inFrench runs body in a process of its own started in French, as a
// French system would start campmap (the catalogues' language is chosen
// once per process).
func inFrench(t *testing.T, body func(t *testing.T)) {
	t.Helper()
	if os.Getenv("CAMPMAP_FRENCH_TEST") == t.Name() {
		body(t)
		t.Log("ran in French")
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), "CAMPMAP_FRENCH_TEST="+t.Name(), "LC_ALL=", "LC_MESSAGES=fr_FR.UTF-8", "LANG=fr_FR.UTF-8", "LANGUAGE=fr")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s in French failed: %v\n%s", t.Name(), err, out)
	}
	if !strings.Contains(string(out), "ran in French") {
		t.Fatalf("%s did not run in French:\n%s", t.Name(), out)
	}
	t.Logf("%s", out)
}

// Every detail form is a key of both catalogues, French with the same
// values in the same order, and "; " and ": " join details.
func TestDetailFormsAreInTheCatalogues(t *testing.T) {
	en, fr := readCatalogue(t, "en"), readCatalogue(t, "fr")
	for _, k := range append(slices.Clone(detailForms), "; ", ": ") {
		if _, ok := en[k]; !ok {
			t.Errorf("en.json lacks the detail %q", k)
		}
		f, ok := fr[k].(string)
		if !ok {
			t.Errorf("fr.json lacks the detail %q", k)
			continue
		}
		if a, b := detailVerb.FindAllString(k, -1), detailVerb.FindAllString(f, -1); !slices.Equal(a, b) {
			t.Errorf("fr.json %q: values %v, the English has %v", k, b, a)
		}
	}
	for _, f := range compiledForms() {
		if !f.re.MatchString(f.key) && len(f.verbs) == 0 {
			t.Errorf("the form %q does not match itself", f.key)
		}
	}
}

// In English a detail reads as the data package wrote it.
func TestTranslateDetailKeepsEnglish(t *testing.T) {
	for _, s := range []string{
		"not a GeoJSON file: it is empty",
		"invalid JSON at line 1, column 40: array is never closed (the file ends first): the file ends at line 1 (byte 122) after feature 0, before the features array is closed; the last complete feature is feature 0, ending on line 1; it looks cut short (an interrupted download or copy?): get the whole file again",
		"a polygon ring is not closed: close it",
		"camps.geojson: something; else",
	} {
		if got := translateDetail(s); got != s {
			t.Errorf("%q reads %q in English", s, got)
		}
	}
}

// The common errors of opening a file show in French, details included,
// in the window's error dialog of a French campmap.
func TestFrenchErrorDetails(t *testing.T) {
	inFrench(t, func(t *testing.T) {
		dir := t.TempDir()
		write := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		folder := filepath.Join(dir, "folder.geojson")
		if err := os.Mkdir(folder, 0o755); err != nil {
			t.Fatal(err)
		}
		// errors a loader gives for what this machine cannot make happen
		// to a test (root reads every file, the memory is there)
		hooked := map[string]error{
			"denied.geojson": &data.LoadError{Path: "denied.geojson", Feature: -1, Msg: "cannot read the file",
				Err: &fs.PathError{Op: "open", Path: "denied.geojson", Err: fs.ErrPermission}},
			"huge.geojson": &data.LoadError{Path: "huge.geojson", Feature: -1, Err: data.ErrTooLarge, Msg: "the file is too large for the memory available: " +
				"it is 9.2 GB and loading it needs about 41 GB, but only 3.1 GB is free; close other programs, or split the file (for example by date) and open the parts"},
		}
		cases := []struct {
			name string
			path string
			want []string // French the dialog says
		}{
			{"empty file", write("empty.geojson", ""), []string{"ce n’est pas un fichier GeoJSON : il est vide"}},
			{"empty table", write("empty.csv", ""), []string{"le tableau est vide"}},
			{"not JSON", write("notjson.geojson", "hello, this is no JSON"), []string{"il ne commence pas par un objet JSON"}},
			{"cut short", write("cut.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}`),
				[]string{"JSON invalide ligne 1, colonne", "un tableau n’est jamais fermé", "après l’entité 0", "il semble tronqué"}},
			{"missing coordinates", write("nocoords.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point"},"properties":{}}]}`),
				[]string{"géométrie : Point n’a pas de \"coordinates\""}},
			{"no geometry", write("nogeom.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"a":1}}]}`),
				[]string{"aucune entité ne peut être placée sur la carte", "sa seule entité a"}},
			{"unknown format", write("unknown.xyz", "\x00\x01\x02\x03 binary"), []string{"ce n’est pas un tableau CSV : il commence par des données binaires"}},
			{"not a regular file", folder, []string{"c’est un dossier, pas un fichier"}},
			{"bad CSV columns", write("shifted.csv", "lat,lon,name\nCalais, camp,50.9,1.8\n"),
				[]string{"aucune des 1 lignes", "la ligne a 4 champs mais l’en-tête en nomme 3 (le séparateur, virgule,", "n’est ni un nombre"}},
			{"too large", "huge.geojson", []string{"le fichier est trop gros pour la mémoire disponible", "fermez d’autres programmes"}},
			{"permission denied", "denied.geojson", []string{"impossible de lire le fichier", "campmap n’a pas le droit d’utiliser"}},
			{"not a project", write("notes.campmap", "these are my notes"), []string{"Impossible d’ouvrir notes.campmap", "ce n’est pas un projet campmap", "il commence par un texte inattendu, et non par un objet JSON", "choisissez un fichier .campmap"}},
			{"a newer project", write("newer.campmap", `{"version": 99, "layers": []}`), []string{"version 99, ce campmap lit jusqu’à la version", "projet écrit par un campmap plus récent", "mettez campmap à jour"}},
		}
		english := regexp.MustCompile(`\b(the|file|cannot|not a|is empty|never closed|feature can|columns found|too large)\b`)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := newHarnessWith(t, Options{}, func(cfg *config) {
					cfg.loadFile = func(ctx context.Context, path string, o data.LoadOptions) ([]*data.Layer, error) {
						if err, ok := hooked[filepath.Base(path)]; ok {
							return nil, err
						}
						return data.LoadFileLayers(ctx, path, o)
					}
				})
				h.mw.openPaths([]string{tc.path})
				h.settle()
				got := h.seen.dialog
				for _, w := range tc.want {
					if !strings.Contains(got, w) {
						t.Errorf("the dialog does not say %q:\n%s", w, got)
					}
				}
				if m := english.FindString(strings.ReplaceAll(got, tc.path, "")); m != "" {
					t.Errorf("the dialog says %q in English:\n%s", m, got)
				}
			})
		}
		// what the window's own fields say of a bad entry
		for name, err := range map[string]error{"no file name": validFileName(""), "a folder in the name": validFileName("a/b.png"),
			"no bookmark name": errEmptyName(), "a resolution": validDPI("5")} {
			if err == nil || english.MatchString(err.Error()) || strings.Contains(err.Error(), "type") {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}
