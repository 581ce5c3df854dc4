package main

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/annals/annals/bench/internal/fold"
	"gopkg.in/yaml.v3"
)

// item is one news item of a day, whatever schema it came from.
type item struct {
	date    string // YYYY-MM-DD
	title   string // for the rich schema; else derived from the text
	text    string // plain text, outlets removed
	bullets [][2]string
	outlets []string
	url     string
	topics  []string
	actors  []string
}

var dayRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// parseDay reads one day file. The date in the file wins over the one in its
// name when it is well formed.
func parseDay(name string, data []byte) []item {
	date := ""
	if m := regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).FindString(name); m != "" {
		date = m
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		// One day of the rich schema was mangled into invalid YAML by a
		// markdown round trip; its fields are still recognisable line by line.
		return salvageRich(date, string(data))
	}
	top := doc.Content[0]
	for _, k := range []string{"Date", "date"} {
		if v := get(top, k); v != nil && dayRe.MatchString(v.Value) {
			date = v.Value
		}
	}
	var items []item
	if p := get(top, "Intelligence_Payload"); p != nil {
		items = append(items, parseCategories(date, p, false)...)
	}
	if w := get(top, "wikipedia"); w != nil {
		if c := get(w, "categories"); c != nil {
			items = append(items, parseCategories(date, c, true)...)
		}
	}
	if e := get(top, "events"); e != nil && e.Kind == yaml.SequenceNode {
		for _, ev := range e.Content {
			if it, ok := parseRich(date, ev); ok {
				items = append(items, it)
			}
		}
	}
	return items
}

func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func scalars(n *yaml.Node) []string {
	var out []string
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if s := clean(n.Value); s != "" {
			out = append(out, s)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			out = append(out, scalars(c)...)
		}
	}
	return out
}

// parseCategories reads the portal's flattened lists: a category maps to a
// list in which topic headings ("COVID-19 pandemic in Europe") precede the
// items they head. Items carry their outlets in trailing parentheses;
// headings carry none and do not read as sentences.
func parseCategories(date string, n *yaml.Node, categoryIsTopic bool) []item {
	var items []item
	walk := func(category string, list *yaml.Node) {
		var heads, topics []string
		lastWasItem := false
		for _, c := range list.Content {
			text := ""
			switch c.Kind {
			case yaml.ScalarNode:
				text = c.Value
			case yaml.MappingNode:
				for _, k := range []string{"text", "event", "summary"} {
					if v := get(c, k); v != nil && v.Kind == yaml.ScalarNode {
						text = v.Value
						break
					}
				}
			}
			text = clean(text)
			if text == "" {
				continue
			}
			body, outlets := splitOutlets(text)
			if !isItem(body, outlets) {
				if lastWasItem {
					heads = heads[:0]
				}
				heads = append(heads, splitHeading(text)...)
				lastWasItem = false
				continue
			}
			if !lastWasItem || len(heads) > 0 {
				topics = append(topics[:0], heads...)
				heads = heads[:0]
			}
			lastWasItem = true
			it := item{date: date, text: body, outlets: outlets}
			if categoryIsTopic && category != "" && !strings.EqualFold(category, "Uncategorized") {
				it.topics = append(it.topics, category)
			}
			it.topics = append(it.topics, topics...)
			items = append(items, it)
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i+1].Kind == yaml.SequenceNode {
				walk(clean(n.Content[i].Value), n.Content[i+1])
			}
		}
	case yaml.SequenceNode:
		// A list of {name, entries|events} categories.
		for _, c := range n.Content {
			name := ""
			if v := get(c, "name"); v != nil {
				name = clean(v.Value)
			}
			for _, k := range []string{"entries", "events", "items"} {
				if v := get(c, k); v != nil && v.Kind == yaml.SequenceNode {
					walk(name, v)
				}
			}
		}
	}
	return items
}

// isItem tells a news item from a topic heading: items are sentences, and
// almost all of them name an outlet.
func isItem(body string, outlets []string) bool {
	if body == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(body)
	sentence := strings.ContainsRune(".!?\"'”’", r)
	if len(outlets) > 0 {
		return sentence
	}
	return sentence && len(strings.Fields(body)) >= 10
}

// splitHeading splits "COVID-19 pandemic in Bahrain, COVID-19 drug
// development" into its topics.
func splitHeading(s string) []string {
	parts := strings.Split(s, ", ")
	for _, p := range parts {
		if r, _ := utf8.DecodeRuneInString(p); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return []string{s}
		}
	}
	return parts
}

// splitOutlets removes trailing parenthesised outlets: "… city. (BBC News)
// (AFP via France 24)" gives the sentence and [BBC News, AFP, France 24].
func splitOutlets(s string) (string, []string) {
	var groups []string
	// "… abuses. (Rappler)." also occurs.
	if t := strings.TrimSpace(s); strings.HasSuffix(t, ").") {
		s = t[:len(t)-1]
	}
	for {
		s = strings.TrimSpace(s)
		if !strings.HasSuffix(s, ")") {
			break
		}
		depth, open := 0, -1
		for i := len(s) - 1; i >= 0; i-- {
			if s[i] == ')' {
				depth++
			} else if s[i] == '(' {
				depth--
				if depth == 0 {
					open = i
					break
				}
			}
		}
		if open < 0 {
			break
		}
		inner := strings.TrimSpace(s[open+1 : len(s)-1])
		if len(inner) > 80 || len(strings.Fields(inner)) > 10 {
			break
		}
		groups = append([]string{inner}, groups...)
		s = s[:open]
	}
	body := strings.TrimSpace(s)
	if r, _ := utf8.DecodeLastRuneInString(body); len(groups) > 0 && !strings.ContainsRune(".!?\"'”’", r) {
		// Not a sentence: the parentheses belong to a heading such as
		// "Yemeni Civil War (2014–present)".
		return strings.TrimSpace(s + " (" + strings.Join(groups, ") (") + ")"), nil
	}
	var outlets []string
	for _, g := range groups {
		lower := strings.ToLower(g)
		if strings.HasPrefix(lower, "in ") && len(strings.Fields(g)) <= 3 {
			continue // a language note, "(in Spanish)"
		}
		for _, part := range strings.Split(g, " via ") {
			for _, o := range strings.Split(part, ";") {
				if o = clean(o); o != "" {
					outlets = append(outlets, o)
				}
			}
		}
	}
	return body, outlets
}

