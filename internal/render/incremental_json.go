package render

import (
	"bytes"
	"slices"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/timeline"
)

// timeline.json holds a record per article and per entity, and an edit
// changes a few of them; encoding the whole file again costs about as
// much as the rest of an edit at 10,000 articles. The preview keeps the
// last file cut into its records and encodes again only those an edit
// changes, with timelineJSON itself (on a site of just those), so the
// records are what a full encoding gives by construction.

// jsonState is the timeline.json a render wrote: whole, as written, until
// an edit first needs its records, then cut.
type jsonState struct {
	raw  []byte
	site *model.Site // what raw was made from; its lists give raw's order
	cut  *jsonRecords
}

// jsonRecords is timeline.json cut into its parts: the records of the
// articles (by path) and of each list of jsonLists (by ref), in file order.
type jsonRecords struct {
	head  []byte // up to and including `"articles":[`
	paths []string
	arts  [][]byte
	refs  [4][]model.EntityRef
	ents  [4][][]byte
	// at finds a record by path or ref once the order differs from the
	// file's; made on first use.
	artAt map[string]int
	entAt [4]map[model.EntityRef]int
}

// art is the record of the article at path, which is at i in the new
// order; most articles are where they were.
func (r *jsonRecords) art(i int, path string) ([]byte, bool) {
	if i < len(r.paths) && r.paths[i] == path {
		return r.arts[i], true
	}
	// An article whose title or date changed moves a few places, and
	// those it passes by one: look near before making the map.
	for d := 1; d <= nearby; d++ {
		if j := i - d; j >= 0 && j < len(r.paths) && r.paths[j] == path {
			return r.arts[j], true
		}
		if j := i + d; j < len(r.paths) && r.paths[j] == path {
			return r.arts[j], true
		}
	}
	if r.artAt == nil {
		r.artAt = make(map[string]int, len(r.paths))
		for j, p := range r.paths {
			r.artAt[p] = j
		}
	}
	j, ok := r.artAt[path]
	if !ok {
		return nil, false
	}
	return r.arts[j], true
}

// nearby is how far from its place an article's record is looked for
// before every record is mapped by path.
const nearby = 8

// ent is the record of the entity ref of list k, at i in the new order.
func (r *jsonRecords) ent(k, i int, ref model.EntityRef) ([]byte, bool) {
	if i < len(r.refs[k]) && r.refs[k][i] == ref {
		return r.ents[k][i], true
	}
	if r.entAt[k] == nil {
		r.entAt[k] = make(map[model.EntityRef]int, len(r.refs[k]))
		for j, x := range r.refs[k] {
			r.entAt[k][x] = j
		}
	}
	j, ok := r.entAt[k][ref]
	if !ok {
		return nil, false
	}
	return r.ents[k][j], true
}

// jsonLists are the top-level lists of timeline.json after "articles",
// in the order timelineJSON writes them.
var jsonLists = []string{"events", "actors", "topics", "sources"}

// records cuts the file, once; nil when it is not laid out as expected.
func (j *jsonState) records() *jsonRecords {
	if j == nil {
		return nil
	}
	if j.cut != nil {
		return j.cut
	}
	head, lists, ok := cutTimelineJSON(j.raw)
	s := j.site
	if !ok || len(lists[0]) != len(s.Articles) || len(lists[1]) != len(s.Events) || len(lists[2]) != len(s.Actors) ||
		len(lists[3]) != len(s.Topics) || len(lists[4]) != len(s.Sources) {
		return nil
	}
	r := &jsonRecords{head: head, paths: make([]string, len(s.Articles)), arts: lists[0], refs: entityRefLists(s)}
	for i, a := range s.Articles {
		r.paths[i] = a.Path
	}
	copy(r.ents[:], lists[1:])
	j.cut, j.raw = r, nil
	return r
}

// entityRefLists are the refs of a site's events, actors, topics and
// sources, in the order of jsonLists.
func entityRefLists(s *model.Site) [4][]model.EntityRef {
	return [4][]model.EntityRef{model.RefsOf(s.Events), model.RefsOf(s.Actors), model.RefsOf(s.Topics), model.RefsOf(s.Sources)}
}

