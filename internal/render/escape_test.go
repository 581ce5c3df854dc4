package render

import (
	"bytes"
	"html/template"
	"testing"
)

// TestEscapeLikeTemplates holds the markup built in Go to what
// html/template writes for the same values.
func TestEscapeLikeTemplates(t *testing.T) {
	tpl := template.Must(template.New("").Parse(`<a href="{{.}}">{{.}}</a>`))
	for _, s := range []string{
		"/annals/timeline/2025/#m08",
		"/ünï code/timeline/2025/",
		"https://example.org/a+b/?q=1&r=\"x\"'y'<z>",
		"/already%20encoded/%E2%82%AC",
		"/tab\there/back\\slash/{brace}|pipe^caret`tick",
		"Zoë Ångström & \"friends\" <3 + more\x00",
	} {
		var b bytes.Buffer
		if err := tpl.Execute(&b, s); err != nil {
			t.Fatal(err)
		}
		if got := `<a href="` + attrURL(s) + `">` + text(s) + `</a>`; got != b.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got, b.String())
		}
	}
}
