package output

import (
	"strings"
	"testing"

	"github.com/annals/annals/internal/markdown"
	"github.com/annals/annals/internal/model"
)

// compactCases are markdown bodies as editors write them, each with
// whether its HTML is of the plain form compactHTML takes.
var compactCases = []struct {
	src   string
	plain bool
}{
	{"One paragraph with **bold**, *emphasis* and ~~struck~~ words.\n", true},
	{"First paragraph.\n\nSecond, with a [link](https://example.org/a?b=c \"Its title\").\n", true},
	{"## A heading\n\nText under it, about [[Kaja Kallas]] and [[topic:Peace talks|the talks]].\n", true},
	{"Lines wrapped\nby the editor\nstay lines.\n", true},
	{"> A quotation\n> over two lines.\n\n- one\n- two\n\n1. first\n2. second\n", true},
	{"3. starts at three\n4. then four\n", true},
	{"The \"quoted\" words of Merck & Co.\n", true},
	{"---\n\nAfter a rule.\n", true},
	{"| a | b |\n|---|---|\n| 1 | 2 |\n", true},
	{"- item\n\n  with a second paragraph\n- and a nested list:\n  - inner\n", true},
	{"- a tight list\n  - nested\n", false},
	{"- [a link ending in a space ](/x/)\n  - nested\n", false},
	{"Code: `x < y` and\n\n    indented code\n", false},
	{"A line break  \nhere.\n", false},
	{"![An image](/a.png)\n", false},
	{"AT&T and a < b > c.\n", false},
	{"| left | right |\n|:-----|------:|\n| 1 | 2 |\n", false},
	{"<b>raw HTML</b> is escaped.\n", false},
}

func lookupAll(kind model.Kind, name string) (string, model.EntityRef, error) {
	if kind == "" {
		kind = model.KindTopic
	}
	id := model.Slug(name)
	return "/" + string(kind) + "/" + id + "/", model.EntityRef{Kind: kind, ID: id}, nil
}

// TestCompactHTML checks that plain bodies take the short way, and come
// out as the minifier makes them, and that the others do not.
func TestCompactHTML(t *testing.T) {
	md := markdown.New(markdown.Options{})
	m := NewMinifier()
	for _, tc := range compactCases {
		html := string(md.Render([]byte(tc.src), lookupAll).HTML)
		got, ok := compactHTML(html)
		if ok != tc.plain {
			t.Errorf("%q: plain = %v, want %v (%q)", tc.src, ok, tc.plain, html)
			continue
		}
		want, err := minified(m, html)
		if err != nil {
			t.Fatal(err)
		}
		if ok && got != want {
			t.Errorf("%q:\n got %q\nwant %q", tc.src, got, want)
		}
	}
}

// FuzzCompactHTML checks that whatever compactHTML takes, whether a
// rendered body or any other text, it makes what the minifier makes.
func FuzzCompactHTML(f *testing.F) {
	for _, tc := range compactCases {
		f.Add(tc.src)
	}
	f.Add("<p>a</p>\n<p>b <em>c</em> d</p>\n")
	f.Add("<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n")
	f.Add(`<p><a href="/x/" class="wikilink">x</a> &quot;y&quot; &amp; z</p>`)
	md := markdown.New(markdown.Options{})
	m := NewMinifier()
	f.Fuzz(func(t *testing.T, src string) {
		for _, html := range []string{string(md.Render([]byte(src), lookupAll).HTML), src} {
			got, ok := compactHTML(html)
			if !ok {
				continue
			}
			want, err := minified(m, html)
			if err != nil {
				t.Fatalf("minifier: %v", err)
			}
			if got != want {
				t.Fatalf("compactHTML(%q)\n = %q\nminifier: %q", html, got, want)
			}
		}
	})
}

// minified is html through the minifier alone.
func minified(m *Minifier, html string) (string, error) {
	return minifyText(m, m.m, "body.html", html, func(b []byte) string { return string(b) })
}

// BenchmarkCompactHTML compacts a body of the kind most articles have:
// paragraphs of text with emphasis and links, a list and a quotation.
func BenchmarkCompactHTML(b *testing.B) {
	para := "Officials **said** the talks, held in *Geneva*, went on late; [the text](https://example.org/a) was not \"final\" & no date was set. "
	src := strings.Repeat(para, 6) + "\n\n" + strings.Repeat(para, 4) + "\n\n- one\n- two\n\n> " + para + "\n\n" + strings.Repeat(para, 5) + "\n"
	html := string(markdown.New(markdown.Options{}).Render([]byte(src), lookupAll).HTML)
	if _, ok := compactHTML(html); !ok {
		b.Fatal("the body is not of the plain form")
	}
	b.SetBytes(int64(len(html)))
	for b.Loop() {
		compactHTML(html)
	}
}

// compactHTML is appendCompactHTML into new memory, "" when not ok.
func compactHTML(html string) (string, bool) {
	b, ok := appendCompactHTML(nil, html)
	if !ok {
		return "", false
	}
	return string(b), true
}
