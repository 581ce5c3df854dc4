package scaffold

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/annals/annals/internal/model"
)

// Kinds are the kinds of entry New writes, as named on the command line.
var Kinds = []string{"article", "event", "actor", "topic", "source"}

// Options describe the entry to write.
type Options struct {
	Kind  string // one of Kinds
	Title string
	// Date is the article's publication date or the event's date, in the
	// SPEC's grammar; the command passes today's date unless told another.
	Date string
	// YearFolders puts an article in content/articles/<year>/, for sites
	// that already file their articles that way.
	YearFolders bool
}

// Entry is a file to write: its site-relative slash path and text.
type Entry struct {
	Path string
	Text []byte
}

var dayRE = regexp.MustCompile(`^\d{4}`)

// New returns the entry for opts. Its file name is the slug of the title.
func New(opts Options) (Entry, error) {
	title := strings.TrimSpace(opts.Title)
	if title == "" {
		return Entry{}, fmt.Errorf("a title is needed")
	}
	if _, err := model.ParseDate(opts.Date); err != nil {
		return Entry{}, err
	}
	slug := model.Slug(title)
	var folder string
	var tmpl []line
	switch opts.Kind {
	case "article":
		folder, tmpl = "content/articles", article
		if opts.YearFolders {
			folder += "/" + dayRE.FindString(opts.Date)
		}
	case "event":
		folder, tmpl = "content/events", event
	case "actor":
		folder, tmpl = "content/actors", actor
	case "topic":
		folder, tmpl = "content/topics", topic
	case "source":
		folder, tmpl = "content/sources", source
	default:
		return Entry{}, fmt.Errorf("unknown kind %q (%s)", opts.Kind, strings.Join(Kinds, ", "))
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	b.WriteString("# Empty fields are ignored. In the text below the front matter, link any\n# actor, event, topic or source with [[Name]] or [[Name|shown text]].\n")
	width := 0
	for _, l := range tmpl {
		width = max(width, len(l.entry(title, opts.Date)))
	}
	for _, l := range tmpl {
		e := l.entry(title, opts.Date)
		if l.comment == "" {
			fmt.Fprintln(&b, e)
			continue
		}
		fmt.Fprintf(&b, "%-*s  # %s\n", width, e, l.comment)
	}
	b.WriteString("---\n")
	b.WriteString(bodies[opts.Kind])
	return Entry{Path: path.Join(folder, slug+".md"), Text: b.Bytes()}, nil
}

// line is one front matter key of a template: its value ("" for none, or
// the placeholders $title and $date) and what it means.
type line struct {
	key, value, comment string
}

func (l line) entry(title, date string) string {
	v := l.value
	switch v {
	case "$title":
		v = quote(title)
	case "$date":
		v = quote(date)
	}
	if v == "" {
		return l.key + ":"
	}
	return l.key + ": " + v
}

// quote writes s as a YAML double-quoted scalar; JSON strings are such
// scalars, and quoting keeps a title like "Yes: no" or "2025" a string.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSpace(b.String())
}

var common = []line{
	{"aliases", "[]", "other names or spellings that should link here"},
	{"summary", "", "one sentence shown in lists; else the first paragraph below"},
}

var params = line{"params", "{}", "the site's own fields, free-form"}

var article = []line{
	{"title", "$title", "the editor's headline for this entry (required)"},
	{"date", "$date", "publication date: 2025-08-22, 2025-08 or 2025; add ? if uncertain, ~ if approximate (required)"},
	{"source", "", "the outlet that published it: a source id, name or alias (required once not a draft)"},
	{"url", "", "the original article, http or https"},
	{"language", "", "BCP 47 tag of the original, e.g. de or pt-BR (default: the site's language)"},
	{"summary", "", "one sentence; else the first paragraph below"},
	{"actors", "[]", "people, organisations and states it concerns: ids, names or aliases"},
	{"topics", "[]", "topic ids or names"},
	{"events", "[]", "event ids, or inline events {id: x, title: X, date: 2025-08-22, end: ..., place: ...}"},
	{"cites", "[]", "outlets this report relies on, e.g. [Reuters, BBC]"},
	{"quotes", "[]", `who said what: {by: actor, text: "...", said: 2025-08-22, event: id, lang: en}`},
	{"slug", "", "the URL name, if not the file name: lower-case letters, digits and -"},
	{"draft", "true", "left out of builds (build -drafts shows it); remove when ready"},
	params,
}

var event = append(append([]line{
	{"title", "$title", "the event's name"}},
	common...),
	line{"date", "$date", "when it happened or will: 2025-08-22, 2025-08 or 2025; ? if uncertain, ~ if approximate"},
	line{"end", "", "last day, for an event over several days"},
	line{"place", "", "city or venue"},
	line{"actors", "[]", "who took part: ids, names or aliases"},
	line{"topics", "[]", "topic ids or names"},
	line{"parent", "", "id of an event this one is part of"},
	line{"status", "held", "held, scheduled, postponed or cancelled"},
	params,
)

var actor = append(append([]line{
	{"title", "$title", "the name shown on pages"}},
	common...),
	line{"kind", "", "person, organisation or state"},
	line{"country", "", "country, e.g. Estonia"},
	line{"roles", "[]", "offices held: {title: Prime Minister, from: 2021-07, to: 2024-07}"},
	params,
)

var topic = append(append([]line{
	{"title", "$title", "the name shown on pages"}},
	common...),
	params,
)

var source = append(append([]line{
	{"title", "$title", "the outlet's name"}},
	common...),
	line{"url", "", "the outlet's home page, http or https"},
	line{"country", "", "where it is based"},
	line{"kind", "", "wire agency, newspaper, broadcaster, state media, aggregator, ..."},
	line{"language", "", "BCP 47 tag of its main language, e.g. tr"},
	line{"owner", "", "who owns or funds it"},
	params,
)

var bodies = map[string]string{
	"article": "What the report says and why it matters, in your own words.\n",
	"event":   "What happened, where and who took part.\n",
	"actor":   "Who this is, in a few sentences.\n",
	"topic":   "What this topic covers.\n",
	"source":  "Who publishes this outlet and how far to rely on it.\n",
}
