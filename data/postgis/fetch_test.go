package postgis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

// The incidents fixture: 200 points on a 20×10 grid of 0.1°, row i at
// (1.0 + (i%20)·0.1, 50.0 + (i/20)·0.1), happened i hours after 2015-07-01
// UTC except every 50th (undated), kind cycling through three values.
const incidentsSQL = `
CREATE TABLE %[1]s (id serial PRIMARY KEY, geom geometry(Point, 4326), happened timestamptz,
                    kind text, dead int, note text, verified bool);
INSERT INTO %[1]s (geom, happened, kind, dead, note, verified)
SELECT ST_SetSRID(ST_MakePoint(1.0 + (i %% 20) * 0.1, 50.0 + (i / 20) * 0.1), 4326),
       CASE WHEN i %% 50 = 49 THEN NULL ELSE timestamptz '2015-07-01 00:00Z' + i * interval '1 hour' END,
       (ARRAY['intrusion', 'injury', 'death'])[i %% 3 + 1], i %% 4, 'note ' || i, i %% 2 = 0
FROM generate_series(0, 199) i;
CREATE INDEX ON %[1]s USING gist (geom);`

type incident struct {
	pos  orb.Point
	span data.Span
	kind string
}

func incidents() []incident {
	base := time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC)
	out := make([]incident, 200)
	for i := range out {
		out[i].pos = orb.Point{1.0 + float64(i%20)*0.1, 50.0 + float64(i/20)*0.1}
		out[i].span = data.Undated
		if i%50 != 49 {
			out[i].span = data.Instant(base.Add(time.Duration(i) * time.Hour))
		}
		out[i].kind = []string{"intrusion", "injury", "death"}[i%3]
	}
	return out
}

func (f *fixture) incidents(name string) TableRef {
	f.exec(fmt.Sprintf(incidentsSQL, f.table(name)))
	return f.ref(name)
}

func fetch(t *testing.T, db *DB, q Query) *data.Layer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	l, err := db.Fetch(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestFetchViewportAndWindow(t *testing.T) {
	f := newFixture(t)
	ref := f.incidents("incidents")
	db := f.open()
	day := func(d int) time.Time { return time.Date(2015, 7, d, 0, 0, 0, 0, time.UTC) }
	view := orb.Bound{Min: orb.Point{1.25, 50.25}, Max: orb.Point{1.75, 50.55}}
	tests := []struct {
		name   string
		view   orb.Bound
		window data.Span
	}{
		{"everything", orb.Bound{}, data.Undated},
		{"viewport", view, data.Undated},
		{"window", orb.Bound{}, data.SpanOf(day(2), day(4).Add(-time.Millisecond))},
		{"viewport and window", view, data.SpanOf(day(3), day(8))},
		{"window without features", view, data.SpanOf(day(20), day(21))},
		{"viewport outside the world", orb.Bound{Min: orb.Point{200, 95}, Max: orb.Point{210, 99}}, data.Undated},
		{"viewport wider than the world", orb.Bound{Min: orb.Point{-500, -100}, Max: orb.Point{500, 100}}, data.Undated},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := fetch(t, db, Query{Table: ref, GeomCol: "geom", TimeCol: "happened", View: tc.view, Window: tc.window, Zoom: 12, Mode: Features})
			var want []string
			for i, in := range incidents() {
				if (tc.view == orb.Bound{}) || tc.view.Contains(in.pos) {
					if !tc.window.Dated() || !in.span.Dated() || in.span.Overlaps(tc.window) {
						want = append(want, fmt.Sprintf("note %d %v", i, in.span))
					}
				}
			}
			var got []string
			for i := 0; i < l.Len(); i++ {
				v, _ := l.Prop(i, "note")
				got = append(got, fmt.Sprintf("%s %v", v.Str, l.Span(i)))
			}
			sort.Strings(got)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("fetched %d features, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
			}
		})
	}
}

