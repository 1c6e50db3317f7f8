package tiles

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// OnlineContainer is the Container of a tile server's Source.
const OnlineContainer Container = "online"

// ErrOffline is wrapped, with ErrNoTile, by the error for a tile that is
// not in the cache while the source works offline.
var ErrOffline = errors.New("working offline and the tile is not in the cache")

// ErrTemplate is wrapped by the error of OpenOnline for a URL template it
// cannot use.
var ErrTemplate = errors.New("bad tile URL template")

// Preset is a tile server campmap knows, with what its terms ask for.
type Preset struct {
	Name        string   // for people: "OpenStreetMap Standard"
	Key         string   // for the command line: "osm"
	Template    string   // URL template (see OpenOnline)
	Subdomains  []string // for {s}
	Attribution string   // to show on the map and on exports
	MaxZoom     int
	// MinFresh is how long a tile is kept before it is asked for again,
	// whatever the server's caching headers say.
	MinFresh time.Duration
}

// The presets: OpenStreetMap's standard tiles and the Humanitarian
// OpenStreetMap Team's style hosted by OpenStreetMap France. Both ask for
// tiles to be cached at least 7 days.
var (
	OpenStreetMap = Preset{
		Name: "OpenStreetMap Standard", Key: "osm",
		Template:    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
		Attribution: "© OpenStreetMap contributors",
		MaxZoom:     19, MinFresh: 7 * 24 * time.Hour,
	}
	Humanitarian = Preset{
		Name: "Humanitarian (HOT)", Key: "hot",
		Template:    "https://{s}.tile.openstreetmap.fr/hot/{z}/{x}/{y}.png",
		Subdomains:  []string{"a", "b", "c"},
		Attribution: "© OpenStreetMap contributors, Tiles style by Humanitarian OpenStreetMap Team hosted by OpenStreetMap France",
		MaxZoom:     19, MinFresh: 7 * 24 * time.Hour,
	}
	// Presets lists the presets in menu order.
	Presets = []Preset{OpenStreetMap, Humanitarian}
)

// PresetFor returns the preset named by its Key ("osm", "hot") or its
// Name, ignoring case.
func PresetFor(name string) (Preset, bool) {
	for _, p := range Presets {
		if strings.EqualFold(name, p.Key) || strings.EqualFold(name, p.Name) {
			return p, true
		}
	}
	return Preset{}, false
}

// Options returns o with what it leaves unset taken from the preset.
func (p Preset) Options(o OnlineOptions) OnlineOptions {
	if o.Name == "" {
		o.Name = p.Name
	}
	if o.Attribution == "" {
		o.Attribution = p.Attribution
	}
	if o.MaxZoom == 0 {
		o.MaxZoom = p.MaxZoom
	}
	if o.Subdomains == nil {
		o.Subdomains = p.Subdomains
	}
	o.MinFresh = max(o.MinFresh, p.MinFresh)
	return o
}

// Open opens the preset's tiles with the options o (see OpenOnline).
func (p Preset) Open(o OnlineOptions) (*Online, error) {
	return OpenOnline(p.Template, p.Options(o))
}

// OnlineOptions configures OpenOnline. The zero value of each field is a
// sane default.
type OnlineOptions struct {
	Name        string // default: the server's host name
	Attribution string // default: none (give the server's!)
	MaxZoom     int    // default 19
	// Subdomains fill {s} in the template, chosen by the tile's position
	// so that each tile always comes from the same one; default a, b, c.
	Subdomains []string
	// HiDPI fills {r} with "@2x" and says the tiles are 512 pixels wide;
	// otherwise {r} is removed.
	HiDPI bool

	// CacheDir is the folder of the disk cache; each template gets its own
	// folder inside it. Default: DefaultCacheDir().
	CacheDir string
	// CacheBytes bounds the disk cache of this template; the least
	// recently used tiles are removed beyond it. Default 512 MiB.
	CacheBytes int64
	// MinFresh is the least time a tile is used before it is revalidated,
	// whatever the server says (at least one minute).
	MinFresh time.Duration
	// Offline serves only what the cache holds (see also SetOffline).
	Offline bool

	// Version and Website name campmap in the User-Agent, as tile
	// servers' usage policies ask: "campmap/0.1.0 (+https://...)".
	Version string
	Website string

	// Timeout bounds each request, from connecting to the last byte.
	// Default 20 s.
	Timeout time.Duration
	// NoTileFor is how long a tile the server does not have (404) is
	// not asked for again. Default one hour.
	NoTileFor time.Duration
	// MinBackoff and MaxBackoff bound the pause after a failure, doubled
	// at each failure in a row. Defaults 1 s and 5 min.
	MinBackoff, MaxBackoff time.Duration
	// Transport carries the requests; default a transport with at most
	// two connections per host and the environment's proxy.
	Transport http.RoundTripper
}

