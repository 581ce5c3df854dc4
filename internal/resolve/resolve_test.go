package resolve

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/annals/annals/internal/load"
	"github.com/annals/annals/internal/model"
)

func resolveSite(t *testing.T, files map[string]string, opts Options) (*model.Site, model.Diagnostics, fstest.MapFS) {
	t.Helper()
	loaded, fsys := loadFiles(t, files)
	s, diags := Resolve(context.Background(), loaded, opts)
	return s, diags, fsys
}

// loadFiles loads a site of files, by path, failing on a load error.
func loadFiles(t *testing.T, files map[string]string) (*load.Result, fstest.MapFS) {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	loaded, d := load.Load(context.Background(), fsys)
	if len(d.Errors) > 0 {
		t.Fatalf("load: %v", d.Errors)
	}
	return loaded, fsys
}

func article(title, date, source, actors, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\nsource: " + source + "\nactors: [" + actors + "]\n---\n" + body
}

// TestSpelling checks that an entity made from names is shown with its most
// used spelling, and on a tie with the earliest in timeline order, not the
// first file read.
func TestSpelling(t *testing.T) {
	s, d, _ := resolveSite(t, map[string]string{
		"content/articles/a.md": article("A", "2025-03-01", "yeni safak", "Zoe Angstrom", ""),
		"content/articles/b.md": article("B", "2025-01-01", "Yeni Şafak", "Zoë Ångström", ""),
		"content/articles/c.md": article("C", "2025-02-01", "Yeni Şafak", "zoe angstrom", ""),
	}, Options{})
	if len(d.Errors) > 0 {
		t.Fatal(d.Errors)
	}
	if len(s.Sources) != 1 || s.Sources[0].Name != "Yeni Şafak" {
		t.Errorf("sources = %+v, want one, named Yeni Şafak (used twice)", s.Sources)
	}
	if len(s.Actors) != 1 || s.Actors[0].Name != "Zoë Ångström" || s.Actors[0].ID != "zoe-angstrom" {
		t.Errorf("actors = %+v, want one, zoe-angstrom named Zoë Ångström (a tie, earliest in time)", s.Actors[0])
	}
	if got := s.Articles[0].Title + s.Articles[1].Title + s.Articles[2].Title; got != "BCA" {
		t.Errorf("articles in order %q, want BCA", got)
	}
}

func TestDrafts(t *testing.T) {
	files := map[string]string{
		"content/articles/a.md": article("A", "2025", "S", "P", ""),
		"content/articles/d.md": "---\ntitle: D\ndate: 2025\ndraft: true\n---\n",
	}
	s, d, _ := resolveSite(t, files, Options{})
	if len(d.Errors) > 0 || len(s.Articles) != 1 {
		t.Errorf("without drafts: %d articles, errors %v", len(s.Articles), d.Errors)
	}
	s, d, _ = resolveSite(t, files, Options{Drafts: true})
	if len(d.Errors) > 0 || len(s.Articles) != 2 {
		t.Errorf("with drafts: %d articles, errors %v; a draft may leave source empty", len(s.Articles), d.Errors)
	}
}

// TestBodyOnDemand checks that an article's body is rendered when asked,
// with its links, and refuses a file that changed since it was loaded.
func TestBodyOnDemand(t *testing.T) {
	s, d, fsys := resolveSite(t, map[string]string{
		"content/articles/a.md": article("A", "2025", "S", "Kaja Kallas", "Said by [[Kaja Kallas]].\n"),
	}, Options{Link: func(k model.Kind, id string) string { return "/x/" + string(k) + "/" + id + "/" }})
	if len(d.Errors) > 0 {
		t.Fatal(d.Errors)
	}
	a := s.Articles[0]
	html, err := a.HTML()
	if err != nil || !strings.Contains(html, `href="/x/actors/kaja-kallas/"`) {
		t.Errorf("HTML() = %q, %v", html, err)
	}
	if a.Summary != "Said by Kaja Kallas." || !a.SummaryFromBody {
		t.Errorf("summary %q (from body %v)", a.Summary, a.SummaryFromBody)
	}
	fsys["content/articles/a.md"].Data = append(fsys["content/articles/a.md"].Data, "more\n"...)
	if _, err := a.HTML(); err == nil || !strings.Contains(err.Error(), "changed") {
		t.Errorf("HTML() after the file changed: %v, want an error", err)
	}
}

// TestDuplicateRecordBody checks that of two records with one id, the
// second's body never replaces the first's (the duplicate is an error).
func TestDuplicateRecordBody(t *testing.T) {
	s, d, _ := resolveSite(t, map[string]string{
		"content/actors/Kaja-Kallas.md": "---\ntitle: Kaja Kallas\n---\nThe first.\n",
		"content/actors/kaja-kallas.md": "---\ntitle: Kaja Kallas again\n---\nThe second.\n",
		"content/articles/a.md":         article("A", "2025", "S", "Kaja Kallas", ""),
	}, Options{})
	if len(d.Errors) != 1 || !strings.Contains(d.Errors[0].Error(), "one actor per id") {
		t.Errorf("errors = %v, want the duplicate id", d.Errors)
	}
	if len(s.Actors) != 1 || !strings.Contains(s.Actors[0].Body, "The first.") {
		t.Errorf("actor body = %q, want the first record's", s.Actors[0].Body)
	}
}

