package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
	"campmap/data/style"
)

// The filter editor: one layer's conditions on values (style.Style.Where),
// each a property of the layer, an operator suited to its values and the
// value or bounds it compares with; every condition must hold. Each change
// restyles the layer; the render worker evaluates the conditions (kept
// with the layer as a mask, see render.LayerView.Keeper) and its frame's
// counts say how many features the map shows, so nothing here reads the
// layer's features beyond a sample of each property's values.

// condKind is how a filter compares a property's values.
type condKind int

const (
	columnText condKind = iota
	columnNumber
	columnDate
)

// kindSample is how many values of a property columnKindOf reads.
const kindSample = 2000

// columnKindOf reads up to kindSample values of property key of l: a
// number column when most (4 in 5) are numbers or text holding one (IOM's
// counts), a date column when most are dates written YYYY-MM-DD, else text.
func columnKindOf(l *data.Layer, key string) condKind {
	n, nums, dates := 0, 0, 0
	for i := 0; i < l.Len() && n < kindSample; i++ {
		v, ok := l.Prop(i, key)
		if !ok || v.Type == data.ValueNull || v.String() == "" {
			continue
		}
		n++
		switch {
		case v.Type == data.ValueNumber:
			nums++
		case v.Type == data.ValueString:
			if _, ok := style.ParseNumber(v.Str); ok {
				nums++
			} else if _, ok := style.ParseDate(v.Str); ok {
				dates++
			}
		}
	}
	switch {
	case n == 0:
		return columnText
	case nums*5 >= n*4:
		return columnNumber
	case dates*5 >= n*4:
		return columnDate
	}
	return columnText
}

// opChoice is an operator as the editor offers it.
type opChoice struct {
	label string // untranslated
	op    style.Op
}

// opsFor lists the operators suited to a kind of column, the first the
// default.
func opsFor(k condKind) []opChoice {
	switch k {
	case columnNumber:
		return []opChoice{{"at least (≥)", style.OpGe}, {"at most (≤)", style.OpLe}, {"between", style.OpBetween},
			{"equals (=)", style.OpEq}, {"not equal (≠)", style.OpNe}, {"less than (<)", style.OpLt}, {"more than (>)", style.OpGt}}
	case columnDate:
		return []opChoice{{"between", style.OpBetween}, {"from", style.OpGe}, {"until", style.OpLe}}
	}
	return []opChoice{{"contains", style.OpContains}, {"is", style.OpEq}, {"is not", style.OpNe}}
}

// condRow is one condition's widgets (tests drive them).
type condRow struct {
	field    *widget.Select
	op       *widget.Select
	value    *escEntry
	min, max *escEntry
	remove   *widget.Button
	hint     *widget.Label // why the condition is not applied, if it is not
	kind     condKind
}

// whereEditor is the open filter dialog of one layer. It belongs to the UI
// goroutine.
type whereEditor struct {
	p     *layersPanel
	id    int
	layer *data.Layer
	list  *fyne.Container
	rows  []*condRow
	add   *widget.Button
	shown *widget.Label // "N of M features shown", from the last frame
	dlg   dialog.Dialog
}

// showWhere opens the filter editor of layer id, with a row per condition
// it has.
func (p *layersPanel) showWhere(id int) {
	e, _ := p.m.entry(id)
	if e == nil {
		return
	}
	w := &whereEditor{p: p, id: id, layer: e.layer, list: container.NewVBox()}
	w.shown = widget.NewLabel("")
	w.add = widget.NewButtonWithIcon(lang.L("Add condition"), theme.ContentAddIcon(), func() {
		if keys := w.layer.Keys(); len(keys) > 0 {
			w.addRow(style.Condition{Key: keys[0]})
			w.apply()
		}
	})
	if len(e.layer.Keys()) == 0 {
		w.add.Disable()
	}
	for _, c := range e.style.Where {
		w.addRow(c)
	}
	intro := widget.NewLabel(lang.L("Show only the features that meet every condition. Text is compared ignoring case and accents."))
	intro.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(w.list)
	scroll.SetMinSize(fyne.NewSize(520, 200))
	body := container.NewBorder(intro, container.NewBorder(nil, nil, w.add, nil, w.shown), nil, nil, scroll)
	w.dlg = dialog.NewCustom(fmt.Sprintf(lang.L("Filter: %s"), e.layer.Name), lang.L("Close"), withWidth(560, body), p.win)
	w.dlg.SetOnClosed(func() {
		if p.where == w {
			p.where = nil
		}
	})
	p.where = w
	w.setShown(p.shownOf(e.layer))
	w.dlg.Show()
}

