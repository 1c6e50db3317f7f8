package export

import (
	"sync"

	"campmap/render"
)

// Hasher hashes input files in the background while the caller loads and
// draws them, so that the manifest's hashes cost no time on the critical
// path. Start it as soon as the file list is known; Describe (through
// DescribeHashed) then waits for each hash it needs. The Input of a path
// is the one HashFile returns, so manifests are byte for byte the same.
// A Hasher is safe for concurrent use; its goroutine ends by itself once
// the files given to Start are hashed.
type Hasher struct {
	mu   sync.Mutex
	jobs map[string]*hashJob
}

type hashJob struct {
	done chan struct{}
	in   Input
	err  error
}

// NewHasher returns a Hasher with nothing started.
func NewHasher() *Hasher { return &Hasher{jobs: map[string]*hashJob{}} }

// Start hashes paths one after the other on a goroutine of its own
// (paths already started, and "", are skipped). It returns at once.
func (h *Hasher) Start(paths ...string) {
	if h == nil {
		return
	}
	var todo []string
	var jobs []*hashJob
	h.mu.Lock()
	for _, p := range paths {
		if _, ok := h.jobs[p]; ok || p == "" {
			continue
		}
		j := &hashJob{done: make(chan struct{})}
		h.jobs[p] = j
		todo, jobs = append(todo, p), append(jobs, j)
	}
	h.mu.Unlock()
	if len(todo) == 0 {
		return
	}
	go func() {
		for i, p := range todo {
			jobs[i].in, jobs[i].err = HashFile(p)
			close(jobs[i].done)
		}
	}()
}

// HashFile returns the Input of path (see the package's HashFile): the
// background result when Start was given path, waiting for it if need
// be, else hashed now. A nil Hasher hashes now.
func (h *Hasher) HashFile(path string) (Input, error) {
	if h == nil {
		return HashFile(path)
	}
	h.mu.Lock()
	j, ok := h.jobs[path]
	h.mu.Unlock()
	if !ok {
		return HashFile(path)
	}
	<-j.done
	return j.in, j.err
}

// DescribeHashed is Describe taking the hashes of files from h (nil: hash
// them now).
func DescribeHashed(sc *render.Scene, version string, h *Hasher) (Manifest, error) {
	return describe(sc, version, h)
}