// TestArticlesInBatches checks that articles made by several workers keep
// every article and every problem: more than one batch, with drafts left
// out and an error in every third file.
func TestArticlesInBatches(t *testing.T) {
	files := map[string]string{}
	const n = 2*articleBatch + 7
	for i := range n {
		p := "content/articles/a" + strings.Repeat("x", i%3) + "-" + strconv.Itoa(i) + ".md"
		switch {
		case i%3 == 0:
			files[p] = article("A"+strconv.Itoa(i), "2025-13-01", "S", "P", "")
		case i%5 == 0:
			files[p] = "---\ntitle: D\ndate: 2025\ndraft: true\n---\n"
		default:
			files[p] = article("A"+strconv.Itoa(i), "2025-01-01", "S", "P", "")
		}
	}
	s, d, _ := resolveSite(t, files, Options{})
	wantErrs, wantArts := 0, 0
	for i := range n {
		if i%3 == 0 {
			wantErrs++
		}
		if i%3 == 0 || i%5 != 0 {
			wantArts++
		}
	}
	if len(d.Errors) != wantErrs {
		t.Errorf("%d errors, want %d (one a bad date)", len(d.Errors), wantErrs)
	}
	if len(s.Articles) != wantArts {
		t.Errorf("%d articles, want %d", len(s.Articles), wantArts)
	}
}

// TestSpend checks that a resolver allowed to spend its input drops the
// articles' front matter and makes the same site, and that with a Cache,
// which keeps the input for the next run, it keeps it.
func TestSpend(t *testing.T) {
	files := map[string]string{
		"content/articles/a.md": "---\ntitle: A\ndate: 2025-03-01\nsource: S\nactors: [Kaja Kallas]\n" +
			"events:\n  - id: talks\n    title: The talks\n    date: 2025-03-01\n" +
			"quotes:\n  - by: Kaja Kallas\n    text: No deal.\n---\nAt the [[talks]], [[Kaja Kallas]] spoke.\n",
		"content/articles/b.md":    article("B", "2025-03-02", "S", "Kaja Kallas", "Later, on *the* [[events/talks|talks]].\n"),
		"content/events/summit.md": "---\ntitle: Summit\ndate: 2025-04\n---\nA summit.\n",
	}
	// Each run loads afresh: a spent load.Result cannot be resolved again.
	digest := func(opts Options) (string, *load.Result) {
		t.Helper()
		loaded, _ := loadFiles(t, files)
		s, diags := Resolve(context.Background(), loaded, opts)
		if len(diags.Errors) > 0 {
			t.Fatal(diags.Errors)
		}
		var b strings.Builder
		for _, a := range s.Articles {
			body, err := a.HTML()
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString(a.Title + "|" + a.Summary + "|" + strconv.FormatBool(a.SummaryFromBody) + "|" + body)
			for _, e := range a.Events {
				b.WriteString("|event " + e.ID + " " + e.Name)
			}
			for _, q := range a.Quotes {
				b.WriteString("|quote " + q.Text)
			}
			for _, l := range a.Links {
				b.WriteString("|link " + string(l.Kind) + "/" + l.ID)
			}
			b.WriteString("\n")
		}
		for _, e := range s.Events {
			b.WriteString(e.ID + " " + e.Name + " " + e.Body + "\n")
		}
		return b.String(), loaded
	}
	fronts := func(in *load.Result) (n int) {
		for _, d := range in.Docs {
			if d.Kind == model.KindArticle && d.Front != nil {
				n++
			}
		}
		return n
	}
	kept, in := digest(Options{})
	if fronts(in) != 2 {
		t.Fatalf("without Spend, %d articles keep their front matter, want 2", fronts(in))
	}
	spent, in := digest(Options{Spend: true})
	if n := fronts(in); n != 0 {
		t.Errorf("with Spend, %d articles keep their front matter, want none", n)
	}
	if spent != kept {
		t.Errorf("with Spend the site is\n%s\nwithout it\n%s", spent, kept)
	}
	if !strings.Contains(kept, "|event talks The talks") || !strings.Contains(kept, "|link events/talks") {
		t.Errorf("the site lacks the inline event or its link:\n%s", kept)
	}
	if _, in := digest(Options{Spend: true, Cache: NewCache()}); fronts(in) != 2 {
		t.Errorf("with a Cache and Spend, %d articles keep their front matter, want 2", fronts(in))
	}
}
