package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBuildReporting(t *testing.T) {
	src := writeSite(t, map[string]string{
		"content/articles/a.md":    goodArticle,
		"content/actors/nobody.md": "---\ntitle: Nobody\n---\n",
	})
	out := filepath.Join(t.TempDir(), "o")
	code, stdout, stderr := runCmd("build", "-src", src, "-out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"1 article", "1 warning", "pages: articles 2, events 1, actors 3,"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "warning: nothing mentions this actor") {
		t.Errorf("warning not printed: %q", stderr)
	}
	if strings.Contains(stderr, "\r") {
		t.Error("progress drawn on a non-terminal")
	}
	code, stdout, stderr = runCmd("build", "-src", src, "-out", out, "-quiet")
	if code != exitOK || stdout != "" || stderr != "" {
		t.Errorf("-quiet: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, _ = runCmd("build", "-src", src, "-out", out, "-v")
	if code != exitOK || !strings.Contains(stdout, "articles/a/index.html\n") || !strings.Contains(stdout, "resolve ") {
		t.Errorf("-v: exit %d\n%s", code, stdout)
	}
}

func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	p := startProgress(&b, time.Now().Add(-2*progressAfter))
	p.phase("rendering")
	p.add()
	deadline := time.Now().Add(3 * time.Second)
	for !p.isDrawn() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	p.stop()
	if s := b.String(); !strings.Contains(s, "annals build: rendering, 1 files") || !strings.HasSuffix(s, "\r\033[K") {
		t.Errorf("progress output %q", s)
	}
	var nilProgress *progress
	nilProgress.add()
	nilProgress.stop()
}
