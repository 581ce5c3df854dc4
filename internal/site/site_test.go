package site

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	annals "github.com/annals/annals"
	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/output"
)

func testConfig(site fs.FS) Config {
	return Config{Site: site, Templates: annals.Templates(), Static: annals.Static(), Version: "test", CheckTemplates: true}
}

// collect builds a site into memory.
func collect(t *testing.T, cfg Config) (map[string][]byte, *Result) {
	t.Helper()
	ctx := context.Background()
	res, err := Check(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Diags.Err(); err != nil {
		t.Fatalf("content errors:\n%v", err)
	}
	produce, err := Produce(ctx, cfg, res)
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := output.Collect(ctx, cfg.Static, output.Options{Minify: cfg.Minify}, produce)
	if err != nil {
		t.Fatal(err)
	}
	return files, res
}

// TestGolden builds each site in testdata/sites unminified and compares
// every file with its want/ tree, and the timeline dump with
// timeline.golden. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/sites/*")
	if len(dirs) == 0 {
		t.Fatal("no golden sites")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()
			files, res := collect(t, testConfig(root.FS()))
			var dump bytes.Buffer
			res.Index.Dump(&dump)
			files["../timeline.golden"] = dump.Bytes()
			// Built-in assets are copied, not rendered: they are the files in
			// static/, and keeping copies here would only repeat them.
			for p := range files {
				if strings.HasPrefix(p, "assets/") {
					delete(files, p)
				}
			}
			if *update {
				os.RemoveAll(filepath.Join(dir, "want"))
				for p, b := range files {
					f := filepath.Join(dir, "want", filepath.FromSlash(p))
					if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(f, b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := map[string][]byte{}
			wantDir := filepath.Join(dir, "want")
			filepath.WalkDir(wantDir, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(wantDir, p)
					want[filepath.ToSlash(rel)], _ = os.ReadFile(p)
				}
				return nil
			})
			want["../timeline.golden"], _ = os.ReadFile(filepath.Join(dir, "timeline.golden"))
			for p, b := range files {
				w, ok := want[p]
				switch {
				case !ok:
					t.Errorf("%s: built but not in want/ (run go test -update)", p)
				case !bytes.Equal(b, w):
					t.Errorf("%s differs from want/ (run go test -update and review the diff):\n%s", p, firstDiff(w, b))
				}
			}
			for p := range want {
				if _, ok := files[p]; !ok {
					t.Errorf("%s: in want/ but no longer built", p)
				}
			}
		})
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d\nwant: %s\ngot:  %s", i+1, w, g)
		}
	}
	return ""
}

// bundled is the repository's own site.
func bundled(t *testing.T) fs.FS {
	t.Helper()
	root, err := os.OpenRoot("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root.FS()
}

// TestDeterministic builds the bundled site several times with different
// GOMAXPROCS and file orders and requires identical bytes.
func TestDeterministic(t *testing.T) {
	cfg := testConfig(bundled(t))
	cfg.Minify = true
	first, _ := collect(t, cfg)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 3, 8} {
		runtime.GOMAXPROCS(procs)
		again, _ := collect(t, cfg)
		if len(again) != len(first) {
			t.Fatalf("GOMAXPROCS=%d: %d files, first build %d", procs, len(again), len(first))
		}
		for p, b := range first {
			if !bytes.Equal(again[p], b) {
				t.Fatalf("GOMAXPROCS=%d: %s differs between builds", procs, p)
			}
		}
	}
}

// TestBuildAtomic checks that a failed build leaves the last good output
// byte for byte, and a good one removes pages of deleted content.
func TestBuildAtomic(t *testing.T) {
	site := fstest.MapFS{
		"content/articles/a.md": {Data: []byte("---\ntitle: A\ndate: 2025-01-02\nsource: S\nactors: [P]\n---\nBody.\n")},
		"content/articles/b.md": {Data: []byte("---\ntitle: B\ndate: 2025-01-03\nsource: S\nactors: [P]\n---\nBody.\n")},
	}
	out := filepath.Join(t.TempDir(), "public")
	ctx := context.Background()
	if _, err := Build(ctx, testConfig(site), out); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	if _, ok := before["articles/b/index.html"]; !ok {
		t.Fatal("articles/b/index.html not built")
	}

	site["content/articles/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: C\ndate: 2025-02-30\nsource: S\n---\n")}
	_, err := Build(ctx, testConfig(site), out)
	if _, ok := model.AsContentError(err); !ok {
		t.Fatalf("bad date: err = %v, want a content error", err)
	}
	if after := snapshot(t, out); !mapsEqual(before, after) {
		t.Fatal("a failed build changed the output")
	}

	delete(site, "content/articles/c.md")
	delete(site, "content/articles/b.md")
	if _, err := Build(ctx, testConfig(site), out); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, out)
	if _, ok := after["articles/b/index.html"]; ok {
		t.Error("page of deleted article b is still there")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left beside the output: %v", names)
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			m[rel] = "dir " + info.Mode().String()
			return nil
		}
		b, err := os.ReadFile(p)
		m[rel] = fmt.Sprintf("%x %s", sha256.Sum256(b), info.Mode())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestHostileFiles covers inputs that cannot live in text archives.
