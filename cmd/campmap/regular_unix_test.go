//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Devices, pipes and folders given as a layer, a project, a basemap or a
// manifest are refused at once with a sentence: none is opened (a pipe
// would block the open, /dev/zero would be read until memory ran out).
func TestNonRegularInputsAreRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.campmap")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	out := filepath.Join(dir, "out.png")
	for _, p := range []string{"/dev/zero", fifo, dir} {
		for _, args := range [][]string{
			{"inspect", p},
			{"inspect", "--project", p},
			{"render", "--project", p, "-o", out},
			{"inspect", "--basemap", p},
			{"render", "--sample", "--basemap", p, "-o", out},
			{"render", "--manifest", p, "-o", out},
		} {
			type result struct {
				code   int
				stderr string
			}
			done := make(chan result, 1)
			go func() {
				code, _, stderr := campmap(t, args...)
				done <- result{code, stderr}
			}()
			select {
			case r := <-done:
				if r.code != exitFail || !strings.Contains(r.stderr, "not a file") {
					t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%v did not return", args)
			}
		}
	}
}
