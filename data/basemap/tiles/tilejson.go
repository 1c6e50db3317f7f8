package tiles

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// parseVectorLayers reads a TileJSON vector_layers list. Fields whose
// description is not a string (some writers give numbers or objects) are
// kept with that value written as JSON; layers without an id are dropped.
func parseVectorLayers(raw json.RawMessage) ([]VectorLayer, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var in []struct {
		ID          string                     `json:"id"`
		Description any                        `json:"description"`
		MinZoom     *float64                   `json:"minzoom"`
		MaxZoom     *float64                   `json:"maxzoom"`
		Fields      map[string]json.RawMessage `json:"fields"`
	}
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, fmt.Errorf("vector_layers: %w", err)
	}
	out := make([]VectorLayer, 0, len(in))
	for _, l := range in {
		if l.ID == "" {
			continue
		}
		vl := VectorLayer{ID: l.ID, MinZoom: 0, MaxZoom: maxZoom, Fields: map[string]string{}}
		if s, ok := l.Description.(string); ok {
			vl.Description = s
		}
		if l.MinZoom != nil {
			vl.MinZoom = clampZoom(*l.MinZoom)
		}
		if l.MaxZoom != nil {
			vl.MaxZoom = clampZoom(*l.MaxZoom)
		}
		for k, v := range l.Fields {
			var s string
			if json.Unmarshal(v, &s) != nil {
				s = string(v)
			}
			vl.Fields[k] = s
		}
		out = append(out, vl)
	}
	return out, nil
}

// clampZoom turns a JSON number into a zoom from 0 to maxZoom.
func clampZoom(f float64) int {
	if math.IsNaN(f) || f < 0 {
		return 0
	}
	return int(min(f, maxZoom))
}

// FieldNames returns the layer's field names, sorted.
func (l VectorLayer) FieldNames() []string {
	names := make([]string, 0, len(l.Fields))
	for k := range l.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// jsonInt reads an integer given as a JSON number or a string of one
// ("512" in QGIS's metadata); ok is false for anything else.
func jsonInt(v any) (int, bool) {
	switch v := v.(type) {
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<31 {
			return int(v), true
		}
	case string:
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			return n, true
		}
	}
	return 0, false
}
