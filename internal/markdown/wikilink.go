package markdown

import (
	"errors"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/annals/annals/internal/model"
)

// Wikilink is the parsed text between "[[" and "]]".
type Wikilink struct {
	// Kind is the kind named before "/", or "" when the link names none.
	Kind model.Kind
	// Name is the id, name or alias to look up, trimmed.
	Name string
	// Text is the shown text, trimmed; it is Name when there is no "|".
	Text string
}

var (
	errEmptyWikilink   = errors.New("empty wikilink: write [[Name]], [[actors/Name]] or [[Name|shown text]]")
	errWikilinkNewline = errors.New("wikilink spans lines: keep [[ and ]] on one line")
	errWikilinkBracket = errors.New("wikilink contains [ or ]")
)

// ParseWikilink parses inner, the text between "[[" and "]]".
//
// The first "|" ends the name; "\|" works too, so that a wikilink with
// shown text fits in a table cell. A name that starts with "actors/",
// "events/", "topics/" or "sources/" names its kind; any other "/" is part
// of the name. A blank name, a line break or a bracket is an error.
func ParseWikilink(inner string) (Wikilink, error) {
	if strings.ContainsAny(inner, "\n\r") {
		return Wikilink{}, errWikilinkNewline
	}
	if strings.ContainsAny(inner, "[]") {
		return Wikilink{}, errWikilinkBracket
	}
	name, shown, hasText := strings.Cut(inner, "|")
	if hasText {
		name = strings.TrimSuffix(name, `\`)
	}
	var w Wikilink
	name = strings.TrimSpace(name)
	if prefix, rest, ok := strings.Cut(name, "/"); ok {
		if k, ok := kindOfPrefix(prefix); ok {
			w.Kind, name = k, strings.TrimSpace(rest)
		}
	}
	if name == "" {
		return Wikilink{}, errEmptyWikilink
	}
	w.Name, w.Text = name, strings.TrimSpace(shown)
	if w.Text == "" {
		w.Text = name
	}
	return w, nil
}

func kindOfPrefix(prefix string) (model.Kind, bool) {
	for _, k := range model.EntityKinds {
		if prefix == string(k) {
			return k, true
		}
	}
	return "", false
}

// String gives the wikilink back as the text between "[[" and "]]", such
// that ParseWikilink returns the same Wikilink.
func (w Wikilink) String() string {
	var b strings.Builder
	if w.Kind != "" {
		b.WriteString(string(w.Kind))
		b.WriteByte('/')
	}
	b.WriteString(w.Name)
	if w.Text != w.Name {
		// ParseWikilink drops one backslash before "|", so a name that
		// ends in one needs another.
		if strings.HasSuffix(w.Name, `\`) {
			b.WriteByte('\\')
		}
		b.WriteByte('|')
		b.WriteString(w.Text)
	}
	return b.String()
}

// target is the link as the editor wrote it, without shown text, for
// messages.
func (w Wikilink) target() string {
	if w.Kind != "" {
		return "[[" + string(w.Kind) + "/" + w.Name + "]]"
	}
	return "[[" + w.Name + "]]"
}

// kindWikilink is the AST node kind of wikilinks. Node kinds are allocated
// by goldmark at init time, like its own.
var kindWikilink = ast.NewNodeKind("Wikilink")

// wikilinkNode is a wikilink in the AST. Its one child is the shown text as
// a raw ast.String, so that image alt text, headings and summaries that
// walk children see the shown text with no special case.
type wikilinkNode struct {
	ast.BaseInline
	Link Wikilink
	// bad marks a malformed wikilink, shown as the source text.
	bad bool
	// href is set when the link resolved and may be rendered as a link.
	href string
}

func (n *wikilinkNode) Kind() ast.NodeKind { return kindWikilink }

func (n *wikilinkNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{
		"Kind": string(n.Link.Kind), "Name": n.Link.Name, "Text": n.Link.Text, "Href": n.href,
	}, nil)
}

// wikilinkParser recognises [[...]] before goldmark's link parser sees the
// brackets.
type wikilinkParser struct{}

func (wikilinkParser) Trigger() []byte { return []byte{'['} }

func (wikilinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[0] != '[' || line[1] != '[' {
		return nil
	}
	end := wikilinkEnd(line)
	if end < 0 {
		return nil
	}
	raw := line[:end+2]
	n := &wikilinkNode{}
	n.SetPos(seg.Start)
	w, err := ParseWikilink(string(line[2:end]))
	shown := []byte(w.Text)
	if err != nil {
		n.bad = true
		shown = append([]byte(nil), raw...)
		stateOf(pc).problemf(seg.Start, "%v", err)
	}
	n.Link = w
	s := ast.NewString(shown)
	s.SetRaw(true)
	n.AppendChild(n, s)
	block.Advance(end + 2)
	return n
}

// wikilinkEnd returns the index of the "]]" that closes the wikilink that
// line starts with, or -1. Scanning stops at the first bracket, line break
// or backtick, so that a run of "[[[[" costs linear time, nested brackets
// stay ordinary text, and code spans keep binding tighter than links, as
// CommonMark has it.
func wikilinkEnd(line []byte) int {
	for i := 2; i < len(line); i++ {
		switch line[i] {
		case ']':
			if i+1 < len(line) && line[i+1] == ']' {
				return i
			}
			return -1
		case '[', '\n', '\r', '`':
			return -1
		}
	}
	return -1
}

