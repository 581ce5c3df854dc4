package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
)

// pages returns a Produce that emits ps in order.
func pages(ps ...Page) Produce {
	return func(emit func(Page) error) error {
		for _, p := range ps {
			if err := emit(p); err != nil {
				return err
			}
		}
		return nil
	}
}

func page(path, body string) Page { return Page{Path: path, Body: []byte(body)} }

// snapshot describes every entry under dir, symlinks not followed: a file's
// mode and sha256, a directory's mode, a link's target.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			snap[filepath.ToSlash(rel)] = "link " + target
		case d.IsDir():
			snap[filepath.ToSlash(rel)] = info.Mode().String()
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(b)
			snap[filepath.ToSlash(rel)] = info.Mode().String() + " " + hex.EncodeToString(sum[:])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// contents reads every regular file under dir into a map keyed by slash path.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func diff(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if g, ok := got[k]; !ok {
			t.Errorf("%s: %s missing", what, k)
		} else if g != want[k] {
			t.Errorf("%s: %s = %q, want %q", what, k, g, want[k])
		}
	}
	for _, k := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected %s = %q", what, k, got[k])
		}
	}
}

var testStatic = fstest.MapFS{
	"style.css":          {Data: []byte("body {\n  color: #ff0000;\n}\n")},
	"img/logo.png":       {Data: []byte("\x89PNG\r\n\x1a\n")},
	"index.html":         {Data: []byte("<p>placeholder</p>")},
	".DS_Store":          {Data: []byte("junk")},
	".git/config":        {Data: []byte("junk")},
	"img/.hidden":        {Data: []byte("junk")},
	"js/app.js":          {Data: []byte("let  a = 1 ;\n")},
	"img/empty/.keep":    {Data: []byte("")},
	"fonts/x.woff2":      {Data: []byte("wOF2")},
	"symlink.html":       {Data: []byte("x"), Mode: fs.ModeSymlink},
	"named-pipe":         {Mode: fs.ModeNamedPipe},
	"humans.txt":         {Data: []byte("Annals\n")},
	"favicon/site.svg":   {Data: []byte("<svg xmlns=\"http://www.w3.org/2000/svg\">\n</svg>\n")},
	"timeline/.DS_Store": {Data: []byte("junk")},
}

var testPages = []Page{
	page("index.html", "<html lang=\"en\">\n<body>\n  <h1> Annals </h1>\n</body>\n</html>\n"),
	page("actors/kaja-kallas/index.html", "<html lang=\"en\"><body>  <p>Kaja   Kallas</p> </body></html>"),
	page("feed.xml", "<feed>\n  <id>x</id>\n</feed>\n"),
	page("events.ics", "BEGIN:VCALENDAR\r\n  X\r\nEND:VCALENDAR\r\n"),
	page("timeline.json", "{ \"a\" : [ 1 ] }"),
}

