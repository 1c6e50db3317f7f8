package ui

import (
	"context"
	"fmt"
	"image/color"
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
	"campmap/data/style"
	"campmap/render"
)

// maxPickValues is the most distinct values a property may have to be
// offered in the value filter.
const maxPickValues = 50

// categoryFilters is the panel beside the histogram: one check box per
// category of each visible layer coloured by category, with its colour
// (tap it to change it) and how many features the window shows; and the
// property filter. It belongs to the UI goroutine.
type categoryFilters struct {
	m       *model      // the layers and the time window it counts in
	win     fyne.Window // parent of its dialogs
	changed func()      // redraws after a style change

	list   *fyne.Container
	box    fyne.CanvasObject
	filter *widget.Button
	sig    string
	rows   map[string]*catRow // by layer id and category name (tests read them)

	countSig string
	counting *worker[countRequest, map[int][]int]
	counts   map[int][]int // by layer id: features the window shows per category index

	valueChecks map[string]*widget.Check // the last value filter dialog's boxes (tests tap them)
	zoneSelect  *widget.Select           // the last style dialog's source zone (tests drive it)
	shapeSelect *widget.Select           // the last symbol dialog's shape (tests drive it)
}

// catRow is one category's line, or the line of the categories grouped
// under "other" (members set, index 0).
type catRow struct {
	id      int
	name    string
	index   int   // category index in the layer
	members []int // the category indices of the "other" line
	check   *widget.Check
	dot     *swatch
}

// newCategoryPanel builds the panel on model m: it counts on workers of
// ctx and q, redraws through changed, reports a worker's failure through
// failed.
func newCategoryPanel(m *model, win fyne.Window, ctx context.Context, q *uiQueue, changed func(), failed func(error)) *categoryFilters {
	c := &categoryFilters{m: m, win: win, changed: changed, rows: map[string]*catRow{}, counts: map[int][]int{}}
	c.counting = newWorker(ctx, q, lang.L("counting the categories"), countCategoriesOf,
		func(_ countRequest, out map[int][]int) {
			c.counts = out
			c.applyCounts()
		})
	c.counting.onPanic = failed
	c.list = container.New(layout.NewCustomPaddedVBoxLayout(0))
	c.filter = widget.NewButtonWithIcon(lang.L("Filter by value…"), theme.SearchIcon(), c.showValueFilter)
	c.filter.Importance = widget.LowImportance
	scroll := container.NewVScroll(c.list)
	scroll.SetMinSize(fyne.NewSize(280, 150))
	c.box = container.NewBorder(nil, c.filter, nil, nil, scroll)
	c.sig = "-"
	return c
}

func (c *categoryFilters) object() fyne.CanvasObject { return c.box }

// change gives layer id the style edit makes of a copy of its own and
// redraws (see model.restyle).
func (c *categoryFilters) change(id int, edit func(s *style.Style)) {
	if c.m.restyle(id, edit) {
		c.changed()
	}
}

// refresh rebuilds the rows when the layers, their categories or colours
// change, and recounts the categories in the window on a worker.
func (c *categoryFilters) refresh() {
	m := c.m
	var b strings.Builder
	for _, e := range m.layers {
		if e.style.Visible && colouredByCategory(e.layer) {
			fmt.Fprintf(&b, "%d/%p/%s|", e.id, e.layer, e.style.Key())
		}
	}
	if sig := b.String(); sig != c.sig {
		c.sig = sig
		c.rebuild()
	}
	c.recount()
}

