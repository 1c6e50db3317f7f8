package tiles

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// tileServer is an httptest server of fake tiles that counts requests.
type tileServer struct {
	*httptest.Server
	requests atomic.Int64
	mu       sync.Mutex
	headers  []http.Header // of each request
}

// newTileServer serves tiles through h (nil: 200 with the path as body
// and max-age one day).
func newTileServer(t *testing.T, h http.HandlerFunc) *tileServer {
	t.Helper()
	ts := &tileServer{}
	if h == nil {
		h = func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "max-age=86400")
			fmt.Fprint(w, "tile ", r.URL.Path)
		}
	}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.requests.Add(1)
		ts.mu.Lock()
		ts.headers = append(ts.headers, r.Header.Clone())
		ts.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *tileServer) template() string { return ts.URL + "/{z}/{x}/{y}.png" }

// openTest opens an online source on the server with a test cache folder.
func openTest(t *testing.T, template, dir string, o OnlineOptions) *Online {
	t.Helper()
	o.CacheDir = dir
	if o.MinBackoff == 0 {
		o.MinBackoff = 20 * time.Millisecond
	}
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	s, err := OpenOnline(template, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOnlineUserAgent(t *testing.T) {
	ts := newTileServer(t, nil)
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{Version: "1.2.3", Website: "https://example.org/campmap"})
	b, err := s.Tile(context.Background(), 3, 4, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != "tile /3/4/2.png" {
		t.Errorf("tile = %q", got)
	}
	h := ts.headers[0]
	if got, want := h.Get("User-Agent"), "campmap/1.2.3 (+https://example.org/campmap)"; got != want {
		t.Errorf("User-Agent = %q, want %q", got, want)
	}
	for _, name := range []string{"Cache-Control", "Pragma"} {
		if v := h.Get(name); v != "" {
			t.Errorf("request sends %s: %s (the OSM policy forbids no-cache headers)", name, v)
		}
	}
}

func TestOnlineRestart(t *testing.T) {
	ts := newTileServer(t, nil)
	dir := t.TempDir()
	tmpl := ts.template()
	s := openTest(t, tmpl, dir, OnlineOptions{})
	want, err := s.Tile(context.Background(), 5, 16, 10)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	ts.Close() // the server is gone: only the cache can answer

	s2 := openTest(t, tmpl, dir, OnlineOptions{})
	got, ok, err := s2.Cached(5, 16, 10)
	if !ok || err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Cached after restart = %q, %v, %v; want %q", got, ok, err, want)
	}
	got, err = s2.Tile(context.Background(), 5, 16, 10)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Tile after restart = %q, %v", got, err)
	}
	if n, size := s2.CacheStats(); n != 1 || size == 0 {
		t.Errorf("CacheStats = %d tiles, %d bytes; want 1 tile", n, size)
	}
	if e := s2.LastError(); e != nil {
		t.Errorf("LastError = %v", e)
	}
}

func TestOnlineRevalidate(t *testing.T) {
	const etag = `"v1"`
	const modified = "Tue, 01 Dec 2026 10:00:00 GMT"
	ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=600")
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		fmt.Fprint(w, "tile v1")
	})
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{})
	clock := setClock(s, time.Now())
	if _, err := s.Tile(context.Background(), 1, 0, 0); err != nil {
		t.Fatal(err)
	}
	clock.add(5 * time.Minute) // still fresh
	if _, err := s.Tile(context.Background(), 1, 0, 0); err != nil {
		t.Fatal(err)
	}
	if n := ts.requests.Load(); n != 1 {
		t.Fatalf("a fresh tile was asked for again: %d requests", n)
	}
	clock.add(10 * time.Minute) // stale: revalidated
	b, err := s.Tile(context.Background(), 1, 0, 0)
	if err != nil || string(b) != "tile v1" {
		t.Fatalf("Tile after 304 = %q, %v", b, err)
	}
	if n := ts.requests.Load(); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
	h := ts.headers[1]
	if h.Get("If-None-Match") != etag || h.Get("If-Modified-Since") != modified {
		t.Errorf("revalidation sent If-None-Match %q, If-Modified-Since %q", h.Get("If-None-Match"), h.Get("If-Modified-Since"))
	}
	clock.add(5 * time.Minute) // the 304 made it fresh again
	if _, err := s.Tile(context.Background(), 1, 0, 0); err != nil {
		t.Fatal(err)
	}
	if n := ts.requests.Load(); n != 2 {
		t.Errorf("the 304 did not refresh the tile: %d requests", n)
	}
}

