package output

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// maxPooled bounds the buffers kept for reuse, so one huge file does not pin
// its memory for the rest of the run.
const maxPooled = 1 << 20

// Minifier minifies one page by the media type its path implies. It is safe
// for concurrent use; one Minifier is meant to serve all workers of a run.
type Minifier struct {
	m *minify.M
	// templates minifies Go templates: the HTML minifier leaves what is
	// between {{ and }} as it is.
	templates *minify.M
	bufs      sync.Pool // *bytes.Buffer
}

// NewMinifier returns a Minifier configured for output that stays valid
// HTML5, CSS, JavaScript, SVG, XML and JSON.
func NewMinifier() *Minifier {
	m := minify.New()
	// Document tags and end tags are kept: the result then reads as the
	// templates were written, validates without relying on optional-tag
	// rules, and the preview server can find </body> to add its reload
	// script.
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true})
	m.Add("text/css", &css.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	// Patterns rather than single types, because the HTML minifier hands
	// inline scripts, JSON-LD and inline XML on by their own media type.
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$|^module$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{})
	t := minify.New()
	t.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, TemplateDelims: html.GoTemplateDelims})
	return &Minifier{m: m, templates: t, bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// mediaType returns the media type whose minifier handles p, or "" when p is
// written unchanged. Leaving .ics out is deliberate: iCalendar is
// line-oriented and has no minifier.
func mediaType(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".html", ".htm":
		return "text/html"
	case ".css":
		return "text/css"
	case ".js", ".mjs":
		return "text/javascript"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	case ".atom":
		return "application/atom+xml"
	case ".rss":
		return "application/rss+xml"
	case ".json":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	}
	return ""
}

// Minify returns body minified by the media type path implies. A path of a
// type without a minifier gets body back unchanged (the same slice). Body is
// never modified; the result of a minified type is a new slice.
func (m *Minifier) Minify(path string, body []byte) ([]byte, error) {
	return minifyText(m, m.m, path, body, bytes.Clone)
}

// Template returns the source of an HTML template minified, its actions
// left as written. Pages executed from minified templates come out
// minified but for the values put in them, which is how a build avoids
// minifying every page again.
func (m *Minifier) Template(path string, src []byte) ([]byte, error) {
	return minifyText(m, m.templates, path, src, bytes.Clone)
}

// AppendString appends to dst what Minify makes of s, a piece of HTML or
// other text held as a string, such as the body of an article put into
// its page. HTML of a plain form skips the minifier (see compactHTML).
func (m *Minifier) AppendString(dst []byte, path string, s string) ([]byte, error) {
	if mediaType(path) == "text/html" {
		if c, ok := appendCompactHTML(dst, s); ok {
			return c, nil
		}
	}
	if mediaType(path) == "" {
		return append(dst, s...), nil
	}
	out := dst
	// The minifier's result is appended as it is handed over; what
	// minifyText returns is then empty.
	if _, err := minifyText(m, m.m, path, s, func(b []byte) string {
		out = append(dst, b...)
		return ""
	}); err != nil {
		return dst, err
	}
	return out, nil
}

// minifyText minifies body with with, by the media type path implies, and
// returns what result copies out of the minifier's buffer. A path of a
// type without a minifier gets body back as it is.
func minifyText[T string | []byte](m *Minifier, with *minify.M, path string, body T, result func([]byte) T) (T, error) {
	if mediaType(path) == "" {
		return body, nil
	}
	// The minifiers parse and rewrite their input in place, and may write a
	// sentinel byte just past its end; so they get a private copy, with room
	// for that byte, and never the caller's bytes.
	in := m.get()
	defer m.put(in)
	in.Grow(len(body) + 1)
	in.Write(append(in.AvailableBuffer(), body...))
	var out T
	err := m.run(with, path, in, func(b []byte) { out = result(b) })
	return out, err
}

// run minifies in, a private copy of the input, and hands keep the
// result, which is only valid during the call.
func (m *Minifier) run(with *minify.M, path string, in *bytes.Buffer, keep func([]byte)) error {
	out := m.get()
	defer m.put(out)
	out.Grow(in.Len())
	if err := with.Minify(mediaType(path), out, in); err != nil {
		return fmt.Errorf("output: minify %s: %w", path, err)
	}
	keep(out.Bytes())
	return nil
}

func (m *Minifier) get() *bytes.Buffer {
	b := m.bufs.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func (m *Minifier) put(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		m.bufs.Put(b)
	}
}
