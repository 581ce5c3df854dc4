package load

import (
	"bytes"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// plainYAML parses the front matter almost every entry has — block maps
// of plain or single-line quoted scalars and block lists of them, one
// value to a line — into the very yaml.Node tree yaml.v3 would make, at a
// fraction of its cost (its scanner, token queue and event machine were
// most of a load). Anything else, or anything it is unsure of, it leaves
// to yaml.v3 by returning false: comments, anchors, tags, flow lists,
// block scalars, escapes, values over several lines, tabs, CRs, scalars a
// YAML resolver could read as a number, a date, a bool or a null, and
// every error. FuzzPlainYAML holds it to yaml.v3's tree wherever it answers.
func plainYAML(data []byte) (*yaml.Node, bool) { return plainYAMLIn(data, nil) }

// plainYAMLIn is plainYAML taking its nodes from *slab where it has room,
// and leaving in it the nodes taken for the next block: the tree is valid
// until then. A loading worker decodes each tree before it parses the
// next, and a new slab a file was a twentieth of what a build allocated.
func plainYAMLIn(data []byte, slab *[]yaml.Node) (*yaml.Node, bool) {
	p := plainParser{data: data}
	if !p.scan() {
		return nil, false
	}
	if slab != nil {
		if cap(*slab) < p.need {
			*slab = make([]yaml.Node, p.need)
		}
		p.nodes = (*slab)[:p.need]
	}
	if len(p.lines) == 0 || p.lines[0].indent != 0 {
		return nil, false
	}
	first := p.lines[0]
	m, ok := p.mapping(0, 0)
	if !ok || p.i < len(p.lines) {
		return nil, false
	}
	return p.node(yaml.Node{Kind: yaml.DocumentNode, Line: first.num, Column: 1, Content: []*yaml.Node{m}}), true
}

// plainLine is one line of the block: its number (1-based), its
// indentation in spaces and its text after them.
type plainLine struct {
	num, indent int
	text        []byte
}

type plainParser struct {
	data  []byte
	lines []plainLine // blank lines left out, as YAML ignores them
	i     int         // the line being parsed
	// nodes is where new nodes are taken from, as many as scan counts
	// (need): one a line ("- a"), one more for a key ("a: b", "a:"), one
	// more for a map in a list ("- a: b"), and the document and its map.
	nodes []yaml.Node
	need  int
}

// node is a new node, taken from p.nodes while they last.
func (p *plainParser) node(n yaml.Node) *yaml.Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]yaml.Node, max(p.need, 4))
	}
	at := &p.nodes[0]
	*at = n
	p.nodes = p.nodes[1:]
	return at
}

// maxPlainDepth bounds the nesting of maps and lists; a deeper block goes
// to yaml.v3 and its own limit.
const maxPlainDepth = 32

// scan splits the block into lines and refuses bytes that would need
// yaml.v3's own rules: tabs, CRs and other controls, the line breaks
// YAML 1.1 knows beyond LF, marks, comments and document markers.
func (p *plainParser) scan() bool {
	p.lines = make([]plainLine, 0, bytes.Count(p.data, []byte{'\n'})+1)
	p.need = 2
	n := 1
	for start := 0; start <= len(p.data); n++ {
		end, colon := start, false
		for end < len(p.data) && p.data[end] != '\n' {
			c := p.data[end]
			switch {
			case c < 0x20 || c == 0x7f || c == '#':
				return false
			case c == ':':
				colon = true
			case c >= 0x80:
				r, size := utf8.DecodeRune(p.data[end:])
				if r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r >= 0xfffe && r <= 0xffff || r == utf8.RuneError {
					return false
				}
				end += size - 1
			}
			end++
		}
		text := p.data[start:end]
		indent := spaces(text)
		if indent == 0 && len(text) >= 3 && (string(text[:3]) == "---" || string(text[:3]) == "...") {
			return false
		}
		if indent < len(text) {
			l := plainLine{num: n, indent: indent, text: text[indent:]}
			p.lines = append(p.lines, l)
			p.need++
			if colon {
				p.need++
				if isItem(l.text) {
					p.need++
				}
			}
		}
		if end == len(p.data) {
			break
		}
		start = end + 1
	}
	return true
}

// open is a new map or list starting at the current line, unless it is
// nested deeper than maxPlainDepth.
func (p *plainParser) open(kind yaml.Kind, tag string, indent, depth int) (*yaml.Node, bool) {
	if depth > maxPlainDepth {
		return nil, false
	}
	return p.node(yaml.Node{Kind: kind, Tag: tag, Line: p.lines[p.i].num, Column: indent + 1}), true
}

// mapping parses the entries of a block map whose keys stand at indent.
func (p *plainParser) mapping(indent, depth int) (*yaml.Node, bool) {
	m, ok := p.open(yaml.MappingNode, "!!map", indent, depth)
	if !ok {
		return nil, false
	}
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent < indent {
			break
		}
		if l.indent > indent {
			return nil, false
		}
		text, at := l.text, l.indent
		k, rest, ok := plainKey(text)
		if !ok {
			return nil, false
		}
		key := p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: l.num, Column: at + 1})
		sp := spaces(rest)
		var val *yaml.Node
		if sp == len(rest) {
			// The value is on the lines below: a list or a map.
			p.i++
			if p.i >= len(p.lines) {
				return nil, false
			}
			next := p.lines[p.i]
			switch {
			case isItem(next.text) && next.indent >= indent:
				val, ok = p.sequence(next.indent, depth+1)
			case next.indent > indent:
				val, ok = p.mapping(next.indent, depth+1)
			default:
				return nil, false // a null
			}
			if !ok {
				return nil, false
			}
		} else {
			if sp == 0 {
				return nil, false
			}
			val, ok = p.scalar(rest[sp:], l.num, at+len(text)-len(rest)+sp+1)
			if !ok {
				return nil, false
			}
			p.i++
		}
		m.Content = append(m.Content, key, val)
	}
	return m, true
}