// maxConnsPerHost is the most requests in flight to one host, as the
// OpenStreetMap tile usage policy asks.
const maxConnsPerHost = 2

// maxQueued bounds the tiles waiting to be fetched; the oldest requests,
// for views left behind, are dropped first.
const maxQueued = 256

// maxTileBytes bounds the size of one downloaded tile.
const maxTileBytes = 8 << 20

// DefaultCacheDir returns the default disk cache folder,
// campmap/tiles in the user's cache directory.
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("tiles: no cache folder (give one): %w", err)
	}
	return filepath.Join(d, "campmap", "tiles"), nil
}

// Online is a tile server behind a disk cache (the most recently used
// 16 MiB of it also in memory): an Async source. Tiles come from the cache
// while fresh, are revalidated (ETag, If-Modified-Since)
// when stale, and only the tiles asked for are fetched, newest request
// first, by a few workers with at most two connections per host, a timeout
// on each request and exponential back-off after failures.
//
// Its methods are safe for concurrent use, except Close (see Source).
// Workers started by OpenOnline stop at Close.
type Online struct {
	tmpl   string
	opts   OnlineOptions
	meta   Metadata
	ua     string
	client *http.Client
	cache  *diskCache
	clock  atomic.Pointer[func() time.Time] // nil: time.Now; tests move it

	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	wake    chan struct{}
	offline atomic.Bool

	mu       sync.Mutex
	notify   func()
	queue    []string        // keys wanted, newest last
	queued   map[string]bool // keys in queue
	inflight map[string]*call
	missing  map[string]time.Time // 404s, until when they are believed
	hosts    map[string]chan struct{}
	lastErr  error
	backoff  time.Duration
	retryAt  time.Time
}

// call is one fetch of a tile that later askers wait for.
type call struct {
	done chan struct{}
	b    []byte
	err  error
}

var _ Async = (*Online)(nil)

// OpenOnline returns the tiles of a server given by a URL template:
// {z}, {x} and {y} are the tile's zoom, column and row (XYZ, y = 0 at the
// north), {s} a subdomain, {r} "@2x" for high-density tiles or nothing.
// The tile format is read from the template's extension (.png, .jpg,
// .webp, .pbf, .mvt; PNG otherwise). It opens the disk cache (see
// OnlineOptions) but asks the server for nothing until a tile is wanted.
func OpenOnline(template string, o OnlineOptions) (*Online, error) {
	if o.MaxZoom <= 0 || o.MaxZoom > maxZoom {
		o.MaxZoom = 19
	}
	if len(o.Subdomains) == 0 {
		o.Subdomains = []string{"a", "b", "c"}
	}
	if o.CacheBytes <= 0 {
		o.CacheBytes = 512 << 20
	}
	o.MinFresh = max(o.MinFresh, time.Minute)
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.NoTileFor <= 0 {
		o.NoTileFor = time.Hour
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = time.Second
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(5*time.Minute, o.MinBackoff)
	}
	u, err := checkTemplate(template, o.Subdomains[0])
	if err != nil {
		return nil, err
	}
	if o.Name == "" {
		o.Name = u.Host
	}
	base := o.CacheDir
	if base == "" {
		if base, err = DefaultCacheDir(); err != nil {
			return nil, err
		}
	}
	dir := filepath.Join(base, cacheFolder(template, u, o.HiDPI))
	cache, err := openDiskCache(dir, o.CacheBytes)
	if err != nil {
		return nil, err
	}
	if err := writeSourceNote(dir, template); err != nil {
		return nil, err
	}
	tr := o.Transport
	if tr == nil {
		tr = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxConnsPerHost:       maxConnsPerHost,
			MaxIdleConnsPerHost:   maxConnsPerHost,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: o.Timeout,
			ForceAttemptHTTP2:     true,
		}
	}
	format := formatOfTemplate(u.Path)
	size := 256
	if format.Vector() {
		size = 0
	} else if o.HiDPI && strings.Contains(template, "{r}") {
		size = 512
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Online{
		tmpl: template, opts: o,
		meta: Metadata{
			Container: OnlineContainer, Name: o.Name, Attribution: o.Attribution,
			Format: format, TileSize: size, Bounds: World, MinZoom: 0, MaxZoom: o.MaxZoom,
		},
		ua:     userAgent(o.Version, o.Website),
		client: &http.Client{Transport: tr, Timeout: o.Timeout},
		cache:  cache,
		ctx:    ctx, cancel: cancel, wake: make(chan struct{}, 1),
		queued: map[string]bool{}, inflight: map[string]*call{},
		missing: map[string]time.Time{}, hosts: map[string]chan struct{}{},
	}
	s.offline.Store(o.Offline)
	workers := maxConnsPerHost
	if strings.Contains(template, "{s}") {
		workers *= min(len(o.Subdomains), 3)
	}
	for range workers {
		s.wg.Add(1)
		go s.work()
	}
	return s, nil
}

