//go:build unix

package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A replaced file keeps its permissions, a new one follows the umask, a
// symbolic link is written through, and a read-only file is not replaced.
func TestWriteKeepsWhatTheUserSet(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) error {
		return Write(p, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, s); return err })
	}
	private := filepath.Join(dir, "private.geojson")
	os.WriteFile(private, []byte("old"), 0o600)
	if err := write(private, "new"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(private); fi.Mode().Perm() != 0o600 {
		t.Errorf("a 0600 file became %v", fi.Mode().Perm())
	}
	old := syscall.Umask(0o077)
	fresh := filepath.Join(dir, "fresh.png")
	err := write(fresh, "x")
	syscall.Umask(old)
	if err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o600 {
		t.Errorf("a new file under umask 077 is %v", fi.Mode().Perm())
	}
	target := filepath.Join(dir, "target.csv")
	os.WriteFile(target, []byte("old"), 0o640)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here")
	}
	if err := write(link, "through"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(target); string(b) != "through" {
		t.Errorf("the link's target holds %q", b)
	}
	// a link to a file not written yet is written through, not replaced
	dangling := filepath.Join(dir, "dangling.pdf")
	os.Symlink("sub/new.pdf", dangling)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	if err := write(dangling, "created"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(dangling); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("a link to a missing file was replaced by a file")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "sub", "new.pdf")); string(b) != "created" {
		t.Errorf("the missing file the link points to holds %q", b)
	}
	loop := filepath.Join(dir, "loop.pdf")
	os.Symlink("loop.pdf", loop)
	if err := write(loop, "x"); err == nil {
		t.Error("a link to itself was written")
	}
	ro := filepath.Join(dir, "ro.pdf")
	os.WriteFile(ro, []byte("keep"), 0o444)
	if err := write(ro, "lost"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("a read-only file: %v", err)
	}
	if b, _ := os.ReadFile(ro); string(b) != "keep" {
		t.Errorf("a read-only file was replaced: %q", b)
	}
	if err := write("/dev/null", "x"); err == nil {
		t.Error("a device was written as a file")
	}
}
