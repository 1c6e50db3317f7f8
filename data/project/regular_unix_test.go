//go:build unix

package project

import (
	"errors"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"campmap/data"
)

// A device or a pipe given as a project is refused before it is opened:
// the open of a pipe would block, /dev/zero would be read to the size
// limit.
func TestLoadRefusesNonRegularFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.campmap")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for _, p := range []string{"/dev/zero", fifo} {
		done := make(chan error, 1)
		go func() { _, err := Load(p); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, data.ErrNotRegular) {
				t.Errorf("Load(%s) = %v", p, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("Load(%s) did not return", p)
		}
	}
}