func TestFetchProperties(t *testing.T) {
	f := newFixture(t)
	ref := f.incidents("incidents")
	db := f.open()
	l := fetch(t, db, Query{Table: ref, GeomCol: "geom", TimeCol: "happened", CatCol: "kind", Window: data.Undated,
		View: orb.Bound{Min: orb.Point{1.05, 50.05}, Max: orb.Point{1.15, 50.15}}, Zoom: 14})
	if l.Len() != 1 {
		t.Fatalf("%d features, want 1 (row 21)", l.Len())
	}
	want := []data.Property{
		{Key: "id", Value: data.Number(22)},
		{Key: "happened", Value: data.Text("2015-07-01 21:00:00+00")},
		{Key: "kind", Value: data.Text("intrusion")},
		{Key: "dead", Value: data.Number(1)},
		{Key: "note", Value: data.Text("note 21")},
		{Key: "verified", Value: data.Bool(false)},
	}
	if got := l.Props(0); !reflect.DeepEqual(got, want) {
		t.Errorf("props\n got %v\nwant %v", got, want)
	}
	if got := l.Anchor(0); math.Abs(got[0]-1.1) > 1e-9 || math.Abs(got[1]-50.1) > 1e-9 {
		t.Errorf("position %v, want [1.1 50.1]", got)
	}
	if l.CategoryKey() != "kind" || l.Category(0) != "intrusion" {
		t.Errorf("category %q=%q, want kind=intrusion", l.CategoryKey(), l.Category(0))
	}
	if want := data.Instant(time.Date(2015, 7, 1, 21, 0, 0, 0, time.UTC)); l.Span(0) != want {
		t.Errorf("span %v, want %v", l.Span(0), want)
	}
	if l.Kind != data.KindIncident {
		t.Errorf("kind %v, want incident (from the table name)", l.Kind)
	}
	if !strings.Contains(l.Source, "PostGIS") || strings.Contains(l.Source, "@127.0.0.1") && strings.Contains(l.Source, ":"+passwordOf(t, f.url)+"@") {
		t.Errorf("source %q", l.Source)
	}
}

func passwordOf(t *testing.T, u string) string {
	_, pw := withoutPassword(t, u)
	return pw
}

func TestFetchDateAndTimestampColumns(t *testing.T) {
	f := newFixture(t)
	f.exec(`CREATE TABLE ` + f.table("days") + ` (geom geometry(Point, 4326), d date, ts timestamp)`)
	f.exec(`INSERT INTO ` + f.table("days") + ` (geom, d, ts)
		SELECT ST_SetSRID(ST_MakePoint(i, 0), 4326), date '2015-07-01' + i, timestamp '2015-07-01 12:00' + i * interval '1 day'
		FROM generate_series(0, 9) i`)
	db := f.open()
	day := func(d, h int) time.Time { return time.Date(2015, 7, d, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		name, col string
		window    data.Span
		want      int
	}{
		// a date is the whole day: a window from noon on the 3rd to
		// 1 a.m. on the 5th overlaps the 3rd, 4th and 5th
		{"date", "d", data.SpanOf(day(3, 12), day(5, 1)), 3},
		// a timestamp without zone is read as UTC: 12:00 on the 3rd and 4th
		{"timestamp", "ts", data.SpanOf(day(3, 12), day(5, 1)), 2},
		{"timestamp bounds are included", "ts", data.SpanOf(day(3, 12), day(4, 12)), 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := fetch(t, db, Query{Table: f.ref("days"), GeomCol: "geom", TimeCol: tc.col, Window: tc.window, Mode: Features})
			if l.Len() != tc.want {
				t.Fatalf("%d features, want %d", l.Len(), tc.want)
			}
			for i := 0; i < l.Len(); i++ {
				if !l.Span(i).Overlaps(tc.window) {
					t.Errorf("feature %d: span %v outside %v", i, l.Span(i), tc.window)
				}
				if tc.col == "d" && l.Span(i).End-l.Span(i).Start != 24*3600*1000-1 {
					t.Errorf("feature %d: a date should span its day, got %v", i, l.Span(i))
				}
			}
		})
	}
}

