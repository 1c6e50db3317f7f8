package basemap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"campmap/data"
)

// pkg names this package in the LoadErrors it returns.
const pkg = "basemap"

// Load reads a user's own basemap from a GeoJSON file: a FeatureCollection
// (or one Feature) whose Polygon and MultiPolygon features are land (or
// lakes, with property "kind": "lake") and whose LineString and
// MultiLineString features are drawn as lines chosen by their "kind"
// property: "border", "river", or "coast" (the default when kind is absent).
// Polygon outlines are drawn as the coastline. Lines are never closed into
// land. The result has one level, "user", for every zoom; its credits come
// from a top-level "attribution" string (or "credits" list) when the file has
// one, else name the file. Any unusable feature is an error naming it.
func Load(path string) (*Basemap, error) {
	if err := data.CheckRegular(pkg, path); err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, &data.LoadError{Pkg: pkg, Path: path, Feature: -1, Msg: "cannot read the file", Err: err}
	}
	return parse(path, raw)
}

func parse(path string, raw []byte) (*Basemap, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	var top struct {
		Type        string            `json:"type"`
		Features    []json.RawMessage `json:"features"`
		Attribution any               `json:"attribution"`
		Credits     any               `json:"credits"`
	}
	if !data.JSONObject(raw) {
		// not quoted: the file may be anything
		return nil, &data.LoadError{Pkg: pkg, Path: path, Feature: -1, Err: data.ErrNotFormat, Msg: fmt.Sprintf(
			"not a GeoJSON basemap: it starts with %s, not a JSON object; a basemap is a .mbtiles, .pmtiles or GeoJSON file", data.Opening(raw))}
	}
	if err := json.Unmarshal(raw, &top); err != nil {
		le := &data.LoadError{Pkg: pkg, Path: path, Feature: -1, Msg: "not valid JSON: " + err.Error(), Err: err}
		if se, ok := errors.AsType[*json.SyntaxError](err); ok {
			le.Line = 1 + bytes.Count(raw[:min(int(se.Offset), len(raw))], []byte("\n"))
		}
		return nil, le
	}
	switch top.Type {
	case "FeatureCollection":
	case "Feature":
		top.Features = []json.RawMessage{raw}
	default:
		return nil, &data.LoadError{Pkg: pkg, Path: path, Feature: -1,
			Msg: fmt.Sprintf("GeoJSON type %q: a basemap is a FeatureCollection of polygons (land) and lines", top.Type)}
	}
	if len(top.Features) == 0 {
		return nil, &data.LoadError{Pkg: pkg, Path: path, Feature: -1, Msg: "no features: a basemap needs at least one land polygon or line"}
	}
	l := Level{Name: "user", MinZoom: 0, MaxZoom: math.Inf(1)}
	for i, fr := range top.Features {
		if err := addFeature(&l, fr); err != nil {
			return nil, &data.LoadError{Pkg: pkg, Path: path, Feature: i, Msg: err.Error(), Err: err}
		}
	}
	for i := range l.Land {
		orientPolygon(l.Land[i])
		for _, r := range l.Land[i] {
			l.Coast = append(l.Coast, orb.LineString(r))
		}
	}
	for i := range l.Lakes {
		orientPolygon(l.Lakes[i])
	}
	l.Coverage = levelBound(&l)
	l.prepare()
	return &Basemap{Levels: []Level{l}, Credits: credits(path, top.Attribution, top.Credits)}, nil
}

func credits(path string, attribution, list any) []string {
	var out []string
	if s, ok := attribution.(string); ok && strings.TrimSpace(s) != "" {
		out = append(out, strings.TrimSpace(s))
	}
	switch v := list.(type) {
	case string:
		if strings.TrimSpace(v) != "" {
			out = append(out, strings.TrimSpace(v))
		}
	case []any:
		for _, c := range v {
			if s, ok := c.(string); ok && strings.TrimSpace(s) != "" {
				out = append(out, strings.TrimSpace(s))
			}
		}
	}
	if len(out) == 0 {
		out = []string{"Basemap: " + filepath.Base(path)}
	}
	return out
}

