package resolve

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/annals/annals/internal/load"
	"github.com/annals/annals/internal/markdown"
	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/parallel"
)

// Options are what a resolution needs beyond the loaded files.
type Options struct {
	Drafts  bool   // keep articles marked draft
	BaseURL string // overrides _index.md's base_url when set
	// Link gives the URL of an entity's page, for wikilinks in bodies.
	Link func(kind model.Kind, id string) string
	// Markdown renders bodies; nil means a renderer with the site's limits.
	Markdown *markdown.Renderer
	// Cache, when set, keeps the markdown pass's findings from one run to
	// the next (a live preview); it needs the same Markdown options and
	// Link on every run.
	Cache *Cache
	// Bodies, when set and Cache is not, keeps the article bodies that
	// the markdown pass then renders, rather than only checks, and
	// articles read them back from there (a build keeps them in a
	// temporary file: see internal/spill). Without it, an article's body
	// is rendered again when its page asks for it.
	Bodies BodyStore
	// Spend lets Resolve drop the articles' front matter once the site
	// is made from it, before their bodies are rendered: a build does
	// not use its load.Result again, and the front matter is the larger
	// part of the heap the collector would mark all through that pass
	// (about 110 of 230 MB at 100,000 articles). in's articles then have
	// a nil Front. With a Cache, which keeps in for the next run, Spend
	// does nothing.
	Spend bool
}

// A BodyStore keeps rendered bodies until the pages are written.
type BodyStore interface {
	// Put keeps html, which may be reused once Put returns, and gives
	// the function that appends it back to a slice.
	Put(html []byte) (func(dst []byte) ([]byte, error), error)
}

// Resolve turns loaded files into a site: every name becomes one entity,
// every reference a pointer, every body HTML. All problems are collected;
// the site is only meaningful when the diagnostics hold no errors.
func Resolve(ctx context.Context, in *load.Result, opts Options) (*model.Site, model.Diagnostics) {
	r := &resolver{
		opts:      opts,
		site:      &model.Site{},
		ids:       map[model.Kind]map[string]*model.Entity{},
		names:     map[model.Kind]map[string]*model.Entity{},
		ambiguous: map[model.Kind]map[string][]*model.Entity{},
		actors:    map[string]*model.Actor{},
		topics:    map[string]*model.Topic{},
		sources:   map[string]*model.Source{},
		events:    map[string]*model.Event{},
		decl:      map[string]*eventDecl{},
		spell:     map[model.EntityRef]*spellings{},
		badIDs:    map[model.Pos]bool{},
	}
	for _, k := range model.EntityKinds {
		r.ids[k] = map[string]*model.Entity{}
		r.names[k] = map[string]*model.Entity{}
		r.ambiguous[k] = map[string][]*model.Entity{}
	}
	r.settings(in.Index)
	if opts.Link == nil {
		r.opts.Link = func(k model.Kind, id string) string { return "/" + string(k) + "/" + id + "/" }
	}
	if r.opts.Markdown == nil {
		r.opts.Markdown = markdown.New(markdown.Options{Limits: r.site.Settings.Limits})
	}

	recs := map[model.Kind][]*load.Doc{}
	for _, d := range in.Docs {
		recs[d.Kind] = append(recs[d.Kind], d)
	}
	arts := r.articles(ctx, recs[model.KindArticle])
	// Records first, so names in articles find them.
	for _, d := range recs[model.KindSource] {
		r.sourceRecord(d)
	}
	for _, d := range recs[model.KindTopic] {
		r.topicRecord(d)
	}
	for _, d := range recs[model.KindActor] {
		r.actorRecord(d)
	}
	for _, d := range recs[model.KindEvent] {
		r.eventRecord(d)
	}
	// Articles in timeline order, so that ties in spelling go to the
	// earliest and inline events are declared in a stable order.
	slices.SortFunc(arts, func(a, b *articleDoc) int { return model.CompareArticles(a.art, b.art) })
	r.checkSlugs(arts)
	for _, a := range arts {
		r.inlineEvents(a)
	}
	r.finishEvents(recs[model.KindEvent])
	r.seen = map[seenName]*seenHit{}
	for _, a := range arts {
		r.articleRefs(a)
	}
	r.countSeen()
	r.applySpellings()
	if opts.Spend && opts.Cache == nil {
		for _, a := range arts {
			a.front, a.doc.Front = nil, nil
		}
		r.decl = nil // holds the inline events' front matter
	}
	r.renderBodies(ctx, in.Index, arts, recs)
	r.collect(arts)
	r.warnings(arts)
	if r.opts.Cache != nil {
		r.opts.Cache.resolved(r, arts)
	}
	return r.site, r.diags
}

