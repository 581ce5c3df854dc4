package render

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/annals/annals/internal/model"
)

// URLs builds every URL of a site; it is the only place that knows the URL
// scheme, so a base URL with a sub-path holds everywhere.
type URLs struct {
	origin string // "https://example.org", "" when the base URL is a path
	prefix string // "/" or "/annals/"
	abs    string // origin + prefix
}

// NewURLs reads a base URL that resolve has already checked.
func NewURLs(base string) URLs {
	u, err := url.Parse(base)
	if err != nil || base == "" {
		return URLs{prefix: "/", abs: "/"}
	}
	p := u.EscapedPath()
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	out := URLs{prefix: p}
	if u.Host != "" {
		out.origin = u.Scheme + "://" + u.Host
	}
	out.abs = out.origin + out.prefix
	return out
}

// Rel is the site-absolute URL of a path inside the site ("actors/x/").
func (u URLs) Rel(p string) string { return u.prefix + p }

// Abs is the full URL of a path when the base URL has a host, else Rel.
func (u URLs) Abs(p string) string { return u.abs + p }

// relOf is Rel(pathOf(v)) and absOf Abs(pathOf(v)).
func (u URLs) relOf(v any) string { return under(u.prefix, v) }
func (u URLs) absOf(v any) string { return under(u.abs, v) }

// HasOrigin reports whether absolute URLs can be made.
func (u URLs) HasOrigin() bool { return u.origin != "" }

// Home is the timeline's front page.
func (u URLs) Home() string { return u.Rel("") }

// EntityPath is the path of an entity's page.
func EntityPath(k model.Kind, id string) string { return string(k) + "/" + id + "/" }

// Entity is the URL of an entity's page.
func (u URLs) Entity(k model.Kind, id string) string { return u.Rel(EntityPath(k, id)) }

// ArticlePath is the path of an article's page.
func ArticlePath(slug string) string { return "articles/" + slug + "/" }

// YearPath is the path of a year of the timeline.
func YearPath(y int) string { return "timeline/" + strconv.Itoa(y) + "/" }

// file is the output file of a pretty URL path.
func file(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// pathOf is the in-site path of anything that has a page.
func pathOf(v any) string { return under("", v) }

// under is front followed by the in-site path of v, made with one
// concatenation: a build makes links by the hundred thousand, and making
// the path and then the link doubled their cost.
func under(front string, v any) string {
	switch x := v.(type) {
	case *model.Article:
		return front + "articles/" + x.Slug + "/"
	case *model.Event:
		return front + string(model.KindEvent) + "/" + x.ID + "/"
	case *model.Actor:
		return front + string(model.KindActor) + "/" + x.ID + "/"
	case *model.Topic:
		return front + string(model.KindTopic) + "/" + x.ID + "/"
	case *model.Source:
		return front + string(model.KindSource) + "/" + x.ID + "/"
	case *model.Entity:
		return front + string(x.Kind) + "/" + x.ID + "/"
	case model.EntityRef:
		return front + string(x.Kind) + "/" + x.ID + "/"
	case model.Kind:
		return front + string(x) + "/"
	case int:
		return front + YearPath(x)
	case string:
		return front + strings.TrimPrefix(x, "/")
	}
	return front
}

// MonthPath is the path of one month of a year that is too large for one
// page; month 0 holds the entries dated only to the year.
func MonthPath(y, m int) string {
	if m == 0 {
		return YearPath(y) + "month-unknown/"
	}
	return YearPath(y) + twoDigits(m) + "/"
}

// PagedPath is the path of page n of a listing whose first page is at p;
// page 1 is p itself, so the first page's URL never changes as a list grows.
func PagedPath(p string, n int) string {
	if n <= 1 {
		return p
	}
	return p + "page/" + strconv.Itoa(n) + "/"
}

// SearchPath is the folder of the search page and its index shards.
const SearchPath = "search/"
