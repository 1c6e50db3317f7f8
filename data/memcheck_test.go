package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"campmap/data"
	_ "campmap/data/geojson" // the file is refused before GeoJSON reads it
)

// TestLoadRefusesWhatDoesNotFit gives a 2 GB sparse file to a machine said
// to have 1 GB free: the loader refuses before reading, naming the sizes.
func TestLoadRefusesWhatDoesNotFit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.geojson")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(2 << 30); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	defer data.SetMemAvailable(nil)
	for _, tc := range []struct {
		name  string
		avail int64
		fits  bool
	}{
		{"1 GB free", 1 << 30, false},
		{"64 GB free", 64 << 30, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data.SetMemAvailable(func() (int64, bool) { return tc.avail, true })
			_, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
			if err == nil {
				t.Fatal("a file of zero bytes loaded as GeoJSON")
			}
			if got := errors.Is(err, data.ErrTooLarge); got == tc.fits {
				t.Fatalf("errors.Is(err, data.ErrTooLarge) = %v: %v", got, err)
			}
			if !tc.fits && !strings.Contains(err.Error(), "2.0 GB") {
				t.Errorf("message does not give the file's size: %v", err)
			}
		})
	}
}
