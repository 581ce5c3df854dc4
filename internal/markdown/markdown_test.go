package markdown

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/annals/annals/internal/model"
)

// renderCases are bodies and the exact HTML they render to with
// lookupTest; they also seed FuzzRender.
var renderCases = []struct {
	name, src, want string
}{
	{"paragraph and inline markup",
		"Para *em* **strong** ~~gone~~ `code`  \nbreak\n",
		"<p>Para <em>em</em> <strong>strong</strong> <del>gone</del> <code>code</code><br>\nbreak</p>\n"},
	{"lists",
		"- a\n- b\n\n1. x\n2. y\n",
		"<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>x</li>\n<li>y</li>\n</ol>\n"},
	{"blockquote", "> quote\n", "<blockquote>\n<p>quote</p>\n</blockquote>\n"},
	{"fenced code", "```go\nx := 1 < 2\n```\n", "<pre><code class=\"language-go\">x := 1 &lt; 2\n</code></pre>\n"},
	{"indented code", "    indented\n", "<pre><code>indented\n</code></pre>\n"},
	{"thematic break", "---\n", "<hr>\n"},
	{"table",
		"| a | b |\n|:--|--:|\n| 1 | 2 |\n",
		"<table>\n<thead>\n<tr>\n<th style=\"text-align:left\">a</th>\n<th style=\"text-align:right\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align:left\">1</td>\n<td style=\"text-align:right\">2</td>\n</tr>\n</tbody>\n</table>\n"},
	{"image", "![alt *x*](/img.png \"t\")", "<p><img src=\"/img.png\" alt=\"alt x\" title=\"t\"></p>\n"},
	{"links and autolinks",
		"[t](/p \"ti\") <https://x.org/a?b=1&c=2> <me@x.org>",
		"<p><a href=\"/p\" title=\"ti\">t</a> <a href=\"https://x.org/a?b=1&amp;c=2\" rel=\"noopener\">https://x.org/a?b=1&amp;c=2</a> <a href=\"mailto:me@x.org\">me@x.org</a></p>\n"},
	{"reference link", "[t][r]\n\n[r]: https://x.org", "<p><a href=\"https://x.org\" rel=\"noopener\">t</a></p>\n"},
	{"headings shift one level", "Setext\n======\n\n## two\n\n###### six\n",
		"<h2 id=\"setext\">Setext</h2>\n<h3 id=\"two\">two</h3>\n<h6 id=\"six\">six</h6>\n"},
	{"heading ids are unique and folded",
		"# [[Kaja Kallas]] & co\n\n# Ünïcödé\n\n# !!!\n\n# ...\n\n# A\n\n# A\n\n# A-2\n",
		"<h2 id=\"kaja-kallas-co\"><a href=\"/actors/kaja-kallas/\" class=\"wikilink\">Kaja Kallas</a> &amp; co</h2>\n" +
			"<h2 id=\"unicode\">Ünïcödé</h2>\n<h2 id=\"section\">!!!</h2>\n<h2 id=\"section-2\">...</h2>\n" +
			"<h2 id=\"a\">A</h2>\n<h2 id=\"a-2\">A</h2>\n<h2 id=\"a-2-2\">A-2</h2>\n"},
	{"no task lists", "- [ ] task\n", "<ul>\n<li>[ ] task</li>\n</ul>\n"},
	{"no linkify", "www.example.org https://example.org", "<p>www.example.org https://example.org</p>\n"},
	{"no typographer", "\"quotes\" -- dashes...", "<p>&quot;quotes&quot; -- dashes...</p>\n"},
	{"entities and escapes", "&copy; &#123; \\* &nbsp;x", "<p>© { * \u00a0x</p>\n"},
	{"raw HTML block is escaped", "<script>alert(1)</script>\n", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
	{"inline raw HTML is escaped",
		"a <span onmouseover=\"x\">b</span> c <!-- hi -->",
		"<p>a &lt;span onmouseover=&quot;x&quot;&gt;b&lt;/span&gt; c &lt;!-- hi --&gt;</p>\n"},
	{"no attribute syntax", "# Title {#id onclick=x}\n", "<h2 id=\"title-id-onclick-x\">Title {#id onclick=x}</h2>\n"},
	{"wikilink", "[[Kaja Kallas]]", "<p><a href=\"/actors/kaja-kallas/\" class=\"wikilink\">Kaja Kallas</a></p>\n"},
	{"wikilink with kind and text",
		"[[actors/Vladimir Putin|the president]] met [[events/Alaska summit|in Alaska]]",
		"<p><a href=\"/actors/vladimir-putin/\" class=\"wikilink\">the president</a> met <a href=\"/events/alaska-summit/\" class=\"wikilink\">in Alaska</a></p>\n"},
	{"wikilink text is escaped, not Markdown",
		"[[Reuters|<b>*R*</b> &amp;]]",
		"<p><a href=\"/sources/reuters/\" class=\"wikilink\">&lt;b&gt;*R*&lt;/b&gt; &amp;amp;</a></p>\n"},
	{"wikilink name with slash", "[[AC/DC]]", "<p><a href=\"/actors/ac-dc/\" class=\"wikilink\">AC/DC</a></p>\n"},
	{"wikilink in a table cell",
		"| who |\n|---|\n| [[Kaja Kallas\\|Kallas]] |\n",
		"<table>\n<thead>\n<tr>\n<th>who</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><a href=\"/actors/kaja-kallas/\" class=\"wikilink\">Kallas</a></td>\n</tr>\n</tbody>\n</table>\n"},
	{"wikilink in a link is text", "[see [[Sanctions]]](https://x.org)", "<p><a href=\"https://x.org\" rel=\"noopener\">see Sanctions</a></p>\n"},
	{"wikilink in image alt", "![[[Sanctions]]](/a.png)", "<p><img src=\"/a.png\" alt=\"Sanctions\"></p>\n"},
	{"wikilinks in code are text",
		"`[[Nobody]]`\n\n```\n[[Nobody]]\n```\n",
		"<p><code>[[Nobody]]</code></p>\n<pre><code>[[Nobody]]\n</code></pre>\n"},
	{"escaped wikilink", "\\[[Nobody]]", "<p>[[Nobody]]</p>\n"},
	{"code span binds tighter", "[[Sanctions `x]]`", "<p>[[Sanctions <code>x]]</code></p>\n"},
	{"nested brackets are text", "[[a [[Sanctions]] b]]", "<p>[[a <a href=\"/topics/sanctions/\" class=\"wikilink\">Sanctions</a> b]]</p>\n"},
	{"wikilink across lines is text", "[[Kaja\nKallas]]", "<p>[[Kaja\nKallas]]</p>\n"},
	{"triple brackets", "[[[Sanctions]]]", "<p>[<a href=\"/topics/sanctions/\" class=\"wikilink\">Sanctions</a>]</p>\n"},
	{"unsafe link becomes text", "[click *me*](javascript:alert(1))", "<p>click <em>me</em></p>\n"},
	{"unsafe image becomes alt text", "![pic](data:image/png;base64,AAAA)", "<p>pic</p>\n"},
	{"unsafe autolink becomes text", "<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n"},
}

func TestRender(t *testing.T) {
	r := New(Options{})
	for _, tc := range renderCases {
		t.Run(tc.name, func(t *testing.T) {
			res := r.Render([]byte(tc.src), lookupTest)
			if string(res.HTML) != tc.want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tc.src, res.HTML, tc.want)
			}
		})
	}
}

