package resolve

import (
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
		ch.a.art.Body = func() (string, error) { return r.renderAgain(body) }
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
