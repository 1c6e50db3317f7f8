package csv

import (
	"bytes"
	"context"
	encsv "encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

// csvCase is what a CSV fixture must load as.
type csvCase struct {
	file      string
	encoding  string
	delim     rune
	dialect   string
	source    string
	minimum   bool
	kind      data.Kind
	features  int
	rows      int
	skipped   map[int]string // line -> part of the reason
	geometry  string         // Schema.GeometryText part
	category  string
	countKey  string
	warnings  []string                          // parts of warnings
	spans     map[int][2]string                 // feature -> start, end (RFC 3339, UTC)
	props     map[int]map[string]data.Value     // feature -> some properties
	points    map[int]orb.Point                 // feature -> position
	countText map[int]string                    // feature -> CountText
	check     func(t *testing.T, l *data.Layer) // more checks
}

var csvCases = []csvCase{
	{
		file: "iom-older.csv", encoding: EncodingUTF8, delim: ',', dialect: DialectIOMOld,
		source: SourceIOM, minimum: true, kind: data.KindIncident, features: 2, rows: 5,
		skipped: map[int]string{
			4: `no coordinates: "Location Coordinates" is empty`,
			5: `"north of Dunkirk" is not two numbers`,
			6: "longitude 181.2 is outside -180..180",
		},
		geometry: `"Location Coordinates" as "latitude, longitude"`,
		category: "Cause of Death", countKey: "Total Dead and Missing",
		spans: map[int][2]string{
			0: {"2020-01-25T00:00:00Z", "2020-01-25T23:59:59Z"},
			1: {"2020-01-28T00:00:00Z", "2020-01-28T23:59:59Z"},
		},
		points:    map[int]orb.Point{0: {1.8452, 50.9701}},
		countText: map[int]string{0: "at least 1", 1: "at least 3"},
		props: map[int]map[string]data.Value{
			0: {"Location Description": data.Text("Off the coast of Calais, France"), "Web ID": data.Number(52673), "Number Dead": data.Number(1)},
		},
		warnings: []string{"3 of 5 rows could not be placed"},
	},
	{
		file: "iom-current.csv", encoding: EncodingUTF8, delim: ',', dialect: DialectIOM,
		source: SourceIOM, minimum: true, kind: data.KindIncident, features: 3, rows: 3,
		geometry: `"Coordinates" as "latitude, longitude"`,
		category: "Cause of Death", countKey: "Total Number of Dead and Missing",
		spans: map[int][2]string{
			1: {"2023-01-17T00:00:00Z", "2023-01-17T23:59:59Z"},
		},
		points:    map[int]orb.Point{1: {1.5902, 50.7701}},
		countText: map[int]string{1: "at least 3", 2: "at least 2"},
		check: func(t *testing.T, l *data.Layer) {
			if id := l.ID(0); id.Str != "2023.MMP0001" {
				t.Errorf("id 0 = %v, want 2023.MMP0001 (Main ID)", id)
			}
		},
	},
	{
		file: "acled.csv", encoding: EncodingUTF8, delim: ',', dialect: DialectACLED,
		source: SourceACLED, kind: data.KindIncident, features: 3, rows: 4,
		skipped:  map[int]string{5: `no coordinates: "latitude" or "longitude" is empty`},
		geometry: `latitude "latitude", longitude "longitude"`,
		category: "event_type", countKey: "fatalities",
		spans: map[int][2]string{
			0: {"2015-07-28T00:00:00Z", "2015-07-28T23:59:59Z"}, // precision 1: the day
			1: {"2025-05-13T00:00:00Z", "2025-05-19T23:59:59Z"}, // "16 May 2025", precision 2: the week around it
			2: {"2015-07-01T00:00:00Z", "2015-07-31T23:59:59Z"}, // "28-07-2015", precision 3: the month
		},
		points:    map[int]orb.Point{1: {1.8106, 50.9272}},
		countText: map[int]string{2: "2"},
		props: map[int]map[string]data.Value{
			0: {"notes": data.Text("Migrants protested near the port, asking for passage."), "timestamp": data.Number(1438300000)},
		},
		check: func(t *testing.T, l *data.Layer) {
			if got := l.Category(1); got != "Violence against civilians" {
				t.Errorf("category 1 = %q", got)
			}
		},
	},
	{
		file: "hxl.csv", encoding: EncodingUTF8, delim: ',', dialect: DialectHXL,
		kind: data.KindIncident, features: 3, rows: 3,
		geometry: `latitude "Latitude", longitude "Longitude"`,
		category: "Event type", countKey: "Killed",
		spans:    map[int][2]string{1: {"2015-07-29T00:00:00Z", "2015-07-29T23:59:59Z"}},
		warnings: []string{`line 5: "Date" = "not a date" is not a date campmap can read: row kept, undated`},
		check: func(t *testing.T, l *data.Layer) {
			if l.Span(2).Dated() {
				t.Errorf("feature 2 is dated, want undated")
			}
		},
	},
	{
		file: "hxl-no-names.csv", encoding: EncodingUTF8, delim: ',', dialect: DialectHXL,
		kind: data.KindIncident, features: 1, rows: 1,
		geometry: `latitude "#geo+lat", longitude "#geo+lon"`,
		spans:    map[int][2]string{0: {"2015-07-28T00:00:00Z", "2015-07-28T23:59:59Z"}},
	},
	{
		file: "latin1-semicolon.csv", encoding: EncodingLatin1, delim: ';', kind: data.KindIncident,
		features: 2, rows: 2, geometry: `latitude "latitude", longitude "longitude"`,
		points: map[int]orb.Point{0: {1.8587, 50.9513}},
		props: map[int]map[string]data.Value{
			0: {"nom": data.Text("Calais é centre"), "catégorie": data.Text("Éloignement")},
		},
		spans: map[int][2]string{1: {"2015-07-29T00:00:00Z", "2015-07-29T23:59:59Z"}},
	},
	{
		file: "bom.csv", encoding: EncodingUTF8BOM, delim: ',', kind: data.KindIncident, features: 2, rows: 2,
		geometry: `latitude "lat", longitude "lon"`,
		props:    map[int]map[string]data.Value{0: {"name": data.Text("Jungle")}},
	},
	{
		file: "tabs.tsv", encoding: EncodingUTF8, delim: '\t', kind: data.KindPort, features: 2, rows: 2,
		category: "type", props: map[int]map[string]data.Value{1: {"name": data.Text("Port of Dover")}},
		points: map[int]orb.Point{1: {1.331, 51.123}},
	},
	{
		file: "pipes.txt", encoding: EncodingUTF8, delim: '|', features: 2, rows: 2,
		geometry: `latitude "y", longitude "x"`, points: map[int]orb.Point{1: {1.2, 50.2}},
	},
	{
		file: "wkt.csv", encoding: EncodingUTF8, delim: ',', features: 3, rows: 5,
		geometry: `WKT in "WKT"`,
		skipped: map[int]string{
			5: `"WKT": WKT at character`,
			6: `no geometry: "WKT" is empty`,
		},
		check: func(t *testing.T, l *data.Layer) {
			gt := l.GeometryTypes()
			if gt["Polygon"] != 1 || gt["LineString"] != 1 || gt["MultiPoint"] != 1 {
				t.Errorf("geometry types %v", gt)
			}
		},
	},
	{
		file: "sep-line.csv", encoding: EncodingUTF8, delim: ';', features: 1, rows: 2,
		skipped: map[int]string{4: `latitude "abc" is not a number`},
	},
	{
		file: "swapped.csv", encoding: EncodingUTF8, delim: ',', features: 1, rows: 3,
		skipped: map[int]string{
			3: "are latitude and longitude swapped?",
			4: "look projected (metres?)",
		},
	},
}

func TestLoadCSV(t *testing.T) {
	for _, c := range csvCases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", c.file)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Detect(b, path, data.CSVOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if s.Encoding != c.encoding || s.Delimiter != c.delim || s.Dialect != c.dialect {
				t.Errorf("detected encoding %q delimiter %q dialect %q, want %q %q %q", s.Encoding, s.Delimiter, s.Dialect, c.encoding, c.delim, c.dialect)
			}
			if c.geometry != "" && !strings.Contains(s.GeometryText(), c.geometry) {
				t.Errorf("geometry %s, want %s", s.GeometryText(), c.geometry)
			}
			l, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if l.Len() != c.features || l.Rows != c.rows {
				t.Errorf("%d features of %d rows, want %d of %d (skipped %v)", l.Len(), l.Rows, c.features, c.rows, l.Skipped)
			}
			if l.Source != c.source || l.CountIsMinimum != c.minimum || l.Kind != c.kind {
				t.Errorf("source %q minimum %v kind %v, want %q %v %v", l.Source, l.CountIsMinimum, l.Kind, c.source, c.minimum, c.kind)
			}
			if len(l.Skipped) != len(c.skipped) {
				t.Errorf("skipped %d rows, want %d: %+v", len(l.Skipped), len(c.skipped), l.Skipped)
			}
			for _, r := range l.Skipped {
				want, ok := c.skipped[r.Line]
				if !ok {
					t.Errorf("line %d skipped (%s), not expected", r.Line, r.Reason)
				} else if !strings.Contains(r.Reason, want) {
					t.Errorf("line %d: reason %q, want it to contain %q", r.Line, r.Reason, want)
				}
			}
			if c.category != "" && l.CategoryKey() != c.category {
				t.Errorf("category key %q, want %q", l.CategoryKey(), c.category)
			}
			if l.CountKey != c.countKey {
				t.Errorf("count key %q, want %q", l.CountKey, c.countKey)
			}
			for _, w := range c.warnings {
				if !strings.Contains(strings.Join(l.Warnings, "\n"), w) {
					t.Errorf("no warning contains %q: %q", w, l.Warnings)
				}
			}
			for i, want := range c.spans {
				sp := l.Span(i)
				got := [2]string{sp.StartTime(time.UTC).Format(time.RFC3339), sp.EndTime(time.UTC).Format(time.RFC3339)}
				if got != want {
					t.Errorf("feature %d span %v, want %v", i, got, want)
				}
			}
			for i, want := range c.points {
				if got := l.Anchor(i); got != want {
					t.Errorf("feature %d at %v, want %v", i, got, want)
				}
			}
			for i, want := range c.countText {
				if got := l.CountText(i); got != want {
					t.Errorf("feature %d count %q, want %q", i, got, want)
				}
			}
			for i, props := range c.props {
				for k, want := range props {
					if got, ok := l.Prop(i, k); !ok || got != want {
						t.Errorf("feature %d %q = %v, want %v", i, k, got, want)
					}
				}
			}
			if c.check != nil {
				c.check(t, l)
			}
		})
	}
}