// clean collapses whitespace and drops control characters and invalid UTF-8,
// which Annals rejects.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\uFEFF' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// parseRich reads one event of the rich schema.
func parseRich(date string, ev *yaml.Node) (item, bool) {
	it := item{date: date}
	if v := get(get(ev, "time"), "date"); v != nil && dayRe.MatchString(v.Value) {
		it.date = v.Value
	}
	if v := get(ev, "headline"); v != nil {
		it.title = clean(v.Value)
	}
	if v := get(ev, "summary"); v != nil {
		it.text = clean(v.Value)
	}
	if it.title == "" && it.text == "" {
		return it, false
	}
	details := get(ev, "details")
	for _, k := range [][2]string{{"what_happened", "What happened"}, {"why_it_matters", "Why it matters"}} {
		for _, s := range scalars(get(details, k[0])) {
			it.bullets = append(it.bullets, [2]string{k[1], s})
		}
	}
	it.topics = append(scalars(get(ev, "category")), scalars(get(ev, "subcategory"))...)
	it.topics = append(it.topics, scalars(get(ev, "topics"))...)
	actors, entities := get(ev, "actors"), get(ev, "entities")
	it.actors = append(scalars(get(actors, "primary")), scalars(get(actors, "secondary"))...)
	it.actors = append(it.actors, scalars(get(entities, "people"))...)
	it.actors = append(it.actors, scalars(get(entities, "organizations"))...)
	if ext := get(get(ev, "sources"), "external"); ext != nil {
		for _, s := range ext.Content {
			if o := get(s, "outlet"); o != nil && clean(o.Value) != "" {
				it.outlets = append(it.outlets, clean(o.Value))
				if it.url == "" {
					if u := get(s, "url"); u != nil {
						it.url = httpURL(u.Value)
					}
				}
			}
		}
	}
	return it, true
}

func httpURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " []<>\"") {
		return ""
	}
	return s
}

var (
	keyLine  = regexp.MustCompile(`^\s*(?:[*-]\s+)?([a-z_]+):\s*(.*)$`)
	listLine = regexp.MustCompile(`^\s*[*-]\s+(.*)$`)
)

// salvageRich reads the rich schema line by line when its YAML is broken:
// each event starts at an "id:" list entry.
func salvageRich(date string, text string) []item {
	var (
		items []item
		cur   *item
		key   string // the key whose block the following lines continue
	)
	flush := func() {
		if cur != nil && (cur.title != "" || cur.text != "") {
			items = append(items, *cur)
		}
		cur = nil
	}
	for _, line := range strings.Split(text, "\n") {
		if m := keyLine.FindStringSubmatch(line); m != nil && m[1] != "http" && m[1] != "https" {
			k, v := m[1], unquote(m[2])
			key = k
			if k == "id" && strings.HasPrefix(v, "evt-") {
				flush()
				cur = &item{date: date}
				continue
			}
			if cur == nil {
				continue
			}
			switch k {
			case "headline":
				cur.title = clean(v)
			case "summary":
				if v != ">" && v != "|" {
					cur.text = clean(v)
				}
			case "category", "subcategory":
				if v != "" {
					cur.topics = append(cur.topics, clean(v))
				}
			case "outlet":
				if v = clean(v); v != "" {
					cur.outlets = append(cur.outlets, v)
				}
			case "url":
				if cur.url == "" && len(cur.outlets) > 0 {
					cur.url = httpURL(v)
				}
			case "date":
				if dayRe.MatchString(v) {
					cur.date = v
				}
			}
			continue
		}
		if cur == nil {
			continue
		}
		if m := listLine.FindStringSubmatch(line); m != nil {
			v := clean(unquote(m[1]))
			switch key {
			case "primary", "secondary", "people", "organizations":
				cur.actors = append(cur.actors, v)
			case "topics":
				cur.topics = append(cur.topics, v)
			case "what_happened":
				cur.bullets = append(cur.bullets, [2]string{"What happened", v})
			case "why_it_matters":
				cur.bullets = append(cur.bullets, [2]string{"Why it matters", v})
			}
			continue
		}
		if key == "summary" && strings.TrimSpace(line) != "" {
			cur.text = clean(cur.text + " " + line)
		}
	}
	flush()
	return items
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `"`) {
		if u, err := strconv.Unquote(s); err == nil {
			return u
		}
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	}
	return strings.Trim(s, `"'`)
}

// dedupe keeps the first spelling of each name by slug and drops names that
// fold to nothing, which could not become a page.
func dedupe(names []string, skip ...string) []string {
	seen := map[string]bool{}
	for _, s := range skip {
		seen[fold.Slug(s)] = true
	}
	var out []string
	for _, n := range names {
		s := fold.Slug(n)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, n)
	}
	return out
}
