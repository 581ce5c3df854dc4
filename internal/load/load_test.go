package load

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/annals/annals/internal/model"
)

func loadOne(t testing.TB, src string) (*Result, model.Diagnostics) {
	t.Helper()
	return Load(context.Background(), fstest.MapFS{"content/articles/a.md": {Data: []byte(src)}})
}

// TestBodyLine checks that body positions stay true to the file after the
// front matter is cut off, whatever precedes it.
func TestBodyLine(t *testing.T) {
	tests := []struct {
		name, src string
		want      int
	}{
		{"plain", "---\ntitle: A\n---\nbody", 4},
		{"blank lines first", "\n\n---\ntitle: A\n---\nbody", 6},
		{"bom", "\ufeff---\ntitle: A\n---\nbody", 4},
		{"crlf", "---\r\ntitle: A\r\n---\r\nbody", 4},
		{"empty front", "---\n---\nbody", 3},
		{"no body", "---\ntitle: A\n---", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, d := loadOne(t, tt.src)
			if len(d.Errors) > 0 {
				t.Fatal(d.Errors)
			}
			doc := res.Docs[0]
			if doc.BodyLine != tt.want {
				t.Errorf("BodyLine = %d, want %d", doc.BodyLine, tt.want)
			}
			if got := doc.Pos(1, 3); got.Line != tt.want || got.Col != 3 {
				t.Errorf("Pos(1,3) = %v", got)
			}
		})
	}
}

func TestFields(t *testing.T) {
	res, d := loadOne(t, `---
title: "Quoted: title"
date: 2025-08-22
source: Reuters
actors: Kaja Kallas
topics: [a, b]
events:
  - summit
  - {id: talks, title: Talks, date: "2025-11?", place: Miami}
quotes:
  - {by: Kallas, text: 'We said "this".', said: 2025-08, event: summit, lang: et}
draft: false
params: {desk: europe, n: 3}
---
`)
	if len(d.Errors) > 0 {
		t.Fatal(d.Errors)
	}
	f := res.Docs[0].Front.(*ArticleFront)
	if f.Title.Text != "Quoted: title" || f.Title.Pos.Line != 2 || f.Title.Pos.Col != 8 {
		t.Errorf("title = %+v", f.Title)
	}
	if f.Date.Text != "2025-08-22" {
		t.Errorf("date = %q: an unquoted date must arrive as written", f.Date.Text)
	}
	if len(f.Actors) != 1 || f.Actors[0].Text != "Kaja Kallas" {
		t.Errorf("a single actor must be a list of one: %+v", f.Actors)
	}
	if len(f.Events) != 2 || f.Events[1].Inline == nil || f.Events[1].Inline.Date.Text != "2025-11?" || f.Events[1].ID.Pos.Line != 9 {
		t.Errorf("events = %+v", f.Events)
	}
	if len(f.Quotes) != 1 || f.Quotes[0].Lang.Text != "et" || f.Quotes[0].Text.Text != `We said "this".` {
		t.Errorf("quotes = %+v", f.Quotes)
	}
	if f.Params["desk"] != "europe" {
		t.Errorf("params = %v", f.Params)
	}
}

func TestSkipped(t *testing.T) {
	res, d := Load(context.Background(), fstest.MapFS{
		"content/articles/.hidden.md":   {Data: []byte("garbage")},
		"content/articles/.git/x.md":    {Data: []byte("garbage")},
		"content/articles/notes.txt":    {Data: []byte("garbage")},
		"content/about.md":              {Data: []byte("---\ntitle: About\n---\n")},
		"content/articles/2025/a.md":    {Data: []byte("---\ntitle: A\n---\n")},
		"content/events/nested/deep.md": {Data: []byte("---\ntitle: E\n---\n")},
	})
	if len(d.Errors) > 0 {
		t.Fatal(d.Errors)
	}
	if len(res.Docs) != 2 {
		t.Errorf("loaded %d docs, want 2", len(res.Docs))
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0].Error(), "content/about.md") {
		t.Errorf("warnings = %v, want one for content/about.md", d.Warnings)
	}
}