func TestLoadCSVErrors(t *testing.T) {
	for _, c := range []struct{ file, want string }{
		{"no-coords.csv", `no coordinate columns found among "name", "place", "date"`},
		{"empty.csv", "the table is empty"},
	} {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", c.file)
			_, err := data.LoadFile(context.Background(), path, data.LoadOptions{})
			var le *data.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %v, want a *LoadError", err)
			}
			if c.file == "no-coords.csv" && !errors.Is(err, ErrNoCoordinates) {
				t.Errorf("error %v does not wrap ErrNoCoordinates", err)
			}
			if le.Path != path || !strings.Contains(le.Msg, c.want) {
				t.Errorf("error %v, want it to name %s and say %q", err, path, c.want)
			}
		})
	}
}

func TestCSVOverrides(t *testing.T) {
	src := []byte("a,b,where,when,what,n\n1,2,\"1.85, 50.95\",2015-07-28,x,3\n3,4,\"1.86, 50.96\",2015-07-29,y,4\n")
	tests := []struct {
		name  string
		opt   data.CSVOptions
		first orb.Point
		dated bool
		cat   string
		count string
	}{
		{"detected nothing", data.CSVOptions{Coords: "where"}, orb.Point{50.95, 1.85}, false, "", ""},
		{"lon first", data.CSVOptions{Coords: "where", CoordsLonFirst: true, Time: "when", Category: "what", Count: "n"}, orb.Point{1.85, 50.95}, true, "what", "n"},
		{"separate columns", data.CSVOptions{Lat: "b", Lon: "a"}, orb.Point{1, 2}, false, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := LoadBytes(context.Background(), "o.csv", src, data.LoadOptions{}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if l.Len() != 2 || l.Anchor(0) != tc.first {
				t.Errorf("%d features, first at %v, want 2 at %v", l.Len(), l.Anchor(0), tc.first)
			}
			if l.Span(0).Dated() != tc.dated || l.CategoryKey() != tc.cat || l.CountKey != tc.count {
				t.Errorf("dated %v cat %q count %q", l.Span(0).Dated(), l.CategoryKey(), l.CountKey)
			}
		})
	}
	t.Run("no category", func(t *testing.T) {
		acled := []byte("event_type,latitude,longitude\nRiots,50.1,1.1\n")
		if l, _ := LoadBytes(context.Background(), "a.csv", acled, data.LoadOptions{}, data.CSVOptions{}); l.CategoryKey() != "event_type" {
			t.Fatalf("detected category %q", l.CategoryKey())
		}
		if l, _ := LoadBytes(context.Background(), "a.csv", acled, data.LoadOptions{}, data.CSVOptions{NoCategory: true}); l.CategoryKey() != "" {
			t.Errorf("category %q, want none", l.CategoryKey())
		}
	})
	t.Run("override through LoadOptions", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "o.csv")
		os.WriteFile(p, src, 0o644)
		l, err := data.LoadFile(context.Background(), p, data.LoadOptions{CSV: &data.CSVOptions{Coords: "where", CoordsLonFirst: true}})
		if err != nil || l.Anchor(1) != (orb.Point{1.86, 50.96}) {
			t.Fatalf("%v %v", l, err)
		}
	})
}

