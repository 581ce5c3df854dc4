package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func site(t *testing.T) (string, string) {
	t.Helper()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, body := range map[string]string{
		"content/_index.md":             "i",
		"content/articles/a.md":         "a",
		"content/articles/2026/b.md":    "b",
		"content/actors/kaja-kallas.md": "k",
		"static/style.css":              "c",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, outside
}

func TestFS(t *testing.T) {
	dir, _ := site(t)
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := fstest.TestFS(f, "content/_index.md", "content/articles/a.md", "content/articles/2026/b.md", "content/actors/kaja-kallas.md", "static/style.css"); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 8)
	for name, want := range map[string]string{"content/articles/2026/b.md": "b", "content/articles/a.md": "a"} {
		for range 2 { // the second read uses the folder opened by the first
			b, err := fs.ReadFile(f, name)
			if err != nil || string(b) != want {
				t.Errorf("ReadFile(%s) = %q, %v; want %q", name, b, err, want)
			}
			b, err = f.ReadFileInto(name, buf)
			if err != nil || string(b) != want || &b[:1][0] != &buf[:1][0] {
				t.Errorf("ReadFileInto(%s) = %q, %v; want %q in the buffer given", name, b, err, want)
			}
		}
	}
}

// TestLinks checks that the FS follows links as the site's os.Root does:
// within the site yes, even out of a file's folder; out of it never.
func TestLinks(t *testing.T) {
	dir, outside := site(t)
	links := map[string]string{
		"content/articles/out.md":    filepath.Join(outside, "secret"),
		"content/articles/rel.md":    "../../../" + filepath.Base(outside) + "/secret",
		"content/articles/shared.md": "../actors/kaja-kallas.md",
		"content/elsewhere":          outside,
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if b, err := fs.ReadFile(f, "content/articles/shared.md"); err != nil || string(b) != "k" {
		t.Errorf("a link within the site: %q, %v", b, err)
	}
	for _, name := range []string{"content/articles/out.md", "content/articles/rel.md", "content/elsewhere/secret"} {
		if b, err := fs.ReadFile(f, name); err == nil {
			t.Errorf("ReadFile(%s) = %q through a link out of the site", name, b)
		}
		if file, err := f.Open(name); err == nil {
			file.Close()
			t.Errorf("Open(%s) succeeded through a link out of the site", name)
		}
	}
	if _, err := f.Open("content/articles/missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) = %v, want not exist", err)
	}
	if _, err := f.Open("../x"); err == nil {
		t.Error("Open(../x) succeeded")
	}
}
