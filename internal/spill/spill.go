// Package spill keeps byte strings in a temporary file instead of the Go
// heap: written once, read back once or a few times, by many goroutines.
//
// A build renders every article body while it checks the site (it needs
// the links and summary) and writes the article pages only after the
// whole site is indexed. Holding the bodies in the heap costs about 4 KB
// an article and, with the collector's headroom, twice that in resident
// memory; rendering them again costs a second markdown pass. Kept in a
// file, they stay in the page cache, out of the process's memory.
package spill

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"unsafe"
)

// File is a temporary file that strings are added to. It is safe for use
// by several goroutines.
type File struct {
	f    *os.File
	name string // removed at Close if it could not be at New
	end  atomic.Int64
	once sync.Once
	err  error
}

// New creates the file in dir (os.TempDir when empty). On systems that
// allow it the file is unlinked at once, so nothing is left behind even
// when the process is killed.
func New(dir string) (*File, error) {
	f, err := os.CreateTemp(dir, "annals-spill-*")
	if err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	s := &File{f: f}
	if os.Remove(f.Name()) != nil {
		s.name = f.Name()
	}
	return s, nil
}

// Put adds b and returns the function that reads it back as a string.
// b may be reused once Put returns.
func (s *File) Put(b []byte) (func() (string, error), error) {
	n := int64(len(b))
	off := s.end.Add(n) - n
	if _, err := s.f.WriteAt(b, off); err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	return func() (string, error) {
		buf := make([]byte, n)
		if _, err := s.f.ReadAt(buf, off); err != nil {
			return "", fmt.Errorf("spill: %w", err)
		}
		// buf is this call's own and never written again: the string
		// can share it rather than copy a whole body.
		return unsafe.String(unsafe.SliceData(buf), len(buf)), nil
	}, nil
}

// Size is the number of bytes put so far.
func (s *File) Size() int64 { return s.end.Load() }

// Close closes and removes the file; what Put returned cannot read after.
func (s *File) Close() error {
	s.once.Do(func() {
		s.err = s.f.Close()
		if s.name != "" {
			s.err = errors.Join(s.err, os.Remove(s.name))
		}
	})
	return s.err
}
