package csv

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"campmap/data"
)

// An IOM export is coloured by its cause of death, whether the header
// writes "Cause of Death" (the older exports and testdata/iom-current.csv)
// or "Cause of death" (the current schema), and not by its "Incident Type"
// column, which comes first in the file.
func TestIOMCategoryIsCauseOfDeath(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "iom-current.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, header := range []string{"Cause of Death", "Cause of death"} {
		t.Run(header, func(t *testing.T) {
			text := strings.Replace(string(b), "Cause of Death", header, 1)
			path := filepath.Join(t.TempDir(), "iom.csv")
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			l, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if l.CategoryKey() != header || len(l.Categories()) == 0 {
				t.Errorf("category %q %v, want %q", l.CategoryKey(), l.Categories(), header)
			}
		})
	}
}
