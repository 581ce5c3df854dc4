package render

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/annals/annals/internal/htmlexec"
	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/parallel"
	"github.com/annals/annals/internal/timeline"
)

// Page is one rendered file: its path under the output root and bytes.
type Page struct {
	Path string
	Body []byte
	// Compact is set for files generated as small as they can be, which
	// need no minifying.
	Compact bool
	// Write, when set instead of Body, writes the file as it is made.
	Write func(io.Writer) error
	// Done, when set, may be called once, by a consumer finished with
	// Body that keeps no reference to it: the renderer reuses its memory
	// for a later page.
	Done func()
}

// Options configure a Renderer.
type Options struct {
	// Templates are the built-in templates; Overrides (may be nil) are the
	// site's own, which replace built-in ones of the same name.
	Templates fs.FS
	Overrides fs.FS
	// Version is the generator version shown in the meta generator tag.
	Version string
	// Minifier, when set, minifies the templates once and every piece of
	// HTML put into them, so that HTML pages come out minified and are
	// marked Compact.
	Minifier Minifier
	// CheckTemplates runs html/template beside the compiled templates on
	// every page and fails the render where they differ. Tests set it.
	CheckTemplates bool
}

// Minifier minifies HTML by path and the source of HTML templates.
type Minifier interface {
	AppendString(dst []byte, path string, s string) ([]byte, error)
	Template(path string, src []byte) ([]byte, error)
}

// Renderer turns an index into pages. Templates are parsed once; a
// Renderer is safe for concurrent use.
type Renderer struct {
	pages map[string]*htmlexec.Set
	min   Minifier // nil when not minifying
	// partials executes the partials that cached keeps, for every page.
	partials *htmlexec.Set
	version  string
	// run is held by a render, so that frags holds one site's fragments.
	run   sync.Mutex
	frags fragments
	// bodies are page buffers given back (Page.Done), and the buffers
	// article bodies are read back into.
	bodies bytePool
	// partialBufs are the buffers cached executes partials into.
	partialBufs sync.Pool
}

// bytePool keeps byte slices for reuse, by *[]byte so that putting one
// back allocates nothing.
type bytePool struct{ p sync.Pool }

func (bp *bytePool) get() *[]byte {
	b, _ := bp.p.Get().(*[]byte)
	if b == nil {
		b = new([]byte)
	}
	return b
}

// put keeps b's memory, emptied, for the next get.
func (bp *bytePool) put(b *[]byte) {
	*b = (*b)[:0]
	bp.p.Put(b)
}

// pageTemplates are the templates that render a whole page; every other
// .html file is a shared partial (base.html and _*.html).
var pageTemplates = []string{"home.html", "year.html", "article.html", "event.html", "actor.html", "topic.html", "source.html", "list.html", "search.html", "404.html"}

// New parses the templates. A template error names the file.
func New(opts Options) (*Renderer, error) {
	files := map[string][]byte{}
	read := func(fsys fs.FS, override bool) error {
		if fsys == nil {
			return nil
		}
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			if override {
				return nil
			}
			return err
		}
		for _, e := range entries {
			if e.IsDir() || path.Ext(e.Name()) != ".html" {
				continue
			}
			b, err := fs.ReadFile(fsys, e.Name())
			if err != nil {
				return err
			}
			files[e.Name()] = b
		}
		return nil
	}
	if err := read(opts.Templates, false); err != nil {
		return nil, fmt.Errorf("built-in templates: %w", err)
	}
	if err := read(opts.Overrides, true); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if opts.Minifier != nil {
		for name, src := range files {
			// A quote in a comment makes the minifier leave the rest of
			// the file as it is; comments write nothing, so they go.
			src = templateComment.ReplaceAll(src, nil)
			b, err := opts.Minifier.Template(name, src)
			if err != nil {
				return nil, fmt.Errorf("templates/%s: %w", name, err)
			}
			files[name] = b
		}
	}
	var partials []string
	for name := range files {
		if !slices.Contains(pageTemplates, name) {
			partials = append(partials, name)
		}
	}
	slices.Sort(partials)
	r := &Renderer{pages: map[string]*htmlexec.Set{}, version: opts.Version, min: opts.Minifier}
	fm := template.FuncMap{"cached": r.cached, "rows": r.rows}
	maps.Copy(fm, funcs)
	root := template.New("").Funcs(fm)
	for _, name := range partials {
		if _, err := root.New(name).Parse(string(files[name])); err != nil {
			return nil, fmt.Errorf("templates/%s: %w", name, err)
		}
	}
	// Pages run compiled templates, which html/template's output and
	// errors are the reference for (see internal/htmlexec).
	methods := dataMethods()
	compiled := func(t *template.Template) *htmlexec.Set {
		set := htmlexec.New(t, fm)
		set.Methods(methods...)
		if opts.CheckTemplates {
			set.Verify()
		}
		return set
	}
	r.partials = compiled(template.Must(root.Clone()))
	for _, name := range pageTemplates {
		src, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("templates/%s: missing", name)
		}
		t, err := template.Must(root.Clone()).New(name).Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("templates/%s: %w", name, err)
		}
		r.pages[name] = compiled(t)
	}
	return r, nil
}

