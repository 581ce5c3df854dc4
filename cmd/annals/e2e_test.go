package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSite writes files (slash paths) under a new temporary folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range files {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

const goodArticle = "---\ntitle: Kallas speaks\ndate: 2025-08-22\nsource: Yeni Şafak\nactors: [Kaja Kallas]\n---\nSee [[Kaja Kallas]].\n"

func TestBuildEndToEnd(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/_index.md":          "---\ntitle: Test\n---\nIntro.\n",
		"content/articles/a.md":      goodArticle,
		"static/CNAME":               "example.org\n",
		"templates/404.html":         `{{template "base" .}}{{define "main"}}<h1>Custom 404</h1>{{end}}`,
		"content/articles/2026/b.md": "---\ntitle: B\ndate: 2026?\nsource: yeni safak\nactors: [kaja kallas]\n---\n",
	})
	out := filepath.Join(t.TempDir(), "site")
	code, stdout, stderr := runCmd("build", "-src", src, "-out", out, "-base-url", "https://example.org/annals/")
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "2 articles") {
		t.Errorf("summary = %q", stdout)
	}
	page, err := os.ReadFile(filepath.Join(out, "articles", "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`href="/annals/actors/kaja-kallas/"`, `href="/annals/sources/yeni-safak/"`, `Yeni Şafak`, `<!doctype html><html lang="en"><head><meta charset=utf-8>`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("article page lacks %s", want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "CNAME")); string(b) != "example.org\n" {
		t.Errorf("static/CNAME not copied to the root: %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "404.html")); !bytes.Contains(b, []byte("Custom 404")) {
		t.Error("the site's templates/404.html did not override the built-in one")
	}
}

func TestExitCodes(t *testing.T) {
	bad := writeSite(t, map[string]string{
		"content/articles/a.md": "---\ntitle: A\ndate: 2025-02-30\nsource: S\nactors: [P]\n---\n[[Nobody]]\n",
		"content/articles/b.md": "---\ntitel: B\n---\n",
	})
	good := writeSite(t, map[string]string{"content/articles/a.md": goodArticle})
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"check", "-src", good}, exitOK, "ok"},
		{[]string{"check", "-src", bad}, exitContent, "errors"},
		{[]string{"build", "-src", bad, "-out", filepath.Join(t.TempDir(), "o")}, exitContent, "left as it was"},
		{[]string{"build", "-src", filepath.Join(good, "missing")}, exitUsage, "no such file"},
		{[]string{"build", "-nope"}, exitUsage, "flag provided but not defined"},
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
		{[]string{}, exitUsage, "Usage"},
		{[]string{"version"}, exitOK, ""},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, stderr := runCmd(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
	// Every error of the run at once, sorted, path:line:col.
	_, stdout, _ := runCmd("check", "-src", bad)
	want := []string{
		"content/articles/a.md:3:7: date \"2025-02-30\" does not exist",
		"content/articles/a.md:7:1: unknown reference [[Nobody]]",
		"content/articles/b.md:2:1: unknown key \"titel\"",
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	for i, w := range want {
		if i >= len(lines) || !strings.HasPrefix(lines[i], w) {
			t.Errorf("check output:\n%s\nline %d should start %q", stdout, i+1, w)
		}
	}
}

// TestNothingOutside checks that links in content are not followed out of
// the site and that names which look like paths stay inside -out.
func TestNothingOutside(t *testing.T) {
	secret := writeSite(t, map[string]string{"secret.md": "---\ntitle: Secret\ndate: 2025\nsource: S\nactors: [P]\n---\nTOP SECRET\n"})
	src := writeSite(t, map[string]string{
		"content/articles/a.md": "---\ntitle: A\ndate: 2025\nsource: ../../../etc\nactors: [\"../../x\", \"/abs/path\"]\n---\n",
	})
	if err := os.Symlink(filepath.Join(secret, "secret.md"), filepath.Join(src, "content", "articles", "leak.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(secret, filepath.Join(src, "content", "articles", "linkdir")); err != nil {
		t.Fatal(err)
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	code, stdout, stderr := runCmd("build", "-src", src, "-out", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "symbolic link not followed") {
		t.Errorf("no warning about the links: %q", stderr)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 || entries[0].Name() != "out" {
		t.Errorf("written beside -out: %v", entries)
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			if bytes.Contains(b, []byte("TOP SECRET")) {
				t.Errorf("%s holds the linked file's text", p)
			}
		}
		return nil
	})
	for _, p := range []string{"sources/etc/index.html", "actors/x/index.html", "actors/abs-path/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
