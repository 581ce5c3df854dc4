package render

import (
	"strings"
	"testing"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/timeline"
)

// TestGroupsOfManyPagesFirst checks that the timeline and the lists, the
// groups that make many pages each, are handed to the workers before the
// one-page groups: left for last, a large site's article list ran alone
// while the other workers were idle.
func TestGroupsOfManyPagesFirst(t *testing.T) {
	s := &model.Site{Settings: model.Settings{BaseURL: "https://example.org/"}}
	for i := range 3 {
		s.Articles = append(s.Articles, &model.Article{Slug: "a" + string(rune('0'+i)), Title: "A", Date: model.Date{Year: 2025, Month: 1, Day: 1, Prec: model.Day}})
	}
	s.Actors = []*model.Actor{{Entity: model.Entity{Kind: model.KindActor, ID: "x", Name: "X"}}}
	v := newView(timeline.Build(s), "test")
	for _, keyed := range []bool{false, true} {
		groups := v.keyedGroups(keyed)
		many := 0
		for i, g := range groups {
			if g.key == "timeline" || strings.HasPrefix(g.key, "list/") {
				if i != many {
					t.Errorf("keyed=%v: group %q at %d, after a group of one page", keyed, g.key, i)
				}
				many++
			}
		}
		if many != 6 {
			t.Errorf("keyed=%v: %d groups of many pages, want the timeline and 5 lists", keyed, many)
		}
	}
}
