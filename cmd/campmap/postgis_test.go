package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func TestPrepareCellsUsage(t *testing.T) {
	for _, args := range [][]string{
		{"prepare-postgis"},
		{"prepare-postgis", "postgres://x@127.0.0.1/db"},
		{"prepare-postgis", "postgres://x@127.0.0.1/db", "--table", "t"},
		{"prepare-postgis", "a", "b", "--table", "t", "--time", "at"},
	} {
		if code, _, stderr := campmap(t, args...); code != exitUsage || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, code, stderr)
		}
	}
}

// TestPrepareCells indexes a table of the test server (make test starts
// one) and says so; a missing time column is an error naming it.
func TestPrepareCells(t *testing.T) {
	u := os.Getenv("CAMPMAP_TEST_PG")
	if u == "" {
		if os.Getenv("CAMPMAP_REQUIRE_PG") == "1" {
			t.Fatal("CAMPMAP_REQUIRE_PG=1 but CAMPMAP_TEST_PG is not set")
		}
		t.Skip("needs the PostGIS server that make test starts (CAMPMAP_TEST_PG)")
	}
	if dir := os.Getenv("CAMPMAP_TEST_PG_DIR"); dir != "" { // a data/postgis test restarting the server waits
		f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o666)
		if err != nil {
			t.Fatal(err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(context.Background())
	table := fmt.Sprintf("cmd_prepare_%d", time.Now().UnixNano())
	if _, err := c.Exec(ctx, `CREATE TABLE `+table+` (id serial PRIMARY KEY, geom geometry(Point, 4326), at timestamptz, category text);
		INSERT INTO `+table+` (geom, at, category) SELECT ST_SetSRID(ST_MakePoint(1.8 + i * 0.001, 50.9), 4326), '2015-07-01'::timestamptz + i * interval '1 hour', 'c' || (i % 3) FROM generate_series(1, 200) i`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = c.Exec(context.Background(), "DROP TABLE "+table) })
	code, stdout, stderr := campmap(t, "prepare-postgis", u, "--table", "public."+table, "--time", "at", "--category", "category")
	if code != exitOK || !strings.Contains(stdout, table+"_at_campmap_cells") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	var n int
	if err := c.QueryRow(ctx, `SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexname = $2`, table, table+"_at_campmap_cells").Scan(&n); err != nil || n != 1 {
		t.Errorf("the index is not there (%d, %v)", n, err)
	}
	code, _, stderr = campmap(t, "prepare-postgis", u, "--table", table, "--time", "when")
	if code != exitFail || !strings.Contains(stderr, `"when"`) {
		t.Errorf("a missing time column: exit %d, stderr %q", code, stderr)
	}
	if pu, err := url.Parse(u); err == nil {
		if pw, ok := pu.User.Password(); ok && strings.Contains(stderr+stdout, pw) {
			t.Errorf("the password is printed: %q", stderr)
		}
	}
}
