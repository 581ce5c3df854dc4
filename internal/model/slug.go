package model

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slug folds a name the SPEC's way: Unicode NFKD, combining marks dropped,
// lower case, and every run of anything but a-z and 0-9 turned into one "-".
// "Yeni Şafak" and "yeni-safak" both give "yeni-safak".
//
// Latin letters that NFKD leaves whole (ł, ø, ß, æ …) are written with
// their usual ASCII spelling, so "Łukasz Żółć" gives "lukasz-zolc".
//
// A name with no Latin letter or digit at all (say, one written only in
// Cyrillic) would fold to nothing; it gets "u-" and a short hash of its
// NFC lower-case form instead, so it still has a stable, safe id.
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
		case translit[r] != "":
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteString(translit[r])
		default:
			dash = true
		}
	}
	if b.Len() > 0 {
		return capSlug(b.String())
	}
	if !strings.ContainsFunc(name, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	folded := strings.ToLower(norm.NFC.String(strings.TrimSpace(name)))
	if folded == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(folded))
	return "u-" + hex.EncodeToString(sum[:5])
}

// MaxSlug is the longest slug: a path element must stay well under the
// 255 bytes file systems allow, and a URL readable.
const MaxSlug = 80

// capSlug shortens a slug longer than MaxSlug at a dash and adds a short
// hash of the whole, so that two long names that share a beginning still
// get two slugs, and folding a capped slug again leaves it as it is.
func capSlug(s string) string {
	if len(s) <= MaxSlug {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	tag := hex.EncodeToString(sum[:4])
	cut := s[:MaxSlug-len(tag)-1]
	if i := strings.LastIndexByte(cut, '-'); i > MaxSlug/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, "-") + "-" + tag
}

// IsSlug reports whether s is already a slug: non-empty [a-z0-9-]+, at
// most MaxSlug bytes.
func IsSlug(s string) bool {
	if s == "" || len(s) > MaxSlug {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// translit spells the lower-case Latin letters that have no decomposition.
var translit = map[rune]string{
	'ß': "ss", 'ł': "l", 'ø': "o", 'đ': "d", 'ħ': "h", 'ı': "i", 'ŀ': "l",
	'æ': "ae", 'œ': "oe", 'þ': "th", 'ð': "d", 'ŧ': "t", 'ŋ': "ng", 'ĸ': "k",
}
