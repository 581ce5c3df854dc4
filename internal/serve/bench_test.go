package serve

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"runtime/pprof"
	"slices"
	"sort"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	annals "github.com/annals/annals"
)

// overlayFS is a site with some files replaced in memory, so a benchmark
// can edit an article without touching the repository.
type overlayFS struct {
	base  fs.FS
	mu    sync.RWMutex
	files fstest.MapFS
}

func (o *overlayFS) set(name string, b []byte) {
	o.mu.Lock()
	o.files[name] = &fstest.MapFile{Data: b, Mode: 0o644}
	o.mu.Unlock()
}

func (o *overlayFS) Open(name string) (fs.File, error) {
	o.mu.RLock()
	_, ok := o.files[name]
	o.mu.RUnlock()
	if ok {
		return o.files.Open(name)
	}
	return o.base.Open(name)
}

func (o *overlayFS) ReadFile(name string) ([]byte, error) {
	o.mu.RLock()
	f, ok := o.files[name]
	o.mu.RUnlock()
	if ok {
		return slices.Clone(f.Data), nil
	}
	return fs.ReadFile(o.base, name)
}

func (o *overlayFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(o.base, name) }

// BenchmarkRebuildOneArticle measures the time from an edited article to
// the reload notice: the rebuild and the comparison with the pages served
// before. It runs on the bundled site and, when ANNALS_BENCH_CORPUS names
// a generated site (bench/cmd/gencorpus), on that one too, with two kinds
// of edit: a sentence added at the end of the body, which changes only
// the article's own page, and one added at the start, which also changes
// the summary taken from the first paragraph when the editor wrote none,
// and so every listing that shows the article, and a changed title, which
// also resolves and indexes the site again. The watcher's debounce
// interval comes on top of these figures.
func BenchmarkRebuildOneArticle(b *testing.B) {
	edits := []struct {
		name string
		edit func([]byte) []byte
	}{
		{"end", func(src []byte) []byte { return append(slices.Clip(src), "\nEdited at the end.\n"...) }},
		{"start", func(src []byte) []byte {
			return bytes.Replace(src, []byte("\n---\n"), []byte("\n---\nEdited. "), 1)
		}},
		{"title", func(src []byte) []byte {
			return bytes.Replace(src, []byte("\ntitle: "), []byte("\ntitle: Edited "), 1)
		}},
	}
	for _, e := range edits {
		b.Run("bundled/"+e.name, func(b *testing.B) {
			benchRebuild(b, os.DirFS("../.."), "content/articles/kallas-crucial-week-army-size.md", e.edit)
		})
	}
	for _, e := range edits {
		b.Run("corpus/"+e.name, func(b *testing.B) {
			dir := os.Getenv("ANNALS_BENCH_CORPUS")
			if dir == "" {
				b.Skip("set ANNALS_BENCH_CORPUS to a site made by: go run ./bench/cmd/gencorpus -n 10000 -seed 1 -out DIR")
			}
			site := os.DirFS(dir)
			var first string
			fs.WalkDir(site, "content/articles", func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && first == "" && len(p) > 3 && p[len(p)-3:] == ".md" {
					first = p
				}
				return nil
			})
			if first == "" {
				b.Fatalf("%s has no articles", dir)
			}
			benchRebuild(b, site, first, e.edit)
		})
	}
}

func benchRebuild(b *testing.B, site fs.FS, article string, edit func([]byte) []byte) {
	orig, err := fs.ReadFile(site, article)
	if err != nil {
		b.Fatal(err)
	}
	// Two versions of the article, so that every edit changes the pages.
	edited := edit(orig)
	ofs := &overlayFS{base: site, files: fstest.MapFS{}}
	ctx := context.Background()
	srv, rep, err := New(ctx, Options{Site: ofs, Templates: annals.Templates(), Static: annals.Static(), Version: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		b.Skipf("the site has %d content errors, first: %v", len(rep.Errors), rep.Errors[0])
	}
	var last Report
	ch, stop := srv.Subscribe()
	defer stop()
	// ANNALS_BENCH_CPUPROFILE profiles the rebuilds alone, without the
	// first build, which would dwarf them.
	if f := os.Getenv("ANNALS_BENCH_CPUPROFILE"); f != "" {
		out, err := os.Create(f)
		if err != nil {
			b.Fatal(err)
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	var times []time.Duration
	var stages []Stages
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			ofs.set(article, edited)
		} else {
			ofs.set(article, orig)
		}
		// An editor saves seconds apart, not back to back: the
		// collection a rebuild starts (see collect) has ended by the
		// next edit. It is in ns/op, not in the medians.
		srv.collected.Wait()
		start := time.Now()
		rep, err := srv.Rebuild(ctx, []string{article})
		if err != nil {
			b.Fatal(err)
		}
		select {
		case <-ch:
		default:
			b.Fatalf("no reload notice after an edit: %s", rep)
		}
		if len(rep.Errors) > 0 {
			b.Fatalf("the edit made a content error: %v", rep.Errors[0])
		}
		times = append(times, time.Since(start))
		stages = append(stages, rep.Stages)
		if !rep.Incremental {
			b.Logf("edit %d rendered every page: %s", i, rep.Reason)
		}
		last = rep
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	median := func(f func(Stages) time.Duration) float64 {
		ds := make([]time.Duration, len(stages))
		for i, s := range stages {
			ds[i] = f(s)
		}
		slices.Sort(ds)
		return ms(ds[len(ds)/2])
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(ms(times[len(times)/2]), "ms-median")
	b.ReportMetric(median(func(s Stages) time.Duration { return s.Load }), "ms-load")
	b.ReportMetric(median(func(s Stages) time.Duration { return s.Resolve }), "ms-resolve")
	b.ReportMetric(median(func(s Stages) time.Duration { return s.Index }), "ms-index")
	b.ReportMetric(median(func(s Stages) time.Duration { return s.Render }), "ms-render")
	b.ReportMetric(float64(last.Pages), "files-rendered")
	b.ReportMetric(float64(last.Total), "files-served")
}
