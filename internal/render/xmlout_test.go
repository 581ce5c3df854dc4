package render

import (
	"bytes"
	"encoding/xml"
	"reflect"
	"testing"
)

// TestXMLOut holds xmlOut to encoding/xml when indenting, and checks that
// its compact form reads the same.
func TestXMLOut(t *testing.T) {
	type link struct {
		Rel  string `xml:"rel,attr,omitempty"`
		Href string `xml:"href,attr"`
	}
	type content struct {
		Type string `xml:"type,attr"`
		Body string `xml:",cdata"`
	}
	type entry struct {
		Title   string   `xml:"title"`
		Link    link     `xml:"link"`
		Content *content `xml:"content"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		Entries []entry  `xml:"entry"`
	}
	want := feed{Title: `Talks "resume" & <end> at 'Zoë's'`, Entries: []entry{
		{Title: "tab\there\nnewline\x01ctl", Link: link{Rel: "alternate", Href: "https://example.org/a?b=1&c=2"}, Content: &content{Type: "html", Body: "<pre>  kept\n  as is ]]> twice ]]></pre>"}},
		{Title: "", Link: link{Href: "/ü/"}, Content: &content{Type: "html"}},
	}}
	write := func(compact bool) []byte {
		var b bytes.Buffer
		x := newXMLOut(&b, compact)
		x.start("feed", "xmlns", "http://www.w3.org/2005/Atom")
		x.text("title", want.Title)
		for _, e := range want.Entries {
			x.start("entry")
			x.text("title", e.Title)
			x.empty("link", "rel", e.Link.Rel, "href", e.Link.Href)
			x.cdata("content", e.Content.Body, "type", e.Content.Type)
			x.end("entry")
		}
		x.end("feed")
		x.close()
		return b.Bytes()
	}

	enc := encodeIndented(t, want)
	indented := write(false)
	if !bytes.Equal(indented, enc) {
		t.Errorf("indented:\n got %s\nwant %s", indented, enc)
	}

	// Compact, the document says the same with nothing between elements.
	compact := write(true)
	var got, read feed
	if err := xml.Unmarshal(compact, &got); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(indented, &read); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, read) || got.Entries[0].Content.Body != want.Entries[0].Content.Body {
		t.Errorf("compact reads as %+v, want %+v", got, read)
	}
	d := xml.NewDecoder(bytes.NewReader(compact))
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		if c, ok := tok.(xml.CharData); ok && len(c) > 0 && len(bytes.TrimSpace(c)) == 0 {
			t.Errorf("compact has white space between elements at byte %d", d.InputOffset())
		}
	}
	if bytes.Contains(compact, []byte("></link>")) {
		t.Errorf("compact has an empty element with an end tag: %s", compact)
	}
}

// encodeIndented is v as encoding/xml writes a document indented by one
// space a level, the form feeds and sitemaps take when not minified.
func encodeIndented(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(xml.Header)
	e := xml.NewEncoder(&b)
	e.Indent("", " ")
	if err := e.Encode(v); err != nil {
		t.Fatal(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}