func TestNoContent(t *testing.T) {
	_, d := Load(context.Background(), fstest.MapFS{"README.md": {Data: []byte("x")}})
	if len(d.Errors) != 1 || !strings.Contains(d.Errors[0].Error(), "no content folder") {
		t.Errorf("errors = %v", d.Errors)
	}
}

// FuzzLoad feeds arbitrary bytes as an article: Load must never panic,
// and every error it reports must point into the file.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\ndate: 2025\n---\nbody",
		"---\ntitle: A\n",
		"\ufeff---\nx: [\n---\n",
		"---\nsummary: |\n  a\n  ---\n  b\n---\n",
		"---\ntitle: A\ntitle: B\n---\n",
		"---\n- a\n---\n",
		"---\nevents: [{id: x, title: [1]}]\nquotes: [1, {by: [x]}]\n---\n",
		"---\nparams: &a {b: *a}\n---\n",
		"---\r\ntitle: A\r\n---\r\n",
		"---\na: !!binary aGk=\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_, d := Load(context.Background(), fstest.MapFS{"content/articles/a.md": {Data: src}})
		lines := strings.Count(string(src), "\n") + 2
		for _, e := range d.Errors {
			if e.Path != "content/articles/a.md" || e.Line < 0 || e.Line > lines {
				t.Fatalf("error outside the file: %v (file has %d lines)", e, lines)
			}
		}
	})
}

// intoFS reads files into the memory it is given, as sitefs.FS does, and
// counts the reads that fit in it.
type intoFS struct {
	fstest.MapFS
	fitted *atomic.Int64
}

func (f intoFS) ReadFileInto(name string, buf []byte) ([]byte, error) {
	b, err := f.MapFS.ReadFile(name)
	if err != nil || cap(buf) < len(b) {
		return b, err
	}
	f.fitted.Add(1)
	return append(buf[:0], b...), nil
}

// TestLoadIntoSharedMemory checks that what Load returns keeps nothing of
// the memory files are read into, which the next file overwrites, and
// that bodies read again into one buffer are each whole.
func TestLoadIntoSharedMemory(t *testing.T) {
	site := fstest.MapFS{}
	bodies := map[string]string{}
	for i := range 60 {
		p := fmt.Sprintf("content/articles/a%02d.md", i)
		// Longest first, so that every later file fits in the memory of
		// an earlier one.
		pad := strings.Repeat("x", 200-i)
		bodies[p] = fmt.Sprintf("Body %d %s\n", i, pad)
		site[p] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Title %d %s\nactors:\n  - Actor %d\nsummary: \"Quoted %d\"\n---\n%s", i, pad, i, i, bodies[p])}
	}
	want, wd := Load(context.Background(), site)
	fitted := new(atomic.Int64)
	got, gd := Load(context.Background(), intoFS{site, fitted})
	if len(wd.Errors) > 0 || len(gd.Errors) > 0 {
		t.Fatal(wd.Errors, gd.Errors)
	}
	if fitted.Load() == 0 {
		t.Fatal("no file was read into memory given")
	}
	for i, d := range got.Docs {
		if !reflect.DeepEqual(d.Front, want.Docs[i].Front) {
			t.Errorf("%s: front matter differs from a load into fresh memory", d.Path)
		}
		// Both loads reuse the memory of their front matter's nodes too.
		f := d.Front.(*ArticleFront)
		wantTitle, wantActor := fmt.Sprintf("Title %d %s", i, strings.Repeat("x", 200-i)), fmt.Sprintf("Actor %d", i)
		if f.Title.Text != wantTitle || len(f.Actors) != 1 || f.Actors[0].Text != wantActor {
			t.Errorf("%s: title %q, actors %v; want %q, [%s]", d.Path, f.Title.Text, f.Actors, wantTitle, wantActor)
		}
	}
	fitted.Store(0)
	buf := new([]byte)
	for _, d := range got.Docs {
		b, err := d.Body.ReadInto(buf)
		if err != nil || string(b) != bodies[d.Path] {
			t.Errorf("%s: body %q, %v; want %q", d.Path, b, err, bodies[d.Path])
		}
	}
	if fitted.Load() < int64(len(got.Docs))-1 {
		t.Errorf("%d of %d bodies read into the buffer", fitted.Load(), len(got.Docs))
	}
}
