package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/annals/annals/internal/model"
)

// JSON-LD is built from these structs and marshalled with HTML escaping,
// so editor text can never close the <script> element it sits in.
type ldThing struct {
	Context     string      `json:"@context,omitempty"`
	Type        string      `json:"@type"`
	ID          string      `json:"@id,omitempty"`
	Name        string      `json:"name,omitempty"`
	Headline    string      `json:"headline,omitempty"`
	Description string      `json:"description,omitempty"`
	URL         string      `json:"url,omitempty"`
	Date        string      `json:"datePublished,omitempty"`
	StartDate   string      `json:"startDate,omitempty"`
	EndDate     string      `json:"endDate,omitempty"`
	Status      string      `json:"eventStatus,omitempty"`
	Location    *ldPlace    `json:"location,omitempty"`
	Language    string      `json:"inLanguage,omitempty"`
	Publisher   *ldThing    `json:"publisher,omitempty"`
	About       []ldThing   `json:"about,omitempty"`
	Mentions    []ldThing   `json:"mentions,omitempty"`
	SuperEvent  *ldThing    `json:"superEvent,omitempty"`
	SubEvent    []ldThing   `json:"subEvent,omitempty"`
	Performer   []ldThing   `json:"performer,omitempty"`
	SameAs      string      `json:"sameAs,omitempty"`
	JobTitle    []string    `json:"jobTitle,omitempty"`
	Alternate   []string    `json:"alternateName,omitempty"`
	Items       []ldListEnt `json:"itemListElement,omitempty"`
	IsBasedOn   string      `json:"isBasedOn,omitempty"`
}

type ldPlace struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldListEnt struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	URL      string `json:"url"`
	Name     string `json:"name"`
}

const schemaOrg = "https://schema.org"

func (v *view) abs(x any) string { return v.urls.absOf(x) }

func (v *view) websiteLD() template.JS {
	s := v.ix.Site.Settings
	return v.ldJSON(ldThing{Context: schemaOrg, Type: "WebSite", Name: s.Title, Description: s.Description, URL: v.urls.Abs(""), Language: s.Language})
}

func (v *view) ref(e *model.Entity) ldThing {
	t := "Thing"
	switch e.Kind {
	case model.KindActor:
		t = "Organization"
	case model.KindEvent:
		t = "Event"
	case model.KindSource:
		t = "NewsMediaOrganization"
	case model.KindTopic:
		t = "DefinedTerm"
	}
	return ldThing{Type: t, Name: e.Name, URL: v.abs(e)}
}

func (v *view) actorRef(a *model.Actor) ldThing {
	r := v.ref(&a.Entity)
	switch a.Type {
	case "person":
		r.Type = "Person"
	case "state":
		r.Type = "Country"
	case "":
		r.Type = "Thing" // created from a name: we do not know what it is
	}
	return r
}

func (v *view) articleLD(a *model.Article) template.JS {
	t := ldThing{Context: schemaOrg, Type: "NewsArticle", Headline: a.Title, Description: a.Summary, URL: v.abs(a), Date: a.Date.Machine(), Language: a.Language, IsBasedOn: a.URL}
	if a.Source != nil {
		p := v.ref(&a.Source.Entity)
		t.Publisher = &p
	}
	t.About = make([]ldThing, 0, len(a.Actors)+len(a.Topics))
	for _, x := range a.Actors {
		t.About = append(t.About, v.actorRef(x))
	}
	for _, x := range a.Topics {
		t.About = append(t.About, v.ref(&x.Entity))
	}
	for _, x := range a.Events {
		t.Mentions = append(t.Mentions, v.ref(&x.Entity))
	}
	return v.ldJSON(t)
}

var ldStatus = map[string]string{
	model.StatusHeld:      "https://schema.org/EventScheduled",
	model.StatusScheduled: "https://schema.org/EventScheduled",
	model.StatusPostponed: "https://schema.org/EventPostponed",
	model.StatusCancelled: "https://schema.org/EventCancelled",
}

func (v *view) eventLD(e *model.Event) template.JS {
	t := ldThing{Context: schemaOrg, Type: "Event", Name: e.Name, Description: e.Summary, URL: v.abs(e), StartDate: e.Date.Machine(), EndDate: e.End.Machine(), Status: ldStatus[e.Status]}
	if e.Place != "" {
		t.Location = &ldPlace{Type: "Place", Name: e.Place}
	}
	if e.Parent != nil {
		p := v.ref(&e.Parent.Entity)
		t.SuperEvent = &p
	}
	for _, c := range e.Children {
		t.SubEvent = append(t.SubEvent, v.ref(&c.Entity))
	}
	for _, a := range e.Actors {
		t.Performer = append(t.Performer, v.actorRef(a))
	}
	return v.ldJSON(t)
}