// checkTemplate parses a URL template, with sub for {s}, and says what is
// wrong with it.
func checkTemplate(t, sub string) (*url.URL, error) {
	for _, p := range []string{"{z}", "{x}", "{y}"} {
		if !strings.Contains(t, p) {
			return nil, fmt.Errorf("tiles: %w %q: no %s (a template looks like https://tile.example.org/{z}/{x}/{y}.png)", ErrTemplate, t, p)
		}
	}
	u, err := url.Parse(strings.NewReplacer("{s}", sub, "{z}", "0", "{x}", "0", "{y}", "0", "{r}", "").Replace(t))
	if err != nil {
		return nil, fmt.Errorf("tiles: %w %q: %w", ErrTemplate, t, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("tiles: %w %q: not an http or https address", ErrTemplate, t)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("tiles: %w %q: no host", ErrTemplate, t)
	}
	return u, nil
}

// formatOfTemplate reads the tile format from the extension of the path.
func formatOfTemplate(p string) Format {
	switch strings.ToLower(path.Ext(p)) {
	case ".jpg", ".jpeg":
		return JPEG
	case ".webp":
		return WebP
	case ".pbf", ".mvt":
		return MVT
	}
	return PNG
}

// cacheFolder names the cache folder of a template: its host and a hash,
// so that two templates on one host (or @2x and not) never mix.
func cacheFolder(t string, u *url.URL, hidpi bool) string {
	key := t
	if hidpi {
		key += " hidpi"
	}
	h := sha256.Sum256([]byte(key))
	host := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, u.Host)
	return host + "-" + hex.EncodeToString(h[:6])
}

// writeSourceNote leaves the template in the cache folder for people who
// look into it.
func writeSourceNote(dir, t string) error {
	p := filepath.Join(dir, "source.txt")
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.WriteFile(p, []byte(t+"\n"), 0o644); err != nil {
		return fmt.Errorf("tiles: tile cache %s: %w", dir, err)
	}
	return nil
}

// userAgent names campmap, its version and its website.
func userAgent(version, website string) string {
	if version == "" {
		version = "dev"
	}
	ua := "campmap/" + version
	if website != "" {
		ua += " (+" + website + ")"
	}
	return ua
}

