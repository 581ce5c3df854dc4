package spill

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
)

func TestPutGet(t *testing.T) {
	dir := t.TempDir()
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Many writers at once, each reusing its buffer after Put, as the
	// markdown workers do.
	const n = 200
	gets := make([]func() (string, error), n)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			var buf []byte
			for i := w; i < n; i += 4 {
				buf = append(buf[:0], fmt.Sprintf("<p>body %d %s</p>", i, strings.Repeat("é", i))...)
				get, err := s.Put(buf)
				if err != nil {
					t.Error(err)
					return
				}
				gets[i] = asString(get)
				for j := range buf {
					buf[j] = 'x'
				}
			}
		})
	}
	wg.Wait()
	want := int64(0)
	for i := range n {
		body := fmt.Sprintf("<p>body %d %s</p>", i, strings.Repeat("é", i))
		want += int64(len(body))
		got, err := gets[i]()
		if err != nil || got != body {
			t.Fatalf("body %d: got %q, %v; want %q", i, got, err, body)
		}
	}
	if s.Size() != want {
		t.Errorf("Size = %d, want %d", s.Size(), want)
	}
	// An empty string is kept as one.
	get, err := s.Put(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := asString(get)(); got != "" || err != nil {
		t.Errorf("empty: %q, %v", got, err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := gets[0](); err == nil {
		t.Error("read after Close succeeded")
	}
	// Nothing is left in the folder.
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestChunks puts bodies of sizes around the chunk's, so that some fill
// a chunk, some cross into the next and some are written alone, and
// reads each back both before and after the ones that follow it.
func TestChunks(t *testing.T) {
	s := newFile(t)
	sizes := []int{10, chunk - 20, 15, chunk, 3, chunk + 7, 0, chunk / 2, chunk / 2, 1}
	bodies := make([]string, len(sizes))
	gets := make([]func() (string, error), len(sizes))
	total := int64(0)
	for i, n := range sizes {
		bodies[i] = strings.Repeat(string(rune('a'+i)), n)
		get, err := s.Put([]byte(bodies[i]))
		if err != nil {
			t.Fatal(err)
		}
		gets[i] = asString(get)
		total += int64(n)
		if got, err := gets[i](); err != nil || got != bodies[i] {
			t.Fatalf("body %d (%d bytes) read at once: %d bytes, %v", i, n, len(got), err)
		}
	}
	for i := range sizes {
		if got, err := gets[i](); err != nil || got != bodies[i] {
			t.Fatalf("body %d (%d bytes) read at the end: %d bytes, %v", i, sizes[i], len(got), err)
		}
	}
	if s.Size() != total {
		t.Errorf("Size = %d, want %d", s.Size(), total)
	}
}

// TestWriteFails checks that bodies put before the file could not be
// written are still read back, and that Put then refuses more, which a
// build answers by rendering those bodies again.
func TestWriteFails(t *testing.T) {
	s := newFile(t)
	put, err := s.Put([]byte("<p>first</p>"))
	first := asString(put)
	if err != nil {
		t.Fatal(err)
	}
	// A file that can no longer be written, as a full disk leaves it.
	s.f.Close()
	if _, err := s.Put(make([]byte, chunk)); err == nil {
		t.Fatal("Put succeeded on a file that cannot be written")
	}
	if got, err := first(); err != nil || got != "<p>first</p>" {
		t.Errorf("first body: %q, %v", got, err)
	}
	if _, err := s.Put([]byte("<p>more</p>")); err == nil {
		t.Error("Put succeeded after a failed write")
	}
}

// asString reads back what get reads as a string.
func asString(get func([]byte) ([]byte, error)) func() (string, error) {
	return func() (string, error) {
		b, err := get(nil)
		return string(b), err
	}
}

// TestAppend checks that a body read back is appended to what the slice
// given holds, in its memory when there is room.
func TestAppend(t *testing.T) {
	s := newFile(t)
	get, err := s.Put([]byte("<p>body</p>"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 64)
	buf = append(buf, "before:"...)
	got, err := get(buf)
	if err != nil || string(got) != "before:<p>body</p>" {
		t.Fatalf("got %q, %v", got, err)
	}
	if &got[0] != &buf[0] {
		t.Error("a body that fits was not read into the slice given")
	}
	if got, err := get(got[:0]); err != nil || string(got) != "<p>body</p>" {
		t.Errorf("read again over it: %q, %v", got, err)
	}
}

// newFile is a File in a folder of the test's, closed when it ends.
func newFile(t *testing.T) *File {
	t.Helper()
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
