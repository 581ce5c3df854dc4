package markdown

import (
	"testing"

	"github.com/annals/annals/internal/model"
)

var wikilinkCases = []struct {
	inner string
	want  Wikilink
	err   error
}{
	{"Kaja Kallas", Wikilink{Name: "Kaja Kallas", Text: "Kaja Kallas"}, nil},
	{"  Kaja Kallas  ", Wikilink{Name: "Kaja Kallas", Text: "Kaja Kallas"}, nil},
	{"actors/Kaja Kallas", Wikilink{Kind: model.KindActor, Name: "Kaja Kallas", Text: "Kaja Kallas"}, nil},
	{"events/alaska-summit", Wikilink{Kind: model.KindEvent, Name: "alaska-summit", Text: "alaska-summit"}, nil},
	{"topics/ Sanctions ", Wikilink{Kind: model.KindTopic, Name: "Sanctions", Text: "Sanctions"}, nil},
	{"sources/Reuters|the agency", Wikilink{Kind: model.KindSource, Name: "Reuters", Text: "the agency"}, nil},
	{"Kaja Kallas|Kallas", Wikilink{Name: "Kaja Kallas", Text: "Kallas"}, nil},
	{"Kaja Kallas\\|Kallas", Wikilink{Name: "Kaja Kallas", Text: "Kallas"}, nil},
	{"Kaja Kallas | the High Representative ", Wikilink{Name: "Kaja Kallas", Text: "the High Representative"}, nil},
	{"a|b|c", Wikilink{Name: "a", Text: "b|c"}, nil},
	{"Name|", Wikilink{Name: "Name", Text: "Name"}, nil},
	{"AC/DC", Wikilink{Name: "AC/DC", Text: "AC/DC"}, nil},
	{"articles/x", Wikilink{Name: "articles/x", Text: "articles/x"}, nil},
	{"Actors/x", Wikilink{Name: "Actors/x", Text: "Actors/x"}, nil},
	{"actors/AC/DC", Wikilink{Kind: model.KindActor, Name: "AC/DC", Text: "AC/DC"}, nil},
	{"/x", Wikilink{Name: "/x", Text: "/x"}, nil},
	{"Ünïcödé|名前", Wikilink{Name: "Ünïcödé", Text: "名前"}, nil},
	{"", Wikilink{}, errEmptyWikilink},
	{"   ", Wikilink{}, errEmptyWikilink},
	{" |x", Wikilink{}, errEmptyWikilink},
	{"actors/", Wikilink{}, errEmptyWikilink},
	{"actors/ |x", Wikilink{}, errEmptyWikilink},
	{"a\nb", Wikilink{}, errWikilinkNewline},
	{"a\rb", Wikilink{}, errWikilinkNewline},
	{"a[b", Wikilink{}, errWikilinkBracket},
	{"a]b", Wikilink{}, errWikilinkBracket},
}

func TestParseWikilink(t *testing.T) {
	for _, tc := range wikilinkCases {
		t.Run(tc.inner, func(t *testing.T) {
			got, err := ParseWikilink(tc.inner)
			if err != tc.err || got != tc.want {
				t.Fatalf("ParseWikilink(%q) = %+v, %v; want %+v, %v", tc.inner, got, err, tc.want, tc.err)
			}
			if err == nil {
				if again, err := ParseWikilink(got.String()); err != nil || again != got {
					t.Errorf("ParseWikilink(%q) = %+v, %v; want %+v", got.String(), again, err, got)
				}
			}
		})
	}
}

func FuzzWikilink(f *testing.F) {
	for _, tc := range wikilinkCases {
		f.Add(tc.inner)
	}
	f.Add(`a\\|b`)
	f.Add(`a\ |b`)
	f.Fuzz(func(t *testing.T, inner string) {
		w, err := ParseWikilink(inner)
		if err != nil {
			if w != (Wikilink{}) {
				t.Fatalf("ParseWikilink(%q) = %+v with error %v", inner, w, err)
			}
			return
		}
		if w.Name == "" || w.Text == "" {
			t.Fatalf("ParseWikilink(%q) = %+v: empty name or text", inner, w)
		}
		if w.Kind != "" && kindWords(w.Kind) == kindWords("") {
			t.Fatalf("ParseWikilink(%q) = %+v: kind not an entity kind", inner, w)
		}
		again, err := ParseWikilink(w.String())
		if err != nil || again != w {
			t.Fatalf("round trip of %q: String() = %q parses to %+v, %v; want %+v", inner, w.String(), again, err, w)
		}
		// What ParseWikilink accepts, the inline parser finds in a body.
		if wikilinkEnd([]byte("[["+inner+"]]")) != len(inner)+2 {
			return // backticks stop the inline scanner, so code can win
		}
		res := New(Options{}).Render([]byte("[["+inner+"]]"), lookupAll)
		if len(res.Links) != 1 || len(res.Problems) != 0 {
			t.Fatalf("Render([[%s]]) links %v, problems %v; want one link", inner, res.Links, res.Problems)
		}
	})
}
