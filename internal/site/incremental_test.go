package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	annals "github.com/annals/annals"
	"github.com/annals/annals/internal/output"
)

// writeSite writes a generated site of n articles into dir: most of them in
// one year, so that year is split into month pages; one actor in most of
// them, so its page is paginated; events with records and inline ones;
// wikilinks in bodies.
func writeSite(t testing.TB, dir string, n int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/_index.md", "---\ntitle: Test timeline\nbase_url: https://example.org/tl/\n---\nAn intro with [[Kaja Kallas]].\n")
	actors := []string{"Kaja Kallas", "Volodymyr Zelensky", "Donald Trump", "Emmanuel Macron", "Friedrich Merz", "Keir Starmer", "NATO", "Yeni Şafak Board"}
	topics := []string{"Ceasefire", "Sanctions", "Security guarantees", "Energy", "Reconstruction"}
	sources := []string{"Reuters", "BBC News", "Le Monde", "Kyiv Independent", "TASS", "Yeni Şafak"}
	write("content/actors/kaja-kallas.md", "---\ntitle: Kaja Kallas\nkind: person\naliases: [Kallas]\nsummary: High Representative.\n---\nEstonian politician.\n")
	write("content/sources/tass.md", "---\ntitle: TASS\nkind: state media\ncountry: RU\n---\n")
	write("content/topics/ceasefire.md", "---\ntitle: Ceasefire\n---\nTalk of a truce.\n")
	for i := range 12 {
		write(fmt.Sprintf("content/events/summit-%02d.md", i), fmt.Sprintf("---\ntitle: Summit %d\ndate: 2025-%02d-%02d\nplace: City %d\nactors: [Kaja Kallas]\n---\nA meeting.\n", i, i%12+1, i%27+1, i))
	}
	for i := range n {
		year, month := 2025, 1+rng.IntN(12)
		if i%5 == 0 {
			year = 2024
		}
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Article number %d about %s\ndate: \"%d-%02d-%02d\"\nsource: %s\n", i, topics[i%len(topics)], year, month, 1+rng.IntN(28), sources[rng.IntN(len(sources))])
		as := []string{}
		if i%4 != 0 {
			as = append(as, "Kaja Kallas")
		}
		as = append(as, actors[1+rng.IntN(len(actors)-1)])
		fmt.Fprintf(&b, "actors: [%s]\ntopics: [%s]\n", strings.Join(as, ", "), topics[rng.IntN(len(topics))])
		if i%7 == 0 {
			fmt.Fprintf(&b, "cites: [%s]\n", sources[rng.IntN(len(sources))])
		}
		if year == 2025 && i%3 == 0 {
			fmt.Fprintf(&b, "events: [summit-%02d]\n", month-1)
		}
		if i%6 == 0 {
			fmt.Fprintf(&b, "summary: The editor's own summary of %d.\n", i)
		}
		if i%11 == 0 {
			fmt.Fprintf(&b, "quotes:\n  - by: Kaja Kallas\n    text: \"Quote %d.\"\n", i)
		}
		if i == 5 {
			b.WriteString("events:\n  - {id: inline-talks, title: Inline talks, date: 2024-06-02, place: Geneva}\n")
		}
		fmt.Fprintf(&b, "---\nBody of article %d, naming [[%s]] and [[Ceasefire]].\n\nA second paragraph.\n", i, as[0])
		write(fmt.Sprintf("content/articles/%d/a-%03d.md", year, i), b.String())
	}
}