func TestWriteSkippedCSV(t *testing.T) {
	l, err := data.LoadFile(context.Background(), filepath.Join("testdata", "acled.csv"), data.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSkipped(&buf, l); err != nil {
		t.Fatal(err)
	}
	recs, err := encsv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0][0] != "line" || recs[0][2] != "event_id_cnty" || recs[1][0] != "5" || recs[1][2] != "FRA1004" {
		t.Errorf("skipped CSV %q", recs)
	}
	if got := l.LoadSummary(); got != "4 rows: 3 loaded, 1 skipped" {
		t.Errorf("summary %q", got)
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name, in, want, enc string
	}{
		{"utf8", "é", "é", EncodingUTF8},
		{"bom", "\xef\xbb\xbfé", "é", EncodingUTF8BOM},
		{"latin1", "caf\xe9 \x80", "café €", EncodingLatin1},
		{"utf16le", "\xff\xfea\x00\xe9\x00", "aé", EncodingUTF16LE},
		{"utf16be", "\xfe\xff\x00a\x00\xe9", "aé", EncodingUTF16BE},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, enc := DecodeText([]byte(tc.in))
			if string(got) != tc.want || enc != tc.enc {
				t.Errorf("got %q %q, want %q %q", got, enc, tc.want, tc.enc)
			}
		})
	}
}

