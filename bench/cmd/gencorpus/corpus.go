package main

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/annals/annals/bench/internal/fold"
	"gopkg.in/yaml.v3"
)

// The corpus spans several years so that year and month pages are realistic.
var (
	spanStart = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	spanDays  = int(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC).Sub(spanStart).Hours() / 24)
)

// Stream ids for rand.NewPCG: pools and each article draw from their own
// stream, so articles can be generated in parallel and in any order.
const (
	streamPools   = 1 << 40
	streamEvents  = 2 << 40
	streamArticle = 3 << 40
)

type event struct {
	ID      string   `yaml:"-"`
	Title   string   `yaml:"title"`
	Summary string   `yaml:"summary,omitempty"`
	Date    string   `yaml:"date"`
	End     string   `yaml:"end,omitempty"`
	Place   string   `yaml:"place,omitempty"`
	Actors  []string `yaml:"actors,omitempty"`
	Topics  []string `yaml:"topics,omitempty"`
	Parent  string   `yaml:"parent,omitempty"`
	Status  string   `yaml:"status,omitempty"`
	body    string
}

type quote struct {
	By   string `yaml:"by"`
	Text string `yaml:"text"`
}

type articleMeta struct {
	Title    string   `yaml:"title"`
	Date     string   `yaml:"date"`
	Source   string   `yaml:"source"`
	URL      string   `yaml:"url,omitempty"`
	Language string   `yaml:"language,omitempty"`
	Summary  string   `yaml:"summary,omitempty"`
	Actors   []string `yaml:"actors,omitempty"`
	Topics   []string `yaml:"topics,omitempty"`
	Events   []string `yaml:"events,omitempty"`
	Cites    []string `yaml:"cites,omitempty"`
	Quotes   []quote  `yaml:"quotes,omitempty"`
}

// hugoMeta carries the same facts in the shape Hugo understands: full dates
// and taxonomies as lists.
type hugoMeta struct {
	Title   string   `yaml:"title"`
	Date    string   `yaml:"date"`
	Slug    string   `yaml:"slug"`
	Summary string   `yaml:"summary,omitempty"`
	Actors  []string `yaml:"actors,omitempty"`
	Topics  []string `yaml:"topics,omitempty"`
	Sources []string `yaml:"sources"`
	Events  []string `yaml:"events,omitempty"`
}

type corpus struct {
	n      int
	seed   uint64
	actors []string
	topics []string
	events []event
}

func newCorpus(n int, seed uint64) *corpus {
	c := &corpus{n: n, seed: seed}
	r := rand.New(rand.NewPCG(seed, streamPools))
	c.actors = makeActors(r, max(20, n/10))
	c.topics = makeTopics(r, 200)
	c.events = c.makeEvents(rand.New(rand.NewPCG(seed, streamEvents)), max(5, n/20))
	return c
}

// makeActors returns n names whose slugs are pairwise distinct, because names
// that fold together would silently merge into one entity.
func makeActors(r *rand.Rand, n int) []string {
	seen := map[string]bool{}
	var names []string
	add := func(name string) bool {
		s := fold.Slug(name)
		if s == "" || seen[s] {
			return false
		}
		seen[s] = true
		names = append(names, name)
		return true
	}
	for _, s := range []string{"Zoë Ångström", "Łukasz Żółć", "José Núñez", "Çağla Şahin", "Søren Lindqvist"} {
		add(s)
	}
	for _, o := range organisations {
		add(o)
	}
	const initials = "ABCDEFGHIJKLMNOPRSTVWZ"
	for len(names) < n {
		first := firstNames[r.IntN(len(firstNames))]
		last := lastNames[r.IntN(len(lastNames))]
		if add(first + " " + last) {
			continue
		}
		mid := initials[r.IntN(len(initials))]
		if add(fmt.Sprintf("%s %c. %s", first, mid, last)) {
			continue
		}
		add(first + " " + last + "-" + lastNames[r.IntN(len(lastNames))])
	}
	return names[:n]
}

