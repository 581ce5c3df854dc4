package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"
)

// fragments keeps the HTML of partials that render the same thing on many
// pages — an article's row shows on its year, on each of its actors',
// topics' and events' pages — so that each is executed once per run.
// Template execution is most of a build's time, and the rows are most of
// the listings. Only data the view marks with a key is kept: the key names
// everything the partial shows, so equal keys render equal HTML.
type fragments struct {
	mu   sync.RWMutex
	m    map[string]template.HTML
	size int // bytes held
}

// fragmentBudget bounds the bytes kept in a run. Rows are kept only when
// several pages show them, and the budget keeps a site of 100,000
// articles, whose quotes alone would take about 60 MB, from paying in
// memory for what it gains in time.
const fragmentBudget = 32 << 20

// forget drops the rows whose key changed reports changed, and every
// partial kept by variants or for the site as a whole, which are few and
// may depend on anything. It is how the live preview keeps the rows of a
// render for the next: only the rows of what an edit changed are
// executed again.
func (f *fragments) forget(changed func(key string) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, h := range f.m {
		_, key, keyed := strings.Cut(k, "\x01")
		if !keyed || key == siteKey || changed(key) {
			delete(f.m, k)
			f.size -= len(k) + len(h)
		}
	}
}

// Keyed is implemented by data whose rendering may be kept for the run.
type keyed interface{ fragmentKey() string }

func (f *fragments) reset() {
	f.mu.Lock()
	f.m = map[string]template.HTML{}
	f.size = 0
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
	var key string
	switch k, ok := data.(keyed); {
	case len(variants) > 0:
		key = name + "\x00" + fmt.Sprint(variants...)
	case ok && k.fragmentKey() != "":
		key = name + "\x01" + k.fragmentKey()
	}
	if key != "" {
		r.frags.mu.RLock()
		h, hit := r.frags.m[key]
		r.frags.mu.RUnlock()
		if hit {
			return h, nil
		}
	}
	var b bytes.Buffer
	if err := r.partials.ExecuteTemplate(&b, name, data); err != nil {
		return "", fmt.Errorf("partial %q: %w", name, err)
	}
	h := template.HTML(b.String())
	if key != "" {
		r.frags.mu.Lock()
		if r.frags.size+len(key)+len(h) <= fragmentBudget {
			r.frags.m[key] = h
			r.frags.size += len(key) + len(h)
		}
		r.frags.mu.Unlock()
	}
	return h, nil
}
