package render

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/timeline"
)

// Link is an href with the text to show.
type Link struct {
	Href string
	Text string
}

// SiteData is what every page shows of the site.
type SiteData struct {
	Title       string
	Description string
	Lang        string
	Home        string
	Copyright   string
	Generator   string
	Static      string // URL of the static folder, ends in "/"
	Feed        string
	Search      string // URL of the search index folder
	Nav         []Link
	Years       []Link
}

// PageData is the data of one HTML page. Exactly one of the kind fields
// (Home, Year, Article, …) is set, matching Kind.
type PageData struct {
	Site        *SiteData
	Kind        string
	Path        string // in-site path, "actors/x/"
	URL         string // site-absolute URL
	Canonical   string // full URL, "" when the base URL has no host
	Title       string
	Description string
	Lang        string
	JSONLD      template.JS
	Feed        string // this page's own Atom feed, if any
	Crumbs      []Link

	Home    *HomeData
	Year    *YearData
	Article *ArticleData
	Event   *EventData
	Actor   *ActorData
	Topic   *TopicData
	Source  *SourceData
	List    *ListData
}

// ArticleRef is an article as listed on other pages.
type ArticleRef struct {
	Link
	Date    model.Date
	Source  Link
	Summary string
}

// EntryData is one row of a timeline listing.
type EntryData struct {
	Link
	IsEvent  bool
	Date     model.Date
	End      model.Date
	Status   string
	Place    string
	Summary  string
	Parent   *Link
	Articles []ArticleRef
	Source   Link // for a lone article
	Actors   []Link
	Topics   []Link
}

// HomeData is the front page.
type HomeData struct {
	Intro    template.HTML
	Latest   []EntryData
	Years    []YearLink
	Articles int
	Events   int
	Actors   int
	Sources  int
}

// YearLink is a year with how much it holds.
type YearLink struct {
	Link
	Year  int
	Count int
}

// MonthData is one month of a year page.
type MonthData struct {
	ID      string // fragment id, "m08" or "undated"
	Name    string
	Entries []EntryData
}

// YearData is one year of the timeline.
type YearData struct {
	Year   int
	Months []MonthData
	Prev   *Link
	Next   *Link
	Latest *Link
}

// QuoteData is a quote as shown on pages.
type QuoteData struct {
	Text    string
	Lang    string
	By      Link
	Event   *Link
	Date    model.Date
	Article Link
	Source  Link
}

// ArticleData is an article's page.
type ArticleData struct {
	A      *model.Article
	Body   template.HTML
	Source Link
	Actors []Link
	Topics []Link
	Events []EntryData
	Cites  []Link
	Quotes []QuoteData
	Links  []Link // entities linked in the body
}

// CountLink is an entity with a count.
type CountLink struct {
	Link
	N int
}

// CoverageRow is one report of an event.
type CoverageRow struct {
	Article ArticleRef
	Cites   []Link
	First   bool
}

// EventData is an event's page.
type EventData struct {
	E        *model.Event
	Body     template.HTML
	Parent   *Link
	Children []EntryData
	Actors   []Link
	Topics   []Link
	Coverage []CoverageRow
	Quotes   []QuoteData
	Mentions []ArticleRef
}

// RoleData is a role with its span in words.
type RoleData struct {
	Title string
	From  model.Date
	To    model.Date
}

// ActorData is an actor's page.
type ActorData struct {
	A        *model.Actor
	Body     template.HTML
	Roles    []RoleData
	Quotes   []QuoteData
	Articles []ArticleRef
	Events   []EntryData
	CoActors []CountLink
}

// TopicData is a topic's page.
type TopicData struct {
	T        *model.Topic
	Body     template.HTML
	Events   []EntryData
	Articles []ArticleRef
	Related  []CountLink
}

// SourceData is a source's page.
type SourceData struct {
	S         *model.Source
	Body      template.HTML
	Published []ArticleRef
	CitedIn   []ArticleRef // articles of other outlets that rely on it
	Cites     []CountLink
	CitedBy   []CountLink
}