func TestHostileFiles(t *testing.T) {
	front := "---\ntitle: A\ndate: 2025\nsource: S\nactors: [P]\n---\n"
	tests := []struct {
		name, body string
		want       string
	}{
		{"bom", "\ufeff" + front + "ok\n", ""},
		{"crlf", strings.ReplaceAll(front, "\n", "\r\n") + "ok\r\n", ""},
		{"invalid-utf8", front + "ok\n\xff\xfe\n", "content/articles/a.md:8:1: not valid UTF-8"},
		{"nul", front + "a\x00b", "content/articles/a.md:7:2: NUL byte"},
		{"too-large", front + strings.Repeat("word ", 14000), "content/articles/a.md:1:1: entry is 70"},
		{"deep-lists", front + deepList(40), "content/articles/a.md:"},
		{"deep-quotes", front + strings.Repeat(">", 100) + " x\n", "content/articles/a.md:7:"},
		{"only-dashes", "---\n---\n", "\ncontent/articles/a.md:1:1: article needs a title"},
		{"empty", "", "content/articles/a.md:1:1: no front matter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := fstest.MapFS{"content/articles/a.md": {Data: []byte(tt.body)}}
			res, err := Check(context.Background(), testConfig(site))
			if err != nil {
				t.Fatal(err)
			}
			got := diagText(model.Diagnostics{Errors: res.Diags.Errors})
			if tt.want == "" {
				if got != "" {
					t.Errorf("errors:\n%s", got)
				}
				return
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("errors:\n%s\nwant one starting %q", got, tt.want)
			}
		})
	}
}

func deepList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

