package scaffold

import (
	"context"
	"testing"
	"testing/fstest"

	annals "github.com/annals/annals"
	"github.com/annals/annals/internal/site"
)

// TestEntriesPassCheck scaffolds every kind into one site and checks it,
// with drafts and without.
func TestEntriesPassCheck(t *testing.T) {
	fsys := fstest.MapFS{"content/_index.md": {Data: []byte("---\ntitle: T\n---\n")}}
	for _, k := range Kinds {
		e, err := New(Options{Kind: k, Title: "Ærø talks: day 2", Date: "2025-08-22", YearFolders: true})
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Path] = &fstest.MapFile{Data: e.Text}
	}
	if _, ok := fsys["content/articles/2025/aero-talks-day-2.md"]; !ok {
		t.Errorf("article not in its year folder: %v", fsys)
	}
	for _, drafts := range []bool{true, false} {
		res, err := site.Check(context.Background(), site.Config{Site: fsys, Templates: annals.Templates(), Static: annals.Static(), Drafts: drafts})
		if err != nil {
			t.Fatal(err)
		}
		if err := res.Diags.Err(); err != nil {
			t.Errorf("drafts=%v: %v", drafts, err)
		}
		if drafts && len(res.Site.Articles) != 1 {
			t.Errorf("the draft article was not checked")
		}
	}
}

func TestNewRefuses(t *testing.T) {
	for _, o := range []Options{
		{Kind: "poem", Title: "T", Date: "2025"},
		{Kind: "article", Title: " ", Date: "2025"},
		{Kind: "article", Title: "T", Date: "yesterday"},
	} {
		if _, err := New(o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}
