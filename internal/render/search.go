package render

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/parallel"
)

// The search index is built once per run and split so a browser fetches
// only what a query needs: search/t-<key>.json maps every word starting
// with the two characters <key> to the documents holding it, and
// search/d-<n>.json holds docsPerChunk documents each. static/assets/annals.js
// folds and shards queries with the same rules as fold and shardKey.
const docsPerChunk = 500

// searchDoc is one findable page: kind, title, URL, date, snippet.
type searchDoc [5]string

// stopWords are too common to narrow a search; the script drops them too.
var stopWords = map[string]bool{
	"an": true, "and": true, "the": true, "of": true, "in": true, "on": true, "to": true, "for": true,
	"is": true, "at": true, "by": true, "with": true, "as": true, "it": true, "be": true, "or": true,
	"that": true, "this": true, "was": true, "are": true, "from": true,
}

// fold lower-cases s and drops combining marks after NFKD, as names are
// matched elsewhere, so "Şafak" is found by "safak".
func fold(s string) string {
	if isASCII(s) {
		// What NFKD leaves as it is, with no marks to drop.
		return strings.ToLower(s)
	}
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// words splits folded text into searchable words of two runes or more.
func words(s string) []string {
	// Folded, most text is ASCII, names such as "Zoë Ångström" too.
	f := fold(s)
	if isASCII(f) {
		return asciiWords(f)
	}
	return unicodeWords(f)
}

// unicodeWords is words for any folded text.
func unicodeWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) >= 2 && !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// asciiWords is words for folded ASCII text, where the only letters
// and digits are a–z and 0–9 and a rune is a byte: most bodies are such
// text, and a rune at a time through unicode's tables was most of the
// time the search index took to build.
func asciiWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9') {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i-start >= 2 && !stopWords[s[start:i]] {
			out = append(out, s[start:i])
		}
		start = -1
	}
	return out
}

// shardKey names the shard of a word by its first two runes: themselves
// when they are ASCII letters or digits, else their code points in hex.
func shardKey(w string) string {
	r0, n := utf8.DecodeRuneInString(w)
	r1, m := utf8.DecodeRuneInString(w[n:])
	if isAlnum(r0) && isAlnum(r1) {
		return w[:n+m]
	}
	return "u" + strconv.FormatInt(int64(r0), 16) + "-" + strconv.FormatInt(int64(r1), 16)
}

// isASCII reports whether s holds only ASCII characters.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool { return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' }

// searchIndex gathers documents and their words.
type searchIndex struct {
	docs  []searchDoc
	words map[string]map[string][]int32 // shard → word → postings
	split func(string) []string         // words, or a memo of it
	// enc keeps, for the live preview, each word's encoded postings by
	// shard: an edit that moves a document re-posts every word of the
	// documents it passes, and most of a shard is then as it was.
	enc map[string]map[string][]byte
}

// searchBatch is how many documents addAll splits into words at once:
// enough to keep every core busy, few enough that their words take
// little memory.
const searchBatch = 2048

// addAll indexes documents, splitting them into words in parallel; only
// filing the postings, in document order, is left to one core. Words of a
// title count double, so that pages named by a query come first: a
// posting is 2*doc+1 for a title word.
func (ix *searchIndex) addAll(in []searchInput) {
	type posting struct {
		word string
		p    int32
	}
	base := len(ix.docs)
	posts := make([][]posting, len(in))
	// The work cannot fail and is not cancelled: a build that is stops
	// after the index, at its next page.
	// Each worker reuses one map for the words of its documents.
	newSeen := func() map[string]int32 { return map[string]int32{} }
	_ = parallel.Each(context.Background(), len(in), newSeen, func(i int, seen map[string]int32) error {
		clear(seen)
		ix.postingsInto(seen, base+i, in[i].title, in[i].body)
		ps := make([]posting, 0, len(seen))
		for w, p := range seen {
			ps = append(ps, posting{w, p})
		}
		posts[i] = ps
		return nil
	})
	for i, d := range in {
		ix.docs = append(ix.docs, d.doc)
		for _, p := range posts[i] {
			ix.post(p.word, p.p)
		}
	}
}

// postings are the words of document id with their postings.
func (ix *searchIndex) postings(id int, title string, body []string) map[string]int32 {
	seen := map[string]int32{}
	ix.postingsInto(seen, id, title, body)
	return seen
}

// postingsInto adds the words of document id with their postings to
// seen, which holds no other document's.
func (ix *searchIndex) postingsInto(seen map[string]int32, id int, title string, body []string) {
	for _, w := range ix.split(title) {
		seen[w] = int32(2*id + 1)
	}
	for _, s := range body {
		for _, w := range ix.split(s) {
			if _, ok := seen[w]; !ok {
				seen[w] = int32(2 * id)
			}
		}
	}
}

// post adds posting p to word w, after the word's others.
func (ix *searchIndex) post(w string, p int32) {
	shard, w, list := ix.entry(w)
	shard[w] = append(list, p)
}

// entry finds word w's postings, and the shard and key they are kept
// under, making the shard if it is new. A word new to the index is
// copied: split leaves it inside the folded text it came from, which
// would otherwise stay in memory for the word's sake.
func (ix *searchIndex) entry(w string) (shard map[string][]int32, key string, list []int32) {
	k := shardKey(w)
	shard = ix.words[k]
	if shard == nil {
		shard = map[string][]int32{}
		ix.words[k] = shard
	}
	list, ok := shard[w]
	if !ok {
		w = strings.Clone(w)
	}
	return shard, w, list
}

