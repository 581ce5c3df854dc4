package model

import (
	"iter"
	"slices"
	"testing"
)

func TestArticleRefs(t *testing.T) {
	ent := func(k Kind, id string) Entity { return Entity{Kind: k, ID: id} }
	kallas := &Actor{Entity: ent(KindActor, "kallas")}
	summit := &Event{Entity: ent(KindEvent, "summit")}
	a := &Article{
		Source: &Source{Entity: ent(KindSource, "bbc")},
		Actors: []*Actor{kallas},
		Topics: []*Topic{{Entity: ent(KindTopic, "peace")}},
		Cites:  []*Source{{Entity: ent(KindSource, "tass")}},
		Events: []*Event{summit},
		Quotes: []*Quote{{By: kallas, Event: summit}, {Text: "unattributed"}},
		Links:  []EntityRef{{KindTopic, "sanctions"}},
	}
	want := []EntityRef{{KindSource, "bbc"}, {KindActor, "kallas"}, {KindTopic, "peace"}, {KindSource, "tass"}, {KindEvent, "summit"}, {KindActor, "kallas"}, {KindEvent, "summit"}, {KindTopic, "sanctions"}}
	if got := slices.Collect(a.Refs()); !slices.Equal(got, want) {
		t.Errorf("Refs = %v\nwant %v", got, want)
	}
	stopsEarly(t, a.Refs(), len(want))
}

// stopsEarly checks that a consumer of seq that stops at any point, up to
// n, is not called again (a range over an iterator that goes on panics).
func stopsEarly[T any](t *testing.T, seq iter.Seq[T], n int) {
	t.Helper()
	for stop := 1; stop <= n; stop++ {
		got := 0
		for range seq {
			if got++; got == stop {
				break
			}
		}
		if got != stop {
			t.Errorf("stopped after %d, want %d", got, stop)
		}
	}
}

func TestEventNamed(t *testing.T) {
	e := &Event{
		Actors: []*Actor{{Entity: Entity{Kind: KindActor, ID: "kallas"}}, {Entity: Entity{Kind: KindActor, ID: "nato"}}},
		Topics: []*Topic{{Entity: Entity{Kind: KindTopic, ID: "peace"}}},
	}
	want := []EntityRef{{KindActor, "kallas"}, {KindActor, "nato"}, {KindTopic, "peace"}}
	if got := slices.Collect(e.Named()); !slices.Equal(got, want) {
		t.Errorf("Named = %v, want %v", got, want)
	}
	stopsEarly(t, e.Named(), len(want))
	if got := RefsOf(e.Actors); !slices.Equal(got, want[:2]) {
		t.Errorf("RefsOf = %v, want %v", got, want[:2])
	}
	if got := RefsOf([]*Topic(nil)); len(got) != 0 {
		t.Errorf("RefsOf(nil) = %v", got)
	}
}

func TestSiteEntities(t *testing.T) {
	s := &Site{
		Events:  []*Event{{Entity: Entity{Kind: KindEvent, ID: "e"}}},
		Actors:  []*Actor{{Entity: Entity{Kind: KindActor, ID: "a"}}, {Entity: Entity{Kind: KindActor, ID: "b"}}},
		Topics:  []*Topic{{Entity: Entity{Kind: KindTopic, ID: "t"}}},
		Sources: []*Source{{Entity: Entity{Kind: KindSource, ID: "s"}}},
	}
	var got []string
	for e := range s.Entities() {
		got = append(got, e.ID)
	}
	if want := []string{"e", "a", "b", "t", "s"}; !slices.Equal(got, want) {
		t.Errorf("Entities = %v, want %v", got, want)
	}
	stopsEarly(t, s.Entities(), 5)
}