func TestParseWKT(t *testing.T) {
	tests := []struct {
		in   string
		want orb.Geometry
		err  error
	}{
		{"POINT (1 2)", orb.Point{1, 2}, nil},
		{"point z (1 2 3)", orb.Point{1, 2}, nil},
		{"SRID=4326;POINT(1 2)", orb.Point{1, 2}, nil},
		{"POINTZM (1 2 3 4)", orb.Point{1, 2}, nil},
		{"LINESTRING (1 2, 3 4)", orb.LineString{{1, 2}, {3, 4}}, nil},
		{"POLYGON ((0 0, 1 0, 1 1, 0 0))", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, nil},
		{"POLYGON ((0 0, 1 0, 1 1, 0 1))", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}, nil},
		{"MULTIPOINT (1 2, 3 4)", orb.MultiPoint{{1, 2}, {3, 4}}, nil},
		{"MULTIPOINT ((1 2), (3 4))", orb.MultiPoint{{1, 2}, {3, 4}}, nil},
		{"MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))", orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}, nil},
		{"MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))", orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{2, 2}, {3, 2}, {3, 3}, {2, 2}}}}, nil},
		{"GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (1 2, 3 4))", orb.Collection{orb.Point{1, 2}, orb.LineString{{1, 2}, {3, 4}}}, nil},
		{"POINT EMPTY", nil, ErrEmptyWKT},
		{"POINT (1)", nil, ErrBadWKT},
		{"POINT (1 2", nil, ErrBadWKT},
		{"POINT (1 2) x", nil, ErrBadWKT},
		{"CIRCLE (1 2)", nil, ErrBadWKT},
		{"POLYGON ((0 0, 1 1))", nil, ErrBadWKT},
		{"POINT (1e999 2)", nil, ErrBadWKT},
		{"", nil, ErrBadWKT},
		{strings.Repeat("GEOMETRYCOLLECTION(", 40), nil, ErrBadWKT},
	}
	for _, tc := range tests {
		t.Run(data.Excerpt(tc.in, 40), func(t *testing.T) {
			g, err := ParseWKT(tc.in)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("error %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(g) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", g, tc.want)
			}
		})
	}
}

