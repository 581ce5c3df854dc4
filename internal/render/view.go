package render

import (
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"

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
	Search      string // URL of the search page and its index folder
	Nav         []Link
	Years       []Link
	Latest      string // URL of the newest part of the timeline
}

// fragmentKey makes partials given only the site's data kept for the run:
// they are the same on every page.
func (s *SiteData) fragmentKey() string { return siteKey }

const siteKey = "site"

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
	Pager       *Pager      // set on every page of a paginated listing
	Filters     *FilterData // set on pages whose listing can be filtered
	Chart       *Chart      // the overview, or an entity's activity strip

	Home    *HomeData
	Year    *YearData
	Article *ArticleData
	Event   *EventData
	Actor   *ActorData
	Topic   *TopicData
	Source  *SourceData
	List    *ListData
	Search  *SearchData
}

// NavCurrent is the URL of the site navigation's link to this page, or
// "" when the navigation has none: all the header varies with.
func (p *PageData) NavCurrent() string {
	for _, l := range p.Site.Nav {
		if l.Href == p.URL {
			return l.Href
		}
	}
	return ""
}

// First reports whether this is the first (or only) page of its listing;
// later pages show only the continued list.
func (p *PageData) First() bool { return p.Pager == nil || p.Pager.Page == 1 }

// ArticleRef is an article as listed on other pages.
type ArticleRef struct {
	Link
	Date       model.Date
	Source     Link
	SourceNote string // "state media", "aggregator": provenance at a glance
	Summary    string
	Cites      []SourceLink
	Tags       Tags
	key        string // see fragments
}

func (r ArticleRef) fragmentKey() string { return r.key }

// SourceLink is an outlet with the provenance note readers should see.
type SourceLink struct {
	Link
	Note string
}

// EntryData is one row of a timeline listing.
type EntryData struct {
	Link
	IsEvent      bool
	Date         model.Date
	End          model.Date
	Ongoing      bool
	Status       string
	Place        string
	Summary      string
	Parent       *Link
	Parts        []PartLink
	Articles     []ArticleRef
	MoreArticles int
	Source       Link // for a lone article
	SourceNote   string
	Actors       []Link
	Topics       []Link
	Tags         Tags
	key          string // see fragments
}

func (e EntryData) fragmentKey() string { return e.key }

// PartLink is a part of an event as its parent lists it.
type PartLink struct {
	Link
	Date   model.Date
	Status string
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
	Href    string // the month's own page when the year is split
	Count   int
	Entries []EntryData
	Latest  bool // holds the newest entries of the timeline
}

// YearData is one year of the timeline, or one month of a split year.
type YearData struct {
	Year    int
	Heading string
	Months  []MonthData
	Split   bool // Months only link to their own pages
	Prev    *Link
	Next    *Link
	Up      *Link // the year, on a month page
	Latest  *Link
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
	key     string // see fragments
}

func (q QuoteData) fragmentKey() string { return q.key }

// ArticleData is an article's page.
type ArticleData struct {
	A      *model.Article
	Body   template.HTML
	Source SourceLink
	Actors []Link
	Topics []Link
	Events []EntryData
	Cites  []SourceLink
	Quotes []QuoteData
	Links  []Link // entities linked in the body
}

// CountLink is an entity with a count.
type CountLink struct {
	Link
	N    int
	Note string
}

// CoverageRow is one report of an event.
type CoverageRow struct {
	Article ArticleRef
	Cites   []SourceLink
	First   bool
	Lag     string // "3 days after", when both dates are days
}

// EventData is an event's page.
type EventData struct {
	E        *model.Event
	Body     template.HTML
	Ongoing  bool
	Parent   *Link
	Siblings []PartLink
	Children []EntryData
	Actors   []Link
	Topics   []Link
	Coverage []CoverageRow
	Outlets  int
	Reports  int
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
	A          *model.Actor
	Body       template.HTML
	Roles      []RoleData
	Quotes     []QuoteData
	MoreQuotes int
	Articles   []ArticleRef
	NArticles  int
	Events     []EntryData
	CoActors   []CountLink
}

// TopicData is a topic's page.
type TopicData struct {
	T         *model.Topic
	Body      template.HTML
	Events    []EntryData
	Articles  []ArticleRef
	NArticles int
	Related   []CountLink
}

