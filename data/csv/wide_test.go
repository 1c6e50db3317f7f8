package csv

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"campmap/data"
)

// wideTable is a table of that many placed rows with n numeric columns after
// its latitude and longitude (a spreadsheet exported sideways, or
// hostile), then the columns of tail ("name=value,...") if any.
func wideTable(n, rows int, tail ...string) []byte {
	var b strings.Builder
	b.WriteString("lat,lon")
	for i := range n {
		b.WriteString(",c" + strconv.Itoa(i))
	}
	for _, kv := range tail {
		name, _, _ := strings.Cut(kv, "=")
		b.WriteString("," + name)
	}
	b.WriteString("\n")
	for range rows {
		b.WriteString("50.95,1.85")
		for i := range n {
			b.WriteString("," + strconv.Itoa(i%97))
		}
		for _, kv := range tail {
			_, v, _ := strings.Cut(kv, "=")
			b.WriteString("," + v)
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// wideSteps loads a table of n columns and returns the header entries its
// lookups visited and the allocations the load made.
func wideSteps(t *testing.T, n int) (steps int, allocs float64) {
	t.Helper()
	b := wideTable(n, 3)
	load := func() {
		tb, err := openTable(b, "wide.csv", data.CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		l, err := tb.load(context.Background(), "wide.csv", int64(len(b)), data.LoadOptions{}, data.CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if l.Len() != 3 {
			t.Fatalf("%d features, want 3", l.Len())
		}
		steps = tb.steps
	}
	allocs = testing.AllocsPerRun(2, load)
	return steps, allocs
}

// Reading the columns of a table is linear in their number: four times the
// columns cost at most about four times the work and the allocations (a
// quadratic step would cost sixteen times; a table of a million columns
// took over 300 s).
func TestWideTableIsLinear(t *testing.T) {
	const n = 4000
	s1, a1 := wideSteps(t, n)
	s4, a4 := wideSteps(t, 4*n)
	t.Logf("%d columns: %d steps, %.0f allocations; %d columns: %d steps, %.0f allocations", n, s1, a1, 4*n, s4, a4)
	if s4 > 5*s1 {
		t.Errorf("steps grew %.1f times for 4 times the columns (%d -> %d): a lookup scans the header", float64(s4)/float64(s1), s1, s4)
	}
	if a4 > 5*a1 {
		t.Errorf("allocations grew %.1f times for 4 times the columns (%.0f -> %.0f)", a4/a1, a1, a4)
	}
}

// BenchmarkLoadWideCSV loads a table of 200,000 columns and three rows.
func BenchmarkLoadWideCSV(b *testing.B) {
	src := wideTable(200_000, 3)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadBytes(context.Background(), "wide.csv", src, data.LoadOptions{}, data.CSVOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// A table with more columns than a layer holds loads its rows, keeps the
// first data.MaxKeys columns, and says which it did not keep.
func TestTableWiderThanALayer(t *testing.T) {
	n := data.MaxKeys + 100
	l, err := LoadBytes(context.Background(), "wide.csv", wideTable(n, 2, "type=camp"), data.LoadOptions{}, data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 2 {
		t.Errorf("%d features, want 2", l.Len())
	}
	if got := len(l.Keys()); got != data.MaxKeys {
		t.Errorf("%d keys, want %d", got, data.MaxKeys)
	}
	if v, ok := l.Prop(0, "c7"); !ok || v.Num != 7 {
		t.Errorf("c0 = %v, %v", v, ok)
	}
	want := fmt.Sprintf("the table has %d columns and a layer keeps at most %d: the columns from %q (column %d) on are not kept as properties, nor the category column \"type\"",
		n+3, data.MaxKeys, "c"+strconv.Itoa(data.MaxKeys-2), data.MaxKeys+1)
	if !slices.ContainsFunc(l.Warnings, func(w string) bool { return strings.HasPrefix(w, want) }) {
		t.Errorf("warnings %q\nwant one starting %q", l.Warnings, want)
	}
}

func TestUniqueNames(t *testing.T) {
	tests := []struct {
		name         string
		header, tags []string
		want         []string
	}{
		{"distinct", []string{"a", "b"}, nil, []string{"a", "b"}},
		{"repeats", []string{"a", "a", "a"}, nil, []string{"a", "a (2)", "a (3)"}},
		{"a header holding the next name", []string{"a", "a (2)", "a"}, nil, []string{"a", "a (2)", "a (3)"}},
		{"the next name after a repeat", []string{"a", "a", "a (2)"}, nil, []string{"a", "a (2)", "a (2) (2)"}},
		{"empty names", []string{"", " ", "column 2"}, nil, []string{"column 1", "column 2", "column 2 (2)"}},
		{"tags name empty columns", []string{"", "x"}, []string{"#geo+lat", ""}, []string{"#geo+lat", "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := uniqueNames(tt.header, tt.tags); !slices.Equal(got, tt.want) {
				t.Errorf("uniqueNames(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

// A wide layer is written and reads back (Write adds longitude,
// latitude, start, end and kind to its lat, lon and n columns).
func TestWriteWideLayer(t *testing.T) {
	const n = 20_000
	l, err := LoadBytes(context.Background(), "wide.csv", wideTable(n, 2), data.LoadOptions{}, data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, l, nil); err != nil {
		t.Fatal(err)
	}
	back, err := LoadBytes(context.Background(), "back.csv", b.Bytes(), data.LoadOptions{}, data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	last := "c" + strconv.Itoa(n-1)
	if v, ok := back.Prop(1, last); back.Len() != 2 || !ok || v.Num != float64((n-1)%97) || len(back.Warnings) != 0 {
		t.Errorf("%d features, %s = %v %v, warnings %q", back.Len(), last, v, ok, back.Warnings)
	}
}

// BenchmarkWriteWideCSV writes a layer of 60,000 columns and three rows.
func BenchmarkWriteWideCSV(b *testing.B) {
	l, err := LoadBytes(context.Background(), "wide.csv", wideTable(60_000, 3), data.LoadOptions{}, data.CSVOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, l, nil); err != nil {
			b.Fatal(err)
		}
	}
}
