// Package fold folds names to slugs the way the SPEC describes, so the
// benchmark tools can guarantee distinct names never collide on one slug.
//
// It is a private copy rather than an import of the engine: the benchmark
// inputs must stay buildable while the engine is being rewritten.
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slug applies Unicode NFKD, drops combining marks, lower-cases, turns runs
// of anything but a-z0-9 into "-" and trims "-". A name with no Latin letter
// or digit folds to "".
func Slug(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	dash := false
	for _, r := range norm.NFKD.String(name) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == 'ß':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString("ss")
		default:
			dash = true
		}
	}
	return b.String()
}

// Truncate cuts a slug to at most n bytes at a "-" boundary when it can, so
// file names stay readable and short.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '-'); i > n/2 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}
