package site

import (
	"context"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/annals/annals/internal/load"
	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/render"
	"github.com/annals/annals/internal/resolve"
	"github.com/annals/annals/internal/timeline"
)

// Session runs the pipeline on one site again and again, as the live
// preview does after each change, keeping what it can from one run to
// the next: the loaded files, the markdown pass over each body, and the
// rendered pages. A run's output is always what a full run would make; a
// Session only decides how much of it must be made again. It is not safe
// for concurrent use.
type Session struct {
	cfg       Config
	loaded    *load.Result
	fileDiags map[string]model.Diagnostics
	cache     *resolve.Cache
	renderer  *render.Renderer
	state     *render.State
	// pending are the entry files changed since the last render that
	// succeeded, and full is set when a change since then (a template,
	// _index.md) needs every page rendered.
	pending map[string]bool
	full    bool
	// last is the check of the site the last render made.
	last *Result
}

// keep is the emit function of a render whose files the step holds;
// the renderer calls it from several goroutines.
func (step *Step) keep() func(render.Page) error {
	var mu sync.Mutex
	return func(p render.Page) error {
		mu.Lock()
		step.Files[p.Path] = p.Body
		mu.Unlock()
		return nil
	}
}

// took records what a render did.
func (step *Step) took(up render.Update) {
	step.Full, step.Reason, step.Removed = up.Full, up.Reason, up.Removed
	step.Pages, step.Data = up.Pages, up.Data
}

// NewSession starts a session; its first Run is a full one.
func NewSession(cfg Config) *Session {
	return &Session{cfg: cfg, cache: resolve.NewCache(), pending: map[string]bool{}, full: true}
}

// Step is what one run of a session found and made.
type Step struct {
	// Result is the check of the whole site. When its diagnostics hold
	// errors nothing was rendered, and the next run renders what this one
	// would have.
	Result *Result
	// Full is set when every page was rendered; Files then holds the
	// whole site (without its static files) and Reason says why.
	Full   bool
	Reason string
	// Files are the rendered files; Removed the files of the previous run
	// that no longer exist. Files not in either are as the previous run
	// made them.
	Files   map[string][]byte
	Removed []string
	// Pages and Data count the HTML pages and other files rendered.
	Pages, Data int
	// Checked and Reused count the bodies the markdown pass read and the
	// ones whose earlier findings still held.
	Checked, Reused int
	// Loaded is how many files were read: all of them, or the changed.
	Loaded int
	Render time.Duration
	// Unresolved is set when only bodies changed (and the summaries taken
	// from them) and the site was not resolved and indexed again.
	Unresolved bool
	// Patched is set when one article's front matter changed within the
	// site's entities, and only that article was resolved and indexed.
	Patched bool
}

// Run brings the session up to date after the site-relative paths in
// changed were written, created or removed; nil means anything may have
// changed. The error is for failures that are not the content's: a
// template that does not parse, a cancelled context.
func (s *Session) Run(ctx context.Context, changed []string) (*Step, error) {
	t0 := time.Now()
	var content []string
	for _, p := range changed {
		switch {
		case strings.HasPrefix(p, load.ContentDir+"/"):
			content = append(content, p)
			if p == load.ContentDir+"/_index.md" {
				s.full = true
			}
		case p == "templates" || strings.HasPrefix(p, "templates/"):
			s.renderer, s.full = nil, true
		case p == "static" || strings.HasPrefix(p, "static/"):
			// Published as they are; the caller copies them.
		default:
			s.loaded, s.full = nil, true
		}
	}
	step := &Step{}
	var diags model.Diagnostics
	reloaded := false
	before := s.loaded
	if s.loaded != nil && changed != nil {
		if res, fd, ok := load.Reload(ctx, s.cfg.Site, s.loaded, s.fileDiags, content); ok {
			s.loaded, s.fileDiags, reloaded = res, fd, true
			step.Loaded = len(content)
		}
	}
	if !reloaded {
		before = nil
		var d model.Diagnostics
		s.loaded, d = load.Load(ctx, s.cfg.Site)
		s.fileDiags = load.FileDiagnostics(d)
		s.full = true
		step.Loaded = len(s.loaded.Docs)
		if s.loaded.Index != nil {
			step.Loaded++
		}
	}
	for _, p := range content {
		s.pending[p] = true
	}
	if step, ok := s.bodies(ctx, t0, before, content); ok {
		return step, nil
	}
	if step, ok := s.front(ctx, t0, before, content); ok {
		return step, nil
	}
	for _, d := range s.fileDiags {
		diags.Merge(d)
	}
	res, err := checkLoaded(ctx, s.cfg, s.loaded, diags, time.Since(t0), s.cache, nil)
	step.Result = res
	step.Checked, step.Reused = s.cache.Misses, s.cache.Hits
	if err != nil || len(res.Diags.Errors) > 0 {
		return step, err
	}

	t1 := time.Now()
	if s.renderer == nil {
		var overrides fs.FS
		if sub, err := fs.Sub(s.cfg.Site, "templates"); err == nil {
			overrides = sub
		}
		r, err := render.New(render.Options{Templates: s.cfg.Templates, Overrides: overrides, Version: s.cfg.Version, CheckTemplates: s.cfg.CheckTemplates})
		if err != nil {
			return step, err
		}
		s.renderer = r
	}
	prev := s.state
	if s.full {
		prev = nil
	}
	rendered := s.state != nil
	step.Files = map[string][]byte{}
	next, up, err := s.renderer.Update(ctx, prev, res.Index, s.pending, step.keep())
	if err != nil {
		// What was rendered is lost; the next run renders everything.
		s.state, s.full = nil, true
		return step, err
	}
	s.state, s.full, s.last = next, false, res
	clear(s.pending)
	step.took(up)
	step.Render = time.Since(t1)
	if step.Full && prev == nil && rendered {
		step.Reason = "templates, settings or folders changed"
	}
	return step, nil
}