func TestWrite(t *testing.T) {
	for _, c := range []struct {
		name  string
		opts  Options
		want  map[string]string
		stats Stats
	}{
		{
			name: "plain",
			opts: Options{Workers: 3},
			want: map[string]string{
				"style.css":                     "body {\n  color: #ff0000;\n}\n",
				"img/logo.png":                  "\x89PNG\r\n\x1a\n",
				"js/app.js":                     "let  a = 1 ;\n",
				"fonts/x.woff2":                 "wOF2",
				"humans.txt":                    "Annals\n",
				"favicon/site.svg":              "<svg xmlns=\"http://www.w3.org/2000/svg\">\n</svg>\n",
				"index.html":                    "<html lang=\"en\">\n<body>\n  <h1> Annals </h1>\n</body>\n</html>\n",
				"actors/kaja-kallas/index.html": "<html lang=\"en\"><body>  <p>Kaja   Kallas</p> </body></html>",
				"feed.xml":                      "<feed>\n  <id>x</id>\n</feed>\n",
				"events.ics":                    "BEGIN:VCALENDAR\r\n  X\r\nEND:VCALENDAR\r\n",
				"timeline.json":                 "{ \"a\" : [ 1 ] }",
			},
		},
		{
			name: "minified",
			opts: Options{Minify: true},
			want: map[string]string{
				"style.css":                     "body{color:red}",
				"img/logo.png":                  "\x89PNG\r\n\x1a\n",
				"js/app.js":                     "let a=1",
				"fonts/x.woff2":                 "wOF2",
				"humans.txt":                    "Annals\n",
				"favicon/site.svg":              "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
				"index.html":                    "<html lang=en><body><h1>Annals</h1></body></html>",
				"actors/kaja-kallas/index.html": "<html lang=en><body><p>Kaja Kallas</p></body></html>",
				"feed.xml":                      "<feed><id>x</id></feed>",
				"events.ics":                    "BEGIN:VCALENDAR\r\n  X\r\nEND:VCALENDAR\r\n",
				"timeline.json":                 "{\"a\":[1]}",
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "public")
			stats, err := Write(t.Context(), dir, testStatic, c.opts, pages(testPages...))
			if err != nil {
				t.Fatal(err)
			}
			got := contents(t, dir)
			diff(t, "output", got, c.want)
			var size int64
			for _, b := range c.want {
				size += int64(len(b))
			}
			if want := (Stats{Files: len(c.want), Bytes: size}); stats != want {
				t.Errorf("stats = %+v, want %+v", stats, want)
			}
			if names := entries(t, parent); !slices.Equal(names, []string{"public"}) {
				t.Errorf("parent holds %q, want only public", names)
			}
			for p, s := range snapshot(t, dir) {
				mode := strings.Fields(s)[0]
				if _, isFile := c.want[p]; isFile && mode != "-rw-r--r--" && mode != "-rw-------" {
					t.Errorf("%s has mode %s", p, mode)
				}
				if _, isFile := c.want[p]; !isFile && p != "." && mode[0] != 'd' {
					t.Errorf("%s is %s, want a directory", p, mode)
				}
			}
			if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o755 {
				t.Errorf("output dir mode = %v, %v; want 0755", fi.Mode(), err)
			}

			// Collect must agree with Write, byte for byte.
			mem, mstats, err := Collect(t.Context(), testStatic, c.opts, pages(testPages...))
			if err != nil {
				t.Fatal(err)
			}
			memStr := map[string]string{}
			for k, v := range mem {
				memStr[k] = string(v)
			}
			diff(t, "collect", memStr, got)
			if mstats != stats {
				t.Errorf("Collect stats = %+v, Write stats = %+v", mstats, stats)
			}
		})
	}
}

// prior writes a previous output with a file, a nested file and a symlink,
// and returns the output path and its snapshot.
func prior(t *testing.T) (parent, dir string, snap map[string]string) {
	t.Helper()
	parent = t.TempDir()
	dir = filepath.Join(parent, "public")
	if _, err := Write(t.Context(), dir, nil, Options{}, pages(
		page("index.html", "old index"),
		page("actors/x/index.html", "old actor"),
	)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("index.html", filepath.Join(dir, "link.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "actors/x/index.html"), 0o600); err != nil {
		t.Fatal(err)
	}
	return parent, dir, snapshot(t, dir)
}

func TestWriteFailureKeepsPrevious(t *testing.T) {
	boom := errors.New("boom")
	many := func(bad Page) Produce {
		return func(emit func(Page) error) error {
			for i := range 100 {
				p := page(fmt.Sprintf("p/%d/index.html", i), "<p>new</p>")
				if i == 50 {
					p = bad
				}
				if err := emit(p); err != nil {
					return err
				}
			}
			return nil
		}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		name    string
		ctx     context.Context
		static  fs.FS
		opts    Options
		produce Produce
		want    string
	}{
		{
			name: "produce fails midway",
			produce: func(emit func(Page) error) error {
				for i := range 20 {
					if err := emit(page(fmt.Sprintf("p%d.html", i), "new")); err != nil {
						return err
					}
				}
				return boom
			},
			want: "boom",
		},
		{name: "bad path", produce: many(page("../escape.html", "x")), want: `"../escape.html"`},
		{name: "duplicate", produce: many(page("p/3/index.html", "x")), want: "two pages at p/3/index.html"},
		{name: "minify error", opts: Options{Minify: true}, produce: many(page("p/app.js", "function ( {")), want: "p/app.js"},
		{name: "file over directory", produce: many(page("p", "x")), want: "p"},
		{name: "bad static path", static: fstest.MapFS{"a\\b.css": {}}, produce: many(page("x.html", "x")), want: `"a\\b.css"`},
		{name: "cancelled", ctx: cancelled, produce: pages(page("index.html", "new")), want: "context canceled"},
		{
			name: "produce ignores emit error",
			produce: func(emit func(Page) error) error {
				emit(page("a/../../x", "x"))
				return nil
			},
			want: `"a/../../x"`,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent, dir, before := prior(t)
			ctx := c.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			for _, workers := range []int{1, 4} {
				c.opts.Workers = workers
				_, err := Write(ctx, dir, c.static, c.opts, c.produce)
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Fatalf("Write error = %v, want one containing %q", err, c.want)
				}
				diff(t, "previous output", snapshot(t, dir), before)
				if names := entries(t, parent); !slices.Equal(names, []string{"public"}) {
					t.Errorf("parent holds %q, want only public", names)
				}
			}
		})
	}
}

