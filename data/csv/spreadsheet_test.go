package csv

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

// loadText loads src as a CSV file named name.
func loadText(t *testing.T, name, src string) (*data.Layer, error) {
	t.Helper()
	return LoadBytes(context.Background(), name, []byte(src), data.LoadOptions{}, data.CSVOptions{})
}

// spanText shows a span as "start .. end" in UTC, RFC 3339.
func spanText(sp data.Span) string {
	if !sp.Dated() {
		return "undated"
	}
	return sp.StartTime(time.UTC).Format(time.RFC3339) + " .. " + sp.EndTime(time.UTC).Format(time.RFC3339)
}

func TestCSVDates(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		spans []string // per feature, as spanText
		warn  string   // part of a warning; "" for none about dates
	}{
		{
			name: "spreadsheet forms",
			src:  "lat,lon,date\n50,1,9-May-20\n50,1,09-May-2020\n50,1,9 May 2020\n50,1,\"May 9, 2020\"\n50,1,2020/05/09\n50,1,09.05.2020\n50,1,9 mai 2020\n50,1,1er juil. 2020\n50,1,juillet 2020\n",
			spans: []string{
				"2020-05-09T00:00:00Z .. 2020-05-09T23:59:59Z", "2020-05-09T00:00:00Z .. 2020-05-09T23:59:59Z",
				"2020-05-09T00:00:00Z .. 2020-05-09T23:59:59Z", "2020-05-09T00:00:00Z .. 2020-05-09T23:59:59Z",
				"2020-05-09T00:00:00Z .. 2020-05-09T23:59:59Z", "2020-05-09T00:00:00Z .. 2020-05-09T23:59:59Z",
				"2020-05-09T00:00:00Z .. 2020-05-09T23:59:59Z", "2020-07-01T00:00:00Z .. 2020-07-01T23:59:59Z",
				"2020-07-01T00:00:00Z .. 2020-07-31T23:59:59Z",
			},
			warn: `column "date": no date settles whether the day or the month comes first (such as "09.05.2020")`,
		},
		{
			name:  "day-first column decided by a day above 12",
			src:   "lat,lon,date\n50,1,9/5/2020\n50,1,25/5/2020\n",
			spans: []string{"2020-05-09T00:00:00Z .. 2020-05-09T23:59:59Z", "2020-05-25T00:00:00Z .. 2020-05-25T23:59:59Z"},
		},
		{
			name: "month-first column decided by a late row",
			src:  "lat,lon,date\n50,1,5/9/2020\n50,1,6/1/2020\n50,1,5/25/2020\n",
			spans: []string{"2020-05-09T00:00:00Z .. 2020-05-09T23:59:59Z", "2020-06-01T00:00:00Z .. 2020-06-01T23:59:59Z",
				"2020-05-25T00:00:00Z .. 2020-05-25T23:59:59Z"},
		},
		{
			name:  "all ambiguous: day-first with a warning naming the column",
			src:   "lat,lon,Incident Date\n50,1,05/06/2020\n50,1,01/02/2020\n",
			spans: []string{"2020-06-05T00:00:00Z .. 2020-06-05T23:59:59Z", "2020-02-01T00:00:00Z .. 2020-02-01T23:59:59Z"},
			warn:  `column "Incident Date": no date settles whether the day or the month comes first`,
		},
		{
			name:  "mixed orders",
			src:   "lat,lon,date\n50,1,25/05/2020\n50,1,05/25/2020\n50,1,01/02/2020\n",
			spans: []string{"2020-05-25T00:00:00Z .. 2020-05-25T23:59:59Z", "2020-05-25T00:00:00Z .. 2020-05-25T23:59:59Z", "2020-02-01T00:00:00Z .. 2020-02-01T23:59:59Z"},
			warn:  `column "date" mixes day-first dates`,
		},
		{
			name:  "STAC start and end beat datetime",
			src:   "lat,lon,datetime,start_datetime,end_datetime\n50,1,2020-05-09T12:00:00Z,2020-05-01,2020-05-31\n50,1,2020-05-09T12:00:00Z,,\n",
			spans: []string{"2020-05-01T00:00:00Z .. 2020-05-31T23:59:59Z", "2020-05-09T12:00:00Z .. 2020-05-09T12:00:00Z"},
		},
		{
			name:  "start and end beside time",
			src:   "lat,lon,time,start,end\n50,1,2020-05-09,2020-05-02,2020-05-04\n50,1,2020-05-09,2020-05-02,\n",
			spans: []string{"2020-05-02T00:00:00Z .. 2020-05-04T23:59:59Z", "2020-05-02T00:00:00Z .. 2020-05-02T23:59:59Z"},
		},
		{
			name:  "month-first start and end columns re-read",
			src:   "lat,lon,start date,end date\n50,1,05/01/2020,05/03/2020\n50,1,05/20/2020,05/21/2020\n",
			spans: []string{"2020-05-01T00:00:00Z .. 2020-05-03T23:59:59Z", "2020-05-20T00:00:00Z .. 2020-05-21T23:59:59Z"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := loadText(t, "t.csv", c.src)
			if err != nil {
				t.Fatal(err)
			}
			if l.Len() != len(c.spans) {
				t.Fatalf("%d features, want %d", l.Len(), len(c.spans))
			}
			for i, want := range c.spans {
				if got := spanText(l.Span(i)); got != want {
					t.Errorf("feature %d: %s, want %s", i, got, want)
				}
			}
			ws := strings.Join(l.Warnings, "\n")
			if c.warn != "" && !strings.Contains(ws, c.warn) {
				t.Errorf("warnings %q, want one containing %q", l.Warnings, c.warn)
			}
			if c.warn == "" && strings.Contains(ws, "column") {
				t.Errorf("unexpected warnings %q", l.Warnings)
			}
			var ext data.Span = data.Undated
			for i := 0; i < l.Len(); i++ {
				ext = ext.Union(l.Span(i))
			}
			if l.TimeExtent() != ext {
				t.Errorf("time extent %s, want %s", spanText(l.TimeExtent()), spanText(ext))
			}
		})
	}
}

