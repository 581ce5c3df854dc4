package htmlexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"testing"
)

type link struct{ Href, Text string }

type date struct{ Y, M, D int }

func (d date) Machine() string { return fmt.Sprintf("%04d-%02d-%02d", d.Y, d.M, d.D) }
func (d *date) Human() string  { return fmt.Sprintf("%d/%d/%d", d.D, d.M, d.Y) }
func (d date) Plus(n int) int  { return d.D + n }

type pageKind string

type page struct {
	Title   string
	Kind    pageKind
	Links   []link
	Ptrs    []*link
	Date    date
	When    *date
	Body    template.HTML
	URL     template.URL
	Style   template.CSS
	JSON    template.JS
	N       int
	U       uint8
	On      bool
	Tags    map[string]string
	Any     any
	Nil     *link
	None    []link
	Legend  [2]string
	Nested  struct{ Inner struct{ Deep string } }
	private string
}

func testPage() *page {
	return &page{
		Title:  `Talks "resume" <in> Geneva & Bern + 'more'`,
		Kind:   "article",
		Links:  []link{{"/actors/kaja-kallas/", "Kaja Kallas"}, {"/actors/zoë/", "Zoë Ångström"}, {"javascript:alert(1)", "bad"}, {"https://example.org/a b?q=1&r=é%20x", "ext"}},
		Ptrs:   []*link{{"/a/", "A"}, {"/b/", "B"}},
		Date:   date{2026, 2, 9},
		When:   &date{2025, 12, 31},
		Body:   "<p>Already <em>HTML</em> &amp; safe</p>",
		URL:    "https://example.org/?q=a b",
		Style:  "left:10%",
		JSON:   `{"a":1}`,
		N:      3,
		U:      7,
		On:     true,
		Tags:   map[string]string{"actor": "kaja-kallas", "topic": ""},
		Any:    "any <string>",
		Legend: [2]string{"article", "event"},
	}
}

var funcs = template.FuncMap{
	"add":   func(a, b int) int { return a + b },
	"title": strings.ToUpper,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"join":  strings.Join,
	"fail":  func() (string, error) { return "", errors.New("it failed") },
	"boom":  func() string { panic("boom") },
	"pair":  func(a string, b ...any) string { return fmt.Sprint(a, b) },
	"html2": func(s string) (template.HTML, error) { return template.HTML("<b>" + s + "</b>"), nil },
}

// cases are templates and what they cover; each is run by html/template
// and by a Set, and must give the same bytes.
var cases = []struct{ name, src string }{
	{"text", `plain text only`},
	{"fields", `<h1 title="{{.Title}}">{{.Title}}</h1><p>{{.Kind}} {{.N}} {{.U}} {{.On}} {{.Nested.Inner.Deep}}</p>`},
	{"urls", `{{range .Links}}<a href="{{.Href}}">{{.Text}}</a><a href="/x?q={{.Text}}">q</a>{{end}}<a href="{{.URL}}">u</a>`},
	{"content", `<div>{{.Body}}</div><title>{{.Title}} {{.Body}}</title><span style="{{.Style}}">s</span><script type="application/ld+json">{{.JSON}}</script>`},
	{"methods", `<time datetime="{{.Date.Machine}}">{{.Date.Human}}</time> {{.When.Machine}} {{.When.Human}} {{.Date.Plus 4}} {{.N | .Date.Plus}}`},
	{"range", `<ul>{{range $i, $l := .Links}}{{if $i}}, {{end}}<li data-i="{{$i}}">{{$l.Text}} {{$.Title}}</li>{{else}}none{{end}}</ul>{{range .Ptrs}}{{.Text}}{{end}}{{range 3}}[{{.}}]{{end}}{{range .None}}x{{else}}empty{{end}}`},
	{"break", `{{range $i, $l := .Links}}{{if eq $i 1}}{{continue}}{{end}}{{if eq $i 3}}{{break}}{{end}}{{$l.Text}};{{end}}`},
	{"ifwith", `{{if .On}}on{{else}}off{{end}}{{with .Title}}<b>{{.}}</b>{{end}}{{with .Nil}}x{{else with .Kind}}k={{.}}{{end}}{{if not .N}}zero{{else if eq .N 3}}three{{end}}`},
	{"vars", `{{$t := .Title}}{{$n := 0}}{{range .Links}}{{$n = add $n 1}}{{end}}{{$n}} {{$t}}{{with $x := .Kind}}{{$x}}{{end}}{{$s := "outer"}}{{if .On}}{{$s := "if"}}{{$s}}{{end}}{{range .Links}}{{$s := .Text}}{{end}}{{with .Kind}}{{$s := .}}{{end}}{{$s}}`},
	{"funcs", `{{add .N 2}} {{title .Title}} {{plural (len .Links) "link" "links"}} {{plural 1 "link" "links"}} {{join .Legend 0 | printf "%v"}}`},
	{"builtins", `{{len .Links}} {{index .Legend 1}} {{index .Tags "actor"}} {{index .Tags "none"}} {{and .On .Title}} {{or .Nil .Kind}} {{eq .Kind "article"}} {{ne .N 3}} {{eq .U 7}} {{eq .N 1 2 3}} {{.Tags.actor}}`},
	{"pipes", `{{.Title | html}} {{"lit"}} {{3}} {{true}} {{(.Title)}} {{.Any}} {{html2 .Kind}} {{pair "a" 1 .N}}`},
	{"templates", `{{define "row"}}<li>{{.Text}}</li>{{end}}{{define "list"}}<ul>{{range .}}{{template "row" .}}{{end}}</ul>{{end}}{{template "list" .Links}}{{template "list" .Ptrs}}{{block "b" .Kind}}[{{.}}]{{end}}`},
	{"attrs", `<input value="{{.Title}}" {{if .On}}checked{{end}} data-k="{{.Kind}}-{{.N}}"><option value="{{index .Legend 0}}">{{.Title}}</option>`},
	{"js", `<button onclick="f({{.Title}})">x</button>`},
	{"errors", `{{if .On}}{{fail}}{{end}}`},
	{"panics", `{{boom}}`},
	{"nilfield", `{{.Nil.Text}}`},
	{"nomethod", `{{.Title.Missing}}`},
	{"private", `{{.private}}`},
}