// wikilinkResolver looks every wikilink up once the document is parsed.
type wikilinkResolver struct{}

func (wikilinkResolver) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st.fatal || st.lookup == nil {
		return
	}
	inLink := 0
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := node.(type) {
		case *ast.Link:
			if entering {
				inLink++
			} else {
				inLink--
			}
		case *wikilinkNode:
			if entering && !n.bad {
				st.resolve(n, inLink > 0)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

func (st *state) resolve(n *wikilinkNode, inLink bool) {
	w := n.Link
	href, ref, err := st.lookup(w.Kind, w.Name)
	if errors.Is(err, ErrNotFound) {
		st.problemf(n.Pos(), "unknown reference %s: no %s has this id, name or alias", w.target(), kindWords(w.Kind))
		return
	}
	if err != nil {
		st.problemf(n.Pos(), "reference %s: %v", w.target(), err)
		return
	}
	st.link(ref)
	// HTML forbids a link inside a link, so a wikilink in the text of a
	// Markdown link is counted but shown as text. The href is ours, but is
	// checked like any other so that a bad one can never reach a page.
	if !inLink && safeURL([]byte(href)) {
		n.href = href
	}
}

func kindWords(k model.Kind) string {
	switch k {
	case model.KindActor:
		return "actor"
	case model.KindEvent:
		return "event"
	case model.KindTopic:
		return "topic"
	case model.KindSource:
		return "source"
	}
	return "actor, event, topic or source"
}

// wikilinkHTML renders resolved wikilinks as links and the rest as their
// shown text (the child does that).
type wikilinkHTML struct{}

func (wikilinkHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindWikilink, renderWikilink)
}

func renderWikilink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*wikilinkNode)
	if n.href == "" {
		return ast.WalkContinue, nil
	}
	if entering {
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML([]byte(n.href)))
		_, _ = w.WriteString(`" class="wikilink">`)
	} else {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

// wikilinks is the wikilink extension.
type wikilinks struct{}

func (wikilinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before goldmark's link parser (200), which would take "[[" as two
		// link openers.
		parser.WithInlineParsers(util.Prioritized(wikilinkParser{}, 150)),
		// After safeLinks, so that a link it unwraps no longer hides the
		// wikilinks inside.
		parser.WithASTTransformers(util.Prioritized(wikilinkResolver{}, 200)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(wikilinkHTML{}, 100)))
}