// now returns the time, from the test clock if one is set.
func (s *Online) now() time.Time {
	if f := s.clock.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// UserAgent returns the User-Agent the source sends.
func (s *Online) UserAgent() string { return s.ua }

// Metadata describes the server's tiles: the world, zooms 0 to MaxZoom.
func (s *Online) Metadata() Metadata { return s.meta }

// SetNotify sets the function called, on a worker goroutine, after tiles
// asked for by Cached have arrived; nil calls nothing. It must return soon.
func (s *Online) SetNotify(f func()) {
	s.mu.Lock()
	s.notify = f
	s.mu.Unlock()
}

// SetOffline switches the source to serving only its cache (true) or
// back to the server (false).
func (s *Online) SetOffline(off bool) { s.offline.Store(off) }

// Offline reports whether the source serves only its cache.
func (s *Online) Offline() bool { return s.offline.Load() }

// LastError returns the last failure to fetch a tile (a network error, a
// timeout, an HTTP status other than 200, 304 and 404), or nil when a
// request has succeeded since. It is meant for one quiet line in a status
// bar; the map goes on drawing what the cache holds.
func (s *Online) LastError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

// CacheStats returns the number of tiles in the disk cache and their size
// in bytes.
func (s *Online) CacheStats() (tiles int, bytes int64) { return s.cache.stats() }

// Close stops the workers and waits for them. The cache stays on disk.
func (s *Online) Close() error {
	s.cancel()
	s.wg.Wait()
	s.client.CloseIdleConnections()
	return nil
}

// key returns the cache key of a tile.
func key(z, x, y int) string { return fmt.Sprintf("%d/%d/%d", z, x, y) }

// url returns the address of a tile.
func (s *Online) url(z, x, y int) string {
	sub := s.opts.Subdomains[(x+y)%len(s.opts.Subdomains)]
	r := ""
	if s.opts.HiDPI {
		r = "@2x"
	}
	return strings.NewReplacer(
		"{z}", strconv.Itoa(z), "{x}", strconv.Itoa(x), "{y}", strconv.Itoa(y),
		"{s}", sub, "{r}", r,
	).Replace(s.tmpl)
}

// err returns the error of one tile.
func (s *Online) err(z, x, y int, err error) error {
	return fmt.Errorf("tiles: %s: tile %d/%d/%d: %w", s.opts.Name, z, x, y, err)
}

// fresh reports whether a cached tile may be used without asking.
func (s *Online) fresh(m cacheMeta) bool { return s.now().Before(m.Expires) }

// Cached returns the tile at z/x/y when the disk cache holds it, without
// waiting: a stale tile is returned and revalidated in the background; a
// missing one gives ok false and is fetched in the background (then the
// notify function is called). The error wraps ErrNoTile for a tile the
// server does not have or, offline, one the cache does not hold (then it
// also wraps ErrOffline); other failures go to LastError. The bytes are
// shared with the cache's memory: they must not be modified.
func (s *Online) Cached(z, x, y int) ([]byte, bool, error) {
	if !validXYZ(z, x, y) || z > s.meta.MaxZoom {
		return nil, false, s.err(z, x, y, ErrNoTile)
	}
	k := key(z, x, y)
	m, b, ok := s.cache.get(k)
	off := s.offline.Load()
	if ok {
		if !off && !s.fresh(m) {
			s.request(k)
		}
		return b, true, nil
	}
	if off {
		return nil, false, s.err(z, x, y, fmt.Errorf("%w: %w", ErrNoTile, ErrOffline))
	}
	if s.isMissing(k) {
		return nil, false, s.err(z, x, y, ErrNoTile)
	}
	s.request(k)
	return nil, false, nil
}

// Tile returns the tile at z/x/y, from the cache when fresh (or offline),
// else from the server, waiting for it (and for a back-off to pass) as
// long as ctx allows. A stale cached tile is returned when the server
// fails or is in back-off; the failure goes to LastError. The bytes are
// shared with the cache's memory: they must not be modified.
func (s *Online) Tile(ctx context.Context, z, x, y int) ([]byte, error) {
	if !validXYZ(z, x, y) || z > s.meta.MaxZoom {
		return nil, s.err(z, x, y, ErrNoTile)
	}
	k := key(z, x, y)
	m, b, ok := s.cache.get(k)
	if ok && (s.fresh(m) || s.offline.Load()) {
		return b, nil
	}
	if s.offline.Load() {
		return nil, s.err(z, x, y, fmt.Errorf("%w: %w", ErrNoTile, ErrOffline))
	}
	if s.isMissing(k) {
		return nil, s.err(z, x, y, ErrNoTile)
	}
	for {
		s.mu.Lock()
		wait := s.retryAt.Sub(s.now())
		s.mu.Unlock()
		if wait <= 0 {
			break
		}
		if ok {
			return b, nil // the server is failing: the stale tile will do
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, s.err(z, x, y, ctx.Err())
		case <-t.C:
		}
	}
	return s.once(ctx, z, x, y)
}

// isMissing reports whether the server said lately it has no tile k.
func (s *Online) isMissing(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	until, ok := s.missing[k]
	if ok && s.now().After(until) {
		delete(s.missing, k)
		return false
	}
	return ok
}

// request queues tile k for a worker, unless it is queued, being fetched
// or known to be missing.
func (s *Online) request(k string) {
	s.mu.Lock()
	if s.queued[k] || s.inflight[k] != nil {
		s.mu.Unlock()
		return
	}
	if until, ok := s.missing[k]; ok && s.now().Before(until) {
		s.mu.Unlock()
		return
	}
	if len(s.queue) >= maxQueued {
		delete(s.queued, s.queue[0])
		s.queue = s.queue[1:]
	}
	s.queue = append(s.queue, k)
	s.queued[k] = true
	s.mu.Unlock()
	s.signal()
}

// signal wakes one waiting worker.
func (s *Online) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// work fetches queued tiles, newest first, until Close.
func (s *Online) work() {
	defer s.wg.Done()
	for {
		k, ok := s.next()
		if !ok {
			return
		}
		var z, x, y int
		fmt.Sscanf(k, "%d/%d/%d", &z, &x, &y)
		b, err := s.once(s.ctx, z, x, y)
		if err == nil && b != nil {
			s.mu.Lock()
			f := s.notify
			s.mu.Unlock()
			if f != nil {
				f()
			}
		}
	}
}

// next returns the newest queued key once no back-off holds, or false at
// Close.
func (s *Online) next() (string, bool) {
	for {
		var wait time.Duration
		s.mu.Lock()
		if w := s.retryAt.Sub(s.now()); w > 0 {
			wait = w
		} else if n := len(s.queue); n > 0 {
			k := s.queue[n-1]
			s.queue = s.queue[:n-1]
			delete(s.queued, k)
			more := n > 1
			s.mu.Unlock()
			if more {
				s.signal()
			}
			return k, true
		}
		s.mu.Unlock()
		var timer *time.Timer
		var fire <-chan time.Time
		if wait > 0 {
			timer = time.NewTimer(wait)
			fire = timer.C
		}
		select {
		case <-s.ctx.Done():
			return "", false
		case <-s.wake:
		case <-fire:
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// once fetches tile z/x/y, or waits for the fetch already under way.
func (s *Online) once(ctx context.Context, z, x, y int) ([]byte, error) {
	k := key(z, x, y)
	s.mu.Lock()
	if c := s.inflight[k]; c != nil {
		s.mu.Unlock()
		select {
		case <-c.done:
			return c.b, c.err
		case <-ctx.Done():
			return nil, s.err(z, x, y, ctx.Err())
		}
	}
	c := &call{done: make(chan struct{})}
	s.inflight[k] = c
	s.mu.Unlock()
	c.b, c.err = s.fetch(ctx, z, x, y)
	s.mu.Lock()
	delete(s.inflight, k)
	s.mu.Unlock()
	close(c.done)
	return c.b, c.err
}

// StatusError is an HTTP answer other than 200, 304 or 404.
type StatusError struct {
	Code   int    // 500
	Status string // "500 Internal Server Error"
}

func (e *StatusError) Error() string { return "the server answered " + e.Status }

// fetch asks the server for tile z/x/y, revalidating a cached copy, and
// stores the answer.
func (s *Online) fetch(ctx context.Context, z, x, y int) ([]byte, error) {
	k := key(z, x, y)
	m, old, have := s.cache.get(k)
	if have && s.fresh(m) {
		return old, nil // refreshed while this request waited
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url(z, x, y), nil)
	if err != nil {
		return nil, s.err(z, x, y, err)
	}
	sem := s.hostSem(req.URL.Host)
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return nil, s.err(z, x, y, ctx.Err())
	}
	defer func() { <-sem }()
	req.Header.Set("User-Agent", s.ua)
	req.Header.Set("Accept", "image/png,image/jpeg,image/webp,image/*;q=0.8,application/x-protobuf;q=0.5,*/*;q=0.1")
	if have {
		if m.ETag != "" {
			req.Header.Set("If-None-Match", m.ETag)
		}
		if m.Modified != "" {
			req.Header.Set("If-Modified-Since", m.Modified)
		}
	}
	resp, err := s.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			// The asker gave up, or the source is closing: not a failure
			// of the server.
			if have {
				return old, nil
			}
			return nil, s.err(z, x, y, ctx.Err())
		}
		return s.failed(z, x, y, old, have, err, 0)
	}
	defer resp.Body.Close()
	now := s.now()
	switch resp.StatusCode {
	case http.StatusOK:
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxTileBytes+1))
		if err != nil {
			return s.failed(z, x, y, old, have, err, 0)
		}
		if len(body) > maxTileBytes {
			return s.failed(z, x, y, old, have, fmt.Errorf("tile larger than %d MiB", maxTileBytes>>20), 0)
		}
		if len(body) == 0 {
			s.noTile(k, now)
			return nil, s.err(z, x, y, ErrNoTile)
		}
		nm := cacheMeta{Fetched: now, Expires: now.Add(s.lifetime(resp.Header, now)),
			ETag: resp.Header.Get("ETag"), Modified: resp.Header.Get("Last-Modified")}
		err = s.cache.put(k, nm, body)
		s.succeeded(err)
		return body, nil
	case http.StatusNotModified:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		if !have {
			return s.failed(z, x, y, nil, false, errors.New("the server answered 304 Not Modified to a request for a new tile"), 0)
		}
		m.Fetched, m.Expires = now, now.Add(s.lifetime(resp.Header, now))
		if e := resp.Header.Get("ETag"); e != "" {
			m.ETag = e
		}
		if lm := resp.Header.Get("Last-Modified"); lm != "" {
			m.Modified = lm
		}
		s.succeeded(s.cache.put(k, m, old))
		return old, nil
	case http.StatusNotFound, http.StatusGone, http.StatusNoContent:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		s.noTile(k, now)
		s.succeeded(nil)
		return nil, s.err(z, x, y, ErrNoTile)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	var after time.Duration
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		if sec, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && sec > 0 {
			after = time.Duration(sec) * time.Second
		}
	}
	return s.failed(z, x, y, old, have, &StatusError{Code: resp.StatusCode, Status: resp.Status}, after)
}

