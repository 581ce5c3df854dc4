package htmlexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
)

// contentType is what html/template knows a value to be: plain text, or
// one of its types that mark content as safe in some context.
type contentType uint8

const (
	plain contentType = iota
	contentHTML
	contentHTMLAttr
	contentCSS
	contentJS
	contentJSStr
	contentURL
	contentSrcset
)

var (
	stringType   = reflect.TypeFor[string]()
	contentTypes = map[reflect.Type]contentType{
		reflect.TypeFor[template.HTML]():     contentHTML,
		reflect.TypeFor[template.HTMLAttr](): contentHTMLAttr,
		reflect.TypeFor[template.CSS]():      contentCSS,
		reflect.TypeFor[template.JS]():       contentJS,
		reflect.TypeFor[template.JSStr]():    contentJSStr,
		reflect.TypeFor[template.URL]():      contentURL,
		reflect.TypeFor[template.Srcset]():   contentSrcset,
	}
	stringerType = reflect.TypeFor[fmt.Stringer]()
	errorType    = reflect.TypeFor[error]()
)

// stringify is the text an escaper is given, as html/template makes it of
// one value; ok is false for values it would print through fmt in ways
// this package does not reproduce (structs, pointers, Stringers).
func stringify(v reflect.Value) (s string, t contentType, ok bool) {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", plain, false
	}
	typ := v.Type()
	if typ == stringType {
		return v.String(), plain, true
	}
	if t, ok := contentTypes[typ]; ok {
		return v.String(), t, true
	}
	if typ.Implements(stringerType) || typ.Implements(errorType) {
		return "", plain, false
	}
	switch v.Kind() {
	case reflect.String:
		return v.String(), plain, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), plain, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), plain, true
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), plain, true
	}
	return "", plain, false
}

// escaper turns the text of a value into what its context needs. It
// returns ok false for content it does not handle; html/template then
// runs the page.
type escaper func(s string, t contentType) (out string, ok bool)

// escapers are html/template's escaping functions, by the names its
// escaper writes into templates, that this package reproduces. Each
// gives the same output for the content types it accepts.
var escapers = map[string]escaper{
	"_html_template_htmlescaper": func(s string, t contentType) (string, bool) {
		if t == contentHTML {
			return s, true
		}
		return replaceHTML(s, &htmlSpecials), true
	},
	"_html_template_attrescaper": func(s string, t contentType) (string, bool) {
		if t == contentHTML {
			// html/template strips the tags of HTML put in an attribute.
			return "", false
		}
		return replaceHTML(s, &htmlSpecials), true
	},
	"_html_template_rcdataescaper": func(s string, t contentType) (string, bool) {
		if t == contentHTML {
			return replaceHTML(s, &htmlSpecialsButAmp), true
		}
		return replaceHTML(s, &htmlSpecials), true
	},
	"_html_template_urlfilter": func(s string, t contentType) (string, bool) {
		if t == contentURL || safeURL(s) {
			return s, true
		}
		return "#ZgotmplZ", true
	},
	"_html_template_urlnormalizer": func(s string, t contentType) (string, bool) {
		return processURL(s, true), true
	},
	"_html_template_urlescaper": func(s string, t contentType) (string, bool) {
		return processURL(s, t == contentURL), true
	},
	"_html_template_jsvalescaper": func(s string, t contentType) (string, bool) {
		return s, t == contentJS
	},
	"_html_template_cssvaluefilter": func(s string, t contentType) (string, bool) {
		return s, t == contentCSS || plainCSSValue(s)
	},
}

// plainCSSValue reports whether s is a CSS value such as "12.50%" or
// "#fff" that html/template's filter keeps as it is: letters, digits,
// spaces, '.', '%', '#', ',' and single hyphens, naming no expression()
// or -moz-binding.
func plainCSSValue(s string) bool {
	var id []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			id = append(id, c)
		case 'A' <= c && c <= 'Z':
			id = append(id, c+'a'-'A')
		case c == '-':
			if i > 0 && s[i-1] == '-' {
				return false
			}
			id = append(id, c)
		case c == '.' || c == '%' || c == '#' || c == ',' || c == ' ':
		default:
			return false
		}
	}
	return !bytes.Contains(id, []byte("expression")) && !bytes.Contains(id, []byte("mozbinding"))
}

// htmlSpecials are the bytes escaped in HTML text and quoted attribute
// values, with their replacements; htmlSpecialsButAmp leaves entities
// already in HTML content as they are.
var htmlSpecials, htmlSpecialsButAmp = func() (all, butAmp [128]string) {
	all = [128]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}
	butAmp = all
	butAmp['&'] = ""
	return all, butAmp
}()

// replaceHTML replaces the special bytes of s. They are all ASCII, so no
// byte of a multi-byte character is one of them.
func replaceHTML(s string, table *[128]string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 128 || table[c] == "" {
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteString(table[c])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

// safeURL reports whether s has no scheme, or one of http, https and
// mailto: other schemes (javascript:) are replaced in URL attributes.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// processURL percent-encodes the bytes of s that a URL cannot hold as
// they are; norm keeps reserved characters and existing escapes, for a
// value that is already a URL rather than a part of one.
func processURL(s string, norm bool) string {
	var b bytes.Buffer
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeeps(s, i, norm) {
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

const lowerHex = "0123456789abcdef"

func urlKeeps(s string, i int, norm bool) bool {
	switch c := s[i]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case c == '-' || c == '.' || c == '_' || c == '~':
		return true
	case strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
		return norm
	case c == '%':
		return norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
