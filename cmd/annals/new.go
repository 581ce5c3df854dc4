package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"time"

	"github.com/annals/annals/internal/scaffold"
)

// today is the date "annals new" writes; the clock is read here, in the
// command, and nowhere in the engine.
var today = func() string { return time.Now().Format("2006-01-02") }

func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", stderr)
	src := fs.String("src", ".", "site folder (holding content/)")
	date := fs.String("date", "", "date of the article or event, e.g. 2025-08-22 (default: today)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: annals new article|event|actor|topic|source \"Title\" [-src DIR] [-date YYYY-MM-DD]\n")
		fs.PrintDefaults()
	}
	pos, code, ok := parseInterleaved(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 2 {
		fs.Usage()
		return exitUsage
	}
	root, err := openSite(*src)
	if err != nil {
		fmt.Fprintf(stderr, "annals new: %v\n", err)
		return exitUsage
	}
	defer root.Close()
	d := *date
	if d == "" {
		d = today()
	}
	e, err := scaffold.New(scaffold.Options{Kind: pos[0], Title: pos[1], Date: d, YearFolders: yearFolders(root.FS())})
	if err != nil {
		fmt.Fprintf(stderr, "annals new: %v\n", err)
		return exitUsage
	}
	if err := root.MkdirAll(path.Dir(e.Path), 0o755); err != nil {
		fmt.Fprintf(stderr, "annals new: %v\n", err)
		return exitUsage
	}
	shown := filepath.Join(*src, filepath.FromSlash(e.Path))
	f, err := root.OpenFile(e.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		fmt.Fprintf(stderr, "annals new: %s exists; not overwritten\n", shown)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "annals new: %v\n", err)
		return exitUsage
	}
	_, err = f.Write(e.Text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "annals new: %v\n", err)
		return exitUsage
	}
	fmt.Fprintln(stdout, shown)
	return exitOK
}

// parseInterleaved parses flags given before, between or after the
// positional arguments, as in `annals new article "Title" -date 2025-08-22`;
// the flag package alone stops at the first positional one.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, exitOK, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

var yearRE = regexp.MustCompile(`^\d{4}$`)

// yearFolders reports whether the site files its articles in year folders
// (content/articles/2025/…); new articles then follow suit.
func yearFolders(site fs.FS) bool {
	entries, err := fs.ReadDir(site, "content/articles")
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.IsDir() && yearRE.MatchString(e.Name()) {
			return true
		}
	}
	return false
}
