package data

import "slices"

// NoteKey is the property that marks a feature as a note: a point whose
// label (its FeatureName, from "label" or "name") the map draws beside it
// whatever the layer's kind. campmap's Note tool writes it as true.
const NoteKey = "note"

// HasNotes reports whether any feature of l may be a note (the layer has
// the NoteKey property), so that renderers look no further otherwise.
func (l *Layer) HasNotes() bool { return slices.Contains(l.keys, NoteKey) }

// IsNote reports whether feature i is a note: a point whose NoteKey
// property is true and that has a name to show.
func (l *Layer) IsNote(i int) bool {
	if !l.IsPoint(i) {
		return false
	}
	v, ok := l.Prop(i, NoteKey)
	return ok && v.Type == ValueBool && v.Num != 0 && l.FeatureName(i) != ""
}
