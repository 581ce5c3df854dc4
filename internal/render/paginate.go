package render

import "strconv"

// Page sizes keep every page of a very large site well under 200 KB before
// compression; the pagination test builds such a site and checks it.
const (
	// perPage is how many rows a paginated section of an entity page or a
	// month of the timeline shows.
	perPage = 100
	// listPerPage is how many items one page of a kind's index shows; with
	// their filter tags, 200 made index pages of a 100,000-article site
	// reach 300-420 KB.
	listPerPage = 100
	// yearSplit is the most entries a year page shows at once; a larger
	// year gets a page per month.
	yearSplit = 150
	// entryReports is how many reports a timeline entry lists; the event's
	// own page has them all.
	entryReports = 5
	// quoteCap is how many quotes an entity page shows; each quote is also
	// on its article's page.
	quoteCap = 100
	// facetCap bounds the options of one filter, and itemFacetCap the
	// values one item carries for it (its most frequent), so filters cannot
	// outweigh the page they filter.
	facetCap     = 60
	itemFacetCap = 16
)

// Pager links the pages of one paginated listing.
type Pager struct {
	Page  int
	Pages int
	Prev  *Link
	Next  *Link
	Links []PageLink
}

// PageLink is one numbered link of a pager; Gap marks elided numbers.
type PageLink struct {
	Link
	Current bool
	Gap     bool
}

// pager describes page n of pages of the listing at base; nil when there is
// only one page.
func (v *view) pager(base string, n, pages int) *Pager {
	if pages <= 1 {
		return nil
	}
	p := &Pager{Page: n, Pages: pages}
	at := func(i int) Link { return Link{v.urls.Rel(PagedPath(base, i)), strconv.Itoa(i)} }
	if n > 1 {
		l := at(n - 1)
		p.Prev = &l
	}
	if n < pages {
		l := at(n + 1)
		p.Next = &l
	}
	gap := false
	for i := 1; i <= pages; i++ {
		// The first, the last and a window around the current page; the
		// prev/next chain still reaches every page.
		if i == 1 || i == pages || (i >= n-3 && i <= n+3) {
			p.Links = append(p.Links, PageLink{Link: at(i), Current: i == n})
			gap = false
		} else if !gap {
			p.Links = append(p.Links, PageLink{Gap: true})
			gap = true
		}
	}
	return p
}

// chunks splits xs into pages of size; there is always at least one,
// possibly empty, so every listing has a first page.
func chunks[T any](xs []T, size int) [][]T {
	if len(xs) == 0 {
		return [][]T{nil}
	}
	var out [][]T
	for len(xs) > 0 {
		n := min(size, len(xs))
		out = append(out, xs[:n])
		xs = xs[n:]
	}
	return out
}