func TestOnlineCachedRevalidatesInBackground(t *testing.T) {
	var version atomic.Int64
	version.Store(1)
	ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprintf(w, "v%d", version.Load())
	})
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{})
	clock := setClock(s, time.Now())
	if _, err := s.Tile(context.Background(), 2, 1, 1); err != nil {
		t.Fatal(err)
	}
	version.Store(2)
	clock.add(2 * time.Minute)
	arrived := make(chan struct{}, 1)
	s.SetNotify(func() { arrived <- struct{}{} })
	b, ok, err := s.Cached(2, 1, 1)
	if !ok || err != nil || string(b) != "v1" {
		t.Fatalf("stale Cached = %q, %v, %v; want v1 at once", b, ok, err)
	}
	waitNotify(t, arrived)
	if b, _, _ := s.Cached(2, 1, 1); string(b) != "v2" {
		t.Errorf("after revalidation Cached = %q, want v2", b)
	}
}

// testClock is a clock a test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *testClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// setClock makes s read the time from a test clock starting at t.
func setClock(s *Online, t time.Time) *testClock {
	c := &testClock{t: t}
	f := c.now
	s.clock.Store(&f)
	return c
}

func waitNotify(t *testing.T, c <-chan struct{}) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(5 * time.Second):
		t.Fatal("notify not called")
	}
}

func TestOnlineCachedFetchesAndNotifies(t *testing.T) {
	ts := newTileServer(t, nil)
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{})
	arrived := make(chan struct{}, 1)
	s.SetNotify(func() { arrived <- struct{}{} })
	if b, ok, err := s.Cached(4, 8, 5); ok || err != nil || b != nil {
		t.Fatalf("first Cached = %q, %v, %v; want nothing yet", b, ok, err)
	}
	waitNotify(t, arrived)
	b, ok, err := s.Cached(4, 8, 5)
	if !ok || err != nil || string(b) != "tile /4/8/5.png" {
		t.Fatalf("Cached after notify = %q, %v, %v", b, ok, err)
	}
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestHeaderLifetime(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	date := now.Format(http.TimeFormat)
	tests := []struct {
		name   string
		header map[string]string
		want   time.Duration
		ok     bool
	}{
		{"none", nil, 0, false},
		{"max-age", map[string]string{"Cache-Control": "public, max-age=3600"}, time.Hour, true},
		{"max-age less Age", map[string]string{"Cache-Control": "max-age=3600", "Age": "600"}, 50 * time.Minute, true},
		{"max-age beats Expires", map[string]string{"Cache-Control": "max-age=60", "Expires": now.Add(time.Hour).Format(http.TimeFormat)}, time.Minute, true},
		{"Expires less Date", map[string]string{"Date": date, "Expires": now.Add(2 * time.Hour).Format(http.TimeFormat)}, 2 * time.Hour, true},
		{"Expires in the past", map[string]string{"Date": date, "Expires": now.Add(-time.Hour).Format(http.TimeFormat)}, 0, true},
		{"invalid Expires", map[string]string{"Expires": "0"}, 0, true},
		{"no-cache", map[string]string{"Cache-Control": "no-cache"}, 0, true},
		{"bad max-age", map[string]string{"Cache-Control": "max-age=soon"}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tt.header {
				h.Set(k, v)
			}
			got, ok := headerLifetime(h, now)
			if got != tt.want || ok != tt.ok {
				t.Errorf("headerLifetime = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestOnlineExpiry(t *testing.T) {
	tests := []struct {
		name     string
		header   [2]string
		minFresh time.Duration
		fresh    time.Duration // still fresh after
		stale    time.Duration // stale after
	}{
		{"max-age", [2]string{"Cache-Control", "max-age=3600"}, 0, 59 * time.Minute, 61 * time.Minute},
		{"Expires", [2]string{"Expires", time.Now().Add(3 * time.Hour).UTC().Format(http.TimeFormat)}, 0, 2 * time.Hour, 4 * time.Hour},
		{"no headers: 7 days", [2]string{}, 0, 6 * 24 * time.Hour, 8 * 24 * time.Hour},
		{"OSM floor of 7 days over max-age", [2]string{"Cache-Control", "max-age=3600"}, OpenStreetMap.MinFresh, 6 * 24 * time.Hour, 8 * 24 * time.Hour},
		{"at least a minute", [2]string{"Cache-Control", "no-cache"}, 0, 50 * time.Second, 70 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.header[0] != "" {
					w.Header().Set(tt.header[0], tt.header[1])
				}
				fmt.Fprint(w, "tile")
			})
			s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{MinFresh: tt.minFresh})
			start := time.Now()
			clock := setClock(s, start)
			if _, err := s.Tile(context.Background(), 0, 0, 0); err != nil {
				t.Fatal(err)
			}
			clock.set(start.Add(tt.fresh))
			s.Tile(context.Background(), 0, 0, 0)
			if n := ts.requests.Load(); n != 1 {
				t.Errorf("fresh after %v: %d requests, want 1", tt.fresh, n)
			}
			clock.set(start.Add(tt.stale))
			s.Tile(context.Background(), 0, 0, 0)
			if n := ts.requests.Load(); n != 2 {
				t.Errorf("stale after %v: %d requests, want 2", tt.stale, n)
			}
		})
	}
}

