package render

import (
	"bytes"
	"encoding/xml"
	"strings"
	"unicode/utf8"
)

// xmlOut writes an XML document element by element: as encoding/xml
// writes it indented by one space a level, or compact, with nothing
// between elements and empty ones closed in their start tag, as a
// minifier leaves it. Feeds and sitemaps are a few fixed elements,
// written for every entity of a site; encoding/xml finds them through
// reflection each time, and a minifier then reads them again.
type xmlOut struct {
	b       *bytes.Buffer
	compact bool
	depth   int
	// inline is set from a start tag until a child starts: the end tag
	// then follows the content on its line.
	inline  bool
	started bool
}

func newXMLOut(b *bytes.Buffer, compact bool) *xmlOut {
	b.WriteString(strings.TrimSuffix(xml.Header, "\n"))
	if !compact {
		b.WriteByte('\n')
	}
	return &xmlOut{b: b, compact: compact}
}

func (x *xmlOut) newline() {
	if x.compact {
		return
	}
	if x.started {
		x.b.WriteByte('\n')
	}
	x.started = true
	for range x.depth {
		x.b.WriteByte(' ')
	}
}

// tag writes <name attrs…, without its closing bracket; attrs are name
// and value pairs, and a pair with an empty value is left out.
func (x *xmlOut) tag(name string, attrs []string) {
	x.newline()
	x.b.WriteByte('<')
	x.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" {
			continue
		}
		x.b.WriteString(" " + attrs[i] + `="`)
		xmlText(x.b, attrs[i+1])
		x.b.WriteByte('"')
	}
}

func (x *xmlOut) start(name string, attrs ...string) {
	x.tag(name, attrs)
	x.b.WriteByte('>')
	x.depth++
	x.inline = true
}

func (x *xmlOut) end(name string) {
	x.depth--
	if !x.inline {
		x.newline()
	}
	x.inline = false
	x.b.WriteString("</" + name + ">")
}

// text writes an element holding text.
func (x *xmlOut) text(name, s string, attrs ...string) {
	x.start(name, attrs...)
	xmlText(x.b, s)
	x.end(name)
}

// empty writes an element with no content.
func (x *xmlOut) empty(name string, attrs ...string) {
	if !x.compact {
		x.start(name, attrs...)
		x.end(name)
		return
	}
	x.tag(name, attrs)
	x.b.WriteString("/>")
	x.inline = false
}

// cdata writes an element holding s as character data kept as written, a
// "]]>" in it split across two sections.
func (x *xmlOut) cdata(name, s string, attrs ...string) {
	x.start(name, attrs...)
	if s != "" {
		x.b.WriteString("<![CDATA[")
		x.b.WriteString(strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>"))
		x.b.WriteString("]]>")
	}
	x.end(name)
}

// close ends the document.
func (x *xmlOut) close() {
	if !x.compact {
		x.b.WriteByte('\n')
	}
}

// xmlText writes s escaped as encoding/xml escapes text and attribute
// values. Most values need no escaping, and EscapeText decodes every rune
// of every one.
func xmlText(b *bytes.Buffer, s string) {
	if !strings.ContainsAny(s, "&<>\"'") && isPrintableASCII(s) {
		b.WriteString(s)
		return
	}
	// Writing to a bytes.Buffer cannot fail.
	_ = xml.EscapeText(b, []byte(s))
}

// isPrintableASCII reports whether s is ASCII without control
// characters, which encoding/xml escapes or replaces.
func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] < ' ' {
			return false
		}
	}
	return true
}