type resolver struct {
	opts  Options
	site  *model.Site
	diags model.Diagnostics

	// ids maps each kind's ids to entities; names maps folded names and
	// aliases, and ambiguous holds the names that several entities share,
	// which are refused only where they are used.
	ids       map[model.Kind]map[string]*model.Entity
	names     map[model.Kind]map[string]*model.Entity
	ambiguous map[model.Kind]map[string][]*model.Entity
	actors    map[string]*model.Actor
	topics    map[string]*model.Topic
	sources   map[string]*model.Source
	events    map[string]*model.Event
	decl      map[string]*eventDecl
	spell     map[model.EntityRef]*spellings
	// seen is set only during the first pass over the articles' names;
	// see seenName.
	seen map[seenName]*seenHit

	// badIDs are inline event ids already reported as malformed.
	badIDs map[model.Pos]bool

	// patch, when set, makes named only find: an edit applied to the
	// last site (Cache.Patch) must not create an entity or count a
	// spelling before it knows the edit can be applied.
	patch *patchLog
}

// patchLog is what named saw while patching: the names an article gives
// entities made from names, and whether a name would have made one.
type patchLog struct {
	spellings []naming
	missing   bool
}

type naming struct {
	e    *model.Entity
	text string
	pos  model.Pos
}

// articleDoc is an article being resolved with its file.
type articleDoc struct {
	doc   *load.Doc
	front *load.ArticleFront
	art   *model.Article
}

// spellings counts how an entity created from names was written, so it is
// shown with its most used spelling.
type spellings struct {
	count map[string]int
	order []string // first use first
}

var langRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

func (r *resolver) settings(d *load.Doc) {
	s := &r.site.Settings
	s.Title, s.Language, s.BaseURL, s.Limits = "Annals", "en", "/", model.DefaultLimits
	if d == nil {
		r.baseURL(r.opts.BaseURL, model.Pos{Path: "-base-url"})
		return
	}
	f := d.Front.(*load.IndexFront)
	if f.Title.Text != "" {
		s.Title = f.Title.Text
	}
	s.Description, s.Author, s.Copyright = f.Description.Text, f.Author.Text, f.Copyright.Text
	if f.Language.Text != "" {
		if !langRE.MatchString(f.Language.Text) {
			r.diags.Errorf(f.Language.Pos, "language %q is not a BCP 47 tag such as en or pt-BR", f.Language.Text)
		}
		s.Language = f.Language.Text
	}
	s.Limits, s.Params = f.Limits, f.Params
	if r.opts.BaseURL != "" {
		r.baseURL(r.opts.BaseURL, model.Pos{Path: "-base-url"})
	} else if f.BaseURL.Text != "" {
		r.baseURL(f.BaseURL.Text, f.BaseURL.Pos)
	}
}

