package resolve

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/annals/annals/internal/load"

	"github.com/annals/annals/internal/markdown"
	"github.com/annals/annals/internal/model"
)

// Cache keeps what the markdown pass found in each body from one
// resolution to the next, so a live preview that changed one file checks
// one body instead of every body of the site. A kept result is reused only
// when it is known to be what the pass would give again: the file is the
// same (size and CRC-32), and every name the body looked up still means
// what it meant. A Cache is meant for one site; it is safe for concurrent
// use by one Resolve at a time.
type Cache struct {
	mu      sync.Mutex
	entries map[cacheKey]*cacheEntry
	// names is what each name-table key meant at the last resolution, and
	// changed the keys whose meaning differs in the current one: a body
	// that looked up none of them needs no check.
	names   map[string]string
	changed map[string]bool
	limits  model.Limits
	// last is the latest resolution, and arts its articles by path, so
	// that a body edit can be applied to the site it made (Rebody).
	last *resolver
	arts map[string]*articleDoc
	// Hits and Misses count the bodies of the last resolution that were
	// reused and checked.
	Hits, Misses int
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[cacheKey]*cacheEntry{}} }

type cacheKey struct {
	path  string
	check bool // Check (articles) rather than Render (records, the intro)
}

type cacheEntry struct {
	size    int
	crc     uint32
	res     markdown.Result
	lookups []string // name-table keys, "kind\x00folded name", kind "" for any
}

// begin starts a resolution: it compares the name tables with those of
// the last one. Lookups see the tables only after they are complete, so
// this runs just before the bodies.
func (c *Cache) begin(r *resolver) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Hits, c.Misses = 0, 0
	if c.limits != r.site.Settings.Limits {
		clear(c.entries)
		c.limits = r.site.Settings.Limits
	}
	names := map[string]string{}
	for _, k := range model.EntityKinds {
		for key, e := range r.ids[k] {
			names[string(k)+"\x00"+key] = "id " + string(e.Kind) + "/" + e.ID + " " + r.opts.Link(e.Kind, e.ID)
		}
		for key, e := range r.names[k] {
			if _, ok := r.ids[k][key]; !ok {
				names[string(k)+"\x00"+key] = "name " + string(e.Kind) + "/" + e.ID + " " + r.opts.Link(e.Kind, e.ID)
			}
		}
		for key, cands := range r.ambiguous[k] {
			if _, ok := r.ids[k][key]; !ok {
				names[string(k)+"\x00"+key] = "ambiguous " + ambiguity(key, cands)
			}
		}
	}
	changed := map[string]bool{}
	if c.names == nil {
		changed = nil // no earlier tables: every entry is unknown anyway
	} else {
		for k, v := range names {
			if c.names[k] != v {
				changed[k] = true
			}
		}
		for k := range c.names {
			if _, ok := names[k]; !ok {
				changed[k] = true
			}
		}
	}
	c.names, c.changed = names, changed
}

// get returns the kept result for a body, when it is still valid.
func (c *Cache) get(key cacheKey, size int, crc uint32) (markdown.Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e == nil || e.size != size || e.crc != crc || c.changed == nil {
		c.Misses++
		return markdown.Result{}, false
	}
	for _, l := range e.lookups {
		kind, name, _ := strings.Cut(l, "\x00")
		if kind == "" {
			for _, k := range model.EntityKinds {
				if c.changed[string(k)+"\x00"+name] {
					c.Misses++
					return markdown.Result{}, false
				}
			}
		} else if c.changed[l] {
			c.Misses++
			return markdown.Result{}, false
		}
	}
	c.Hits++
	return e.res, true
}

func (c *Cache) put(key cacheKey, size int, crc uint32, res markdown.Result, lookups []string) {
	c.mu.Lock()
	c.entries[key] = &cacheEntry{size: size, crc: crc, res: res, lookups: lookups}
	c.mu.Unlock()
}

// keep drops the entries of files no longer in the site.
func (c *Cache) keep(live map[cacheKey]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.entries {
		if !live[k] {
			delete(c.entries, k)
		}
	}
}

// recording wraps a lookup so that the keys it consulted are kept with
// the result.
func recording(lookup markdown.Lookup, keys *[]string) markdown.Lookup {
	return func(kind model.Kind, name string) (string, model.EntityRef, error) {
		*keys = append(*keys, string(kind)+"\x00"+model.Slug(name))
		return lookup(kind, name)
	}
}

