package timeline

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/annals/annals/internal/model"
)

// Patch returns the index of s, a site that is ix's but for one article,
// changed from old to cur (the same file; every entity as it was), as
// Build would make it. Only what the article is part of is made again:
// the lists that held or hold it, the counts it adds to, its entry and
// those of its events; the rest is shared with ix, which is left as it
// was, so the two can still be compared.
func Patch(ix *Index, s *model.Site, old, cur *model.Article) *Index {
	n := &Index{
		Site:          s,
		Mentions:      maps.Clone(ix.Mentions),
		Coverage:      maps.Clone(ix.Coverage),
		EventsOf:      maps.Clone(ix.EventsOf),
		QuotesBy:      maps.Clone(ix.QuotesBy),
		Published:     maps.Clone(ix.Published),
		Cites:         maps.Clone(ix.Cites),
		CitedBy:       maps.Clone(ix.CitedBy),
		CoActors:      maps.Clone(ix.CoActors),
		RelatedTopics: maps.Clone(ix.RelatedTopics),
	}
	for _, ref := range mentioned(s, old) {
		drop(n.Mentions, ref, old)
	}
	for _, ref := range mentioned(s, cur) {
		put(n.Mentions, ref, cur)
	}
	for _, e := range old.Events {
		drop(n.Coverage, e, old)
	}
	for _, e := range cur.Events {
		put(n.Coverage, e, cur)
	}
	if old.Source != nil {
		drop(n.Published, old.Source, old)
	}
	if cur.Source != nil {
		put(n.Published, cur.Source, cur)
	}

	// Quotes: the article's are taken out and put back, then each list
	// sorted as Build sorts it; a stable sort keeps an article's own
	// quotes, which alone compare equal, in their order.
	speakers := map[*model.Actor]bool{}
	for _, a := range []*model.Article{old, cur} {
		for _, q := range a.Quotes {
			if q.By != nil {
				speakers[q.By] = true
			}
		}
	}
	for by := range speakers {
		qs := slices.DeleteFunc(slices.Clone(n.QuotesBy[by]), func(q QuoteRef) bool { return q.Article == old })
		for _, q := range cur.Quotes {
			if q.By == by {
				qs = append(qs, QuoteRef{Quote: q, Article: cur})
			}
		}
		slices.SortStableFunc(qs, compareQuotes)
		if len(qs) == 0 {
			delete(n.QuotesBy, by)
		} else {
			n.QuotesBy[by] = qs
		}
	}

	// Events of actors and topics, found again for those the article
	// names when it reports events.
	if len(old.Events)+len(cur.Events) > 0 {
		refs := map[model.EntityRef]bool{}
		for _, a := range []*model.Article{old, cur} {
			for _, x := range a.Actors {
				refs[x.Ref()] = true
			}
			for _, x := range a.Topics {
				refs[x.Ref()] = true
			}
		}
		for ref := range refs {
			n.eventsOf(ref)
		}
	}

	// Counts between sources, actors and topics: the article's pairs are
	// taken away and added again.
	cites, citedBy := map[*model.Source]map[*model.Source]int{}, map[*model.Source]map[*model.Source]int{}
	co, related := map[*model.Actor]map[*model.Actor]int{}, map[*model.Topic]map[*model.Topic]int{}
	for _, x := range []struct {
		a *model.Article
		d int
	}{{old, -1}, {cur, 1}} {
		a := x.a
		for _, c := range a.Cites {
			if a.Source != nil && c != a.Source {
				add(cites, a.Source, c, x.d)
				add(citedBy, c, a.Source, x.d)
			}
		}
		for _, p := range a.Actors {
			for _, q := range a.Actors {
				if p != q {
					add(co, p, q, x.d)
				}
			}
		}
		for _, p := range a.Topics {
			for _, q := range a.Topics {
				if p != q {
					add(related, p, q, x.d)
				}
			}
		}
	}
	byID := func(a, b *model.Source) int { return strings.Compare(a.ID, b.ID) }
	recount(n.Cites, cites, byID)
	recount(n.CitedBy, citedBy, byID)
	recount(n.CoActors, co, func(a, b *model.Actor) int { return strings.Compare(a.ID, b.ID) })
	recount(n.RelatedTopics, related, func(a, b *model.Topic) int { return strings.Compare(a.ID, b.ID) })

	// The timeline: the article's entry moves, its events' entries list
	// their new coverage; the years are laid out again.
	events := map[*model.Event]bool{}
	for _, e := range slices.Concat(old.Events, cur.Events) {
		events[e] = true
	}
	n.Entries = make([]*Entry, 0, len(ix.Entries)+1)
	for _, e := range ix.Entries {
		switch {
		case e.Article == old:
		case e.Event != nil && events[e.Event]:
			n.Entries = append(n.Entries, &Entry{Event: e.Event, Articles: n.Coverage[e.Event]})
		default:
			n.Entries = append(n.Entries, e)
		}
	}
	if len(cur.Events) == 0 {
		e := &Entry{Article: cur}
		at, _ := slices.BinarySearchFunc(n.Entries, e, compareEntries)
		n.Entries = slices.Insert(n.Entries, at, e)
	}
	n.group()
	return n
}

