package project

import (
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher reports layer files changed on disk, once per burst of writes.
// It watches the files' folders, so editors that replace a file by
// renaming a new one over it are seen too. Its methods are safe for
// concurrent use; its owner must call Close, which stops its goroutine.
type Watcher struct {
	fw       *fsnotify.Watcher
	debounce time.Duration
	out      chan string
	done     chan struct{}
	wg       sync.WaitGroup
	stop     sync.Once

	mu    sync.Mutex
	files map[string]bool // cleaned absolute paths
	dirs  map[string]bool
}

// NewWatcher starts a watcher that reports a file debounce after the last
// change in a burst.
func NewWatcher(debounce time.Duration) (*Watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("project: watch files: %w", err)
	}
	w := &Watcher{fw: fw, debounce: debounce, out: make(chan string, 64), done: make(chan struct{}),
		files: map[string]bool{}, dirs: map[string]bool{}}
	w.wg.Add(1)
	go w.run()
	return w, nil
}

// Changes delivers the path of each changed file (as given to Set, made
// absolute). It is closed by Close.
func (w *Watcher) Changes() <-chan string { return w.out }

// Set replaces the watched files. Folders that cannot be watched are
// reported in the error; the others are watched anyway.
func (w *Watcher) Set(paths []string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	files := map[string]bool{}
	dirs := map[string]bool{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		files[abs] = true
		dirs[filepath.Dir(abs)] = true
	}
	var firstErr error
	for d := range w.dirs {
		if !dirs[d] {
			w.fw.Remove(d)
		}
	}
	for d := range dirs {
		if !w.dirs[d] {
			if err := w.fw.Add(d); err != nil && firstErr == nil {
				firstErr = fmt.Errorf("project: watch %s: %w", d, err)
			}
		}
	}
	w.files, w.dirs = files, dirs
	return firstErr
}

func (w *Watcher) watched(name string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.files[filepath.Clean(name)]
}

func (w *Watcher) run() {
	defer w.wg.Done()
	defer close(w.out)
	pending := map[string]time.Time{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-w.done:
			timer.Stop()
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename|fsnotify.Remove) == 0 || !w.watched(ev.Name) {
				continue
			}
			pending[filepath.Clean(ev.Name)] = time.Now().Add(w.debounce)
			timer.Reset(w.debounce)
		case <-w.fw.Errors:
			// overflow or a folder gone: nothing to report per file
		case <-timer.C:
			now := time.Now()
			next := time.Duration(-1)
			for p, at := range pending {
				if d := at.Sub(now); d > 0 {
					if next < 0 || d < next {
						next = d
					}
					continue
				}
				delete(pending, p)
				select {
				case w.out <- p:
				case <-w.done:
					return
				}
			}
			if next >= 0 {
				timer.Reset(next)
			}
		}
	}
}

// Close stops watching and waits for the watcher's goroutine to end.
// Calling it again does nothing.
func (w *Watcher) Close() error {
	var err error
	w.stop.Do(func() {
		close(w.done)
		err = w.fw.Close()
		w.wg.Wait()
	})
	return err
}