func (r *resolver) baseURL(raw string, p model.Pos) {
	if raw == "" {
		return
	}
	u, err := url.Parse(raw)
	ok := err == nil && u.RawQuery == "" && u.Fragment == "" &&
		((u.Scheme == "http" || u.Scheme == "https") && u.Host != "" || u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/"))
	if !ok {
		r.diags.Errorf(p, "base URL %q must be an absolute http(s) URL or a path starting with /", raw)
		return
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	r.site.Settings.BaseURL = u.String()
}

// articleBatch is how many articles one worker makes at a time, each
// batch with its own diagnostics.
const articleBatch = 256

// articles makes the articles of docs, in parallel: a site of 100,000
// articles spent half a second here with one core idle.
func (r *resolver) articles(ctx context.Context, docs []*load.Doc) []*articleDoc {
	made := make([]*articleDoc, len(docs))
	diags := make([]model.Diagnostics, (len(docs)+articleBatch-1)/articleBatch)
	// A cancelled pass just stops; the caller sees ctx's error itself.
	_ = parallel.For(ctx, len(diags), func(b int) error {
		for i := b * articleBatch; i < min(len(docs), (b+1)*articleBatch); i++ {
			made[i] = r.article(docs[i], &diags[b])
		}
		return nil
	})
	for _, d := range diags {
		r.diags.Merge(d)
	}
	return slices.DeleteFunc(made, func(a *articleDoc) bool { return a == nil })
}

// article makes the article of d, reporting its problems to diags. It
// only reads the resolver, so that articles can be made in parallel.
func (r *resolver) article(d *load.Doc, diags *model.Diagnostics) *articleDoc {
	f := d.Front.(*load.ArticleFront)
	if f.Draft && !r.opts.Drafts {
		return nil
	}
	a := &model.Article{
		Path: d.Path, Pos: model.Pos{Path: d.Path, Line: 1, Col: 1},
		Title: f.Title.Text, URL: f.URL.Text, Language: f.Language.Text,
		Summary: f.Summary.Text, Draft: f.Draft, Params: f.Params,
	}
	if a.Title == "" {
		diags.Errorf(orFront(f.Title.Pos, a.Pos), "article needs a title")
	}
	switch {
	case !f.Date.Set() || f.Date.Text == "":
		diags.Errorf(orFront(f.Date.Pos, a.Pos), "article needs a date (2025-08-22, 2025-08 or 2025; ? or ~ when unsure)")
	default:
		dt, err := model.ParseDate(f.Date.Text)
		if err != nil {
			diags.Add(&model.Error{Pos: f.Date.Pos, Err: err})
		}
		a.Date = dt
	}
	if f.Slug.Set() {
		if !model.IsSlug(f.Slug.Text) {
			diags.Errorf(f.Slug.Pos, "slug %q must already be lower-case letters, digits and -, at most 80 of them (try %q)", f.Slug.Text, model.Slug(f.Slug.Text))
		}
		a.Slug = f.Slug.Text
	} else {
		a.Slug = model.Slug(load.IDFromPath(d.Path))
		if a.Slug == "" {
			diags.Errorf(a.Pos, "file name gives no slug; rename the file or set slug:")
		}
	}
	if f.URL.Set() {
		u, err := url.Parse(f.URL.Text)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			diags.Errorf(f.URL.Pos, "url %q must be an http or https address with a host", f.URL.Text)
			a.URL = ""
		}
	}
	if a.Language != "" && !langRE.MatchString(a.Language) {
		diags.Errorf(f.Language.Pos, "language %q is not a BCP 47 tag such as en or uk", a.Language)
	}
	if (!f.Source.Set() || f.Source.Text == "") && !f.Draft {
		diags.Errorf(orFront(f.Source.Pos, a.Pos), "article needs a source: the outlet that published it")
	}
	return &articleDoc{doc: d, front: f, art: a}
}

func orFront(p, front model.Pos) model.Pos {
	if p.Line > 0 {
		return p
	}
	return front
}

func (r *resolver) checkSlugs(arts []*articleDoc) {
	seen := map[string]*articleDoc{}
	for _, a := range arts {
		if a.art.Slug == "" {
			continue
		}
		if prev, ok := seen[a.art.Slug]; ok {
			r.diags.Errorf(a.art.Pos, "article slug %q is also the slug of %s; rename one file or set slug:", a.art.Slug, prev.doc.Path)
			r.diags.Errorf(prev.art.Pos, "article slug %q is also the slug of %s; rename one file or set slug:", a.art.Slug, a.doc.Path)
			continue
		}
		seen[a.art.Slug] = a
	}
}

// register makes the id, name and aliases of e findable. Two records with
// one id is an error naming both; a name or alias that several entities
// share is kept as ambiguous and refused only where it is used.
func (r *resolver) register(e *model.Entity, idPos model.Pos, names []load.Value) bool {
	if other, ok := r.ids[e.Kind][e.ID]; ok && other != e {
		r.diags.Errorf(idPos, "%s id %q is also %s; one %s per id", singular(e.Kind), e.ID, describe(other), singular(e.Kind))
		return false
	}
	r.ids[e.Kind][e.ID] = e
	for _, n := range names {
		key := model.Slug(n.Text)
		if key == "" {
			continue
		}
		if cands, ok := r.ambiguous[e.Kind][key]; ok {
			r.ambiguous[e.Kind][key] = appendOnce(cands, e)
			continue
		}
		other, ok := r.names[e.Kind][key]
		switch {
		case !ok:
			r.names[e.Kind][key] = e
		case other != e:
			delete(r.names[e.Kind], key)
			r.ambiguous[e.Kind][key] = []*model.Entity{other, e}
		}
	}
	return true
}

// find looks a folded name up among one kind's ids, then names and
// aliases; for an ambiguous name it returns the candidates instead.
func (r *resolver) find(kind model.Kind, key string) (*model.Entity, []*model.Entity) {
	if e, ok := r.ids[kind][key]; ok {
		return e, nil
	}
	if cands, ok := r.ambiguous[kind][key]; ok {
		return nil, cands
	}
	return r.names[kind][key], nil
}

// ambiguity describes the entities a shared name could mean.
func ambiguity(name string, cands []*model.Entity) string {
	var ids []string
	for _, c := range cands {
		ids = append(ids, fmt.Sprintf("%q (%s)", c.ID, cmp.Or(c.Record.Path, "first named in "+c.FirstSeen.Path)))
	}
	slices.Sort(ids)
	return fmt.Sprintf("%q could mean the %s %s; use the id", name, singular(cands[0].Kind), strings.Join(ids, " or "))
}

func describe(e *model.Entity) string {
	if e.Record.Path != "" {
		return fmt.Sprintf("the %s %q of %s", singular(e.Kind), e.ID, e.Record.Path)
	}
	return fmt.Sprintf("the %s %q first named in %s", singular(e.Kind), e.ID, e.FirstSeen.Path)
}

func singular(k model.Kind) string {
	return strings.TrimSuffix(string(k), "s")
}

// record fills the common fields of an entity record; it reports false
// when another record already has its id.
func (r *resolver) record(e *model.Entity, kind model.Kind, d *load.Doc, c *load.Common) bool {
	base := load.IDFromPath(d.Path)
	e.Kind, e.ID = kind, model.Slug(base)
	e.Record = model.Pos{Path: d.Path, Line: 1, Col: 1}
	e.FirstSeen = e.Record
	e.Name, e.Summary, e.Params = c.Title.Text, c.Summary.Text, c.Params
	if e.ID == "" {
		r.diags.Errorf(e.Record, "file name gives no id; rename the file")
	}
	if e.Name == "" {
		e.Name = base
	}
	for _, a := range c.Aliases {
		e.Aliases = append(e.Aliases, a.Text)
	}
	return e.ID != "" && r.register(e, e.Record, append([]load.Value{{Text: e.Name, Pos: c.Title.Pos}}, c.Aliases...))
}

func (r *resolver) sourceRecord(d *load.Doc) {
	f := d.Front.(*load.SourceFront)
	s := &model.Source{URL: f.URL.Text, Country: f.Country.Text, Type: f.Kind.Text, Language: f.Language.Text, Owner: f.Owner.Text}
	if !r.record(&s.Entity, model.KindSource, d, &f.Common) {
		return
	}
	if f.URL.Set() {
		if u, err := url.Parse(f.URL.Text); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			r.diags.Errorf(f.URL.Pos, "url %q must be an http or https address with a host", f.URL.Text)
			s.URL = ""
		}
	}
	if s.Language != "" && !langRE.MatchString(s.Language) {
		r.diags.Errorf(f.Language.Pos, "language %q is not a BCP 47 tag", s.Language)
	}
	r.sources[s.ID] = s
}

