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
	h.Push(op, inv)
	return nl, nil
}

// Push records op, applied elsewhere (on a worker, with Apply), and inv,
// the Op Apply returned to undo it. The redo stack is dropped.
func (h *History) Push(op, inv Op) {
	if h.saved > len(h.undo) {
		h.saved = -1 // the saved state was on the redo stack
	}
	h.undo = append(h.undo, step{op, inv})
	h.redo = h.redo[:0]
}

// Undo undoes the last edit of l, if there is one: it returns the layer as
// it was before it and the edit undone.
func (h *History) Undo(l *data.Layer) (*data.Layer, Op, bool, error) {
	undo, done, ok := h.NextUndo()
	if !ok {
		return l, Op{}, false, nil
	}
	nl, redo, err := Apply(l, undo)
	if err != nil {
		return nil, Op{}, false, fmt.Errorf("edit: undo: %w", err)
	}
	h.Undone(redo)
	return nl, done, true, nil
}

// NextUndo returns the Op that undoes the last edit and that edit, for a
// caller that applies it elsewhere and then calls Undone; ok is false
// when there is nothing to undo.
func (h *History) NextUndo() (undo, done Op, ok bool) {
	if len(h.undo) == 0 {
		return Op{}, Op{}, false
	}
	s := h.undo[len(h.undo)-1]
	return s.undo, s.do, true
}

// Undone records that the Op NextUndo gave was applied; redo is the Op
// Apply returned for it.
func (h *History) Undone(redo Op) {
	s := h.undo[len(h.undo)-1]
	h.undo = h.undo[:len(h.undo)-1]
	h.redo = append(h.redo, step{redo, s.undo})
}

// Redo applies again the last edit undone, if there is one.
func (h *History) Redo(l *data.Layer) (*data.Layer, Op, bool, error) {
	op, ok := h.NextRedo()
	if !ok {
		return l, Op{}, false, nil
	}
	nl, inv, err := Apply(l, op)
	if err != nil {
		return nil, Op{}, false, fmt.Errorf("edit: redo: %w", err)
	}
	h.Redone(inv)
	return nl, op, true, nil
}

// NextRedo returns the Op that redoes the last edit undone, for a caller
// that applies it elsewhere and then calls Redone.
func (h *History) NextRedo() (Op, bool) {
	if len(h.redo) == 0 {
		return Op{}, false
	}
	return h.redo[len(h.redo)-1].do, true
}

// Redone records that the Op NextRedo gave was applied; inv is the Op
// Apply returned to undo it.
func (h *History) Redone(inv Op) {
	s := h.redo[len(h.redo)-1]
	h.redo = h.redo[:len(h.redo)-1]
	h.undo = append(h.undo, step{s.do, inv})
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
