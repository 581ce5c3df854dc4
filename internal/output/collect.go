package output

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sync"
)

// Collect builds the site in memory for the live preview server, with the
// same validation, ordering and minification as Write. The result maps each
// slash-separated path to its bytes.
func Collect(ctx context.Context, static fs.FS, opts Options, produce Produce) (map[string][]byte, Stats, error) {
	m := &mapSink{files: map[string][]byte{}, dirs: map[string]bool{}}
	stats, err := build(ctx, static, opts, produce, m)
	if err != nil {
		return nil, Stats{}, err
	}
	return m.files, stats, nil
}

// mapSink stores files in memory. It tracks directories too, because a file
// and a directory cannot share a path on disk, and Collect must fail exactly
// where Write would.
type mapSink struct {
	mu    sync.Mutex
	files map[string][]byte
	dirs  map[string]bool
}

func (m *mapSink) write(name string, body []byte, replace bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.dirs[name] {
		return fmt.Errorf("output: %s is a directory", name)
	}
	if _, ok := m.files[name]; ok && !replace {
		return fmt.Errorf("output: %s exists", name)
	}
	for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
		if _, ok := m.files[dir]; ok {
			return fmt.Errorf("output: %s: %s is a file", name, dir)
		}
	}
	for dir := path.Dir(name); dir != "." && !m.dirs[dir]; dir = path.Dir(dir) {
		m.dirs[dir] = true
	}
	m.files[name] = body
	return nil
}

func (m *mapSink) keeps() bool { return true }

func (m *mapSink) copy(name string, r io.Reader) (int64, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return 0, fmt.Errorf("output: reading static file %s: %w", name, err)
	}
	return int64(len(b)), m.write(name, b, false)
}