func (r *resolver) topicRecord(d *load.Doc) {
	f := d.Front.(*load.TopicFront)
	t := &model.Topic{}
	if !r.record(&t.Entity, model.KindTopic, d, &f.Common) {
		return
	}
	r.topics[t.ID] = t
}

var actorTypes = []string{"person", "organisation", "organization", "state"}

func (r *resolver) actorRecord(d *load.Doc) {
	f := d.Front.(*load.ActorFront)
	a := &model.Actor{Type: f.Kind.Text, Country: f.Country.Text}
	if !r.record(&a.Entity, model.KindActor, d, &f.Common) {
		return
	}
	if a.Type != "" && !slices.Contains(actorTypes, a.Type) {
		r.diags.Errorf(f.Kind.Pos, "actor kind %q is not one of person, organisation, state", a.Type)
	}
	if a.Type == "organization" {
		a.Type = "organisation"
	}
	for _, rf := range f.Roles {
		role := model.Role{Title: rf.Title.Text}
		role.From = r.date(rf.From)
		role.To = r.date(rf.To)
		if !role.From.IsZero() && !role.To.IsZero() && role.To.End().Before(role.From.Start()) {
			r.diags.Errorf(rf.To.Pos, "role ends (%s) before it starts (%s)", role.To, role.From)
		}
		a.Roles = append(a.Roles, role)
	}
	r.actors[a.ID] = a
}

// date parses an optional date field, reporting a bad one at its place.
func (r *resolver) date(v load.Value) model.Date {
	if !v.Set() || v.Text == "" {
		return model.Date{}
	}
	d, err := model.ParseDate(v.Text)
	if err != nil {
		r.diags.Add(&model.Error{Pos: v.Pos, Err: err})
	}
	return d
}

// eventDecl remembers where an event was declared, to name both files when
// two declarations disagree.
type eventDecl struct {
	front *load.EventFront
	pos   model.Pos
}

func (r *resolver) eventRecord(d *load.Doc) {
	f := d.Front.(*load.EventFront)
	e := &model.Event{}
	if !r.record(&e.Entity, model.KindEvent, d, &f.Common) {
		return
	}
	r.fillEvent(e, f)
	r.events[e.ID] = e
	r.decl[e.ID] = &eventDecl{front: f, pos: e.Record}
}

var statuses = []string{model.StatusHeld, model.StatusScheduled, model.StatusPostponed, model.StatusCancelled}

func (r *resolver) fillEvent(e *model.Event, f *load.EventFront) {
	e.Place = f.Place.Text
	if !f.Date.Set() || f.Date.Text == "" {
		r.diags.Errorf(orFront(f.Date.Pos, f.Pos), "event %q needs a date", e.ID)
	}
	e.Date = r.date(f.Date)
	e.End = r.date(f.End)
	if !e.Date.IsZero() && !e.End.IsZero() && e.End.End().Before(e.Date.End()) && e.End.Compare(e.Date) < 0 {
		r.diags.Errorf(f.End.Pos, "event ends (%s) before it starts (%s)", e.End, e.Date)
	}
	e.Status = cmp.Or(f.Status.Text, model.StatusHeld)
	if !slices.Contains(statuses, e.Status) {
		r.diags.Errorf(f.Status.Pos, "event status %q is not one of held, scheduled, postponed, cancelled", e.Status)
	}
}