// ListItem is one entry of a kind's index.
type ListItem struct {
	Link
	Summary string
	Date    model.Date
	Meta    string
	N       int
}

// ListData is the index of one kind.
type ListData struct {
	Kind  string
	Intro string
	Items []ListItem
}

// view builds page data from an index; URLs come only from urls.
type view struct {
	ix   *timeline.Index
	urls URLs
	site *SiteData
}

func newView(ix *timeline.Index, version string) *view {
	s := ix.Site.Settings
	u := NewURLs(s.BaseURL)
	v := &view{ix: ix, urls: u}
	v.site = &SiteData{
		Title: s.Title, Description: s.Description, Lang: s.Language,
		Home: u.Home(), Copyright: s.Copyright, Generator: "Annals " + version,
		Static: u.Rel("assets/"), Feed: u.Rel("feed.xml"), Search: u.Rel("search/"),
		Nav: []Link{
			{u.Home(), "Timeline"},
			{u.Rel("events/"), "Events"},
			{u.Rel("actors/"), "Actors"},
			{u.Rel("topics/"), "Topics"},
			{u.Rel("sources/"), "Sources"},
			{u.Rel("articles/"), "Articles"},
		},
	}
	for _, y := range ix.Years {
		v.site.Years = append(v.site.Years, Link{u.Rel(YearPath(y.Year)), strconv.Itoa(y.Year)})
	}
	return v
}

func (v *view) page(kind, p, title, desc string) *PageData {
	pd := &PageData{
		Site: v.site, Kind: kind, Path: p, URL: v.urls.Rel(p),
		Title: title, Description: desc, Lang: v.site.Lang,
	}
	if v.urls.HasOrigin() {
		pd.Canonical = v.urls.Abs(p)
	}
	return pd
}

func (v *view) link(x any, text string) Link { return Link{v.urls.Rel(pathOf(x)), text} }

func (v *view) source(s *model.Source) Link {
	if s == nil {
		return Link{}
	}
	return v.link(s, s.Name)
}

func (v *view) articleRef(a *model.Article) ArticleRef {
	return ArticleRef{Link: v.link(a, a.Title), Date: a.Date, Source: v.source(a.Source), Summary: a.Summary}
}

func (v *view) articleRefs(as []*model.Article) []ArticleRef {
	out := make([]ArticleRef, len(as))
	for i, a := range as {
		out[i] = v.articleRef(a)
	}
	return out
}

func actorLinks[T interface {
	*model.Actor | *model.Topic | *model.Source
}](v *view, xs []T) []Link {
	out := make([]Link, 0, len(xs))
	for _, x := range xs {
		var e *model.Entity
		switch y := any(x).(type) {
		case *model.Actor:
			e = &y.Entity
		case *model.Topic:
			e = &y.Entity
		case *model.Source:
			e = &y.Entity
		}
		out = append(out, v.link(e, e.Name))
	}
	return out
}

func (v *view) eventEntry(e *model.Event, withArticles bool) EntryData {
	d := EntryData{
		Link: v.link(e, e.Name), IsEvent: true, Date: e.Date, End: e.End,
		Status: e.Status, Place: e.Place, Summary: e.Summary,
		Actors: actorLinks(v, e.Actors), Topics: actorLinks(v, e.Topics),
	}
	if e.Parent != nil {
		l := v.link(e.Parent, e.Parent.Name)
		d.Parent = &l
	}
	if withArticles {
		d.Articles = v.articleRefs(v.ix.Coverage[e])
	}
	return d
}

func (v *view) entry(e *timeline.Entry) EntryData {
	if e.Event != nil {
		return v.eventEntry(e.Event, true)
	}
	a := e.Article
	return EntryData{Link: v.link(a, a.Title), Date: a.Date, Summary: a.Summary, Source: v.source(a.Source)}
}

