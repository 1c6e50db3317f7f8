package postgis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		name, in, want string
		fails          bool
	}{
		{"user and password", "postgres://alice:s3cret@db.example.org:5432/incidents?sslmode=require",
			"postgres://alice@db.example.org:5432/incidents?sslmode=require", false},
		{"no password", "postgresql://alice@localhost/incidents", "postgresql://alice@localhost/incidents", false},
		{"password parameter", "postgres://alice@localhost/incidents?password=s3cret&sslmode=disable",
			"postgres://alice@localhost/incidents?sslmode=disable", false},
		{"escaped password", "postgres://alice:p%40ss%2Fw@localhost/db", "postgres://alice@localhost/db", false},
		{"keyword form", "host=localhost user=alice password=s3cret", "", true},
		{"another scheme", "mysql://alice:s3cret@localhost/db", "", true},
		{"empty", "", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Redact(tc.in)
			if tc.fails {
				if err == nil {
					t.Fatalf("no error, got %q", got)
				}
				if strings.Contains(err.Error(), "s3cret") {
					t.Errorf("the error shows the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRedactLoose(t *testing.T) {
	if got := redactLoose("postgres://alice:s3cret@bad host:x/db"); strings.Contains(got, "s3cret") {
		t.Errorf("redactLoose kept the password: %q", got)
	}
}

// TestOpenErrors checks that every failure to connect says what to do and
// never shows the password.
func TestOpenErrors(t *testing.T) {
	raw := testURL(t)
	noPW, pw := withoutPassword(t, raw)
	u, _ := url.Parse(raw)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := l.Addr().(*net.TCPAddr).Port
	l.Close()
	unreachable := *u
	unreachable.Host = fmt.Sprintf("127.0.0.1:%d", closedPort)
	noDB := *u
	noDB.Path = "/no_such_database"
	tests := []struct {
		name    string
		url     string
		env     map[string]string
		wantMsg []string
	}{
		{"wrong password", withPassword(t, raw, "wrong-"+pw), nil, []string{"refused the password", "PGPASSWORD", ".pgpass"}},
		{"no password", noPW, map[string]string{"PGPASSFILE": filepath.Join(t.TempDir(), "none")}, []string{"none was given", "PGPASSWORD", ".pgpass"}},
		{"unreachable port", unreachable.String(), nil, []string{"cannot reach the server", "host and port"}},
		{"unknown database", noDB.String(), nil, []string{`database "no_such_database" does not exist`}},
		{"not a postgres URL", "host=127.0.0.1 password=" + pw, nil, []string{"postgres://"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PGPASSWORD", "")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			db, err := Open(ctx, tc.url)
			if err == nil {
				db.Close()
				t.Fatal("no error")
			}
			if !contains(err.Error(), tc.wantMsg...) {
				t.Errorf("message %q does not say %q", err, tc.wantMsg)
			}
			if strings.Contains(err.Error(), pw) {
				t.Errorf("message shows the password: %q", err)
			}
			if tc.name != "not a postgres URL" && !IsConnError(err) {
				t.Errorf("IsConnError(%v) = false", err)
			}
		})
	}
}

func TestOpenWithoutPostGIS(t *testing.T) {
	f := newFixture(t)
	name := "nogis_" + strings.TrimPrefix(f.schema, "t_")
	f.exec("CREATE DATABASE " + ident(name))
	t.Cleanup(func() { f.exec("DROP DATABASE " + ident(name) + " WITH (FORCE)") })
	u, _ := url.Parse(f.url)
	u.Path = "/" + name
	_, err := Open(context.Background(), u.String())
	if err == nil || !strings.Contains(err.Error(), "CREATE EXTENSION postgis") {
		t.Errorf("error %v, want one naming CREATE EXTENSION postgis", err)
	}
}

func TestPasswordSources(t *testing.T) {
	raw := testURL(t)
	noPW, pw := withoutPassword(t, raw)
	u, _ := url.Parse(raw)
	pgpass := filepath.Join(t.TempDir(), "pgpass")
	line := fmt.Sprintf("%s:%s:%s:%s:%s\n", u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"), u.User.Username(), pw)
	if err := os.WriteFile(pgpass, []byte("# campmap test\notherhost:5432:*:*:nope\n"+line), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"PGPASSWORD", map[string]string{"PGPASSWORD": pw, "PGPASSFILE": filepath.Join(t.TempDir(), "none")}},
		{"pgpass file", map[string]string{"PGPASSWORD": "", "PGPASSFILE": pgpass}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			db, err := Open(context.Background(), noPW)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if strings.Contains(db.URL(), pw) || db.URL() != noPW {
				t.Errorf("URL() = %q, want %q", db.URL(), noPW)
			}
			if _, err := db.Tables(context.Background()); err != nil {
				t.Error(err)
			}
		})
	}
}

// pauseServer stops the test server and makes sure it runs again when the
// test ends.
func pauseServer(t *testing.T) (resume func()) {
	serverCtl(t, "pause")
	running := false
	resume = func() {
		if !running {
			serverCtl(t, "resume")
			running = true
		}
	}
	t.Cleanup(resume)
	return resume
}

func TestReconnectAfterRestart(t *testing.T) {
	exclusive(t)
	f := newFixture(t)
	ref := f.incidents("incidents")
	db := f.open()
	q := Query{Table: ref, GeomCol: "geom", Mode: Features, Zoom: 12}
	if l := fetch(t, db, q); l.Len() != 200 {
		t.Fatalf("%d features", l.Len())
	}
	resume := pauseServer(t)
	_, err := db.Fetch(context.Background(), q)
	if !IsConnError(err) {
		t.Fatalf("with the server stopped: %v, want a *ConnError", err)
	}
	_, err = db.Fetch(context.Background(), q)
	if !IsConnError(err) || !strings.Contains(err.Error(), "cannot reach the server") {
		t.Fatalf("second try with the server stopped: %v", err)
	}
	resume()
	if l := fetch(t, db, q); l.Len() != 200 {
		t.Fatalf("after the restart: %d features", l.Len())
	}
	f.reconnect()
}

// collector gathers the results of a Live layer.
type collector chan Result

func (c collector) next(t *testing.T, what string, ok func(Result) bool) Result {
	t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		select {
		case r := <-c:
			if ok(r) {
				return r
			}
		case <-deadline:
			t.Fatalf("no result: %s", what)
		}
	}
}

func TestLive(t *testing.T) {
	exclusive(t)
	f := newFixture(t)
	ref := f.incidents("incidents")
	db := f.open()
	lv := NewLive(db, Source{URL: db.URL(), Schema: ref.Schema, Table: ref.Name, GeomCol: "geom", TimeCol: "happened", CatCol: "kind"},
		LiveOptions{Interval: -1, MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Mode: Features})
	ctx, cancel := context.WithCancel(context.Background())
	res := make(collector, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		lv.Run(ctx, func(r Result) { res <- r })
	}()
	defer func() { cancel(); <-done }()

	view := View{Bound: orb.Bound{Min: orb.Point{0, 49}, Max: orb.Point{3, 51}}, Zoom: 12, Window: data.Undated}
	lv.Update(view)
	r := res.next(t, "first fetch", func(r Result) bool { return true })
	if r.Err != nil || r.Layer.Len() != 200 || r.View != view {
		t.Fatalf("first fetch: %v, %v", r.Err, r.View)
	}
	last := r.Seq

	t.Run("a colleague's new incident appears on refresh", func(t *testing.T) {
		f.exec(`INSERT INTO ` + f.table("incidents") + ` (geom, happened, kind) VALUES (ST_SetSRID(ST_MakePoint(1.85, 50.95), 4326), now(), 'intrusion')`)
		lv.Refresh()
		r := res.next(t, "refresh", func(r Result) bool { return true })
		if r.Err != nil || r.Layer.Len() != 201 || r.Seq <= last {
			t.Fatalf("after refresh: %v, %d features, seq %d", r.Err, r.Layer.Len(), r.Seq)
		}
		last = r.Seq
	})

	t.Run("the last view wins", func(t *testing.T) {
		var v View
		for i := range 20 {
			v = View{Bound: orb.Bound{Min: orb.Point{1.0 + float64(i)*0.05, 50}, Max: orb.Point{3, 51}}, Zoom: 12, Window: data.Undated}
			lv.Update(v)
		}
		r := res.next(t, "the last view", func(r Result) bool { return r.View == v })
		if r.Err != nil || r.Seq <= last {
			t.Fatalf("%v, seq %d after %d", r.Err, r.Seq, last)
		}
		last = r.Seq
		lv.Update(view)
		res.next(t, "back to the first view", func(r Result) bool { return r.View == view })
	})

	t.Run("a lost connection is reported and retried", func(t *testing.T) {
		resume := pauseServer(t)
		lv.Refresh()
		r := res.next(t, "lost connection", func(r Result) bool { return r.Lost })
		if r.Layer != nil || !IsConnError(r.Err) {
			t.Fatalf("lost: layer %v, err %v", r.Layer, r.Err)
		}
		var ce *ConnError
		if !errors.As(r.Err, &ce) {
			t.Fatal("not a *ConnError")
		}
		resume()
		r = res.next(t, "reconnected", func(r Result) bool { return !r.Lost })
		if r.Err != nil || r.Layer.Len() != 201 {
			t.Fatalf("after reconnecting: %v", r.Err)
		}
		f.reconnect()
	})
}

func TestRequirePG(t *testing.T) {
	if os.Getenv("CAMPMAP_REQUIRE_PG") == "1" && os.Getenv("CAMPMAP_TEST_PG") == "" {
		t.Fatal("CAMPMAP_REQUIRE_PG=1: the PostGIS tests must run, but CAMPMAP_TEST_PG is not set")
	}
}