func TestFetchLimit(t *testing.T) {
	f := newFixture(t)
	ref := f.incidents("incidents")
	db := f.open()
	view := orb.Bound{Min: orb.Point{0, 49}, Max: orb.Point{3, 51}}
	t.Run("exactly the limit", func(t *testing.T) {
		l := fetch(t, db, Query{Table: ref, GeomCol: "geom", View: view, Zoom: 12, Limit: 200, Mode: Features})
		if l.Len() != 200 {
			t.Errorf("%d features, want 200", l.Len())
		}
	})
	t.Run("over the limit", func(t *testing.T) {
		_, err := db.Fetch(context.Background(), Query{Table: ref, GeomCol: "geom", View: view, Zoom: 12, Limit: 199, Mode: Features})
		var le *LimitError
		if !errors.As(err, &le) || le.Limit != 199 {
			t.Fatalf("error %v, want a *LimitError of 199", err)
		}
		if want := "more than 199 features: zoom in or narrow the time window"; !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not say %q", err, want)
		}
	})
	t.Run("auto falls back to cells", func(t *testing.T) {
		l := fetch(t, db, Query{Table: ref, GeomCol: "geom", View: view, Zoom: 12, Limit: 150})
		if total := countSum(t, l); total != 200 {
			t.Errorf("cells count %d features, want 200", total)
		}
		if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "more than 150 features: zoom in or narrow the time window") {
			t.Errorf("warnings %q", l.Warnings)
		}
	})
	t.Run("the window narrows below the limit", func(t *testing.T) {
		w := data.SpanOf(time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2015, 7, 2, 0, 0, 0, 0, time.UTC))
		l := fetch(t, db, Query{Table: ref, GeomCol: "geom", TimeCol: "happened", View: view, Window: w, Zoom: 12, Limit: 30, Mode: Features})
		if l.Len() != 25+4 { // hours 0..24 and the 4 undated rows
			t.Errorf("%d features, want 29", l.Len())
		}
	})
}

// countSum adds the count property of every cell.
func countSum(t *testing.T, l *data.Layer) int {
	t.Helper()
	n := 0
	for i := 0; i < l.Len(); i++ {
		v, ok := l.Prop(i, "count")
		if !ok || v.Type != data.ValueNumber || v.Num < 1 {
			t.Fatalf("cell %d: count %v", i, v)
		}
		n += int(v.Num)
	}
	return n
}

func TestFetchCells(t *testing.T) {
	f := newFixture(t)
	ref := f.incidents("incidents")
	db := f.open()
	tests := []struct {
		name      string
		q         Query
		wantTotal int
		maxCells  int
	}{
		// at zoom 4 a cell is 2.8° wide: the whole grid falls in one or
		// two cells per category
		{"low zoom", Query{Zoom: 4}, 200, 4},
		{"time column, no window", Query{Zoom: 4, TimeCol: "happened", Window: data.Undated}, 200, 4},
		{"by category", Query{Zoom: 4, CatCol: "kind"}, 200, 12},
		{"viewport", Query{Zoom: 6, View: orb.Bound{Min: orb.Point{1.25, 50.25}, Max: orb.Point{1.75, 50.55}}}, 15, 2},
		{"window", Query{Zoom: 4, TimeCol: "happened", Window: data.SpanOf(time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2015, 7, 1, 9, 0, 0, 0, time.UTC))}, 10 + 4, 4},
		{"forced at high zoom", Query{Zoom: 14, Mode: Cells}, 200, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Table, q.GeomCol = ref, "geom"
			l := fetch(t, db, q)
			if got := countSum(t, l); got != tc.wantTotal {
				t.Errorf("cells count %d features, want %d", got, tc.wantTotal)
			}
			if l.Len() > tc.maxCells {
				t.Errorf("%d cells, want at most %d", l.Len(), tc.maxCells)
			}
			if q.CatCol != "" {
				if l.CategoryKey() != "kind" || !slices.Equal(l.Categories(), []string{"death", "injury", "intrusion"}) {
					t.Errorf("categories %q %q", l.CategoryKey(), l.Categories())
				}
				per := map[string]int{}
				for i := 0; i < l.Len(); i++ {
					v, _ := l.Prop(i, "count")
					per[l.Category(i)] += int(v.Num)
				}
				if want := (map[string]int{"intrusion": 67, "injury": 67, "death": 66}); !reflect.DeepEqual(per, want) {
					t.Errorf("counts per category %v, want %v", per, want)
				}
			}
			if q.Window.Dated() {
				for i := 0; i < l.Len(); i++ {
					if s := l.Span(i); s.Dated() && !s.Overlaps(q.Window) {
						t.Errorf("cell %d spans %v, outside the window", i, s)
					}
				}
			}
		})
	}
}