func (v *view) quote(q timeline.QuoteRef) QuoteData {
	d := QuoteData{
		Text: q.Quote.Text, Lang: q.Quote.Lang, Date: timeline.QuoteDate(q),
		Article: v.link(q.Article, q.Article.Title), Source: v.source(q.Article.Source),
	}
	if q.Quote.By != nil {
		d.By = v.link(q.Quote.By, q.Quote.By.Name)
	}
	if q.Quote.Event != nil {
		l := v.link(q.Quote.Event, q.Quote.Event.Name)
		d.Event = &l
	}
	return d
}

// latest is how many timeline entries the home page shows.
const latest = 12

func (v *view) home() *PageData {
	s := v.ix.Site
	p := v.page("home", "", s.Settings.Title, s.Settings.Description)
	h := &HomeData{Intro: template.HTML(s.Intro), Articles: len(s.Articles), Events: len(s.Events), Actors: len(s.Actors), Sources: len(s.Sources)}
	entries := v.ix.Entries
	for i := len(entries) - 1; i >= 0 && len(h.Latest) < latest; i-- {
		h.Latest = append(h.Latest, v.entry(entries[i]))
	}
	for _, y := range v.ix.Years {
		h.Years = append(h.Years, YearLink{Link: v.link(y.Year, strconv.Itoa(y.Year)), Year: y.Year, Count: y.Count})
	}
	p.Home = h
	p.JSONLD = v.websiteLD()
	return p
}

func (v *view) year(i int) *PageData {
	y := v.ix.Years[i]
	title := strconv.Itoa(y.Year)
	p := v.page("year", YearPath(y.Year), title, "The timeline of "+title+": events and the articles that report them.")
	p.Crumbs = []Link{{v.urls.Home(), "Timeline"}}
	d := &YearData{Year: y.Year}
	if i > 0 {
		l := v.link(v.ix.Years[i-1].Year, strconv.Itoa(v.ix.Years[i-1].Year))
		d.Prev = &l
	}
	if i+1 < len(v.ix.Years) {
		l := v.link(v.ix.Years[i+1].Year, strconv.Itoa(v.ix.Years[i+1].Year))
		d.Next = &l
		last := v.ix.Years[len(v.ix.Years)-1].Year
		ll := v.link(last, strconv.Itoa(last))
		d.Latest = &ll
	}
	for _, m := range y.Months {
		md := MonthData{ID: "undated", Name: "Month not known"}
		if m.Month != 0 {
			md.ID = "m" + twoDigits(int(m.Month))
			md.Name = m.Month.String()
		}
		for _, e := range m.Entries {
			md.Entries = append(md.Entries, v.entry(e))
		}
		d.Months = append(d.Months, md)
	}
	p.Year = d
	p.JSONLD = v.itemListLD(title, p.URL, entryLinks(d))
	return p
}

