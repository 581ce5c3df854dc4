package render

import (
	"encoding/json"
	"testing"
)

// TestLDJSON holds the JSON-LD written by hand to encoding/json's for
// things with every field, none, and nested ones.
func TestLDJSON(t *testing.T) {
	ref := ldThing{Type: "Organization", Name: "Der Spiegel", URL: "https://example.org/sources/der-spiegel/"}
	v := &view{}
	for _, th := range []ldThing{
		{},
		{Type: "WebSite", Name: "Annals", URL: "https://example.org/"},
		{
			Context: schemaOrg, Type: "Event", ID: "#e", Name: `Talks "resume" <at> Geneva & Bern`, Headline: "h\u2028i\u2029j",
			Description: "tab\tnew\nline\r\b\f\x01\x7f\xff end", URL: "https://example.org/e/?a=1&b=2",
			Date: "2026-01-02", StartDate: "2026-01", EndDate: "2026", Status: "https://schema.org/EventScheduled",
			Location: &ldPlace{Type: "Place", Name: "Zoë's café"}, Language: "de",
			Publisher: &ref, About: []ldThing{ref, {Type: "DefinedTerm", Name: "Sanctions"}}, Mentions: []ldThing{ref},
			SuperEvent: &ldThing{Type: "Event", Name: "WEF"}, SubEvent: []ldThing{ref}, Performer: []ldThing{ref, ref},
			SameAs: "https://x/", JobTitle: []string{"Minister", `"High" Rep`}, Alternate: []string{"EU"},
			Items:     []ldListEnt{{Type: "ListItem", Position: 1, URL: "/a/", Name: "A"}, {Type: "ListItem", Position: 20, URL: "/b/", Name: "B"}},
			IsBasedOn: "https://example.org/original",
		},
		{Type: "ItemList", Location: &ldPlace{}, JobTitle: []string{""}, Items: []ldListEnt{{}}},
	} {
		want, err := json.Marshal(th)
		if err != nil {
			t.Fatal(err)
		}
		// One view for all, so each is written over the one before.
		if got := v.ldJSON(th); string(got) != string(want) {
			t.Errorf("\n got %s\nwant %s", got, want)
		}
	}
}

// FuzzJSONString holds appendJSONString to encoding/json for any text.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `"\<>&`, "\x00\x1f\x7f\b\f\n\r\t", "\u2028\u2029", "\xff\xfe", "Zoë 日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want)
		}
	})
}
