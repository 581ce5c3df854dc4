//go:build unix

package sitefs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadIn checks the direct reads: a regular file whole, whatever its
// size, and nothing through a link or of a folder, which the folder's
// root then judges.
func TestReadIn(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("0123456789", 10000)
	for name, body := range map[string]string{"empty.md": "", "a.md": "a", "big.md": big} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for name, want := range map[string]string{"empty.md": "", "a.md": "a", "big.md": big} {
		if b, ok := readIn(d, name, nil); !ok || string(b) != want {
			t.Errorf("readIn(%s) = %d bytes, %v; want %d bytes", name, len(b), ok, len(want))
		}
	}
	for _, name := range []string{"link.md", "sub", "missing.md"} {
		if b, ok := readIn(d, name, nil); ok {
			t.Errorf("readIn(%s) = %q, want no direct read", name, b)
		}
	}
}

// TestReadInBuffer checks that a file is read into the buffer given when
// it fits, whatever the buffer held before, and into new memory when not.
func TestReadInBuffer(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"short.md": "short", "long.md": strings.Repeat("long ", 100)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	buf := []byte(strings.Repeat("x", 64))
	b, ok := readIn(d, "short.md", buf[:0])
	if !ok || string(b) != "short" {
		t.Fatalf("readIn(short.md) = %q, %v", b, ok)
	}
	if &b[0] != &buf[0] {
		t.Error("a file that fits was not read into the buffer given")
	}
	b, ok = readIn(d, "long.md", buf[:0])
	if !ok || string(b) != strings.Repeat("long ", 100) {
		t.Fatalf("readIn(long.md) = %q, %v", b, ok)
	}
	if &b[0] == &buf[0] {
		t.Error("a file larger than the buffer was read into it")
	}
}