func (v *view) actorLD(a *model.Actor) template.JS {
	t := v.actorRef(a)
	t.Context, t.Description, t.Alternate = schemaOrg, a.Summary, a.Aliases
	if a.Type == "person" {
		for _, r := range a.Roles {
			t.JobTitle = append(t.JobTitle, r.Title)
		}
	}
	return v.ldJSON(t)
}

func (v *view) thingLD(typ string, e *model.Entity) template.JS {
	t := ldThing{Context: schemaOrg, Type: typ, Name: e.Name, Description: e.Summary, URL: v.abs(e), Alternate: e.Aliases}
	return v.ldJSON(t)
}

func (v *view) itemListLD(name string, links []Link) template.JS {
	t := ldThing{Context: schemaOrg, Type: "ItemList", Name: name}
	for i, l := range links {
		t.Items = append(t.Items, ldListEnt{Type: "ListItem", Position: i + 1, URL: v.urls.origin + l.Href, Name: l.Text})
	}
	return v.ldJSON(t)
}

// dataJobs are the files beside the pages; locs are the full URLs of
// every page, for the sitemap.
func (v *view) dataJobs(locs []string) []job {
	jobs := append([]job{v.fixed("timeline.json", v.timelineJSON)}, v.fileJobs(locs)...)
	return append(jobs, v.searchJobs()...)
}

// fileJobs are the data files but timeline.json and the search index.
func (v *view) fileJobs(locs []string) []job {
	s := v.ix.Site
	jobs := []job{
		v.fixed("robots.txt", v.robots),
		v.fixed("events.ics", v.calendar),
		v.siteFeed(),
	}
	jobs = append(jobs, v.sitemapJobs(locs)...)
	for _, e := range s.Events {
		jobs = append(jobs, v.entityFeed(&e.Entity))
	}
	for _, a := range s.Actors {
		jobs = append(jobs, v.entityFeed(&a.Entity))
	}
	for _, t := range s.Topics {
		jobs = append(jobs, v.entityFeed(&t.Entity))
	}
	for _, x := range s.Sources {
		jobs = append(jobs, v.entityFeed(&x.Entity))
	}
	return jobs
}

// siteFeed is the feed of the newest articles, with their bodies.
func (v *view) siteFeed() job {
	s := v.ix.Site
	return v.feedJob("feed.xml", s.Settings.Title, "", s.Articles, true)
}

// entityFeed is the feed of the articles that mention an entity.
func (v *view) entityFeed(e *model.Entity) job {
	base := EntityPath(e.Kind, e.ID)
	return v.feedJob(base+"feed.xml", e.Name+" — "+v.ix.Site.Settings.Title, base, v.ix.Mentions[e.Ref()], false)
}

func (v *view) fixed(p string, write func(b *bytes.Buffer) error) job {
	return func(b *bytes.Buffer) (string, error) {
		if err := write(b); err != nil {
			return "", fmt.Errorf("rendering %s: %w", p, err)
		}
		return p, nil
	}
}

func (v *view) robots(b *bytes.Buffer) error {
	b.WriteString("User-agent: *\nAllow: /\n")
	if v.urls.HasOrigin() {
		b.WriteString("Sitemap: " + v.urls.Abs("sitemap.xml") + "\n")
	}
	return nil
}

// sitemapMax is the most URLs one sitemap file may hold (sitemaps.org).
const sitemapMax = 50000

// sitemapJobs write sitemap.xml; past sitemapMax URLs it becomes a sitemap
// index of sitemap-<n>.xml files. The URLs are sorted: a sitemap is a set,
// and sorted, it changes only when pages come or go.
func (v *view) sitemapJobs(locs []string) []job {
	locs = slices.Sorted(slices.Values(locs))
	const ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
	list := func(b *bytes.Buffer, root, elem string, locs []string) error {
		b.Grow(len(xml.Header) + 80 + len(locs)*(len(v.urls.Abs(""))+40))
		x := newXMLOut(b, v.compactXML)
		x.start(root, "xmlns", ns)
		for _, l := range locs {
			x.start(elem)
			x.text("loc", l)
			x.end(elem)
		}
		x.end(root)
		x.close()
		return nil
	}
	if len(locs) <= sitemapMax {
		return []job{v.fixed("sitemap.xml", func(b *bytes.Buffer) error { return list(b, "urlset", "url", locs) })}
	}
	var jobs []job
	var parts []string
	for i, part := range chunks(locs, sitemapMax) {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		parts = append(parts, v.urls.Abs(name))
		jobs = append(jobs, v.fixed(name, func(b *bytes.Buffer) error { return list(b, "urlset", "url", part) }))
	}
	return append(jobs, v.fixed("sitemap.xml", func(b *bytes.Buffer) error { return list(b, "sitemapindex", "sitemap", parts) }))
}

