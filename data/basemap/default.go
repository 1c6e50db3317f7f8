package basemap

import (
	"bytes"
	"embed"
	"fmt"
	"sync"
)

// The embedded levels and places, written by ./gen (see
// embed/PROVENANCE.md). Each level is its own replaceable file;
// detail.cmbm.gz holds the GSHHG data (LGPL-3).
//
//go:embed embed/overview.cmbm.gz embed/regional.cmbm.gz embed/detail.cmbm.gz embed/places.cmbm.gz
var embedded embed.FS

// placesFile holds the embedded towns and cities (Natural Earth).
const placesFile = "embed/places.cmbm.gz"

// levelFiles lists the embedded levels, coarse to fine.
var levelFiles = []string{"embed/overview.cmbm.gz", "embed/regional.cmbm.gz", "embed/detail.cmbm.gz"}

// Credits of the embedded basemap, to be shown on the map and on exports.
var defaultCredits = []string{
	"Natural Earth (public domain)",
	"GSHHG, Wessel & Smith (LGPL-3)",
}

// Default returns the embedded basemap: the world overview and the Western
// Europe regional level from Natural Earth, the Channel detail level from
// GSHHG full resolution, and the world's towns and cities from Natural
// Earth's populated places. It decodes once; every call returns the same
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
	raw, err := embedded.ReadFile(placesFile)
	if err != nil {
		return nil, fmt.Errorf("basemap: embedded %s: %w", placesFile, err)
	}
	if b.Places, err = DecodePlaces(bytes.NewReader(raw)); err != nil {
		return nil, fmt.Errorf("basemap: embedded %s: %w", placesFile, err)
	}
	return b, nil
}
