package postgis

import (
	"context"
	"fmt"
	"math"
	"slices"
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
	t.indexed = nil // one scan with the window's condition
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
// windows and with and without times and categories, and again once
// PrepareCells indexed the time column (the window's rows read apart).
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
	for _, run := range []struct{ table, prepared string }{
		{"pts", ""}, {"polys", ""}, {"merc", ""}, {"pts", "prepared"}, {"polys", "prepared"}, {"merc", "prepared"},
	} {
		table := run.table
		if run.prepared != "" {
			if _, err := db.PrepareCells(context.Background(), f.ref(table), "geom", "happened", "kind"); err != nil {
				t.Fatal(err)
			}
			table += "/" + run.prepared
		}
		tab, err := db.table(context.Background(), f.ref(run.table), "geom")
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(tab.indexed, "happened"); got != (run.prepared != "") {
			t.Fatalf("%s: time column indexed %v", table, got)
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
						if split := strings.Contains(sql, "UNION ALL"); split != (run.prepared != "" && cols.tc.Name != "" && window.Dated()) {
							t.Errorf("%s: the window's rows read apart: %v", name, split)
						}
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

// TestPrepareCells checks PrepareCells' index: the cells of a month are
// read from it alone, rows inserted afterwards are in the next fetch, and
// tables it cannot index say why.
func TestPrepareCells(t *testing.T) {
	f := newFixture(t)
	ref := f.ref("many")
	f.exec(`CREATE TABLE ` + f.table("many") + ` (id serial PRIMARY KEY, geom geometry(Point, 4326), happened timestamptz, kind text)`)
	f.exec(`INSERT INTO ` + f.table("many") + ` (geom, happened, kind)
		SELECT ST_SetSRID(ST_MakePoint(1.5 + (i % 200) * 0.005, 50.8 + (i / 200) * 0.003), 4326),
		       CASE WHEN i % 100 = 0 THEN NULL ELSE timestamptz '2015-01-01Z' + i * interval '15 minutes' END,
		       (ARRAY['a', 'b', 'c'])[1 + i % 3]
		FROM generate_series(0, 39999) i`)
	f.exec(`CREATE INDEX ON ` + f.table("many") + ` USING gist (geom)`)
	f.exec(`CREATE VIEW ` + f.table("recent") + ` AS SELECT * FROM ` + f.table("many") + ` WHERE happened > '2015-06-01Z'`)
	db := f.open()
	ctx := context.Background()
	name, err := db.PrepareCells(ctx, ref, "geom", "happened", "kind")
	if err != nil {
		t.Fatal(err)
	}
	if again, err := db.PrepareCells(ctx, ref, "geom", "happened", "kind"); err != nil || again != name {
		t.Fatalf("second PrepareCells: %q, %v (first %q)", again, err, name)
	}
	month := data.SpanOf(time.Date(2015, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2015, 4, 1, 0, 0, 0, 0, time.UTC))
	q := Query{Table: ref, GeomCol: "geom", TimeCol: "happened", CatCol: "kind", Zoom: 6, Window: month, Limit: DefaultLimit}

	t.Run("index only", func(t *testing.T) {
		tab, err := db.table(ctx, ref, "geom")
		if err != nil {
			t.Fatal(err)
		}
		tc, _ := tab.column("happened")
		cc, _ := tab.column("kind")
		sql, args := cellQuery(q, tab, tc, cc)
		rows, err := f.admin.Query(ctx, "EXPLAIN "+sql, args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, line)
		}
		rows.Close()
		if p := strings.Join(plan, "\n"); !strings.Contains(p, "Index Only Scan using "+name) {
			t.Errorf("the cells of a month are not read from %s alone:\n%s", name, p)
		}
	})

	t.Run("rows added later", func(t *testing.T) {
		before := countSum(t, fetch(t, db, q))
		var want int
		if err := f.admin.QueryRow(ctx, `SELECT count(*) FROM `+f.table("many")+` WHERE happened IS NULL OR happened BETWEEN $1 AND $2`,
			month.StartTime(time.UTC), month.EndTime(time.UTC)).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if before != want || want < 3000 {
			t.Errorf("%d incidents in March with the undated ones, want %d", before, want)
		}
		f.exec(`INSERT INTO ` + f.table("many") + ` (geom, happened, kind) VALUES
			(ST_SetSRID(ST_MakePoint(1.6, 50.9), 4326), '2015-03-15 12:00Z', 'a'),
			(ST_SetSRID(ST_MakePoint(1.7, 50.9), 4326), '2015-03-16 12:00Z', 'new'),
			(ST_SetSRID(ST_MakePoint(1.7, 50.9), 4326), NULL, 'b'),
			(ST_SetSRID(ST_MakePoint(1.7, 50.9), 4326), '2015-05-16 12:00Z', 'b')`)
		if after := countSum(t, fetch(t, db, q)); after != before+3 {
			t.Errorf("after 3 rows in view were added: %d incidents, want %d", after, before+3)
		}
	})

	t.Run("refused", func(t *testing.T) {
		for _, tc := range []struct {
			name          string
			ref           TableRef
			timeCol, want string
		}{
			{"a view", f.ref("recent"), "happened", "needs the right to create an index"},
			{"not a time", ref, "kind", `no time column "kind"`},
		} {
			_, err := db.PrepareCells(ctx, tc.ref, "geom", tc.timeCol, "kind")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
			}
		}
	})
}

func TestCellsIndexName(t *testing.T) {
	for _, tc := range []struct{ table, col, want string }{
		{"incidents", "happened", "incidents_happened_campmap_cells"},
		{strings.Repeat("é", 40), "t", strings.Repeat("é", 23) + "_t_campmap_cells"},
		{"x", strings.Repeat("c", 70), "x_" + strings.Repeat("c", 30)},
		{strings.Repeat("t", 70), strings.Repeat("c", 70), strings.Repeat("t", 32) + "_" + strings.Repeat("c", 30)},
	} {
		if got := cellsIndexName(tc.table, tc.col); got != tc.want || len(got) > 63 {
			t.Errorf("cellsIndexName(%q, %q) = %q (%d bytes), want %q", tc.table, tc.col, got, len(got), tc.want)
		}
	}
}