func TestOnlineOffline(t *testing.T) {
	ts := newTileServer(t, nil)
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{Offline: true})
	if _, err := s.Tile(context.Background(), 1, 1, 1); !errors.Is(err, ErrNoTile) || !errors.Is(err, ErrOffline) {
		t.Errorf("offline Tile of an uncached tile: %v, want ErrNoTile and ErrOffline", err)
	}
	if _, ok, err := s.Cached(1, 1, 1); ok || !errors.Is(err, ErrOffline) {
		t.Errorf("offline Cached: %v, %v", ok, err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := ts.requests.Load(); n != 0 {
		t.Fatalf("offline source sent %d requests", n)
	}
	s.SetOffline(false)
	if _, err := s.Tile(context.Background(), 1, 1, 1); err != nil {
		t.Fatal(err)
	}
	s.SetOffline(true)
	setClock(s, time.Now().Add(30*24*time.Hour)) // long stale: still served offline
	if b, err := s.Tile(context.Background(), 1, 1, 1); err != nil || len(b) == 0 {
		t.Errorf("offline Tile of a stale cached tile = %q, %v", b, err)
	}
	if b, ok, err := s.Cached(1, 1, 1); !ok || err != nil || len(b) == 0 {
		t.Errorf("offline Cached of a stale cached tile = %q, %v, %v", b, ok, err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("%d requests, want the 1 made online", n)
	}
}

func TestOnlineNotFound(t *testing.T) {
	ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.NotFound(w, r)
	})
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{})
	for i := range 2 {
		if _, err := s.Tile(context.Background(), 3, 3, 3); !errors.Is(err, ErrNoTile) {
			t.Fatalf("Tile %d of a 404: %v, want ErrNoTile", i, err)
		}
	}
	if _, ok, err := s.Cached(3, 3, 3); ok || !errors.Is(err, ErrNoTile) {
		t.Errorf("Cached of a 404: %v, %v", ok, err)
	}
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("a 404 was asked for %d times, want once", n)
	}
	if e := s.LastError(); e != nil {
		t.Errorf("a 404 is not a failure: LastError = %v", e)
	}
	// Beyond the maximum zoom nothing is asked.
	if _, err := s.Tile(context.Background(), 20, 0, 0); !errors.Is(err, ErrNoTile) {
		t.Errorf("zoom 20: %v", err)
	}
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("zoom 20 was asked for")
	}
}