func entryLinks(d *YearData) []Link {
	var out []Link
	for _, m := range d.Months {
		for _, e := range m.Entries {
			out = append(out, e.Link)
		}
	}
	return out
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func (v *view) article(a *model.Article) *PageData {
	p := v.page("article", ArticlePath(a.Slug), a.Title, a.Summary)
	p.Crumbs = []Link{{v.urls.Home(), "Timeline"}, {v.urls.Rel("articles/"), "Articles"}}
	d := &ArticleData{
		A: a, Body: template.HTML(a.Body), Source: v.source(a.Source),
		Actors: actorLinks(v, a.Actors), Topics: actorLinks(v, a.Topics), Cites: actorLinks(v, a.Cites),
	}
	for _, e := range a.Events {
		d.Events = append(d.Events, v.eventEntry(e, false))
	}
	for _, q := range a.Quotes {
		d.Quotes = append(d.Quotes, v.quote(timeline.QuoteRef{Quote: q, Article: a}))
	}
	entities := timeline.Entities(v.ix.Site)
	for _, l := range a.Links {
		if e := entities[l]; e != nil {
			d.Links = append(d.Links, v.link(e, e.Name))
		}
	}
	p.Article = d
	p.JSONLD = v.articleLD(a)
	return p
}

func (v *view) event(e *model.Event) *PageData {
	p := v.page("event", EntityPath(model.KindEvent, e.ID), e.Name, e.Summary)
	p.Crumbs = []Link{{v.urls.Home(), "Timeline"}, {v.urls.Rel("events/"), "Events"}}
	d := &EventData{E: e, Body: template.HTML(e.Body), Actors: actorLinks(v, e.Actors), Topics: actorLinks(v, e.Topics)}
	if e.Parent != nil {
		l := v.link(e.Parent, e.Parent.Name)
		d.Parent = &l
	}
	for _, c := range e.Children {
		d.Children = append(d.Children, v.eventEntry(c, false))
	}
	for i, a := range v.ix.Coverage[e] {
		d.Coverage = append(d.Coverage, CoverageRow{Article: v.articleRef(a), Cites: actorLinks(v, a.Cites), First: i == 0})
	}
	for _, a := range v.ix.Mentions[e.Ref()] {
		for _, q := range a.Quotes {
			if q.Event == e {
				d.Quotes = append(d.Quotes, v.quote(timeline.QuoteRef{Quote: q, Article: a}))
			}
		}
		if !containsArticle(v.ix.Coverage[e], a) {
			d.Mentions = append(d.Mentions, v.articleRef(a))
		}
	}
	p.Event = d
	p.Feed = v.urls.Rel(EntityPath(model.KindEvent, e.ID) + "feed.xml")
	p.JSONLD = v.eventLD(e)
	return p
}

func containsArticle(as []*model.Article, a *model.Article) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

func (v *view) actor(a *model.Actor) *PageData {
	p := v.page("actor", EntityPath(model.KindActor, a.ID), a.Name, a.Summary)
	p.Crumbs = []Link{{v.urls.Home(), "Timeline"}, {v.urls.Rel("actors/"), "Actors"}}
	d := &ActorData{A: a, Body: template.HTML(a.Body), Articles: v.articleRefs(v.ix.Mentions[a.Ref()])}
	for _, r := range a.Roles {
		d.Roles = append(d.Roles, RoleData(r))
	}
	for _, q := range v.ix.QuotesBy[a] {
		d.Quotes = append(d.Quotes, v.quote(q))
	}
	for _, e := range v.ix.EventsOf[a.Ref()] {
		d.Events = append(d.Events, v.eventEntry(e, false))
	}
	for _, c := range v.ix.CoActors[a] {
		if len(d.CoActors) == 10 {
			break
		}
		d.CoActors = append(d.CoActors, CountLink{v.link(c.Item, c.Item.Name), c.N})
	}
	p.Actor = d
	p.Feed = v.urls.Rel(EntityPath(model.KindActor, a.ID) + "feed.xml")
	p.JSONLD = v.actorLD(a)
	return p
}

func (v *view) topic(t *model.Topic) *PageData {
	p := v.page("topic", EntityPath(model.KindTopic, t.ID), t.Name, t.Summary)
	p.Crumbs = []Link{{v.urls.Home(), "Timeline"}, {v.urls.Rel("topics/"), "Topics"}}
	d := &TopicData{T: t, Body: template.HTML(t.Body), Articles: v.articleRefs(v.ix.Mentions[t.Ref()])}
	for _, e := range v.ix.EventsOf[t.Ref()] {
		d.Events = append(d.Events, v.eventEntry(e, false))
	}
	for _, c := range v.ix.RelatedTopics[t] {
		if len(d.Related) == 10 {
			break
		}
		d.Related = append(d.Related, CountLink{v.link(c.Item, c.Item.Name), c.N})
	}
	p.Topic = d
	p.Feed = v.urls.Rel(EntityPath(model.KindTopic, t.ID) + "feed.xml")
	p.JSONLD = v.thingLD("DefinedTerm", &t.Entity)
	return p
}

func (v *view) sourcePage(s *model.Source) *PageData {
	p := v.page("source", EntityPath(model.KindSource, s.ID), s.Name, s.Summary)
	p.Crumbs = []Link{{v.urls.Home(), "Timeline"}, {v.urls.Rel("sources/"), "Sources"}}
	d := &SourceData{S: s, Body: template.HTML(s.Body), Published: v.articleRefs(v.ix.Published[s])}
	for _, a := range v.ix.Mentions[s.Ref()] {
		if a.Source != s {
			d.CitedIn = append(d.CitedIn, v.articleRef(a))
		}
	}
	for _, c := range v.ix.Cites[s] {
		d.Cites = append(d.Cites, CountLink{v.link(c.Item, c.Item.Name), c.N})
	}
	for _, c := range v.ix.CitedBy[s] {
		d.CitedBy = append(d.CitedBy, CountLink{v.link(c.Item, c.Item.Name), c.N})
	}
	p.Source = d
	p.Feed = v.urls.Rel(EntityPath(model.KindSource, s.ID) + "feed.xml")
	p.JSONLD = v.thingLD("NewsMediaOrganization", &s.Entity)
	return p
}

var kindTitles = map[model.Kind]string{
	model.KindEvent: "Events", model.KindActor: "Actors", model.KindTopic: "Topics",
	model.KindSource: "Sources", model.KindArticle: "Articles",
}

var kindIntros = map[model.Kind]string{
	model.KindEvent:   "Every event on the timeline, earliest first.",
	model.KindActor:   "The people, organisations and states the articles concern.",
	model.KindTopic:   "The subjects the articles and events concern.",
	model.KindSource:  "The outlets that published or are cited by the articles.",
	model.KindArticle: "Every annotated article, earliest first.",
}

func (v *view) list(k model.Kind) *PageData {
	title := kindTitles[k]
	p := v.page("list", string(k)+"/", title, kindIntros[k])
	p.Crumbs = []Link{{v.urls.Home(), "Timeline"}}
	d := &ListData{Kind: string(k), Intro: kindIntros[k]}
	s := v.ix.Site
	entity := func(e *model.Entity, meta string) {
		d.Items = append(d.Items, ListItem{Link: v.link(e, e.Name), Summary: e.Summary, Meta: meta, N: len(v.ix.Mentions[e.Ref()])})
	}
	switch k {
	case model.KindEvent:
		for _, e := range s.Events {
			d.Items = append(d.Items, ListItem{Link: v.link(e, e.Name), Summary: e.Summary, Date: e.Date, Meta: e.Place, N: len(v.ix.Coverage[e])})
		}
	case model.KindActor:
		for _, a := range s.Actors {
			entity(&a.Entity, a.Type)
		}
	case model.KindTopic:
		for _, t := range s.Topics {
			entity(&t.Entity, "")
		}
	case model.KindSource:
		for _, x := range s.Sources {
			entity(&x.Entity, strings.Join(nonEmpty(x.Type, x.Country), ", "))
		}
	case model.KindArticle:
		for _, a := range s.Articles {
			meta := ""
			if a.Source != nil {
				meta = a.Source.Name
			}
			d.Items = append(d.Items, ListItem{Link: v.link(a, a.Title), Summary: a.Summary, Date: a.Date, Meta: meta})
		}
	}
	p.List = d
	links := make([]Link, len(d.Items))
	for i, it := range d.Items {
		links[i] = it.Link
	}
	p.JSONLD = v.itemListLD(title, p.URL, links)
	return p
}

func nonEmpty(xs ...string) []string {
	var out []string
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func (v *view) notFound() *PageData {
	p := v.page("404", "404.html", "Page not found", "")
	p.Canonical = ""
	return p
}
