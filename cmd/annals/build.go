package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
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
	if code, ok := parse(fs, args); !ok {
		return code
	}
	root, err := openSite(*src)
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
	res, err := site.Build(ctx, cfg, dir)
	report(stderr, res.Diags)
	if _, ok := model.AsContentError(err); ok {
		fmt.Fprintf(stderr, "annals build: %s; %s left as it was\n", plural(len(res.Diags.Errors), "error"), dir)
		return exitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "annals build: %v\n", err)
		return exitUsage
	}
	if !*quiet {
		s := res.Site
		fmt.Fprintf(stdout, "built %s in %s: %s, %s, %s, %s, %s; %s, %s\n",
			dir, time.Since(start).Round(time.Millisecond),
			plural(len(s.Articles), "article"), plural(len(s.Events), "event"), plural(len(s.Actors), "actor"),
			plural(len(s.Topics), "topic"), plural(len(s.Sources), "source"),
			plural(res.Pages, "file"), plural(len(res.Diags.Warnings), "warning"))
	}
	return exitOK
}
