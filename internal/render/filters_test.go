package render

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/annals/annals/internal/model"
)

// TestFiltersDeterministic gives a page more tied filter values than a
// facet shows: which ones it shows must not depend on map order.
func TestFiltersDeterministic(t *testing.T) {
	v := &view{}
	var tags []Tags
	for i := range facetCap + 20 {
		tags = append(tags, Tags{Topic: fmt.Sprintf("t%03d", i), Year: "2025"})
	}
	first := v.filters("items", tags)
	if first == nil || len(first.Facets) != 1 {
		t.Fatalf("facets = %+v", first)
	}
	opts := first.Facets[0].Options
	if len(opts) != facetCap || opts[0].Value != "t000" || opts[facetCap-1].Value != fmt.Sprintf("t%03d", facetCap-1) {
		t.Errorf("options %s … %s, want the first %d values", opts[0].Value, opts[len(opts)-1].Value, facetCap)
	}
	for range 20 {
		if again := v.filters("items", tags); !reflect.DeepEqual(again, first) {
			var got []string
			for _, o := range again.Facets[0].Options {
				got = append(got, o.Value)
			}
			t.Fatalf("a second run shows other options: %s", strings.Join(got, " "))
		}
	}
}

// articleTags skips the tagger for an article's own row; it must give what
// the tagger gives, duplicates and more ids than a row keeps included.
func TestArticleTagsAsTagger(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		a := &model.Article{}
		if rng.IntN(4) > 0 {
			a.Date = model.Date{Year: 1990 + rng.IntN(40), Prec: model.Year}
		}
		if rng.IntN(3) > 0 {
			a.Source = &model.Source{Entity: model.Entity{ID: fmt.Sprint("s", rng.IntN(5))}}
		}
		for range rng.IntN(20) {
			a.Actors = append(a.Actors, &model.Actor{Entity: model.Entity{ID: fmt.Sprint("a", rng.IntN(25))}})
		}
		for range rng.IntN(4) {
			a.Topics = append(a.Topics, &model.Topic{Entity: model.Entity{ID: fmt.Sprint("t", rng.IntN(6))}})
		}
		tg := newTagger()
		tg.article(a)
		if got, want := articleTags(a), tg.tags(); got != want {
			t.Fatalf("articleTags = %+v, the tagger gives %+v", got, want)
		}
	}
}

// FuzzCompareLower checks that the facet order compares as the lowered
// strings do, for any text, valid UTF-8 or not.
func FuzzCompareLower(f *testing.F) {
	for _, s := range [][2]string{{"Ångström", "ångström"}, {"ZOË", "zoe"}, {"a", "ab"}, {"İstanbul", "istanbul"}, {"\xff", "\uFFFD"}, {"", "x"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := compareLower(a, b), strings.Compare(strings.ToLower(a), strings.ToLower(b)); got != want {
			t.Errorf("compareLower(%q, %q) = %d, want %d", a, b, got, want)
		}
	})
}
