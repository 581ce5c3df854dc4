package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/scaffold"
)

// TestNewGolden writes one entry of each kind with a fixed date into a
// fresh site, compares it with testdata/new/<kind>.golden, and checks that
// the site with all of them passes "annals check".
func TestNewGolden(t *testing.T) {
	src := writeSite(t, map[string]string{"content/_index.md": "---\ntitle: New entries\n---\n"})
	const title = "Zoë's Ærø summit: talks, 2026"
	for _, kind := range scaffold.Kinds {
		code, out, errs := runCmd("new", kind, title, "-src", src, "-date", "2026-01-15")
		if code != exitOK {
			t.Fatalf("new %s: exit %d: %s", kind, code, errs)
		}
		file := strings.TrimSpace(out)
		folder := map[string]string{"article": "articles", "event": "events", "actor": "actors", "topic": "topics", "source": "sources"}[kind]
		if want := filepath.Join(src, "content", folder, model.Slug(title)+".md"); file != want {
			t.Errorf("new %s printed %q, want %q", kind, file, want)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "testdata/new/"+kind+".golden", b)
	}
	for _, args := range [][]string{{"check", "-src", src, "-drafts", "-format", "json"}, {"check", "-src", src}} {
		if code, out, errs := runCmd(args...); code != exitOK {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errs)
		}
	}
	if code, _, errs := runCmd("new", "article", title, "-src", src); code != exitUsage || !strings.Contains(errs, "not overwritten") {
		t.Errorf("overwrite: exit %d, %q", code, errs)
	}
}

func TestNewYearFoldersAndToday(t *testing.T) {
	src := writeSite(t, map[string]string{"content/articles/2024/old.md": goodArticle})
	old := today
	today = func() string { return "2025-03-04" }
	t.Cleanup(func() { today = old })
	code, out, errs := runCmd("new", "-src", src, "article", "Filed by year")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := filepath.Join(src, "content/articles/2025/filed-by-year.md"); strings.TrimSpace(out) != want {
		t.Errorf("printed %q, want %q", out, want)
	}
	b, _ := os.ReadFile(strings.TrimSpace(out))
	if !strings.Contains(string(b), `date: "2025-03-04"`) {
		t.Errorf("not dated today:\n%s", b)
	}
}

func TestNewUsage(t *testing.T) {
	src := writeSite(t, nil)
	for _, args := range [][]string{
		{"new"}, {"new", "article"}, {"new", "poem", "Title", "-src", src},
		{"new", "article", "Title", "-src", src, "-date", "2025-02-30"},
		{"new", "article", " ", "-src", src},
	} {
		if code, _, _ := runCmd(args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestSchemaCommand(t *testing.T) {
	code, out, _ := runCmd("schema", "article")
	if code != exitOK || !strings.Contains(out, `"additionalProperties": false`) || !strings.Contains(out, `"quotes"`) {
		t.Errorf("schema article: exit %d\n%.300s", code, out)
	}
	for _, args := range [][]string{{"schema"}, {"schema", "poem"}, {"schema", "article", "event"}} {
		if code, _, _ := runCmd(args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}
