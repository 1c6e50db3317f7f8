package data

import (
	"fmt"
	"time"
)

// MetaVersion is the version of the layer record campmap writes beside
// its exports (Meta). Readers ignore a record of a later version.
const MetaVersion = 1

// Meta is what campmap writes beside a layer's features, in a form other
// programs ignore (a GeoJSON foreign member "campmap", a GeoPackage
// gpkg_metadata row), so that reading its own export gives back the same
// layer: what the layer stands for, how it is categorised, the zone its
// times were read in, its attribution and counts, and how properties map
// to columns. The features' own record (time spans, kinds a reader would
// not find again) is kept per format beside it. The zero Meta says
// nothing.
type Meta struct {
	Version        int    `json:"version"`
	Name           string `json:"name,omitempty"`
	Kind           string `json:"kind"`               // Kind.String
	Category       string `json:"category,omitempty"` // CategoryKey ("" none)
	Zone           string `json:"zone,omitempty"`     // time.Location name
	ZoneOffset     *int   `json:"zoneOffset,omitempty"`
	Source         string `json:"source,omitempty"`
	CountKey       string `json:"countKey,omitempty"`
	CountIsMinimum bool   `json:"countIsMinimum,omitempty"`
	// Columns are the layer's Keys in order, those no feature holds
	// included; Tabular tells that the layer is a table (Layer.Tabular).
	Tabular bool     `json:"tabular,omitempty"`
	Columns []string `json:"columns,omitempty"`
	// Features is how many features were written, so that a reader can
	// tell a file edited since (per-feature records then do not apply).
	Features int `json:"features"`
}

// NewMeta returns the layer-level record of l, with n features written.
func NewMeta(l *Layer, n int) Meta {
	m := Meta{Version: MetaVersion, Name: l.Name, Kind: l.Kind.String(), Category: l.catKey,
		Source: l.Source, CountKey: l.CountKey, CountIsMinimum: l.CountIsMinimum,
		Tabular: l.tabular, Features: n}
	if l.Zone != nil {
		m.Zone = l.Zone.String()
		if _, err := time.LoadLocation(m.Zone); err != nil {
			_, off := time.Now().In(l.Zone).Zone()
			m.ZoneOffset = &off
		}
	}
	m.Columns = l.keys
	return m
}

// Location returns the zone the record names; ok is false when it names
// none that can be loaded here.
func (m Meta) Location() (loc *time.Location, ok bool) {
	if m.Zone == "" {
		return nil, false
	}
	if loc, err := time.LoadLocation(m.Zone); err == nil && m.ZoneOffset == nil {
		return loc, true
	}
	if m.ZoneOffset != nil {
		return time.FixedZone(m.Zone, *m.ZoneOffset), true
	}
	return nil, false
}

// LayerKind returns the kind the record names (KindOther when unknown).
func (m Meta) LayerKind() Kind {
	k, _ := ParseKind(m.Kind)
	return k
}

// Check returns why the record cannot be used for a layer of n features,
// or nil: a later version, or a feature count that differs (the file was
// edited by another program).
func (m Meta) Check(n int) error {
	if m.Version < 1 || m.Version > MetaVersion {
		return fmt.Errorf("campmap layer record version %d: this campmap reads version %d", m.Version, MetaVersion)
	}
	if m.Features != n {
		return fmt.Errorf("campmap layer record counts %d features, the file holds %d: the file was edited since campmap wrote it", m.Features, n)
	}
	return nil
}

// Apply sets the layer-level settings of the record on l, built by a
// loader (which named it, read Path and Warnings): source, counts, zone
// and category. The kind is given to Builder.BuildKind instead. Apply
// returns l, or a copy when the category changes.
func (m Meta) Apply(l *Layer) *Layer {
	l.Source, l.CountKey, l.CountIsMinimum = m.Source, m.CountKey, m.CountIsMinimum
	if loc, ok := m.Location(); ok {
		l.Zone = loc
	}
	if l.catKey != m.Category {
		l = l.WithCategoryKey(m.Category)
	}
	return l
}
