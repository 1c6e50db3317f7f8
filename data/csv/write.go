package csv

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/paulmach/orb/encoding/wkt"

	"campmap/data"
)

// Write writes l's features that keep accepts (every one when nil) as a
// CSV table spreadsheets open and campmap reads back: longitude and
// latitude when every feature is a point, else one WKT column (points as
// POINT), the time span as
// start and end (RFC 3339, UTC; empty when undated), the kind and then
// every property in the layer's column order.
func Write(w io.Writer, l *data.Layer, keep func(i int) bool) error {
	cw := csv.NewWriter(w)
	keys := l.Keys()
	hasShapes := false
	for i := range l.Len() {
		if (keep == nil || keep(i)) && !l.IsPoint(i) {
			hasShapes = true
			break
		}
	}
	head := []string{"longitude", "latitude"}
	if hasShapes {
		head = []string{"wkt"}
	}
	head = append(head, "start", "end", "kind")
	for _, k := range keys {
		switch strings.ToLower(k) {
		case "longitude", "latitude", "wkt", "start", "end", "kind":
			k = "property " + k // never two columns of one name
		}
		head = append(head, k)
	}
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("csv: write: %w", err)
	}
	col := make(map[string]int, len(keys)) // a key's column, past the first ones
	for j, k := range keys {
		col[k] = j
	}
	row := make([]string, len(head))
	for i := range l.Len() {
		if keep != nil && !keep(i) {
			continue
		}
		for j := range row {
			row[j] = ""
		}
		c := 2
		if hasShapes {
			row[0], c = wkt.MarshalString(l.Geometry(i)), 1
		} else {
			a := l.Anchor(i)
			row[0], row[1] = fmt.Sprint(a[0]), fmt.Sprint(a[1])
		}
		if sp := l.Span(i); sp.Dated() {
			row[c] = sp.StartTime(time.UTC).Format(time.RFC3339Nano)
			row[c+1] = sp.EndTime(time.UTC).Format(time.RFC3339Nano)
		}
		row[c+2] = l.FeatureKind(i).String()
		c += 3
		for _, pr := range l.Props(i) {
			if j, ok := col[pr.Key]; ok && pr.Value.Type != data.ValueNull {
				row[c+j] = pr.Value.String()
			}
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("csv: write: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("csv: write: %w", err)
	}
	return nil
}
