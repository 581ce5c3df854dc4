package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/output"
	"github.com/annals/annals/internal/site"
)

// Options configure a preview server.
type Options struct {
	// Dir is the site folder on disk; it is watched for changes.
	Dir string
	// Site is the same folder as a file system that cannot be left through
	// links (os.Root.FS); every read goes through it.
	Site fs.FS
	// Templates and Static are the built-in ones.
	Templates fs.FS
	Static    fs.FS
	Drafts    bool
	Version   string
	// Log receives one line per rebuild and every content error; nil
	// discards them.
	Log io.Writer
	// Debounce is how long the watcher waits for a burst of changes to end
	// before rebuilding; 0 means 50 ms.
	Debounce time.Duration
}

// Server is a live preview of one site. It is safe for concurrent use.
type Server struct {
	opts Options
	log  io.Writer
	id   string // tells one server run from the next, so browsers reload after a restart

	// build serialises rebuilds; mu guards what requests read.
	build sync.Mutex
	mu    sync.RWMutex
	// pages are the rendered files of the last good build; static are the
	// built-in static files with the site's own merged over them. A request
	// looks in pages first, as the written site would have it.
	pages  map[string][]byte
	static map[string][]byte
	// siteStatic are the paths that came from the site's static/ folder.
	siteStatic map[string]bool
	good       bool // pages hold a successful build
	// session keeps the pipeline's state between rebuilds, so that an
	// edit renders only the pages it affects; nil starts afresh.
	session  *site.Session
	problems []*model.Error // errors of the latest build; nil when it succeeded
	gen      uint64         // counts notifications

	// watching is closed once the watcher has registered every folder, so
	// that a change made after it is seen.
	watching chan struct{}

	subMu sync.Mutex
	subs  map[chan uint64]struct{}
	done  chan struct{}
	close sync.Once

	// collecting is set while a collection started after a rebuild
	// runs; collected waits for it (see collect).
	collecting atomic.Bool
	collected  sync.WaitGroup
}

// Report describes one rebuild.
type Report struct {
	// Changed are the site-relative paths whose change caused the rebuild;
	// empty for the first build.
	Changed []string
	// Full is true when pages were rendered, false when only static files
	// were copied.
	Full bool
	// Incremental is true when only the pages the change affects were
	// rendered; otherwise every page was, and Reason says why.
	Incremental bool
	Reason      string
	// Total is the number of files served after the rebuild.
	Total int
	// Stages is how long each stage of the pipeline took.
	Stages Stages
	// Pages is how many files were rendered or copied; Updated how many
	// served files differ from before (added, changed or removed).
	Pages, Updated int
	// Errors are the content errors found; the previous pages stay served.
	Errors []*model.Error
	// Warnings counts content warnings.
	Warnings int
	// Notified is true when browsers were told to reload.
	Notified bool
	Took     time.Duration
}

// Stages is the time of each stage of a rebuild; Load includes the
// reading of changed files only when the rebuild was incremental.
type Stages struct {
	Load, Resolve, Index, Render time.Duration
}

// New builds the site once and returns a server for it. Content errors do
// not make it fail: they are shown in the overlay until fixed.
func New(ctx context.Context, opts Options) (*Server, Report, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = 50 * time.Millisecond
	}
	s := &Server{
		opts:  opts,
		log:   opts.Log,
		id:    fmt.Sprintf("%x", time.Now().UnixNano()),
		pages: map[string][]byte{}, static: map[string][]byte{}, siteStatic: map[string]bool{},
		subs: map[chan uint64]struct{}{},
		done: make(chan struct{}), watching: make(chan struct{}),
	}
	if s.log == nil {
		s.log = io.Discard
	}
	rep, err := s.Rebuild(ctx, nil)
	if err == nil {
		s.logReport(rep)
	}
	return s, rep, err
}

// config is the pipeline's configuration for the preview. The base URL is
// "/" whatever the site's base_url says, so that links work when the site
// is served at the root of the preview address.
func (s *Server) config() site.Config {
	return site.Config{
		Site: s.opts.Site, Templates: s.opts.Templates, Static: s.opts.Static,
		BaseURL: "/", Drafts: s.opts.Drafts, Version: s.opts.Version,
	}
}

// Rebuild brings the served site up to date after the given site-relative
// paths changed; nil means everything. It notifies browsers when a served
// file or the list of errors changed. The error is for failures that are
// not the content's fault, such as a cancelled context.
func (s *Server) Rebuild(ctx context.Context, changed []string) (Report, error) {
	s.build.Lock()
	defer s.build.Unlock()
	start := time.Now()
	rep := Report{Changed: changed}
	var err error
	if len(changed) > 0 && staticOnly(changed) && s.good {
		err = s.copyStatic(ctx, &rep)
	} else {
		err = s.render(ctx, &rep, changed)
	}
	rep.Took = time.Since(start)
	s.collect()
	return rep, err
}

