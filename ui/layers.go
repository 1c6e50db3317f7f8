package ui

import (
	"fmt"
	"image/color"
	"math"
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
	"campmap/export"
	"campmap/render"
)

// layersPanel lists the layers, top of the drawing first, each with its
// visibility, symbol, name, feature count, kind and actions. It belongs to
// the UI goroutine and is rebuilt only when the list of layers changes. It
// reads the model and changes it only through its actions.
type layersPanel struct {
	m      *model
	act    layerActions
	win    fyne.Window
	list   *fyne.Container
	column *fyne.Container // empty and list
	box    fyne.CanvasObject
	empty  *widget.Label
	sig    string
	rows   map[int]*layerRow
	icons  map[data.Kind]fyne.Resource

	search *search
	split  *container.Split // the split holding the panel, laid out again when rows change

	legend FrameStats // the last frame's stats, for the legend rows after a rebuild

	styleOpacity   *widget.Slider // controls of the last style dialog (tests drive them)
	stylePlaces    *widget.Check
	styleCategory  *widget.Select
	styleSymbology *symbologyControls
	styleDensity   *widget.Select // off, hexagons, squares
	styleBins      *escEntry      // the density view's bin size

	where *whereEditor // the open filter dialog (ui/where.go), or nil
	shown []LayerCount // the last frame's counts
}

// layerRow holds one row's widgets (tests drive them).
type layerRow struct {
	visible *widget.Check
	kind    *widget.Select
	zoom    *widget.Button
	up      *widget.Button
	down    *widget.Button
	remove  *widget.Button
	style   *widget.Button
	table   *widget.Button // opens the attribute table
	filter  *widget.Button // opens the filter editor (ui/where.go)
	where   *widget.Label  // the layer's conditions, when it has some
	edit    *widget.Button // starts or ends editing the layer
	name    *widget.Label
	count   *widget.Label
	layer   *data.Layer
	// scale shows how the map draws the layer in this view (density
	// squares and their classes, dot sizes, when it switches), from
	// render.Scene.Legend; scaleText is what it shows, for tests.
	scale     *fyne.Container
	scaleText string
}

// layerActions is what the layers panel may ask of the window; each
// changes the model and redraws what depends on it.
type layerActions struct {
	openFiles  func()
	setVisible func(id int, v bool)
	setOpacity func(id int, o float64)
	// setPlaces marks a layer as one of places (publication-safe exports
	// publish its exact positions) or of records (counted in cells).
	setPlaces      func(id int, places bool)
	setDensity     func(id int, d *style.Density) // nil: points
	setKind        func(id int, k data.Kind)
	setCategoryKey func(id int, key string)
	remove         func(id int)
	move           func(id, delta int)
	zoomTo         func(id int)
	// fetched reports a layer whose features are fetched for the view (a
	// PostGIS table): it zooms to its table even when nothing is fetched.
	fetched func(id int) bool
	// zoneItem is the style dialog's row for the zone a layer's times
	// are read in.
	zoneItem func(e *layerEntry) *widget.FormItem
	// edit starts or ends editing a layer (or says why it is read-only);
	// editing reports the layer being edited.
	edit    func(id int)
	editing func(id int) bool
	// table opens the layer's attribute table.
	table func(id int)
	// restyle changes a layer's style through edit and redraws (the
	// filter editor, the style dialog's symbology rows: ui/symbology.go).
	restyle func(id int, edit func(s *style.Style))
}

func newLayersPanel(m *model, win fyne.Window, s *search, act layerActions) *layersPanel {
	p := &layersPanel{m: m, act: act, win: win, search: s, rows: map[int]*layerRow{}, icons: map[data.Kind]fyne.Resource{}}
	p.list = container.NewVBox()
	p.column = container.NewVBox()
	p.empty = widget.NewLabel(lang.L("No layers yet. Open GeoJSON files with File › Open… or drop them on the window."))
	p.empty.Wrapping = fyne.TextWrapWord
	p.column.Objects = []fyne.CanvasObject{p.search.results, p.empty, p.list}
	title := widget.NewLabel(lang.L("Layers"))
	title.TextStyle.Bold = true
	open := widget.NewButtonWithIcon(lang.L("Open…"), theme.FolderOpenIcon(), act.openFiles)
	head := container.NewBorder(nil, nil, nil, open, title)
	head = container.NewVBox(head, p.search.entry)
	// the head first in the tree, so that Tab goes through Open… and the
	// search field before the layers (container.NewBorder puts the centre
	// first)
	p.box = withWidth(260, container.New(layout.NewBorderLayout(head, nil, nil, nil), head, container.NewVScroll(p.column)))
	p.sig = "-"
	return p
}