func TestEmitAfterReturn(t *testing.T) {
	var late func(Page) error
	mem, _, err := Collect(t.Context(), nil, Options{}, func(emit func(Page) error) error {
		late = emit
		return emit(page("a.html", "a"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := late(page("b.html", "b")); !errors.Is(err, errClosed) {
		t.Errorf("emit after return = %v, want %v", err, errClosed)
	}
	if len(mem) != 1 {
		t.Errorf("Collect returned %d files, want 1", len(mem))
	}
}

func TestWriteRemovesStale(t *testing.T) {
	parent, dir, _ := prior(t)
	if _, err := Write(t.Context(), dir, nil, Options{}, pages(page("index.html", "new index"))); err != nil {
		t.Fatal(err)
	}
	diff(t, "output", contents(t, dir), map[string]string{"index.html": "new index"})
	if names := entries(t, parent); !slices.Equal(names, []string{"public"}) {
		t.Errorf("parent holds %q, want only public", names)
	}
}

func TestWriteTarget(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		// Home and working directory are fakes, so a broken refusal costs
		// a temporary directory, not a real one.
		base := t.TempDir()
		home := filepath.Join(base, "home", "user")
		wd := filepath.Join(base, "work", "site")
		for _, d := range []string{home, wd} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		t.Setenv("HOME", home)
		t.Chdir(wd)
		file := filepath.Join(base, "file")
		if err := os.WriteFile(file, []byte("keep"), 0o644); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, base)
		for _, dir := range []string{"", "/", file, home, filepath.Dir(home), wd, ".", "..", filepath.Join(base, "work")} {
			if _, err := Write(t.Context(), dir, nil, Options{}, pages(page("x.html", "x"))); err == nil {
				t.Errorf("Write(%q) succeeded, want refusal", dir)
			}
		}
		diff(t, "tree", snapshot(t, base), before)
	})
	t.Run("symlink kept", func(t *testing.T) {
		parent := t.TempDir()
		real := filepath.Join(parent, "real")
		if err := os.Mkdir(real, 0o755); err != nil {
			t.Fatal(err)
		}
		link := filepath.Join(parent, "public")
		if err := os.Symlink("real", link); err != nil {
			t.Fatal(err)
		}
		if _, err := Write(t.Context(), link, nil, Options{}, pages(page("x.html", "x"))); err != nil {
			t.Fatal(err)
		}
		if target, err := os.Readlink(link); err != nil || target != "real" {
			t.Errorf("link = %q, %v; want it kept", target, err)
		}
		diff(t, "output", contents(t, real), map[string]string{"x.html": "x"})
	})
	t.Run("relative new", func(t *testing.T) {
		parent := t.TempDir()
		t.Chdir(parent)
		if _, err := Write(t.Context(), "site/public", nil, Options{}, pages(page("x.html", "x"))); err == nil {
			t.Fatal("Write into a missing parent succeeded")
		}
		if _, err := Write(t.Context(), "public", nil, Options{}, pages(page("x.html", "x"))); err != nil {
			t.Fatal(err)
		}
		diff(t, "output", contents(t, filepath.Join(parent, "public")), map[string]string{"x.html": "x"})
	})
}

func TestWritePathTraversal(t *testing.T) {
	for _, p := range []string{
		"../x", "a/../../x", "/etc/passwd", `a\b`, `..\..\x`, "a//b", ".git/config",
		"a/./b", "a\x00b", "", "a/", ".", "..", "./x",
	} {
		t.Run(fmt.Sprintf("%q", p), func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "out", "public")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, parent)
			_, err := Write(t.Context(), dir, nil, Options{}, pages(page("ok.html", "ok"), page(p, "pwned")))
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", p)) {
				t.Errorf("Write error = %v, want one naming %q", err, p)
			}
			diff(t, "parent", snapshot(t, parent), before)
			if _, _, err := Collect(t.Context(), nil, Options{}, pages(page(p, "pwned"))); err == nil {
				t.Errorf("Collect accepted %q", p)
			}
		})
	}
}

