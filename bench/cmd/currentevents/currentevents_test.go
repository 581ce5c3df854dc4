package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Small excerpts in the structure of the three schemas of the real corpus,
// plus one day whose rich-schema YAML was mangled.
var days = map[string]string{
	"2022/01/2022-01-01.yaml": `Date: '2022-01-01'
Source_URI: Portal:Current events/2022 January 1
Intelligence_Payload:
  Uncategorized:
  - Haitian Prime Minister Ariel Henry survives an assassination attempt in a church
    in the city of Gonaïves. (BBC News)
  - COVID-19 pandemic
  - COVID-19 pandemic in Bahrain, COVID-19 drug development
  - Bahrain authorizes the emergency use of Paxlovid for adults. (Arab News) (Reuters)
  - Yemeni Civil War (2014–present)
  - Shells hit a market in Ta'izz, killing *three* people and [[injuring]] <b>ten</b>. (AFP via France 24) (El País) (in Spanish)
  - Xinhua reports on the harvest in Hebei province. (新华社)
  - Alleged cult leader Jey Rence Quilario is arrested at the Philippine Senate. (Rappler).
  - A train carrying 20 cars of hazardous material derailed in East Palestine, Ohio, and residents within a mile were evacuated.
`,
	"2024/04/2024-04-09.yaml": `date: '2024-04-09'
source_page:
  portal: Portal:Current events/2024 April 9
  language: en
  wikipedia_revision_id: 1218000000
wikipedia:
  categories:
    Armed conflicts and attacks:
    - Sudanese civil war (2023–present)
    - The RSF attacks El Fasher, Sudan. (Sudan Tribune)
    Business and economics:
    - 1. The euro rises against the dollar after the ECB meeting. (Financial Times)
`,
	"2026/01/2026-01-07.yaml": `date: '2026-01-07'
source_page:
  portal: null
dataset:
  schema_version: '2.1'
events:
- id: evt-2026-01-07-001
  category: Armed conflicts and attacks
  subcategory: Maritime seizures
  topics:
  - venezuela
  - oil
  headline: United States seizes Venezuela-linked oil tankers
  summary: U.S. authorities boarded and seized the tanker Marinera in the North Atlantic.
  details:
    what_happened:
    - U.S. personnel boarded the Russian-flagged Marinera south of Iceland.
    why_it_matters:
    - The seizure raised the risk of an incident with Moscow.
  actors:
    primary:
    - United States
    secondary:
    - Russian Federation
  entities:
    people:
    - JD Vance
    organizations:
    - U.S. Coast Guard
  time:
    date: '2026-01-07'
  sources:
    external:
    - id: src-001
      outlet: Reuters
      url: https://www.reuters.com/world/americas/tankers-2026-01-07/
    - id: src-002
      outlet: U.S. Southern Command
      url: https://www.southcom.mil/
`,
	"2026/03/2026-03-18.yaml": `date: "2026-03-18"
source_page:
portal: null
events:

* id: "evt-2026-03-18-001"
  category: "Armed conflicts and attacks"
  headline: "Coordinated airstrikes on Iran's South Pars gas field"
  summary: >
  The operational theater in the Persian Gulf expanded.
  details:
  what_happened:
  - "Drones struck four facilities."
  actors:
  primary:
  - "Islamic Revolutionary Guard Corps (IRGC)"
  sources:
  external:
  - id: "src-001"
  outlet: "Al Jazeera"
  url: "[https://www.aljazeera.com/x](https://www.aljazeera.com/x)"
`,
}

