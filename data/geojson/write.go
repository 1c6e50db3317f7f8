package geojson

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	orbjson "github.com/paulmach/orb/geojson"

	"campmap/data"
)

// Write writes the features of l for which keep returns true (every
// feature when keep is nil; see data.InWindow) as an RFC 7946
// FeatureCollection, with their ids and properties as loaded. LoadBytes
// reads it back into the same features.
func Write(w io.Writer, l *data.Layer, keep func(i int) bool) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	fail := func(err error) error { return fmt.Errorf("geojson: write %s: %w", l.Name, err) }
	name, _ := json.Marshal(l.Name)
	fmt.Fprintf(bw, "{\"type\":\"FeatureCollection\",\"name\":%s,\"features\":[", name)
	first := true
	var buf []byte
	for i := 0; i < l.Len(); i++ {
		if keep != nil && !keep(i) {
			continue
		}
		if !first {
			bw.WriteByte(',')
		}
		first = false
		bw.WriteString("\n{\"type\":\"Feature\"")
		if id := l.ID(i); id.Type != data.ValueNull {
			bw.WriteString(",\"id\":")
			buf = appendValue(buf[:0], id)
			bw.Write(buf)
		}
		g, err := orbjson.NewGeometry(l.Geometry(i)).MarshalJSON()
		if err != nil {
			return fail(fmt.Errorf("feature %d: %w", i, err))
		}
		bw.WriteString(",\"geometry\":")
		bw.Write(g)
		bw.WriteString(",\"properties\":{")
		for j, p := range l.Props(i) {
			if j > 0 {
				bw.WriteByte(',')
			}
			buf = strconv.AppendQuote(buf[:0], p.Key)
			buf = append(buf, ':')
			buf = appendValue(buf, p.Value)
			bw.Write(buf)
		}
		bw.WriteString("}}")
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	return nil
}

// appendValue appends v as JSON.
func appendValue(b []byte, v data.Value) []byte {
	switch v.Type {
	case data.ValueString:
		q, _ := json.Marshal(v.Str)
		return append(b, q...)
	case data.ValueNumber:
		return strconv.AppendFloat(b, v.Num, 'g', -1, 64)
	case data.ValueBool:
		return strconv.AppendBool(b, v.Num != 0)
	case data.ValueJSON:
		if json.Valid([]byte(v.Str)) {
			return append(b, v.Str...)
		}
		q, _ := json.Marshal(v.Str)
		return append(b, q...)
	}
	return append(b, "null"...)
}