func TestStaticSymlinkNotFollowed(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	for name, data := range map[string]string{"style.css": "p{}", "sub/a.txt": "a"} {
		os.MkdirAll(filepath.Dir(filepath.Join(src, name)), 0o755)
		if err := os.WriteFile(filepath.Join(src, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"secret.txt":     filepath.Join(outside, "secret.txt"),
		"sub/secret.txt": "../../" + filepath.Base(outside) + "/secret.txt",
		"outside":        outside,
		"self.css":       "style.css",
	} {
		if err := os.Symlink(target, filepath.Join(src, link)); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(t.Context(), dir, os.DirFS(src), Options{}, nil); err != nil {
		t.Fatal(err)
	}
	diff(t, "output", contents(t, dir), map[string]string{"style.css": "p{}", "sub/a.txt": "a"})
}

// TestPlantedSymlink checks that a symlink where a page goes is never
// written through: the page fails, or, when it replaces a file, takes the
// link's place. (The build's directory is private until published, so
// only its owner could plant one.)
func TestPlantedSymlink(t *testing.T) {
	outside := t.TempDir()
	tree := t.TempDir()
	if err := os.Symlink(filepath.Join(outside, "f.html"), filepath.Join(tree, "f.html")); err != nil {
		t.Fatal(err)
	}
	s := newDirSink(tree)
	if err := s.write("f.html", []byte("x"), false); err == nil {
		t.Error("write over a symlink to outside succeeded")
	}
	// Replacing removes the link and writes a file of its own in its place.
	if err := s.write("f.html", []byte("x"), true); err != nil {
		t.Error(err)
	}
	if fi, err := os.Lstat(filepath.Join(tree, "f.html")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("f.html after replacing: %v, %v; want a regular file", fi, err)
	}
	if names, _ := os.ReadDir(outside); len(names) != 0 {
		t.Errorf("outside now holds %v", names)
	}
}

func TestDuplicatePages(t *testing.T) {
	produce := pages(page("actors/x/index.html", "a"), page("b.html", "b"), page("actors/x/index.html", "c"))
	const want = "two pages at actors/x/index.html"
	if _, err := Write(t.Context(), filepath.Join(t.TempDir(), "public"), nil, Options{}, produce); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Write error = %v, want %q", err, want)
	}
	if _, _, err := Collect(t.Context(), nil, Options{}, produce); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Collect error = %v, want %q", err, want)
	}
}

func TestPageReplacesStatic(t *testing.T) {
	static := fstest.MapFS{"index.html": {Data: []byte("static index, long")}, "a.css": {Data: []byte("a{}")}}
	produce := pages(page("index.html", "page"))
	dir := filepath.Join(t.TempDir(), "public")
	stats, err := Write(t.Context(), dir, static, Options{}, produce)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "output", contents(t, dir), map[string]string{"index.html": "page", "a.css": "a{}"})
	if want := (Stats{Files: 2, Bytes: 7}); stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}
}

// concurrent emits n pages from g goroutines at once.
func concurrent(g, n int) Produce {
	return func(emit func(Page) error) error {
		var (
			wg   sync.WaitGroup
			once sync.Once
			err  error
		)
		for w := range g {
			wg.Go(func() {
				for i := w; i < n; i += g {
					body := fmt.Sprintf("<html lang=en>\n<body>\n  <h1> Page   %d </h1>\n</body>\n</html>\n", i)
					if e := emit(page(fmt.Sprintf("p/%03d/index.html", i), body)); e != nil {
						once.Do(func() { err = e })
						return
					}
				}
			})
		}
		wg.Wait()
		return err
	}
}

