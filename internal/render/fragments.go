package render

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"html/template"
	"reflect"
	"strings"
	"sync"
)

// fragments keeps the HTML of partials that render the same thing on many
// pages — an article's row shows on its year, on each of its actors',
// topics' and events' pages — so that each is executed at most twice per
// build (see seen) and, in the live preview, once until an edit changes
// it.
// Template execution is most of a build's time, and the rows are most of
// the listings. Only data the view marks with a key is kept: the key names
// everything the partial shows, so equal keys render equal HTML.
type fragments struct {
	mu   sync.RWMutex
	m    map[fragmentID]template.HTML
	size int // bytes held
	// byURL lists the keys of the rows about each URL, and shared the
	// others, so that forget need not look through every row.
	byURL  map[string][]fragmentID
	shared []fragmentID
	// keepAll is set for the live preview's renders, which keep even the
	// rows shown once, for the next render.
	keepAll bool
	// seen holds, in other renders, a hash of each partial executed once
	// so far: one is kept when it is executed a second time. On some
	// sites most rows are shown on one page only (on the real corpus, an
	// article's row on its one topic), and keeping them all took more
	// memory than the rows reused.
	seen map[uint64]struct{}
	seed maphash.Seed
}

// fragmentBudget bounds the bytes kept in a run. Rows are kept only when
// several pages show them (see seen), and the budget keeps a site of 100,000
// articles, whose quotes alone would take about 60 MB, from paying in
// memory for what it gains in time.
const fragmentBudget = 32 << 20

// forget drops the rows about the URLs in changed, and every partial
// kept by variants or for the site as a whole, which are few and may
// depend on anything. It is how the live preview keeps the rows of a
// render for the next: only the rows of what an edit changed are
// executed again.
func (f *fragments) forget(changed map[string]bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	drop := func(ids []fragmentID) {
		for _, id := range ids {
			if h, ok := f.m[id]; ok {
				delete(f.m, id)
				f.size -= id.size() + len(h)
			}
		}
	}
	for url := range changed {
		drop(f.byURL[url])
		delete(f.byURL, url)
	}
	drop(f.shared)
	f.shared = nil
}

// fragmentID names a kept partial: the partial's name and either its
// data's fragment key or, after variantMark, its variants.
type fragmentID struct{ name, key string }

func (id fragmentID) size() int { return len(id.name) + len(id.key) }

// variantMark starts the key of a partial kept by its variants.
const variantMark = "\x00"

// put keeps h under id.
func (f *fragments) put(id fragmentID, h template.HTML) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.m[id]; ok || f.size+id.size()+len(h) > fragmentBudget {
		return
	}
	if !f.keepAll && !f.again(id) {
		return
	}
	f.m[id] = h
	f.size += id.size() + len(h)
	if url, _, _ := strings.Cut(id.key, keySep); !strings.HasPrefix(id.key, variantMark) && id.key != siteKey {
		f.byURL[url] = append(f.byURL[url], id)
	} else {
		f.shared = append(f.shared, id)
	}
}

// again reports whether id was executed before in this run, and
// remembers that it has been. f.mu must be held.
func (f *fragments) again(id fragmentID) bool {
	if f.seen == nil {
		f.seen, f.seed = map[uint64]struct{}{}, maphash.MakeSeed()
	}
	var d maphash.Hash
	d.SetSeed(f.seed)
	d.WriteString(id.name)
	d.WriteByte(0)
	d.WriteString(id.key)
	sum := d.Sum64()
	if _, ok := f.seen[sum]; ok {
		return true
	}
	f.seen[sum] = struct{}{}
	return false
}

// keySep ends the URL a row's key starts with, before what tells its
// variants apart; it is never in a URL.
const keySep = "\x02"

// once ends the key of a row only one page of a build shows (an article's
// row on its month, its reference with citations on its source's page):
// a build executes it without keeping it, the live preview keeps it for
// its next render. Keys start with the URL of what the row is about.
const once = "!"

// keyed is implemented by data whose rendering may be kept for the run.
type keyed interface{ fragmentKey() string }

func (f *fragments) reset() {
	f.mu.Lock()
	f.m = map[fragmentID]template.HTML{}
	f.size = 0
	f.byURL, f.shared = map[string][]fragmentID{}, nil
	f.seen = nil
	f.mu.Unlock()
}

// cached is the template function behind {{cached "name" . variant…}}:
// the named partial executed with data, or its HTML from earlier in the
// run. Without variants, data must carry its own key (the rows of
// listings do), or nothing is kept; with them, as with Hugo's
// partialCached, the partial must depend only on them and on what is the
// same for the whole site. Two workers that miss on one key at once both
// execute it, which is cheaper than making one wait.
func (r *Renderer) cached(name string, data any, variants ...any) (template.HTML, error) {
	id := fragmentID{name: name}
	switch k, ok := data.(keyed); {
	case len(variants) > 0:
		// Each variant after a separator, so ("ab", "") and ("a", "b")
		// are kept apart.
		for _, v := range variants {
			id.key += variantMark + fmt.Sprint(v)
		}
	case ok:
		id.key = k.fragmentKey()
	}
	if id.key != "" {
		r.frags.mu.RLock()
		h, hit := r.frags.m[id]
		r.frags.mu.RUnlock()
		if hit {
			return h, nil
		}
	}
	b, _ := r.partialBufs.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	defer r.partialBufs.Put(b)
	b.Reset()
	if err := r.partials.Execute(b, name, data); err != nil {
		return "", fmt.Errorf("partial %q: %w", name, err)
	}
	h := template.HTML(b.String())
	if id.key != "" && (r.frags.keepAll || !strings.HasSuffix(id.key, once)) {
		r.frags.put(id, h)
	}
	return h, nil
}

// rows is the template function behind {{rows "name" .List}}: the named
// partial for each element of a slice, through cached, joined. A listing
// shows up to a hundred rows, and each function call a template makes goes
// through reflection: one call for the list costs less than one a row.
// The rows of the built-in listings are passed by pointer, which spares a
// copy of each; {{.Field}} reads them alike.
func (r *Renderer) rows(name string, list any) (template.HTML, error) {
	// The rows are mostly kept ones: joined once, at their total size.
	var parts []string
	add := func(data any) error {
		h, err := r.cached(name, data)
		parts = append(parts, string(h))
		return err
	}
	var err error
	switch l := list.(type) {
	case []EntryData:
		err = eachRow(l, &parts, add)
	case []ArticleRef:
		err = eachRow(l, &parts, add)
	case []QuoteData:
		err = eachRow(l, &parts, add)
	default:
		v := reflect.ValueOf(list)
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return "", fmt.Errorf("rows %q: %T is not a list", name, list)
		}
		parts = make([]string, 0, v.Len())
		for i := range v.Len() {
			if err = add(v.Index(i).Interface()); err != nil {
				break
			}
		}
	}
	if err != nil {
		return "", err
	}
	return template.HTML(strings.Join(parts, "")), nil
}

// eachRow adds a pointer to each row of l.
func eachRow[T any](l []T, parts *[]string, add func(any) error) error {
	*parts = make([]string, 0, len(l))
	for i := range l {
		if err := add(&l[i]); err != nil {
			return err
		}
	}
	return nil
}
