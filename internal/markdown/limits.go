package markdown

import (
	"bytes"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The guards in this file keep goldmark fast on hostile input. Each one
// measures the work an input would cause while goldmark parses it, so
// there is no second parser to keep in step with goldmark's, and each
// refuses the input with a fatal Problem once a bound is passed; after that
// the guard only keeps parsing cheap, since nothing is rendered.
//
// Measured on goldmark v1.8.7 with 64 KiB inputs, before the guards: 32,000
// nested ">" took 2.8 s, "1. 1. 1. …" 1.2 s, "[a]([a]([a](…" 2.8 s, "[a][]"
// on each of 13,000 lines 0.8 s, and a 4,000-column table header over
// 24,000 one-cell rows ran for minutes padding 96 million empty cells.
// Every other known pathological input (emphasis, backticks, brackets,
// entities, raw HTML, reference definitions) parsed in well under 150 ms;
// TestHostileInputs keeps it so.

// guardedBlockParsers are goldmark's default block parsers with the list
// and blockquote parsers refusing to nest deeper than maxDepth.
func guardedBlockParsers(maxDepth int) []util.PrioritizedValue {
	// goldmark's constructors return shared instances, so identity tells
	// the two parsers apart although their types are not exported.
	list, quote := parser.NewListParser(), parser.NewBlockquoteParser()
	ps := parser.DefaultBlockParsers()
	for i, p := range ps {
		switch p.Value {
		case list:
			ps[i].Value = depthGuard{BlockParser: list, max: maxDepth}
		case quote:
			ps[i].Value = depthGuard{BlockParser: quote, max: maxDepth, quote: true}
		}
	}
	return ps
}

// depthGuard wraps the list or blockquote parser and refuses to open one
// more level past max.
type depthGuard struct {
	parser.BlockParser
	max   int
	quote bool
}

func (g depthGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if depth(parent) < g.max {
		return g.BlockParser.Open(parent, reader, pc)
	}
	st := stateOf(pc)
	line, seg := reader.PeekLine()
	offset := seg.Start + max(0, pc.BlockOffset()-seg.Padding)
	if g.quote {
		// goldmark's blockquote parser advances the reader when it opens,
		// so it must not be asked; its test is only "'>' after at most
		// three spaces", which the trigger and the caller have checked.
		if w, pos := util.IndentWidth(line, reader.LineOffset()); w <= 3 && pos < len(line) && line[pos] == '>' {
			st.fatalf(offset, "%s", depthMessage(g.max))
		}
		return nil, parser.NoChildren
	}
	// The list parser does not move the reader, so it can be asked whether
	// a list starts here and then be overruled.
	if n, _ := g.BlockParser.Open(parent, reader, pc); n != nil {
		st.fatalf(offset, "%s", depthMessage(g.max))
	}
	return nil, parser.NoChildren
}

func depthMessage(max int) string {
	return "nesting deeper than " + strconv.Itoa(max) + " levels (lists and quotes); split the entry or raise limits.max_depth in content/_index.md"
}

// depth counts the lists and blockquotes that n is in, n included.
func depth(n ast.Node) int {
	d := 0
	for ; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindList, ast.KindBlockquote:
			d++
		}
	}
	return d
}

// guardedInlineParsers are goldmark's default inline parsers with the link
// parser wrapped by linkGuard.
func guardedInlineParsers() []util.PrioritizedValue {
	ps := parser.DefaultInlineParsers()
	link := parser.NewLinkParser()
	for i, p := range ps {
		if p.Value == link {
			ps[i].Value = linkGuard{link}
		}
	}
	return ps
}

// maxLinkScan bounds the bytes goldmark may scan for link destinations in
// one body. A destination is scanned from "](" to the first space or
// unbalanced ")" even when the link then fails, so "[a](" repeated rescans
// the rest of its line each time; real links cost only their own length.
const maxLinkScan = 1 << 21

// maxLabelLines bounds the lines goldmark may step over to close link
// labels in one body. Each "]" that closes a label which is not a link
// makes goldmark look the label up as a reference, and reading the label
// walks back over every later line of the paragraph, so "[a][]" on each of
// 13,000 lines took 0.8 s. A paragraph of 3,000 lines with a bracket on
// each stays below this bound.
const maxLabelLines = 1 << 23