// TestBundledSite builds the repository's own content: no errors, no
// warnings, and the facts editors rely on.
func TestBundledSite(t *testing.T) {
	files, res := collect(t, testConfig(bundled(t)))
	if len(res.Diags.Warnings) > 0 {
		t.Errorf("warnings:\n%s", diagText(model.Diagnostics{Warnings: res.Diags.Warnings}))
	}
	s := res.Site
	if len(s.Articles) != 5 {
		t.Errorf("%d articles, want the 5 seed articles", len(s.Articles))
	}
	kallas := find(s.Actors, "kaja-kallas")
	if kallas == nil {
		t.Fatal("no actor kaja-kallas")
	}
	if n := len(res.Index.Mentions[kallas.Ref()]); n != 5 {
		t.Errorf("Kaja Kallas is mentioned by %d articles, want 5", n)
	}
	// The 2025 timeline runs Alaska → White House → Miami → Brussels.
	var order []string
	for _, e := range s.Events {
		if e.Date.Year == 2025 {
			order = append(order, e.ID)
		}
	}
	idx := func(id string) int { return slices.Index(order, id) }
	seq := []string{"alaska-summit", "white-house-meeting-august-2025", "miami-talks-shell-bay", "eu-defence-ministers-brussels-2025-12"}
	for i := 1; i < len(seq); i++ {
		if idx(seq[i-1]) < 0 || idx(seq[i-1]) >= idx(seq[i]) {
			t.Errorf("2025 events %v: want %s before %s", order, seq[i-1], seq[i])
		}
	}
	// Every entity has a page and at least one mention.
	for _, p := range []string{"index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt", "timeline.json", "events.ics", "timeline/2025/index.html"} {
		if _, ok := files[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	check := func(e *model.Entity) {
		if _, ok := files[string(e.Kind)+"/"+e.ID+"/index.html"]; !ok {
			t.Errorf("%s/%s has no page", e.Kind, e.ID)
		}
		if len(res.Index.Mentions[e.Ref()]) == 0 && e.Kind != model.KindEvent {
			t.Errorf("%s/%s: nothing mentions it", e.Kind, e.ID)
		}
	}
	for e := range s.Entities() {
		check(e)
	}
	for _, a := range s.Articles {
		if _, ok := files["articles/"+a.Slug+"/index.html"]; !ok {
			t.Errorf("article %s has no page", a.Slug)
		}
	}
}

func find[T interface{ Ref() model.EntityRef }](xs []T, id string) T {
	var zero T
	for _, x := range xs {
		if x.Ref().ID == id {
			return x
		}
	}
	return zero
}

// TestOverriddenPartialsAreCached checks that a site's own partials.html
// replaces the rows that are rendered once and reused across pages: an
// edited "entry" shows on year pages, an edited "articleref" on entity
// pages, and every row carries the article it is about.
func TestOverriddenPartialsAreCached(t *testing.T) {
	builtin, err := fs.ReadFile(annals.Templates(), "partials.html")
	if err != nil {
		t.Fatal(err)
	}
	partials := strings.NewReplacer(
		`<li class="entry`, `<li data-row="{{.Href}}" class="entry`,
		`<li class="article-ref">`, `<li class="article-ref" data-ref="{{.Href}}">`,
	).Replace(string(builtin))
	fsys := fstest.MapFS{"templates/partials.html": {Data: []byte(partials)}}
	for p, f := range map[string]string{
		"content/_index.md":     "---\ntitle: Rows\n---\n",
		"content/articles/a.md": "---\ntitle: First\ndate: 2025-01-02\nsource: Wire\nactors: [Ana]\n---\nOne.\n",
		"content/articles/b.md": "---\ntitle: Second\ndate: 2025-01-03\nsource: Wire\nactors: [Ana]\n---\nTwo.\n",
	} {
		fsys[p] = &fstest.MapFile{Data: []byte(f)}
	}
	files, _ := collect(t, testConfig(fsys))
	for page, want := range map[string][]string{
		"timeline/2025/index.html": {`data-row="/articles/a/"`, `data-row="/articles/b/"`},
		"actors/ana/index.html":    {`data-ref="/articles/a/"`, `data-ref="/articles/b/"`},
		"sources/wire/index.html":  {`data-ref="/articles/a/"`, `data-ref="/articles/b/"`},
	} {
		for _, w := range want {
			if !strings.Contains(string(files[page]), w) {
				t.Errorf("%s lacks %s:\n%s", page, w, files[page])
			}
		}
	}
}

// TestMinifiedTemplates checks the minified build, which executes
// minified templates instead of minifying each page: its pages must be
// the unminified pages minified (the minifier, run over both, makes the
// same bytes) and about as small. They are a little larger: quotes stay
// around attribute values that come from the data, and white space next
// to a template action, which the minifier cannot judge.
func TestMinifiedTemplates(t *testing.T) {
	basic, err := os.OpenRoot("testdata/sites/basic")
	if err != nil {
		t.Fatal(err)
	}
	defer basic.Close()
	m := output.NewMinifier()
	for name, fsys := range map[string]fs.FS{"bundled": bundled(t), "basic": basic.FS()} {
		t.Run(name, func(t *testing.T) {
			plain, _ := collect(t, testConfig(fsys))
			cfg := testConfig(fsys)
			cfg.Minify = true
			small, _ := collect(t, cfg)
			pages := 0
			for p, b := range plain {
				if !strings.HasSuffix(p, ".html") {
					continue
				}
				pages++
				want, err := m.Minify(p, b)
				if err != nil {
					t.Fatal(err)
				}
				got, err := m.Minify(p, small[p])
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from the page minified:\n got %s\nwant %s", p, got, want)
					continue
				}
				if len(small[p]) > len(want)+len(want)/25 {
					t.Errorf("%s is %d bytes, the page minified %d", p, len(small[p]), len(want))
				}
			}
			if pages < 10 {
				t.Fatalf("only %d pages", pages)
			}
		})
	}
}

// TestBuildKeepsBodies checks that Build, which renders article bodies
// once while checking and keeps them in a temporary file, writes exactly
// the files of a render that renders them again for their pages.
func TestBuildKeepsBodies(t *testing.T) {
	cfg := testConfig(bundled(t))
	cfg.Minify = true
	want, _ := collect(t, cfg)
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), cfg, out)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Site.Articles) == 0 {
		t.Fatal("the bundled site has no articles")
	}
	got := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		got++
		if w, ok := want[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s: written by Build only", rel)
		} else if !bytes.Equal(b, w) {
			t.Errorf("%s differs:\n%s", rel, firstDiff(w, b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != len(want) {
		t.Errorf("Build wrote %d files, the render %d", got, len(want))
	}
}
