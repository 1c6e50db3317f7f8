package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"campmap/data/basemap"
	"campmap/data/basemap/tiles"
)

// basemapReport is a basemap file as "campmap inspect --basemap --json"
// prints it.
type basemapReport struct {
	Path        string `json:"path"`
	Format      string `json:"format"`            // MBTiles, PMTiles or GeoJSON
	Version     int    `json:"version,omitempty"` // PMTiles spec version
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// TileType is png, jpg, webp or pbf (vector); "" for GeoJSON.
	TileType     string         `json:"tile_type"`
	Vector       bool           `json:"vector"`
	TileSize     int            `json:"tile_size,omitempty"`
	Zooms        *[2]int        `json:"zooms"` // min, max; null for GeoJSON (every zoom)
	Tiles        int64          `json:"tiles,omitempty"`
	BBox         [4]float64     `json:"bbox"`
	Center       *[3]float64    `json:"center,omitempty"` // lon, lat, zoom
	Attribution  string         `json:"attribution"`
	VectorLayers []basemapLayer `json:"vector_layers,omitempty"`
	Warnings     []string       `json:"warnings"`
}

// basemapLayer is one layer of a vector basemap and its fields.
type basemapLayer struct {
	ID      string            `json:"id"`
	MinZoom int               `json:"minzoom"`
	MaxZoom int               `json:"maxzoom"`
	Fields  map[string]string `json:"fields"`
}

// inspectBasemap reads the basemap file at path: MBTiles or PMTiles
// (by content), or a GeoJSON basemap.
func inspectBasemap(path string) (basemapReport, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".geojson", ".json":
		bm, err := basemap.Load(path)
		if err != nil {
			return basemapReport{}, err
		}
		r := basemapReport{Path: path, Format: "GeoJSON", Name: filepath.Base(path),
			Attribution: strings.Join(bm.Credits, "; "), Warnings: []string{}}
		if len(bm.Levels) > 0 {
			c := bm.Levels[0].Coverage
			r.BBox = [4]float64{c.Min[0], c.Min[1], c.Max[0], c.Max[1]}
		}
		return r, nil
	}
	src, err := tiles.Open(path)
	if err != nil {
		return basemapReport{}, err
	}
	defer src.Close()
	m := src.Metadata()
	r := basemapReport{
		Path: path, Format: string(m.Container), Version: m.Version, Name: m.Name, Description: m.Description,
		TileType: string(m.Format), Vector: m.Format.Vector(), TileSize: m.TileSize,
		Zooms: &[2]int{m.MinZoom, m.MaxZoom}, Tiles: m.Tiles,
		BBox:        [4]float64{m.Bounds.Min[0], m.Bounds.Min[1], m.Bounds.Max[0], m.Bounds.Max[1]},
		Center:      &[3]float64{m.Center[0], m.Center[1], float64(m.CenterZoom)},
		Attribution: m.Attribution, Warnings: m.Warnings,
	}
	if r.Warnings == nil {
		r.Warnings = []string{}
	}
	for _, l := range m.VectorLayers {
		r.VectorLayers = append(r.VectorLayers, basemapLayer{ID: l.ID, MinZoom: l.MinZoom, MaxZoom: l.MaxZoom, Fields: l.Fields})
	}
	return r, nil
}

// printBasemapReport writes the report for people.
func printBasemapReport(w io.Writer, r basemapReport) {
	name := r.Name
	if name == "" {
		name = filepath.Base(r.Path)
	}
	fmt.Fprintf(w, "%s (basemap)\n", name)
	fmt.Fprintf(w, "  path:        %s\n", r.Path)
	format := r.Format
	if r.Version > 0 {
		format += fmt.Sprintf(" version %d", r.Version)
	}
	fmt.Fprintf(w, "  format:      %s\n", format)
	if r.Zooms != nil {
		kind := tiles.Format(r.TileType).String()
		if r.TileSize > 0 {
			kind += fmt.Sprintf(", %d px", r.TileSize)
		}
		if r.Tiles > 0 {
			kind += fmt.Sprintf(", %d tiles", r.Tiles)
		}
		fmt.Fprintf(w, "  tiles:       %s\n", kind)
		fmt.Fprintf(w, "  zooms:       %d to %d\n", r.Zooms[0], r.Zooms[1])
	} else {
		fmt.Fprintf(w, "  tiles:       none (land and lines drawn at every zoom)\n")
	}
	fmt.Fprintf(w, "  bounds:      %.5f,%.5f,%.5f,%.5f (minlon,minlat,maxlon,maxlat)\n", r.BBox[0], r.BBox[1], r.BBox[2], r.BBox[3])
	if r.Center != nil {
		fmt.Fprintf(w, "  center:      %.5f,%.5f at zoom %d\n", r.Center[0], r.Center[1], int(r.Center[2]))
	}
	attr := r.Attribution
	if attr == "" {
		attr = "(none given)"
	}
	fmt.Fprintf(w, "  attribution: %s\n", attr)
	for _, l := range r.VectorLayers {
		fields := tiles.VectorLayer{Fields: l.Fields}.FieldNames()
		for i, f := range fields {
			if t := l.Fields[f]; t != "" {
				fields[i] += " (" + t + ")"
			}
		}
		list := strings.Join(fields, ", ")
		if list == "" {
			list = "no fields"
		}
		fmt.Fprintf(w, "  layer:       %s, zooms %d to %d: %s\n", l.ID, l.MinZoom, l.MaxZoom, list)
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "  warning:     %s\n", warn)
	}
}
