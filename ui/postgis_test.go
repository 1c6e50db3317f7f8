package ui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"

	"campmap/data"
	"campmap/data/postgis"
	"campmap/geo"
)

// pgURL returns the URL of the PostGIS server that make test starts, or
// skips the test when there is none.
func pgURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("CAMPMAP_TEST_PG")
	if u == "" {
		if os.Getenv("CAMPMAP_REQUIRE_PG") == "1" {
			t.Fatal("CAMPMAP_REQUIRE_PG=1 but CAMPMAP_TEST_PG is not set: the PostGIS server did not start")
		}
		t.Skip("needs the PostGIS server that make test starts (CAMPMAP_TEST_PG is not set; run make test)")
	}
	return u
}

// pgProxy forwards TCP connections to the test server until cut, which
// drops every connection and refuses new ones until restore: a lost
// network, without stopping the server other packages' tests use.
type pgProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
}

func newPGProxy(t *testing.T, target string) *pgProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &pgProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			down := p.down
			if !down {
				p.conns = append(p.conns, c)
			}
			p.mu.Unlock()
			if down {
				c.Close()
				continue
			}
			go p.forward(c)
		}
	}()
	return p
}

func (p *pgProxy) forward(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns = append(p.conns, s)
	p.mu.Unlock()
	go func() { _, _ = io.Copy(s, c); s.Close() }()
	_, _ = io.Copy(c, s)
	c.Close()
}

