package load

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/annals/annals/internal/model"
)

// Sum identifies the file a body was loaded from by its size and CRC-32,
// so a cache can tell a file it has seen from one that changed without
// reading it again.
func (s Source) Sum() (size int, crc uint32) { return s.size, s.sum }

// Reload brings prev up to date after the files at changed (site-relative,
// slash-separated paths) were written, created or removed; every other
// document of prev is kept as it is, so a live preview reads one file
// instead of the whole site. fileDiags are the diagnostics of each
// document's file from the run that produced prev; Reload replaces those
// of the changed paths and returns the whole set.
//
// Reload reports ok false when it cannot be sure to give what Load would:
// _index.md changed (its limits apply to every file), a folder was created
// or removed, a path is a link or sits in a hidden folder. The caller then
// loads everything again.
func Reload(ctx context.Context, fsys fs.FS, prev *Result, fileDiags map[string]model.Diagnostics, changed []string) (res *Result, diags map[string]model.Diagnostics, ok bool) {
	if prev == nil {
		return nil, nil, false
	}
	limits := model.DefaultLimits
	if prev.Index != nil {
		limits = prev.Index.Front.(*IndexFront).Limits
	}
	diags = make(map[string]model.Diagnostics, len(fileDiags))
	for p, d := range fileDiags {
		diags[p] = d
	}
	docs := slices.Clone(prev.Docs)
	for _, p := range changed {
		if err := ctx.Err(); err != nil {
			return nil, nil, false
		}
		if !strings.HasPrefix(p, ContentDir+"/") {
			continue // not an entry; templates and static are not loaded here
		}
		if p == ContentDir+"/_index.md" {
			return nil, nil, false
		}
		for dir := path.Dir(p); dir != ContentDir; dir = path.Dir(dir) {
			if strings.HasPrefix(path.Base(dir), ".") {
				return nil, nil, false
			}
		}
		info, err := fs.Lstat(fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// Removed, or renamed away. A removed folder that held
			// entries or problems is left to a full load.
			if hasPrefix(docs, p+"/") {
				return nil, nil, false
			}
			for q := range diags {
				if strings.HasPrefix(q, p+"/") {
					return nil, nil, false
				}
			}
			docs = slices.DeleteFunc(docs, func(d *Doc) bool { return d.Path == p })
			delete(diags, p)
			continue
		case err != nil:
			return nil, nil, false
		case !info.Mode().IsRegular():
			// A new folder, a link or a device: only a walk knows what
			// Load would make of it.
			return nil, nil, false
		}
		name := path.Base(p)
		if !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		docs = slices.DeleteFunc(docs, func(d *Doc) bool { return d.Path == p })
		delete(diags, p)
		kind, isEntry := kindOf(p)
		if !isEntry {
			var d model.Diagnostics
			d.Warnf(model.Pos{Path: p}, "not an entry: entries go in content/articles/, events/, actors/, topics/ or sources/; file skipped")
			diags[p] = d
			continue
		}
		doc, d := newReader().load(fsys, p, kind, limits)
		if len(d.Errors)+len(d.Warnings) > 0 {
			diags[p] = d
		}
		if doc != nil {
			i, _ := slices.BinarySearchFunc(docs, p, func(d *Doc, p string) int { return strings.Compare(d.Path, p) })
			docs = slices.Insert(docs, i, doc)
		}
	}
	return &Result{Index: prev.Index, Docs: docs}, diags, true
}

func hasDoc(docs []*Doc, p string) bool {
	_, found := slices.BinarySearchFunc(docs, p, func(d *Doc, p string) int { return strings.Compare(d.Path, p) })
	return found
}

func hasPrefix(docs []*Doc, prefix string) bool {
	i, _ := slices.BinarySearchFunc(docs, prefix, func(d *Doc, p string) int { return strings.Compare(d.Path, p) })
	return i < len(docs) && strings.HasPrefix(docs[i].Path, prefix)
}

// FileDiagnostics splits the diagnostics of a Load by file, the form
// Reload keeps them in.
func FileDiagnostics(d model.Diagnostics) map[string]model.Diagnostics {
	out := map[string]model.Diagnostics{}
	for _, e := range d.Errors {
		x := out[e.Path]
		x.Errors = append(x.Errors, e)
		out[e.Path] = x
	}
	for _, e := range d.Warnings {
		x := out[e.Path]
		x.Warnings = append(x.Warnings, e)
		out[e.Path] = x
	}
	return out
}
