// Package sitefs opens a site folder for reading so that nothing read from
// it can lead out of it, as an os.Root does, for about one system call a
// file. An os.Root checks every folder of a path on each open, a dozen
// calls for content/articles/x.md, and a build opens each article up to
// three times; here each folder is opened as a root once and files are
// opened in it by name.
//
// Folders are kept open until Close, so an FS suits one build, not a
// live preview whose folders come and go.
package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"sync"
)

// FS is a site folder opened for reading.
type FS struct {
	root *os.Root
	fsys fs.FS

	mu   sync.Mutex
	dirs map[string]*folder
}

// folder is a folder of the site opened as a root, and for reading the
// files in it directly where the system allows (see readIn).
type folder struct {
	root *os.Root
	file *os.File
}

// Open opens the folder dir.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: root, fsys: root.FS(), dirs: map[string]*folder{}}, nil
}

// Root is the site folder's root, for what needs more than reading.
func (f *FS) Root() *os.Root { return f.root }

// Close closes the folders opened so far.
func (f *FS) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	var errs []error
	for _, d := range f.dirs {
		if d.file != nil {
			errs = append(errs, d.file.Close())
		}
		errs = append(errs, d.root.Close())
	}
	f.dirs = nil
	return errors.Join(append(errs, f.root.Close())...)
}

// dir returns the root of the folder name, opening it the first time.
func (f *FS) dir(name string) (*folder, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, ok := f.dirs[name]; ok {
		return d, nil
	}
	if f.dirs == nil {
		return nil, fs.ErrClosed
	}
	r, err := f.root.OpenRoot(name)
	if err != nil {
		return nil, err
	}
	d := &folder{root: r}
	if direct {
		// Opened through its root, the folder is the one the site holds.
		d.file, _ = r.Open(".")
	}
	f.dirs[name] = d
	return d, nil
}

// split returns the root holding name and name within it; ok is false
// when name must go through the site's root: a top-level name, or a
// folder that cannot be opened, whose error the root reports best.
func (f *FS) split(name string) (*folder, string, bool) {
	if !fs.ValidPath(name) {
		return nil, "", false
	}
	dir, base := path.Split(name)
	if dir == "" {
		return nil, "", false
	}
	d, err := f.dir(dir[:len(dir)-1])
	if err != nil {
		return nil, "", false
	}
	return d, base, true
}

// Open implements fs.FS.
func (f *FS) Open(name string) (fs.File, error) {
	d, base, ok := f.split(name)
	if !ok {
		return f.fsys.Open(name)
	}
	file, err := d.root.Open(base)
	if err != nil {
		// A link to elsewhere in the site leaves the folder's root but
		// not the site's: the site's root judges, as without this FS.
		return f.fsys.Open(name)
	}
	return file, nil
}

// ReadFile implements fs.ReadFileFS.
func (f *FS) ReadFile(name string) ([]byte, error) { return f.ReadFileInto(name, nil) }

// ReadFileInto is ReadFile, reading into buf's memory when the file fits
// in its capacity: a build reads each article twice, once for its front
// matter and once for its body, and a new buffer for every read was a
// tenth of what a build allocated. What it returns is valid until buf is
// used again.
func (f *FS) ReadFileInto(name string, buf []byte) ([]byte, error) {
	d, base, ok := f.split(name)
	if !ok {
		return fs.ReadFile(f.fsys, name)
	}
	if d.file != nil {
		if b, ok := readIn(d.file, base, buf); ok {
			return b, nil
		}
	}
	b, err := fs.ReadFile(d.root.FS(), base)
	if err != nil {
		return fs.ReadFile(f.fsys, name)
	}
	return b, nil
}

// ReadDir implements fs.ReadDirFS.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.fsys, name) }

// Stat implements fs.StatFS.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.fsys, name) }
