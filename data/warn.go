package data

import "fmt"

// warnCap is how many warnings of one kind a layer keeps; the rest are
// counted in a closing "and N more" line.
const warnCap = 20

// warner collects a loader's warnings, capped per kind. It is used by one
// goroutine; chunks loaded in parallel each have their own and are merged
// in file order.
type warner struct {
	counts map[string]int
	order  []string // kinds in first-seen order
	msgs   []warning
}

type warning struct{ kind, text string }

func newWarner() *warner { return &warner{counts: map[string]int{}} }

// want counts one warning of kind and reports whether its text should be
// kept (so the caller formats only the ones kept).
func (w *warner) want(kind string) bool {
	c := w.counts[kind]
	if c == 0 {
		w.order = append(w.order, kind)
	}
	w.counts[kind] = c + 1
	return c < warnCap
}

// keep records the text of a warning want accepted.
func (w *warner) keep(kind, text string) { w.msgs = append(w.msgs, warning{kind, text}) }

// add counts and, under the cap, records one warning.
func (w *warner) add(kind, text string) {
	if w.want(kind) {
		w.keep(kind, text)
	}
}

// merge appends o's warnings after w's (o comes later in the file).
func (w *warner) merge(o *warner) {
	shown := map[string]int{}
	for _, m := range w.msgs {
		shown[m.kind]++
	}
	for _, m := range o.msgs {
		if shown[m.kind] < warnCap {
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

// list returns the kept warnings followed by one "and N more" line per kind
// that went over the cap.
func (w *warner) list() []string {
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
}

func warnTopic(kind string) string {
	if t, ok := warnTopics[kind]; ok {
		return t
	}
	return kind
}
