package markdown

import (
	"bytes"
	stdhtml "html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
)

// summaryRunes is about how long a summary may be; it is cut at the last
// word boundary before it.
const summaryRunes = 300

// summaryOf returns the plain text of the first paragraph that is a direct
// child of doc; headings, lists, quotes and tables before it are skipped.
func summaryOf(doc ast.Node, src []byte) string {
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if p, ok := c.(*ast.Paragraph); ok {
			return cut(collapse(plainText(p, src)), summaryRunes)
		}
	}
	return ""
}

// plainText is the text a reader sees in n's inline content: markup gone,
// entities and backslash escapes decoded, wikilinks as their shown text,
// images as their alt text, raw HTML as the text typed.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	writePlain(&b, n, src)
	return b.String()
}

func writePlain(b *bytes.Buffer, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				b.Write(c.Value(src))
			} else {
				b.WriteString(decodeText(c.Value(src)))
			}
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			if c.IsRaw() || c.IsCode() {
				b.Write(c.Value)
			} else {
				b.WriteString(decodeText(c.Value))
			}
		case *ast.CodeSpan:
			for k := c.FirstChild(); k != nil; k = k.NextSibling() {
				switch k := k.(type) {
				case *ast.Text:
					b.Write(k.Value(src))
				case *ast.String:
					b.Write(k.Value)
				}
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			for i := range c.Segments.Len() {
				seg := c.Segments.At(i)
				b.Write(seg.Value(src))
			}
		case *east.TableCell:
			writePlain(b, c, src)
			b.WriteByte(' ')
		default:
			writePlain(b, c, src)
		}
	}
}

// decodeText resolves backslash escapes and character references exactly
// as goldmark does when it renders text: it renders, then unescapes HTML.
func decodeText(v []byte) string {
	if bytes.IndexByte(v, '&') < 0 && bytes.IndexByte(v, '\\') < 0 {
		return string(v)
	}
	var b bytes.Buffer
	w := bufWriter{&b}
	html.DefaultWriter.Write(w, v)
	return stdhtml.UnescapeString(b.String())
}

// bufWriter gives a bytes.Buffer the Flush and Available of util.BufWriter.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Flush() error    { return nil }
func (bufWriter) Available() int  { return 1 << 20 }
func (w bufWriter) Buffered() int { return w.Len() }

// collapse turns every run of white space into one space and trims.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for w := range strings.FieldsFuncSeq(s, unicode.IsSpace) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// cut shortens s to at most n runes plus "…", at the last space when there
// is one in the second half, so that a summary never ends mid-word.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	end := 0
	for range n {
		_, size := utf8.DecodeRuneInString(s[end:])
		end += size
	}
	head := s[:end]
	if sp := strings.LastIndexByte(head, ' '); sp > len(head)/2 {
		head = head[:sp]
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && r != ')' && r != '"' && r != '”' && r != '’'
	})
	return head + "…"
}