// addRow adds the widgets of condition c.
func (w *whereEditor) addRow(c style.Condition) {
	r := &condRow{}
	r.field = widget.NewSelect(w.layer.Keys(), nil)
	r.op = widget.NewSelect(nil, nil)
	r.value, r.min, r.max = newEntry(), newEntry(), newEntry()
	r.min.SetPlaceHolder(lang.L("minimum"))
	r.max.SetPlaceHolder(lang.L("maximum"))
	r.value.SetText(c.Value)
	r.min.SetText(c.Min)
	r.max.SetText(c.Max)
	r.hint = widget.NewLabel("")
	r.hint.Importance = widget.WarningImportance
	r.hint.Wrapping = fyne.TextWrapWord
	r.hint.Hide()
	var line *fyne.Container
	r.remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() {
		for i, o := range w.rows {
			if o == r {
				w.rows = append(w.rows[:i], w.rows[i+1:]...)
				w.list.Remove(line)
				break
			}
		}
		w.apply()
	})
	values := container.NewStack()
	showValues := func() {
		if r.selectedOp() == style.OpBetween {
			values.Objects = []fyne.CanvasObject{container.NewGridWithColumns(2, r.min, r.max)}
		} else {
			values.Objects = []fyne.CanvasObject{r.value}
		}
		values.Refresh()
	}
	setOps := func(want style.Op) {
		r.kind = columnKindOf(w.layer, r.field.Selected)
		ops := opsFor(r.kind)
		labels := make([]string, len(ops))
		sel := lang.L(ops[0].label)
		for i, o := range ops {
			labels[i] = lang.L(o.label)
			if o.op == want {
				sel = labels[i]
			}
		}
		r.op.Options = labels
		r.op.Selected = sel
		r.op.Refresh()
		showValues()
	}
	r.field.OnChanged = func(string) {
		setOps(r.selectedOp())
		w.apply()
	}
	r.op.OnChanged = func(string) {
		showValues()
		w.apply()
	}
	for _, e := range []*escEntry{r.value, r.min, r.max} {
		e.OnChanged = func(string) { w.apply() }
	}
	r.field.Selected = c.Key
	setOps(c.Op)
	fields := container.NewGridWithColumns(3, r.field, r.op, values)
	line = container.NewVBox(container.NewBorder(nil, nil, nil, r.remove, fields), r.hint)
	w.rows = append(w.rows, r)
	w.list.Add(line)
}

// selectedOp returns the operator r's chooser shows.
func (r *condRow) selectedOp() style.Op {
	for _, o := range opsFor(r.kind) {
		if lang.L(o.label) == r.op.Selected {
			return o.op
		}
	}
	return ""
}

// condition returns the condition r shows, or why it cannot be applied
// yet (an empty value, a bound that is not a number or a date).
func (r *condRow) condition() (style.Condition, string) {
	c := style.Condition{Key: r.field.Selected, Op: r.selectedOp()}
	if c.Op == style.OpBetween {
		c.Min, c.Max = r.min.Text, r.max.Text
	} else {
		c.Value = r.value.Text
	}
	if c.Key == "" || c.Op == "" {
		return c, lang.L("Choose a property and how to compare it.")
	}
	if c.Op == style.OpBetween && c.Min == "" && c.Max == "" || c.Op != style.OpBetween && c.Value == "" {
		return c, "" // not filled in yet: nothing to say
	}
	switch r.kind {
	case columnNumber:
		for _, s := range []string{c.Value, c.Min, c.Max} {
			if _, ok := style.ParseNumber(s); s != "" && !ok {
				return c, fmt.Sprintf(lang.L("%q is not a number."), s)
			}
		}
	case columnDate:
		for _, s := range []string{c.Value, c.Min, c.Max} {
			if _, ok := style.ParseDate(s); s != "" && !ok {
				return c, fmt.Sprintf(lang.L("%q is not a date: write it YYYY-MM-DD."), s)
			}
		}
	}
	if err := c.Check(); err != nil {
		return c, err.Error()
	}
	return c, "ok"
}

// apply gives the layer the conditions the rows show that can be applied,
// and says of the others why they are not.
func (w *whereEditor) apply() {
	var where []style.Condition
	relayout := false
	for _, r := range w.rows {
		c, why := r.condition()
		if why == "ok" {
			where = append(where, c)
			why = ""
		}
		if r.hint.Text != why {
			r.hint.SetText(why)
		}
		if shown := why != ""; shown != r.hint.Visible() {
			relayout = true
			if shown {
				r.hint.Show()
			} else {
				r.hint.Hide()
			}
		}
	}
	if relayout {
		w.list.Refresh() // a hint shown or hidden moves the rows below it
	}
	w.p.act.restyle(w.id, func(s *style.Style) { s.Where = where })
}

// setShown shows how many of the layer's features the map shows.
func (w *whereEditor) setShown(shown int, known bool) {
	text := ""
	if known {
		text = fmt.Sprintf(lang.L("%s of %s features shown"), groupThousands(int64(shown)), groupThousands(int64(w.layer.Len())))
	}
	if w.shown.Text != text {
		w.shown.SetText(text)
	}
}

// whereNote says which conditions a layer's features meet, as the legend
// under its row shows it: "Only where Number of Dead >= 5 and …".
func whereNote(where []style.Condition) string {
	parts := make([]string, len(where))
	for i, c := range where {
		parts[i] = c.String()
	}
	return fmt.Sprintf(lang.L("Only where %s"), strings.Join(parts, lang.L(" and ")))
}