// resolved records a resolution for Rebody; one with errors is not kept,
// since its site is not published.
func (c *Cache) resolved(r *resolver, arts []*articleDoc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last, c.arts = nil, nil
	if len(r.diags.Errors) > 0 {
		return
	}
	c.last, c.arts = r, make(map[string]*articleDoc, len(arts))
	for _, a := range arts {
		c.arts[a.doc.Path] = a
	}
}

// Rebody applies to site, when it is the site of the latest resolution,
// the new versions of article files whose front matter is as it was: each
// body is checked again and, when it links the same entities, the
// article's Body renders the new file and its summary, if taken from the
// body, is taken again. The site is then exactly what resolving everything
// again would give — nothing else reads a body — and Rebody returns the
// articles and whether a summary changed, which unlike a body shows on
// other pages. Otherwise (different front matter or links, a problem in
// the body, another site) it changes nothing and reports false, and the
// caller resolves everything.
func (c *Cache) Rebody(site *model.Site, docs []*load.Doc) (changed []*model.Article, summaries bool, ok bool) {
	c.mu.Lock()
	r, arts := c.last, c.arts
	c.mu.Unlock()
	if r == nil || r.site != site {
		return nil, false, false
	}
	type change struct {
		a    *articleDoc
		doc  *load.Doc
		res  markdown.Result
		keys []string
		sum  bool // the summary taken from the body changed
	}
	var changes []change
	for _, d := range docs {
		a := arts[d.Path]
		if a == nil || d.Kind != model.KindArticle || d.BodyLine != a.doc.BodyLine || !reflect.DeepEqual(d.Front, a.doc.Front) {
			return nil, false, false
		}
		src, err := d.Body.Read()
		if err != nil {
			return nil, false, false
		}
		var keys []string
		res := r.opts.Markdown.Check(src, recording(r.lookup, &keys))
		if len(res.Problems) > 0 || !slices.Equal(res.Links, a.art.Links) {
			return nil, false, false
		}
		sum := a.front.Summary.Text == "" && (res.Summary != a.art.Summary || (res.Summary != "") != a.art.SummaryFromBody)
		changes = append(changes, change{a, d, res, keys, sum})
	}
	out := make([]*model.Article, 0, len(changes))
	for _, ch := range changes {
		body := ch.doc.Body
		ch.a.doc = ch.doc
		ch.a.art.Body = func(dst []byte) ([]byte, error) { return r.renderAgain(body, dst) }
		if ch.sum {
			// As renderBodies sets it from the first paragraph.
			ch.a.art.Summary, ch.a.art.SummaryFromBody = ch.res.Summary, ch.res.Summary != ""
			summaries = true
		}
		size, crc := body.Sum()
		c.put(cacheKey{ch.doc.Path, true}, size, crc, ch.res, ch.keys)
		out = append(out, ch.a.art)
	}
	return out, summaries, true
}