// linkGuard wraps goldmark's link parser and charges each "]" that may
// close a link with the work goldmark will do for it.
type linkGuard struct {
	parser.InlineParser
}

func (g linkGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) == 0 || line[0] != ']' || !pc.IsInLinkLabel() {
		return g.InlineParser.Parse(parent, block, pc)
	}
	st := stateOf(pc)
	if st.linkScan > maxLinkScan || st.labelLines > maxLabelLines {
		return nil
	}
	if len(line) > 1 && line[1] == '(' {
		st.linkScan += destinationScan(line[2:])
	}
	l, _ := block.Position()
	st.labelLines += max(1, parent.Lines().Len()-l)
	if st.linkScan > maxLinkScan || st.labelLines > maxLabelLines {
		st.fatalf(seg.Start, "too many unfinished links or brackets: close every [text](target) near here, or escape a literal bracket as \\[")
		return nil
	}
	return g.InlineParser.Parse(parent, block, pc)
}

// CloseBlock passes on goldmark's cleanup of unclosed link brackets; the
// parser registers it only if the wrapper has it too.
func (g linkGuard) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := g.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// destinationScan is how many bytes goldmark's parseLinkDestination reads
// of line, which starts just after "(".
func destinationScan(line []byte) int {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i < len(line) && line[i] == '<' {
		if j := bytes.IndexByte(line[i:], '>'); j >= 0 {
			return i + j + 1
		}
		return len(line)
	}
	opened := 0
	for ; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\' && i+1 < len(line) && util.IsPunct(line[i+1]):
			i++
		case c == '(':
			opened++
		case c == ')':
			opened--
			if opened < 0 {
				return i + 1
			}
		case util.IsSpace(c):
			return i + 1
		}
	}
	return len(line) + 1
}

// maxTableCells bounds the cells of one table; a longer body may have as
// many cells as it has bytes. GFM pads short rows with empty cells, so a
// wide header over many one-cell rows would otherwise multiply a 64 KiB body
// into gigabytes of HTML.
const maxTableCells = 1 << 16

// guardedTable is goldmark's GFM table extension with tableGuard in front
// of its paragraph transformer.
type guardedTable struct{}

func (guardedTable) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(
			util.Prioritized(tableGuard{extension.NewTableParagraphTransformer()}, 200),
		),
		parser.WithASTTransformers(
			util.Prioritized(extension.NewTableASTTransformer(), 0),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(
		util.Prioritized(extension.NewTableHTMLRenderer(), 500),
	))
}

// tableGuard refuses a paragraph that would become a table of more than
// maxTableCells cells (or more cells than bytes, for long bodies).
type tableGuard struct {
	parser.ParagraphTransformer
}

func (g tableGuard) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	if lines.Len() < 2 {
		return
	}
	src := reader.Source()
	cols, size := 0, 0
	for i := range lines.Len() {
		seg := lines.At(i)
		v := seg.Value(src)
		size += len(v)
		if isDelimiterRow(v) {
			cols = max(cols, columns(v))
		}
	}
	if cells := cols * lines.Len(); cells > max(maxTableCells, size) {
		stateOf(pc).fatalf(lines.At(0).Start, "table too large: %d rows of %d columns; split it into smaller tables", lines.Len(), cols)
		return
	}
	g.ParagraphTransformer.Transform(node, reader, pc)
}

// columns counts the cells of a table row that has no escaped pipes.
func columns(v []byte) int {
	v = bytes.TrimSpace(v)
	n := bytes.Count(v, []byte("|")) + 1
	if bytes.HasPrefix(v, []byte("|")) {
		n--
	}
	if len(v) > 1 && bytes.HasSuffix(v, []byte("|")) {
		n--
	}
	return max(n, 1)
}

// isDelimiterRow reports whether v could be the "|---|:-:|" row of a
// table; it accepts more than goldmark does, which only makes the bound
// above safer.
func isDelimiterRow(v []byte) bool {
	dash := false
	for _, c := range v {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	return dash
}