// TestRenderTo renders every case into one buffer, longest first, so
// that each body is written over what the one before left.
func TestRenderTo(t *testing.T) {
	r := New(Options{})
	cases := slices.Clone(renderCases)
	slices.SortFunc(cases, func(a, b struct{ name, src, want string }) int { return len(b.want) - len(a.want) })
	var buf bytes.Buffer
	for _, tc := range cases {
		res := r.RenderTo(&buf, []byte(tc.src), lookupTest)
		if string(res.HTML) != tc.want {
			t.Errorf("RenderTo(%q) after a longer body\n got %q\nwant %q", tc.src, res.HTML, tc.want)
		}
	}
}

func TestRenderLinks(t *testing.T) {
	r := New(Options{})
	src := "[[Kaja Kallas]], [[actors/kaja-kallas|her]], [[Reuters]] and [[Kaja Kallas]] again; `[[Sanctions]]`; [x [[Alaska summit]]](/y)"
	res := r.Render([]byte(src), lookupTest)
	want := []model.EntityRef{actor("kaja-kallas"), {Kind: model.KindSource, ID: "reuters"}, {Kind: model.KindEvent, ID: "alaska-summit"}}
	if fmt.Sprint(res.Links) != fmt.Sprint(want) {
		t.Errorf("Links = %v, want %v", res.Links, want)
	}
	if len(res.Problems) != 0 {
		t.Errorf("Problems = %v", res.Problems)
	}
}

