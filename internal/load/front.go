package load

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/annals/annals/internal/model"
)

// Value is one scalar of front matter with where it was written.
type Value struct {
	Text string
	Pos  model.Pos
}

// Set reports whether the field was given.
func (v Value) Set() bool { return v.Pos.Line > 0 }

// Common are the fields every entity record has.
type Common struct {
	Title   Value // "title" or "name"
	Aliases []Value
	Summary Value
	Params  map[string]any
	Pos     model.Pos // the front matter's first line
}

// IndexFront is content/_index.md: the site settings.
type IndexFront struct {
	Title, Description, Language, Author, Copyright, BaseURL Value
	Limits                                                   model.Limits
	Params                                                   map[string]any
}

// ArticleFront is an article's front matter.
type ArticleFront struct {
	Title, Date, Source, URL, Language, Summary, Slug Value
	Actors, Topics, Cites                             []Value
	Events                                            []EventRef
	Quotes                                            []QuoteFront
	Draft                                             bool
	Params                                            map[string]any
	Pos                                               model.Pos
}

// EventRef is an article's reference to an event: an id, or an inline record.
type EventRef struct {
	ID     Value
	Inline *EventFront // nil for a plain id
}

// QuoteFront is one quote in an article.
type QuoteFront struct {
	By, Text, Said, Event, Lang Value
	Pos                         model.Pos
}

// EventFront is an event record, or an inline declaration in an article.
type EventFront struct {
	Common
	ID, Date, End, Place, Parent, Status Value
	Actors, Topics                       []Value
}

// ActorFront is an actor record.
type ActorFront struct {
	Common
	Kind, Country Value
	Roles         []RoleFront
}

// RoleFront is one role of an actor.
type RoleFront struct {
	Title, From, To Value
	Pos             model.Pos
}

// TopicFront is a topic record.
type TopicFront struct{ Common }

// SourceFront is a source record.
type SourceFront struct {
	Common
	URL, Country, Kind, Language, Owner Value
}

// decoder walks yaml.Node trees into the typed fronts, so every field keeps
// its position and every unknown or repeated key is reported.
type decoder struct {
	path    string
	lineOff int
	diags   *model.Diagnostics
}

func (d *decoder) pos(n *yaml.Node) model.Pos {
	if n == nil {
		return model.Pos{Path: d.path, Line: d.lineOff, Col: 1}
	}
	return model.Pos{Path: d.path, Line: n.Line + d.lineOff, Col: n.Column}
}

// field is the handler of one known key.
type field struct {
	name string
	set  func(n *yaml.Node)
}

// fields calls each handler with its key's value; what the map holds beyond
// the handlers is an error, with a suggestion when it looks like a typo.
func (d *decoder) fields(m *yaml.Node, what string, fs ...field) {
	if m == nil {
		return
	}
	if m.Kind != yaml.MappingNode {
		d.errorf(m, "%s must be a map of fields", what)
		return
	}
	seen := make(map[string]*yaml.Node, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "%s: keys must be plain words", what)
			continue
		}
		if prev, ok := seen[k.Value]; ok {
			d.errorf(k, "duplicate key %q in %s (first at line %d)", k.Value, what, prev.Line+d.lineOff)
			continue
		}
		seen[k.Value] = k
		j := slices.IndexFunc(fs, func(f field) bool { return f.name == k.Value })
		if j < 0 {
			d.errorf(k, "unknown key %q in %s%s", k.Value, what, suggest(k.Value, fs))
			continue
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue
		}
		fs[j].set(resolveAlias(v))
	}
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func suggest(key string, fs []field) string {
	best, bestDist := "", 3
	for _, f := range fs {
		if dist := editDistance(strings.ToLower(key), f.name); dist < bestDist {
			best, bestDist = f.name, dist
		}
	}
	if best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return "; a site's own fields go under params:"
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (d *decoder) scalar(dst *Value, key string) field {
	return field{key, func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, "%s must be a single value", key)
			return
		}
		*dst = Value{Text: strings.TrimSpace(n.Value), Pos: d.pos(n)}
	}}
}

