package edit

import (
	"fmt"

	"campmap/data"
)

// History is the undo and redo stack of one layer's edits, unlimited. It
// is not safe for concurrent use: the goroutine that edits owns it.
type History struct {
	undo, redo []step
	// saved is len(undo) when the layer was last saved (or opened), -1
	// when that state can no longer be reached.
	saved int
}

// step is an applied edit and the edit that undoes it.
type step struct{ do, undo Op }

// Do applies op to l, records it, and returns the new layer. The redo
// stack is dropped.
func (h *History) Do(l *data.Layer, op Op) (*data.Layer, error) {
	nl, inv, err := Apply(l, op)
	if err != nil {
		return nil, err
	}
	if h.saved > len(h.undo) {
		h.saved = -1 // the saved state was on the redo stack
	}
	h.undo = append(h.undo, step{op, inv})
	h.redo = h.redo[:0]
	return nl, nil
}

// Undo undoes the last edit of l, if there is one: it returns the layer as
// it was before it and the edit undone.
func (h *History) Undo(l *data.Layer) (*data.Layer, Op, bool, error) {
	if len(h.undo) == 0 {
		return l, Op{}, false, nil
	}
	s := h.undo[len(h.undo)-1]
	nl, redo, err := Apply(l, s.undo)
	if err != nil {
		return nil, Op{}, false, fmt.Errorf("edit: undo: %w", err)
	}
	h.undo = h.undo[:len(h.undo)-1]
	h.redo = append(h.redo, step{redo, s.undo})
	return nl, s.do, true, nil
}

// Redo applies again the last edit undone, if there is one.
func (h *History) Redo(l *data.Layer) (*data.Layer, Op, bool, error) {
	if len(h.redo) == 0 {
		return l, Op{}, false, nil
	}
	s := h.redo[len(h.redo)-1]
	nl, inv, err := Apply(l, s.do)
	if err != nil {
		return nil, Op{}, false, fmt.Errorf("edit: redo: %w", err)
	}
	h.redo = h.redo[:len(h.redo)-1]
	h.undo = append(h.undo, step{s.do, inv})
	return nl, s.do, true, nil
}

// CanUndo reports whether there is an edit to undo, CanRedo one to redo.
func (h *History) CanUndo() bool { return len(h.undo) > 0 }

// CanRedo reports whether there is an undone edit to apply again.
func (h *History) CanRedo() bool { return len(h.redo) > 0 }

// MarkSaved records that the layer as it is now is what its file holds.
func (h *History) MarkSaved() { h.saved = len(h.undo) }

// Dirty reports whether the layer differs from what was last saved: some
// edit was made (or undone) since.
func (h *History) Dirty() bool { return h.saved != len(h.undo) }

// MarkUnsaved records that the layer as it is now is not what its file
// holds (edits recovered from an autosave), until MarkSaved.
func (h *History) MarkUnsaved() { h.saved = -1 }
