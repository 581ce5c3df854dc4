package markdown

import (
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/annals/annals/internal/model"
)

// headings renders "#" as <h2>, "##" as <h3> and so on, capped at <h6>: a
// page's <h1> is its title, so the body's headings sit one level below it.
// Every heading gets an id from its plain text, folded like a slug and made
// unique in the document with "-2", "-3"…, so that links to sections are
// stable and the same input gives the same ids.
type headings struct{}

func (headings) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(headingIDs{}, 300)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(headings{}, 100)))
}

func (headings) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, renderHeading)
}

func renderHeading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	level := byte('0' + min(n.Level+1, 6))
	if entering {
		_, _ = w.WriteString("<h")
		_ = w.WriteByte(level)
		if n.Attributes() != nil {
			html.RenderAttributes(w, node, html.HeadingAttributeFilter)
		}
		_ = w.WriteByte('>')
	} else {
		_, _ = w.WriteString("</h")
		_ = w.WriteByte(level)
		_, _ = w.WriteString(">\n")
	}
	return ast.WalkContinue, nil
}

type headingIDs struct{}

func (headingIDs) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if stateOf(pc).fatal {
		return
	}
	src := reader.Source()
	used := map[string]bool{}
	// next remembers the last suffix tried per base, so that a thousand
	// equal headings do not retry every earlier suffix.
	next := map[string]int{}
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		h, ok := node.(*ast.Heading)
		if !ok {
			if node.Type() == ast.TypeInline {
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		}
		base := model.Slug(plainText(h, src))
		if base == "" {
			base = "section"
		}
		id := base
		for n := next[base]; used[id]; next[base] = n {
			n++
			id = base + "-" + strconv.Itoa(n+1)
		}
		used[id] = true
		h.SetAttributeString("id", []byte(id))
		return ast.WalkSkipChildren, nil
	})
}
