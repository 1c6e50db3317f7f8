package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"campmap/data"
	"campmap/data/edit"
	"campmap/internal/format"
)

// fieldType is how the attribute form reads and writes a property.
type fieldType int

// The attribute form's field types.
const (
	fieldText fieldType = iota
	fieldNumber
	fieldTime // a date and time in a zone, written as RFC 3339 with its offset
	fieldBool
	fieldJSON
)

var fieldTypeNames = []string{"text", "number", "date-time", "yes/no"}

// attrForm is the attribute form of one feature of the layer edited:
// a typed field per property of the layer, the feature's kind, its
// category from the layer's values, and a new field. It belongs to the UI
// goroutine.
type attrForm struct {
	t      *editTool
	at     int
	layer  *data.Layer // as the form was opened
	fields []*attrField
	kind   *widget.Select
	zone   *widget.Select // zone the date-time fields are read in
	newKey *escEntry
	newTyp *widget.Select
	newVal *escEntry
}

// attrField is one property's row.
type attrField struct {
	key   string
	typ   fieldType
	orig  data.Value
	had   bool
	entry *escEntry           // text, number, date-time, JSON
	cat   *widget.SelectEntry // the category property
	check *widget.Check       // yes/no
	start string              // the text first shown
}

// timeLayout is how the form shows and reads a date-time.
const timeLayout = "2006-01-02 15:04"

// isTimeKey reports whether the loaders read property key as a time.
func isTimeKey(key string) bool {
	sp, _ := data.FeatureSpan([]data.Property{{Key: key, Value: data.Text("2000-01-01")}}, time.UTC)
	return sp.Dated()
}

// typeOf is the field type of key's values in l: feature i's own, else
// the first feature's that has it.
func typeOf(l *data.Layer, i int, key string) (data.Value, fieldType) {
	v, ok := l.Prop(i, key)
	for j := 0; !ok && j < l.Len(); j++ {
		v, ok = l.Prop(j, key)
	}
	switch {
	case isTimeKey(key) && (v.Type == data.ValueString || v.Type == data.ValueNull):
		return v, fieldTime
	case v.Type == data.ValueNumber:
		return v, fieldNumber
	case v.Type == data.ValueBool:
		return v, fieldBool
	case v.Type == data.ValueJSON:
		return v, fieldJSON
	}
	return v, fieldText
}