func snippet(s string) string {
	r := []rune(s)
	if len(r) <= 160 {
		return s
	}
	return strings.TrimSpace(string(r[:157])) + "…"
}

// searchInput is one document of the search index and the texts whose
// words find it.
type searchInput struct {
	doc   searchDoc
	title string
	body  []string
}

// searchInputs are the documents of the search index, in index order.
func (v *view) searchInputs() []searchInput {
	var in []searchInput
	v.eachSearchInput(func(d searchInput) { in = append(in, d) })
	return in
}

// eachSearchInput calls add with each document of the search index, in
// index order, so a full build indexes them without holding them all.
func (v *view) eachSearchInput(add func(searchInput)) {
	s := v.ix.Site
	entity := func(label string, e *model.Entity) {
		add(searchInput{searchDoc{label, e.Name, v.link(e, "").Href, "", snippet(e.Summary)}, e.Name + " " + strings.Join(e.Aliases, " "), []string{e.Summary}})
	}
	for _, a := range s.Actors {
		entity("Actor", &a.Entity)
	}
	for _, t := range s.Topics {
		entity("Topic", &t.Entity)
	}
	for _, x := range s.Sources {
		entity("Source", &x.Entity)
	}
	for _, e := range s.Events {
		add(searchInput{searchDoc{"Event", e.Name, v.link(e, "").Href, e.Date.Human(), snippet(e.Summary)}, e.Name + " " + strings.Join(e.Aliases, " "), []string{e.Summary, e.Place}})
	}
	for _, a := range s.Articles {
		body := []string{a.Summary}
		if a.Source != nil {
			body = append(body, a.Source.Name)
		}
		for _, q := range a.Quotes {
			body = append(body, q.Text)
			if q.By != nil {
				body = append(body, q.By.Name)
			}
		}
		add(searchInput{searchDoc{"Article", a.Title, v.link(a, "").Href, a.Date.Human(), snippet(a.Summary)}, a.Title, body})
	}
}

// searchJobs write the search index files.
func (v *view) searchJobs() []job {
	ix := &searchIndex{words: map[string]map[string][]int32{}, split: words}
	if v.memo != nil {
		ix.split = v.memo.words
	}
	if v.memo != nil {
		in := v.searchInputs()
		for batch := range slices.Chunk(in, searchBatch) {
			ix.addAll(batch)
		}
		ix.enc = make(map[string]map[string][]byte, len(ix.words))
		for k := range ix.words {
			ix.enc[k] = map[string][]byte{}
		}
		v.memo.search = &searchState{in: in, ix: ix}
	} else {
		batch := make([]searchInput, 0, searchBatch)
		v.eachSearchInput(func(d searchInput) {
			if batch = append(batch, d); len(batch) == searchBatch {
				ix.addAll(batch)
				batch = batch[:0]
			}
		})
		ix.addAll(batch)
	}
	var jobs []job
	keys := make([]string, 0, len(ix.words))
	for k := range ix.words {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		jobs = append(jobs, ix.shardJob(v, k))
	}
	for i := range chunks(ix.docs, docsPerChunk) {
		jobs = append(jobs, ix.chunkJob(v, i))
	}
	return jobs
}

// shardJob writes the shard of words starting with k. Jobs of different
// shards may run at once: each touches only its own shard's encodings.
func (ix *searchIndex) shardJob(v *view, k string) job {
	shard, enc := ix.words[k], ix.enc[k]
	return v.fixed(SearchPath+"t-"+k+".json", func(b *bytes.Buffer) error {
		writeShard(b, shard, enc)
		return nil
	})
}

// chunkJob writes the i-th file of documents.
func (ix *searchIndex) chunkJob(v *view, i int) job {
	c := chunks(ix.docs, docsPerChunk)[i]
	return v.fixed(SearchPath+"d-"+strconv.Itoa(i)+".json", func(b *bytes.Buffer) error {
		if c == nil {
			c = []searchDoc{}
		}
		return writeJSON(b, c)
	})
}

// writeShard writes a shard as encoding/json would (keys sorted, no HTML
// escaping, a newline at the end), directly: through reflection, the
// shards were most of the search index's time, and of a preview render
// after a title edit. With enc, a word's encoding is taken from there when
// it has one and kept there when it has not.
func writeShard(b *bytes.Buffer, shard map[string][]int32, enc map[string][]byte) {
	words := make([]string, 0, len(shard))
	for w := range shard {
		words = append(words, w)
	}
	slices.Sort(words)
	var num [20]byte
	b.WriteByte('{')
	for i, w := range words {
		if i > 0 {
			b.WriteByte(',')
		}
		if e, ok := enc[w]; ok {
			b.Write(e)
			continue
		}
		start := b.Len()
		jsonString(b, w)
		b.WriteString(":[")
		for j, p := range shard[w] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.Write(strconv.AppendInt(num[:0], int64(p), 10))
		}
		b.WriteByte(']')
		if enc != nil {
			enc[w] = bytes.Clone(b.Bytes()[start:])
		}
	}
	b.WriteString("}\n")
}

// jsonString writes s quoted as encoding/json does without HTML escaping.
func jsonString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\b':
				b.WriteString(`\b`)
			case c == '\f':
				b.WriteString(`\f`)
			case c < 0x20:
				b.WriteString(`\u00`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&15])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			b.WriteString(`\u202`)
			b.WriteByte(hex[r&15])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

// writeJSON writes v with sorted map keys (encoding/json sorts them), so
// the files are the same on every run.
func writeJSON(b *bytes.Buffer, v any) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}