// feedJob writes an Atom feed (RFC 4287) of articles, newest first. Ids are
// tag URIs made of the site's host and the article's slug, so they stay
// the same across builds and moves of the base path.
// Only the site's feed carries whole articles; an entity's feed carries
// summaries and links, since the same article would otherwise be copied
// into the feed of every entity it mentions.
func (v *view) feedJob(p, title, page string, arts []*model.Article, full bool) job {
	return v.fixed(p, func(b *bytes.Buffer) error {
		// The newest of the entries, which are the last of arts.
		shown := arts[max(0, len(arts)-feedEntries):]
		var newest time.Time
		for _, a := range shown {
			if a.Date.Start().After(newest) {
				newest = a.Date.Start()
			}
		}
		if newest.IsZero() {
			newest = time.Unix(0, 0).UTC()
		}
		s := v.ix.Site.Settings
		x := newXMLOut(b, v.compactXML)
		x.start("feed", "xmlns", "http://www.w3.org/2005/Atom")
		x.text("title", title)
		x.empty("link", "rel", "self", "href", v.urls.Abs(p), "type", "application/atom+xml")
		x.empty("link", "rel", "alternate", "href", v.urls.Abs(page), "type", "text/html")
		x.text("id", v.tagURI(strings.TrimSuffix(p, "feed.xml")))
		x.text("updated", newest.Format(time.RFC3339))
		x.start("author")
		x.text("name", firstNonEmpty(s.Author, s.Title))
		x.end("author")
		for i := len(shown) - 1; i >= 0; i-- {
			a := shown[i]
			upd := a.Date.Start().Format(time.RFC3339)
			x.start("entry")
			x.text("title", a.Title)
			x.empty("link", "rel", "alternate", "href", v.abs(a), "type", "text/html")
			x.text("id", v.tagURI(pathOf(a)))
			x.text("updated", upd)
			x.text("published", upd)
			if a.Source != nil {
				x.start("author")
				x.text("name", a.Source.Name)
				x.end("author")
			}
			if a.Summary != "" {
				x.text("summary", a.Summary)
			}
			if full {
				// Content is CDATA because a minifier collapses runs of
				// white space in character data but keeps CDATA as
				// written, and the HTML of a <pre> block depends on its
				// white space.
				body, err := a.HTML()
				if err != nil {
					return fmt.Errorf("%s: %w", a.Path, err)
				}
				x.cdata("content", body, "type", "html")
			}
			x.end("entry")
		}
		x.end("feed")
		x.close()
		return nil
	})
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}

// tagURI is an RFC 4151 id: stable for a site whatever its base path.
func (v *view) tagURI(p string) string {
	host := strings.TrimPrefix(strings.TrimPrefix(v.urls.origin, "https://"), "http://")
	if host == "" {
		host = "annals.invalid"
	}
	if i := strings.IndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return "tag:" + host + ",2000:" + strings.TrimSuffix(p, "/")
}

// timelineJSON is the whole resolved timeline as data; its schema is
// documented in README.md and versioned by "version".
func (v *view) timelineJSON(b *bytes.Buffer) error {
	s := v.ix.Site
	// Sized up front: growing by doubling a file of tens of megabytes
	// leaves its earlier copies to the collector at the build's peak.
	b.Grow(1500*len(s.Articles) + 400*(len(s.Events)+len(s.Actors)+len(s.Topics)+len(s.Sources)))
	return v.writeTimelineJSON(b)
}

// jsonWriter is what timeline.json is written to: a buffer, or a
// buffered file.
type jsonWriter interface {
	io.Writer
	io.ByteWriter
	io.StringWriter
}

