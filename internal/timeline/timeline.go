// Package timeline orders a resolved site in time and builds, once per
// run, every index the pages need: what mentions each entity, the entries
// of each year and month, coverage of events, quotes by actor, citations
// between sources and co-appearing actors. It is pure: no I/O, no clock.
package timeline

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/annals/annals/internal/model"
)

// Entry is one row of the timeline: an event with the articles that report
// it, or an article that reports no event, at its own date.
type Entry struct {
	Event    *model.Event
	Article  *model.Article   // set when Event is nil
	Articles []*model.Article // for an event: its reports, timeline order
}

// Date is the date the entry sits at.
func (e *Entry) Date() model.Date {
	if e.Event != nil {
		return e.Event.Date
	}
	return e.Article.Date
}

// Title is the entry's heading.
func (e *Entry) Title() string {
	if e.Event != nil {
		return e.Event.Name
	}
	return e.Article.Title
}

// compareEntries is timeline order: date, title, then articles before
// events, by slug or id. Each step runs only on a tie, as sorting a
// large timeline calls it millions of times.
func compareEntries(a, b *Entry) int {
	if c := a.Date().Compare(b.Date()); c != 0 {
		return c
	}
	if c := strings.Compare(a.Title(), b.Title()); c != 0 {
		return c
	}
	switch {
	case a.Event == nil && b.Event == nil:
		return strings.Compare(a.Article.Slug, b.Article.Slug)
	case a.Event != nil && b.Event != nil:
		return strings.Compare(a.Event.ID, b.Event.ID)
	case a.Event == nil:
		return -1
	}
	return 1
}

// Month is the entries of one month of a year; Month 0 holds the entries
// dated only to the year.
type Month struct {
	Month   time.Month
	Entries []*Entry
}

// Year is the entries of one year, by month.
type Year struct {
	Year   int
	Months []*Month
	Count  int // entries
}

// QuoteRef is a quote with the article that carries it.
type QuoteRef struct {
	Quote   *model.Quote
	Article *model.Article
}

// Count is an entity with how often something happened with it.
type Count[T any] struct {
	Item T
	N    int
}

// Index is every view of a site the pages need, built once.
type Index struct {
	Site    *model.Site
	Entries []*Entry // the whole timeline, earliest first
	Years   []*Year  // earliest first

	// Mentions lists, for each entity, the articles that mention it in any
	// way (front matter, quotes, cites, events, links in the body).
	Mentions map[model.EntityRef][]*model.Article
	// Coverage lists the articles that report each event.
	Coverage map[*model.Event][]*model.Article
	// EventsOf lists the events each actor takes part in or each topic
	// concerns, by record or through the articles that report them.
	EventsOf map[model.EntityRef][]*model.Event
	// QuotesBy lists each actor's quotes in timeline order.
	QuotesBy map[*model.Actor][]QuoteRef
	// Published lists the articles each source published.
	Published map[*model.Source][]*model.Article
	// Cites counts the sources each source's articles rely on; CitedBy the
	// sources whose articles rely on it.
	Cites   map[*model.Source][]Count[*model.Source]
	CitedBy map[*model.Source][]Count[*model.Source]
	// CoActors counts the actors each actor appears with in articles.
	CoActors map[*model.Actor][]Count[*model.Actor]
	// RelatedTopics counts the topics that share articles with each topic.
	RelatedTopics map[*model.Topic][]Count[*model.Topic]
}

// Build indexes s. It expects s.Articles and s.Events in timeline order.
func Build(s *model.Site) *Index {
	ix := &Index{Site: s}
	// The parts of the index each read the site and fill maps of their
	// own, so they are built side by side: on one core, this stage was a
	// twentieth of a 100,000-article build.
	var wg sync.WaitGroup
	wg.Go(func() {
		ix.mentions()
		ix.entries()
	})
	wg.Go(ix.quotesAndCites)
	wg.Go(ix.together)
	wg.Wait()
	return ix
}

// mentions fills Mentions, Published, Coverage and EventsOf.
func (ix *Index) mentions() {
	s := ix.Site
	ix.Mentions = map[model.EntityRef][]*model.Article{}
	ix.Published = map[*model.Source][]*model.Article{}
	ix.Coverage = map[*model.Event][]*model.Article{}
	ix.EventsOf = map[model.EntityRef][]*model.Event{}
	eventsOf := map[model.EntityRef]map[*model.Event]bool{}
	addEvent := func(ref model.EntityRef, e *model.Event) {
		if eventsOf[ref] == nil {
			eventsOf[ref] = map[*model.Event]bool{}
		}
		eventsOf[ref][e] = true
	}
	entities := Entities(s)
	seen := map[model.EntityRef]bool{}
	for _, a := range s.Articles {
		clear(seen)
		for ref := range a.Refs() {
			// A link may name what the site does not have; it is
			// reported as broken, and mentions nothing.
			if !seen[ref] && entities[ref] != nil {
				seen[ref] = true
				ix.Mentions[ref] = append(ix.Mentions[ref], a)
			}
		}
		if a.Source != nil {
			ix.Published[a.Source] = append(ix.Published[a.Source], a)
		}
		for _, x := range a.Events {
			ix.Coverage[x] = append(ix.Coverage[x], a)
			for _, ac := range a.Actors {
				addEvent(ac.Ref(), x)
			}
			for _, t := range a.Topics {
				addEvent(t.Ref(), x)
			}
		}
	}
	for _, e := range s.Events {
		for ref := range e.Named() {
			addEvent(ref, e)
		}
	}
	for ref, set := range eventsOf {
		evs := make([]*model.Event, 0, len(set))
		for e := range set {
			evs = append(evs, e)
		}
		slices.SortFunc(evs, model.CompareEvents)
		ix.EventsOf[ref] = evs
	}
}