// SourceData is a source's page.
type SourceData struct {
	S          *model.Source
	Body       template.HTML
	Note       string
	Published  []ArticleRef
	NPublished int
	CitedIn    []ArticleRef // articles of other outlets that rely on it
	Cites      []CountLink
	CitedBy    []CountLink
}

// ListItem is one entry of a kind's index.
type ListItem struct {
	Link
	Summary string
	Date    model.Date
	Meta    string
	N       int
	Tags    Tags
}

// ListData is the index of one kind.
type ListData struct {
	Kind  string
	Intro string
	Total int
	Items []ListItem
}

// SearchData is the search page.
type SearchData struct {
	Index string // URL of the folder of index files
	Chunk int    // documents per d-<n>.json file
	Links []Link // what to browse without the script
}

// view builds page data from an index; URLs come only from urls.
type view struct {
	ix       *timeline.Index
	urls     URLs
	site     *SiteData
	entities map[model.EntityRef]*model.Entity
	last     model.Date // the newest date on the timeline
	// skip, when set, tells the pages of a group (by key and path) that
	// an incremental render will not write, so their data is not built.
	skip func(group, path string) bool
	// memo, when set, keeps work from one incremental render to the next.
	memo *memo
	// eventTagsOf keeps each event's tags, by *model.Event.
	eventTagsOf sync.Map
	// axis is the time axis all charts share (see chartAxis).
	axisOnce sync.Once
	axis     *axis
	// markup turns the HTML of an editor's markdown into what a page
	// shows; nil leaves it as it is.
	markup func(html string) template.HTML
	// compactXML writes feeds and sitemaps without indenting, as a
	// minifier would leave them.
	compactXML bool
	// ldBufs are what ldJSON writes into.
	ldBufs bytePool
}

func (v *view) body(html string) template.HTML {
	if v.markup == nil {
		return template.HTML(html)
	}
	return v.markup(html)
}

// skipped returns a stand-in for page n (0-based) of the listing at base
// when it is not wanted: only its path, which is all the caller needs.
func (v *view) skipped(group, kind, base string, n int) (tpl, bool) {
	p := PagedPath(base, n+1)
	if v.skip == nil || !v.skip(group, p) {
		return tpl{}, false
	}
	return tpl{page: &PageData{Kind: kind, Path: p}}, true
}

// tpl is one HTML page to render with a template.
type tpl struct {
	name string
	page *PageData
	// fill, when set, completes a copy of page just before it is
	// rendered, so that the pages of a long listing (a hundred thousand
	// rows at /articles/) are not all in memory at once, and pages the
	// live preview does not write are never filled.
	fill func(*PageData)
}

// data is the page to render: page, filled if it is to be.
func (t tpl) data() *PageData {
	if t.fill == nil {
		return t.page
	}
	p := *t.page
	t.fill(&p)
	return &p
}

