package main

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/annals/annals/bench/internal/fold"
	"gopkg.in/yaml.v3"
)

// unattributed is the source of items that cite no outlet: Annals requires
// a source on every article.
const unattributed = "unattributed"

type articleMeta struct {
	Title  string   `yaml:"title"`
	Date   string   `yaml:"date"`
	Source string   `yaml:"source"`
	URL    string   `yaml:"url,omitempty"`
	Actors []string `yaml:"actors,omitempty"`
	Topics []string `yaml:"topics,omitempty"`
	Cites  []string `yaml:"cites,omitempty"`
}

type hugoMeta struct {
	Title   string   `yaml:"title"`
	Date    string   `yaml:"date"`
	Slug    string   `yaml:"slug"`
	Actors  []string `yaml:"actors,omitempty"`
	Topics  []string `yaml:"topics,omitempty"`
	Sources []string `yaml:"sources"`
}

type article struct {
	path string // under content/, slash-separated
	meta articleMeta
	hugo hugoMeta
	body string
}

type sourceRecord struct {
	id, name string
}

type site struct {
	articles []article
	sources  []sourceRecord // in first-use order
}

type stats struct {
	articles, unattributed, withActors, sourceRecords int
}

func convert(items []item) *site {
	s := &site{}
	recordFor := map[string]string{} // outlet name → record id, for names of punctuation alone
	nameOf := map[string]string{}
	sourceID := func(name string) string {
		if fold.Slug(name) != "" {
			return name
		}
		if id, ok := recordFor[name]; ok {
			return id
		}
		h := fnv.New64a()
		h.Write([]byte(name))
		id := fmt.Sprintf("outlet-%016x", h.Sum64())
		recordFor[name] = id
		nameOf[id] = name
		s.sources = append(s.sources, sourceRecord{id, name})
		return id
	}
	perDay := map[string]int{}
	for _, it := range items {
		if it.date == "" {
			continue
		}
		perDay[it.date]++
		title := it.title
		if title == "" {
			title = headline(it.text)
		}
		if title == "" {
			continue
		}
		var outlets []string
		for _, o := range it.outlets {
			outlets = append(outlets, sourceID(o))
		}
		outlets = dedupeIDs(outlets)
		src := unattributed
		if len(outlets) > 0 {
			src, outlets = outlets[0], outlets[1:]
		}
		slug := fmt.Sprintf("%s-%03d", it.date, perDay[it.date])
		if t := fold.Truncate(fold.Slug(title), 50); t != "" {
			slug += "-" + t
		}
		a := article{
			path: fmt.Sprintf("articles/%s/%s.md", it.date[:4], slug),
			meta: articleMeta{
				Title:  title,
				Date:   it.date,
				Source: src,
				URL:    it.url,
				Actors: dedupe(it.actors),
				Topics: dedupe(it.topics),
				Cites:  outlets,
			},
			body: body(it),
		}
		hugoSource := src
		if name, ok := nameOf[src]; ok {
			hugoSource = name
		} else if src == unattributed {
			hugoSource = "Unattributed"
		}
		a.hugo = hugoMeta{Title: title, Date: it.date, Slug: slug, Actors: hugoTerms(a.meta.Actors), Topics: hugoTerms(a.meta.Topics), Sources: []string{hugoSource}}
		s.articles = append(s.articles, a)
	}
	return s
}

// hugoTerms shortens taxonomy terms for Hugo, which names a term's
// folder after the whole term: a few portal headings are sentences of
// 300 bytes, past what a file name may hold, and Hugo then fails.
// Annals caps its slugs (80 bytes) and keeps the names; Hugo gets names
// cut at a space before 80 bytes, the same terms for the same articles.
func hugoTerms(terms []string) []string {
	out := make([]string, len(terms))
	for i, t := range terms {
		if len(t) > 80 {
			cut := strings.LastIndexByte(t[:80], ' ')
			if cut <= 0 {
				cut = 80
				for !utf8.RuneStart(t[cut]) {
					cut--
				}
			}
			t = t[:cut]
		}
		out[i] = t
	}
	return out
}

// dedupeIDs drops repeated outlets ("(Reuters) (Reuters)") and spellings
// that fold together, keeping the first.
func dedupeIDs(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		k := fold.Slug(id)
		if !seen[k] {
			seen[k] = true
			out = append(out, id)
		}
	}
	return out
}

var abbreviations = map[string]bool{
	"U.S": true, "U.K": true, "U.N": true, "Mr": true, "Mrs": true, "Ms": true, "Dr": true,
	"St": true, "Jr": true, "Sr": true, "Gen": true, "Lt": true, "Col": true, "Sgt": true,
	"Rep": true, "Sen": true, "Gov": true, "Pres": true, "No": true, "vs": true, "Mt": true,
	"Inc": true, "Ltd": true, "Co": true, "Corp": true, "Jan": true, "Feb": true, "Aug": true,
	"Sept": true, "Oct": true, "Nov": true, "Dec": true, "approx": true, "e.g": true, "i.e": true,
}

