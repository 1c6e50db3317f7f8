package geojson

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/valyala/fastjson"

	"campmap/data"
)

// Reading back what Write wrote: campmap's record of the layer (the
// "campmap" member of the FeatureCollection) and the heights of positions.

// readRecord parses the record member raw for a collection of n features.
func readRecord(raw string, n int) (*layerRecord, error) {
	var rec layerRecord
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		return nil, fmt.Errorf("campmap's record of the layer cannot be read: %w", err)
	}
	if err := rec.Check(n); err != nil {
		return nil, err
	}
	if rec.Spans != nil && len(rec.Spans) != n {
		return nil, fmt.Errorf("campmap's record of the layer holds %d time spans for %d features", len(rec.Spans), n)
	}
	return &rec, nil
}

// useRecord takes the layer record out of the collection's foreign
// members, with the layer's own foreign members it lists; it warns and
// reads the file as any GeoJSON when the record does not apply.
func (ld *loader) useRecord(foreign map[string]string) {
	raw, ok := foreign[recordMember]
	if !ok {
		return
	}
	rec, err := readRecord(raw, len(ld.elems))
	if err != nil {
		ld.w.Add("record", err.Error()+": the file is read as any GeoJSON")
		return
	}
	delete(foreign, recordMember)
	own := map[string]bool{}
	for _, k := range rec.Foreign {
		own[k] = true
	}
	if !own["name"] {
		delete(foreign, "name") // campmap's: the layer name, in rec.Name
	}
	ld.rec = rec
	if loc, ok := rec.Location(); ok {
		ld.zone = loc
	}
}

// recordSpan returns feature idx's span from the record.
func (rec *layerRecord) span(idx int) data.Span {
	if idx < len(rec.Spans) {
		if s := rec.Spans[idx]; s != nil && s[0] <= s[1] {
			return data.Span{Start: s[0], End: s[1]}
		}
	}
	return data.Undated
}

// kind returns feature idx's kind when the record names it.
func (rec *layerRecord) kind(idx int) (data.Kind, bool) {
	name, ok := rec.Kinds[strconv.Itoa(idx)]
	if !ok {
		return data.KindOther, false
	}
	return data.ParseKind(name)
}

// applyRecord sets what the record says of feature idx on f, whose
// properties are props: its span and kind; a table's null cells are
// empty ones, and go.
func (rec *layerRecord) apply(f *data.Feature, props []data.Property, idx int) []data.Property {
	f.Span = rec.span(idx)
	if k, ok := rec.kind(idx); ok {
		f.Kind = k
	}
	if ms, ok := rec.Measures[strconv.Itoa(idx)]; ok {
		f.M = ordinates(ms)
	}
	if zs, ok := rec.Heights[strconv.Itoa(idx)]; ok {
		f.Z = ordinates(zs) // some positions only: the coordinates are 2D
	}
	if rec.Tabular {
		out := props[:0]
		for _, p := range props {
			if p.Value.Type != data.ValueNull {
				out = append(out, p)
			}
		}
		props = out
	}
	return props
}

// ordinates returns the record's ordinates vs, NaN where null.
func ordinates(vs []*float64) []float64 {
	out := make([]float64, len(vs))
	for j, v := range vs {
		out[j] = math.NaN()
		if v != nil {
			out[j] = *v
		}
	}
	return out
}

// appendHeights appends the height of each position of the geometry v
// (NaN for a position without one) in the order of data.Positions.
func appendHeights(dst []float64, v *fastjson.Value, depth int, big []*bigCoords) []float64 {
	if v == nil || depth > maxGeomDepth {
		return dst
	}
	cv := lastGet(v, "coordinates") // a repeated member: the last is read
	if g := lastGet(v, "geometries"); g != nil && cv == nil {
		arr, _ := g.Array()
		for _, m := range arr {
			dst = appendHeights(dst, m, depth+1, big)
		}
		return dst
	}
	if bc := bigOf(cv, big); bc != nil {
		return bc.heights(dst)
	}
	return appendPositionHeights(dst, cv, 0)
}

// appendPositionHeights walks a coordinates array down to its positions.
func appendPositionHeights(dst []float64, v *fastjson.Value, depth int) []float64 {
	if v == nil || depth > 4 {
		return dst
	}
	arr, err := v.Array()
	if err != nil || len(arr) == 0 {
		return dst
	}
	if arr[0].Type() == fastjson.TypeNumber { // a position
		z := math.NaN()
		if len(arr) >= 3 {
			if f, err := arr[2].Float64(); err == nil {
				z = f
			}
		}
		return append(dst, z)
	}
	for _, m := range arr {
		dst = appendPositionHeights(dst, m, depth+1)
	}
	return dst
}