// fullFiles builds the site from scratch into memory, as `annals build`
// would write it without minification.
func fullFiles(t *testing.T, cfg Config) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	res, err := Check(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Diags.Err(); err != nil {
		t.Fatal(err)
	}
	produce, err := Produce(ctx, cfg, res)
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := output.Collect(ctx, nil, output.Options{}, produce)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSessionMatchesFullBuild edits a site step by step and checks after
// each step that the pages a session keeps up to date are byte for byte
// those of a build from scratch, and that the steps that should be
// incremental were.
func TestSessionMatchesFullBuild(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, 240)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	cfg := Config{Site: root.FS(), Templates: annals.Templates(), Static: annals.Static(), BaseURL: "/", Version: "test"}
	ctx := context.Background()
	s := NewSession(cfg)
	step, err := s.Run(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := step.Result.Diags.Err(); err != nil {
		t.Fatal(err)
	}
	if !step.Full {
		t.Fatal("the first run was not full")
	}
	files := step.Files
	var last *Result // the check the session's last step gave
	compare := func(t *testing.T) {
		t.Helper()
		if last != nil {
			full, err := Check(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := fmt.Sprint(last.Diags.Warnings), fmt.Sprint(full.Diags.Warnings); got != want {
				t.Errorf("warnings differ from a full check:\n got %s\nwant %s", got, want)
			}
		}
		want := fullFiles(t, cfg)
		var diffs []string
		for p, b := range want {
			if got, ok := files[p]; !ok {
				diffs = append(diffs, "missing "+p)
			} else if !bytes.Equal(got, b) {
				diffs = append(diffs, "differs "+p)
			}
		}
		for p := range files {
			if _, ok := want[p]; !ok {
				diffs = append(diffs, "extra "+p)
			}
		}
		slices.Sort(diffs)
		if len(diffs) > 0 {
			t.Fatalf("%d files differ from a full build, first: %s", len(diffs), strings.Join(diffs[:min(len(diffs), 12)], "; "))
		}
	}
	compare(t)

	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(name, old, new string) {
		s := read(name)
		if !strings.Contains(s, old) {
			t.Fatalf("%s has no %q", name, old)
		}
		write(name, strings.Replace(s, old, new, 1))
	}
	// newest is the file of the article the home page and the site's
	// feed show first.
	newest := func() string {
		as := s.last.Site.Articles
		return as[len(as)-1].Path
	}
	builtin, err := fs.ReadFile(annals.Templates(), "article.html")
	if err != nil {
		t.Fatal(err)
	}

	steps := []struct {
		name        string
		change      func() []string
		incremental bool
		unresolved  bool
		patched     bool // only the article was resolved and indexed
	}{
		{"second paragraph edited", func() []string {
			edit("content/articles/2025/a-011.md", "A second paragraph.", "A second paragraph, edited.")
			return []string{"content/articles/2025/a-011.md"}
		}, true, true, false},
		{"body under an editor's summary edited", func() []string {
			edit("content/articles/2025/a-012.md", "Body of article", "Edited body of article")
			return []string{"content/articles/2025/a-012.md"}
		}, true, true, false},
		{"a link in a body changed", func() []string {
			edit("content/articles/2025/a-012.md", "[[Ceasefire]]", "[[Sanctions]]")
			return []string{"content/articles/2025/a-012.md"}
		}, true, false, true},
		{"body edit", func() []string {
			edit("content/articles/2025/a-001.md", "Body of article", "Edited body of article")
			return []string{"content/articles/2025/a-001.md"}
		}, true, true, false},
		{"body edit changing the summary of a paginated actor's article", func() []string {
			edit("content/articles/2025/a-002.md", "A second paragraph.", "A second paragraph, longer now.")
			edit("content/articles/2025/a-003.md", "---\nBody", "---\nNew first paragraph.\n\nBody")
			return []string{"content/articles/2025/a-002.md", "content/articles/2025/a-003.md"}
		}, true, true, false},
		{"new actor in front matter", func() []string {
			edit("content/articles/2025/a-006.md", "actors: [", "actors: [Brand New Person, ")
			return []string{"content/articles/2025/a-006.md"}
		}, true, false, false},
		{"title change reorders", func() []string {
			edit("content/articles/2025/a-007.md", "title: Article number 7", "title: AAA first of its day")
			return []string{"content/articles/2025/a-007.md"}
		}, true, false, true},
		{"title of an article that quotes an actor and cites a source", func() []string {
			edit("content/articles/2025/a-077.md", "title: Article number 77", "title: A quoting and citing article")
			return []string{"content/articles/2025/a-077.md"}
		}, true, false, true},
		{"editor's summary edited", func() []string {
			edit("content/articles/2025/a-018.md", "summary: The editor's own", "summary: The editor's revised")
			return []string{"content/articles/2025/a-018.md"}
		}, true, false, true},
		{"title and summary of the newest article", func() []string {
			p := newest()
			edit(p, "title: ", "title: Newest, ")
			edit(p, "---\nBody", "---\nA new first paragraph of the newest.\n\nBody")
			return []string{p}
		}, true, false, true},
		{"actors changed among those the site has", func() []string {
			edit("content/articles/2025/a-021.md", "actors: [", "actors: [NATO, Keir Starmer, ")
			return []string{"content/articles/2025/a-021.md"}
		}, true, false, true},
		{"an actor written another way", func() []string {
			edit("content/articles/2025/a-022.md", "actors: [Kaja Kallas", "actors: [KAJA KALLAS")
			return []string{"content/articles/2025/a-022.md"}
		}, true, false, true},
		{"a quote added, and another file saved with it", func() []string {
			edit("content/articles/2025/a-023.md", "source: ", "cites: [Le Monde]\nsource: ")
			edit("content/articles/2025/a-026.md", "---\nBody", "quotes:\n  - by: Donald Trump\n    text: \"A new quote.\"\n    said: 2025-02-03\n---\nBody")
			return []string{"content/articles/2025/a-026.md", "content/articles/2025/a-023.md"}
		}, true, false, false},
		{"a quote's speaker changed", func() []string {
			edit("content/articles/2025/a-026.md", "by: Donald Trump", "by: Emmanuel Macron")
			return []string{"content/articles/2025/a-026.md"}
		}, true, false, true},
		{"no actors left", func() []string {
			s := read("content/articles/2025/a-027.md")
			i := strings.Index(s, "actors: [")
			j := strings.Index(s[i:], "]")
			write("content/articles/2025/a-027.md", s[:i]+"actors: []"+s[i+j+1:])
			return []string{"content/articles/2025/a-027.md"}
		}, true, false, true},
		{"date moves an article to another year", func() []string {
			edit("content/articles/2025/a-009.md", "date: \"2025-", "date: \"2024-")
			return []string{"content/articles/2025/a-009.md"}
		}, true, false, true},
		{"event added to an article", func() []string {
			edit("content/articles/2025/a-013.md", "---\nBody", "events: [summit-03]\n---\nBody")
			return []string{"content/articles/2025/a-013.md"}
		}, true, false, true},
		{"event moved to another of the site's", func() []string {
			edit("content/articles/2025/a-013.md", "events: [summit-03]", "events: [summit-07, inline-talks]")
			return []string{"content/articles/2025/a-013.md"}
		}, true, false, true},
		{"events removed from an article", func() []string {
			edit("content/articles/2025/a-013.md", "events: [summit-07, inline-talks]\n", "")
			return []string{"content/articles/2025/a-013.md"}
		}, true, false, true},
		{"a topic record nothing mentions", func() []string {
			write("content/topics/rare-topic.md", "---\ntitle: Rare topic\n---\nSeldom named.\n")
			return []string{"content/topics/rare-topic.md"}
		}, true, false, false},
		{"the topic record named by one article", func() []string {
			edit("content/articles/2025/a-028.md", "topics: [", "topics: [Rare topic, ")
			return []string{"content/articles/2025/a-028.md"}
		}, true, false, true},
		{"and by none again", func() []string {
			edit("content/articles/2025/a-028.md", "topics: [Rare topic, ", "topics: [")
			return []string{"content/articles/2025/a-028.md"}
		}, true, false, true},
		{"article deleted", func() []string {
			os.Remove(filepath.Join(dir, "content/articles/2025/a-014.md"))
			return []string{"content/articles/2025/a-014.md"}
		}, true, false, false},
		{"article added", func() []string {
			write("content/articles/2025/new-one.md", "---\ntitle: A new one\ndate: 2025-03-04\nsource: Reuters\nactors: [Kaja Kallas, Another New Actor]\ntopics: [Energy]\n---\nNew, with [[Sanctions]].\n")
			return []string{"content/articles/2025/new-one.md"}
		}, true, false, false},
		{"the only name of an actor written another way", func() []string {
			edit("content/articles/2025/new-one.md", "Another New Actor", "ANOTHER new actor")
			return []string{"content/articles/2025/new-one.md"}
		}, false, false, false},
		{"the only article naming an actor drops it", func() []string {
			edit("content/articles/2025/new-one.md", ", ANOTHER new actor", "")
			return []string{"content/articles/2025/new-one.md"}
		}, true, false, false},
		{"the only article naming an actor deleted", func() []string {
			os.Remove(filepath.Join(dir, "content/articles/2025/new-one.md"))
			return []string{"content/articles/2025/new-one.md"}
		}, true, false, false},
		{"entity record edited", func() []string {
			edit("content/actors/kaja-kallas.md", "High Representative.", "High Representative of the Union.")
			return []string{"content/actors/kaja-kallas.md"}
		}, false, false, false},
		{"template edited", func() []string {
			write("templates/article.html", strings.Replace(string(builtin), "</article>", "</article><!-- local -->", 1))
			return []string{"templates/article.html"}
		}, false, false, false},
		{"body edit after the template", func() []string {
			edit("content/articles/2025/a-001.md", "Edited body", "Edited twice, body")
			return []string{"content/articles/2025/a-001.md"}
		}, true, true, false},
		{"broken, then fixed", func() []string {
			edit("content/articles/2025/a-002.md", "title:", "title: [unclosed")
			if step, err := s.Run(ctx, []string{"content/articles/2025/a-002.md"}); err != nil || len(step.Result.Diags.Errors) == 0 {
				t.Fatalf("a broken file gave no error: %v", err)
			}
			edit("content/articles/2025/a-002.md", "title: [unclosed", "title:")
			edit("content/articles/2025/a-004.md", "Body of", "Also edited while broken: body of")
			return []string{"content/articles/2025/a-002.md", "content/articles/2025/a-004.md"}
		}, true, false, false},
	}
	for _, st := range steps {
		t.Run(strings.ReplaceAll(st.name, " ", "_"), func(t *testing.T) {
			step, err := s.Run(ctx, st.change())
			if err != nil {
				t.Fatal(err)
			}
			if err := step.Result.Diags.Err(); err != nil {
				t.Fatal(err)
			}
			last = step.Result
			if step.Full {
				files = step.Files
			} else {
				for p, b := range step.Files {
					files[p] = b
				}
				for _, p := range step.Removed {
					delete(files, p)
				}
			}
			t.Logf("full=%v (%s), unresolved=%v, %d pages and %d data files rendered, %d removed, %d bodies checked, %d reused",
				step.Full, step.Reason, step.Unresolved, step.Pages, step.Data, len(step.Removed), step.Checked, step.Reused)
			if step.Unresolved != st.unresolved {
				t.Errorf("unresolved = %v, want %v", step.Unresolved, st.unresolved)
			}
			if step.Patched != st.patched {
				t.Errorf("patched = %v, want %v", step.Patched, st.patched)
			}
			if step.Full == st.incremental {
				t.Errorf("full = %v (%s), want %v", step.Full, step.Reason, !st.incremental)
			}
			compare(t)
		})
	}
}