// mentioned are the entities an article mentions, once each, as Build
// counts them.
func mentioned(s *model.Site, a *model.Article) []model.EntityRef {
	var out []model.EntityRef
	seen := map[model.EntityRef]bool{}
	for ref := range a.Refs() {
		// Build counts a link only to an entity the site has; what the
		// front matter names always is one.
		if !seen[ref] && (!slices.Contains(a.Links, ref) || has(s, ref)) {
			seen[ref] = true
			out = append(out, ref)
		}
	}
	return out
}

// has reports whether s has the entity ref, as Entities would find it.
func has(s *model.Site, ref model.EntityRef) bool {
	find := func(n int, id func(int) string) bool {
		for i := range n {
			if id(i) == ref.ID {
				return true
			}
		}
		return false
	}
	switch ref.Kind {
	case model.KindActor:
		return find(len(s.Actors), func(i int) string { return s.Actors[i].ID })
	case model.KindTopic:
		return find(len(s.Topics), func(i int) string { return s.Topics[i].ID })
	case model.KindSource:
		return find(len(s.Sources), func(i int) string { return s.Sources[i].ID })
	case model.KindEvent:
		return find(len(s.Events), func(i int) string { return s.Events[i].ID })
	}
	return false
}

// drop takes a out of the list of k; put puts it in, in timeline order.
// Both make a new list, as the old index still holds the old one.
func drop[K comparable](m map[K][]*model.Article, k K, a *model.Article) {
	l := slices.DeleteFunc(slices.Clone(m[k]), func(x *model.Article) bool { return x == a })
	if len(l) == 0 {
		delete(m, k)
		return
	}
	m[k] = l
}

func put[K comparable](m map[K][]*model.Article, k K, a *model.Article) {
	l := m[k]
	at, _ := slices.BinarySearchFunc(l, a, model.CompareArticles)
	m[k] = slices.Insert(slices.Clip(l), at, a)
}

// eventsOf finds again the events an actor or topic takes part in.
func (ix *Index) eventsOf(ref model.EntityRef) {
	set := map[*model.Event]bool{}
	for _, a := range ix.Mentions[ref] {
		named := false
		for _, x := range a.Actors {
			named = named || x.Ref() == ref
		}
		for _, x := range a.Topics {
			named = named || x.Ref() == ref
		}
		if named {
			for _, e := range a.Events {
				set[e] = true
			}
		}
	}
	for _, e := range ix.Site.Events {
		for x := range e.Named() {
			if x == ref {
				set[e] = true
			}
		}
	}
	if len(set) == 0 {
		delete(ix.EventsOf, ref)
		return
	}
	evs := slices.Collect(maps.Keys(set))
	slices.SortFunc(evs, model.CompareEvents)
	ix.EventsOf[ref] = evs
}

func add[K comparable](m map[K]map[K]int, a, b K, d int) {
	if m[a] == nil {
		m[a] = map[K]int{}
	}
	m[a][b] += d
}

// recount applies changes of counts to ranked lists, dropping what falls
// to nothing, as Build would not have made it.
func recount[K comparable](lists map[K][]Count[K], changes map[K]map[K]int, byID func(a, b K) int) {
	for k, ch := range changes {
		counts := map[K]int{}
		for _, c := range lists[k] {
			counts[c.Item] = c.N
		}
		for x, d := range ch {
			counts[x] += d
		}
		maps.DeleteFunc(counts, func(_ K, n int) bool { return n <= 0 })
		if len(counts) == 0 {
			delete(lists, k)
			continue
		}
		lists[k] = ranked(map[K]map[K]int{k: counts}, byID)[k]
	}
}

// compareQuotes is the order of an actor's quotes.
func compareQuotes(a, b QuoteRef) int {
	return cmp.Or(quoteDate(a).Compare(quoteDate(b)), model.CompareArticles(a.Article, b.Article))
}