func TestOnlineServerError(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			http.Error(w, "overloaded", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, "tile")
	})
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{MinBackoff: 100 * time.Millisecond})
	_, err := s.Tile(context.Background(), 2, 2, 2)
	se, ok := errors.AsType[*StatusError](err)
	if !ok || se.Code != 500 {
		t.Fatalf("Tile of a 500: %v, want a *StatusError 500", err)
	}
	if e := s.LastError(); e == nil || e.Error() != err.Error() {
		t.Errorf("LastError = %v, want %v", e, err)
	}
	if !strings.Contains(err.Error(), "500") {
		t.Errorf("message %q does not give the status", err)
	}
	// The next request waits for the back-off.
	fail.Store(false)
	start := time.Now()
	if _, err := s.Tile(context.Background(), 2, 2, 2); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("retried after %v, before the back-off", d)
	}
	if e := s.LastError(); e != nil {
		t.Errorf("LastError after a success = %v", e)
	}
}

func TestOnlineStaleOnError(t *testing.T) {
	var fail atomic.Bool
	ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
		if fail.Load() {
			w.Header().Set("Retry-After", "120")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Cache-Control", "max-age=60")
		fmt.Fprint(w, "old tile")
	})
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{})
	clock := setClock(s, time.Now())
	if _, err := s.Tile(context.Background(), 3, 1, 1); err != nil {
		t.Fatal(err)
	}
	fail.Store(true)
	clock.add(2 * time.Minute)
	b, err := s.Tile(context.Background(), 3, 1, 1)
	if err != nil || string(b) != "old tile" {
		t.Fatalf("Tile of a stale tile on a 429 = %q, %v; want the stale tile", b, err)
	}
	if se, ok := errors.AsType[*StatusError](s.LastError()); !ok || se.Code != http.StatusTooManyRequests {
		t.Errorf("LastError = %v, want the 429", s.LastError())
	}
	s.mu.Lock()
	wait := s.retryAt.Sub(clock.now())
	s.mu.Unlock()
	if wait < 2*time.Minute {
		t.Errorf("back-off %v, want Retry-After's 2 minutes", wait)
	}
}

func TestOnlineAskerGivesUp(t *testing.T) {
	release := make(chan struct{})
	ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := s.Tile(ctx, 1, 0, 0); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Tile: %v, want the asker's deadline", err)
	}
	if e := s.LastError(); e != nil {
		t.Errorf("an asker giving up is not the server's failure: LastError = %v", e)
	}
}

func TestOnlineBackoffDoubles(t *testing.T) {
	ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{MinBackoff: time.Second, MaxBackoff: 4 * time.Second})
	clock := setClock(s, time.Now())
	var got []time.Duration
	for i := range 4 {
		s.Tile(context.Background(), 1, 0, i%2)
		s.mu.Lock()
		got = append(got, s.backoff)
		clock.set(s.retryAt) // let the next request through at once
		s.mu.Unlock()
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("back-offs %v, want %v", got, want)
	}
}