func (p *layersPanel) object() fyne.CanvasObject { return p.box }

// relayout lays the panel out again after rows or search results change.
func (p *layersPanel) relayout() {
	p.column.Refresh()
	if p.split != nil {
		p.split.Refresh() // the rows' width may have changed the panel's
	}
}

// kindIcon returns the symbol resource of kind k.
func (p *layersPanel) kindIcon(k data.Kind) fyne.Resource {
	if r, ok := p.icons[k]; ok {
		return r
	}
	r := fyne.NewStaticResource(k.String()+".svg", kindSVG(k))
	p.icons[k] = r
	return r
}

// signature changes whenever the rows would look different.
func (p *layersPanel) signature() string {
	var b strings.Builder
	for _, e := range p.m.layers {
		fmt.Fprintf(&b, "%d/%t/%d/%p/%s/%t;", e.id, e.style.Visible, e.layer.Kind, e.layer, e.style.Key(), e.unsaved())
	}
	return b.String()
}

// refresh rebuilds the rows if the layers changed.
func (p *layersPanel) refresh() {
	sig := p.signature()
	if sig == p.sig {
		return
	}
	p.sig = sig
	ls := p.m.layers
	objs := make([]fyne.CanvasObject, 0, 2*len(ls))
	p.rows = map[int]*layerRow{}
	for i := len(ls) - 1; i >= 0; i-- {
		objs = append(objs, p.row(ls[i], i, len(ls)))
		if i > 0 {
			objs = append(objs, widget.NewSeparator())
		}
	}
	p.list.Objects = objs
	p.list.Refresh()
	if len(ls) == 0 {
		p.empty.Show()
	} else {
		p.empty.Hide()
	}
	p.setLegend(p.legend)
	p.relayout()
}

// kindLabel is kind k as the window names it, in its language: the
// catalogue's "kind camp", "kind other"... (go-i18n reserves "other" as
// a key), the canonical name in English.
func kindLabel(k data.Kind) string { return lang.X("kind "+k.String(), k.String()) }

// kindLabels are data.Kinds as the window names them.
func kindLabels() []string {
	out := make([]string, len(data.Kinds))
	for i, k := range data.Kinds {
		out[i] = kindLabel(k)
	}
	return out
}

func (p *layersPanel) row(e *layerEntry, idx, n int) fyne.CanvasObject {
	act, id, l := p.act, e.id, e.layer
	r := &layerRow{}
	r.visible = widget.NewCheck("", nil)
	r.visible.Checked = e.style.Visible
	r.visible.OnChanged = func(v bool) { act.setVisible(id, v) }

	sw := canvas.NewImageFromResource(p.kindIcon(l.Kind))
	sw.FillMode = canvas.ImageFillContain
	sw.SetMinSize(fyne.NewSize(20, 20))

	name := l.Name
	if e.unsaved() {
		name = "* " + name // unsaved edits
	}
	r.name = widget.NewLabel(name)
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.count = widget.NewLabel(featureCount(l))
	r.count.Importance = widget.LowImportance

	r.kind = widget.NewSelect(kindLabels(), nil)
	r.kind.Selected = kindLabel(l.Kind)
	r.kind.OnChanged = func(s string) {
		if k, ok := kindNamed(s); ok {
			act.setKind(id, k)
		}
	}
	r.zoom = widget.NewButtonWithIcon("", theme.ZoomFitIcon(), func() { act.zoomTo(id) })
	r.up = widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { act.move(id, 1) })
	r.down = widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { act.move(id, -1) })
	r.remove = widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { p.confirmRemove(id, l.Name) })
	if idx == n-1 {
		r.up.Disable()
	}
	if idx == 0 {
		r.down.Disable()
	}
	if l.Len() == 0 && !act.fetched(id) { // a PostGIS layer zooms to its table
		r.zoom.Disable()
	}
	r.style = widget.NewButtonWithIcon("", theme.ColorPaletteIcon(), func() { p.showStyle(id) })
	r.filter = widget.NewButtonWithIcon("", theme.SearchIcon(), func() { p.showWhere(id) })
	if len(e.style.Where) > 0 {
		r.filter.Importance = widget.HighImportance
	}
	actions := []fyne.CanvasObject{r.style, r.filter, r.zoom, r.up, r.down, r.remove}
	if act.table != nil {
		r.table = widget.NewButtonWithIcon("", theme.GridIcon(), func() { act.table(id) })
		actions = append([]fyne.CanvasObject{r.table}, actions...)
	}
	if act.edit != nil {
		r.edit = widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { act.edit(id) })
		if act.editing(id) {
			r.edit.Importance = widget.HighImportance
		}
		actions = append([]fyne.CanvasObject{r.edit}, actions...)
	}
	if len(l.Warnings) > 0 {
		warn := widget.NewButtonWithIcon("", theme.WarningIcon(), func() { p.showWarnings(l) })
		actions = append([]fyne.CanvasObject{warn}, actions...)
	}
	r.layer = l
	r.scale = container.New(layout.NewCustomPaddedVBoxLayout(0))
	r.scale.Hide()
	p.rows[id] = r
	line1 := container.NewBorder(nil, nil, container.NewHBox(r.visible, sw), r.count, r.name)
	line2 := container.NewBorder(nil, nil, nil, container.NewHBox(actions...), r.kind)
	scale := container.NewPadded(r.scale)
	objs := []fyne.CanvasObject{line1, line2, scale}
	if leg := legendView(e.view()); leg != nil {
		objs = append(objs, leg)
	}
	if len(e.style.Where) > 0 {
		r.where = widget.NewLabel(whereNote(e.style.Where))
		r.where.Wrapping = fyne.TextWrapWord
		r.where.SizeName = theme.SizeNameCaptionText
		objs = append(objs, r.where)
	}
	return container.NewVBox(objs...)
}

