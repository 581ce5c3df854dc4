package render

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/annals/annals/internal/model"
)

// Tags are what a listed item can be filtered by, written as data
// attributes; each is a space-separated list of ids. The script only
// hides and shows items, so without it every item stays visible.
type Tags struct {
	Actor  string
	Topic  string
	Source string
	Year   string
	Status string
}

// Facet is one filter control: a kind of tag and the values found on the
// page, with how many items carry each.
type Facet struct {
	Key     string // data attribute suffix and query parameter: "actor"
	Label   string
	Options []Option
}

// Option is one value of a facet.
type Option struct {
	Value string
	Text  string
	N     int
}

// FilterData is the filter form of a listing page.
type FilterData struct {
	Facets []Facet
	Total  int
	Noun   string // "entries", "events" …
}

// tagger collects tag values for one item, most frequent first, capped.
// Entity listings tag an entity with all its articles': the counts are
// kept by facet in an array, and years as numbers until the end, as
// these were a map lookup and a string made per article counted.
type tagger struct {
	counts [facetCount]map[string]int
	years  map[int]int
}

// facet is one of the facets items are tagged by.
type facet int

const (
	facetActor facet = iota
	facetTopic
	facetSource
	facetYear
	facetStatus
	facetCount
)

func newTagger() *tagger { return &tagger{} }

func (t *tagger) add(f facet, value string) {
	if value == "" {
		return
	}
	if t.counts[f] == nil {
		t.counts[f] = map[string]int{}
	}
	t.counts[f][value]++
}

func (t *tagger) entity(e *model.Entity) {
	if e == nil {
		return
	}
	switch e.Kind {
	case model.KindActor:
		t.add(facetActor, e.ID)
	case model.KindTopic:
		t.add(facetTopic, e.ID)
	case model.KindSource:
		t.add(facetSource, e.ID)
	}
}

func (t *tagger) date(d model.Date) {
	if d.IsZero() {
		return
	}
	if t.years == nil {
		t.years = map[int]int{}
	}
	t.years[d.Year]++
}

// article adds what an article is about and who published it.
func (t *tagger) article(a *model.Article) {
	for _, x := range a.Actors {
		t.add(facetActor, x.ID)
	}
	for _, x := range a.Topics {
		t.add(facetTopic, x.ID)
	}
	if a.Source != nil {
		t.add(facetSource, a.Source.ID)
	}
	t.date(a.Date)
}

