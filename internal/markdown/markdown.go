package markdown

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/annals/annals/internal/model"
)

// Lookup resolves a wikilink target. kind is "" for [[Name]] and, for
// example, model.KindActor for [[actors/Name]]; name is the raw text before
// "|". It returns the page URL and the entity, or an error: ErrNotFound for
// a name nothing has, any other error to say why the name cannot be used
// (say, it is ambiguous); the error becomes a Problem at the link.
type Lookup func(kind model.Kind, name string) (href string, ref model.EntityRef, err error)

// ErrNotFound is what a Lookup returns for a name that nothing has.
var ErrNotFound = errors.New("not found")

// Options configure a Renderer.
type Options struct {
	// Limits.MaxDepth bounds the nesting of lists and blockquotes; 0 means
	// model.DefaultLimits.MaxDepth. MaxBytes is checked by the loader, not
	// here.
	Limits model.Limits
}

// Renderer renders entry bodies. It is built once per run and is safe for
// concurrent use by many goroutines.
type Renderer struct {
	md     goldmark.Markdown
	limits model.Limits
}

// New builds a Renderer with the given options.
func New(opts Options) *Renderer {
	lim := opts.Limits
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = model.DefaultLimits.MaxDepth
	}
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = model.DefaultLimits.MaxBytes
	}
	// The parser is assembled by hand rather than from goldmark's defaults
	// because the list, blockquote and link parsers are wrapped by the
	// guards of limits.go, and an Extender can only add parsers.
	p := parser.NewParser(
		parser.WithBlockParsers(guardedBlockParsers(lim.MaxDepth)...),
		parser.WithInlineParsers(guardedInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	md := goldmark.New(
		goldmark.WithParser(p),
		goldmark.WithExtensions(
			extension.Strikethrough,
			guardedTable{},
			wikilinks{},
			safeLinks{},
			escapedHTML{},
			headings{},
		),
	)
	return &Renderer{md: md, limits: lim}
}

// Problem is a content error at a 1-based line and column of the source;
// the column counts runes, not bytes.
type Problem struct {
	Line, Col int
	Msg       string
}

// String formats the problem as "line:col: message".
func (p Problem) String() string { return fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg) }

// Result is what Render found in one body.
type Result struct {
	// HTML is the rendered body; it is empty when a limit was exceeded,
	// since the build fails anyway and a half-parsed body is misleading.
	HTML []byte
	// Links are the entities linked by wikilinks, in order of first
	// appearance, without repeats.
	Links []model.EntityRef
	// Summary is the plain text of the first top-level paragraph: inline
	// markup stripped, wikilinks as their shown text, entities decoded,
	// whitespace collapsed, cut near 300 runes.
	Summary string
	// Problems are sorted by line, then column.
	Problems []Problem
}

// Render parses and renders src.
//
// With a nil lookup, wikilinks are not checked: they render as their shown
// text and Links stays empty. Malformed wikilinks ("[[ ]]") and exceeded
// limits are reported either way, as they do not depend on the entities.
func (r *Renderer) Render(src []byte, lookup Lookup) Result {
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/4)
	return r.RenderTo(&buf, src, lookup)
}

// RenderTo is Render writing the HTML into buf, which it resets first:
// the result's HTML is buf's bytes, good until buf is next written. A
// caller that copies the HTML out anyway reuses one buffer for many
// bodies rather than growing a new one for each.
func (r *Renderer) RenderTo(buf *bytes.Buffer, src []byte, lookup Lookup) Result {
	doc, st := r.parse(src, lookup)
	var res Result
	if !st.fatal {
		buf.Reset()
		// Writing to a bytes.Buffer cannot fail, and no node renderer of
		// ours returns an error.
		// As a util.BufWriter, the buffer is written to directly, not
		// through a bufio.Writer goldmark would make for every body.
		_ = r.md.Renderer().Render(bufWriter{buf}, src, doc)
		res.HTML = buf.Bytes()
		res.Links = st.links
		res.Summary = summaryOf(doc, src)
	}
	res.Problems = st.sortedProblems()
	return res
}

