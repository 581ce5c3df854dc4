package model

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Pos is a place in a site file: its slash-separated path relative to the
// site root and a 1-based line and column (0 when unknown).
type Pos struct {
	Path string
	Line int
	Col  int
}

func (p Pos) String() string {
	line, col := max(p.Line, 1), max(p.Col, 1)
	return fmt.Sprintf("%s:%d:%d", p.Path, line, col)
}

// Error is a content error at a position in a site file.
type Error struct {
	Pos
	Err error
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an Error at p.
func Errorf(p Pos, format string, args ...any) *Error {
	return &Error{Pos: p, Err: fmt.Errorf(format, args...)}
}

// Severity tells errors, which fail a build, from warnings, which do not.
type Severity uint8

const (
	SevError Severity = iota
	SevWarning
)

// Diagnostics collects the content errors and warnings of a run, so that a
// build reports all of them at once rather than stopping at the first.
type Diagnostics struct {
	Errors   []*Error
	Warnings []*Error
}

// Add records an error.
func (d *Diagnostics) Add(e *Error) { d.Errors = append(d.Errors, e) }

// Errorf records an error at p.
func (d *Diagnostics) Errorf(p Pos, format string, args ...any) {
	d.Add(Errorf(p, format, args...))
}

// Warnf records a warning at p.
func (d *Diagnostics) Warnf(p Pos, format string, args ...any) {
	d.Warnings = append(d.Warnings, Errorf(p, format, args...))
}

// Merge appends the diagnostics of o.
func (d *Diagnostics) Merge(o Diagnostics) {
	d.Errors = append(d.Errors, o.Errors...)
	d.Warnings = append(d.Warnings, o.Warnings...)
}

// Sort orders errors and warnings by path, line, column and message and
// drops exact repeats, so output is the same whatever order work ran in.
func (d *Diagnostics) Sort() {
	d.Errors = sortErrors(d.Errors)
	d.Warnings = sortErrors(d.Warnings)
}

func sortErrors(es []*Error) []*Error {
	slices.SortFunc(es, func(a, b *Error) int {
		return cmp.Or(
			strings.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Err.Error(), b.Err.Error()),
		)
	})
	return slices.CompactFunc(es, func(a, b *Error) bool { return a.Error() == b.Error() })
}

// Err returns the errors joined as one error (a *ContentError), or nil.
func (d *Diagnostics) Err() error {
	if len(d.Errors) == 0 {
		return nil
	}
	d.Sort()
	return &ContentError{Errors: d.Errors}
}

// ContentError is the error of a run that found content errors; the command
// line turns it into exit status 1.
type ContentError struct{ Errors []*Error }

func (e *ContentError) Error() string {
	var b strings.Builder
	for i, x := range e.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(x.Error())
	}
	return b.String()
}

// Unwrap exposes the single errors to errors.Is and errors.As.
func (e *ContentError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, x := range e.Errors {
		out[i] = x
	}
	return out
}

// AsContentError reports whether err carries content errors.
func AsContentError(err error) (*ContentError, bool) {
	var ce *ContentError
	ok := errors.As(err, &ce)
	return ce, ok
}