// bodies is the quick way through an edit that changed only the bodies of
// articles, which is most edits: when the pending changes are such and
// no body links or summarises differently, the site, its index and every
// page but the articles' own (and the feed that carries bodies) stay as
// they are, and nothing is resolved or indexed again.
func (s *Session) bodies(ctx context.Context, t0 time.Time, before *load.Result, content []string) (*Step, bool) {
	if s.full || s.state == nil || s.last == nil || before == nil || len(content) == 0 {
		return nil, false
	}
	var docs []*load.Doc
	for p := range s.pending {
		d := findDoc(s.loaded, p)
		if d == nil || findDoc(before, p) == nil {
			return nil, false
		}
		if len(s.fileDiags[p].Errors)+len(s.fileDiags[p].Warnings) > 0 {
			return nil, false
		}
		docs = append(docs, d)
	}
	t1 := time.Now()
	arts, summaries, ok := s.cache.Rebody(s.last.Site, docs)
	if !ok {
		return nil, false
	}
	t2 := time.Now()
	step := &Step{Result: s.last, Loaded: len(content), Checked: len(docs), Files: map[string][]byte{}, Unresolved: true}
	emit := step.keep()
	var up render.Update
	var err error
	if summaries {
		// A summary shows wherever the article is listed; the site
		// changed in place, and Update compares it with itself.
		var next *render.State
		next, up, err = s.renderer.Update(ctx, s.state, s.state.Index(), s.pending, emit)
		if err == nil {
			s.state = next
		}
	} else {
		up, err = s.renderer.Bodies(ctx, s.state, arts, emit)
	}
	if err != nil {
		// The site now holds the new bodies; only a full run is sure.
		s.state, s.full = nil, true
		return nil, false
	}
	clear(s.pending)
	res := *s.last
	res.Timing = Timing{Load: t1.Sub(t0), Resolve: t2.Sub(t1)}
	step.Result = &res
	step.took(up)
	step.Render = time.Since(t2)
	return step, true
}

// front is the quick way through an edit of one article's front matter
// that keeps every entity as it was — a title, a date, the actors or
// events it names among those the site has: the article alone is
// resolved against the kept name tables (resolve.Cache.Patch), the index
// patched for it (timeline.Patch), and the pages it reaches rendered as
// after a full resolution. Anything more and the caller resolves all.
func (s *Session) front(ctx context.Context, t0 time.Time, before *load.Result, content []string) (*Step, bool) {
	if s.full || s.state == nil || s.last == nil || s.last.Index == nil || before == nil || len(content) == 0 || len(s.pending) != 1 {
		return nil, false
	}
	var p string
	for p = range s.pending {
	}
	d := findDoc(s.loaded, p)
	if d == nil || findDoc(before, p) == nil || len(s.fileDiags[p].Errors)+len(s.fileDiags[p].Warnings) > 0 {
		return nil, false
	}
	t1 := time.Now()
	site, old, cur, diags, ok := s.cache.Patch(s.last.Site, d)
	if !ok {
		return nil, false
	}
	t2 := time.Now()
	ix := timeline.Patch(s.last.Index, site, old, cur)
	t3 := time.Now()
	res := &Result{Site: site, Index: ix, Timing: Timing{Load: t1.Sub(t0), Resolve: t2.Sub(t1), Index: t3.Sub(t2)}}
	for _, fd := range s.fileDiags {
		res.Diags.Merge(fd)
	}
	res.Diags.Merge(diags)
	res.Diags.Sort()
	step := &Step{Result: res, Loaded: len(content), Checked: 1, Files: map[string][]byte{}, Patched: true}
	next, up, err := s.renderer.Update(ctx, s.state, ix, s.pending, step.keep())
	if err != nil {
		// The resolution kept now holds the edit; only a full run is sure.
		s.state, s.full = nil, true
		return nil, false
	}
	s.state, s.last = next, res
	clear(s.pending)
	step.took(up)
	step.Render = time.Since(t3)
	return step, true
}

func findDoc(r *load.Result, p string) *load.Doc {
	for _, d := range r.Docs {
		if d.Path == p {
			return d
		}
	}
	return nil
}