func TestNilLookup(t *testing.T) {
	res := New(Options{}).Render([]byte("[[Nobody|some one]] and [[actors/Kaja Kallas]]"), nil)
	if want := "<p>some one and Kaja Kallas</p>\n"; string(res.HTML) != want {
		t.Errorf("HTML = %q, want %q", res.HTML, want)
	}
	if res.Links != nil || res.Problems != nil {
		t.Errorf("Links = %v, Problems = %v; want none", res.Links, res.Problems)
	}
	if want := "some one and Kaja Kallas"; res.Summary != want {
		t.Errorf("Summary = %q, want %q", res.Summary, want)
	}
}

func TestUnknownReferences(t *testing.T) {
	const any = "no actor, event, topic or source has this id, name or alias"
	tests := []struct {
		name, src string
		want      []Problem
		html      string
	}{
		{"bare", "Met [[Nobody]].", []Problem{{1, 5, "unknown reference [[Nobody]]: " + any}}, "<p>Met Nobody.</p>\n"},
		{"with shown text", "[[Nobody|some <one>]]", []Problem{{1, 1, "unknown reference [[Nobody]]: " + any}}, "<p>some &lt;one&gt;</p>\n"},
		{"actor", "x [[actors/Reuters]]", []Problem{{1, 3, "unknown reference [[actors/Reuters]]: no actor has this id, name or alias"}}, ""},
		{"event", "[[events/X]]", []Problem{{1, 1, "unknown reference [[events/X]]: no event has this id, name or alias"}}, ""},
		{"topic", "[[topics/X]]", []Problem{{1, 1, "unknown reference [[topics/X]]: no topic has this id, name or alias"}}, ""},
		{"source", "[[sources/X]]", []Problem{{1, 1, "unknown reference [[sources/X]]: no source has this id, name or alias"}}, ""},
		{"after multi-byte text", "Ünïcödé — «[[X]]»", []Problem{{1, 12, "unknown reference [[X]]: " + any}}, ""},
		{"in a list", "intro\n\n- a\n  - b [[X]]\n", []Problem{{4, 7, "unknown reference [[X]]: " + any}}, ""},
		{"in a blockquote", "> a\n>\n> > [[X]]\n", []Problem{{3, 5, "unknown reference [[X]]: " + any}}, ""},
		{"in a table", "| a | b |\n|---|---|\n| é | [[X]] |\n", []Problem{{3, 7, "unknown reference [[X]]: " + any}}, ""},
		{"after a tab", "-\t[[X]]\n", []Problem{{1, 3, "unknown reference [[X]]: " + any}}, ""},
		{"in a heading", "## é [[X]]\n", []Problem{{1, 6, "unknown reference [[X]]: " + any}}, ""},
		{"in emphasis and link text", "*a [b [[X]]](/c)*", []Problem{{1, 7, "unknown reference [[X]]: " + any}}, ""},
		{"with CRLF line ends", "a\r\nb [[X]]\r\n", []Problem{{2, 3, "unknown reference [[X]]: " + any}}, ""},
		{"several, sorted", "[[Y]] [[X]]\n\n[[Z]]", []Problem{
			{1, 1, "unknown reference [[Y]]: " + any},
			{1, 7, "unknown reference [[X]]: " + any},
			{3, 1, "unknown reference [[Z]]: " + any},
		}, ""},
		{"empty", "a [[]] b [[ |x]] [[actors/]]", []Problem{
			{1, 3, errEmptyWikilink.Error()},
			{1, 10, errEmptyWikilink.Error()},
			{1, 18, errEmptyWikilink.Error()},
		}, "<p>a [[]] b [[ |x]] [[actors/]]</p>\n"},
		{"in code is ignored", "`[[X]]` and\n\n    [[Y]]\n", nil, ""},
	}
	r := New(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := r.Render([]byte(tc.src), lookupTest)
			if !equalProblems(res.Problems, tc.want) {
				t.Errorf("Problems = %v\n want %v", res.Problems, tc.want)
			}
			if tc.html != "" && string(res.HTML) != tc.html {
				t.Errorf("HTML = %q, want %q", res.HTML, tc.html)
			}
			if len(res.HTML) == 0 {
				t.Errorf("no HTML: an unknown reference must not stop rendering")
			}
		})
	}
}

