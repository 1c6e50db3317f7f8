package postgis

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/geo"
)

// benchRows is the size of the pan benchmark's table.
const benchRows = 1_000_000

// benchTable makes (once per server) bench.incidents: benchRows points
// spread over the Calais area (0.9° × 0.45°), one year of times, five
// kinds, a GiST index. It is made with generate_series in the server, so
// the set-up costs seconds, not a million round trips.
func benchTable(b *testing.B) TableRef {
	b.Helper()
	u := testURL(b)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close(ctx)
	var n int64
	err = c.QueryRow(ctx, `SELECT count(*) FROM bench.incidents`).Scan(&n)
	if err == nil && n == benchRows {
		return TableRef{Schema: "bench", Name: "incidents"}
	}
	start := time.Now()
	for _, sql := range []string{
		`DROP SCHEMA IF EXISTS bench CASCADE`,
		`CREATE SCHEMA bench`,
		`CREATE TABLE bench.incidents (id serial PRIMARY KEY, geom geometry(Point, 4326), happened timestamptz, kind text, dead int)`,
		`SELECT setseed(0.42)`,
		`INSERT INTO bench.incidents (geom, happened, kind, dead)
		 SELECT ST_SetSRID(ST_MakePoint(1.5 + random() * 0.9, 50.7 + random() * 0.45), 4326),
		        timestamptz '2015-01-01Z' + random() * interval '365 days',
		        (ARRAY['intrusion', 'injury', 'death', 'blockade', 'eviction'])[1 + floor(random() * 5)::int],
		        floor(random() * 3)::int
		 FROM generate_series(1, 1000000)`,
		`CREATE INDEX incidents_geom_gist ON bench.incidents USING gist (geom)`,
		`ANALYZE bench.incidents`,
	} {
		if _, err := c.Exec(ctx, sql); err != nil {
			b.Fatalf("%s: %v", sql, err)
		}
	}
	b.Logf("loaded %d incidents in %s", benchRows, time.Since(start).Round(time.Millisecond))
	return TableRef{Schema: "bench", Name: "incidents"}
}

// BenchmarkPanFetch pans a 1280×800 window across the million incidents
// at street zoom (14, about 12,000 features in view) and fetches what is
// visible each time: the viewport (and the time window) are filtered on
// the server through the GiST index. It reports the median fetch time and
// the features per fetch.
func BenchmarkPanFetch(b *testing.B) {
	ref := benchTable(b)
	ctx := context.Background()
	db, err := Open(ctx, testURL(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	year := data.SpanOf(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC))
	month := data.SpanOf(time.Date(2015, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC))
	for _, bc := range []struct {
		name   string
		zoom   float64
		window data.Span
		mode   Mode
	}{
		{"zoom14/year", 14, year, Features},
		{"zoom14/month", 14, month, Features},
		{"zoom15/year", 15, year, Features},
		{"zoom11/cells", 11, year, Cells},
	} {
		b.Run(bc.name, func(b *testing.B) {
			vp := geo.New(orb.Point{1.70, 50.85}, bc.zoom, 1280, 800)
			times := make([]time.Duration, 0, b.N)
			features := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// pan 300 px right, back to the west edge past the data
				vp = vp.Pan(-300, 0)
				if vp.Center[0] > 2.3 {
					vp = geo.New(orb.Point{1.6, vp.Center[1]}, bc.zoom, 1280, 800)
				}
				t0 := time.Now()
				l, err := db.Fetch(ctx, Query{Table: ref, GeomCol: "geom", TimeCol: "happened", CatCol: "kind",
					View: vp.Bound(), Zoom: bc.zoom, Window: bc.window, Mode: bc.mode})
				times = append(times, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				features += l.Len()
			}
			b.StopTimer()
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(features)/float64(b.N), "features/fetch")
		})
	}
}

// benchPrepared makes (once per server) bench.incidents_cells, a copy of
// benchTable's incidents with PrepareCells' index.
func benchPrepared(b *testing.B) TableRef {
	b.Helper()
	src := benchTable(b)
	ref := TableRef{Schema: "bench", Name: "incidents_cells"}
	ctx := context.Background()
	db, err := Open(ctx, testURL(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var n int64
	err = db.with(ctx, func(c *pgx.Conn) error {
		return c.QueryRow(ctx, `SELECT count(*) FROM bench.incidents_cells`).Scan(&n)
	})
	if err == nil && n == benchRows {
		return ref
	}
	start := time.Now()
	err = db.with(ctx, func(c *pgx.Conn) error {
		for _, sql := range []string{
			`DROP TABLE IF EXISTS bench.incidents_cells`,
			`CREATE TABLE bench.incidents_cells AS SELECT * FROM ` + src.quoted(),
			`CREATE INDEX incidents_cells_geom_gist ON bench.incidents_cells USING gist (geom)`,
		} {
			if _, err := c.Exec(ctx, sql); err != nil {
				return fmt.Errorf("%s: %w", sql, err)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.PrepareCells(ctx, ref, "geom", "happened", "kind"); err != nil {
		b.Fatal(err)
	}
	b.Logf("copied and prepared %d incidents in %s", benchRows, time.Since(start).Round(time.Millisecond))
	return ref
}

// BenchmarkAggregate1M fetches the cells of the million incidents at the
// zooms below AggregateZoom, the whole Calais area in a 1280×800 window,
// for the year and for a month (Auto mode, as the window asks), from the
// table as it is ("plain") and with PrepareCells' index ("prepared"). It
// reports the median fetch time and the cells per fetch.
func BenchmarkAggregate1M(b *testing.B) {
	for _, table := range []struct {
		name string
		ref  func(*testing.B) TableRef
	}{{"plain", benchTable}, {"prepared", benchPrepared}} {
		b.Run(table.name, func(b *testing.B) { benchAggregate(b, table.ref(b)) })
	}
}

func benchAggregate(b *testing.B, ref TableRef) {
	ctx := context.Background()
	db, err := Open(ctx, testURL(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	year := data.SpanOf(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC))
	month := data.SpanOf(time.Date(2015, 8, 1, 0, 0, 0, 0, time.UTC), time.Date(2015, 9, 1, 0, 0, 0, 0, time.UTC))
	for _, bc := range []struct {
		name   string
		zoom   float64
		window data.Span
	}{
		{"zoom4/year", 4, year},
		{"zoom6/year", 6, year},
		{"zoom8/year", 8, year},
		{"zoom8/month", 8, month},
		{"zoom8/all", 8, data.Undated},
	} {
		b.Run(bc.name, func(b *testing.B) {
			vp := geo.New(orb.Point{1.95, 50.92}, bc.zoom, 1280, 800)
			times := make([]time.Duration, 0, b.N)
			cells := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				l, err := db.Fetch(ctx, Query{Table: ref, GeomCol: "geom", TimeCol: "happened", CatCol: "kind",
					View: vp.Bound(), Zoom: bc.zoom, Window: bc.window})
				times = append(times, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				cells += l.Len()
			}
			b.StopTimer()
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(cells)/float64(b.N), "cells/fetch")
		})
	}
}
