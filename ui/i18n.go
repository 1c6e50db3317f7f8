package ui

import (
	"embed"
	"encoding/json"
	"os"
	"runtime"
	"sync"
	"time"

	"campmap/data"
	"campmap/internal/format"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// The interface's words live in catalogues, one per language, embedded
// and handed to Fyne's translation engine (fyne.io/fyne/v2/lang): every
// string the window shows goes through lang.L, lang.N or lang.X with its
// English text as the key. English is the fallback; French is complete
// (TestFrenchCatalogueIsComplete). The language follows the system unless
// View > Language chose one (a preference, applied at the next start).

//go:embed translations
var translations embed.FS

// languagePref is the preference holding the chosen interface language
// ("" follows the system).
const languagePref = "ui.language"

// languages are the interface languages offered, by tag and by the name
// each has in itself.
var languages = []struct{ tag, name string }{{"en", "English"}, {"fr", "Français"}}

var (
	langOnce   sync.Once
	activeLang = "en" // the catalogue in use: "en" or "fr"
)

// localeOf is the POSIX locale name that makes Fyne's translations
// choose a language (go-locale reads LC_ALL, LC_MESSAGES and LANG).
var localeOf = map[string]string{"en": "en_GB.UTF-8", "fr": "fr_FR.UTF-8"}

// setupLanguage loads the catalogues once, in the language tag ("" for
// the system's). Where the system language comes from the environment
// (Linux and the BSDs) tag goes through LC_MESSAGES, so Fyne's own words
// (its dialogs' buttons) and the plural rules follow it too; elsewhere
// (Windows, macOS) campmap's catalogue for tag replaces the system
// language's, and Fyne's words stay in the system language.
func setupLanguage(tag string) {
	langOnce.Do(func() {
		if loc, ok := localeOf[tag]; ok && os.Getenv("LC_ALL") == "" && runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
			os.Setenv("LC_MESSAGES", loc)
		}
		if err := lang.AddTranslationsFS(translations, "translations"); err != nil {
			fyne.LogError("campmap: the interface catalogues", err)
		}
		if _, ok := localeOf[tag]; ok && spoken() != tag {
			if b, err := translations.ReadFile("translations/" + tag + ".json"); err == nil {
				if err := lang.AddTranslationsForLocale(b, lang.SystemLocale()); err != nil {
					fyne.LogError("campmap: the "+tag+" catalogue", err)
				}
			}
		}
		activeLang = spoken()
	})
}

// spoken returns the language the catalogues now answer in, by the word
// each gives for "Layers".
func spoken() string {
	if lang.L("Layers") == "Calques" {
		return "fr"
	}
	return "en"
}

// count writes n things the way the language counts them: key names a
// plural message of the catalogues ("features": "1 feature", "2
// features"; French has a form of its own for millions), {{.Count}} the
// number, grouped as groupThousands does.
func count(key string, n int) string {
	return lang.N(key, n, map[string]any{"Count": groupThousands(int64(n))})
}

// timeText writes the time ms in zone as the window shows times, in its
// language (format.Instant): "2015-07-28 22:15 CEST", "28 juil. 2015
// 22:15 CEST"; parseTyped reads both back.
func timeText(ms int64, zone *time.Location) string {
	if ms == data.Undated.Start {
		return lang.L("undated")
	}
	if zone == nil {
		zone = time.UTC
	}
	return format.Instant(activeLang, time.UnixMilli(ms).In(zone))
}

// dateText writes t's day as the window shows dates, in its language
// (format.Date): "2015-07-28", "28 juil. 2015".
func dateText(t time.Time) string { return format.Date(activeLang, t) }

// french reports whether the interface speaks French.
func french() bool { return activeLang == "fr" }

// trAll translates each of vs (the options of a select, whose code
// keeps the English values: see untr).
func trAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = lang.L(v)
	}
	return out
}

// catalogueKeys are the keys of the English catalogue.
var catalogueKeys = sync.OnceValue(func() []string {
	b, err := translations.ReadFile("translations/en.json")
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys
})

// untr returns the English value of an option shown translated (s
// itself when it is not a translation).
func untr(s string) string {
	for _, k := range catalogueKeys() {
		if lang.L(k) == s {
			return k
		}
	}
	return s
}

// languageMenuItem is View > Language: the system's language or one
// chosen, kept in the preferences and applied when campmap starts again
// (the window's words are laid out once).
func (mw *MainWindow) languageMenuItem() *fyne.MenuItem {
	item := fyne.NewMenuItem(lang.L("Language"), nil)
	cur := mw.app.Preferences().String(languagePref)
	choices := append([]struct{ tag, name string }{{"", lang.L("As the system")}}, languages...)
	var items []*fyne.MenuItem
	for _, c := range choices {
		it := fyne.NewMenuItem(c.name, nil)
		it.Checked = c.tag == cur
		it.Action = func() {
			mw.app.Preferences().SetString(languagePref, c.tag)
			for _, o := range items {
				o.Checked = o == it
			}
			if m := mw.win.MainMenu(); m != nil {
				m.Refresh()
			}
			mw.status.message(lang.L("The interface language changes when campmap starts again."))
		}
		items = append(items, it)
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}

// languageNames are the languages a page can be written in, by the name
// each has in itself.
func languageNames() []string {
	out := make([]string, len(languages))
	for i, l := range languages {
		out[i] = l.name
	}
	return out
}

// languageName is the name of language tag ("en" for anything unknown).
func languageName(tag string) string {
	for _, l := range languages {
		if l.tag == tag {
			return l.name
		}
	}
	return languages[0].name
}

// languageTag is the scene's language of a name languageNames gives:
// render writes English for "".
func languageTag(name string) string {
	for _, l := range languages {
		if l.name == name && l.tag != "en" {
			return l.tag
		}
	}
	return ""
}
