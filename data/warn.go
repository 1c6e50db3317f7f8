package data

import (
	"fmt"
	"strconv"
	"strings"
)

// WarnCap is how many warnings of one kind a layer keeps; the rest are
// counted in a closing "and N more" line.
const WarnCap = 20

// Warnings collects a loader's warnings for Layer.Warnings, capped per
// kind ("time", "nogeom", "topology", ...): past 20 of one kind they are
// only counted, in a closing "and N more" line. The zero value is ready.
// A Warnings is used by one goroutine; chunks of a file loaded in parallel
// each have their own, merged in file order.
type Warnings struct {
	counts map[string]int
	order  []string // kinds in first-seen order
	msgs   []warning
}

type warning struct{ kind, text string }

// Want counts one warning of kind and reports whether its text should be
// kept, so the caller formats only the ones kept; Keep then records it.
func (w *Warnings) Want(kind string) bool {
	if w.counts == nil {
		w.counts = map[string]int{}
	}
	c := w.counts[kind]
	if c == 0 {
		w.order = append(w.order, kind)
	}
	w.counts[kind] = c + 1
	return c < WarnCap
}

// Keep records the text of a warning Want accepted.
func (w *Warnings) Keep(kind, text string) { w.msgs = append(w.msgs, warning{kind, text}) }

// Add counts and, under the cap, records one warning.
func (w *Warnings) Add(kind, text string) {
	if w.Want(kind) {
		w.Keep(kind, text)
	}
}

// Merge appends o's warnings after w's (o comes later in the file).
func (w *Warnings) Merge(o *Warnings) {
	if w.counts == nil {
		w.counts = map[string]int{}
	}
	shown := map[string]int{}
	for _, m := range w.msgs {
		shown[m.kind]++
	}
	for _, m := range o.msgs {
		if shown[m.kind] < WarnCap {
			w.msgs = append(w.msgs, m)
			shown[m.kind]++
		}
	}
	for _, k := range o.order {
		if w.counts[k] == 0 {
			w.order = append(w.order, k)
		}
		w.counts[k] += o.counts[k]
	}
}

// List returns the kept warnings followed by one "and N more" line per kind
// that went over the cap.
func (w *Warnings) List() []string {
	out := make([]string, 0, len(w.msgs))
	shown := map[string]int{}
	for _, m := range w.msgs {
		out = append(out, m.text)
		shown[m.kind]++
	}
	for _, k := range w.order {
		if n := w.counts[k] - shown[k]; n > 0 {
			out = append(out, fmt.Sprintf("and %d more warnings about %s", n, warnTopic(k)))
		}
	}
	return out
}

// warnTopics name each kind of warning in the closing "and N more" line.
var warnTopics = map[string]string{
	"time":         "unreadable times",
	"time-order":   "spans ending before they start",
	"nogeom":       "features without geometry",
	"winding":      "ring winding order",
	"dims":         "positions with more than 3 numbers",
	"antimeridian": "antimeridian crossings",
	"nested":       "nested GeometryCollections",
	"topology":     "invalid polygon topology",
	"id":           "ids that are not strings or numbers",
	"nan":          "non-standard numbers",
	"noprops":      "Features without \"properties\"",
	"dup":          "repeated member names",
	"semantics":    "members RFC 7946 §7.1 forbids where they are",
	"mixeddims":    "geometries mixing 2- and 3-number positions",
	"quote":        "quoted fields holding rows",
}

func warnTopic(kind string) string {
	if t, ok := warnTopics[kind]; ok {
		return t
	}
	return kind
}

// Excerpt returns s cut to n bytes, with "…" when it was longer, for
// quoting input in messages.
func Excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// QuoteList quotes names for a message, at most max of them and then
// "and N more"; "(no columns)" when there are none.
func QuoteList(names []string, max int) string {
	var q []string
	for i, n := range names {
		if i == max {
			q = append(q, fmt.Sprintf("and %d more", len(names)-max))
			break
		}
		q = append(q, strconv.Quote(n))
	}
	if len(q) == 0 {
		return "(no columns)"
	}
	return strings.Join(q, ", ")
}
