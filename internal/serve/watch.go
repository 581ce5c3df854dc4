package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// watched are the folders of a site whose changes trigger a rebuild.
var watched = []string{"content", "templates", "static"}

// maxDelay bounds how long a steady stream of changes can hold a rebuild
// back.
const maxDelay = 500 * time.Millisecond

// Watch rebuilds the site whenever its content, templates or static files
// change, until ctx is done. Bursts of changes (an editor's temporary file
// and rename, a checkout) are gathered for the debounce interval and
// rebuilt once.
func (s *Server) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watching %s: %w", s.opts.Dir, err)
	}
	defer w.Close()
	// The site folder itself is watched so that a content/, templates/ or
	// static/ folder created later is noticed.
	if err := w.Add(s.opts.Dir); err != nil {
		return fmt.Errorf("watching %s: %w", s.opts.Dir, err)
	}
	// dirs are the folders being watched, so that the removal of one is
	// told from that of a file the site does not read.
	dirs := map[string]bool{}
	for _, d := range watched {
		s.addTree(w, filepath.Join(s.opts.Dir, d), dirs, nil)
	}
	close(s.watching)

	pending := map[string]bool{}
	var (
		timer *time.Timer
		fire  <-chan time.Time
		first time.Time
	)
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			// An overflowing event queue loses changes: rebuild everything.
			fmt.Fprintf(s.log, "watch: %v\n", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				pending["content"] = true
			}
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			rel, ok := s.relevant(ev.Name)
			if !ok {
				continue
			}
			isDir := dirs[ev.Name]
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					// Files written into a new folder before its watch
					// was added are found by walking it.
					s.addTree(w, ev.Name, dirs, pending)
					isDir = true
				}
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				delete(dirs, ev.Name)
			}
			if !isDir && !read(rel) {
				continue
			}
			pending[rel] = true
			if first.IsZero() {
				first = time.Now()
			}
			wait := min(s.opts.Debounce, maxDelay-time.Since(first))
			if timer == nil {
				timer = time.NewTimer(wait)
			} else {
				timer.Reset(wait)
			}
			fire = timer.C
		case <-fire:
			fire, first = nil, time.Time{}
			changed := slices.Sorted(func(yield func(string) bool) {
				for p := range pending {
					if !yield(p) {
						return
					}
				}
			})
			clear(pending)
			rep, err := s.Rebuild(ctx, changed)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				fmt.Fprintf(s.log, "rebuild: %v\n", err)
				continue
			}
			s.logReport(rep)
		}
	}
}

// addTree watches dir and every folder below it. When pending is not nil,
// the files found are recorded as changed.
func (s *Server) addTree(w *fsnotify.Watcher, dir string, dirs, pending map[string]bool) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if err := w.Add(p); err != nil {
				fmt.Fprintf(s.log, "watch: %v\n", err)
			}
			dirs[p] = true
			return nil
		}
		if pending != nil {
			if rel, ok := s.relevant(p); ok && read(rel) {
				pending[rel] = true
			}
		}
		return nil
	})
}

// relevant turns an event's file name into a site-relative slash path and
// tells whether it can affect the site: it must be in a watched folder and
// not an editor's swap or backup file.
func (s *Server) relevant(name string) (string, bool) {
	rel, err := filepath.Rel(s.opts.Dir, name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(watched, top) {
		return "", false
	}
	base := filepath.Base(name)
	if strings.HasSuffix(base, "~") || strings.HasPrefix(base, ".#") || base == "4913" ||
		strings.HasSuffix(base, ".swp") || strings.HasSuffix(base, ".swx") {
		return "", false
	}
	return rel, true
}

// read reports whether the build reads a file at rel: entries are .md
// files and templates .html files; anything in static/ is published.
// Editors' temporary files (sed's sedXXXXXX, an editor's .tmp) are thus
// left out of rebuilds and reports.
func read(rel string) bool {
	top, rest, _ := strings.Cut(rel, "/")
	switch top {
	case "content":
		return strings.HasSuffix(rest, ".md")
	case "templates":
		return strings.HasSuffix(rest, ".html")
	}
	return true
}
