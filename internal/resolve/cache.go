package resolve

import (
	"strings"
	"sync"

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
