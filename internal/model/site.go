package model

import (
	"iter"
	"strings"
)

// Kind names a kind of page-bearing thing in a site.
type Kind string

// The kinds; their values are also the URL folders and content folders.
const (
	KindArticle Kind = "articles"
	KindEvent   Kind = "events"
	KindActor   Kind = "actors"
	KindTopic   Kind = "topics"
	KindSource  Kind = "sources"
)

// EntityKinds are the kinds that a name in front matter or a wikilink can
// refer to, in the order a bare [[Name]] is looked up.
var EntityKinds = []Kind{KindActor, KindEvent, KindTopic, KindSource}

// Settings are the site settings from content/_index.md.
type Settings struct {
	Title       string
	Description string
	BaseURL     string // absolute, ends in "/"
	Language    string // BCP 47, default "en"
	Author      string
	Copyright   string
	Limits      Limits
	Params      map[string]any
}

// Limits bound what one entry may make the markdown parser do, so hostile
// input is refused with a clear error instead of stalling a build.
type Limits struct {
	MaxBytes int // size of one entry file; default 64 KiB
	MaxDepth int // nesting of lists and quotes; default 32
}

// DefaultLimits are the SPEC's limits.
var DefaultLimits = Limits{MaxBytes: 64 << 10, MaxDepth: 32}

// Entity is what every event, actor, topic and source has.
type Entity struct {
	Kind    Kind
	ID      string // the slug: file name of its record, or folded name
	Name    string // shown name
	Aliases []string
	Summary string // plain text
	// SummaryFromBody is set when Summary was taken from the body's first
	// paragraph, so pages do not show the same sentence twice.
	SummaryFromBody bool
	Body            string // rendered HTML of the record's body, "" if none
	Params          map[string]any
	// Record is where the entity's record file is; Record.Path is "" for an
	// entity created from a name in an article.
	Record Pos
	// FirstSeen is where the entity was first named (its record, or the
	// first article in timeline order that named it).
	FirstSeen Pos
}

// Ref identifies an entity across kinds.
func (e *Entity) Ref() EntityRef { return EntityRef{Kind: e.Kind, ID: e.ID} }

// EntityRef is a kind and an id.
type EntityRef struct {
	Kind Kind
	ID   string
}

// Event is something that happened (or is scheduled) at a date.
type Event struct {
	Entity
	Date     Date
	End      Date // zero when a single date
	Place    string
	Status   string // scheduled, held, postponed, cancelled
	Actors   []*Actor
	Topics   []*Topic
	Parent   *Event
	Children []*Event // in timeline order
}

// Event statuses (schema.org EventStatusType).
const (
	StatusHeld      = "held"
	StatusScheduled = "scheduled"
	StatusPostponed = "postponed"
	StatusCancelled = "cancelled"
)

// Role is an office an actor held, as the articles describe it.
type Role struct {
	Title string
	From  Date
	To    Date
}

// Actor is a person, organisation or state.
type Actor struct {
	Entity
	Type    string // person, organisation, state; "" when unknown
	Roles   []Role
	Country string
}

// Topic is a subject that articles and events concern.
type Topic struct {
	Entity
}

// Source is an outlet that publishes or is cited.
type Source struct {
	Entity
	URL      string
	Country  string
	Type     string // wire agency, newspaper, broadcaster, state media, aggregator …
	Language string
	Owner    string
}

// Quote is an attributed statement in an article.
type Quote struct {
	By    *Actor
	Text  string
	Said  Date // zero when not given
	Event *Event
	Lang  string // language of the quote when not the article's
	Pos   Pos
}

// Article is one annotated news article.
type Article struct {
	Slug     string
	Path     string // site-relative path of its file
	Pos      Pos    // position of its front matter
	Title    string
	Date     Date
	Source   *Source // nil only for drafts
	URL      string
	Language string
	Summary  string // plain text
	// SummaryFromBody is set when Summary was taken from the body.
	SummaryFromBody bool
	Actors          []*Actor
	Topics          []*Topic
	Events          []*Event
	Cites           []*Source
	Quotes          []*Quote
	Draft           bool
	Params          map[string]any
	// Body appends the body's HTML to dst. Bodies are rendered when their
	// page is written, not held, so memory grows with a site's metadata
	// rather than its text; nil means no body.
	Body  func(dst []byte) ([]byte, error)
	Links []EntityRef // entities linked from the body, in order of first link
}

