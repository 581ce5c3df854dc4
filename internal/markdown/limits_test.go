package markdown

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/annals/annals/internal/model"
)

func TestNestingLimit(t *testing.T) {
	msg := func(n int) string {
		return "nesting deeper than " + strconv.Itoa(n) + " levels (lists and quotes); split the entry or raise limits.max_depth in content/_index.md"
	}
	tests := []struct {
		name      string
		maxDepth  int
		src       string
		line, col int // 0: no problem expected
	}{
		{"quotes at the limit", 3, "> > > a\n", 0, 0},
		{"quotes past the limit", 3, "> > > > a\n", 1, 7},
		{"quotes past the limit on a later line", 3, "a\n\n> > >\n> > > > b\n", 4, 7},
		{"lists at the limit", 3, "- a\n  - b\n    - c\n", 0, 0},
		{"lists past the limit", 3, "- a\n  - b\n    - c\n      - d\n", 4, 7},
		{"lists and quotes mixed", 3, "> - > - a\n", 1, 7},
		{"list items do not count", 2, "- a\n- b\n- c\n  - d\n", 0, 0},
		{"ordered lists", 2, "1. a\n   1. b\n      1. c\n", 3, 7},
		{"code is not nesting", 1, "```\n> > > > >\n```\n", 0, 0},
		{"default limit", 0, strings.Repeat(">", 32) + " a\n", 0, 0},
		{"default limit exceeded", 0, strings.Repeat(">", 33) + " a\n", 1, 33},
		{"after multi-byte text", 1, "é ü\n\n> é\n> > b\n", 4, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := New(Options{Limits: model.Limits{MaxDepth: tc.maxDepth}})
			res := r.Render([]byte(tc.src), lookupTest)
			if tc.line == 0 {
				if len(res.Problems) != 0 || len(res.HTML) == 0 {
					t.Fatalf("got problems %v, html %q; want none and a body", res.Problems, res.HTML)
				}
				return
			}
			max := tc.maxDepth
			if max == 0 {
				max = model.DefaultLimits.MaxDepth
			}
			want := []Problem{{Line: tc.line, Col: tc.col, Msg: msg(max)}}
			if !equalProblems(res.Problems, want) {
				t.Errorf("problems = %v, want %v", res.Problems, want)
			}
			if len(res.HTML) != 0 || res.Links != nil || res.Summary != "" {
				t.Errorf("refused body still rendered: html %q, links %v, summary %q", res.HTML, res.Links, res.Summary)
			}
		})
	}
}

func TestTableLimit(t *testing.T) {
	r := New(Options{})
	src := "|" + strings.Repeat("a|", 3000) + "\n|" + strings.Repeat("-|", 3000) + "\n" + strings.Repeat("x\n", 100)
	res := r.Render([]byte("intro\n\n"+src), nil)
	want := []Problem{{Line: 3, Col: 1, Msg: "table too large: 102 rows of 3000 columns; split it into smaller tables"}}
	if !equalProblems(res.Problems, want) || len(res.HTML) != 0 {
		t.Errorf("problems = %v, html %d bytes; want %v and no html", res.Problems, len(res.HTML), want)
	}
	// A full table of the same size in bytes is fine.
	ok := strings.Repeat("|a|b|c|d|\n", 1) + "|-|-|-|-|\n" + strings.Repeat("|a|b|c|d|\n", 6000)
	if res := r.Render([]byte(ok), nil); len(res.Problems) != 0 || len(res.HTML) == 0 {
		t.Errorf("big but honest table refused: %v", res.Problems)
	}
}

func TestLinkAmplification(t *testing.T) {
	r := New(Options{})
	src := "[a]\n\n[a]: /" + strings.Repeat("x", 30000) + "\n\n" + fill("[a] ", 30000)
	res := r.Render([]byte(src), nil)
	if len(res.HTML) != 0 || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Msg, "link targets") {
		t.Errorf("problems = %v, html %d bytes; want a refusal", res.Problems, len(res.HTML))
	}
}

func TestUnfinishedLinks(t *testing.T) {
	r := New(Options{})
	res := r.Render([]byte("ok\n\n"+fill("[a](", 60000)), nil)
	if len(res.HTML) != 0 || len(res.Problems) != 1 || res.Problems[0].Line != 3 ||
		!strings.HasPrefix(res.Problems[0].Msg, "too many unfinished links or brackets") {
		t.Errorf("problems = %v, html %d bytes; want one refusal on line 3", res.Problems, len(res.HTML))
	}
	// Many real links on one long line cost only their own length.
	long := fill("see [a](https://example.org/a/b/c) and ", 60000)
	if res := r.Render([]byte(long), nil); len(res.Problems) != 0 {
		t.Errorf("honest links refused: %v", res.Problems)
	}
	// So do bracketed notes on every line of a long paragraph.
	notes := strings.Repeat("a claim [1] and [a link](/x)\n", 2000)
	if res := r.Render([]byte(notes), nil); len(res.Problems) != 0 {
		t.Errorf("long paragraph with brackets refused: %v", res.Problems)
	}
}