// showAttributes opens the attribute form of the selected feature.
func (t *editTool) showAttributes() {
	e := t.entry()
	if e == nil || t.sel < 0 || t.sel >= e.layer.Len() {
		return
	}
	l, i := e.layer, t.sel
	f := &attrForm{t: t, at: i, layer: l}
	t.form = f
	f.zone = widget.NewSelect(zoneChoices(), nil)
	f.zone.SetSelected(zoneChoice(l.Zone))
	var items []*widget.FormItem
	hasTime := false
	for _, key := range l.Keys() {
		own, had := l.Prop(i, key)
		_, typ := typeOf(l, i, key)
		fd := &attrField{key: key, typ: typ, orig: own, had: had}
		label := key
		switch {
		case key == l.CategoryKey() && typ == fieldText:
			fd.cat = widget.NewSelectEntry(l.Categories())
			fd.cat.SetText(own.String())
			fd.start = fd.cat.Text
			items = append(items, widget.NewFormItem(fmt.Sprintf(lang.L("%s (category)"), key), fd.cat))
			f.fields = append(f.fields, fd)
			continue
		case typ == fieldBool:
			fd.check = widget.NewCheck("", nil)
			fd.check.SetChecked(own.Type == data.ValueBool && own.Num != 0)
			items = append(items, widget.NewFormItem(key, fd.check))
			f.fields = append(f.fields, fd)
			continue
		}
		fd.entry = newEntry()
		switch typ {
		case fieldNumber:
			fd.entry.Validator = numberOK
			label = fmt.Sprintf(lang.L("%s (number)"), key)
			if had && own.Type == data.ValueNumber {
				fd.entry.SetText(strconv.FormatFloat(own.Num, 'f', -1, 64))
			}
		case fieldTime:
			hasTime = true
			label = fmt.Sprintf(lang.L("%s (date-time)"), key)
			fd.entry.SetPlaceHolder(timeLayout)
			fd.entry.Validator = func(s string) error { _, err := f.parseTime(s); return err }
			if had && own.Type == data.ValueString {
				fd.entry.SetText(showTime(own.Str, l.Zone))
			}
		case fieldJSON:
			fd.entry.Validator = func(s string) error {
				if s != "" && !json.Valid([]byte(s)) {
					return errors.New(lang.L("not JSON"))
				}
				return nil
			}
			fd.entry.SetText(own.Str)
		default:
			if had {
				fd.entry.SetText(own.String())
			}
		}
		fd.start = fd.entry.Text
		items = append(items, widget.NewFormItem(label, fd.entry))
		f.fields = append(f.fields, fd)
	}
	if hasTime {
		items = append(items, widget.NewFormItem(lang.L("times in"), f.zone))
	}
	f.kind = widget.NewSelect(kindLabels(), nil)
	f.kind.SetSelected(kindLabel(l.FeatureKind(i)))
	items = append(items, widget.NewFormItem(lang.L("feature kind"), f.kind))
	f.newKey = newEntry()
	f.newKey.SetPlaceHolder(lang.L("new field name"))
	f.newTyp = widget.NewSelect(trAll(fieldTypeNames), nil)
	f.newTyp.SetSelected(lang.L("text"))
	f.newVal = newEntry()
	items = append(items, widget.NewFormItem(lang.L("add field"), container.NewGridWithColumns(3, f.newKey, f.newTyp, f.newVal)))
	d := dialog.NewForm(lang.L("Attributes"), lang.L("Apply"), lang.L("Cancel"), items, f.submit, t.mw.win)
	d.Resize(fyne.NewSize(520, d.MinSize().Height))
	d.Show()
	t.mw.noteDialog(lang.L("Attributes"), "")
}

// numberOK validates a number field (empty is allowed: no value).
func numberOK(s string) error {
	if s == "" {
		return nil
	}
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return errors.New(lang.L("not a number"))
	}
	return nil
}

// showTime is a stored time as the form shows it, in zone loc; text it
// cannot read is shown as it is.
func showTime(s string, loc *time.Location) string {
	sp, err := data.ParseTime(s, loc)
	if err != nil || !sp.Dated() {
		return s
	}
	return format.DateTime(activeLang, time.UnixMilli(sp.Start).In(loc))
}

// parseTime reads a date-time typed in the form's zone and returns it as
// stored: RFC 3339 with the zone's offset ("" for an empty field).
func (f *attrForm) parseTime(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	loc := zoneOfChoice(f.zone.Selected)
	if loc == nil {
		loc = time.UTC
	}
	if t, err := time.ParseInLocation(timeLayout, s, loc); err == nil {
		return t.Format(time.RFC3339), nil
	}
	sp, err := data.ParseTime(s, loc)
	if err != nil || !sp.Dated() {
		return "", fmt.Errorf(lang.L("not a date and time (%s)"), timeLayout)
	}
	return time.UnixMilli(sp.Start).In(loc).Format(time.RFC3339), nil
}