func (c *categoryFilters) rebuild() {
	m := c.m
	c.rows = map[string]*catRow{}
	var objs []fyne.CanvasObject
	for i := len(m.layers) - 1; i >= 0; i-- {
		e := m.layers[i]
		if !e.style.Visible || !colouredByCategory(e.layer) {
			continue
		}
		lv := e.view()
		head := widget.NewLabel(fmt.Sprintf(lang.L("%s · by %s"), e.layer.Name, e.layer.CategoryKey()))
		head.TextStyle.Bold = true
		head.Truncation = fyne.TextTruncateEllipsis
		objs = append(objs, head)
		cats := e.layer.Categories()
		for _, ce := range render.CategoryLegend(lv) {
			id := e.id
			if ce.Other() {
				var names []string
				hidden := true
				for _, m := range ce.Members {
					names = append(names, cats[m-1])
					hidden = hidden && e.style.Hidden[cats[m-1]]
				}
				r := &catRow{id: id, name: otherLabel(len(names)), members: ce.Members}
				r.check = widget.NewCheck(r.name, func(on bool) { c.setOtherHidden(id, names, !on) })
				r.check.Checked = !hidden
				r.dot = newSwatch(ce.Color, ce.Shape, func() { c.pickOtherColor(id) })
				c.rows[rowKey(id, "\x00other")] = r
				note := widget.NewLabel(lang.L("the least frequent categories share one colour"))
				note.Importance = widget.LowImportance
				note.Wrapping = fyne.TextWrapWord
				note.SizeName = theme.SizeNameCaptionText
				objs = append(objs, container.NewBorder(nil, nil, r.dot, nil, r.check), note)
				continue
			}
			name := ce.Name
			r := &catRow{id: id, name: name, index: ce.Index}
			r.check = widget.NewCheck(name, func(on bool) { c.setHidden(id, name, !on) })
			r.check.Checked = !e.style.Hidden[name]
			r.dot = newSwatch(ce.Color, ce.Shape, func() { c.pickSymbol(id, name) })
			c.rows[rowKey(id, name)] = r
			objs = append(objs, container.NewBorder(nil, nil, r.dot, nil, r.check))
		}
	}
	if len(objs) == 0 {
		hint := widget.NewLabel(lang.L("Categories of incident layers appear here."))
		hint.Importance = widget.LowImportance
		hint.Wrapping = fyne.TextWrapWord
		objs = append(objs, hint)
	}
	c.list.Objects = objs
	c.list.Refresh()
	c.countSig = "" // new rows: show their counts
	c.applyCounts()
}

func rowKey(id int, name string) string { return fmt.Sprintf("%d\x00%s", id, name) }

// countJob is one layer whose categories are counted.
type countJob struct {
	id    int
	l     *data.Layer
	where []style.Condition // the layer's conditions on values: counted are the features meeting them
}

// countRequest is the snapshot the category counts are made from.
type countRequest struct {
	jobs   []countJob
	window data.Span
	inside bool
}

// countCategoriesOf counts r's layers by category (on a worker), stopping
// early when ctx ends.
func countCategoriesOf(ctx context.Context, r countRequest) map[int][]int {
	out := map[int][]int{}
	for _, j := range r.jobs {
		if ctx.Err() != nil {
			return nil
		}
		var keep func(int) bool
		if len(j.where) > 0 {
			keep = render.LayerView{Layer: j.l, Style: style.Style{Where: j.where}}.Keeper()
		}
		out[j.id] = j.l.CountCategories(r.window, r.inside, keep)
	}
	return out
}

// conditionsKey writes conditions for a signature.
func conditionsKey(where []style.Condition) string {
	parts := make([]string, len(where))
	for i, c := range where {
		parts[i] = c.String()
	}
	return strings.Join(parts, "\x00")
}

// recount counts, on a worker, the features of each category that the
// window shows and the layer's conditions on values keep (whether or not
// the category is hidden).
func (c *categoryFilters) recount() {
	m := c.m
	var jobs []countJob
	var b strings.Builder
	fmt.Fprintf(&b, "%v/%t", m.window, m.inside)
	for _, e := range m.layers {
		if e.style.Visible && colouredByCategory(e.layer) {
			jobs = append(jobs, countJob{e.id, e.layer, e.style.Where})
			fmt.Fprintf(&b, "/%d:%p:%s", e.id, e.layer, conditionsKey(e.style.Where))
		}
	}
	sig := b.String()
	if sig == c.countSig {
		return
	}
	c.countSig = sig
	c.counting.request(countRequest{jobs: jobs, window: m.window, inside: m.inside})
}

// applyCounts writes the counts into the rows' labels.
func (c *categoryFilters) applyCounts() {
	for _, r := range c.rows {
		text := r.name
		if n := c.counts[r.id]; r.members != nil {
			sum := 0
			for _, m := range r.members {
				if m < len(n) {
					sum += n[m]
				}
			}
			if len(n) > 0 {
				text = fmt.Sprintf("%s · %s", r.name, groupThousands(int64(sum)))
			}
		} else if r.index < len(n) {
			text = fmt.Sprintf("%s · %s", r.name, groupThousands(int64(n[r.index])))
		}
		if r.check.Text != text {
			r.check.Text = text
			r.check.Refresh()
		}
	}
}

// setHidden hides or shows a category of a layer on the map, in the
// histogram, the legend and the counts.
func (c *categoryFilters) setHidden(id int, name string, hidden bool) {
	if e, _ := c.m.entry(id); e == nil || e.style.Hidden[name] == hidden {
		return
	}
	c.change(id, func(s *style.Style) {
		if hidden {
			if s.Hidden == nil {
				s.Hidden = style.Set{}
			}
			s.Hidden[name] = true
		} else {
			delete(s.Hidden, name)
		}
	})
}