func TestIndexUsedForViewport(t *testing.T) {
	f := newFixture(t)
	name := "many"
	f.exec(`CREATE TABLE ` + f.table(name) + ` (id serial, geom geometry(Point, 4326), happened timestamptz)`)
	f.exec(`INSERT INTO ` + f.table(name) + ` (geom, happened)
		SELECT ST_SetSRID(ST_MakePoint(1.5 + (i % 200) * 0.005, 50.8 + (i / 200) * 0.003), 4326),
		       timestamptz '2015-01-01Z' + i * interval '10 minutes'
		FROM generate_series(0, 39999) i`)
	f.exec(`CREATE INDEX many_geom_gist ON ` + f.table(name) + ` USING gist (geom)`)
	f.exec(`ANALYZE ` + f.table(name))
	db := f.open()
	tab, err := db.table(context.Background(), f.ref(name), "geom")
	if err != nil {
		t.Fatal(err)
	}
	tc, _ := tab.column("happened")
	q := Query{Table: f.ref(name), GeomCol: "geom", TimeCol: "happened", Zoom: 15, Limit: DefaultLimit,
		View:   orb.Bound{Min: orb.Point{1.80, 51.0}, Max: orb.Point{1.83, 51.01}},
		Window: data.SpanOf(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2015, 12, 31, 0, 0, 0, 0, time.UTC))}
	explain := func(sql string, args []any) string {
		rows, err := f.admin.Query(context.Background(), "EXPLAIN "+sql, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, line)
		}
		return strings.Join(plan, "\n")
	}
	t.Run("features", func(t *testing.T) {
		sql, args, _ := featureSQL(q, tab, tc)
		if plan := explain(sql, args); !strings.Contains(plan, "Index Scan") || !strings.Contains(plan, "many_geom_gist") {
			t.Errorf("the viewport query does not use the GiST index:\n%s", plan)
		}
	})
	t.Run("cells", func(t *testing.T) {
		q := q
		q.Zoom = 10
		sql, args := cellQuery(q, tab, tc, Column{})
		if plan := explain(sql, args); !strings.Contains(plan, "Index Scan") || !strings.Contains(plan, "many_geom_gist") {
			t.Errorf("the cell query does not use the GiST index:\n%s", plan)
		}
	})
}

