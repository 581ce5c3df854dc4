package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"runtime/debug"
	"strings"

	annals "github.com/annals/annals"
	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/site"
	"github.com/annals/annals/internal/sitefs"
)

// Exit statuses (SPEC: 0 success, 1 content errors, 2 usage or I/O errors).
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); a build
// from a checkout reports its module version instead.
var version = ""

func annalsVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

const usage = `Annals builds a static timeline site from annotated markdown.

Usage:
  annals build [-src DIR] [-out DIR] [-base-url URL] [-drafts] [-minify=true] [-quiet] [-v]
  annals serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts]
  annals check [-src DIR] [-format text|github|json] [-strict] [-drafts]
  annals new article|event|actor|topic|source "Title" [-src DIR] [-date YYYY-MM-DD]
  annals schema article|event|actor|topic|source|site
  annals version

Run "annals COMMAND -h" for a command's flags.
`

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "new":
		return runNew(ctx, rest, stdout, stderr)
	case "schema":
		return runSchema(ctx, rest, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "annals %s\n", annalsVersion())
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "annals: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

// newFlags makes a subcommand's flag set that reports to stderr.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("annals "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses flags; it returns an exit status and false when the command
// should stop (help asked for, or bad flags).
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		return exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage, false
	}
	return exitOK, true
}

// openSite opens the site folder so that nothing read from it can follow a
// link out of it.
func openSite(dir string) (*os.Root, error) {
	if err := siteFolder(dir); err != nil {
		return nil, err
	}
	return os.OpenRoot(dir)
}

func siteFolder(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	return nil
}

// readSite opens the site folder for a build or a check, which read every
// file: as openSite, for fewer system calls.
func readSite(dir string) (*sitefs.FS, error) {
	if err := siteFolder(dir); err != nil {
		return nil, err
	}
	return sitefs.Open(dir)
}

func config(fsys iofs.FS) site.Config {
	return site.Config{
		Site:      fsys,
		Templates: annals.Templates(),
		Static:    annals.Static(),
		Version:   annalsVersion(),
	}
}

// report prints content errors and warnings, each "path:line:col: message".
func report(w io.Writer, d model.Diagnostics) {
	for _, e := range d.Errors {
		fmt.Fprintln(w, e.Error())
	}
	for _, e := range d.Warnings {
		fmt.Fprintf(w, "%s: warning: %s\n", e.Pos, e.Err)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}