// Patch applies to site, when it is the site of the latest resolution, a
// new version of one article file whose front matter changed but which
// leaves every entity as it was: each name it gives finds an entity the
// site has, no entity loses its last mention, no entity's shown spelling
// changes, and it declares no event. The article is resolved again
// against the kept name tables, its body checked (or the check reused),
// and it takes its place in timeline order; the spelling counts, where
// entities were first named and the warnings follow. The site returned is
// then what resolving everything again would give, with the article's
// old and new versions and the resolution's diagnostics; site itself is
// left as it was, but for FirstSeen, which no page shows. Otherwise
// (anything else changed, a problem in the file, another site) Patch
// changes nothing and reports false, and the caller resolves everything.
func (c *Cache) Patch(site *model.Site, doc *load.Doc) (next *model.Site, old, cur *model.Article, diags model.Diagnostics, ok bool) {
	c.mu.Lock()
	r, arts := c.last, c.arts
	c.mu.Unlock()
	if r == nil || r.site != site || doc.Kind != model.KindArticle {
		return nil, nil, nil, diags, false
	}
	prev := arts[doc.Path]
	f, _ := doc.Front.(*load.ArticleFront)
	if prev == nil || f == nil || f.Draft != prev.front.Draft || declares(f) || declares(prev.front) {
		return nil, nil, nil, diags, false
	}

	// The new version, with names only found; then the old one again, for
	// the spellings it counted.
	saved := r.diags
	r.diags, r.patch = model.Diagnostics{}, &patchLog{}
	a := r.article(doc, &r.diags)
	if a != nil {
		r.articleRefs(a)
	}
	newNames, problems := r.patch, r.diags
	r.diags, r.patch = model.Diagnostics{}, &patchLog{}
	r.articleRefs(&articleDoc{doc: prev.doc, front: prev.front, art: &model.Article{}})
	oldNames := r.patch
	r.diags, r.patch = saved, nil
	if a == nil || len(problems.Errors) > 0 || newNames.missing || oldNames.missing || a.art.Slug != prev.art.Slug {
		return nil, nil, nil, diags, false
	}
	art := a.art

	// The body, checked as renderBodies does; the name tables are as the
	// kept check found them.
	size, crc := doc.Body.Sum()
	key := cacheKey{doc.Path, true}
	c.mu.Lock()
	e := c.entries[key]
	c.mu.Unlock()
	var res markdown.Result
	var keys []string
	if e != nil && e.size == size && e.crc == crc {
		res, keys = e.res, e.lookups
	} else {
		src, err := doc.Body.Read()
		if err != nil {
			return nil, nil, nil, diags, false
		}
		res = r.opts.Markdown.Check(src, recording(r.lookup, &keys))
	}
	if len(res.Problems) > 0 {
		return nil, nil, nil, diags, false
	}
	art.Links = res.Links
	if art.Summary == "" {
		art.Summary, art.SummaryFromBody = res.Summary, res.Summary != ""
	}
	body := doc.Body
	art.Body = func(dst []byte) ([]byte, error) { return r.renderAgain(body, dst) }

	// Spellings: an entity made from names must keep a name, and the one
	// it shows; a tie would be broken by timeline order, which the edit
	// may change, so it is left to a full resolution.
	counts := map[*model.Entity]map[string]int{}
	for _, l := range []struct {
		names []naming
		n     int
	}{{oldNames.spellings, -1}, {newNames.spellings, 1}} {
		for _, n := range l.names {
			if counts[n.e] == nil {
				counts[n.e] = map[string]int{}
				if sp := r.spell[n.e.Ref()]; sp != nil {
					maps.Copy(counts[n.e], sp.count)
				}
			}
			counts[n.e][n.text] += l.n
		}
	}
	for e, cs := range counts {
		maps.DeleteFunc(cs, func(_ string, n int) bool { return n == 0 })
		best, tie := "", false
		for s, n := range cs {
			switch {
			case best == "" || n > cs[best]:
				best, tie = s, false
			case n == cs[best]:
				tie = true
			}
		}
		if best == "" || tie || best != e.Name {
			return nil, nil, nil, diags, false
		}
	}

	// The site with the article in its new place.
	ns := *site
	ns.Articles = slices.DeleteFunc(slices.Clone(site.Articles), func(x *model.Article) bool { return x == prev.art })
	at, _ := slices.BinarySearchFunc(ns.Articles, art, model.CompareArticles)
	ns.Articles = slices.Insert(ns.Articles, at, art)
	nd := &articleDoc{doc: doc, front: f, art: art}

	// From here on the edit is applied.
	for e, cs := range counts {
		sp := r.spell[e.Ref()]
		if sp == nil {
			sp = &spellings{}
			r.spell[e.Ref()] = sp
		}
		sp.count = cs
		sp.order = slices.DeleteFunc(sp.order, func(s string) bool { return cs[s] == 0 })
		for s := range cs {
			if !slices.Contains(sp.order, s) {
				sp.order = append(sp.order, s)
			}
		}
	}
	c.mu.Lock()
	c.arts[doc.Path] = nd
	c.mu.Unlock()
	for e := range counts {
		r.firstSeen(e, &ns, doc.Path, nd)
	}
	r.site = &ns
	r.rewarn(prev.art, art)
	c.put(key, size, crc, res, keys)
	diags.Merge(r.diags)
	return &ns, prev.art, art, diags, true
}

// declares reports whether an article's front matter declares an event,
// whose record would then be the article's to keep.
func declares(f *load.ArticleFront) bool {
	return slices.ContainsFunc(f.Events, func(ref load.EventRef) bool { return ref.Inline != nil })
}

