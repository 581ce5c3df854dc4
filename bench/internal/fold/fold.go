// Package fold gives the benchmark tools Annals' own name folding, so that
// the corpora they write never hold two names that Annals would take for
// one entity.
package fold

import (
	"strings"

	"github.com/annals/annals/internal/model"
)

// Slug folds a name exactly as Annals does.
func Slug(name string) string { return model.Slug(name) }

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
