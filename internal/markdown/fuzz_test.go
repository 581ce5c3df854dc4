package markdown

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

// allowedTags are the only elements a body may contain: raw HTML is
// escaped, so any other tag would be an injection.
var allowedTags = map[string]bool{
	"p": true, "a": true, "em": true, "strong": true, "del": true, "code": true, "pre": true,
	"ul": true, "ol": true, "li": true, "blockquote": true, "hr": true, "br": true, "img": true,
	"h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true,
}

func FuzzRender(f *testing.F) {
	for _, tc := range renderCases {
		f.Add(tc.src)
	}
	for _, tc := range summaryCases {
		f.Add(tc.src)
	}
	for _, src := range hostileInputs() {
		f.Add(src[:min(len(src), 256)])
	}
	f.Add("> - > - a\n")
	f.Add("| [[a\\|b]] |\n|---|\n| `c\\|d` |\n")
	r := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) {
			return // the loader refuses such files
		}
		res := r.Render([]byte(src), lookupAll)
		out := string(res.HTML)
		if !utf8.ValidString(out) || !utf8.ValidString(res.Summary) {
			t.Fatalf("invalid UTF-8 out of %q: %q / %q", src, out, res.Summary)
		}
		checkTags(t, src, out)
		lines := strings.Count(src, "\n") + 1
		for i, p := range res.Problems {
			if p.Line < 1 || p.Line > lines || p.Col < 1 || p.Msg == "" {
				t.Fatalf("bad problem %v for %q", p, src)
			}
			if i > 0 && (p.Line < res.Problems[i-1].Line || p.Line == res.Problems[i-1].Line && p.Col < res.Problems[i-1].Col) {
				t.Fatalf("problems not sorted: %v", res.Problems)
			}
		}
		if len(res.HTML) == 0 && len(res.Problems) == 0 && strings.TrimSpace(src) != "" && !strings.Contains(src, "]:") {
			t.Fatalf("nothing rendered and no problem for %q", src)
		}
	})
}

// checkTags fails unless every tag in out is allowed and every href or src
// is a safe URL.
func checkTags(t *testing.T, src, out string) {
	t.Helper()
	for rest := out; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		end := strings.IndexAny(rest, " >")
		if end < 0 {
			t.Fatalf("unterminated tag in %q from %q", out, src)
		}
		name := strings.TrimPrefix(rest[:end], "/")
		if !allowedTags[name] {
			t.Fatalf("tag <%s> in %q from %q", rest[:end], out, src)
		}
		tag := rest[:strings.IndexByte(rest, '>')]
		for _, attr := range []string{` href="`, ` src="`} {
			if j := strings.Index(tag, attr); j >= 0 {
				v := tag[j+len(attr):]
				v = v[:strings.IndexByte(v, '"')]
				if !safeURL([]byte(html.UnescapeString(v))) {
					t.Fatalf("unsafe URL %q in %q from %q", v, out, src)
				}
			}
		}
	}
}
