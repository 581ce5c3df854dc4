package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"

	"github.com/annals/annals/internal/model"
	"github.com/annals/annals/internal/site"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	src := fs.String("src", ".", "site folder (holding content/)")
	format := fs.String("format", "text", "output format: text, github (workflow commands for GitHub Actions) or json")
	strict := fs.Bool("strict", false, "fail on warnings too")
	drafts := fs.Bool("drafts", false, "check articles marked draft as if published")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	switch *format {
	case "text", "github", "json":
	default:
		fmt.Fprintf(stderr, "annals check: unknown format %q (text, github or json)\n", *format)
		return exitUsage
	}
	root, err := readSite(*src)
	if err != nil {
		fmt.Fprintf(stderr, "annals check: %v\n", err)
		return exitUsage
	}
	defer root.Close()
	cfg := config(root)
	cfg.Drafts = *drafts
	res, err := site.Check(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "annals check: %v\n", err)
		return exitUsage
	}
	d := res.Diags
	switch *format {
	case "text":
		report(stdout, d)
	case "github":
		reportGitHub(stdout, d, *src)
	case "json":
		if err := reportJSON(stdout, d); err != nil {
			fmt.Fprintf(stderr, "annals check: %v\n", err)
			return exitUsage
		}
	}
	nerr, nwarn := len(d.Errors), len(d.Warnings)
	if nerr > 0 || *strict && nwarn > 0 {
		fmt.Fprintf(stderr, "annals check: %s, %s\n", plural(nerr, "error"), plural(nwarn, "warning"))
		return exitContent
	}
	s := res.Site
	fmt.Fprintf(stderr, "annals check: ok: %s, %s, %s\n", plural(len(s.Articles), "article"), plural(len(s.Events), "event"), plural(nwarn, "warning"))
	return exitOK
}

// Diagnostic is one entry of "annals check -format json": an array of
// these, errors first, each sorted by path, line and column. Path is
// relative to the site folder, slash-separated; Line and Col are 1-based,
// 0 when unknown. Severity is "error" or "warning".
type Diagnostic struct {
	Severity string `json:"severity"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Message  string `json:"message"`
}

func reportJSON(w io.Writer, d model.Diagnostics) error {
	out := []Diagnostic{}
	add := func(sev string, es []*model.Error) {
		for _, e := range es {
			out = append(out, Diagnostic{Severity: sev, Path: e.Path, Line: e.Line, Col: e.Col, Message: e.Err.Error()})
		}
	}
	add("error", d.Errors)
	add("warning", d.Warnings)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// reportGitHub prints GitHub Actions workflow commands, which the runner
// turns into annotations on the lines of a pull request's files. Their
// file is relative to the repository root, where workflows run, so the
// site folder is put in front of the site-relative path.
func reportGitHub(w io.Writer, d model.Diagnostics, src string) {
	prefix := filepath.ToSlash(filepath.Clean(src))
	if filepath.IsAbs(src) || prefix == "." {
		prefix = ""
	}
	one := func(cmd string, e *model.Error) {
		msg := e.Err.Error()
		// Positions that name no file of the site (a flag, the content
		// folder itself) go in the message rather than an annotation's file.
		if e.Path == "" || strings.HasPrefix(e.Path, "-") || e.Line == 0 {
			where := e.Path
			if e.Path != "" && !strings.HasPrefix(e.Path, "-") && prefix != "" {
				where = path.Join(prefix, e.Path)
			}
			if where != "" {
				msg = where + ": " + msg
			}
			fmt.Fprintf(w, "::%s::%s\n", cmd, escapeData(msg))
			return
		}
		file := e.Path
		if prefix != "" {
			file = path.Join(prefix, file)
		}
		fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d::%s\n", cmd, escapeProperty(file), e.Line, max(e.Col, 1), escapeData(msg))
	}
	for _, e := range d.Errors {
		one("error", e)
	}
	for _, e := range d.Warnings {
		one("warning", e)
	}
}

// escapeData escapes a workflow command's message as the Actions runner
// unescapes it.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value, where ":"
// and "," also delimit.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