func TestOnlineTimeout(t *testing.T) {
	release := make(chan struct{})
	ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
		select { // never answers, until the test ends
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{Timeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := s.Tile(context.Background(), 1, 1, 0)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Tile took %v against a server that never answers", d)
	}
	ne, ok := errors.AsType[net.Error](err)
	if !ok || !ne.Timeout() {
		t.Errorf("Tile: %v, want a timeout", err)
	}
	if s.LastError() == nil {
		t.Error("LastError is nil after a timeout")
	}
	// Close does not wait for the server either.
	s.Cached(1, 0, 0)
	start = time.Now()
	s.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
}

func TestOnlineConnectionsPerHost(t *testing.T) {
	var active, peak atomic.Int64
	ts := newTileServer(t, func(w http.ResponseWriter, r *http.Request) {
		n := active.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
		active.Add(-1)
		fmt.Fprint(w, "tile")
	})
	s := openTest(t, ts.template(), t.TempDir(), OnlineOptions{})
	var wg sync.WaitGroup
	for i := range 8 { // blocking requests from many goroutines
		wg.Go(func() { s.Tile(context.Background(), 5, i, 0) })
	}
	var arrived atomic.Int64
	s.SetNotify(func() { arrived.Add(1) })
	for i := range 8 { // and background ones
		s.Cached(5, i, 1)
	}
	wg.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for arrived.Load() < 8 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := arrived.Load(); n != 8 {
		t.Errorf("%d background tiles arrived, want 8", n)
	}
	if p := peak.Load(); p > maxConnsPerHost || p < 1 {
		t.Errorf("%d requests at once to one host, want at most %d", p, maxConnsPerHost)
	}
	if n := ts.requests.Load(); n != 16 {
		t.Errorf("%d requests, want 16 (one per tile)", n)
	}
}

func TestOnlineTemplate(t *testing.T) {
	tests := []struct {
		name     string
		template string
		opts     OnlineOptions
		want     []string // tiles 3/1/2 and 3/2/2
	}{
		{"plain", "https://t.example/{z}/{x}/{y}.png", OnlineOptions{}, []string{"https://t.example/3/1/2.png", "https://t.example/3/2/2.png"}},
		{"subdomains", "https://{s}.t.example/{z}/{x}/{y}.png", OnlineOptions{}, []string{"https://a.t.example/3/1/2.png", "https://b.t.example/3/2/2.png"}},
		{"own subdomains", "https://{s}.t.example/{z}/{x}/{y}.png", OnlineOptions{Subdomains: []string{"x", "y"}}, []string{"https://y.t.example/3/1/2.png", "https://x.t.example/3/2/2.png"}},
		{"@2x", "https://t.example/{z}/{x}/{y}{r}.png", OnlineOptions{HiDPI: true}, []string{"https://t.example/3/1/2@2x.png", "https://t.example/3/2/2@2x.png"}},
		{"no @2x", "https://t.example/{z}/{x}/{y}{r}.png", OnlineOptions{}, []string{"https://t.example/3/1/2.png", "https://t.example/3/2/2.png"}},
		{"OSM", OpenStreetMap.Template, OnlineOptions{}, []string{"https://tile.openstreetmap.org/3/1/2.png", "https://tile.openstreetmap.org/3/2/2.png"}},
		{"HOT", Humanitarian.Template, Humanitarian.Options(OnlineOptions{}), []string{"https://a.tile.openstreetmap.fr/hot/3/1/2.png", "https://b.tile.openstreetmap.fr/hot/3/2/2.png"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t, tt.template, t.TempDir(), tt.opts)
			for i, x := range []int{1, 2} {
				if got := s.url(3, x, 2); got != tt.want[i] {
					t.Errorf("url(3, %d, 2) = %q, want %q", x, got, tt.want[i])
				}
			}
		})
	}
	for _, bad := range []string{"https://t.example/{z}/{x}.png", "ftp://t.example/{z}/{x}/{y}.png", "/tiles/{z}/{x}/{y}.png", "https://t.example/{z}/{x}/{y}.png%zz"} {
		if _, err := OpenOnline(bad, OnlineOptions{CacheDir: t.TempDir()}); !errors.Is(err, ErrTemplate) {
			t.Errorf("OpenOnline(%q) accepted a bad template", bad)
		}
	}
}

