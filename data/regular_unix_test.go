//go:build unix

package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Devices, pipes and folders are refused before anything opens them: a
// pipe would block, /dev/zero would be read forever.
func TestCheckRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.geojson")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, p := range []string{"/dev/zero", fifo, dir} {
		done := make(chan error, 1)
		go func() { _, err := LoadFileLayers(context.Background(), p, LoadOptions{}); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "not a file") {
				t.Errorf("%s: %v", p, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the load did not return", p)
		}
	}
	f := filepath.Join(dir, "ok.txt")
	os.WriteFile(f, []byte("x"), 0o644)
	if err := CheckRegular("", f); err != nil {
		t.Errorf("a regular file: %v", err)
	}
}
