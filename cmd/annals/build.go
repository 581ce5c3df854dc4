package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/site"
)

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", stderr)
	src := fs.String("src", ".", "site folder (holding content/)")
	out := fs.String("out", "", "output folder (default: SRC/public)")
	base := fs.String("base-url", "", "base URL, e.g. https://example.org/annals/ (overrides base_url in content/_index.md)")
	drafts := fs.Bool("drafts", false, "include articles marked draft")
	minify := fs.Bool("minify", true, "minify HTML, CSS, JS, SVG, XML and JSON")
	quiet := fs.Bool("quiet", false, "print only errors")
	verbose := fs.Bool("v", false, "list every file written and the time of each stage")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	root, err := readSite(*src)
	if err != nil {
		fmt.Fprintf(stderr, "annals build: %v\n", err)
		return exitUsage
	}
	defer root.Close()
	dir := *out
	if dir == "" {
		dir = filepath.Join(*src, "public")
	}
	cfg := config(root)
	cfg.BaseURL, cfg.Drafts, cfg.Minify = *base, *drafts, *minify

	start := time.Now()
	var prog *progress
	if !*quiet && isTerminal(stderr) {
		prog = startProgress(stderr, start)
	}
	pages, res, err := build(ctx, cfg, dir, prog)
	prog.stop()
	if *quiet {
		report(stderr, model.Diagnostics{Errors: res.Diags.Errors})
	} else {
		report(stderr, res.Diags)
	}
	if _, ok := model.AsContentError(err); ok {
		fmt.Fprintf(stderr, "annals build: %s; %s left as it was\n", plural(len(res.Diags.Errors), "error"), dir)
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "annals build: %v\n", err)
		return exitUsage
	}
	if *quiet {
		return exitOK
	}
	if *verbose {
		for _, p := range pages {
			fmt.Fprintln(stdout, p)
		}
	}
	s := res.Site
	fmt.Fprintf(stdout, "built %s in %s: %s, %s, %s, %s, %s; %s (%s, %d unchanged), %s\n",
		dir, time.Since(start).Round(time.Millisecond),
		plural(len(s.Articles), "article"), plural(len(s.Events), "event"), plural(len(s.Actors), "actor"),
		plural(len(s.Topics), "topic"), plural(len(s.Sources), "source"),
		plural(res.Pages, "file"), megabytes(res.Bytes), res.Unchanged, plural(len(res.Diags.Warnings), "warning"))
	fmt.Fprintf(stdout, "  pages: %s\n", pagesPerSection(pages))
	if *verbose {
		t := res.Timing
		fmt.Fprintf(stdout, "  load %s, resolve %s, index %s, render and write %s\n",
			t.Load.Round(time.Millisecond), t.Resolve.Round(time.Millisecond), t.Index.Round(time.Millisecond), t.Write.Round(time.Millisecond))
	}
	return exitOK
}

// build is site.Build, observed for the progress line and, sorted, the
// list of the files it made, for the summary.
func build(ctx context.Context, cfg site.Config, dir string, prog *progress) ([]string, *site.Result, error) {
	var (
		mu    sync.Mutex
		pages []string
	)
	cfg.Phase = prog.phase
	cfg.Produced = func(p string) {
		mu.Lock()
		pages = append(pages, p)
		mu.Unlock()
		prog.add()
	}
	res, err := site.Build(ctx, cfg, dir)
	slices.Sort(pages)
	return pages, res, err
}

// pagesPerSection counts the HTML pages by the first folder of their path:
// "articles 5, actors 12, …, other 3".
func pagesPerSection(paths []string) string {
	counts := map[string]int{}
	for _, p := range paths {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		sec, _, ok := strings.Cut(p, "/")
		if !ok {
			sec = "other"
		}
		counts[sec]++
	}
	order := []string{"articles", "events", "actors", "topics", "sources", "timeline"}
	for sec := range counts {
		if !slices.Contains(order, sec) && sec != "other" {
			order = append(order, sec)
		}
	}
	slices.Sort(order[6:])
	order = append(order, "other")
	var parts []string
	for _, sec := range order {
		if n := counts[sec]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", sec, n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func megabytes(n int64) string {
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}

// isTerminal reports whether w is a terminal, where a progress line that
// rewrites itself is welcome; in logs and pipes it would be noise.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress redraws one status line on a terminal for builds that take long
// enough to wonder about; a nil *progress does nothing.
type progress struct {
	w     io.Writer
	n     atomic.Int64
	what  atomic.Value // string
	done  chan struct{}
	wg    sync.WaitGroup
	drawn atomic.Bool
}

func (p *progress) isDrawn() bool { return p.drawn.Load() }

// progressAfter is how long a build runs before it shows progress.
const progressAfter = time.Second

func startProgress(w io.Writer, start time.Time) *progress {
	p := &progress{w: w, done: make(chan struct{})}
	p.what.Store("starting")
	p.wg.Go(func() {
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				if time.Since(start) < progressAfter {
					continue
				}
				p.drawn.Store(true)
				what := p.what.Load().(string)
				if n := p.n.Load(); n > 0 {
					fmt.Fprintf(w, "\r\033[Kannals build: %s, %d files (%s)", what, n, time.Since(start).Round(time.Second))
				} else {
					fmt.Fprintf(w, "\r\033[Kannals build: %s (%s)", what, time.Since(start).Round(time.Second))
				}
			}
		}
	})
	return p
}

func (p *progress) phase(s string) {
	if p != nil {
		p.what.Store(s)
	}
}

func (p *progress) add() {
	if p != nil {
		p.n.Add(1)
	}
}

// stop ends the progress line and clears it.
func (p *progress) stop() {
	if p == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
	if p.drawn.Load() {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