func TestACLEDTimePrecision(t *testing.T) {
	const head = "event_id_cnty,event_date,year,time_precision,event_type,latitude,longitude,fatalities\n"
	cases := []struct {
		prec, date, want string
	}{
		{"1", "16 May 2025", "2025-05-16T00:00:00Z .. 2025-05-16T23:59:59Z"}, // the day
		{"2", "16 May 2025", "2025-05-13T00:00:00Z .. 2025-05-19T23:59:59Z"}, // the week around the coded middle day
		{"2", "17-05-2025", "2025-05-14T00:00:00Z .. 2025-05-20T23:59:59Z"},  // a weekend coded on its Saturday
		{"3", "15 May 2025", "2025-05-01T00:00:00Z .. 2025-05-31T23:59:59Z"}, // the month
		{"", "16 May 2025", "2025-05-16T00:00:00Z .. 2025-05-16T23:59:59Z"},  // no code: the day
		{"9", "2025-05-16", "2025-05-16T00:00:00Z .. 2025-05-16T23:59:59Z"},  // unknown code: the day
		{"3", "2025-12-15", "2025-12-01T00:00:00Z .. 2025-12-31T23:59:59Z"},  // December
		{"2", "2025-12-30", "2025-12-27T00:00:00Z .. 2026-01-02T23:59:59Z"},  // a week across the new year
	}
	for _, c := range cases {
		t.Run(c.prec+" "+c.date, func(t *testing.T) {
			l, err := loadText(t, "acled.csv", head+"FRA1,"+c.date+",2025,"+c.prec+",Riots,50.9,1.8,0\n")
			if err != nil {
				t.Fatal(err)
			}
			if got := spanText(l.Span(0)); got != c.want {
				t.Errorf("span %s, want %s", got, c.want)
			}
		})
	}
}