// setColor changes a category's colour everywhere it is drawn.
func (c *categoryFilters) setColor(id int, name string, col color.NRGBA) {
	col.A = 0xff
	c.change(id, func(s *style.Style) {
		if s.CategoryColors == nil {
			s.CategoryColors = map[string]style.Color{}
		}
		s.CategoryColors[name] = style.Color(col)
	})
}

// pickColor opens the colour picker for a category.
func (c *categoryFilters) pickColor(id int, name string) {
	m := c.m
	d := dialog.NewColorPicker(fmt.Sprintf(lang.L("Colour of %s"), name), fmt.Sprintf(lang.L("Pick the colour of %s on the map, legend and histogram"), name),
		func(col color.Color) {
			c.setColor(id, name, color.NRGBAModel.Convert(col).(color.NRGBA))
		}, c.win)
	d.Advanced = true
	if e, _ := m.entry(id); e != nil {
		lv := e.view()
		for i, n := range e.layer.Categories() {
			if n == name {
				d.SetColor(lv.CategoryColorOf(i + 1))
			}
		}
	}
	d.Show()
}

// textValues returns the distinct text values of property key in l when
// there are at most maxPickValues of them (ok false otherwise).
func textValues(l *data.Layer, key string) (vals []string, ok bool) {
	seen := map[string]bool{}
	for i := range l.Len() {
		v, has := l.Prop(i, key)
		if !has || v.Type != data.ValueString {
			if has && v.Type != data.ValueNull {
				return nil, false
			}
			continue
		}
		if !seen[v.Str] {
			if len(seen) == maxPickValues {
				return nil, false
			}
			seen[v.Str] = true
		}
	}
	if len(seen) < 2 {
		return nil, false
	}
	return slices.Sorted(maps.Keys(seen)), true
}

// filterableKeys lists the properties of l (other than its category) with
// 2 to 50 distinct text values.
func filterableKeys(l *data.Layer) []string {
	var out []string
	for _, k := range l.Keys() {
		if k == l.CategoryKey() {
			continue
		}
		if _, ok := textValues(l, k); ok {
			out = append(out, k)
		}
	}
	return out
}

// showValueFilter opens the value picker: a layer, one of its text
// properties with few values, and a check box per value.
func (c *categoryFilters) showValueFilter() {
	m := c.m
	var names []string
	byName := map[string]*layerEntry{}
	for i := len(m.layers) - 1; i >= 0; i-- {
		e := m.layers[i]
		if len(filterableKeys(e.layer)) > 0 {
			n := e.layer.Name
			for byName[n] != nil {
				n += "′"
			}
			names = append(names, n)
			byName[n] = e
		}
	}
	if len(names) == 0 {
		dialog.ShowInformation(lang.L("Filter by value"), lang.L("No layer has a text property with 2 to 50 different values."), c.win)
		return
	}
	values := container.NewVBox()
	keySel := widget.NewSelect(nil, nil)
	layerSel := widget.NewSelect(names, nil)
	showValues := func() {
		e := byName[layerSel.Selected]
		values.Objects = nil
		c.valueChecks = map[string]*widget.Check{}
		if e == nil || keySel.Selected == "" {
			values.Refresh()
			return
		}
		key := keySel.Selected
		vals, _ := textValues(e.layer, key)
		f := e.style.Filter
		for _, v := range vals {
			v := v
			hidden := f != nil && f.Key == key && f.Hidden[v]
			ch := widget.NewCheck(v, func(on bool) { c.setValueHidden(e.id, key, v, !on) })
			ch.Checked = !hidden
			c.valueChecks[v] = ch
			values.Add(ch)
		}
		values.Refresh()
	}
	keySel.OnChanged = func(string) { showValues() }
	layerSel.OnChanged = func(n string) {
		e := byName[n]
		keys := filterableKeys(e.layer)
		keySel.Options = keys
		sel := keys[0]
		if f := e.style.Filter; f != nil {
			sel = f.Key
		}
		keySel.SetSelected(sel)
	}
	layerSel.SetSelected(names[0])
	scroll := container.NewVScroll(values)
	scroll.SetMinSize(fyne.NewSize(360, 260))
	form := widget.NewForm(widget.NewFormItem(lang.L("Layer"), layerSel), widget.NewFormItem(lang.L("Property"), keySel))
	dialog.ShowCustom(lang.L("Filter by value"), lang.L("Close"), container.NewBorder(form, nil, nil, nil, scroll), c.win)
}

