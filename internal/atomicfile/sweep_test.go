package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestIsTemp(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{".camps.geojson.campmap-tmp-1x9z", true},
		{".camps.gpkg.campmap-tmp-1x9z-journal", true},
		{".camps.gpkg.campmap-tmp-1x9z-wal", true},
		{".camps.gpkg.campmap-tmp-1x9z-shm", true},
		{"camps.geojson.campmap-tmp-1x9z", false}, // not hidden
		{".camps.geojson.campmap-tmp-", false},
		{".camps.geojson.campmap-tmp-ABC", false},
		{".camps.geojson.campmap-tmp-1x9z.bak", false},
		{"notes.tmp", false},
		{".notes.tmp", false},
		{".camps.geojson.1x9z.tmp", false}, // another program's, or older
	}
	for _, tt := range tests {
		if got := IsTemp(tt.name); got != tt.want {
			t.Errorf("IsTemp(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The next save into a folder removes what a killed save left there (its
// temporary file and SQLite journal), and nothing else: not the user's own
// ".tmp" files, nor the temporary file of a save still running.
func TestWriteRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	put := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := []string{
		".briefing.pdf.campmap-tmp-3kq9",
		".camps.gpkg.campmap-tmp-zz01",
		".camps.gpkg.campmap-tmp-zz01-journal",
		".old.gpkg.campmap-tmp-0007-wal", // its database already gone
	}
	for _, n := range stale {
		put(n)
	}
	mine := []string{"notes.tmp", ".notes.tmp", ".camps.geojson.12ab.tmp", "camps.geojson"}
	for _, n := range mine {
		put(n)
	}
	// a save in progress elsewhere: its temporary file is locked
	running, err := createTemp(dir, "other.png", 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer running.Close()
	saving.Delete(running.Name()) // as another process's would be
	if err := Write(filepath.Join(dir, "out.png"), 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "png"); return err }); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	for _, n := range stale {
		if slices.Contains(left, n) {
			t.Errorf("%s was left", n)
		}
	}
	for _, n := range append(mine, "out.png", filepath.Base(running.Name())) {
		if !slices.Contains(left, n) {
			t.Errorf("%s was removed", n)
		}
	}
}

// WritePath gives SQLite a temporary file with a name Sweep knows, and
// leaves neither it nor a journal behind when the writer fails.
func TestWritePath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "camps.gpkg")
	var seen string
	err := WritePath(path, 0o644, func(tmp string) error {
		seen = tmp
		os.WriteFile(tmp+"-journal", []byte("j"), 0o644)
		return io.ErrUnexpectedEOF
	})
	if err == nil {
		t.Fatal("no error")
	}
	if !IsTemp(filepath.Base(seen)) || filepath.Dir(seen) != dir {
		t.Errorf("temporary file %s", seen)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d files left", len(entries))
	}
	if err := WritePath(path, 0o644, func(tmp string) error { return os.WriteFile(tmp, []byte("db"), 0o644) }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "db" {
		t.Errorf("content %q", b)
	}
}
