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
		if b, ok := readIn(d, name); !ok || string(b) != want {
			t.Errorf("readIn(%s) = %d bytes, %v; want %d bytes", name, len(b), ok, len(want))
		}
	}
	for _, name := range []string{"link.md", "sub", "missing.md"} {
		if b, ok := readIn(d, name); ok {
			t.Errorf("readIn(%s) = %q, want no direct read", name, b)
		}
	}
}