// setLegend shows under each layer the rows of the frame's legend that
// belong to it: the square size and count classes of a layer drawn as
// density squares, the threshold at which it switches, the dot sizes of a
// layer sized by count. Rows are rebuilt only when their text changes.
func (p *layersPanel) setLegend(st FrameStats) {
	p.legend = st
	byLayer := map[*data.Layer][]render.LegendEntry{}
	for _, e := range st.Legend {
		if e.Layer >= 0 && e.Layer < len(st.Shown) {
			l := st.Shown[e.Layer].Layer
			byLayer[l] = append(byLayer[l], e)
		}
	}
	changed := false
	for _, r := range p.rows {
		rows := byLayer[r.layer]
		var b strings.Builder
		for _, e := range rows {
			fmt.Fprintf(&b, "%s|%v|%.1f\n", e.Label, e.Color, e.Radius)
		}
		sig := b.String()
		if sig == r.scaleText {
			continue
		}
		r.scaleText = sig
		r.scale.Objects = scaleRows(rows)
		if len(rows) == 0 {
			r.scale.Hide()
		} else {
			r.scale.Show()
		}
		r.scale.Refresh()
		changed = true
	}
	if changed {
		p.relayout()
	}
}

// scaleRows draws legend entries as the panel shows them.
func scaleRows(rows []render.LegendEntry) []fyne.CanvasObject {
	size := theme.CaptionTextSize()
	text := func(s string, c fyne.ThemeColorName) *canvas.Text {
		t := canvas.NewText(s, theme.Color(c))
		t.TextSize = size
		return t
	}
	var out []fyne.CanvasObject
	for _, e := range rows {
		switch e.Role {
		case render.LegendTitle:
			l := widget.NewLabelWithStyle(e.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			l.Wrapping = fyne.TextWrapWord
			l.SizeName = theme.SizeNameCaptionText
			out = append(out, l)
		case render.LegendSwatch:
			if e.Shape != "" { // a point symbol: the no-value cross of graduated layers
				out = append(out, container.NewHBox(container.NewGridWrap(fyne.NewSize(size, size), symbolImage(e.Shape, e.Color, size)), text(e.Label, theme.ColorNameForeground)))
				continue
			}
			sq := canvas.NewRectangle(e.Color)
			sq.StrokeColor = color.NRGBA{0x80, 0x80, 0x80, 0xff}
			sq.StrokeWidth = 0.5
			out = append(out, container.NewHBox(container.NewGridWrap(fyne.NewSize(size, size), sq), text(e.Label, theme.ColorNameForeground)))
		case render.LegendSize:
			d := float32(math.Min(math.Max(2*e.Radius, 3), 24))
			dot := canvas.NewCircle(e.Color)
			dot.StrokeColor = color.White
			dot.StrokeWidth = 1
			box := container.NewCenter(container.NewGridWrap(fyne.NewSize(d, d), dot))
			out = append(out, container.NewHBox(container.NewGridWrap(fyne.NewSize(24, max(d, size)), box), text(e.Label, theme.ColorNameForeground)))
		default:
			l := widget.NewLabel(e.Label)
			l.Wrapping = fyne.TextWrapWord
			l.SizeName = theme.SizeNameCaptionText
			out = append(out, l)
		}
	}
	return out
}

// maxLegend bounds the categories listed under a layer.
const maxLegend = 8

// legend lists the colours of a layer's categories when the renderer colours
// its features by category (incidents and other), or returns nil.
func legend(l *data.Layer) fyne.CanvasObject {
	cats := l.Categories()
	if len(cats) == 0 || (l.Kind != data.KindIncident && l.Kind != data.KindOther) {
		return nil
	}
	lv := render.LayerView{Layer: l}
	size := theme.CaptionTextSize()
	objs := []fyne.CanvasObject{}
	head := canvas.NewText(fmt.Sprintf(lang.L("by %s"), l.CategoryKey()), theme.Color(theme.ColorNamePlaceHolder))
	head.TextSize = size
	objs = append(objs, head)
	for i, c := range cats[:min(len(cats), maxLegend)] {
		dot := canvas.NewCircle(lv.CategoryColorOf(i + 1))
		dot.StrokeColor = color.White
		dot.StrokeWidth = 1
		txt := canvas.NewText(c, theme.Color(theme.ColorNameForeground))
		txt.TextSize = size
		objs = append(objs, container.NewHBox(container.NewGridWrap(fyne.NewSize(size, size), dot), txt))
	}
	if n := len(cats) - maxLegend; n > 0 {
		more := canvas.NewText(fmt.Sprintf(lang.L("+ %d more"), n), theme.Color(theme.ColorNamePlaceHolder))
		more.TextSize = size
		objs = append(objs, more)
	}
	return container.NewPadded(container.New(layout.NewCustomPaddedVBoxLayout(0), objs...))
}

func (p *layersPanel) confirmRemove(id int, name string) {
	dialog.ShowConfirm(lang.L("Remove layer"), fmt.Sprintf(lang.L("Remove %q from the map? The file itself is not changed."), name),
		func(ok bool) {
			if ok {
				p.act.remove(id)
			}
		}, p.win)
}

func (p *layersPanel) showWarnings(l *data.Layer) {
	const maxShown = 50
	ws := l.Warnings
	shown := make([]string, min(len(ws), maxShown))
	for i := range shown {
		shown[i] = translateDetail(ws[i]) // the loaders write English
	}
	text := strings.Join(shown, "\n")
	if len(ws) > maxShown {
		text += fmt.Sprintf(lang.L("\n… and %d more"), len(ws)-maxShown)
	}
	lbl := widget.NewLabel(text)
	lbl.Wrapping = fyne.TextWrapWord
	lbl.Selectable = true
	sc := container.NewVScroll(lbl)
	sc.SetMinSize(fyne.NewSize(520, 260))
	dialog.ShowCustom(fmt.Sprintf(lang.L("%s: %d warnings"), l.Name, len(ws)), lang.L("Close"), sc, p.win)
}

// setShown adds to each row how many of its features the time window
// shows, when the window filters (filtered false shows the totals only).
func (p *layersPanel) setShown(counts []LayerCount, filtered bool) {
	p.shown = counts
	if w := p.where; w != nil {
		if e, _ := p.m.entry(w.id); e != nil {
			w.layer = e.layer
			w.setShown(p.shownOf(e.layer))
		}
	}
	for _, e := range p.m.layers {
		r := p.rows[e.id]
		if r == nil {
			continue
		}
		text := featureCount(e.layer)
		if filtered || len(e.style.Where) > 0 {
			for _, c := range counts {
				if c.Layer == e.layer {
					text = fmt.Sprintf(lang.L("%s of %s shown"), groupThousands(int64(c.Shown)), groupThousands(int64(e.layer.Len())))
				}
			}
		}
		if r.count.Text != text {
			r.count.SetText(text)
		}
	}
}

// shownOf returns how many features of l the last frame showed, if it
// drew l.
func (p *layersPanel) shownOf(l *data.Layer) (int, bool) {
	for _, c := range p.shown {
		if c.Layer == l {
			return c.Shown, true
		}
	}
	return 0, false
}

// featureCount shows "1 234 features" and the undated ones apart.
func featureCount(l *data.Layer) string {
	s := count("features", l.Len())
	if u := l.UndatedCount(); l.TimeExtent().Dated() && u > 0 {
		s += fmt.Sprintf(lang.L(" (%s undated)"), groupThousands(int64(u)))
	}
	return s
}

// keyChoice is the style dialog's entry for category key ("" is none).
func keyChoice(key string) string {
	if key == "" {
		return lang.L(noCategory)
	}
	return key
}

// noCategory is the category choice that colours a layer by kind alone.
const noCategory = "(none)"

// showStyle opens the layer's style dialog: opacity, and the property that
// colours its features by category.
func (p *layersPanel) showStyle(id int) {
	e, _ := p.m.entry(id)
	if e == nil {
		return
	}
	op := widget.NewSlider(5, 100)
	op.Step = 5
	op.Value = math.Round(e.style.Opacity * 100)
	opLabel := widget.NewLabel(fmt.Sprintf("%.0f%%", op.Value))
	op.OnChanged = func(v float64) {
		opLabel.SetText(fmt.Sprintf("%.0f%%", v))
		p.act.setOpacity(id, v/100)
	}
	keys := append([]string{lang.L(noCategory)}, e.layer.Keys()...)
	cat := widget.NewSelect(keys, nil)
	cat.Selected = keyChoice(e.layer.CategoryKey())
	cat.OnChanged = func(k string) {
		if k == lang.L(noCategory) {
			k = ""
		}
		p.act.setCategoryKey(id, k)
	}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Opacity"), container.NewBorder(nil, nil, nil, opLabel, op)),
		widget.NewFormItem(lang.L("Colour by"), cat),
	}
	items = append(items, p.densityItems(id, e)...)
	items = append(items, p.act.zoneItem(e)) // ui/zones.go
	places := widget.NewCheck(lang.L("Places (publish exact positions)"), func(on bool) { p.act.setPlaces(id, on) })
	places.Checked = export.IsPlaces(render.LayerView{Layer: e.layer, Style: e.style})
	placesItem := widget.NewFormItem(lang.L("Publication-safe"), places)
	placesItem.HintText = lang.L("unchecked, publication-safe pages show this layer's points only as counts in cells")
	if export.HoldsIncidents(e.layer) {
		// incidents are always counted in cells, whatever the mark
		places.Checked = false
		places.Disable()
		placesItem.HintText = lang.L("this layer holds incidents: publication-safe pages always count them in cells")
	}
	items = append(items, placesItem)
	if p.act.restyle != nil {
		sym, ctl := symbologyItems(e, p.act.restyle) // ui/symbology.go
		items = append(items, sym...)
		p.styleSymbology = ctl
	}
	if e.layer.Kind != data.KindIncident && e.layer.Kind != data.KindOther {
		items[1].HintText = lang.L("categories colour incident and other layers; this layer's kind sets its colour")
	}
	d := dialog.NewCustom(fmt.Sprintf(lang.L("Style: %s"), e.layer.Name), lang.L("Close"), withWidth(380, widget.NewForm(items...)), p.win)
	p.styleOpacity, p.styleCategory, p.stylePlaces = op, cat, places
	d.Show()
}

