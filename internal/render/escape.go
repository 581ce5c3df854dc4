package render

import (
	"strings"
)

// The few pieces of markup built in Go rather than by a template (chart
// bars and table rows, hundreds to a page) escape their values as
// html/template would in the same place, so that a page reads the same
// whichever builds it; TestEscapeLikeTemplates holds them to that.

// text escapes s for HTML text, as html/template's text context does.
func text(s string) string { return htmlReplacer.Replace(s) }

var htmlReplacer = strings.NewReplacer(
	"\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;",
)

// attrURL escapes a URL for a quoted href: bytes a URL may not hold as
// they are are percent-encoded (what is already encoded is kept), then
// the result is escaped for the attribute. Our URLs are relative paths
// or http(s), so html/template's filter of unsafe schemes has nothing to
// refuse in them.
func attrURL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("!#$&*+,/:;=?@[]-._~%", c) >= 0:
			b.WriteByte(c)
		default:
			const hex = "0123456789abcdef"
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return htmlReplacer.Replace(b.String())
}
