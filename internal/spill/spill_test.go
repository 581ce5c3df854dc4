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
				gets[i] = get
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
	if got, err := get(); got != "" || err != nil {
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