// writeTimelineJSON writes timeline.json to b.
func (v *view) writeTimelineJSON(b jsonWriter) error {
	s := v.ix.Site
	type ref = string
	type date struct {
		Value     string `json:"value"`
		Precision string `json:"precision"`
		Text      string `json:"text"`
		Uncertain bool   `json:"uncertain,omitempty"`
		Approx    bool   `json:"approximate,omitempty"`
	}
	mkDate := func(d model.Date) *date {
		if d.IsZero() {
			return nil
		}
		return &date{d.String(), [...]string{"", "year", "month", "day", "time"}[d.Prec], d.Human(), d.Uncertain, d.Approximate}
	}
	ids := func(n int, id func(int) string) []ref {
		out := make([]ref, n)
		for i := range n {
			out[i] = id(i)
		}
		return out
	}
	type quote struct {
		By    ref    `json:"by"`
		Text  string `json:"text"`
		Said  *date  `json:"said,omitempty"`
		Event ref    `json:"event,omitempty"`
		Lang  string `json:"lang,omitempty"`
	}
	type article struct {
		ID       ref     `json:"id"`
		URL      string  `json:"url"`
		Title    string  `json:"title"`
		Date     *date   `json:"date"`
		Source   ref     `json:"source,omitempty"`
		Original string  `json:"original_url,omitempty"`
		Language string  `json:"language,omitempty"`
		Summary  string  `json:"summary,omitempty"`
		Actors   []ref   `json:"actors"`
		Topics   []ref   `json:"topics"`
		Events   []ref   `json:"events"`
		Cites    []ref   `json:"cites"`
		Quotes   []quote `json:"quotes"`
		Links    []ref   `json:"links"`
	}
	type entity struct {
		ID       ref      `json:"id"`
		URL      string   `json:"url"`
		Name     string   `json:"name"`
		Aliases  []string `json:"aliases,omitempty"`
		Summary  string   `json:"summary,omitempty"`
		Kind     string   `json:"kind,omitempty"`
		Country  string   `json:"country,omitempty"`
		Language string   `json:"language,omitempty"`
		Owner    string   `json:"owner,omitempty"`
		Home     string   `json:"home_url,omitempty"`
		Date     *date    `json:"date,omitempty"`
		End      *date    `json:"end,omitempty"`
		Place    string   `json:"place,omitempty"`
		Status   string   `json:"status,omitempty"`
		Parent   ref      `json:"parent,omitempty"`
		Actors   []ref    `json:"actors,omitempty"`
		Topics   []ref    `json:"topics,omitempty"`
		Roles    []struct {
			Title string `json:"title"`
			From  *date  `json:"from,omitempty"`
			To    *date  `json:"to,omitempty"`
		} `json:"roles,omitempty"`
		Mentions []ref `json:"mentioned_by"`
	}
	// The file is written as it is made, one record at a time and without
	// indentation (it is minified anyway): at 100,000 articles, encoding it
	// whole and indented cost about 1.8 GB of allocations.
	head, err := json.Marshal(struct {
		Version int    `json:"version"`
		Title   string `json:"title"`
		BaseURL string `json:"base_url"`
	}{1, s.Settings.Title, s.Settings.BaseURL})
	if err != nil {
		return err
	}
	b.Write(head[:len(head)-1])
	b.WriteString(`,"articles":[`)
	first := true
	artID := func(a *model.Article) ref { return "articles/" + a.Slug }
	entID := func(e *model.Entity) ref { return string(e.Kind) + "/" + e.ID }
	for _, a := range s.Articles {
		x := article{ID: artID(a), URL: v.abs(a), Title: a.Title, Date: mkDate(a.Date), Original: a.URL, Language: a.Language, Summary: a.Summary,
			Actors: ids(len(a.Actors), func(i int) string { return entID(&a.Actors[i].Entity) }),
			Topics: ids(len(a.Topics), func(i int) string { return entID(&a.Topics[i].Entity) }),
			Events: ids(len(a.Events), func(i int) string { return entID(&a.Events[i].Entity) }),
			Cites:  ids(len(a.Cites), func(i int) string { return entID(&a.Cites[i].Entity) }),
			Links:  ids(len(a.Links), func(i int) string { return string(a.Links[i].Kind) + "/" + a.Links[i].ID }),
			Quotes: []quote{},
		}
		if a.Source != nil {
			x.Source = entID(&a.Source.Entity)
		}
		for _, q := range a.Quotes {
			qq := quote{Text: q.Text, Said: mkDate(q.Said), Lang: q.Lang}
			if q.By != nil {
				qq.By = entID(&q.By.Entity)
			}
			if q.Event != nil {
				qq.Event = entID(&q.Event.Entity)
			}
			x.Quotes = append(x.Quotes, qq)
		}
		item, err := json.Marshal(x)
		if err != nil {
			return err
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.Write(item)
	}
	base := func(e *model.Entity) entity {
		ms := v.ix.Mentions[e.Ref()]
		return entity{ID: entID(e), URL: v.abs(e), Name: e.Name, Aliases: e.Aliases, Summary: e.Summary,
			Mentions: ids(len(ms), func(i int) string { return artID(ms[i]) })}
	}
	b.WriteByte(']')
	// Entities too are written one record at a time: the lists of
	// articles that mention them are, together, as long as the articles.
	list := func(name string, n int, record func(i int) entity) error {
		b.WriteString(`,"` + name + `":[`)
		for i := range n {
			item, err := json.Marshal(record(i))
			if err != nil {
				return err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(item)
		}
		b.WriteByte(']')
		return nil
	}
	err = list("events", len(s.Events), func(i int) entity {
		e := s.Events[i]
		x := base(&e.Entity)
		x.Date, x.End, x.Place, x.Status = mkDate(e.Date), mkDate(e.End), e.Place, e.Status
		if e.Parent != nil {
			x.Parent = entID(&e.Parent.Entity)
		}
		x.Actors = ids(len(e.Actors), func(i int) string { return entID(&e.Actors[i].Entity) })
		x.Topics = ids(len(e.Topics), func(i int) string { return entID(&e.Topics[i].Entity) })
		return x
	})
	if err == nil {
		err = list("actors", len(s.Actors), func(i int) entity {
			a := s.Actors[i]
			x := base(&a.Entity)
			x.Kind, x.Country = a.Type, a.Country
			for _, r := range a.Roles {
				x.Roles = append(x.Roles, struct {
					Title string `json:"title"`
					From  *date  `json:"from,omitempty"`
					To    *date  `json:"to,omitempty"`
				}{r.Title, mkDate(r.From), mkDate(r.To)})
			}
			return x
		})
	}
	if err == nil {
		err = list("topics", len(s.Topics), func(i int) entity { return base(&s.Topics[i].Entity) })
	}
	if err == nil {
		err = list("sources", len(s.Sources), func(i int) entity {
			x := s.Sources[i]
			e := base(&x.Entity)
			e.Kind, e.Country, e.Language, e.Owner, e.Home = x.Type, x.Country, x.Language, x.Owner, x.URL
			return e
		})
	}
	if err != nil {
		return err
	}
	b.WriteString("}\n")
	return nil
}

// calendar writes events.ics (RFC 5545): CRLF lines folded at 75 octets,
// all-day events for day precision, UIDs from the site host and event id.
func (v *view) calendar(b *bytes.Buffer) error {
	s := v.ix.Site
	w := icsWriter{b: b}
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//Annals//" + icsEscape(s.Settings.Title) + "//EN")
	w.line("CALSCALE:GREGORIAN")
	w.line("X-WR-CALNAME:" + icsEscape(s.Settings.Title))
	for _, e := range s.Events {
		if e.Date.Prec < model.Day {
			continue // a calendar cannot hold "August 2025" without inventing a day
		}
		w.line("BEGIN:VEVENT")
		w.line("UID:" + strings.TrimPrefix(v.tagURI(pathOf(e)), "tag:"))
		w.line("DTSTAMP:" + e.Date.Start().Format("20060102T150405Z"))
		end := e.Date
		if !e.End.IsZero() && e.End.Prec >= model.Day {
			end = e.End
		}
		if e.Date.Prec == model.Day {
			w.line("DTSTART;VALUE=DATE:" + e.Date.Start().Format("20060102"))
			w.line("DTEND;VALUE=DATE:" + end.End().Format("20060102"))
		} else {
			w.line("DTSTART:" + e.Date.Start().Format("20060102T150405Z"))
			if end != e.Date {
				w.line("DTEND:" + end.Start().Format("20060102T150405Z"))
			}
		}
		w.line("SUMMARY:" + icsEscape(e.Name))
		if e.Summary != "" {
			w.line("DESCRIPTION:" + icsEscape(e.Summary))
		}
		if e.Place != "" {
			w.line("LOCATION:" + icsEscape(e.Place))
		}
		if e.Status == model.StatusCancelled {
			w.line("STATUS:CANCELLED")
		} else if e.Status == model.StatusScheduled || e.Status == model.StatusPostponed {
			w.line("STATUS:TENTATIVE")
		} else {
			w.line("STATUS:CONFIRMED")
		}
		if v.urls.HasOrigin() {
			w.line("URL:" + v.abs(e))
		}
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return nil
}

type icsWriter struct{ b *bytes.Buffer }

// line writes one content line folded at 75 octets without splitting a
// UTF-8 sequence.
func (w icsWriter) line(s string) {
	n := 0
	for i := 0; i < len(s); {
		size := 1
		for i+size < len(s) && s[i+size]&0xC0 == 0x80 {
			size++
		}
		if n+size > 75 {
			w.b.WriteString("\r\n ")
			n = 1
		}
		w.b.WriteString(s[i : i+size])
		n += size
		i += size
	}
	w.b.WriteString("\r\n")
}

func icsEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`)
	return r.Replace(s)
}