func (t *tagger) list(f facet) string {
	m := t.counts[f]
	vals := make([]string, 0, len(m))
	for v := range m {
		vals = append(vals, v)
	}
	slices.SortFunc(vals, func(a, b string) int {
		if c := cmp.Compare(m[b], m[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	if len(vals) > itemFacetCap {
		vals = vals[:itemFacetCap]
	}
	slices.Sort(vals)
	return strings.Join(vals, " ")
}

func (t *tagger) tags() Tags {
	if len(t.years) > 0 {
		t.counts[facetYear] = make(map[string]int, len(t.years))
		for y, n := range t.years {
			t.counts[facetYear][strconv.Itoa(y)] = n
		}
	}
	return Tags{Actor: t.list(facetActor), Topic: t.list(facetTopic), Source: t.list(facetSource), Year: t.list(facetYear), Status: t.list(facetStatus)}
}

// facetLabels name the facets in the order the form shows them.
var facetLabels = []struct{ key, label string }{
	{"year", "Year"}, {"actor", "Actor"}, {"topic", "Topic"}, {"source", "Source"}, {"status", "Status"},
}

// filters builds the filter form for a page's items from their tags; a
// facet with fewer than two values filters nothing and is left out.
func (v *view) filters(noun string, tags []Tags) *FilterData {
	if len(tags) < 2 {
		return nil
	}
	counts := map[string]map[string]int{}
	for _, t := range tags {
		for key, list := range map[string]string{"actor": t.Actor, "topic": t.Topic, "source": t.Source, "year": t.Year, "status": t.Status} {
			for _, val := range strings.Fields(list) {
				if counts[key] == nil {
					counts[key] = map[string]int{}
				}
				counts[key][val]++
			}
		}
	}
	fd := &FilterData{Total: len(tags), Noun: noun}
	for _, f := range facetLabels {
		m := counts[f.key]
		if len(m) < 2 {
			continue
		}
		facet := Facet{Key: f.key, Label: f.label}
		for val, n := range m {
			facet.Options = append(facet.Options, Option{Value: val, Text: v.tagText(f.key, val), N: n})
		}
		// The most used values, ties by value: the options come from a
		// map, and the cut must not depend on its order.
		slices.SortFunc(facet.Options, func(a, b Option) int {
			if c := cmp.Compare(b.N, a.N); c != 0 {
				return c
			}
			return strings.Compare(a.Value, b.Value)
		})
		if len(facet.Options) > facetCap {
			facet.Options = facet.Options[:facetCap]
		}
		slices.SortFunc(facet.Options, func(a, b Option) int {
			if c := compareLower(a.Text, b.Text); c != 0 {
				return c
			}
			return strings.Compare(a.Value, b.Value)
		})
		fd.Facets = append(fd.Facets, facet)
	}
	if len(fd.Facets) == 0 {
		return nil
	}
	return fd
}

// tagText is what a filter option shows for a tag value.
func (v *view) tagText(key, val string) string {
	kind := map[string]model.Kind{"actor": model.KindActor, "topic": model.KindTopic, "source": model.KindSource}[key]
	if kind != "" {
		if e := v.entities[model.EntityRef{Kind: kind, ID: val}]; e != nil {
			return e.Name
		}
	}
	if key == "status" {
		return strings.ToUpper(val[:1]) + val[1:]
	}
	return val
}

// eventTags are an event's tags: its participants and topics as its record
// gives them (or, without a record's list, those of the articles reporting
// it, since a report names far more actors than took part), the speakers
// quoted at it, the outlets that reported it, its year and status.
func (v *view) eventTags(e *model.Event) Tags {
	// An event is listed on the pages of its actors, topics and reports,
	// and its tags walk all of its reports: they are found once a render,
	// and the live preview keeps them while no edit touches the event.
	if v.memo != nil {
		return v.memo.tags(e.Ref(), func() Tags { return v.findEventTags(e) })
	}
	if t, ok := v.eventTagsOf.Load(e); ok {
		return t.(Tags)
	}
	t := v.findEventTags(e)
	v.eventTagsOf.Store(e, t)
	return t
}

func (v *view) findEventTags(e *model.Event) Tags {
	t := newTagger()
	cov := v.ix.Coverage[e]
	for _, x := range e.Actors {
		t.add(facetActor, x.ID)
	}
	for _, x := range e.Topics {
		t.add(facetTopic, x.ID)
	}
	for _, a := range cov {
		if len(e.Actors) == 0 {
			for _, x := range a.Actors {
				t.add(facetActor, x.ID)
			}
		}
		if len(e.Topics) == 0 {
			for _, x := range a.Topics {
				t.add(facetTopic, x.ID)
			}
		}
		for _, q := range a.Quotes {
			if q.Event == e && q.By != nil {
				t.add(facetActor, q.By.ID)
			}
		}
		if a.Source != nil {
			t.add(facetSource, a.Source.ID)
		}
	}
	t.date(e.Date)
	t.add(facetStatus, e.Status)
	return t.tags()
}

func articleTags(a *model.Article) Tags {
	// What the tagger gives for one article, without its maps: each id
	// once, sorted. Rows of articles are the most common rows of a
	// site, and each took five maps. More ids than a row keeps are left
	// to the tagger, which keeps the most frequent.
	actors, ok := idList(len(a.Actors), func(i int) string { return a.Actors[i].ID })
	topics, ok2 := idList(len(a.Topics), func(i int) string { return a.Topics[i].ID })
	if !ok || !ok2 {
		t := newTagger()
		t.article(a)
		return t.tags()
	}
	tags := Tags{Actor: actors, Topic: topics}
	if a.Source != nil {
		tags.Source = a.Source.ID
	}
	if !a.Date.IsZero() {
		tags.Year = strconv.Itoa(a.Date.Year)
	}
	return tags
}

// idList joins n ids, each once and sorted; ok is false when they are
// more than itemFacetCap.
func idList(n int, id func(int) string) (string, bool) {
	switch n {
	case 0:
		return "", true
	case 1:
		return id(0), true
	}
	ids := make([]string, 0, 8)
	for i := range n {
		if v := id(i); v != "" {
			ids = append(ids, v)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > itemFacetCap {
		return "", false
	}
	return strings.Join(ids, " "), true
}

// entityTags are the tags of the articles that mention an entity, so an
// index of actors can be narrowed to those who appear with a topic, in a
// source or in a year; the entity's own kind is left out.
func (v *view) entityTags(e *model.Entity) Tags {
	if v.memo != nil {
		return v.memo.tags(e.Ref(), func() Tags { return v.entityTagsOf(e) })
	}
	return v.entityTagsOf(e)
}

func (v *view) entityTagsOf(e *model.Entity) Tags {
	t := newTagger()
	for _, a := range v.ix.Mentions[e.Ref()] {
		t.article(a)
	}
	switch e.Kind {
	case model.KindActor:
		t.counts[facetActor] = nil
	case model.KindTopic:
		t.counts[facetTopic] = nil
	case model.KindSource:
		t.counts[facetSource] = nil
	}
	return t.tags()
}

// compareLower compares a and b as strings.ToLower would leave them,
// without making the lowered copies.
func compareLower(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if c := cmp.Compare(unicode.ToLower(ra), unicode.ToLower(rb)); c != 0 {
			return c
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}