// hostSem returns the semaphore bounding the requests to one host.
func (s *Online) hostSem(host string) chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	sem := s.hosts[host]
	if sem == nil {
		sem = make(chan struct{}, maxConnsPerHost)
		s.hosts[host] = sem
	}
	return sem
}

// noTile remembers that the server has no tile k.
func (s *Online) noTile(k string, now time.Time) {
	s.mu.Lock()
	s.missing[k] = now.Add(s.opts.NoTileFor)
	s.mu.Unlock()
}

// succeeded clears the failure state after an answer from the server;
// err is a failure to store it.
func (s *Online) succeeded(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.backoff, s.retryAt = 0, time.Time{}
	s.lastErr = err
}

// failed records a failure, doubles the back-off (at least after), and
// returns the stale tile if there is one, else the error.
func (s *Online) failed(z, x, y int, old []byte, have bool, err error, after time.Duration) ([]byte, error) {
	err = s.err(z, x, y, err)
	s.mu.Lock()
	s.backoff = min(max(2*s.backoff, s.opts.MinBackoff), s.opts.MaxBackoff)
	s.retryAt = s.now().Add(max(s.backoff, after))
	s.lastErr = err
	s.mu.Unlock()
	if have {
		return old, nil
	}
	return nil, err
}

// lifetime returns how long an answer stays fresh: Cache-Control max-age
// (less Age) or Expires (less Date), 7 days when neither is given, and
// never less than MinFresh.
func (s *Online) lifetime(h http.Header, now time.Time) time.Duration {
	d, ok := headerLifetime(h, now)
	if !ok {
		d = 7 * 24 * time.Hour
	}
	return max(d, s.opts.MinFresh)
}

// headerLifetime reads the freshness lifetime of an HTTP answer; ok is
// false when the headers give none.
func headerLifetime(h http.Header, now time.Time) (time.Duration, bool) {
	for _, cc := range h.Values("Cache-Control") {
		for d := range strings.SplitSeq(cc, ",") {
			d = strings.ToLower(strings.TrimSpace(d))
			if d == "no-store" || d == "no-cache" {
				return 0, true
			}
			if v, ok := strings.CutPrefix(d, "max-age="); ok {
				sec, err := strconv.ParseInt(strings.Trim(v, `"`), 10, 64)
				if err != nil || sec < 0 {
					continue
				}
				age, _ := strconv.ParseInt(h.Get("Age"), 10, 64)
				return time.Duration(max(sec-max(age, 0), 0)) * time.Second, true
			}
		}
	}
	if e := h.Get("Expires"); e != "" {
		t, err := http.ParseTime(e)
		if err != nil {
			return 0, true // an invalid Expires means already expired
		}
		date := now
		if d, err := http.ParseTime(h.Get("Date")); err == nil {
			date = d
		}
		return max(t.Sub(date), 0), true
	}
	return 0, false
}