func addFeature(l *Level, raw json.RawMessage) error {
	f, err := geojson.UnmarshalFeature(raw)
	if err != nil {
		return fmt.Errorf("not a valid GeoJSON feature: %w", err)
	}
	if f.Geometry == nil {
		return errors.New("no geometry")
	}
	kind := ""
	if v, ok := f.Properties["kind"]; ok && v != nil {
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("property kind is %v, want a string", v)
		}
		kind = strings.ToLower(strings.TrimSpace(s))
	}
	switch g := f.Geometry.(type) {
	case orb.Polygon:
		return addPolygons(l, kind, []orb.Polygon{g})
	case orb.MultiPolygon:
		return addPolygons(l, kind, g)
	case orb.LineString:
		return addLines(l, kind, []orb.LineString{g})
	case orb.MultiLineString:
		return addLines(l, kind, g)
	}
	return fmt.Errorf("%s geometry cannot be drawn in a basemap (want Polygon, MultiPolygon, LineString or MultiLineString)", f.Geometry.GeoJSONType())
}

func addPolygons(l *Level, kind string, ps []orb.Polygon) error {
	var dst *[]orb.Polygon
	switch kind {
	case "", "land":
		dst = &l.Land
	case "lake", "water":
		dst = &l.Lakes
	default:
		return fmt.Errorf("polygon kind %q: want land (the default) or lake", kind)
	}
	for pi, p := range ps {
		if len(p) == 0 {
			return fmt.Errorf("polygon %d has no rings", pi)
		}
		q := make(orb.Polygon, 0, len(p))
		for ri, r := range p {
			if err := checkPoints(r); err != nil {
				return fmt.Errorf("polygon %d ring %d: %w", pi, ri, err)
			}
			if len(r) > 0 && r[0] != r[len(r)-1] {
				r = append(r[:len(r):len(r)], r[0])
			}
			if len(r) < 4 {
				return fmt.Errorf("polygon %d ring %d has %d points, a ring needs at least 4 (closed)", pi, ri, len(r))
			}
			q = append(q, r)
		}
		*dst = append(*dst, q)
	}
	return nil
}

func addLines(l *Level, kind string, ls []orb.LineString) error {
	var dst *[]orb.LineString
	switch kind {
	case "", "coast", "coastline", "shoreline":
		dst = &l.Coast
	case "border", "boundary":
		dst = &l.Borders
	case "river":
		dst = &l.Rivers
	default:
		return fmt.Errorf("line kind %q: want border, river or coast (the default)", kind)
	}
	for i, s := range ls {
		if err := checkPoints(s); err != nil {
			return fmt.Errorf("line %d: %w", i, err)
		}
		if len(s) < 2 {
			return fmt.Errorf("line %d has %d points, a line needs at least 2", i, len(s))
		}
		*dst = append(*dst, s)
	}
	return nil
}

func checkPoints[S ~[]orb.Point](pts S) error {
	for i, p := range pts {
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) ||
			p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			return fmt.Errorf("point %d (%g, %g) is not a longitude/latitude in degrees", i, p[0], p[1])
		}
	}
	return nil
}

// orientPolygon makes the outer ring counter-clockwise and holes clockwise.
func orientPolygon(p orb.Polygon) {
	for i, r := range p {
		if (i == 0) != (r.Orientation() == orb.CCW) {
			r.Reverse()
		}
	}
}

func levelBound(l *Level) orb.Bound {
	b := emptyBound()
	for _, p := range l.Land {
		b = b.Union(p.Bound())
	}
	for _, p := range l.Lakes {
		b = b.Union(p.Bound())
	}
	for _, ls := range [][]orb.LineString{l.Coast, l.Borders, l.Rivers} {
		for _, s := range ls {
			b = b.Union(s.Bound())
		}
	}
	return b
}