// hostileInputs are inputs known to be slow or explosive in Markdown
// parsers, each about 64 KiB (the default entry size limit).
func hostileInputs() map[string]string {
	const n = 64 << 10
	nest := func(open, mid, close string) string {
		k := n / (len(open) + len(mid) + len(close))
		return strings.Repeat(open, k) + mid + strings.Repeat(close, k)
	}
	var ladder strings.Builder
	for i := 1; ladder.Len() < n-400; i++ {
		ladder.WriteString("a" + strings.Repeat("`", i))
	}
	var indented strings.Builder
	for i := 0; indented.Len() < n-600; i++ {
		indented.WriteString(strings.Repeat(" ", 2*i) + "- a\n")
	}
	return map[string]string{
		"unclosed links":                fill("[a](b ", n),
		"unclosed links across lines":   fill("[a](b\n", n),
		"link openers":                  fill("[a](", n),
		"image openers":                 fill("![a](", n),
		"emphasised link openers":       fill("*[a](", n),
		"angle destinations":            fill("[a](<", n),
		"labels then closers":           fill("[a", n/2) + fill("](", n/2),
		"unclosed titles":               fill("[a](b (", n),
		"reference openers":             fill("[a][", n),
		"shortcut references on lines":  fill("[a]\n", n),
		"collapsed references on lines": fill("[a][]\n", n),
		"full references on lines":      fill("[a][b]\n", n),
		"brackets":                      fill("[", n),
		"closing brackets":              fill("]", n),
		"wikilink openers":              fill("[[a", n),
		"wikilinks unclosed":            fill("[[a]", n),
		"wikilinks":                     fill("[[a]] ", n),
		"empty wikilinks":               fill("[[]]", n),
		"nested links":                  nest("[", "a", "](b)"),
		"nested images":                 nest("![", "a", "](b)"),
		"nested emphasis":               nest("*a **a ", "b", "** a*"),
		"open emphasis":                 fill("*a **a ", n),
		"underscores":                   fill("_a __a ", n),
		"emphasis runs":                 fill("*_", n),
		"strikethrough":                 fill("~~a ", n),
		"quotes":                        fill(">", n),
		"quotes with lazy lines":        strings.Repeat(">", n/2) + strings.Repeat("\na", n/4),
		"lists":                         fill("- a ", n),
		"list markers":                  fill("- ", n/2) + "a",
		"lists with lazy lines":         strings.Repeat("* ", n/4) + "a" + strings.Repeat("\na", n/4),
		"ordered lists":                 fill("1. ", n),
		"indented lists":                indented.String(),
		"backticks":                     fill("`", n),
		"backtick ladder":               ladder.String(),
		"tags":                          fill("<a ", n),
		"comments":                      fill("<!-- ", n),
		"cdata":                         fill("<![CDATA[", n),
		"declarations":                  fill("<!A ", n),
		"autolinks":                     fill("<http://a", n),
		"reference definitions":         fill("[a]: b\n", n),
		"empty reference definitions":   fill("[a]:\n", n),
		"parentheses":                   "[a](" + fill("(", n),
		"entities":                      fill("&#", n),
		"backslashes":                   fill("\\", n),
		"table padding":                 "|" + strings.Repeat("a|", 4000) + "\n|" + strings.Repeat("-|", 4000) + "\n" + strings.Repeat("x\n", (n-16000)/2),
		"pipes":                         fill("|", n),
		"pipe rows":                     fill("|a\n", n),
		"headings":                      fill("# a\n", n),
		"lines":                         fill("a\n", n),
		"fences":                        fill("```\n", n),
		"html blocks":                   fill("<div>\n", n),
		"setext headings":               fill("a\n=\n", n),
		"mixed punctuation":             fill("*[`<_![[", n),
		"long line":                     strings.Repeat("a", n),
		"multi-byte":                    fill("é[[ü]]", n),
	}
}

func TestHostileInputs(t *testing.T) {
	r := New(Options{})
	for name, src := range hostileInputs() {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			res := r.Render([]byte(src), lookupTest)
			sum := Summary([]byte(src))
			// A generous guard against a hang, not a benchmark: each takes
			// well under 300 ms.
			if d := time.Since(start); d > 2*time.Second*raceSlowdown {
				t.Errorf("took %v", d)
			}
			if len(res.HTML) > 16*len(src)+1024 {
				t.Errorf("%d bytes of HTML from %d bytes of input", len(res.HTML), len(src))
			}
			if len(sum) > 4*summaryRunes {
				t.Errorf("summary of %d bytes", len(sum))
			}
		})
	}
}

func equalProblems(a, b []Problem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