func TestPresets(t *testing.T) {
	for _, key := range []string{"osm", "hot", "OpenStreetMap Standard", "HOT"} {
		p, ok := PresetFor(key)
		if !ok {
			t.Fatalf("PresetFor(%q) found nothing", key)
		}
		s, err := p.Open(OnlineOptions{CacheDir: t.TempDir(), Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		m := s.Metadata()
		if m.Attribution != p.Attribution || !strings.Contains(m.Attribution, "OpenStreetMap contributors") || m.MaxZoom != 19 || m.Format != PNG {
			t.Errorf("%s: metadata %+v", key, m)
		}
		if p.MinFresh < 7*24*time.Hour {
			t.Errorf("%s: tiles kept only %v", key, p.MinFresh)
		}
		s.Close()
	}
	if _, ok := PresetFor("google"); ok {
		t.Error("PresetFor found an unknown preset")
	}
}

func TestDiskCacheLRU(t *testing.T) {
	dir := t.TempDir()
	tile := bytes.Repeat([]byte{'t'}, 1000)
	one := fileSize(t, tile)
	c, err := openDiskCache(dir, 3*one)
	if err != nil {
		t.Fatal(err)
	}
	m := cacheMeta{Fetched: time.Unix(1e9, 0), Expires: time.Unix(2e9, 0)}
	for _, k := range []string{"1/0/0", "1/0/1", "1/1/0"} {
		if err := c.put(k, m, tile); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, ok := c.get("1/0/0"); !ok { // now the most recently used
		t.Fatal("1/0/0 missing")
	}
	if err := c.put("1/1/1", m, tile); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"1/0/0": true, "1/0/1": false, "1/1/0": true, "1/1/1": true}
	for k, in := range want {
		if _, _, ok := c.get(k); ok != in {
			t.Errorf("after eviction %s cached = %v, want %v", k, ok, in)
		}
	}
	if n, size := c.stats(); n != 3 || size != 3*one {
		t.Errorf("stats = %d, %d; want 3, %d", n, size, 3*one)
	}
	// Reopened smaller, the cache evicts down to its new bound and keeps
	// what is left readable.
	c2, err := openDiskCache(dir, 2*one)
	if err != nil {
		t.Fatal(err)
	}
	if n, size := c2.stats(); n != 2 || size != 2*one {
		t.Errorf("reopened stats = %d, %d; want 2, %d", n, size, 2*one)
	}
	kept := 0
	for k := range want {
		if got, b, ok := c2.get(k); ok {
			kept++
			if !bytes.Equal(b, tile) || !got.Expires.Equal(m.Expires) {
				t.Errorf("%s reread as %+v, %d bytes", k, got, len(b))
			}
		}
	}
	if kept != 2 {
		t.Errorf("%d tiles readable after reopening, want 2", kept)
	}
}

func TestDiskCacheMemory(t *testing.T) {
	c, err := openDiskCache(t.TempDir(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	c.hotMax = 2500
	tile := bytes.Repeat([]byte{'t'}, 1000)
	for _, k := range []string{"3/0/0", "3/0/1", "3/0/2"} {
		if err := c.put(k, cacheMeta{ETag: k}, tile); err != nil {
			t.Fatal(err)
		}
	}
	if c.hotSize > c.hotMax || c.hot.Len() != 2 {
		t.Fatalf("%d tiles, %d bytes in memory; bound %d", c.hot.Len(), c.hotSize, c.hotMax)
	}
	// 3/0/0 left memory: read from its file, it comes back, and the least
	// recently used of the others leaves.
	m, b, ok := c.get("3/0/0")
	if !ok || m.ETag != "3/0/0" || !bytes.Equal(b, tile) {
		t.Fatalf("get from disk = %+v, %d bytes, %v", m, len(b), ok)
	}
	if e := c.index["3/0/1"].Value.(*cacheEntry); e.tile != nil {
		t.Error("3/0/1 stays in memory over the bound")
	}
	// A tile in memory is served without its file.
	os.Remove(c.path("3/0/2"))
	if _, b, ok := c.get("3/0/2"); !ok || !bytes.Equal(b, tile) {
		t.Error("a tile in memory was not served from memory")
	}
	// Eviction from disk frees the memory too.
	c.max = 0
	c.mu.Lock()
	c.evictLocked()
	c.mu.Unlock()
	if c.hot.Len() != 0 || c.hotSize != 0 {
		t.Errorf("after eviction %d tiles, %d bytes in memory", c.hot.Len(), c.hotSize)
	}
}

func TestDiskCacheDamagedFile(t *testing.T) {
	dir := t.TempDir()
	c, err := openDiskCache(dir, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.put("2/1/1", cacheMeta{}, []byte("tile")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.path("2/1/1"), []byte("CMTC\x01\xff"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = openDiskCache(dir, 1<<20) // a restart: nothing in memory
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := c.get("2/1/1"); ok {
		t.Error("a damaged file was served")
	}
	if n, _ := c.stats(); n != 0 {
		t.Errorf("a damaged file stays in the index")
	}
}

func fileSize(t *testing.T, tile []byte) int64 {
	t.Helper()
	var buf bytes.Buffer
	if err := encodeCacheFile(&buf, cacheMeta{Fetched: time.Unix(1e9, 0), Expires: time.Unix(2e9, 0)}, tile); err != nil {
		t.Fatal(err)
	}
	return int64(buf.Len())
}

func FuzzCacheFile(f *testing.F) {
	var buf bytes.Buffer
	encodeCacheFile(&buf, cacheMeta{Fetched: time.Unix(1e9, 0), Expires: time.Unix(2e9, 0), ETag: `"abc"`, Modified: "Tue, 01 Dec 2026 10:00:00 GMT"}, []byte("\x89PNG"))
	f.Add(buf.Bytes())
	f.Add([]byte("CMTC\x01\x00"))
	f.Add([]byte("CMTC\x02"))
	f.Add([]byte("CMTC\x01\x01\x07fetched\x03abc"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, tile, err := decodeCacheFile(b)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := encodeCacheFile(&out, m, tile); err != nil {
			t.Fatal(err)
		}
		m2, tile2, err := decodeCacheFile(out.Bytes())
		if err != nil || !bytes.Equal(tile, tile2) || m2.ETag != m.ETag || m2.Modified != m.Modified || !m2.Expires.Equal(m.Expires) {
			t.Fatalf("round trip: %+v %q, %v; from %+v %q", m2, tile2, err, m, tile)
		}
	})
}

func BenchmarkOnlineCachedHit(b *testing.B) {
	s, err := OpenOnline("http://127.0.0.1:1/{z}/{x}/{y}.png", OnlineOptions{CacheDir: b.TempDir(), Offline: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	tile := bytes.Repeat([]byte{'t'}, 20<<10) // a typical OSM tile
	m := cacheMeta{Fetched: time.Now(), Expires: time.Now().Add(time.Hour)}
	for x := range 64 {
		if err := s.cache.put(key(8, x, 0), m, tile); err != nil {
			b.Fatal(err)
		}
	}
	s.SetOffline(false)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, ok, _ := s.Cached(8, i%64, 0); !ok {
			b.Fatal("miss")
		}
		i++
	}
}

// BenchmarkDiskCacheOpen is the start of a source over a cache of 5,000
// tiles: the folder walked, the index and the LRU order rebuilt.
func BenchmarkDiskCacheOpen(b *testing.B) {
	dir := b.TempDir()
	c, err := openDiskCache(dir, 1<<30)
	if err != nil {
		b.Fatal(err)
	}
	tile := bytes.Repeat([]byte{'t'}, 1000)
	m := cacheMeta{Fetched: time.Now(), Expires: time.Now().Add(time.Hour)}
	for i := range 5000 {
		if err := c.put(key(12, i%100, i/100), m, tile); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		c2, err := openDiskCache(dir, 1<<30)
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := c2.stats(); n != 5000 {
			b.Fatalf("%d tiles", n)
		}
	}
}