// list accepts a sequence of scalars, or one scalar as a list of one.
func (d *decoder) list(dst *[]Value, key string) field {
	return field{key, func(n *yaml.Node) {
		switch n.Kind {
		case yaml.ScalarNode:
			*dst = append(*dst, Value{Text: strings.TrimSpace(n.Value), Pos: d.pos(n)})
		case yaml.SequenceNode:
			for _, c := range n.Content {
				c = resolveAlias(c)
				if c.Kind != yaml.ScalarNode {
					d.errorf(c, "%s: each item must be a single name", key)
					continue
				}
				if c.Tag == "!!null" || strings.TrimSpace(c.Value) == "" {
					d.errorf(c, "%s: empty item", key)
					continue
				}
				*dst = append(*dst, Value{Text: strings.TrimSpace(c.Value), Pos: d.pos(c)})
			}
		default:
			d.errorf(n, "%s must be a list of names", key)
		}
	}}
}

func (d *decoder) boolean(dst *bool, key string) field {
	return field{key, func(n *yaml.Node) {
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "%s must be true or false", key)
			return
		}
		*dst = n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	}}
}

func (d *decoder) integer(dst *int, key string) field {
	return field{key, func(n *yaml.Node) {
		var v int
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil || v <= 0 {
			d.errorf(n, "%s must be a positive whole number", key)
			return
		}
		*dst = v
	}}
}

func (d *decoder) params(dst *map[string]any) field {
	return field{"params", func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "params must be a map of the site's own fields")
			return
		}
		var m map[string]any
		if err := n.Decode(&m); err != nil {
			d.errorf(n, "params: %v", err)
			return
		}
		*dst = m
	}}
}

func (d *decoder) common(c *Common, m *yaml.Node) []field {
	c.Pos = d.pos(m)
	return []field{
		d.scalar(&c.Title, "title"),
		d.scalar(&c.Title, "name"),
		d.list(&c.Aliases, "aliases"),
		d.scalar(&c.Summary, "summary"),
		d.params(&c.Params),
	}
}

func (d *decoder) index(m *yaml.Node) *IndexFront {
	f := &IndexFront{Limits: model.DefaultLimits}
	d.fields(m, "site settings",
		d.scalar(&f.Title, "title"),
		d.scalar(&f.Description, "description"),
		d.scalar(&f.Language, "language"),
		d.scalar(&f.Author, "author"),
		d.scalar(&f.Copyright, "copyright"),
		d.scalar(&f.BaseURL, "base_url"),
		field{"limits", func(n *yaml.Node) {
			d.fields(n, "limits",
				d.integer(&f.Limits.MaxBytes, "max_bytes"),
				d.integer(&f.Limits.MaxDepth, "max_depth"))
		}},
		d.params(&f.Params),
	)
	return f
}

func (d *decoder) article(m *yaml.Node) *ArticleFront {
	f := &ArticleFront{Pos: d.pos(m)}
	d.fields(m, "article front matter",
		d.scalar(&f.Title, "title"),
		d.scalar(&f.Date, "date"),
		d.scalar(&f.Source, "source"),
		d.scalar(&f.URL, "url"),
		d.scalar(&f.Language, "language"),
		d.scalar(&f.Summary, "summary"),
		d.scalar(&f.Slug, "slug"),
		d.list(&f.Actors, "actors"),
		d.list(&f.Topics, "topics"),
		d.list(&f.Cites, "cites"),
		d.boolean(&f.Draft, "draft"),
		d.params(&f.Params),
		field{"events", func(n *yaml.Node) { f.Events = d.eventRefs(n) }},
		field{"quotes", func(n *yaml.Node) { f.Quotes = d.quotes(n) }},
	)
	return f
}