func TestConcurrentEmit(t *testing.T) {
	const n = 600
	var first map[string]string
	for _, workers := range []int{1, 2, 7, 0} {
		dir := filepath.Join(t.TempDir(), "public")
		stats, err := Write(t.Context(), dir, testStatic, Options{Minify: true, Workers: workers}, concurrent(8, n))
		if err != nil {
			t.Fatal(err)
		}
		got := contents(t, dir)
		if got["p/042/index.html"] != "<html lang=en><body><h1>Page 42</h1></body></html>" {
			t.Errorf("p/042/index.html = %q", got["p/042/index.html"])
		}
		if stats.Files != len(got) {
			t.Errorf("stats.Files = %d, output holds %d", stats.Files, len(got))
		}
		if first == nil {
			first = got
		} else {
			diff(t, fmt.Sprintf("workers=%d", workers), got, first)
		}
		mem, _, err := Collect(t.Context(), testStatic, Options{Minify: true, Workers: workers}, concurrent(8, n))
		if err != nil {
			t.Fatal(err)
		}
		memStr := map[string]string{}
		for k, v := range mem {
			memStr[k] = string(v)
		}
		diff(t, "collect", memStr, got)
	}
}

// TestConcurrentFailure stops many emitting goroutines with one failing
// write; every emit must return rather than block.
func TestConcurrentFailure(t *testing.T) {
	produce := func(emit func(Page) error) error {
		err := concurrent(6, 5000)(emit)
		if err == nil {
			t.Error("no emit reported the failure")
		}
		return err
	}
	static := fstest.MapFS{"p/100/index.html/x": {Data: []byte("blocks the page")}}
	_, err := Write(t.Context(), filepath.Join(t.TempDir(), "public"), static, Options{Workers: 2}, produce)
	if err == nil || !strings.Contains(err.Error(), "p/100/index.html") {
		t.Fatalf("Write error = %v, want one naming p/100/index.html", err)
	}
}