func TestHostileNames(t *testing.T) {
	f := newFixture(t)
	f.exec(`CREATE TABLE ` + f.table("x") + ` (keep int)`)
	f.exec(`INSERT INTO ` + f.table("x") + ` VALUES (1)`)
	names := []struct{ table, geom, time, cat string }{
		{`inc"; DROP TABLE x; --`, `g"; DROP TABLE x; --`, `t"--`, `c'); DROP TABLE x; --`},
		{"Incidents MixedCase", "Geom", "When", "Kind"},
		{"with space", "the geom", "the time", "the kind"},
		{"ünïcødé 事件", "géom", "heure", "catégorie"},
		{`back\slash'quote`, `$1`, `?`, `%s`},
	}
	db := f.open()
	for _, n := range names {
		t.Run(n.table, func(t *testing.T) {
			f.exec(fmt.Sprintf(`CREATE TABLE %s (%s geometry(Point, 4326), %s timestamptz, %s text)`,
				f.table(n.table), ident(n.geom), ident(n.time), ident(n.cat)))
			f.exec(fmt.Sprintf(`INSERT INTO %s VALUES (ST_SetSRID(ST_MakePoint(1.8, 50.9), 4326), '2015-08-01Z', 'intrusion'),
				(ST_SetSRID(ST_MakePoint(10, 10), 4326), '2015-08-02Z', 'other')`, f.table(n.table)))
			tabs, err := db.Tables(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, tab := range tabs {
				if tab.Schema == f.schema && tab.Name == n.table && tab.GeomCol == n.geom {
					found = true
					if !slices.Equal(tab.TimeColumns(), []string{n.time}) {
						t.Errorf("time columns %q", tab.TimeColumns())
					}
				}
			}
			if !found {
				t.Fatalf("table %q not listed", n.table)
			}
			for _, mode := range []Mode{Features, Cells} {
				l := fetch(t, db, Query{Table: f.ref(n.table), GeomCol: n.geom, TimeCol: n.time, CatCol: n.cat, Mode: mode, Zoom: 10,
					View:   orb.Bound{Min: orb.Point{1, 50}, Max: orb.Point{2, 51}},
					Window: data.SpanOf(time.Date(2015, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC))})
				if l.Len() != 1 || l.Category(0) != "intrusion" {
					t.Errorf("mode %d: %d features, category %q", mode, l.Len(), l.Category(0))
				}
			}
		})
	}
	t.Run("names not in the catalogue are refused", func(t *testing.T) {
		for _, q := range []Query{
			{Table: f.ref("x"), GeomCol: "keep"},
			{Table: f.ref("x; DROP TABLE x"), GeomCol: "geom"},
			{Table: f.ref(names[0].table), GeomCol: "nope"},
			{Table: f.ref(names[0].table), GeomCol: names[0].geom, TimeCol: names[0].cat},
			{Table: f.ref(names[0].table), GeomCol: names[0].geom, CatCol: "1; DROP TABLE x"},
		} {
			if _, err := db.Fetch(context.Background(), q); err == nil {
				t.Errorf("%+v: no error", q)
			}
		}
	})
	var keep int
	if err := f.admin.QueryRow(context.Background(), "SELECT keep FROM "+f.table("x")).Scan(&keep); err != nil || keep != 1 {
		t.Errorf("table x damaged: %v %d", err, keep)
	}
}

func TestTables(t *testing.T) {
	f := newFixture(t)
	f.incidents("incidents")
	f.exec(`CREATE TABLE ` + f.table("plain") + ` (a int)`)
	f.exec(`CREATE VIEW ` + f.table("recent") + ` AS SELECT id, geom, happened, kind FROM ` + f.table("incidents") + ` WHERE happened > '2015-07-05Z'`)
	f.exec(`CREATE TABLE ` + f.table("camps") + ` (name text, outline geometry(MultiPolygon, 3857), centre geometry(Point, 4326), opened date)`)
	f.exec(`CREATE TABLE ` + f.table("loose") + ` (g geometry)`)
	f.exec(`INSERT INTO ` + f.table("loose") + ` VALUES (ST_SetSRID(ST_MakePoint(1, 2), 4326))`)
	db := f.open()
	tabs, err := db.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tab := range tabs {
		if tab.Schema != f.schema {
			continue
		}
		got = append(got, fmt.Sprintf("%s.%s %s %d time=%v cat=%v", tab.Name, tab.GeomCol, tab.GeomType, tab.SRID, tab.TimeColumns(), tab.CategoryColumns()))
	}
	want := []string{
		"camps.centre POINT 4326 time=[opened] cat=[name]",
		"camps.outline MULTIPOLYGON 3857 time=[opened] cat=[name]",
		"incidents.geom POINT 4326 time=[happened] cat=[id kind dead note verified]",
		"loose.g GEOMETRY 4326 time=[] cat=[]",
		"recent.geom POINT 4326 time=[happened] cat=[id kind]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("tables\n got %q\nwant %q", got, want)
	}
	l := fetch(t, db, Query{Table: f.ref("recent"), GeomCol: "geom", TimeCol: "happened", Window: data.Undated, Mode: Features})
	if l.Len() != 100 { // hours 97..199 less the undated rows 99, 149 and 199
		t.Errorf("view: %d features", l.Len())
	}
}

func TestProjectedTables(t *testing.T) {
	f := newFixture(t)
	for _, srid := range []int{3857, 2154, 32631} {
		name := fmt.Sprintf("p%d", srid)
		f.exec(fmt.Sprintf(`CREATE TABLE %s (name text, geom geometry(Geometry, %d))`, f.table(name), srid))
		f.exec(fmt.Sprintf(`INSERT INTO %s VALUES
			('coquelles', ST_Transform(ST_SetSRID(ST_MakePoint(1.8128, 50.9247), 4326), %[2]d)),
			('jungle', ST_Transform(ST_GeomFromText('POLYGON((1.88 50.96, 1.90 50.96, 1.90 50.97, 1.88 50.96))', 4326), %[2]d)),
			('dover', ST_Transform(ST_SetSRID(ST_MakePoint(1.33, 51.12), 4326), %[2]d))`, f.table(name), srid))
	}
	db := f.open()
	for _, srid := range []int{3857, 2154, 32631} {
		t.Run(fmt.Sprint(srid), func(t *testing.T) {
			name := fmt.Sprintf("p%d", srid)
			l := fetch(t, db, Query{Table: f.ref(name), GeomCol: "geom", Zoom: 12, Mode: Features,
				View: orb.Bound{Min: orb.Point{1.7, 50.9}, Max: orb.Point{2.0, 51.0}}})
			if l.Len() != 2 {
				t.Fatalf("%d features, want coquelles and jungle", l.Len())
			}
			for i := 0; i < l.Len(); i++ {
				v, _ := l.Prop(i, "name")
				switch v.Str {
				case "coquelles":
					p := l.Anchor(i)
					if math.Abs(p[0]-1.8128) > 1e-6 || math.Abs(p[1]-50.9247) > 1e-6 {
						t.Errorf("coquelles at %v", p)
					}
				case "jungle":
					if _, ok := l.Geometry(i).(orb.Polygon); !ok {
						t.Errorf("jungle is a %T", l.Geometry(i))
					}
				default:
					t.Errorf("unexpected feature %q", v.Str)
				}
			}
			c := fetch(t, db, Query{Table: f.ref(name), GeomCol: "geom", Zoom: 3, Mode: Cells})
			if countSum(t, c) != 3 {
				t.Errorf("cells count %d", countSum(t, c))
			}
		})
	}
}

func TestGeometryTypesFromServer(t *testing.T) {
	f := newFixture(t)
	f.exec(`CREATE TABLE ` + f.table("shapes") + ` (name text, geom geometry)`)
	for _, tc := range allGeometries {
		b, err := EncodeEWKB(tc.g, 4326)
		if err != nil {
			t.Fatal(err)
		}
		f.exec(`INSERT INTO `+f.table("shapes")+` VALUES ($1, ST_GeomFromEWKB($2))`, tc.name, b)
	}
	// what PostGIS writes itself, including Z and M and empty geometries
	f.exec(`INSERT INTO ` + f.table("shapes") + ` VALUES
		('wkt z', ST_GeomFromEWKT('SRID=4326;LINESTRING Z (1 2 3, 4 5 6)')),
		('wkt zm', ST_GeomFromEWKT('SRID=4326;MULTIPOINT ZM ((1 2 3 4), (5 6 7 8))')),
		('empty', ST_GeomFromEWKT('SRID=4326;POINT EMPTY')),
		('null', NULL)`)
	db := f.open()
	l := fetch(t, db, Query{Table: f.ref("shapes"), GeomCol: "geom", Zoom: 12, Mode: Features})
	want := map[string]orb.Geometry{
		"wkt z":  orb.LineString{{1, 2}, {4, 5}},
		"wkt zm": orb.MultiPoint{{1, 2}, {5, 6}},
	}
	for _, tc := range allGeometries {
		want[tc.name] = tc.g
	}
	got := map[string]orb.Geometry{}
	for i := 0; i < l.Len(); i++ {
		v, _ := l.Prop(i, "name")
		got[v.Str] = l.Geometry(i)
	}
	for name, g := range want {
		if !reflect.DeepEqual(got[name], g) {
			t.Errorf("%s:\n got %#v\nwant %#v", name, got[name], g)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d features, want %d (empty and NULL left out)", len(got), len(want))
	}
	if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "1 rows without a usable geometry") {
		t.Errorf("warnings %q", l.Warnings)
	}
}

func TestSummarize(t *testing.T) {
	f := newFixture(t)
	ref := f.incidents("incidents")
	f.exec(`CREATE TABLE ` + f.table("merc") + ` (geom geometry(Point, 3857), d date)`)
	f.exec(`INSERT INTO ` + f.table("merc") + ` VALUES (ST_Transform(ST_SetSRID(ST_MakePoint(1.8, 50.9), 4326), 3857), '2015-07-01'),
		(ST_Transform(ST_SetSRID(ST_MakePoint(2.0, 51.0), 4326), 3857), '2015-07-03')`)
	f.exec(`CREATE TABLE ` + f.table("empty") + ` (geom geometry(Point, 4326), t timestamptz)`)
	db := f.open()
	ms := func(y int, m time.Month, d, h int) int64 { return time.Date(y, m, d, h, 0, 0, 0, time.UTC).UnixMilli() }
	tests := []struct {
		name      string
		ref       TableRef
		timeCol   string
		want      Summary
		tolerance float64
	}{
		{"incidents", ref, "happened", Summary{Rows: 200, Bound: orb.Bound{Min: orb.Point{1, 50}, Max: orb.Point{2.9, 50.9}},
			Extent: data.Span{Start: ms(2015, 7, 1, 0), End: ms(2015, 7, 1, 198)}}, 1e-6},
		{"no time column", ref, "", Summary{Rows: 200, Bound: orb.Bound{Min: orb.Point{1, 50}, Max: orb.Point{2.9, 50.9}}, Extent: data.Undated}, 1e-6},
		{"web mercator and dates", f.ref("merc"), "d", Summary{Rows: 2, Bound: orb.Bound{Min: orb.Point{1.8, 50.9}, Max: orb.Point{2.0, 51.0}},
			Extent: data.Span{Start: ms(2015, 7, 1, 0), End: ms(2015, 7, 4, 0) - 1}}, 1e-6},
		{"empty table", f.ref("empty"), "t", Summary{Extent: data.Undated}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := db.Summarize(context.Background(), tc.ref, "geom", tc.timeCol)
			if err != nil {
				t.Fatal(err)
			}
			if s.Rows != tc.want.Rows || s.Extent != tc.want.Extent {
				t.Errorf("rows %d extent %v, want %d %v", s.Rows, s.Extent, tc.want.Rows, tc.want.Extent)
			}
			for i, v := range []float64{s.Bound.Min[0], s.Bound.Min[1], s.Bound.Max[0], s.Bound.Max[1]} {
				w := []float64{tc.want.Bound.Min[0], tc.want.Bound.Min[1], tc.want.Bound.Max[0], tc.want.Bound.Max[1]}[i]
				if math.Abs(v-w) > tc.tolerance {
					t.Errorf("bound %v, want %v", s.Bound, tc.want.Bound)
					break
				}
			}
		})
	}
	if _, err := db.Summarize(context.Background(), ref, "geom", "kind"); err == nil {
		t.Error("a text column was taken as time")
	}
}