func FuzzParseWKT(f *testing.F) {
	for _, s := range []string{"POINT (1 2)", "MULTIPOINT ((1 2), 3 4)", "POLYGON ((0 0, 1 0, 1 1, 0 0), (0 0, 1 0, 1 1, 0 0))", "GEOMETRYCOLLECTION (POINT EMPTY, POINT (1 2))", "SRID=1;LINESTRING M (1 2 3, 4 5 6)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseWKT(s)
		if err == nil && g == nil {
			t.Fatalf("%q: nil geometry without an error", s)
		}
	})
}

func FuzzParseDMS(f *testing.F) {
	for _, s := range []string{`50°57'30"N`, "1 51 12 E", "50:57:30N", "-1 51 12", "N 50°57.5'", "50,5", "S", "1e400"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, lat bool) {
		v, err := parseCoord(s, lat)
		if err == nil && (v != v || v > 1e308 || v < -1e308) {
			t.Fatalf("parseCoord(%q) = %v", s, v)
		}
	})
}

func FuzzLoadCSV(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("lat,lon\n\"1,2\n"))
	f.Add([]byte("WKT\n\"POINT(1 2)\"\n"))
	f.Add([]byte("wkt\nSRID=3857;POINT(1 2)\nSRID=27700;POINT(1 2)\n"))
	f.Add([]byte("lat,lon,date\n50°57'30\"N,1 51 12 E,9/5/2020\n50:57:30N,1:51:12W,5/13/2020\n"))
	f.Add([]byte("title\nnote\nA,B,C\n#geo+lat,#geo+lon,#date+start\n50,1,9-May-20\n"))
	f.Add([]byte("lat,lon,start_datetime,end_datetime,time_precision\n50,1,05/06/2020,07/06/2020,2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := LoadBytes(context.Background(), "fuzz.csv", b, data.LoadOptions{}, data.CSVOptions{})
		if err != nil {
			var le *data.LoadError
			if !errors.As(err, &le) {
				t.Fatalf("error %T is not a *LoadError: %v", err, err)
			}
			return
		}
		if l.Len()+len(l.Skipped) != l.Rows {
			t.Fatalf("%d loaded + %d skipped != %d rows", l.Len(), len(l.Skipped), l.Rows)
		}
		for i := 0; i < l.Len(); i++ {
			p := l.Anchor(i)
			if !(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90) {
				t.Fatalf("feature %d at %v", i, p)
			}
		}
	})
}

func BenchmarkLoadCSV(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("event_id_cnty,event_date,time_precision,event_type,latitude,longitude,fatalities,notes\n")
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&buf, "FRA%d,2015-07-%02d,1,%s,%.4f,%.4f,%d,\"note, %d\"\n", i, i%28+1, []string{"Riots", "Protests", "Battles"}[i%3], 50+float64(i%1000)/1000, 1.5+float64(i%777)/1000, i%3, i)
	}
	src := buf.Bytes()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		l, err := LoadBytes(context.Background(), "bench.csv", src, data.LoadOptions{}, data.CSVOptions{})
		if err != nil || l.Len() != 100000 {
			b.Fatal(err)
		}
	}
}