// quotesAndCites fills QuotesBy, Cites and CitedBy.
func (ix *Index) quotesAndCites() {
	ix.QuotesBy = map[*model.Actor][]QuoteRef{}
	cites := map[*model.Source]map[*model.Source]int{}
	citedBy := map[*model.Source]map[*model.Source]int{}
	for _, a := range ix.Site.Articles {
		for _, x := range a.Cites {
			if a.Source != nil && x != a.Source {
				inc(cites, a.Source, x)
				inc(citedBy, x, a.Source)
			}
		}
		for _, q := range a.Quotes {
			if q.By != nil {
				ix.QuotesBy[q.By] = append(ix.QuotesBy[q.By], QuoteRef{Quote: q, Article: a})
			}
		}
	}
	for actor, qs := range ix.QuotesBy {
		slices.SortStableFunc(qs, compareQuotes)
		ix.QuotesBy[actor] = qs
	}
	byID := func(a, b *model.Source) int { return strings.Compare(a.ID, b.ID) }
	ix.Cites = ranked(cites, byID)
	ix.CitedBy = ranked(citedBy, byID)
}

// together fills CoActors and RelatedTopics.
func (ix *Index) together() {
	co := map[*model.Actor]map[*model.Actor]int{}
	related := map[*model.Topic]map[*model.Topic]int{}
	for _, a := range ix.Site.Articles {
		for _, x := range a.Actors {
			for _, y := range a.Actors {
				if x != y {
					inc(co, x, y)
				}
			}
		}
		for _, x := range a.Topics {
			for _, y := range a.Topics {
				if x != y {
					inc(related, x, y)
				}
			}
		}
	}
	ix.CoActors = ranked(co, func(a, b *model.Actor) int { return strings.Compare(a.ID, b.ID) })
	ix.RelatedTopics = ranked(related, func(a, b *model.Topic) int { return strings.Compare(a.ID, b.ID) })
}

// quoteDate is when a quote was said: its own date, else its event's,
// else the article's.
func quoteDate(q QuoteRef) model.Date {
	switch {
	case !q.Quote.Said.IsZero():
		return q.Quote.Said
	case q.Quote.Event != nil:
		return q.Quote.Event.Date
	}
	return q.Article.Date
}

// QuoteDate is when a quote was said, as the pages show it.
func QuoteDate(q QuoteRef) model.Date { return quoteDate(q) }

func inc[K comparable](m map[K]map[K]int, a, b K) {
	if m[a] == nil {
		m[a] = map[K]int{}
	}
	m[a][b]++
}

// ranked turns counts into lists, most first, ties by id.
func ranked[K comparable](m map[K]map[K]int, byID func(a, b K) int) map[K][]Count[K] {
	out := make(map[K][]Count[K], len(m))
	for k, counts := range m {
		list := make([]Count[K], 0, len(counts))
		for x, n := range counts {
			list = append(list, Count[K]{Item: x, N: n})
		}
		slices.SortFunc(list, func(a, b Count[K]) int { return cmp.Or(cmp.Compare(b.N, a.N), byID(a.Item, b.Item)) })
		out[k] = list
	}
	return out
}

// Entities maps every entity of s by kind and id.
func Entities(s *model.Site) map[model.EntityRef]*model.Entity {
	m := make(map[model.EntityRef]*model.Entity, len(s.Actors)+len(s.Topics)+len(s.Sources)+len(s.Events))
	for e := range s.Entities() {
		m[e.Ref()] = e
	}
	return m
}

// entries lays out the timeline: every event with its coverage, and every
// article that reports no event at its own date.
func (ix *Index) entries() {
	for _, e := range ix.Site.Events {
		ix.Entries = append(ix.Entries, &Entry{Event: e, Articles: ix.Coverage[e]})
	}
	for _, a := range ix.Site.Articles {
		if len(a.Events) == 0 {
			ix.Entries = append(ix.Entries, &Entry{Article: a})
		}
	}
	slices.SortFunc(ix.Entries, compareEntries)
	ix.group()
}

// group lays the entries out by year and month.
func (ix *Index) group() {
	// Months are grouped by key, not by runs: a year-only date sorts among
	// the days of 1 January, so "month not known" entries interleave with
	// January's; month 0 is listed first.
	var year *Year
	var months map[time.Month]*Month
	for _, e := range ix.Entries {
		d := e.Date()
		if d.IsZero() {
			continue
		}
		if year == nil || year.Year != d.Year {
			year = &Year{Year: d.Year}
			ix.Years = append(ix.Years, year)
			months = map[time.Month]*Month{}
		}
		m := d.Month // 0 for year precision
		month, ok := months[m]
		if !ok {
			month = &Month{Month: m}
			months[m] = month
			year.Months = append(year.Months, month)
		}
		month.Entries = append(month.Entries, e)
		year.Count++
	}
	for _, y := range ix.Years {
		slices.SortFunc(y.Months, func(a, b *Month) int { return cmp.Compare(a.Month, b.Month) })
	}
}

// Year returns the year y, or nil.
func (ix *Index) Year(y int) *Year {
	i, ok := slices.BinarySearchFunc(ix.Years, y, func(x *Year, y int) int { return cmp.Compare(x.Year, y) })
	if !ok {
		return nil
	}
	return ix.Years[i]
}
