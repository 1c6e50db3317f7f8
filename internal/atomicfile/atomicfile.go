// Package atomicfile writes files so that a reader, a crash or a full disk
// never sees half of one: the content goes to a temporary file in the same
// folder, is synced, and is renamed over the target only when complete.
//
// Temporary files are named ".NAME.campmap-tmp-XXXXXX" (with SQLite's
// "-journal", "-wal" and "-shm" beside those of a database), so that what a
// killed save left can be told from the user's own files: a save into a
// folder removes those no running save holds (see Sweep).
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrReadOnly is wrapped by Write's error for a target its owner may not
// write: campmap does not replace a file someone protected.
var ErrReadOnly = errors.New("the file is read-only")

// tempMark is in every temporary file name this package makes.
const tempMark = ".campmap-tmp-"

// saving holds the temporary files of this process's saves in progress,
// which Sweep does not even open (closing a file another part of the
// process has open would drop SQLite's locks on it).
var saving sync.Map

// swept holds when this process last swept each folder: a tile cache
// writes thousands of files into one, and sweeping once in a while finds
// what another campmap, killed meanwhile, left.
var swept sync.Map

// sweepEvery is how often a folder written again is swept again.
const sweepEvery = 10 * time.Minute

// sweepNow sweeps dir unless this process did in the last sweepEvery.
func sweepNow(dir string) {
	now := time.Now()
	key := filepath.Clean(dir)
	if last, ok := swept.Load(key); ok && now.Sub(last.(time.Time)) < sweepEvery {
		return
	}
	swept.Store(key, now)
	Sweep(dir)
}

// sqliteSides are the files SQLite keeps beside a database while it writes.
var sqliteSides = []string{"-journal", "-wal", "-shm"}

// Write creates or replaces path with what fill writes. On any error (from
// fill, the disk or the rename) the previous file, if any, is left as it was
// and no temporary file remains.
//
// A file replaced keeps its permissions (a 0600 export stays private); a
// new one gets perm less the umask, as any program's would. A symbolic
// link is written through: the file it points to is replaced and the link
// stays. A target its owner may not write is refused (ErrReadOnly), and
// so is anything but a regular file. Temporary files that earlier saves
// into the folder left behind are removed first (Sweep).
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) error {
	return replace(path, perm, func(tmp *os.File) error {
		bw := bufio.NewWriterSize(tmp, 1<<16)
		if err := fill(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// WritePath is Write for writers that need a file name rather than a
// stream (SQLite): write gets the temporary file's path, an empty file it
// may open, fill and close; its SQLite side files are removed on failure.
func WritePath(path string, perm os.FileMode, write func(tmp string) error) error {
	return replace(path, perm, func(tmp *os.File) error { return write(tmp.Name()) })
}

func replace(path string, perm os.FileMode, fill func(tmp *os.File) error) (err error) {
	path, err = throughLinks(path)
	if err != nil {
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	mode, chmod := perm, false
	if fi, serr := os.Stat(path); serr == nil {
		switch {
		case !fi.Mode().IsRegular():
			return fmt.Errorf("atomicfile: write %s: not a regular file", path)
		case fi.Mode().Perm()&0o200 == 0:
			return fmt.Errorf("atomicfile: write %s: %w: make it writable or choose another name", path, ErrReadOnly)
		}
		mode, chmod = fi.Mode().Perm(), true
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	sweepNow(dir)
	tmp, err := createTemp(dir, base, mode)
	if err != nil {
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			removeTemp(name)
		}
		saving.Delete(name)
	}()
	if err = fill(tmp); err != nil {
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	if chmod {
		if err = tmp.Chmod(mode); err != nil {
			return fmt.Errorf("atomicfile: write %s: %w", path, err)
		}
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("atomicfile: sync %s: %w", path, err)
	}
	if err = os.Rename(name, path); err != nil {
		return fmt.Errorf("atomicfile: replace %s: %w", path, err)
	}
	// closed after the rename: the lock held it as a save in progress
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("atomicfile: close %s: %w", path, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // make the rename durable; best effort on filesystems that refuse
		d.Close()
	}
	return nil
}

// throughLinks follows path's symbolic links, even one to a file that
// does not exist yet (which the write creates), and returns the file they
// lead to.
func throughLinks(path string) (string, error) {
	for range 40 {
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return path, nil
		}
		to, err := os.Readlink(path)
		if err != nil {
			return path, err
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return path, errors.New("too many symbolic links")
}

// createTemp creates a new temporary file beside base in dir with mode
// perm (less the umask, as the kernel applies it), locked as a save in
// progress.
func createTemp(dir, base string, perm os.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, "."+base+tempMark+strconv.FormatUint(uint64(rand.Uint32()), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		lock(f)
		saving.Store(name, true)
		return f, nil
	}
	return nil, errors.New("cannot create a temporary file")
}

// removeTemp removes a temporary file and its SQLite side files.
func removeTemp(name string) {
	os.Remove(name)
	for _, s := range sqliteSides {
		os.Remove(name + s)
	}
}

// IsTemp reports whether name (a file's base name) is one of the temporary
// files Write and WritePath make, or a SQLite side file of one:
// ".NAME.campmap-tmp-XXXXXX", optionally followed by "-journal", "-wal" or
// "-shm". A user's own ".tmp" files are not.
func IsTemp(name string) bool {
	_, ok := tempOf(name)
	return ok
}

// tempOf returns the temporary file name is, or is a SQLite side file of.
func tempOf(name string) (string, bool) {
	for _, s := range sqliteSides {
		if t, ok := strings.CutSuffix(name, s); ok {
			name = t
			break
		}
	}
	i := strings.LastIndex(name, tempMark)
	if i < 2 || name[0] != '.' {
		return "", false
	}
	suffix := name[i+len(tempMark):]
	if suffix == "" || len(suffix) > 13 {
		return "", false
	}
	for _, c := range suffix {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return "", false
		}
	}
	return name, true
}

// Sweep removes from dir the temporary files of saves that did not finish
// (campmap was killed, or the machine stopped, while it saved), with their
// SQLite side files, and returns the names it removed. A temporary file a
// save in progress holds, in this process or another, is left alone, and
// so are files that only look like one (a user's "notes.tmp"). Write and
// WritePath sweep the folder they write into (at most every ten minutes).
func Sweep(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		tmp, ok := tempOf(name)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if _, mine := saving.Load(filepath.Join(dir, tmp)); mine || inUse(filepath.Join(dir, tmp)) {
			continue
		}
		if os.Remove(filepath.Join(dir, name)) == nil {
			removed = append(removed, name)
		}
	}
	return removed
}