// Check parses src and resolves its wikilinks as Render does, but writes
// no HTML: for a first pass that needs only links, summary and problems
// before the pages are rendered.
func (r *Renderer) Check(src []byte, lookup Lookup) Result {
	doc, st := r.parse(src, lookup)
	var res Result
	if !st.fatal {
		res.Links = st.links
		res.Summary = summaryOf(doc, src)
	}
	res.Problems = st.sortedProblems()
	return res
}

func (r *Renderer) parse(src []byte, lookup Lookup) (ast.Node, *state) {
	st := &state{src: src, lookup: lookup, limits: r.limits}
	pc := parser.NewContext()
	pc.Set(stateKey, st)
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	return doc, st
}

// Summary returns the plain text of the first paragraph of src, as
// Result.Summary, without rendering anything. It uses the default limits
// and never reports problems: a body that breaks them fails in Render.
func Summary(src []byte) string {
	// A Renderer is cheap to build and is not rendered with here, and a
	// package-level instance would be the shared default that the design
	// rules out.
	r := New(Options{})
	doc, st := r.parse(src, nil)
	if st.fatal {
		return ""
	}
	return summaryOf(doc, src)
}

// stateKey finds the per-call state in a parser.Context. Context keys are
// allocated by goldmark at init time, like its own.
var stateKey = parser.NewContextKey()

// state is everything one Render call collects. It lives in the
// parser.Context so that the shared goldmark instance holds nothing of a
// call.
type state struct {
	src      []byte
	lookup   Lookup
	limits   model.Limits
	problems []Problem
	links    []model.EntityRef
	seen     map[model.EntityRef]bool
	// fatal is set when a limit was exceeded; the body is then not
	// rendered.
	fatal bool
	// linkScan and labelLines count the work goldmark has been asked to do
	// for links, see linkGuard.
	linkScan, labelLines int
	// lineStarts are the offsets at which lines begin, built on first need.
	lineStarts []int
	// last is the last position computed; problems mostly come in source
	// order, and counting runes from it rather than from the start of the
	// line keeps a long line full of problems linear.
	last struct{ offset, line, col int }
}

func stateOf(pc parser.Context) *state {
	if st, ok := pc.Get(stateKey).(*state); ok {
		return st
	}
	// Only our own calls parse, and they always set the state; a fresh one
	// keeps a stray call from panicking.
	st := &state{limits: model.DefaultLimits}
	pc.Set(stateKey, st)
	return st
}

// problemf records a problem at a byte offset of the source.
func (st *state) problemf(offset int, format string, args ...any) {
	line, col := st.position(offset)
	st.problems = append(st.problems, Problem{Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// fatalf records a problem that stops the body from being rendered; only
// the first one is kept, since the rest follow from it.
func (st *state) fatalf(offset int, format string, args ...any) {
	if st.fatal {
		return
	}
	st.fatal = true
	st.problemf(offset, format, args...)
}

func (st *state) link(ref model.EntityRef) {
	if st.seen == nil {
		st.seen = map[model.EntityRef]bool{}
	}
	if !st.seen[ref] {
		st.seen[ref] = true
		st.links = append(st.links, ref)
	}
}

// position turns a byte offset into a 1-based line and a 1-based column
// counted in runes.
func (st *state) position(offset int) (line, col int) {
	offset = max(0, min(offset, len(st.src)))
	if st.lineStarts == nil {
		st.lineStarts = []int{0}
		for i, c := range st.src {
			if c == '\n' {
				st.lineStarts = append(st.lineStarts, i+1)
			}
		}
	}
	i := sort.Search(len(st.lineStarts), func(i int) bool { return st.lineStarts[i] > offset }) - 1
	line, col = i+1, 1
	from := st.lineStarts[i]
	if st.last.line == line && st.last.offset <= offset {
		from, col = st.last.offset, st.last.col
	}
	col += utf8.RuneCount(st.src[from:offset])
	st.last.offset, st.last.line, st.last.col = offset, line, col
	return line, col
}

func (st *state) sortedProblems() []Problem {
	slices.SortStableFunc(st.problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return st.problems
}