func (d *decoder) eventRefs(n *yaml.Node) []EventRef {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []EventRef
	for _, c := range items {
		c = resolveAlias(c)
		switch c.Kind {
		case yaml.ScalarNode:
			out = append(out, EventRef{ID: Value{Text: strings.TrimSpace(c.Value), Pos: d.pos(c)}})
		case yaml.MappingNode:
			ev := d.eventFields(c, "inline event", true)
			if !ev.ID.Set() {
				d.errorf(c, "inline event needs an id")
				continue
			}
			out = append(out, EventRef{ID: ev.ID, Inline: ev})
		default:
			d.errorf(c, "events: each item is an event id or an inline event {id, title, date, end, place}")
		}
	}
	return out
}

func (d *decoder) quotes(n *yaml.Node) []QuoteFront {
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "quotes must be a list of {by, text, said, event}")
		return nil
	}
	var out []QuoteFront
	for _, c := range n.Content {
		c = resolveAlias(c)
		if c.Kind != yaml.MappingNode {
			d.errorf(c, "each quote is a map {by, text, said, event}")
			continue
		}
		q := QuoteFront{Pos: d.pos(c)}
		d.fields(c, "quote",
			d.scalar(&q.By, "by"),
			d.scalar(&q.Text, "text"),
			d.scalar(&q.Said, "said"),
			d.scalar(&q.Event, "event"),
			d.scalar(&q.Lang, "lang"),
		)
		if !q.By.Set() || q.By.Text == "" {
			d.errorf(c, "quote needs by: the actor who said it")
		}
		if !q.Text.Set() || q.Text.Text == "" {
			d.errorf(c, "quote needs text")
		}
		out = append(out, q)
	}
	return out
}

func (d *decoder) event(m *yaml.Node) *EventFront {
	return d.eventFields(m, "event front matter", false)
}

func (d *decoder) eventFields(m *yaml.Node, what string, inline bool) *EventFront {
	f := &EventFront{}
	fs := append(d.common(&f.Common, m),
		d.scalar(&f.Date, "date"),
		d.scalar(&f.End, "end"),
		d.scalar(&f.Place, "place"),
		d.scalar(&f.Parent, "parent"),
		d.scalar(&f.Status, "status"),
		d.list(&f.Actors, "actors"),
		d.list(&f.Topics, "topics"),
	)
	if inline {
		fs = append(fs, d.scalar(&f.ID, "id"))
	}
	d.fields(m, what, fs...)
	return f
}

func (d *decoder) actor(m *yaml.Node) *ActorFront {
	f := &ActorFront{}
	d.fields(m, "actor front matter", append(d.common(&f.Common, m),
		d.scalar(&f.Kind, "kind"),
		d.scalar(&f.Country, "country"),
		field{"roles", func(n *yaml.Node) {
			if n.Kind != yaml.SequenceNode {
				d.errorf(n, "roles must be a list of {title, from, to}")
				return
			}
			for _, c := range n.Content {
				c = resolveAlias(c)
				r := RoleFront{Pos: d.pos(c)}
				if c.Kind == yaml.ScalarNode {
					r.Title = Value{Text: strings.TrimSpace(c.Value), Pos: d.pos(c)}
				} else {
					d.fields(c, "role", d.scalar(&r.Title, "title"), d.scalar(&r.From, "from"), d.scalar(&r.To, "to"))
				}
				if r.Title.Text == "" {
					d.errorf(c, "role needs a title")
					continue
				}
				f.Roles = append(f.Roles, r)
			}
		}},
	)...)
	return f
}

func (d *decoder) topic(m *yaml.Node) *TopicFront {
	f := &TopicFront{}
	d.fields(m, "topic front matter", d.common(&f.Common, m)...)
	return f
}

func (d *decoder) source(m *yaml.Node) *SourceFront {
	f := &SourceFront{}
	d.fields(m, "source front matter", append(d.common(&f.Common, m),
		d.scalar(&f.URL, "url"),
		d.scalar(&f.Country, "country"),
		d.scalar(&f.Kind, "kind"),
		d.scalar(&f.Language, "language"),
		d.scalar(&f.Owner, "owner"),
	)...)
	return f
}
