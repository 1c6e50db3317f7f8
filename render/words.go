package render

import (
	"fmt"
	"strings"
	"time"

	"campmap/data/style"
	"campmap/internal/format"
)

// The words render writes on maps, pages, legends and animation captions,
// in the scene's language (Scene.Lang: "" or "en" English, "fr" French),
// independent of the window's: a French page can be made from an English
// interface. English is the key; pageWords holds the translations.
var pageWords = map[string]map[string]string{
	"fr": {
		"Legend": "Légende",
		"%s: hexagons of %s, by number of incidents":          "%s : hexagones de %s, par nombre d'incidents",
		"%s: hexagons of %s, by number of features":           "%s : hexagones de %s, par nombre d'entités",
		"%s: squares of %s, by number of incidents":           "%s : carrés de %s, par nombre d'incidents",
		"%s: squares of %s, by number of features":            "%s : carrés de %s, par nombre d'entités",
		"%s in the time window, classes over the whole layer": "%s dans la fenêtre temporelle, classes sur toute la couche",
		"Layer %d":                             "Couche %d",
		"Motorway":                             "Autoroute",
		"Road":                                 "Route",
		"Railway":                              "Voie ferrée",
		"Ferry":                                "Ferry",
		"Tunnel":                               "Tunnel",
		"Path":                                 "Chemin",
		"Other route":                          "Autre itinéraire",
		"Time window: all dates":               "Fenêtre temporelle : toutes les dates",
		"Time window: %s – %s (%s, UTC%s%s)":   "Fenêtre temporelle : %s – %s (%s, UTC%s%s)",
		", features wholly inside":             ", entités entièrement incluses",
		"Sources: ":                            "Sources : ",
		"Basemap: ":                            "Fond de carte : ",
		"Data: ":                               "Données : ",
		"… %d more":                            "… %d de plus",
		"All dates":                            "Toutes les dates",
		", wholly inside":                      ", entièrement incluses",
		"Incidents per %s %s":                  "Incidents par %[2]s de %[1]s",
		"cell":                                 "cellule",
		"hexagon":                              "hexagone",
		"cells":                                "cellules",
		"hexagons":                             "hexagones",
		"%s–%s incidents":                      "%s à %s incidents",
		"%s or more incidents":                 "%s incidents ou plus",
		"%s: records per %s %s":                "%[1]s : enregistrements par %[3]s de %[2]s",
		"%s–%s records":                        "%s à %s enregistrements",
		"%s or more records":                   "%s enregistrements ou plus",
		"Exact positions: ":                    "Positions exactes : ",
		"Counts are rounded to the nearest %d": "Comptes arrondis au multiple de %d le plus proche",
		"Counts have random noise (scale %s)":  "Comptes bruités au hasard (échelle %s)",
		"Counts have random noise (scale %s) and are rounded to the nearest %d": "Comptes bruités au hasard (échelle %s) et arrondis au multiple de %d le plus proche",
		"Only where %s":         "Seulement où %s",
		" and ":                 " et ",
		"other (%d categories)": "autres (%d catégories)",
		"“other” groups the %d least frequent categories in one colour": "« autres » regroupe en une couleur les %d catégories les moins fréquentes",
		"%s: size by %s (%s)":     "%s : taille selon %s (%s)",
		"%s: colour by %s (%s)":   "%s : couleur selon %s (%s)",
		"equal intervals":         "intervalles égaux",
		"quantiles":               "quantiles",
		"natural breaks":          "seuils naturels (Jenks)",
		"no value, drawn %s (%s)": "sans valeur, %s (%s)",
		"as a grey cross":         "dessinées en croix grise",
		"Publication-safe: incidents counted in %s %s; %s with fewer than %d not shown": "Diffusion sûre : incidents comptés par %[2]s de %[1]s ; les %[3]s de moins de %[4]d ne sont pas montrées",
	},
}

// Word returns s in language lang as pages write it (s itself in English
// or when the language has no word for it): the words of export's
// publication-safe pages live here with the rest of the page's.
func Word(lang, s string) string { return word(lang, s) }

// Group writes n as lang groups thousands (see group).
func Group(lang string, n int) string { return group(lang, n) }

// word returns s in language lang (s itself in English or when the
// language has no word for it).
func word(lang, s string) string {
	if w, ok := pageWords[lang][s]; ok {
		return w
	}
	return s
}

// WhereNote is what a legend or caption says of a style's conditions on
// values (style.Style.Where), in language lang: "Only where dead >= 3 and
// cause ~ "noy"", or "" when it has none. The value Filter, which the
// legend shows as the categories it leaves out, is not repeated.
func WhereNote(lang string, st style.Style) string {
	if len(st.Where) == 0 {
		return ""
	}
	parts := make([]string, len(st.Where))
	for i, c := range st.Where {
		parts[i] = c.String()
	}
	return fmt.Sprintf(word(lang, "Only where %s"), strings.Join(parts, word(lang, " and ")))
}

// group writes n with thousands grouped as lang writes them: 1,234 in
// English, 1 234 (a no-break space: the page fonts have no narrow one) in
// French.
func group(lang string, n int) string {
	if lang == "fr" {
		return format.Group(int64(n), "\u00a0")
	}
	return format.Group(int64(n), ",")
}

// dateTime writes t (minute precision) as lang writes dates (see
// format.DateTime).
func dateTime(lang string, t time.Time) string { return format.DateTime(lang, t) }

// date writes t's day as lang writes dates (see format.Date).
func date(lang string, t time.Time) string { return format.Date(lang, t) }