// firstSeen sets where an entity made from names was first named after the
// article at path changed: events name theirs before any article does,
// else it is the first article in timeline order that names it.
func (r *resolver) firstSeen(e *model.Entity, s *model.Site, path string, cur *articleDoc) {
	named := e.Ref()
	for _, ev := range s.Events {
		for ref := range ev.Named() {
			if ref == named {
				return
			}
		}
	}
	if e.FirstSeen.Path != path {
		first := r.cacheArt(e.FirstSeen.Path)
		if _, names := r.naming(cur, e); !names || first != nil && model.CompareArticles(cur.art, first.art) > 0 {
			return
		}
	}
	for _, a := range s.Articles {
		if !mentions(a, e) {
			continue
		}
		ad := cur
		if a != cur.art {
			ad = r.cacheArt(a.Path)
		}
		if ad == nil {
			continue
		}
		if p, ok := r.naming(ad, e); ok {
			e.FirstSeen = p
			return
		}
	}
}

// cacheArt is the article at path as the cache keeps it, or nil.
func (r *resolver) cacheArt(path string) *articleDoc {
	c := r.opts.Cache
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.arts[path]
}

// mentions reports whether an article's front matter may name e.
func mentions(a *model.Article, e *model.Entity) bool {
	if a.Source != nil && &a.Source.Entity == e {
		return true
	}
	for _, x := range a.Actors {
		if &x.Entity == e {
			return true
		}
	}
	for _, x := range a.Topics {
		if &x.Entity == e {
			return true
		}
	}
	for _, x := range a.Cites {
		if &x.Entity == e {
			return true
		}
	}
	for _, q := range a.Quotes {
		if q.By != nil && &q.By.Entity == e {
			return true
		}
	}
	return false
}

// naming is where an article first names e, in the order articleRefs
// reads its front matter.
func (r *resolver) naming(a *articleDoc, e *model.Entity) (model.Pos, bool) {
	f := a.front
	// names checks each value of one kind, stopping at the first naming e.
	names := func(kind model.Kind, vs ...load.Value) (model.Pos, bool) {
		for _, v := range vs {
			if v.Text == "" {
				continue
			}
			if found, _ := r.find(kind, model.Slug(v.Text)); found == e {
				return v.Pos, true
			}
		}
		return model.Pos{}, false
	}
	by := make([]load.Value, len(f.Quotes))
	for i, q := range f.Quotes {
		by[i] = q.By
	}
	for _, x := range []struct {
		kind model.Kind
		vs   []load.Value
	}{{model.KindSource, []load.Value{f.Source}}, {model.KindActor, f.Actors}, {model.KindTopic, f.Topics}, {model.KindSource, f.Cites}, {model.KindActor, by}} {
		if p, ok := names(x.kind, x.vs...); ok {
			return p, true
		}
	}
	return model.Pos{}, false
}

// rewarn brings the warnings of the last resolution up to date after an
// article changed from old to cur (warnings): whether it names actors,
// and whether each entity record it mentioned or mentions is mentioned.
func (r *resolver) rewarn(old, cur *model.Article) {
	drop := func(w *model.Error) {
		r.diags.Warnings = slices.DeleteFunc(r.diags.Warnings, func(x *model.Error) bool {
			return x.Pos == w.Pos && x.Err.Error() == w.Err.Error()
		})
	}
	drop(noActors(old))
	if len(cur.Actors) == 0 {
		r.diags.Warnings = append(r.diags.Warnings, noActors(cur))
	}
	was, is := marks(old), marks(cur)
	for ref := range was {
		if is[ref] {
			delete(was, ref)
		}
	}
	for ref := range is {
		if was[ref] {
			delete(is, ref)
		} else {
			was[ref] = true
		}
	}
	// was now holds the entities one version mentions and the other not.
	for ref := range was {
		e := r.entity(ref)
		if e == nil || e.Record.Path == "" {
			continue
		}
		drop(unused(e))
		if !r.used(ref) {
			r.diags.Warnings = append(r.diags.Warnings, unused(e))
		}
	}
}

// marks are the entities an article mentions, as warnings counts them.
func marks(a *model.Article) map[model.EntityRef]bool {
	m := map[model.EntityRef]bool{}
	for ref := range a.Refs() {
		m[ref] = true
	}
	return m
}

// used reports whether anything in the current site mentions ref, as
// warnings decides it.
func (r *resolver) used(ref model.EntityRef) bool {
	for x := range uses(r.site) {
		if x == ref {
			return true
		}
	}
	return false
}
