package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.png")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	tests := []struct {
		name    string
		fill    func(w io.Writer) error
		wantErr error
		want    string
	}{
		{"replaces on success", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, nil, "new"},
		{"keeps old on failure", func(w io.Writer) error { io.WriteString(w, "half"); return boom }, boom, "new"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Write(path, 0o644, tt.fill)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tt.want {
				t.Errorf("content = %q, want %q", got, tt.want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("folder holds %d entries, want only the target", len(entries))
			}
		})
	}
}

func TestWriteMissingFolder(t *testing.T) {
	err := Write(filepath.Join(t.TempDir(), "no", "such", "x.png"), 0o644, func(io.Writer) error { return nil })
	if err == nil {
		t.Fatal("want an error for a missing folder")
	}
}