func newView(ix *timeline.Index, version string) *view {
	s := ix.Site.Settings
	u := NewURLs(s.BaseURL)
	v := &view{ix: ix, urls: u, entities: timeline.Entities(ix.Site)}
	v.site = &SiteData{
		Title: s.Title, Description: s.Description, Lang: s.Language,
		Home: u.Home(), Copyright: s.Copyright, Generator: "Annals " + version,
		Static: u.Rel("assets/"), Feed: u.Rel("feed.xml"), Search: u.Rel(SearchPath),
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
	for _, e := range ix.Entries {
		ds := []model.Date{e.Date()}
		if e.Event != nil {
			ds = append(ds, e.Event.End)
		}
		for _, d := range ds {
			if !d.IsZero() && (v.last.IsZero() || d.End().After(v.last.End())) {
				v.last = d
			}
		}
	}
	if n := len(ix.Years); n > 0 {
		v.site.Latest = v.latestURL(ix.Years[n-1])
	}
	return v
}

// latestURL is where the "latest" jump leads: the last month of the last
// year, on its year page or its own page.
func (v *view) latestURL(y *timeline.Year) string {
	m := y.Months[len(y.Months)-1]
	if y.Count > yearSplit {
		last := len(chunks(m.Entries, perPage))
		return v.urls.Rel(PagedPath(MonthPath(y.Year, int(m.Month)), last)) + "#latest"
	}
	return v.urls.Rel(YearPath(y.Year)) + "#latest"
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

// paged makes page n of a listing whose first page is p.
func (v *view) paged(kind, p string, n, pages int, title, desc string) *PageData {
	if n > 1 {
		title += " (page " + strconv.Itoa(n) + " of " + strconv.Itoa(pages) + ")"
	}
	pd := v.page(kind, PagedPath(p, n), title, desc)
	pd.Pager = v.pager(p, n, pages)
	return pd
}

func (v *view) link(x any, text string) Link { return Link{v.urls.relOf(x), text} }

func (v *view) source(s *model.Source) Link {
	if s == nil {
		return Link{}
	}
	return v.link(s, s.Name)
}

// sourceNote is the provenance readers should see beside an outlet's name.
func sourceNote(s *model.Source) string {
	if s == nil {
		return ""
	}
	kind, owner := strings.ToLower(s.Type), strings.ToLower(s.Owner)
	switch {
	case strings.Contains(kind, "state"), strings.Contains(owner, "state"):
		return "state media"
	case strings.Contains(kind, "aggregator"):
		return "aggregator"
	case strings.Contains(kind, "social"):
		return "social media"
	}
	return ""
}

func (v *view) sourceLinks(xs []*model.Source) []SourceLink {
	out := make([]SourceLink, 0, len(xs))
	for _, s := range xs {
		out = append(out, SourceLink{v.source(s), sourceNote(s)})
	}
	return out
}

func (v *view) articleRef(a *model.Article) ArticleRef {
	l := v.link(a, a.Title)
	return ArticleRef{Link: l, Date: a.Date, Source: v.source(a.Source), SourceNote: sourceNote(a.Source), Summary: a.Summary, key: l.Href}
}

func (v *view) articleRefs(as []*model.Article) []ArticleRef {
	out := make([]ArticleRef, len(as))
	for i, a := range as {
		out[i] = v.articleRef(a)
	}
	return out
}

func entityLinks[T interface {
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

// ongoing reports whether an event's span reaches past the newest date on
// the timeline: as far as the timeline knows, it has not ended.
func (v *view) ongoing(e *model.Event) bool {
	return !e.End.IsZero() && e.End.End().After(v.last.End()) && e.Status != model.StatusCancelled
}

func (v *view) parts(e *model.Event) []PartLink {
	out := make([]PartLink, 0, len(e.Children))
	for _, c := range e.Children {
		out = append(out, PartLink{v.link(c, c.Name), c.Date, c.Status})
	}
	return out
}

func (v *view) eventEntry(e *model.Event, withArticles bool) EntryData {
	d := EntryData{
		Link: v.link(e, e.Name), IsEvent: true, Date: e.Date, End: e.End, Ongoing: v.ongoing(e),
		Status: e.Status, Place: e.Place, Summary: e.Summary,
		Actors: entityLinks(v, e.Actors), Topics: entityLinks(v, e.Topics),
		Parts: v.parts(e), Tags: v.eventTags(e),
	}
	// An event's row shows on the pages of its actors, topics and parent;
	// with its reports it shows only on its year and perhaps the home
	// page: a build does not keep it (see once), the live preview does.
	d.key = d.Href
	if e.Parent != nil {
		l := v.link(e.Parent, e.Parent.Name)
		d.Parent = &l
	}
	if withArticles {
		cov := v.ix.Coverage[e]
		d.Articles = v.articleRefs(cov[:min(len(cov), entryReports)])
		d.MoreArticles = len(cov) - len(d.Articles)
		d.key = d.Href + keySep + "reports" + once
	}
	return d
}

func (v *view) entry(e *timeline.Entry) EntryData {
	if e.Event != nil {
		return v.eventEntry(e.Event, true)
	}
	a := e.Article
	l := v.link(a, a.Title)
	return EntryData{Link: l, Date: a.Date, Summary: a.Summary, Source: v.source(a.Source), SourceNote: sourceNote(a.Source), Tags: articleTags(a), key: l.Href + keySep + "row" + once}
}

func entryTags(es []EntryData) []Tags {
	out := make([]Tags, len(es))
	for i, e := range es {
		out[i] = e.Tags
	}
	return out
}

func (v *view) quote(q timeline.QuoteRef) QuoteData {
	d := QuoteData{
		Text: q.Quote.Text, Lang: q.Quote.Lang, Date: timeline.QuoteDate(q),
		Article: v.link(q.Article, q.Article.Title), Source: v.source(q.Article.Source),
	}
	// A quote shows the same on its article's, its speaker's and its
	// event's pages.
	d.key = d.Article.Href + keySep + strconv.Itoa(slices.Index(q.Article.Quotes, q.Quote))
	if d.Lang == v.site.Lang {
		d.Lang = ""
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

func (v *view) home() tpl {
	s := v.ix.Site
	p := v.page("home", "", s.Settings.Title, s.Settings.Description)
	h := &HomeData{Intro: v.body(s.Intro), Articles: len(s.Articles), Events: len(s.Events), Actors: len(s.Actors), Sources: len(s.Sources)}
	entries := v.ix.Entries
	for i := len(entries) - 1; i >= 0 && len(h.Latest) < latest; i-- {
		h.Latest = append(h.Latest, v.entry(entries[i]))
	}
	for _, y := range v.ix.Years {
		h.Years = append(h.Years, YearLink{Link: v.link(y.Year, strconv.Itoa(y.Year)), Year: y.Year, Count: y.Count})
	}
	p.Home = h
	p.Chart = v.overview()
	p.Filters = v.filters("entries", entryTags(h.Latest))
	p.JSONLD = v.websiteLD()
	return p.with("home.html")
}

func (p *PageData) with(name string) tpl { return tpl{name: name, page: p} }

func (v *view) monthData(y *timeline.Year, m *timeline.Month, entries []*timeline.Entry) MonthData {
	md := MonthData{ID: "undated", Name: "Month not known", Count: len(m.Entries)}
	if m.Month != 0 {
		md.ID = "m" + twoDigits(int(m.Month))
		md.Name = m.Month.String() + " " + strconv.Itoa(y.Year)
	}
	for _, e := range entries {
		md.Entries = append(md.Entries, v.entry(e))
	}
	return md
}

// years renders the timeline: a page per year, or for a year too large
// for one page, a page of its months and paginated pages per month.
func (v *view) years() []tpl {
	var out []tpl
	years := v.ix.Years
	for i, y := range years {
		if t, ok := v.skipped("timeline", "year", YearPath(y.Year), 0); ok {
			out = append(out, t)
			if y.Count > yearSplit {
				out = append(out, v.months(i)...)
			}
			continue
		}
		title := strconv.Itoa(y.Year)
		p := v.page("year", YearPath(y.Year), title, "The timeline of "+title+": events and the articles that report them.")
		p.Crumbs = []Link{{v.urls.Home(), "Timeline"}}
		out = append(out, tpl{"year.html", p, func(p *PageData) { v.fillYear(p, i) }})
		if y.Count > yearSplit {
			out = append(out, v.months(i)...)
		}
	}
	return out
}

// fillYear completes the page of the i-th year.
func (v *view) fillYear(p *PageData, i int) {
	years := v.ix.Years
	y := years[i]
	title := strconv.Itoa(y.Year)
	d := &YearData{Year: y.Year, Heading: title, Split: y.Count > yearSplit}
	if i > 0 {
		l := v.link(years[i-1].Year, strconv.Itoa(years[i-1].Year))
		d.Prev = &l
	}
	if i+1 < len(years) {
		l := v.link(years[i+1].Year, strconv.Itoa(years[i+1].Year))
		d.Next = &l
		ll := Link{v.site.Latest, "Latest"}
		d.Latest = &ll
	}
	var tags []Tags
	for j, m := range y.Months {
		if d.Split {
			md := v.monthData(y, m, nil)
			md.Href = v.urls.Rel(MonthPath(y.Year, int(m.Month)))
			d.Months = append(d.Months, md)
			continue
		}
		md := v.monthData(y, m, m.Entries)
		md.Latest = i == len(years)-1 && j == len(y.Months)-1
		tags = append(tags, entryTags(md.Entries)...)
		d.Months = append(d.Months, md)
	}
	p.Year = d
	p.Filters = v.filters("entries", tags)
	p.JSONLD = v.itemListLD(title, entryLinks(d))
}

// months renders the month pages of a split year.
func (v *view) months(i int) []tpl {
	y := v.ix.Years[i]
	var out []tpl
	for j, m := range y.Months {
		pages := chunks(m.Entries, perPage)
		base := MonthPath(y.Year, int(m.Month))
		for n, part := range pages {
			if t, ok := v.skipped("timeline", "month", base, n); ok {
				out = append(out, t)
				continue
			}
			name := v.monthData(y, m, nil).Name
			p := v.paged("month", base, n+1, len(pages), name, "The timeline of "+name+".")
			p.Crumbs = []Link{{v.urls.Home(), "Timeline"}, v.link(y.Year, strconv.Itoa(y.Year))}
			out = append(out, tpl{"year.html", p, func(p *PageData) {
				md := v.monthData(y, m, part)
				md.Latest = i == len(v.ix.Years)-1 && j == len(y.Months)-1 && n == len(pages)-1
				d := &YearData{Year: y.Year, Heading: md.Name, Months: []MonthData{md}}
				up := v.link(y.Year, strconv.Itoa(y.Year))
				d.Up = &up
				if j > 0 {
					pm := y.Months[j-1]
					l := Link{v.urls.Rel(MonthPath(y.Year, int(pm.Month))), v.monthData(y, pm, nil).Name}
					d.Prev = &l
				}
				if j+1 < len(y.Months) {
					nm := y.Months[j+1]
					l := Link{v.urls.Rel(MonthPath(y.Year, int(nm.Month))), v.monthData(y, nm, nil).Name}
					d.Next = &l
				}
				p.Year = d
				p.Filters = v.filters("entries", entryTags(md.Entries))
				p.JSONLD = v.itemListLD(md.Name, entryLinks(d))
			}})
		}
	}
	return out
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

func (v *view) article(a *model.Article) tpl {
	p := v.page("article", ArticlePath(a.Slug), a.Title, a.Summary)
	p.Crumbs = []Link{{v.urls.Home(), "Timeline"}, {v.urls.Rel("articles/"), "Articles"}}
	d := &ArticleData{
		A: a, Source: SourceLink{v.source(a.Source), sourceNote(a.Source)},
		Actors: entityLinks(v, a.Actors), Topics: entityLinks(v, a.Topics), Cites: v.sourceLinks(a.Cites),
	}
	for _, e := range a.Events {
		d.Events = append(d.Events, v.eventEntry(e, false))
	}
	for _, q := range a.Quotes {
		d.Quotes = append(d.Quotes, v.quote(timeline.QuoteRef{Quote: q, Article: a}))
	}
	for _, l := range a.Links {
		if e := v.entities[l]; e != nil {
			d.Links = append(d.Links, v.link(e, e.Name))
		}
	}
	p.Article = d
	p.JSONLD = v.articleLD(a)
	return p.with("article.html")
}

// lag says how long after an event a report came, when both are days.
func lag(e *model.Event, a *model.Article) string {
	if e.Date.Prec < model.Day || a.Date.Prec < model.Day {
		return ""
	}
	days := int(a.Date.Start().Sub(e.Date.Start()).Hours() / 24)
	switch {
	case days == 0:
		return "same day"
	case days == 1:
		return "1 day after"
	case days > 1:
		return strconv.Itoa(days) + " days after"
	case days == -1:
		return "1 day before"
	}
	return strconv.Itoa(-days) + " days before"
}

func (v *view) event(e *model.Event) []tpl {
	cov := v.ix.Coverage[e]
	outlets := map[*model.Source]bool{}
	for _, a := range cov {
		outlets[a.Source] = true
	}
	return v.entityPages(&e.Entity, cov, func(p *PageData, n int, part []*model.Article) {
		d := &EventData{E: e, Body: v.body(e.Body), Ongoing: v.ongoing(e), Actors: entityLinks(v, e.Actors), Topics: entityLinks(v, e.Topics), Reports: len(cov), Outlets: len(outlets)}
		for i, a := range part {
			d.Coverage = append(d.Coverage, CoverageRow{Article: v.articleRef(a), Cites: v.sourceLinks(a.Cites), First: n == 0 && i == 0, Lag: lag(e, a)})
		}
		if n == 0 {
			if e.Parent != nil {
				l := v.link(e.Parent, e.Parent.Name)
				d.Parent = &l
				for _, s := range v.parts(e.Parent) {
					if s.Href != v.link(e, "").Href {
						d.Siblings = append(d.Siblings, s)
					}
				}
			}
			for _, c := range e.Children {
				d.Children = append(d.Children, v.eventEntry(c, false))
			}
			for _, a := range v.ix.Mentions[e.Ref()] {
				for _, q := range a.Quotes {
					if q.Event == e && len(d.Quotes) < quoteCap {
						d.Quotes = append(d.Quotes, v.quote(timeline.QuoteRef{Quote: q, Article: a}))
					}
				}
				if !containsArticle(cov, a) && len(d.Mentions) < perPage {
					d.Mentions = append(d.Mentions, v.articleRef(a))
				}
			}
		}
		p.Event = d
		p.JSONLD = v.eventLD(e)
	})
}

func containsArticle(as []*model.Article, a *model.Article) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

func (v *view) actor(a *model.Actor) []tpl {
	arts := v.ix.Mentions[a.Ref()]
	return v.entityPages(&a.Entity, arts, func(p *PageData, n int, part []*model.Article) {
		d := &ActorData{A: a, Body: v.body(a.Body), Articles: v.articleRefs(part), NArticles: len(arts)}
		if n == 0 {
			for _, r := range a.Roles {
				d.Roles = append(d.Roles, RoleData(r))
			}
			qs := v.ix.QuotesBy[a]
			for _, q := range qs[:min(len(qs), quoteCap)] {
				d.Quotes = append(d.Quotes, v.quote(q))
			}
			d.MoreQuotes = len(qs) - len(d.Quotes)
			evs := v.ix.EventsOf[a.Ref()]
			for _, e := range evs[:min(len(evs), perPage)] {
				d.Events = append(d.Events, v.eventEntry(e, false))
			}
			for _, c := range v.ix.CoActors[a] {
				if len(d.CoActors) == 10 {
					break
				}
				d.CoActors = append(d.CoActors, CountLink{Link: v.link(c.Item, c.Item.Name), N: c.N})
			}
			p.Chart = v.activity(&a.Entity)
		}
		p.Actor = d
		p.JSONLD = v.actorLD(a)
	})
}

func (v *view) topic(t *model.Topic) []tpl {
	arts := v.ix.Mentions[t.Ref()]
	return v.entityPages(&t.Entity, arts, func(p *PageData, n int, part []*model.Article) {
		d := &TopicData{T: t, Body: v.body(t.Body), Articles: v.articleRefs(part), NArticles: len(arts)}
		if n == 0 {
			evs := v.ix.EventsOf[t.Ref()]
			for _, e := range evs[:min(len(evs), perPage)] {
				d.Events = append(d.Events, v.eventEntry(e, false))
			}
			for _, c := range v.ix.RelatedTopics[t] {
				if len(d.Related) == 10 {
					break
				}
				d.Related = append(d.Related, CountLink{Link: v.link(c.Item, c.Item.Name), N: c.N})
			}
			p.Chart = v.activity(&t.Entity)
		}
		p.Topic = d
		p.JSONLD = v.thingLD("DefinedTerm", &t.Entity)
	})
}

func (v *view) sourcePage(s *model.Source) []tpl {
	pub := v.ix.Published[s]
	return v.entityPages(&s.Entity, pub, func(p *PageData, n int, part []*model.Article) {
		d := &SourceData{S: s, Body: v.body(s.Body), Note: sourceNote(s), NPublished: len(pub)}
		for _, a := range part {
			r := v.articleRef(a)
			r.Cites = v.sourceLinks(a.Cites)
			r.key += keySep + "cites" + once // shown only here
			d.Published = append(d.Published, r)
		}
		if n == 0 {
			for _, a := range v.ix.Mentions[s.Ref()] {
				if a.Source != s && len(d.CitedIn) < perPage {
					d.CitedIn = append(d.CitedIn, v.articleRef(a))
				}
			}
			for _, c := range v.ix.Cites[s] {
				d.Cites = append(d.Cites, CountLink{Link: v.link(c.Item, c.Item.Name), N: c.N, Note: sourceNote(c.Item)})
			}
			for _, c := range v.ix.CitedBy[s] {
				d.CitedBy = append(d.CitedBy, CountLink{Link: v.link(c.Item, c.Item.Name), N: c.N, Note: sourceNote(c.Item)})
			}
			p.Chart = v.activity(&s.Entity)
		}
		p.Source = d
		p.JSONLD = v.thingLD("NewsMediaOrganization", &s.Entity)
	})
}

// entityPages makes the pages of an entity: its listing of items, perPage
// to a page, each page with the entity's title, crumbs and feed, to which
// fill adds the rest. Pages an incremental render skips are not filled.
func (v *view) entityPages(e *model.Entity, items []*model.Article, fill func(p *PageData, n int, part []*model.Article)) []tpl {
	base := EntityPath(e.Kind, e.ID)
	kind := singularKind(e.Kind)
	pages := chunks(items, perPage)
	var out []tpl
	for n, part := range pages {
		if t, ok := v.skipped(base, kind, base, n); ok {
			out = append(out, t)
			continue
		}
		p := v.paged(kind, base, n+1, len(pages), e.Name, e.Summary)
		p.Crumbs = []Link{{v.urls.Home(), "Timeline"}, {v.urls.Rel(string(e.Kind) + "/"), kindTitles[e.Kind]}}
		p.Feed = v.urls.Rel(base + "feed.xml")
		out = append(out, tpl{kind + ".html", p, func(p *PageData) { fill(p, n, part) }})
	}
	return out
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

var kindNouns = map[model.Kind]string{
	model.KindEvent: "events", model.KindActor: "actors", model.KindTopic: "topics",
	model.KindSource: "sources", model.KindArticle: "articles",
}

func (v *view) list(k model.Kind) []tpl {
	s := v.ix.Site
	// Rows, and their tags above all, are made only for the pages
	// written: the live preview renders one page of a long index.
	var n int
	var row func(i int) (ListItem, Tags)
	entity := func(e *model.Entity, meta string) (ListItem, Tags) {
		return ListItem{Link: v.link(e, e.Name), Summary: e.Summary, Meta: meta, N: len(v.ix.Mentions[e.Ref()])}, v.entityTags(e)
	}
	switch k {
	case model.KindEvent:
		n = len(s.Events)
		row = func(i int) (ListItem, Tags) {
			e := s.Events[i]
			return ListItem{Link: v.link(e, e.Name), Summary: e.Summary, Date: e.Date, Meta: e.Place, N: len(v.ix.Coverage[e])}, v.eventTags(e)
		}
	case model.KindActor:
		n = len(s.Actors)
		row = func(i int) (ListItem, Tags) { return entity(&s.Actors[i].Entity, s.Actors[i].Type) }
	case model.KindTopic:
		n = len(s.Topics)
		row = func(i int) (ListItem, Tags) { return entity(&s.Topics[i].Entity, "") }
	case model.KindSource:
		n = len(s.Sources)
		row = func(i int) (ListItem, Tags) {
			x := s.Sources[i]
			return entity(&x.Entity, strings.Join(nonEmpty(x.Type, x.Country), ", "))
		}
	case model.KindArticle:
		n = len(s.Articles)
		row = func(i int) (ListItem, Tags) {
			a := s.Articles[i]
			meta := ""
			if a.Source != nil {
				meta = a.Source.Name
			}
			return ListItem{Link: v.link(a, a.Title), Summary: a.Summary, Date: a.Date, Meta: meta}, articleTags(a)
		}
	}
	title := kindTitles[k]
	pages := max(1, (n+listPerPage-1)/listPerPage)
	var out []tpl
	for p := range pages {
		if t, ok := v.skipped("list/"+string(k), "list", string(k)+"/", p); ok {
			out = append(out, t)
			continue
		}
		pd := v.paged("list", string(k)+"/", p+1, pages, title, kindIntros[k])
		pd.Crumbs = []Link{{v.urls.Home(), "Timeline"}}
		out = append(out, tpl{"list.html", pd, func(pd *PageData) {
			first, end := p*listPerPage, min(n, (p+1)*listPerPage)
			part := make([]ListItem, end-first)
			tags := make([]Tags, len(part))
			links := make([]Link, len(part))
			for i := range part {
				part[i], tags[i] = row(first + i)
				part[i].Tags, links[i] = tags[i], part[i].Link
			}
			pd.List = &ListData{Kind: string(k), Intro: kindIntros[k], Items: part, Total: n}
			pd.Filters = v.filters(kindNouns[k], tags)
			pd.JSONLD = v.itemListLD(title, links)
		}})
	}
	return out
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

func (v *view) search() tpl {
	p := v.page("search", SearchPath, "Search", "Search the titles, summaries, quotes and names of this timeline.")
	p.Crumbs = []Link{{v.urls.Home(), "Timeline"}}
	p.Search = &SearchData{Index: v.urls.Rel(SearchPath), Chunk: docsPerChunk, Links: v.site.Nav}
	return p.with("search.html")
}

func (v *view) notFound() tpl {
	p := v.page("404", "404.html", "Page not found", "")
	p.Canonical = ""
	return p.with("404.html")
}
