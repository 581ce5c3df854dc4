// Package site runs the pipeline — load, resolve, index, render, write —
// for the build and check commands and the preview server. It is the only
// package that knows every stage; each stage knows none after it.
package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/annals/annals/internal/load"
	"github.com/annals/annals/internal/markdown"
	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/output"
	"github.com/annals/annals/internal/render"
	"github.com/annals/annals/internal/resolve"
	"github.com/annals/annals/internal/spill"
	"github.com/annals/annals/internal/timeline"
)

// Config is one run of the pipeline.
type Config struct {
	// Site is the site's folder: content/, and optionally templates/ and
	// static/. It should not follow links out of the site (os.Root.FS).
	Site fs.FS
	// Templates and Static are the built-in ones.
	Templates fs.FS
	Static    fs.FS
	BaseURL   string // overrides the site's base_url
	Drafts    bool
	Minify    bool
	Version   string
	// Phase and Produced, when set, follow a Build for progress reports:
	// Phase hears each stage as it starts, Produced the path of every file
	// made (from several goroutines at once).
	Phase    func(name string)
	Produced func(path string)
	// CheckTemplates compares every page the compiled templates make
	// with html/template's, failing on a difference (see render.Options).
	CheckTemplates bool
}

// Result is what a run found and made.
type Result struct {
	Site  *model.Site
	Index *timeline.Index
	Diags model.Diagnostics
	Pages int
	Bytes int64
	// Unchanged counts the files kept from the previous output, their
	// bytes being the same.
	Unchanged int
	Timing    Timing
}

// Timing is how long each stage took.
type Timing struct {
	Load, Resolve, Index, Write time.Duration
}

// Check loads and resolves the site without writing anything. Content
// errors are in the result's diagnostics; the error is for anything else.
func Check(ctx context.Context, cfg Config) (*Result, error) {
	return check(ctx, cfg, nil)
}

// check is Check keeping the rendered article bodies in bodies, if set.
func check(ctx context.Context, cfg Config, bodies resolve.BodyStore) (*Result, error) {
	t0 := time.Now()
	loaded, diags := load.Load(ctx, cfg.Site)
	return checkLoaded(ctx, cfg, loaded, diags, time.Since(t0), nil, bodies)
}

// checkLoaded resolves and indexes loaded files; cache, when not nil,
// keeps the markdown pass from one run to the next, and bodies, when not
// nil, the rendered article bodies until their pages are written.
func checkLoaded(ctx context.Context, cfg Config, loaded *load.Result, diags model.Diagnostics, took time.Duration, cache *resolve.Cache, bodies resolve.BodyStore) (*Result, error) {
	res := &Result{}
	res.Diags.Merge(diags)
	t1 := time.Now()
	res.Timing.Load = took

	var limits model.Limits
	if loaded.Index != nil {
		limits = loaded.Index.Front.(*load.IndexFront).Limits
	}
	// The link function needs the base URL, which resolve settles; the
	// base URL only comes from the flag or _index.md, so read it first.
	base := cfg.BaseURL
	if base == "" && loaded.Index != nil {
		base = loaded.Index.Front.(*load.IndexFront).BaseURL.Text
	}
	urls := render.NewURLs(normalBase(base))
	s, diags := resolve.Resolve(ctx, loaded, resolve.Options{
		Drafts:   cfg.Drafts,
		BaseURL:  cfg.BaseURL,
		Link:     urls.Entity,
		Markdown: markdown.New(markdown.Options{Limits: limits}),
		Cache:    cache,
		Bodies:   bodies,
		// Without a cache, loaded is check's own and not used again.
		Spend: cache == nil,
	})
	res.Diags.Merge(diags)
	res.Site = s
	t2 := time.Now()
	res.Timing.Resolve = t2.Sub(t1)
	res.Diags.Sort()
	if err := ctx.Err(); err != nil {
		return res, err
	}
	if len(res.Diags.Errors) == 0 {
		res.Index = timeline.Build(s)
	}
	res.Timing.Index = time.Since(t2)
	return res, nil
}

// normalBase makes a base URL end in "/" so links can be built before
// resolve has checked it; a bad one is reported by resolve.
func normalBase(b string) string {
	if b == "" {
		return "/"
	}
	if !strings.HasSuffix(b, "/") {
		b += "/"
	}
	return b
}

// Produce renders every page of a checked site and emits it, with the
// site's static files. It is what Build writes and the preview serves.
func Produce(ctx context.Context, cfg Config, res *Result) (output.Produce, error) {
	var overrides fs.FS
	if sub, err := fs.Sub(cfg.Site, "templates"); err == nil {
		overrides = sub
	}
	opts := render.Options{Templates: cfg.Templates, Overrides: overrides, Version: cfg.Version, CheckTemplates: cfg.CheckTemplates}
	if cfg.Minify {
		opts.Minifier = output.NewMinifier()
	}
	r, err := render.New(opts)
	if err != nil {
		return nil, err
	}
	return func(emit func(output.Page) error) error {
		if err := siteStatic(cfg.Site, emit); err != nil {
			return err
		}
		return r.Pages(ctx, res.Index, func(p render.Page) error {
			return emit(output.Page{Path: p.Path, Body: p.Body, Compact: p.Compact, Write: p.Write, Done: p.Done})
		})
	}, nil
}

// siteStatic emits the files of the site's static/ folder; links are not
// followed, so nothing outside the site is published.
func siteStatic(site fs.FS, emit func(output.Page) error) error {
	err := fs.WalkDir(site, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		b, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		return emit(output.Page{Path: strings.TrimPrefix(p, "static/"), Body: b})
	})
	if err != nil {
		return fmt.Errorf("static: %w", err)
	}
	return nil
}

// Build checks the site and, when it has no content errors, writes it to
// out atomically: a failed build leaves the previous output untouched.
// The article bodies of the result's site are gone once it returns (they
// were kept in a temporary file for the pages); Check gives a site whose
// bodies render on demand.
func Build(ctx context.Context, cfg Config, out string) (*Result, error) {
	phase := func(name string) {
		if cfg.Phase != nil {
			cfg.Phase(name)
		}
	}
	phase("checking content")
	// The article bodies are rendered once, while checking, and kept in
	// a temporary file until their pages are written; where no such file
	// can be made, they are rendered again instead.
	var bodies resolve.BodyStore
	if f, err := spill.New(""); err == nil {
		defer f.Close()
		bodies = f
	}
	res, err := check(ctx, cfg, bodies)
	if err != nil {
		return res, err
	}
	if err := res.Diags.Err(); err != nil {
		return res, err
	}
	t := time.Now()
	phase("rendering")
	produce, err := Produce(ctx, cfg, res)
	if err != nil {
		return res, err
	}
	if seen := cfg.Produced; seen != nil {
		inner := produce
		produce = func(emit func(output.Page) error) error {
			return inner(func(p output.Page) error {
				seen(p.Path)
				return emit(p)
			})
		}
	}
	stats, err := output.Write(ctx, out, cfg.Static, output.Options{Minify: cfg.Minify}, produce)
	res.Timing.Write = time.Since(t)
	res.Pages, res.Bytes, res.Unchanged = stats.Files, stats.Bytes, stats.Unchanged
	return res, err
}