// densityShapes are the style dialog's choices of density view.
var densityShapes = []struct {
	name  string
	shape style.DensityShape // "" for points
}{{"Off: points", ""}, {"Hexagons", style.DensityHexagons}, {"Squares", style.DensitySquares}}

// densityItems returns the style dialog's rows for the layer's density
// view: the shape of its bins (or none) and their size on the ground.
func (p *layersPanel) densityItems(id int, e *layerEntry) []*widget.FormItem {
	var names []string
	for _, s := range densityShapes {
		names = append(names, lang.L(s.name))
	}
	shape := widget.NewSelect(names, nil)
	bins := newEntry()
	bins.SetText(lang.L("2km"))
	shape.Selected = names[0]
	if d := e.style.Density; d != nil {
		for i, s := range densityShapes {
			if s.shape == d.Shape {
				shape.Selected = names[i]
			}
		}
		bins.SetText(render.FormatDistance(d.Meters))
	}
	bins.Validator = func(s string) error {
		_, err := export.ParseCellSize(s)
		return err
	}
	apply := func() {
		var d *style.Density
		for i, s := range densityShapes {
			if names[i] == shape.Selected && s.shape != "" {
				m, err := export.ParseCellSize(bins.Text)
				if err != nil {
					return // the entry shows why
				}
				d = &style.Density{Shape: s.shape, Meters: m}
			}
		}
		p.act.setDensity(id, d)
	}
	shape.OnChanged = func(string) { apply() }
	bins.OnChanged = func(string) { apply() }
	p.styleDensity, p.styleBins = shape, bins
	size := widget.NewFormItem(lang.L("Bin size"), bins)
	size.HintText = lang.L("between neighbouring centres, like 2km or 500m; colours count the whole layer, so they stay while panning")
	return []*widget.FormItem{widget.NewFormItem(lang.L("Density view"), shape), size}
}
