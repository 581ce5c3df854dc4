package output

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// Page is one file of the built site. Path is slash-separated, relative to
// the output root, e.g. "actors/kaja-kallas/index.html", "feed.xml",
// "static/style.css". Emitting a Page hands Body over: the caller must not
// change it afterwards, because it is written later, by another goroutine.
type Page struct {
	Path string
	Body []byte
	// Compact marks a body already as small as minifying would make it
	// (JSON generated without spaces), so it is written as it is: for a
	// large site's timeline.json the minifier's copy was the largest single
	// allocation of a build.
	Compact bool
	// Write, when set instead of Body, writes the file as it is made, so
	// that a file of a hundred megabytes (timeline.json of a large site)
	// is never held whole. It is written as it is, as Compact.
	Write func(io.Writer) error
	// Done, when set, is called once Body is written to disk and no
	// longer needed: the producer may then reuse its memory. A run that
	// keeps Body (Collect) does not call it.
	Done func()
}

// Options tunes a run.
type Options struct {
	// Minify minifies every file whose extension implies HTML, CSS,
	// JavaScript, SVG, XML (.xml, .atom, .rss) or JSON; other files, such as
	// .ics, are written unchanged. Static files are minified too.
	Minify bool
	// Workers is the number of files written at once; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
}

// Stats describes the files of a finished run.
type Stats struct {
	// Files is the number of files in the output; a page that replaced a
	// static file counts once.
	Files int
	// Bytes is their total size, after minification.
	Bytes int64
	// Unchanged is how many of them were the previous output's files,
	// linked rather than written again because their bytes are the same
	// (Write only; files streamed or copied are always written).
	Unchanged int
}

// Produce emits every page of a build. Emit may be called from several
// goroutines at once; it returns an error when the page is invalid, the
// write failed or ctx was cancelled, and Produce should then stop and
// return that error.
type Produce func(emit func(Page) error) error

// sink is where a run's files end up: a directory on disk or a map.
type sink interface {
	// write stores body at name. Replace allows overwriting a static file
	// already stored there; without it an existing file is an error.
	write(name string, body []byte, replace bool) error
	// copy stores everything read from r at name and returns its size.
	copy(name string, r io.Reader) (int64, error)
	// keeps reports whether write holds on to the bodies it is given.
	keeps() bool
}

// run is the state of one build, shared by its workers.
type run struct {
	static fs.FS
	min    *Minifier // nil when not minifying
	sink   sink

	// staticSize holds the size of every static file stored. It is written
	// only while static files are copied and read only afterwards, when
	// pages are written, so the second phase needs no lock.
	staticMu   sync.Mutex
	staticSize map[string]int64

	files atomic.Int64
	bytes atomic.Int64
}

// build fills s with the static files, then with the produced pages.
// Static files go first and completely, so a page replacing one is
// deterministic instead of a race between two writers.
func build(ctx context.Context, static fs.FS, opts Options, produce Produce, s sink) (Stats, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	r := &run{static: static, sink: s, staticSize: map[string]int64{}}
	if opts.Minify {
		r.min = NewMinifier()
	}
	if err := ctx.Err(); err != nil {
		return Stats{}, err
	}
	if static != nil {
		p := newPool(ctx, workers, r.copyStatic)
		if err := p.wait(r.walkStatic(p)); err != nil {
			return Stats{}, err
		}
	}
	if produce != nil {
		var (
			mu   sync.Mutex
			seen = map[string]bool{}
		)
		p := newPool(ctx, workers, r.writePage)
		emit := func(pg Page) error {
			if err := checkPath(pg.Path); err != nil {
				p.fail(err)
				return err
			}
			mu.Lock()
			dup := seen[pg.Path]
			seen[pg.Path] = true
			mu.Unlock()
			if dup {
				err := fmt.Errorf("output: two pages at %s", pg.Path)
				p.fail(err)
				return err
			}
			return p.send(pg)
		}
		if err := p.wait(produce(emit)); err != nil {
			return Stats{}, err
		}
	}
	// A cancellation that arrived after the last write still fails the run:
	// the caller asked for it to stop, so it must not be published.
	if err := ctx.Err(); err != nil {
		return Stats{}, err
	}
	return Stats{Files: int(r.files.Load()), Bytes: r.bytes.Load()}, nil
}

// streamPage stores a page its Write makes as it goes.
func (r *run) streamPage(pg Page) error {
	if _, replace := r.staticSize[pg.Path]; replace {
		// Rare enough (a static file of the same name) to be held.
		var b bytes.Buffer
		if err := pg.Write(&b); err != nil {
			return err
		}
		return r.writePage(Page{Path: pg.Path, Body: b.Bytes(), Compact: true})
	}
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriterSize(pw, 256<<10)
		err := pg.Write(bw)
		if err == nil {
			err = bw.Flush()
		}
		pw.CloseWithError(err)
	}()
	n, err := r.sink.copy(pg.Path, pr)
	pr.CloseWithError(err) // stops the writer if the sink failed first
	if err != nil {
		return err
	}
	r.files.Add(1)
	r.bytes.Add(n)
	return nil
}

// walkStatic sends the path of every regular file of the static file system.
// Entries whose name starts with a dot (.DS_Store, .git) are skipped rather
// than rejected, as are symlinks, which fs.WalkDir reports without
// following, and devices, pipes and the like.
func (r *run) walkStatic(p *pool[string]) error {
	return fs.WalkDir(r.static, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("output: reading static files: %w", err)
		}
		if name == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		if err := checkPath(name); err != nil {
			return err
		}
		return p.send(name)
	})
}

// copyStatic stores one static file, minified when its type allows;
// anything else is streamed, so large images are never held in memory.
func (r *run) copyStatic(name string) error {
	var n int64
	if r.min != nil && mediaType(name) != "" {
		b, err := fs.ReadFile(r.static, name)
		if err != nil {
			return fmt.Errorf("output: reading static file: %w", err)
		}
		if b, err = r.min.Minify(name, b); err != nil {
			return err
		}
		if err := r.sink.write(name, b, false); err != nil {
			return err
		}
		n = int64(len(b))
	} else {
		f, err := r.static.Open(name)
		if err != nil {
			return fmt.Errorf("output: reading static file: %w", err)
		}
		n, err = r.sink.copy(name, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	r.staticMu.Lock()
	r.staticSize[name] = n
	r.staticMu.Unlock()
	r.files.Add(1)
	r.bytes.Add(n)
	return nil
}

// writePage stores one page, minified when asked.
func (r *run) writePage(pg Page) error {
	if pg.Write != nil {
		return r.streamPage(pg)
	}
	body := pg.Body
	if r.min != nil && !pg.Compact {
		var err error
		if body, err = r.min.Minify(pg.Path, body); err != nil {
			return err
		}
	}
	old, replace := r.staticSize[pg.Path]
	if err := r.sink.write(pg.Path, body, replace); err != nil {
		return err
	}
	if pg.Done != nil && !r.sink.keeps() {
		pg.Done()
	}
	if replace {
		r.bytes.Add(int64(len(body)) - old)
	} else {
		r.files.Add(1)
		r.bytes.Add(int64(len(body)))
	}
	return nil
}
