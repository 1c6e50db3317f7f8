package geojson

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"campmap/data/synth"

	"campmap/data"
)

// writeSynth writes n generated incidents to a file in dir and returns its
// path and bytes.
func writeSynth(t *testing.T, dir string, n int) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := synth.WritePoints(&buf, n, 7, synthBox, synthStart, synthEnd); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("incidents-%d.geojson", n))
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, buf.Bytes()
}

// TestLoadCutShort checks what a file cut short says: the line where the
// broken feature starts, the byte where the file ends and the last
// complete feature.
func TestLoadCutShort(t *testing.T) {
	dir := t.TempDir()
	_, full := writeSynth(t, dir, 30000)
	for _, tc := range []struct {
		name string
		at   int // bytes kept
	}{
		{"inside a feature", len(full) * 3 / 5},
		{"inside a string", bytes.Index(full[len(full)/3:], []byte(`"Incident`)) + len(full)/3 + 5},
		{"after a feature", bytes.Index(full[len(full)/2:], []byte("},\n")) + len(full)/2 + 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cut := full[:tc.at]
			path := filepath.Join(dir, "cut.geojson")
			if err := os.WriteFile(path, cut, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
			var le *data.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("LoadFile = %v, want a LoadError", err)
			}
			complete := bytes.Count(cut, []byte("}},\n")) // synth writes a feature per line
			want := fmt.Sprintf("the last complete feature is feature %d, ending on line %d", complete-1, complete+1)
			if !strings.Contains(le.Msg, want) || !strings.Contains(le.Msg, "cut short") ||
				!strings.Contains(le.Msg, fmt.Sprintf("(byte %d)", len(cut))) {
				t.Errorf("message %q\nwant it to contain %q, the end byte and 'cut short'", le.Msg, want)
			}
			if le.Line < complete+1 {
				t.Errorf("Line = %d, want the broken feature's line (> %d)", le.Line, complete)
			}
		})
	}
}

// TestLoadCancelDuringScan cancels before loading: the scan of the
// features array stops at its first check instead of reading to the end.
func TestLoadCancelDuringScan(t *testing.T) {
	_, src := writeSynth(t, t.TempDir(), 30000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := LoadBytes(ctx, "incidents.geojson", src, data.LoadOptions{})
	var le *data.LoadError
	if !errors.Is(err, data.ErrCanceled) || !errors.As(err, &le) {
		t.Fatalf("LoadBytes = %v, want ErrCanceled", err)
	}
	if le.Feature >= 10000 {
		t.Errorf("stopped at feature %d, want within the first 8,192", le.Feature)
	}
}

// TestLoadFileTruncatedWhileMapped maps a file, then cuts it short as
// another program might: reading the lost pages faults, and the loader
// reports it instead of crashing.
func TestLoadFileTruncatedWhileMapped(t *testing.T) {
	path, _ := writeSynth(t, t.TempDir(), 120000) // over mapThreshold
	b, drop, release, err := mapFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if err := os.Truncate(path, 1<<20); err != nil {
		t.Fatal(err)
	}
	_, err = loadBytes(context.Background(), path, b, data.LoadOptions{}, drop)
	var le *data.LoadError
	if !errors.As(err, &le) {
		t.Fatalf("loadBytes = %v, want a LoadError", err)
	}
	if !strings.Contains(le.Msg, "the file changed while loading") && !strings.Contains(le.Msg, "cut short") {
		t.Errorf("message %q", le.Msg)
	}
}

// TestLoadFileTruncatedMidLoad cuts a mapped file short while it loads,
// as another program rewriting it would: while the features array is
// scanned on two goroutines, and between the scan and the parse. Each
// time the load ends in an error naming the file, never in SIGBUS.
func TestLoadFileTruncatedMidLoad(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	dir := t.TempDir()
	_, src := writeSynth(t, dir, 120000) // over mapThreshold and splitScanMin
	for _, tc := range []struct {
		name string
		hook *func()
	}{
		{"during the split scan", &testHookSplit},
		{"between scan and parse", &testHookParse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "rewritten.geojson")
			if err := os.WriteFile(path, src, 0o644); err != nil {
				t.Fatal(err)
			}
			ran := false
			*tc.hook = func() {
				ran = true
				if err := os.Truncate(path, 1<<20); err != nil {
					t.Error(err)
				}
			}
			defer func() { *tc.hook = nil }()
			_, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
			if !ran {
				t.Fatal("the hook did not run: the file was not loaded the way this test expects")
			}
			var le *data.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("LoadFile = %v, want a LoadError", err)
			}
			want := "the file changed while loading: " + path + "; reload it when the other program has finished"
			if !strings.Contains(le.Msg, want) {
				t.Errorf("message %q\nwant %q", le.Msg, want)
			}
		})
	}
}

// TestLoadFileMappedMatchesBytes loads a file large enough to be mapped
// (and dropped from memory behind the parser) and the same bytes from
// memory: the layers must be the same.
func TestLoadFileMappedMatchesBytes(t *testing.T) {
	path, src := writeSynth(t, t.TempDir(), 120000)
	if len(src) < mapThreshold {
		t.Fatalf("test file of %d bytes is under the mapping threshold", len(src))
	}
	mapped, errM := data.LoadFile(context.Background(), path, data.LoadOptions{})
	inMem, errB := LoadBytes(context.Background(), path, src, data.LoadOptions{})
	if d := sameLayers(mapped, inMem, errM, errB); d != "" {
		t.Error(d)
	}
}

// TestNilDereferenceIsNotAFault: only a fault inside the mapped input is
// "the file changed while loading"; a nil dereference (a bug) stays a
// panic.
func TestNilDereferenceIsNotAFault(t *testing.T) {
	b := make([]byte, 64)
	var r any
	func() {
		defer func() { r = recover() }()
		var p *loader
		_ = p.path // nil dereference
	}()
	if r == nil {
		t.Fatal("no panic")
	}
	if _, ok := asFault(r, b); ok {
		t.Errorf("the nil dereference %v was taken for a fault in the input", r)
	}
}
