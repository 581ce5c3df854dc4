package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Kinds are the kinds with a schema; "site" is content/_index.md.
var Kinds = []string{"article", "event", "actor", "topic", "source", "site"}

// object is a JSON object that keeps its keys in the order written, so the
// printed schema reads in the same order as the SPEC's tables.
type object []member

type member struct {
	key   string
	value any
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// datePattern is the SPEC's date grammar: a year, year-month or day, or an
// RFC 3339 time, optionally followed by ? (uncertain), ~ (approximate) or
// % (both).
const datePattern = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?)?)?[?~%]*$`

func text(desc string) object {
	return object{{"type", "string"}, {"description", desc}}
}

// date also accepts a bare year, which YAML reads as a number.
func date(desc string) object {
	return object{{"description", desc}, {"anyOf", []any{
		object{{"type", "string"}, {"pattern", datePattern}},
		object{{"type", "integer"}, {"minimum", 0}, {"maximum", 9999}},
	}}}
}

// names is a list of names, or a single one.
func names(desc string) object {
	return object{{"description", desc}, {"anyOf", []any{
		object{{"type", "string"}},
		object{{"type", "array"}, {"items", object{{"type", "string"}, {"minLength", 1}}}},
	}}}
}

func httpURL(desc string) object {
	return object{{"type", "string"}, {"pattern", `^[Hh][Tt][Tt][Pp][Ss]?://`}, {"description", desc}}
}

func params() object {
	return object{{"type", "object"}, {"description", "The site's own fields, free-form, passed to templates."}}
}

func language(desc string) object {
	return object{{"type", "string"}, {"pattern", `^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`}, {"description", desc}}
}

func closed(props object, extra ...member) object {
	o := object{{"type", "object"}, {"properties", props}, {"additionalProperties", false}}
	return append(o, extra...)
}

// common are the keys every entity record has.
func common(what string) object {
	return object{
		{"title", text("The " + what + "'s name as shown on pages.")},
		{"name", text("Another key for title.")},
		{"aliases", names("Other names or spellings that link to this " + what + ".")},
		{"summary", text("One sentence; else the first paragraph of the body.")},
		{"params", params()},
	}
}

func eventProps(inline bool) object {
	p := common("event")
	if inline {
		p = append(object{{"id", object{{"type", "string"}, {"pattern", "^[a-z0-9-]+$"}, {"description", "The event's id: lower-case letters, digits and -."}}}}, p...)
	}
	return append(p,
		member{"date", date("When it happened or will happen.")},
		member{"end", date("The last day, for an event over several days.")},
		member{"place", text("City or venue.")},
		member{"parent", text("The id of an event this one is part of.")},
		member{"status", object{{"enum", []string{"held", "scheduled", "postponed", "cancelled"}}, {"description", "schema.org eventStatus; default held."}}},
		member{"actors", names("Who took part: actor ids, names or aliases.")},
		member{"topics", names("Topic ids or names.")},
	)
}

func article() object {
	quote := closed(object{
		{"by", text("The actor who said it: an id, name or alias.")},
		{"text", text("The words, verbatim.")},
		{"said", date("When it was said.")},
		{"event", text("The id of the event where it was said.")},
		{"lang", language("BCP 47 tag of the quote's language.")},
	}, member{"required", []string{"by", "text"}})
	inline := closed(eventProps(true), member{"required", []string{"id"}})
	events := object{{"description", "Event ids, or inline event records."}, {"anyOf", []any{
		object{{"type", "string"}},
		inline,
		object{{"type", "array"}, {"items", object{{"anyOf", []any{object{{"type", "string"}, {"minLength", 1}}, inline}}}}},
	}}}
	return closed(object{
		{"title", text("The editor's headline for the entry.")},
		{"date", date("Publication date: 2025-08-22, 2025-08, 2025 or RFC 3339; a trailing ? marks it uncertain, ~ approximate.")},
		{"source", text("The outlet that published it: a source id, name or alias.")},
		{"url", httpURL("The original article.")},
		{"language", language("BCP 47 tag of the original publication (default: the site's language).")},
		{"summary", text("One sentence; else the first paragraph.")},
		{"slug", object{{"type", "string"}, {"pattern", "^[a-z0-9-]+$"}, {"description", "Overrides the file name in the URL."}}},
		{"actors", names("People and organisations it concerns: ids, names or aliases.")},
		{"topics", names("Topic ids or names.")},
		{"cites", names("Outlets this report relies on.")},
		{"draft", object{{"type", "boolean"}, {"description", "Excluded from builds unless -drafts; a draft may leave source empty."}}},
		{"params", params()},
		{"events", events},
		{"quotes", object{{"type", "array"}, {"items", quote}, {"description", "Who said what."}}},
	},
		member{"required", []string{"title", "date"}},
		// A draft may leave source empty; anything else needs one.
		member{"if", object{{"properties", object{{"draft", object{{"const", true}}}}}, {"required", []string{"draft"}}}},
		member{"else", object{{"required", []string{"source"}}}},
	)
}

func actor() object {
	role := closed(object{
		{"title", text("The office or role.")},
		{"from", date("When it began.")},
		{"to", date("When it ended.")},
	}, member{"required", []string{"title"}})
	return closed(append(common("actor"),
		member{"kind", object{{"enum", []string{"person", "organisation", "organization", "state"}}, {"description", "What the actor is."}}},
		member{"country", text("The actor's country.")},
		member{"roles", object{{"type", "array"}, {"items", object{{"anyOf", []any{object{{"type", "string"}}, role}}}}, {"description", "Offices held: {title, from, to}."}}},
	))
}

func source() object {
	return closed(append(common("source"),
		member{"url", httpURL("The outlet's home page.")},
		member{"country", text("Where it is based.")},
		member{"kind", text("Wire agency, newspaper, broadcaster, state media, aggregator, …")},
		member{"language", language("BCP 47 tag of its main language.")},
		member{"owner", text("Who owns or funds it.")},
	))
}

func site() object {
	positive := object{{"type", "integer"}, {"minimum", 1}}
	return closed(object{
		{"title", text("The site's title.")},
		{"description", text("One or two sentences about the site.")},
		{"language", language("BCP 47 tag of the site's language (default en).")},
		{"author", text("Who edits the site.")},
		{"copyright", text("The copyright notice.")},
		{"base_url", object{{"type", "string"}, {"pattern", `^([Hh][Tt][Tt][Pp][Ss]?://[^/?#]+)?/[^?#]*$`}, {"description", "Where the site is published, e.g. https://example.org/annals/."}}},
		{"limits", closed(object{
			{"max_bytes", append(positive, member{"description", "Largest entry file, in bytes (default 65536)."})},
			{"max_depth", append(positive, member{"description", "Deepest nesting of lists and quotes (default 32)."})},
		})},
		{"params", params()},
	})
}

// For returns the schema of a kind's front matter, indented JSON ending in
// a newline.
func For(kind string) ([]byte, error) {
	var body object
	file := "content/" + kind + "s/*.md"
	switch kind {
	case "article":
		body, file = article(), "content/articles/**/*.md"
	case "event":
		body = closed(eventProps(false))
	case "actor":
		body = actor()
	case "topic":
		body = closed(common("topic"))
	case "source":
		body = source()
	case "site":
		body, file = site(), "content/_index.md"
	default:
		return nil, fmt.Errorf("unknown kind %q (%s)", kind, strings.Join(Kinds, ", "))
	}
	head := object{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"title", "Annals " + kind + " front matter"},
		{"description", "The YAML front matter of " + file + ", as annals check reads it."},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(append(head, body...)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