func TestParseDMS(t *testing.T) {
	cases := []struct {
		in   string
		lat  bool
		want float64
	}{
		{`50°57'30"N`, true, 50 + 57.0/60 + 30.0/3600},
		{`50°57'30.5" N`, true, 50 + 57.0/60 + 30.5/3600},
		{`N 50°57'30"`, true, 50 + 57.0/60 + 30.0/3600},
		{`50:57:30N`, true, 50 + 57.0/60 + 30.0/3600},
		{`50 57 30 S`, true, -(50 + 57.0/60 + 30.0/3600)},
		{`1 51 12 E`, false, 1 + 51.0/60 + 12.0/3600},
		{`1°51'12"W`, false, -(1 + 51.0/60 + 12.0/3600)},
		{`1°51'12"w`, false, -(1 + 51.0/60 + 12.0/3600)},
		{`-1 51 12`, false, -(1 + 51.0/60 + 12.0/3600)},
		{`50°57.5'N`, true, 50 + 57.5/60},
		{`50.9583N`, true, 50.9583},
		{`1º51′12″E`, false, 1 + 51.0/60 + 12.0/3600},
		{"50.95", true, 50.95},
		{"50,95", true, 50.95},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := parseCoord(c.in, c.lat)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-c.want) > 1e-9 {
				t.Errorf("parseCoord(%q) = %v, want %v", c.in, got, c.want)
			}
		})
	}
	for _, c := range []struct {
		in   string
		lat  bool
		want string
	}{
		{`50°61'00"N`, true, "minutes must be below 60"},
		{`50°57'60"N`, true, "seconds must be below 60"},
		{`1°51'12"E`, true, "E or W marks a longitude"},
		{`50°57'30"N`, false, "N or S marks a latitude"},
		{`50.5°57'N`, true, "only the last"},
		{"Calais", true, "not a number nor degrees"},
		{"1 2 3 4", true, "expected degrees"},
		{"", true, "empty"},
	} {
		t.Run("bad "+c.in, func(t *testing.T) {
			_, err := parseCoord(c.in, c.lat)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("parseCoord(%q) error %v, want %q", c.in, err, c.want)
			}
		})
	}
}

