package project

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"campmap/internal/atomicfile"
)

// Autosave is unsaved work kept beside the user's configuration, offered
// back when campmap starts after a crash.
type Autosave struct {
	File    string    // the autosave file itself
	Of      string    // the project file it belongs to; "" for an untitled project
	Saved   time.Time // when it was written
	Project *Project  // the unsaved project, paths absolute
}

// autosaveFile is an autosave on disk.
type autosaveFile struct {
	Of      string          `json:"autosave_of"`
	Saved   time.Time       `json:"saved"`
	Project json.RawMessage `json:"project"`
}

// AutosavePath returns the autosave file for project file of ("" for an
// untitled project) in folder dir.
func AutosavePath(dir, of string) string {
	key := "untitled"
	if of != "" {
		abs, err := filepath.Abs(of)
		if err != nil {
			abs = of
		}
		h := sha256.Sum256([]byte(abs))
		key = strings.TrimSuffix(filepath.Base(of), filepath.Ext(of)) + "-" + hex.EncodeToString(h[:6])
	}
	return filepath.Join(dir, "autosave-"+key+Ext)
}

// base is the folder an autosave's relative paths are resolved against.
func autosaveBase(dir, of string) string {
	if of != "" {
		if abs, err := filepath.Abs(of); err == nil {
			return filepath.Dir(abs)
		}
		return filepath.Dir(of)
	}
	return dir
}

// WriteAutosave keeps p, the unsaved state of project file of ("" when
// untitled), in folder dir (created if needed), atomically.
func WriteAutosave(dir, of string, p *Project, now time.Time) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("project: autosave: %w", err)
	}
	raw, err := Marshal(p, filepath.Join(autosaveBase(dir, of), "x"+Ext))
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(autosaveFile{Of: of, Saved: now.UTC(), Project: raw}, "", "  ")
	if err != nil {
		return fmt.Errorf("project: autosave: %w", err)
	}
	err = atomicfile.Write(AutosavePath(dir, of), 0o600, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return fmt.Errorf("project: autosave: %w", err)
	}
	return nil
}

// RemoveAutosave forgets the autosave of project file of (after a save, or
// when the user declines to recover it). A missing autosave is not an error.
func RemoveAutosave(dir, of string) error {
	err := os.Remove(AutosavePath(dir, of))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("project: remove autosave: %w", err)
	}
	return nil
}

// Autosaves returns the autosaves left in dir, newest first. Unreadable
// ones are skipped; a missing dir holds none.
func Autosaves(dir string) ([]Autosave, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("project: autosaves: %w", err)
	}
	var out []Autosave
	for _, e := range ents {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, "autosave-") || !HasSuffix(name) {
			continue
		}
		file := filepath.Join(dir, name)
		b, err := os.ReadFile(file)
		if err != nil || len(b) > MaxSize {
			continue
		}
		var af autosaveFile
		if json.Unmarshal(b, &af) != nil {
			continue
		}
		p, err := Parse(af.Project, autosaveBase(dir, af.Of))
		if err != nil {
			continue
		}
		out = append(out, Autosave{File: file, Of: af.Of, Saved: af.Saved, Project: p})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Saved.After(out[j].Saved) })
	return out, nil
}
