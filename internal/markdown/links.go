package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// safeLinks limits link, image and autolink destinations to http, https,
// mailto and relative URLs, and marks external links rel="noopener". It
// works on the AST, where the destination is known exactly, rather than on
// the HTML.
type safeLinks struct{}

func (safeLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(linkChecker{}, 100)))
}

type linkChecker struct{}

// maxLinkBytes bounds the bytes of link targets one body may render: a
// reference definition used again and again repeats its target, so a
// 64 KiB body could otherwise render hundreds of megabytes.
const maxLinkBytes = 1 << 20

func (linkChecker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st := stateOf(pc)
	if st.fatal {
		return
	}
	src := reader.Source()
	var unsafe []ast.Node
	total := 0
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := node.(type) {
		case *ast.Link:
			total += len(n.Destination) + len(n.Title)
			if !safeDestination(n.Destination) {
				unsafe = append(unsafe, n)
			} else if isExternal(decode(n.Destination)) {
				n.SetAttributeString("rel", []byte("noopener"))
			}
		case *ast.Image:
			total += len(n.Destination) + len(n.Title)
			if !safeDestination(n.Destination) {
				unsafe = append(unsafe, n)
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkEmail {
				// The renderer prefixes "mailto:"; an address cannot carry
				// a scheme of its own.
				break
			}
			url := n.URL(src)
			if !safeURL(url) || !safeURL(util.URLEscape(url, false)) {
				unsafe = append(unsafe, n)
			} else if isExternal(url) {
				n.SetAttributeString("rel", []byte("noopener"))
			}
		}
		if total > maxLinkBytes && !st.fatal {
			st.fatalf(node.Pos(), "the link targets of this entry add up to more than %d bytes (reference links repeat theirs); use fewer or shorter links", maxLinkBytes)
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unsafe {
		neutralise(n, src)
	}
}

// neutralise replaces a link or image with its text, so that the reader
// still sees what the editor wrote but nothing can be followed or loaded.
func neutralise(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if a, ok := n.(*ast.AutoLink); ok {
		s := ast.NewString(append([]byte(nil), a.Label(src)...))
		s.SetRaw(true)
		parent.ReplaceChild(parent, n, s)
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// safeDestination reports whether a Markdown link destination is safe. The
// destination is raw source text, in which entities and backslash escapes
// are still encoded, so it is checked as written, as decoded, and as the
// renderer will write it (decoded, then percent-encoded): all three must be
// safe.
func safeDestination(dest []byte) bool {
	return safeURL(dest) &&
		safeURL(decode(dest)) &&
		safeURL(util.URLEscape(dest, true))
}

// decode resolves backslash escapes and character references, as goldmark
// does before writing a destination.
func decode(b []byte) []byte {
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	return util.ResolveEntityNames(b)
}

// safeURL reports whether a URL is relative or has the scheme http, https
// or mailto. It reads the URL as a browser does: leading spaces and control
// characters are ignored, tabs and line breaks anywhere are dropped, and
// case does not matter. Anything that looks like a scheme but is not one of
// the three (even one a browser would take for a path, such as
// "java script:") is refused, since a false alarm costs a link and a miss
// costs a script.
func safeURL(u []byte) bool {
	i := 0
	for i < len(u) && u[i] <= ' ' {
		i++
	}
	var scheme [8]byte
	n := 0
	for ; i < len(u); i++ {
		c := u[i]
		switch c {
		case '\t', '\n', '\r':
			continue
		case ':':
			if n > len(scheme) {
				return false
			}
			s := scheme[:n]
			return bytes.Equal(s, []byte("http")) || bytes.Equal(s, []byte("https")) || bytes.Equal(s, []byte("mailto"))
		case '/', '?', '#':
			return true
		}
		if n < len(scheme) {
			scheme[n] = lower(c)
		}
		n++
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isExternal reports whether a safe URL leads off the site.
func isExternal(u []byte) bool {
	u = bytes.TrimLeft(u, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	if bytes.HasPrefix(u, []byte("//")) {
		return true
	}
	if len(u) < 5 {
		return false
	}
	p := bytes.ToLower(u[:min(len(u), 6)])
	return bytes.HasPrefix(p, []byte("http:")) || bytes.HasPrefix(p, []byte("https:"))
}
