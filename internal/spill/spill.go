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
	"slices"
	"sync"
)

// File is a temporary file that strings are added to. It is safe for use
// by several goroutines.
//
// What Put is given is gathered in memory and written a chunk at a time:
// one write of a few kilobytes for each of ten thousand bodies cost more
// than the copy into the chunk does.
type File struct {
	f    *os.File
	name string // removed at Close if it could not be at New

	mu      sync.Mutex
	pending []byte // put since the last write, to go at offset written
	written int64  // bytes handed to the file, held ones included
	// held are chunks whose write failed, kept in memory so that what
	// was put is not lost; once one has, Put refuses more.
	held   []heldChunk
	failed error
	closed bool

	once sync.Once
	err  error
}

type heldChunk struct {
	off  int64
	data []byte
}

// chunk is the size of a write: large enough that there are few, small
// enough to be no matter in the heap.
const chunk = 1 << 20

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

// Put adds b and returns the function that reads it back, appended to
// the slice it is given. b may be reused once Put returns.
func (s *File) Put(b []byte) (func(dst []byte) ([]byte, error), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed != nil {
		return nil, s.failed
	}
	if len(s.pending)+len(b) > chunk {
		if err := s.flush(); err != nil {
			return nil, err
		}
	}
	off, n := s.written+int64(len(s.pending)), int64(len(b))
	if n >= chunk {
		// Written as it is: copying it into a chunk would gain nothing.
		if _, err := s.f.WriteAt(b, off); err != nil {
			return nil, fmt.Errorf("spill: %w", err)
		}
		s.written += n
	} else {
		if s.pending == nil {
			s.pending = make([]byte, 0, chunk)
		}
		s.pending = append(s.pending, b...)
	}
	return func(dst []byte) ([]byte, error) { return s.read(off, n, dst) }, nil
}

// flush writes the pending chunk, or holds it when it cannot be written.
// s.mu is held.
func (s *File) flush() error {
	if len(s.pending) == 0 {
		return nil
	}
	if _, err := s.f.WriteAt(s.pending, s.written); err != nil {
		s.failed = fmt.Errorf("spill: %w", err)
		s.held = append(s.held, heldChunk{s.written, s.pending})
		s.written += int64(len(s.pending))
		s.pending = nil
		return s.failed
	}
	s.written += int64(len(s.pending))
	s.pending = s.pending[:0]
	return nil
}

// read appends the n bytes at off to dst.
func (s *File) read(off, n int64, dst []byte) ([]byte, error) {
	start := len(dst)
	dst = slices.Grow(dst, int(n))[:start+int(n)]
	buf := dst[start:]
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return dst[:start], errors.New("spill: read after Close")
	}
	if off+n > s.written {
		// Still pending: written now, as the pages that read the
		// bodies come after all of them were put.
		_ = s.flush()
	}
	for _, h := range s.held {
		if off >= h.off && off+n <= h.off+int64(len(h.data)) {
			copy(buf, h.data[off-h.off:])
			s.mu.Unlock()
			return dst, nil
		}
	}
	s.mu.Unlock()
	if _, err := s.f.ReadAt(buf, off); err != nil {
		return dst[:start], fmt.Errorf("spill: %w", err)
	}
	return dst, nil
}

// Size is the number of bytes put so far.
func (s *File) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written + int64(len(s.pending))
}

// Close closes and removes the file; what Put returned cannot read after.
func (s *File) Close() error {
	s.once.Do(func() {
		s.mu.Lock()
		s.closed, s.pending, s.held = true, nil, nil
		s.mu.Unlock()
		s.err = s.f.Close()
		if s.name != "" {
			s.err = errors.Join(s.err, os.Remove(s.name))
		}
	})
	return s.err
}
