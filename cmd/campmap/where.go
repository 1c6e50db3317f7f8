package main

import (
	"fmt"
	"strings"

	"campmap/data"
	"campmap/data/style"
	"campmap/render"
)

// whereFlag is the repeatable --where 'FIELD OP VALUE' of render, inspect
// and animate: conditions on values every shown feature meets.
type whereFlag []style.Condition

func (w *whereFlag) String() string {
	parts := make([]string, len(*w))
	for i, c := range *w {
		parts[i] = c.String()
	}
	return strings.Join(parts, "; ")
}

// Set reads one condition; an order comparison needs a number (or a
// date written YYYY-MM-DD).
func (w *whereFlag) Set(s string) error {
	c, err := style.ParseCondition(s)
	if err != nil {
		return err
	}
	switch c.Op {
	case style.OpLt, style.OpLe, style.OpGt, style.OpGe:
		if _, num := style.ParseNumber(c.Value); !num {
			if _, date := style.ParseDate(c.Value); !date {
				return fmt.Errorf("%q: %q is not a number (nor a date YYYY-MM-DD), which %s compares with", s, c.Value, c.Op)
			}
		}
	}
	*w = append(*w, c)
	return nil
}

// whereUsage is the --where flag's help.
const whereUsage = "keep only the features where FIELD OP VALUE holds, OP one of = != ~ (contains) < <= > >= (repeatable: all must hold; applies to the layers that have FIELD)"

// keyOf returns l's property that field names: the same name, else the
// same name as data.NormName reads it ("cause of death" for "Cause_of_Death").
func keyOf(l *data.Layer, field string) (string, bool) {
	for _, k := range l.Keys() {
		if k == field {
			return k, true
		}
	}
	for _, k := range l.Keys() {
		if data.NormName(k) == data.NormName(field) {
			return k, true
		}
	}
	return "", false
}

// applyWhere adds each condition of where to the style of every view
// whose layer has its field. A field no layer has is a usage error naming
// the flag, the field and the layers.
func applyWhere(views []render.LayerView, where whereFlag) error {
	for _, c := range where {
		found := false
		var names []string
		for i := range views {
			l := views[i].Layer
			if l == nil {
				continue
			}
			names = append(names, fmt.Sprintf("%q", l.Name))
			k, ok := keyOf(l, c.Key)
			if !ok {
				continue
			}
			found = true
			lc := c
			lc.Key = k
			views[i].Where = append(append([]style.Condition(nil), views[i].Where...), lc)
		}
		if !found {
			if len(names) == 0 {
				return usageErrorf("--where %q: there is no layer to filter", c.String())
			}
			return usageErrorf("--where %q: no layer has the field %q (layers: %s)", c.String(), c.Key, strings.Join(names, ", "))
		}
	}
	return nil
}