// collect starts a garbage collection once a rebuild has been published,
// while the editor reads the page. A rebuild lets go of what the last
// one made (timeline.json alone is about 15 MB at 10,000 articles);
// collected now, that memory is what the next rebuild allocates from.
// Left to the default pace, the next rebuild would grow the heap into
// memory the process has not touched yet, whose first use costs page
// faults: on a virtual machine that was half of a rebuild's time.
func (s *Server) collect() {
	if !s.collecting.CompareAndSwap(false, true) {
		return
	}
	s.collected.Go(func() {
		defer s.collecting.Store(false)
		runtime.GC()
	})
}

// staticOnly reports whether every change is under static/.
func staticOnly(changed []string) bool {
	for _, p := range changed {
		if p != "static" && !strings.HasPrefix(p, "static/") {
			return false
		}
	}
	return true
}

// render runs the pipeline into memory and swaps the result in. The
// session renders only what the changed paths affect when it can tell;
// every other page stays as served.
func (s *Server) render(ctx context.Context, rep *Report, changed []string) error {
	rep.Full = true
	cfg := s.config()
	if s.session == nil {
		s.session = site.NewSession(cfg)
		changed = nil
	}
	step, err := s.session.Run(ctx, changed)
	if err != nil {
		// The session may hold a render the server never published.
		s.session = nil
		if ctx.Err() != nil {
			return err
		}
		s.fail(rep, []*model.Error{{Err: err}})
		return nil
	}
	res := step.Result
	rep.Stages = Stages{res.Timing.Load, res.Timing.Resolve, res.Timing.Index, step.Render}
	rep.Warnings = len(res.Diags.Warnings)
	if len(res.Diags.Errors) > 0 {
		s.fail(rep, res.Diags.Errors)
		return nil
	}
	rep.Incremental, rep.Reason = !step.Full, step.Reason
	if !step.Full {
		rep.Pages = step.Pages + step.Data
		if s.patch(rep, step, changed) {
			return nil
		}
	}
	// The whole site, through the same checks as a written build.
	rendered := step.Files
	if !step.Full {
		s.mu.RLock()
		rendered = maps.Clone(s.pages)
		s.mu.RUnlock()
		maps.Copy(rendered, step.Files)
		for _, p := range step.Removed {
			delete(rendered, p)
		}
	}
	if err := s.publish(ctx, rep, cfg, rendered); err != nil {
		return err
	}
	if step.Full {
		rep.Pages = len(rendered)
	}
	return nil
}

