package gpkg

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

// viewPackage writes a small GeoPackage with a table "pts" and registers
// each view (name → SELECT) as a features layer, as GDAL registers views.
func viewPackage(t *testing.T, views map[string]string) string {
	t.Helper()
	l := layerOf(t, "pts",
		data.Feature{Geometry: orb.Point{1.8, 50.9}, Span: data.Undated},
		data.Feature{Geometry: orb.Point{1.9, 50.95}, Span: data.Undated})
	path := filepath.Join(t.TempDir(), "views.gpkg")
	if err := Write(context.Background(), path, l, nil); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var geom string
	if err := db.QueryRow(`SELECT column_name FROM gpkg_geometry_columns WHERE table_name = 'pts'`).Scan(&geom); err != nil {
		t.Fatal(err)
	}
	for name, sel := range views {
		for _, q := range []string{
			fmt.Sprintf(`CREATE VIEW %s AS %s`, quote(name), strings.ReplaceAll(sel, "GEOM", quote(geom))),
			fmt.Sprintf(`INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('%s', 'features', '%s', 4326)`, name, name),
			fmt.Sprintf(`INSERT INTO gpkg_geometry_columns VALUES ('%s', 'geom', 'POINT', 4326, 0, 0)`, name),
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	return path
}

// endless is a recursive query without end.
const endless = `WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r)`

// TestViewBudget reads views that never end or make far more than the
// file holds: each stops with a message naming the layer and the budget,
// and the file's other layers load.
func TestViewBudget(t *testing.T) {
	defer func(d time.Duration, r, b, p int64) {
		viewTime, viewRowsMin, viewBytesMin, viewBytesPerFileByte = d, r, b, p
	}(viewTime, viewRowsMin, viewBytesMin, viewBytesPerFileByte)
	viewRowsMin, viewBytesMin, viewBytesPerFileByte = 1000, 1<<20, 1
	// the time budget is short only where time is what the view runs out
	// of: elsewhere a slow machine (or -race) must not reach it first
	for _, tc := range []struct {
		name, sel, want string
		time            time.Duration
	}{
		{"endless rows", endless + ` SELECT n AS fid, (SELECT GEOM FROM pts LIMIT 1) AS geom FROM r`, "gives more than", time.Minute},
		{"no row ever", `SELECT fid, GEOM AS geom FROM pts WHERE (` + endless + ` SELECT max(n) FROM r) > 0`, "did not finish within 500ms", 500 * time.Millisecond},
		{"blobs", `WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n < 1000) SELECT n AS fid, (SELECT GEOM FROM pts LIMIT 1) AS geom, randomblob(100000) AS junk FROM r`,
			"gives more than 1 MB of text and blobs", time.Minute},
		{"one huge blob", `SELECT fid, GEOM AS geom, randomblob(5000000) AS junk FROM pts`, "made a value longer than 1 MB", time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			viewTime = tc.time
			path := viewPackage(t, map[string]string{"v": tc.sel})
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			done := make(chan struct{})
			var ls []*data.Layer
			var err error
			go func() {
				defer close(done)
				ls, err = Load(context.Background(), path, data.LoadOptions{})
			}()
			select {
			case <-done:
			case <-time.After(2 * time.Minute):
				t.Fatal("Load of a view did not stop") // before the budget, it never did
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ls) != 1 || ls[0].Name != "pts" {
				t.Fatalf("layers %v, want pts alone", ls)
			}
			var w string
			for _, s := range ls[0].Warnings {
				if strings.Contains(s, `layer "v" is an SQL view that `) {
					w = s
				}
			}
			if !strings.Contains(w, tc.want) || !strings.Contains(w, fmt.Sprintf("over the budget campmap gives a view of this file (%s, ", tc.time)) {
				t.Errorf("warnings %q\nwant one naming layer \"v\" with %q and the budget", ls[0].Warnings, tc.want)
			}
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
				t.Errorf("reading the view allocated %d MB, want it stopped near its 1 MB budget", got>>20)
			}
		})
	}
	viewTime = time.Minute
	t.Run("a view within the budget loads", func(t *testing.T) {
		path := viewPackage(t, map[string]string{"v": `SELECT fid, GEOM AS geom FROM pts`})
		ls, err := Load(context.Background(), path, data.LoadOptions{})
		if err != nil || len(ls) != 2 || ls[1].Len() != 2 {
			t.Fatalf("Load = %v, %v; want pts and the view v of 2 features", ls, err)
		}
	})
	t.Run("only a view: the error names it", func(t *testing.T) {
		path := viewPackage(t, map[string]string{"v": endless + ` SELECT n AS fid, (SELECT GEOM FROM pts LIMIT 1) AS geom FROM r`})
		db, _ := sql.Open("sqlite", path)
		for _, q := range []string{`DELETE FROM gpkg_contents WHERE table_name = 'pts'`, `DELETE FROM gpkg_geometry_columns WHERE table_name = 'pts'`} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		_, err := Load(context.Background(), path, data.LoadOptions{})
		if !errors.Is(err, errBudget) || !strings.Contains(err.Error(), `layer "v" is an SQL view`) {
			t.Fatalf("Load = %v, want the view's budget error", err)
		}
	})
}
