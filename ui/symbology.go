package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
	"campmap/data/style"
	"campmap/render"
)

// Symbology in the window: the default hues of new layers, the palette,
// shapes, graduated symbols and label field of the style dialog, and the
// shape and colour of one category. Every choice is a style.Style field,
// applied through model.restyle like any other style change.

// defaultStyle is the style a new layer l gets beside the layers already
// in m: on hues of its own (render.DefaultStyle).
func (m *model) defaultStyle(l *data.Layer) style.Style {
	before := make([]*data.Layer, len(m.layers))
	for i, e := range m.layers {
		before[i] = e.layer
	}
	return render.DefaultStyle(l, before)
}

// The choices of the style dialog, in English (trAll translates them).
var (
	paletteChoices = []string{"Qualitative (12 colours)", "Colour-blind safe (Tol)", "Sequential (ordered values)"}
	byChoices      = []string{"Size", "Colour"}
	methodChoices  = []string{"Equal intervals", "Quantiles", "Natural breaks (Jenks)"}
	shapeChoices   = []string{"Circle", "Square", "Triangle", "Diamond", "Cross", "Star"}
	classChoices   = []string{"3", "4", "5", "6", "7"}
)

// choiceOf returns the translated choice of choices at the index of v in
// values ("" when v is not there).
func choiceOf[T comparable](choices []string, values []T, v T) string {
	if i := slices.Index(values, v); i >= 0 && i < len(choices) {
		return lang.L(choices[i])
	}
	return ""
}

// valueOf returns the value of values at the index of the translated
// choice c of choices (zero, false when c is not one).
func valueOf[T any](choices []string, values []T, c string) (T, bool) {
	var zero T
	if i := slices.Index(trAll(choices), c); i >= 0 && i < len(values) {
		return values[i], true
	}
	return zero, false
}

// symbologyItems are the style dialog's rows for e's symbology: its
// palette and shapes (a layer coloured by category), graduated symbols by
// a numeric field, and the field its features are labelled by. Each
// change is applied at once through change.
func symbologyItems(e *layerEntry, change func(id int, edit func(s *style.Style))) (items []*widget.FormItem, ctl *symbologyControls) {
	id, l := e.id, e.layer
	ctl = &symbologyControls{}
	if colouredByCategory(l) {
		pal := widget.NewSelect(trAll(paletteChoices), nil)
		pal.Selected = choiceOf(paletteChoices, style.Palettes, e.style.Palette)
		pal.OnChanged = func(c string) {
			if p, ok := valueOf(paletteChoices, style.Palettes, c); ok {
				change(id, func(s *style.Style) { s.Palette = p })
			}
		}
		shapes := widget.NewCheck(lang.L("a shape per category"), func(on bool) {
			change(id, func(s *style.Style) { s.PlainDots = !on })
		})
		shapes.Checked = e.style.ShapesOn()
		pi := widget.NewFormItem(lang.L("Palette"), pal)
		pi.HintText = lang.L("tap a category's symbol in the categories panel to change its colour or shape")
		items = append(items, pi, widget.NewFormItem(lang.L("Shapes"), shapes))
		ctl.palette, ctl.shapes = pal, shapes
	}

	none := lang.L(noCategory)
	g := e.style.Graduated
	if g == nil {
		g = &style.Graduated{By: style.BySize, Method: style.NaturalBreaks}
	}
	field := widget.NewSelect(append([]string{none}, l.NumericKeys()...), nil)
	by := widget.NewSelect(trAll(byChoices), nil)
	method := widget.NewSelect(trAll(methodChoices), nil)
	classes := widget.NewSelect(classChoices, nil)
	field.Selected = none
	if e.style.Graduated.Active() {
		field.Selected = g.Key
	}
	by.Selected = choiceOf(byChoices, []string{style.BySize, style.ByColor}, g.By)
	method.Selected = choiceOf(methodChoices, style.Methods, g.Method)
	classes.Selected = strconv.Itoa(g.N())
	apply := func() {
		if field.Selected == none || field.Selected == "" {
			change(id, func(s *style.Style) { s.Graduated = nil })
			return
		}
		ng := style.Graduated{Key: field.Selected, By: style.BySize, Method: style.NaturalBreaks}
		if v, ok := valueOf(byChoices, []string{style.BySize, style.ByColor}, by.Selected); ok {
			ng.By = v
		}
		if v, ok := valueOf(methodChoices, style.Methods, method.Selected); ok {
			ng.Method = v
		}
		ng.Classes, _ = strconv.Atoi(classes.Selected)
		change(id, func(s *style.Style) { s.Graduated = &ng })
	}
	field.OnChanged = func(string) { apply() }
	by.OnChanged = func(string) { apply() }
	method.OnChanged = func(string) { apply() }
	classes.OnChanged = func(string) { apply() }
	gi := widget.NewFormItem(lang.L("Size or colour by"), field)
	gi.HintText = lang.L("a numeric field, in classes; features without a number are drawn as a grey cross and counted in the legend")
	if len(field.Options) == 1 {
		gi.HintText = lang.L("this layer has no numeric field")
		field.Disable()
	}
	items = append(items, gi,
		widget.NewFormItem(lang.L("Classes"), container.NewGridWithColumns(3, by, method, classes)))

	label := widget.NewSelect(append([]string{none}, l.Keys()...), func(k string) {
		if k == none {
			k = ""
		}
		change(id, func(s *style.Style) { s.LabelKey = k })
	})
	label.Selected = none
	if e.style.LabelKey != "" {
		label.Selected = e.style.LabelKey
	}
	li := widget.NewFormItem(lang.L("Label by"), label)
	li.HintText = lang.L("names of camps, terminals, ports and routes keep their place")
	items = append(items, li)
	ctl.field, ctl.by, ctl.method, ctl.classes, ctl.label = field, by, method, classes, label
	return items, ctl
}

