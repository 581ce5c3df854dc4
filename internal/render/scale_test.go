package render_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	annals "github.com/annals/annals"
	"github.com/annals/annals/internal/output"
	"github.com/annals/annals/internal/site"
)

// maxPage is the most bytes any page may have before compression; it is
// what keeps a site of 100,000 articles browsable on a phone.
const maxPage = 200 << 10

// TestPaginationAtScale builds a site whose articles all share one actor,
// one topic, one source and one year — the worst case for entity pages,
// indexes and year pages — and checks that no page is too large and that
// every article can still be reached by following links from the home page.
func TestPaginationAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 3,000 articles")
	}
	const n = 3000
	fsys := fstest.MapFS{
		"content/_index.md": {Data: []byte("---\ntitle: Scale\nbase_url: https://example.org/sub/\n---\nA large site.\n")},
	}
	for i := range n {
		events := ""
		if i%10 == 0 {
			events = fmt.Sprintf("events:\n  - {id: meeting-%d, title: Meeting %d, date: 2025-%02d-01}\n", i%20, i%20, i%20%12+1)
		}
		fsys[fmt.Sprintf("content/articles/a%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\ntitle: Report number %d on the talks\ndate: 2025-%02d-%02d\nsource: The Daily Wire Service\nactors: [Jane Envoy]\ntopics: [Peace talks]\n%squotes:\n  - {by: Jane Envoy, text: \"Statement %d, and a little more to say about it.\"}\n---\nBody of report %d, long enough to stand for a real summary of a real report.\n",
			i, i%12+1, i%28+1, events, i, i))}
	}
	// Events declared inline by many articles must agree; declare each once.
	for id := range 20 {
		for i := id; i < n; i += 20 {
			if i%10 == 0 && i != id && i != id+10 {
				p := fmt.Sprintf("content/articles/a%04d.md", i)
				fsys[p].Data = []byte(strings.Replace(string(fsys[p].Data),
					fmt.Sprintf("  - {id: meeting-%d, title: Meeting %d, date: 2025-%02d-01}\n", id, id, id%12+1),
					fmt.Sprintf("  - meeting-%d\n", id), 1))
			}
		}
	}
	ctx := context.Background()
	cfg := site.Config{Site: fsys, Templates: annals.Templates(), Static: annals.Static(), Minify: true, Version: "test", CheckTemplates: true}
	res, err := site.Check(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Diags.Err(); err != nil {
		t.Fatalf("content errors:\n%v", err)
	}
	produce, err := site.Produce(ctx, cfg, res)
	if err != nil {
		t.Fatal(err)
	}
	files, _, err := output.Collect(ctx, cfg.Static, output.Options{Minify: true}, produce)
	if err != nil {
		t.Fatal(err)
	}

	biggest, biggestPath := 0, ""
	for p, b := range files {
		if strings.HasSuffix(p, ".html") && len(b) > biggest {
			biggest, biggestPath = len(b), p
		}
	}
	t.Logf("%d files; largest page %s, %d bytes", len(files), biggestPath, biggest)
	if biggest > maxPage {
		t.Errorf("%s is %d bytes, more than %d", biggestPath, biggest, maxPage)
	}
	for _, p := range []string{"timeline/2025/01/index.html", "timeline/2025/01/page/2/index.html", "actors/jane-envoy/page/2/index.html", "articles/page/2/index.html", "events/meeting-0/page/2/index.html"} {
		if _, ok := files[p]; !ok {
			t.Errorf("no %s", p)
		}
	}
	// The minifier drops quotes around attribute values where it can.
	if b := string(files["actors/jane-envoy/page/2/index.html"]); !strings.Contains(b, `rel=prev`) || !strings.Contains(b, `rel=next`) {
		t.Error("actors/jane-envoy/page/2/ lacks rel=prev or rel=next links")
	}

	// Follow links from the home page, as a reader or a crawler would.
	href := regexp.MustCompile(`href="?(/sub/[^"#?\s>]*)`)
	seen := map[string]bool{"": true}
	queue := []string{""}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, m := range href.FindAllStringSubmatch(string(files[p+"index.html"]), -1) {
			q := strings.TrimPrefix(m[1], "/sub/")
			if !seen[q] && strings.HasSuffix(q, "/") {
				seen[q] = true
				queue = append(queue, q)
			}
		}
	}
	missing := 0
	for i := range n {
		if !seen[fmt.Sprintf("articles/a%04d/", i)] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d articles cannot be reached by links from the home page", missing, n)
	}
	for p := range files {
		if strings.HasSuffix(p, "index.html") && !seen[strings.TrimSuffix(p, "index.html")] {
			t.Errorf("page %s is not linked from anywhere reachable", p)
		}
	}
}