// patch applies an incremental step to the served pages in place. It
// reports false, changing nothing, when the step might clash with a static
// file or a folder, or static files changed too; the caller then
// publishes the whole site.
func (s *Server) patch(rep *Report, step *site.Step, changed []string) bool {
	for _, p := range changed {
		if p == "static" || strings.HasPrefix(p, "static/") {
			return false
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.good {
		return false
	}
	for p := range step.Files {
		if _, ok := s.pages[p]; ok {
			continue
		}
		if s.siteStatic[p] {
			return false
		}
		for dir := path.Dir(p); dir != "."; dir = path.Dir(dir) {
			if _, ok := s.pages[dir]; ok {
				return false
			}
			if _, ok := s.static[dir]; ok {
				return false
			}
		}
	}
	for _, p := range step.Removed {
		// A page that hid a built-in static file would uncover it.
		if s.opts.Static != nil {
			if _, err := fs.Stat(s.opts.Static, p); err == nil {
				return false
			}
		}
	}
	updated := 0
	for p, b := range step.Files {
		if old, ok := s.pages[p]; !ok || !bytes.Equal(old, b) {
			updated++
		}
		s.pages[p] = b
	}
	for _, p := range step.Removed {
		if _, ok := s.pages[p]; ok {
			delete(s.pages, p)
			updated++
		}
	}
	rep.Updated = updated
	rep.Total = len(s.pages) + len(s.static)
	wasBroken := s.problems != nil
	s.problems = nil
	if updated > 0 || wasBroken {
		rep.Notified = true
		s.notify()
	}
	return true
}

// publish serves rendered pages with the static files, checked as a
// written build would be.
func (s *Server) publish(ctx context.Context, rep *Report, cfg site.Config, rendered map[string][]byte) error {
	siteStatic, err := walkSiteStatic(cfg.Site)
	if err != nil {
		s.session = nil
		s.fail(rep, []*model.Error{{Pos: model.Pos{Path: "static"}, Err: err}})
		return nil
	}
	produce := func(emit func(output.Page) error) error {
		for p := range siteStatic {
			b, err := fs.ReadFile(cfg.Site, "static/"+p)
			if err != nil {
				return fmt.Errorf("static: %w", err)
			}
			if err := emit(output.Page{Path: p, Body: b}); err != nil {
				return err
			}
		}
		for p, b := range rendered {
			if err := emit(output.Page{Path: p, Body: b}); err != nil {
				return err
			}
		}
		return nil
	}
	files, _, err := output.Collect(ctx, cfg.Static, output.Options{}, produce)
	if err != nil {
		s.session = nil
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.fail(rep, []*model.Error{{Err: err}})
		return nil
	}
	pages, static := map[string][]byte{}, map[string][]byte{}
	for p, b := range files {
		if _, ok := rendered[p]; ok && !siteStatic[p] {
			pages[p] = b
		} else {
			static[p] = b
		}
	}

	s.mu.Lock()
	rep.Updated = diff(s.pages, pages) + diff(s.static, static)
	rep.Total = len(pages) + len(static)
	wasBroken := s.problems != nil || !s.good
	s.pages, s.static, s.siteStatic = pages, static, siteStatic
	s.good, s.problems = true, nil
	s.mu.Unlock()
	if rep.Updated > 0 || wasBroken {
		rep.Notified = true
		s.notify()
	}
	return nil
}

// fail records the errors of a build and keeps the last good pages.
func (s *Server) fail(rep *Report, errs []*model.Error) {
	rep.Errors = errs
	s.mu.Lock()
	same := sameErrors(s.problems, errs)
	s.problems = errs
	s.mu.Unlock()
	if !same {
		rep.Notified = true
		s.notify()
	}
}

func sameErrors(a, b []*model.Error) bool {
	return a != nil && slices.EqualFunc(a, b, func(x, y *model.Error) bool { return x.Error() == y.Error() })
}

// copyStatic refreshes the static layer without rendering: the built-in
// files, then the site's own over them.
func (s *Server) copyStatic(ctx context.Context, rep *Report) error {
	cfg := s.config()
	siteStatic, err := walkSiteStatic(cfg.Site)
	if err != nil {
		s.fail(rep, []*model.Error{{Pos: model.Pos{Path: "static"}, Err: err}})
		return nil
	}
	static := map[string][]byte{}
	if cfg.Static != nil {
		err := fs.WalkDir(cfg.Static, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && p != "." {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				return nil
			}
			b, err := fs.ReadFile(cfg.Static, p)
			static[p] = b
			return err
		})
		if err != nil {
			return err
		}
	}
	s.mu.RLock()
	pages := s.pages
	s.mu.RUnlock()
	for p := range siteStatic {
		if _, clash := pages[p]; clash {
			// A site file at a rendered page's path is an error the full
			// pipeline reports; let it.
			return s.render(ctx, rep, nil)
		}
		b, err := fs.ReadFile(cfg.Site, "static/"+p)
		if err != nil {
			s.fail(rep, []*model.Error{{Pos: model.Pos{Path: "static/" + p}, Err: err}})
			return nil
		}
		static[p] = b
	}
	rep.Pages = len(siteStatic)
	s.mu.Lock()
	rep.Updated = diff(s.static, static)
	s.static, s.siteStatic = static, siteStatic
	s.mu.Unlock()
	if rep.Updated > 0 {
		rep.Notified = true
		s.notify()
	}
	return nil
}

// walkSiteStatic lists the regular files of the site's static/ folder as
// paths relative to it, as site.Produce publishes them.
func walkSiteStatic(fsys fs.FS) (map[string]bool, error) {
	out := map[string]bool{}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if d.Type().IsRegular() {
			out[strings.TrimPrefix(p, "static/")] = true
		}
		return nil
	})
	return out, err
}

// diff counts the paths that differ between two builds.
func diff(old, new map[string][]byte) int {
	n := 0
	for p, b := range new {
		if ob, ok := old[p]; !ok || !bytes.Equal(ob, b) {
			n++
		}
	}
	for p := range old {
		if _, ok := new[p]; !ok {
			n++
		}
	}
	return n
}

// Subscribe returns a channel that receives a value whenever browsers
// should reload, and a function that ends the subscription.
func (s *Server) Subscribe() (<-chan uint64, func()) {
	ch := make(chan uint64, 1)
	s.subMu.Lock()
	s.subs[ch] = struct{}{}
	s.subMu.Unlock()
	return ch, func() {
		s.subMu.Lock()
		delete(s.subs, ch)
		s.subMu.Unlock()
	}
}

