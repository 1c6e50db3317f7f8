package postgis

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

// cellRow is one row of a cell query, as read from the server.
type cellRow struct {
	n      int64
	x, y   float64
	t0, t1 float64 // NaN without a time column or times
	cat    string  // "\x00" for NULL
}

// runCells runs a cell query on the fixture's connection and returns its
// rows sorted by category, position and count.
func runCells(t *testing.T, f *fixture, sql string, args []any, tc, cc Column) []cellRow {
	t.Helper()
	rows, err := f.admin.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	defer rows.Close()
	var out []cellRow
	for rows.Next() {
		var r cellRow
		var x, y, t0, t1 *float64
		var cat *string
		dest := []any{&r.n, &x, &y}
		if tc.Name != "" {
			dest = append(dest, &t0, &t1)
		}
		if cc.Name != "" {
			dest = append(dest, &cat)
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		r.x, r.y, r.t0, r.t1, r.cat = math.NaN(), math.NaN(), math.NaN(), math.NaN(), "\x00"
		for _, p := range []struct {
			v *float64
			d *float64
		}{{x, &r.x}, {y, &r.y}, {t0, &r.t0}, {t1, &r.t1}} {
			if p.v != nil {
				*p.d = *p.v
			}
		}
		if cat != nil {
			r.cat = *cat
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.cat != b.cat {
			return a.cat < b.cat
		}
		if a.x != b.x {
			return a.x < b.x
		}
		if a.y != b.y {
			return a.y < b.y
		}
		return a.n < b.n
	})
	return out
}

// sameCells reports how two cell results differ: counts, categories and
// times exactly, mean positions within 1e-9° (sums in another order).
func sameCells(got, want []cellRow) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d cells, want %d", len(got), len(want))
	}
	eq := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for i := range got {
		g, w := got[i], want[i]
		if g.n != w.n || g.cat != w.cat || !eq(g.t0, w.t0) || !eq(g.t1, w.t1) ||
			!(math.Abs(g.x-w.x) <= 1e-9) || !(math.Abs(g.y-w.y) <= 1e-9) {
			return fmt.Sprintf("cell %d: %+v, want %+v", i, g, w)
		}
	}
	return ""
}

// legacyCellQuery is cellQuery as it was before issue 16 (the subqueries
// flattened by the planner, avg for the mean positions): the reference the
// faster query is checked against.
func legacyCellQuery(q Query, t Table, tc, cc Column) (string, []any) {
	sql, args := cellQuery(q, t, tc, cc)
	sql = strings.ReplaceAll(sql, " OFFSET 0", "")
	sql = strings.ReplaceAll(sql, "(sum(x) / count(*))::float8, (sum(y) / count(*))::float8", "avg(x)::float8, avg(y)::float8")
	return sql, args
}

// cellsFixture makes generated tables for the cell tests: points (with
// undated rows, NULL categories and empty points), polygons (centroids)
// and Web Mercator points (transformed), 5,000 rows each.
func cellsFixture(f *fixture) {
	f.exec(`SELECT setseed(0.16)`)
	f.exec(`CREATE TABLE ` + f.table("pts") + ` (id serial PRIMARY KEY, geom geometry(Point, 4326), happened timestamptz, kind text)`)
	f.exec(`INSERT INTO ` + f.table("pts") + ` (geom, happened, kind)
		SELECT CASE WHEN i % 997 = 0 THEN ST_GeomFromText('POINT EMPTY', 4326)
		            ELSE ST_SetSRID(ST_MakePoint(-5 + random() * 20, 40 + random() * 15), 4326) END,
		       CASE WHEN i % 50 = 0 THEN NULL ELSE timestamptz '2015-01-01Z' + random() * interval '365 days' END,
		       CASE WHEN i % 70 = 0 THEN NULL ELSE (ARRAY['a', 'b', 'c'])[1 + floor(random() * 3)::int] END
		FROM generate_series(1, 5000) i`)
	f.exec(`CREATE INDEX ON ` + f.table("pts") + ` USING gist (geom)`)
	f.exec(`CREATE TABLE ` + f.table("polys") + ` (id serial PRIMARY KEY, geom geometry(Polygon, 4326), happened date, kind text)`)
	f.exec(`INSERT INTO ` + f.table("polys") + ` (geom, happened, kind)
		SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(-5 + random() * 20, 40 + random() * 15), 4326), 0.01 + random() * 0.05, 2),
		       date '2015-01-01' + floor(random() * 365)::int, (ARRAY['a', 'b'])[1 + floor(random() * 2)::int]
		FROM generate_series(1, 5000)`)
	f.exec(`CREATE TABLE ` + f.table("merc") + ` (id serial PRIMARY KEY, geom geometry(Point, 3857), happened timestamp, kind int)`)
	f.exec(`INSERT INTO ` + f.table("merc") + ` (geom, happened, kind)
		SELECT ST_Transform(ST_SetSRID(ST_MakePoint(-5 + random() * 20, 40 + random() * 15), 4326), 3857),
		       timestamp '2015-01-01' + random() * interval '365 days', floor(random() * 4)::int
		FROM generate_series(1, 5000)`)
	f.exec(`ANALYZE`)
}

// TestCellQueryAsBefore checks that the cell query gives the cells the
// query before issue 16 gave, on generated tables, at several zooms, views,
// windows and with and without times and categories.
func TestCellQueryAsBefore(t *testing.T) {
	f := newFixture(t)
	cellsFixture(f)
	db := f.open()
	day := func(m time.Month, d int) time.Time { return time.Date(2015, m, d, 0, 0, 0, 0, time.UTC) }
	views := map[string]orb.Bound{
		"everywhere": {},
		"part":       {Min: orb.Point{0.3, 44.1}, Max: orb.Point{7.7, 51.3}},
	}
	windows := map[string]data.Span{
		"all":   data.Undated,
		"year":  data.SpanOf(day(1, 1), day(12, 31)),
		"month": data.SpanOf(day(8, 3), day(9, 2).Add(7*time.Hour)),
	}
	for _, table := range []string{"pts", "polys", "merc"} {
		tab, err := db.table(context.Background(), f.ref(table), "geom")
		if err != nil {
			t.Fatal(err)
		}
		tcol, _ := tab.column("happened")
		ccol, _ := tab.column("kind")
		for _, zoom := range []float64{0, 5.5, 8.7, 12} {
			for vn, view := range views {
				for wn, window := range windows {
					for _, cols := range []struct {
						name   string
						tc, cc Column
					}{{"plain", Column{}, Column{}}, {"time", tcol, Column{}}, {"time+cat", tcol, ccol}} {
						name := fmt.Sprintf("%s/z%g/%s/%s/%s", table, zoom, vn, wn, cols.name)
						q := Query{Table: f.ref(table), GeomCol: "geom", View: view, Zoom: zoom, Window: window, Limit: DefaultLimit}
						sql, args := cellQuery(q, tab, cols.tc, cols.cc)
						got := runCells(t, f, sql, args, cols.tc, cols.cc)
						lsql, largs := legacyCellQuery(q, tab, cols.tc, cols.cc)
						want := runCells(t, f, lsql, largs, cols.tc, cols.cc)
						if len(want) == 0 {
							t.Errorf("%s: no cells: the case tests nothing", name)
						}
						if d := sameCells(got, want); d != "" {
							t.Errorf("%s: %s", name, d)
						}
					}
				}
			}
		}
	}
}
