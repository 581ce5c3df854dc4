package markdown

import (
	"strings"
	"testing"
)

func TestDangerousLinks(t *testing.T) {
	tests := []struct {
		name, src string
	}{
		{"javascript", "[x](javascript:alert(1))"},
		{"upper case", "[x](JAVASCRIPT:alert(1))"},
		{"mixed case", "[x](JaVaScRiPt:alert(1))"},
		{"hex entity", "[x](jav&#x61;script:alert(1))"},
		{"decimal entity", "[x](&#106;avascript:alert(1))"},
		{"named entity colon", "[x](javascript&colon;alert(1))"},
		{"entity tab", "[x](java&Tab;script:alert(1))"},
		{"entity newline", "[x](java&#10;script:alert(1))"},
		{"backslash escape", "[x](javascript\\:alert(1))"},
		{"leading space in angle brackets", "[x](< javascript:alert(1)>)"},
		{"leading control entity", "[x](&#1;javascript:alert(1))"},
		{"vbscript", "[x](vbscript:msgbox)"},
		{"data", "[x](data:text/html;base64,PHNjcmlwdD4=)"},
		{"file", "[x](file:///etc/passwd)"},
		{"unknown scheme", "[x](foo:bar)"},
		{"reference definition", "[x]\n\n[x]: javascript:alert(1)"},
		{"reference with entity", "[x][r]\n\n[r]: &#x6A;avascript:alert(1)"},
		{"image", "![x](javascript:alert(1))"},
		{"data image", "![x](data:image/svg+xml;base64,PHN2Zz4=)"},
		{"autolink", "<javascript:alert(1)>"},
		{"autolink upper case", "<JAVASCRIPT:alert(1)>"},
		{"autolink vbscript", "<vbscript:x>"},
		{"autolink with entity", "<jav&#x61;script:alert(1)>"},
		{"scheme with space", "[x](<java script:alert(1)>)"},
	}
	r := New(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := r.Render([]byte(tc.src), nil)
			html := strings.ToLower(string(res.HTML))
			if strings.Contains(html, "<a") || strings.Contains(html, "<img") || strings.Contains(html, "href") || strings.Contains(html, "src=") {
				t.Errorf("Render(%q) = %q: the link survived", tc.src, res.HTML)
			}
			if len(html) <= len("<p></p>\n") {
				t.Errorf("Render(%q) = %q: the text is gone", tc.src, res.HTML)
			}
		})
	}
}

func TestSafeLinks(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"https", "[x](https://a.org/p?q=1#f)", `<a href="https://a.org/p?q=1#f" rel="noopener">x</a>`},
		{"http upper case", "[x](HTTP://a.org)", `<a href="HTTP://a.org" rel="noopener">x</a>`},
		{"mailto", "[x](mailto:a@b.org)", `<a href="mailto:a@b.org">x</a>`},
		{"relative", "[x](../events/alaska/)", `<a href="../events/alaska/">x</a>`},
		{"absolute path", "[x](/actors/kallas/)", `<a href="/actors/kallas/">x</a>`},
		{"fragment", "[x](#notes)", `<a href="#notes">x</a>`},
		{"query", "[x](?page=2)", `<a href="?page=2">x</a>`},
		{"colon after slash", "[x](/a:b)", `<a href="/a:b">x</a>`},
		{"protocol-relative", "[x](//cdn.org/a)", `<a href="//cdn.org/a" rel="noopener">x</a>`},
		{"empty", "[x]()", `<a href="">x</a>`},
		{"percent-encoded colon is a path", "[x](javascript%3Aalert(1))", `<a href="javascript%3Aalert(1)">x</a>`},
		{"image", "![x](https://a.org/i.png)", `<img src="https://a.org/i.png" alt="x">`},
		{"email autolink", "<a@b.org>", `<a href="mailto:a@b.org">a@b.org</a>`},
		{"url autolink", "<https://a.org>", `<a href="https://a.org" rel="noopener">https://a.org</a>`},
	}
	r := New(Options{})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := r.Render([]byte(tc.src), nil)
			if want := "<p>" + tc.want + "</p>\n"; string(res.HTML) != want {
				t.Errorf("Render(%q)\n got %q\nwant %q", tc.src, res.HTML, want)
			}
		})
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		safe bool
	}{
		{"", true},
		{"a", true},
		{"/a:b", true},
		{"a/b:c", true},
		{"#x:y", true},
		{"?x:y", true},
		{"http://a", true},
		{"HtTpS://a", true},
		{"mailto:a@b", true},
		{" \x01\x1fhttp://a", true},
		{"javascript:x", false},
		{" \x01javascript:x", false},
		{"java\tscript:x", false},
		{"java\nscript:x", false},
		{"java\rscript:x", false},
		{"\tjavascript:x", false},
		{"ht\ttp:x", true},
		{"https-evil:x", false},
		{"averyveryverylongscheme:x", false},
		{"mailtox:x", false},
		{":x", false},
	}
	for _, tc := range tests {
		if got := safeURL([]byte(tc.url)); got != tc.safe {
			t.Errorf("safeURL(%q) = %v, want %v", tc.url, got, tc.safe)
		}
	}
}