func TestCSVDMSColumns(t *testing.T) {
	src := "name,latitude,longitude\nCalais,\"50°57'30\"\"N\",\"1°51'12\"\"E\"\nDover,51 07 30 N,1 18 45 E\nWest,50:57:30N,1:51:12W\nBad,50°57'30\"\"E,1 51 12 E\n"
	l, err := loadText(t, "dms.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	want := []orb.Point{{1 + 51.0/60 + 12.0/3600, 50 + 57.0/60 + 30.0/3600}, {1 + 18.0/60 + 45.0/3600, 51.125}, {-(1 + 51.0/60 + 12.0/3600), 50 + 57.0/60 + 30.0/3600}}
	if l.Len() != len(want) {
		t.Fatalf("%d features (skipped %v), want %d", l.Len(), l.Skipped, len(want))
	}
	for i, p := range want {
		if g := l.Anchor(i); math.Abs(g[0]-p[0]) > 1e-9 || math.Abs(g[1]-p[1]) > 1e-9 {
			t.Errorf("feature %d at %v, want %v", i, g, p)
		}
	}
	if len(l.Skipped) != 1 || !strings.Contains(l.Skipped[0].Reason, "E or W marks a longitude") {
		t.Errorf("skipped %+v, want line 5 with a hemisphere error", l.Skipped)
	}
	// a "latitude, longitude" column in DMS
	l, err = loadText(t, "pair.csv", "name,coordinates\nCalais,\"50°57'30\"\"N, 1°51'12\"\"E\"\n")
	if err != nil || l.Len() != 1 || math.Abs(l.Anchor(0)[0]-(1+51.0/60+12.0/3600)) > 1e-9 {
		t.Fatalf("DMS pair: %v %v", l, err)
	}
}

func TestCSVHXLBelowNotes(t *testing.T) {
	src := "Incidents near Calais, summer 2015\nCompiled from field reports; not verified,,,\n\nEvent ID,Date,Latitude,Longitude,Killed\n#event+id,#date+occurred,#geo+lat,#geo+lon,#affected+killed\nE1,2015-07-28,50.9225,1.7810,1\nE2,2015-07-29,50.9230,1.7822,0\n"
	s, err := Detect([]byte(src), "h.csv", data.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Dialect != DialectHXL || s.Lat != "Latitude" || s.Time != "Date" || s.Count != "Killed" {
		t.Errorf("schema %+v", s)
	}
	l, err := loadText(t, "h.csv", src)
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 2 || l.Rows != 2 || len(l.Skipped) != 0 {
		t.Fatalf("%d features of %d rows, skipped %v", l.Len(), l.Rows, l.Skipped)
	}
	if v, _ := l.Prop(1, "Event ID"); v.Str != "E2" {
		t.Errorf("feature 1 Event ID = %v", v)
	}
	// a hashtag row past the 25th row is not looked for
	long := strings.Repeat("note\n", 26) + "Event ID,Latitude,Longitude\n#event+id,#geo+lat,#geo+lon\nE1,50.9,1.8\n"
	if s, _ := Detect([]byte(long), "l.csv", data.CSVOptions{}); s.Tags != nil {
		t.Errorf("tags found past row 25: %v", s.Tags)
	}
}

func TestCSVWKTSRID(t *testing.T) {
	cases := []struct {
		name, wkt string
		want      orb.Point
		err       string
	}{
		{"no SRID", "POINT (1.85 50.95)", orb.Point{1.85, 50.95}, ""},
		{"4326", "SRID=4326;POINT (1.85 50.95)", orb.Point{1.85, 50.95}, ""},
		{"CRS84", "SRID=CRS84;POINT (1.85 50.95)", orb.Point{1.85, 50.95}, ""},
		{"3857", "SRID=3857;POINT (205942.3 6610000.1)", orb.Point{1.85, 50.93611}, ""},
		{"900913", "SRID=900913;POINT (0 0)", orb.Point{0, 0}, ""},
		{"27700", "SRID=27700;POINT (530000 180000)", orb.Point{}, "SRID=27700: coordinates in an unsupported spatial reference system: campmap reads WGS 84"},
		{"3857 out of the square", "SRID=3857;POINT (3e7 0)", orb.Point{}, "outside the Web Mercator square"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, err := ParseWKT(c.wkt)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("ParseWKT(%q) error %v, want %q", c.wkt, err, c.err)
				}
				if c.name == "27700" && (!errors.Is(err, ErrSRID) || !strings.Contains(err.Error(), "ogr2ogr -t_srs EPSG:4326")) {
					t.Errorf("error %v: want ErrSRID and the ogr2ogr advice", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := g.(orb.Point)
			if math.Abs(p[0]-c.want[0]) > 1e-4 || math.Abs(p[1]-c.want[1]) > 1e-4 {
				t.Errorf("ParseWKT(%q) = %v, want %v", c.wkt, p, c.want)
			}
		})
	}
	// every row in an SRID campmap refuses: the file fails, naming the SRID
	_, err := loadText(t, "bng.csv", "name,wkt\nA,SRID=27700;POINT (530000 180000)\nB,SRID=27700;POINT (530100 180100)\n")
	if err == nil || !strings.Contains(err.Error(), "SRID=27700") || !errors.Is(err, data.ErrNothingPlaced) {
		t.Errorf("error %v, want one naming SRID=27700 and wrapping ErrNothingPlaced", err)
	}
}

func TestCSVMessages(t *testing.T) {
	t.Run("more fields than the header", func(t *testing.T) {
		l, err := loadText(t, "shift.csv", "name,lat,lon\nCalais, port,50.95,1.85\nDover,51.12,1.31\n")
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Skipped) != 1 || l.Skipped[0].Line != 2 || !strings.Contains(l.Skipped[0].Reason, "the row has 4 fields but the header names 3 (a comma inside a field that is not quoted?)") {
			t.Errorf("skipped %+v", l.Skipped)
		}
		l, err = loadText(t, "extra.csv", "name,lat,lon\nCalais,50.95,1.85,oops\n")
		if err != nil || !strings.Contains(strings.Join(l.Warnings, "\n"), "line 2 has 4 fields but the header names 3") {
			t.Errorf("warnings %q, %v", l.Warnings, err)
		}
	})
	t.Run("WKT under another name", func(t *testing.T) {
		_, err := loadText(t, "w.csv", "name,geom_wkt\nA,POINT (1 50)\nB,\"LINESTRING (1 50, 2 51)\"\n")
		if err == nil || !strings.Contains(err.Error(), `column "geom_wkt" holds WKT: `) || !errors.Is(err, ErrNoCoordinates) {
			t.Errorf("error %v", err)
		}
	})
	t.Run("no row placeable", func(t *testing.T) {
		_, err := loadText(t, "none.csv", "name,lat,lon\nA,,\nB,north,1\nC,,\n")
		var le *data.LoadError
		if !errors.As(err, &le) || !errors.Is(err, data.ErrNothingPlaced) {
			t.Fatalf("error %v, want a LoadError wrapping ErrNothingPlaced", err)
		}
		for _, want := range []string{"none of the 3 rows can be placed", "2 like line 2: no coordinates", `1 like line 3: latitude "north"`} {
			if !strings.Contains(le.Msg, want) {
				t.Errorf("message %q, want %q", le.Msg, want)
			}
		}
	})
	t.Run("header only is an empty layer", func(t *testing.T) {
		l, err := loadText(t, "h.csv", "name,lat,lon\n")
		if err != nil || l.Len() != 0 {
			t.Errorf("%v %v", l, err)
		}
	})
}
