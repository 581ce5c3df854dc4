package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/annals/annals/bench/internal/fold"
	"gopkg.in/yaml.v3"
)

var allowedKeys = map[string][]string{
	"site":    {"title", "description", "language", "author", "copyright", "base_url", "limits", "params"},
	"article": {"title", "date", "source", "url", "language", "summary", "actors", "topics", "events", "cites", "quotes", "draft", "slug", "params"},
	"event":   {"title", "aliases", "summary", "params", "date", "end", "place", "actors", "topics", "parent", "status"},
	"source":  {"title", "name", "aliases", "summary", "params", "url", "country", "kind", "language", "owner"},
	"quote":   {"by", "text", "said", "event", "lang"},
}

func generate(t *testing.T, n int, format string) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	if err := newCorpus(n, 1).write(dir, format == "hugo"); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir, files
}

func TestDeterministic(t *testing.T) {
	_, a := generate(t, 50, "annals")
	_, b := generate(t, 50, "annals")
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between runs", p)
		}
	}
	if _, ok := a["content/_index.md"]; !ok {
		t.Error("no content/_index.md")
	}
}

// splitFrontMatter returns the YAML mapping and the body of one file.
func splitFrontMatter(t *testing.T, p string, data []byte) (*yaml.Node, string) {
	t.Helper()
	s := string(data)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s: no front matter", p)
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		t.Fatalf("%s: unclosed front matter", p)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(s[4:4+end+1]), &doc); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return doc.Content[0], s[4+end+5:]
}

func checkKeys(t *testing.T, p, kind string, m *yaml.Node) map[string]*yaml.Node {
	t.Helper()
	if m.Kind != yaml.MappingNode {
		t.Fatalf("%s: front matter is not a mapping", p)
	}
	got := map[string]*yaml.Node{}
	for i := 0; i < len(m.Content); i += 2 {
		k := m.Content[i].Value
		if _, dup := got[k]; dup {
			t.Errorf("%s: duplicate key %q", p, k)
		}
		got[k] = m.Content[i+1]
		ok := false
		for _, a := range allowedKeys[kind] {
			ok = ok || a == k
		}
		if !ok {
			t.Errorf("%s: key %q not allowed in %s front matter", p, k, kind)
		}
	}
	return got
}

func strs(n *yaml.Node) []string {
	var out []string
	if n != nil {
		for _, c := range n.Content {
			out = append(out, c.Value)
		}
	}
	return out
}

func countWords(body string) int {
	n := 0
	for _, f := range strings.Fields(body) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

var (
	wikilink = regexp.MustCompile(`\[\[([^\]]+)\]\]`)
	dateRe   = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?[?~]?$`)
)

func TestContent(t *testing.T) {
	_, files := generate(t, 200, "annals")
	slugs := map[string]string{}
	events := map[string]bool{}
	for p := range files {
		if strings.HasPrefix(p, "content/events/") {
			events[strings.TrimSuffix(filepath.Base(p), ".md")] = true
		}
	}
	articles := 0
	for p, data := range files {
		if !utf8.Valid(data) {
			t.Errorf("%s: not valid UTF-8", p)
		}
		fm, body := splitFrontMatter(t, p, data)
		switch {
		case p == "content/_index.md":
			checkKeys(t, p, "site", fm)
		case strings.HasPrefix(p, "content/events/"):
			checkKeys(t, p, "event", fm)
		case strings.HasPrefix(p, "content/sources/"):
			m := checkKeys(t, p, "source", fm)
			if id := strings.TrimSuffix(filepath.Base(p), ".md"); fold.Slug(m["title"].Value) != id {
				t.Errorf("%s: title %q does not fold to its id", p, m["title"].Value)
			}
		case strings.HasPrefix(p, "content/articles/"):
			articles++
			m := checkKeys(t, p, "article", fm)
			for _, k := range []string{"title", "date", "source"} {
				if m[k] == nil || m[k].Value == "" {
					t.Errorf("%s: no %s", p, k)
				}
			}
			if d := m["date"]; d != nil && (d.Tag != "!!str" || !dateRe.MatchString(d.Value)) {
				t.Errorf("%s: date %s %q", p, d.Tag, d.Value)
			}
			slug := strings.TrimSuffix(filepath.Base(p), ".md")
			if fold.Slug(slug) != slug {
				t.Errorf("%s: file name is not a slug", p)
			}
			if other, dup := slugs[slug]; dup {
				t.Errorf("%s and %s share a slug", p, other)
			}
			slugs[slug] = p
			if w := countWords(body); w < 300 || w > 700 {
				t.Errorf("%s: %d words", p, w)
			}
			actors := strs(m["actors"])
			if len(actors) < 1 || len(actors) > 5 {
				t.Errorf("%s: %d actors", p, len(actors))
			}
			if n := len(strs(m["topics"])); n < 1 || n > 4 {
				t.Errorf("%s: %d topics", p, n)
			}
			for _, e := range strs(m["events"]) {
				if !events[e] {
					t.Errorf("%s: event %q has no record", p, e)
				}
			}
			isActor := func(s string) bool {
				for _, a := range actors {
					if a == s {
						return true
					}
				}
				return false
			}
			if q := m["quotes"]; q != nil {
				for _, qn := range q.Content {
					qm := checkKeys(t, p, "quote", qn)
					if !isActor(qm["by"].Value) {
						t.Errorf("%s: quote by %q, not one of the article's actors", p, qm["by"].Value)
					}
				}
			}
			for _, l := range wikilink.FindAllStringSubmatch(body, -1) {
				if !isActor(l[1]) {
					t.Errorf("%s: [[%s]] is not one of the article's actors", p, l[1])
				}
			}
		default:
			t.Errorf("unexpected file %s", p)
		}
	}
	if articles != 200 {
		t.Errorf("%d articles, want 200", articles)
	}
}

// TestNoSlugCollisions checks the full pools, not only the names a small
// corpus happens to use.
func TestNoSlugCollisions(t *testing.T) {
	for _, n := range []int{50, 100000} {
		c := newCorpus(n, 1)
		actors, topics, sources := c.names()
		for kind, names := range map[string][]string{"actor": actors, "topic": topics, "source": sources} {
			seen := map[string]string{}
			for _, name := range names {
				s := fold.Slug(name)
				if s == "" {
					t.Errorf("%s %q folds to nothing", kind, name)
				}
				if other, dup := seen[s]; dup && other != name {
					t.Errorf("%ss %q and %q both fold to %q", kind, other, name, s)
				}
				seen[s] = name
			}
		}
		titles := map[string]string{}
		for _, e := range c.events {
			s := fold.Slug(e.Title)
			if other, dup := titles[s]; dup {
				t.Errorf("events %s and %s share the name %q", other, e.ID, e.Title)
			}
			titles[s] = e.ID
		}
		if len(actors) != max(20, n/10) {
			t.Errorf("n=%d: %d actors", n, len(actors))
		}
	}
}

func TestHugoFormat(t *testing.T) {
	_, files := generate(t, 20, "hugo")
	n := 0
	for p, data := range files {
		if !strings.HasPrefix(p, "content/articles/") {
			continue
		}
		n++
		fm, body := splitFrontMatter(t, p, data)
		var m hugoMeta
		if err := fm.Decode(&m); err != nil {
			t.Fatal(err)
		}
		if len(m.Sources) != 1 || len(m.Date) != 10 || strings.Contains(body, "[[") {
			t.Errorf("%s: %+v", p, m)
		}
	}
	if n != 20 {
		t.Errorf("%d articles", n)
	}
}
