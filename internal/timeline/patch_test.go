package timeline

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/annals/annals/internal/model"
)

// TestPatchMatchesBuild edits one article of a generated site at a time —
// its title, date, actors, topics, events, source, cites, quotes and links,
// each within the site's entities — and checks that patching the index
// gives exactly what building it again gives.
func TestPatchMatchesBuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	s := &model.Site{}
	for i := range 6 {
		s.Actors = append(s.Actors, &model.Actor{Entity: model.Entity{Kind: model.KindActor, ID: fmt.Sprintf("actor-%d", i), Name: fmt.Sprint("Actor ", i)}})
		s.Topics = append(s.Topics, &model.Topic{Entity: model.Entity{Kind: model.KindTopic, ID: fmt.Sprintf("topic-%d", i), Name: fmt.Sprint("Topic ", i)}})
		s.Sources = append(s.Sources, &model.Source{Entity: model.Entity{Kind: model.KindSource, ID: fmt.Sprintf("source-%d", i), Name: fmt.Sprint("Source ", i)}})
	}
	dates := []string{"2024", "2024-03", "2024-03-02", "2024-03-02?", "2025-01-01", "2025-01", "2025-07-09~", "2025-12-31"}
	for i := range 8 {
		e := &model.Event{Entity: model.Entity{Kind: model.KindEvent, ID: fmt.Sprintf("event-%d", i), Name: fmt.Sprint("Event ", i)}, Date: date(t, dates[i])}
		if i%3 == 0 {
			e.Actors = []*model.Actor{s.Actors[i%6]}
			e.Topics = []*model.Topic{s.Topics[(i+1)%6]}
		}
		s.Events = append(s.Events, e)
	}
	slices.SortFunc(s.Events, model.CompareEvents)
	pick := func(n int) []int {
		var out []int
		for _, i := range rng.Perm(6)[:rng.IntN(n+1)] {
			out = append(out, i)
		}
		return out
	}
	random := func(path string) *model.Article {
		a := &model.Article{Path: path, Slug: path, Title: fmt.Sprint("Title ", rng.IntN(4)), Date: date(t, dates[rng.IntN(len(dates))])}
		a.Source = s.Sources[rng.IntN(6)]
		for _, i := range pick(3) {
			a.Actors = append(a.Actors, s.Actors[i])
		}
		for _, i := range pick(2) {
			a.Topics = append(a.Topics, s.Topics[i])
		}
		for _, i := range pick(2) {
			a.Cites = append(a.Cites, s.Sources[i])
		}
		for _, i := range rng.Perm(8)[:rng.IntN(3)] {
			a.Events = append(a.Events, s.Events[i])
		}
		for range rng.IntN(3) {
			q := &model.Quote{By: s.Actors[rng.IntN(6)], Text: "q"}
			if rng.IntN(2) == 0 {
				q.Said = date(t, dates[rng.IntN(len(dates))])
			}
			if rng.IntN(3) == 0 {
				q.Event = s.Events[rng.IntN(8)]
			}
			a.Quotes = append(a.Quotes, q)
		}
		for range rng.IntN(3) {
			a.Links = append(a.Links, model.EntityRef{Kind: model.KindTopic, ID: fmt.Sprintf("topic-%d", rng.IntN(7))})
		}
		return a
	}
	for i := range 60 {
		s.Articles = append(s.Articles, random(fmt.Sprintf("a-%02d", i)))
	}
	slices.SortFunc(s.Articles, model.CompareArticles)
	ix := Build(s)
	for step := range 200 {
		i := rng.IntN(len(s.Articles))
		old := s.Articles[i]
		cur := random(old.Path)
		if step%4 == 0 {
			// A title alone, as most edits.
			c := *old
			c.Title = fmt.Sprint("Edited ", step)
			cur = &c
		}
		ns := *s
		ns.Articles = slices.Clone(s.Articles)
		ns.Articles[i] = cur
		slices.SortFunc(ns.Articles, model.CompareArticles)
		got, want := Patch(ix, &ns, old, cur), Build(&ns)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d: patched index differs from a build", step)
		}
		if !reflect.DeepEqual(ix, Build(s)) {
			t.Fatalf("step %d: the patched index was changed", step)
		}
		s, ix = &ns, got
	}
}
