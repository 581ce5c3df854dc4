package output

import (
	"bytes"
	"strings"
)

// appendCompactHTML appends to dst a piece of HTML made as small as the
// HTML minifier of NewMinifier makes it, without the minifier, when it
// is of the plain form most rendered markdown bodies are in: known tags,
// attributes in double quotes, text whose only character references are
// &quot; and "&amp; ", single spaces, and line ends only between blocks
// or inside text. For such HTML the result is byte for byte the
// minifier's (FuzzCompactHTML compares them); for any other, ok is
// false. The minifier lexes its whole input into tokens, and bodies are
// most of what a build minifies. When ok is false, what it gives is dst
// with something of html after it.
func appendCompactHTML(dst []byte, html string) (_ []byte, ok bool) {
	b := bytes.NewBuffer(dst)
	b.Grow(len(html))
	// trim is whether the minifier would drop a space here: at the start,
	// after a block's tag, or after a space, with only inline tags since.
	trim := true
	for i := 0; i < len(html); {
		if html[i] == '<' {
			n := strings.IndexByte(html[i:], '>')
			if n < 0 {
				return b.Bytes(), false
			}
			tag := html[i+1 : i+n]
			i += n + 1
			blk, ok := writeTag(b, tag)
			if !ok {
				return b.Bytes(), false
			}
			trim = trim || blk
			continue
		}
		n := strings.IndexByte(html[i:], '<')
		if n < 0 {
			n = len(html) - i
		}
		text := html[i : i+n]
		i += n
		// Whitespace before a block's tag, with only inline tags between,
		// is dropped too.
		beforeBlock := blockAhead(html[i:])
		if text == "\n" && trim && beforeBlock {
			continue
		}
		if text == " " && !trim && !beforeBlock {
			b.WriteByte(' ')
			trim = true
			continue
		}
		if trim && isSpace(text[0]) || beforeBlock && isSpace(text[len(text)-1]) {
			return b.Bytes(), false
		}
		if !writeText(b, text) {
			return b.Bytes(), false
		}
		trim = isSpace(text[len(text)-1])
	}
	return b.Bytes(), true
}

// blockAhead reports whether s, after any inline tags and whitespace,
// ends or goes on with a block's tag.
func blockAhead(s string) bool {
	for s != "" {
		if s[0] != '<' {
			n := strings.IndexByte(s, '<')
			if n < 0 {
				n = len(s)
			}
			if strings.Trim(s[:n], " \n") != "" {
				return false
			}
			s = s[n:]
			continue
		}
		if blockTag(nextTagName(s)) {
			return true
		}
		n := strings.IndexByte(s, '>')
		if n < 0 {
			return false
		}
		s = s[n+1:]
	}
	return true
}

// writeTag writes the tag between < and > with its attribute values
// unquoted where they can be, and reports whether it is a block's.
func writeTag(b *bytes.Buffer, tag string) (block, ok bool) {
	end := strings.HasPrefix(tag, "/")
	name := strings.TrimPrefix(tag, "/")
	attrs := ""
	if k := strings.IndexByte(name, ' '); k >= 0 {
		name, attrs = name[:k], name[k:]
	}
	if !knownTag(name) || end && attrs != "" {
		return false, false
	}
	b.WriteByte('<')
	if end {
		b.WriteByte('/')
	}
	b.WriteString(name)
	for attrs != "" {
		// ` key="value"`, as the markdown renderer writes them.
		eq := strings.Index(attrs, `="`)
		if attrs[0] != ' ' || eq < 2 || !plainAttr(attrs[1:eq]) {
			return false, false
		}
		q := strings.IndexByte(attrs[eq+2:], '"')
		if q < 0 {
			return false, false
		}
		key, val := attrs[1:eq], attrs[eq+2:eq+2+q]
		attrs = attrs[eq+3+q:]
		quote, plain := attrValue(val)
		if !plain {
			return false, false
		}
		b.WriteByte(' ')
		b.WriteString(key)
		b.WriteByte('=')
		if quote {
			b.WriteByte('"')
			b.WriteString(val)
			b.WriteByte('"')
		} else {
			b.WriteString(val)
		}
	}
	b.WriteByte('>')
	return blockTag(name), true
}

// attrValue reports whether the minifier writes attribute value val as
// it is (plain: not empty, no character reference, quote, control space
// or two spaces in a row, no space at either end) and, if so, whether in
// quotes. One pass, as writeText's: a body's links are many.
func attrValue(val string) (quote, plain bool) {
	if val == "" || val[0] == ' ' || val[len(val)-1] == ' ' {
		return false, false
	}
	space := false
	for i := 0; i < len(val); i++ {
		switch c := val[i]; c {
		case '&', '\'', '"', '\t', '\n', '\r', '\f':
			return false, false
		case ' ':
			if space {
				return false, false
			}
			space, quote = true, true
		default:
			space = false
			if c == '=' || c == '<' || c == '>' || c == '`' {
				quote = true
			}
		}
	}
	return quote, true
}

// writeText writes text with &quot; as a quote and "&amp; " as "& ",
// which is how the minifier writes them; any other reference, a tab or
// two spaces or line ends in a row it may write otherwise.
func writeText(b *bytes.Buffer, text string) bool {
	// One pass over the bytes: the text of bodies is most of what a
	// build minifies, and ContainsAny and a second loop for the spaces
	// were two thirds of compactHTML's time.
	space := false
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case ' ', '\n':
			if space {
				return false
			}
			space = true
		case '\t', '\r', '\f':
			return false
		default:
			space = false
		}
	}
	for {
		a := strings.IndexByte(text, '&')
		if a < 0 {
			b.WriteString(text)
			return true
		}
		b.WriteString(text[:a])
		text = text[a:]
		switch {
		case strings.HasPrefix(text, "&quot;"):
			b.WriteByte('"')
			text = text[len("&quot;"):]
		case strings.HasPrefix(text, "&amp; "):
			b.WriteString("& ")
			text = text[len("&amp; "):]
		default:
			return false
		}
	}
}

// nextTagName is the name of the tag s starts with.
func nextTagName(s string) string {
	s = strings.TrimPrefix(s[1:], "/")
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == '>' {
			return s[:i]
		}
	}
	return s
}

// knownTag reports whether name is one of the tags of plain bodies.
// Preformatted text, line breaks, images and anything a site could make
// the minifier treat otherwise are not.
func knownTag(name string) bool {
	switch name {
	case "a", "em", "strong", "del":
		return true
	}
	return blockTag(name)
}

// blockTag reports whether name is a known block's tag, around which
// the minifier drops whitespace.
func blockTag(name string) bool {
	switch name {
	case "p", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
		"table", "thead", "tbody", "tr", "th", "td":
		return true
	}
	return false
}

// plainAttr reports whether the minifier writes the value of attribute
// k as it is; it rewrites others (style, for one, as CSS).
func plainAttr(k string) bool {
	switch k {
	case "href", "id", "class", "rel", "title", "start":
		return true
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' }