func tarball(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	// Archive order is deliberately not path order.
	for _, name := range []string{"2026/03/2026-03-18.yaml", "2022/01/2022-01-01.yaml", "2026/01/2026-01-07.yaml", "2024/04/2024-04-09.yaml"} {
		body := days[name]
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.WriteHeader(&tar.Header{Name: "LICENSE", Mode: 0o644, Size: 3, Typeflag: tar.TypeReg})
	tw.Write([]byte("CC0"))
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func convertTo(t *testing.T, hugo bool) map[string]string {
	t.Helper()
	items, err := readCorpus(bytes.NewReader(tarball(t)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := convert(items).write(dir, hugo); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(filepath.Join(dir, "content"), p)
			files[filepath.ToSlash(rel)] = string(b)
		}
		return err
	})
	return files
}

type parsed struct {
	meta map[string]any
	body string
}

func parse(t *testing.T, name, s string) parsed {
	t.Helper()
	parts := strings.SplitN(s, "---\n", 3)
	if len(parts) != 3 || parts[0] != "" {
		t.Fatalf("%s: no front matter", name)
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(parts[1]), &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return parsed{m, parts[2]}
}

func list(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestConvert(t *testing.T) {
	files := convertTo(t, false)
	if again := convertTo(t, false); len(again) != len(files) {
		t.Fatal("output differs between runs")
	} else {
		for k, v := range files {
			if again[k] != v {
				t.Errorf("%s differs between runs", k)
			}
		}
	}
	home := parse(t, "_index.md", files["_index.md"])
	if !strings.Contains(home.body, "Wikipedia contributors") || !strings.Contains(home.body, "CC BY-SA 4.0") {
		t.Errorf("home page does not attribute Wikipedia: %q", home.body)
	}
	articles := map[string]parsed{} // by title prefix
	allowed := "title date source url language summary actors topics events cites quotes draft slug params"
	for name, s := range files {
		if !strings.HasPrefix(name, "articles/") {
			continue
		}
		a := parse(t, name, s)
		for k := range a.meta {
			if !strings.Contains(" "+allowed+" ", " "+k+" ") {
				t.Errorf("%s: key %q", name, k)
			}
		}
		if strings.Contains(a.body, "[[") {
			t.Errorf("%s: unescaped wikilink syntax: %q", name, a.body)
		}
		articles[strings.Fields(a.meta["title"].(string))[0]] = a
	}
	if len(articles) != 10 {
		t.Errorf("%d articles, want 10: %v", len(articles), keys(articles))
	}
	check := func(first, key string, want any) {
		t.Helper()
		a, ok := articles[first]
		if !ok {
			t.Errorf("no article %q…", first)
			return
		}
		got := a.meta[key]
		if l, ok := got.([]any); ok {
			got = strings.Join(list(l), "|")
		}
		if got != want {
			t.Errorf("%s…: %s = %#v, want %#v", first, key, got, want)
		}
	}
	check("Haitian", "source", "BBC News")
	check("Haitian", "date", "2022-01-01")
	check("Bahrain", "topics", "COVID-19 pandemic|COVID-19 pandemic in Bahrain|COVID-19 drug development")
	check("Bahrain", "cites", "Reuters")
	check("Shells", "source", "AFP")
	check("Shells", "cites", "France 24|El País")
	check("Shells", "topics", "Yemeni Civil War (2014–present)")
	check("Alleged", "source", "Rappler")
	check("A", "source", unattributed)
	check("The", "topics", "Armed conflicts and attacks|Sudanese civil war (2023–present)")
	check("The", "source", "Sudan Tribune")
	check("1.", "topics", "Business and economics")
	check("United", "actors", "United States|Russian Federation|JD Vance|U.S. Coast Guard")
	check("United", "cites", "U.S. Southern Command")
	check("United", "url", "https://www.reuters.com/world/americas/tankers-2026-01-07/")
	check("Coordinated", "source", "Al Jazeera")
	check("Coordinated", "date", "2026-03-18")
	check("Coordinated", "actors", "Islamic Revolutionary Guard Corps (IRGC)")
	check("Coordinated", "url", nil)

	if body := articles["Shells"].body; !strings.Contains(body, `\*three\*`) || !strings.Contains(body, `\[\[injuring\]\]`) || !strings.Contains(body, `\<b\>`) {
		t.Errorf("markdown not escaped: %q", body)
	}
	if body := articles["1."].body; !strings.HasPrefix(strings.TrimSpace(body), `1\. The euro`) {
		t.Errorf("list marker not escaped: %q", body)
	}
	if body := articles["United"].body; !strings.Contains(body, "## What happened\n\n- U.S. personnel") {
		t.Errorf("rich body: %q", body)
	}

	// An outlet written only in Chinese is a name Annals folds to an id of
	// its own ("u-" and a hash), so the article names it directly.
	x := articles["Xinhua"]
	if id, _ := x.meta["source"].(string); id != "新华社" {
		t.Errorf("source %q, want the outlet's own name", id)
	}
	if _, ok := files["sources/unattributed.md"]; !ok {
		t.Error("no record for the unattributed source")
	}
}

func TestConvertHugo(t *testing.T) {
	files := convertTo(t, true)
	n := 0
	for name, s := range files {
		if !strings.HasPrefix(name, "articles/") {
			continue
		}
		n++
		a := parse(t, name, s)
		if src := list(a.meta["sources"]); len(src) != 1 || strings.HasPrefix(src[0], "outlet-") {
			t.Errorf("%s: sources %v", name, src)
		}
	}
	if n != 10 {
		t.Errorf("%d articles", n)
	}
}

func keys(m map[string]parsed) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestHugoTerms checks that terms Hugo names folders after stay short
// enough for a file name, cut at a space or a character boundary.
func TestHugoTerms(t *testing.T) {
	long := strings.Repeat("Ramzan Kadyrov vows to retaliate ", 10)
	unbroken := strings.Repeat("é", 100)
	got := hugoTerms([]string{"Sanctions", long, unbroken})
	if got[0] != "Sanctions" {
		t.Errorf("short term changed: %q", got[0])
	}
	for _, g := range got[1:] {
		if len(g) > 80 || !utf8.ValidString(g) || g == "" {
			t.Errorf("term cut to %d bytes: %q", len(g), g)
		}
	}
	if !strings.HasPrefix(long, got[1]+" ") {
		t.Errorf("long term not cut at a space: %q", got[1])
	}
}