// setValueHidden hides or shows the features of a layer whose property key
// has value v. A layer filters on one property at a time: choosing another
// property starts afresh.
func (c *categoryFilters) setValueHidden(id int, key, v string, hidden bool) {
	c.change(id, func(s *style.Style) {
		if s.Filter == nil || s.Filter.Key != key {
			s.Filter = &style.Filter{Key: key, Hidden: style.Set{}}
		}
		if hidden {
			s.Filter.Hidden[v] = true
		} else {
			delete(s.Filter.Hidden, v)
		}
	})
}

// swatch is a category's symbol (its shape in its colour); tapping it
// calls onTap.
type swatch struct {
	widget.BaseWidget
	col   color.NRGBA
	shape style.Shape
	onTap func()
}

func newSwatch(col color.NRGBA, shape style.Shape, onTap func()) *swatch {
	s := &swatch{col: col, shape: shape, onTap: onTap}
	s.ExtendBaseWidget(s)
	return s
}

// Tapped opens the colour picker.
func (s *swatch) Tapped(*fyne.PointEvent) {
	if s.onTap != nil {
		s.onTap()
	}
}

// MinSize is a dot the size of the text.
func (s *swatch) MinSize() fyne.Size { return fyne.NewSize(22, 22) }

// CreateRenderer draws the symbol as the map does.
func (s *swatch) CreateRenderer() fyne.WidgetRenderer {
	return &swatchRenderer{s: s, dot: symbolImage(s.shape, s.col, 14)}
}

type swatchRenderer struct {
	s   *swatch
	dot *canvas.Image
}

func (r *swatchRenderer) Layout(size fyne.Size) {
	d := min(size.Width, size.Height) - 4
	r.dot.Resize(fyne.NewSize(d, d))
	r.dot.Move(fyne.NewPos((size.Width-d)/2, (size.Height-d)/2))
}
func (r *swatchRenderer) MinSize() fyne.Size { return r.s.MinSize() }
func (r *swatchRenderer) Refresh() {
	r.dot.Image = symbolImage(r.s.shape, r.s.col, 14).Image
	r.dot.Refresh()
}
func (r *swatchRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.dot} }
func (r *swatchRenderer) Destroy()                     {}

// legendView lists the colours of a layer's categories as lv draws them,
// hidden categories left out, or returns nil when the layer is not
// coloured by category.
func legendView(lv render.LayerView) fyne.CanvasObject {
	l := lv.Layer
	cats := l.Categories()
	if len(cats) == 0 || (l.Kind != data.KindIncident && l.Kind != data.KindOther) {
		return nil
	}
	size := theme.CaptionTextSize()
	objs := []fyne.CanvasObject{}
	head := canvas.NewText(fmt.Sprintf(lang.L("by %s"), l.CategoryKey()), theme.Color(theme.ColorNamePlaceHolder))
	head.TextSize = size
	objs = append(objs, head)
	type row struct {
		text string
		ce   render.CategoryEntry
	}
	var rows []row
	hidden := 0
	for _, ce := range render.CategoryLegend(lv) {
		if !ce.Other() {
			if lv.Hidden[ce.Name] {
				hidden++
			} else {
				rows = append(rows, row{ce.Name, ce})
			}
			continue
		}
		n := 0
		for _, m := range ce.Members {
			if lv.Hidden[cats[m-1]] {
				hidden++
			} else {
				n++
			}
		}
		if n > 0 {
			rows = append(rows, row{otherLabel(n), ce})
		}
	}
	for _, r := range rows[:min(len(rows), maxLegend)] {
		txt := canvas.NewText(r.text, theme.Color(theme.ColorNameForeground))
		txt.TextSize = size
		objs = append(objs, container.NewHBox(container.NewGridWrap(fyne.NewSize(size, size), symbolImage(r.ce.Shape, r.ce.Color, size)), txt))
	}
	if n := len(rows) - maxLegend; n > 0 {
		more := canvas.NewText(fmt.Sprintf(lang.L("+ %d more"), n), theme.Color(theme.ColorNamePlaceHolder))
		more.TextSize = size
		objs = append(objs, more)
	}
	if hidden > 0 {
		h := canvas.NewText(fmt.Sprintf(lang.L("%d hidden"), hidden), theme.Color(theme.ColorNamePlaceHolder))
		h.TextSize = size
		objs = append(objs, h)
	}
	return container.NewPadded(container.New(layout.NewCustomPaddedVBoxLayout(0), objs...))
}
