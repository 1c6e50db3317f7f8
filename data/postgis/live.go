package postgis

import (
	"context"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"campmap/data"
)

// View is what the map shows, handed to a Live layer when it changes.
type View struct {
	Bound  orb.Bound // visible area, longitude/latitude
	Zoom   float64   // Web Mercator zoom
	Window data.Span // time window; data.Undated for all times
}

// Result is one fetch of a Live layer.
type Result struct {
	Seq   uint64      // increases with each result; a smaller one is stale
	View  View        // what was fetched
	Layer *data.Layer // the features; nil when Err is set
	Err   error       // why there is no layer; keep showing the last one
	// Lost is true while the connection is down (Err is a *ConnError); the
	// layer retries with backoff and a later result clears it.
	Lost bool
}

// LiveOptions tunes a Live layer; zero values take the defaults.
type LiveOptions struct {
	Interval   time.Duration // refresh period; 30 s when 0, none when < 0
	MinBackoff time.Duration // first retry after a lost connection; 1 s when 0
	MaxBackoff time.Duration // longest wait between retries; 30 s when 0
	Timeout    time.Duration // bound on one fetch; 60 s when 0
	Limit      int           // feature limit; DefaultLimit when 0
	Mode       Mode
}

// Live keeps a PostGIS layer current: it fetches when the view changes,
// when asked (Refresh) and every Interval, so that incidents colleagues add
// appear; after a lost connection it retries with exponential backoff.
// Update and Refresh may be called from any goroutine and never block; Run
// owns the fetching goroutine.
type Live struct {
	db  *DB
	src Source
	opt LiveOptions

	mu      sync.Mutex
	view    View
	hasView bool
	gen     uint64 // bumped by every Update, so a fetch of an older view is dropped
	wake    chan struct{}
}

// NewLive returns a Live layer reading src through db. Nothing is fetched
// before the first Update.
func NewLive(db *DB, src Source, opt LiveOptions) *Live {
	if opt.Interval == 0 {
		opt.Interval = 30 * time.Second
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = time.Second
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 30 * time.Second
	}
	if opt.MaxBackoff < opt.MinBackoff {
		opt.MaxBackoff = opt.MinBackoff
	}
	if opt.Timeout <= 0 {
		opt.Timeout = time.Minute
	}
	return &Live{db: db, src: src, opt: opt, wake: make(chan struct{}, 1)}
}

// Source returns what the layer reads.
func (lv *Live) Source() Source { return lv.src }

// Update sets the view to fetch; bursts of updates coalesce into one fetch.
func (lv *Live) Update(v View) {
	lv.mu.Lock()
	if lv.hasView && lv.view == v {
		lv.mu.Unlock()
		return
	}
	lv.view, lv.hasView = v, true
	lv.gen++
	lv.mu.Unlock()
	lv.poke()
}

// Refresh fetches the current view again now.
func (lv *Live) Refresh() { lv.poke() }

func (lv *Live) poke() {
	select {
	case lv.wake <- struct{}{}:
	default:
	}
}

// Run fetches until ctx is done, handing every result to deliver (from
// Run's goroutine, one at a time; deliver must not block for long). Results
// of a view replaced while they were fetched are dropped.
func (lv *Live) Run(ctx context.Context, deliver func(Result)) {
	var seq uint64
	backoff := time.Duration(0)
	var tick <-chan time.Time
	if lv.opt.Interval > 0 {
		t := time.NewTicker(lv.opt.Interval)
		defer t.Stop()
		tick = t.C
	}
	var retry <-chan time.Time
	var retryTimer *time.Timer
	defer func() {
		if retryTimer != nil {
			retryTimer.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-lv.wake:
		case <-tick:
		case <-retry:
		}
		retry = nil
		lv.mu.Lock()
		v, ok, gen := lv.view, lv.hasView, lv.gen
		lv.mu.Unlock()
		if !ok {
			continue
		}
		fctx, cancel := context.WithTimeout(ctx, lv.opt.Timeout)
		l, err := lv.db.Fetch(fctx, Query{
			Table: lv.src.Ref(), GeomCol: lv.src.GeomCol, TimeCol: lv.src.TimeCol, CatCol: lv.src.CatCol,
			View: v.Bound, Zoom: v.Zoom, Window: v.Window, Limit: lv.opt.Limit, Mode: lv.opt.Mode,
		})
		cancel()
		if ctx.Err() != nil {
			return
		}
		lv.mu.Lock()
		stale := gen != lv.gen
		lv.mu.Unlock()
		lost := IsConnError(err)
		if lost {
			if backoff == 0 {
				backoff = lv.opt.MinBackoff
			} else {
				backoff = min(2*backoff, lv.opt.MaxBackoff)
			}
			if retryTimer != nil {
				retryTimer.Stop()
			}
			retryTimer = time.NewTimer(backoff)
			retry = retryTimer.C
		} else {
			backoff = 0
		}
		if stale && !lost {
			continue // a newer view is waiting in lv.wake
		}
		seq++
		deliver(Result{Seq: seq, View: v, Layer: l, Err: err, Lost: lost})
	}
}