func (p *pgProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *pgProxy) restore() {
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

// url returns the URL raw with its host and port replaced by the
// proxy's.
func (p *pgProxy) url(t *testing.T, raw string) string {
	t.Helper()
	u, err := neturl.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.ln.Addr().String()
	return u.String()
}

// pgLock holds the test server's lock (shared) for the test, so that a
// data/postgis test restarting the server waits for it.
func pgLock(t *testing.T) {
	t.Helper()
	dir := os.Getenv("CAMPMAP_TEST_PG_DIR")
	if dir == "" {
		return
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
}

// pgExec runs the test's own SQL on a short connection.
func pgExec(t *testing.T, url string, sqls ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	for _, s := range sqls {
		if _, err := c.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// waitFor runs posted work until cond holds.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.After(2 * time.Minute) // a hang, not a speed limit
	for !cond() {
		select {
		case f := <-h.queue:
			f()
		case <-deadline:
			h.t.Fatalf("still waiting for %s", what)
		}
	}
}

func TestPostGISLayer(t *testing.T) {
	url := pgURL(t)
	pgLock(t)
	var r [6]byte
	_, _ = rand.Read(r[:])
	schema := "ui_" + hex.EncodeToString(r[:])
	table := pgx.Identifier{schema, "incidents"}.Sanitize()
	// 40 incidents on a line east of Calais, one a day from 20 July 2015,
	// and 10 more near Dover
	pgExec(t, url,
		"CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize(),
		"CREATE TABLE "+table+" (id serial, geom geometry(Point, 4326), happened timestamptz, category text)",
		"INSERT INTO "+table+" (geom, happened, category) SELECT ST_SetSRID(ST_MakePoint(1.80 + i * 0.002, 50.93), 4326), "+
			"timestamptz '2015-07-20Z' + i * interval '1 day', (ARRAY['injury', 'intrusion'])[i % 2 + 1] FROM generate_series(0, 39) i",
		"INSERT INTO "+table+" (geom, happened, category) SELECT ST_SetSRID(ST_MakePoint(1.30 + i * 0.002, 51.12), 4326), "+
			"timestamptz '2015-08-01Z', 'intrusion' FROM generate_series(0, 9) i",
		"CREATE INDEX ON "+table+" USING gist (geom)",
	)
	t.Cleanup(func() { pgExec(t, url, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE") })

	h := newHarness(t, Options{}, nil)
	mw := h.mw
	mw.pg.opt = postgis.LiveOptions{Interval: -1, MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond}
	found := false
	for _, it := range mw.win.MainMenu().Items[0].Items {
		found = found || it.Label == "Add PostGIS layer…"
	}
	if !found {
		t.Error("File menu has no Add PostGIS layer… item")
	}

	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newPGProxy(t, u.Host)
	db, err := postgis.Open(context.Background(), proxy.url(t, url))
	if err != nil {
		t.Fatal(err)
	}
	calais := geo.New(orb.Point{1.84, 50.93}, 12, mw.mv.Viewport().W, mw.mv.Viewport().H)
	mw.mv.SetViewport(calais)
	id := mw.pg.add(db, postgis.Source{URL: db.URL(), Schema: schema, Table: "incidents", GeomCol: "geom", TimeCol: "happened", CatCol: "category"})
	layer := func() *data.Layer {
		e, _ := mw.entry(id)
		if e == nil {
			return nil
		}
		return e.layer
	}
	h.waitFor("the first fetch", func() bool { return layer().Len() == 40 })
	if l := layer(); l.CategoryKey() != "category" || len(l.Categories()) != 2 || l.Kind != data.KindIncident {
		t.Errorf("layer: category %q %q, kind %v", l.CategoryKey(), l.Categories(), l.Kind)
	}
	h.waitFor("the table's time extent on the timeline", func() bool {
		return mw.extent.Start == time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC).UnixMilli() &&
			mw.extent.End == time.Date(2015, 8, 28, 0, 0, 0, 0, time.UTC).UnixMilli()
	})

	t.Run("the time window is filtered on the server", func(t *testing.T) {
		mw.setWindow(data.SpanOf(time.Date(2015, 7, 20, 0, 0, 0, 0, time.UTC), time.Date(2015, 7, 29, 23, 0, 0, 0, time.UTC)))
		h.waitFor("ten days", func() bool { return layer().Len() == 10 })
		mw.setWindow(mw.extent)
		h.waitFor("the whole extent", func() bool { return layer().Len() == 40 })
	})

	t.Run("panning to Dover fetches Dover", func(t *testing.T) {
		mw.mv.SetViewport(geo.New(orb.Point{1.31, 51.12}, 12, calais.W, calais.H))
		h.waitFor("Dover's incidents", func() bool { return layer().Len() == 10 })
		mw.mv.SetViewport(calais)
		h.waitFor("Calais again", func() bool { return layer().Len() == 40 })
	})

	t.Run("a colleague's incident appears on refresh", func(t *testing.T) {
		pgExec(t, url, "INSERT INTO "+table+" (geom, happened, category) VALUES (ST_SetSRID(ST_MakePoint(1.85, 50.93), 4326), '2015-08-10Z', 'injury')")
		mw.pg.refreshAll()
		h.waitFor("41 incidents", func() bool { return layer().Len() == 41 })
	})

	t.Run("a lost connection shows the banner and keeps the data", func(t *testing.T) {
		proxy.cut()
		defer proxy.restore()
		mw.pg.refreshAll()
		h.waitFor("the banner", func() bool { return mw.pg.banner.Visible() })
		if txt := mw.pg.text.Text; !strings.Contains(txt, "connection lost") || !strings.Contains(txt, "showing the data of") {
			t.Errorf("banner says %q", txt)
		}
		if layer().Len() != 41 {
			t.Errorf("the last data was dropped: %d features", layer().Len())
		}
		proxy.restore()
		h.waitFor("the banner to go after reconnecting", func() bool { return !mw.pg.banner.Visible() })
		if layer().Len() != 41 {
			t.Errorf("after reconnecting: %d features", layer().Len())
		}
	})

	t.Run("too many features: cells and a message", func(t *testing.T) {
		mw.pg.opt.Limit = 5
		defer func() { mw.pg.opt.Limit = 0 }()
		db2, err := postgis.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		src, _ := mw.pg.source(id)
		id2 := mw.pg.add(db2, src)
		h.waitFor("the limit message", func() bool { return strings.Contains(mw.pg.text.Text, "zoom in or narrow the time window") })
		e, _ := mw.entry(id2)
		h.waitFor("cells", func() bool { return e.layer.Len() > 0 })
		if _, ok := e.layer.Prop(0, "count"); !ok {
			t.Error("over the limit, the layer should hold cells with counts")
		}
		mw.removeLayer(id2)
		if mw.pg.banner.Visible() {
			t.Error("the banner stays after the layer over the limit was removed")
		}
	})

	t.Run("a project's source opens with PGPASSWORD and shows its data", func(t *testing.T) {
		pw, _ := u.User.Password()
		t.Setenv("PGPASSWORD", pw)
		t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
		mw.mv.SetViewport(geo.New(orb.Point{26.5, 39.1}, 10, calais.W, calais.H)) // Lesbos: no data here
		src, _ := mw.pg.source(id)
		if strings.Contains(src.URL, pw) {
			t.Fatalf("source URL %q has the password", src.URL)
		}
		n := len(mw.layers)
		mw.pg.addSource(src)
		h.waitFor("the layer", func() bool { return len(mw.layers) == n+1 })
		id3 := mw.layers[n].id
		data := orb.Bound{Min: orb.Point{1.3, 50.93}, Max: orb.Point{1.878, 51.12}}
		h.waitFor("the view to move to the data", func() bool { return mw.mv.Viewport().Bound().Intersects(data) })
		h.waitFor("features", func() bool { e, _ := mw.entry(id3); return e.layer.Len() > 0 })
		mw.removeLayer(id3)
		mw.mv.SetViewport(calais)
	})

	t.Run("removing the layer stops its worker", func(t *testing.T) {
		mw.removeLayer(id)
		if len(mw.pg.layers) != 0 {
			t.Errorf("%d PostGIS layers left", len(mw.pg.layers))
		}
	})
}

func TestPostGISConnectErrors(t *testing.T) {
	tests := []struct {
		name, url, want string
	}{
		{"not a postgres URL", "host=localhost password=s3cret", "postgres://"},
		{"nothing listens", "postgres://campmap:s3cret@127.0.0.1:1/campmap", "cannot reach the server"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, Options{}, nil)
			h.mw.pg.connect(tc.url)
			h.settle()
			if !strings.Contains(h.seen.dialog, tc.want) {
				t.Errorf("dialog %q does not say %q", h.seen.dialog, tc.want)
			}
			if strings.Contains(h.seen.dialog, "s3cret") {
				t.Errorf("dialog shows the password: %q", h.seen.dialog)
			}
		})
	}
}
