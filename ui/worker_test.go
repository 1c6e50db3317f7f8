package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// testQueue is a uiQueue whose posts the test goroutine runs, as the UI
// goroutine would.
type testQueue struct {
	*uiQueue
	c chan func()
}

func newTestQueue() testQueue {
	c := make(chan func(), 64)
	return testQueue{newUIQueue(func(f func()) { c <- f }), c}
}

// settle runs posts until nothing is owed.
func (q testQueue) settle(t *testing.T) {
	t.Helper()
	for q.pending.Load() > 0 || len(q.c) > 0 {
		select {
		case f := <-q.c:
			f()
		case <-time.After(20 * time.Second):
			t.Fatalf("%d results still owed", q.pending.Load())
		}
	}
}

// gatedJobs is a job function whose calls the test releases one by one.
type gatedJobs struct {
	started chan int                // the input of each job as it starts
	release chan struct{}           // one send lets one job end
	mu      sync.Mutex              // guards ctxs
	ctxs    map[int]context.Context // each job's context, by input
}

func newGatedJobs() *gatedJobs {
	return &gatedJobs{started: make(chan int, 16), release: make(chan struct{}), ctxs: map[int]context.Context{}}
}

func (g *gatedJobs) do(ctx context.Context, in int) int {
	g.mu.Lock()
	g.ctxs[in] = ctx
	g.mu.Unlock()
	g.started <- in
	<-g.release
	return in * 10
}

func (g *gatedJobs) ctx(in int) context.Context {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.ctxs[in]
}

func TestWorkerNewestWins(t *testing.T) {
	q := newTestQueue()
	g := newGatedJobs()
	var applied []int
	w := newWorker(context.Background(), q.uiQueue, "testing", g.do, func(in, out int) { applied = append(applied, out) })
	w.request(1)
	if in := <-g.started; in != 1 {
		t.Fatalf("first job ran on %d", in)
	}
	for in := 2; in <= 9; in++ { // a burst while job 1 runs
		w.request(in)
	}
	if n := q.pending.Load(); n != 2 {
		t.Errorf("%d results owed, want 2 (one in flight, one pending)", n)
	}
	if err := g.ctx(1).Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("the superseded job's context is not cancelled: %v", err)
	}
	g.release <- struct{}{} // job 1 ends: dropped, job 9 starts
	for q.pending.Load() == 2 {
		(<-q.c)()
	}
	if in := <-g.started; in != 9 {
		t.Errorf("the pending job ran on %d, want 9, the newest", in)
	}
	g.release <- struct{}{}
	q.settle(t)
	if len(applied) != 1 || applied[0] != 90 {
		t.Errorf("applied %v, want [90]: a stale result must be dropped", applied)
	}
	if !w.settled() {
		t.Error("the worker is not settled")
	}
}

func TestWorkerInterimKeepsSupersededJobs(t *testing.T) {
	q := newTestQueue()
	g := newGatedJobs()
	var applied []int
	w := newWorker(context.Background(), q.uiQueue, "testing", g.do, func(in, out int) { applied = append(applied, out) })
	w.interim = true
	w.request(1)
	<-g.started
	w.request(2)
	w.request(3)
	if err := g.ctx(1).Err(); err != nil {
		t.Errorf("an interim job was cancelled: %v", err)
	}
	g.release <- struct{}{}
	(<-q.c)() // job 1's frame applies; job 3 starts
	<-g.started
	g.release <- struct{}{}
	q.settle(t)
	if len(applied) != 2 || applied[0] != 10 || applied[1] != 30 {
		t.Errorf("applied %v, want [10 30]", applied)
	}
}

// TestWorkerStopWithPendingSettles stops a worker with a job in flight and
// another pending: nothing stays owed (the old render loop left the
// pending request's begin unmatched), nothing is applied, and the job's
// context is cancelled.
func TestWorkerStopWithPendingSettles(t *testing.T) {
	for _, interim := range []bool{false, true} {
		q := newTestQueue()
		g := newGatedJobs()
		applied := 0
		w := newWorker(context.Background(), q.uiQueue, "testing", g.do, func(int, int) { applied++ })
		w.interim = interim
		w.request(1)
		<-g.started
		w.request(2)
		w.stop()
		if err := g.ctx(1).Err(); err == nil {
			t.Errorf("interim %v: stop did not cancel the job in flight", interim)
		}
		g.release <- struct{}{}
		q.settle(t)
		select {
		case <-w.done:
		case <-time.After(20 * time.Second):
			t.Fatalf("interim %v: the job goroutine did not end", interim)
		}
		if applied != 0 || q.pending.Load() != 0 {
			t.Errorf("interim %v: %d applied, %d owed after stop", interim, applied, q.pending.Load())
		}
		w.request(3) // after stop: ignored
		if q.pending.Load() != 0 {
			t.Errorf("interim %v: a request after stop was taken", interim)
		}
	}
}

func TestWorkerParentEndsJobs(t *testing.T) {
	q := newTestQueue()
	g := newGatedJobs()
	parent, cancel := context.WithCancel(context.Background())
	applied := 0
	w := newWorker(parent, q.uiQueue, "testing", g.do, func(int, int) { applied++ })
	w.request(1)
	<-g.started
	w.request(2)
	cancel() // the window closes
	if g.ctx(1).Err() == nil {
		t.Error("the job's context outlived its parent")
	}
	g.release <- struct{}{}
	q.settle(t)
	if applied != 0 {
		t.Errorf("%d results applied after the parent ended", applied)
	}
	w.request(3)
	if q.pending.Load() != 0 {
		t.Error("a request after the parent ended was taken")
	}
}

func TestWorkerCancelDropsTheJobInFlight(t *testing.T) {
	q := newTestQueue()
	g := newGatedJobs()
	applied := 0
	w := newWorker(context.Background(), q.uiQueue, "testing", g.do, func(int, int) { applied++ })
	w.request(1)
	<-g.started
	w.request(2)
	w.cancel()
	g.release <- struct{}{}
	q.settle(t)
	if applied != 0 || !w.settled() {
		t.Errorf("after cancel: %d applied, settled %v", applied, w.settled())
	}
}

// TestWorkerPanicIsAnInternalError makes a job panic: its result is not
// applied, onPanic gets an error saying what was being done, and the
// panic is logged once.
func TestWorkerPanicIsAnInternalError(t *testing.T) {
	logs := countLogs(t)
	q := newTestQueue()
	applied := 0
	var got error
	w := newWorker(context.Background(), q.uiQueue, "testing the worker", func(context.Context, int) int { panic("boom") },
		func(int, int) { applied++ })
	w.onPanic = func(err error) { got = err }
	w.request(1)
	q.settle(t)
	var pe *panicError
	if applied != 0 || !errors.As(got, &pe) || !strings.Contains(userMessage(got), "while testing the worker") {
		t.Errorf("applied %d, error %v", applied, got)
	}
	if *logs != 1 {
		t.Errorf("the panic was logged %d times, want once", *logs)
	}
}

// countLogs counts the panics logged until the test ends.
func countLogs(t *testing.T) *int {
	t.Helper()
	var mu sync.Mutex
	n := new(int)
	old := logf
	logf = func(string, ...any) { mu.Lock(); *n++; mu.Unlock() }
	t.Cleanup(func() { logf = old })
	return n
}