// timelineJSONPatch writes timeline.json from the last render's records,
// encoding again the records of the changed articles (by path), of the
// touched entities whose mentions differ from those in old, the last
// render's index, and of any the last render did not have. It reports
// false, writing nothing, when there is nothing to patch.
func (v *view) timelineJSONPatch(b *bytes.Buffer, arts map[string]bool, touched map[model.EntityRef]bool, old *timeline.Index) (bool, error) {
	prev := v.memo.prevTimeline.records()
	if prev == nil {
		return false, nil
	}
	s := v.ix.Site
	all := entityRefLists(s)
	mini := &model.Site{Settings: s.Settings}
	for i, a := range s.Articles {
		if _, ok := prev.art(i, a.Path); !ok || arts[a.Path] {
			mini.Articles = append(mini.Articles, a)
		}
	}
	again := func(k int) func(i int, ref model.EntityRef) bool {
		return func(i int, ref model.EntityRef) bool {
			// A record is the entity's own fields, which the plan found
			// as they were, and the ids of the articles mentioning it.
			_, ok := prev.ent(k, i, ref)
			return !ok || touched[ref] && !sameSlugs(old.Mentions[ref], v.ix.Mentions[ref])
		}
	}
	mini.Events = pick(s.Events, again(0))
	mini.Actors = pick(s.Actors, again(1))
	mini.Topics = pick(s.Topics, again(2))
	mini.Sources = pick(s.Sources, again(3))
	// The mini site's records name the same URLs and mentions as the
	// whole site's: those come from the settings and the index.
	mv := newView(&timeline.Index{Site: mini, Mentions: v.ix.Mentions}, "")
	var mb bytes.Buffer
	if err := mv.timelineJSON(&mb); err != nil {
		return false, err
	}
	head, lists, ok := cutTimelineJSON(mb.Bytes())
	if !ok {
		return false, nil
	}
	fresh := map[string][]byte{}
	for i, a := range mini.Articles {
		fresh[a.Path] = lists[0][i]
	}
	freshEnt := map[model.EntityRef][]byte{}
	for k, refs := range entityRefLists(mini) {
		for i, ref := range refs {
			freshEnt[ref] = lists[1+k][i]
		}
	}
	art := func(i int, p string) []byte {
		if r, ok := fresh[p]; ok {
			return r
		}
		r, _ := prev.art(i, p)
		return r
	}
	ent := func(k, i int, ref model.EntityRef) []byte {
		if r, ok := freshEnt[ref]; ok {
			return r
		}
		r, _ := prev.ent(k, i, ref)
		return r
	}

	// The records are kept where they are (in the last file, or in the
	// mini site's), never in b, which is the writer's to reuse.
	next := &jsonRecords{head: head, paths: make([]string, len(s.Articles)), arts: make([][]byte, len(s.Articles)), refs: all}
	size := len(head) + 64
	for i, a := range s.Articles {
		next.paths[i] = a.Path
		next.arts[i] = art(i, a.Path)
		size += len(next.arts[i]) + 1
	}
	for k, refs := range all {
		next.ents[k] = make([][]byte, len(refs))
		for i, ref := range refs {
			next.ents[k][i] = ent(k, i, ref)
			size += len(next.ents[k][i]) + len(jsonLists[k]) + 6
		}
	}
	b.Grow(size)
	b.Write(head)
	for i, r := range next.arts {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(r)
	}
	b.WriteByte(']')
	for k := range all {
		b.WriteString(`,"` + jsonLists[k] + `":[`)
		for i, r := range next.ents[k] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(r)
		}
		b.WriteByte(']')
	}
	b.WriteString("}\n")
	v.memo.mu.Lock()
	v.memo.timeline = &jsonState{site: s, cut: next}
	v.memo.mu.Unlock()
	return true, nil
}

// sameSlugs reports whether two lists of articles have the same slugs in
// the same order.
func sameSlugs(a, b []*model.Article) bool {
	return slices.EqualFunc(a, b, func(x, y *model.Article) bool { return x.Slug == y.Slug })
}

// pick are the items of xs for which want holds.
func pick[T interface{ Ref() model.EntityRef }](xs []T, want func(i int, ref model.EntityRef) bool) []T {
	var out []T
	for i, x := range xs {
		if want(i, x.Ref()) {
			out = append(out, x)
		}
	}
	return out
}

// cutTimelineJSON cuts timeline.json, as timelineJSON writes it (compact,
// the articles and then the lists of jsonLists last), into the part before
// the articles' records and the records of each list.
func cutTimelineJSON(b []byte) (head []byte, lists [5][][]byte, ok bool) {
	if len(b) == 0 || b[0] != '{' {
		return nil, lists, false
	}
	names := append([]string{"articles"}, jsonLists...)
	k, i := 0, 1
	for i < len(b) && b[i] != '}' {
		end := jsonEnd(b, i)
		key := string(b[i:end])
		if end >= len(b) || b[end] != ':' {
			return nil, lists, false
		}
		i = end + 1
		if k < len(names) && key == `"`+names[k]+`"` {
			if i >= len(b) || b[i] != '[' {
				return nil, lists, false
			}
			if k == 0 {
				head = b[: i+1 : i+1]
			}
			i++
			recs := [][]byte{}
			for i < len(b) && b[i] != ']' {
				end := jsonEnd(b, i)
				recs = append(recs, b[i:end:end])
				i = end
				if i < len(b) && b[i] == ',' {
					i++
				}
			}
			lists[k] = recs
			k++
			i++
		} else {
			if k > 0 {
				return nil, lists, false // a key among the lists: not this layout
			}
			i = jsonEnd(b, i)
		}
		if i < len(b) && b[i] == ',' {
			i++
		}
	}
	return head, lists, k == len(names) && string(b[i:]) == "}\n"
}

// jsonEnd is the index just past the JSON value that starts at b[i], in
// the compact form encoding/json writes.
func jsonEnd(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			if depth == 0 {
				return min(i+1, len(b))
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // a number or literal ended by its container
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return len(b)
}