var summaryCases = []struct {
	name, src, want string
}{
	{"first paragraph", "First *para* with **markup**\nand a `code` span.\n\nSecond.", "First para with markup and a code span."},
	{"skips headings and lists", "# Title\n\n- item\n\n> quote\n\nThe text.", "The text."},
	{"wikilinks as shown text", "[[actors/Kaja Kallas|Kallas]] met [[Vladimir Putin]].", "Kallas met Vladimir Putin."},
	{"links and images as text", "See [the *report*](https://x.org) ![chart](/c.png) <https://a.org>.", "See the report chart https://a.org."},
	{"entities and escapes decoded", "Tom &amp; Jerry &#8212; \\*not emphasis\\* &lt;tag&gt;", "Tom & Jerry — *not emphasis* <tag>"},
	{"raw HTML kept as typed", "a <b>bold</b> move", "a <b>bold</b> move"},
	{"whitespace collapsed", "  a \t b  \n\n", "a b"},
	{"hard breaks become spaces", "a\\\nb  \nc", "a b c"},
	{"no paragraph", "# Only a heading\n\n- and a list\n", ""},
	{"empty", "", ""},
	{"unsafe link text kept", "[click](javascript:x)", "click"},
	{"long text cut at a word", strings.Repeat("word ", 100), strings.TrimSpace(strings.Repeat("word ", 60)) + "…"},
	{"long word cut hard", strings.Repeat("x", 400), strings.Repeat("x", 300) + "…"},
	{"cut drops trailing punctuation", strings.Repeat("abcd, ", 60), strings.TrimSuffix(strings.TrimSpace(strings.Repeat("abcd, ", 50)), ",") + "…"},
	{"cut counts runes", strings.Repeat("é", 301), strings.Repeat("é", 300) + "…"},
}

func TestSummary(t *testing.T) {
	r := New(Options{})
	for _, tc := range summaryCases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summary([]byte(tc.src)); got != tc.want {
				t.Errorf("Summary(%q)\n got %q\nwant %q", tc.src, got, tc.want)
			}
			if got := r.Render([]byte(tc.src), lookupTest).Summary; got != tc.want {
				t.Errorf("Render(%q).Summary\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
}

// TestConcurrentRender renders from many goroutines with one Renderer; run
// with -race it shows that no call's state leaks into the shared instance.
func TestConcurrentRender(t *testing.T) {
	r := New(Options{})
	type job struct {
		src  string
		want Result
	}
	var jobs []job
	for i := range 40 {
		src := fmt.Sprintf("# Entry %d\n\n[[Kaja Kallas]] and [[Unknown %d]] on line 3.\n\n- [[Reuters|R]] <https://x.org/%d>\n", i, i, i)
		jobs = append(jobs, job{src, r.Render([]byte(src), lookupTest)})
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 50 {
				j := jobs[(g*7+k)%len(jobs)]
				got := r.Render([]byte(j.src), lookupTest)
				if string(got.HTML) != string(j.want.HTML) || fmt.Sprint(got.Problems) != fmt.Sprint(j.want.Problems) ||
					fmt.Sprint(got.Links) != fmt.Sprint(j.want.Links) || got.Summary != j.want.Summary {
					t.Errorf("concurrent render of %q differs:\n%+v\n%+v", j.src, got, j.want)
					return
				}
				_ = Summary([]byte(j.src))
			}
		}()
	}
	wg.Wait()
}

func TestRenderIsValidUTF8(t *testing.T) {
	r := New(Options{})
	for _, src := range []string{"&#xD800; &#0; &#x110000;", "# \u0000é\n", "[a](\u00e9 \"\u00e9\")", "<\u00e9@x.org>"} {
		res := r.Render([]byte(src), lookupAll)
		if !utf8.Valid(res.HTML) || !utf8.ValidString(res.Summary) {
			t.Errorf("Render(%q) = %q, not valid UTF-8", src, res.HTML)
		}
	}
}

// TestCheckMatchesRender checks that the first pass finds exactly what
// rendering finds, without the HTML.
func TestCheckMatchesRender(t *testing.T) {
	r := New(Options{})
	for _, src := range []string{
		"Intro with [[Kaja Kallas]] and [[Nobody]].\n\n- [[actors/Kaja Kallas|her]]\n",
		strings.Repeat(">", 40) + " deep\n",
		"",
	} {
		want := r.Render([]byte(src), lookupTest)
		got := r.Check([]byte(src), lookupTest)
		if got.HTML != nil || got.Summary != want.Summary || !reflect.DeepEqual(got.Links, want.Links) || !reflect.DeepEqual(got.Problems, want.Problems) {
			t.Errorf("Check(%q) = %+v\nRender gives %+v", src, got, want)
		}
	}
}
