package load

import (
	"context"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"github.com/annals/annals/internal/model"
)

// TestReloadMatchesLoad checks that reloading the changed paths gives the
// documents and diagnostics a full load of the changed site gives, and
// that Reload refuses what it cannot follow.
func TestReloadMatchesLoad(t *testing.T) {
	ctx := context.Background()
	site := fstest.MapFS{
		"content/_index.md":          {Data: []byte("---\ntitle: T\n---\n")},
		"content/articles/a.md":      {Data: []byte("---\ntitle: A\n---\nbody")},
		"content/articles/b.md":      {Data: []byte("---\ntitle: B\n---\nbody")},
		"content/actors/x.md":        {Data: []byte("---\ntitle: X\n---\n")},
		"content/articles/sub/c.md":  {Data: []byte("---\ntitle: C\n---\n")},
		"content/notes/stray.md":     {Data: []byte("---\ntitle: S\n---\n")},
		"content/articles/broken.md": {Data: []byte("no front matter")},
	}
	prev, d := Load(ctx, site)
	fd := FileDiagnostics(d)

	site["content/articles/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A2\n---\nnew body")}
	delete(site, "content/articles/b.md")
	site["content/articles/new.md"] = &fstest.MapFile{Data: []byte("---\ntitle: N\n---\n")}
	site["content/articles/broken.md"] = &fstest.MapFile{Data: []byte("---\ntitle: fixed\n---\n")}
	site["content/notes/other.md"] = &fstest.MapFile{Data: []byte("---\ntitle: O\n---\n")}
	changed := []string{"content/articles/a.md", "content/articles/b.md", "content/articles/new.md", "content/articles/broken.md", "content/notes/other.md"}
	got, gotDiags, ok := Reload(ctx, site, prev, fd, changed)
	if !ok {
		t.Fatal("Reload refused plain edits")
	}
	want, wantDiags := Load(ctx, site)
	paths := func(r *Result) []string {
		var out []string
		for _, d := range r.Docs {
			out = append(out, d.Path)
		}
		return out
	}
	if !reflect.DeepEqual(paths(got), paths(want)) {
		t.Errorf("documents:\n got %v\nwant %v", paths(got), paths(want))
	}
	for i, d := range got.Docs {
		if !reflect.DeepEqual(d.Front, want.Docs[i].Front) || d.BodyLine != want.Docs[i].BodyLine {
			t.Errorf("%s differs from a full load", d.Path)
		}
	}
	if g, w := FileDiagnostics(merged(gotDiags)), FileDiagnostics(wantDiags); len(g) != len(w) {
		t.Errorf("diagnostics by file: got %d files, want %d", len(g), len(w))
	}

	for _, p := range []string{"content/_index.md", "content/articles/sub"} {
		if _, _, ok := Reload(ctx, site, want, FileDiagnostics(wantDiags), []string{p}); ok {
			t.Errorf("Reload accepted a change of %s", p)
		}
	}
	delete(site, "content/articles/sub/c.md")
	if _, _, ok := Reload(ctx, site, want, FileDiagnostics(wantDiags), []string{"content/articles/sub"}); ok {
		t.Error("Reload accepted a removed folder that held entries")
	}
	site["content/articles/newdir/d.md"] = &fstest.MapFile{Data: []byte("---\ntitle: D\n---\n"), ModTime: time.Now()}
	if _, _, ok := Reload(ctx, site, want, FileDiagnostics(wantDiags), []string{"content/articles/newdir"}); ok {
		t.Error("Reload accepted a new folder")
	}
}

func merged(fd map[string]model.Diagnostics) model.Diagnostics {
	var d model.Diagnostics
	for _, x := range fd {
		d.Merge(x)
	}
	return d
}