// TestRowsOutsideWGS84 reads rows a file would not let through: in a
// column without a declared SRID, rows in EPSG:3857 and EPSG:2154 are
// transformed like the others, rows in an SRID the server does not know
// are left out and counted in a warning, and rows whose coordinates are
// outside longitude/latitude (metres in a column said to be 4326, or with
// no SRID) are left out and counted too, with and without a view.
func TestRowsOutsideWGS84(t *testing.T) {
	f := newFixture(t)
	f.exec(`CREATE TABLE ` + f.table("mixed") + ` (name text, geom geometry)`)
	f.exec(`INSERT INTO ` + f.table("mixed") + ` VALUES
		('calais', ST_SetSRID(ST_MakePoint(1.85, 50.95), 4326)),
		('coquelles', ST_Transform(ST_SetSRID(ST_MakePoint(1.8128, 50.9247), 4326), 3857)),
		('jungle', ST_Transform(ST_GeomFromText('POLYGON((1.88 50.96, 1.90 50.96, 1.90 50.97, 1.88 50.96))', 4326), 2154)),
		('nosrid', ST_MakePoint(1.86, 50.94)),
		('metres', ST_SetSRID(ST_MakePoint(206000, 6610000), 4326)),
		('metres nosrid', ST_MakePoint(206500, 6610500)),
		('custom', ST_SetSRID(ST_MakePoint(1, 2), 990001)),
		('custom2', ST_SetSRID(ST_MakePoint(3, 4), 990001))`)
	f.exec(`CREATE TABLE ` + f.table("said4326") + ` (name text, geom geometry(Point, 4326))`)
	f.exec(`INSERT INTO ` + f.table("said4326") + ` VALUES ('calais', ST_SetSRID(ST_MakePoint(1.85, 50.95), 4326)),
		('metres', ST_SetSRID(ST_MakePoint(206000, 6610000), 4326))`)
	db := f.open()
	for _, tc := range []struct {
		name, table string
		view        orb.Bound
		want        []string // names read
		warnings    []string
	}{
		{"mixed, no view", "mixed", orb.Bound{}, []string{"calais", "coquelles", "jungle", "nosrid"},
			[]string{"2 rows of " + f.schema + ".mixed.geom are in EPSG:990001, which the server cannot transform",
				"2 rows of " + f.schema + ".mixed.geom have coordinates outside WGS 84 longitude -180..180, latitude -90..90 (first: coordinates [206000 6.61e+06]"}},
		{"mixed, a view", "mixed", orb.Bound{Min: orb.Point{1.7, 50.9}, Max: orb.Point{2.0, 51.0}}, []string{"calais", "coquelles", "jungle", "nosrid"},
			[]string{"are in EPSG:990001"}},
		{"metres said to be 4326", "said4326", orb.Bound{}, []string{"calais"},
			[]string{"1 rows of " + f.schema + ".said4326.geom have coordinates outside WGS 84"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := fetch(t, db, Query{Table: f.ref(tc.table), GeomCol: "geom", Zoom: 12, Mode: Features, View: tc.view})
			var got []string
			for i := 0; i < l.Len(); i++ {
				v, _ := l.Prop(i, "name")
				got = append(got, v.Str)
				if b := l.Geometry(i).Bound(); b.Min[0] < 1.7 || b.Max[0] > 2 || b.Min[1] < 50.9 || b.Max[1] > 51 {
					t.Errorf("%s at %v, not near Calais", v.Str, b)
				}
			}
			sort.Strings(got)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("features %q, want %q", got, tc.want)
			}
			for _, w := range tc.warnings {
				found := false
				for _, lw := range l.Warnings {
					found = found || strings.Contains(lw, w)
				}
				if !found {
					t.Errorf("warnings %q\nlack %q", l.Warnings, w)
				}
			}
		})
	}
	t.Run("summary", func(t *testing.T) {
		for _, table := range []string{"mixed", "said4326"} {
			s, err := db.Summarize(context.Background(), f.ref(table), "geom", "")
			if err != nil {
				t.Fatal(err)
			}
			if b := s.Bound; b.Min[0] < 1.7 || b.Max[0] > 2 || b.Min[1] < 50.9 || b.Max[1] > 51 {
				t.Errorf("%s: bound %v, want the rows placed, near Calais", table, b)
			}
		}
	})
	t.Run("cells", func(t *testing.T) {
		c := fetch(t, db, Query{Table: f.ref("mixed"), GeomCol: "geom", Zoom: 3, Mode: Cells})
		if n := countSum(t, c); n != 4 {
			t.Errorf("cells count %d rows, want the 4 placed", n)
		}
		for _, w := range []string{"2 rows of " + f.schema + ".mixed.geom are in EPSG:990001", "2 rows of " + f.schema + ".mixed.geom have coordinates outside WGS 84"} {
			found := false
			for _, lw := range c.Warnings {
				found = found || strings.Contains(lw, w)
			}
			if !found {
				t.Errorf("warnings %q\nlack %q", c.Warnings, w)
			}
		}
	})
}
