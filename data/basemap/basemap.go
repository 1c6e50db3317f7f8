// Package basemap holds campmap's offline basemap: land, sea and borders for
// the world overview (Natural Earth) and the Channel in detail (GSHHG full
// resolution), embedded in the binary, and a loader for a user's own basemap.
package basemap

import "github.com/paulmach/orb"

// Level is one set of basemap geometry, used between two zooms.
type Level struct {
	Name    string // "overview", "detail"
	MinZoom float64
	MaxZoom float64
	Land    []orb.Polygon    // longitude/latitude, filled
	Lakes   []orb.Polygon    // drawn in the sea colour over land
	Borders []orb.LineString // national borders
	Rivers  []orb.LineString
}

// Basemap is an immutable set of levels plus its credits. It is safe for
// concurrent use once returned.
type Basemap struct {
	Levels  []Level  // chosen by zoom; the last one that covers a zoom wins
	Credits []string // e.g. "GSHHG, Wessel & Smith", "Natural Earth"
}

// ForZoom returns the levels to draw at zoom z, bottom first.
func (b *Basemap) ForZoom(z float64) []*Level {
	if b == nil {
		return nil
	}
	var out []*Level
	for i := range b.Levels {
		l := &b.Levels[i]
		if z >= l.MinZoom && z < l.MaxZoom {
			out = append(out, l)
		}
	}
	return out
}
