package render

import (
	"bytes"
	"context"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/parallel"
	"github.com/annals/annals/internal/timeline"
)

// State is what one render of a site made, kept so that the next render
// of the same site can redo only what an edit affects.
type State struct {
	ix     *timeline.Index
	view   *view                 // the view it was rendered with
	groups map[string]groupFiles // by group key
	keys   []string              // the group keys, in order
	locs   []string              // the sitemap's URLs, in order
	locEnd []int                 // where each group's URLs end in locs
	data   map[string]bool       // names of the data files
	memo   *memo
}

// memo keeps what is costly to find and changes little between renders:
// the search words of each text, and the filter tags of each entity
// (events included), which are only those of the articles that mention
// it.
type memo struct {
	mu           sync.Mutex
	split, prevS map[string][]string
	tagsOf       map[model.EntityRef]Tags
	// search is the search index this render made, prevSearch the one
	// the last render made, which this one may patch.
	search, prevSearch *searchState
	// timeline is the timeline.json this render made (or kept), and
	// prevTimeline the last render's, whose records this one may reuse.
	timeline, prevTimeline *jsonState
	// paths are the paths of articles' pages, shared from one render to
	// the next: an edit makes a new article, and its path is added.
	paths map[*model.Article]string
}

// searchState is a search index with the inputs it was made from, and
// when known the articles of the inputs that are articles' (the last
// len(arts)), which tell a document that needs no making again.
type searchState struct {
	in   []searchInput
	ix   *searchIndex
	arts []*model.Article
}