// Site is a whole resolved site: every entity once, every reference a pointer.
type Site struct {
	Settings Settings
	Intro    string     // rendered HTML of _index.md's body
	Articles []*Article // timeline order
	Events   []*Event   // timeline order
	Actors   []*Actor   // by id
	Topics   []*Topic   // by id
	Sources  []*Source  // by id
}

// HTML renders the article's body, or gives "" when it has none.
func (a *Article) HTML() (string, error) {
	b, err := a.AppendHTML(nil)
	return string(b), err
}

// AppendHTML appends the article's body to dst, as HTML.
func (a *Article) AppendHTML(dst []byte) ([]byte, error) {
	if a.Body == nil {
		return dst, nil
	}
	return a.Body(dst)
}

// Entities yields every entity of the site: its events, then actors,
// topics and sources, each in the site's order.
func (s *Site) Entities() iter.Seq[*Entity] {
	return func(yield func(*Entity) bool) {
		_ = yieldEntities(s.Events, yield) && yieldEntities(s.Actors, yield) &&
			yieldEntities(s.Topics, yield) && yieldEntities(s.Sources, yield)
	}
}

// entity is how the kinds of entity, which embed Entity, give it.
func (e *Entity) entity() *Entity { return e }

// yieldEntities yields the Entity of each of xs, and reports false when
// yield asked to stop.
func yieldEntities[T interface{ entity() *Entity }](xs []T, yield func(*Entity) bool) bool {
	for _, x := range xs {
		if !yield(x.entity()) {
			return false
		}
	}
	return true
}

// Refs yields each entity the article names: its source, actors, topics,
// cited outlets, events, the speakers and occasions of its quotes, and
// then the links of its body, in that order, repeats included.
func (a *Article) Refs() iter.Seq[EntityRef] {
	return func(yield func(EntityRef) bool) {
		if a.Source != nil && !yield(a.Source.Ref()) {
			return
		}
		if !yieldRefs(a.Actors, yield) || !yieldRefs(a.Topics, yield) || !yieldRefs(a.Cites, yield) || !yieldRefs(a.Events, yield) {
			return
		}
		for _, q := range a.Quotes {
			if q.By != nil && !yield(q.By.Ref()) {
				return
			}
			if q.Event != nil && !yield(q.Event.Ref()) {
				return
			}
		}
		for _, l := range a.Links {
			if !yield(l) {
				return
			}
		}
	}
}

// Named yields the entities an event's record names: its actors, then
// its topics.
func (e *Event) Named() iter.Seq[EntityRef] {
	return func(yield func(EntityRef) bool) {
		_ = yieldRefs(e.Actors, yield) && yieldRefs(e.Topics, yield)
	}
}

// Referrer is anything with an entity reference: an entity of any kind.
type Referrer interface{ Ref() EntityRef }

// RefsOf are the references of xs, in order.
func RefsOf[T Referrer](xs []T) []EntityRef {
	out := make([]EntityRef, len(xs))
	for i, x := range xs {
		out[i] = x.Ref()
	}
	return out
}

// yieldRefs yields the reference of each of xs, and reports false when
// yield asked to stop.
func yieldRefs[T Referrer](xs []T, yield func(EntityRef) bool) bool {
	for _, x := range xs {
		if !yield(x.Ref()) {
			return false
		}
	}
	return true
}

// CompareArticles is timeline order for articles: date, finer precision
// first, then title, then path.
func CompareArticles(a, b *Article) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}

// CompareEvents is timeline order for events: date, finer precision first,
// then title, then id.
func CompareEvents(a, b *Event) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if c := strings.Compare(a.Name, b.Name); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}
