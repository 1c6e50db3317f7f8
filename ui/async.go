package ui

import (
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// uiQueue hands finished work from worker goroutines back to the UI
// goroutine. In the product do is fyne.Do; tests substitute a queue they
// drain on the test goroutine, which makes every apply step deterministic
// and lets the race detector see the real ownership rules.
//
// pending counts results promised but not yet applied (begin ... finish), so
// a test can wait until the window has settled.
type uiQueue struct {
	do      func(func())
	pending atomic.Int64
}

func newUIQueue(do func(func())) *uiQueue {
	if do == nil {
		do = fyne.Do
	}
	return &uiQueue{do: do}
}

// begin promises one later finish call. Call it on the goroutine that starts
// the work, before the work can finish.
func (q *uiQueue) begin() { q.pending.Add(1) }

// finish runs f on the UI goroutine and settles one begin.
func (q *uiQueue) finish(f func()) {
	q.do(func() {
		defer q.pending.Add(-1)
		f()
	})
}

// abandon settles one begin whose work will not run (a pending request
// dropped).
func (q *uiQueue) abandon() { q.pending.Add(-1) }

// post runs f on the UI goroutine with no promise attached (progress).
func (q *uiQueue) post(f func()) { q.do(f) }

// clock makes tickers; tests inject one they step by hand.
type clock interface {
	NewTicker(d time.Duration) ticker
}

// ticker is the part of time.Ticker the player uses.
type ticker interface {
	C() <-chan time.Time
	Stop()
}

type realClock struct{}

func (realClock) NewTicker(d time.Duration) ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }
