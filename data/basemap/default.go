package basemap

import (
	"bytes"
	"embed"
	"fmt"
	"sync"
)

// The embedded levels, written by ./gen (see embed/PROVENANCE.md). Each level
// is its own replaceable file; detail.cmbm.gz holds the GSHHG data (LGPL-3).
//
//go:embed embed/overview.cmbm.gz embed/regional.cmbm.gz embed/detail.cmbm.gz
var embedded embed.FS

// levelFiles lists the embedded levels, coarse to fine.
var levelFiles = []string{"embed/overview.cmbm.gz", "embed/regional.cmbm.gz", "embed/detail.cmbm.gz"}

// Credits of the embedded basemap, to be shown on the map and on exports.
var defaultCredits = []string{
	"Natural Earth (public domain)",
	"GSHHG, Wessel & Smith (LGPL-3)",
}

// Default returns the embedded basemap: the world overview and the Western
// Europe regional level from Natural Earth, and the Channel detail level from
// GSHHG full resolution. It decodes once; every call returns the same
// immutable value, safe for concurrent use.
func Default() (*Basemap, error) { return defaultOnce() }

var defaultOnce = sync.OnceValues(decodeDefault)

func decodeDefault() (*Basemap, error) {
	b := &Basemap{Credits: append([]string(nil), defaultCredits...)}
	for _, name := range levelFiles {
		raw, err := embedded.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("basemap: embedded %s: %w", name, err)
		}
		l, err := DecodeLevel(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("basemap: embedded %s: %w", name, err)
		}
		b.Levels = append(b.Levels, *l)
	}
	return b, nil
}
