package postgis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// testURL returns the URL of the PostGIS server that make test starts
// (scripts/postgis.sh), or skips the test when there is none.
func testURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("CAMPMAP_TEST_PG")
	if u == "" {
		if os.Getenv("CAMPMAP_REQUIRE_PG") == "1" {
			t.Fatal("CAMPMAP_REQUIRE_PG=1 but CAMPMAP_TEST_PG is not set: the PostGIS server did not start (see scripts/postgis.sh)")
		}
		t.Skip("needs the PostGIS server that make test starts (CAMPMAP_TEST_PG is not set; run make test)")
	}
	if !exclusiveHeld {
		serverLock(t, syscall.LOCK_SH)
	}
	return u
}

// exclusiveHeld is set while a test holds the server's lock exclusively
// (tests of one package run one at a time).
var exclusiveHeld bool

// serverLock takes the test server's lock file for the rest of the test:
// shared by tests that use the server (here and in other packages, which
// go test runs at the same time), exclusive by those that restart it.
func serverLock(t testing.TB, how int) {
	t.Helper()
	dir := os.Getenv("CAMPMAP_TEST_PG_DIR")
	if dir == "" {
		return
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
}

// exclusive takes the server's lock for a test that stops and starts it.
// Call it before anything else that uses the server.
func exclusive(t *testing.T) {
	t.Helper()
	exclusiveHeld = true // testURL must not take the shared lock
	t.Cleanup(func() { exclusiveHeld = false })
	testURL(t) // skips without a server
	serverLock(t, syscall.LOCK_EX)
}

// fixture is a schema of its own in the test database, dropped at the end.
type fixture struct {
	t      testing.TB
	url    string
	schema string
	admin  *pgx.Conn
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	u := testURL(t)
	ctx := context.Background()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		t.Fatalf("connect to the test server: %v", err)
	}
	var r [6]byte
	_, _ = rand.Read(r[:])
	f := &fixture{t: t, url: u, schema: "t_" + hex.EncodeToString(r[:]), admin: c}
	f.exec("CREATE SCHEMA " + ident(f.schema))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		drop := "DROP SCHEMA " + ident(f.schema) + " CASCADE"
		if _, err := f.admin.Exec(ctx, drop); err != nil {
			f.reconnect()
			if _, err := f.admin.Exec(ctx, drop); err != nil {
				t.Errorf("cleanup: %v", err)
			}
		}
		_ = f.admin.Close(ctx)
	})
	return f
}

// reconnect replaces the admin connection (after the server restarted).
func (f *fixture) reconnect() {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = f.admin.Close(ctx)
	c, err := pgx.Connect(ctx, f.url)
	if err != nil {
		f.t.Fatalf("reconnect to the test server: %v", err)
	}
	f.admin = c
}

// exec runs SQL written by the test (never user text) on the admin
// connection; args are parameters.
func (f *fixture) exec(sql string, args ...any) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := f.admin.Exec(ctx, sql, args...); err != nil {
		f.t.Fatalf("%s: %v", sql, err)
	}
}

// table returns the quoted name of table name in the fixture's schema.
func (f *fixture) table(name string) string { return pgx.Identifier{f.schema, name}.Sanitize() }

func (f *fixture) ref(name string) TableRef { return TableRef{Schema: f.schema, Name: name} }

func (f *fixture) open() *DB {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := Open(ctx, f.url)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(db.Close)
	return db
}

// withoutPassword returns the test URL without its password, and the
// password.
func withoutPassword(t testing.TB, raw string) (string, string) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	u.User = url.User(u.User.Username())
	return u.String(), pw
}

// withPassword returns the test URL with another password.
func withPassword(t testing.TB, raw, pw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), pw)
	return u.String()
}

// serverCtl stops ("pause") or starts ("resume") the test server through
// scripts/postgis.sh.
func serverCtl(t testing.TB, verb string) {
	t.Helper()
	script, dir := os.Getenv("CAMPMAP_TEST_PG_CTL"), os.Getenv("CAMPMAP_TEST_PG_DIR")
	if script == "" || dir == "" {
		t.Fatal("CAMPMAP_TEST_PG_CTL and CAMPMAP_TEST_PG_DIR are not set: run the tests through scripts/postgis.sh (make test)")
	}
	out, err := exec.Command(script, verb, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", script, verb, err, out)
	}
}

func contains(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