// templateComment is a template comment without trim markers, which
// would also remove the white space around it.
var templateComment = regexp.MustCompile(`(?s)\{\{/\*.*?\*/\}\}`)

// job is one file to render: it writes the body and returns the path.
type job func(b *bytes.Buffer) (string, error)

// group builds the pages of one thing: an article, an entity with its
// further pages, a year with its months. Page data is built by the group
// as it is rendered and dropped after, so it is never all in memory.
type group func() []tpl

// Pages renders every page and data file of the site, in parallel, calling
// emit for each; emit may be called from several goroutines at once. The
// data files (sitemap, feeds, search index) come after the pages, since
// the sitemap lists the pages the groups made.
func (r *Renderer) Pages(ctx context.Context, ix *timeline.Index, emit func(Page) error) error {
	defer r.begin(false)()
	v := r.view(ix)
	groups := v.keyedGroups(false)
	// The pages' paths, for the sitemap, which sorts them: in one list
	// rather than one a group, as most groups are one page.
	var (
		mu    sync.Mutex
		paths = make([]string, 0, len(groups))
	)
	err := parallel.Each(ctx, len(groups), newBuffer, func(i int, buf *bytes.Buffer) error {
		for _, t := range groups[i].pages(v) {
			if t.page.Kind != "404" {
				mu.Lock()
				paths = append(paths, t.page.Path)
				mu.Unlock()
			}
			if err := r.emit(r.html(t), buf, emit); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The data files use no partials; their peak, the search index and
	// timeline.json, need not carry the rows as well.
	r.frags.reset()
	locs := make([]string, len(paths))
	for i, p := range paths {
		locs[i] = v.urls.Abs(p)
	}
	// timeline.json, the largest file (a hundred megabytes at 100,000
	// articles), is written as it is made rather than held; the search
	// index, nearly as large in memory, is built only after the other
	// data files, as the two together were the build's peak.
	err = emit(Page{Path: "timeline.json", Compact: true, Write: func(w io.Writer) error {
		jw, ok := w.(jsonWriter)
		var bw *bufio.Writer
		if !ok {
			bw = bufio.NewWriter(w)
			jw = bw
		}
		err := v.writeTimelineJSON(jw)
		if err == nil && bw != nil {
			err = bw.Flush()
		}
		if err != nil {
			return fmt.Errorf("rendering timeline.json: %w", err)
		}
		return nil
	}})
	if err != nil {
		return err
	}
	run := func(data []job) error {
		return parallel.Each(ctx, len(data), newBuffer, func(i int, buf *bytes.Buffer) error {
			return r.emit(data[i], buf, emit)
		})
	}
	// One after the other, so that the page URLs the sitemap needs are
	// let go before the search index is built.
	if err := run(v.fileJobs(locs)); err != nil {
		return err
	}
	return run(v.searchJobs())
}

// begin starts a render: it waits for any other to end, as both would
// share the fragments, and returns the function that ends it. A render
// of a whole site starts with no fragments; the live preview's renders
// keep what the last one made (see Update).
func (r *Renderer) begin(keep bool) (end func()) {
	r.run.Lock()
	if !keep {
		r.frags.reset()
	}
	r.frags.keepAll = keep
	return r.run.Unlock
}

// view starts the page data of one render.
func (r *Renderer) view(ix *timeline.Index) *view {
	v := newView(ix, r.version)
	v.markup = r.markup
	v.compactXML = r.min != nil
	return v
}

// markup is HTML rendered from an editor's markdown, minified when the
// templates are: it is the part of a page they do not hold.
func (r *Renderer) markup(html string) template.HTML {
	if r.min == nil || html == "" {
		return template.HTML(html)
	}
	b, err := r.min.AppendString(nil, "body.html", html)
	if err != nil {
		// The page is then only larger than it could be; what the
		// minifier could not read, a browser still can.
		return template.HTML(html)
	}
	return template.HTML(b)
}

// markupIn is markup for the HTML in body, memory that is reused once the
// page is executed, which copies what it shows: what it gives is in that
// memory too, or in what it was appended to, which it gives for reuse.
func (r *Renderer) markupIn(body []byte) (template.HTML, []byte) {
	html := unsafe.String(unsafe.SliceData(body), len(body))
	if r.min == nil || len(body) == 0 {
		return template.HTML(html), body
	}
	// Appended after the body it is made from, in the same memory where
	// there is room.
	all, err := r.min.AppendString(body, "body.html", html)
	if err != nil {
		return template.HTML(html), body
	}
	out := all[len(body):]
	return template.HTML(unsafe.String(unsafe.SliceData(out), len(out))), all
}

// newBuffer gives each render worker a buffer of its own, reused across
// its pages.
func newBuffer() *bytes.Buffer { return new(bytes.Buffer) }

func (r *Renderer) emit(j job, buf *bytes.Buffer, emit func(Page) error) error {
	buf.Reset()
	p, err := j(buf)
	if err != nil {
		return err
	}
	// A large file (timeline.json, a sitemap) is handed over rather than
	// copied, and the worker starts a fresh buffer.
	body := buf.Bytes()
	var done func()
	if cap(body) > 1<<20 {
		*buf = bytes.Buffer{}
	} else {
		// Pages are copied out of the worker's buffer into one a
		// written page gave back, when there is one: a build of ten
		// thousand pages otherwise allocates them all.
		kept := r.bodies.get()
		body = append(*kept, body...)
		done = func() {
			*kept = body
			r.bodies.put(kept)
		}
	}
	// The JSON files are generated without spaces, and HTML pages from
	// minified templates when minifying: minifying them again would
	// only copy them.
	compact := strings.HasSuffix(p, ".json") || r.min != nil && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".xml"))
	return emit(Page{Path: p, Body: body, Compact: compact, Done: done})
}

func (r *Renderer) html(t tpl) job {
	return func(b *bytes.Buffer) (string, error) {
		page := t.data()
		// An article's body is rendered only now, and let go once the
		// page is written, so bodies are never all in memory at once.
		if d := page.Article; d != nil {
			buf := r.bodies.get()
			body, err := d.A.AppendHTML(*buf)
			if err != nil {
				r.bodies.put(buf)
				return "", fmt.Errorf("%s: %w", d.A.Path, err)
			}
			d.Body, *buf = r.markupIn(body)
			defer func() {
				d.Body = ""
				r.bodies.put(buf)
			}()
		}
		if err := r.pages[t.name].Execute(b, t.name, page); err != nil {
			return "", fmt.Errorf("rendering %s with templates/%s: %w", page.Path, t.name, err)
		}
		return file(page.Path), nil
	}
}

// keyedGroup is a group with a key that names it from one run to the next
// ("articles/<slug>", "actors/<id>", "timeline", "list/actors", …), so the
// live preview can build only the groups an edit affects.
type keyedGroup struct {
	key   string
	build group
	// art is set instead of build for an article's page: the live
	// preview lists the groups on every edit, and most are articles.
	art *model.Article
}

// articlePaths are the paths of the site's articles, in order; the live
// preview's renders find them in the memo.
func (v *view) articlePaths() []string {
	arts := v.ix.Site.Articles
	out := make([]string, len(arts))
	m := v.memo
	if m == nil {
		for i, a := range arts {
			out[i] = pathOf(a)
		}
		return out
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	// Each edit leaves the article it replaced behind; they are let go
	// once they are as many as the site's.
	if m.paths == nil || len(m.paths) > 2*len(arts)+64 {
		m.paths = make(map[*model.Article]string, len(arts))
	}
	for i, a := range arts {
		p, ok := m.paths[a]
		if !ok {
			p = pathOf(a)
			m.paths[a] = p
		}
		out[i] = p
	}
	return out
}

// pages builds the group's pages.
func (g keyedGroup) pages(v *view) []tpl {
	if g.art != nil {
		return []tpl{v.article(g.art)}
	}
	return g.build()
}

// keyedGroups lists the groups in their fixed order. Only the live
// preview needs their keys; a whole build leaves them empty, which spares
// a string for every page.
func (v *view) keyedGroups(keyed bool) []keyedGroup {
	ix := v.ix
	one := func(build func() tpl) group { return func() []tpl { return []tpl{build()} } }
	key := func(x any) string {
		if !keyed {
			return ""
		}
		return pathOf(x)
	}
	out := make([]keyedGroup, 0, 2+len(ix.Site.Articles)+len(ix.Site.Events)+len(ix.Site.Actors)+len(ix.Site.Topics)+len(ix.Site.Sources)+7)
	// The groups of many pages come first: the whole build runs them in
	// this order on a few workers, and one left for last (the thousand
	// pages of a large site's article list) ran alone while the other
	// workers had nothing left to do.
	out = append(out, keyedGroup{key: "timeline", build: v.years})
	for _, k := range []model.Kind{model.KindArticle, model.KindActor, model.KindEvent, model.KindTopic, model.KindSource} {
		out = append(out, keyedGroup{key: "list/" + string(k), build: func() []tpl { return v.list(k) }})
	}
	out = append(out, keyedGroup{key: "home", build: one(v.home)})
	if keyed {
		for i, p := range v.articlePaths() {
			out = append(out, keyedGroup{key: p, art: ix.Site.Articles[i]})
		}
	} else {
		for _, a := range ix.Site.Articles {
			out = append(out, keyedGroup{art: a})
		}
	}
	for _, e := range ix.Site.Events {
		out = append(out, keyedGroup{key: key(e), build: func() []tpl { return v.event(e) }})
	}
	for _, a := range ix.Site.Actors {
		out = append(out, keyedGroup{key: key(a), build: func() []tpl { return v.actor(a) }})
	}
	for _, t := range ix.Site.Topics {
		out = append(out, keyedGroup{key: key(t), build: func() []tpl { return v.topic(t) }})
	}
	for _, s := range ix.Site.Sources {
		out = append(out, keyedGroup{key: key(s), build: func() []tpl { return v.sourcePage(s) }})
	}
	return append(out, keyedGroup{key: "search", build: one(v.search)}, keyedGroup{key: "404", build: one(v.notFound)})
}

// funcs are the template functions; they only format, never look up.
var funcs = template.FuncMap{
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
	// sameMonth reports whether a range can be written "19–23 January
	// 2026": two certain days of one month.
	"sameMonth": func(a, b model.Date) bool {
		return a.Prec == model.Day && b.Prec == model.Day && a.Year == b.Year && a.Month == b.Month &&
			a.Day != b.Day && a.Qualifier() == "" && b.Qualifier() == ""
	},
	// title capitalises the first letter of a word such as "person".
	"title": func(s string) string {
		if s == "" {
			return s
		}
		r, n := utf8.DecodeRuneInString(s)
		return string(unicode.ToUpper(r)) + s[n:]
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"monthName": func(m int) string {
		if m == 0 {
			return ""
		}
		return monthNames[m-1]
	},
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// dataMethods are the methods the templates call on page data, called
// without reflection: a date's are called several times on every row.
func dataMethods() []htmlexec.Method {
	return []htmlexec.Method{
		htmlexec.StringMethod((*model.Date).Machine),
		htmlexec.StringMethod((*model.Date).Human),
		htmlexec.StringMethod((*model.Date).Qualifier),
		htmlexec.BoolMethod((*model.Date).IsZero),
		htmlexec.StringMethod((*Chart).BarsSVG),
		htmlexec.StringMethod((*Chart).RowsHTML),
		htmlexec.BoolMethod((*PageData).First),
		htmlexec.StringMethod((*PageData).NavCurrent),
	}
}
