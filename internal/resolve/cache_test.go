package resolve

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/annals/annals/internal/load"
	"github.com/annals/annals/internal/model"
)

// describeSite writes down everything a resolution decides, for comparing
// a patched site with one resolved from scratch: every article field,
// every entity with its name, spelling and where it was first named, and
// the warnings.
func describeSite(s *model.Site, d model.Diagnostics, bodies bool) string {
	var b strings.Builder
	ids := func(label string, refs []model.EntityRef) {
		fmt.Fprintf(&b, " %s=%v", label, refs)
	}
	for _, a := range s.Articles {
		fmt.Fprintf(&b, "article %s %s %q %s url=%s lang=%s summary=%q/%v draft=%v", a.Path, a.Slug, a.Title, a.Date, a.URL, a.Language, a.Summary, a.SummaryFromBody, a.Draft)
		if a.Source != nil {
			fmt.Fprintf(&b, " source=%s", a.Source.ID)
		}
		ids("actors", model.RefsOf(a.Actors))
		ids("topics", model.RefsOf(a.Topics))
		ids("events", model.RefsOf(a.Events))
		ids("cites", model.RefsOf(a.Cites))
		ids("links", a.Links)
		for _, q := range a.Quotes {
			fmt.Fprintf(&b, " quote(%v %q %s %v)", q.By.Ref(), q.Text, q.Said, q.Event != nil)
		}
		if bodies {
			html, err := a.HTML()
			fmt.Fprintf(&b, " body=%q %v", html, err)
		}
		b.WriteString("\n")
	}
	entity := func(e *model.Entity) {
		fmt.Fprintf(&b, "%s/%s %q aliases=%q summary=%q record=%s first=%s\n", e.Kind, e.ID, e.Name, e.Aliases, e.Summary, e.Record, e.FirstSeen)
	}
	for e := range s.Entities() {
		entity(e)
	}
	d.Sort()
	fmt.Fprintf(&b, "errors %v\nwarnings %v\n", d.Errors, d.Warnings)
	return b.String()
}