func BenchmarkWrite(b *testing.B) {
	const n = 2000
	ps := make([]Page, n)
	for i := range ps {
		ps[i] = page(fmt.Sprintf("events/e%04d/index.html", i), fmt.Sprintf(`<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Event %d</title>
  <link rel="stylesheet" href="/static/style.css">
</head>
<body>
  <main>
    <h1>Event %d</h1>
    <p class="date">  12 March 2025 </p>
    <p>Something   happened, and <a href="/actors/x/">someone</a> said so.</p>
  </main>
</body>
</html>
`, i, i))
	}
	dir := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	for b.Loop() {
		// Reusing the bodies is fine: Write reads them and never changes them.
		if _, err := Write(b.Context(), dir, nil, Options{Minify: true}, func(emit func(Page) error) error {
			for _, p := range ps {
				if err := emit(p); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSwapRollback makes the second rename fail and checks that the
// previous output is moved back into place.
func TestSwapRollback(t *testing.T) {
	parent, dir, before := prior(t)
	old := filepath.Join(parent, ".public.old-test")
	if _, err := swap(filepath.Join(parent, ".public.tmp-missing"), dir, old); err == nil {
		t.Fatal("swap of a missing directory succeeded")
	}
	diff(t, "previous output", snapshot(t, dir), before)
	if names := entries(t, parent); !slices.Equal(names, []string{"public"}) {
		t.Errorf("parent holds %q, want only public", names)
	}
}

// TestStreamedPage checks a page written as it is made: stored as written,
// to disk and to memory, replacing a static file, and its failure failing
// the build with the previous output kept.
func TestStreamedPage(t *testing.T) {
	big := strings.Repeat(`{"a":1},`, 100000)
	stream := func(body string, err error) Page {
		return Page{Path: "data/big.json", Write: func(w io.Writer) error {
			for i := 0; i < len(body); i += 1000 {
				if _, e := io.WriteString(w, body[i:min(i+1000, len(body))]); e != nil {
					return e
				}
			}
			return err
		}}
	}
	static := fstest.MapFS{"data/big.json": {Data: []byte(`{"static": true}`)}, "a.css": {Data: []byte("a { color : red }")}}
	dir := filepath.Join(t.TempDir(), "public")
	stats, err := Write(t.Context(), dir, static, Options{Minify: true}, pages(stream(big, nil)))
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "output", contents(t, dir), map[string]string{"data/big.json": big, "a.css": "a{color:red}"})
	if stats.Files != 2 || stats.Bytes != int64(len(big)+len("a{color:red}")) {
		t.Errorf("stats = %+v", stats)
	}
	files, _, err := Collect(t.Context(), nil, Options{}, pages(stream(big, nil)))
	if err != nil || string(files["data/big.json"]) != big {
		t.Errorf("Collect: %d bytes, %v", len(files["data/big.json"]), err)
	}
	if _, err := Write(t.Context(), dir, nil, Options{}, pages(stream("partial", errors.New("encoder broke")))); err == nil || !strings.Contains(err.Error(), "encoder broke") {
		t.Errorf("failing stream: err = %v", err)
	}
	diff(t, "output after a failed stream", contents(t, dir), map[string]string{"data/big.json": big, "a.css": "a{color:red}"})
}

// TestUnchangedFilesKept checks that a rebuild keeps the previous
// output's file (its inode and modification time) where the bytes are the
// same, writes those that changed, and never reuses anything but a
// regular file.
func TestUnchangedFilesKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	static := fstest.MapFS{"a.css": {Data: []byte("a { color : red }")}}
	first := pages(page("index.html", "home"), page("x/index.html", "x"), page("y/index.html", "y"), page("z.txt", "z"))
	if _, err := Write(t.Context(), dir, static, Options{Minify: true}, first); err != nil {
		t.Fatal(err)
	}
	stat := func(name string) os.FileInfo {
		t.Helper()
		fi, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	before := map[string]os.FileInfo{}
	for _, n := range []string{"index.html", "x/index.html", "y/index.html", "a.css", "z.txt"} {
		before[n] = stat(n)
	}
	// z.txt becomes a link to a file of the same bytes: not reused.
	other := filepath.Join(t.TempDir(), "z")
	if err := os.WriteFile(other, []byte("z"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "z.txt"))
	if err := os.Symlink(other, filepath.Join(dir, "z.txt")); err != nil {
		t.Fatal(err)
	}
	second := pages(page("index.html", "home"), page("x/index.html", "x changed"), page("y/index.html", "y"), page("z.txt", "z"))
	stats, err := Write(t.Context(), dir, static, Options{Minify: true}, second)
	if err != nil {
		t.Fatal(err)
	}
	diff(t, "output", contents(t, dir), map[string]string{"index.html": "home", "x/index.html": "x changed", "y/index.html": "y", "a.css": "a{color:red}", "z.txt": "z"})
	if stats.Unchanged != 3 || stats.Files != 5 {
		t.Errorf("stats = %+v, want 3 of 5 files unchanged", stats)
	}
	for n, same := range map[string]bool{"index.html": true, "y/index.html": true, "a.css": true, "x/index.html": false} {
		if got := os.SameFile(before[n], stat(n)); got != same {
			t.Errorf("%s: same file as before = %v, want %v", n, got, same)
		}
		if same && !stat(n).ModTime().Equal(before[n].ModTime()) {
			t.Errorf("%s: modification time changed", n)
		}
	}
	if fi := stat("z.txt"); !fi.Mode().IsRegular() {
		t.Errorf("z.txt is %v, want a regular file written anew", fi.Mode())
	}
}

// TestDone checks that Write gives each body back once it is written, and
// that Collect, which keeps them, never does.
func TestDone(t *testing.T) {
	var done atomic.Int32
	withDone := func() Produce {
		return func(emit func(Page) error) error {
			for _, p := range []string{"a/index.html", "b.ics", "c.txt"} {
				if err := emit(Page{Path: p, Body: []byte("<p>" + p + "</p>"), Done: func() { done.Add(1) }}); err != nil {
					return err
				}
			}
			return nil
		}
	}
	dir := filepath.Join(t.TempDir(), "public")
	if _, err := Write(t.Context(), dir, nil, Options{Minify: true}, withDone()); err != nil {
		t.Fatal(err)
	}
	if n := done.Load(); n != 3 {
		t.Errorf("Write gave back %d bodies, want 3", n)
	}
	done.Store(0)
	if _, _, err := Collect(t.Context(), nil, Options{Minify: true}, withDone()); err != nil {
		t.Fatal(err)
	}
	if n := done.Load(); n != 0 {
		t.Errorf("Collect gave back %d bodies it keeps", n)
	}
}
