// Command floor is the bare lower bound for building an Annals site: it
// reads every article, parses its front matter, renders its markdown with
// goldmark and writes one page per article and one per actor, topic, source
// and event listing its articles. No generator can skip this work, so its
// time and memory are the floor the engine is measured against.
//
//	floor -src /tmp/corpus-10k -out /tmp/floor-out
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/adrg/frontmatter"
	"github.com/annals/annals/bench/internal/fold"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

type meta struct {
	Title   string   `yaml:"title"`
	Date    string   `yaml:"date"`
	Source  string   `yaml:"source"`
	Summary string   `yaml:"summary"`
	Actors  []string `yaml:"actors"`
	Topics  []string `yaml:"topics"`
	Events  []string `yaml:"events"`
	Cites   []string `yaml:"cites"`
	Quotes  []struct {
		By   string `yaml:"by"`
		Text string `yaml:"text"`
	} `yaml:"quotes"`
}

// ref is what a term page needs of an article; the body is dropped as soon
// as its page is written so memory stays proportional to the metadata.
type ref struct {
	slug, title, date string
}

type termKey struct {
	kind, slug string
}

func main() {
	src := flag.String("src", "", "site directory (with content/articles)")
	out := flag.String("out", "", "output directory")
	flag.Parse()
	if *src == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	n, terms, err := build(*src, *out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "floor: %d articles, %d term pages in %s\n", n, terms, time.Since(start).Round(time.Millisecond))
}

func build(src, out string) (int, int, error) {
	var paths []string
	root := filepath.Join(src, "content", "articles")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	sort.Strings(paths)

	workers := runtime.GOMAXPROCS(0)
	type result struct {
		r     ref
		terms []termKey
		err   error
	}
	results := make([]result, len(paths))
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
			var page, body bytes.Buffer
			for i := range next {
				r, terms, err := article(md, paths[i], out, &page, &body)
				results[i] = result{r, terms, err}
			}
		}()
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()

	byTerm := map[termKey][]ref{}
	for i, res := range results {
		if res.err != nil {
			return 0, 0, fmt.Errorf("%s: %w", paths[i], res.err)
		}
		for _, t := range res.terms {
			byTerm[t] = append(byTerm[t], res.r)
		}
	}
	keys := make([]termKey, 0, len(byTerm))
	for k := range byTerm {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].kind != keys[j].kind {
			return keys[i].kind < keys[j].kind
		}
		return keys[i].slug < keys[j].slug
	})
	errs := make([]error, len(keys))
	tnext := make(chan int, 64)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var page bytes.Buffer
			for i := range tnext {
				errs[i] = termPage(out, keys[i], byTerm[keys[i]], &page)
			}
		}()
	}
	for i := range keys {
		tnext <- i
	}
	close(tnext)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, 0, err
		}
	}
	return len(paths), len(keys), nil
}

func article(md goldmark.Markdown, path, out string, page, body *bytes.Buffer) (ref, []termKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return ref{}, nil, err
	}
	var m meta
	rest, err := frontmatter.Parse(bufio.NewReader(f), &m)
	f.Close()
	if err != nil {
		return ref{}, nil, err
	}
	body.Reset()
	if err := md.Convert(rest, body); err != nil {
		return ref{}, nil, err
	}
	r := ref{slug: fold.Slug(strings.TrimSuffix(filepath.Base(path), ".md")), title: m.Title, date: m.Date}
	var terms []termKey
	page.Reset()
	fmt.Fprintf(page, "<!doctype html><html lang=en><meta charset=utf-8><title>%s</title><article><h1>%s</h1><p><time>%s</time> ",
		html.EscapeString(m.Title), html.EscapeString(m.Title), html.EscapeString(m.Date))
	link := func(kind, name string) {
		k := termKey{kind, fold.Slug(name)}
		terms = append(terms, k)
		fmt.Fprintf(page, `<a href="/%s/%s/">%s</a> `, kind, k.slug, html.EscapeString(name))
	}
	link("sources", m.Source)
	page.WriteString("<ul>")
	for _, l := range []struct {
		kind  string
		names []string
	}{{"actors", m.Actors}, {"topics", m.Topics}, {"events", m.Events}} {
		for _, name := range l.names {
			page.WriteString("<li>")
			link(l.kind, name)
		}
	}
	page.WriteString("</ul>")
	for _, q := range m.Quotes {
		fmt.Fprintf(page, "<blockquote>%s<cite>%s</cite></blockquote>", html.EscapeString(q.Text), html.EscapeString(q.By))
	}
	page.Write(body.Bytes())
	page.WriteString("</article></html>")
	return r, terms, writePage(filepath.Join(out, "articles", r.slug), page.Bytes())
}

func termPage(out string, k termKey, refs []ref, page *bytes.Buffer) error {
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].date != refs[j].date {
			return refs[i].date < refs[j].date
		}
		return refs[i].slug < refs[j].slug
	})
	page.Reset()
	fmt.Fprintf(page, "<!doctype html><html lang=en><meta charset=utf-8><title>%s</title><h1>%s</h1><ul>", k.slug, k.slug)
	for _, r := range refs {
		fmt.Fprintf(page, `<li><time>%s</time> <a href="/articles/%s/">%s</a>`, html.EscapeString(r.date), r.slug, html.EscapeString(r.title))
	}
	page.WriteString("</ul></html>")
	return writePage(filepath.Join(out, k.kind, k.slug), page.Bytes())
}

func writePage(dir string, data []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), data, 0o644)
}