func TestMatchesHTMLTemplate(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tmpl, err := template.New(c.name).Funcs(funcs).Parse(c.src)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			wantErr := tmpl.Execute(&want, testPage())
			set := New(tmpl, funcs)
			// The first run is html/template's, and compiles; the
			// others run the compiled form.
			for run := range 3 {
				got := bytes.NewBufferString("before|")
				err := set.Execute(got, c.name, testPage())
				if (err != nil) != (wantErr != nil) || err != nil && err.Error() != wantErr.Error() {
					t.Fatalf("run %d: error %v, want %v", run, err, wantErr)
				}
				if wantErr == nil && got.String() != "before|"+want.String() {
					t.Fatalf("run %d:\n got %q\nwant %q", run, got.String(), "before|"+want.String())
				}
			}
		})
	}
}

// TestCompiles checks that the templates a site's pages are made of run
// compiled, not through html/template each time.
func TestCompiles(t *testing.T) {
	for _, name := range []string{"fields", "urls", "content", "methods", "range", "break", "ifwith", "vars", "builtins", "templates", "attrs"} {
		src := ""
		for _, c := range cases {
			if c.name == name {
				src = c.src
			}
		}
		tmpl := template.Must(template.New(name).Funcs(funcs).Parse(src))
		set := New(tmpl, funcs)
		var b bytes.Buffer
		for range 2 {
			if err := set.Execute(&b, name, testPage()); err != nil {
				t.Fatal(err)
			}
		}
		if p, _ := set.progs.Load(name); p == nil || p.(*program) == nil {
			t.Errorf("%s did not compile, or a compiled run gave up", name)
		}
	}
}

func TestVerifyReportsDifference(t *testing.T) {
	tmpl := template.Must(template.New("t").Funcs(funcs).Parse(`<p>{{.Title}}</p>`))
	set := New(tmpl, funcs)
	set.Verify()
	var b bytes.Buffer
	if err := set.Execute(&b, "t", testPage()); err != nil {
		t.Fatal(err)
	}
	// A compiled program that writes something else is caught.
	set.progs.Store("t", &program{root: func(s *state, _ reflect.Value) error { s.w.WriteString("<p>other</p>"); return nil }})
	b.Reset()
	if err := set.Execute(&b, "t", testPage()); err == nil || !strings.Contains(err.Error(), "differs") {
		t.Fatalf("got %v, want an error saying the output differs", err)
	}
}

// FuzzEscapers puts arbitrary text in each context the escapers cover
// and holds the compiled output to html/template's.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "plain", `a "b" <c> & 'd' + e`, "javascript:alert(1)", "/zoë/a b?q=1&r=%zz%41", "12.50%", "--x", "\x00\xff\xfe", "mailto:x@y", "HTTP://x/y:z"} {
		f.Add(s)
	}
	tmpl := template.Must(template.New("t").Parse(`<p title="{{.}}">{{.}}</p><a href="{{.}}">x</a><a href="/s?q={{.}}">y</a><title>{{.}}</title><span style="left:{{.}}">z</span>`))
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Skip(err)
		}
		set := New(tmpl, nil)
		var got bytes.Buffer
		for range 2 {
			got.Reset()
			if err := set.Execute(&got, "t", s); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Fatalf("%q:\n got %q\nwant %q", s, got.String(), want.String())
			}
		}
	})
}
