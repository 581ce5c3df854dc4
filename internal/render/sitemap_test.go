package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"testing"
)

// TestSitemap checks the sitemap written directly against what
// encoding/xml makes of the same URLs, and its split past sitemapMax
// URLs into files that hold every URL once.
func TestSitemap(t *testing.T) {
	v := &view{urls: NewURLs("https://example.org/sub/")}
	run := func(jobs []job) map[string][]byte {
		out := map[string][]byte{}
		for _, j := range jobs {
			var b bytes.Buffer
			p, err := j(&b)
			if err != nil {
				t.Fatal(err)
			}
			out[p] = b.Bytes()
		}
		return out
	}
	type loc struct {
		Loc string `xml:"loc"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []loc    `xml:"url"`
	}
	small := []string{"https://example.org/sub/", "https://example.org/sub/a?b=1&c=<2>", "https://example.org/sub/ü'\"/", "https://example.org/sub/t\ta\x01b\x7f/"}
	want := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	// Whatever the order of the pages, the sitemap lists them sorted.
	for _, l := range slices.Sorted(slices.Values(small)) {
		want.URLs = append(want.URLs, loc{l})
	}
	enc := encodeIndented(t, want)
	slices.Reverse(small)
	if got := run(v.sitemapJobs(small))["sitemap.xml"]; !bytes.Equal(got, enc) {
		t.Errorf("sitemap.xml:\n got %s\nwant %s", got, enc)
	}

	var many []string
	for i := range sitemapMax + 2 {
		many = append(many, fmt.Sprintf("https://example.org/sub/articles/%d/", i))
	}
	files := run(v.sitemapJobs(many))
	slices.Sort(many)
	if len(files) != 3 {
		t.Fatalf("%d files, want sitemap.xml and two parts", len(files))
	}
	seen := 0
	for i := 1; i <= 2; i++ {
		var u urlset
		if err := xml.Unmarshal(files[fmt.Sprintf("sitemap-%d.xml", i)], &u); err != nil {
			t.Fatal(err)
		}
		for _, l := range u.URLs {
			if l.Loc != many[seen] {
				t.Fatalf("URL %d is %s, want %s", seen, l.Loc, many[seen])
			}
			seen++
		}
	}
	if seen != len(many) {
		t.Errorf("%d URLs in the parts, want %d", seen, len(many))
	}
	if !bytes.Contains(files["sitemap.xml"], []byte("<loc>https://example.org/sub/sitemap-2.xml</loc>")) {
		t.Errorf("sitemap.xml does not index its parts:\n%s", files["sitemap.xml"])
	}
}
