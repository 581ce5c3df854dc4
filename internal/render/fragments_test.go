package render

import (
	"html/template"
	"strings"
	"testing"

	"github.com/annals/annals/internal/htmlexec"
)

func fragmentRenderer(t *testing.T) *Renderer {
	t.Helper()
	r := &Renderer{}
	fm := template.FuncMap{"cached": r.cached}
	r.partials = htmlexec.New(template.Must(template.New("").Funcs(fm).Parse(
		`{{define "row"}}<li>{{.Text}}</li>{{end}}{{define "big"}}{{.}}{{end}}`)), fm)
	r.frags.reset()
	return r
}

func TestCached(t *testing.T) {
	r := fragmentRenderer(t)
	call := func(data any, variants ...any) string {
		t.Helper()
		h, err := r.cached("row", data, variants...)
		if err != nil {
			t.Fatal(err)
		}
		return string(h)
	}
	// Rows without a key are never shared, however alike.
	if a, b := call(EntryData{Link: Link{Text: "a"}}), call(EntryData{Link: Link{Text: "b"}}); a != "<li>a</li>" || b != "<li>b</li>" {
		t.Errorf("keyless rows: %q, %q", a, b)
	}
	// A key stands for what the row shows. A row executed once is not
	// kept; executed again, it is.
	for range 2 {
		if got := call(EntryData{Link: Link{Text: "first"}, key: "/x/"}); got != "<li>first</li>" {
			t.Errorf("keyed row = %q", got)
		}
	}
	if got := call(EntryData{Link: Link{Text: "second"}, key: "/x/"}); got != "<li>first</li>" {
		t.Errorf("keyed row again = %q, want the kept one", got)
	}
	if got := call(EntryData{Link: Link{Text: "other"}, key: "/y/"}); got != "<li>other</li>" {
		t.Errorf("another key = %q", got)
	}
	// Variants replace the data's key.
	for range 2 {
		if got := call(Link{Text: "v1"}, "home"); got != "<li>v1</li>" {
			t.Errorf("variant = %q", got)
		}
	}
	if got := call(Link{Text: "v2"}, "home"); got != "<li>v1</li>" {
		t.Errorf("same variant = %q, want the kept one", got)
	}
	if got := call(Link{Text: "v3"}, "year"); got != "<li>v3</li>" {
		t.Errorf("other variant = %q", got)
	}
	if a, b := call(Link{Text: "ab,"}, "ab", ""), call(Link{Text: "a,b"}, "a", "b"); a == b {
		t.Errorf("variants (ab, ) and (a, b) share %q", a)
	}
	// A new run forgets.
	r.frags.reset()
	if got := call(EntryData{Link: Link{Text: "second"}, key: "/x/"}); got != "<li>second</li>" {
		t.Errorf("after reset = %q", got)
	}
}

// TestCachedOnce checks that a build keeps no row it executed only once,
// and the live preview's renders keep every row for the next.
func TestCachedOnce(t *testing.T) {
	r := fragmentRenderer(t)
	if _, err := r.cached("row", EntryData{Link: Link{Text: "a"}, key: "/a/"}); err != nil {
		t.Fatal(err)
	}
	if len(r.frags.m) != 0 {
		t.Errorf("a build kept %d rows executed once", len(r.frags.m))
	}
	r.frags.keepAll = true
	if _, err := r.cached("row", EntryData{Link: Link{Text: "b"}, key: "/b/"}); err != nil {
		t.Fatal(err)
	}
	if _, kept := r.frags.m[fragmentID{"row", "/b/"}]; !kept || len(r.frags.m) != 1 {
		t.Errorf("the preview kept %v, want the row it executed", r.frags.m)
	}
}

func TestCachedBudget(t *testing.T) {
	r := fragmentRenderer(t)
	big := strings.Repeat("x", 1<<20)
	for i := range 2 * fragmentBudget / len(big) {
		for range 2 {
			if _, err := r.cached("big", big, i); err != nil {
				t.Fatal(err)
			}
		}
	}
	if r.frags.size > fragmentBudget {
		t.Errorf("%d bytes kept, budget %d", r.frags.size, fragmentBudget)
	}
	if len(r.frags.m) == 0 {
		t.Error("nothing kept")
	}
}

func TestForget(t *testing.T) {
	r := fragmentRenderer(t)
	r.frags.keepAll = true
	rows := map[string]string{
		"/a/":                             "a",
		"/a/" + keySep + "0":              "a's quote",
		"/a/" + keySep + "row" + once:     "a's row",
		"/b/":                             "b",
		"/b/" + keySep + "reports" + once: "b with reports",
	}
	for key, text := range rows {
		if _, err := r.cached("row", EntryData{Link: Link{Text: text}, key: key}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.cached("row", Link{Text: "header"}, "home"); err != nil {
		t.Fatal(err)
	}
	r.frags.forget(map[string]bool{"/a/": true})
	for key := range rows {
		_, kept := r.frags.m[fragmentID{"row", key}]
		if want := !strings.HasPrefix(key, "/a/"); kept != want {
			t.Errorf("%q kept = %v, want %v", key, kept, want)
		}
	}
	if len(r.frags.m) != 2 {
		t.Errorf("%d rows kept, want b's two (the header goes too)", len(r.frags.m))
	}
	size := 0
	for id, h := range r.frags.m {
		size += id.size() + len(h)
	}
	if size != r.frags.size {
		t.Errorf("size %d, counted %d", r.frags.size, size)
	}
}

// TestRows checks that {{rows}} renders what {{range}}{{cached}} renders,
// for the built-in row types, passed by pointer, and for any other list.
func TestRows(t *testing.T) {
	r := fragmentRenderer(t)
	entries := []EntryData{{Link: Link{Text: "a"}, key: "/a/"}, {Link: Link{Text: "b"}}, {Link: Link{Text: "c"}, key: "/c/"}}
	for range 2 {
		got, err := r.rows("row", entries)
		if err != nil || got != "<li>a</li><li>b</li><li>c</li>" {
			t.Errorf("entries: %q, %v", got, err)
		}
	}
	// The keyed rows were kept: a row with a kept key is not executed.
	entries[0].Text = "changed"
	if got, _ := r.rows("row", entries[:1]); got != "<li>a</li>" {
		t.Errorf("kept row: %q", got)
	}
	links := []Link{{Text: "x"}, {Text: "y"}}
	if got, err := r.rows("row", links); err != nil || got != "<li>x</li><li>y</li>" {
		t.Errorf("links: %q, %v", got, err)
	}
	if got, err := r.rows("row", []ArticleRef(nil)); err != nil || got != "" {
		t.Errorf("no rows: %q, %v", got, err)
	}
	if _, err := r.rows("row", Link{Text: "x"}); err == nil {
		t.Error("rows of a value that is not a list: no error")
	}
	if _, err := r.rows("nosuch", links); err == nil {
		t.Error("rows of an unknown partial: no error")
	}
}