// symbologyControls are the symbology rows of the last style dialog
// (tests drive them).
type symbologyControls struct {
	palette                           *widget.Select
	shapes                            *widget.Check
	field, by, method, classes, label *widget.Select
}

// setShape gives a category its own shape everywhere it is drawn.
func (c *categoryFilters) setShape(id int, name string, sh style.Shape) {
	c.change(id, func(s *style.Style) {
		if s.CategoryShapes == nil {
			s.CategoryShapes = map[string]style.Shape{}
		}
		s.CategoryShapes[name] = sh
	})
}

// setOtherHidden hides or shows every category of layer id grouped under
// "other".
func (c *categoryFilters) setOtherHidden(id int, members []string, hidden bool) {
	c.change(id, func(s *style.Style) {
		if s.Hidden == nil {
			s.Hidden = style.Set{}
		}
		for _, n := range members {
			if hidden {
				s.Hidden[n] = true
			} else {
				delete(s.Hidden, n)
			}
		}
	})
}

// pickSymbol opens the symbol dialog of a category: its shape, and its
// colour through the colour picker.
func (c *categoryFilters) pickSymbol(id int, name string) {
	e, _ := c.m.entry(id)
	if e == nil {
		return
	}
	lv := e.view()
	ci := slices.Index(e.layer.Categories(), name) + 1
	sel := widget.NewSelect(trAll(shapeChoices), func(s string) {
		if sh, ok := valueOf(shapeChoices, style.Shapes, s); ok {
			c.setShape(id, name, sh)
		}
	})
	sel.Selected = choiceOf(shapeChoices, style.Shapes, lv.CategoryShapeOf(ci))
	c.shapeSelect = sel
	var d dialog.Dialog
	colour := widget.NewButton(lang.L("Colour…"), func() {
		if d != nil {
			d.Hide()
		}
		c.pickColor(id, name)
	})
	form := widget.NewForm(widget.NewFormItem(lang.L("Shape"), sel), widget.NewFormItem(lang.L("Colour"), colour))
	if !lv.ShapesOn() {
		form.Items[0].HintText = lang.L("this layer draws plain dots: turn shapes on in its style")
	}
	d = dialog.NewCustom(fmt.Sprintf(lang.L("Symbol of %s"), name), lang.L("Close"), withWidth(320, form), c.win)
	d.Show()
}

// pickOtherColor opens the colour picker for the "other" group of a layer.
func (c *categoryFilters) pickOtherColor(id int) {
	d := dialog.NewColorPicker(lang.L("Colour of the other categories"), lang.L("Pick one colour for the categories grouped under “other”"),
		func(col color.Color) {
			v := color.NRGBAModel.Convert(col).(color.NRGBA)
			v.A = 0xff
			c.change(id, func(s *style.Style) { s.OtherColor = style.Color(v) })
		}, c.win)
	d.Advanced = true
	if e, _ := c.m.entry(id); e != nil {
		d.SetColor(e.view().OtherColorOf())
	}
	d.Show()
}

// otherLabel names the "other" row of n categories.
func otherLabel(n int) string { return fmt.Sprintf(lang.L("other (%d categories)"), n) }

// symbolImage is a category's symbol as the map draws it, for swatches.
func symbolImage(sh style.Shape, col color.NRGBA, size float32) *canvas.Image {
	img := canvas.NewImageFromImage(render.SymbolImage(sh, 5, 2, col))
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScaleSmooth
	img.SetMinSize(fyne.NewSize(size, size))
	return img
}