func (r *resolver) inlineEvents(a *articleDoc) {
	for _, ref := range a.front.Events {
		if ref.Inline == nil {
			continue
		}
		f := ref.Inline
		if !model.IsSlug(f.ID.Text) {
			r.diags.Errorf(f.ID.Pos, "event id %q must already be lower-case letters, digits and -, at most 80 of them (try %q)", f.ID.Text, model.Slug(f.ID.Text))
			r.badIDs[f.ID.Pos] = true
			continue
		}
		if prev, ok := r.decl[f.ID.Text]; ok {
			if diff := differ(prev.front, f); diff != "" {
				r.diags.Errorf(f.ID.Pos, "event %q is declared again with a different %s; the other declaration is in %s", f.ID.Text, diff, prev.pos.Path)
				r.diags.Errorf(prev.pos, "event %q is declared again with a different %s in %s", f.ID.Text, diff, a.doc.Path)
			}
			continue
		}
		e := &model.Event{Entity: model.Entity{Kind: model.KindEvent, ID: f.ID.Text, Name: cmp.Or(f.Title.Text, f.ID.Text), Summary: f.Summary.Text}}
		e.FirstSeen = f.ID.Pos
		for _, al := range f.Aliases {
			e.Aliases = append(e.Aliases, al.Text)
		}
		r.fillEvent(e, f)
		if !r.register(&e.Entity, f.ID.Pos, append([]load.Value{f.Title}, f.Aliases...)) {
			continue
		}
		r.events[e.ID] = e
		r.decl[e.ID] = &eventDecl{front: f, pos: f.ID.Pos}
	}
}

// differ names the first field two declarations of one event both give
// with different values, or "".
func differ(a, b *load.EventFront) string {
	pairs := []struct {
		name string
		x, y load.Value
	}{
		{"title", a.Title, b.Title}, {"date", a.Date, b.Date}, {"end", a.End, b.End},
		{"place", a.Place, b.Place}, {"status", a.Status, b.Status}, {"parent", a.Parent, b.Parent},
		{"summary", a.Summary, b.Summary},
	}
	for _, p := range pairs {
		if p.x.Set() && p.y.Set() && p.x.Text != p.y.Text {
			return p.name
		}
	}
	return ""
}

// finishEvents links parents and participants once every event is known.
func (r *resolver) finishEvents(records []*load.Doc) {
	ids := make([]string, 0, len(r.events))
	for id := range r.events {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		e := r.events[id]
		f := r.decl[id].front
		if f.Parent.Set() && f.Parent.Text != "" {
			p := r.events[model.Slug(f.Parent.Text)]
			switch {
			case p == nil:
				r.diags.Errorf(f.Parent.Pos, "parent event %q does not exist; add content/events/%s.md", f.Parent.Text, model.Slug(f.Parent.Text))
			case p == e:
				r.diags.Errorf(f.Parent.Pos, "event %q cannot be its own parent", id)
			default:
				e.Parent = p
			}
		}
		for _, v := range f.Actors {
			e.Actors = appendOnce(e.Actors, r.actor(v))
		}
		for _, v := range f.Topics {
			e.Topics = appendOnce(e.Topics, r.topic(v))
		}
	}
	// A cycle of parents would make pages recurse forever.
	for _, id := range ids {
		e := r.events[id]
		seen := map[*model.Event]bool{e: true}
		for p := e.Parent; p != nil; p = p.Parent {
			if seen[p] {
				r.diags.Errorf(r.decl[id].front.Parent.Pos, "event %q is its own ancestor through parent:", id)
				e.Parent = nil
				break
			}
			seen[p] = true
		}
	}
	for _, id := range ids {
		if e := r.events[id]; e.Parent != nil {
			e.Parent.Children = append(e.Parent.Children, e)
		}
	}
}