func makeTopics(r *rand.Rand, n int) []string {
	seen := map[string]bool{}
	var names []string
	for _, s := range specialTopics {
		seen[fold.Slug(s)] = true
		names = append(names, s)
	}
	var combos []string
	for _, h := range topicHeads {
		for _, t := range topicTails {
			combos = append(combos, h+" "+t)
		}
	}
	r.Shuffle(len(combos), func(i, j int) { combos[i], combos[j] = combos[j], combos[i] })
	for _, s := range combos {
		if len(names) >= n {
			break
		}
		if k := fold.Slug(s); !seen[k] {
			seen[k] = true
			names = append(names, s)
		}
	}
	return names
}

// skewed picks an index in [0,n) favouring low indexes, as real coverage
// favours a few actors and outlets; term pages then range from huge to tiny.
func skewed(r *rand.Rand, n int, power float64) int {
	return min(n-1, int(float64(n)*math.Pow(r.Float64(), power)))
}

// pickDistinct draws k distinct values from pool with the given skew.
func pickDistinct(r *rand.Rand, pool []string, k int, power float64) []string {
	k = min(k, len(pool))
	out := make([]string, 0, k)
	for len(out) < k {
		s := pool[skewed(r, len(pool), power)]
		dup := false
		for _, o := range out {
			if o == s {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

func randomDay(r *rand.Rand) time.Time {
	return spanStart.AddDate(0, 0, r.IntN(spanDays+1))
}

func (c *corpus) makeEvents(r *rand.Rand, n int) []event {
	evs := make([]event, n)
	// Event titles are names an article may link by, so two events must not
	// fold to one name.
	titles := map[string]bool{}
	for i := range evs {
		e := &evs[i]
		d := randomDay(r)
		place := places[r.IntN(len(places))]
		topic := c.topics[skewed(r, len(c.topics), 1.5)]
		kind := eventKinds[r.IntN(len(eventKinds))]
		e.Title = fmt.Sprintf("%s %s on %s", place, kind, lowerFirst(topic))
		for round := 2; titles[fold.Slug(e.Title)]; round++ {
			e.Title = fmt.Sprintf("%s %s on %s, round %d", place, kind, lowerFirst(topic), round)
		}
		titles[fold.Slug(e.Title)] = true
		e.ID = fmt.Sprintf("%s-%04d", fold.Truncate(fold.Slug(e.Title), 48), i+1)
		if r.IntN(10) == 0 {
			e.Date = d.Format("2006-01")
		} else {
			e.Date = d.Format("2006-01-02")
			if r.IntN(5) == 0 {
				e.End = d.AddDate(0, 0, 1+r.IntN(3)).Format("2006-01-02")
			}
		}
		e.Place = place
		e.Actors = pickDistinct(r, c.actors, 1+r.IntN(3), 2)
		e.Topics = append([]string{topic}, pickDistinct(r, c.topics, r.IntN(2), 1.5)...)
		if e.Topics[len(e.Topics)-1] == topic && len(e.Topics) == 2 {
			e.Topics = e.Topics[:1]
		}
		if i > 0 && r.IntN(10) == 0 {
			e.Parent = evs[r.IntN(i)].ID
		}
		switch x := r.IntN(40); {
		case d.After(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)):
			e.Status = "scheduled"
		case x == 0:
			e.Status = "postponed"
		case x == 1:
			e.Status = "cancelled"
		}
		if r.IntN(3) == 0 {
			e.Summary = sentence(r, 10+r.IntN(10))
		}
		e.body = paragraph(r, 2+r.IntN(3))
	}
	return evs
}

// sentence is a plain sentence of exactly k words.
func sentence(r *rand.Rand, k int) string {
	var b strings.Builder
	for i := 0; i < k; i++ {
		w := vocabulary[r.IntN(len(vocabulary))]
		if i == 0 {
			b.WriteString(upperFirst(w))
			continue
		}
		b.WriteByte(' ')
		b.WriteString(w)
	}
	b.WriteByte('.')
	return b.String()
}

func paragraph(r *rand.Rand, sentences int) string {
	s := make([]string, sentences)
	for i := range s {
		s[i] = sentence(r, 8+r.IntN(12))
	}
	return strings.Join(s, " ")
}

func title(r *rand.Rand, actors []string) string {
	w := func() string { return headlineWords[r.IntN(len(headlineWords))] }
	v := headlineVerbs[r.IntN(len(headlineVerbs))]
	var t string
	switch r.IntN(4) {
	case 0:
		if len(actors) > 0 {
			t = fmt.Sprintf("%s: %s %s %s as %s %s", actors[0], w(), w(), v, w(), vocabulary[r.IntN(len(vocabulary))])
			break
		}
		fallthrough
	case 1:
		t = fmt.Sprintf("%s and %s %s %s after %s", w(), w(), w(), v, w())
	case 2:
		t = fmt.Sprintf("%s %s %s, %s %s %s", w(), w(), v, w(), w(), v)
	default:
		t = fmt.Sprintf("%s %s %s over %s %s", w(), w(), v, w(), w())
	}
	return upperFirst(t)
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// article is one generated entry, ready to write in either format.
type article struct {
	slug, year string
	meta       articleMeta
	hugoDate   string
	body       []byte
}

func (c *corpus) article(i int) *article {
	r := rand.New(rand.NewPCG(c.seed, streamArticle+uint64(i)))
	a := &article{}
	m := &a.meta
	m.Actors = pickDistinct(r, c.actors, 1+r.IntN(5), 2)
	m.Topics = pickDistinct(r, c.topics, 1+r.IntN(4), 1.5)
	// 0 events for most articles, else 1 or 2.
	if k := r.IntN(5); k > 0 && k <= 2 {
		m.Events = pickDistinctEvents(r, c.events, k)
	}
	o := outlets[skewed(r, len(outlets), 1.7)]
	m.Source = o.name
	m.Title = title(r, m.Actors)
	d := randomDay(r)
	a.year = d.Format("2006")
	a.hugoDate = d.Format("2006-01-02")
	switch x := r.IntN(100); {
	case x < 88:
		m.Date = d.Format("2006-01-02")
	case x < 97:
		m.Date = d.Format("2006-01")
		a.hugoDate = d.Format("2006-01") + "-01"
	default:
		m.Date = d.Format("2006")
		a.hugoDate = d.Format("2006") + "-01-01"
	}
	switch r.IntN(40) {
	case 0:
		m.Date += "?"
	case 1:
		m.Date += "~"
	}
	a.slug = fold.Truncate(fold.Slug(m.Title), 56) + "-" + fmt.Sprint(i+1)
	if r.IntN(10) != 0 {
		m.URL = fmt.Sprintf("https://www.%s/%s/%s", o.domain, d.Format("2006/01/02"), a.slug)
	}
	if o.lang != "en" {
		m.Language = o.lang
	}
	if r.IntN(3) == 0 {
		m.Summary = sentence(r, 12+r.IntN(10))
	}
	if r.IntN(5) == 0 {
		m.Cites = pickDistinctOutlets(r, 1+r.IntN(2), o.name)
	}
	if r.IntN(7) == 0 {
		for q := 1 + r.IntN(2); q > 0; q-- {
			m.Quotes = append(m.Quotes, quote{
				By:   m.Actors[r.IntN(len(m.Actors))],
				Text: sentence(r, 8+r.IntN(14)),
			})
		}
	}
	a.body = body(r, m.Actors, 310+r.IntN(331))
	return a
}

func pickDistinctEvents(r *rand.Rand, evs []event, k int) []string {
	ids := make([]string, 0, k)
	for len(ids) < k {
		id := evs[r.IntN(len(evs))].ID
		if len(ids) == 0 || ids[0] != id {
			ids = append(ids, id)
		}
	}
	return ids
}

func pickDistinctOutlets(r *rand.Rand, k int, not string) []string {
	var out []string
	for len(out) < k {
		s := outlets[skewed(r, len(outlets), 1.5)].name
		if s != not && (len(out) == 0 || out[0] != s) {
			out = append(out, s)
		}
	}
	return out
}

// body writes markdown of exactly target words (give or take the last
// sentence) as counted by countWords: every whitespace-separated token that
// holds a letter or digit.
func body(r *rand.Rand, actors []string, target int) []byte {
	var b bytes.Buffer
	b.Grow(target * 8)
	words := 0
	wikilinked := r.IntN(4) != 0 // most articles never link by name
	haveList, haveQuote := false, false
	word := func() string { return vocabulary[r.IntN(len(vocabulary))] }
	writeSentence := func(k int) {
		for i := 0; i < k; i++ {
			if i > 0 {
				b.WriteByte(' ')
			}
			w := word()
			if i == 0 {
				w = upperFirst(w)
			}
			switch x := r.IntN(100); {
			case x < 3:
				b.WriteString("**" + w + "**")
			case x < 6:
				b.WriteString("*" + w + "*")
			case x == 6 && i+3 < k:
				w2, w3 := word(), word()
				fmt.Fprintf(&b, "[%s %s %s](https://example.org/%s/%s-%s)", w, w2, w3, w, w2, w3)
				i += 2
				words += 2
			case x == 7 && !wikilinked && i > 0 && len(actors) > 0:
				name := actors[r.IntN(len(actors))]
				b.WriteString("[[" + name + "]]")
				words += len(strings.Fields(name)) - 1
				wikilinked = true
			case x < 12 && i > 0 && i+1 < k:
				b.WriteString(w + ",")
			default:
				b.WriteString(w)
			}
			words++
		}
		b.WriteByte('.')
	}
	for words < target {
		switch x := r.IntN(100); {
		case x < 7 && !haveList && words > 60:
			haveList = true
			for k := 3 + r.IntN(3); k > 0 && words < target; k-- {
				b.WriteString("- ")
				writeSentence(3 + r.IntN(6))
				b.WriteByte('\n')
			}
		case x < 12 && !haveQuote && words > 60:
			haveQuote = true
			b.WriteString("> ")
			writeSentence(8 + r.IntN(12))
			b.WriteByte('\n')
		case x < 15 && words > 100:
			b.WriteString("## ")
			n := 2 + r.IntN(4)
			for i := 0; i < n; i++ {
				if i > 0 {
					b.WriteByte(' ')
				}
				w := word()
				if i == 0 {
					w = upperFirst(w)
				}
				b.WriteString(w)
			}
			words += n
			b.WriteByte('\n')
		default:
			for s := 3 + r.IntN(4); s > 0 && words < target; s-- {
				writeSentence(6 + r.IntN(15))
				if s > 1 && words < target {
					b.WriteByte(' ')
				}
			}
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	return bytes.TrimRight(b.Bytes(), "\n ")
}

func frontMatter(v any, body []byte) []byte {
	y, err := yaml.Marshal(v)
	if err != nil {
		panic(err) // only plain strings and lists go in
	}
	out := make([]byte, 0, len(y)+len(body)+16)
	out = append(out, "---\n"...)
	out = append(out, y...)
	out = append(out, "---\n\n"...)
	out = append(out, body...)
	out = append(out, '\n')
	return out
}

type siteMeta struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description,omitempty"`
	Language    string `yaml:"language,omitempty"`
	Author      string `yaml:"author,omitempty"`
	Copyright   string `yaml:"copyright,omitempty"`
	BaseURL     string `yaml:"base_url,omitempty"`
}

type sourceMeta struct {
	Title    string `yaml:"title"`
	URL      string `yaml:"url"`
	Country  string `yaml:"country"`
	Kind     string `yaml:"kind"`
	Language string `yaml:"language"`
}

func (c *corpus) write(dir string, hugo bool) error {
	content := filepath.Join(dir, "content")
	if err := c.writeEntities(content, hugo); err != nil {
		return err
	}
	// Year directories first, so workers only ever create files.
	for y := spanStart.Year(); y <= spanStart.AddDate(0, 0, spanDays).Year(); y++ {
		if err := os.MkdirAll(filepath.Join(content, "articles", fmt.Sprint(y)), 0o755); err != nil {
			return err
		}
	}
	var (
		wg    sync.WaitGroup
		next  = make(chan int, 256)
		errMu sync.Mutex
		first error
	)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				a := c.article(i)
				var data []byte
				if hugo {
					data = frontMatter(hugoMeta{
						Title: a.meta.Title, Date: a.hugoDate, Slug: a.slug, Summary: a.meta.Summary,
						Actors: a.meta.Actors, Topics: a.meta.Topics, Sources: []string{a.meta.Source}, Events: a.meta.Events,
					}, hugoBody(a.body))
				} else {
					data = frontMatter(&a.meta, a.body)
				}
				p := filepath.Join(content, "articles", a.year, a.slug+".md")
				if err := os.WriteFile(p, data, 0o644); err != nil {
					errMu.Lock()
					if first == nil {
						first = err
					}
					errMu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < c.n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// hugoBody drops the wikilink brackets Hugo would print literally, keeping
// the words so both generators render the same text.
func hugoBody(b []byte) []byte {
	if !bytes.Contains(b, []byte("[[")) {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("[["), nil)
	return bytes.ReplaceAll(b, []byte("]]"), nil)
}

func (c *corpus) writeEntities(content string, hugo bool) error {
	write := func(rel string, data []byte) error {
		p := filepath.Join(content, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	intro := []byte("A synthetic timeline generated for benchmarks: every article, actor, topic, source and event in it is invented.")
	if hugo {
		if err := write("_index.md", frontMatter(struct {
			Title string `yaml:"title"`
		}{"Annals benchmark corpus"}, intro)); err != nil {
			return err
		}
		for _, e := range c.events {
			m := struct {
				Title string `yaml:"title"`
			}{e.Title}
			if err := write(filepath.Join("events", e.ID, "_index.md"), frontMatter(m, []byte(e.body))); err != nil {
				return err
			}
		}
		return nil
	}
	site := siteMeta{
		Title:       "Annals benchmark corpus",
		Description: fmt.Sprintf("%d synthetic articles for measuring build speed.", c.n),
		Language:    "en",
		Author:      "Annals benchmarks",
		Copyright:   "Synthetic text, no rights reserved",
		BaseURL:     "https://example.org/",
	}
	if err := write("_index.md", frontMatter(site, intro)); err != nil {
		return err
	}
	for _, e := range c.events {
		if err := write(filepath.Join("events", e.ID+".md"), frontMatter(&e, []byte(e.body))); err != nil {
			return err
		}
	}
	// A few outlets have profiles; the rest are created from their names,
	// as most real sites would do.
	for _, i := range []int{0, 3, 13, 43, 47} {
		o := outlets[i]
		m := sourceMeta{Title: o.name, URL: "https://www." + o.domain + "/", Country: o.country, Kind: o.kind, Language: o.lang}
		if err := write(filepath.Join("sources", fold.Slug(o.name)+".md"), frontMatter(m, []byte(paragraph(rand.New(rand.NewPCG(c.seed, uint64(i))), 2)))); err != nil {
			return err
		}
	}
	return nil
}

// names lists every actor, topic and source name the corpus may use, sorted,
// for collision checks.
func (c *corpus) names() (actors, topics, sources []string) {
	actors = append([]string(nil), c.actors...)
	topics = append([]string(nil), c.topics...)
	for _, o := range outlets {
		sources = append(sources, o.name)
	}
	sort.Strings(actors)
	sort.Strings(topics)
	sort.Strings(sources)
	return
}
