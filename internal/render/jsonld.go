package render

import (
	"html/template"
	"strconv"
	"unicode/utf8"
)

// ldJSON is the JSON-LD of t, as encoding/json writes it, for a page's
// <script type="application/ld+json">. Every page has one; encoding/json
// found its two dozen optional fields through reflection each time.
func (v *view) ldJSON(t ldThing) template.JS {
	// Written into a buffer the pages share and copied out once, at its
	// size: an article's, grown from a small start, took four
	// allocations.
	b := v.ldBufs.get()
	*b = t.appendJSON(*b)
	js := template.JS(*b)
	v.ldBufs.put(b)
	return js
}

// appendJSON appends t as encoding/json marshals it: fields in order,
// empty ones left out but for @type.
func (t *ldThing) appendJSON(b []byte) []byte {
	f := jsonObject{b: append(b, '{')}
	f.str("@context", t.Context, true)
	f.str("@type", t.Type, false)
	f.str("@id", t.ID, true)
	f.str("name", t.Name, true)
	f.str("headline", t.Headline, true)
	f.str("description", t.Description, true)
	f.str("url", t.URL, true)
	f.str("datePublished", t.Date, true)
	f.str("startDate", t.StartDate, true)
	f.str("endDate", t.EndDate, true)
	f.str("eventStatus", t.Status, true)
	if t.Location != nil {
		f.key("location")
		p := jsonObject{b: append(f.b, '{')}
		p.str("@type", t.Location.Type, false)
		p.str("name", t.Location.Name, false)
		f.b = append(p.b, '}')
	}
	f.str("inLanguage", t.Language, true)
	if t.Publisher != nil {
		f.key("publisher")
		f.b = t.Publisher.appendJSON(f.b)
	}
	f.things("about", t.About)
	f.things("mentions", t.Mentions)
	if t.SuperEvent != nil {
		f.key("superEvent")
		f.b = t.SuperEvent.appendJSON(f.b)
	}
	f.things("subEvent", t.SubEvent)
	f.things("performer", t.Performer)
	f.str("sameAs", t.SameAs, true)
	f.strs("jobTitle", t.JobTitle)
	f.strs("alternateName", t.Alternate)
	if len(t.Items) > 0 {
		f.key("itemListElement")
		f.b = append(f.b, '[')
		for i, e := range t.Items {
			if i > 0 {
				f.b = append(f.b, ',')
			}
			o := jsonObject{b: append(f.b, '{')}
			o.str("@type", e.Type, false)
			o.key("position")
			o.b = strconv.AppendInt(o.b, int64(e.Position), 10)
			o.str("url", e.URL, false)
			o.str("name", e.Name, false)
			f.b = append(o.b, '}')
		}
		f.b = append(f.b, ']')
	}
	f.str("isBasedOn", t.IsBasedOn, true)
	return append(f.b, '}')
}

// jsonObject appends the members of a JSON object after its "{".
type jsonObject struct {
	b    []byte
	some bool
}

func (o *jsonObject) key(k string) {
	if o.some {
		o.b = append(o.b, ',')
	}
	o.some = true
	o.b = appendJSONString(o.b, k)
	o.b = append(o.b, ':')
}

func (o *jsonObject) str(k, v string, omitEmpty bool) {
	if v == "" && omitEmpty {
		return
	}
	o.key(k)
	o.b = appendJSONString(o.b, v)
}

func (o *jsonObject) strs(k string, vs []string) {
	if len(vs) == 0 {
		return
	}
	o.key(k)
	o.b = append(o.b, '[')
	for i, v := range vs {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = appendJSONString(o.b, v)
	}
	o.b = append(o.b, ']')
}

func (o *jsonObject) things(k string, ts []ldThing) {
	if len(ts) == 0 {
		return
	}
	o.key(k)
	o.b = append(o.b, '[')
	for i := range ts {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = ts[i].appendJSON(o.b)
	}
	o.b = append(o.b, ']')
}

// appendJSONString appends s quoted as encoding/json quotes it: with <, >
// and & escaped, so the text can sit in a <script> element, and invalid
// UTF-8 replaced.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		// U+2028 and U+2029 end lines in JavaScript.
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
