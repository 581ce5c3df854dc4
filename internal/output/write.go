package output

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// Write builds the site into a new temporary directory beside dir (same
// parent, named ".<base>.tmp-<random>"): first every regular file of static,
// which may be nil, then the produced pages, a page replacing a static file
// of the same path. Only when Produce returns nil and every write succeeded
// is the temporary directory swapped into place as dir. On any error it is
// removed and dir is left exactly as it was. After a successful run nothing
// of the previous output remains, so pages of deleted content are gone.
//
// Dir may not exist yet; if it exists it must be a directory. If dir is a
// symlink, the directory it points to is replaced and the link kept. Write
// refuses the file system root, the home directory and any directory that
// contains the current one or the home directory, since replacing them would
// throw away far more than a site.
func Write(ctx context.Context, dir string, static fs.FS, opts Options, produce Produce) (Stats, error) {
	target, err := targetDir(dir)
	if err != nil {
		return Stats{}, err
	}
	parent, base := filepath.Dir(target), filepath.Base(target)
	if fi, err := os.Lstat(target); err == nil && !fi.IsDir() {
		return Stats{}, fmt.Errorf("output: %s exists and is not a directory", target)
	}

	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-*")
	if err != nil {
		return Stats{}, fmt.Errorf("output: %w", err)
	}
	published := false
	defer func() {
		if !published {
			os.RemoveAll(tmp)
		}
	}()
	sink := newDirSink(tmp)
	if fi, err := os.Stat(target); err == nil && fi.IsDir() {
		sink.prev = target
	}
	stats, err := build(ctx, static, opts, produce, sink)
	stats.Unchanged = int(sink.unchanged.Load())
	if err != nil {
		return Stats{}, err
	}
	// MkdirTemp makes the directory private; the published site is not.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return Stats{}, fmt.Errorf("output: %w", err)
	}
	old, err := swap(tmp, target, filepath.Join(parent, "."+base+".old-"+randomSuffix()))
	if err != nil {
		return Stats{}, err
	}
	published = true
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return stats, fmt.Errorf("output: the site is in %s, but removing the previous output failed: %w", target, err)
		}
	}
	return stats, nil
}

// swap moves the finished directory tmp to target. An existing target is
// first renamed to old, whose path swap returns so the caller can remove
// it; if tmp then cannot take its place, old is renamed back.
func swap(tmp, target, old string) (string, error) {
	fi, err := os.Lstat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(tmp, target); err != nil {
			return "", fmt.Errorf("output: %w", err)
		}
		return "", nil
	case err != nil:
		return "", fmt.Errorf("output: %w", err)
	case !fi.IsDir():
		return "", fmt.Errorf("output: %s exists and is not a directory", target)
	}
	if err := os.Rename(target, old); err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	// From here until the next rename succeeds, target does not exist; see
	// the package documentation.
	if err := os.Rename(tmp, target); err != nil {
		if rerr := os.Rename(old, target); rerr != nil {
			return "", fmt.Errorf("output: %w; restoring the previous output from %s also failed: %v", err, old, rerr)
		}
		return "", fmt.Errorf("output: %w", err)
	}
	return old, nil
}

// targetDir returns the absolute, symlink-free path Write replaces, or an
// error if dir must not be replaced.
func targetDir(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("output: no output directory given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("output: %w", err)
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// Renaming would replace the link itself; replacing its
		// destination keeps the link, which is what its owner set up.
		if abs, err = filepath.EvalSymlinks(abs); err != nil {
			return "", fmt.Errorf("output: %w", err)
		}
	}
	refuse := func(why string) error {
		return fmt.Errorf("output: refusing to replace %s: %s", abs, why)
	}
	if filepath.Dir(abs) == abs {
		return "", refuse("it is the file system root")
	}
	if home, err := os.UserHomeDir(); err == nil && within(home, abs) {
		return "", refuse("it is or contains the home directory")
	}
	if wd, err := os.Getwd(); err == nil && within(wd, abs) {
		return "", refuse("it is or contains the current directory")
	}
	return abs, nil
}

// within reports whether p is dir or lies inside it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// randomSuffix names the previous output while it is moved aside; random, so
// two runs, or a leftover of a crashed one, never collide.
func randomSuffix() string {
	var b [8]byte
	rand.Read(b[:]) // never returns an error
	return hex.EncodeToString(b[:])
}

