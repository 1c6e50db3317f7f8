package ui

import (
	"context"
	"sync"
)

// worker runs one kind of job off the UI goroutine, the newest request
// winning. It is the one way the window works off its UI goroutine: frames,
// identify, the histogram, the category counts, search, a category key
// change, a file reload, the export preview and the export itself.
//
// At most one job is in flight and one pending: a request made while a job
// runs waits as the pending one, and a later request replaces it, so a
// burst of events coalesces into at most two jobs. Each job has a context,
// derived from the worker's parent, that is cancelled when a newer request
// supersedes it, when the worker is stopped and when the parent ends (the
// window closes). A finished job's result is applied on the UI goroutine,
// in one uiQueue.finish, only if it is still the newest request and the
// worker runs: stale results are dropped.
//
// With interim set (frames), a superseded job is not cancelled and its
// result is applied as well, once, if nothing newer has been applied: an
// older frame shifted under the pointer is better than none while the newer
// one is drawn. Results never apply out of order.
//
// A panic in a job becomes an internal error (see recovered) handed to
// onPanic on the UI goroutine instead of a result.
//
// Contract: request, cancel, stop and the fields are the UI goroutine's;
// do runs on a goroutine of its own per job and must treat its input as
// immutable and return a result no one else writes; apply and onPanic run
// on the UI goroutine.
type worker[In, Out any] struct {
	q       *uiQueue
	parent  context.Context
	what    string // what the user is doing, for the error a panic becomes
	do      func(ctx context.Context, in In) Out
	apply   func(in In, out Out)
	onPanic func(err error) // nil: the panic is only logged
	interim bool

	gen     uint64             // of the newest request
	applied uint64             // of the last result applied
	running bool               // a job is in flight
	cancelF context.CancelFunc // the job in flight's
	next    *In                // the pending request, started when the job in flight ends
	stopped bool

	mu   sync.Mutex // guards live, down and done
	live int        // job goroutines that have not returned
	down bool       // stopped, as seen by the job goroutines
	// done is closed once the worker is stopped and no job goroutine is
	// left (tests wait on it).
	done chan struct{}
}

// newWorker returns a worker whose jobs run do and whose results apply
// runs. parent ends every job when it is done (the window's context, or
// context.Background for a worker stopped only by stop); what names the
// work in the sentence a user reads if do panics ("drawing the map").
func newWorker[In, Out any](parent context.Context, q *uiQueue, what string,
	do func(ctx context.Context, in In) Out, apply func(in In, out Out)) *worker[In, Out] {
	return &worker[In, Out]{q: q, parent: parent, what: what, do: do, apply: apply, done: make(chan struct{})}
}

// request asks for a job on in; it never blocks. A request after stop, or
// once the parent has ended, is ignored.
func (w *worker[In, Out]) request(in In) {
	if w.stopped || w.parent.Err() != nil {
		return
	}
	w.gen++
	if w.running {
		if w.next == nil {
			w.q.begin() // the pending request owes a result too
		}
		w.next = &in
		if !w.interim && w.cancelF != nil {
			w.cancelF() // superseded
		}
		return
	}
	w.q.begin()
	w.start(in, w.gen)
}

// cancel drops the job in flight and the pending request, if any, without
// asking for another: no result of an earlier request is applied.
func (w *worker[In, Out]) cancel() {
	w.gen++
	w.applied = w.gen // nothing to show for it
	if w.next != nil {
		w.next = nil
		w.q.abandon() // the pending request will not run
	}
	if w.cancelF != nil {
		w.cancelF()
	}
}

// stop cancels the job in flight and drops the pending request; no result
// is applied afterwards and later requests are ignored. It does not wait:
// the UI goroutine must not block on a worker (done tells when the last
// job goroutine has returned).
func (w *worker[In, Out]) stop() {
	if w.stopped {
		return
	}
	w.stopped = true
	w.cancel()
	w.mu.Lock()
	w.down = true
	if w.live == 0 {
		close(w.done)
	}
	w.mu.Unlock()
}

// settled reports whether the newest request's result has been applied and
// nothing is in flight or pending.
func (w *worker[In, Out]) settled() bool {
	return !w.running && w.next == nil && w.applied == w.gen
}

// start runs the job of request gen, whose q.begin has been called.
func (w *worker[In, Out]) start(in In, gen uint64) {
	ctx, cancel := context.WithCancel(w.parent)
	w.running, w.cancelF = true, cancel
	w.mu.Lock()
	w.live++
	w.mu.Unlock()
	go func() {
		defer w.exited()
		out, err := w.run(ctx, in)
		cancel()
		w.q.finish(func() { w.finished(in, gen, out, err) })
	}()
}

// run calls do, turning a panic into an error.
func (w *worker[In, Out]) run(ctx context.Context, in In) (out Out, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = recovered(w.what, p)
		}
	}()
	return w.do(ctx, in), nil
}

// exited counts a job goroutine out.
func (w *worker[In, Out]) exited() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.live--
	if w.down && w.live == 0 {
		close(w.done)
	}
}

// finished runs on the UI goroutine when the job of request gen is over.
func (w *worker[In, Out]) finished(in In, gen uint64, out Out, err error) {
	w.running, w.cancelF = false, nil
	live := !w.stopped && w.parent.Err() == nil
	fresh := gen == w.gen || (w.interim && gen > w.applied)
	if live && fresh && gen > w.applied {
		if err != nil {
			w.applied = gen
			if w.onPanic != nil {
				w.onPanic(err)
			}
		} else {
			w.applied = gen
			w.apply(in, out)
		}
	}
	if next := w.next; next != nil {
		w.next = nil
		if live {
			w.start(*next, w.gen)
		} else {
			w.q.abandon()
		}
	}
}