// next is the memo for a render after one whose articles changed in
// ways that touched the given entities; nil touched means anything.
func (m *memo) next(touched map[model.EntityRef]bool) *memo {
	n := &memo{split: map[string][]string{}, tagsOf: map[model.EntityRef]Tags{}}
	if m == nil || touched == nil {
		return n
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	// Words of texts the last render did not use are let go.
	n.prevS = m.split
	n.prevSearch = m.search
	n.prevTimeline = m.timeline
	n.paths = m.paths
	for ref, t := range m.tagsOf {
		if !touched[ref] {
			n.tagsOf[ref] = t
		}
	}
	return n
}

func (m *memo) words(s string) []string {
	m.mu.Lock()
	w, ok := m.split[s]
	if !ok {
		w, ok = m.prevS[s]
	}
	m.mu.Unlock()
	if !ok {
		w = words(s)
	}
	m.mu.Lock()
	m.split[s] = w
	m.mu.Unlock()
	return w
}

func (m *memo) tags(ref model.EntityRef, find func() Tags) Tags {
	m.mu.Lock()
	t, ok := m.tagsOf[ref]
	m.mu.Unlock()
	if ok {
		return t
	}
	t = find()
	m.mu.Lock()
	m.tagsOf[ref] = t
	m.mu.Unlock()
	return t
}

// groupFiles are the pages one group made.
type groupFiles struct {
	files []string // output file names
	paths []string // in-site paths of the pages the sitemap lists
}

// Index is the index the state was rendered from.
func (s *State) Index() *timeline.Index { return s.ix }

// Update is what an incremental render did.
type Update struct {
	// Full is set when every page was rendered; Reason says why.
	Full   bool
	Reason string
	// Pages counts the HTML pages rendered and Data the other files.
	Pages, Data int
	// Removed are the files of the previous render that no longer exist.
	Removed []string
}

// Update renders what differs between the site prev was made from and
// ix, calling emit for every file it renders (from several goroutines).
// Changed are the site-relative paths of entry files whose bytes changed
// since prev, as a body edit shows in no resolved field. With prev nil,
// or whenever the difference is not one the preview knows how to narrow
// (settings, an entity's own fields, an event added, the timeline's span),
// it renders everything, as Pages does. Every file not emitted and not in
// Removed is as prev's render made it. The new state takes over what prev
// holds, so prev must not be used again.
func (r *Renderer) Update(ctx context.Context, prev *State, ix *timeline.Index, changed map[string]bool, emit func(Page) error) (*State, Update, error) {
	defer r.begin(true)()
	v := r.view(ix)
	var sel *selection
	var oldIx *timeline.Index
	reason := "first build"
	if prev != nil {
		// The view the last render used, with what it found of the old
		// site, which still holds.
		old := prev.view
		if old == nil || old.ix != prev.ix {
			old = newView(prev.ix, r.version)
			old.memo = prev.memo
		}
		oldIx = prev.ix
		sel, reason = plan(old, v, changed)
	}
	if sel != nil {
		v.memo = prev.memo.next(sel.touched)
	} else {
		v.memo = (*memo)(nil).next(nil)
	}
	if sel != nil {
		v.skip = func(group, path string) bool {
			want := sel.groups[group]
			return want != nil && !want(path)
		}
	}
	kg := v.keyedGroups(true)
	keys := make([]string, len(kg))
	for i, g := range kg {
		keys[i] = g.key
	}
	// Most edits keep the groups and their order, or move one article's:
	// outside keys[lo:len(keys)-tail] both renders have the same groups.
	lo, tail := 0, 0
	if prev != nil && prev.locEnd != nil {
		lo, tail = window(prev.keys, keys)
	}
	if sel != nil {
		// Every group of the new site is either rendered now or was
		// rendered before; anything else means the plan missed a change,
		// so the whole site is rendered rather than guessed.
		for _, g := range kg[lo : len(kg)-tail] {
			_, picked := sel.groups[g.key]
			if _, known := prev.groups[g.key]; !picked && !known {
				sel, reason = nil, "new page group "+g.key
				break
			}
		}
	}
	up := Update{Full: sel == nil, Reason: reason}
	if sel == nil {
		lo, tail = 0, 0
		r.frags.reset()
	} else {
		r.frags.forget(v.changedRows(sel))
	}
	next := &State{ix: ix, view: v, groups: map[string]groupFiles{}, keys: keys, data: map[string]bool{}, memo: v.memo}
	if sel != nil {
		next.groups, next.data = prev.groups, prev.data
		prev.groups, prev.data = nil, nil
	}

	// The data files an edit rewrites, but for the sitemap, do not depend
	// on the pages: they are written alongside them, first, as the
	// largest (timeline.json) would otherwise be left to run alone.
	var jobs []job
	if sel != nil {
		if sel.search {
			if js, gone, ok := v.searchPatch(sel); ok {
				jobs = append(jobs, js...)
				for _, f := range gone {
					sel.dropped[f] = true
					delete(next.data, f)
				}
			} else {
				jobs = append(jobs, v.searchJobs()...)
				sel.drop(next.data, func(f string) bool { return strings.HasPrefix(f, SearchPath) })
			}
		}
		if sel.timelineJSON {
			jobs = append([]job{v.fixed("timeline.json", func(b *bytes.Buffer) error {
				if ok, err := v.timelineJSONPatch(b, sel.arts, sel.touched, oldIx); ok || err != nil {
					return err
				}
				return v.timelineJSON(b)
			})}, jobs...)
		} else {
			v.memo.timeline = v.memo.prevTimeline // unchanged
		}
		if sel.siteFeed {
			jobs = append(jobs, v.siteFeed())
		}
		ents := timeline.Entities(ix.Site)
		for _, ref := range sortedRefs(sel.feeds) {
			if e := ents[ref]; e != nil {
				jobs = append(jobs, v.entityFeed(e))
			}
		}
	}
	var names []string
	data := func(jobs []job, i int, buf *bytes.Buffer) error {
		return r.emit(jobs[i], buf, func(p Page) error {
			names[i] = p.Path
			if p.Path == "timeline.json" {
				// Written whole: kept as it is, to be cut when an
				// edit first needs its records.
				v.memo.mu.Lock()
				if v.memo.timeline == nil || v.memo.timeline.site != ix.Site {
					v.memo.timeline = &jsonState{raw: p.Body, site: ix.Site}
				}
				v.memo.mu.Unlock()
			}
			return emit(p)
		})
	}
	names = make([]string, len(jobs))

	var picked []keyedGroup
	var pickedAt []int // their places in kg
	for i, g := range kg {
		if sel == nil || sel.groups[g.key] != nil {
			picked = append(picked, g)
			pickedAt = append(pickedAt, i)
		}
	}
	made := make([]groupFiles, len(picked))
	counts := make([]int, len(picked))
	early := len(jobs)
	err := parallel.Each(ctx, early+len(picked), newBuffer, func(i int, buf *bytes.Buffer) error {
		if i < early {
			return data(jobs, i, buf)
		}
		i -= early
		var want func(string) bool
		if sel != nil {
			want = sel.groups[picked[i].key]
		}
		for _, t := range picked[i].pages(v) {
			f := file(t.page.Path)
			made[i].files = append(made[i].files, f)
			if t.page.Kind != "404" {
				made[i].paths = append(made[i].paths, t.page.Path)
			}
			if want != nil && !want(t.page.Path) {
				continue
			}
			counts[i]++
			if err := r.emit(r.html(t), buf, emit); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, up, err
	}
	emitted := map[string]bool{}
	for i, g := range picked {
		up.Pages += counts[i]
		if sel != nil {
			was := next.groups[g.key]
			for _, f := range was.files {
				if !slices.Contains(made[i].files, f) {
					up.Removed = append(up.Removed, f)
				}
			}
			if !slices.Equal(was.paths, made[i].paths) {
				// Its pages in the sitemap change: widen the window.
				lo, tail = min(lo, pickedAt[i]), min(tail, len(kg)-1-pickedAt[i])
			}
		}
		next.groups[g.key] = made[i]
		for _, f := range made[i].files {
			emitted[f] = true
		}
	}
	if sel != nil {
		// Groups of the last render gone from this one: only in the
		// window.
		live := map[string]bool{}
		for _, k := range keys[lo : len(keys)-tail] {
			live[k] = true
		}
		for _, k := range prev.keys[lo : len(prev.keys)-tail] {
			if g, ok := next.groups[k]; ok && !live[k] {
				up.Removed = append(up.Removed, g.files...)
				delete(next.groups, k)
			}
		}
	}
	// The sitemap's URLs, by group: those of the window found again, the
	// others the last render's.
	locsChanged := true
	if sel == nil || prev.locEnd == nil {
		next.locs, next.locEnd = v.locs(kg, next.groups, nil, nil)
	} else {
		from, to := 0, len(prev.locs)
		if lo > 0 {
			from = prev.locEnd[lo-1]
		}
		if j := len(prev.keys) - tail - 1; j >= 0 {
			to = prev.locEnd[j]
		}
		mid, ends := v.locs(kg[lo:len(kg)-tail], next.groups, nil, nil)
		// The sitemap lists its URLs sorted, so an article that moved
		// among others (a new title) leaves it as it was.
		moved := !slices.Equal(mid, prev.locs[from:to])
		locsChanged = moved && !slices.Equal(slices.Sorted(slices.Values(mid)), slices.Sorted(slices.Values(prev.locs[from:to])))
		if !moved {
			next.locs, next.locEnd = prev.locs, prev.locEnd
		} else {
			next.locs = slices.Concat(prev.locs[:from], mid, prev.locs[to:])
			next.locEnd = make([]int, 0, len(kg))
			next.locEnd = append(next.locEnd, prev.locEnd[:lo]...)
			for _, e := range ends {
				next.locEnd = append(next.locEnd, from+e)
			}
			for _, e := range prev.locEnd[len(prev.keys)-tail:] {
				next.locEnd = append(next.locEnd, e-to+from+len(mid))
			}
		}
	}

	var late []job
	if sel == nil {
		late = v.dataJobs(next.locs)
	} else {
		if locsChanged {
			late = append(late, v.sitemapJobs(next.locs)...)
			sel.drop(next.data, func(f string) bool { return strings.HasPrefix(f, "sitemap") && !strings.Contains(f, "/") })
		}
		for f := range next.data {
			// The feed of an entity that is gone.
			if base, ok := strings.CutSuffix(f, "feed.xml"); ok && base != "" {
				if _, has := next.groups[base]; !has {
					delete(next.data, f)
					up.Removed = append(up.Removed, f)
				}
			}
		}
		for f := range sel.dropped {
			up.Removed = append(up.Removed, f)
		}
	}
	jobs = append(jobs, late...)
	names = append(names, make([]string, len(late))...)
	err = parallel.Each(ctx, len(late), newBuffer, func(i int, buf *bytes.Buffer) error {
		return data(jobs, early+i, buf)
	})
	if err != nil {
		return nil, up, err
	}
	up.Data = len(jobs)
	for _, n := range names {
		next.data[n] = true
		emitted[n] = true
	}
	// A file both dropped and made again (a search shard that still
	// exists) is not removed.
	up.Removed = slices.DeleteFunc(up.Removed, func(f string) bool { return emitted[f] })
	slices.Sort(up.Removed)
	up.Removed = slices.Compact(up.Removed)
	for _, f := range up.Removed {
		delete(next.data, f)
	}
	return next, up, nil
}

// Bodies renders what shows the bodies of articles of prev's site after
// only their bodies changed (resolve.Cache.Rebody checked that nothing
// else did): their pages, and the site's feed when it carries one of
// them. No other page shows a body, so prev stays valid.
func (r *Renderer) Bodies(ctx context.Context, prev *State, arts []*model.Article, emit func(Page) error) (Update, error) {
	// A body shows in no row: the rows kept stay true.
	defer r.begin(true)()
	v := r.view(prev.ix)
	var jobs []job
	for _, a := range arts {
		jobs = append(jobs, r.html(v.article(a)))
	}
	up := Update{Pages: len(jobs)}
	s := prev.ix.Site
	for _, a := range s.Articles[max(0, len(s.Articles)-feedEntries):] {
		if slices.Contains(arts, a) {
			jobs = append(jobs, v.siteFeed())
			up.Data++
			break
		}
	}
	err := parallel.Each(ctx, len(jobs), newBuffer, func(i int, buf *bytes.Buffer) error {
		return r.emit(jobs[i], buf, emit)
	})
	return up, err
}

// searchPatch brings the last render's search index up to date by
// replacing the postings of the documents that changed, when documents
// are as many as before (an edit that added or removed none), and writes
// only the shards and document files that changed. The index is then the one searchJobs would build: postings are
// kept sorted by document, as building in document order leaves them.
// It returns the files to write and those gone, or false to build anew.
func (v *view) searchPatch(sel *selection) (jobs []job, gone []string, ok bool) {
	prev := v.memo.prevSearch
	if prev == nil {
		return nil, nil, false
	}
	in, maybe := v.searchInputsAfter(prev, sel)
	if len(prev.in) != len(in) {
		return nil, nil, false
	}
	// A document that moved changes every position between its old and
	// new one; each is posted again under its id, which is its position.
	var differ []int
	for _, i := range maybe {
		if !reflect.DeepEqual(in[i], prev.in[i]) {
			differ = append(differ, i)
		}
	}
	if len(differ) > len(in)/4 {
		return nil, nil, false // building anew is as quick
	}
	ix := prev.ix
	ix.split = v.memo.words
	shards, files := map[string]bool{}, map[int]bool{}
	for _, i := range differ {
		// A word posted the same before and after leaves its shard as
		// it was.
		was, is := ix.postings(i, prev.in[i].title, prev.in[i].body), ix.postings(i, in[i].title, in[i].body)
		for w, p := range was {
			if q, ok := is[w]; ok && q == p {
				continue
			}
			k := shardKey(w)
			shards[k] = true
			delete(ix.enc[k], w)
			list := slices.DeleteFunc(ix.words[k][w], func(x int32) bool { return x == p })
			switch {
			case len(list) > 0:
				ix.words[k][w] = list
			default:
				delete(ix.words[k], w)
				if len(ix.words[k]) == 0 {
					delete(ix.words, k)
					delete(ix.enc, k)
				}
			}
		}
		for w, p := range is {
			if q, ok := was[w]; ok && q == p {
				continue
			}
			k := shardKey(w)
			shards[k] = true
			if ix.enc != nil && ix.enc[k] == nil {
				ix.enc[k] = map[string][]byte{}
			}
			delete(ix.enc[k], w)
			shard, w, list := ix.entry(w)
			at, _ := slices.BinarySearch(list, p)
			shard[w] = slices.Insert(list, at, p)
		}
		if ix.docs[i] != in[i].doc {
			ix.docs[i] = in[i].doc
			files[i/docsPerChunk] = true
		}
	}
	v.memo.search = &searchState{in: in, ix: ix, arts: v.ix.Site.Articles}
	for _, k := range slices.Sorted(maps.Keys(shards)) {
		if ix.words[k] == nil {
			gone = append(gone, SearchPath+"t-"+k+".json")
			continue
		}
		jobs = append(jobs, ix.shardJob(v, k))
	}
	for _, i := range slices.Sorted(maps.Keys(files)) {
		jobs = append(jobs, ix.chunkJob(v, i))
	}
	return jobs, gone, true
}

// window is where two lists of group keys differ: they are equal before
// lo and in their last tail keys.
func window(a, b []string) (lo, tail int) {
	n := min(len(a), len(b))
	for lo < n && a[lo] == b[lo] {
		lo++
	}
	for tail < n-lo && a[len(a)-1-tail] == b[len(b)-1-tail] {
		tail++
	}
	return lo, tail
}

// locs are the sitemap's URLs of the groups, in order, and where each
// group's end.
func (v *view) locs(kg []keyedGroup, groups map[string]groupFiles, locs []string, ends []int) ([]string, []int) {
	for _, g := range kg {
		for _, p := range groups[g.key].paths {
			locs = append(locs, v.urls.Abs(p))
		}
		ends = append(ends, len(locs))
	}
	return locs, ends
}

// searchInputsAfter are the search documents of the site, found from the
// last render's when the edit kept every entity as it was: then only the
// changed articles' documents are made again (by searchInputs on a site
// of just those) and the others are the last render's, found by URL.
// maybe are the positions whose document may differ from the last
// render's at the same position.
func (v *view) searchInputsAfter(prev *searchState, sel *selection) (in []searchInput, maybe []int) {
	s := v.ix.Site
	ents := len(s.Actors) + len(s.Topics) + len(s.Sources) + len(s.Events)
	if !sel.entitiesKept || len(prev.in) != ents+len(s.Articles) {
		in = v.searchInputs()
		maybe = make([]int, len(in))
		for i := range maybe {
			maybe[i] = i
		}
		return in, maybe
	}
	versions := map[*model.Article]bool{}
	for _, a := range sel.versions {
		versions[a] = true
	}
	var changed []*model.Article
	for _, a := range s.Articles {
		if versions[a] {
			changed = append(changed, a)
		}
	}
	fresh := newView(&timeline.Index{Site: &model.Site{Settings: s.Settings, Articles: changed}}, "").searchInputs()
	in = make([]searchInput, len(prev.in))
	copy(in, prev.in[:ents])
	var at map[string]int // the last render's articles by URL, when needed
	for i, a := range s.Articles {
		j := ents + i
		if versions[a] {
			in[j], fresh = fresh[0], fresh[1:]
			maybe = append(maybe, j)
			continue
		}
		if len(prev.arts) == len(s.Articles) && prev.arts[i] == a {
			in[j] = prev.in[j] // the same article, unchanged, in its place
			continue
		}
		url := v.link(a, "").Href
		if prev.in[j].doc[2] == url {
			in[j] = prev.in[j]
			continue
		}
		if at == nil {
			at = make(map[string]int, len(s.Articles))
			for k := ents; k < len(prev.in); k++ {
				at[prev.in[k].doc[2]] = k
			}
		}
		k, ok := at[url]
		if !ok {
			return v.searchInputsAfter(prev, &selection{})
		}
		in[j] = prev.in[k]
		maybe = append(maybe, j)
	}
	return in, maybe
}

// selection is what an edit affects: the groups to build, each with the
// pages of it to render (nil: all), and the data files to write again.
type selection struct {
	groups map[string]func(path string) bool
	arts   map[string]bool // paths of the articles that changed
	// versions are the old and new versions of those articles.
	versions []*model.Article
	// entitiesKept is set when no entity was added or removed, and
	// every entity's own fields are as they were.
	entitiesKept bool
	feeds        map[model.EntityRef]bool
	touched      map[model.EntityRef]bool // entities whose pages may change
	siteFeed     bool
	search       bool
	timelineJSON bool
	// dropped are data files about to be written again from scratch, so
	// those not written are gone.
	dropped map[string]bool
}

func (s *selection) drop(data map[string]bool, match func(string) bool) {
	for f := range data {
		if match(f) {
			delete(data, f)
			s.dropped[f] = true
		}
	}
}

func all(string) bool { return true }

// plan compares the site old was made from with the one cur shows and
// selects what to render again; a nil selection and a reason mean
// everything. It narrows only a change of articles: what other pages show
// of an article is limited to the pages of the entities it names, the
// timeline entries it or its events make, the indexes and the feeds, and
// each of those is selected below. Where a change reaches further — an
// entity's own fields, an event's entry, the timeline's shape — it either
// follows it precisely or gives up.
func plan(old, cur *view, changed map[string]bool) (*selection, string) {
	os, ns := old.ix.Site, cur.ix.Site
	if !reflect.DeepEqual(os.Settings, ns.Settings) || os.Intro != ns.Intro {
		return nil, "site settings or intro changed"
	}
	if !reflect.DeepEqual(old.site, cur.site) {
		return nil, "the timeline's years or latest page changed"
	}
	of, ol, ook := old.span()
	nf, nl, nok := cur.span()
	if of != nf || ol != nl || ook != nok {
		return nil, "the timeline's span changed"
	}
	for _, y := range cur.ix.Years {
		if oy := old.ix.Year(y.Year); oy == nil || (oy.Count > yearSplit) != (y.Count > yearSplit) {
			return nil, "a year was split into months or joined"
		}
	}
	sel := &selection{groups: map[string]func(string) bool{"home": all}, feeds: map[model.EntityRef]bool{}, dropped: map[string]bool{}}

	// Entities: their own fields must be as they were; actors, topics and
	// sources may come and go with the articles that name them.
	addedKinds := map[model.Kind]bool{}
	touched := map[model.EntityRef]bool{}
	// The same index on both sides is a site changed in place, where
	// only the changed articles' summaries and bodies differ
	// (resolve.Cache.Rebody); nothing else needs comparing.
	same := old.ix == cur.ix
	// A site patched for an edit (resolve.Cache.Patch) shares every
	// entity with the old one, which only changes where one was first
	// named: nothing shown. Nothing else needs comparing then either.
	shared := same || sameEntities(os, ns)
	oe, ne := map[model.EntityRef]any{}, map[model.EntityRef]any{}
	if !shared {
		oe, ne = entityFields(os), entityFields(ns)
	}
	for ref, f := range ne {
		was, ok := oe[ref]
		switch {
		case !ok && ref.Kind == model.KindEvent:
			return nil, "event " + ref.ID + " added"
		case !ok:
			addedKinds[ref.Kind] = true
			touched[ref] = true
		case !reflect.DeepEqual(was, f):
			return nil, singularKind(ref.Kind) + " " + ref.ID + " changed"
		}
	}
	for ref := range oe {
		if _, ok := ne[ref]; !ok {
			if ref.Kind == model.KindEvent {
				return nil, "event " + ref.ID + " removed"
			}
			addedKinds[ref.Kind] = true
		}
	}

	// Articles: those whose file or resolved fields changed. A site
	// patched for an edit shares every other article with the old one, in
	// the same order around the span the edited one moved across, so only
	// that span is mapped; an article outside it is in both sites.
	lo, tail := 0, 0
	if !same {
		for lo < min(len(os.Articles), len(ns.Articles)) && os.Articles[lo] == ns.Articles[lo] {
			lo++
		}
		for tail < min(len(os.Articles), len(ns.Articles))-lo && os.Articles[len(os.Articles)-1-tail] == ns.Articles[len(ns.Articles)-1-tail] {
			tail++
		}
	}
	var oa, na map[string]*model.Article
	if same {
		// Changed in place (Rebody): the changed files name them.
		oa = map[string]*model.Article{}
		for _, a := range os.Articles {
			if changed[a.Path] {
				oa[a.Path] = a
			}
		}
		na = oa
	} else {
		oa = articlesByPath(os.Articles[lo : len(os.Articles)-tail])
		na = articlesByPath(ns.Articles[lo : len(ns.Articles)-tail])
	}
	// newOf is the new version of an article of the old site, nil when
	// it is gone.
	newOf := func(a *model.Article) *model.Article {
		if n, ok := na[a.Path]; ok {
			return n
		}
		if _, ok := oa[a.Path]; ok {
			return nil
		}
		return a
	}
	arts := map[string]bool{}
	for p, a := range na {
		// An article the new site shares with the old one is as it was
		// rendered: only Rebody changes one in place, and says so in
		// changed (a site patched for an edit shares all others).
		if o := oa[p]; o == nil || changed[p] || o != a && !sameArticle(o, a) {
			arts[p] = true
		}
	}
	for p := range oa {
		if na[p] == nil {
			arts[p] = true
		}
	}
	months := map[[2]int]bool{}
	month := func(d model.Date) {
		if !d.IsZero() {
			months[[2]int{d.Year, int(d.Month)}] = true
		}
	}
	// An edit of an article's text alone (title, summary, body, url…)
	// changes the rows that show it and nothing counted or dated.
	textOnly := len(addedKinds) == 0
	var changedArts []*model.Article // old and new versions
	for p := range arts {
		o, n := oa[p], na[p]
		if o == nil || n == nil || !same && !sameButText(o, n) {
			textOnly = false
		}
		for _, a := range []*model.Article{o, n} {
			if a != nil {
				changedArts = append(changedArts, a)
			}
		}
	}
	if textOnly && !onHome(old, arts) && !onHome(cur, arts) {
		delete(sel.groups, "home")
	}
	// firstPage are the entities whose first page, which shows more
	// than the listing, changed with an event's entry.
	firstPage := map[model.EntityRef]bool{}
	pages := map[string]bool{} // article page groups
	for p := range arts {
		for _, a := range []*model.Article{oa[p], na[p]} {
			if a == nil {
				continue
			}
			for ref := range a.Refs() {
				touched[ref] = true
			}
			if len(a.Events) == 0 {
				month(a.Date)
			}
			for _, e := range a.Events {
				month(e.Date)
			}
		}
		if a := na[p]; a != nil {
			pages[pathOf(a)] = true
		}
	}

	// Events whose timeline entry changed (coverage, tags, whether it is
	// ongoing): the entry is shown on the pages of its reports, of what it
	// is part of, of those taking part, and on the timeline.
	oev := map[string]*model.Event{}
	for _, e := range os.Events {
		oev[e.ID] = e
	}
	// An event's entry shows its reports (so only the events of changed
	// articles can change) and whether it is ongoing (which moves with
	// the newest date of the timeline).
	candidates := map[string]bool{}
	for p := range arts {
		for _, a := range []*model.Article{oa[p], na[p]} {
			if a != nil {
				for _, e := range a.Events {
					candidates[e.ID] = true
				}
				for _, q := range a.Quotes {
					if q.Event != nil {
						candidates[q.Event.ID] = true
					}
				}
			}
		}
	}
	for _, e := range ns.Events {
		o := oev[e.ID]
		if !candidates[e.ID] && old.ongoing(o) == cur.ongoing(e) {
			continue
		}
		// With its reports, the entry is on the timeline (and home) only.
		if !reflect.DeepEqual(old.eventEntry(o, true), cur.eventEntry(e, true)) {
			month(e.Date)
		}
		if reflect.DeepEqual(old.eventEntry(o, false), cur.eventEntry(e, false)) {
			continue
		}
		touched[e.Ref()] = true
		firstPage[e.Ref()] = true
		month(e.Date)
		if e.Parent != nil {
			touched[e.Parent.Ref()] = true
			firstPage[e.Parent.Ref()] = true
		}
		for _, a := range old.ix.Coverage[o] {
			if n := newOf(a); n != nil {
				pages[pathOf(n)] = true
			}
		}
		for _, a := range cur.ix.Coverage[e] {
			pages[pathOf(a)] = true
		}
		for _, ix := range []*timeline.Index{old.ix, cur.ix} {
			for ref, evs := range ix.EventsOf {
				if slices.ContainsFunc(evs, func(x *model.Event) bool { return x.ID == e.ID }) {
					touched[ref] = true
					firstPage[ref] = true
				}
			}
		}
	}
	// The search index and timeline.json hold every article and entity.
	if len(arts) > 0 || len(addedKinds) > 0 {
		sel.search, sel.timelineJSON = true, true
	}
	sel.touched, sel.arts, sel.versions, sel.entitiesKept = touched, arts, changedArts, len(addedKinds) == 0
	for p := range pages {
		sel.groups[p] = all
	}

	// Entity pages: all pages when their listing grew or shrank (the
	// count and pager are on every page), else the first page and those
	// that hold a changed article.
	for ref := range touched {
		if cur.entities[ref] == nil {
			continue
		}
		if old.entities[ref] == nil || feedChanged(old.ix.Mentions[ref], cur.ix.Mentions[ref], arts) {
			sel.feeds[ref] = true
		}
		key := EntityPath(ref.Kind, ref.ID)
		if old.entities[ref] == nil || ref.Kind == model.KindEvent {
			sel.groups[key] = all
			continue
		}
		ol, nl := listing(old.ix, ref), listing(cur.ix, ref)
		if len(ol) != len(nl) {
			sel.groups[key] = all
			continue
		}
		if textOnly && !firstPage[ref] && !onFirstPage(ref, changedArts) {
			sel.groups[key] = pagesBetween(key, positions(ol, changedArts), positions(nl, changedArts), perPage)
			continue
		}
		sel.groups[key] = pageRange(key, positions(ol, changedArts), positions(nl, changedArts), perPage)
	}

	// The timeline: the years and months that hold a changed entry; a
	// year whose months changed has every month page changed (prev/next).
	years := map[int]bool{}
	whole := map[int]bool{}
	for ym := range months {
		years[ym[0]] = true
	}
	for y := range years {
		oy, ny := old.ix.Year(y), cur.ix.Year(y)
		if oy == nil || ny == nil || !slices.EqualFunc(oy.Months, ny.Months, func(a, b *timeline.Month) bool { return a.Month == b.Month }) {
			whole[y] = true
		}
	}
	sel.groups["timeline"] = func(p string) bool {
		for y := range years {
			if p == YearPath(y) || whole[y] && strings.HasPrefix(p, YearPath(y)) {
				return true
			}
		}
		for ym := range months {
			if strings.HasPrefix(p, MonthPath(ym[0], ym[1])) {
				return true
			}
		}
		return false
	}

	// The indexes of each kind. A page shows its items and the total, so
	// with as many items as before only the pages between a changed
	// article's old and new places change, and of an entity index only
	// the pages holding an entity whose row differs (its count or filter
	// tags: plan returned above if its own fields changed).
	if len(arts) > 0 {
		if len(os.Articles) != len(ns.Articles) {
			sel.groups["list/"+string(model.KindArticle)] = all
		} else {
			sel.groups["list/"+string(model.KindArticle)] = pagesBetween(string(model.KindArticle)+"/", positions(os.Articles, changedArts), positions(ns.Articles, changedArts), listPerPage)
		}
	}
	for _, k := range []model.Kind{model.KindEvent, model.KindActor, model.KindTopic, model.KindSource} {
		if addedKinds[k] {
			sel.groups["list/"+string(k)] = all
			continue
		}
		ids := entityIDs(ns, k)
		var at []int
		for i, id := range ids {
			ref := model.EntityRef{Kind: k, ID: id}
			// A text edit changes no count and no tag.
			if touched[ref] && !textOnly && !sameRow(old, cur, ref) {
				at = append(at, i)
			}
		}
		if len(at) > 0 {
			sel.groups["list/"+string(k)] = pagesAt(string(k)+"/", at, listPerPage)
		}
	}

	// The site's feed holds the newest articles.
	for _, as := range [][]*model.Article{os.Articles, ns.Articles} {
		for _, a := range as[max(0, len(as)-feedEntries):] {
			if arts[a.Path] {
				sel.siteFeed = true
			}
		}
	}
	return sel, ""
}

// feedEntries is how many articles a feed carries (feedJob).
const feedEntries = 50

// listing is the paginated list of an entity's page.
func listing(ix *timeline.Index, ref model.EntityRef) []*model.Article {
	if ref.Kind == model.KindSource {
		for s, as := range ix.Published {
			if s.ID == ref.ID {
				return as
			}
		}
		return nil
	}
	return ix.Mentions[ref]
}

// sameButText reports whether two versions of an article differ at most
// in what is shown only where the article itself is shown: its title,
// summary, body, links out, language and params.
func sameButText(a, b *model.Article) bool {
	fa, fb := fieldsOf(a), fieldsOf(b)
	for _, f := range []*articleFields{&fa, &fb} {
		f.Title, f.Summary, f.SummaryFromBody, f.URL, f.Language, f.Params, f.HasBody = "", "", false, "", "", nil, false
	}
	return reflect.DeepEqual(fa, fb)
}

// onHome reports whether the home page, whose only rows are its latest
// entries, shows one of the articles at paths.
func onHome(v *view, paths map[string]bool) bool {
	es := v.ix.Entries
	for _, e := range es[max(0, len(es)-latest):] {
		if e.Article != nil && paths[e.Article.Path] {
			return true
		}
		if e.Event != nil {
			for _, a := range e.Articles[:min(len(e.Articles), entryReports)] {
				if paths[a.Path] {
					return true
				}
			}
		}
	}
	return false
}

// onFirstPage reports whether the first page of an entity may show one of
// the articles other than in its listing, whose pages are selected by
// position: an actor's quotes, a source's citations, an event's mentions
// and quotes. Counts and charts stay as they were after a text edit.
func onFirstPage(ref model.EntityRef, as []*model.Article) bool {
	for _, a := range as {
		switch ref.Kind {
		case model.KindEvent:
			return true
		case model.KindActor:
			for _, q := range a.Quotes {
				if q.By != nil && q.By.Ref() == ref {
					return true
				}
			}
		case model.KindSource:
			if (a.Source == nil || a.Source.Ref() != ref) && slices.Contains(slices.Collect(a.Refs()), ref) {
				return true
			}
		}
	}
	return false
}

// feedChanged reports whether an entity's feed, which carries the newest
// feedEntries of the articles that mention it, may differ: its listing
// changed length, or a changed article is or was among those carried.
func feedChanged(old, cur []*model.Article, arts map[string]bool) bool {
	if len(old) != len(cur) {
		return true
	}
	for _, as := range [][]*model.Article{old, cur} {
		for _, a := range as[max(0, len(as)-feedEntries):] {
			if arts[a.Path] {
				return true
			}
		}
	}
	return false
}

// sameRow reports whether an entity's row on its kind's index is the same
// in both views, given that the entity's own fields are: the row adds
// only how many articles name it and the filter tags found from them.
func sameRow(old, cur *view, ref model.EntityRef) bool {
	if old.ix == cur.ix {
		return true // only summaries and bodies changed (Rebody)
	}
	oe, ne := old.entities[ref], cur.entities[ref]
	if oe == nil || ne == nil {
		return false
	}
	if ref.Kind == model.KindEvent {
		var o, n *model.Event
		for _, e := range old.ix.Site.Events {
			if e.ID == ref.ID {
				o = e
			}
		}
		for _, e := range cur.ix.Site.Events {
			if e.ID == ref.ID {
				n = e
			}
		}
		return o != nil && n != nil && len(old.ix.Coverage[o]) == len(cur.ix.Coverage[n]) &&
			old.eventTags(o) == cur.eventTags(n)
	}
	return len(old.ix.Mentions[ref]) == len(cur.ix.Mentions[ref]) && old.entityTags(oe) == cur.entityTags(ne)
}

// positions are where the articles of versions are in a list in
// timeline order: found by halving, or by looking through the list if it
// is not so ordered.
func positions(list []*model.Article, versions []*model.Article) []int {
	var out []int
	for _, a := range versions {
		i, ok := slices.BinarySearchFunc(list, a, model.CompareArticles)
		if !ok || list[i] != a {
			i = slices.Index(list, a)
		}
		if i >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// pageRange selects the first page and every page from the first to the
// last position given, in old or new order: an item that moved shifted
// all those between.
func pageRange(base string, old, cur []int, size int) func(string) bool {
	want := map[string]bool{base: true}
	if at := slices.Concat(old, cur); len(at) > 0 {
		for n := slices.Min(at)/size + 1; n <= slices.Max(at)/size+1; n++ {
			want[PagedPath(base, n)] = true
		}
	}
	return func(p string) bool { return want[p] }
}

// pagesBetween selects every page from the first to the last position
// given, in old or new order, and no other: for a listing whose length
// and other items are as they were.
func pagesBetween(base string, old, cur []int, size int) func(string) bool {
	want := map[string]bool{}
	if at := slices.Concat(old, cur); len(at) > 0 {
		for n := slices.Min(at)/size + 1; n <= slices.Max(at)/size+1; n++ {
			want[PagedPath(base, n)] = true
		}
	}
	return func(p string) bool { return want[p] }
}

// pagesAt selects the pages holding the positions given, for a listing
// whose items did not move.
func pagesAt(base string, at []int, size int) func(string) bool {
	want := map[string]bool{}
	for _, i := range at {
		want[PagedPath(base, i/size+1)] = true
	}
	return func(p string) bool { return want[p] }
}

func articlesByPath(as []*model.Article) map[string]*model.Article {
	m := make(map[string]*model.Article, len(as))
	for _, a := range as {
		m[a.Path] = a
	}
	return m
}

func entityIDs(s *model.Site, k model.Kind) []string {
	var ids []string
	switch k {
	case model.KindEvent:
		for _, e := range s.Events {
			ids = append(ids, e.ID)
		}
	case model.KindActor:
		for _, e := range s.Actors {
			ids = append(ids, e.ID)
		}
	case model.KindTopic:
		for _, e := range s.Topics {
			ids = append(ids, e.ID)
		}
	case model.KindSource:
		for _, e := range s.Sources {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// articleFields are an article's resolved fields with references by id,
// for comparing one run's with the next.
type articleFields struct {
	Slug, Path, Title, URL, Language, Summary string
	SummaryFromBody, Draft, HasBody           bool
	Date                                      model.Date
	Pos                                       model.Pos
	Params                                    map[string]any
	Source                                    model.EntityRef
	Actors, Topics, Events, Cites, Links      []model.EntityRef
	Quotes                                    []quoteFields
}

type quoteFields struct {
	By, Event  model.EntityRef
	Text, Lang string
	Said       model.Date
	Pos        model.Pos
}

func fieldsOf(a *model.Article) articleFields {
	f := articleFields{
		Slug: a.Slug, Path: a.Path, Title: a.Title, URL: a.URL, Language: a.Language, Summary: a.Summary,
		SummaryFromBody: a.SummaryFromBody, Draft: a.Draft, HasBody: a.Body != nil, Date: a.Date, Pos: a.Pos, Params: a.Params,
		Actors: model.RefsOf(a.Actors), Topics: model.RefsOf(a.Topics), Events: model.RefsOf(a.Events), Cites: model.RefsOf(a.Cites), Links: a.Links,
	}
	if a.Source != nil {
		f.Source = a.Source.Ref()
	}
	for _, q := range a.Quotes {
		qf := quoteFields{Text: q.Text, Lang: q.Lang, Said: q.Said, Pos: q.Pos}
		if q.By != nil {
			qf.By = q.By.Ref()
		}
		if q.Event != nil {
			qf.Event = q.Event.Ref()
		}
		f.Quotes = append(f.Quotes, qf)
	}
	return f
}

func sameArticle(a, b *model.Article) bool { return reflect.DeepEqual(fieldsOf(a), fieldsOf(b)) }

// entityFields maps every entity to the fields pages show of it, with
// references by id. FirstSeen is left out: it names a file in messages
// and moves with article order, but no page shows it.
func entityFields(s *model.Site) map[model.EntityRef]any {
	m := map[model.EntityRef]any{}
	common := func(e model.Entity) model.Entity {
		e.FirstSeen = model.Pos{}
		return e
	}
	for _, a := range s.Actors {
		m[a.Ref()] = struct {
			E       model.Entity
			Type    string
			Roles   []model.Role
			Country string
		}{common(a.Entity), a.Type, a.Roles, a.Country}
	}
	for _, t := range s.Topics {
		m[t.Ref()] = common(t.Entity)
	}
	for _, x := range s.Sources {
		m[x.Ref()] = struct {
			E                                 model.Entity
			URL, Country, Type, Language, Own string
		}{common(x.Entity), x.URL, x.Country, x.Type, x.Language, x.Owner}
	}
	for _, e := range s.Events {
		var parent model.EntityRef
		if e.Parent != nil {
			parent = e.Parent.Ref()
		}
		m[e.Ref()] = struct {
			E                      model.Entity
			Date, End              model.Date
			Place, Status          string
			Actors, Topics, Childs []model.EntityRef
			Parent                 model.EntityRef
		}{common(e.Entity), e.Date, e.End, e.Place, e.Status, model.RefsOf(e.Actors), model.RefsOf(e.Topics), model.RefsOf(e.Children), parent}
	}
	return m
}

// sameEntities reports whether two sites hold the same entity objects.
func sameEntities(a, b *model.Site) bool {
	return slices.Equal(a.Actors, b.Actors) && slices.Equal(a.Topics, b.Topics) &&
		slices.Equal(a.Sources, b.Sources) && slices.Equal(a.Events, b.Events)
}

func singularKind(k model.Kind) string { return strings.TrimSuffix(string(k), "s") }

func sortedRefs(m map[model.EntityRef]bool) []model.EntityRef {
	out := slices.Collect(maps.Keys(m))
	slices.SortFunc(out, func(a, b model.EntityRef) int {
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// changedRows are the URLs whose rows an edit may have changed: those of
// the articles it changed (their reference rows, timeline rows and
// quotes) and of the events it touched (their entries). Any other change
// (an entity's own fields, settings, the timeline's span) renders the
// whole site, which keeps no rows.
func (v *view) changedRows(sel *selection) map[string]bool {
	urls := map[string]bool{}
	for _, a := range sel.versions {
		urls[v.urls.relOf(a)] = true
	}
	for ref := range sel.touched {
		if ref.Kind == model.KindEvent {
			urls[v.urls.relOf(ref)] = true
		}
	}
	return urls
}
