// Package atomicfile writes files so that a reader, a crash or a full disk
// never sees half of one: the content goes to a temporary file in the same
// folder, is synced, and is renamed over the target only when complete.
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
)

// ErrReadOnly is wrapped by Write's error for a target its owner may not
// write: campmap does not replace a file someone protected.
var ErrReadOnly = errors.New("the file is read-only")

// Write creates or replaces path with what fill writes. On any error (from
// fill, the disk or the rename) the previous file, if any, is left as it was
// and no temporary file remains.
//
// A file replaced keeps its permissions (a 0600 export stays private); a
// new one gets perm less the umask, as any program's would. A symbolic
// link is written through: the file it points to is replaced and the link
// stays. A target its owner may not write is refused (ErrReadOnly), and
// so is anything but a regular file.
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) (err error) {
	if real, lerr := filepath.EvalSymlinks(path); lerr == nil {
		path = real
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
	tmp, err := createTemp(dir, base, mode)
	if err != nil {
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err = fill(bw); err != nil {
		return fmt.Errorf("atomicfile: write %s: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
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
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("atomicfile: close %s: %w", path, err)
	}
	if err = os.Rename(name, path); err != nil {
		return fmt.Errorf("atomicfile: replace %s: %w", path, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		d.Sync() // make the rename durable; best effort on filesystems that refuse
		d.Close()
	}
	return nil
}

// createTemp creates a new temporary file beside base in dir with mode
// perm (less the umask, as the kernel applies it).
func createTemp(dir, base string, perm os.FileMode) (*os.File, error) {
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(uint64(rand.Uint32()), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, errors.New("cannot create a temporary file")
}
