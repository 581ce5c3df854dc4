package timeline

import (
	"testing"
	"time"

	"github.com/annals/annals/internal/model"
)

func date(t *testing.T, s string) model.Date {
	t.Helper()
	d, err := model.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestMonthsGroupedOnce checks that dates of several precisions starting on
// 1 January, which interleave in timeline order, still give each month of
// a year one group, month-not-known first.
func TestMonthsGroupedOnce(t *testing.T) {
	s := &model.Site{}
	for i, d := range []string{"2019-01-01", "2019-01", "2019", "2019-01-02", "2019-03~", "2019?", "2020-01-01"} {
		s.Articles = append(s.Articles, &model.Article{Slug: string(rune('a' + i)), Title: d, Date: date(t, d)})
	}
	ix := Build(s)
	if len(ix.Years) != 2 {
		t.Fatalf("%d years, want 2", len(ix.Years))
	}
	y := ix.Years[0]
	var got []time.Month
	n := 0
	for _, m := range y.Months {
		got = append(got, m.Month)
		n += len(m.Entries)
	}
	want := []time.Month{0, time.January, time.March}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("months of 2019 = %v, want %v", got, want)
	}
	if n != 6 || y.Count != 6 {
		t.Errorf("2019 holds %d entries (count %d), want 6", n, y.Count)
	}
	if len(y.Months[1].Entries) != 3 {
		t.Errorf("January holds %d entries, want 3", len(y.Months[1].Entries))
	}
}

// TestMentionsInTimelineOrder checks that an entity lists what mentions
// it in timeline order, whichever way it is mentioned.
func TestMentionsInTimelineOrder(t *testing.T) {
	kallas := &model.Actor{Entity: model.Entity{Kind: model.KindActor, ID: "kallas", Name: "Kallas"}}
	reuters := &model.Source{Entity: model.Entity{Kind: model.KindSource, ID: "reuters", Name: "Reuters"}}
	a := &model.Article{Slug: "a", Date: date(t, "2025-08-22"), Actors: []*model.Actor{kallas}}
	b := &model.Article{Slug: "b", Date: date(t, "2025-08"), Cites: []*model.Source{reuters}, Quotes: []*model.Quote{{By: kallas, Text: "x"}}}
	c := &model.Article{Slug: "c", Date: date(t, "2025-09-01"), Links: []model.EntityRef{kallas.Ref()}, Source: reuters}
	s := &model.Site{Articles: []*model.Article{b, a, c}, Actors: []*model.Actor{kallas}, Sources: []*model.Source{reuters}}
	ix := Build(s)
	var got string
	for _, x := range ix.Mentions[kallas.Ref()] {
		got += x.Slug
	}
	if got != "bac" {
		t.Errorf("mentions of Kallas = %q, want bac", got)
	}
	if len(ix.QuotesBy[kallas]) != 1 || len(ix.Published[reuters]) != 1 || len(ix.Mentions[reuters.Ref()]) != 2 {
		t.Errorf("quotes %d, published %d, reuters mentions %d", len(ix.QuotesBy[kallas]), len(ix.Published[reuters]), len(ix.Mentions[reuters.Ref()]))
	}
}