// headline is the item's first sentence, shortened at a word boundary when
// long: the portal gives items no titles of their own.
func headline(text string) string {
	end := len(text)
	for i := 0; i+2 < len(text); i++ {
		if text[i] != '.' || text[i+1] != ' ' {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[i+2:])
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			continue
		}
		word := text[strings.LastIndexByte(text[:i], ' ')+1 : i]
		if abbreviations[word] || utf8.RuneCountInString(word) == 1 {
			continue
		}
		end = i
		break
	}
	t := strings.TrimRight(text[:end], ". ")
	const max = 140
	if utf8.RuneCountInString(t) > max {
		cut := 0
		for i := range t {
			if utf8.RuneCountInString(t[:i]) > max-1 {
				break
			}
			if t[i] == ' ' {
				cut = i
			}
		}
		if cut == 0 {
			cut = len(t)
		}
		t = strings.TrimRight(t[:cut], " ,;:") + "…"
	}
	return t
}

// escape makes portal text inert as markdown: no emphasis, links, raw HTML,
// wikilinks, code or block syntax may come from the source's punctuation.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i, r := range s {
		switch r {
		case '\\', '*', '_', '[', ']', '<', '>', '`', '~', '&':
			b.WriteByte('\\')
		case '#', '+', '-', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	out := b.String()
	// "1. " or "1) " at the start would open an ordered list.
	if j := strings.IndexFunc(out, func(r rune) bool { return r < '0' || r > '9' }); j > 0 && j+1 < len(out) &&
		(out[j] == '.' || out[j] == ')') && out[j+1] == ' ' {
		out = out[:j] + "\\" + out[j:]
	}
	return out
}

func body(it item) string {
	var b strings.Builder
	if it.text != "" {
		b.WriteString(escape(it.text))
		b.WriteString("\n")
	}
	section := ""
	for _, bl := range it.bullets {
		if bl[0] != section {
			section = bl[0]
			fmt.Fprintf(&b, "\n## %s\n\n", section)
		}
		b.WriteString("- " + escape(bl[1]) + "\n")
	}
	return b.String()
}

func frontMatter(v any, body string) []byte {
	y, err := yaml.Marshal(v)
	if err != nil {
		panic(err)
	}
	return []byte("---\n" + string(y) + "---\n\n" + body)
}

type siteMeta struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	Language    string `yaml:"language"`
	Author      string `yaml:"author"`
	Copyright   string `yaml:"copyright"`
	BaseURL     string `yaml:"base_url"`
}

type sourceMeta struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
}

const attribution = `The items on this site are taken from [Wikipedia's Current events portal](https://en.wikipedia.org/wiki/Portal:Current_events),
written by [Wikipedia contributors](https://en.wikipedia.org/w/index.php?title=Portal:Current_events&action=history)
and published under the [Creative Commons Attribution-ShareAlike 4.0 licence](https://creativecommons.org/licenses/by-sa/4.0/) (CC BY-SA 4.0).
The text is shared under the same licence. The daily files were compiled by the
[current-events-context](https://github.com/ianrastall/current-events-context) project (CC0 1.0).
`

func (s *site) write(dir string, hugo bool) (stats, error) {
	content := filepath.Join(dir, "content")
	var st stats
	write := func(rel string, data []byte) error {
		p := filepath.Join(content, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, data, 0o644)
	}
	home := siteMeta{
		Title:       "Current events 2022–2026",
		Description: "Daily news items from Wikipedia's Current events portal, with the outlets they cite.",
		Language:    "en",
		Author:      "Wikipedia contributors",
		Copyright:   "Text by Wikipedia contributors, CC BY-SA 4.0",
		BaseURL:     "https://example.org/",
	}
	var err error
	if hugo {
		err = write("_index.md", frontMatter(struct {
			Title string `yaml:"title"`
		}{home.Title}, attribution))
	} else {
		err = write("_index.md", frontMatter(home, attribution))
	}
	if err != nil {
		return st, err
	}
	if !hugo {
		recs := append([]sourceRecord{{unattributed, "Unattributed"}}, s.sources...)
		for _, r := range recs {
			m := sourceMeta{Title: r.name, Summary: "Items that cite no outlet."}
			if r.id != unattributed {
				m.Summary = "An outlet cited by the Current events portal."
			}
			if err := write("sources/"+r.id+".md", frontMatter(m, "")); err != nil {
				return st, err
			}
			st.sourceRecords++
		}
	}
	for _, a := range s.articles {
		var data []byte
		if hugo {
			data = frontMatter(a.hugo, a.body)
		} else {
			data = frontMatter(a.meta, a.body)
		}
		if err := write(a.path, data); err != nil {
			return st, err
		}
		st.articles++
		if a.meta.Source == unattributed {
			st.unattributed++
		}
		if len(a.meta.Actors) > 0 {
			st.withActors++
		}
	}
	return st, nil
}
