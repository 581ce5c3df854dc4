package main

import (
	"context"
	"fmt"
	"io"

	"github.com/annals/annals/internal/site"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	src := fs.String("src", ".", "site folder (holding content/)")
	format := fs.String("format", "text", "output format: text")
	drafts := fs.Bool("drafts", false, "check articles marked draft as if published")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *format != "text" {
		fmt.Fprintf(stderr, "annals check: unknown format %q (text)\n", *format)
		return exitUsage
	}
	root, err := openSite(*src)
	if err != nil {
		fmt.Fprintf(stderr, "annals check: %v\n", err)
		return exitUsage
	}
	defer root.Close()
	cfg := config(root)
	cfg.Drafts = *drafts
	res, err := site.Check(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "annals check: %v\n", err)
		return exitUsage
	}
	report(stdout, res.Diags)
	if n := len(res.Diags.Errors); n > 0 {
		fmt.Fprintf(stderr, "annals check: %s\n", plural(n, "error"))
		return exitContent
	}
	s := res.Site
	fmt.Fprintf(stderr, "annals check: ok: %s, %s, %s\n", plural(len(s.Articles), "article"), plural(len(s.Events), "event"), plural(len(res.Diags.Warnings), "warning"))
	return exitOK
}