// value returns the field's value and whether the feature has it.
func (f *attrForm) value(fd *attrField) (data.Value, bool, error) {
	switch {
	case fd.check != nil:
		if !fd.had && !fd.check.Checked {
			return data.Value{}, false, nil
		}
		return data.Bool(fd.check.Checked), true, nil
	case fd.cat != nil:
		if fd.cat.Text == fd.start {
			return fd.orig, fd.had, nil
		}
		return data.Text(fd.cat.Text), fd.cat.Text != "", nil
	}
	s := fd.entry.Text
	if s == fd.start {
		return fd.orig, fd.had, nil // untouched: kept exactly
	}
	if strings.TrimSpace(s) == "" {
		return data.Value{}, false, nil
	}
	switch fd.typ {
	case fieldNumber:
		n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return data.Value{}, false, fmt.Errorf(lang.L("%s: %q is not a number"), fd.key, s)
		}
		return data.Number(n), true, nil
	case fieldTime:
		ts, err := f.parseTime(s)
		if err != nil {
			return data.Value{}, false, fmt.Errorf("%s: %w", fd.key, err)
		}
		return data.Text(ts), true, nil
	case fieldJSON:
		return data.RawJSON(s), true, nil
	}
	return data.Text(s), true, nil
}

// submit applies the form as one edit of the feature.
func (f *attrForm) submit(ok bool) {
	t := f.t
	if f.t.form == f {
		t.form = nil
	}
	e := t.entry()
	if !ok || e == nil || e.layer != f.layer {
		return
	}
	ft := edit.Feature(e.layer, f.at)
	// the feature's properties keep their order; fields it did not have
	// follow in the layer's order
	vals, removed := map[string]data.Value{}, map[string]bool{}
	var added []string
	for _, fd := range f.fields {
		v, has, err := f.value(fd)
		if err != nil {
			t.mw.showError(lang.L("Attributes not applied"), err)
			return
		}
		if has {
			vals[fd.key] = v
			if !fd.had {
				added = append(added, fd.key)
			}
		} else {
			removed[fd.key] = true
		}
	}
	var props []data.Property
	for _, p := range ft.Props {
		if v, ok := vals[p.Key]; ok {
			props = append(props, data.Property{Key: p.Key, Value: v})
		} else if !removed[p.Key] {
			props = append(props, p)
		}
	}
	for _, k := range added {
		props = append(props, data.Property{Key: k, Value: vals[k]})
	}
	if k := strings.TrimSpace(f.newKey.Text); k != "" {
		nf := &attrField{key: k, entry: f.newVal}
		switch untr(f.newTyp.Selected) {
		case "number":
			nf.typ = fieldNumber
		case "date-time":
			nf.typ = fieldTime
		case "yes/no":
			nf.check = widget.NewCheck("", nil)
			nf.check.SetChecked(strings.EqualFold(strings.TrimSpace(f.newVal.Text), "yes") || strings.TrimSpace(f.newVal.Text) == "true")
		}
		v, has, err := f.value(nf)
		if err != nil {
			t.mw.showError(lang.L("Attributes not applied"), err)
			return
		}
		if has {
			props = slices.DeleteFunc(props, func(q data.Property) bool { return q.Key == k })
			props = append(props, data.Property{Key: k, Value: v})
		}
	}
	if k, found := kindNamed(f.kind.Selected); found && k != e.layer.FeatureKind(f.at) {
		props = slices.DeleteFunc(props, func(q data.Property) bool { return q.Key == "kind" })
		props = append(props, data.Property{Key: "kind", Value: data.Text(k.String())})
		ft.Kind = k
		if k == e.layer.Kind {
			ft.Kind = data.KindOther
		}
	}
	if slices.Equal(props, ft.Props) && ft.Kind == edit.Feature(e.layer, f.at).Kind {
		return // nothing changed: no edit to undo
	}
	sp, err := data.FeatureSpan(props, e.layer.Zone)
	if err != nil {
		t.mw.showError(lang.L("Attributes not applied"), err)
		return
	}
	ft.Props, ft.Span = props, sp
	t.apply(edit.Op{Kind: edit.Replace, At: f.at, F: ft}, nil)
}

// kindNamed returns the kind whose name is s.
func kindNamed(s string) (data.Kind, bool) {
	for _, k := range data.Kinds {
		if k.String() == s || kindLabel(k) == s {
			return k, true
		}
	}
	return data.KindOther, false
}