// dirSink stores files in the fresh temporary directory of a build. Plain
// paths under it are safe without an os.Root's checks: names are checked
// (checkPath), the directory is private until published and holds only
// what the sink itself made, never a symlink. The checks cost a dozen
// system calls a file, which is more than writing it.
type dirSink struct {
	dir  string
	made *dirSet // directories made so far
	// prev is the output this build replaces, if any: a file there with
	// the same bytes is linked into the new output rather than written,
	// so it keeps its inode and modification time (which tools that
	// upload or cache only what changed go by) and costs no data written.
	prev      string
	unchanged *atomic.Int64
}

func newDirSink(dir string) dirSink {
	return dirSink{dir: dir, made: &dirSet{m: map[string]struct{}{}}, unchanged: new(atomic.Int64)}
}

func (d dirSink) write(name string, body []byte, replace bool) error {
	if !replace && d.prev != "" && d.reuse(name, body) {
		d.unchanged.Add(1)
		return nil
	}
	native := filepath.Join(d.dir, filepath.FromSlash(name))
	if err := d.mkdir(name); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	err := writeNew(native, body)
	if replace && errors.Is(err, fs.ErrExist) {
		// Remove rather than truncate, so the page gets a file of its own
		// even if the static one were ever linked from elsewhere.
		if err = os.Remove(native); err == nil {
			err = writeNew(native, body)
		}
	}
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// reuse links the previous output's file at name into the new output
// when it is a regular file holding body; any failure leaves the file to
// be written.
func (d dirSink) reuse(name string, body []byte) bool {
	old := filepath.Join(d.prev, filepath.FromSlash(name))
	fi, err := os.Lstat(old)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(body)) {
		return false
	}
	b, err := os.ReadFile(old)
	if err != nil || !bytes.Equal(b, body) {
		return false
	}
	if err := d.mkdir(name); err != nil {
		return false
	}
	return os.Link(old, filepath.Join(d.dir, filepath.FromSlash(name))) == nil
}

func (d dirSink) keeps() bool { return false }

func (d dirSink) copy(name string, r io.Reader) (int64, error) {
	if err := d.mkdir(name); err != nil {
		return 0, fmt.Errorf("output: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(d.dir, filepath.FromSlash(name)), newFileFlags, 0o644)
	if err != nil {
		return 0, fmt.Errorf("output: %w", err)
	}
	n, err := io.Copy(f, r)
	return n, d.finish(f, err)
}

// newFileFlags create a file that must not exist yet: a path already
// taken is a conflict, never silently shared.
const newFileFlags = os.O_WRONLY | os.O_CREATE | os.O_EXCL

// mkdir makes the folder of name, once.
func (d dirSink) mkdir(name string) error {
	dir := path.Dir(name)
	if dir == "." {
		return nil
	}
	if d.made.has(dir) {
		return nil
	}
	native := filepath.Join(d.dir, filepath.FromSlash(dir))
	// Most folders (one a page) are made in a folder made before: one
	// call rather than MkdirAll's look at every folder above.
	err := fs.ErrNotExist
	if d.made.has(path.Dir(dir)) || path.Dir(dir) == "." {
		if err = os.Mkdir(native, 0o755); errors.Is(err, fs.ErrExist) {
			err = nil
		}
	}
	if err != nil {
		if err = os.MkdirAll(native, 0o755); err != nil {
			return err
		}
	}
	d.made.add(dir)
	return nil
}

// dirSet is the set of directories a build made, by slash path. A map
// under a lock holds a large site's hundred thousand folders in a third of
// the memory of a sync.Map (4.7 against 14.9 MB for 120,000), and the
// writers seldom wait on it: each asks once or twice a page.
type dirSet struct {
	mu sync.Mutex
	m  map[string]struct{}
}

func (s *dirSet) has(dir string) bool {
	s.mu.Lock()
	_, ok := s.m[dir]
	s.mu.Unlock()
	return ok
}

// add records dir and the folders above it.
func (s *dirSet) add(dir string) {
	s.mu.Lock()
	for ; dir != "."; dir = path.Dir(dir) {
		s.m[dir] = struct{}{}
	}
	s.mu.Unlock()
}

func (d dirSink) finish(f *os.File, err error) error {
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}
