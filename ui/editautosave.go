package ui

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"campmap/data"
	"campmap/data/edit"
	"campmap/data/geojson"
	"campmap/internal/atomicfile"
)

// The autosave covers edits: at each autosave tick every layer with
// unsaved edits is written, as GeoJSON, into the "edits" folder beside
// the project autosaves, with a small record of the file it belongs to.
// Saving or discarding the edits, or removing the layer, deletes it; a
// session that ended with some left (a crash) offers them back when
// campmap starts again.

// editsRecord is the record kept beside an autosaved layer.
type editsRecord struct {
	Of    string    `json:"of"`   // the layer's file
	Name  string    `json:"name"` // the layer's name
	Kind  string    `json:"kind"`
	Saved time.Time `json:"saved"`
}

// editsDir is the folder of the edits autosaves.
func (t *editTool) editsDir() string { return filepath.Join(t.mw.proj.dir, "edits") }

// editsKey names the autosave of layer file path.
func editsKey(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	h := sha256.Sum256([]byte(abs))
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)) + "-" + hex.EncodeToString(h[:6])
}

// autosave writes the layers with unsaved edits that changed since they
// were last autosaved, off the UI goroutine, and forgets the autosaves of
// layers with none left.
func (t *editTool) autosave() {
	mw := t.mw
	if mw.closed || mw.proj == nil {
		return
	}
	if t.autosaved == nil {
		t.autosaved = map[string]*data.Layer{}
	}
	live := map[string]bool{}
	for _, e := range mw.layers {
		path := e.layer.Path
		if !e.unsaved() || path == "" {
			continue
		}
		live[path] = true
		if t.autosaved[path] == e.layer {
			continue
		}
		t.autosaved[path] = e.layer
		l, dir, rec := e.layer, t.editsDir(), editsRecord{Of: path, Name: e.layer.Name, Kind: e.layer.Kind.String(), Saved: time.Now().UTC()}
		mw.q.begin()
		go func() {
			err := writeEditsAutosave(dir, l, rec)
			mw.q.finish(func() {
				if err != nil && !mw.closed {
					mw.status.message(fmt.Sprintf(lang.L("Autosave of edits failed: %s"), userMessage(err)))
				}
			})
		}()
	}
	for path := range t.autosaved {
		if !live[path] && t.recovered[path] == nil { // recovered edits stay until saved or discarded
			delete(t.autosaved, path)
			removeEditsAutosave(t.editsDir(), path)
		}
	}
}

// writeEditsAutosave writes l and its record into dir, atomically.
func writeEditsAutosave(dir string, l *data.Layer, rec editsRecord) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("ui: autosave edits: %w", err)
	}
	base := filepath.Join(dir, editsKey(rec.Of))
	if err := atomicfile.Write(base+".geojson", 0o600, func(w io.Writer) error { return geojson.Write(w, l, nil) }); err != nil {
		return fmt.Errorf("ui: autosave edits of %s: %w", rec.Of, err)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("ui: autosave edits of %s: %w", rec.Of, err)
	}
	if err := atomicfile.Write(base+".json", 0o600, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return fmt.Errorf("ui: autosave edits of %s: %w", rec.Of, err)
	}
	return nil
}

// removeEditsAutosave deletes the autosave of layer file path, if any.
func removeEditsAutosave(dir, path string) {
	base := filepath.Join(dir, editsKey(path))
	os.Remove(base + ".json")
	os.Remove(base + ".geojson")
}

// forgetAutosave deletes the autosave of layer file path once its edits
// are saved or discarded.
func (t *editTool) forgetAutosave(path string) {
	if t.mw.proj == nil {
		return
	}
	delete(t.autosaved, path)
	delete(t.recovered, path)
	removeEditsAutosave(t.editsDir(), path)
}

// editsAutosaves lists the edits autosaves left in dir.
func editsAutosaves(dir string) []editsRecord {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []editsRecord
	for _, e := range ents {
		if e.IsDir() || filepath.Ext(e.Name()) != ".json" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		var r editsRecord
		if json.Unmarshal(b, &r) != nil || r.Of == "" {
			continue
		}
		out = append(out, r)
	}
	return out
}

// offerRecovery asks whether to open again the unsaved edits an earlier
// session left (it crashed, or was killed).
func (t *editTool) offerRecovery() {
	dir := t.editsDir()
	recs := editsAutosaves(dir)
	if len(recs) == 0 {
		return
	}
	var names []string
	for _, r := range recs {
		names = append(names, filepath.Base(r.Of))
	}
	text := fmt.Sprintf(lang.L("campmap closed with unsaved edits of %s. Open them again? Each opens as its layer with unsaved edits; saving writes its file."), strings.Join(names, ", "))
	t.mw.noteDialog(lang.L("Recover unsaved edits"), text)
	dialog.ShowConfirm(lang.L("Recover unsaved edits"), text, func(ok bool) {
		for _, r := range recs {
			if ok {
				t.recover(r)
			} else {
				removeEditsAutosave(dir, r.Of)
			}
		}
	}, t.mw.win)
}

// recover reads the autosaved edits of r on a worker and puts them in
// place of the layer read from r.Of (added when none is open). They stay
// pending until saved or discarded: a project opened meanwhile (its
// recovery) that reads r.Of again gets them too (see applyRecovered).
func (t *editTool) recover(r editsRecord) {
	mw := t.mw
	file := filepath.Join(t.editsDir(), editsKey(r.Of)+".geojson")
	mw.q.begin()
	go func() {
		ls, err := geojson.Load(context.Background(), file, data.LoadOptions{})
		if err == nil && len(ls) != 1 {
			err = errors.New("ui: recover edits: not one layer")
		}
		mw.q.finish(func() {
			if mw.closed {
				return
			}
			if err != nil {
				mw.showError(fmt.Sprintf(lang.L("Could not recover the edits of %s"), filepath.Base(r.Of)), err)
				return
			}
			l := ls[0]
			l.Path, l.Name = r.Of, r.Name
			if k, ok := kindNamed(r.Kind); ok {
				l.Kind = k
			}
			if t.recovered == nil {
				t.recovered = map[string]*data.Layer{}
			}
			t.recovered[r.Of] = l
			if !slices.ContainsFunc(mw.layers, func(e *layerEntry) bool { return e.layer.Path == r.Of }) {
				mw.add(l)
			}
			t.applyRecovered()
			mw.updateExtent()
			mw.rebuild()
			mw.status.message(fmt.Sprintf(lang.L("Recovered the unsaved edits of %s"), filepath.Base(r.Of)))
		})
	}()
}

// applyRecovered puts recovered edits in place of the layers read from
// their files that have no edits of their own (just opened).
func (t *editTool) applyRecovered() {
	for _, e := range t.mw.layers {
		rec := t.recovered[e.layer.Path]
		if rec == nil || e.edits != nil && e.layer != rec {
			continue
		}
		if e.layer != rec {
			e.layer = keepStyle(e.layer, rec)
		}
		if e.edits == nil {
			e.edits = &edit.History{}
			e.edits.MarkUnsaved()
		}
	}
}
