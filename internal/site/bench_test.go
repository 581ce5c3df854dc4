package site

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/annals/annals/internal/load"
	"github.com/annals/annals/internal/output"
	"github.com/annals/annals/internal/sitefs"
)

// benchSite is the site the stage benchmarks build: the corpus named by
// ANNALS_BENCH_CORPUS (e.g. one written by bench/cmd/gencorpus), else a
// small generated one, so the benchmarks run anywhere.
func benchSite(b *testing.B) fs.FS {
	b.Helper()
	if dir := os.Getenv("ANNALS_BENCH_CORPUS"); dir != "" {
		// As `annals build` reads a site, so the profile shows its system calls.
		site, err := sitefs.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { site.Close() })
		return site
	}
	site := fstest.MapFS{}
	actors := []string{"Kaja Kallas", "Zoë Ångström", "Boris Pistorius", "Rustem Umerov", "Steve Witkoff"}
	para := strings.Repeat("The talks went on late into the night, **officials** said, and *no* deal was reached. ", 12)
	for i := range 1000 {
		body := fmt.Sprintf("%s\n\nSee [[%s]].\n\n%s\n\n- one\n- two\n\n> a quote\n\n%s\n", para, actors[i%5], para, para)
		site[fmt.Sprintf("content/articles/%d/a-%04d.md", 2020+i%6, i)] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: Article %d\ndate: %d-%02d-%02d\nsource: Outlet %d\nactors: [%s, %s]\ntopics: [Topic %d]\nevents: [e-%d]\n---\n%s",
			i, 2020+i%6, 1+i%12, 1+i%28, i%40, actors[i%5], actors[(i+2)%5], i%30, i%50, body)}
	}
	for i := range 50 {
		site[fmt.Sprintf("content/events/e-%d.md", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ntitle: Event %d\ndate: %d-%02d\n---\n", i, 2020+i%6, 1+i%12)}
	}
	return site
}

// benchConfig builds benchSite as a test would, but without checking
// templates, which doubles the time pages take.
func benchConfig(b *testing.B) Config {
	cfg := testConfig(benchSite(b))
	cfg.CheckTemplates = false
	return cfg
}

func BenchmarkLoad(b *testing.B) {
	site := benchSite(b)
	for b.Loop() {
		if _, d := load.Load(context.Background(), site); len(d.Errors) > 0 {
			b.Fatal(d.Errors[0])
		}
	}
}

// BenchmarkCheck is load, resolve and index: what `annals check` does.
func BenchmarkCheck(b *testing.B) {
	cfg := benchConfig(b)
	for b.Loop() {
		res, err := Check(context.Background(), cfg)
		if err == nil {
			err = res.Diags.Err()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender renders every page and data file of a checked site,
// minified, without writing.
func BenchmarkRender(b *testing.B) {
	cfg := benchConfig(b)
	cfg.Minify = true
	res, err := Check(context.Background(), cfg)
	if err != nil || res.Diags.Err() != nil {
		b.Fatal(err, res.Diags.Err())
	}
	min := output.NewMinifier()
	for b.Loop() {
		produce, err := Produce(context.Background(), cfg, res)
		if err != nil {
			b.Fatal(err)
		}
		var n atomic.Int64
		err = produce(func(p output.Page) error {
			if p.Write != nil {
				var c counter
				err := p.Write(&c)
				n.Add(int64(c))
				return err
			}
			body := p.Body
			if !p.Compact {
				if body, err = min.Minify(p.Path, p.Body); err != nil {
					return err
				}
			}
			n.Add(int64(len(body)))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(n.Load())/1e6, "MB/op")
	}
}

// BenchmarkBuild is the whole build, written to disk into an empty
// folder as bench/run.sh times it.
func BenchmarkBuild(b *testing.B) {
	cfg := benchConfig(b)
	cfg.Minify = true
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(out); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := Build(context.Background(), cfg, out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuild builds again over the last output, where unchanged
// pages are kept rather than written.
func BenchmarkRebuild(b *testing.B) {
	cfg := benchConfig(b)
	cfg.Minify = true
	out := filepath.Join(b.TempDir(), "public")
	if _, err := Build(context.Background(), cfg, out); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Build(context.Background(), cfg, out); err != nil {
			b.Fatal(err)
		}
	}
}

// counter counts the bytes written to it.
type counter int

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}