// TestPatchMatchesResolve edits one article at a time and checks that
// Cache.Patch gives what resolving everything again gives, or refuses.
func TestPatchMatchesResolve(t *testing.T) {
	base := map[string]string{
		"content/topics/rare.md":   "---\ntitle: Rare\n---\nSeldom named.\n",
		"content/sources/tass.md":  "---\ntitle: TASS\nkind: state media\n---\n",
		"content/events/summit.md": "---\ntitle: Summit\ndate: 2025-02-01\nactors: [Eve Event]\n---\n",
		"content/events/talks.md":  "---\ntitle: Talks\ndate: 2025-03-01\n---\n",
		"content/articles/a.md":    article("Alpha", "2025-01-02", "Reuters", "Zoe Angstrom, Bob", "About [[Zoe Angstrom]].\n"),
		"content/articles/b.md":    article("Beta", "2025-01-03", "reuters", "Zoë Ångström, Carl", "Second.\n"),
		"content/articles/c.md":    "---\ntitle: Gamma\ndate: 2025-01-04\nsource: TASS\nactors: [Bob, Eve Event]\ntopics: [Energy]\ncites: [Reuters]\nevents: [summit]\nquotes:\n  - by: Bob\n    text: \"Hello.\"\n---\nThird.\n",
		"content/articles/d.md":    article("Delta", "2025-01-05", "BBC", "Carl", "Fourth.\n"),
		"content/articles/e.md":    article("Epsilon", "2025-01-06", "Reuters", "Zoe Angstrom", "Fifth.\n"),
	}
	cases := []struct {
		name, path, text string
		patched          bool
	}{
		{"title", "content/articles/b.md", article("Beta edited", "2025-01-03", "reuters", "Zoë Ångström, Carl", "Second.\n"), true},
		{"title that moves it first", "content/articles/d.md", article("Delta", "2025-01-01", "BBC", "Carl", "Fourth.\n"), true},
		{"the first namer moves last", "content/articles/a.md", article("Alpha", "2025-06-01", "Reuters", "Zoe Angstrom, Bob", "About [[Zoe Angstrom]].\n"), true},
		{"actors within the site", "content/articles/d.md", article("Delta", "2025-01-05", "BBC", "Carl, Bob, Eve Event", "Fourth.\n"), true},
		{"no actors", "content/articles/d.md", article("Delta", "2025-01-05", "BBC", "", "Fourth.\n"), true},
		{"summary from a new first paragraph", "content/articles/b.md", article("Beta", "2025-01-03", "reuters", "Zoë Ångström, Carl", "New first.\n\nSecond.\n"), true},
		{"a record topic named", "content/articles/d.md", "---\ntitle: Delta\ndate: 2025-01-05\nsource: BBC\nactors: [Carl]\ntopics: [Rare]\n---\nFourth.\n", true},
		{"events and quotes changed", "content/articles/c.md", "---\ntitle: Gamma\ndate: 2025-01-04\nsource: TASS\nactors: [Bob, Eve Event]\ntopics: [Energy]\nevents: [talks]\nquotes:\n  - by: Carl\n    text: \"Hi.\"\n    event: talks\n---\nThird, on [[Summit]].\n", true},
		{"a tie of spellings", "content/articles/a.md", article("Alpha", "2025-01-02", "Reuters", "Bob", "About [[Zoe Angstrom]].\n"), false},
		{"the shown spelling wins again", "content/articles/b.md", article("Beta", "2025-01-03", "reuters", "Zoe Angstrom, Carl", "Second.\n"), true},
		{"the shown spelling changes", "content/articles/a.md", article("Alpha", "2025-01-02", "Reuters", "Zoë Ångström, Bob", "About [[Zoe Angstrom]].\n"), false},
		{"a new actor", "content/articles/d.md", article("Delta", "2025-01-05", "BBC", "Carl, Dana", "Fourth.\n"), false},
		{"a topic loses its only article", "content/articles/c.md", "---\ntitle: Gamma\ndate: 2025-01-04\nsource: TASS\nactors: [Bob, Eve Event]\ncites: [Reuters]\nevents: [summit]\nquotes:\n  - by: Bob\n    text: \"Hello.\"\n---\nThird.\n", false},
		{"an actor loses one of its articles", "content/articles/b.md", article("Beta", "2025-01-03", "reuters", "Zoë Ångström, Bob", "Second.\n"), true},
		{"an unknown event", "content/articles/d.md", "---\ntitle: Delta\ndate: 2025-01-05\nsource: BBC\nactors: [Carl]\nevents: [nowhere]\n---\nFourth.\n", false},
		{"an inline event", "content/articles/d.md", "---\ntitle: Delta\ndate: 2025-01-05\nsource: BBC\nactors: [Carl]\nevents:\n  - {id: talks, title: Talks, date: 2025-03-01}\n---\nFourth.\n", false},
		{"a broken link", "content/articles/d.md", article("Delta", "2025-01-05", "BBC", "Carl", "[[Nobody]]\n"), false},
		{"the slug", "content/articles/d.md", "---\ntitle: Delta\ndate: 2025-01-05\nsource: BBC\nactors: [Carl]\nslug: other\n---\nFourth.\n", false},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			fsys := fstest.MapFS{}
			for p, s := range base {
				fsys[p] = &fstest.MapFile{Data: []byte(s)}
			}
			ctx := context.Background()
			loaded, d := load.Load(ctx, fsys)
			if len(d.Errors) > 0 {
				t.Fatal(d.Errors)
			}
			cache := NewCache()
			s, diags := Resolve(ctx, loaded, Options{Cache: cache})
			if len(diags.Errors) > 0 {
				t.Fatal(diags.Errors)
			}
			before := describeSite(s, diags, false)
			fsys[c.path] = &fstest.MapFile{Data: []byte(c.text)}
			edited, d := load.Load(ctx, fsys)
			if len(d.Errors) > 0 {
				t.Fatal(d.Errors)
			}
			var doc *load.Doc
			for _, x := range edited.Docs {
				if x.Path == c.path {
					doc = x
				}
			}
			next, old, cur, pd, ok := cache.Patch(s, doc)
			if ok != c.patched {
				t.Fatalf("patched = %v, want %v", ok, c.patched)
			}
			if !ok {
				if got := describeSite(s, diags, false); got != before {
					t.Errorf("a refused patch changed the site:\n%s\nwas\n%s", got, before)
				}
				return
			}
			if old.Path != c.path || cur.Path != c.path {
				t.Errorf("old %s, cur %s", old.Path, cur.Path)
			}
			want, wd := Resolve(ctx, edited, Options{})
			if got, want := describeSite(next, pd, true), describeSite(want, wd, true); got != want {
				t.Errorf("patched:\n%s\nresolved:\n%s", got, want)
			}
			// A second edit patches the patched site.
			if next2, _, _, _, ok := cache.Patch(next, doc); ok {
				if got, want := describeSite(next2, pd, true), describeSite(want, wd, true); got != want {
					t.Errorf("patched twice:\n%s\nresolved:\n%s", got, want)
				}
			}
		})
	}
}