func (s *Server) notify() {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	s.gen++
	for ch := range s.subs {
		// One pending reload is as good as several.
		select {
		case ch <- s.gen:
		default:
		}
	}
}

// Problems returns the errors of the latest build; nil when it succeeded.
func (s *Server) Problems() []*model.Error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.problems)
}

// Serve answers requests on ln and rebuilds on changes until ctx is done.
// Hosts allowed besides loopback names are those of ln's address.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	watchErr := make(chan error, 1)
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go func() { watchErr <- s.Watch(wctx) }()

	hs := &http.Server{
		Handler:           s.Handler(ln.Addr().String()),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	var err error
	select {
	case <-ctx.Done():
	case err = <-serveErr:
	case err = <-watchErr:
	}
	s.close.Do(func() { close(s.done) })
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	hs.Shutdown(sctx)
	stopWatch()
	if err == nil {
		err = <-watchErr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// String is the one line printed for a rebuild: what changed, how many
// pages were rendered and changed, and how long it took.
func (r Report) String() string {
	var b strings.Builder
	b.WriteString(time.Now().Format("15:04:05 "))
	switch n := len(r.Changed); {
	case n == 0:
		fmt.Fprintf(&b, "built %d pages", r.Pages)
		if r.Warnings > 0 {
			fmt.Fprintf(&b, ", %s", count(r.Warnings, "warning"))
		}
		if len(r.Errors) > 0 {
			fmt.Fprintf(&b, "; %s, fix them and save", count(len(r.Errors), "error"))
		}
		fmt.Fprintf(&b, " (%s)", r.Took.Round(100*time.Microsecond))
		return b.String()
	case n <= 3:
		b.WriteString(strings.Join(r.Changed, ", "))
	default:
		fmt.Fprintf(&b, "%s and %d more", strings.Join(r.Changed[:2], ", "), n-2)
	}
	b.WriteString(": ")
	took := r.Took.Round(100 * time.Microsecond)
	switch {
	case len(r.Errors) > 0:
		fmt.Fprintf(&b, "%s; serving the last good build (%s)", count(len(r.Errors), "error"), took)
	case !r.Full:
		fmt.Fprintf(&b, "static files copied, %d changed, no pages rendered (%s)", r.Updated, took)
	case r.Incremental:
		fmt.Fprintf(&b, "%d of %d files rendered, %d changed", r.Pages, r.Total, r.Updated)
		if r.Warnings > 0 {
			fmt.Fprintf(&b, ", %s", count(r.Warnings, "warning"))
		}
		fmt.Fprintf(&b, " (%s)", took)
	default:
		fmt.Fprintf(&b, "%d pages rendered, %d files changed", r.Pages, r.Updated)
		if r.Reason != "" {
			fmt.Fprintf(&b, ", every page: %s", r.Reason)
		}
		if r.Warnings > 0 {
			fmt.Fprintf(&b, ", %s", count(r.Warnings, "warning"))
		}
		fmt.Fprintf(&b, " (%s)", took)
	}
	if r.Notified {
		b.WriteString("; reloading browsers")
	}
	return b.String()
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// logReport prints a rebuild's line and, when it failed, every error.
func (s *Server) logReport(r Report) {
	fmt.Fprintln(s.log, r.String())
	for _, e := range r.Errors {
		fmt.Fprintln(s.log, "  "+problemText(e))
	}
}

// problemText is an error as "path:line:col: message", or the bare message
// when it belongs to no file.
func problemText(e *model.Error) string {
	if e.Path == "" {
		return e.Err.Error()
	}
	return e.Error()
}

// lookup finds the file for a cleaned request path, relative to the root,
// and whether the path names a folder that needs its trailing slash.
func (s *Server) lookup(p string) (body []byte, name string, redirect bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	name = p
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if b, ok := s.pages[name]; ok {
		return b, name, false
	}
	if b, ok := s.static[name]; ok {
		return b, name, false
	}
	if !strings.HasSuffix(p, "/") && p != "" {
		idx := path.Join(p, "index.html")
		if _, ok := s.pages[idx]; ok {
			return nil, "", true
		}
		if _, ok := s.static[idx]; ok {
			return nil, "", true
		}
	}
	return nil, "", false
}

// state returns what a response needs besides the file.
func (s *Server) state() (good bool, problems []*model.Error, notFound []byte) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.good, s.problems, s.pages["404.html"]
}

// Files returns a copy of the served files, for tests and benchmarks.
func (s *Server) Files() map[string][]byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := maps.Clone(s.static)
	maps.Copy(out, s.pages)
	return out
}