// sequence parses the items of a block list whose dashes stand at indent.
func (p *plainParser) sequence(indent, depth int) (*yaml.Node, bool) {
	s, ok := p.open(yaml.SequenceNode, "!!seq", indent, depth)
	if !ok {
		return nil, false
	}
	for p.i < len(p.lines) {
		l := p.lines[p.i]
		if l.indent != indent || !isItem(l.text) {
			if l.indent > indent {
				return nil, false
			}
			break
		}
		sp := 1 + spaces(l.text[1:])
		if sp == len(l.text) {
			return nil, false // an empty item, or one on the lines below
		}
		rest, col := l.text[sp:], indent+sp
		var item *yaml.Node
		if _, _, isKey := plainKey(rest); isKey {
			// "- key: value", the keys after it lined up with this one.
			p.lines[p.i].text, p.lines[p.i].indent = rest, col
			item, ok = p.mapping(col, depth+1)
		} else {
			item, ok = p.scalar(rest, l.num, col+1)
			p.i++
		}
		if !ok {
			return nil, false
		}
		s.Content = append(s.Content, item)
	}
	return s, true
}

// isItem reports whether a line's text starts a list item.
func isItem(text []byte) bool {
	return text[0] == '-' && (len(text) == 1 || text[1] == ' ')
}

// plainKey splits "key:" or "key: rest" off a line, for keys that are
// words (letters, digits, "_" and "-", starting with a letter) and not
// one YAML reads as a bool or a null.
func plainKey(text []byte) (key string, rest []byte, ok bool) {
	i := 0
	for i < len(text) && (isLetter(text[i]) || i > 0 && (text[i] >= '0' && text[i] <= '9' || text[i] == '_' || text[i] == '-')) {
		i++
	}
	if i == 0 || i > maxPlainKey || i >= len(text) || text[i] != ':' || i+1 < len(text) && text[i+1] != ' ' {
		return "", nil, false
	}
	k := string(text[:i])
	if specialWord(k) {
		return "", nil, false
	}
	return k, text[i+1:], true
}

// maxPlainKey is well under the 1024 characters YAML allows a key on one
// line.
const maxPlainKey = 64

// scalar is the value that fills the rest of a line, at column col:
// a plain scalar YAML can only read as a string, or a single-line quoted
// one without escapes.
func (p *plainParser) scalar(text []byte, line, col int) (*yaml.Node, bool) {
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Line: line, Column: col})
	switch c := text[0]; {
	case c == '"':
		end := 1
		for end < len(text) && text[end] != '"' {
			if text[end] == '\\' {
				return nil, false
			}
			end++
		}
		if end == len(text) || spaces(text[end+1:]) != len(text)-end-1 {
			return nil, false
		}
		n.Value, n.Style = string(text[1:end]), yaml.DoubleQuotedStyle
	case c == '\'':
		end := 1
		quotes := 0
		for ; end < len(text); end++ {
			if text[end] == '\'' {
				if end+1 < len(text) && text[end+1] == '\'' {
					end++
					quotes++
					continue
				}
				break
			}
		}
		if end == len(text) || spaces(text[end+1:]) != len(text)-end-1 {
			return nil, false
		}
		v := text[1:end]
		if quotes > 0 {
			b := make([]byte, 0, len(v)-quotes)
			for i := 0; i < len(v); i++ {
				b = append(b, v[i])
				if v[i] == '\'' {
					i++
				}
			}
			v = b
		}
		n.Value, n.Style = string(v), yaml.SingleQuotedStyle
	case isLetter(c) || c >= 0x80 || c >= '0' && c <= '9':
		end := len(text)
		for end > 0 && text[end-1] == ' ' {
			end--
		}
		v := text[:end]
		if v[len(v)-1] == ':' {
			return nil, false
		}
		for i := 0; i+1 < len(v); i++ {
			if v[i] == ':' && v[i+1] == ' ' {
				return nil, false
			}
		}
		if c <= '9' && !wordsAfterNumber(v) {
			return nil, false
		}
		n.Value = string(v)
		if specialWord(n.Value) {
			return nil, false
		}
	default:
		// Digits, signs, dots and YAML's indicators: numbers, dates,
		// flow lists, anchors, tags, block scalars and the rest.
		return nil, false
	}
	return n, true
}

// wordsAfterNumber reports whether a plain scalar that starts with a
// digit is sure to be a string: YAML's numbers hold no space, "?", "~"
// or "/", and its dates none of the last three; a date with a space
// starts with four digits and a dash; and a year and month, as an
// approximate date "2019-05" is written, is neither a number nor a date.
func wordsAfterNumber(v []byte) bool {
	if bytes.ContainsAny(v, "?~/") {
		return true
	}
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	dated := i == 4 && i < len(v) && v[i] == '-'
	if bytes.IndexByte(v, ' ') >= 0 {
		return !dated
	}
	if !dated {
		return false
	}
	month := v[5:]
	return len(month) >= 1 && len(month) <= 2 && month[0] >= '0' && month[0] <= '9' && month[len(month)-1] >= '0' && month[len(month)-1] <= '9'
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// specialWord reports whether a plain scalar is one YAML resolves to
// something other than a string.
func specialWord(s string) bool {
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL":
		return true
	}
	return false
}

// spaces counts the spaces b starts with.
func spaces(b []byte) int {
	n := 0
	for n < len(b) && b[n] == ' ' {
		n++
	}
	return n
}
