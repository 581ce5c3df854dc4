package render

import (
	"testing"

	"github.com/annals/annals/internal/model"
)

// under makes each path in one step; it must agree with the exported
// path functions that other packages and the templates' data use.
func TestUnderAgreesWithPaths(t *testing.T) {
	ent := func(k model.Kind) model.Entity { return model.Entity{Kind: k, ID: "zoë-x"} }
	cases := []struct {
		v    any
		want string
	}{
		{&model.Article{Slug: "2025-08-15-summit"}, ArticlePath("2025-08-15-summit")},
		{&model.Event{Entity: ent(model.KindEvent)}, EntityPath(model.KindEvent, "zoë-x")},
		{&model.Actor{Entity: ent(model.KindActor)}, EntityPath(model.KindActor, "zoë-x")},
		{&model.Topic{Entity: ent(model.KindTopic)}, EntityPath(model.KindTopic, "zoë-x")},
		{&model.Source{Entity: ent(model.KindSource)}, EntityPath(model.KindSource, "zoë-x")},
		{&model.Entity{Kind: model.KindActor, ID: "a"}, EntityPath(model.KindActor, "a")},
		{model.EntityRef{Kind: model.KindTopic, ID: "t"}, EntityPath(model.KindTopic, "t")},
		{model.KindEvent, "events/"},
		{2025, YearPath(2025)},
		{"/search/", "search/"},
	}
	for _, base := range []string{"", "https://example.org/annals/"} {
		u := NewURLs(base)
		for _, c := range cases {
			if got := pathOf(c.v); got != c.want {
				t.Errorf("pathOf(%#v) = %q, want %q", c.v, got, c.want)
			}
			if got, want := u.relOf(c.v), u.Rel(c.want); got != want {
				t.Errorf("relOf(%#v) with base %q = %q, want %q", c.v, base, got, want)
			}
			if got, want := u.absOf(c.v), u.Abs(c.want); got != want {
				t.Errorf("absOf(%#v) with base %q = %q, want %q", c.v, base, got, want)
			}
		}
	}
	if u := NewURLs("https://example.org/annals/"); u.Abs("x/") != "https://example.org/annals/x/" {
		t.Errorf("Abs = %q", u.Abs("x/"))
	}
}