func appendOnce[T comparable](s []T, v T) []T {
	var zero T
	if v == zero || slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// named finds or creates the entity of kind that a front matter name
// means, counting the spelling for entities made from names.
func (r *resolver) named(kind model.Kind, v load.Value, create func(id string) *model.Entity) *model.Entity {
	if h := r.seen[seenName{kind, v.Text}]; h != nil {
		h.uses++
		return h.e
	}
	key := model.Slug(v.Text)
	if key == "" {
		r.diags.Errorf(v.Pos, "%s name %q has no letters or digits", singular(kind), v.Text)
		return nil
	}
	e, cands := r.find(kind, key)
	if cands != nil {
		r.diags.Errorf(v.Pos, "%s", ambiguity(v.Text, cands))
		return nil
	}
	if r.patch != nil {
		if e == nil {
			r.patch.missing = true
		} else if e.Record.Path == "" {
			r.patch.spellings = append(r.patch.spellings, naming{e, v.Text, v.Pos})
		}
		return e
	}
	if e == nil {
		e = create(key)
		e.Kind, e.ID, e.Name, e.FirstSeen = kind, key, v.Text, v.Pos
		r.ids[kind][key] = e
		r.names[kind][key] = e
	}
	if e.Record.Path == "" {
		sp := r.spell[e.Ref()]
		if sp == nil {
			sp = &spellings{count: map[string]int{}}
			r.spell[e.Ref()] = sp
		}
		if sp.count[v.Text] == 0 {
			sp.order = append(sp.order, v.Text)
		}
		sp.count[v.Text]++
		if r.seen != nil {
			r.seen[seenName{kind, v.Text}] = &seenHit{e: e, sp: sp}
		}
	} else if r.seen != nil {
		r.seen[seenName{kind, v.Text}] = &seenHit{e: e}
	}
	return e
}

// seenName and seenHit remember what a name resolved to while the articles
// are first resolved: articles repeat the same names thousands of times,
// and finding one again took four lookups in maps that a large site's
// cache does not hold. Ambiguous and unusable names are not remembered, so
// each use is reported.
type seenName struct {
	kind model.Kind
	text string
}

type seenHit struct {
	e    *model.Entity
	sp   *spellings // where the name's uses are counted, if they are
	uses int        // found here, not yet counted in sp
}

// countSeen adds the uses of names found in seen to their spellings and
// ends the pass.
func (r *resolver) countSeen() {
	for name, h := range r.seen {
		if h.sp != nil {
			h.sp.count[name.text] += h.uses
		}
	}
	r.seen = nil
}

func (r *resolver) actor(v load.Value) *model.Actor {
	e := r.named(model.KindActor, v, func(id string) *model.Entity {
		a := &model.Actor{}
		r.actors[id] = a
		return &a.Entity
	})
	if e == nil {
		return nil
	}
	return r.actors[e.ID]
}

func (r *resolver) topic(v load.Value) *model.Topic {
	e := r.named(model.KindTopic, v, func(id string) *model.Entity {
		t := &model.Topic{}
		r.topics[id] = t
		return &t.Entity
	})
	if e == nil {
		return nil
	}
	return r.topics[e.ID]
}

func (r *resolver) source(v load.Value) *model.Source {
	e := r.named(model.KindSource, v, func(id string) *model.Entity {
		s := &model.Source{}
		r.sources[id] = s
		return &s.Entity
	})
	if e == nil {
		return nil
	}
	return r.sources[e.ID]
}

func (r *resolver) event(v load.Value) *model.Event {
	e, cands := r.find(model.KindEvent, model.Slug(v.Text))
	if cands != nil {
		r.diags.Errorf(v.Pos, "%s", ambiguity(v.Text, cands))
		return nil
	}
	if e == nil {
		r.diags.Errorf(v.Pos, "unknown event %q: add content/events/%s.md or declare it inline with {id, title, date}", v.Text, model.Slug(v.Text))
		return nil
	}
	return r.events[e.ID]
}

func (r *resolver) articleRefs(a *articleDoc) {
	f, art := a.front, a.art
	if f.Source.Text != "" {
		art.Source = r.source(f.Source)
	}
	for _, v := range f.Actors {
		art.Actors = appendOnce(art.Actors, r.actor(v))
	}
	for _, v := range f.Topics {
		art.Topics = appendOnce(art.Topics, r.topic(v))
	}
	for _, v := range f.Cites {
		art.Cites = appendOnce(art.Cites, r.source(v))
	}
	for _, ref := range f.Events {
		if r.badIDs[ref.ID.Pos] {
			continue // already reported where it was declared
		}
		art.Events = appendOnce(art.Events, r.event(ref.ID))
	}
	for _, qf := range f.Quotes {
		q := &model.Quote{Text: qf.Text.Text, Lang: qf.Lang.Text, Pos: qf.Pos}
		if qf.By.Text != "" {
			q.By = r.actor(qf.By)
		}
		q.Said = r.date(qf.Said)
		if qf.Event.Set() && qf.Event.Text != "" {
			q.Event = r.event(qf.Event)
		}
		if q.Lang != "" && !langRE.MatchString(q.Lang) {
			r.diags.Errorf(qf.Lang.Pos, "lang %q is not a BCP 47 tag", q.Lang)
		}
		art.Quotes = append(art.Quotes, q)
	}
}

// applySpellings names each entity created from names by its most used
// spelling; ties go to the earliest use in timeline order.
func (r *resolver) applySpellings() {
	for ref, sp := range r.spell {
		best := sp.order[0]
		for _, s := range sp.order[1:] {
			if sp.count[s] > sp.count[best] {
				best = s
			}
		}
		if e := r.entity(ref); e != nil {
			e.Name = best
		}
	}
}

func (r *resolver) entity(ref model.EntityRef) *model.Entity {
	switch ref.Kind {
	case model.KindActor:
		if a := r.actors[ref.ID]; a != nil {
			return &a.Entity
		}
	case model.KindTopic:
		if t := r.topics[ref.ID]; t != nil {
			return &t.Entity
		}
	case model.KindSource:
		if s := r.sources[ref.ID]; s != nil {
			return &s.Entity
		}
	case model.KindEvent:
		if e := r.events[ref.ID]; e != nil {
			return &e.Entity
		}
	}
	return nil
}

// lookup resolves a wikilink target for the markdown renderer. A bare
// [[Name]] looks through the kinds in order; a name ambiguous within a kind
// is refused rather than guessed.
func (r *resolver) lookup(kind model.Kind, name string) (string, model.EntityRef, error) {
	key := model.Slug(name)
	kinds := model.EntityKinds
	if kind != "" {
		kinds = []model.Kind{kind}
	}
	for _, k := range kinds {
		e, cands := r.find(k, key)
		if cands != nil {
			return "", model.EntityRef{}, errors.New(ambiguity(name, cands))
		}
		if e != nil {
			return r.opts.Link(e.Kind, e.ID), e.Ref(), nil
		}
	}
	return "", model.EntityRef{}, markdown.ErrNotFound
}

// renderBodies renders every body in parallel. The name tables are only
// read from here on, so the lookups need no lock.
func (r *resolver) renderBodies(ctx context.Context, index *load.Doc, arts []*articleDoc, recs map[model.Kind][]*load.Doc) {
	type job struct {
		doc *load.Doc
		// check is set for articles, whose HTML is put in Bodies, or
		// else rendered again when their page is written; records are
		// few and keep theirs.
		check bool
		done  func(res markdown.Result)
	}
	// Articles' bodies are rendered now, not only checked, when they can
	// be kept until their pages are written.
	keep := r.opts.Bodies != nil && r.opts.Cache == nil
	var jobs []job
	if index != nil {
		jobs = append(jobs, job{index, false, func(res markdown.Result) { r.site.Intro = string(res.HTML) }})
	}
	for _, a := range arts {
		art := a.art
		body := a.doc.Body
		art.Body = func(dst []byte) ([]byte, error) { return r.renderAgain(body, dst) }
		jobs = append(jobs, job{a.doc, true, func(res markdown.Result) {
			art.Links = res.Links
			if art.Summary == "" {
				art.Summary, art.SummaryFromBody = res.Summary, res.Summary != ""
			}
			// Failing to keep it only means rendering it again.
			if keep && len(res.Problems) == 0 {
				if get, err := r.opts.Bodies.Put(res.HTML); err == nil {
					art.Body = get
				}
			}
		}})
	}
	for _, kind := range model.EntityKinds {
		for _, d := range recs[kind] {
			e := r.entity(model.EntityRef{Kind: kind, ID: model.Slug(load.IDFromPath(d.Path))})
			// A record whose id another record already has (an error) owns
			// no entity: its body must not land on the other's.
			if e == nil || e.Record.Path != d.Path {
				continue
			}
			jobs = append(jobs, job{d, false, func(res markdown.Result) {
				e.Body = string(res.HTML)
				if e.Summary == "" {
					e.Summary, e.SummaryFromBody = res.Summary, res.Summary != ""
				}
			}})
		}
	}
	if c := r.opts.Cache; c != nil {
		c.begin(r)
		live := make(map[cacheKey]bool, len(jobs))
		for _, j := range jobs {
			live[cacheKey{j.doc.Path, j.check}] = true
		}
		c.keep(live)
	}
	problems := make([][]*model.Error, len(jobs))
	// Without a cache every job copies the HTML it is given (into Bodies,
	// or as a string) before it returns, so the workers render into
	// buffers they share; a cache keeps each result, HTML and all.
	var bufs sync.Pool
	// Nothing a render returns refers to its source, so the files are
	// read into memory the workers share too.
	var files sync.Pool
	// A cancelled pass just stops; the caller sees ctx's error itself.
	_ = parallel.For(ctx, len(jobs), func(i int) error {
		j := jobs[i]
		key := cacheKey{j.doc.Path, j.check}
		size, crc := j.doc.Body.Sum()
		res, cached := markdown.Result{}, false
		if c := r.opts.Cache; c != nil {
			res, cached = c.get(key, size, crc)
		}
		if !cached {
			file, _ := files.Get().(*[]byte)
			if file == nil {
				file = new([]byte)
			}
			defer files.Put(file)
			src, err := j.doc.Body.ReadInto(file)
			if err != nil {
				problems[i] = append(problems[i], &model.Error{Pos: model.Pos{Path: j.doc.Path}, Err: err})
				return nil
			}
			lookup, keys := r.lookup, []string(nil)
			if r.opts.Cache != nil {
				lookup = recording(r.lookup, &keys)
			}
			switch {
			case j.check && !keep:
				res = r.opts.Markdown.Check(src, lookup)
			case r.opts.Cache == nil:
				b, _ := bufs.Get().(*bytes.Buffer)
				if b == nil {
					b = new(bytes.Buffer)
				}
				defer bufs.Put(b)
				res = r.opts.Markdown.RenderTo(b, src, lookup)
			default:
				res = r.opts.Markdown.Render(src, lookup)
			}
			if c := r.opts.Cache; c != nil {
				c.put(key, size, crc, res, keys)
			}
		}
		for _, p := range res.Problems {
			problems[i] = append(problems[i], &model.Error{Pos: j.doc.Pos(p.Line, p.Col), Err: fmt.Errorf("%s", p.Msg)})
		}
		j.done(res)
		return nil
	})
	for _, ps := range problems {
		for _, p := range ps {
			r.diags.Add(p)
		}
	}
}

// renderAgain appends to dst an article body that the first pass
// checked. It runs after resolution, when the name tables are only read.
func (r *resolver) renderAgain(body load.Source, dst []byte) ([]byte, error) {
	src, err := body.Read()
	if err != nil {
		return dst, err
	}
	res := r.opts.Markdown.Render(src, r.lookup)
	if len(res.Problems) > 0 {
		return dst, fmt.Errorf("%s", res.Problems[0].Msg)
	}
	return append(dst, res.HTML...), nil
}

// collect puts the site's lists in their documented orders.
func (r *resolver) collect(arts []*articleDoc) {
	s := r.site
	for _, a := range arts {
		s.Articles = append(s.Articles, a.art)
	}
	for _, e := range r.events {
		s.Events = append(s.Events, e)
		slices.SortFunc(e.Children, model.CompareEvents)
	}
	slices.SortFunc(s.Events, model.CompareEvents)
	for _, a := range r.actors {
		s.Actors = append(s.Actors, a)
	}
	slices.SortFunc(s.Actors, func(a, b *model.Actor) int { return strings.Compare(a.ID, b.ID) })
	for _, t := range r.topics {
		s.Topics = append(s.Topics, t)
	}
	slices.SortFunc(s.Topics, func(a, b *model.Topic) int { return strings.Compare(a.ID, b.ID) })
	for _, x := range r.sources {
		s.Sources = append(s.Sources, x)
	}
	slices.SortFunc(s.Sources, func(a, b *model.Source) int { return strings.Compare(a.ID, b.ID) })
}

// noActors and unused are the warnings of warnings, also made when an
// edit is patched in (Cache.Patch).
// errNoActors is shared by its warnings: a corpus of news items may
// raise it for most of its articles (21,785 of the real corpus's).
var errNoActors = errors.New("article names no actors")

func noActors(a *model.Article) *model.Error {
	return &model.Error{Pos: a.Pos, Err: errNoActors}
}

func unused(e *model.Entity) *model.Error {
	return model.Errorf(e.Record, "nothing mentions this %s", singular(e.Kind))
}

// uses yields each entity the site makes use of, repeats included: what
// its articles name, and the participants, topics and parents of its
// events (an event that is part of another counts as used, as its
// parent's page lists it).
func uses(s *model.Site) iter.Seq[model.EntityRef] {
	return func(yield func(model.EntityRef) bool) {
		for _, a := range s.Articles {
			for ref := range a.Refs() {
				if !yield(ref) {
					return
				}
			}
		}
		for _, e := range s.Events {
			for ref := range e.Named() {
				if !yield(ref) {
					return
				}
			}
			if e.Parent != nil && (!yield(e.Parent.Ref()) || !yield(e.Ref())) {
				return
			}
		}
	}
}

// warnings reports what is legal but probably a mistake.
func (r *resolver) warnings(arts []*articleDoc) {
	for _, a := range arts {
		if len(a.art.Actors) == 0 {
			r.diags.Warnings = append(r.diags.Warnings, noActors(a.art))
		}
	}
	// Only entities with a record can be unused; the uses are looked
	// through until each has been seen, rather than all gathered (a
	// third of a second at 100,000 articles).
	pending := map[model.EntityRef]*model.Entity{}
	for e := range r.site.Entities() {
		if e.Record.Path != "" {
			pending[e.Ref()] = e
		}
	}
	if len(pending) == 0 {
		return
	}
	for ref := range uses(r.site) {
		if delete(pending, ref); len(pending) == 0 {
			return
		}
	}
	for e := range r.site.Entities() {
		if pending[e.Ref()] == e {
			r.diags.Warnings = append(r.diags.Warnings, unused(e))
		}
	}
}
